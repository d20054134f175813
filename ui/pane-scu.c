/* pane-scu.c — the sending side: peer, queue, per-object and job
 * progress, throughput, and the status of each file sent. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/i18n.h"
#include "app.h"
#include "colors.h"
#include "pane-common.h"
#include "text.h"

/* A request's line, coloured by how it went. */
static void
draw_state(WINDOW *w, int y, int iw, enum ui_qr_state st, const char *line)
{
	ui_draw_text(w, y, 1, iw,
	             ui_color(st == UI_QR_FAILED ? UI_ROLE_ERROR : st == UI_QR_DONE ? UI_ROLE_OK : 0),
	             line);
}

/* The results of a query (qr-results.h) below the peer's line: what was
 * found, the retrieve under way, one row per answer with the cursor. */
static void
draw_results(struct ui_pane *p, WINDOW *w, int y)
{
	const struct ui_qr_results *r = &p->app->model->qr;
	int iw = p->w - 2, last = p->h - 2;
	char line[1200];

	ui_qr_find_text(r, line, sizeof line);
	ui_draw_text(w, y++, 1, iw, r->find == UI_QR_FAILED ? ui_color(UI_ROLE_ERROR) : 0, line);
	if (r->mpps != UI_QR_NONE && y <= last) {
		ui_qr_step_text(r, line, sizeof line);
		draw_state(w, y++, iw, r->mpps, line);
	}
	if (r->move != UI_QR_NONE && y <= last) {
		ui_qr_move_text(r, line, sizeof line);
		draw_state(w, y++, iw, r->move, line);
	}
	int rows = last - y + 1, top = r->cursor >= rows ? r->cursor - rows + 1 : 0;
	for (int i = top; i < (int)r->n && y <= last; i++) {
		ui_qr_row_text(r, i, line, sizeof line);
		ui_draw_text(w, y++, 1, iw, i == r->cursor && p->focused ? ui_color(UI_ROLE_CURSOR) : 0,
		             line);
	}
}

/* The SCU's last association, a line, and its sub-associations (a
 * C-MOVE's that came in to the SCU), a line each. */
static int
draw_last_assoc(const struct ui_model *m, WINDOW *w, int y, int last, int iw)
{
	struct ui_assoc_row rows[UI_MAX_ASSOC];
	int n = ui_model_assoc_rows(m, DCB_SIDE_SCU, rows, UI_MAX_ASSOC);

	for (int i = 0; i < n && y <= last && (i == 0 || rows[i].depth > 0); i++)
		y = ui_draw_assoc(w, y, y, iw, rows[i].a, rows[i].depth);
	return y;
}

static void
draw(struct ui_pane *p, WINDOW *w)
{
	struct ui_app *app = p->app;
	const struct ui_side_state *s = &app->model->scu;
	char title[512], peer[256], line[1200], b1[32];
	int iw = p->w - 2, y = 1, last = p->h - 2;

	werase(w);
	ui_app_peer(app, peer, sizeof peer);
	snprintf(title, sizeof title, "SCU  → %s  %s", app->cfg.scu_call,
	         s->busy                   ? _("● sending")
	         : app->model->qr.jobs > 0 ? _("● asking")
	                                   : _("○ idle"));
	ui_scenario_title(app, DCB_SIDE_SCU, title, sizeof title);
	ui_draw_frame(w, p->focused, title, NULL);

	ui_fmt_bytes(b1, sizeof b1, (uint64_t)s->rate.bytes_per_s);
	const char *at = strstr(peer, " @ ");
	snprintf(line, sizeof line, "%s %s · %s/s", at != NULL ? at + 3 : peer,
	         app->cfg.scu_tls ? "TLS" : _("plain"), b1);
	ui_draw_text(w, y++, 1, iw, app->cfg.scu_tls ? ui_color(UI_ROLE_TLS) : 0, line);
	if (app->model->qr.shown) {
		draw_results(p, w, y);
		return;
	}
	ui_model_scu_counts(app->model, line, sizeof line);
	ui_draw_text(w, y++, 1, iw, s->failed ? ui_color(UI_ROLE_ERROR) : 0, line);
	if (ui_model_commit_text(app->model, line, sizeof line) > 0 && y <= last) {
		const struct dcb_ev_commit *c = &s->commit;
		ui_draw_text(w, y++, 1, iw,
		             ui_color(!c->final                            ? UI_ROLE_NORMAL
		                      : c->why[0] == '\0' && c->failed == 0 ? UI_ROLE_OK
		                                                           : UI_ROLE_ERROR),
		             line);
	}
	if (s->busy && y <= last) {
		int nw = iw / 3;
		const char *cur = strrchr(s->current, '/');
		ui_draw_text(w, y, 1, nw, 0,
		             cur != NULL     ? cur + 1
		             : s->current[0] ? s->current
		                             : "…");
		ui_draw_progress(w, y++, 2 + nw, iw - nw - 1, s->cur_done, s->cur_total);
		if (y <= last) {
			ui_draw_text(w, y, 1, nw, 0, _("total"));
			ui_draw_progress(w, y++, 2 + nw, iw - nw - 1, s->job_done, s->job_total);
		}
	} else {
		y = draw_last_assoc(app->model, w, y, last, iw);
	}
	/* Files, newest first; the last row says how many are not shown. */
	unsigned n = s->nfiles < UI_MAX_FILES ? s->nfiles : UI_MAX_FILES;
	for (unsigned i = 0; i < n && y <= last; i++) {
		const struct ui_file_status *f = ui_model_scu_file(app->model, i);
		if (y == last && i + 1 < n) {
			unsigned more = s->nfiles - i; /* the ring keeps the newest */
			snprintf(line, sizeof line, P_("… %u more", "… %u more", more), more);
			ui_draw_text(w, y++, 1, iw, ui_color(UI_ROLE_MUTED), line);
			break;
		}
		const char *base = strrchr(f->path, '/');
		char name[256];
		ui_fmt_bytes(b1, sizeof b1, f->bytes);
		ui_text_pad(name, sizeof name, base ? base + 1 : f->path, iw / 3);
		snprintf(line, sizeof line, "%s %s %8s  0x%04x %.200s", f->ok ? "✓" : "✗", name, b1,
		         f->status, f->reason);
		ui_draw_text(w, y++, 1, iw, ui_color(f->ok ? UI_ROLE_OK : UI_ROLE_ERROR), line);
	}
	if (s->last_error[0] != '\0' && y <= last) {
		snprintf(line, sizeof line, "✗ %s", s->last_error);
		ui_draw_text(w, y++, 1, iw, ui_color(UI_ROLE_ERROR), line);
	}
	if (s->nfiles == 0 && !s->busy && y <= last)
		ui_draw_text(w, y++, 1, iw, ui_color(UI_ROLE_MUTED),
		             _("Space marks files in the browser, F5 sends them."));
}

/* Keys move in the results list; m and r retrieve the row. */
static unsigned
handle_key(struct ui_pane *p, int key, enum ui_action a)
{
	struct ui_qr_results *r = &p->app->model->qr;
	int page = p->h > 6 ? p->h - 6 : 1;
	int delta = a == UI_ACT_UP     ? -1
	            : a == UI_ACT_DOWN ? 1
	            : a == UI_ACT_PGUP ? -page
	            : a == UI_ACT_PGDN ? page
	            : a == UI_ACT_HOME ? -(int)UI_QR_ROWS_MAX
	            : a == UI_ACT_END  ? (int)UI_QR_ROWS_MAX
	                               : 0;

	(void)key;
	if (a == UI_ACT_STEP_BEGIN || a == UI_ACT_STEP_COMPLETE || a == UI_ACT_STEP_DISCONTINUE) {
		/* also after a send, for the step under way */
		ui_app_step(p->app, a == UI_ACT_STEP_BEGIN      ? UI_STEP_IN_PROGRESS
		                    : a == UI_ACT_STEP_COMPLETE ? UI_STEP_COMPLETED
		                                                : UI_STEP_DISCONTINUED);
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	}
	if (!r->shown)
		return UI_R_NONE;
	if (a == UI_ACT_MOVE_TO) {
		ui_app_qr_move_to(p->app);
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	}
	if (a == UI_ACT_MOVE || a == UI_ACT_GET) {
		ui_app_qr_retrieve(p->app, a == UI_ACT_GET ? NULL : p->app->cfg.scp_aet);
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	}
	if (delta == 0)
		return UI_R_NONE;
	return UI_R_HANDLED | (ui_qr_cursor(r, delta) ? UI_R_REDRAW : 0);
}

static const struct ui_pane_ops scu_ops = {
    .name = "scu",
    .draw = draw,
    .handle_key = handle_key,
    .resize = ui_pane_resize_plain,
    .free = ui_pane_free_plain,
};

struct ui_pane *
ui_pane_scu_new(struct ui_app *app)
{
	return ui_pane_alloc(sizeof(struct ui_pane), &scu_ops, app, UI_DIRTY_SCU);
}
