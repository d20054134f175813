/* pane-findings.c — findings from files and from the wire, live; Enter
 * shows a finding's explanation. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "app.h"
#include "colors.h"
#include "detail.h"
#include "text.h"

struct findings {
	struct ui_pane pane;
	struct ui_list list;
	bool at_end; /* keep the newest in view */
};

static const char *
glyph(enum dcb_severity s)
{
	return s == DCB_SEV_ERROR ? "!" : s == DCB_SEV_WARNING ? "?" : "i";
}

static void
draw(struct ui_pane *p, WINDOW *w)
{
	struct findings *f = (struct findings *)p;
	const struct ui_model *m = p->app->model;
	char title[128], line[1024];
	int rows = p->h - 2, iw = p->w - 2;
	unsigned n = ui_model_findings_count(m);

	werase(w);
	if (p->app->layout.tabs)
		snprintf(title, sizeof title, _("Images F4  ·  [Findings (%u)]"), m->nfindings);
	else
		snprintf(title, sizeof title, _("Findings (%u)"), m->nfindings);
	snprintf(line, sizeof line, P_("%u error", "%u errors", m->findings_errors),
	         m->findings_errors);
	snprintf(line + strlen(line), sizeof line - strlen(line), " · ");
	snprintf(line + strlen(line), sizeof line - strlen(line),
	         P_("%u warning", "%u warnings", m->findings_warnings), m->findings_warnings);
	ui_draw_frame(w, p->focused, title, m->nfindings ? line : NULL);
	f->list.count = (int)n;
	if (f->at_end)
		f->list.cursor = (int)n - 1;
	ui_list_clamp(&f->list, rows);
	if (n == 0) {
		ui_draw_text(w, 1, 1, iw, ui_color(UI_ROLE_MUTED), _("(no findings yet)"));
		return;
	}
	for (int r = 0; r < rows && f->list.top + r < (int)n; r++) {
		int i = f->list.top + r;
		const struct ui_finding_entry *e = ui_model_finding(m, (unsigned)i);
		const char *src = e->from_file ? strrchr(e->source, '/') : NULL;
		src = src ? src + 1
		          : (e->from_file ? e->source : (e->side == DCB_SIDE_SCP ? "SCP" : "SCU"));
		snprintf(line, sizeof line, "%s %s %s %s %s", glyph(e->f.severity), e->f.code, src,
		         e->f.where, e->f.message);
		attr_t a = ui_color(e->f.severity == DCB_SEV_ERROR     ? UI_ROLE_ERROR
		                    : e->f.severity == DCB_SEV_WARNING ? UI_ROLE_WARN
		                                                       : UI_ROLE_NORMAL);
		if (p->focused && i == f->list.cursor)
			a = ui_color(UI_ROLE_CURSOR);
		char padded[1200];
		ui_text_pad(padded, sizeof padded, line, iw);
		ui_draw_text(w, 1 + r, 1, iw, a, padded);
	}
}

static unsigned
handle_key(struct ui_pane *p, int key, enum ui_action a)
{
	struct findings *f = (struct findings *)p;
	const struct ui_model *m = p->app->model;

	if (ui_list_move(&f->list, a, p->h - 2)) {
		f->at_end = f->list.cursor == f->list.count - 1;
		return UI_R_HANDLED | UI_R_REDRAW;
	}
	if (a == UI_ACT_ENTER || a == UI_ACT_DETAIL) {
		const struct ui_finding_entry *e = ui_model_finding(m, (unsigned)f->list.cursor);
		if (e != NULL)
			ui_app_push_dialog(p->app, ui_detail_finding_new(p->app, e));
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	}
	return UI_R_NONE;
}

static void
resize(struct ui_pane *p, int h, int w)
{
	p->h = h;
	p->w = w;
}

static void
pane_free(struct ui_pane *p)
{
	free(p);
}

static const struct ui_pane_ops findings_ops = {
    .name = "findings",
    .draw = draw,
    .handle_key = handle_key,
    .resize = resize,
    .free = pane_free,
};

struct ui_pane *
ui_pane_findings_new(struct ui_app *app)
{
	struct findings *f = calloc(1, sizeof *f);

	if (f == NULL)
		abort();
	f->pane.ops = &findings_ops;
	f->pane.app = app;
	f->pane.model_bits = UI_DIRTY_FINDINGS;
	f->at_end = true;
	return &f->pane;
}
