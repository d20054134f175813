/* assoc-ul.c — the PS3.8 state machine's effects on one association: a
 * transition of ul.c (which is pure) names its effects as bits; here each
 * bit has its handler, run in the table's order. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "engine-int.h"
#include "i18n.h"

static void
send_simple(struct assoc *a, enum dcb_pdu_type type, uint8_t abort_source, uint8_t abort_reason)
{
	struct dcb_pdu *p = malloc(sizeof *p);

	if (p == NULL)
		return;
	dcb_pdu_init(p, type);
	if (type == DCB_PDU_ABORT) {
		p->u.abort.source = abort_source;
		p->u.abort.reason = abort_reason;
	}
	assoc_send_pdu(a, p);
	free(p);
}

static void
send_prepared(struct assoc *a, enum dcb_pdu_type type)
{
	if (a->out_pdu == NULL || a->out_pdu->type != type) {
		eng_error(a->e, a->id, N_("internal: no %s prepared"), dcb_pdu_type_name(type));
		return;
	}
	assoc_send_pdu(a, a->out_pdu);
	free(a->out_pdu);
	a->out_pdu = NULL;
}

static void
describe_peer_stop(struct assoc *a, bool provider)
{
	char words[256] = "";

	if (a->pdu != NULL && a->pdu->type == DCB_PDU_ABORT)
		dcb_pdu_abort_describe(&a->pdu->u.abort, words, sizeof words);
	if (provider && words[0] == '\0')
		snprintf(words, sizeof words, "%s", _("the connection broke"));
	if (a->reason[0] == '\0')
		assoc_set_reason(a, words);
}

/* The effects of a transition (PS3.8 9.2 actions, as ul.c names them),
 * carried out in this order: timers, then what is sent, then what the
 * association's owner is told, then the connection's end. */
typedef void effect_fn(struct assoc *a, const struct dcb_ul_step *st);

static void
fx_stop_artim(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	a->artim_at = 0;
}

static void
fx_send_rq(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	send_prepared(a, DCB_PDU_ASSOCIATE_RQ);
}

static void
fx_send_ac(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	send_prepared(a, DCB_PDU_ASSOCIATE_AC);
}

static void
fx_send_rj(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	send_prepared(a, DCB_PDU_ASSOCIATE_RJ);
}

static void
fx_send_release_rq(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	send_simple(a, DCB_PDU_RELEASE_RQ, 0, 0);
}

static void
fx_send_release_rp(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	send_simple(a, DCB_PDU_RELEASE_RP, 0, 0);
}

static void
fx_send_abort(struct assoc *a, const struct dcb_ul_step *st)
{
	send_simple(a, DCB_PDU_ABORT, st->abort_source,
	            st->abort_source == DCB_ABORT_SOURCE_USER ? 0 : st->abort_reason);
}

static void
fx_ind_associate(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	if (a->ops->on_associate != NULL)
		a->ops->on_associate(a);
}

static void
fx_conf_accept(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	a->acse_at = 0;
	if (a->ops->on_accept != NULL)
		a->ops->on_accept(a);
}

static void
fx_conf_reject(struct assoc *a, const struct dcb_ul_step *st)
{
	char words[256] = "";

	(void)st;
	a->acse_at = 0;
	if (a->pdu != NULL && a->pdu->type == DCB_PDU_ASSOCIATE_RJ)
		dcb_pdu_rj_describe(&a->pdu->u.rj, words, sizeof words);
	assoc_set_reason(a, words);
}

static void
fx_ind_release(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	eng_log(a->e, a->id, DCB_LOG_INFO, N_("association release requested by %s"), a->peer);
	assoc_set_reason(a, _("released"));
	/* we always agree to a release: the response is the next event */
	assoc_ul_input(a, &(struct dcb_ul_input){.event = DCB_EVT14, .rq_acceptable = true});
}

static void
fx_conf_release(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	a->acse_at = 0;
	assoc_set_reason(a, _("released"));
}

static void
fx_ind_abort(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	describe_peer_stop(a, false);
}

static void
fx_ind_p_abort(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	describe_peer_stop(a, true);
}

static void
fx_start_artim(struct assoc *a, const struct dcb_ul_step *st)
{
	int ms = a->e->cfg.artim_ms > 0 ? a->e->cfg.artim_ms : 30000;

	(void)st;
	a->artim_at = dcb_loop_now_ms() + ms;
}

static void
fx_close(struct assoc *a, const struct dcb_ul_step *st)
{
	(void)st;
	assoc_close(a);
}

static const struct {
	uint32_t bit;
	effect_fn *run;
} effects[] = {
    {DCB_UL_STOP_ARTIM, fx_stop_artim},
    {DCB_UL_SEND_ASSOCIATE_RQ, fx_send_rq},
    {DCB_UL_SEND_ASSOCIATE_AC, fx_send_ac},
    {DCB_UL_SEND_ASSOCIATE_RJ, fx_send_rj},
    {DCB_UL_SEND_RELEASE_RQ, fx_send_release_rq},
    {DCB_UL_SEND_RELEASE_RP, fx_send_release_rp},
    {DCB_UL_SEND_ABORT, fx_send_abort},
    {DCB_UL_IND_ASSOCIATE, fx_ind_associate},
    {DCB_UL_CONF_ACCEPT, fx_conf_accept},
    {DCB_UL_CONF_REJECT, fx_conf_reject},
    {DCB_UL_IND_RELEASE, fx_ind_release},
    {DCB_UL_CONF_RELEASE, fx_conf_release},
    {DCB_UL_IND_ABORT, fx_ind_abort},
    {DCB_UL_IND_P_ABORT, fx_ind_p_abort},
    {DCB_UL_START_ARTIM, fx_start_artim},
    {DCB_UL_CLOSE, fx_close},
};

int
assoc_ul_input(struct assoc *a, const struct dcb_ul_input *in)
{
	struct dcb_engine *e = a->e;
	struct dcb_ul_step st;
	int rc = dcb_ul_input(&a->ul, in, &st);

	if (rc == DCB_ERR_USAGE)
		return rc;
	if (st.unexpected)
		eng_log(e, a->id, DCB_LOG_WARN,
		        N_("%s is not expected in %s (PS3.8 table 9-10): the association is "
		           "aborted"),
		        dcb_ul_event_name(st.event), dcb_ul_state_name(st.from));
	else if (st.from == DCB_STA2 && (st.effects & DCB_UL_SEND_ABORT) &&
	         st.event != DCB_EVT19) {
		/* AA-1: any PDU but an A-ASSOCIATE-RQ opens the connection (an
		 * unreadable one, Evt19, was already explained by the reader) */
		char why[160];
		snprintf(why, sizeof why, _("%s (%s) before any A-ASSOCIATE-RQ: aborted"),
		         dcb_ul_event_describe(st.event), dcb_ul_event_name(st.event));
		eng_log(e, a->id, DCB_LOG_WARN, N_("%s from %s"), why, a->peer);
		assoc_set_reason(a, why);
	}
	/* Sta1 is reported by assoc_close(), once the reason is known. */
	if (st.from != st.to && st.to != DCB_STA1)
		assoc_emit_state(a);
	for (size_t i = 0; i < sizeof effects / sizeof effects[0]; i++)
		if (st.effects & effects[i].bit)
			effects[i].run(a, &st);
	return rc;
}

int
assoc_ul(struct assoc *a, enum dcb_ul_event ev, bool rq_acceptable)
{
	struct dcb_ul_input in = {.event = ev, .rq_acceptable = rq_acceptable};

	return assoc_ul_input(a, &in);
}
