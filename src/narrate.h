/* narrate.h — the trace in plain words, for a learner.
 *
 * Pure functions: an event, a decoded PDU or a DIMSE message in, one or two
 * sentences out, built from the real values and translated through
 * gettext ("PACS asks STORESCU ... "; German in po/de.po).  The sentences
 * are data: one table entry per PDU type, per DIMSE message (PS3.7 Annex
 * E) and per state of PS3.8 (Sta1..Sta13), with named placeholders
 * ({from}, {to}, {id}, {class}, {status}, ...) that a translation may put
 * in any order.  Nothing here prints or allocates but dcb_narrate_event(),
 * which decodes a control PDU kept whole in the event. */
#ifndef DCB_NARRATE_H
#define DCB_NARRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "pdu.h"

/* Who is talking: this side and the other one, as the narration names
 * them ("STORESCU", "PACS", or "the SCU", "the SCP"). */
struct dcb_narrate_who {
	const char *self;
	const char *peer;
};

/* "the SCU" / "the SCP" for side and the other (translated). */
void dcb_narrate_who_default(struct dcb_narrate_who *who, enum dcb_side side);

/* One event in words: a PDU (its DIMSE message for a P-DATA-TF), a
 * state change, a context, a TLS handshake, a stored object, a file's
 * result.  Returns the length (like snprintf); 0 for events that have no
 * narration (log lines, progress). */
size_t dcb_narrate_event(const struct dcb_event *ev, const struct dcb_narrate_who *who,
                         char *buf, size_t size);

/* A decoded PDU sent (outgoing) or received by who->self.  A P-DATA-TF is
 * narrated as a piece of a message; use dcb_narrate_dimse() to name it. */
size_t dcb_narrate_pdu(const struct dcb_pdu *pdu, bool outgoing,
                       const struct dcb_narrate_who *who, char *buf, size_t size);

/* The DIMSE message d sent or received by who->self; for data fragments
 * (d->is_data), count PDUs of bytes together.  0 when the command is not
 * one of PS3.7 Annex E or d is not known. */
size_t dcb_narrate_dimse(const struct dcb_ev_dimse *d, bool outgoing, uint32_t count,
                         uint64_t bytes, const struct dcb_narrate_who *who, char *buf,
                         size_t size);

/* The state Sta1..Sta13 of PS3.8 just entered, with the reason it closed
 * ("" or NULL for none).  0 for a number outside 1..13. */
size_t dcb_narrate_state(int state, const char *reason, char *buf, size_t size);

/* Every sentence template (untranslated, placeholders in braces), for
 * checks of the catalogues: fills out[0..max) and returns the count. */
size_t dcb_narrate_sentences(const char **out, size_t max);

#endif
