/* test-commit.c — the storage commitment data sets (commit.h): requests
 * decoded with the right failure status, reports built and read back. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../src/commit.h"
#include "../src/dict.h"
#include "../src/dset.h"
#include "../src/pdu.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define MR "1.2.840.10008.5.1.4.1.1.4"

/* An Action Information: transaction tx (NULL: none), n items of
 * (class, instance); seq false: no sequence at all. */
static struct dcb_dset *
action(const char *tx, bool seq, const char *const (*items)[2], size_t n)
{
	struct dcb_dset *ds = dcb_dset_new();

	assert_non_null(ds);
	if (tx != NULL)
		assert_int_equal(dcb_dset_put_str(ds, DCB_TAG(0x0008, 0x1195), "UI", tx, NULL), 0);
	if (seq)
		assert_int_equal(dcb_dset_put_seq(ds, DCB_TAG(0x0008, 0x1199), NULL), 0);
	for (size_t i = 0; i < n; i++) {
		struct dcb_dset *it = dcb_dset_seq_add_item(ds, DCB_TAG(0x0008, 0x1199), NULL);
		assert_non_null(it);
		if (items[i][0] != NULL)
			dcb_dset_put_str(it, DCB_TAG(0x0008, 0x1150), "UI", items[i][0], NULL);
		if (items[i][1] != NULL)
			dcb_dset_put_str(it, DCB_TAG(0x0008, 0x1155), "UI", items[i][1], NULL);
	}
	return ds;
}

static void
expect_status(struct dcb_dset *ds, uint16_t want)
{
	struct dcb_commit c;
	struct dcb_error err = {0};
	uint16_t status = 0;

	assert_int_equal(dcb_commit_decode_action(ds, &c, &status, &err), DCB_ERR_PROTOCOL);
	assert_int_equal(status, want);
	assert_true(err.message[0] != '\0');
	dcb_commit_clear(&c);
	dcb_dset_free(ds);
}

static void
test_action_errors(void **state)
{
	static const char *const good[][2] = {{CT, "1.2.3.4"}};
	static const char *const no_inst[][2] = {{CT, NULL}};
	static const char *const empty_cls[][2] = {{"", "1.2.3"}};
	static const char *const bad_uid[][2] = {{CT, "1.2.03"}};

	(void)state;
	expect_status(action(NULL, true, good, 1), 0x0120);
	expect_status(action("", true, good, 1), 0x0121);
	expect_status(action("1.2.x", true, good, 1), 0x0115);
	expect_status(action("1.2.3", false, NULL, 0), 0x0120);
	expect_status(action("1.2.3", true, NULL, 0), 0x0121);
	expect_status(action("1.2.3", true, no_inst, 1), 0x0120);
	expect_status(action("1.2.3", true, empty_cls, 1), 0x0121);
	expect_status(action("1.2.3", true, bad_uid, 1), 0x0115);
}

static uint16_t
lookup(void *user, const char *cls, const char *inst)
{
	(void)user;
	if (strcmp(inst, "1.2.3.2") == 0)
		return DCB_COMMIT_NO_SUCH_INSTANCE;
	if (strcmp(cls, MR) == 0)
		return DCB_COMMIT_CLASS_INSTANCE_CONFLICT;
	return DCB_COMMIT_OK;
}

static void
test_round_trip(void **state)
{
	static const char *const items[][2] = {{CT, "1.2.3.1"}, {CT, "1.2.3.2"}, {MR, "1.2.3.3"}};
	struct dcb_dset *ds = action("2.25.99", true, items, 3), *rep = NULL;
	struct dcb_commit c, back;
	uint16_t status = 0, event_type = 0;
	size_t ok, failed;

	(void)state;
	assert_int_equal(dcb_commit_decode_action(ds, &c, &status, NULL), 0);
	dcb_dset_free(ds);
	assert_string_equal(c.transaction_uid, "2.25.99");
	assert_int_equal(c.n, 3);
	dcb_commit_resolve(&c, lookup, NULL);
	dcb_commit_count(&c, &ok, &failed);
	assert_int_equal(ok, 1);
	assert_int_equal(failed, 2);
	assert_int_equal(dcb_commit_build_report(&c, &event_type, &rep, NULL), 0);
	assert_int_equal(event_type, DCB_COMMIT_EVENT_FAILED);
	assert_int_equal(dcb_commit_decode_report(rep, event_type, &back, NULL), 0);
	assert_string_equal(back.transaction_uid, "2.25.99");
	assert_int_equal(back.n, 3);
	assert_string_equal(back.refs[0].sop_instance, "1.2.3.1");
	assert_int_equal(back.refs[0].reason, DCB_COMMIT_OK);
	assert_int_equal(back.refs[1].reason, DCB_COMMIT_NO_SUCH_INSTANCE);
	assert_int_equal(back.refs[2].reason, DCB_COMMIT_CLASS_INSTANCE_CONFLICT);
	dcb_commit_clear(&back);
	/* the event type must agree with the lists */
	assert_int_equal(dcb_commit_decode_report(rep, DCB_COMMIT_EVENT_ALL, &back, NULL),
	                 DCB_ERR_PROTOCOL);
	dcb_commit_clear(&back);
	assert_int_equal(dcb_commit_decode_report(rep, 3, &back, NULL), DCB_ERR_PROTOCOL);
	dcb_commit_clear(&back);
	dcb_dset_free(rep);
	dcb_commit_clear(&c);
}

static void
test_all_committed(void **state)
{
	struct dcb_commit c, back;
	struct dcb_dset *ds = NULL;
	uint16_t event_type = 0;

	(void)state;
	dcb_commit_init(&c);
	strcpy(c.transaction_uid, "1.2.840.1");
	assert_int_equal(dcb_commit_add(&c, CT, "1.2.5", NULL), 0);
	assert_int_equal(dcb_commit_add(&c, "", "1.2.5", NULL), DCB_ERR_USAGE);
	assert_int_equal(dcb_commit_build_action(&c, &ds, NULL), 0);
	dcb_dset_free(ds);
	assert_int_equal(dcb_commit_build_report(&c, &event_type, &ds, NULL), 0);
	assert_int_equal(event_type, DCB_COMMIT_EVENT_ALL);
	assert_null(dcb_dset_get(ds, DCB_TAG(0x0008, 0x1198)));
	assert_int_equal(dcb_commit_decode_report(ds, event_type, &back, NULL), 0);
	assert_int_equal(back.n, 1);
	dcb_commit_clear(&back);
	dcb_dset_free(ds);
	dcb_commit_clear(&c);
	/* an empty request is no request */
	assert_int_equal(dcb_commit_build_action(&c, &ds, NULL), DCB_ERR_USAGE);
}

static void
test_uid(void **state)
{
	uint8_t zero[16] = {0}, ones[16];
	char uid[DCB_UID_SIZE];

	(void)state;
	dcb_commit_uid_from_random(zero, uid);
	assert_string_equal(uid, "2.25.0");
	memset(ones, 0xff, sizeof ones);
	dcb_commit_uid_from_random(ones, uid);
	/* 2^127 - 1 */
	assert_string_equal(uid, "2.25.170141183460469231731687303715884105727");
}

static void
test_rq(void **state)
{
	struct dcb_pdu pdu;

	(void)state;
	assert_int_equal(dcb_commit_rq_init(&pdu, "STORESCU", "PACS", 16384, true, NULL), 0);
	assert_string_equal(pdu.u.assoc.called_ae, "STORESCU");
	assert_int_equal(pdu.u.assoc.n_pctx, 1);
	assert_int_equal(pdu.u.assoc.user.n_roles, 1);
	assert_int_equal(pdu.u.assoc.user.roles[0].scp_role, 1);
	assert_int_equal(pdu.u.assoc.user.roles[0].scu_role, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_action_errors), cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_all_committed), cmocka_unit_test(test_uid),
	    cmocka_unit_test(test_rq),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
