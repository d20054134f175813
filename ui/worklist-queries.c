/* worklist-queries.c — the worklist queries the SCP answered, with each
 * entry's verdict (worklist-queries.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/i18n.h"
#include "worklist-queries.h"

struct ui_wl_queries {
	struct ui_wl_query q[UI_WL_QUERIES_MAX]; /* a ring */
	size_t n, head;                          /* head: where the next one goes */
	/* the entry lines said before their query's line */
	uint32_t pending_assoc;
	struct ui_wl_qline *pending;
	size_t n_pending, cap_pending;
};

struct ui_wl_queries *
ui_wl_queries_new(void)
{
	struct ui_wl_queries *q = calloc(1, sizeof *q);

	if (q == NULL)
		abort();
	return q;
}

void
ui_wl_queries_free(struct ui_wl_queries *q)
{
	if (q == NULL)
		return;
	for (size_t i = 0; i < UI_WL_QUERIES_MAX; i++)
		free(q->q[i].lines);
	free(q->pending);
	free(q);
}

size_t
ui_wl_queries_count(const struct ui_wl_queries *q)
{
	return q->n;
}

const struct ui_wl_query *
ui_wl_queries_nth(const struct ui_wl_queries *q, size_t i)
{
	if (i >= q->n)
		return NULL;
	return &q->q[(q->head + UI_WL_QUERIES_MAX - 1 - i) % UI_WL_QUERIES_MAX];
}

bool
ui_fmt_match(const char *fmt, const char *text, char out[][512], int n)
{
	const char *f = fmt, *t = text;
	int k = 0;

	while (*f != '\0') {
		if (*f != '%' || f[1] == '%') {
			if (*t != *f)
				return false;
			f += *f == '%' ? 2 : 1;
			t++;
			continue;
		}
		f++;
		f += strspn(f, "0123456789.-+ #");
		f += strspn(f, "hljztL");
		if (*f != '\0')
			f++;
		/* the literal after the conversion ends what it matched */
		size_t lit = strcspn(f, "%");
		const char *end;
		if (lit == 0 && *f != '\0')
			return false; /* two conversions in a row: no way to tell */
		if (lit == 0) {
			end = t + strlen(t);
		} else {
			char l[256];
			snprintf(l, sizeof l, "%.*s", (int)lit, f);
			end = strstr(t, l);
			if (end == NULL)
				return false;
		}
		if (k < n)
			snprintf(out[k++], 512, "%.*s", (int)(end - t), t);
		t = end;
	}
	return *t == '\0';
}

static void
pending_add(struct ui_wl_queries *q, bool match, const char *entry, const char *why)
{
	if (q->n_pending == q->cap_pending) {
		size_t cap = q->cap_pending ? q->cap_pending * 2 : 16;
		struct ui_wl_qline *p = realloc(q->pending, cap * sizeof *p);
		if (p == NULL)
			abort();
		q->pending = p;
		q->cap_pending = cap;
	}
	struct ui_wl_qline *l = &q->pending[q->n_pending++];
	l->match = match;
	snprintf(l->entry, sizeof l->entry, "%s", entry);
	snprintf(l->why, sizeof l->why, "%s", why);
}

static void
add_query(struct ui_wl_queries *q, const struct dcb_event *ev, char v[5][512])
{
	struct ui_wl_query *w = &q->q[q->head];
	struct tm tm;
	time_t s = ev->time.tv_sec;

	free(w->lines);
	memset(w, 0, sizeof *w);
	w->assoc = ev->assoc_id;
	localtime_r(&s, &tm);
	strftime(w->time, sizeof w->time, "%H:%M:%S", &tm);
	snprintf(w->summary, sizeof w->summary, "%s", ev->u.log.text);
	snprintf(w->from, sizeof w->from, "%s", v[1]);
	snprintf(w->called, sizeof w->called, "%s", v[2]);
	w->matched = (unsigned)strtoul(v[3], NULL, 10);
	w->considered = (unsigned)strtoul(v[4], NULL, 10);
	/* the pending lines become the query's */
	w->lines = q->pending;
	w->n_lines = q->n_pending;
	q->pending = NULL;
	q->n_pending = q->cap_pending = 0;
	q->head = (q->head + 1) % UI_WL_QUERIES_MAX;
	if (q->n < UI_WL_QUERIES_MAX)
		q->n++;
}

bool
ui_wl_queries_apply(struct ui_wl_queries *q, const struct dcb_event *ev)
{
	char v[5][512];

	if (ev->kind != DCB_EV_LOG || ev->side != DCB_SIDE_SCP)
		return false;
	/* lines of another association than those pending: a new query */
	if (ev->assoc_id != q->pending_assoc) {
		q->n_pending = 0;
		q->pending_assoc = ev->assoc_id;
	}
	const char *text = ev->u.log.text;
	/* the formats of mwl-scp.c, as the engine translated them */
	if (ui_fmt_match(_("worklist entry %s does not match: %s"), text, v, 2)) {
		pending_add(q, false, v[0], v[1]);
		return false;
	}
	if (ui_fmt_match(_("worklist entry %s matches"), text, v, 1)) {
		pending_add(q, true, v[0], "");
		return false;
	}
	if (ui_fmt_match(_("worklist query (message ID %u) from %s to %s: %zu of %u entries match"),
	                 text, v, 5)) {
		add_query(q, ev, v);
		return true;
	}
	return false;
}
