/* narrate.c — the trace in plain words (narrate.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "dimse.h"
#include "i18n.h"
#include "narrate.h"
#include "textbuf.h"

/* TRANSLATORS: the narration's sentences carry placeholders in braces:
 * {from} the side that sends, {to} the side that receives, {id} a message
 * ID, {class} a SOP class by name, {status} a status in words, {n} and
 * {total} counts, {bytes} a byte count, {ts} transfer syntaxes by name,
 * {reason} why something ended.  Keep them as they are, in any order. */

/* --- placeholders ------------------------------------------------------------ */

struct var {
	const char *name;
	const char *value;
};

/* Appends tmpl (translated) with each {name} of vars replaced by its
 * value; an unknown {name} stays as it is. */
static size_t
expand(char *buf, size_t size, const char *tmpl, const struct var *vars, size_t nvars)
{
	struct dcb_textbuf tb;
	const char *p = dcb_tr(tmpl);

	dcb_textbuf_init(&tb, buf, size);
	while (*p != '\0') {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		size_t i = nvars;
		if (close != NULL)
			for (i = 0; i < nvars; i++)
				if (strlen(vars[i].name) == (size_t)(close - p - 1) &&
				    strncmp(vars[i].name, p + 1, (size_t)(close - p - 1)) == 0)
					break;
		if (i < nvars) {
			dcb_textbuf_printf(&tb, "%s", vars[i].value);
			p = close + 1;
			continue;
		}
		size_t run = strcspn(p + 1, "{") + 1;
		dcb_textbuf_printf(&tb, "%.*s", (int)run, p);
		p += run;
	}
	/* a sentence starts with a capital: "the SCU asks" */
	if (size > 0 && buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return tb.len;
}

/* A UID by its name in the dictionary, or the UID itself. */
static const char *
uid_words(const char *uid)
{
	const struct dcb_uid_entry *u = uid != NULL && uid[0] != '\0' ? dcb_uid_lookup(uid) : NULL;

	return u != NULL ? u->name : uid != NULL ? uid : "";
}

void
dcb_narrate_who_default(struct dcb_narrate_who *who, enum dcb_side side)
{
	const char *scu = dcb_tr(N_("the SCU")), *scp = dcb_tr(N_("the SCP"));

	who->self = side == DCB_SIDE_SCU ? scu : scp;
	who->peer = side == DCB_SIDE_SCU ? scp : scu;
}

/* --- PDUs ---------------------------------------------------------------------- */

static const struct pdu_words {
	uint8_t type;
	const char *plain;   /* from the type alone */
	const char *decoded; /* with the decoded PDU's values, or NULL */
} pdu_words[] = {
    {DCB_PDU_ASSOCIATE_RQ,
     N_("{from} asks {to} for an association: it says who it is, whom it calls, and what it "
        "wants to talk about (presentation contexts)."),
     N_("{from} asks {to} for an association. Presentation contexts proposed: {n}, that is "
        "what to talk about and in which encodings; the first: {class} in {ts}.")},
    {DCB_PDU_ASSOCIATE_AC,
     N_("{from} accepts the association: from now on both sides may send DIMSE messages."),
     N_("{from} accepts the association and agrees to {n} of the {total} presentation "
        "contexts, picking one encoding for each (the first: {ts}). DIMSE messages may "
        "now flow.")},
    {DCB_PDU_ASSOCIATE_RJ, N_("{from} refuses the association; the connection closes."),
     N_("{from} refuses the association: {reason}. The connection closes.")},
    {DCB_PDU_P_DATA_TF,
     N_("{from} sends {to} a piece of a DIMSE message: a P-DATA-TF of {bytes} bytes."), NULL},
    {DCB_PDU_RELEASE_RQ,
     N_("{from} has nothing more to do and asks {to} to end the association in order."),
     NULL},
    {DCB_PDU_RELEASE_RP,
     N_("{from} agrees to end the association; the connection can close."), NULL},
    {DCB_PDU_ABORT,
     N_("{from} breaks off the association at once, without a release; whatever was under "
        "way is lost."),
     N_("{from} breaks off the association at once: {reason}. Whatever was under way is "
        "lost.")},
};

static const struct pdu_words *
pdu_words_of(uint8_t type)
{
	for (size_t i = 0; i < sizeof pdu_words / sizeof pdu_words[0]; i++)
		if (pdu_words[i].type == type)
			return &pdu_words[i];
	return NULL;
}

static void
who_sends(const struct dcb_narrate_who *who, bool outgoing, const char **from, const char **to)
{
	*from = outgoing ? who->self : who->peer;
	*to = outgoing ? who->peer : who->self;
}

/* The transfer syntaxes of a proposed context: "Explicit VR Little
 * Endian, Implicit VR Little Endian". */
static void
ts_list(const struct dcb_pctx *c, bool ac, char *buf, size_t size)
{
	struct dcb_textbuf tb;
	unsigned n = ac ? 1 : c->n_ts;

	dcb_textbuf_init(&tb, buf, size);
	for (unsigned i = 0; i < n && i < DCB_MAX_TS_PER_CONTEXT; i++)
		dcb_textbuf_printf(&tb, "%s%s", i > 0 ? ", " : "", uid_words(c->ts[i]));
}

size_t
dcb_narrate_pdu(const struct dcb_pdu *pdu, bool outgoing, const struct dcb_narrate_who *who,
                char *buf, size_t size)
{
	const struct pdu_words *w = pdu_words_of(pdu->type);
	const char *from, *to;
	char n[16], total[16], bytes[24], ts[256] = "", reason[256] = "";
	const char *cls = "";
	unsigned acc = 0;

	if (w == NULL) {
		if (size > 0)
			buf[0] = '\0';
		return 0;
	}
	who_sends(who, outgoing, &from, &to);
	snprintf(bytes, sizeof bytes, "%" PRIu32, pdu->length + DCB_PDU_HEADER);
	switch (pdu->type) {
	case DCB_PDU_ASSOCIATE_RQ:
	case DCB_PDU_ASSOCIATE_AC: {
		const struct dcb_assoc *a = &pdu->u.assoc;
		bool ac = pdu->type == DCB_PDU_ASSOCIATE_AC;
		const struct dcb_pctx *first = NULL;
		for (unsigned i = 0; i < a->n_pctx; i++) {
			bool ok = a->pctx[i].result == DCB_PCTX_ACCEPTANCE;
			acc += ok;
			if (first == NULL && (!ac || ok))
				first = &a->pctx[i];
		}
		snprintf(n, sizeof n, "%u", ac ? acc : a->n_pctx);
		snprintf(total, sizeof total, "%u", a->n_pctx);
		if (first != NULL) {
			cls = uid_words(first->abstract_syntax);
			ts_list(first, ac, ts, sizeof ts);
		}
		break;
	}
	case DCB_PDU_ASSOCIATE_RJ:
		dcb_pdu_rj_describe(&pdu->u.rj, reason, sizeof reason);
		break;
	case DCB_PDU_ABORT:
		dcb_pdu_abort_describe(&pdu->u.abort, reason, sizeof reason);
		break;
	default:
		break;
	}
	const struct var vars[] = {
	    {"from", from}, {"to", to},       {"n", n},         {"total", total},
	    {"class", cls}, {"ts", ts},       {"bytes", bytes}, {"reason", reason},
	};
	bool detail = w->decoded != NULL && (ts[0] != '\0' || reason[0] != '\0');
	return expand(buf, size, detail ? w->decoded : w->plain, vars,
	              sizeof vars / sizeof vars[0]);
}

/* --- DIMSE messages ---------------------------------------------------------------- */

static const struct dimse_words {
	uint16_t command;
	const char *text;
	const char *failed; /* a response whose status is a failure, or NULL */
} dimse_words[] = {
    {DCB_C_ECHO_RQ,
     N_("{from} asks {to} whether it is there and speaks DICOM (C-ECHO, message {id})."),
     NULL},
    {DCB_C_ECHO_RSP, N_("{from} answers the C-ECHO of message {id}: {status}."), NULL},
    {DCB_C_STORE_RQ,
     N_("{from} asks {to} to store one object, a {class} (C-STORE, message {id}); the object "
        "follows as a data set."),
     NULL},
    {DCB_C_STORE_RSP, N_("{from} has stored the object of message {id}: {status}."),
     N_("{from} could not store the object of message {id}: {status}.")},
    {DCB_C_FIND_RQ,
     N_("{from} asks {to} to search for records that match the keys in the data set "
        "({class}, C-FIND, message {id})."),
     NULL},
    {DCB_C_FIND_RSP,
     N_("{from} answers the search of message {id}: {status}. A pending answer carries one "
        "match; the last one says the search is over."),
     N_("{from} could not search for message {id}: {status}.")},
    {DCB_C_GET_RQ,
     N_("{from} asks {to} to send it the matching objects over this same association "
        "({class}, C-GET, message {id})."),
     NULL},
    {DCB_C_GET_RSP,
     N_("{from} reports on the retrieval of message {id}: {status}; the counters say how "
        "many objects are left, done, failed."),
     N_("{from} could not retrieve for message {id}: {status}.")},
    {DCB_C_MOVE_RQ,
     N_("{from} asks {to} to send the matching objects to another application entity, over "
        "an association of their own ({class}, C-MOVE, message {id})."),
     NULL},
    {DCB_C_MOVE_RSP,
     N_("{from} reports on the move of message {id}: {status}; the counters say how many "
        "objects are left, done, failed."),
     N_("{from} could not move the objects of message {id}: {status}.")},
    {DCB_C_CANCEL_RQ,
     N_("{from} asks {to} to stop the operation of message {id} (C-CANCEL)."), NULL},
    {DCB_N_EVENT_REPORT_RQ,
     N_("{from} tells {to} that something happened to a {class} instance (N-EVENT-REPORT, "
        "message {id}), for example that a storage commitment is settled."),
     NULL},
    {DCB_N_EVENT_REPORT_RSP,
     N_("{from} acknowledges the event report of message {id}: {status}."), NULL},
    {DCB_N_GET_RQ,
     N_("{from} asks {to} for attribute values of a {class} instance (N-GET, message {id})."),
     NULL},
    {DCB_N_GET_RSP, N_("{from} answers the N-GET of message {id}: {status}."), NULL},
    {DCB_N_SET_RQ,
     N_("{from} asks {to} to change attributes of a {class} instance (N-SET, message {id}), "
        "for example to complete a procedure step."),
     NULL},
    {DCB_N_SET_RSP, N_("{from} answers the N-SET of message {id}: {status}."), NULL},
    {DCB_N_ACTION_RQ,
     N_("{from} asks {to} to carry out an action on a {class} instance (N-ACTION, message "
        "{id}), for example to commit to keeping images."),
     NULL},
    {DCB_N_ACTION_RSP,
     N_("{from} answers the N-ACTION of message {id}: {status}. For a storage commitment the "
        "result comes later, in an N-EVENT-REPORT."),
     NULL},
    {DCB_N_CREATE_RQ,
     N_("{from} asks {to} to create a {class} instance (N-CREATE, message {id}), for example "
        "a procedure step that has begun."),
     NULL},
    {DCB_N_CREATE_RSP, N_("{from} answers the N-CREATE of message {id}: {status}."), NULL},
    {DCB_N_DELETE_RQ,
     N_("{from} asks {to} to delete a {class} instance (N-DELETE, message {id})."), NULL},
    {DCB_N_DELETE_RSP, N_("{from} answers the N-DELETE of message {id}: {status}."), NULL},
};

static const char *const data_words =
    N_("{from} sends {to} the data set of {message} in pieces: {n} P-DATA-TF of {bytes} "
       "bytes together.");

static const struct dimse_words *
dimse_words_of(uint16_t command)
{
	for (size_t i = 0; i < sizeof dimse_words / sizeof dimse_words[0]; i++)
		if (dimse_words[i].command == command)
			return &dimse_words[i];
	return NULL;
}

size_t
dcb_narrate_dimse(const struct dcb_ev_dimse *d, bool outgoing, uint32_t count, uint64_t bytes,
                  const struct dcb_narrate_who *who, char *buf, size_t size)
{
	const struct dimse_words *w = d->known ? dimse_words_of(d->command) : NULL;
	const char *from, *to, *text;
	char id[8], status[160], n[16], nbytes[24], message[64];

	if (w == NULL) {
		if (size > 0)
			buf[0] = '\0';
		return 0;
	}
	who_sends(who, outgoing, &from, &to);
	snprintf(id, sizeof id, "%u", d->message_id);
	snprintf(n, sizeof n, "%" PRIu32, count);
	snprintf(nbytes, sizeof nbytes, "%" PRIu64, bytes);
	snprintf(message, sizeof message, "%s %u", dcb_dimse_command_name(d->command),
	         d->message_id);
	if (!d->has_status || d->status == 0x0000)
		snprintf(status, sizeof status, "%s", dcb_dimse_status_name(d->status));
	else
		snprintf(status, sizeof status, "0x%04X, %s", d->status,
		         dcb_dimse_status_name(d->status));
	text = w->text;
	if (d->is_data)
		text = data_words;
	else if (w->failed != NULL && d->has_status &&
	         dcb_dimse_status_class(d->status) == DCB_STATUS_FAILURE)
		text = w->failed;
	const struct var vars[] = {
	    {"from", from}, {"to", to},     {"id", id},        {"class", uid_words(d->sop_class_uid)},
	    {"status", status}, {"n", n},   {"bytes", nbytes}, {"message", message},
	};
	return expand(buf, size, text, vars, sizeof vars / sizeof vars[0]);
}

/* --- states ---------------------------------------------------------------------- */

/* PS3.8 §9.2, table 9-10's states as a learner sees them. */
static const char *const state_words[13] = {
    N_("Sta1: the association is over; there is no connection."),
    N_("Sta2: the connection is open; the acceptor waits for an A-ASSOCIATE-RQ."),
    N_("Sta3: the acceptor has the request and decides whether to accept it."),
    N_("Sta4: the requestor waits for its connection to open."),
    N_("Sta5: the requestor has sent its A-ASSOCIATE-RQ and waits for the answer."),
    N_("Sta6: the association is established; DIMSE messages may flow both ways."),
    N_("Sta7: this side asked to release and waits for the A-RELEASE-RP."),
    N_("Sta8: the peer asked to release; this side is about to agree."),
    N_("Sta9: both sides asked to release at once (a release collision); this side, the "
       "requestor, answers first."),
    N_("Sta10: release collision; this side, the acceptor, waits for the peer's "
       "A-RELEASE-RP."),
    N_("Sta11: release collision; this side, the requestor, waits for the A-RELEASE-RP."),
    N_("Sta12: release collision; this side, the acceptor, is about to answer."),
    N_("Sta13: the association is finished; the connection is about to close."),
};

size_t
dcb_narrate_state(int state, const char *reason, char *buf, size_t size)
{
	struct dcb_textbuf tb;

	dcb_textbuf_init(&tb, buf, size);
	if (state < 1 || state > 13)
		return 0;
	dcb_textbuf_printf(&tb, "%s", dcb_tr(state_words[state - 1]));
	if (reason != NULL && reason[0] != '\0')
		/* TRANSLATORS: appended to a state's sentence: why it ended */
		dcb_textbuf_printf(&tb, dcb_tr(N_(" Why: %s.")), reason);
	return tb.len;
}

/* --- events ------------------------------------------------------------------------ */

static const char *const event_words[] = {
#define CONTEXT_ACCEPTED 0
    N_("Presentation context {id}: {class} in {ts}, accepted."),
#define CONTEXT_REFUSED 1
    N_("Presentation context {id}: {class}, refused ({reason})."),
#define TLS_OK 2
    N_("{from} and {to} agreed on {ts} with {class}: what follows is encrypted. "
       "Certificates: {reason}."),
#define TLS_FAILED 3
    N_("The TLS handshake between {from} and {to} failed: {reason}."),
#define STORED 4
    N_("{from} wrote the {class} to disk: {reason}."),
};

static size_t
narrate_pdu_event(const struct dcb_event *ev, const struct dcb_narrate_who *who, char *buf,
                  size_t size)
{
	const struct dcb_ev_pdu *p = &ev->u.pdu;
	struct dcb_pdu *pdu;
	size_t n;

	if (p->type == DCB_PDU_P_DATA_TF && p->dimse.known) {
		n = dcb_narrate_dimse(&p->dimse, p->outgoing, p->repeat > 0 ? p->repeat : 1,
		                      (uint64_t)p->length * (p->repeat > 0 ? p->repeat : 1), who,
		                      buf, size);
		if (n > 0)
			return n;
	}
	pdu = calloc(1, sizeof *pdu);
	if (pdu == NULL)
		return 0;
	/* The values of a control PDU the event kept whole; else its type. */
	if (p->type == DCB_PDU_P_DATA_TF || p->raw_len != p->length + DCB_PDU_HEADER ||
	    dcb_pdu_decode(p->raw, p->raw_len, pdu, NULL) < 0) {
		memset(pdu, 0, sizeof *pdu);
		pdu->type = p->type;
		pdu->length = p->length;
	}
	n = dcb_narrate_pdu(pdu, p->outgoing, who, buf, size);
	free(pdu);
	return n;
}

size_t
dcb_narrate_event(const struct dcb_event *ev, const struct dcb_narrate_who *who, char *buf,
                  size_t size)
{
	char id[8], reason[32];

	if (size > 0)
		buf[0] = '\0';
	switch (ev->kind) {
	case DCB_EV_PDU:
		return narrate_pdu_event(ev, who, buf, size);
	case DCB_EV_ASSOC_STATE:
		return dcb_narrate_state(ev->u.assoc.state, ev->u.assoc.reason, buf, size);
	case DCB_EV_CONTEXT: {
		const struct dcb_ev_context *c = &ev->u.context;
		snprintf(id, sizeof id, "%u", c->id);
		snprintf(reason, sizeof reason, "%u", c->result);
		const struct var vars[] = {
		    {"id", id},
		    {"class", uid_words(c->abstract_syntax)},
		    {"ts", uid_words(c->transfer_syntax)},
		    {"reason", reason},
		};
		return expand(buf, size, event_words[c->accepted ? CONTEXT_ACCEPTED : CONTEXT_REFUSED], vars,
		              sizeof vars / sizeof vars[0]);
	}
	case DCB_EV_TLS: {
		const struct var vars[] = {
		    {"from", who->self},       {"to", who->peer},
		    {"ts", ev->u.tls.version}, {"class", ev->u.tls.cipher},
		    {"reason", ev->u.tls.verify},
		};
		return expand(buf, size, event_words[ev->u.tls.ok ? TLS_OK : TLS_FAILED], vars,
		              sizeof vars / sizeof vars[0]);
	}
	case DCB_EV_STORED: {
		const struct var vars[] = {
		    {"from", who->self},
		    {"class", uid_words(ev->u.stored.sop_class_uid)},
		    {"reason", ev->u.stored.path},
		};
		return expand(buf, size, event_words[STORED], vars, sizeof vars / sizeof vars[0]);
	}
	default:
		return 0;
	}
}

static void
add(const char **out, size_t max, size_t *n, const char *s)
{
	if (s == NULL)
		return;
	if (*n < max)
		out[*n] = s;
	(*n)++;
}

size_t
dcb_narrate_sentences(const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof pdu_words / sizeof pdu_words[0]; i++) {
		add(out, max, &n, pdu_words[i].plain);
		add(out, max, &n, pdu_words[i].decoded);
	}
	for (size_t i = 0; i < sizeof dimse_words / sizeof dimse_words[0]; i++) {
		add(out, max, &n, dimse_words[i].text);
		add(out, max, &n, dimse_words[i].failed);
	}
	add(out, max, &n, data_words);
	for (size_t i = 0; i < sizeof state_words / sizeof state_words[0]; i++)
		add(out, max, &n, state_words[i]);
	for (size_t i = 0; i < sizeof event_words / sizeof event_words[0]; i++)
		add(out, max, &n, event_words[i]);
	return n;
}
