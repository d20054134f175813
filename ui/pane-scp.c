/* pane-scp.c — the receiving side, in three tabs: Storage (listeners,
 * associations with their presentation contexts, a C-MOVE's
 * sub-association indented under its parent, objects received,
 * throughput, last stored file), Worklist (the entries the SCP serves,
 * each with its MPPS state; worklist-view.c) and Queries (the worklist
 * queries answered, Enter: why each entry matched or not;
 * worklist-queries.c). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../src/i18n.h"
#include "app.h"
#include "backend.h"
#include "colors.h"
#include "pane-common.h"
#include "text.h"
#include "worklist-queries.h"
#include "worklist-view.h"

enum { TAB_STORAGE, TAB_WORKLIST, TAB_QUERIES, TAB_COUNT };

static const char *const tab_names[TAB_COUNT] = {N_("Storage"), N_("Worklist"), N_("Queries")};

struct scp_pane {
	struct ui_pane base;
	int tab;
	struct ui_wl_view *view; /* over the settings' worklist folder */
	struct ui_list list;
	struct ui_wl_queries *queries;
	struct ui_list qlist;
	time_t looked;           /* when the view last looked at the folder */
	char doomed[1200];       /* the entry a delete asks about */
};

static void draw_worklist(struct scp_pane *sp, WINDOW *w, int y, int last, int iw);
static void draw_queries(struct scp_pane *sp, WINDOW *w, int y, int last, int iw);

/* "Storage [Worklist] Queries": the tabs, the shown one in brackets; when
 * that leaves the title less than room columns, "[Worklist] 2/3", or "2/3". */
static void
tab_line(const struct scp_pane *sp, char *out, size_t size, int room)
{
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; i < TAB_COUNT && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, i == sp->tab ? "%s[%s]" : "%s%s",
		                      i > 0 ? " " : "", _(tab_names[i]));
	if (ui_text_width(out) > room)
		snprintf(out, size, "[%s] %d/%d", _(tab_names[sp->tab]), sp->tab + 1, TAB_COUNT);
	if (ui_text_width(out) > room)
		snprintf(out, size, "%d/%d", sp->tab + 1, TAB_COUNT);
}

/* Where the SCP takes associations: its plain and TLS ports, or memory
 * (no network, --fake). */
static void
draw_ports(struct ui_pane *p, WINDOW *w, int y, int iw, const struct ui_listener *plain,
           const struct ui_listener *tls)
{
	bool mem = p->app->backend->in_memory;
	char line[1200];
	int x = 1;

	if (mem) {
		x += ui_draw_text(w, y, x, iw, 0, _("in memory, no port"));
	} else if (plain != NULL) {
		snprintf(line, sizeof line, _("%s plain"), plain->address);
		x += ui_draw_text(w, y, x, iw, 0, line);
	}
	if (tls == NULL) {
		ui_draw_text(w, y, x, iw - x + 1, ui_color(UI_ROLE_MUTED), _(" · TLS ○ off"));
		return;
	}
	const char *port = strrchr(tls->address, ':');
	if (mem)
		snprintf(line, sizeof line, "%s", _(" · TLS ● on"));
	else
		snprintf(line, sizeof line, _("%s%s TLS ● on"), plain != NULL ? " · " : "",
		         plain != NULL && port != NULL ? port : tls->address);
	ui_draw_text(w, y, x, iw - x + 1, ui_color(UI_ROLE_TLS), line);
}

static void
draw(struct ui_pane *p, WINDOW *w)
{
	struct scp_pane *sp = (struct scp_pane *)p;
	const struct ui_side_state *s = &p->app->model->scp;
	char title[256], line[1200], b1[32], b2[32], tabs[128];
	int iw = p->w - 2, y = 1, last = p->h - 2;
	const struct ui_listener *plain = NULL, *tls = NULL;

	werase(w);
	for (int i = 0; i < s->nlisten; i++) {
		if (s->listen[i].tls)
			tls = &s->listen[i];
		else
			plain = &s->listen[i];
	}
	if ((plain != NULL || tls != NULL) && p->app->backend->in_memory)
		snprintf(title, sizeof title, _("SCP  %s  ● in memory"),
		         (plain ? plain : tls)->ae_title);
	else if (plain != NULL || tls != NULL)
		snprintf(title, sizeof title, _("SCP  %s  ● listening"),
		         (plain ? plain : tls)->ae_title);
	else
		snprintf(title, sizeof title, "%s", _("SCP  ○ not listening"));
	ui_scenario_title(p->app, DCB_SIDE_SCP, title, sizeof title);
	tab_line(sp, tabs, sizeof tabs, p->w - ui_text_width(title) - 8);
	ui_draw_frame(w, p->focused, title, tabs);

	/* A short pane (80x24) gives the ports' line to the other tabs' rows. */
	if (sp->tab != TAB_STORAGE && p->h < 9) {
		(sp->tab == TAB_WORKLIST ? draw_worklist : draw_queries)(sp, w, y, last, iw);
		return;
	}
	/* Line 1: the ports. */
	draw_ports(p, w, y, iw, plain, tls);
	y++;
	if (sp->tab == TAB_WORKLIST) {
		draw_worklist(sp, w, y, last, iw);
		return;
	}
	if (sp->tab == TAB_QUERIES) {
		draw_queries(sp, w, y, last, iw);
		return;
	}
	/* Line 2: counters. */
	ui_fmt_bytes(b1, sizeof b1, s->bytes_done);
	ui_fmt_bytes(b2, sizeof b2, (uint64_t)s->rate.bytes_per_s);
	snprintf(
	    line, sizeof line,
	    P_("received %u object · %s · %s/s", "received %u objects · %s · %s/s", s->received),
	    s->received, b1, b2);
	ui_draw_text(w, y++, 1, iw, 0, line);
	if (y > last)
		return;
	/* Line 3: what the archive holds. */
	ui_model_archive_counts(p->app->model, line, sizeof line);
	ui_draw_text(w, y++, 1, iw, p->app->model->scp.archive_on ? 0 : ui_color(UI_ROLE_MUTED),
	             line);
	if (y > last)
		return;
	/* Line 4: last stored. */
	if (s->last_stored[0] != '\0') {
		char fit[1200];
		int lw = ui_draw_text(w, y, 1, iw, ui_color(UI_ROLE_MUTED), _("last "));
		ui_text_fit_left(fit, sizeof fit, s->last_stored, iw - lw);
		ui_draw_text(w, y, 1 + lw, iw - lw, 0, fit);
		y++;
	}
	/* Associations, most recent first, with their contexts; a C-MOVE's
	 * sub-association under the association that asked for the move. */
	struct ui_assoc_row rows[UI_MAX_ASSOC];
	int n = ui_model_assoc_rows(p->app->model, DCB_SIDE_SCP, rows, UI_MAX_ASSOC);
	for (int i = 0; i < n && y <= last; i++)
		y = ui_draw_assoc(w, y, last, iw, rows[i].a, rows[i].depth);
	if (s->last_error[0] != '\0' && y <= last) {
		snprintf(line, sizeof line, "✗ %s", s->last_error);
		ui_draw_text(w, y++, 1, iw, ui_color(UI_ROLE_ERROR), line);
	}
}

/* ---- the Worklist tab -------------------------------------------------------- */

/* "20261204" "0930" as "2026-12-04 09:30"; other values as they are. */
static void
when(char *out, size_t size, const struct ui_wl_fields *f)
{
	const char *d = f->date, *t = f->time;

	if (strlen(d) == 8 && strlen(t) >= 4)
		snprintf(out, size, "%.4s-%.2s-%.2s %.2s:%.2s", d, d + 4, d + 6, t, t + 2);
	else
		snprintf(out, size, "%s %s", d, t);
}

static attr_t
state_color(int mpps)
{
	switch (mpps) {
	case 0: /* DCB_MPPS_IN_PROGRESS */
		return ui_color(UI_ROLE_WARN);
	case 1: /* DCB_MPPS_COMPLETED */
		return ui_color(UI_ROLE_OK);
	case 2: /* DCB_MPPS_DISCONTINUED */
		return ui_color(UI_ROLE_ERROR);
	default:
		return ui_color(UI_ROLE_MUTED);
	}
}

/* One row in columns: patient, accession, modality and the MPPS state
 * always; start, station AE and procedure (in that order) while the
 * patient keeps 14 columns. */
static void
draw_row(WINDOW *w, int y, int iw, attr_t a, const struct ui_wl_row *r, bool header)
{
	/* in screen order: patient, accession, procedure, station, modality, start */
	static const int width[6] = {0, 10, 16, 8, 4, 16};
	static const int optional[3] = {5, 3, 2}; /* the order they are added in */
	bool shown[6] = {true, true, false, false, true, false};
	char start[40];
	const char *text[6];
	int state_w = 12, x = 1, used = width[1] + width[4] + state_w + 3;

	for (int k = 0; k < 3; k++)
		if (iw - used - width[optional[k]] - 1 >= 14) {
			shown[optional[k]] = true;
			used += width[optional[k]] + 1;
		}
	if (header) {
		text[0] = _("Patient");
		text[1] = _("Accession");
		text[2] = _("Procedure");
		text[3] = _("Station");
		text[4] = _("Mod");
		text[5] = _("Start");
	} else {
		when(start, sizeof start, &r->f);
		text[0] = r->f.patient;
		text[1] = r->f.accession;
		text[2] = r->f.procedure;
		text[3] = r->f.station;
		text[4] = r->f.modality;
		text[5] = start;
	}
	for (int c = 0; c < 6; c++) {
		int cw = c == 0 ? iw - used : width[c];
		if (!shown[c])
			continue;
		ui_draw_text(w, y, x, cw, a, text[c]);
		x += cw + 1;
	}
	if (header)
		ui_draw_text(w, y, x, state_w, a, _("MPPS"));
	else if (r->incomplete) /* the SCP refuses it, as wlmscpfs -efr */
		ui_draw_text(w, y, x, state_w, a ? a : ui_color(UI_ROLE_WARN), _("? incomplete"));
	else
		ui_draw_text(w, y, x, state_w, a ? a : state_color(r->mpps),
		             ui_wl_state_text(r->mpps));
}

static void
draw_worklist(struct scp_pane *sp, WINDOW *w, int y, int last, int iw)
{
	struct ui_pane *p = &sp->base;
	char line[1400], fit[1400];
	unsigned steps[3];

	if (sp->view == NULL)
		return;
	if (ui_wl_view_error(sp->view)[0] != '\0') {
		snprintf(line, sizeof line, "✗ %s", ui_wl_view_error(sp->view));
		ui_draw_text(w, y, 1, iw, ui_color(UI_ROLE_ERROR), line);
		return;
	}
	ui_wl_view_steps(sp->view, steps);
	size_t n = ui_wl_view_count(sp->view);
	snprintf(line, sizeof line,
	         P_("%zu entry · MPPS %u in progress, %u completed, %u discontinued · ",
	            "%zu entries · MPPS %u in progress, %u completed, %u discontinued · ", n),
	         n, steps[0], steps[1], steps[2]);
	int lw = ui_draw_text(w, y, 1, iw, 0, line);
	ui_text_fit_left(fit, sizeof fit, ui_wl_view_dir(sp->view), iw - lw);
	ui_draw_text(w, y++, 1 + lw, iw - lw, ui_color(UI_ROLE_MUTED), fit);
	if (y > last)
		return;
	draw_row(w, y++, iw, ui_color(UI_ROLE_HEADER), NULL, true);
	int rows = last - y + 1;
	sp->list.count = (int)n;
	ui_list_clamp(&sp->list, rows);
	for (int i = sp->list.top; i < (int)n && y <= last; i++, y++) {
		const struct ui_wl_row *r = ui_wl_view_row(sp->view, (size_t)i);
		attr_t a = p->focused && i == sp->list.cursor ? ui_color(UI_ROLE_CURSOR) : 0;
		if (!r->readable) {
			snprintf(line, sizeof line, _("✗ %s: not a worklist file, not served"),
			         r->file);
			ui_draw_text(w, y, 1, iw, a ? a : ui_color(UI_ROLE_ERROR), line);
			continue;
		}
		draw_row(w, y, iw, a, r, false);
	}
	if (n == 0 && y <= last)
		ui_draw_text(w, y, 1, iw, ui_color(UI_ROLE_MUTED),
		             _("no entries: put .wl files in this folder"));
}

/* ---- the Queries tab ----------------------------------------------------------- */

static void
draw_queries(struct scp_pane *sp, WINDOW *w, int y, int last, int iw)
{
	size_t n = ui_wl_queries_count(sp->queries);
	char line[700];

	if (n == 0) {
		ui_draw_text(w, y, 1, iw, ui_color(UI_ROLE_MUTED),
		             _("no worklist query answered yet (findscu -W, a modality)"));
		return;
	}
	sp->qlist.count = (int)n;
	ui_list_clamp(&sp->qlist, last - y + 1);
	for (int i = sp->qlist.top; i < (int)n && y <= last; i++, y++) {
		const struct ui_wl_query *q = ui_wl_queries_nth(sp->queries, (size_t)i);
		attr_t a = sp->base.focused && i == sp->qlist.cursor ? ui_color(UI_ROLE_CURSOR) : 0;
		snprintf(line, sizeof line, _("%s #%u  %s → %s  %u of %u match"), q->time, q->assoc,
		         q->from, q->called, q->matched, q->considered);
		ui_draw_text(w, y, 1, iw, a, line);
	}
}

/* Enter on a query: each entry, matched or the key that failed. */
static void
query_detail(struct scp_pane *sp)
{
	const struct ui_wl_query *q = ui_wl_queries_nth(sp->queries, (size_t)sp->qlist.cursor);
	struct ui_dialog *d;

	if (q == NULL)
		return;
	d = ui_dialog_text_new(sp->base.app, _("Worklist query"));
	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s #%u  %s", q->time, q->assoc, q->summary);
	ui_dialog_text_add(d, UI_ROLE_NORMAL, "%s", "");
	for (size_t i = 0; i < q->n_lines; i++) {
		const struct ui_wl_qline *l = &q->lines[i];
		if (l->match)
			ui_dialog_text_add(d, UI_ROLE_OK, _("✓ %s matches"), l->entry);
		else
			ui_dialog_text_add(d, UI_ROLE_WARN, _("✗ %s does not match: %s"), l->entry,
			                   l->why);
	}
	if (q->n_lines == 0)
		ui_dialog_text_add(d, UI_ROLE_MUTED, "%s", _("no entry was looked at"));
	ui_app_push_dialog(sp->base.app, d);
}

void
ui_scp_event(struct ui_pane *p, const struct dcb_event *ev)
{
	struct scp_pane *sp = (struct scp_pane *)p;

	if (ui_wl_queries_apply(sp->queries, ev))
		p->app->model->dirty |= UI_DIRTY_SCP;
}

/* ---- keys ------------------------------------------------------------------- */

static void
delete_entry(struct ui_app *app)
{
	struct scp_pane *sp = (struct scp_pane *)app->pane[UI_PANE_SCP];

	if (unlink(sp->doomed) != 0)
		ui_app_status(app, _("%s: cannot be deleted: %s"), sp->doomed, strerror(errno));
	else
		ui_app_status(app, _("Worklist entry %s deleted."), sp->doomed);
	ui_scp_worklist_changed(&sp->base);
}

/* a, c, d and Enter in the Worklist tab: the entry's form, or a delete. */
static unsigned
entry_key(struct scp_pane *sp, enum ui_action a)
{
	struct ui_app *app = sp->base.app;
	const struct ui_wl_row *r = ui_wl_view_row(sp->view, (size_t)sp->list.cursor);
	const char *dir = ui_wl_view_dir(sp->view);
	char q[1400];

	if (a == UI_ACT_ADD) {
		ui_app_push_dialog(app, ui_dialog_wl_entry_new(app, dir, NULL, NULL));
		return UI_R_HANDLED;
	}
	if (r == NULL)
		return UI_R_NONE;
	switch (a) {
	case UI_ACT_COPY:
	case UI_ACT_ENTER:
		if (!r->readable)
			break;
		ui_app_push_dialog(app, ui_dialog_wl_entry_new(app, dir, &r->f,
		                                               a == UI_ACT_ENTER ? r->path : NULL));
		return UI_R_HANDLED;
	case UI_ACT_DELETE:
		snprintf(sp->doomed, sizeof sp->doomed, "%s", r->path);
		snprintf(q, sizeof q, _("Delete the worklist entry %s? (y/n)"), r->file);
		ui_app_push_dialog(app, ui_dialog_confirm_new(app, q, delete_entry));
		return UI_R_HANDLED;
	default:
		break;
	}
	return UI_R_NONE;
}

static unsigned
handle_key(struct ui_pane *p, int key, enum ui_action a)
{
	struct scp_pane *sp = (struct scp_pane *)p;

	(void)key;
	if (a == UI_ACT_SIDE_TAB || (a == UI_ACT_BACK && sp->tab > 0)) {
		sp->tab = (sp->tab + (a == UI_ACT_BACK ? TAB_COUNT - 1 : 1)) % TAB_COUNT;
		return UI_R_HANDLED | UI_R_REDRAW;
	}
	if (sp->tab == TAB_QUERIES) {
		if (ui_list_move(&sp->qlist, a, p->h - (p->h < 9 ? 2 : 3)))
			return UI_R_HANDLED | UI_R_REDRAW;
		if (a == UI_ACT_ENTER) {
			query_detail(sp);
			return UI_R_HANDLED;
		}
		return UI_R_NONE;
	}
	if (sp->tab != TAB_WORKLIST || sp->view == NULL)
		return UI_R_NONE;
	if (ui_list_move(&sp->list, a, p->h - (p->h < 9 ? 4 : 5)))
		return UI_R_HANDLED | UI_R_REDRAW;
	return entry_key(sp, a);
}

void
ui_scp_worklist_changed(struct ui_pane *p)
{
	((struct scp_pane *)p)->looked = 0;
}

void
ui_scp_tick(struct ui_pane *p)
{
	struct scp_pane *sp = (struct scp_pane *)p;
	const struct ui_settings *cfg = &p->app->cfg;
	char root[UI_PATH_MAX];
	time_t now = time(NULL);

	/* a stat per file, once a second */
	if (sp->view != NULL && now == sp->looked)
		return;
	sp->looked = now;
	ui_settings_worklist_dir(cfg, root, sizeof root);
	if (sp->view == NULL || !ui_wl_view_is(sp->view, root, cfg->worklist_flat, cfg->scp_aet)) {
		ui_wl_view_free(sp->view);
		sp->view = ui_wl_view_new(root, cfg->worklist_flat, cfg->scp_aet);
		memset(&sp->list, 0, sizeof sp->list);
	}
	if (ui_wl_view_refresh(sp->view) != 0)
		p->app->model->dirty |= UI_DIRTY_SCP;
}

static void
scp_free(struct ui_pane *p)
{
	ui_wl_view_free(((struct scp_pane *)p)->view);
	ui_wl_queries_free(((struct scp_pane *)p)->queries);
	ui_pane_free_plain(p);
}

static const struct ui_pane_ops scp_ops = {
    .name = "scp",
    .draw = draw,
    .handle_key = handle_key,
    .resize = ui_pane_resize_plain,
    .free = scp_free,
};

struct ui_pane *
ui_pane_scp_new(struct ui_app *app)
{
	struct scp_pane *sp =
	    (struct scp_pane *)ui_pane_alloc(sizeof(struct scp_pane), &scp_ops, app, UI_DIRTY_SCP);

	sp->queries = ui_wl_queries_new();
	return &sp->base;
}
