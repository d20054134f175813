/* preview-view.c — the image preview over the whole screen: the same
 * worker and picture as the browser's preview, asked for at the size of
 * the terminal; window presets and frames work as in the browser.  Any
 * other key closes it and the dashboard is drawn again as it was.  Its keys
 * are the dashboard's (UI_SCOPE_MAIN), its footer built from them. */
#include "config.h"

#include <stdio.h>

#include "../src/i18n.h"
#include "app.h"
#include "colors.h"
#include "preview.h"

struct view_dialog {
	struct ui_dialog d;
	struct ui_preview *pv; /* borrowed from the browser */
	char path[4096];
	char title[300];
};

static const struct ui_footer_item footer[] = {
    {{UI_ACT_WINDOW_NEXT, UI_ACT_WINDOW_PREV}, N_("window")},
    {{UI_ACT_FRAME_PREV, UI_ACT_FRAME_NEXT}, N_("frame")},
    {{UI_ACT_NONE}, N_("other keys close")},
};

static void
view_draw(struct ui_dialog *d, WINDOW *w)
{
	struct view_dialog *v = (struct view_dialog *)d;
	char keys[256];
	int h, wd;

	getmaxyx(w, h, wd);
	werase(w);
	ui_key_footer(keys, sizeof keys, UI_SCOPE_MAIN, footer, sizeof footer / sizeof footer[0]);
	ui_draw_frame(w, true, v->title, keys);
	ui_preview_request(v->pv, v->path, wd - 2, h - 3);
	ui_preview_draw(v->pv, w, 1, 1, h - 2, wd - 2);
}

static unsigned
view_key(struct ui_dialog *d, int key, enum ui_action a)
{
	struct view_dialog *v = (struct view_dialog *)d;

	if (ui_preview_key(v->pv, a))
		return UI_R_HANDLED | UI_R_REDRAW;
	return UI_R_HANDLED | UI_R_CLOSE;
}

static const struct ui_dialog_ops view_ops = {
    .scope = UI_SCOPE_MAIN,
    .draw = view_draw,
    .handle_key = view_key,
    .free = ui_dialog_free_plain,
};

struct ui_dialog *
ui_preview_view_new(struct ui_app *app, struct ui_preview *pv, const char *path, const char *name)
{
	struct view_dialog *v =
	    (struct view_dialog *)ui_dialog_alloc(sizeof *v, &view_ops, app, LINES, COLS);

	v->pv = pv;
	snprintf(v->path, sizeof v->path, "%s", path);
	snprintf(v->title, sizeof v->title, "%s", name);
	return &v->d;
}
