/* test-mpps-build.c — the MPPS SCU's N-CREATE from a worklist item: the
 * item's patient, study and scheduled step carried over, the performed
 * step's own values set, and the SCP's state machine takes it without a
 * finding (every Type 1 and 2 attribute there). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dset.h"
#include "../src/mpps-build.h"
#include "../src/mpps.h"
#include "wl-build.h"

#define T(g, e) (((uint32_t)(g) << 16) | (e))

static const struct dcb_mpps_start start = {"PPS7", "MODALITY", "20261204", "195700"};

static void
assert_str(const struct dcb_dset *ds, uint32_t tag, const char *want)
{
	char got[128];

	assert_int_equal(dcb_dset_get_str(ds, tag, got, sizeof got), (int)strlen(want));
	assert_string_equal(got, want);
}

/* What F.7.2 wants from the item lands where it belongs. */
static void
from_item(void **state)
{
	struct dcb_dset *wl = wl_entry("Doe^Jane", "ACC42", "CT1", "CT", "20261204");
	struct dcb_dset *c, *ssas;

	(void)state;
	wl_put(wl, T(0x0010, 0x0030), "DA", "19700101");
	wl_put(wl, T(0x0010, 0x0040), "CS", "F");
	c = dcb_mpps_build_create(wl, &start, NULL);
	assert_non_null(c);
	assert_str(c, T(0x0040, 0x0252), "IN PROGRESS");
	assert_str(c, T(0x0040, 0x0253), "PPS7");
	assert_str(c, T(0x0040, 0x0241), "MODALITY");
	assert_str(c, T(0x0040, 0x0244), "20261204");
	assert_str(c, T(0x0040, 0x0245), "195700");
	assert_str(c, T(0x0008, 0x0060), "CT");
	assert_str(c, T(0x0010, 0x0010), "Doe^Jane");
	assert_str(c, T(0x0010, 0x0020), "PID1");
	assert_str(c, T(0x0010, 0x0030), "19700101");
	assert_str(c, T(0x0010, 0x0040), "F");
	ssas = dcb_dset_item(c, T(0x0040, 0x0270), 0);
	assert_non_null(ssas);
	assert_null(dcb_dset_item(c, T(0x0040, 0x0270), 1));
	assert_str(ssas, T(0x0020, 0x000D), "1.2.3.4");
	assert_str(ssas, T(0x0008, 0x0050), "ACC42");
	assert_str(ssas, T(0x0040, 0x1001), "RP1");
	assert_str(ssas, T(0x0040, 0x0009), "SPS1");
	assert_str(ssas, T(0x0040, 0x0007), "head");
	/* Type 2 without a value yet: present and empty. */
	assert_non_null(dcb_dset_get(c, T(0x0040, 0x0250)));
	assert_int_equal(dcb_dset_get(c, T(0x0040, 0x0250))->len, 0);
	assert_non_null(dcb_dset_get(c, T(0x0040, 0x0340)));
	/* The item's own scheduling is not the performed step's. */
	assert_null(dcb_dset_get(c, T(0x0040, 0x0100)));
	dcb_dset_free(c);
	dcb_dset_free(wl);
}

/* Our SCP's rules take it as a complete N-CREATE, linked to the item. */
static void
scp_accepts(void **state)
{
	struct dcb_dset *wl = wl_entry("Doe^Jane", "ACC42", "CT1", "CT", "20261204");
	struct dcb_dset *c = dcb_mpps_build_create(wl, &start, NULL);
	struct dcb_mpps_list *l = dcb_mpps_list_new();
	struct dcb_mpps_verdict v;
	const struct dcb_mpps *p = NULL;

	(void)state;
	assert_non_null(c);
	assert_int_equal(dcb_mpps_create(l, "1.2.826.0.1.7", c, &v, &p), 0);
	assert_int_equal(v.status, 0);
	assert_int_equal(v.code, 0);
	assert_non_null(p);
	assert_string_equal(p->study_uid, "1.2.3.4");
	assert_string_equal(p->accession, "ACC42");
	assert_string_equal(p->sps_id, "SPS1");
	dcb_mpps_list_free(l);
	dcb_dset_free(c);
	dcb_dset_free(wl);
}

/* An item without a scheduled step, or a step without its ID: refused. */
static void
refused(void **state)
{
	struct dcb_dset *wl = wl_entry("Doe^Jane", "ACC42", "CT1", "CT", "20261204");
	struct dcb_mpps_start no_id = start;
	struct dcb_error err = {0};

	(void)state;
	no_id.pps_id = "";
	assert_null(dcb_mpps_build_create(wl, &no_id, &err));
	assert_int_equal(err.code, DCB_ERR_USAGE);
	assert_true(dcb_dset_remove(wl, T(0x0040, 0x0100)));
	assert_null(dcb_mpps_build_create(wl, &start, &err));
	assert_int_equal(err.code, DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "(0040,0100)"));
	dcb_dset_free(wl);
}

/* The SCP's rules take the step Jane's item starts and final ends, without
 * a finding, and leave it COMPLETED. */
static void
assert_scp_completes(const struct dcb_dset *final)
{
	struct dcb_dset *wl = wl_entry("Doe^Jane", "ACC42", "CT1", "CT", "20261204");
	struct dcb_dset *c = dcb_mpps_build_create(wl, &start, NULL);
	struct dcb_mpps_list *l = dcb_mpps_list_new();
	struct dcb_mpps_verdict v;
	const struct dcb_mpps *p = NULL;

	assert_int_equal(dcb_mpps_create(l, "1.2.826.0.1.7", c, &v, &p), 0);
	assert_int_equal(dcb_mpps_set(l, "1.2.826.0.1.7", final, &v, &p), 0);
	assert_int_equal(v.status, 0);
	assert_int_equal(v.code, 0);
	assert_int_equal(p->state, DCB_MPPS_COMPLETED);
	dcb_mpps_list_free(l);
	dcb_dset_free(c);
	dcb_dset_free(wl);
}

/* The final N-SET: the SCP's rules end the step with it; without a
 * Protocol Name the error names the attribute. */
static void
final_set(void **state)
{
	struct dcb_dset *series = dcb_dset_new(), *s;
	struct dcb_error err = {0};

	(void)state;
	wl_put(series, T(0x0020, 0x000E), "UI", "1.2.3.4.5");
	assert_null(dcb_mpps_build_final("COMPLETED", "20261204", "200000", series, &err));
	assert_int_equal(err.code, DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "(0018,1030)"));
	assert_null(dcb_mpps_build_final("DONE", "20261204", "200000", series, &err));
	wl_put(series, T(0x0018, 0x1030), "LO", "HEAD ROUTINE");
	s = dcb_mpps_build_final("COMPLETED", "20261204", "200000", series, NULL);
	assert_non_null(s);
	assert_scp_completes(s);
	dcb_dset_free(s);
	dcb_dset_free(series);
}

/* Images of two series make two Performed Series Sequence items, each
 * referencing its images; the SCP takes the N-SET without a finding. */
static void
from_images(void **state)
{
	static const struct dcb_mpps_image imgs[] = {
	    {"ISO_IR 100", "1.2.3.1", "HEAD", "Axial", "", "J\xe4ger^Lena", "1.2.840.10008.5.1.4.1.1.2",
	     "1.2.3.1.1"},
	    {"", "1.2.3.2", "", "Scout", "", "", "1.2.840.10008.5.1.4.1.1.2", "1.2.3.2.1"},
	    {"ISO_IR 100", "1.2.3.1", "HEAD", "Axial", "", "", "1.2.840.10008.5.1.4.1.1.2",
	     "1.2.3.1.2"},
	};
	struct dcb_dset *series = dcb_mpps_image_series(&imgs[0], NULL, NULL), *s, *item;
	struct dcb_error err = {0};

	(void)state;
	s = dcb_mpps_build_final("COMPLETED", "20261204", "200000", series, NULL);
	assert_non_null(s);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(dcb_mpps_add_image(s, &imgs[i], "LOCALIZER", &err), 0);
	assert_int_equal(dcb_dset_get(s, T(0x0040, 0x0340))->n_items, 2);
	item = dcb_dset_item(s, T(0x0040, 0x0340), 0);
	assert_str(item, T(0x0020, 0x000E), "1.2.3.1");
	assert_str(item, T(0x0018, 0x1030), "HEAD");
	assert_int_equal(dcb_dset_get(item, T(0x0008, 0x1140))->n_items, 2);
	assert_str(dcb_dset_item(item, T(0x0008, 0x1140), 1), T(0x0008, 0x1155), "1.2.3.1.2");
	item = dcb_dset_item(s, T(0x0040, 0x0340), 1);
	assert_str(item, T(0x0018, 0x1030), "LOCALIZER"); /* the image had no protocol */
	assert_int_equal(dcb_dset_get(item, T(0x0008, 0x1140))->n_items, 1);
	assert_str(s, T(0x0008, 0x0005), "ISO_IR 100");
	assert_scp_completes(s);
	dcb_dset_free(s);
	dcb_dset_free(series);
}

/* Without an ID of its own, the step's is made from its start. */
static void
default_step_id(void **state)
{
	struct dcb_dset *wl = wl_entry("Doe^Jane", "ACC42", "CT1", "CT", "20261204");
	struct dcb_mpps_start no_id = start;
	struct dcb_dset *c;

	(void)state;
	no_id.pps_id = NULL;
	c = dcb_mpps_build_create(wl, &no_id, NULL);
	assert_non_null(c);
	assert_str(c, T(0x0040, 0x0253), "PPS261204195700");
	dcb_dset_free(c);
	dcb_dset_free(wl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(from_item),
	    cmocka_unit_test(scp_accepts),
	    cmocka_unit_test(refused),
	    cmocka_unit_test(final_set),
	    cmocka_unit_test(from_images),
	    cmocka_unit_test(default_step_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
