/* dialog-prompt.c — one line of input; its keys and footer come from the
 * key table (UI_SCOPE_PROMPT). */
#include "config.h"

#include <stdio.h>

#include "../src/i18n.h"
#include "app.h"
#include "colors.h"
#include "text.h"

struct prompt {
	struct ui_dialog d;
	char title[128];
	char text[UI_PATH_MAX];
	void (*fn)(struct ui_app *app, const char *text, void *user);
	void *user;
};

static const struct ui_footer_item footer[] = {
    {{UI_ACT_OK}, N_("OK")},
    {{UI_ACT_CLEAR}, N_("clear")},
    {{UI_ACT_CANCEL}, N_("cancel")},
};

static void
prompt_draw(struct ui_dialog *d, WINDOW *w)
{
	struct prompt *p = (struct prompt *)d;
	char buf[UI_PATH_MAX + 4], fit[UI_PATH_MAX + 4];
	int h, wd;

	getmaxyx(w, h, wd);
	(void)h;
	werase(w);
	wbkgd(w, ui_color(UI_ROLE_DIALOG));
	ui_draw_frame(w, true, p->title, NULL);
	snprintf(buf, sizeof buf, "%s_", p->text);
	ui_text_fit_left(fit, sizeof fit, buf, wd - 4);
	ui_text_pad(buf, sizeof buf, fit, wd - 4);
	ui_draw_text(w, 1, 2, wd - 4, ui_color(UI_ROLE_CURSOR), buf);
	ui_key_footer(buf, sizeof buf, UI_SCOPE_PROMPT, footer, sizeof footer / sizeof footer[0]);
	ui_draw_text(w, 2, 2, wd - 4, ui_color(UI_ROLE_BORDER_FOCUS), buf);
}

static unsigned
prompt_key(struct ui_dialog *d, int key, enum ui_action a)
{
	struct prompt *p = (struct prompt *)d;

	switch (a) {
	case UI_ACT_CANCEL:
		return UI_R_CLOSE | UI_R_HANDLED;
	case UI_ACT_OK:
		p->fn(d->app, p->text, p->user);
		return UI_R_CLOSE | UI_R_HANDLED | UI_R_REDRAW_ALL;
	case UI_ACT_CLEAR:
		p->text[0] = '\0';
		break;
	case UI_ACT_ERASE:
		ui_text_erase(p->text);
		break;
	default:
		ui_text_type(p->text, sizeof p->text, key);
		break;
	}
	return UI_R_HANDLED | UI_R_REDRAW;
}

static const struct ui_dialog_ops prompt_ops = {
    .scope = UI_SCOPE_PROMPT,
    .draw = prompt_draw,
    .handle_key = prompt_key,
    .free = ui_dialog_free_plain,
};

struct ui_dialog *
ui_dialog_prompt_new(struct ui_app *app, const char *title, const char *initial,
                     void (*fn)(struct ui_app *app, const char *text, void *user), void *user)
{
	struct prompt *p = (struct prompt *)ui_dialog_alloc(sizeof *p, &prompt_ops, app, 4, 60);

	snprintf(p->title, sizeof p->title, "%s", title);
	snprintf(p->text, sizeof p->text, "%s", initial);
	p->fn = fn;
	p->user = user;
	return &p->d;
}
