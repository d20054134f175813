/* pane-trace.c — live decoded PDUs of both sides.  Follows the newest line
 * unless paused (F8); Enter opens a line's tree and hex; '/' shows one
 * association only; 's' saves the lines to a file; 'l' switches between
 * the list and the ladder (a column per AE, an arrow per message). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/i18n.h"
#include "../src/ladder-out.h"
#include "app.h"
#include "colors.h"
#include "detail.h"
#include "text.h"
#include "trace-export.h"

struct trace {
	struct ui_pane pane;
	bool follow;
	uint64_t cursor; /* seq of the selected line (paused) */
	uint32_t filter; /* association id, 0 = all */
	bool ladder;     /* the ladder instead of the list */
	size_t row;      /* the ladder's selected row (paused) */
};

static bool
shown(const struct trace *t, const struct ui_trace_entry *e)
{
	return t->filter == 0 || e->assoc_id == t->filter;
}

void
ui_trace_format(const struct ui_trace_entry *e, char *buf, size_t size)
{
	struct tm tm;
	char when[16], name[16], count[48] = "";
	const char *what = "";
	time_t sec = e->time.tv_sec;

	localtime_r(&sec, &tm);
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	switch (e->kind) {
	case UI_TRACE_PDU:
		what = ui_pdu_name(e->pdu_type, name, sizeof name);
		break;
	case UI_TRACE_TLS:
		what = "TLS";
		break;
	case UI_TRACE_STATE:
		what = _("state");
		break;
	case UI_TRACE_CONTEXT:
		what = _("context");
		break;
	case UI_TRACE_ERROR:
		what = _("error");
		break;
	case UI_TRACE_LOG:
		what = _("log");
		break;
	}
	if (e->count > 1) {
		char b[32];
		ui_fmt_bytes(b, sizeof b, e->bytes);
		snprintf(count, sizeof count, _(" · ×%u PDUs, %s"), e->count, b);
	}
	/* The engine's summaries start with the PDU's name: not twice. */
	const char *text = e->text;
	size_t wl = strlen(what);
	if (e->kind == UI_TRACE_PDU && strncmp(text, what, wl) == 0) {
		text += wl;
		while (*text == ' ')
			text++;
	}
	snprintf(buf, size, "%s.%03ld #%-3u %s %s %-14s %s%s", when, e->time.tv_nsec / 1000000L,
	         e->assoc_id, e->side == DCB_SIDE_SCP ? "SCP" : "SCU",
	         e->kind == UI_TRACE_PDU ? (e->outgoing ? "→" : "←") : "·", what, text, count);
}

/* The seq of the n-th shown line before (n < 0) or after (n > 0) seq. */
static uint64_t
step(const struct trace *t, uint64_t seq, int n)
{
	const struct ui_model *m = t->pane.app->model;
	uint64_t first = ui_model_trace_first(m), s = seq;

	while (n < 0 && s > first) {
		s--;
		if (shown(t, ui_model_trace_get(m, s))) {
			seq = s;
			n++;
		}
	}
	while (n > 0 && s + 1 < m->trace_next) {
		s++;
		if (shown(t, ui_model_trace_get(m, s))) {
			seq = s;
			n--;
		}
	}
	return seq;
}

static uint64_t
last_shown(const struct trace *t)
{
	const struct ui_model *m = t->pane.app->model;

	if (m->trace_next == 0)
		return 0;
	uint64_t s = m->trace_next - 1;
	if (shown(t, ui_model_trace_get(m, s)))
		return s;
	return step(t, s, -1);
}

/* The ladder: the AEs' names over their lifelines, then the rows that
 * fit, the newest at the bottom while following. */
static void
draw_ladder(struct trace *t, WINDOW *w, int rows, int iw)
{
	const struct ui_model *m = t->pane.app->model;
	struct dcb_ladder l;
	char line[2048], when[16], text[2200];
	const int margin = 14; /* "HH:MM:SS.mmm" and the nesting mark */

	if (dcb_ladder_layout(m->ladder.ev, m->ladder.n, &l) < 0 || l.nrows == 0) {
		ui_draw_text(w, 1, 1, iw, ui_color(UI_ROLE_MUTED), _("(no PDUs yet)"));
		dcb_ladder_clear(&l);
		return;
	}
	unsigned width = (unsigned)(iw - margin) / (l.ncols > 0 ? l.ncols : 1);
	if (width < 12)
		width = 12;
	for (unsigned c = 0; c < l.ncols; c++) {
		int x = margin + (int)(c * width + width / 2) - ui_text_width(l.cols[c]) / 2;
		ui_draw_text(w, 1, 1 + (x > 0 ? x : 0), iw - x, ui_color(UI_ROLE_HEADER), l.cols[c]);
	}
	if (t->row >= l.nrows)
		t->row = l.nrows - 1;
	size_t bottom = t->follow ? l.nrows - 1 : t->row;
	if (!t->follow && bottom + (size_t)(rows - 1) / 2 < l.nrows)
		bottom += (size_t)(rows - 1) / 2; /* the cursor with rows after it */
	else if (!t->follow)
		bottom = l.nrows - 1;
	size_t shown = (size_t)(rows - 1) < bottom + 1 ? (size_t)(rows - 1) : bottom + 1;
	for (size_t i = 0; i < shown; i++) {
		size_t r = bottom + 1 - shown + i;
		struct tm tm;
		time_t sec = l.rows[r].time.tv_sec;
		attr_t a = l.rows[r].kind == DCB_LADDER_NOTE ? ui_color(UI_ROLE_MUTED) : 0;
		localtime_r(&sec, &tm);
		strftime(when, sizeof when, "%H:%M:%S", &tm);
		dcb_ladder_row_text(&l, r, width, line, sizeof line);
		snprintf(text, sizeof text, "%s.%03ld%s%s", when, l.rows[r].time.tv_nsec / 1000000L,
		         l.rows[r].depth > 0 ? "↳" : " ", line);
		if (!t->follow && r == t->row)
			a = ui_color(UI_ROLE_CURSOR);
		ui_draw_text(w, 2 + (int)i, 1, iw, a, text);
	}
	dcb_ladder_clear(&l);
}

static void
draw(struct ui_pane *p, WINDOW *w)
{
	struct trace *t = (struct trace *)p;
	const struct ui_model *m = p->app->model;
	char title[128], info[64] = "", line[1024];
	int rows = p->h - 2, iw = p->w - 2;

	werase(w);
	snprintf(title, sizeof title, "%s%s",
	         t->follow ? _("Trace  follow ●") : _("Trace  paused ‖"),
	         t->ladder ? _(" · ladder") : "");
	if (t->filter != 0 && !t->ladder)
		snprintf(info, sizeof info, _("association #%u only"), t->filter);
	ui_draw_frame(w, p->focused, title, info);
	if (t->ladder) {
		draw_ladder(t, w, rows, iw);
		return;
	}
	if (m->trace_next == 0) {
		ui_draw_text(w, 1, 1, iw, ui_color(UI_ROLE_MUTED), _("(no PDUs yet)"));
		return;
	}
	uint64_t bottom = t->follow ? last_shown(t) : t->cursor;
	if (!t->follow) {
		/* Keep the cursor visible: show it with lines after it when there are. */
		uint64_t after = step(t, t->cursor, rows / 2);
		bottom = after;
	}
	/* Collect up to rows shown seqs ending at bottom. */
	uint64_t seqs[256];
	int n = 0;
	const struct ui_trace_entry *e = ui_model_trace_get(m, bottom);
	if (e != NULL && shown(t, e))
		seqs[n++] = bottom;
	uint64_t s = bottom;
	while (n < rows && n < 256) {
		uint64_t prev = step(t, s, -1);
		if (prev == s)
			break;
		seqs[n++] = prev;
		s = prev;
	}
	for (int i = 0; i < n; i++) {
		uint64_t seq = seqs[n - 1 - i];
		e = ui_model_trace_get(m, seq);
		attr_t a = 0;
		if (e->kind == UI_TRACE_ERROR ||
		    (e->kind == UI_TRACE_TLS && strstr(e->text, "fail")) ||
		    (e->kind == UI_TRACE_PDU && (e->pdu_type == 0x03 || e->pdu_type == 0x07)))
			a = ui_color(UI_ROLE_ERROR);
		else if (e->kind == UI_TRACE_TLS)
			a = ui_color(UI_ROLE_TLS);
		else if (e->kind != UI_TRACE_PDU)
			a = ui_color(UI_ROLE_MUTED);
		if (!t->follow && seq == t->cursor)
			a = ui_color(UI_ROLE_CURSOR);
		ui_trace_format(e, line, sizeof line);
		char padded[1200];
		ui_text_pad(padded, sizeof padded, line, iw);
		ui_draw_text(w, 1 + i, 1, iw, a, padded);
	}
}

void
ui_trace_toggle_follow(struct ui_pane *p)
{
	struct trace *t = (struct trace *)p;

	t->follow = !t->follow;
	if (!t->follow) {
		t->cursor = last_shown(t);
		t->row = SIZE_MAX; /* the ladder's last row */
	}
}

/* Up, Down, PgUp, PgDn, Home, End in the ladder: rows, clamped when drawn. */
static unsigned
ladder_key(struct trace *t, enum ui_action a, int rows)
{
	if (t->follow) {
		t->follow = false;
		t->row = SIZE_MAX;
	}
	if (t->row == SIZE_MAX) {
		struct dcb_ladder l;
		const struct ui_model *m = t->pane.app->model;
		t->row = dcb_ladder_layout(m->ladder.ev, m->ladder.n, &l) == 0 && l.nrows > 0
		             ? l.nrows - 1
		             : 0;
		dcb_ladder_clear(&l);
	}
	size_t page = rows > 2 ? (size_t)rows - 2 : 1;
	if (a == UI_ACT_UP)
		t->row = t->row > 0 ? t->row - 1 : 0;
	else if (a == UI_ACT_DOWN)
		t->row++;
	else if (a == UI_ACT_PGUP)
		t->row = t->row > page ? t->row - page : 0;
	else if (a == UI_ACT_PGDN)
		t->row += page;
	else if (a == UI_ACT_HOME)
		t->row = 0;
	else
		t->follow = true;
	return UI_R_HANDLED | UI_R_REDRAW;
}

bool
ui_trace_following(const struct ui_pane *p)
{
	return ((const struct trace *)p)->follow;
}

static void
set_filter(struct ui_app *app, const char *text, void *user)
{
	struct trace *t = user;
	char *end;
	unsigned long v = strtoul(text[0] == '#' ? text + 1 : text, &end, 10);

	if (text[0] == '\0') {
		t->filter = 0;
		ui_app_status(app, "%s", _("Trace: all associations."));
		return;
	}
	if (*end != '\0' || v == 0 || v > UINT32_MAX) {
		ui_app_status(app, _("'%s' is not an association number."), text);
		return;
	}
	t->filter = (uint32_t)v;
	if (!t->follow)
		t->cursor = last_shown(t);
	ui_app_status(app, _("Trace: association #%u only."), t->filter);
}

static void
save(struct ui_app *app, const char *text, void *user)
{
	struct trace *t = user;
	const struct ui_model *m = app->model;
	char line[1024];
	unsigned n = 0;
	FILE *f = fopen(text, "w");

	if (f == NULL) {
		ui_app_status(app, _("%s: cannot write: %s"), text, strerror(errno));
		return;
	}
	for (uint64_t s = ui_model_trace_first(m); s < m->trace_next; s++) {
		const struct ui_trace_entry *e = ui_model_trace_get(m, s);
		if (!shown(t, e))
			continue;
		if (ui_trace_wants_json(text)) { /* powers: JSON Lines */
			(void)ui_trace_write_json(f, e);
			n++;
			continue;
		}
		ui_trace_format(e, line, sizeof line);
		fprintf(f, "%s\n", line);
		n++;
	}
	if (fclose(f) != 0)
		ui_app_status(app, _("%s: cannot write: %s"), text, strerror(errno));
	else
		ui_app_status(app,
		              P_("Saved %u trace line to %s.", "Saved %u trace lines to %s.", n), n,
		              text);
}

static unsigned
handle_key(struct ui_pane *p, int key, enum ui_action a)
{
	struct trace *t = (struct trace *)p;
	const struct ui_model *m = p->app->model;
	int rows = p->h - 2;
	char buf[32];

	switch (a) {
	case UI_ACT_LADDER:
		t->ladder = !t->ladder;
		t->row = SIZE_MAX; /* paused: at the newest row */
		ui_app_status(p->app, "%s",
		              t->ladder ? _("Trace: the ladder, a column per AE (l: the list).")
		                        : _("Trace: the list (l: the ladder)."));
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	case UI_ACT_UP:
	case UI_ACT_DOWN:
	case UI_ACT_PGUP:
	case UI_ACT_PGDN:
	case UI_ACT_HOME:
	case UI_ACT_END:
		if (t->ladder)
			return ladder_key(t, a, rows);
		if (t->follow) {
			t->follow = false;
			t->cursor = last_shown(t);
		}
		if (a == UI_ACT_UP)
			t->cursor = step(t, t->cursor, -1);
		else if (a == UI_ACT_DOWN)
			t->cursor = step(t, t->cursor, 1);
		else if (a == UI_ACT_PGUP)
			t->cursor = step(t, t->cursor, -(rows - 1));
		else if (a == UI_ACT_PGDN)
			t->cursor = step(t, t->cursor, rows - 1);
		else if (a == UI_ACT_HOME)
			t->cursor = step(t, ui_model_trace_first(m), 0);
		else
			t->follow = true;
		return UI_R_HANDLED | UI_R_REDRAW;
	case UI_ACT_ENTER:
	case UI_ACT_DETAIL: {
		uint64_t seq = t->follow ? last_shown(t) : t->cursor;
		const struct ui_trace_entry *e = ui_model_trace_get(m, seq);
		if (e == NULL)
			return UI_R_HANDLED;
		ui_app_push_dialog(p->app, ui_detail_trace_new(p->app, e));
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	}
	case UI_ACT_FILTER:
		snprintf(buf, sizeof buf, "%u", t->filter);
		ui_app_push_dialog(
		    p->app, ui_dialog_prompt_new(p->app, _("Show association number (empty: all)"),
		                                 t->filter ? buf : "", set_filter, t));
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	case UI_ACT_SAVE:
		ui_app_push_dialog(p->app, ui_dialog_prompt_new(p->app, _("Save the trace to file"),
		                                                "dicombench-trace.txt", save, t));
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	default:
		return UI_R_NONE;
	}
}

static const struct ui_pane_ops trace_ops = {
    .name = "trace",
    .draw = draw,
    .handle_key = handle_key,
    .resize = ui_pane_resize_plain,
    .free = ui_pane_free_plain,
};

struct ui_pane *
ui_pane_trace_new(struct ui_app *app)
{
	struct trace *t = (struct trace *)ui_pane_alloc(sizeof *t, &trace_ops, app, UI_DIRTY_TRACE);

	t->follow = true;
	return &t->pane;
}
