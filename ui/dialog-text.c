/* dialog-text.c — text dialogs: a scrollable viewer (details, help) and a
 * yes/no question; their keys and footers come from the key table
 * (UI_SCOPE_DIALOG and UI_SCOPE_QUESTION). */
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

#define HELP_WIDTH 56
#define FOOTER_MAX 4

static const struct ui_footer_item close_footer[] = {
    {{UI_ACT_CANCEL, UI_ACT_OK}, N_("close")},
    {{UI_ACT_UP, UI_ACT_DOWN, UI_ACT_PGUP, UI_ACT_PGDN}, N_("scroll")},
};

static const struct ui_footer_item views_footer[] = {
    {{UI_ACT_CANCEL, UI_ACT_OK}, N_("close")},
    {{UI_ACT_UP, UI_ACT_DOWN, UI_ACT_PGUP, UI_ACT_PGDN}, N_("scroll")},
    {{UI_ACT_VIEW}, N_("decoded, plain words, hex")},
};

static const struct ui_footer_item question_footer[] = {
    {{UI_ACT_YES}, N_("yes")},
    {{UI_ACT_NO}, N_("no")},
};

static const struct ui_footer_item explain_item = {{UI_ACT_EXPLAIN}, N_("explain the field")};

static const struct ui_footer_item more_below[] = {
    {{UI_ACT_DOWN, UI_ACT_PGDN}, N_("more below …")},
};

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
	const struct ui_footer_item *footer;
	size_t footer_n; /* at most FOOTER_MAX - 1 */
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

/* The footer, with x when the cursor is on a field it can explain. */
static void
draw_footer(const struct text_dialog *t, WINDOW *w, int y, int wd)
{
	struct ui_footer_item items[FOOTER_MAX];
	size_t n = t->footer_n;
	char buf[512];

	memcpy(items, t->footer, n * sizeof *items);
	if (t->cursor >= 0)
		items[n++] = explain_item;
	ui_key_footer(buf, sizeof buf, t->d.ops->scope, items, n);
	ui_draw_text(w, y, 2, wd - 4, ui_color(UI_ROLE_BORDER_FOCUS), buf);
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
	if (t->top + rows < t->n) {
		char more[128];
		ui_key_footer(more, sizeof more, d->ops->scope, more_below, 1);
		ui_draw_text(w, h - 2, 2, wd - 4, ui_color(UI_ROLE_MUTED), more);
	}
	draw_footer(t, w, h - 1, wd);
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
	case UI_ACT_OK:
	case UI_ACT_CANCEL:
	case UI_ACT_QUIT:
	case UI_ACT_HELP:
	case UI_ACT_BACK:
		return UI_R_CLOSE | UI_R_HANDLED;
	default:
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
    .scope = UI_SCOPE_DIALOG,
    .draw = text_draw,
    .handle_key = text_key,
    .free = text_free,
};

/* A question: y (or j) confirms; n, Esc, F10 and q say no. */
static unsigned
question_key(struct ui_dialog *d, int key, enum ui_action a)
{
	struct text_dialog *t = (struct text_dialog *)d;

	if (a == UI_ACT_YES)
		t->confirm(d->app);
	else if (a != UI_ACT_NO && a != UI_ACT_CANCEL && a != UI_ACT_QUIT)
		return UI_R_HANDLED;
	return UI_R_CLOSE | UI_R_HANDLED;
}

static const struct ui_dialog_ops question_ops = {
    .scope = UI_SCOPE_QUESTION,
    .draw = text_draw,
    .handle_key = question_key,
    .free = text_free,
};

/* An empty text dialog with ops and a footer of n items. */
static struct text_dialog *
text_alloc(struct ui_app *app, const char *title, const struct ui_dialog_ops *ops,
           const struct ui_footer_item *footer, size_t n)
{
	int w = ui_text_width(title) + 8;
	struct text_dialog *t =
	    (struct text_dialog *)ui_dialog_alloc(sizeof *t, ops, app, 4, w < 40 ? 40 : w);

	snprintf(t->title, sizeof t->title, "%s", title);
	t->footer = footer;
	t->footer_n = n;
	t->cursor = -1;
	return t;
}

struct ui_dialog *
ui_dialog_text_new(struct ui_app *app, const char *title)
{
	return &text_alloc(app, title, &text_ops, close_footer,
	                   sizeof close_footer / sizeof close_footer[0])
	            ->d;
}

void
ui_dialog_text_views(struct ui_dialog *d, int n,
                     void (*fill)(struct ui_dialog *d, int view, void *user), void *user)
{
	struct text_dialog *t = (struct text_dialog *)d;

	t->views = n;
	t->fill = fill;
	t->user = user;
	t->footer = views_footer;
	t->footer_n = sizeof views_footer / sizeof views_footer[0];
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

/* One binding in the help: its keys, then its help text wrapped at
 * HELP_WIDTH columns under its own column. */
static void
help_binding(struct ui_dialog *d, const struct ui_key_binding *b)
{
	const char *text = _(b->help);
	const char *key = _(b->key_name);

	while (*text != '\0') {
		size_t len = strlen(text), cut = len;
		if (ui_text_width(text) > HELP_WIDTH) {
			cut = 0;
			for (size_t i = 0; i < len && ui_text_width_n(text, i) <= HELP_WIDTH; i++)
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

struct ui_dialog *
ui_dialog_help_new(struct ui_app *app)
{
	struct ui_dialog *d = ui_dialog_text_new(app, _("Help"));

	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s",
	                   _("dicombench: a Storage SCP and a Storage SCU side by side."));
	char mark[64], send[64];
	ui_key_name(mark, sizeof mark, UI_SCOPE_MAIN, UI_ACT_MARK);
	ui_key_name(send, sizeof send, UI_SCOPE_MAIN, UI_ACT_SEND);
	/* TRANSLATORS: the keys that mark (Space) and send (F5). */
	ui_dialog_text_add(d, 0, _("Mark images in the browser with %s and send them with %s;"), mark,
	                   send);
	ui_dialog_text_add(d, 0, "%s",
	                   _("the trace shows every PDU, the findings what breaks the standard."));
	ui_dialog_text_add(d, 0, "%s", "");
	for (int s = 0; s < UI_SCOPE_COUNT; s++) {
		if (s > 0)
			ui_dialog_text_add(d, 0, "%s", "");
		ui_dialog_text_add(d, UI_ROLE_HEADER, "%s",
		                   _(ui_key_scope_title((enum ui_key_scope)s)));
		for (const struct ui_key_binding *b = ui_key_table; b->action != UI_ACT_NONE; b++)
			if (b->scope == (enum ui_key_scope)s)
				help_binding(d, b);
	}
	return d;
}

struct ui_dialog *
ui_dialog_confirm_new(struct ui_app *app, const char *question, void (*fn)(struct ui_app *app))
{
	struct text_dialog *t = text_alloc(app, _("Question"), &question_ops, question_footer,
	                                   sizeof question_footer / sizeof question_footer[0]);

	ui_dialog_text_add(&t->d, 0, "%s", question);
	t->confirm = fn;
	return &t->d;
}
