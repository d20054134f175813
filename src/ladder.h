/* ladder.h — the trace as a ladder diagram: one column per application
 * entity, time going down, one arrow per PDU and per DIMSE message.
 *
 * Pure: the layout takes ladder events (compact copies of the engine's
 * events, dcb_ladder_ev_from()) in any order and returns rows.  Events of
 * the SCP and SCU engines come from two threads, so the layout sorts them
 * by time first.  When both ends of an association are ours (the
 * dashboard sending to its own SCP), each PDU is drawn once, from the
 * sender's report.  Data P-DATA-TFs of one message fold into one bar with
 * a count and bytes; state changes become notes on their side; a C-MOVE's
 * sub-association is nested under the C-MOVE that caused it (Move
 * Originator AE Title and Message ID, (0000,1030)/(0000,1031)), and an
 * N-EVENT-REPORT is linked to the N-ACTION it answers (the same
 * Transaction UID when both data sets were kept, else the latest N-ACTION
 * of its SOP class the other way), with the time between them. */
#ifndef DCB_LADDER_H
#define DCB_LADDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "events.h"

#define DCB_LADDER_MAX_COLS 8
#define DCB_LADDER_NAME 24

/* What the ladder keeps of one event. */
struct dcb_ladder_ev {
	struct timespec time;
	enum dcb_side side;
	uint32_t assoc_id;
	bool is_pdu;          /* else a state change */
	bool outgoing;
	uint8_t pdu_type;
	uint32_t length;
	uint32_t repeat;
	struct dcb_ev_dimse msg;
	int state;            /* state changes: 1..13 */
	unsigned contexts;    /* A-ASSOCIATE-RQ: proposed; -AC: accepted (0: unknown) */
	bool is_context;      /* a presentation context's result, not drawn: counted into
	                       * its association's A-ASSOCIATE rows when their PDUs were
	                       * too long to keep whole */
	bool accepted;        /* is_context: the context was accepted */
	char calling[17];     /* the association's AE titles, when the event tells */
	char called[17];
	char note[64];        /* a reason, a rejection in words */
	char txn[65];         /* data of an N-ACTION-RQ or N-EVENT-REPORT-RQ: its Transaction
	                       * UID (0008,1195) when the event kept the data set whole */
};

/* Whether the C-STORE-RQ store is a sub-operation of the C-MOVE-RQ move,
 * carried by an association whose calling AE title is calling: store's
 * Move Originator Message ID (0000,1031) is move's Message ID and its Move
 * Originator AE Title (0000,1030), when sent, is calling.  (The ladder
 * nests by it, and so does the dashboard's list of associations.) */
bool dcb_ladder_is_sub_operation(const struct dcb_ev_dimse *store, const struct dcb_ev_dimse *move,
                                 const char *calling);

/* Copies what the ladder needs from ev; false for events it does not
 * draw (logs, progress, ...). */
bool dcb_ladder_ev_from(const struct dcb_event *ev, struct dcb_ladder_ev *out);

/* A growing list of ladder events, as a trace records them: data
 * P-DATA-TFs of one message in a row are kept as one event with a count,
 * so the list grows with the messages, not with the bytes. */
struct dcb_ladder_log {
	struct dcb_ladder_ev *ev; /* owned */
	size_t n, cap;
	size_t max;               /* 0: no limit; else the oldest go first */
};

/* Adds ev if the ladder draws it.  Returns 0, or DCB_ERR_NOMEM. */
int dcb_ladder_log_add(struct dcb_ladder_log *log, const struct dcb_event *ev);
void dcb_ladder_log_clear(struct dcb_ladder_log *log);

enum dcb_ladder_row_kind {
	DCB_LADDER_ARROW,     /* a PDU or a DIMSE message */
	DCB_LADDER_DATA,      /* data P-DATA-TFs of one message, folded */
	DCB_LADDER_NOTE,      /* a state change, on its side's column */
};

struct dcb_ladder_row {
	enum dcb_ladder_row_kind kind;
	struct timespec time;
	int from, to;         /* columns; a note has from == to */
	int depth;            /* nesting: 0, or 1 + its parent association's */
	unsigned assoc;       /* the association, numbered from 1 in order of appearance */
	uint32_t count;       /* PDUs this row stands for */
	uint64_t bytes;
	size_t ev;            /* the (first) event it stands for, an index into the input */
	int link;             /* row it answers or was caused by, -1 none */
	double link_seconds;  /* time since that row */
	char label[128];      /* "C-STORE-RQ #4 CT", "data ×40 (655360 bytes)" */
};

struct dcb_ladder {
	unsigned ncols;
	char cols[DCB_LADDER_MAX_COLS][DCB_LADDER_NAME];
	size_t nrows;
	struct dcb_ladder_row *rows; /* owned */
};

/* Lays out evs[0..n) (any order; evs is not changed) into *out, which the
 * caller frees with dcb_ladder_clear().  Returns 0, or DCB_ERR_NOMEM. */
int dcb_ladder_layout(const struct dcb_ladder_ev *evs, size_t n, struct dcb_ladder *out);
void dcb_ladder_clear(struct dcb_ladder *l);

#endif
