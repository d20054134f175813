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
#include "transport-tcp.h"
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
	/* the roles of the association's requestor for this abstract syntax
	 * (PS3.7 D.3.3.4): SCU only unless a role selection item said so */
	bool requestor_scu, requestor_scp;
	char abstract_syntax[DCB_UID_SIZE];
	char ts[DCB_UID_SIZE];
};

struct assoc;

/* A batch of streamed P-DATA-TFs: their headers, the gathered write's
 * vector, and the data set bytes they carry. */
struct assoc_stream {
	struct dcb_pdata_pdu spdu[BATCH_PDUS];
	struct iovec siov[4 * BATCH_PDUS];
	size_t cap;
	uint8_t buf[]; /* cap bytes */
};

/* What the owner of an association does at each point of its life: the
 * acceptor (acceptor.c: policy, then the service table) for associations
 * that came in, the one who opened it (the storage SCU, a service) for
 * those that go out.  The association calls these and knows no service
 * by name.  Each may be NULL. */
struct assoc_ops {
	/* acceptor: the A-ASSOCIATE-RQ in a->pdu wants an AC or RJ
	 * (assoc_ul(DCB_EVT7/DCB_EVT8) with a->out_pdu prepared) */
	void (*on_associate)(struct assoc *a);
	/* requestor: the A-ASSOCIATE-AC in a->pdu arrived */
	void (*on_accept)(struct assoc *a);
	/* a DIMSE message, its data or its end arrived (a->rx.cmd) */
	void (*on_rx)(struct assoc *a, const struct dcb_dimse_rx_out *o);
	/* the output queue is empty in Sta6: send what is next */
	void (*pump)(struct assoc *a);
	/* the input buffer is about to be reused: finish with its slices */
	void (*sync)(struct assoc *a);
	/* the association ended (a->reason says why); free what a->user holds */
	void (*on_close)(struct assoc *a);
};

struct assoc {
	struct assoc *next;
	struct dcb_engine *e;
	uint32_t id;
	int job; /* the job that opened it (its number), 0 none: its events carry it */
	bool requestor;
	struct dcb_transport *t;    /* NULL while connecting */
	struct dcb_tcp_connecting *connecting; /* Sta4: the connect under way */
	enum dcb_conn_tls conn_tls; /* requestor: TLS or not, as its opener chose */
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
	struct dcb_dimse_rx *rx; /* from the first P-DATA-TF on */
	struct dcb_pdu *pdu; /* the last control PDU decoded (heap), or NULL */
	char peer[64];
	char calling_ae[DCB_AE_SIZE];
	char called_ae[DCB_AE_SIZE];
	char reason[256]; /* why it ended, for the close event */
	/* negotiated */
	unsigned n_ctx;
	struct ctx *ctx; /* n_ctx of them, from the AC */
	uint32_t max_send;
	/* prepared outgoing control PDU (RQ/AC/RJ), heap */
	struct dcb_pdu *out_pdu;
	uint8_t abort_reason;
	/* output: queued control bytes, then one streamed P-DATA-TF */
	uint8_t *q;
	size_t q_len, q_off, q_cap;
	struct assoc_stream *st; /* whoever streams data sets allocates it */
	int sn;                  /* iovecs of st->siov in the batch being written */
	size_t s_total, s_done;
	/* timers (monotonic ms, 0 = off) */
	int64_t artim_at;
	int64_t acse_at;  /* -ta while waiting for AC/RJ or RELEASE-RP */
	int64_t dimse_at; /* -td while waiting for a message */
	int64_t paused_until; /* a scenario's delay: nothing is read until then */
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
	} *fold; /* [2], made with the first data PDU folded (an event is kilobytes) */
	/* the trace: the DIMSE message each way (0 in, 1 out), and the
	 * incoming P-DATA-TF being read (held until something else happens) */
	struct dcb_trace_msg *msg; /* [0] in, [1] out: with trace_pdus, from the first P-DATA-TF */
	bool in_held;
	uint32_t in_pdu_len; /* its PDU length */
	/* raw capture of the incoming P-DATA-TF for its event */
	uint8_t raw[DCB_EVENT_RAW_MAX];
	uint32_t raw_len;
	/* its owner */
	const struct assoc_ops *ops;
	void *user;                 /* the owner's state (acceptor, SCU run) */
	struct dcb_pcap_flow *flow; /* --pcap: this connection in the capture, or NULL */
	unsigned hs_steps;          /* handshake calls that made progress (--drop-handshake) */
	/* input: allocated with the first bytes (an idle connection holds no
	 * PDU-sized buffer); [in_off, in_len) not yet fed to the reader when a
	 * pause came in the middle of a read */
	uint8_t *inbuf;
	size_t in_off, in_len;
};

struct scu_run;

/* A timer of the engine's loop, for work that waits on no association (a
 * storage commitment report sent later, the SCU's wait for it).  While one
 * is pending, the engine is not idle. */
struct eng_timer {
	struct eng_timer *next;
	int64_t at; /* monotonic ms */
	/* the time came; the timer is gone when this is called */
	void (*fire)(void *user);
	/* the engine is freed with the timer pending: free what user holds */
	void (*drop)(void *user);
	void *user;
};

/* Who hears of a job's files besides the event sink: the service that
 * started it inside the engine (a C-MOVE's sub-operations). */
struct job_observer {
	/* one file's C-STORE ended (status 0xffff: none came) */
	void (*on_file)(void *user, const char *path, bool ok, uint16_t status,
	                const char *reason);
	/* every file is done; the job is freed after this returns */
	void (*on_done)(void *user);
	void *user;
};

struct job {
	struct job *next;
	int number;
	struct dcb_scu_job j; /* strings below are owned copies */
	char *host;
	char **paths;
	/* C-MOVE sub-operations: the C-STORE-RQs carry (0000,1030)/(0000,1031) */
	char move_originator_ae[DCB_AE_SIZE];
	uint16_t move_originator_id;
	struct job_observer obs; /* on_file NULL: none (a job from dcb_engine_submit) */
};

/* A query job (dcb_engine_submit_query): a copy of the caller's with
 * owned strings and each identifier encoded in explicit VR little endian. */
struct qr_job {
	int number;
	struct dcb_qr_job j; /* host, model and find_model point below; identifiers NULL */
	char *host;
	char model[DCB_UID_SIZE];
	char find_model[DCB_UID_SIZE];
	uint8_t **ids; /* j.n_identifiers encoded identifiers */
	size_t *id_len;
};

struct qr_run;

enum cmd_kind { CMD_JOB, CMD_ADOPT, CMD_QUERY };

struct cmd {
	struct cmd *next;
	enum cmd_kind kind;
	struct job *job;
	struct dcb_transport *t;
	struct qr_job *qr;
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
	struct scu_run *runs; /* the jobs being worked on, each with its associations */
	struct qr_run *qr_runs; /* the query jobs being worked on (scu-query.c) */
	struct eng_timer *timers; /* eng_timer_add(), in no order */
	struct commit_wait *commits; /* scu-commit.c: requests waiting for their report */
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
/* Sets side, association, the association's job (when ev names none) and
 * time (now) of an event held back. */
void eng_stamp(struct dcb_engine *e, uint32_t assoc_id, struct dcb_event *ev);
/* Hands an event already stamped to the sink. */
void eng_deliver(struct dcb_engine *e, const struct dcb_event *ev);
void eng_log(struct dcb_engine *e, uint32_t assoc_id, enum dcb_log_level level, const char *fmt,
             ...) DCB_PRINTF(4, 5);
void eng_error(struct dcb_engine *e, uint32_t assoc_id, const char *fmt, ...) DCB_PRINTF(3, 4);
/* Copies s into out in quotes, control characters and bytes past ASCII
 * shown as \xNN, so leading spaces and invisible bytes can be seen. */
void eng_visible(const char *s, char *out, size_t size);
/* Opens an association to host:port for ops/user, proposing rq (copied:
 * its called and calling AE titles, contexts, roles), for job (its number,
 * which the association's events carry; 0 none), over TLS or not as tls
 * says.  The connection is made without blocking (Sta4), or through
 * cfg.connect; how it went, the owner learns through ops (on_accept,
 * on_close with a->reason).  NULL with err when it could not even start
 * (no address, DCB_CONN_TLS without cfg.tls_client, out of memory). */
struct assoc *eng_open(struct dcb_engine *e, int job, const char *host, int port,
                       enum dcb_conn_tls tls,
                       const struct dcb_pdu *rq, const struct assoc_ops *ops, void *user,
                       struct dcb_error *err);
/* A new A-ASSOCIATE-RQ (heap) to called_ae from the engine's AE title,
 * with its maximum PDU length and implementation UID and version, no
 * contexts yet; NULL when out of memory. */
struct dcb_pdu *eng_new_rq(const struct dcb_engine *e, const char *called_ae);
/* Requestor: checks the A-ASSOCIATE-AC in a->pdu against rq (the RQ sent):
 * keeps the contexts, says which were not accepted and why (storage SOP
 * classes only under -d when quiet_storage), sets a->max_send and reports
 * the contexts.  Returns the number of usable contexts, or -1 after
 * aborting the association (out of memory, a maximum PDU too small). */
int eng_check_ac(struct assoc *a, const struct dcb_pdu *rq, bool quiet_storage);
/* Requestor: the A-ASSOCIATE-RJ in a->pdu as an error, with advice. */
void eng_explain_reject(struct assoc *a);
/* A timer firing in ms milliseconds (fire and drop as struct eng_timer
 * says; drop may be NULL); NULL when out of memory. */
struct eng_timer *eng_timer_add(struct dcb_engine *e, unsigned ms, void (*fire)(void *user),
                                void (*drop)(void *user), void *user);
/* Takes a pending timer back (neither fire nor drop is called); NULL is
 * fine. */
void eng_timer_cancel(struct dcb_engine *e, struct eng_timer *t);
/* Requestor: the A-ASSOCIATE-AC in a->pdu answers *rq (freed here and set
 * to NULL): checked against it, its contexts kept, the send limit set, the
 * contexts reported.  0, or < 0 after the association was aborted. */
int eng_take_ac(struct assoc *a, struct dcb_pdu **rq);
/* Requestor: asks to release a (A-RELEASE-RQ, logged), with -ta as the
 * limit for the answer. */
void eng_release(struct assoc *a);
/* Associations that got as far as an A-ASSOCIATE-RQ (Sta3 on), open now:
 * what the association limit counts (connections still silent do not). */
unsigned eng_associations(const struct dcb_engine *e);
/* A job: a copy of job with owned strings; NULL with err (DCB_ERR_USAGE for
 * no peer, DCB_ERR_NOMEM). */
struct job *eng_new_job(const struct dcb_scu_job *job, struct dcb_error *err);
/* Frees a job with its owned strings; the one way a job is freed. */
void eng_free_job(struct job *j);

/* assoc.c */
void assoc_finding(const struct dcb_finding *f, void *user); /* user: struct assoc */
/* A new association over t (taken), as requestor or acceptor, owned by
 * ops/user (ops->on_close frees user). */
struct assoc *assoc_new(struct dcb_engine *e, struct dcb_transport *t, bool requestor,
                        const struct assoc_ops *ops, void *user, struct dcb_error *err);
void assoc_start(struct assoc *a);
/* A requestor association whose TCP connection is being opened (Sta4),
 * without blocking; its A-ASSOCIATE-RQ (a->out_pdu, the caller's to set)
 * goes out once the connection (and TLS, cfg.transport) is up.  A failure
 * or -to ends it through ops->on_close with a->reason.  Its events carry
 * job (0 none).  NULL with err when not even a connect could be started. */
struct assoc *assoc_connect(struct dcb_engine *e, int job, const char *host, int port,
                            enum dcb_conn_tls tls, const struct assoc_ops *ops, void *user,
                            struct dcb_error *err);
void assoc_free(struct assoc *a);
void assoc_close(struct assoc *a);
void assoc_update_poll(struct assoc *a);
int assoc_ul(struct assoc *a, enum dcb_ul_event ev, bool rq_acceptable);
/* The same with the whole input (assoc-ul.c carries out its effects). */
int assoc_ul_input(struct assoc *a, const struct dcb_ul_input *in);
int assoc_send_pdu(struct assoc *a, struct dcb_pdu *pdu);
int assoc_send_command(struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *c);
/* Queues a DIMSE message: the command and, when data is not NULL, the data
 * set held in memory (data_len bytes, copied; e.g. dcb_dset_encode_alloc's
 * output), cut into P-DATA-TFs at the peer's maximum.  c's Command Data Set
 * Type must say whether one follows.  (Objects on disk are streamed by
 * their owner instead, through a->st.) */
int assoc_send_message(struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *c,
                       const uint8_t *data, size_t data_len);
void assoc_abort(struct assoc *a, const char *reason);
bool assoc_out_empty(const struct assoc *a);
int assoc_flush(struct assoc *a);
void assoc_timers(struct assoc *a, int64_t now);
/* Stops reading from the peer for ms milliseconds, this association only
 * (a scenario's delay); what is queued still goes out.  what names it in
 * the log. */
void assoc_pause(struct assoc *a, unsigned ms, const char *what);
int64_t assoc_next_deadline(const struct assoc *a);
const struct ctx *assoc_ctx(const struct assoc *a, uint8_t id);
/* The first accepted context of that abstract syntax, or NULL. */
const struct ctx *assoc_ctx_for(const struct assoc *a, const char *abstract_syntax);
/* Keeps the contexts of the A-ASSOCIATE-AC ac (sent or received); 0, or
 * DCB_ERR_NOMEM. */
int assoc_set_contexts(struct assoc *a, const struct dcb_assoc *ac);
void assoc_emit_state(struct assoc *a);
void assoc_emit_contexts(struct assoc *a);
/* Reads what the transport has (a few turns) and feeds it to the PDU
 * reader; also after a failed write, for what the peer said before. */
void assoc_read_some_turns(struct assoc *a);
/* Input the transport holds where poll() cannot see it (TLS records read
 * ahead): the engine reads it before it polls again. */
bool assoc_pending(const struct assoc *a);
void assoc_read_pending(struct assoc *a);
/* assoc-trace.c: the trace events of an association */
/* The trace's view of the DIMSE messages each way ([0] in, [1] out), made
 * when first needed; NULL when out of memory (nothing is traced then). */
struct dcb_trace_msg *assoc_trace_msgs(struct assoc *a);
/* A PDU read (summary NULL: decoded here) as a trace event. */
void assoc_emit_in(struct assoc *a, const struct dcb_pdu *pdu, const uint8_t *raw,
                   size_t raw_len, const char *summary);
/* The incoming P-DATA-TF being read, held so far, goes out now. */
void assoc_emit_held_in(struct assoc *a);
/* The lines of an A-ASSOCIATE-RQ/AC's dump, at trace level. */
void assoc_emit_dump_lines(struct assoc *a, const struct dcb_pdu *pdu);
/* Keeps the first bytes of the incoming P-DATA-TF for its event. */
void assoc_capture(struct assoc *a, const void *p, size_t n);
/* The DIMSE message c, sent or received on context pcid (has_data: a data
 * set follows), as a DCB_EV_MESSAGE: every service's messages the same. */
void assoc_emit_message(struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *c,
                        bool outgoing);
/* Emits every trace event held back by any association (folds, incoming
 * P-DATA-TFs being read), oldest first, before an event of association
 * assoc_id: nothing it may have caused passes them.  Another
 * association's P-DATA-TF whose message is not known yet waits for its
 * end (it caused nothing so far, and goes out named). */
void assoc_trace_release(struct dcb_engine *e, uint32_t assoc_id);
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

/* acceptor.c: associations that came in — policy, then the service table */
extern const struct assoc_ops acceptor_ops;

/* scu-store.c: the Storage and Verification SCU working through jobs */
/* Starts job (taken) at once, in the engine's thread. */
int scu_start_job(struct dcb_engine *e, struct job *job);
/* The observer user hears no more of its jobs (a cancelled C-MOVE, or
 * its association gone): they send no file more after the one under way
 * and release.  Returns how many files are left unsent. */
size_t scu_stop_observed(struct dcb_engine *e, const void *user);
void scu_tick(struct dcb_engine *e);
void scu_free_run(struct scu_run *r);
struct scu_run *scu_next_run(const struct scu_run *r);

/* scu-query.c: the Query/Retrieve SCU working through query jobs */
/* A copy of job, identifiers encoded; NULL with err (DCB_ERR_USAGE for no
 * peer, model or identifier, or one that cannot be encoded; DCB_ERR_NOMEM). */
struct qr_job *qr_new_job(const struct dcb_qr_job *job, struct dcb_error *err);
void qr_free_job(struct qr_job *j);
/* Takes job (queued from another thread) as a run of the engine's. */
void qr_start_job(struct dcb_engine *e, struct qr_job *job);
/* Opens the associations of runs that need one, ends the finished ones
 * (DCB_EV_JOB_DONE); after dcb_engine_stop() it opens nothing. */
void qr_tick(struct dcb_engine *e);
/* Frees every run (the engine is going away; their associations are gone). */
void qr_free_runs(struct dcb_engine *e);
/* scu-commit.c: the Storage Commitment SCU */
struct dcb_commit;
/* Asks storage commitment for c's references (taken: c is left empty) from
 * the peer of job, as --commit says. */
void scu_commit_start(struct dcb_engine *e, const struct job *job, struct dcb_commit *c);
/* Frees the requests still waiting (the engine is being freed). */
void scu_commit_free_all(struct dcb_engine *e);

#endif
