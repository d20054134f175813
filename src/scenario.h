/* scenario.h — fault injection: one description of how a side should
 * misbehave on purpose, consulted by the Storage/Verification SCP at the
 * points where dcmtk's storescp offers the same knobs (--refuse, --reject,
 * --abort-after, --sleep-during ...), and by the transport tap
 * (--drop-handshake).
 *
 * A scenario is plain data: the front end fills it (storescp options, the
 * dashboard's scenario dialog) and hands the engine a pointer through
 * struct dcb_engine_config.scenario (borrowed; it must outlive the engine
 * and must not change while the engine runs).  All fields zero: no fault. */
#ifndef DCB_SCENARIO_H
#define DCB_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pdu.h"

#define DCB_SCENARIO_MAX_REJECT 8

struct dcb_scenario {
	/* association */
	bool refuse;       /* --refuse: A-ASSOCIATE-RJ permanent, service user, no reason */
	bool reject_assoc; /* --reject-assoc R,S,REASON: that A-ASSOCIATE-RJ */
	uint8_t rj_result, rj_source, rj_reason;
	bool reject_no_impl; /* --reject: RJ when the RQ has no implementation class UID */
	/* --reject-context UID: presentation contexts whose abstract syntax
	 * (result 3 "abstract syntax not supported") or whose chosen transfer
	 * syntax (result 4 "transfer syntax not supported") is listed are
	 * rejected. */
	char reject_uid[DCB_SCENARIO_MAX_REJECT][DCB_UID_SIZE];
	unsigned n_reject_uid;
	/* C-STORE service */
	bool status_set; /* --status 0xNNNN: answer every C-STORE with it */
	uint16_t status;
	unsigned sleep_after_s;  /* --sleep-after: after the response is sent */
	unsigned sleep_during_s; /* --sleep-during: once per C-STORE, when its data starts */
	bool abort_before;       /* --abort-before: A-ABORT on the C-STORE-RQ command */
	bool abort_during;       /* --abort-during: A-ABORT once data set bytes arrived */
	bool abort_after;        /* --abort-after: A-ABORT instead of the C-STORE-RSP; nothing
	                          * is stored (as dcmtk's storescp) */
	bool abort_after_store;  /* --abort-after-store: the object is stored, then A-ABORT
	                          * instead of the C-STORE-RSP ("stored but never
	                          * acknowledged": a retry makes a duplicate) */
	bool drop_mid_pdu;       /* --drop-mid-pdu: half a P-DATA-TF as response, then TCP close */
	/* Storage Commitment SCP (commit-scp.c) */
	bool commit_new_assoc;     /* --commit-new-assoc: the report always on a new association */
	unsigned commit_delay_s;   /* --commit-delay: seconds between N-ACTION-RSP and report */
	bool commit_after_release; /* --commit-after-release: report once the requester released */
	unsigned commit_fail;      /* --commit-fail N: the first N references fail (0x0110) */
	bool commit_no_report;     /* --commit-no-report: never report */
	/* transport */
	bool drop_handshake; /* --drop-handshake: close TLS once the ClientHello is there */
};

/* True when any fault is set. */
bool dcb_scenario_active(const struct dcb_scenario *s);

/* One line for titles and logs, e.g. "status 0xA700, sleep-after 2 s";
 * "" when nothing is set.  Untranslated option words (they are option
 * names). */
void dcb_scenario_describe(const struct dcb_scenario *s, char *buf, size_t size);

/* Parses "RESULT,SOURCE,REASON" (decimal, PS3.8 9.3.4: result 1..2, source
 * 1..3, reason 1..7 within what the source allows) into s.  Returns 0 or
 * DCB_ERR_USAGE with a message saying which part is wrong. */
int dcb_scenario_parse_reject(struct dcb_scenario *s, const char *text, struct dcb_error *err);

/* Parses a DIMSE status "0xA700", "A700" or "42752" into s.  Returns 0 or
 * DCB_ERR_USAGE. */
int dcb_scenario_parse_status(struct dcb_scenario *s, const char *text, struct dcb_error *err);

/* Adds a UID to the reject list.  Returns 0, or DCB_ERR_USAGE when it is
 * not a UID or the list (DCB_SCENARIO_MAX_REJECT) is full. */
int dcb_scenario_add_reject(struct dcb_scenario *s, const char *uid, struct dcb_error *err);

/* True when uid is on the reject list. */
bool dcb_scenario_rejects(const struct dcb_scenario *s, const char *uid);

/* Applies --reject-context to an A-ASSOCIATE-AC built from rq: each
 * accepted context whose abstract syntax (looked up in rq by context ID) is
 * listed becomes result 3, one whose chosen transfer syntax is listed
 * becomes result 4.  Returns how many contexts changed. */
unsigned dcb_scenario_filter_ac(const struct dcb_scenario *s, const struct dcb_assoc *rq,
                                struct dcb_assoc *ac);

/* The association verdict of s for rq: true when the association is to be
 * rejected (--refuse, --reject-assoc, --reject without implementation
 * class UID), with the A-ASSOCIATE-RJ fields and a translated sentence for
 * the log in why. */
bool dcb_scenario_assoc_verdict(const struct dcb_scenario *s, const struct dcb_assoc *rq,
                                uint8_t *result, uint8_t *source, uint8_t *reason, char *why,
                                size_t why_size);

#endif
