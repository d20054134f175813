/* scu-query.c — the requestor side of Query/Retrieve (PS3.4 Annex C),
 * Modality Worklist find (Annex K) and MPPS (Annex F.7): a request job's
 * identifiers sent as C-FIND, C-MOVE, C-GET, N-CREATE or N-SET requests
 * on one association, each response an event; the C-STOREs of a C-GET received on that association by the
 * Storage SCP's own handlers (scp-store.c), so objects are written in one
 * place only. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "dict.h"
#include "dset.h"
#include "engine-int.h"
#include "i18n.h"
#include "service.h"
#include "storage-classes.h"

struct qr_run {
	struct qr_run *link; /* the engine's query runs, in the order they came */
	struct dcb_engine *e;
	struct qr_job *job;
	struct assoc *a;
	struct dcb_pdu *rq; /* the RQ sent, until the AC is checked */
	bool opened;        /* an association was asked for */
	bool accepted, waiting, releasing;
	size_t query;       /* the identifier sent next (or now) */
	unsigned round;     /* its repeats so far */
	uint16_t msg_id;
	uint8_t pcid; /* the request context */
	enum dcb_dset_syntax syntax;
	unsigned responses; /* to the request outstanding */
	bool cancel_sent;
	/* the response whose identifier is arriving */
	bool rsp_data;
	struct dcb_dimse_cmd rsp;
	uint8_t *buf;
	size_t len, cap;
	bool too_big;
	/* a C-STORE-RQ arriving: C-GET hands it to the Storage SCP's handlers;
	 * any other job reads its data set and refuses it */
	bool storing, refusing;
	struct svc_msg store_msg;
	void *store; /* the storage service's state for this association */
	unsigned ok, failed, warnings;
	int64_t t0;
};

static const struct {
	const char *name;
	uint16_t response;
} ops[] = {
    [DCB_QR_FIND] = {"C-FIND", DCB_C_FIND_RSP},
    [DCB_QR_MOVE] = {"C-MOVE", DCB_C_MOVE_RSP},
    [DCB_QR_GET] = {"C-GET", DCB_C_GET_RSP},
    [DCB_QR_N_CREATE] = {"N-CREATE", DCB_N_CREATE_RSP},
    [DCB_QR_N_SET] = {"N-SET", DCB_N_SET_RSP},
};

static const char *
op_name(enum dcb_qr_op op)
{
	return ops[op].name;
}

static uint16_t
op_response(enum dcb_qr_op op)
{
	return ops[op].response;
}

static bool
op_is_n(enum dcb_qr_op op)
{
	return op == DCB_QR_N_CREATE || op == DCB_QR_N_SET;
}

static unsigned
requests_total(const struct qr_job *j)
{
	return (unsigned)j->j.n_identifiers * (j->j.repeat > 0 ? j->j.repeat : 1);
}

/* --- jobs ------------------------------------------------------------------- */

void
qr_free_job(struct qr_job *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; j->ids != NULL && i < j->j.n_identifiers; i++)
		free(j->ids[i]);
	free(j->ids);
	free(j->id_len);
	free(j->host);
	free(j);
}

static bool
uid_fits(const char *uid)
{
	return uid != NULL && uid[0] != '\0' && strlen(uid) <= DCB_UID_MAX;
}

struct qr_job *
qr_new_job(const struct dcb_qr_job *job, struct dcb_error *err)
{
	struct qr_job *j;
	size_t n = job->n_identifiers;

	if (job->host == NULL || job->port <= 0 || job->port > 65535) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("a job needs a peer address and a port from 1 to 65535"));
		return NULL;
	}
	if (!uid_fits(job->model) || (job->find_model != NULL && !uid_fits(job->find_model))) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("a query job needs the SOP class of its information model (a UID "
		                 "of at most 64 characters)"));
		return NULL;
	}
	if (n == 0 || job->identifiers == NULL) {
		dcb_error_set(err, DCB_ERR_USAGE, -1, N_("a query job needs an identifier"));
		return NULL;
	}
	if ((unsigned)job->op > DCB_QR_N_SET ||
	    (job->op == DCB_QR_N_SET && !uid_fits(job->sop_instance))) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("an N-SET job needs the SOP instance it modifies"));
		return NULL;
	}
	j = calloc(1, sizeof *j);
	if (j == NULL)
		goto nomem;
	j->j = *job;
	j->j.n_identifiers = 0;
	j->host = strdup(job->host);
	j->ids = calloc(n, sizeof *j->ids);
	j->id_len = calloc(n, sizeof *j->id_len);
	if (j->host == NULL || j->ids == NULL || j->id_len == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++, j->j.n_identifiers++)
		if (dcb_dset_encode_alloc(job->identifiers[i], DCB_DSET_EXPLICIT_LE, &j->ids[i],
		                          &j->id_len[i], err) < 0) {
			qr_free_job(j);
			return NULL;
		}
	snprintf(j->model, sizeof j->model, "%s", job->model);
	snprintf(j->find_model, sizeof j->find_model, "%s",
	         job->find_model != NULL ? job->find_model : "");
	j->j.host = j->host;
	j->j.model = j->model;
	j->j.find_model = job->find_model != NULL ? j->find_model : NULL;
	j->j.identifiers = NULL;
	return j;
nomem:
	qr_free_job(j);
	dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory for a job"));
	return NULL;
}

static void
free_run(struct qr_run *r)
{
	free(r->rq);
	free(r->buf);
	qr_free_job(r->job);
	free(r);
}

void
qr_start_job(struct dcb_engine *e, struct qr_job *job)
{
	struct qr_run *r = calloc(1, sizeof *r);
	struct qr_run **pp = &e->qr_runs;

	if (r == NULL) {
		eng_error(e, 0, N_("out of memory for a job"));
		qr_free_job(job);
		return;
	}
	r->e = e;
	r->job = job;
	r->t0 = dcb_loop_now_ms();
	while (*pp != NULL)
		pp = &(*pp)->link;
	*pp = r;
}

void
qr_free_runs(struct dcb_engine *e)
{
	while (e->qr_runs != NULL) {
		struct qr_run *r = e->qr_runs;
		e->qr_runs = r->link;
		free_run(r);
	}
}

/* --- the association -------------------------------------------------------- */

static const struct assoc_ops qr_ops;

/* The A-ASSOCIATE-RQ: the request context (with movescu's FIND context
 * before it), and for C-GET the storage SOP classes with the SCP role. */
static struct dcb_pdu *
build_rq(struct qr_run *r, unsigned *n_ctx, struct dcb_error *err)
{
	const struct dcb_qr_job *j = &r->job->j;
	struct dcb_pdu *rq = eng_new_rq(r->e, j->called_ae);
	struct dcb_assoc *as;
	size_t nts, nsts, ncls = j->store_classes != NULL ? j->n_store_classes
	                                                  : DCB_GETSCU_STORAGE_CLASSES;
	const char *const *ts = dcb_ts_preset_accepted(j->propose, &nts);
	const char *const *sts = dcb_ts_preset_accepted(j->store_ts, &nsts);
	const char *const *cls = j->store_classes != NULL ? j->store_classes
	                                                  : dcb_getscu_storage_classes;

	if (rq == NULL) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	as = &rq->u.assoc;
	if ((j->find_model != NULL &&
	     dcb_negotiate_add_context(as, j->find_model, ts, nts, err) < 0) ||
	    dcb_negotiate_add_context(as, j->model, ts, nts, err) < 0) {
		free(rq);
		return NULL;
	}
	for (size_t i = 0; j->op == DCB_QR_GET && i < ncls; i++) {
		struct dcb_role *role;
		if (as->n_pctx >= DCB_MAX_CONTEXTS || as->user.n_roles >= DCB_MAX_ROLES) {
			eng_log(r->e, 0, DCB_LOG_WARN,
			        N_("only %u of the %zu storage SOP classes fit into the %u "
			           "presentation contexts of an association (PS3.8: odd IDs "
			           "1-255); the others are not proposed"),
			        as->user.n_roles, ncls, DCB_MAX_CONTEXTS);
			break;
		}
		if (dcb_negotiate_add_context(as, cls[i], sts, nsts, err) < 0) {
			free(rq);
			return NULL;
		}
		role = &as->user.roles[as->user.n_roles++];
		snprintf(role->sop_class, sizeof role->sop_class, "%s", cls[i]);
		role->scu_role = 0;
		role->scp_role = 1;
	}
	*n_ctx = as->n_pctx;
	return rq;
}

static void
open_assoc(struct qr_run *r)
{
	struct dcb_engine *e = r->e;
	const struct dcb_qr_job *j = &r->job->j;
	struct dcb_error err = {0};
	unsigned n_ctx = 0;
	struct assoc *a;

	r->opened = true;
	r->rq = build_rq(r, &n_ctx, &err);
	if (r->rq == NULL) {
		eng_error(e, 0, "%s", err.message);
		return;
	}
	eng_log(e, 0, DCB_LOG_INFO,
	        N_("requesting association with %s port %d (called AE title '%s', calling AE "
	           "title '%s', %u presentation contexts)"),
	        j->host, j->port, j->called_ae, e->cfg.ae_title, n_ctx);
	a = eng_open(e, r->job->number, j->host, j->port, DCB_CONN_SIDE, r->rq, &qr_ops, r, &err);
	if (a == NULL) {
		eng_error(e, 0, "%s", err.message);
		return;
	}
	if (!a->dead)
		r->a = a;
}

/* C-GET: the storage contexts the peer accepted, and whether it took the
 * SCP role for them (PS3.7 D.3.3.4): without it, no C-STORE may come. */
static void
check_roles(struct qr_run *r, struct assoc *a)
{
	const struct dcb_user_info *u = &a->pdu->u.assoc.user;
	unsigned stores = 0, scp = 0;

	for (unsigned i = 0; i < a->n_ctx; i++) {
		if (a->ctx[i].result != DCB_PCTX_ACCEPTANCE ||
		    !dcb_negotiate_is_storage_class(a->ctx[i].abstract_syntax))
			continue;
		stores++;
		for (unsigned k = 0; k < u->n_roles; k++)
			if (strcmp(u->roles[k].sop_class, a->ctx[i].abstract_syntax) == 0 &&
			    u->roles[k].scp_role) {
				scp++;
				break;
			}
	}
	eng_log(r->e, a->id, DCB_LOG_INFO,
	        N_("%s accepted %u storage contexts, %u of them with this side as SCP"), a->peer,
	        stores, scp);
	if (scp == 0)
		eng_log(r->e, a->id, DCB_LOG_WARN,
		        N_("%s took the SCP role for no storage SOP class (PS3.7 D.3.3.4 role "
		           "selection): it cannot send the objects of a C-GET on this association"),
		        a->peer);
}

/* Gives up the association: released when it is up, all the same. */
static void
release(struct qr_run *r, struct assoc *a)
{
	r->releasing = true;
	if (r->job->j.abort) {
		assoc_abort(a, _("--abort: A-ABORT instead of a release"));
		return;
	}
	eng_release(a);
}

static void
qr_on_accept(struct assoc *a)
{
	struct qr_run *r = a->user;
	const struct dcb_qr_job *j;
	const struct ctx *c = NULL;

	if (r == NULL || r->rq == NULL || eng_check_ac(a, r->rq, true) < 0)
		return;
	free(r->rq);
	r->rq = NULL;
	j = &r->job->j;
	for (unsigned i = 0; c == NULL && i < a->n_ctx; i++)
		if (a->ctx[i].result == DCB_PCTX_ACCEPTANCE &&
		    strcmp(a->ctx[i].abstract_syntax, j->model) == 0)
			c = &a->ctx[i];
	if (j->op == DCB_QR_GET)
		check_roles(r, a);
	r->accepted = true;
	if (c == NULL && op_is_n(j->op)) {
		const struct dcb_uid_entry *u = dcb_uid_lookup(j->model);
		eng_error(a->e, a->id,
		          N_("%s did not accept %s: it does not offer this service (see the "
		             "presentation contexts with -v)"),
		          a->peer, u != NULL ? u->name : j->model);
		release(r, a);
		return;
	}
	if (c == NULL) {
		const struct dcb_uid_entry *u = dcb_uid_lookup(j->model);
		eng_error(a->e, a->id,
		          N_("%s did not accept %s: it cannot answer a %s with this information "
		             "model (see the presentation contexts with -v; try another of "
		             "-P, -S, -W)"),
		          a->peer, u != NULL ? u->name : j->model, op_name(j->op));
		release(r, a);
		return;
	}
	if (dcb_dset_syntax_of(c->ts, &r->syntax) < 0) {
		eng_error(a->e, a->id,
		          N_("%s accepted the %s context only with transfer syntax %s, in which "
		             "dicombench cannot encode an identifier (implicit and explicit VR "
		             "little endian only): propose another with -x="),
		          a->peer, op_name(j->op), c->ts);
		release(r, a);
		return;
	}
	r->pcid = c->id;
}

/* recode: bytes of a data set in one syntax into the other (a fresh
 * buffer, the caller frees it); the decoded data set too when keep is
 * not NULL. */
static int
recode(const uint8_t *in, size_t n, enum dcb_dset_syntax from, enum dcb_dset_syntax to,
       uint8_t **out, size_t *out_len, struct dcb_dset **keep, struct dcb_error *err)
{
	struct dcb_dset *ds = NULL;
	int rc = dcb_dset_decode(in, n, from, &ds, err);

	if (rc == 0)
		rc = dcb_dset_encode_alloc(ds, to, out, out_len, err);
	if (keep != NULL && rc == 0)
		*keep = ds;
	else
		dcb_dset_free(ds);
	return rc;
}

static void
arm_dimse_timer(struct assoc *a)
{
	if (a->e->cfg.dimse_ms > 0)
		a->dimse_at = dcb_loop_now_ms() + a->e->cfg.dimse_ms;
}

/* Sends the next request; false when there is none or it could not go. */
static bool
send_request(struct qr_run *r, struct assoc *a)
{
	const struct dcb_qr_job *j = &r->job->j;
	struct dcb_error err = {0};
	struct dcb_dimse_cmd c;
	uint8_t *data = NULL;
	size_t len = r->job->id_len[r->query];
	const char *dest = j->move_destination[0] != '\0' ? j->move_destination
	                                                  : a->e->cfg.ae_title;
	int rc = 0;

	if (r->syntax != DCB_DSET_EXPLICIT_LE)
		rc = recode(r->job->ids[r->query], len, DCB_DSET_EXPLICIT_LE, r->syntax, &data,
		            &len, NULL, &err);
	if (rc < 0) {
		eng_error(a->e, a->id, N_("identifier %zu cannot be sent: %s"), r->query + 1,
		          err.message);
		r->failed++;
		r->query++;
		return false;
	}
	switch (j->op) {
	case DCB_QR_FIND:
		dcb_dimse_find_rq(&c, ++r->msg_id, j->model, j->priority);
		break;
	case DCB_QR_MOVE:
		dcb_dimse_move_rq(&c, ++r->msg_id, j->model, j->priority, dest);
		break;
	case DCB_QR_GET:
		dcb_dimse_get_rq(&c, ++r->msg_id, j->model, j->priority);
		break;
	case DCB_QR_N_CREATE:
		dcb_dimse_create_rq(&c, ++r->msg_id, j->model,
		                    j->sop_instance[0] != '\0' ? j->sop_instance : NULL, true);
		break;
	case DCB_QR_N_SET:
		dcb_dimse_n_set_rq(&c, ++r->msg_id, j->model, j->sop_instance);
		break;
	}
	if (j->op == DCB_QR_MOVE)
		eng_log(a->e, a->id, DCB_LOG_INFO,
		        N_("sending %s request (message ID %u, move destination '%s')"),
		        op_name(j->op), r->msg_id, dest);
	else if (op_is_n(j->op))
		eng_log(a->e, a->id, DCB_LOG_INFO,
		        N_("sending %s request (message ID %u, SOP instance %s)"), op_name(j->op),
		        r->msg_id, j->sop_instance[0] != '\0' ? j->sop_instance : "-");
	else
		eng_log(a->e, a->id, DCB_LOG_INFO, N_("sending %s request (message ID %u)"),
		        op_name(j->op), r->msg_id);
	rc = assoc_send_message(a, r->pcid, &c, data != NULL ? data : r->job->ids[r->query],
	                        len);
	free(data);
	if (rc < 0) {
		assoc_abort(a, _("cannot send the request"));
		return false;
	}
	r->waiting = true;
	r->responses = 0;
	r->cancel_sent = false;
	arm_dimse_timer(a);
	if (++r->round >= (j->repeat > 0 ? j->repeat : 1)) {
		r->round = 0;
		r->query++;
	}
	assoc_flush(a);
	return true;
}

static void
qr_pump(struct assoc *a)
{
	struct qr_run *r = a->user;

	if (r == NULL || !r->accepted || r->releasing)
		return;
	while (!a->dead && a->ul.state == DCB_STA6 && assoc_out_empty(a) && !r->waiting &&
	       !r->releasing) {
		if (r->pcid != 0 && r->query < r->job->j.n_identifiers) {
			send_request(r, a);
			continue;
		}
		release(r, a);
	}
}

/* Explicit VRs with a 4-byte length (PS3.5 Table 7.1-1), two letters each. */
static bool
long_length_vr(const uint8_t *vr)
{
	static const char list[] = "OBODOFOLOVOWSQSVUCUNURUTUV";

	for (size_t i = 0; i + 1 < sizeof list; i += 2)
		if (vr[0] == (uint8_t)list[i] && vr[1] == (uint8_t)list[i + 1])
			return true;
	return false;
}

/* The bytes of the first top-level elements of an explicit VR LE data set
 * (defined lengths, as dset.c encodes) that fit into max. */
static size_t
whole_elements(const uint8_t *p, size_t n, size_t max)
{
	size_t o = 0;

	while (o + 8 <= n) {
		bool wide = long_length_vr(p + o + 4);
		size_t len, next;
		if (wide && o + 12 > n)
			break;
		len = wide ? dcb_le32(p + o + 8) : dcb_le16(p + o + 6);
		next = o + (wide ? 12 : 8) + len;
		if (next > max || next > n)
			break;
		o = next;
	}
	return o;
}

/* The identifier of a response into the event, in explicit VR LE. */
static void
put_identifier(struct qr_run *r, struct assoc *a, struct dcb_ev_response *rsp)
{
	struct dcb_error err = {0};
	struct dcb_dset *ds = NULL;
	uint8_t *ex = NULL;
	size_t n = 0;

	if (r->too_big) {
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("the identifier of %s response %u is larger than %u bytes; it is left "
		           "out"),
		        op_name(r->job->j.op), rsp->number, DCB_DSET_MAX_BYTES);
		return;
	}
	if (recode(r->buf, r->len, r->syntax, DCB_DSET_EXPLICIT_LE, &ex, &n, &ds, &err) < 0) {
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("the identifier of %s response %u cannot be decoded: %s"),
		        op_name(r->job->j.op), rsp->number, err.message);
		return;
	}
	rsp->has_identifier = true;
	rsp->identifier_len = (uint32_t)whole_elements(ex, n, sizeof rsp->identifier);
	rsp->truncated = rsp->identifier_len < n;
	memcpy(rsp->identifier, ex, rsp->identifier_len);
	if (dcb_dset_get_str(ds, DCB_TAG(0x0008, 0x0058), rsp->failed_uids,
	                     sizeof rsp->failed_uids) == DCB_ERR_LIMIT)
		rsp->failed_uids_truncated = true;
	free(ex);
	dcb_dset_free(ds);
}

static void
cancel(struct qr_run *r, struct assoc *a)
{
	struct dcb_dimse_cmd c;

	dcb_dimse_cancel_rq(&c, r->msg_id);
	r->cancel_sent = true;
	eng_log(a->e, a->id, DCB_LOG_INFO,
	        N_("sending C-CANCEL request for message ID %u after %u responses"), r->msg_id,
	        r->responses);
	if (assoc_send_command(a, r->pcid, &c) < 0)
		assoc_abort(a, _("cannot send the C-CANCEL request"));
	else
		assoc_flush(a);
}

/* A response arrived (its identifier in r->buf when with_data). */
static void
response(struct qr_run *r, struct assoc *a, const struct dcb_dimse_cmd *c, bool with_data)
{
	struct dcb_event *ev;
	struct dcb_ev_response *rsp;
	const struct ctx *ctx = assoc_ctx(a, r->pcid);
	enum dcb_status_class cls = dcb_dimse_status_class(c->status);
	char why[160];

	if (!r->waiting || c->message_id_responded != r->msg_id) {
		snprintf(why, sizeof why, _("%s answers message ID %u, but %u is outstanding"),
		         dcb_dimse_command_name(c->command), c->message_id_responded,
		         r->waiting ? r->msg_id : 0);
		assoc_abort(a, why);
		return;
	}
	ev = calloc(1, sizeof *ev); /* 5 KiB: not on the stack */
	if (ev == NULL) {
		assoc_abort(a, _("out of memory"));
		return;
	}
	ev->kind = DCB_EV_RESPONSE;
	rsp = &ev->u.response;
	rsp->command = c->command;
	rsp->message_id = c->message_id_responded;
	rsp->status = c->status;
	rsp->final = cls != DCB_STATUS_PENDING;
	rsp->number = ++r->responses;
	rsp->has_counts = (c->present & DCB_F_SUB_OPERATIONS) != 0;
	rsp->remaining = c->n_remaining;
	rsp->completed = c->n_completed;
	rsp->failed = c->n_failed;
	rsp->warning = c->n_warning;
	snprintf(rsp->sop_class_uid, sizeof rsp->sop_class_uid, "%s", c->affected_sop_class);
	if (c->present & DCB_F_AFFECTED_SOP_INSTANCE)
		snprintf(rsp->sop_instance_uid, sizeof rsp->sop_instance_uid, "%s",
		         c->affected_sop_instance);
	snprintf(rsp->transfer_syntax, sizeof rsp->transfer_syntax, "%s",
	         ctx != NULL ? ctx->ts : "");
	if (c->present & DCB_F_ERROR_COMMENT)
		snprintf(rsp->error_comment, sizeof rsp->error_comment, "%s", c->error_comment);
	if (with_data)
		put_identifier(r, a, rsp);
	eng_emit(a->e, a->id, ev);
	free(ev);
	arm_dimse_timer(a);
	if (cls == DCB_STATUS_PENDING) {
		if (r->job->j.cancel_after > 0 && r->responses >= r->job->j.cancel_after &&
		    !r->cancel_sent)
			cancel(r, a);
		return;
	}
	a->dimse_at = 0;
	r->waiting = false;
	if (cls == DCB_STATUS_FAILURE) {
		r->failed++;
	} else {
		r->ok++;
		r->warnings += cls == DCB_STATUS_WARNING;
	}
}

/* A C-STORE-RQ on the association: C-GET's sub-operations go to the
 * Storage SCP's handlers; anywhere else it is refused once read. */
static void
store_command(struct qr_run *r, struct assoc *a, const struct dcb_dimse_rx_out *o)
{
	const struct dcb_dimse_cmd *c = &a->rx->cmd;

	r->store_msg = (struct svc_msg){.pcid = o->pcid,
	                                .ctx = assoc_ctx(a, o->pcid),
	                                .cmd = c,
	                                .has_data = o->kind == DCB_DIMSE_RX_COMMAND};
	if (r->job->j.op != DCB_QR_GET || r->store_msg.ctx == NULL) {
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("C-STORE-RQ from %s outside a C-GET refused (0x0122)"), a->peer);
		r->refusing = r->store_msg.has_data;
		if (!r->refusing)
			svc_respond(a, o->pcid, c, 0x0122, NULL);
		return;
	}
	r->storing = r->store_msg.has_data;
	dcb_service_storage.on_command(a, &r->store, &r->store_msg);
}

static void
collect(struct qr_run *r, const uint8_t *p, size_t n)
{
	if (r->too_big || n == 0)
		return;
	if (r->len + n > DCB_DSET_MAX_BYTES) {
		r->too_big = true;
		return;
	}
	if (r->len + n > r->cap) {
		size_t cap = r->cap ? r->cap : 4096;
		uint8_t *nb;
		while (cap < r->len + n)
			cap *= 2;
		nb = realloc(r->buf, cap);
		if (nb == NULL) {
			r->too_big = true;
			return;
		}
		r->buf = nb;
		r->cap = cap;
	}
	memcpy(r->buf + r->len, p, n);
	r->len += n;
}

static void
qr_on_rx(struct assoc *a, const struct dcb_dimse_rx_out *o)
{
	struct qr_run *r = a->user;
	const struct dcb_dimse_cmd *c = &a->rx->cmd;

	if (r == NULL)
		return;
	switch (o->kind) {
	case DCB_DIMSE_RX_NONE:
		break;
	case DCB_DIMSE_RX_COMMAND:
	case DCB_DIMSE_RX_MESSAGE:
		r->storing = r->refusing = r->rsp_data = false;
		if (c->command == DCB_C_STORE_RQ) {
			store_command(r, a, o);
		} else if (c->command == op_response(r->job->j.op)) {
			if (o->kind == DCB_DIMSE_RX_MESSAGE) {
				response(r, a, c, false);
			} else {
				r->rsp = *c;
				r->rsp_data = true;
				r->len = 0;
				r->too_big = false;
			}
		} else {
			eng_log(a->e, a->id, DCB_LOG_WARN, N_("unexpected %s from %s ignored"),
			        dcb_dimse_command_name(c->command), a->peer);
		}
		break;
	case DCB_DIMSE_RX_DATA:
		if (r->storing)
			dcb_service_storage.on_data(a, &r->store, o->bytes, o->len);
		else if (r->rsp_data)
			collect(r, o->bytes, o->len);
		break;
	case DCB_DIMSE_RX_DATA_END:
		if (r->storing) {
			r->storing = false;
			dcb_service_storage.on_end(a, &r->store, &r->store_msg);
		} else if (r->refusing) {
			r->refusing = false;
			svc_respond(a, o->pcid, c, 0x0122, NULL);
		} else if (r->rsp_data) {
			r->rsp_data = false;
			response(r, a, &r->rsp, true);
		}
		break;
	}
}

static void
qr_sync(struct assoc *a)
{
	struct qr_run *r = a->user;

	if (r != NULL && r->store != NULL)
		dcb_service_storage.sync(a, &r->store);
}

static void
qr_on_close(struct assoc *a)
{
	struct qr_run *r = a->user;
	const char *why;

	if (r == NULL)
		return;
	a->user = NULL;
	r->a = NULL;
	if (r->store != NULL)
		dcb_service_storage.on_close(a, &r->store);
	why = a->reason[0] ? a->reason : _("the connection closed");
	if (a->pdu != NULL && a->pdu->type == DCB_PDU_ASSOCIATE_RJ && !r->accepted)
		eng_explain_reject(a);
	else if (!r->accepted)
		eng_error(a->e, a->id, N_("no association with %s: %s"), a->peer, why);
	else if (r->waiting)
		eng_error(a->e, a->id, N_("association with %s ended before the final %s response: %s"),
		          a->peer, op_name(r->job->j.op), why);
	free(r->rq);
	r->rq = NULL;
	r->waiting = false;
}

static const struct assoc_ops qr_ops = {
    .on_accept = qr_on_accept,
    .on_rx = qr_on_rx,
    .pump = qr_pump,
    .sync = qr_sync,
    .on_close = qr_on_close,
};

/* --- the runs --------------------------------------------------------------- */

/* An association that came in is open (movescu +P: the sub-association). */
static bool
incoming_open(const struct dcb_engine *e)
{
	for (const struct assoc *a = e->assocs; a != NULL; a = a->next)
		if (!a->requestor && !a->dead)
			return true;
	return false;
}

static void
finish(struct qr_run *r)
{
	struct dcb_event ev = {.kind = DCB_EV_JOB_DONE};
	unsigned total = requests_total(r->job);

	ev.u.done.ok = r->ok;
	ev.u.done.failed = r->failed + (total > r->ok + r->failed ? total - r->ok - r->failed : 0);
	ev.u.done.warnings = r->warnings;
	ev.u.done.seconds = (double)(dcb_loop_now_ms() - r->t0) / 1000.0;
	ev.job = r->job->number;
	eng_emit(r->e, 0, &ev);
	free_run(r);
}

void
qr_tick(struct dcb_engine *e)
{
	bool stopping = atomic_load(&e->stop);

	for (struct qr_run **pp = &e->qr_runs; *pp != NULL;) {
		struct qr_run *r = *pp;
		if (!r->opened && !stopping)
			open_assoc(r);
		if (r->a != NULL || (r->job->j.await_incoming && incoming_open(e) && !stopping)) {
			pp = &r->link;
			continue;
		}
		*pp = r->link;
		finish(r);
	}
}
