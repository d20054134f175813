/* ladder.c — the trace as a ladder diagram (ladder.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "dict.h"
#include "dimse.h"
#include "dset.h"
#include "error.h"
#include "i18n.h"
#include "ladder.h"
#include "pdu.h"
#include "ul.h"

#define TWIN_SECONDS 2.0 /* both ends of one association start this close */

static double
seconds(const struct timespec *t)
{
	return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

/* --- events in ------------------------------------------------------------------ */

/* The contexts an A-ASSOCIATE-RQ proposes or an -AC accepts, when the
 * event kept the PDU whole; 0 otherwise. */
static unsigned
count_contexts(const struct dcb_ev_pdu *p)
{
	struct dcb_pdu *pdu;
	unsigned n = 0;

	if (p->raw_len != p->length + DCB_PDU_HEADER || (pdu = malloc(sizeof *pdu)) == NULL)
		return 0;
	if (dcb_pdu_decode(p->raw, p->raw_len, pdu, NULL) == 0)
		for (unsigned i = 0; i < pdu->u.assoc.n_pctx; i++)
			n += p->type == DCB_PDU_ASSOCIATE_RQ ||
			     pdu->u.assoc.pctx[i].result == DCB_PCTX_ACCEPTANCE;
	free(pdu);
	return n;
}

/* The Transaction UID (0008,1195) of a storage commitment's N-ACTION or
 * N-EVENT-REPORT data, when the event kept the whole PDU and its first PDV
 * holds the whole data set; "" otherwise.  The ladder does not know the
 * context's transfer syntax: explicit VR first, then implicit (an implicit
 * length read as a VR is no VR, so the first try fails). */
static void
transaction_uid(const struct dcb_ev_pdu *p, char *out, size_t size)
{
	static const enum dcb_dset_syntax syntaxes[] = {DCB_DSET_EXPLICIT_LE, DCB_DSET_IMPLICIT_LE};
	const size_t pdv = DCB_PDU_HEADER; /* the first PDV item: length, context, control */
	struct dcb_dset *ds;

	out[0] = '\0';
	if (p->raw_len != p->length + DCB_PDU_HEADER || p->raw_len < pdv + 6)
		return;
	uint32_t n = dcb_be32(p->raw + pdv);
	if (n < 2 || n > p->raw_len - pdv - 4 || (p->raw[pdv + 5] & 0x03) != 0x02)
		return; /* a command, or not the data set's last fragment */
	for (size_t i = 0; i < sizeof syntaxes / sizeof syntaxes[0]; i++) {
		if (dcb_dset_decode(p->raw + pdv + 6, n - 2, syntaxes[i], &ds, NULL) < 0)
			continue;
		int rc = dcb_dset_get_str(ds, 0x00081195, out, size);
		dcb_dset_free(ds);
		if (rc < 0)
			out[0] = '\0';
		return;
	}
}

bool
dcb_ladder_ev_from(const struct dcb_event *ev, struct dcb_ladder_ev *out)
{
	memset(out, 0, sizeof *out);
	out->time = ev->time;
	out->side = ev->side;
	out->assoc_id = ev->assoc_id;
	switch (ev->kind) {
	case DCB_EV_PDU:
		out->is_pdu = true;
		out->outgoing = ev->u.pdu.outgoing;
		out->pdu_type = ev->u.pdu.type;
		out->length = ev->u.pdu.length;
		out->repeat = ev->u.pdu.repeat > 0 ? ev->u.pdu.repeat : 1;
		out->msg = ev->u.pdu.dimse;
		if (out->pdu_type == DCB_PDU_ASSOCIATE_RQ || out->pdu_type == DCB_PDU_ASSOCIATE_AC)
			out->contexts = count_contexts(&ev->u.pdu);
		if (out->msg.known && out->msg.is_data &&
		    (out->msg.command == DCB_N_ACTION_RQ || out->msg.command == DCB_N_EVENT_REPORT_RQ))
			transaction_uid(&ev->u.pdu, out->txn, sizeof out->txn);
		return true;
	case DCB_EV_CONTEXT:
		out->is_context = true;
		out->accepted = ev->u.context.accepted;
		return true;
	case DCB_EV_ASSOC_STATE:
		out->state = ev->u.assoc.state;
		snprintf(out->calling, sizeof out->calling, "%s", ev->u.assoc.calling_ae);
		snprintf(out->called, sizeof out->called, "%s", ev->u.assoc.called_ae);
		snprintf(out->note, sizeof out->note, "%.63s", ev->u.assoc.reason);
		return true;
	default:
		return false;
	}
}

/* Data of the same message, direction and association as the last
 * event: the two are one. */
static bool
same_data(const struct dcb_ladder_ev *a, const struct dcb_ladder_ev *b)
{
	return a->is_pdu && b->is_pdu && a->msg.known && b->msg.known && a->msg.is_data &&
	       b->msg.is_data && a->side == b->side && a->assoc_id == b->assoc_id &&
	       a->outgoing == b->outgoing && a->length == b->length &&
	       a->msg.command == b->msg.command && a->msg.message_id == b->msg.message_id;
}

int
dcb_ladder_log_add(struct dcb_ladder_log *log, const struct dcb_event *ev)
{
	struct dcb_ladder_ev e;

	if (!dcb_ladder_ev_from(ev, &e))
		return 0;
	if (log->n > 0 && same_data(&log->ev[log->n - 1], &e)) {
		log->ev[log->n - 1].repeat += e.repeat;
		return 0;
	}
	if (log->max > 0 && log->n >= log->max) {
		size_t drop = log->max / 4 + 1;
		memmove(log->ev, log->ev + drop, (log->n - drop) * sizeof *log->ev);
		log->n -= drop;
	}
	if (log->n == log->cap) {
		size_t cap = log->cap != 0 ? log->cap * 2 : 256;
		struct dcb_ladder_ev *p = realloc(log->ev, cap * sizeof *p);
		if (p == NULL)
			return DCB_ERR_NOMEM;
		log->ev = p;
		log->cap = cap;
	}
	log->ev[log->n++] = e;
	return 0;
}

void
dcb_ladder_log_clear(struct dcb_ladder_log *log)
{
	free(log->ev);
	log->ev = NULL;
	log->n = log->cap = 0;
}

/* --- associations ---------------------------------------------------------------- */

struct lassoc {
	enum dcb_side side;
	uint32_t id;
	bool closed;
	bool requestor_known, requestor; /* our end sent the A-ASSOCIATE-RQ */
	char calling[17], called[17];
	struct timespec start;
	int col_req, col_acc;
	int twin;   /* the same association reported by our other end, -1 */
	int parent; /* the association whose C-MOVE caused this one, -1 */
	int depth;
	size_t cause; /* the parent's C-MOVE-RQ event (sorted index) */
	unsigned n_ctx, n_accepted; /* its context events */
};

struct work {
	const struct dcb_ladder_ev *evs;
	size_t n;
	size_t *order;  /* evs sorted by time */
	int *assoc_of;  /* per sorted index */
	struct lassoc *as;
	int nas;
	struct dcb_ladder *out;
};

static const struct dcb_ladder_ev *
ev_at(const struct work *w, size_t i)
{
	return &w->evs[w->order[i]];
}

struct sort_key {
	struct timespec time;
	size_t index;
};

static int
by_time(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;

	if (x->time.tv_sec != y->time.tv_sec)
		return x->time.tv_sec < y->time.tv_sec ? -1 : 1;
	if (x->time.tv_nsec != y->time.tv_nsec)
		return x->time.tv_nsec < y->time.tv_nsec ? -1 : 1;
	/* the same instant: the order they came in */
	return x->index < y->index ? -1 : 1;
}

/* w->order: the events by time (two threads report out of order). */
static int
sort_events(struct work *w)
{
	struct sort_key *keys = malloc((w->n + 1) * sizeof *keys);

	if (keys == NULL)
		return DCB_ERR_NOMEM;
	for (size_t i = 0; i < w->n; i++) {
		keys[i].time = w->evs[i].time;
		keys[i].index = i;
	}
	qsort(keys, w->n, sizeof *keys, by_time);
	for (size_t i = 0; i < w->n; i++)
		w->order[i] = keys[i].index;
	free(keys);
	return 0;
}

/* The association event e belongs to: the open one of its side and id,
 * or a new one (an id seen again after its end is a new association). */
static int
assoc_for(struct work *w, const struct dcb_ladder_ev *e)
{
	for (int i = w->nas - 1; i >= 0; i--) {
		struct lassoc *a = &w->as[i];
		if (a->side != e->side || a->id != e->assoc_id)
			continue;
		if (!a->closed || (!e->is_pdu && e->state == 1))
			return i;
		break;
	}
	struct lassoc *a = &w->as[w->nas];
	memset(a, 0, sizeof *a);
	a->side = e->side;
	a->id = e->assoc_id;
	a->start = e->time;
	a->twin = a->parent = -1;
	return w->nas++;
}

static int
column(struct dcb_ladder *l, const char *name)
{
	for (unsigned i = 0; i < l->ncols; i++)
		if (strcmp(l->cols[i], name) == 0)
			return (int)i;
	if (l->ncols == DCB_LADDER_MAX_COLS)
		return DCB_LADDER_MAX_COLS - 1; /* the last column takes the rest */
	snprintf(l->cols[l->ncols], sizeof l->cols[0], "%s", name);
	return (int)l->ncols++;
}

static void
find_associations(struct work *w)
{
	for (size_t i = 0; i < w->n; i++) {
		const struct dcb_ladder_ev *e = ev_at(w, i);
		int k = assoc_for(w, e);
		struct lassoc *a = &w->as[k];
		w->assoc_of[i] = k;
		if (e->calling[0] != '\0')
			snprintf(a->calling, sizeof a->calling, "%s", e->calling);
		if (e->called[0] != '\0')
			snprintf(a->called, sizeof a->called, "%s", e->called);
		if (e->is_pdu && e->pdu_type == DCB_PDU_ASSOCIATE_RQ && !a->requestor_known) {
			a->requestor_known = true;
			a->requestor = e->outgoing;
		}
		if (e->is_context) {
			a->n_ctx++;
			a->n_accepted += e->accepted;
		}
		if (!e->is_pdu && !e->is_context && e->state == 1)
			a->closed = true;
	}
	for (int k = 0; k < w->nas; k++) {
		struct lassoc *a = &w->as[k];
		const char *own = a->side == DCB_SIDE_SCU ? "SCU" : "SCP";
		if (!a->requestor_known)
			a->requestor = a->side == DCB_SIDE_SCU;
		a->col_req = column(w->out, a->calling[0] ? a->calling : a->requestor ? own : "peer");
		a->col_acc = column(w->out, a->called[0] ? a->called : !a->requestor ? own : "peer");
		for (int j = 0; j < k && a->twin < 0; j++) {
			struct lassoc *b = &w->as[j];
			double dt = seconds(&a->start) - seconds(&b->start);
			if (b->twin < 0 && b->side != a->side && a->calling[0] != '\0' &&
			    strcmp(a->calling, b->calling) == 0 && strcmp(a->called, b->called) == 0 &&
			    dt > -TWIN_SECONDS && dt < TWIN_SECONDS) {
				a->twin = j;
				b->twin = k;
			}
		}
	}
}

bool
dcb_ladder_is_sub_operation(const struct dcb_ev_dimse *store, const struct dcb_ev_dimse *move,
                            const char *calling)
{
	return store->known && store->command == DCB_C_STORE_RQ &&
	       store->move_originator_id != 0 && move->known && move->has_command &&
	       move->command == DCB_C_MOVE_RQ && move->message_id == store->move_originator_id &&
	       (store->move_originator_ae[0] == '\0' ||
	        strcmp(calling, store->move_originator_ae) == 0);
}

/* A C-STORE sub-operation names the C-MOVE that caused it: its
 * association is nested under the one that carried that C-MOVE-RQ. */
static void
find_parents(struct work *w)
{
	for (size_t i = 0; i < w->n; i++) {
		const struct dcb_ladder_ev *e = ev_at(w, i);
		struct lassoc *a = &w->as[w->assoc_of[i]];
		if (!e->is_pdu || !e->msg.known || e->msg.command != DCB_C_STORE_RQ ||
		    e->msg.move_originator_id == 0 || a->parent >= 0)
			continue;
		for (size_t j = i; j-- > 0;) {
			const struct dcb_ladder_ev *m = ev_at(w, j);
			int p = w->assoc_of[j];
			if (p == w->assoc_of[i] || !m->is_pdu ||
			    !dcb_ladder_is_sub_operation(&e->msg, &m->msg, w->as[p].calling))
				continue;
			a->parent = p;
			a->cause = j;
			break;
		}
	}
	/* parents start before their children: one pass in order of start */
	for (int k = 0; k < w->nas; k++)
		if (w->as[k].parent >= 0)
			w->as[k].depth = w->as[w->as[k].parent].depth + 1;
}

/* --- rows out --------------------------------------------------------------------- */

static struct dcb_ladder_row *
new_row(struct work *w, const struct dcb_ladder_ev *e, int k, enum dcb_ladder_row_kind kind)
{
	struct dcb_ladder *l = w->out;
	struct dcb_ladder_row *r = &l->rows[l->nrows++];
	const struct lassoc *a = &w->as[k];
	bool req_sends = e->outgoing == (a->requestor == true);

	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->ev = (size_t)(e - w->evs);
	r->time = e->time;
	r->depth = a->depth;
	r->assoc = (unsigned)k + 1;
	r->link = -1;
	r->count = e->repeat;
	r->bytes = (uint64_t)e->length * e->repeat;
	if (kind == DCB_LADDER_NOTE) {
		/* on the column of the end that reports it */
		r->from = r->to = a->requestor ? a->col_req : a->col_acc;
	} else {
		r->from = req_sends ? a->col_req : a->col_acc;
		r->to = req_sends ? a->col_acc : a->col_req;
	}
	return r;
}

static void
message_label(const struct dcb_ev_dimse *d, char *buf, size_t size)
{
	const char *name = dcb_dimse_command_name(d->command);

	if (d->has_status)
		snprintf(buf, size, "%s #%u %s", name, d->message_id,
		         d->status == 0 ? dcb_dimse_status_name(0) : "");
	else
		snprintf(buf, size, "%s #%u %s", name, d->message_id,
		         strcmp(dcb_uid_file_prefix(d->sop_class_uid), "UNKNOWN") != 0
		             ? dcb_uid_file_prefix(d->sop_class_uid)
		             : "");
	if (d->has_status && d->status != 0) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "0x%04X %s", d->status, dcb_dimse_status_name(d->status));
	}
	size_t n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
}

/* The contexts an A-ASSOCIATE row names: from its PDU, else (a PDU too
 * long to keep whole: a peer proposing every storage class) from its
 * association's context events. */
static void
pdu_label(const struct dcb_ladder_ev *e, const struct lassoc *a, char *buf, size_t size)
{
	const char *name = dcb_pdu_type_name(e->pdu_type);
	bool rq = e->pdu_type == DCB_PDU_ASSOCIATE_RQ;
	unsigned n = e->contexts > 0 ? e->contexts : rq ? a->n_ctx : a->n_accepted;

	if (rq && n > 0)
		snprintf(buf, size, dcb_tr(N_("%s: contexts %u")), name, n);
	else if (e->pdu_type == DCB_PDU_ASSOCIATE_AC && n > 0)
		snprintf(buf, size, dcb_tr(N_("%s: %u accepted")), name, n);
	else
		snprintf(buf, size, "%s", name);
}

/* The Transaction UID of the message whose command is sorted event i:
 * its data event's, "" when none came or it was not kept. */
static const char *
txn_of(const struct work *w, size_t i)
{
	const struct dcb_ladder_ev *c = ev_at(w, i);

	for (size_t j = i + 1; j < w->n; j++) {
		const struct dcb_ladder_ev *d = ev_at(w, j);
		if (d->is_pdu && d->msg.known && d->msg.is_data && d->side == c->side &&
		    d->assoc_id == c->assoc_id && d->outgoing == c->outgoing &&
		    d->msg.command == c->msg.command && d->msg.message_id == c->msg.message_id)
			return d->txn;
	}
	return "";
}

/* N-EVENT-REPORT-RQ (sorted event i) answers the N-ACTION-RQ of its
 * SOP class that went the other way (storage commitment), on any
 * association: the one with its Transaction UID, or, when either UID is
 * unknown, the latest. */
static void
link_report(struct work *w, struct dcb_ladder_row *r, size_t i, const size_t *row_ev)
{
	struct dcb_ladder *l = w->out;
	const struct dcb_ladder_ev *e = ev_at(w, i);
	const char *txn = txn_of(w, i);

	for (size_t j = l->nrows - 1; j-- > 0;) {
		const struct dcb_ladder_row *q = &l->rows[j];
		const struct dcb_ladder_ev *a = ev_at(w, row_ev[j]);
		if (q->kind != DCB_LADDER_ARROW || !a->is_pdu || !a->msg.known ||
		    a->msg.command != DCB_N_ACTION_RQ || q->from != r->to || q->to != r->from ||
		    strcmp(a->msg.sop_class_uid, e->msg.sop_class_uid) != 0)
			continue;
		const char *asked = txn_of(w, row_ev[j]);
		if (txn[0] != '\0' && asked[0] != '\0' && strcmp(txn, asked) != 0)
			continue;
		r->link = (int)j;
		r->link_seconds = seconds(&r->time) - seconds(&q->time);
		return;
	}
}

static void
data_label(struct dcb_ladder_row *r)
{
	snprintf(r->label, sizeof r->label, dcb_tr(N_("data ×%u (%llu bytes)")), r->count,
	         (unsigned long long)r->bytes);
}

static int
emit_rows(struct work *w)
{
	struct dcb_ladder *l = w->out;
	size_t *row_ev = malloc((w->n + 1) * sizeof *row_ev); /* row → sorted event */
	size_t *ev_row = malloc((w->n + 1) * sizeof *ev_row); /* sorted event → row */
	int *last = malloc((size_t)(w->nas + 1) * sizeof *last); /* last row per association */
	int rc = 0;

	if (row_ev == NULL || ev_row == NULL || last == NULL) {
		rc = DCB_ERR_NOMEM;
		goto out;
	}
	for (int k = 0; k < w->nas; k++)
		last[k] = -1;
	for (size_t i = 0; i < w->n; i++) {
		const struct dcb_ladder_ev *e = ev_at(w, i);
		int k = w->assoc_of[i];
		struct lassoc *a = &w->as[k];
		struct dcb_ladder_row *r;

		ev_row[i] = SIZE_MAX;
		if (e->is_context)
			continue;
		/* both ends are ours: each PDU once, as its sender saw it */
		if (e->is_pdu && !e->outgoing && a->twin >= 0)
			continue;
		if (e->is_pdu && e->msg.known && e->msg.is_data) {
			struct dcb_ladder_row *p = last[k] >= 0 ? &l->rows[last[k]] : NULL;
			const struct dcb_ladder_ev *pe = p != NULL ? ev_at(w, row_ev[last[k]]) : NULL;
			if (p != NULL && p->kind == DCB_LADDER_DATA && pe->outgoing == e->outgoing &&
			    pe->msg.command == e->msg.command &&
			    pe->msg.message_id == e->msg.message_id) {
				p->count += e->repeat;
				p->bytes += (uint64_t)e->length * e->repeat;
				data_label(p);
				ev_row[i] = (size_t)last[k];
				continue;
			}
			r = new_row(w, e, k, DCB_LADDER_DATA);
			data_label(r);
		} else if (e->is_pdu) {
			r = new_row(w, e, k, DCB_LADDER_ARROW);
			if (e->pdu_type == DCB_PDU_P_DATA_TF && e->msg.known)
				message_label(&e->msg, r->label, sizeof r->label);
			else
				pdu_label(e, a, r->label, sizeof r->label);
			if (e->msg.known && e->msg.command == DCB_N_EVENT_REPORT_RQ)
				link_report(w, r, i, row_ev);
			if (e->pdu_type == DCB_PDU_ASSOCIATE_RQ && a->parent >= 0 &&
			    ev_row[a->cause] != SIZE_MAX) {
				r->link = (int)ev_row[a->cause];
				r->link_seconds = seconds(&r->time) - seconds(&l->rows[r->link].time);
			}
		} else {
			r = new_row(w, e, k, DCB_LADDER_NOTE);
			snprintf(r->label, sizeof r->label, "%s%s%s", dcb_ul_state_name(e->state),
			         e->note[0] != '\0' ? " " : "", e->note);
		}
		row_ev[l->nrows - 1] = i;
		ev_row[i] = l->nrows - 1;
		last[k] = (int)(l->nrows - 1);
	}
out:
	free(row_ev);
	free(ev_row);
	free(last);
	return rc;
}

int
dcb_ladder_layout(const struct dcb_ladder_ev *evs, size_t n, struct dcb_ladder *out)
{
	struct work w = {.evs = evs, .n = n, .out = out};
	int rc = 0;

	memset(out, 0, sizeof *out);
	w.order = malloc((n + 1) * sizeof *w.order);
	w.assoc_of = malloc((n + 1) * sizeof *w.assoc_of);
	w.as = malloc((n + 1) * sizeof *w.as);
	out->rows = malloc((n + 1) * sizeof *out->rows);
	if (w.order == NULL || w.assoc_of == NULL || w.as == NULL || out->rows == NULL) {
		rc = DCB_ERR_NOMEM;
		goto out;
	}
	if ((rc = sort_events(&w)) < 0)
		goto out;
	find_associations(&w);
	find_parents(&w);
	rc = emit_rows(&w);
out:
	free(w.order);
	free(w.assoc_of);
	free(w.as);
	if (rc < 0)
		dcb_ladder_clear(out);
	return rc;
}

void
dcb_ladder_clear(struct dcb_ladder *l)
{
	free(l->rows);
	memset(l, 0, sizeof *l);
}
