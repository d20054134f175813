/* acceptor.c — associations that came in: the acceptor's policy (called
 * AE title, limits, presentation contexts from the service table), then
 * each DIMSE message dispatched to the service that serves its context's
 * abstract syntax and takes its command (service.h).  A request that no
 * service takes is answered (0x0211, 0x0122, 0x0118) with a finding; the
 * association goes on. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "engine-int.h"
#include "findings.h"
#include "i18n.h"
#include "scenario.h"
#include "service.h"

/* An incoming association's state: the services' own, and the message
 * being received. */
struct acceptor {
	void *state[DCB_MAX_SERVICES];
	const struct dcb_service *cur; /* the service whose message is arriving, or NULL */
	unsigned cur_index;
	struct svc_msg msg;
	/* a request no service takes: its data set is read, then refused_status */
	bool refusing;
	struct dcb_dimse_cmd refused;
	uint16_t refused_status;
};

static struct acceptor *
acceptor_of(struct assoc *a)
{
	if (a->user == NULL) {
		a->user = calloc(1, sizeof(struct acceptor));
		if (a->user == NULL)
			assoc_abort(a, _("out of memory"));
	}
	return a->user;
}

static bool
serves_abstract(const void *user, const char *uid)
{
	return svc_serves(user, uid);
}

static void
reject(struct assoc *a, uint8_t result, uint8_t source, uint8_t reason, const char *why)
{
	struct dcb_pdu *rj = calloc(1, sizeof *rj);

	assoc_set_reason(a, why);
	eng_log(a->e, a->id, DCB_LOG_WARN, N_("association from %s rejected: %s"), a->peer, why);
	if (rj == NULL) {
		assoc_abort(a, _("out of memory"));
		return;
	}
	dcb_pdu_init(rj, DCB_PDU_ASSOCIATE_RJ);
	rj->u.rj.result = result;
	rj->u.rj.source = source;
	rj->u.rj.reason = reason;
	free(a->out_pdu);
	a->out_pdu = rj;
	assoc_ul(a, DCB_EVT8, true);
}

static void
on_associate(struct assoc *a)
{
	struct dcb_engine *e = a->e;
	const struct dcb_assoc *rq = &a->pdu->u.assoc;
	struct dcb_negotiate_policy policy = e->cfg.policy;
	struct dcb_negotiated neg;
	struct dcb_error err = {0};
	char calling[80], called[80], why[256];
	struct dcb_pdu *ac;
	int n;

	if (!acceptor_of(a))
		return;

	eng_visible(rq->calling_ae, calling, sizeof calling);
	eng_visible(rq->called_ae, called, sizeof called);
	eng_log(e, a->id, DCB_LOG_INFO,
	        N_("association received from %s: calling AE title %s, called AE title %s"),
	        a->peer, calling, called);
	{
		uint8_t rs, src, rn;
		if (dcb_scenario_assoc_verdict(e->cfg.scenario, rq, &rs, &src, &rn, why,
		                               sizeof why)) {
			reject(a, rs, src, rn, why);
			return;
		}
	}
	if (eng_associations(e) > e->cfg.max_associations) {
		snprintf(why, sizeof why,
		         _("already %u associations open, the limit (transient, reason 2)"),
		         eng_associations(e) - 1);
		reject(a, DCB_RJ_TRANSIENT, DCB_RJ_SOURCE_PROVIDER_PRES, 2, why);
		return;
	}
	if (e->cfg.check_called_ae && strcmp(rq->called_ae, e->cfg.ae_title) != 0) {
		snprintf(why, sizeof why, _("called AE title %s is not this SCP's '%s' (reason 7)"),
		         called, e->cfg.ae_title);
		reject(a, DCB_RJ_PERMANENT, DCB_RJ_SOURCE_USER, 7, why);
		return;
	}
	/* the services' own checks (a dcmqrscp.cfg area, a wlmscpfs folder) */
	const struct dcb_service *const *t = svc_table(e);
	for (unsigned i = 0; t[i] != NULL && i < DCB_MAX_SERVICES; i++) {
		uint8_t reason = 7;
		if (t[i]->admits != NULL && !t[i]->admits(a, rq, &reason, why, sizeof why)) {
			reject(a, DCB_RJ_PERMANENT, DCB_RJ_SOURCE_USER, reason, why);
			return;
		}
	}
	ac = calloc(1, sizeof *ac);
	if (ac == NULL) {
		assoc_abort(a, _("out of memory"));
		return;
	}
	dcb_pdu_init(ac, DCB_PDU_ASSOCIATE_AC);
	/* what the service table serves, unless the policy takes anything */
	policy.abstract_filter = serves_abstract;
	policy.filter_user = e;
	n = dcb_negotiate_accept(rq, &policy, &ac->u.assoc, &neg, &err);
	if (n < 0) {
		free(ac);
		reject(a, DCB_RJ_PERMANENT, DCB_RJ_SOURCE_USER, 1, err.message);
		return;
	}
	if (neg.max_send < DCB_PDV_HEADER + 1) {
		/* no response could ever be sent */
		free(ac);
		snprintf(why, sizeof why,
		         _("the peer's maximum PDU length of %u bytes is too small for a PDV (a "
		           "6-byte header and data), so no response could be sent (reason 1)"),
		         neg.max_send);
		reject(a, DCB_RJ_PERMANENT, DCB_RJ_SOURCE_USER, 1, why);
		return;
	}
	n -= (int)dcb_scenario_filter_ac(e->cfg.scenario, rq, &ac->u.assoc);
	/* The AC names the called AE title as we are known. */
	if (assoc_set_contexts(a, &ac->u.assoc) < 0) {
		free(ac);
		assoc_abort(a, _("out of memory"));
		return;
	}
	for (unsigned i = 0; i < neg.n_pctx && i < rq->n_pctx; i++)
		if (neg.why[i] != DCB_NEG_ACCEPTED)
			eng_log(e, a->id, DCB_LOG_INFO,
			        N_("presentation context %u (%s) rejected: %s"), rq->pctx[i].id,
			        rq->pctx[i].abstract_syntax,
			        dcb_neg_why_describe((enum dcb_neg_why)neg.why[i]));
	a->max_send = neg.max_send;
	free(a->out_pdu);
	a->out_pdu = ac;
	assoc_emit_contexts(a);
	if (n == 0)
		eng_log(e, a->id, DCB_LOG_WARN,
		        N_("no presentation context of %s could be accepted; accepting the "
		           "association anyway so the peer sees why per context"),
		        a->peer);
	assoc_ul(a, DCB_EVT7, true);
	if (!a->dead)
		eng_log(e, a->id, DCB_LOG_INFO,
		        N_("association acknowledged: %d of %u contexts accepted, max send PDU %u"),
		        n, rq->n_pctx, a->max_send);
}

/* The request in a->rx->cmd that no service takes: said, and answered
 * once its data set (if any) is read: 0x0211 (unrecognized operation)
 * for a command unknown or not offered for a class some service serves,
 * else "no such SOP class" (0x0122, 0x0118 for the N-services). */
static void
refuse(struct assoc *a, struct acceptor *ac, uint8_t pcid, const struct ctx *c, bool has_data)
{
	const struct dcb_dimse_cmd *cmd = &a->rx->cmd;
	uint16_t status = dcb_dimse_unsupported_status(cmd, svc_serves(a->e, c->abstract_syntax));
	char where[64];

	snprintf(where, sizeof where, "%s, context %u", dcb_dimse_command_name(cmd->command),
	         pcid);
	if (cmd->notes & DCB_DIMSE_NOTE_UNKNOWN_COMMAND)
		dcb_finding_emit(assoc_finding, a, DCB_F_DIMSE_UNKNOWN_COMMAND, -1,
		                 DCB_TAG(0x0000, 0x0100), where,
		                 N_("Command Field 0x%04x from %s; answering 0x%04X"), cmd->command,
		                 a->peer, status);
	else
		dcb_finding_emit(assoc_finding, a, DCB_F_DIMSE_UNSUPPORTED, -1,
		                 DCB_TAG(0x0000, 0x0100), where,
		                 N_("%s for %s from %s is not a service of this SCP; answering "
		                    "0x%04X"),
		                 dcb_dimse_command_name(cmd->command),
		                 dcb_uid_file_prefix(c->abstract_syntax), a->peer, status);
	ac->refused = *cmd;
	ac->refused_status = status;
	if (has_data) {
		ac->refusing = true;
		return;
	}
	svc_respond(a, pcid, cmd, status, NULL);
}

/* A command arrived (with or without a data set to follow). */
static void
dispatch_command(struct assoc *a, struct acceptor *ac, uint8_t pcid, bool has_data)
{
	const struct dcb_dimse_cmd *cmd = &a->rx->cmd;
	const struct ctx *c = assoc_ctx(a, pcid);
	const struct dcb_service *s = NULL;
	unsigned index = 0;

	ac->cur = NULL;
	ac->refusing = false;
	if (c == NULL || c->result != DCB_PCTX_ACCEPTANCE) {
		char why[128];
		snprintf(why, sizeof why,
		         _("data on presentation context %u, which was not accepted"), pcid);
		assoc_abort(a, why);
		return;
	}
	s = svc_find(a->e, c->abstract_syntax, cmd->command, &index);
	if (cmd->command == DCB_C_CANCEL_RQ) {
		const struct dcb_service *const *t = svc_table(a->e);
		for (unsigned i = 0; t[i] != NULL && i < DCB_MAX_SERVICES; i++)
			if (t[i]->on_cancel != NULL && t[i]->serves(a->e, c->abstract_syntax))
				t[i]->on_cancel(a, &ac->state[i], cmd);
		return;
	}
	if (cmd->command & 0x8000) {
		/* a data set on a response is read and dropped; set first: a
		 * service may end the association (and free ac) in its handler */
		const struct dcb_service *const *t = svc_table(a->e);
		ac->refusing = has_data;
		ac->refused.command = 0;
		for (unsigned i = 0; t[i] != NULL && i < DCB_MAX_SERVICES; i++)
			if (t[i]->on_response != NULL && ac->state[i] != NULL &&
			    t[i]->on_response(a, &ac->state[i], cmd))
				return;
		eng_log(a->e, a->id, DCB_LOG_WARN, N_("unexpected %s from %s ignored"),
		        dcb_dimse_command_name(cmd->command), a->peer);
		return;
	}
	if (s == NULL) {
		refuse(a, ac, pcid, c, has_data);
		return;
	}
	ac->cur = s;
	ac->cur_index = index;
	ac->msg = (struct svc_msg){.pcid = pcid, .ctx = c, .cmd = cmd, .has_data = has_data};
	s->on_command(a, &ac->state[index], &ac->msg);
}

static void
on_rx(struct assoc *a, const struct dcb_dimse_rx_out *o)
{
	struct acceptor *ac = acceptor_of(a);

	if (ac == NULL)
		return;
	switch (o->kind) {
	case DCB_DIMSE_RX_NONE:
		break;
	case DCB_DIMSE_RX_MESSAGE:
	case DCB_DIMSE_RX_COMMAND:
		dispatch_command(a, ac, o->pcid, o->kind == DCB_DIMSE_RX_COMMAND);
		break;
	case DCB_DIMSE_RX_DATA:
		if (ac->cur != NULL && ac->cur->on_data != NULL)
			ac->cur->on_data(a, &ac->state[ac->cur_index], o->bytes, o->len);
		break;
	case DCB_DIMSE_RX_DATA_END: {
		/* the handler may end the association, and free ac with it */
		const struct dcb_service *cur = ac->cur;
		bool refusing = ac->refusing;

		ac->cur = NULL;
		ac->refusing = false;
		if (refusing) {
			if (ac->refused.command != 0)
				svc_respond(a, o->pcid, &ac->refused, ac->refused_status, NULL);
		} else if (cur != NULL && cur->on_end != NULL) {
			cur->on_end(a, &ac->state[ac->cur_index], &ac->msg);
		}
		break;
	}
	}
}

/* A handler of a service, or NULL. */
/* The points at which every service holding state hears of the association. */
enum svc_point { AT_PUMP, AT_SYNC, AT_CLOSE };

/* Calls the point's handler of every service that holds state on the
 * association; pump and sync only while it is alive. */
static void
each_service(struct assoc *a, struct acceptor *ac, enum svc_point at)
{
	const struct dcb_service *const *t = svc_table(a->e);

	for (unsigned i = 0; ac != NULL && t[i] != NULL && i < DCB_MAX_SERVICES; i++) {
		void (*fn)(struct assoc *, void **) =
		    at == AT_PUMP ? t[i]->pump : at == AT_SYNC ? t[i]->sync : t[i]->on_close;
		if (a->dead && at != AT_CLOSE)
			return;
		if (fn != NULL && ac->state[i] != NULL)
			fn(a, &ac->state[i]);
	}
}

static void
pump(struct assoc *a)
{
	struct acceptor *ac = a->user;

	each_service(a, ac, AT_PUMP);
}

static void
sync(struct assoc *a)
{
	struct acceptor *ac = a->user;

	each_service(a, ac, AT_SYNC);
}

static void
on_close(struct assoc *a)
{
	struct acceptor *ac = a->user;

	each_service(a, ac, AT_CLOSE);
	if (a->ul.state != DCB_STA1 || a->reason[0] != '\0')
		eng_log(a->e, a->id, DCB_LOG_INFO, N_("association with %s ended: %s"), a->peer,
		        a->reason[0] ? a->reason : _("connection closed"));
	free(ac);
	a->user = NULL;
}

const struct assoc_ops acceptor_ops = {
    .on_associate = on_associate,
    .on_rx = on_rx,
    .pump = pump,
    .sync = sync,
    .on_close = on_close,
};
