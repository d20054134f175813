/* engine-int.h — what the engine's own files (engine.c, assoc.c,
 * scp-store.c, scu-store.c) share.  Not for other areas. */
#ifndef DCB_ENGINE_INT_H
#define DCB_ENGINE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>

#include "dimse.h"
#include "engine.h"
#include "loop.h"
#include "negotiate.h"
#include "pdu.h"
#include "store-file.h"
#include "trace-msg.h"
#include "ul.h"

#define ASSOC_INBUF 262144
/* The SCU hands the kernel up to this many P-DATA-TFs (and this many data
 * set bytes) in one gathered write: fewer system calls and wakeups on both
 * sides, each PDU still whole and at the peer's maximum. */
#define BATCH_PDUS 16
#define BATCH_BYTES (256 * 1024)

/* A negotiated context, compact (the decoded PDU is 300 KiB). */
struct ctx {
	uint8_t id;
	uint8_t result;
	char abstract_syntax[DCB_UID_SIZE];
	char ts[DCB_UID_SIZE];
};

/* SCP: the C-STORE being received. */
struct scp_op {
	bool active;
	bool discard;    /* refused: read the data set, write nothing */
	uint16_t status; /* what the response will say */
	char comment[DCB_DIMSE_COMMENT_SIZE];
	struct dcb_dimse_cmd rq;
	char ts[DCB_UID_SIZE];
	struct dcb_store_file *file;
	uint64_t bytes;
	uint8_t head[1024]; /* the data set's first bytes, for the UID check */
	size_t head_len;
};

struct scu_file;
struct scu_run;

struct assoc {
	struct assoc *next;
	struct dcb_engine *e;
	uint32_t id;
	bool requestor;
	struct dcb_transport *t;
	int fd;
	bool handshaking;
	bool dead; /* closed: freed at the end of the turn */
	bool closing; /* in assoc_close(): a failing last flush must not close twice */
	bool broken;
	bool stalled; /* its transport said "pending" but gave nothing: wait for poll */
	int emitted_state; /* last state reported in an event, 0 none */ /* the transport failed:
	                                                                    nothing more is sent */
	struct dcb_ul ul;
	struct dcb_pdu_reader rd;
	struct dcb_dimse_rx rx;
	struct dcb_pdu *pdu; /* the last control PDU decoded (heap), or NULL */
	char peer[64];
	char calling_ae[DCB_AE_SIZE];
	char called_ae[DCB_AE_SIZE];
	char reason[256]; /* why it ended, for the close event */
	/* negotiated */
	unsigned n_ctx;
	struct ctx ctx[DCB_MAX_CONTEXTS];
	uint32_t max_send;
	/* prepared outgoing control PDU (RQ/AC/RJ), heap */
	struct dcb_pdu *out_pdu;
	uint8_t abort_reason;
	/* output: queued control bytes, then one streamed P-DATA-TF */
	uint8_t *q;
	size_t q_len, q_off, q_cap;
	struct dcb_pdata_pdu spdu[BATCH_PDUS]; /* P-DATA-TFs of the streamed batch */
	struct iovec siov[4 * BATCH_PDUS];
	int sn;
	size_t s_total, s_done;
	uint8_t *dbuf; /* data set bytes of the streamed PDU */
	size_t dbuf_cap;
	/* timers (monotonic ms, 0 = off) */
	int64_t artim_at;
	int64_t acse_at;  /* -ta while waiting for AC/RJ or RELEASE-RP */
	int64_t dimse_at; /* -td while waiting for a message */
	/* the last P-DATA-TF summary each way (0 in, 1 out), reused while
	 * the PDUs keep the same shape */
	struct pdata_text {
		bool valid;
		uint32_t length;
		struct dcb_pdata_info info;
		struct dcb_ev_dimse msg;
		char text[512];
	} pdata_text[2];
	/* trace_fold: the data P-DATA-TF event held each way (0 in, 1 out)
	 * while more of its shape come in the same turn */
	struct pdu_fold {
		uint32_t n;
		struct dcb_event ev;
	} fold[2];
	/* the trace: the DIMSE message each way (0 in, 1 out), and the
	 * incoming P-DATA-TF being read (held until something else happens) */
	struct dcb_trace_msg msg[2];
	bool in_held;
	uint32_t in_len;
	/* raw capture of the incoming P-DATA-TF for its event */
	uint8_t raw[DCB_EVENT_RAW_MAX];
	uint32_t raw_len;
	/* services */
	struct scp_op op;
	struct scu_run *scu;        /* SCU: the job this association serves */
	struct dcb_pcap_flow *flow; /* --pcap: this connection in the capture, or NULL */
	unsigned hs_steps;          /* handshake calls that made progress (--drop-handshake) */
	uint8_t inbuf[ASSOC_INBUF];
};

struct job {
	struct job *next;
	int number;
	struct dcb_scu_job j; /* strings below are owned copies */
	char *host;
	char **paths;
};

enum cmd_kind { CMD_JOB, CMD_ADOPT };

struct cmd {
	struct cmd *next;
	enum cmd_kind kind;
	struct job *job;
	struct dcb_transport *t;
};

struct dcb_engine {
	struct dcb_engine_config cfg;
	dcb_event_fn sink;
	void *user;
	struct dcb_loop *loop;
	int listen_fd[4];
	int n_listen;
	struct assoc *assocs;
	uint32_t next_assoc_id;
	unsigned n_open;
	struct dcb_engine_stats stats;
	unsigned trace_held; /* trace events held back: folds, incoming P-DATA-TFs */
	/* SCU */
	struct job *jobs, *jobs_tail;
	struct scu_run *scu; /* the job being worked on */
	int next_job;
	/* from other threads */
	pthread_mutex_t mu;
	struct cmd *cmds, *cmds_tail;
	atomic_bool stop;
	bool running;
};

/* Copies s into a->reason, cut to fit. */
static inline void
assoc_set_reason(struct assoc *a, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof a->reason)
		n = sizeof a->reason - 1;
	memcpy(a->reason, s, n);
	a->reason[n] = '\0';
}

/* engine.c */
/* Emits ev, after every trace event held back (assoc_trace_release). */
void eng_emit(struct dcb_engine *e, uint32_t assoc_id, struct dcb_event *ev);
/* Sets side, association and time (now) of an event held back. */
void eng_stamp(struct dcb_engine *e, uint32_t assoc_id, struct dcb_event *ev);
/* Hands an event already stamped to the sink. */
void eng_deliver(struct dcb_engine *e, const struct dcb_event *ev);
void eng_log(struct dcb_engine *e, uint32_t assoc_id, enum dcb_log_level level, const char *fmt,
             ...) DCB_PRINTF(4, 5);
void eng_error(struct dcb_engine *e, uint32_t assoc_id, const char *fmt, ...) DCB_PRINTF(3, 4);

/* assoc.c */
void assoc_finding(const struct dcb_finding *f, void *user); /* user: struct assoc */
struct assoc *assoc_new(struct dcb_engine *e, struct dcb_transport *t, bool requestor,
                        struct dcb_error *err);
void assoc_start(struct assoc *a);
void assoc_free(struct assoc *a);
void assoc_close(struct assoc *a);
void assoc_update_poll(struct assoc *a);
int assoc_ul(struct assoc *a, enum dcb_ul_event ev, bool rq_acceptable);
int assoc_send_pdu(struct assoc *a, struct dcb_pdu *pdu);
int assoc_send_command(struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *c);
void assoc_abort(struct assoc *a, const char *reason);
bool assoc_out_empty(const struct assoc *a);
int assoc_flush(struct assoc *a);
void assoc_timers(struct assoc *a, int64_t now);
int64_t assoc_next_deadline(const struct assoc *a);
const struct ctx *assoc_ctx(const struct assoc *a, uint8_t id);
void assoc_emit_state(struct assoc *a);
void assoc_emit_contexts(struct assoc *a);
/* Input the transport holds where poll() cannot see it (TLS records read
 * ahead): the engine reads it before it polls again. */
bool assoc_pending(const struct assoc *a);
void assoc_read_pending(struct assoc *a);
/* Emits every trace event held back by any association (folds, incoming
 * P-DATA-TFs being read), oldest first: nothing else may pass them. */
void assoc_trace_release(struct dcb_engine *e);
/* At the end of a loop turn: emits the folds (a P-DATA-TF still being
 * read waits for its end, or for the next event). */
void assoc_trace_flush(struct assoc *a);
void assoc_trace_out(struct assoc *a, const struct dcb_pdu *pdu, const struct iovec *iov, int n);

/* assoc-tap.c: the capture tap (pcap.h) and --drop-handshake */
void tap_begin(struct assoc *a);
void tap_bytes(struct assoc *a, bool in, const void *p, size_t n);
void tap_iov(struct assoc *a, const struct iovec *iov, int n, size_t skip, size_t len);
void tap_end(struct assoc *a);
int tap_handshake(struct assoc *a, struct dcb_error *err);

/* scp-store.c: the acceptor's decisions and services */
void scp_on_associate(struct assoc *a);
void scp_on_rx(struct assoc *a, const struct dcb_dimse_rx_out *o);
void scp_on_close(struct assoc *a);
void scp_sync(struct assoc *a); /* before the input buffer is reused */

/* scu-store.c */
int scu_start_job(struct dcb_engine *e, struct job *job);
void scu_on_accept(struct assoc *a);
void scu_on_rx(struct assoc *a, const struct dcb_dimse_rx_out *o);
void scu_pump(struct assoc *a);
void scu_on_close(struct assoc *a);
void scu_tick(struct dcb_engine *e);
void scu_free_run(struct scu_run *r);

#endif
