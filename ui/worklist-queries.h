/* worklist-queries.h — the worklist queries the dashboard's SCP answered,
 * each with what every entry made of it: matched, or the first key that
 * failed with both values ("why did my entry not match?").
 *
 * Folded from the SCP's log events (mwl-scp.c says, for one C-FIND, a
 * line per entry and then the query's line, one after the other on its
 * association): a line is recognised by the translated format it was
 * written with.  Plain C, no curses. */
#ifndef UI_WORKLIST_QUERIES_H
#define UI_WORKLIST_QUERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../src/events.h"

#define UI_WL_QUERIES_MAX 32 /* the newest are kept */

struct ui_wl_qline {
	bool match;
	char entry[256]; /* the file name */
	char why[512];   /* the first key that failed, "" when it matched */
};

struct ui_wl_query {
	uint32_t assoc;
	char time[16];      /* "14:02:11" */
	char summary[512];  /* the query's line, as the SCP said it */
	char from[80];      /* the peer's address */
	char called[20];    /* the called AE title */
	unsigned matched, considered; /* entries */
	struct ui_wl_qline *lines;
	size_t n_lines;
};

struct ui_wl_queries;

/* Aborts when out of memory. */
struct ui_wl_queries *ui_wl_queries_new(void);
void ui_wl_queries_free(struct ui_wl_queries *q);

/* Folds one event; true when a query was added. */
bool ui_wl_queries_apply(struct ui_wl_queries *q, const struct dcb_event *ev);

/* The queries, newest first. */
size_t ui_wl_queries_count(const struct ui_wl_queries *q);
const struct ui_wl_query *ui_wl_queries_nth(const struct ui_wl_queries *q, size_t i);

/* True when text was written with the printf format fmt (each conversion
 * matching any text up to the literal after it); the text of the first n
 * conversions goes into out[i] (for tests, and the fold). */
bool ui_fmt_match(const char *fmt, const char *text, char out[][512], int n);

#endif
