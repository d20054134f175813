/* qr-results.h — the SCU side's query results: one row per C-FIND answer,
 * and the retrieve (C-MOVE) of a row with its sub-operation counts.
 * Plain C (no curses): the model folds the SCU's DCB_EV_RESPONSE events
 * into it, the SCU pane draws it (tests/test-ui-qr.c). */
#ifndef UI_QR_RESULTS_H
#define UI_QR_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "../src/archive.h"
#include "../src/events.h"

#define UI_QR_ROWS_MAX 256 /* answers kept; more are counted */

enum ui_qr_state { UI_QR_NONE, UI_QR_RUNNING, UI_QR_DONE, UI_QR_FAILED };

/* The procedure step (MPPS) the SCU performs for a worklist entry. */
enum ui_step_state { UI_STEP_NONE, UI_STEP_IN_PROGRESS, UI_STEP_COMPLETED, UI_STEP_DISCONTINUED };

/* One answer: the keys the dashboard asks for at every level. */
struct ui_qr_row {
	char patient_name[65], patient_id[65];
	char study_date[17], modality[65], accession[17], description[65];
	char study_uid[65], series_uid[65], sop_uid[65];
	char instances[13]; /* Number of ... Related Instances, "" if not sent */
	/* a worklist entry: its identifier (explicit VR LE, heap; NULL when
	 * not kept) and the step the SCU performs for it */
	uint8_t *item;
	uint32_t item_len;
	enum ui_step_state step;
	char step_uid[65];
	unsigned step_files; /* the SCU's file results before the step began */
};

struct ui_qr_results {
	bool shown; /* the SCU pane shows the results (a query was made since the
	             * last send) */
	enum dcb_qr_level level;
	bool worklist; /* a Modality Worklist query: rows are scheduled steps */
	enum ui_qr_state find;
	uint16_t find_status; /* the final C-FIND-RSP's */
	unsigned answers;     /* answers received, kept or not */
	unsigned n;           /* rows kept */
	struct ui_qr_row rows[UI_QR_ROWS_MAX];
	int cursor;           /* the row the keys act on */
	/* the retrieve (C-MOVE, or C-GET when get) of the last row asked for */
	enum ui_qr_state move;
	bool get;
	int move_row;
	char move_dest[17]; /* C-MOVE: the destination */
	uint16_t move_status;
	unsigned remaining, completed, failed, warning;
	/* the MPPS request for a worklist row under way (one at a time) */
	enum ui_qr_state mpps;
	int mpps_row;
	enum ui_step_state mpps_to; /* the state it asks for */
	/* the C-ECHO of a peer of the AE table (the peers dialog) */
	enum ui_qr_state echo;
	char echo_ae[17];
	unsigned jobs; /* query/retrieve/echo jobs under way */
	int find_job, move_job, mpps_job; /* the query's, the retrieve's and the
	                                   * step's job numbers, from their answers
	                                   * (0: none came yet) */
	char error[256]; /* why the last one failed, "" if it did not */
};

/* What the dashboard asks the SCU's peer: a C-FIND with these keys
 * (empty: a return key), or a C-MOVE (to dest) or C-GET of the entities
 * the unique keys name. */
enum ui_qr_op { UI_QR_OP_FIND, UI_QR_OP_MOVE, UI_QR_OP_GET };

struct ui_qr_request {
	enum ui_qr_op op;
	enum dcb_qr_level level;
	bool worklist; /* a Modality Worklist C-FIND (the level is not sent) */
	char patient_name[65], patient_id[65], study_date[32], modality[17], accession[17];
	char study_uid[65], series_uid[65], sop_uid[65];
	char dest[17];
};

/* The C-MOVE of row i to dest (NULL: its C-GET): its level's unique
 * keys and those above it.  false when there is no such row. */
bool ui_qr_row_request(const struct ui_qr_results *r, int i, const char *dest,
                       struct ui_qr_request *rq);

/* ui_qr_level_parse()'s answer for "WORKLIST": a Modality Worklist query. */
#define UI_QR_WORKLIST 4

/* A query at level starts (worklist: a Modality Worklist query): the rows go. */
void ui_qr_begin_find(struct ui_qr_results *r, enum dcb_qr_level level, bool worklist);

/* A retrieve of row starts: a C-MOVE to the AE title dest, or (dest
 * NULL) a C-GET. */
void ui_qr_begin_retrieve(struct ui_qr_results *r, int row, const char *dest);

/* A C-ECHO of the peer ae starts; its job's end says how it went. */
void ui_qr_begin_echo(struct ui_qr_results *r, const char *ae);

/* "C-ECHO DEST: answered", "C-ECHO DEST: no answer", "" if none. */
size_t ui_qr_echo_text(const struct ui_qr_results *r, char *buf, size_t size);

/* Folds an SCU event in: a C-FIND-RSP's identifier becomes a row, its
 * final status ends the query; a C-MOVE-RSP's counts and final status go
 * to the retrieve; an N-CREATE-RSP or N-SET-RSP moves the row's step; a
 * job's end (told by the job number its answers carried) fails its
 * request when that is still open; the end of a job that sent no answer
 * ends an echo, or fails the request still open (the association did not
 * come about).  Returns true when something shown
 * changed. */
bool ui_qr_apply(struct ui_qr_results *r, const struct dcb_event *ev);

/* Frees what the rows hold (the model is freed). */
void ui_qr_clear(struct ui_qr_results *r);

/* An MPPS request for worklist row starts: N-CREATE of step uid (to
 * IN PROGRESS), or the N-SET to COMPLETED or DISCONTINUED of its step.
 * files: the SCU's file results so far (the step's images come after). */
void ui_qr_begin_step(struct ui_qr_results *r, int row, enum ui_step_state to, const char *uid,
                      unsigned files);

/* "IN PROGRESS", "COMPLETED", "DISCONTINUED" (the attribute's values),
 * "" for none. */
const char *ui_step_state_name(enum ui_step_state s);

/* The MPPS request's state in words: "N-CREATE of entry 2: …", "entry 2
 * IN PROGRESS (step 2.25…)", "N-SET of entry 2 failed: 0x0110 …"; "" if
 * none was made.  Like snprintf. */
size_t ui_qr_step_text(const struct ui_qr_results *r, char *buf, size_t size);

/* The engines restarted (new settings): their jobs ended without a word;
 * what was under way failed. */
void ui_qr_restarted(struct ui_qr_results *r);

/* Moves the cursor by delta rows (clamped); true when it moved. */
bool ui_qr_cursor(struct ui_qr_results *r, int delta);

/* The query's and the retrieve's state in words: "3 studies found",
 * "C-MOVE → PACS: 2 completed · 0 failed · 1 remaining", "C-GET done: 2
 * completed · 0 failed".  Like snprintf. */
size_t ui_qr_find_text(const struct ui_qr_results *r, char *buf, size_t size);
size_t ui_qr_move_text(const struct ui_qr_results *r, char *buf, size_t size);

/* One row as a line: name, ID, date, modality, accession and the row's
 * level's own key (description or UID). */
size_t ui_qr_row_text(const struct ui_qr_results *r, int i, char *buf, size_t size);

/* "PATIENT", "STUDY", "SERIES", "IMAGE" (the Query/Retrieve Level's
 * values), and back (case ignored); -1 for none. */
const char *ui_qr_level_name(enum dcb_qr_level level);
int ui_qr_level_parse(const char *s);

#endif
