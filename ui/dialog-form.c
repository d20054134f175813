/* dialog-form.c — labelled fields and buttons; keys and footer from the
 * key table (UI_SCOPE_FORM). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "colors.h"
#include "dialog-form.h"
#include "text.h"

static const struct ui_footer_item footer[] = {
    {{UI_ACT_FIELD_PREV, UI_ACT_FIELD_NEXT}, N_("field")},
    {{UI_ACT_NONE}, N_("type to edit")},
    {{UI_ACT_TOGGLE}, N_("toggles")},
    {{UI_ACT_OK}, N_("OK")},
    {{UI_ACT_CANCEL}, N_("cancel")},
};

static bool
selectable(const struct ui_field *f)
{
	return f->kind != UI_FIELD_INFO;
}

static void
footer_text(char *buf, size_t size)
{
	ui_key_footer(buf, size, UI_SCOPE_FORM, footer, sizeof footer / sizeof footer[0]);
}

static void
draw_footer(WINDOW *w, int y, int wd)
{
	char buf[512];

	footer_text(buf, sizeof buf);
	ui_draw_text(w, y, 2, wd - 4, ui_color(UI_ROLE_BORDER_FOCUS), buf);
}

static void
form_draw(struct ui_dialog *d, WINDOW *w)
{
	struct ui_form *f = (struct ui_form *)d;
	int h, wd, lw = 0;

	getmaxyx(w, h, wd);
	werase(w);
	wbkgd(w, ui_color(UI_ROLE_DIALOG));
	ui_draw_frame(w, true, f->title, NULL);
	for (int i = 0; i < f->n; i++)
		if (f->f[i].kind == UI_FIELD_TEXT || f->f[i].kind == UI_FIELD_BOOL) {
			int x = ui_text_width(_(f->f[i].label));
			if (x > lw)
				lw = x;
		}
	if (lw > wd / 2)
		lw = wd / 2;
	/* Rows of the fields (buttons share one), then scroll so that the
	 * cursor's row is inside the window. */
	int row[UI_FORM_MAX], r = 0;
	for (int i = 0; i < f->n; i++) {
		bool cont =
		    f->f[i].kind == UI_FIELD_BUTTON && i > 0 && f->f[i - 1].kind == UI_FIELD_BUTTON;
		if (f->f[i].kind == UI_FIELD_BUTTON && !cont)
			r++; /* a blank line before the buttons */
		row[i] = cont ? row[i - 1] : r++;
	}
	int rows = h - 2;
	if (row[f->cursor] < f->top)
		f->top = row[f->cursor];
	if (row[f->cursor] >= f->top + rows)
		f->top = row[f->cursor] - rows + 1;
	if (f->top > 0)
		ui_draw_text(w, 0, wd - 4, 2, ui_color(UI_ROLE_BORDER_FOCUS), "↑");
	if (r > f->top + rows)
		ui_draw_text(w, h - 1, wd - 4, 2, ui_color(UI_ROLE_BORDER_FOCUS), "↓");
	int bx = 2;
	for (int i = 0; i < f->n; i++) {
		const struct ui_field *fl = &f->f[i];
		attr_t a = i == f->cursor ? ui_color(UI_ROLE_CURSOR) : 0;
		char buf[UI_PATH_MAX + 16];
		int y = 1 + row[i] - f->top;
		if (y < 1 || y > rows)
			continue;
		switch (fl->kind) {
		case UI_FIELD_INFO:
			ui_draw_text(w, y, 2, wd - 4, ui_color(UI_ROLE_MUTED), fl->value);
			break;
		case UI_FIELD_TEXT:
		case UI_FIELD_BOOL:
			ui_draw_text(w, y, 2, lw, 0, _(fl->label));
			if (fl->kind == UI_FIELD_BOOL)
				snprintf(buf, sizeof buf, "[%s] %s",
				         strcmp(fl->value, "yes") == 0 ? "x" : " ",
				         strcmp(fl->value, "yes") == 0 ? _("on") : _("off"));
			else
				snprintf(buf, sizeof buf, "%s%s", fl->value,
				         i == f->cursor ? "_" : "");
			{
				char fit[UI_PATH_MAX + 16];
				ui_text_fit_left(fit, sizeof fit, buf, wd - lw - 7);
				ui_text_pad(buf, sizeof buf, fit, wd - lw - 7);
			}
			ui_draw_text(w, y, lw + 4, wd - lw - 6, a, buf);
			break;
		case UI_FIELD_BUTTON:
			snprintf(buf, sizeof buf, "[ %s ]", _(fl->label));
			if (i > 0 && f->f[i - 1].kind != UI_FIELD_BUTTON)
				bx = 2;
			bx += ui_draw_text(w, y, bx, wd - bx - 2, a | A_BOLD, buf) + 2;
			break;
		}
	}
	draw_footer(w, h - 1, wd);
}

static void
field_move(struct ui_form *f, int dir)
{
	int i = f->cursor;

	do {
		i += dir;
		if (i < 0 || i >= f->n)
			return;
	} while (!selectable(&f->f[i]));
	f->cursor = i;
}

/* A key on a text field: Enter goes to the next field, the rest edit. */
static unsigned
text_key(struct ui_form *f, struct ui_field *fl, int key, enum ui_action a)
{
	if (a == UI_ACT_OK)
		field_move(f, 1);
	else if (a == UI_ACT_ERASE)
		ui_text_erase(fl->value);
	else if (!ui_text_type(fl->value, sizeof fl->value, key))
		return UI_R_HANDLED;
	return UI_R_HANDLED | UI_R_REDRAW;
}

/* A key on a button: Enter or Space presses it, Left and Right move. */
static unsigned
button_key(struct ui_form *f, const struct ui_field *fl, enum ui_action a)
{
	if (a == UI_ACT_OK || a == UI_ACT_TOGGLE)
		return (f->button != NULL ? f->button(f, fl->id) : UI_R_CLOSE) | UI_R_HANDLED |
		       UI_R_REDRAW_ALL;
	if (a != UI_ACT_BUTTON_PREV && a != UI_ACT_BUTTON_NEXT)
		return UI_R_HANDLED;
	field_move(f, a == UI_ACT_BUTTON_PREV ? -1 : 1);
	return UI_R_HANDLED | UI_R_REDRAW;
}

static unsigned
form_key(struct ui_dialog *d, int key, enum ui_action a)
{
	struct ui_form *f = (struct ui_form *)d;
	struct ui_field *fl = &f->f[f->cursor];

	if (a == UI_ACT_CANCEL)
		return UI_R_CLOSE | UI_R_HANDLED;
	if (a == UI_ACT_FIELD_PREV || a == UI_ACT_FIELD_NEXT) {
		field_move(f, a == UI_ACT_FIELD_PREV ? -1 : 1);
		return UI_R_HANDLED | UI_R_REDRAW;
	}
	switch (fl->kind) {
	case UI_FIELD_BOOL:
		if (a != UI_ACT_TOGGLE && a != UI_ACT_OK)
			break;
		snprintf(fl->value, sizeof fl->value, "%s",
		         strcmp(fl->value, "yes") == 0 ? "no" : "yes");
		return UI_R_HANDLED | UI_R_REDRAW;
	case UI_FIELD_TEXT:
		return text_key(f, fl, key, a);
	case UI_FIELD_BUTTON:
		return button_key(f, fl, a);
	case UI_FIELD_INFO:
		break;
	}
	return UI_R_HANDLED;
}

static const struct ui_dialog_ops form_ops = {
    .scope = UI_SCOPE_FORM,
    .draw = form_draw,
    .handle_key = form_key,
    .free = ui_dialog_free_plain,
};

struct ui_form *
ui_form_alloc(struct ui_app *app, const char *title, size_t size)
{
	char foot[512];

	footer_text(foot, sizeof foot);
	/* As wide as the footer (in any language), at least 76 columns. */
	int w = ui_text_width(foot) + 4;
	struct ui_form *f =
	    (struct ui_form *)ui_dialog_alloc(size, &form_ops, app, 4, w > 76 ? w : 76);

	snprintf(f->title, sizeof f->title, "%s", title);
	return f;
}

struct ui_form *
ui_form_new(struct ui_app *app, const char *title)
{
	return ui_form_alloc(app, title, sizeof(struct ui_form));
}

static struct ui_field *
add(struct ui_form *f, enum ui_field_kind kind)
{
	if (f->n == UI_FORM_MAX)
		abort();
	struct ui_field *fl = &f->f[f->n++];
	memset(fl, 0, sizeof *fl);
	fl->kind = kind;
	if (kind != UI_FIELD_BUTTON || f->n == 1 || f->f[f->n - 2].kind != UI_FIELD_BUTTON)
		f->d.h++;
	if (kind == UI_FIELD_BUTTON && (f->n == 1 || f->f[f->n - 2].kind != UI_FIELD_BUTTON))
		f->d.h++;
	if (!selectable(&f->f[f->cursor]))
		f->cursor = f->n - 1;
	return fl;
}

void
ui_form_setting(struct ui_form *f, const char *key)
{
	const struct ui_setting_def *def = ui_setting_find(key);

	if (def == NULL)
		return;
	struct ui_field *fl = add(f, def->type == UI_SET_BOOL ? UI_FIELD_BOOL : UI_FIELD_TEXT);
	snprintf(fl->label, sizeof fl->label, "%s", def->label);
	snprintf(fl->key, sizeof fl->key, "%s", key);
	ui_setting_get(&f->d.app->cfg, def, fl->value, sizeof fl->value);
}

void
ui_form_text(struct ui_form *f, const char *label, const char *value)
{
	struct ui_field *fl = add(f, UI_FIELD_TEXT);

	snprintf(fl->label, sizeof fl->label, "%s", label);
	snprintf(fl->value, sizeof fl->value, "%s", value);
}

void
ui_form_info(struct ui_form *f, const char *text)
{
	struct ui_field *fl = add(f, UI_FIELD_INFO);
	snprintf(fl->value, sizeof fl->value, "%s", text);
	int w = ui_text_width(text) + 6;
	if (w > f->d.w)
		f->d.w = w;
}

void
ui_form_button(struct ui_form *f, const char *label, int id)
{
	struct ui_field *fl = add(f, UI_FIELD_BUTTON);
	snprintf(fl->label, sizeof fl->label, "%s", label);
	fl->id = id;
}

int
ui_form_apply(struct ui_form *f)
{
	struct ui_settings s = f->d.app->cfg;
	char msg[512];

	for (int i = 0; i < f->n; i++) {
		if (f->f[i].key[0] == '\0')
			continue;
		if (ui_setting_set(&s, f->f[i].key, f->f[i].value, msg, sizeof msg) < 0) {
			ui_app_status(f->d.app, "%s", msg);
			f->cursor = i;
			return -1;
		}
	}
	f->d.app->cfg = s;
	return 0;
}
