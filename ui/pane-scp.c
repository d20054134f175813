/* pane-scp.c — the receiving side: listeners, associations with their
 * presentation contexts, objects received, throughput, last stored file. */
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
	const struct ui_side_state *s = &p->app->model->scp;
	char title[256], line[1200], b1[32], b2[32];
	int iw = p->w - 2, y = 1, last = p->h - 2;
	const struct ui_listener *plain = NULL, *tls = NULL;

	werase(w);
	for (int i = 0; i < s->nlisten; i++) {
		if (s->listen[i].tls)
			tls = &s->listen[i];
		else
			plain = &s->listen[i];
	}
	if (plain != NULL || tls != NULL)
		snprintf(title, sizeof title, _("SCP  %s  ● listening"),
		         (plain ? plain : tls)->ae_title);
	else
		snprintf(title, sizeof title, "%s", _("SCP  ○ not listening"));
	ui_scenario_title(p->app, DCB_SIDE_SCP, title, sizeof title);
	ui_draw_frame(w, p->focused, title, NULL);

	/* Line 1: the ports. */
	int x = 1;
	if (plain != NULL) {
		snprintf(line, sizeof line, _("%s plain"), plain->address);
		x += ui_draw_text(w, y, x, iw, 0, line);
	}
	if (tls != NULL) {
		const char *port = strrchr(tls->address, ':');
		snprintf(line, sizeof line, _("%s%s TLS ● on"), plain != NULL ? " · " : "",
		         plain != NULL && port != NULL ? port : tls->address);
		ui_draw_text(w, y, x, iw - x + 1, ui_color(UI_ROLE_TLS), line);
	} else {
		ui_draw_text(w, y, x, iw - x + 1, ui_color(UI_ROLE_MUTED), _(" · TLS ○ off"));
	}
	y++;
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
	/* Associations, most recent first, with their contexts. */
	for (int i = 0; i < s->nassoc && y <= last; i++) {
		const struct ui_assoc *a = &s->assoc[i];
		y = ui_draw_assoc(w, y, last, iw, a);
	}
	if (s->last_error[0] != '\0' && y <= last) {
		snprintf(line, sizeof line, "✗ %s", s->last_error);
		ui_draw_text(w, y++, 1, iw, ui_color(UI_ROLE_ERROR), line);
	}
}

static const struct ui_pane_ops scp_ops = {
    .name = "scp",
    .draw = draw,
    .handle_key = ui_pane_no_keys,
    .resize = ui_pane_resize_plain,
    .free = ui_pane_free_plain,
};

struct ui_pane *
ui_pane_scp_new(struct ui_app *app)
{
	return ui_pane_alloc(sizeof(struct ui_pane), &scp_ops, app, UI_DIRTY_SCP);
}
