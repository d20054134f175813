/* dialog-text.c — text dialogs: a scrollable viewer (details, help) and a
 * yes/no question. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/explain.h"
#include "../src/i18n.h"
#include "app.h"
#include "colors.h"
#include "text.h"

#define KEY_ESC 27
#define HELP_WIDTH 56

struct line {
	int role;
	char *text;
	const char *key; /* the field it shows (explain.h), or NULL */
};

struct text_dialog {
	struct ui_dialog d;
	char title[256];
	struct line *lines;
	int n, cap;
	int top;
	int cursor; /* the selected line when some lines have keys, else -1 */
	const char *footer; /* N_() */
	void (*confirm)(struct ui_app *app);
	int views, view; /* ui_dialog_text_views() */
	void (*fill)(struct ui_dialog *d, int view, void *user);
	void *user;
};

static void
clear_lines(struct text_dialog *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->lines[i].text);
	t->n = 0;
	t->top = 0;
	t->cursor = -1;
}

static void
text_draw(struct ui_dialog *d, WINDOW *w)
{
	struct text_dialog *t = (struct text_dialog *)d;
	int h, wd;

	getmaxyx(w, h, wd);
	werase(w);
	wbkgd(w, ui_color(UI_ROLE_DIALOG));
	int rows = h - 3;
	if (t->top > t->n - rows)
		t->top = t->n - rows;
	if (t->top < 0)
		t->top = 0;
	char info[64] = "";
	if (t->n > rows)
		snprintf(info, sizeof info, "%d–%d / %d", t->top + 1,
		         t->top + rows < t->n ? t->top + rows : t->n, t->n);
	ui_draw_frame(w, true, t->title, info);
	for (int r = 0; r < rows && t->top + r < t->n; r++) {
		const struct line *l = &t->lines[t->top + r];
		attr_t a = ui_color((enum ui_role)l->role);
		if (t->top + r == t->cursor)
			a |= A_REVERSE;
		ui_draw_text(w, 1 + r, 2, wd - 4, a, l->text);
	}
	if (t->top + rows < t->n)
		ui_draw_text(w, h - 2, 2, wd - 4, ui_color(UI_ROLE_MUTED),
		             _("… more below (↓ PgDn)"));
	char footer[256];
	snprintf(footer, sizeof footer, "%s%s", _(t->footer),
	         t->cursor >= 0 ? _(" · x explain the field") : "");
	ui_draw_text(w, h - 1, 2, wd - 4, ui_color(UI_ROLE_BORDER_FOCUS), footer);
}

/* The next line with a key from the cursor in direction dir (±1), or the
 * cursor itself when there is none. */
static int
next_keyed(const struct text_dialog *t, int dir)
{
	for (int i = t->cursor + dir; i >= 0 && i < t->n; i += dir)
		if (t->lines[i].key != NULL)
			return i;
	return t->cursor;
}

/* Moves the cursor by dir keyed lines and scrolls it into view. */
static void
move_cursor(struct text_dialog *t, int dir, int rows)
{
	t->cursor = next_keyed(t, dir);
	if (t->cursor < t->top)
		t->top = t->cursor;
	else if (t->cursor >= t->top + rows)
		t->top = t->cursor - rows + 1;
}

/* x: what the field under the cursor is for, in a dialog of its own. */
static void
explain_field(struct text_dialog *t)
{
	const struct dcb_explain *x =
	    t->cursor >= 0 ? dcb_explain_find(t->lines[t->cursor].key) : NULL;

	if (x == NULL)
		return;
	struct ui_dialog *d = ui_dialog_text_new(t->d.app, _(x->title));
	ui_dialog_text_wrap(d, 0, _(x->what), 64);
	ui_dialog_text_add(d, 0, "%s", "");
	ui_dialog_text_add(d, UI_ROLE_MUTED, _("defined in: %s"), x->where);
	ui_app_push_dialog(t->d.app, d);
}

static unsigned
text_key(struct ui_dialog *d, int key, enum ui_action a)
{
	struct text_dialog *t = (struct text_dialog *)d;
	int rows = (d->h < LINES - 2 ? d->h : LINES - 2) - 3;

	if (t->confirm != NULL) {
		if (key == 'y' || key == 'Y' || key == 'j' || key == 'J') {
			t->confirm(d->app);
			return UI_R_CLOSE | UI_R_HANDLED;
		}
		if (key == 'n' || key == 'N' || key == KEY_ESC || key == 'q' || a == UI_ACT_QUIT)
			return UI_R_CLOSE | UI_R_HANDLED;
		return UI_R_HANDLED;
	}
	if (t->cursor >= 0 && (a == UI_ACT_UP || a == UI_ACT_DOWN)) {
		move_cursor(t, a == UI_ACT_UP ? -1 : 1, rows);
		return UI_R_HANDLED | UI_R_REDRAW;
	}
	switch (a) {
	case UI_ACT_EXPLAIN:
		explain_field(t);
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	case UI_ACT_UP:
		t->top--;
		break;
	case UI_ACT_DOWN:
		t->top++;
		break;
	case UI_ACT_PGUP:
		t->top -= rows - 1;
		break;
	case UI_ACT_PGDN:
		t->top += rows - 1;
		break;
	case UI_ACT_HOME:
		t->top = 0;
		break;
	case UI_ACT_END:
		t->top = t->n;
		break;
	case UI_ACT_VIEW:
		if (t->fill == NULL)
			return UI_R_HANDLED;
		clear_lines(t);
		t->view = (t->view + 1) % t->views;
		t->fill(d, t->view, t->user);
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	case UI_ACT_ENTER:
	case UI_ACT_QUIT:
	case UI_ACT_HELP:
	case UI_ACT_BACK:
		return UI_R_CLOSE | UI_R_HANDLED;
	default:
		if (key == KEY_ESC)
			return UI_R_CLOSE | UI_R_HANDLED;
		return UI_R_HANDLED;
	}
	if (t->top < 0)
		t->top = 0;
	return UI_R_HANDLED | UI_R_REDRAW;
}

static void
text_free(struct ui_dialog *d)
{
	struct text_dialog *t = (struct text_dialog *)d;

	clear_lines(t);
	free(t->lines);
	free(t->user);
	free(t);
}

static const struct ui_dialog_ops text_ops = {
    .draw = text_draw,
    .handle_key = text_key,
    .free = text_free,
};

struct ui_dialog *
ui_dialog_text_new(struct ui_app *app, const char *title)
{
	int w = ui_text_width(title) + 8;
	struct text_dialog *t =
	    (struct text_dialog *)ui_dialog_alloc(sizeof *t, &text_ops, app, 4, w < 40 ? 40 : w);

	snprintf(t->title, sizeof t->title, "%s", title);
	t->footer = N_("Esc/Enter close · ↑↓ PgUp PgDn scroll");
	t->cursor = -1;
	return &t->d;
}

void
ui_dialog_text_views(struct ui_dialog *d, int n,
                     void (*fill)(struct ui_dialog *d, int view, void *user), void *user)
{
	struct text_dialog *t = (struct text_dialog *)d;

	t->views = n;
	t->fill = fill;
	t->user = user;
	t->footer = N_("Esc/Enter close · ↑↓ PgUp PgDn scroll · v decoded, plain words, hex");
}

static void
text_vadd(struct ui_dialog *d, const char *key, int role, const char *fmt, va_list ap)
{
	struct text_dialog *t = (struct text_dialog *)d;
	char buf[2048];

	vsnprintf(buf, sizeof buf, fmt, ap);
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->lines = realloc(t->lines, (size_t)t->cap * sizeof *t->lines);
		if (t->lines == NULL)
			abort();
	}
	t->lines[t->n].role = role;
	t->lines[t->n].key = key;
	if ((t->lines[t->n].text = strdup(buf)) == NULL)
		abort();
	if (key != NULL && t->cursor < 0)
		t->cursor = t->n;
	t->n++;
	d->h = t->n + 3;
	int w = ui_text_width(buf) + 6;
	if (w > d->w)
		d->w = w;
}

void
ui_dialog_text_add(struct ui_dialog *d, int role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vadd(d, NULL, role, fmt, ap);
	va_end(ap);
}

void
ui_dialog_text_add_keyed(struct ui_dialog *d, const char *key, int role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vadd(d, key, role, fmt, ap);
	va_end(ap);
}

void
ui_dialog_text_wrap(struct ui_dialog *d, int role, const char *text, int width)
{
	while (*text != '\0') {
		size_t len = strlen(text), cut = len;
		if (ui_text_width(text) > width) {
			cut = 0;
			for (size_t i = 0; i < len && ui_text_width_n(text, i) <= width; i++)
				if (text[i] == ' ')
					cut = i;
			if (cut == 0)
				cut = len;
		}
		ui_dialog_text_add(d, role, "%.*s", (int)cut, text);
		text += cut;
		while (*text == ' ')
			text++;
	}
}

struct ui_dialog *
ui_dialog_help_new(struct ui_app *app)
{
	struct ui_dialog *d = ui_dialog_text_new(app, _("Help"));

	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s",
	                   _("dicombench: a Storage SCP and a Storage SCU side by side."));
	ui_dialog_text_add(d, 0, "%s",
	                   _("Mark images in the browser with Space and send them with F5;"));
	ui_dialog_text_add(d, 0, "%s",
	                   _("the trace shows every PDU, the findings what breaks the standard."));
	ui_dialog_text_add(d, 0, "%s", "");
	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s", _("Keys"));
	for (const struct ui_key_binding *b = ui_key_table; b->action != UI_ACT_NONE; b++) {
		/* Help texts wrap at HELP_WIDTH columns, under their own column. */
		const char *text = _(b->help);
		const char *key = _(b->key_name);
		while (*text != '\0') {
			size_t len = strlen(text), cut = len;
			if (ui_text_width(text) > HELP_WIDTH) {
				cut = 0;
				for (size_t i = 0;
				     i < len && ui_text_width_n(text, i) <= HELP_WIDTH; i++)
					if (text[i] == ' ')
						cut = i;
				if (cut == 0)
					cut = len;
			}
			ui_dialog_text_add(d, 0, "  %-16s %.*s", key, (int)cut, text);
			key = "";
			text += cut;
			while (*text == ' ')
				text++;
		}
	}
	return d;
}

struct ui_dialog *
ui_dialog_confirm_new(struct ui_app *app, const char *question, void (*fn)(struct ui_app *app))
{
	struct ui_dialog *d = ui_dialog_text_new(app, _("Question"));
	struct text_dialog *t = (struct text_dialog *)d;

	ui_dialog_text_add(d, 0, "%s", question);
	t->confirm = fn;
	/* TRANSLATORS: the keys y and n answer; German also accepts j. */
	t->footer = N_("y yes · n no");
	return d;
}
