/* ul.h — the DICOM upper layer association state machine, PS3.8 §9.2.
 *
 * The machine is data: a const table maps {state, event} to {action, next
 * state}, using the standard's names (Sta1..Sta13, Evt1..Evt19, AE-1..AE-8,
 * DT-1..DT-2, AR-1..AR-10, AA-1..AA-8).  It does no I/O and owns no timer:
 * the caller feeds events (PDUs received, local primitives, transport
 * indications, ARTIM expiry) and carries out the effects the machine hands
 * back (send this PDU, start/stop ARTIM, issue an indication, close the
 * transport), in the order they are listed in enum dcb_ul_effect.
 *
 * A {state, event} pair the table leaves blank is a protocol error: the
 * machine takes the A-ABORT path (AA-8: send A-ABORT with source service
 * provider, A-P-ABORT indication, start ARTIM, Sta13) and says so in
 * struct dcb_ul_step.unexpected.  It never aborts the process. */
#ifndef DCB_UL_H
#define DCB_UL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum dcb_ul_state {
	DCB_STA1 = 1,  /* Idle */
	DCB_STA2,      /* Transport connection open (awaiting A-ASSOCIATE-RQ PDU) */
	DCB_STA3,      /* Awaiting local A-ASSOCIATE response primitive */
	DCB_STA4,      /* Awaiting transport connection opening to complete */
	DCB_STA5,      /* Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU */
	DCB_STA6,      /* Association established and ready for data transfer */
	DCB_STA7,      /* Awaiting A-RELEASE-RP PDU */
	DCB_STA8,      /* Awaiting local A-RELEASE response primitive */
	DCB_STA9,      /* Release collision requestor side; awaiting A-RELEASE response */
	DCB_STA10,     /* Release collision acceptor side; awaiting A-RELEASE-RP PDU */
	DCB_STA11,     /* Release collision requestor side; awaiting A-RELEASE-RP PDU */
	DCB_STA12,     /* Release collision acceptor side; awaiting A-RELEASE response primitive */
	DCB_STA13,     /* Awaiting Transport Connection Close Indication */
};
#define DCB_UL_NSTATES 13

enum dcb_ul_event {
	DCB_EVT1 = 1,  /* A-ASSOCIATE request (local user) */
	DCB_EVT2,      /* Transport connect confirmation (local transport service) */
	DCB_EVT3,      /* A-ASSOCIATE-AC PDU (received on transport connection) */
	DCB_EVT4,      /* A-ASSOCIATE-RJ PDU (received on transport connection) */
	DCB_EVT5,      /* Transport connection indication (local transport service) */
	DCB_EVT6,      /* A-ASSOCIATE-RQ PDU (received on transport connection) */
	DCB_EVT7,      /* A-ASSOCIATE response primitive (accept) */
	DCB_EVT8,      /* A-ASSOCIATE response primitive (reject) */
	DCB_EVT9,      /* P-DATA request primitive */
	DCB_EVT10,     /* P-DATA-TF PDU */
	DCB_EVT11,     /* A-RELEASE request primitive */
	DCB_EVT12,     /* A-RELEASE-RQ PDU (received on open transport connection) */
	DCB_EVT13,     /* A-RELEASE-RP PDU (received on transport connection) */
	DCB_EVT14,     /* A-RELEASE response primitive */
	DCB_EVT15,     /* A-ABORT request primitive */
	DCB_EVT16,     /* A-ABORT PDU (received on open transport connection) */
	DCB_EVT17,     /* Transport connection closed indication (local transport service) */
	DCB_EVT18,     /* ARTIM timer expired (Association reject/release timer) */
	DCB_EVT19,     /* Unrecognized or invalid PDU received */
};
#define DCB_UL_NEVENTS 19

enum dcb_ul_action {
	DCB_AE_1 = 1, DCB_AE_2, DCB_AE_3, DCB_AE_4, DCB_AE_5, DCB_AE_6, DCB_AE_7, DCB_AE_8,
	DCB_DT_1, DCB_DT_2,
	DCB_AR_1, DCB_AR_2, DCB_AR_3, DCB_AR_4, DCB_AR_5, DCB_AR_6, DCB_AR_7, DCB_AR_8,
	DCB_AR_9, DCB_AR_10,
	DCB_AA_1, DCB_AA_2, DCB_AA_3, DCB_AA_4, DCB_AA_5, DCB_AA_6, DCB_AA_7, DCB_AA_8,
};
#define DCB_UL_NACTIONS 28

/* What the caller must do, as a bit set.  Carry them out in this order
 * (lowest bit first): stop the timer, talk to the transport, send PDUs,
 * tell the user, start the timer, close. */
enum dcb_ul_effect {
	DCB_UL_STOP_ARTIM = 1u << 0,
	DCB_UL_CONNECT = 1u << 1,          /* AE-1: issue TRANSPORT CONNECT request */
	DCB_UL_TRANSPORT_ACCEPT = 1u << 2, /* AE-5: issue transport connection response */
	DCB_UL_SEND_ASSOCIATE_RQ = 1u << 3,
	DCB_UL_SEND_ASSOCIATE_AC = 1u << 4,
	DCB_UL_SEND_ASSOCIATE_RJ = 1u << 5,
	DCB_UL_SEND_P_DATA = 1u << 6,
	DCB_UL_SEND_RELEASE_RQ = 1u << 7,
	DCB_UL_SEND_RELEASE_RP = 1u << 8,
	DCB_UL_SEND_ABORT = 1u << 9,       /* source in step.abort_source */
	DCB_UL_IND_ASSOCIATE = 1u << 10,   /* A-ASSOCIATE indication (acceptor: decide) */
	DCB_UL_CONF_ACCEPT = 1u << 11,     /* A-ASSOCIATE confirmation (accept) */
	DCB_UL_CONF_REJECT = 1u << 12,     /* A-ASSOCIATE confirmation (reject) */
	DCB_UL_IND_P_DATA = 1u << 13,      /* P-DATA indication: hand the PDU to DIMSE */
	DCB_UL_IND_RELEASE = 1u << 14,     /* A-RELEASE indication (answer with Evt14) */
	DCB_UL_CONF_RELEASE = 1u << 15,    /* A-RELEASE confirmation */
	DCB_UL_IND_ABORT = 1u << 16,       /* A-ABORT indication (peer's user aborted) */
	DCB_UL_IND_P_ABORT = 1u << 17,     /* A-P-ABORT indication (provider aborted) */
	DCB_UL_IGNORE_PDU = 1u << 18,      /* AA-6: drop the PDU */
	DCB_UL_START_ARTIM = 1u << 19,     /* start (or restart) ARTIM */
	DCB_UL_CLOSE = 1u << 20,           /* close the transport connection */
};

/* One cell of the table.  next is the successor state; for the two
 * actions whose successor depends on a condition (AE-6: RQ acceptable →
 * Sta3, else Sta13; AR-8: requestor → Sta9, else Sta10) alt_next is the
 * other one, otherwise 0.  action 0 = blank cell. */
struct dcb_ul_cell {
	uint8_t action;                /* enum dcb_ul_action, 0 = not in the table */
	uint8_t next;                  /* enum dcb_ul_state */
	uint8_t alt_next;
};

/* Input besides the event itself. */
struct dcb_ul_input {
	enum dcb_ul_event event;
	bool rq_acceptable;            /* Evt6: the provider accepts the RQ (protocol
	                                * version etc.); false → AE-6 rejects (RJ, Sta13) */
	uint8_t abort_source;          /* Evt16: source field of the A-ABORT PDU received */
};

/* What one event did. */
struct dcb_ul_step {
	enum dcb_ul_state from;
	enum dcb_ul_event event;
	enum dcb_ul_action action;
	enum dcb_ul_state to;
	bool unexpected;               /* blank cell: AA-8 taken instead */
	uint32_t effects;              /* enum dcb_ul_effect bits */
	uint8_t abort_source;          /* with DCB_UL_SEND_ABORT: 0 user, 2 provider */
	uint8_t abort_reason;          /* with DCB_UL_SEND_ABORT (provider: 2 unexpected PDU,
	                                * 1 unrecognized PDU for Evt19) */
};

struct dcb_ul {
	enum dcb_ul_state state;
	bool requestor;                /* this side asked for the association */
	bool artim_running;            /* mirrors START/STOP effects */
};

/* Starts in Sta1.  requestor: true for the SCU side that will send Evt1. */
void dcb_ul_init(struct dcb_ul *ul, bool requestor);

/* The table cell for {state, event}; a blank cell has action 0.  Out of
 * range arguments give a blank cell. */
struct dcb_ul_cell dcb_ul_lookup(enum dcb_ul_state state, enum dcb_ul_event event);

/* Feeds one event.  Fills *step (if not NULL) and moves ul->state.
 * Returns 0, or DCB_ERR_PROTOCOL when the cell was blank (the A-ABORT
 * path has been taken and *step says what to do; not a reason to stop
 * carrying out the effects), or DCB_ERR_USAGE for an event out of range
 * (state unchanged, no effects). */
int dcb_ul_input(struct dcb_ul *ul, const struct dcb_ul_input *in, struct dcb_ul_step *step);

/* Shorthand for dcb_ul_input() with defaults (rq_acceptable true,
 * abort_source as received = user). */
int dcb_ul_event(struct dcb_ul *ul, enum dcb_ul_event event, struct dcb_ul_step *step);

/* The event a received PDU type is: Evt3/4/6/10/12/13/16, or Evt19 for
 * anything else. */
enum dcb_ul_event dcb_ul_event_for_pdu(uint8_t pdu_type);

/* Effects an action always has (without the conditional parts of AE-6,
 * AR-8 and AA-3, which dcb_ul_input() resolves). */
uint32_t dcb_ul_action_effects(enum dcb_ul_action action);

/* Names: "Sta6", "Evt10", "DT-2" (not translated: the standard's names),
 * and translated descriptions from PS3.8 Tables 9-6..9-9. */
const char *dcb_ul_state_name(int state);
const char *dcb_ul_event_name(int event);
const char *dcb_ul_action_name(int action);
const char *dcb_ul_state_describe(int state);
const char *dcb_ul_event_describe(int event);
const char *dcb_ul_action_describe(int action);

/* One line for the trace, snprintf-like:
 *   "Sta6 + Evt10 (P-DATA-TF PDU) → DT-2 → Sta6"
 *   "Sta1 + Evt10 (P-DATA-TF PDU) unexpected → AA-8 → Sta13" */
size_t dcb_ul_step_describe(const struct dcb_ul_step *step, char *buf, size_t size);

#endif
