/* test-mpps.c — the MPPS state machine: N-CREATE only IN PROGRESS and with
 * its required attributes, N-SET to COMPLETED / DISCONTINUED only with the
 * final state's attributes, nothing after a final state, attributes N-SET
 * may not change ignored, and a failed request changes nothing. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dset.h"
#include "../src/mpps.h"
#include "wl-build.h"

#define T(g, e) (((uint32_t)(g) << 16) | (e))

#define put wl_put
#define create_list wl_mpps_create
#define set_list wl_mpps_set

static const struct dcb_mpps *
created(struct dcb_mpps_list *l, const char *uid)
{
	struct dcb_dset *c = create_list("IN PROGRESS");
	struct dcb_mpps_verdict v;
	const struct dcb_mpps *p;

	assert_int_equal(dcb_mpps_create(l, uid, c, &v, &p), 0);
	assert_int_equal(v.status, 0);
	assert_int_equal(v.code, 0);
	assert_non_null(p);
	dcb_dset_free(c);
	return p;
}

/* IN PROGRESS, then COMPLETED: linked to its worklist item. */
static void
create_then_complete(void **state)
{
	struct dcb_mpps_list *l = dcb_mpps_list_new();
	struct dcb_dset *s = set_list("COMPLETED", true);
	struct dcb_mpps_verdict v;
	const struct dcb_mpps *p = created(l, "1.2.3.100");
	char text[32];

	(void)state;
	assert_int_equal(p->state, DCB_MPPS_IN_PROGRESS);
	assert_string_equal(p->study_uid, "1.2.3.4");
	assert_string_equal(p->accession, "ACC1");
	assert_string_equal(p->sps_id, "SPS1");
	assert_string_equal(p->patient, "DOE^JOHN");
	assert_int_equal(dcb_mpps_set(l, "1.2.3.100", s, &v, &p), 0);
	assert_int_equal(v.status, 0);
	assert_int_equal(p->state, DCB_MPPS_COMPLETED);
	assert_int_equal(p->n_sets, 1);
	assert_true(dcb_dset_get_str(p->attrs, T(0x0040, 0x0251), text, sizeof text) > 0);
	assert_string_equal(text, "084500");
	assert_non_null(dcb_dset_item(p->attrs, T(0x0040, 0x0340), 0));
	assert_ptr_equal(dcb_mpps_find(l, "1.2.3.100"), p);
	assert_int_equal(dcb_mpps_count(l), 1);
	dcb_dset_free(s);
	dcb_mpps_list_free(l);
}

/* No N-SET after a final state: 0110H, error ID A710H, nothing changed;
 * both final states. */
static void
nothing_after_final(void **state)
{
	struct dcb_mpps_list *l = dcb_mpps_list_new();
	struct dcb_mpps_verdict v;
	const struct dcb_mpps *p;
	const char *finals[] = {"COMPLETED", "DISCONTINUED"};

	(void)state;
	for (int i = 0; i < 2; i++) {
		char uid[16];
		struct dcb_dset *s = set_list(finals[i], true);
		struct dcb_dset *again = set_list("IN PROGRESS", false);

		snprintf(uid, sizeof uid, "1.2.%d", i);
		created(l, uid);
		assert_int_equal(dcb_mpps_set(l, uid, s, &v, &p), 0);
		assert_int_equal(p->state, i == 0 ? DCB_MPPS_COMPLETED : DCB_MPPS_DISCONTINUED);
		assert_int_equal(dcb_mpps_set(l, uid, again, &v, &p), 0x0110);
		assert_int_equal(v.status, 0x0110);
		assert_int_equal(v.error_id, 0xA710);
		assert_int_equal(v.code, DCB_F_MPPS_FINAL);
		assert_string_equal(v.comment,
		                    "Performed Procedure Step Object may no longer be updated");
		assert_non_null(strstr(v.message, finals[i]));
		assert_int_equal(p->state, i == 0 ? DCB_MPPS_COMPLETED : DCB_MPPS_DISCONTINUED);
		assert_int_equal(p->n_sets, 1);
		dcb_dset_free(s);
		dcb_dset_free(again);
	}
	dcb_mpps_list_free(l);
}

/* COMPLETED without the final state's attributes: 0120H (absent) or
 * 0121H (empty) naming the attribute, and the step stays IN PROGRESS. */
static void
final_state_requirements(void **state)
{
	struct dcb_mpps_list *l = dcb_mpps_list_new();
	struct dcb_dset *s = set_list("COMPLETED", false), *item;
	struct dcb_mpps_verdict v;
	const struct dcb_mpps *p = created(l, "1.2.9");

	(void)state;
	/* the N-CREATE's empty Performed Series Sequence stays empty */
	assert_int_equal(dcb_mpps_set(l, "1.2.9", s, &v, &p), 0x0121);
	assert_int_equal(v.code, DCB_F_MPPS_FINAL_MISSING);
	assert_int_equal(v.offending, T(0x0040, 0x0340));
	assert_non_null(strstr(v.message, "(0040,0340)"));
	assert_int_equal(p->state, DCB_MPPS_IN_PROGRESS);
	assert_int_equal(p->n_sets, 0);
	/* an item without Protocol Name */
	item = dcb_dset_seq_add_item(s, T(0x0040, 0x0340), NULL);
	put(item, T(0x0020, 0x000E), "UI", "1.2.3.4.5");
	assert_int_equal(dcb_mpps_set(l, "1.2.9", s, &v, &p), 0x0120);
	assert_int_equal(v.offending, T(0x0018, 0x1030));
	assert_non_null(strstr(v.message, "item 1"));
	assert_int_equal(p->state, DCB_MPPS_IN_PROGRESS);
	/* with it, COMPLETED; the Type 2 attributes of the item are only said */
	put(item, T(0x0018, 0x1030), "LO", "HEAD");
	assert_int_equal(dcb_mpps_set(l, "1.2.9", s, &v, &p), 0);
	assert_int_equal(v.code, DCB_F_MPPS_FINAL_MISSING);
	assert_int_equal(v.status, 0);
	assert_int_equal(p->state, DCB_MPPS_COMPLETED);
	/* an empty end time from the N-CREATE is not enough */
	created(l, "1.2.10");
	dcb_dset_free(s);
	s = set_list("DISCONTINUED", true);
	assert_int_equal(dcb_dset_put_str(s, T(0x0040, 0x0251), "TM", "", NULL), 0);
	assert_int_equal(dcb_mpps_set(l, "1.2.10", s, &v, &p), 0x0121);
	assert_int_equal(v.offending, T(0x0040, 0x0251));
	dcb_dset_free(s);
	dcb_mpps_list_free(l);
}

/* N-CREATE: only IN PROGRESS; Type 1 attributes required; a UID once. */
static void
create_rules(void **state)
{
	struct dcb_mpps_list *l = dcb_mpps_list_new();
	struct dcb_dset *c = create_list("COMPLETED"), *full;
	struct dcb_mpps_verdict v;
	const struct dcb_mpps *p;

	(void)state;
	assert_int_equal(dcb_mpps_create(l, "1.5", c, &v, &p), 0x0106);
	assert_int_equal(v.code, DCB_F_MPPS_CREATE_STATUS);
	assert_int_equal(v.offending, T(0x0040, 0x0252));
	assert_null(p);
	assert_int_equal(dcb_mpps_count(l), 0);
	dcb_dset_free(c);
	/* no Performed Procedure Step ID */
	c = create_list("IN PROGRESS");
	assert_int_equal(dcb_dset_put_str(c, T(0x0040, 0x0253), "SH", "", NULL), 0);
	assert_int_equal(dcb_mpps_create(l, "1.5", c, &v, &p), 0x0121);
	assert_int_equal(v.code, DCB_F_MPPS_CREATE_MISSING);
	assert_int_equal(v.offending, T(0x0040, 0x0253));
	dcb_dset_free(c);
	/* no Study Instance UID in the scheduled step */
	c = create_list("IN PROGRESS");
	assert_int_equal(dcb_dset_put_str(dcb_dset_item(c, T(0x0040, 0x0270), 0),
	                                  T(0x0020, 0x000D), "UI", "", NULL),
	                 0);
	assert_int_equal(dcb_mpps_create(l, "1.5", c, &v, &p), 0x0121);
	assert_int_equal(v.offending, T(0x0020, 0x000D));
	dcb_dset_free(c);
	/* an unknown state */
	c = create_list("DONE");
	assert_int_equal(dcb_mpps_create(l, "1.5", c, &v, &p), 0x0106);
	dcb_dset_free(c);
	assert_int_equal(dcb_mpps_count(l), 0);
	/* fine, then once more under the same UID */
	created(l, "1.5");
	c = create_list("IN PROGRESS");
	assert_int_equal(dcb_mpps_create(l, "1.5", c, &v, &p), 0x0111);
	assert_int_equal(v.code, DCB_F_MPPS_DUPLICATE);
	dcb_dset_free(c);
	/* a Type 2 attribute (Patient's Birth Date) left out: created, and said */
	full = create_list("IN PROGRESS");
	c = dcb_dset_new();
	for (size_t i = 0; i < dcb_dset_count(full); i++)
		if (dcb_dset_nth(full, i)->tag != T(0x0010, 0x0030))
			assert_int_equal(dcb_dset_put_copy(c, dcb_dset_nth(full, i), NULL), 0);
	dcb_dset_free(full);
	assert_int_equal(dcb_mpps_create(l, "1.6", c, &v, &p), 0);
	assert_int_equal(v.code, DCB_F_MPPS_CREATE_MISSING);
	assert_int_equal(v.offending, T(0x0010, 0x0030));
	assert_non_null(strstr(v.message, "accepted"));
	assert_int_equal(dcb_mpps_count(l), 2);
	dcb_dset_free(c);
	dcb_mpps_list_free(l);
}

/* N-SET: an unknown step; a bad status; patient and scheduled step are
 * not N-SET's to change (ignored, the rest applied); intermediate N-SETs
 * while IN PROGRESS. */
static void
set_rules(void **state)
{
	struct dcb_mpps_list *l = dcb_mpps_list_new();
	struct dcb_dset *s = set_list("IN PROGRESS", false);
	struct dcb_mpps_verdict v;
	const struct dcb_mpps *p;
	char text[64];

	(void)state;
	assert_int_equal(dcb_mpps_set(l, "9.9", s, &v, &p), 0x0112);
	assert_int_equal(v.code, DCB_F_MPPS_NO_INSTANCE);
	created(l, "1.7");
	put(s, T(0x0010, 0x0010), "PN", "OTHER^PATIENT");
	put(s, T(0x0040, 0x0254), "LO", "described later");
	assert_int_equal(dcb_mpps_set(l, "1.7", s, &v, &p), 0);
	assert_int_equal(v.code, DCB_F_MPPS_NOT_ALLOWED);
	assert_int_equal(v.offending, T(0x0010, 0x0010));
	assert_int_equal(p->state, DCB_MPPS_IN_PROGRESS);
	assert_true(dcb_dset_get_str(p->attrs, T(0x0010, 0x0010), text, sizeof text) > 0);
	assert_string_equal(text, "DOE^JOHN");
	assert_true(dcb_dset_get_str(p->attrs, T(0x0040, 0x0254), text, sizeof text) > 0);
	assert_string_equal(text, "described later");
	put(s, T(0x0040, 0x0252), "CS", "FINISHED");
	assert_int_equal(dcb_mpps_set(l, "1.7", s, &v, &p), 0x0106);
	assert_int_equal(v.code, DCB_F_MPPS_BAD_STATUS);
	assert_int_equal(p->n_sets, 1);
	dcb_dset_free(s);
	dcb_mpps_list_free(l);
}

/* A step written before comes back in its state, without the N-CREATE
 * rules; an N-SET after COMPLETED is still refused. */
static void
restore_keeps_state(void **state)
{
	struct dcb_mpps_list *l = dcb_mpps_list_new();
	struct dcb_dset *c = create_list("IN PROGRESS"), *s = set_list("IN PROGRESS", false);
	struct dcb_mpps_verdict v;
	const struct dcb_mpps *p;

	(void)state;
	assert_int_equal(dcb_mpps_restore(l, "1.8", c), 0);
	assert_int_equal(dcb_mpps_restore(l, "1.8", c), DCB_ERR_EXISTS);
	put(c, T(0x0040, 0x0252), "CS", "COMPLETED");
	assert_int_equal(dcb_mpps_restore(l, "1.9", c), 0);
	assert_int_equal(dcb_mpps_find(l, "1.9")->state, DCB_MPPS_COMPLETED);
	assert_string_equal(dcb_mpps_find(l, "1.9")->accession, "ACC1");
	assert_int_equal(dcb_mpps_set(l, "1.9", s, &v, &p), 0x0110);
	assert_int_equal(dcb_mpps_set(l, "1.8", s, &v, &p), 0);
	put(c, T(0x0040, 0x0252), "CS", "");
	assert_int_equal(dcb_mpps_restore(l, "1.10", c), DCB_ERR_MALFORMED);
	dcb_dset_free(c);
	dcb_dset_free(s);
	dcb_mpps_list_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(create_then_complete), cmocka_unit_test(nothing_after_final),
	    cmocka_unit_test(final_state_requirements), cmocka_unit_test(create_rules),
	    cmocka_unit_test(set_rules),            cmocka_unit_test(restore_keeps_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
