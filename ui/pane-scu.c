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
	         s->busy ? _("● sending") : _("○ idle"));
	ui_scenario_title(app, DCB_SIDE_SCU, title, sizeof title);
	ui_draw_frame(w, p->focused, title, NULL);

	ui_fmt_bytes(b1, sizeof b1, (uint64_t)s->rate.bytes_per_s);
	const char *at = strstr(peer, " @ ");
	snprintf(line, sizeof line, "%s %s · %s/s", at != NULL ? at + 3 : peer,
	         app->cfg.scu_tls ? "TLS" : _("plain"), b1);
	ui_draw_text(w, y++, 1, iw, app->cfg.scu_tls ? ui_color(UI_ROLE_TLS) : 0, line);
	ui_model_scu_counts(app->model, line, sizeof line);
	ui_draw_text(w, y++, 1, iw, s->failed ? ui_color(UI_ROLE_ERROR) : 0, line);
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
	} else if (s->assoc[0].id != 0 && y <= last && s->nassoc > 0) {
		y = ui_draw_assoc(w, y, y, iw, &s->assoc[0]);
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

static const struct ui_pane_ops scu_ops = {
    .name = "scu",
    .draw = draw,
    .handle_key = ui_pane_no_keys,
    .resize = ui_pane_resize_plain,
    .free = ui_pane_free_plain,
};

struct ui_pane *
ui_pane_scu_new(struct ui_app *app)
{
	return ui_pane_alloc(sizeof(struct ui_pane), &scu_ops, app, UI_DIRTY_SCU);
}
