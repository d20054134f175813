/* test-negotiate.c — presentation context negotiation, both sides. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/negotiate.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define MR "1.2.840.10008.5.1.4.1.1.4"
#define JPEG "1.2.840.10008.1.2.4.50"

struct fx {
	struct dcb_assoc rq, ac;
	struct dcb_negotiate_policy pol;
	struct dcb_negotiated out;
	struct dcb_error err;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	strcpy(f->rq.called_ae, "PACS");
	strcpy(f->rq.calling_ae, "SCU");
	f->rq.user.has_max_length = true;
	f->rq.user.max_length = 32768;
	dcb_negotiate_policy_init(&f->pol);
	f->pol.impl_class_uid = "2.25.42";
	f->pol.impl_version = "BENCH";
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	free(*state);
	return 0;
}

static void
add(struct dcb_assoc *rq, uint8_t id, const char *abstract, const char *ts1, const char *ts2)
{
	struct dcb_pctx *pc = &rq->pctx[rq->n_pctx++];

	memset(pc, 0, sizeof *pc);
	pc->id = id;
	strcpy(pc->abstract_syntax, abstract);
	if (ts1 != NULL)
		strcpy(pc->ts[pc->n_ts++], ts1);
	if (ts2 != NULL)
		strcpy(pc->ts[pc->n_ts++], ts2);
}

static const struct dcb_pctx *
ac_ctx(const struct dcb_assoc *ac, uint8_t id)
{
	for (unsigned i = 0; i < ac->n_pctx; i++)
		if (ac->pctx[i].id == id)
			return &ac->pctx[i];
	fail_msg("context %u not answered", id);
	return &ac->pctx[0];
}

static void
results_per_context(void **state)
{
	struct fx *f = *state;

	add(&f->rq, 1, CT, DCB_UID_IMPLICIT_LE, DCB_UID_EXPLICIT_LE);
	add(&f->rq, 3, MR, JPEG, NULL);
	add(&f->rq, 5, "1.2.3.4", DCB_UID_IMPLICIT_LE, NULL);
	add(&f->rq, 4, CT, DCB_UID_IMPLICIT_LE, NULL);
	add(&f->rq, 7, CT, DCB_UID_IMPLICIT_LE, NULL);
	add(&f->rq, 7, MR, DCB_UID_IMPLICIT_LE, NULL);
	add(&f->rq, 9, DCB_UID_VERIFICATION, DCB_UID_IMPLICIT_LE, NULL);
	add(&f->rq, 11, CT, NULL, NULL);
	assert_int_equal(dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err), 2);
	assert_int_equal(f->out.n_accepted, 2);
	assert_int_equal(f->out.n_rejected, 6);
	assert_int_equal(f->out.n_pctx, 8);
	/* One AC item per distinct ID: 7 appears once. */
	assert_int_equal(f->ac.n_pctx, 7);
	/* The SCP's preference wins: explicit LE over the SCU's first (implicit). */
	assert_int_equal(ac_ctx(&f->ac, 1)->result, DCB_PCTX_ACCEPTANCE);
	assert_string_equal(ac_ctx(&f->ac, 1)->ts[0], DCB_UID_EXPLICIT_LE);
	assert_string_equal(ac_ctx(&f->ac, 1)->abstract_syntax, CT);
	assert_int_equal(ac_ctx(&f->ac, 3)->result, DCB_PCTX_TS_NOT_SUPPORTED);
	assert_int_equal(f->out.why[1], DCB_NEG_NO_COMMON_TS);
	assert_int_equal(ac_ctx(&f->ac, 5)->result, DCB_PCTX_ABSTRACT_NOT_SUPPORTED);
	assert_int_equal(ac_ctx(&f->ac, 4)->result, DCB_PCTX_NO_REASON);
	assert_int_equal(f->out.why[3], DCB_NEG_EVEN_ID);
	assert_int_equal(ac_ctx(&f->ac, 7)->result, DCB_PCTX_NO_REASON);
	assert_int_equal(f->out.why[4], DCB_NEG_DUPLICATE_ID);
	assert_int_equal(f->out.why[5], DCB_NEG_DUPLICATE_ID);
	assert_int_equal(ac_ctx(&f->ac, 9)->result, DCB_PCTX_ACCEPTANCE);
	assert_int_equal(ac_ctx(&f->ac, 11)->result, DCB_PCTX_TS_NOT_SUPPORTED);
	assert_int_equal(f->out.why[7], DCB_NEG_NO_TS);
	/* Header and user info. */
	assert_string_equal(f->ac.called_ae, "PACS");
	assert_string_equal(f->ac.calling_ae, "SCU");
	assert_string_equal(f->ac.app_context, DCB_APP_CONTEXT_UID);
	assert_int_equal(f->ac.user.max_length, DCB_PDU_DEFAULT_MAX);
	assert_string_equal(f->ac.user.impl_class_uid, "2.25.42");
	assert_string_equal(f->ac.user.impl_version, "BENCH");
	/* Words for every reason. */
	for (int w = DCB_NEG_ACCEPTED; w <= DCB_NEG_PEER_BAD_TS; w++)
		assert_true(strlen(dcb_neg_why_describe(w)) > 5);
	assert_string_equal(dcb_pctx_result_name(4),
	                    "transfer syntaxes not supported (provider rejection)");
}

static void
transfer_syntax_presets(void **state)
{
	struct fx *f = *state;
	size_t n;

	add(&f->rq, 1, CT, DCB_UID_EXPLICIT_LE, DCB_UID_IMPLICIT_LE);
	add(&f->rq, 3, CT, DCB_UID_EXPLICIT_LE, DCB_UID_EXPLICIT_BE);
	add(&f->rq, 5, CT, JPEG, NULL);
	add(&f->rq, 7, CT, "1.2.3.99", NULL);

	f->pol.transfer_syntaxes = dcb_ts_preset_list(DCB_TS_PRESET_IMPLICIT, &f->pol.n_ts);
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_string_equal(ac_ctx(&f->ac, 1)->ts[0], DCB_UID_IMPLICIT_LE);
	assert_int_equal(ac_ctx(&f->ac, 3)->result, DCB_PCTX_TS_NOT_SUPPORTED);

	f->pol.transfer_syntaxes = dcb_ts_preset_list(DCB_TS_PRESET_BIG, &f->pol.n_ts);
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_string_equal(ac_ctx(&f->ac, 3)->ts[0], DCB_UID_EXPLICIT_BE);
	assert_string_equal(ac_ctx(&f->ac, 1)->ts[0], DCB_UID_EXPLICIT_LE);
	assert_int_equal(ac_ctx(&f->ac, 5)->result, DCB_PCTX_TS_NOT_SUPPORTED);

	f->pol.transfer_syntaxes = dcb_ts_preset_list(DCB_TS_PRESET_ALL, &f->pol.n_ts);
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_string_equal(ac_ctx(&f->ac, 5)->ts[0], JPEG);
	assert_int_equal(ac_ctx(&f->ac, 7)->result, DCB_PCTX_TS_NOT_SUPPORTED);
	f->pol.accept_any_ts = true;
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_string_equal(ac_ctx(&f->ac, 7)->ts[0], "1.2.3.99");

	assert_string_equal(dcb_ts_preset_list(DCB_TS_PRESET_UNCOMPRESSED, &n)[0],
	                    DCB_UID_EXPLICIT_LE);
	assert_int_equal(n, 3);

	f->pol.reject_all = true;
	assert_int_equal(dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err), 0);
	assert_int_equal(ac_ctx(&f->ac, 1)->result, DCB_PCTX_USER_REJECTION);
	assert_int_equal(f->out.why[0], DCB_NEG_USER_REJECTED);
}

static void
abstract_syntax_policy(void **state)
{
	struct fx *f = *state;
	static const char *const extra[] = {"1.2.3.4"};

	add(&f->rq, 1, "1.2.840.10008.5.1.4.1.1.88.22", DCB_UID_IMPLICIT_LE, NULL);
	add(&f->rq, 3, "1.2.840.10008.5.1.4.1.2.2.1", DCB_UID_IMPLICIT_LE, NULL); /* Q/R find */
	add(&f->rq, 5, "1.2.3.4", DCB_UID_IMPLICIT_LE, NULL);
	add(&f->rq, 7, DCB_UID_VERIFICATION, DCB_UID_IMPLICIT_LE, NULL);
	f->pol.accept_verification = false;
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_int_equal(ac_ctx(&f->ac, 1)->result, DCB_PCTX_ACCEPTANCE);
	assert_int_equal(ac_ctx(&f->ac, 3)->result, DCB_PCTX_ABSTRACT_NOT_SUPPORTED);
	assert_int_equal(ac_ctx(&f->ac, 5)->result, DCB_PCTX_ABSTRACT_NOT_SUPPORTED);
	assert_int_equal(ac_ctx(&f->ac, 7)->result, DCB_PCTX_ABSTRACT_NOT_SUPPORTED);
	f->pol.abstract_syntaxes = extra;
	f->pol.n_abstract = 1;
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_int_equal(ac_ctx(&f->ac, 5)->result, DCB_PCTX_ACCEPTANCE);
	f->pol.accept_any_abstract = true;
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_int_equal(ac_ctx(&f->ac, 3)->result, DCB_PCTX_ACCEPTANCE);
	assert_true(dcb_negotiate_is_storage_class("1.2.840.10008.5.1.4.38.1"));
	assert_false(dcb_negotiate_is_storage_class("1.2.840.10008.5.1.4.1.1."));
	assert_false(dcb_negotiate_is_storage_class("1.2.840.10008.5.1.4.34.6.1"));
}

static void
role_selection_answers(void **state)
{
	struct fx *f = *state;
	struct dcb_user_info *u = &f->rq.user;

	add(&f->rq, 1, CT, DCB_UID_IMPLICIT_LE, NULL);
	u->n_roles = 3;
	strcpy(u->roles[0].sop_class, CT);
	u->roles[0].scu_role = 1;
	u->roles[0].scp_role = 1;
	strcpy(u->roles[1].sop_class, MR); /* no context for MR */
	u->roles[1].scu_role = 1;
	strcpy(u->roles[2].sop_class, CT); /* repeated */
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_int_equal(f->ac.user.n_roles, 1);
	assert_string_equal(f->ac.user.roles[0].sop_class, CT);
	assert_int_equal(f->ac.user.roles[0].scu_role, 1);
	assert_int_equal(f->ac.user.roles[0].scp_role, 0);
	f->pol.allow_requestor_scp = true;
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_int_equal(f->ac.user.roles[0].scp_role, 1);
}

static void
max_pdu_both_directions(void **state)
{
	struct fx *f = *state;

	add(&f->rq, 1, CT, DCB_UID_IMPLICIT_LE, NULL);
	f->pol.max_pdu_receive = 65536;
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_int_equal(f->out.max_send, 32768);
	assert_int_equal(f->out.max_recv, 65536);
	assert_int_equal(f->ac.user.max_length, 65536);
	f->pol.max_pdu_send_cap = 8192;
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_int_equal(f->out.max_send, 8192);
	f->rq.user.max_length = 0;
	f->pol.max_pdu_send_cap = 0;
	dcb_negotiate_accept(&f->rq, &f->pol, &f->ac, &f->out, &f->err);
	assert_int_equal(f->out.max_send, DCB_PDU_SEND_UNLIMITED_CAP);
	assert_int_equal(dcb_negotiate_max_send(0, 4096), 4096);
	assert_int_equal(dcb_negotiate_max_send(100000, 200000), 100000);
}

static void
requestor_side(void **state)
{
	struct fx *f = *state;
	const char *ts[] = {DCB_UID_EXPLICIT_LE, DCB_UID_IMPLICIT_LE};
	struct dcb_assoc *big = calloc(1, sizeof *big);

	memset(&f->rq.pctx, 0, sizeof f->rq.pctx);
	assert_int_equal(dcb_negotiate_add_context(&f->rq, CT, ts, 2, &f->err), 1);
	assert_int_equal(dcb_negotiate_add_context(&f->rq, MR, ts, 1, &f->err), 3);
	assert_int_equal(dcb_negotiate_add_context(&f->rq, DCB_UID_VERIFICATION, ts + 1, 1,
	                                           &f->err),
	                 5);
	assert_int_equal(dcb_negotiate_add_context(&f->rq, CT, ts, 0, &f->err), DCB_ERR_LIMIT);
	for (int i = 0; i < 128; i++)
		assert_int_equal(dcb_negotiate_add_context(big, CT, ts, 1, &f->err), 2 * i + 1);
	assert_int_equal(dcb_negotiate_add_context(big, CT, ts, 1, &f->err), DCB_ERR_LIMIT);
	assert_non_null(strstr(f->err.message, "128"));
	free(big);

	/* The peer answers 1 (accepted), 3 accepted with a syntax we did not
	 * propose, and nothing for 5. */
	f->ac.n_pctx = 2;
	f->ac.pctx[0].id = 1;
	f->ac.pctx[0].n_ts = 1;
	strcpy(f->ac.pctx[0].ts[0], DCB_UID_IMPLICIT_LE);
	f->ac.pctx[1].id = 3;
	f->ac.pctx[1].n_ts = 1;
	strcpy(f->ac.pctx[1].ts[0], DCB_UID_IMPLICIT_LE);
	f->ac.user.has_max_length = true;
	f->ac.user.max_length = 16384;
	assert_int_equal(dcb_negotiate_check_ac(&f->rq, &f->ac, 0, &f->out, &f->err), 1);
	assert_int_equal(f->out.why[0], DCB_NEG_ACCEPTED);
	assert_int_equal(f->out.why[1], DCB_NEG_PEER_BAD_TS);
	assert_int_equal(f->out.why[2], DCB_NEG_PEER_MISSING);
	assert_int_equal(f->out.max_send, 16384);
	assert_int_equal(f->out.max_recv, 32768);
	assert_int_equal(dcb_negotiate_pick(&f->ac, CT, DCB_UID_IMPLICIT_LE), 1);
	assert_int_equal(dcb_negotiate_pick(&f->ac, CT, NULL), 1);
	assert_int_equal(dcb_negotiate_pick(&f->ac, CT, DCB_UID_EXPLICIT_LE), DCB_ERR_NOTFOUND);
	assert_int_equal(dcb_negotiate_pick(&f->ac, MR, NULL), DCB_ERR_NOTFOUND);
	assert_non_null(dcb_negotiate_find(&f->ac, 1));
	assert_null(dcb_negotiate_find(&f->ac, 3));
	assert_null(dcb_negotiate_find(&f->ac, 5));
}

static void
ac_survives_the_wire(void **state)
{
	struct fx *f = *state;
	struct dcb_pdu *p = calloc(1, sizeof *p), *q = calloc(1, sizeof *q);
	uint8_t buf[4096];
	ssize_t n;

	add(&f->rq, 1, CT, DCB_UID_IMPLICIT_LE, NULL);
	add(&f->rq, 3, "1.2.3", DCB_UID_IMPLICIT_LE, NULL);
	dcb_negotiate_accept(&f->rq, &f->pol, &p->u.assoc, &f->out, &f->err);
	p->type = DCB_PDU_ASSOCIATE_AC;
	n = dcb_pdu_encode(p, buf, sizeof buf, &f->err);
	assert_true(n > 0);
	assert_int_equal(dcb_pdu_decode(buf, (size_t)n, q, &f->err), 0);
	assert_int_equal(q->n_notes, 0);
	assert_int_equal(q->u.assoc.n_pctx, 2);
	assert_int_equal(q->u.assoc.pctx[1].result, DCB_PCTX_ABSTRACT_NOT_SUPPORTED);
	assert_int_equal(dcb_negotiate_check_ac(&f->rq, &q->u.assoc, 0, &f->out, &f->err), 1);
	assert_string_equal(q->u.assoc.pctx[0].abstract_syntax, CT);
	free(p);
	free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(results_per_context, setup, teardown),
		cmocka_unit_test_setup_teardown(transfer_syntax_presets, setup, teardown),
		cmocka_unit_test_setup_teardown(abstract_syntax_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(role_selection_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(max_pdu_both_directions, setup, teardown),
		cmocka_unit_test_setup_teardown(requestor_side, setup, teardown),
		cmocka_unit_test_setup_teardown(ac_survives_the_wire, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
