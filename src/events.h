/* events.h — what the engine tells the outside world.
 *
 * The engine never prints.  It reports typed events to one sink callback;
 * the headless commands turn them into log lines and the dashboard folds them
 * into its view model.  Every payload is copied by value (fixed-size
 * strings, bounded raw bytes), so a sink may queue an event to another
 * thread without caring about the lifetime of engine objects. */
#ifndef DCB_EVENTS_H
#define DCB_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "finding.h"

#define DCB_EVENT_RAW_MAX 512   /* raw PDU bytes kept in an event */
#define DCB_EVENT_IDENTIFIER_MAX 4096  /* identifier bytes kept in a response event */
#define DCB_EVENT_FAILED_UIDS_MAX 512  /* Failed SOP Instance UID List kept */

enum dcb_side {
	DCB_SIDE_SCP,
	DCB_SIDE_SCU,
};

enum dcb_event_kind {
	DCB_EV_LOG,           /* a log line for people */
	DCB_EV_LISTENING,     /* an SCP listener is up */
	DCB_EV_ASSOC_STATE,   /* association changed state (Sta1..Sta13) */
	DCB_EV_PDU,           /* a PDU was sent or received */
	DCB_EV_CONTEXT,       /* a presentation context was accepted or rejected */
	DCB_EV_TLS,           /* a TLS handshake finished (or failed) */
	DCB_EV_PROGRESS,      /* bytes of the current object moved */
	DCB_EV_STORED,        /* SCP: an object was written to disk */
	DCB_EV_FILE_RESULT,   /* SCU: one file's C-STORE finished */
	DCB_EV_FINDING,       /* a conformance finding */
	DCB_EV_ERROR,         /* something failed; text says what and what to do */
	DCB_EV_JOB_DONE,      /* SCU: all files handled / SCP: engine stopped */
	DCB_EV_RESPONSE,      /* SCU: a C-FIND, C-MOVE or C-GET response arrived */
	DCB_EV_MESSAGE,       /* a DIMSE message was sent or received (any service) */
	DCB_EV_COMMIT,        /* SCU: a storage commitment request went on or ended */
};

enum dcb_log_level {
	DCB_LOG_ERROR,
	DCB_LOG_WARN,
	DCB_LOG_INFO,
	DCB_LOG_DEBUG,
	DCB_LOG_TRACE,
};

struct dcb_ev_log {
	enum dcb_log_level level;
	char text[512];
};

struct dcb_ev_listening {
	char address[64];     /* "0.0.0.0:11112" */
	bool tls;
	char ae_title[17];
};

struct dcb_ev_assoc_state {
	int state;            /* 1..13, PS3.8 Sta1..Sta13 */
	char peer[64];
	char calling_ae[17];
	char called_ae[17];
	char reason[256];     /* why it closed/aborted/was rejected, "" if none */
};

/* The DIMSE message (PS3.7) a P-DATA-TF carries: the one its first PDV
 * belongs to, from that message's command set. */
struct dcb_ev_dimse {
	bool known;           /* the fields below are set */
	bool has_command;     /* the PDU carries the command set (its last fragment) */
	bool is_data;         /* the first PDV is data set bytes of the message */
	bool has_status;      /* a response with Status (0000,0900) */
	uint16_t command;     /* Command Field (0000,0100), PS3.7 Annex E */
	uint16_t message_id;  /* (0000,0110), for a response (0000,0120) */
	uint16_t status;
	uint16_t move_originator_id;  /* (0000,1031), 0 if absent */
	char move_originator_ae[17];  /* (0000,1030), "" if absent */
	char sop_class_uid[65];       /* Affected (else Requested) SOP Class UID, "" if absent */
	char sop_instance_uid[65];    /* Affected (else Requested) SOP Instance UID, "" if absent */
};

/* One DIMSE message sent or received, from its command set: the same
 * event for every service, so that a sink needs no case for each. */
struct dcb_ev_message {
	bool outgoing;        /* sent by this side */
	uint8_t pcid;         /* the presentation context it came or went on */
	bool has_data;        /* a data set follows the command */
	struct dcb_ev_dimse dimse; /* its fields (known is set) */
	char summary[512];    /* one decoded line: "C-FIND-RSP ID=1 (Pending) ..." */
};

/* The storage commitment an SCU asked for (its N-ACTION), as it goes on:
 * accepted and waiting for the report, or done (the report came, or the
 * wait ended without one: why says so). */
struct dcb_ev_commit {
	char transaction_uid[65];
	bool final;              /* done; else the SCP accepted and the report is awaited */
	unsigned asked;          /* objects asked for */
	unsigned committed, failed; /* final: as the report says (all failed without one) */
	char why[256];           /* final without a report: what went wrong, else "" */
};

struct dcb_ev_pdu {
	bool outgoing;        /* sent by this side */
	uint8_t type;         /* 0x01..0x07 */
	uint32_t length;      /* PDU length field */
	uint32_t repeat;      /* PDUs this event stands for: 1, or (trace_fold) that many
	                       * data P-DATA-TFs of this length and summary in a row */
	char summary[512];    /* one decoded line */
	struct dcb_ev_dimse dimse; /* P-DATA-TF: the message it carries */
	uint32_t raw_len;     /* bytes in raw (<= DCB_EVENT_RAW_MAX) */
	uint8_t raw[DCB_EVENT_RAW_MAX];
};

struct dcb_ev_context {
	uint8_t id;
	bool accepted;
	uint8_t result;       /* PS3.8 result/reason: 0 accept, 1 user, 2 no reason, 3 abstract, 4 transfer */
	char abstract_syntax[65];
	char transfer_syntax[65];
};

struct dcb_ev_tls {
	bool ok;
	char version[16];     /* "TLS1.3" */
	char cipher[64];
	char peer_subject[256];
	char peer_issuer[256];
	char own_subject[256];
	char verify[512];     /* verification result or failure in words (tls: was 256) */
	/* added by the tls area (transport-tls.h fills them) */
	char peer_not_before[32];   /* "2026-11-27 21:30:00 UTC" */
	char peer_not_after[32];
	char peer_fingerprint[96];  /* SHA-256, "AB:CD:..." */
	char own_issuer[256];
	char own_not_after[32];
	char own_fingerprint[96];
};

struct dcb_ev_progress {
	char name[256];       /* file name or SOP instance UID */
	uint64_t done;        /* bytes of this object so far */
	uint64_t total;       /* 0 if unknown */
	uint64_t job_done;    /* bytes of the whole job so far */
	uint64_t job_total;   /* 0 if unknown */
};

struct dcb_ev_stored {
	char path[1024];
	char sop_class_uid[65];
	char sop_instance_uid[65];
	char transfer_syntax_uid[65];
	uint64_t bytes;
};

struct dcb_ev_file_result {
	char path[1024];
	bool ok;
	uint16_t status;      /* DIMSE status, 0xffff if none came */
	char reason[256];
	uint64_t bytes;
};

struct dcb_ev_job_done {
	unsigned ok, failed, warnings;
	uint64_t bytes;
	double seconds;
};

/* One response to a query/retrieve request (a query job, engine.h). */
struct dcb_ev_response {
	uint16_t command;     /* C-FIND-RSP 0x8020, C-MOVE-RSP 0x8021, C-GET-RSP 0x8010,
	                       * N-CREATE-RSP 0x8140, N-SET-RSP 0x8120 */
	uint16_t message_id;  /* of the request it answers */
	uint16_t status;
	bool final;           /* not Pending: the request is done */
	unsigned number;      /* this request's responses so far, this one included */
	bool has_counts;      /* the sub-operation counts below were sent */
	uint16_t remaining, completed, failed, warning;
	char sop_class_uid[65];       /* Affected SOP Class UID (the model), "" if absent */
	char sop_instance_uid[65];    /* Affected SOP Instance UID (N-CREATE, N-SET), "" if absent */
	char transfer_syntax[65];     /* of the context the identifier came in */
	char error_comment[65];       /* (0000,0902), "" if absent */
	/* The identifier, re-encoded in explicit VR little endian (defined
	 * lengths).  A longer one keeps its leading top-level elements that
	 * fit, and truncated says so. */
	bool has_identifier;
	bool truncated;
	uint32_t identifier_len;
	uint8_t identifier[DCB_EVENT_IDENTIFIER_MAX];
	/* Failed SOP Instance UID List (0008,0058) of a C-MOVE/C-GET response,
	 * backslash-separated; "" if none */
	char failed_uids[DCB_EVENT_FAILED_UIDS_MAX];
	bool failed_uids_truncated;
};

struct dcb_event {
	enum dcb_event_kind kind;
	enum dcb_side side;
	uint32_t assoc_id;    /* 0 if not about one association */
	int job;              /* the job it belongs to (the number dcb_engine_submit or
	                       * dcb_engine_submit_query returned), 0 if none */
	struct timespec time; /* CLOCK_REALTIME when it happened */
	union {
		struct dcb_ev_log log;
		struct dcb_ev_listening listening;
		struct dcb_ev_assoc_state assoc;
		struct dcb_ev_pdu pdu;
		struct dcb_ev_context context;
		struct dcb_ev_tls tls;
		struct dcb_ev_progress progress;
		struct dcb_ev_stored stored;
		struct dcb_ev_file_result file;
		struct dcb_finding finding;
		struct dcb_ev_log error;
		struct dcb_ev_job_done done;
		struct dcb_ev_response response;
		struct dcb_ev_message message;
		struct dcb_ev_commit commit;
	} u;
};

typedef void (*dcb_event_fn)(const struct dcb_event *ev, void *user);

#endif
