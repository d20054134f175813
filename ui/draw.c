/* draw.c — small drawing helpers and pane plumbing shared by panes and dialogs. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colors.h"
#include "pane.h"
#include "text.h"

int
ui_draw_text(WINDOW *w, int y, int x, int width, attr_t attr, const char *text)
{
	char buf[2048];
	int used;

	if (width <= 0)
		return 0;
	used = ui_text_fit(buf, sizeof buf, text, width);
	wattron(w, attr);
	mvwaddstr(w, y, x, buf);
	wattroff(w, attr);
	return used;
}

void
ui_draw_frame(WINDOW *w, bool focused, const char *title, const char *info)
{
	int h, wd;
	attr_t a = ui_color(focused ? UI_ROLE_BORDER_FOCUS : UI_ROLE_BORDER);

	getmaxyx(w, h, wd);
	(void)h;
	wattron(w, a);
	box(w, 0, 0);
	wattroff(w, a);
	int iw = 0;
	if (info != NULL && info[0] != '\0') {
		iw = ui_text_width(info) + 2;
		if (iw > wd / 2)
			iw = wd / 2;
	}
	int x = 2;
	x += ui_draw_text(w, 0, x, 1, a, " ");
	ui_draw_text(w, 0, x, wd - 5 - iw, a | (focused ? A_BOLD : 0), title);
	int tw = ui_text_width(title);
	if (tw > wd - 5 - iw)
		tw = wd - 5 - iw;
	ui_draw_text(w, 0, x + tw, 1, a, " ");
	if (iw > 0)
		ui_draw_text(w, 0, wd - iw - 1, iw - 1, a, info);
}

void
ui_draw_progress(WINDOW *w, int y, int x, int width, uint64_t done, uint64_t total)
{
	char pct[16];
	int bar = width - 5;
	int pc = total > 0 ? (int)(done * 100 / total) : 0;

	if (pc > 100)
		pc = 100;
	snprintf(pct, sizeof pct, " %3d%%", pc);
	if (bar < 1) {
		ui_draw_text(w, y, x, width, 0, pct);
		return;
	}
	int fill = bar * pc / 100;
	wmove(w, y, x);
	wattron(w, ui_color(UI_ROLE_OK));
	for (int i = 0; i < fill; i++)
		waddstr(w, "\xe2\x96\x88"); /* █ */
	wattroff(w, ui_color(UI_ROLE_OK));
	wattron(w, ui_color(UI_ROLE_MUTED));
	for (int i = fill; i < bar; i++)
		waddstr(w, "\xe2\x96\x91"); /* ░ */
	wattroff(w, ui_color(UI_ROLE_MUTED));
	waddstr(w, pct);
}

void
ui_list_clamp(struct ui_list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	if (l->cursor >= l->count)
		l->cursor = l->count - 1;
	if (l->cursor < 0)
		l->cursor = 0;
	if (l->top > l->cursor)
		l->top = l->cursor;
	if (l->cursor >= l->top + rows)
		l->top = l->cursor - rows + 1;
	if (l->top > l->count - rows)
		l->top = l->count - rows;
	if (l->top < 0)
		l->top = 0;
}

bool
ui_list_move(struct ui_list *l, enum ui_action a, int rows)
{
	int old = l->cursor;

	switch (a) {
	case UI_ACT_UP:
		l->cursor--;
		break;
	case UI_ACT_DOWN:
		l->cursor++;
		break;
	case UI_ACT_PGUP:
		l->cursor -= rows > 1 ? rows - 1 : 1;
		break;
	case UI_ACT_PGDN:
		l->cursor += rows > 1 ? rows - 1 : 1;
		break;
	case UI_ACT_HOME:
		l->cursor = 0;
		break;
	case UI_ACT_END:
		l->cursor = l->count - 1;
		break;
	default:
		return false;
	}
	ui_list_clamp(l, rows);
	return true;
	(void)old;
}

struct ui_pane *
ui_pane_alloc(size_t size, const struct ui_pane_ops *ops, struct ui_app *app, unsigned model_bits)
{
	struct ui_pane *p = calloc(1, size);

	if (p == NULL)
		abort();
	p->ops = ops;
	p->app = app;
	p->model_bits = model_bits;
	return p;
}

void
ui_pane_resize_plain(struct ui_pane *p, int h, int w)
{
	p->h = h;
	p->w = w;
}

void
ui_pane_free_plain(struct ui_pane *p)
{
	free(p);
}

unsigned
ui_pane_no_keys(struct ui_pane *p, int key, enum ui_action a)
{
	return UI_R_NONE;
}
