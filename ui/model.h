/* model.h — the dashboard's view model, in plain C (no curses).
 *
 * The engines report dcb_events; ui_model_apply() folds each one into the
 * state the panes draw from and returns which parts became dirty.  The
 * model never draws and never blocks: the unit tests feed it events and
 * look at the state (tests/test-ui-model.c).
 *
 * The associations of both engines are one list; each pane draws its
 * side's (ui_model_assoc_rows), a C-MOVE's sub-association under the
 * association that asked for the move.  The per-side summaries (counts,
 * throughput, the send job) stay per side.
 *
 * Coalescing: progress events only overwrite counters; consecutive data
 * P-DATA-TF PDUs of one association, direction and DIMSE message fold into
 * one trace line with a count (and the time of the first); throughput is computed over windows of at least 0.5 s so
 * that the numbers on screen change at most a few times a second. */
#ifndef UI_MODEL_H
#define UI_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "../src/events.h"
#include "../src/ladder.h"
#include "qr-results.h"

#define UI_MAX_LISTEN 4
#define UI_MAX_ASSOC 16 /* associations kept, of both sides */
#define UI_MAX_CTX 16
#define UI_MAX_FILES 256    /* per-file results kept (SCU) */
#define UI_TRACE_MAX 1024   /* trace lines kept */
#define UI_FINDINGS_MAX 512 /* findings kept */
#define UI_LADDER_MAX 4096  /* ladder events kept (data of one message counts once) */

/* Dirty bits: which panes must be drawn again. */
enum {
	UI_DIRTY_SCP = 1u << 0,
	UI_DIRTY_SCU = 1u << 1,
	UI_DIRTY_TRACE = 1u << 2,
	UI_DIRTY_FINDINGS = 1u << 3,
	UI_DIRTY_STATUS = 1u << 4,
	UI_DIRTY_ALL = 0xffu,
};

struct ui_ctx {
	uint8_t id;
	bool accepted;
	uint8_t result;
	char abstract_syntax[65];
	char transfer_syntax[65];
};

/* One association, of either engine.  A C-MOVE's sub-association (the
 * SCP's C-STOREs to the move destination) names its parent: the
 * association that carried the C-MOVE-RQ, found by the C-STORE-RQs' Move
 * Originator AE Title and Message ID as the ladder does it
 * (dcb_ladder_is_sub_operation). */
struct ui_assoc {
	uint32_t id;              /* the engine's number */
	enum dcb_side side;       /* the engine that reports it */
	bool requestor;           /* it went out: our end asked for it (Sta4, Sta5, or it sent
	                           * the A-ASSOCIATE-RQ); else it came in */
	unsigned serial;          /* the model's own number, growing: unique over both sides */
	unsigned parent;          /* serial of the association whose C-MOVE caused it, 0 none */
	int job;                  /* the job that opened it, 0 none */
	struct dcb_ev_dimse move; /* the last C-MOVE-RQ it carried (move.known: one) */
	unsigned messages;        /* DIMSE messages sent and received on it */
	char last_message[128];   /* the last one in words: "C-FIND-RSP ID=1 (Pending)" */
	int state;                /* Sta1..Sta13; 1 = closed */
	bool closed;
	char peer[64];
	char calling_ae[17];
	char called_ae[17];
	char reason[256];
	bool tls; /* a TLS handshake finished on it */
	bool tls_ok;
	char tls_version[16];
	int nctx;
	struct ui_ctx ctx[UI_MAX_CTX];
};

struct ui_listener {
	char address[64];
	bool tls;
	char ae_title[17];
};

/* Throughput over windows of at least 0.5 s. */
struct ui_rate {
	double t0;          /* start of the window, seconds */
	uint64_t b0;        /* bytes at t0 */
	double last_change; /* when bytes last grew */
	double bytes_per_s;
};

struct ui_file_status {
	char path[1024];
	bool ok;
	uint16_t status;
	char reason[256];
	uint64_t bytes;
};

struct ui_side_state {
	int nlisten;
	struct ui_listener listen[UI_MAX_LISTEN];
	struct ui_ev_tls_copy {
		bool valid;
		struct dcb_ev_tls tls;
	} last_tls;
	char last_error[512];
	uint64_t bytes_done; /* completed objects */
	uint64_t bytes;      /* completed + current object */
	struct ui_rate rate;

	/* SCP */
	unsigned received;
	char last_stored[1024];
	bool archive_on;   /* the SCP keeps an archive index */
	size_t archive[4]; /* what it holds: patients, studies, series, instances */
	bool archive_indexing; /* its index is being reconciled with the folder: */
	size_t archive_done, archive_total; /* files looked at, of (0: counting) */

	/* SCU */
	bool busy;      /* a job runs */
	int job;        /* the send job's number (running or last), 0 unknown */
	int echo_job;   /* the last C-ECHO job's number (F6), 0 none or unknown */
	char peer[128]; /* "PACS @ 127.0.0.1:11112" */
	unsigned queued;             /* objects in the job: files × repeat */
	unsigned job_files, job_repeat; /* what the job was made of */
	unsigned done, failed, warnings; /* objects sent / failed so far */
	char current[256];
	uint64_t cur_done, cur_total;
	uint64_t job_done, job_total;
	uint64_t job_base; /* bytes_done when the job started */
	bool commit_seen;  /* the last send's storage commitment (scu-commit), as */
	struct dcb_ev_commit commit; /* its last event says */
	unsigned nfiles;   /* results recorded (ring of UI_MAX_FILES) */
	struct ui_file_status files[UI_MAX_FILES];
};

enum ui_trace_kind {
	UI_TRACE_PDU,
	UI_TRACE_TLS,
	UI_TRACE_STATE,
	UI_TRACE_CONTEXT,
	UI_TRACE_ERROR,
	UI_TRACE_LOG,
};

struct ui_trace_entry {
	uint64_t seq;
	struct timespec time;
	enum dcb_side side;
	uint32_t assoc_id;
	enum ui_trace_kind kind;
	bool outgoing;
	uint8_t pdu_type;
	bool data_pdv; /* P-DATA-TF carrying data (not a command) */
	uint32_t length;
	unsigned count; /* PDUs folded into this line (>= 1) */
	uint64_t bytes; /* sum of their lengths */
	struct dcb_ev_dimse dimse; /* P-DATA-TF: the DIMSE message it carries */
	char text[512];
	uint32_t raw_len;
	uint8_t raw[DCB_EVENT_RAW_MAX];
};

struct ui_finding_entry {
	struct dcb_finding f;
	enum dcb_side side;
	uint32_t assoc_id;
	bool from_file;
	char source[256]; /* file name, or "" for the wire */
};

struct ui_model {
	struct ui_side_state scp, scu;
	int nassoc; /* most recent first, of both sides */
	struct ui_assoc assoc[UI_MAX_ASSOC];
	unsigned assoc_serial; /* the last serial given */
	uint64_t trace_next; /* seq of the next trace line */
	struct ui_trace_entry trace[UI_TRACE_MAX];
	unsigned nfindings; /* total ever added */
	unsigned findings_dropped;
	struct ui_finding_entry findings[UI_FINDINGS_MAX];
	unsigned findings_errors, findings_warnings;
	char status[512]; /* last message for the status line */
	struct dcb_ladder_log ladder; /* PDU and state events for the ladder view */
	struct ui_qr_results qr;      /* the SCU's query results and retrieve */
	unsigned dirty;
};

/* Allocates a cleared model (aborts when out of memory: ui/ may). */
struct ui_model *ui_model_new(void);
void ui_model_free(struct ui_model *m);

/* Folds one event into the state; returns the dirty bits it set (also
 * or-ed into m->dirty). */
unsigned ui_model_apply(struct ui_model *m, const struct dcb_event *ev);

/* Recomputes throughputs at time now (seconds, same clock as the events'
 * time); returns dirty bits when a shown number changed. */
unsigned ui_model_tick(struct ui_model *m, double now);

/* The SCU starts a send job to peer, numbered job (the engine's number,
 * which its end carries; 0 unknown): nfiles files of total bytes together
 * (0 if unknown), each sent repeat times (0 or 1: once).  The job counts
 * objects, nfiles × repeat, and its progress runs over total × repeat. */
void ui_model_scu_job(struct ui_model *m, int job, unsigned nfiles, unsigned repeat, uint64_t total,
                      const char *peer);

/* The SCU's C-ECHO of its peer (F6) went out as job (0: number unknown):
 * its end is said in the status line, and is no query's or send's. */
void ui_model_scu_echo(struct ui_model *m, int job);

/* One row of a pane's associations: a C-MOVE's sub-association comes
 * right after the association that asked for the C-MOVE, one deeper. */
struct ui_assoc_row {
	const struct ui_assoc *a;
	int depth; /* 0, or 1 + its parent's */
};

/* The associations of side as its pane lists them, most recent first,
 * each followed by its sub-associations of the same side (a parent kept on
 * the other side, or no more, leaves it at depth 0).  Fills up to max
 * rows; returns their count. */
int ui_model_assoc_rows(const struct ui_model *m, enum dcb_side side, struct ui_assoc_row *rows,
                        int max);

/* The most recent association of side with the engine's number id, or
 * NULL. */
const struct ui_assoc *ui_model_assoc_find(const struct ui_model *m, enum dcb_side side,
                                           uint32_t id);

/* The SCU's counts in words: "3 of 4 objects · 2 sent · 1 failed", and
 * "· 2 files × 2" for a repeated job.  Like snprintf. */
size_t ui_model_scu_counts(const struct ui_model *m, char *buf, size_t size);

/* The last send's storage commitment in words: "storage commitment:
 * waiting for the report (3 objects)", "storage commitment: 3 of 3
 * committed · 0 failed", "storage commitment: none: why"; "" when the
 * send asked none.  Like snprintf. */
size_t ui_model_commit_text(const struct ui_model *m, char *buf, size_t size);

/* The SCP's archive holds counts (patients, studies, series, instances;
 * NULL: the SCP keeps no archive).  Returns the dirty bits. */
unsigned ui_model_scp_archive(struct ui_model *m, const size_t counts[4]);

/* The SCP's archive index is being reconciled with its folder: done of
 * total files looked at (total 0 while counting).  Returns the dirty bits. */
unsigned ui_model_scp_archive_progress(struct ui_model *m, size_t done, size_t total);

/* The archive's counts in words: "2 patients · 3 studies · 3 series ·
 * 12 instances".  Like snprintf. */
size_t ui_model_archive_counts(const struct ui_model *m, char *buf, size_t size);

/* Adds a finding found in a file (the browser's checks). */
void ui_model_add_file_finding(struct ui_model *m, const struct dcb_finding *f, const char *file);

/* The trace is in time order: an event older than lines already there
 * (the other engine's thread was late) is inserted before them, and the
 * seqs of those lines grow by one.
 * Trace access: the oldest kept seq, and the entry for seq (NULL when it
 * has been dropped or does not exist yet). */
uint64_t ui_model_trace_first(const struct ui_model *m);
const struct ui_trace_entry *ui_model_trace_get(const struct ui_model *m, uint64_t seq);

/* Findings access: count kept and the i-th kept (0 = oldest). */
unsigned ui_model_findings_count(const struct ui_model *m);
const struct ui_finding_entry *ui_model_finding(const struct ui_model *m, unsigned i);

/* The i-th most recent file result of the SCU (0 = newest), or NULL. */
const struct ui_file_status *ui_model_scu_file(const struct ui_model *m, unsigned i);

/* Untranslated PDU type name: "A-ASSOCIATE-RQ", ..., "PDU 0x09". */
const char *ui_pdu_name(uint8_t type, char *buf, size_t size);

/* Seconds of a timespec as double. */
double ui_ts_seconds(const struct timespec *ts);

#endif
