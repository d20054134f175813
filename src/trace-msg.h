/* trace-msg.h — which DIMSE message each traced P-DATA-TF carries.
 *
 * One tracker follows one direction of an association for the trace.  It
 * sees the PDVs as they pass (the reader's events for what comes in, the
 * gathered buffers of a whole P-DATA-TF for what goes out), puts command
 * sets together and decodes them, and says for the P-DATA-TF at hand which
 * message its first PDV belongs to: a command that completes in it, or the
 * data set of the message whose command came before.  It never acts on
 * what it sees; a protocol error only makes the message unknown. */
#ifndef DCB_TRACE_MSG_H
#define DCB_TRACE_MSG_H

#include <stdbool.h>
#include <sys/uio.h>

#include "dimse.h"
#include "events.h"

struct dcb_trace_msg {
	struct dcb_dimse_rx rx;
	bool cmd_valid;            /* rx.cmd is the command of the message in progress */
	struct dcb_ev_dimse pdu;   /* the message of the P-DATA-TF being traced */
};

void dcb_trace_msg_init(struct dcb_trace_msg *t);

/* A P-DATA-TF starts: its message is not known yet. */
void dcb_trace_msg_begin(struct dcb_trace_msg *t);

/* One reader event of the P-DATA-TF (PDV_BEGIN, PDV_DATA, PDV_END; other
 * kinds are ignored).  t->pdu tells what is known so far. */
void dcb_trace_msg_feed(struct dcb_trace_msg *t, const struct dcb_pdu_event *ev);

/* A whole outgoing P-DATA-TF as the buffers of its gathered write (PDU
 * header included); fills t->pdu. */
void dcb_trace_msg_iov(struct dcb_trace_msg *t, const struct iovec *iov, int n);

/* The event fields of command c: command, message ID (the one answered,
 * for a response), status, move originator, and the Affected (else
 * Requested) SOP class and instance; known set. */
void dcb_ev_dimse_of(struct dcb_ev_dimse *d, const struct dcb_dimse_cmd *c);

/* The words for a message: "C-STORE-RQ ID=1 CT Image Storage",
 * "C-STORE-RSP ID=1 (Success)", "data of C-STORE-RQ ID=1 CT Image
 * Storage"; "" when it is not known.  Like snprintf. */
size_t dcb_trace_msg_words(const struct dcb_ev_dimse *d, char *buf, size_t size);

#endif
