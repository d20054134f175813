/* dialog-prompt.c — one line of input. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "app.h"
#include "colors.h"
#include "text.h"

#define KEY_ESC 27

struct prompt {
	struct ui_dialog d;
	char title[128];
	char text[UI_PATH_MAX];
	void (*fn)(struct ui_app *app, const char *text, void *user);
	void *user;
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
	ui_draw_text(w, 2, 2, wd - 4, ui_color(UI_ROLE_BORDER_FOCUS),
	             _("Enter OK · Ctrl-U clear · Esc cancel"));
}

static unsigned
prompt_key(struct ui_dialog *d, int key, enum ui_action a)
{
	struct prompt *p = (struct prompt *)d;
	size_t n = strlen(p->text);

	if (key == KEY_ESC)
		return UI_R_CLOSE | UI_R_HANDLED;
	if (a == UI_ACT_ENTER) {
		p->fn(d->app, p->text, p->user);
		return UI_R_CLOSE | UI_R_HANDLED | UI_R_REDRAW_ALL;
	}
	if (key == ('u' & 0x1f)) {
		p->text[0] = '\0'; /* Ctrl-U: clear the line */
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		while (n > 0 && ((unsigned char)p->text[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0)
			n--;
		p->text[n] = '\0';
	} else if (key >= 0x20 && key < 0x100 && key != 0x7f && n + 1 < sizeof p->text) {
		p->text[n] = (char)key;
		p->text[n + 1] = '\0';
	}
	return UI_R_HANDLED | UI_R_REDRAW;
}

static void
prompt_free(struct ui_dialog *d)
{
	free(d);
}

static const struct ui_dialog_ops prompt_ops = {
    .draw = prompt_draw,
    .handle_key = prompt_key,
    .free = prompt_free,
};

struct ui_dialog *
ui_dialog_prompt_new(struct ui_app *app, const char *title, const char *initial,
                     void (*fn)(struct ui_app *app, const char *text, void *user), void *user)
{
	struct prompt *p = calloc(1, sizeof *p);

	if (p == NULL)
		abort();
	p->d.ops = &prompt_ops;
	p->d.app = app;
	p->d.h = 4;
	p->d.w = 60;
	snprintf(p->title, sizeof p->title, "%s", title);
	snprintf(p->text, sizeof p->text, "%s", initial);
	p->fn = fn;
	p->user = user;
	return &p->d;
}
