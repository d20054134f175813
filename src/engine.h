/* engine.h — the network engine: listeners, associations, timers and the
 * services (Storage SCP, Verification SCP, Storage SCU, Verification SCU),
 * driven by one poll() loop, reporting everything as events (events.h).
 *
 * One engine per thread.  dcb_engine_run() runs the loop in the calling
 * thread; the functions marked "thread-safe" may be called from any other
 * thread while it runs (the dashboard asks its SCU engine to send files
 * and both engines to stop that way).  Events are delivered to the sink in
 * the engine's thread; a sink that lives in another thread copies them
 * (they are plain values) into its own queue.
 *
 * The engine never prints.  It owns every association, timer and file it
 * opens and frees them in dcb_engine_free(). */
#ifndef DCB_ENGINE_H
#define DCB_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "events.h"
#include "negotiate.h"
#include "store-file.h"
#include "transport.h"

struct dcb_archive;
struct dcb_engine;
struct dcb_scenario;
struct dcb_pcap;

/* Makes the transport for a connected socket: plain TCP by default, TLS
 * when the tls area's factory is set.  Takes ownership of fd (closes it on
 * failure).  server: this side accepted the connection.  The engine calls
 * the transport's handshake op until it returns 0 before any PDU moves. */
typedef struct dcb_transport *(*dcb_transport_factory)(void *user, int fd, const char *peer,
                                                       bool server, struct dcb_error *err);

/* Whether an association the engine opens speaks TLS.  The choice is the
 * caller's (a service looks its peer up in the AE table, aetable.h); the
 * engine only carries it to the connection. */
enum dcb_conn_tls {
	DCB_CONN_SIDE = 0, /* as the side does: cfg.transport, else plain TCP */
	DCB_CONN_PLAIN,    /* plain TCP, even when the side listens with TLS */
	DCB_CONN_TLS,      /* TLS through cfg.tls_client: the AE table marks the peer
	                    * +tls; without tls_client the association fails at once */
};

struct dcb_peer;

/* How to reach a peer of the AE table (aetable.h): DCB_CONN_TLS when it is
 * marked +tls, DCB_CONN_PLAIN otherwise, whatever the side listens with. */
enum dcb_conn_tls dcb_peer_conn_tls(const struct dcb_peer *p);

/* Opens a connection for an association this engine starts (an SCU job, a
 * C-MOVE's sub-operations, a commitment report): returns 0 and *out, a
 * connected transport, or an error whose message the association's
 * failure carries.  Called in the engine's thread; must not block.  The
 * association starts as a finished connect would (Sta4: the transport's
 * handshake, then the A-ASSOCIATE-RQ); the transport factory is not asked.
 * Default (NULL): a connect the engine's loop drives
 * (dcb_tcp_connect_start()), then the transport factory.  Tests hand out
 * the in-memory pair; the dashboard without network (--fake) socket pairs
 * whose other end its SCP engine adopts (dcb_engine_adopt()). */
typedef int (*dcb_connect_fn)(void *user, const char *host, int port, struct dcb_transport **out,
                              struct dcb_error *err);

struct dcb_service;
struct dcb_qr_site;
struct dcb_worklist;
struct dcb_mpps_list;

/* How the Modality Worklist SCP matches and answers (mwl-scp.c). */
enum dcb_mwl_charset {
	DCB_MWL_CS_FILE,   /* -csk: each answer in its entry's Specific Character Set */
	DCB_MWL_CS_NONE,   /* -cs0: no Specific Character Set in answers (dcmtk's default) */
	DCB_MWL_CS_LATIN1, /* -cs1: every answer says ISO_IR 100 */
};
struct dcb_mwl_policy {
	bool pn_ignore_case;  /* --pn-ignore-case: PN matched as Orthanc does */
	enum dcb_mwl_charset charset;
	bool no_sq_expansion; /* -nse: an empty sequence key returns an empty sequence */
	bool no_fail;         /* --no-fail: a query that cannot be read gets no answers,
	                       * status success */
	unsigned sleep_before_s; /* --sleep-before: before the first response */
	unsigned sleep_during_s; /* --sleep-during: before each response */
	unsigned sleep_after_s;  /* --sleep-after: after the final response */
	const char *request_dir;    /* -rfp: each query written there as text, NULL: not */
	const char *request_format; /* -rff: its file name (#a #c #p #t), "#t.dump" */
};

struct dcb_engine_config {
	enum dcb_side side; /* DCB_SIDE_SCP or DCB_SIDE_SCU */
	char ae_title[17];  /* own AE title: SCP "STORESCP"/-aet, SCU "STORESCU" */
	/* Upper layer */
	uint32_t max_pdu;       /* -pdu: largest P-DATA-TF we accept (announced) */
	uint32_t max_send_pdu;  /* --max-send-pdu: cap on what we send, 0 none */
	int connect_timeout_ms; /* -to; 0: 30 s */
	int artim_ms;           /* -ta: ARTIM (association/release) timeout */
	int dimse_ms;           /* -td: wait for a DIMSE message, 0 unlimited */
	bool no_dns;            /* -dhl: numeric addresses only */
	bool trace_pdus;        /* emit DCB_EV_PDU events (costs a little per PDU) */
	bool trace_fold;        /* data P-DATA-TFs of one shape, sent or read in one turn
	                         * of the loop, become one event with a repeat count */
	/* SCP */
	bool check_called_ae; /* reject a called AE title other than ae_title (reason 7) */
	struct dcb_negotiate_policy policy; /* contexts we accept (borrowed lists) */
	struct dcb_store_policy store; /* where and how objects are written (borrowed strings) */
	bool store_discard;            /* receive but write nothing (-ig style) */
	struct dcb_archive *archive;   /* index of what is stored (archive.h), updated
	                                * after each rename; NULL: none; borrowed, used
	                                * in the engine's thread only */
	const struct dcb_scenario
	    *scenario;         /* faults to inject (scenario.h), NULL none; borrowed */
	struct dcb_pcap *pcap; /* --pcap: every connection is written there (pcap.h); borrowed */
	unsigned max_associations; /* at once; more are rejected transiently; 0: 64 */
	unsigned max_waiting; /* connections not yet associations held beyond that
	                       * (no buffers until they send; ARTIM ends silent
	                       * ones); more are closed unread; 0: 1024 */
	/* the DIMSE services offered (service.h), NULL-terminated; NULL: the
	 * built-in table (Verification, Storage) */
	const struct dcb_service *const *services;
	/* the Query/Retrieve SCP's areas and peers (qr-scp.h); borrowed, NULL:
	 * none (objects go to store.out_dir) */
	const struct dcb_qr_site *qr;
	/* the worklist folder (worklist.h) the Modality Worklist SCP answers
	 * from, and where the MPPS SCP keeps its steps (ROOT/.dicombench/mpps);
	 * borrowed, used in the engine's thread only; NULL: none */
	struct dcb_worklist *worklist;
	struct dcb_mwl_policy mwl;
	/* the MPPS SCP's steps (mpps.h); borrowed; NULL: MPPS not served */
	struct dcb_mpps_list *mpps;
	/* SCU */
	enum dcb_ts_preset echo_ts; /* transfer syntaxes proposed for C-ECHO */
	bool exit_when_idle;        /* SCU: dcb_engine_run() returns when all jobs are done */
	bool commit_reports;        /* SCU: take storage commitment reports (N-EVENT-REPORT)
	                             * on associations that come in (storescu --commit-port) */
	/* Transport hooks (NULL: plain TCP) */
	dcb_transport_factory transport; /* accepted connections, and DCB_CONN_SIDE */
	void *transport_user;
	/* TLS for outgoing connections to peers marked +tls (DCB_CONN_TLS),
	 * with the side's credentials; NULL: this side has none */
	dcb_transport_factory tls_client;
	void *tls_client_user;
	dcb_connect_fn connect;
	void *connect_user;
};

/* Defaults for a side: dcmtk's (max PDU 16384, ARTIM 30 s, DIMSE
 * unlimited, AE "STORESCP" or "STORESCU", accept storage and verification
 * with the uncompressed transfer syntaxes, default file names in "."). */
void dcb_engine_config_init(struct dcb_engine_config *cfg, enum dcb_side side);

/* Creates an engine.  cfg is copied (the strings and lists it points to
 * are borrowed and must outlive the engine).  sink receives every event.
 * Returns NULL with err filled (DCB_ERR_NOMEM, DCB_ERR_IO). */
struct dcb_engine *dcb_engine_new(const struct dcb_engine_config *cfg, dcb_event_fn sink,
                                  void *user, struct dcb_error *err);

/* Frees everything; the engine must not be running. */
void dcb_engine_free(struct dcb_engine *e);

/* SCP: listens on host:port (host NULL: every address, IPv6 and IPv4;
 * port 0: a free port).  Call before dcb_engine_run() or from the engine's
 * thread.  Returns the port, or DCB_ERR_IO / DCB_ERR_USAGE. */
int dcb_engine_listen(struct dcb_engine *e, const char *host, int port, struct dcb_error *err);

/* Runs the loop until dcb_engine_stop() (or, with exit_when_idle, until
 * the job queue is empty).  Returns 0, or a negative enum dcb_err when the
 * loop itself failed.  Per-file and per-association failures are events. */
int dcb_engine_run(struct dcb_engine *e);

/* Thread-safe: asks the engine to stop.  Associations are aborted,
 * temporary files removed; dcb_engine_run() returns soon after. */
void dcb_engine_stop(struct dcb_engine *e);

/* What an SCU job does. */
struct dcb_scu_job {
	const char *host; /* peer address or name */
	int port;
	char called_ae[17];       /* -aec, default "ANY-SCP" */
	bool echo;                /* C-ECHO only (echoscu) */
	unsigned echo_repeat;     /* C-ECHOs on one association, 0: 1 */
	const char *const *paths; /* files and folders (copied on submit) */
	size_t n_paths;
	bool scan_dirs; /* +sd: folders are scanned for files */
	bool recurse;   /* +r: into sub-folders */
	/* powers: the -x options propose this preset for every SOP class; a
	 * file whose own transfer syntax is not in it fails (no conversion). */
	bool propose_set;
	enum dcb_ts_preset propose;
	bool propose_combine; /* +C: the preset in one context; else, as dcmtk, its first
	                       * syntax in one context and the others in a second */
	const char *const *echo_ts; /* -pts: propose these for C-ECHO (static), else
	                             * cfg echo_ts */
	size_t echo_n_ts;
	unsigned echo_contexts; /* -ppc: that many Verification contexts, 0: 1 */
	bool assoc_per_file; /* --assoc-per-file: a new association for each file */
	bool abort_during; /* --abort-during: A-ABORT after the first data PDU of the first file */
	bool pack;         /* --pack: command and first data fragment in one P-DATA-TF */
	/* --commit: once the files are stored, ask storage commitment for those
	 * stored (N-ACTION on an association of its own) and wait for the
	 * report: on that association, or (commit_port > 0) on one the SCP
	 * opens to this engine's listener on that port */
	bool commit;
	unsigned commit_timeout_s; /* 0: 30 s */
	int commit_port;
	enum dcb_conn_tls tls; /* DCB_CONN_SIDE (0) for the commands; a C-MOVE's
	                        * sub-operations: as the AE table says */
};

/* Thread-safe: queues a job (copied; the caller keeps job).  The engine
 * works through jobs in order.  Returns a job number (> 0), which the
 * job's events carry (dcb_event.job), or DCB_ERR_NOMEM / DCB_ERR_USAGE. */
int dcb_engine_submit(struct dcb_engine *e, const struct dcb_scu_job *job, struct dcb_error *err);

/* What a request job does (findscu, movescu, getscu, mppsscu): one
 * association, on which each identifier is sent as a request of op, in
 * order, each repeat times; every response becomes a DCB_EV_RESPONSE
 * event, and DCB_EV_JOB_DONE ends the job (ok: requests that ended in
 * success, cancel or warning; failed: the others, and those never sent).
 * For the N-services the "identifier" is the request's data set: the
 * N-CREATE's attribute list, the N-SET's modification list. */
enum dcb_qr_op {
	DCB_QR_FIND,
	DCB_QR_MOVE,
	DCB_QR_GET,
	DCB_QR_N_CREATE, /* of instance sop_instance ("": the SCP assigns one) */
	DCB_QR_N_SET,    /* of instance sop_instance */
};

struct dcb_dset;

struct dcb_qr_job {
	const char *host; /* peer address or name */
	int port;
	char called_ae[17]; /* -aec, default "ANY-SCP" */
	enum dcb_qr_op op;
	char sop_instance[65]; /* N-CREATE, N-SET: the SOP instance (an MPPS step) */
	/* the FIND, MOVE or GET SOP class (abstract syntax) of the model:
	 * Patient Root, Study Root, Modality Worklist FIND, ... (copied) */
	const char *model;
	/* C-MOVE: also propose this FIND model, as dcmtk's movescu does; NULL none */
	const char *find_model;
	/* the identifiers, one request each (copied on submit; at least one) */
	const struct dcb_dset *const *identifiers;
	size_t n_identifiers;
	char move_destination[17]; /* C-MOVE: -aem; "": the own AE title */
	unsigned cancel_after;     /* --cancel n: a C-CANCEL-RQ after the n-th pending
	                            * response of each request; 0: never */
	unsigned repeat;           /* --repeat: each request that many times; 0: 1 */
	uint16_t priority;         /* DCB_PRIORITY_MEDIUM (0) by default */
	bool abort;                /* --abort: A-ABORT at the end instead of releasing */
	enum dcb_ts_preset propose; /* -x...: the request contexts' transfer syntaxes */
	/* C-GET: the storage SOP classes proposed with the SCP role (PS3.7
	 * D.3.3.4) for the C-STOREs that come back on the association (NULL:
	 * the 120 dcmtk's getscu proposes), each with store_ts (+x...: the
	 * syntax first, then the uncompressed ones, as getscu).  The objects
	 * are written as the Storage SCP writes them (cfg.store). */
	const char *const *store_classes; /* static or outliving the engine */
	size_t n_store_classes;
	enum dcb_ts_preset store_ts;
	/* C-MOVE to this engine (movescu +P, dcb_engine_listen() called): the
	 * job ends once the final response came and no association that came
	 * in is open any more */
	bool await_incoming;
};

/* Thread-safe: queues a query job (copied: identifiers are encoded, the
 * caller keeps job).  Jobs run at once, each on an association of its
 * own.  Returns a job number (> 0), which the job's events carry
 * (dcb_event.job), or DCB_ERR_USAGE (no peer, no model,
 * no identifier, an identifier that cannot be encoded), DCB_ERR_NOMEM. */
int dcb_engine_submit_query(struct dcb_engine *e, const struct dcb_qr_job *job,
                            struct dcb_error *err);

/* Thread-safe: hands an already connected transport to the engine as a new
 * association (SCP: as if accepted from a listener).  Takes ownership.
 * Used by tests with the in-memory pair, and by the dashboard without
 * network (another engine's connect hook).  Returns 0 or DCB_ERR_NOMEM. */
int dcb_engine_adopt(struct dcb_engine *e, struct dcb_transport *t, struct dcb_error *err);

/* Counters for tests and the dashboard's status line (engine thread, or
 * after run returned). */
struct dcb_engine_stats {
	unsigned assocs_total, assocs_open;
	unsigned stored, store_failed;
	unsigned sent, send_failed;
	uint64_t bytes_in, bytes_out;
	unsigned refused_busy; /* connections closed unread: max_associations + 8 open */
};
void dcb_engine_get_stats(const struct dcb_engine *e, struct dcb_engine_stats *out);

#endif
