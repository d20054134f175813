/* scu-commit.c — the Storage Commitment SCU (PS3.4 Annex J): once a
 * storage job is done, an association of its own asks commitment for what
 * was stored (N-ACTION-RQ, action type 1), then the report is awaited on
 * that association or, with a listener (storescu --commit-port), on one the
 * SCP opens to us taking the SCP role (dcb_service_commit_scu).  Each
 * object is reported committed or failed; failures, an unusable report and
 * a timeout are errors, which is what makes the command's exit status. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "commit.h"
#include "dict.h"
#include "dset.h"
#include "engine-int.h"
#include "findings.h"
#include "i18n.h"
#include "service.h"

#define DEFAULT_TIMEOUT_S 30

/* One request, from its N-ACTION to its report (or the timeout). */
struct commit_wait {
	struct commit_wait *next; /* e->commits */
	struct dcb_engine *e;
	struct dcb_commit c;
	int job; /* the send job that asks (its number) */
	char *host;
	int port;
	char called_ae[DCB_AE_SIZE];
	unsigned timeout_s;
	int reverse_port; /* > 0: reports may come to our listener */
	struct assoc *a;  /* ours, while open */
	struct dcb_pdu *rq;
	bool acked;       /* the N-ACTION-RSP said success: the report is due */
	struct eng_timer *timer;
	struct svc_buf in; /* an N-EVENT-REPORT's Event Information on our association */
	struct dcb_dimse_cmd report_rq;
};

/* The request's state as an event: waiting (not final), or done with
 * the counts (why: the wait ended without a usable report). */
static void
emit_state(struct commit_wait *w, uint32_t assoc_id, bool final, unsigned committed,
           const char *why)
{
	struct dcb_event *ev = calloc(1, sizeof *ev); /* kilobytes: not on the stack */
	struct dcb_ev_commit *c;

	if (ev == NULL)
		return;
	ev->kind = DCB_EV_COMMIT;
	ev->job = w->job;
	c = &ev->u.commit;
	snprintf(c->transaction_uid, sizeof c->transaction_uid, "%s", w->c.transaction_uid);
	c->final = final;
	c->asked = (unsigned)w->c.n;
	c->committed = committed;
	c->failed = final ? (unsigned)w->c.n - committed : 0;
	snprintf(c->why, sizeof c->why, "%s", why != NULL ? why : "");
	eng_emit(w->e, assoc_id, ev);
	free(ev);
}

static void
wait_free(struct commit_wait *w)
{
	for (struct commit_wait **pp = &w->e->commits; *pp != NULL; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	eng_timer_cancel(w->e, w->timer);
	if (w->a != NULL)
		w->a->user = NULL;
	dcb_commit_clear(&w->c);
	svc_buf_clear(&w->in);
	free(w->rq);
	free(w->host);
	free(w);
}

void
scu_commit_free_all(struct dcb_engine *e)
{
	while (e->commits != NULL)
		wait_free(e->commits);
}

/* Done with w: our association released when it is still open. */
static void
finish(struct commit_wait *w)
{
	struct assoc *a = w->a;

	if (a != NULL && !a->dead && a->ul.state == DCB_STA6)
		eng_release(a);
	wait_free(w);
}

static void
timed_out(void *user)
{
	struct commit_wait *w = user;

	w->timer = NULL;
	char why[128];
	snprintf(why, sizeof why, _("no report within %u s"), w->timeout_s);
	emit_state(w, w->a != NULL ? w->a->id : 0, true, 0, why);
	if (w->reverse_port > 0)
		eng_error(w->e, w->a != NULL ? w->a->id : 0,
		          N_("no N-EVENT-REPORT for transaction %s within %u s, neither on the "
		             "association nor on port %d: check that the SCP knows AE title '%s' "
		             "with this host and port %d"),
		          w->c.transaction_uid, w->timeout_s, w->reverse_port, w->e->cfg.ae_title,
		          w->reverse_port);
	else
		eng_error(w->e, w->a != NULL ? w->a->id : 0,
		          N_("no N-EVENT-REPORT for transaction %s within %u s: the SCP may send it "
		             "on a new association; give --commit-port and register this AE ('%s') "
		             "at the SCP"),
		          w->c.transaction_uid, w->timeout_s, w->e->cfg.ae_title);
	finish(w);
}

static void
timer_dropped(void *user)
{
	struct commit_wait *w = user;

	w->timer = NULL;
}

/* The report rep (decoded) for w: each object said, w finished. */
static void
take_report(struct commit_wait *w, const struct dcb_commit *rep, uint32_t assoc_id)
{
	size_t ok = 0, failed = 0;

	for (size_t i = 0; i < w->c.n; i++) {
		const struct dcb_commit_ref *asked = &w->c.refs[i];
		const struct dcb_commit_ref *got = NULL;
		for (size_t k = 0; k < rep->n && got == NULL; k++)
			if (strcmp(rep->refs[k].sop_instance, asked->sop_instance) == 0)
				got = &rep->refs[k];
		if (got != NULL && got->reason == DCB_COMMIT_OK) {
			ok++;
			eng_log(w->e, assoc_id, DCB_LOG_INFO, N_("committed: %s (%s)"),
			        asked->sop_instance, dcb_uid_file_prefix(asked->sop_class));
			continue;
		}
		failed++;
		if (got == NULL)
			eng_error(w->e, assoc_id,
			          N_("not committed: %s: the report for transaction %s does not "
			             "mention it"),
			          asked->sop_instance, w->c.transaction_uid);
		else
			eng_error(w->e, assoc_id, N_("not committed: %s: failure reason 0x%04x (%s)"),
			          asked->sop_instance, got->reason,
			          _(dcb_commit_reason_name(got->reason)));
	}
	eng_log(w->e, assoc_id, failed > 0 ? DCB_LOG_WARN : DCB_LOG_INFO,
	        N_("storage commitment for transaction %s: %zu of %zu objects committed, %zu "
	           "failed"),
	        w->c.transaction_uid, ok, w->c.n, failed);
	emit_state(w, assoc_id, true, (unsigned)ok, NULL);
	finish(w);
}

/* An N-EVENT-REPORT-RQ's Event Information, on association a (ours or
 * one that came in): decoded, matched to its request, answered. */
static void
on_report(struct dcb_engine *e, struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *rq,
          const struct svc_buf *in)
{
	const struct ctx *ctx = assoc_ctx(a, pcid);
	struct dcb_error err = {0};
	enum dcb_dset_syntax syntax;
	struct dcb_dset *ds = NULL;
	struct dcb_commit rep;
	char why[600] = "";

	dcb_commit_init(&rep);
	if (in->too_big)
		snprintf(why, sizeof why, "%s", _("the Event Information is too large"));
	else if (ctx == NULL || dcb_dset_syntax_of(ctx->ts, &syntax) < 0 ||
	         dcb_dset_decode(in->buf, in->len, syntax, &ds, &err) < 0)
		snprintf(why, sizeof why, _("the Event Information cannot be read: %s"),
		         err.message[0] ? err.message : (ctx != NULL ? ctx->ts : "?"));
	else if (dcb_commit_decode_report(ds, rq->event_type_id, &rep, &err) < 0)
		snprintf(why, sizeof why, "%s", err.message);
	dcb_dset_free(ds);
	struct commit_wait *w = NULL;
	if (why[0] == '\0') {
		w = e->commits;
		while (w != NULL && strcmp(w->c.transaction_uid, rep.transaction_uid) != 0)
			w = w->next;
		if (w == NULL)
			snprintf(why, sizeof why,
			         _("transaction %s is none this SCU asked for (or its wait is over)"),
			         rep.transaction_uid);
	}
	if (w == NULL) {
		dcb_finding_emit(assoc_finding, a, DCB_F_COMMIT_REPORT, -1, 0, "N-EVENT-REPORT-RQ",
		                 "%s", why);
		eng_error(e, a->id, N_("storage commitment report from %s not usable: %s"), a->peer,
		          why);
		svc_respond(a, pcid, rq, 0x0110, why);
	} else {
		eng_log(e, a->id, DCB_LOG_INFO,
		        N_("storage commitment report for transaction %s from %s (event type %u)"),
		        rep.transaction_uid, a->peer, rq->event_type_id);
		/* answered first: taking it may release the association */
		svc_respond(a, pcid, rq, 0x0000, NULL);
		take_report(w, &rep, a->id);
	}
	dcb_commit_clear(&rep);
}

/* --- our association ------------------------------------------------------ */

static void
send_action(struct commit_wait *w, struct assoc *a, const struct ctx *ctx)
{
	struct dcb_error err = {0};
	struct dcb_dset *ds = NULL;
	enum dcb_dset_syntax syntax;
	struct dcb_dimse_cmd c;
	uint8_t *data = NULL;
	size_t len = 0;

	if (dcb_dset_syntax_of(ctx->ts, &syntax) < 0 ||
	    dcb_commit_build_action(&w->c, &ds, &err) < 0 ||
	    dcb_dset_encode_alloc(ds, syntax, &data, &len, &err) < 0) {
		dcb_dset_free(ds);
		assoc_abort(a, err.message[0] ? err.message : _("out of memory"));
		return;
	}
	dcb_dset_free(ds);
	dcb_dimse_action_rq(&c, 1, DCB_UID_STORAGE_COMMITMENT, DCB_UID_STORAGE_COMMITMENT_INSTANCE,
	                    DCB_COMMIT_ACTION_REQUEST, true);
	eng_log(a->e, a->id, DCB_LOG_INFO,
	        N_("asking storage commitment for %zu objects (transaction %s)"), w->c.n,
	        w->c.transaction_uid);
	if (assoc_send_message(a, ctx->id, &c, data, len) < 0)
		assoc_abort(a, _("cannot send the N-ACTION-RQ"));
	free(data);
	if (!a->dead) {
		if (a->e->cfg.dimse_ms > 0)
			a->dimse_at = dcb_loop_now_ms() + a->e->cfg.dimse_ms;
		assoc_flush(a);
	}
}

static void
own_on_accept(struct assoc *a)
{
	struct commit_wait *w = a->user;
	const struct ctx *ctx;

	if (w == NULL || w->rq == NULL || eng_take_ac(a, &w->rq) < 0)
		return;
	ctx = assoc_ctx_for(a, DCB_UID_STORAGE_COMMITMENT);
	if (ctx == NULL) {
		eng_error(a->e, a->id,
		          N_("%s did not accept the Storage Commitment Push Model SOP class "
		             "(1.2.840.10008.1.20.1): it offers no storage commitment"),
		          a->peer);
		emit_state(w, a->id, true, 0, _("the peer offers no storage commitment"));
		finish(w);
		return;
	}
	send_action(w, a, ctx);
}

static void
action_answered(struct commit_wait *w, struct assoc *a, const struct dcb_dimse_cmd *c)
{
	a->dimse_at = 0;
	if (dcb_dimse_status_class(c->status) != DCB_STATUS_SUCCESS) {
		eng_error(a->e, a->id,
		          N_("%s refused the storage commitment request: 0x%04x (%s)%s%s"), a->peer,
		          c->status, dcb_dimse_status_name(c->status),
		          (c->present & DCB_F_ERROR_COMMENT) ? ": " : "",
		          (c->present & DCB_F_ERROR_COMMENT) ? c->error_comment : "");
		char why[64];
		snprintf(why, sizeof why, _("refused: 0x%04x"), c->status);
		emit_state(w, a->id, true, 0, why);
		finish(w);
		return;
	}
	w->acked = true;
	w->timer = eng_timer_add(a->e, w->timeout_s * 1000u, timed_out, timer_dropped, w);
	if (w->timer == NULL) {
		eng_error(a->e, a->id, "%s", _("out of memory"));
		finish(w);
		return;
	}
	eng_log(a->e, a->id, DCB_LOG_INFO,
	        N_("%s accepted the storage commitment request; waiting up to %u s for its "
	           "report"),
	        a->peer, w->timeout_s);
	emit_state(w, a->id, false, 0, NULL);
}

static void
own_on_rx(struct assoc *a, const struct dcb_dimse_rx_out *o)
{
	struct commit_wait *w = a->user;
	const struct dcb_dimse_cmd *c = &a->rx->cmd;

	if (w == NULL)
		return;
	switch (o->kind) {
	case DCB_DIMSE_RX_COMMAND:
	case DCB_DIMSE_RX_MESSAGE:
		if (c->command == DCB_N_ACTION_RSP && !w->acked && c->message_id_responded == 1) {
			action_answered(w, a, c);
			return;
		}
		if (c->command == DCB_N_EVENT_REPORT_RQ) {
			w->report_rq = *c;
			svc_buf_reset(&w->in);
			if (o->kind == DCB_DIMSE_RX_MESSAGE)
				on_report(a->e, a, o->pcid, &w->report_rq, &w->in);
			return;
		}
		eng_log(a->e, a->id, DCB_LOG_WARN, N_("unexpected %s from %s ignored"),
		        dcb_dimse_command_name(c->command), a->peer);
		w->report_rq.command = 0;
		return;
	case DCB_DIMSE_RX_DATA:
		if (w->report_rq.command == DCB_N_EVENT_REPORT_RQ)
			svc_buf_add(&w->in, o->bytes, o->len);
		return;
	case DCB_DIMSE_RX_DATA_END:
		if (w->report_rq.command == DCB_N_EVENT_REPORT_RQ)
			on_report(a->e, a, o->pcid, &w->report_rq, &w->in); /* may free w */
		return;
	case DCB_DIMSE_RX_NONE:
		return;
	}
}

static void
own_on_close(struct assoc *a)
{
	struct commit_wait *w = a->user;

	if (w == NULL)
		return;
	a->user = NULL;
	w->a = NULL;
	if (w->acked && w->reverse_port > 0)
		return; /* the report may still come to our listener */
	emit_state(w, a->id, true, 0,
	           w->acked         ? _("the association ended before the report")
	           : a->reason[0]   ? a->reason
	                            : _("the connection closed"));
	if (w->acked)
		eng_error(a->e, a->id,
		          N_("the association with %s ended before the N-EVENT-REPORT for "
		             "transaction %s: the SCP may send it on a new association; give "
		             "--commit-port and register this AE ('%s') at the SCP"),
		          a->peer, w->c.transaction_uid, a->e->cfg.ae_title);
	else
		eng_error(a->e, a->id, N_("no storage commitment from %s: %s"), a->peer,
		          a->reason[0] ? a->reason : _("the connection closed"));
	wait_free(w);
}

static const struct assoc_ops own_ops = {
    .on_accept = own_on_accept,
    .on_rx = own_on_rx,
    .on_close = own_on_close,
};

void
scu_commit_start(struct dcb_engine *e, const struct job *job, struct dcb_commit *c)
{
	struct commit_wait *w = calloc(1, sizeof *w);
	struct dcb_error err = {0};
	uint8_t rnd[16];

	if (w == NULL || (w->host = strdup(job->j.host)) == NULL ||
	    (w->rq = calloc(1, sizeof *w->rq)) == NULL) {
		if (w != NULL)
			free(w->host);
		free(w);
		eng_error(e, 0, "%s", _("out of memory"));
		return;
	}
	w->e = e;
	w->c = *c;
	dcb_commit_init(c);
	w->job = job->number;
	w->port = job->j.port;
	snprintf(w->called_ae, sizeof w->called_ae, "%s", job->j.called_ae);
	w->timeout_s = job->j.commit_timeout_s > 0 ? job->j.commit_timeout_s : DEFAULT_TIMEOUT_S;
	w->reverse_port = job->j.commit_port;
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
		eng_error(e, 0, "%s", _("no random bytes for a transaction UID"));
		free(w->rq);
		free(w->host);
		free(w);
		return;
	}
	dcb_commit_uid_from_random(rnd, w->c.transaction_uid);
	w->next = e->commits;
	e->commits = w;
	if (dcb_commit_rq_init(w->rq, w->called_ae, e->cfg.ae_title, e->cfg.max_pdu, false,
	                       &err) < 0) {
		eng_error(e, 0, "%s", err.message);
		wait_free(w);
		return;
	}
	eng_log(e, 0, DCB_LOG_INFO,
	        N_("requesting association with %s port %d for storage commitment (called AE "
	           "title '%s')"),
	        w->host, w->port, w->called_ae);
	w->a = eng_open(e, w->job, w->host, w->port, DCB_CONN_SIDE, w->rq, &own_ops, w, &err);
	if (w->a == NULL) {
		eng_error(e, 0, N_("no storage commitment from %s: %s"), w->host, err.message);
		emit_state(w, 0, true, 0, err.message);
		wait_free(w);
	} else if (w->a->dead) {
		w->a = NULL;
	}
}

/* --- reports on associations that come in ---------------------------------- */

static bool
scu_serves(const struct dcb_engine *e, const char *abstract_syntax)
{
	return e->cfg.commit_reports && strcmp(abstract_syntax, DCB_UID_STORAGE_COMMITMENT) == 0;
}

static bool
scu_takes(uint16_t command)
{
	return command == DCB_N_EVENT_REPORT_RQ;
}

static void
scu_on_command(struct assoc *a, void **state, const struct svc_msg *m)
{
	struct svc_buf *in = svc_state(state, sizeof *in);

	if (in == NULL) {
		svc_respond(a, m->pcid, m->cmd, 0x0110, _("out of memory"));
		return;
	}
	svc_buf_reset(in);
	if (!m->has_data) {
		in->too_big = true; /* nothing to read: on_report says so */
		on_report(a->e, a, m->pcid, m->cmd, in);
	}
}

static void
scu_on_data(struct assoc *a, void **state, const uint8_t *p, size_t n)
{
	(void)a;
	if (*state != NULL)
		svc_buf_add(*state, p, n);
}

static void
scu_on_end(struct assoc *a, void **state, const struct svc_msg *m)
{
	if (*state != NULL)
		on_report(a->e, a, m->pcid, m->cmd, *state);
}

static void
scu_on_close(struct assoc *a, void **state)
{
	(void)a;
	if (*state != NULL) {
		svc_buf_clear(*state);
		free(*state);
		*state = NULL;
	}
}

const struct dcb_service dcb_service_commit_scu = {
    .name = "Storage Commitment (reports)",
    .serves = scu_serves,
    .takes = scu_takes,
    .on_command = scu_on_command,
    .on_data = scu_on_data,
    .on_end = scu_on_end,
    .on_close = scu_on_close,
};
