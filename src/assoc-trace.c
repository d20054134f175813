/* assoc-trace.c — an association's trace events: each PDU sent or read as
 * an event with its decoded summary, the DIMSE message it carries and its
 * first bytes; data P-DATA-TFs of one shape folded into one event
 * (trace_fold); an incoming P-DATA-TF held until something else happens,
 * so the trace stays causal (PS3.8 order, timestamps never going back). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-int.h"
#include "i18n.h"

/* The trace's view of the DIMSE messages each way, made when the trace
 * first needs it (an association that never traces holds none); NULL
 * when out of memory, and then nothing is traced. */
struct dcb_trace_msg *
assoc_trace_msgs(struct assoc *a)
{
	if (a->msg == NULL) {
		a->msg = malloc(2 * sizeof *a->msg);
		if (a->msg == NULL)
			return NULL;
		dcb_trace_msg_init(&a->msg[0]);
		dcb_trace_msg_init(&a->msg[1]);
	}
	return a->msg;
}

static bool
same_message(const struct dcb_ev_dimse *x, const struct dcb_ev_dimse *y)
{
	return x->known == y->known && x->is_data == y->is_data &&
	       x->command == y->command && x->message_id == y->message_id &&
	       x->status == y->status;
}

static bool
same_pdata(const struct pdata_text *c, const struct dcb_pdu *pdu)
{
	const struct dcb_pdata_info *x = &c->info, *y = &pdu->u.pdata;

	if (c->length != pdu->length || x->n_pdv != y->n_pdv)
		return false;
	for (unsigned i = 0; i < y->n_pdv && i < DCB_PDATA_SUMMARY_PDVS; i++)
		if (x->pdv[i].length != y->pdv[i].length || x->pdv[i].pcid != y->pdv[i].pcid ||
		    x->pdv[i].mch != y->pdv[i].mch)
			return false;
	return true;
}

/* The one-line summary of a PDU for its trace event.  A streamed object is
 * thousands of P-DATA-TFs of one shape (one full data PDV): the last text
 * each way is kept and reused while the shape stays the same, instead of
 * formatting (and translating) the same line again for every PDU. */
static void
summarize(struct assoc *a, bool out, const struct dcb_pdu *pdu, const struct dcb_ev_dimse *msg,
          char *buf, size_t size)
{
	struct pdata_text *c = &a->pdata_text[out];
	char words[256];

	if (pdu->type != DCB_PDU_P_DATA_TF || pdu->n_notes > 0) {
		dcb_pdu_summary(pdu, buf, size);
		return;
	}
	if (!c->valid || !same_pdata(c, pdu) || !same_message(&c->msg, msg)) {
		dcb_trace_msg_words(msg, words, sizeof words);
		dcb_pdu_summary_words(pdu, words, c->text, sizeof c->text);
		c->length = pdu->length;
		c->info = pdu->u.pdata;
		c->msg = *msg;
		c->valid = true;
	}
	snprintf(buf, size, "%s", c->text);
}

static bool
data_only(const struct dcb_pdu *pdu)
{
	const struct dcb_pdata_info *pi = &pdu->u.pdata;

	if (pdu->type != DCB_PDU_P_DATA_TF || pdu->n_notes > 0 || pi->n_pdv == 0 ||
	    pi->n_pdv > DCB_PDATA_SUMMARY_PDVS)
		return false;
	for (unsigned i = 0; i < pi->n_pdv; i++)
		if (pi->pdv[i].mch & DCB_MCH_COMMAND)
			return false;
	return true;
}

static void
fold_flush(struct assoc *a, bool out)
{
	struct pdu_fold *f = a->fold != NULL ? &a->fold[out] : NULL;

	if (f == NULL || f->n == 0)
		return;
	f->ev.u.pdu.repeat = f->n;
	f->n = 0;
	a->e->trace_held--;
	eng_deliver(a->e, &f->ev); /* stamped when its first PDU came */
}

/* The oldest fold of the engine goes out; false when none is held. */
static bool
flush_oldest_fold(struct dcb_engine *e)
{
	struct assoc *oldest = NULL;
	bool out = false;

	for (struct assoc *a = e->assocs; a != NULL; a = a->next)
		for (int d = 0; a->fold != NULL && d < 2; d++) {
			const struct timespec *t = &a->fold[d].ev.time, *o;
			if (a->fold[d].n == 0)
				continue;
			o = oldest != NULL ? &oldest->fold[out].ev.time : NULL;
			if (o == NULL || t->tv_sec < o->tv_sec ||
			    (t->tv_sec == o->tv_sec && t->tv_nsec < o->tv_nsec)) {
				oldest = a;
				out = d;
			}
		}
	if (oldest == NULL)
		return false;
	fold_flush(oldest, out);
	return true;
}

/* An incoming P-DATA-TF of another association, half read, whose message
 * is not known yet: nothing can have been caused by it (a message acts
 * when its command is complete, and is named by then), so it may wait
 * for its own end and go out named instead of as bare bytes. */
static bool
may_wait(const struct assoc *a, uint32_t assoc_id)
{
	return a->id != assoc_id && a->msg != NULL && !a->msg[0].pdu.known;
}

void
assoc_trace_release(struct dcb_engine *e, uint32_t assoc_id)
{
	while (e->trace_held > 0) {
		struct assoc *a;
		bool waiting = false;
		if (flush_oldest_fold(e))
			continue;
		/* then the P-DATA-TFs being read, stamped now (they may
		 * start a fold of their own: the loop flushes it) */
		for (a = e->assocs; a != NULL; a = a->next) {
			if (!a->in_held)
				continue;
			if (!may_wait(a, assoc_id))
				break;
			waiting = true;
		}
		if (a == NULL) {
			if (!waiting)
				e->trace_held = 0; /* cannot happen: the count is wrong */
			return;
		}
		assoc_emit_held_in(a);
	}
}

void
assoc_trace_flush(struct assoc *a)
{
	while (flush_oldest_fold(a->e))
		;
}

/* trace_fold: true when pdu joins the held event of its direction (the
 * same length, PDVs and message: the summary is the same too). */
static bool
fold_more(struct assoc *a, bool out, const struct dcb_pdu *pdu, const struct dcb_ev_dimse *msg)
{
	struct pdu_fold *f = a->fold != NULL ? &a->fold[out] : NULL;

	if (!a->e->cfg.trace_fold)
		return false;
	if (f != NULL && f->n > 0 && data_only(pdu) && a->pdata_text[out].valid &&
	    same_pdata(&a->pdata_text[out], pdu) && f->ev.u.pdu.length == pdu->length &&
	    same_message(&f->ev.u.pdu.dimse, msg)) {
		f->n++;
		return true;
	}
	assoc_trace_release(a->e, a->id); /* what was held comes first */
	return false;
}

/* Emits ev, or holds it (stamped now) as the first of a fold. */
static void
trace_emit(struct assoc *a, bool out, const struct dcb_pdu *pdu, struct dcb_event *ev)
{
	ev->u.pdu.repeat = 1;
	if (a->e->cfg.trace_fold && data_only(pdu) && a->fold == NULL)
		a->fold = calloc(2, sizeof *a->fold); /* none: emitted unfolded */
	if (a->e->cfg.trace_fold && data_only(pdu) && a->fold != NULL) {
		eng_stamp(a->e, a->id, ev);
		a->fold[out].ev = *ev;
		a->fold[out].n = 1;
		a->e->trace_held++;
		return;
	}
	eng_emit(a->e, a->id, ev);
}

void
assoc_trace_out(struct assoc *a, const struct dcb_pdu *pdu, const struct iovec *iov, int n)
{
	struct dcb_event ev = {.kind = DCB_EV_PDU};
	struct dcb_trace_msg *m;
	size_t got = 0;

	if (!a->e->cfg.trace_pdus || assoc_trace_msgs(a) == NULL)
		return;
	m = &a->msg[1];
	if (pdu->type == DCB_PDU_P_DATA_TF)
		dcb_trace_msg_iov(m, iov, n);
	else
		dcb_trace_msg_begin(m);
	if (fold_more(a, true, pdu, &m->pdu))
		return;
	ev.u.pdu.outgoing = true;
	ev.u.pdu.type = pdu->type;
	ev.u.pdu.length = pdu->length;
	ev.u.pdu.dimse = m->pdu;
	summarize(a, true, pdu, &m->pdu, ev.u.pdu.summary, sizeof ev.u.pdu.summary);
	for (int i = 0; i < n && got < DCB_EVENT_RAW_MAX; i++) {
		size_t k = iov[i].iov_len;
		if (k > DCB_EVENT_RAW_MAX - got)
			k = DCB_EVENT_RAW_MAX - got;
		memcpy(ev.u.pdu.raw + got, iov[i].iov_base, k);
		got += k;
	}
	ev.u.pdu.raw_len = (uint32_t)got;
	trace_emit(a, true, pdu, &ev);
}

void
assoc_emit_dump_lines(struct assoc *a, const struct dcb_pdu *pdu)
{
	size_t cap = 65536;
	char *buf;

	if (!a->e->cfg.trace_pdus)
		return;
	buf = malloc(cap);
	if (buf == NULL)
		return;
	dcb_pdu_dump(pdu, buf, cap);
	for (char *line = buf, *nl; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line) - 1 + (line[0] != '\0');
		char save = *nl;
		*nl = '\0';
		if (line[0] != '\0')
			eng_log(a->e, a->id, DCB_LOG_DEBUG, "  %s", line);
		if (save == '\0')
			break;
	}
	free(buf);
}

void
assoc_capture(struct assoc *a, const void *p, size_t n)
{
	if (a->raw_len >= DCB_EVENT_RAW_MAX)
		return;
	if (n > DCB_EVENT_RAW_MAX - a->raw_len)
		n = DCB_EVENT_RAW_MAX - a->raw_len;
	memcpy(a->raw + a->raw_len, p, n);
	a->raw_len += (uint32_t)n;
}

void
assoc_emit_in(struct assoc *a, const struct dcb_pdu *pdu, const uint8_t *raw, size_t raw_len,
        const char *summary)
{
	struct dcb_event ev = {.kind = DCB_EV_PDU};
	struct dcb_trace_msg *m;

	if (assoc_trace_msgs(a) == NULL)
		return;
	m = &a->msg[0];
	if (pdu->type != DCB_PDU_P_DATA_TF)
		dcb_trace_msg_begin(m);
	if (summary == NULL && fold_more(a, false, pdu, &m->pdu))
		return;
	ev.u.pdu.outgoing = false;
	ev.u.pdu.type = pdu->type;
	ev.u.pdu.length = pdu->length;
	ev.u.pdu.dimse = m->pdu;
	if (summary != NULL)
		snprintf(ev.u.pdu.summary, sizeof ev.u.pdu.summary, "%s", summary);
	else
		summarize(a, false, pdu, &m->pdu, ev.u.pdu.summary, sizeof ev.u.pdu.summary);
	if (raw_len > DCB_EVENT_RAW_MAX)
		raw_len = DCB_EVENT_RAW_MAX;
	memcpy(ev.u.pdu.raw, raw, raw_len);
	ev.u.pdu.raw_len = (uint32_t)raw_len;
	if (summary != NULL) {
		ev.u.pdu.repeat = 1;
		eng_emit(a->e, a->id, &ev);
		return;
	}
	trace_emit(a, false, pdu, &ev);
}

/* The incoming P-DATA-TF being read goes into the trace before anything
 * it causes: with the PDVs read so far. */
void
assoc_emit_held_in(struct assoc *a)
{
	struct dcb_pdu pd;

	if (!a->in_held)
		return;
	a->in_held = false;
	a->e->trace_held--;
	pd.type = DCB_PDU_P_DATA_TF;
	pd.length = a->in_pdu_len;
	pd.n_notes = 0;
	pd.u.pdata = a->rd.pdata; /* the reader's count of this PDU's PDVs */
	assoc_emit_in(a, &pd, a->raw, a->raw_len, NULL);
}

void
assoc_emit_message(struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *c, bool outgoing)
{
	struct dcb_event *ev = calloc(1, sizeof *ev); /* kilobytes: not on the stack */
	struct dcb_ev_message *m;

	if (ev == NULL)
		return; /* an event less, the message goes all the same */
	ev->kind = DCB_EV_MESSAGE;
	m = &ev->u.message;
	m->outgoing = outgoing;
	m->pcid = pcid;
	m->has_data = dcb_dimse_has_data(c);
	dcb_ev_dimse_of(&m->dimse, c);
	m->dimse.has_command = true; /* the whole command set, as a message's */
	dcb_dimse_summary(c, m->summary, sizeof m->summary);
	eng_emit(a->e, a->id, ev);
	free(ev);
}
