/* commit-scp.c — the Storage Commitment SCP (PS3.4 Annex J): N-ACTION-RQ
 * (action type 1) answered, then the N-EVENT-REPORT-RQ with what is in the
 * area's archive index (committed) and what is not (failed, with its
 * reason), on the requester's association while it is open, otherwise on
 * an association of our own to the requester found in the AE table by its
 * calling AE title, taking the SCP role (PS3.4 J.3.3, PS3.7 D.3.3.4).
 * The scenario's --commit-* faults apply here.
 *
 * A report lives apart from the association that asked for it: it waits
 * for a timer (--commit-delay), for the requester's release
 * (--commit-after-release) or for the N-EVENT-REPORT-RSP, and moves to an
 * association of its own when it must. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "commit.h"
#include "dict.h"
#include "dset.h"
#include "engine-int.h"
#include "findings.h"
#include "i18n.h"
#include "qr-scp.h"
#include "scenario.h"
#include "service.h"

enum report_state {
	R_DELAYED,       /* waiting for its timer */
	R_AFTER_RELEASE, /* waiting for the requester's association to end */
	R_SENT_SAME,     /* sent on the requester's association: waiting for the RSP */
	R_OWN_ASSOC,     /* on an association of its own */
};

struct cs;

struct report {
	struct report *next; /* on its requester's association (cs->reports) */
	struct dcb_engine *e;
	struct cs *cs; /* the requester's association's state; NULL once it ended */
	enum report_state state;
	struct dcb_commit c;
	char requester[DCB_AE_SIZE]; /* its calling AE title */
	char own_ae[DCB_AE_SIZE];    /* the area's AE title: ours as the requester called it */
	uint32_t via; /* the requester's association's number, for the log */
	struct eng_timer *timer;
	struct assoc *out; /* R_OWN_ASSOC */
	struct dcb_pdu *rq; /* R_OWN_ASSOC: our RQ until the AC is checked */
	uint16_t msg_id;
	bool waiting; /* the N-EVENT-REPORT-RQ is out; its RSP not yet in */
};

/* The requester's association's state. */
struct cs {
	struct assoc *a;
	struct svc_buf in; /* the Action Information being received */
	bool answered;     /* refused on its command: the data set is dropped */
	uint16_t next_id; /* message IDs of our N-EVENT-REPORT-RQs */
	struct report *reports;
};

static const struct dcb_scenario *
scenario_of(const struct dcb_engine *e)
{
	static const struct dcb_scenario none;

	return e->cfg.scenario != NULL ? e->cfg.scenario : &none;
}

static bool
serves(const struct dcb_engine *e, const char *abstract_syntax)
{
	return e->cfg.qr != NULL && strcmp(abstract_syntax, DCB_UID_STORAGE_COMMITMENT) == 0;
}

static bool
takes(uint16_t command)
{
	return command == DCB_N_ACTION_RQ;
}

/* --- reports ------------------------------------------------------------ */

static void
unlink_report(struct report *r)
{
	if (r->cs == NULL)
		return;
	for (struct report **pp = &r->cs->reports; *pp != NULL; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	r->cs = NULL;
}

static void
report_free(struct report *r)
{
	if (r == NULL)
		return;
	unlink_report(r);
	eng_timer_cancel(r->e, r->timer);
	dcb_commit_clear(&r->c);
	free(r->rq);
	free(r);
}

/* The Event Information, encoded for the context ctx, and its event type. */
static int
encode_report(const struct report *r, const struct ctx *ctx, uint16_t *event_type,
              uint8_t **data, size_t *len, struct dcb_error *err)
{
	enum dcb_dset_syntax syntax;
	struct dcb_dset *ds = NULL;
	int rc;

	if ((rc = dcb_dset_syntax_of(ctx->ts, &syntax)) < 0)
		return dcb_error_set(err, rc, -1,
		                     N_("cannot send a report in transfer syntax %s"), ctx->ts);
	if ((rc = dcb_commit_build_report(&r->c, event_type, &ds, err)) < 0)
		return rc;
	rc = dcb_dset_encode_alloc(ds, syntax, data, len, err);
	dcb_dset_free(ds);
	return rc;
}

/* Sends the N-EVENT-REPORT-RQ of r on a, context ctx.  0, or < 0 after a
 * was aborted. */
static int
send_report(struct report *r, struct assoc *a, const struct ctx *ctx)
{
	struct dcb_error err = {0};
	struct dcb_dimse_cmd c;
	uint16_t event_type;
	uint8_t *data = NULL;
	size_t len = 0, ok, failed;
	int rc;

	if (encode_report(r, ctx, &event_type, &data, &len, &err) < 0) {
		assoc_abort(a, err.message);
		return -1;
	}
	dcb_dimse_event_report_rq(&c, r->msg_id, DCB_UID_STORAGE_COMMITMENT,
	                          DCB_UID_STORAGE_COMMITMENT_INSTANCE, event_type, true);
	rc = assoc_send_message(a, ctx->id, &c, data, len);
	free(data);
	if (rc < 0) {
		assoc_abort(a, _("cannot send the N-EVENT-REPORT-RQ"));
		return rc;
	}
	dcb_commit_count(&r->c, &ok, &failed);
	eng_log(a->e, a->id, DCB_LOG_INFO,
	        N_("storage commitment report for transaction %s to %s (event type %u): %zu "
	           "committed, %zu failed"),
	        r->c.transaction_uid, r->requester, event_type, ok, failed);
	r->waiting = true;
	assoc_update_poll(a);
	return 0;
}

/* The report's RSP arrived (on either association). */
static void
report_confirmed(struct report *r, struct assoc *a, const struct dcb_dimse_cmd *rsp)
{
	r->waiting = false;
	if (dcb_dimse_status_class(rsp->status) == DCB_STATUS_SUCCESS)
		eng_log(a->e, a->id, DCB_LOG_INFO,
		        N_("%s confirmed the storage commitment report for transaction %s"),
		        r->requester, r->c.transaction_uid);
	else
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("%s answered the storage commitment report for transaction %s with "
		           "0x%04x (%s)"),
		        r->requester, r->c.transaction_uid, rsp->status,
		        dcb_dimse_status_name(rsp->status));
}

static const struct assoc_ops own_ops;

/* A finding of a report whose requester's association may be gone. */
static void
report_finding(const struct dcb_finding *f, void *user)
{
	struct report *r = user;
	struct dcb_event ev = {.kind = DCB_EV_FINDING};

	ev.u.finding = *f;
	eng_emit(r->e, r->via, &ev);
}

/* Opens an association of our own to the requester for r (taken: freed
 * here when it cannot go). */
static void
open_own(struct report *r)
{
	struct dcb_engine *e = r->e;
	const struct dcb_peer *p =
	    e->cfg.qr->peers != NULL ? dcb_ae_table_find(e->cfg.qr->peers, r->requester) : NULL;
	struct dcb_error err = {0};
	struct assoc *a;

	unlink_report(r);
	r->state = R_OWN_ASSOC;
	if (atomic_load(&e->stop)) {
		report_free(r);
		return;
	}
	if (p == NULL) {
		char where[100];
		snprintf(where, sizeof where, "N-EVENT-REPORT, transaction %.64s",
		         r->c.transaction_uid);
		dcb_finding_emit(report_finding, r, DCB_F_COMMIT_REQUESTER_UNKNOWN, -1, 0, where,
		                 N_("the requester '%s' is not in this SCP's AE table, so its "
		                    "storage commitment report cannot be sent on a new "
		                    "association; add it: --peer %s@HOST:PORT (the port where "
		                    "'%s' listens)"),
		                 r->requester, r->requester, r->requester);
		eng_error(e, r->via,
		          N_("no storage commitment report for transaction %s: requester '%s' "
		             "is not in the AE table; add --peer %s@HOST:PORT"),
		          r->c.transaction_uid, r->requester, r->requester);
		report_free(r);
		return;
	}
	r->rq = calloc(1, sizeof *r->rq);
	if (r->rq == NULL ||
	    dcb_commit_rq_init(r->rq, p->ae, r->own_ae, e->cfg.max_pdu, true, &err) < 0) {
		eng_error(e, r->via, "%s", r->rq == NULL ? _("out of memory") : err.message);
		report_free(r);
		return;
	}
	eng_log(e, r->via, DCB_LOG_INFO,
	        N_("storage commitment report for transaction %s: opening an association to "
	           "%s at %s:%d (calling AE title '%s')"),
	        r->c.transaction_uid, p->ae, p->host, p->port, r->own_ae);
	r->msg_id = 1;
	a = eng_open(e, 0, p->host, p->port, dcb_peer_conn_tls(p), r->rq, &own_ops, r, &err);
	if (a == NULL) {
		eng_error(e, r->via, N_("no storage commitment report to %s: %s"), p->ae,
		          err.message);
		report_free(r);
		return;
	}
	r->out = a; /* its on_close frees r from now on */
}

/* The report goes out now: on the requester's association when it is open
 * and the scenario allows, else on one of our own. */
static void
deliver(struct report *r)
{
	struct cs *cs = r->cs;

	if (cs != NULL && !scenario_of(r->e)->commit_new_assoc && !cs->a->dead &&
	    cs->a->ul.state == DCB_STA6) {
		const struct ctx *ctx = assoc_ctx_for(cs->a, DCB_UID_STORAGE_COMMITMENT);
		if (ctx != NULL) {
			r->state = R_SENT_SAME;
			r->msg_id = ++cs->next_id;
			(void)send_report(r, cs->a, ctx);
			return;
		}
	}
	open_own(r);
}

static void
timer_fired(void *user)
{
	struct report *r = user;

	r->timer = NULL;
	deliver(r);
}

static void
timer_dropped(void *user)
{
	struct report *r = user;

	r->timer = NULL;
	report_free(r);
}

/* --- our own association for a report ------------------------------------ */

static void
own_on_accept(struct assoc *a)
{
	struct report *r = a->user;
	const struct ctx *ctx;

	if (r == NULL || r->rq == NULL || eng_take_ac(a, &r->rq) < 0)
		return;
	ctx = assoc_ctx_for(a, DCB_UID_STORAGE_COMMITMENT);
	if (ctx == NULL) {
		char why[300];
		snprintf(why, sizeof why,
		         _("%s did not accept the Storage Commitment Push Model SOP class: the "
		           "report cannot be sent"),
		         a->peer);
		eng_error(a->e, a->id, "%s", why);
		eng_release(a);
		return;
	}
	if (!ctx->requestor_scp)
		dcb_finding_emit(assoc_finding, a, DCB_F_COMMIT_NO_SCP_ROLE, -1, 0,
		                 "A-ASSOCIATE-AC",
		                 N_("%s did not grant the SCP role for Storage Commitment (SCP/SCU "
		                    "role selection); sending the N-EVENT-REPORT anyway, as most "
		                    "requesters expect"),
		                 a->peer);
	(void)send_report(r, a, ctx);
}

static void
own_on_rx(struct assoc *a, const struct dcb_dimse_rx_out *o)
{
	struct report *r = a->user;
	const struct dcb_dimse_cmd *c = &a->rx->cmd;

	if (r == NULL || (o->kind != DCB_DIMSE_RX_MESSAGE && o->kind != DCB_DIMSE_RX_COMMAND))
		return;
	if (c->command != DCB_N_EVENT_REPORT_RSP || !r->waiting ||
	    c->message_id_responded != r->msg_id) {
		eng_log(a->e, a->id, DCB_LOG_WARN, N_("unexpected %s from %s ignored"),
		        dcb_dimse_command_name(c->command), a->peer);
		return;
	}
	report_confirmed(r, a, c);
	eng_release(a);
}

static void
own_on_close(struct assoc *a)
{
	struct report *r = a->user;

	if (r == NULL)
		return;
	a->user = NULL;
	if (r->waiting || r->rq != NULL)
		eng_error(a->e, a->id,
		          N_("storage commitment report for transaction %s to %s not confirmed: "
		             "%s"),
		          r->c.transaction_uid, r->requester,
		          a->reason[0] ? a->reason : _("the connection closed"));
	report_free(r);
}

static const struct assoc_ops own_ops = {
    .on_accept = own_on_accept,
    .on_rx = own_on_rx,
    .on_close = own_on_close,
};

/* --- the requester's association ----------------------------------------- */

static struct cs *
cs_of(struct assoc *a, void **state)
{
	struct cs *cs = svc_state(state, sizeof *cs);

	if (cs != NULL)
		cs->a = a;
	return cs;
}

static void
refuse(struct assoc *a, const struct svc_msg *m, uint16_t status, const char *why)
{
	dcb_finding_emit(assoc_finding, a, DCB_F_COMMIT_REQUEST, -1, 0, "N-ACTION-RQ", "%s", why);
	eng_log(a->e, a->id, DCB_LOG_WARN,
	        N_("storage commitment request from %s refused (0x%04X): %s"), a->peer, status, why);
	svc_respond(a, m->pcid, m->cmd, status, why);
}

static void
on_command(struct assoc *a, void **state, const struct svc_msg *m)
{
	struct cs *cs = cs_of(a, state);

	if (cs == NULL) {
		svc_respond(a, m->pcid, m->cmd, 0x0110, _("out of memory"));
		return;
	}
	svc_buf_reset(&cs->in);
	cs->answered = false;
	if (m->cmd->action_type_id != DCB_COMMIT_ACTION_REQUEST)
		refuse(a, m, 0x0123,
		       _("action type is not 1 (Request Storage Commitment), the only action of "
		         "this SOP class"));
	else if (strcmp(m->cmd->requested_sop_instance, DCB_UID_STORAGE_COMMITMENT_INSTANCE))
		refuse(a, m, 0x0112,
		       _("the Requested SOP Instance UID must be the well-known instance "
		         "1.2.840.10008.1.20.1.1 (PS3.4 J.3.1)"));
	else if (!m->has_data)
		refuse(a, m, 0x0120,
		       _("the N-ACTION-RQ has no Action Information: it must list the objects "
		         "(Transaction UID, Referenced SOP Sequence)"));
	else
		return;
	cs->answered = true;
}

static void
on_data(struct assoc *a, void **state, const uint8_t *p, size_t n)
{
	struct cs *cs = *state;

	(void)a;
	if (cs != NULL && !cs->answered)
		svc_buf_add(&cs->in, p, n);
}

struct lookup {
	struct dcb_archive *archive;
	const char *found_class; /* set by found() */
	char cls[DCB_UID_SIZE];
};

static int
found(void *user, const struct dcb_dset *rec, const struct dcb_archive_object *obj)
{
	struct lookup *l = user;

	(void)rec;
	if (obj != NULL)
		snprintf(l->cls, sizeof l->cls, "%s", obj->sop_class_uid);
	return 1;
}

/* Committed when the archive holds the instance with this class and its
 * file; otherwise why not. */
static uint16_t
lookup(void *user, const char *sop_class, const char *sop_instance)
{
	struct lookup *l = user;
	const struct dcb_uid_entry *u = dcb_uid_lookup(sop_class);
	struct dcb_archive_filter f = {.level = DCB_QR_IMAGE, .sop_uid = sop_instance};

	if (u != NULL && u->kind != DCB_UID_SOP_CLASS)
		return DCB_COMMIT_CLASS_NOT_SUPPORTED;
	if (dcb_archive_has(l->archive, sop_instance, sop_class))
		return DCB_COMMIT_OK;
	l->cls[0] = '\0';
	(void)dcb_archive_each(l->archive, &f, found, l, NULL);
	return l->cls[0] != '\0' && strcmp(l->cls, sop_class) != 0
	           ? DCB_COMMIT_CLASS_INSTANCE_CONFLICT
	           : DCB_COMMIT_NO_SUCH_INSTANCE;
}

static void
on_end(struct assoc *a, void **state, const struct svc_msg *m)
{
	struct cs *cs = *state;
	const struct dcb_scenario *sc = scenario_of(a->e);
	const struct dcb_qr_site_area *area = dcb_qr_site_area(a->e->cfg.qr, a->called_ae);
	struct dcb_error err = {0};
	struct dcb_dset *ds = NULL;
	enum dcb_dset_syntax syntax;
	struct report *r;
	uint16_t status = 0;
	char why[400];

	if (cs == NULL || cs->answered)
		return;
	if (cs->in.too_big) {
		refuse(a, m, 0x0110, _("the Action Information is larger than this SCP takes"));
		return;
	}
	if (area == NULL || area->archive == NULL) {
		snprintf(why, sizeof why,
		         area == NULL ? _("no storage area for called AE title '%s'")
		                      : _("the archive index of storage area '%s' is not open (the "
		                          "SCP said why when it started)"),
		         area == NULL ? a->called_ae : area->ae);
		refuse(a, m, 0x0110, why);
		return;
	}
	if (dcb_dset_syntax_of(m->ctx->ts, &syntax) < 0 ||
	    dcb_dset_decode(cs->in.buf, cs->in.len, syntax, &ds, &err) < 0) {
		snprintf(why, sizeof why, _("the Action Information cannot be read: %s"),
		         err.message[0] ? err.message : m->ctx->ts);
		refuse(a, m, 0x0110, why);
		return;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL) {
		dcb_dset_free(ds);
		svc_respond(a, m->pcid, m->cmd, 0x0110, _("out of memory"));
		return;
	}
	r->e = a->e;
	if (dcb_commit_decode_action(ds, &r->c, &status, &err) < 0) {
		dcb_dset_free(ds);
		refuse(a, m, status, err.message);
		report_free(r);
		return;
	}
	dcb_dset_free(ds);
	struct lookup l = {.archive = area->archive};
	dcb_commit_resolve(&r->c, lookup, &l);
	for (size_t i = 0; i < r->c.n && i < sc->commit_fail; i++)
		r->c.refs[i].reason = DCB_COMMIT_PROCESSING_FAILURE;
	if (sc->commit_fail > 0)
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("scenario --commit-fail: the first %u objects are reported failed "
		           "(0x0110)"),
		        sc->commit_fail);
	snprintf(r->requester, sizeof r->requester, "%s", a->calling_ae);
	snprintf(r->own_ae, sizeof r->own_ae, "%s", area->ae);
	r->via = a->id;
	eng_log(a->e, a->id, DCB_LOG_INFO,
	        N_("storage commitment request from %s: transaction %s, %zu objects"),
	        a->calling_ae, r->c.transaction_uid, r->c.n);
	svc_respond(a, m->pcid, m->cmd, 0x0000, NULL);
	if (a->dead) {
		report_free(r);
		return;
	}
	r->cs = cs;
	r->next = cs->reports;
	cs->reports = r;
	if (sc->commit_no_report) {
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("scenario --commit-no-report: no report for transaction %s will be "
		           "sent"),
		        r->c.transaction_uid);
		report_free(r);
	} else if (sc->commit_delay_s > 0) {
		r->state = R_DELAYED;
		r->timer = eng_timer_add(a->e, sc->commit_delay_s * 1000u, timer_fired,
		                         timer_dropped, r);
		if (r->timer == NULL) {
			eng_error(a->e, a->id, "%s", _("out of memory"));
			report_free(r);
		} else {
			eng_log(a->e, a->id, DCB_LOG_WARN,
			        N_("scenario --commit-delay: the report follows in %u s"),
			        sc->commit_delay_s);
		}
	} else if (sc->commit_after_release) {
		r->state = R_AFTER_RELEASE;
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("scenario --commit-after-release: the report follows once %s has "
		           "released this association"),
		        a->calling_ae);
	} else {
		deliver(r);
	}
}

static bool
on_response(struct assoc *a, void **state, const struct dcb_dimse_cmd *rsp)
{
	struct cs *cs = *state;

	if (cs == NULL || rsp->command != DCB_N_EVENT_REPORT_RSP)
		return false;
	for (struct report *r = cs->reports; r != NULL; r = r->next)
		if (r->state == R_SENT_SAME && r->waiting &&
		    rsp->message_id_responded == r->msg_id) {
			report_confirmed(r, a, rsp);
			report_free(r);
			return true;
		}
	return false;
}

static void
on_close(struct assoc *a, void **state)
{
	struct cs *cs = *state;

	if (cs == NULL)
		return;
	while (cs->reports != NULL) {
		struct report *r = cs->reports;
		cs->reports = r->next;
		r->cs = NULL;
		if (r->state == R_AFTER_RELEASE) {
			deliver(r);
		} else if (r->state == R_SENT_SAME) {
			/* PS3.4 J.3.3: the report may come on another association.
			 * A requester that releases as soon as its N-ACTION is
			 * answered (Orthanc does) gets it on one of ours. */
			eng_log(a->e, a->id, DCB_LOG_WARN,
			        N_("storage commitment report for transaction %s: %s ended the "
			           "association before confirming it; sending it again on a new "
			           "association"),
			        r->c.transaction_uid, r->requester);
			r->waiting = false;
			deliver(r);
		}
		/* R_DELAYED: its timer sends it on an association of our own */
	}
	svc_buf_clear(&cs->in);
	free(cs);
	*state = NULL;
}

const struct dcb_service dcb_service_commit = {
    .name = "Storage Commitment",
    .serves = serves,
    .takes = takes,
    .on_command = on_command,
    .on_data = on_data,
    .on_end = on_end,
    .on_response = on_response,
    .on_close = on_close,
};
