/* test-conform-wire.c — the wire-level findings the network code emits. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../src/conform-wire.h"

struct seen {
	struct dcb_finding f[8];
	unsigned n;
};

static void
collect(const struct dcb_finding *f, void *user)
{
	struct seen *s = user;

	if (s->n < 8)
		s->f[s->n++] = *f;
}

#define CT "1.2.840.10008.5.1.4.1.1.2"

static void
store_uids(void **state)
{
	struct seen s = {.n = 0};

	assert_int_equal(
	    dcb_wire_check_store(collect, &s, 10, "C-STORE-RQ", CT, "1.2.3", CT "\0", "1.2.3 "), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(dcb_wire_check_store(collect, &s, 10, "C-STORE-RQ", CT, "1.2.3",
	                                      "1.2.840.10008.5.1.4.1.1.7", "1.2.4"),
	                 2);
	assert_string_equal(s.f[0].code, "DCB501");
	assert_string_equal(s.f[1].code, "DCB502");
	assert_string_equal(s.f[0].where, "C-STORE-RQ");
	assert_int_equal(s.f[0].offset, 10);
	assert_int_equal(s.f[0].severity, DCB_SEV_ERROR);
	assert_non_null(strstr(s.f[1].message, "1.2.4"));
}

static void
transfer_syntax(void **state)
{
	struct seen s = {.n = 0};

	assert_int_equal(
	    dcb_wire_check_ts(collect, &s, -1, NULL, "1.2.840.10008.1.2", "1.2.840.10008.1.2"), 0);
	assert_int_equal(
	    dcb_wire_check_ts(collect, &s, -1, NULL, "1.2.840.10008.1.2", "1.2.840.10008.1.2.1"),
	    1);
	assert_string_equal(s.f[0].code, "DCB503");
}

/* DCB503 from the bytes: (0008,0005) CS "ISO_IR 100" in each encoding. */
static void
transfer_syntax_from_the_bytes(void **state)
{
	static const uint8_t implicit_le[] = {0x08, 0x00, 0x05, 0x00, 0x0a, 0x00, 0x00, 0x00};
	static const uint8_t explicit_le[] = {0x08, 0x00, 0x05, 0x00, 'C', 'S', 0x0a, 0x00};
	static const uint8_t explicit_be[] = {0x00, 0x08, 0x00, 0x05, 'C', 'S', 0x00, 0x0a};
	struct seen s = {.n = 0};

	/* in the negotiated encoding: nothing */
	assert_int_equal(dcb_wire_check_dataset_ts(collect, &s, -1, NULL, "1.2.840.10008.1.2",
	                                           implicit_le, sizeof implicit_le),
	                 0);
	assert_int_equal(dcb_wire_check_dataset_ts(collect, &s, -1, NULL, "1.2.840.10008.1.2.2",
	                                           explicit_be, sizeof explicit_be),
	                 0);
	/* JPEG Baseline data sets are explicit VR little endian */
	assert_int_equal(dcb_wire_check_dataset_ts(collect, &s, -1, NULL, "1.2.840.10008.1.2.4.50",
	                                           explicit_le, sizeof explicit_le),
	                 0);
	/* deflated bytes are not looked at; too few bytes say nothing */
	assert_int_equal(dcb_wire_check_dataset_ts(collect, &s, -1, NULL,
	                                           "1.2.840.10008.1.2.1.99", implicit_le,
	                                           sizeof implicit_le),
	                 0);
	assert_int_equal(dcb_wire_check_dataset_ts(collect, &s, -1, NULL, "1.2.840.10008.1.2",
	                                           explicit_le, 6),
	                 0);
	assert_int_equal(s.n, 0);
	/* explicit bytes on an implicit context, implicit on explicit, BE on LE */
	assert_int_equal(dcb_wire_check_dataset_ts(collect, &s, -1, "C-STORE-RQ",
	                                           "1.2.840.10008.1.2", explicit_le,
	                                           sizeof explicit_le),
	                 1);
	assert_int_equal(dcb_wire_check_dataset_ts(collect, &s, -1, "C-STORE-RQ",
	                                           "1.2.840.10008.1.2.1", implicit_le,
	                                           sizeof implicit_le),
	                 1);
	assert_int_equal(dcb_wire_check_dataset_ts(collect, &s, -1, "C-STORE-RQ",
	                                           "1.2.840.10008.1.2.1", explicit_be,
	                                           sizeof explicit_be),
	                 1);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.f[0].code, "DCB503");
	assert_non_null(strstr(s.f[0].message, "1.2.840.10008.1.2.1 but"));
	assert_non_null(strstr(s.f[1].message, "encoded in 1.2.840.10008.1.2 but"));
	assert_non_null(strstr(s.f[2].message, "1.2.840.10008.1.2.2 but"));
}

static void
uid_padding(void **state)
{
	struct seen s = {.n = 0};

	/* command set: one NUL pads an odd UID */
	assert_int_equal(dcb_wire_check_uid(collect, &s, 0, NULL, 0x00000002,
	                                    (const uint8_t *)"1.2.3\0", 6, true),
	                 0);
	assert_int_equal(
	    dcb_wire_check_uid(collect, &s, 0, NULL, 0x00000002, (const uint8_t *)"1.2.3", 5, true),
	    1);
	assert_int_equal(dcb_wire_check_uid(collect, &s, 0, NULL, 0x00000002,
	                                    (const uint8_t *)"1.2.3 ", 6, true),
	                 1);
	assert_int_equal(dcb_wire_check_uid(collect, &s, 0, NULL, 0x00000002,
	                                    (const uint8_t *)"1.2\0\0", 5 + 1, true),
	                 1);
	/* association items: no padding at all, odd length is fine */
	assert_int_equal(
	    dcb_wire_check_uid(collect, &s, 0, NULL, 0, (const uint8_t *)"1.2.3", 5, false), 0);
	assert_int_equal(
	    dcb_wire_check_uid(collect, &s, 0, NULL, 0, (const uint8_t *)"1.2.3\0", 6, false), 1);
	assert_int_equal(s.n, 4);
	for (unsigned i = 0; i < s.n; i++)
		assert_string_equal(s.f[i].code, "DCB504");
	assert_int_equal(s.f[0].tag, 2);
}

static void
ae_titles(void **state)
{
	struct seen s = {.n = 0};

	assert_int_equal(dcb_wire_check_ae_title(collect, &s, 10, "A-ASSOCIATE-RQ",
	                                         "called AE title",
	                                         (const uint8_t *)"STORESCP        "),
	                 0);
	assert_int_equal(dcb_wire_check_ae_title(collect, &s, 10, NULL, "called AE title",
	                                         (const uint8_t *)"STORE\tSCP       "),
	                 1);
	assert_string_equal(s.f[0].code, "DCB701");
	assert_int_equal(dcb_wire_check_ae_title(collect, &s, 10, NULL, "calling AE title",
	                                         (const uint8_t *)"  PACS          "),
	                 1);
	assert_string_equal(s.f[1].code, "DCB702");
	assert_non_null(strstr(s.f[1].message, "calling AE title"));
	assert_int_equal(dcb_wire_check_ae_title(collect, &s, 10, NULL, "calling AE title",
	                                         (const uint8_t *)"                "),
	                 1);
	assert_string_equal(s.f[2].code, "DCB702");
}

static void
pdv_headers(void **state)
{
	struct seen s = {.n = 0};
	bool in_data = false;

	/* command in two fragments, then data */
	assert_int_equal(dcb_wire_check_pdv_header(collect, &s, 0, NULL, 0x01, &in_data), 0);
	assert_int_equal(dcb_wire_check_pdv_header(collect, &s, 0, NULL, 0x03, &in_data), 0);
	assert_true(in_data);
	assert_int_equal(dcb_wire_check_pdv_header(collect, &s, 0, NULL, 0x00, &in_data), 0);
	assert_int_equal(dcb_wire_check_pdv_header(collect, &s, 0, NULL, 0x02, &in_data), 0);
	assert_int_equal(s.n, 0);
	/* reserved bits, data before command, command after command */
	assert_int_equal(dcb_wire_check_pdv_header(collect, &s, 0, NULL, 0x04, &in_data), 1);
	in_data = false;
	assert_int_equal(dcb_wire_check_pdv_header(collect, &s, 0, NULL, 0x02, &in_data), 1);
	in_data = true;
	assert_int_equal(dcb_wire_check_pdv_header(collect, &s, 0, NULL, 0x03, &in_data), 1);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.f[2].code, "DCB601");
}

static void
pdu_length(void **state)
{
	struct seen s = {.n = 0};

	assert_int_equal(dcb_wire_check_pdu_length(collect, &s, 0, NULL, 16384, 16384), 0);
	assert_int_equal(dcb_wire_check_pdu_length(collect, &s, 0, NULL, 1u << 30, 0), 0);
	assert_int_equal(dcb_wire_check_pdu_length(collect, &s, 0, NULL, 16385, 16384), 1);
	assert_string_equal(s.f[0].code, "DCB602");
	assert_non_null(strstr(s.f[0].message, "16385"));
}

static void
context_rejected_and_unknown_item(void **state)
{
	struct seen s = {.n = 0};

	assert_int_equal(dcb_wire_context_rejected(collect, &s, 0, "A-ASSOCIATE-AC", 3, CT, 3), 1);
	assert_string_equal(s.f[0].code, "DCB703");
	assert_int_equal(s.f[0].severity, DCB_SEV_WARNING);
	assert_non_null(strstr(s.f[0].message, "abstract syntax not supported"));
	assert_int_equal(dcb_wire_unknown_item(collect, &s, 0, NULL, 0x99), 1);
	assert_string_equal(s.f[1].code, "DCB603");
	/* a NULL sink is allowed */
	assert_int_equal(dcb_wire_unknown_item(NULL, NULL, 0, NULL, 0x99), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(store_uids),
	    cmocka_unit_test(transfer_syntax),
	    cmocka_unit_test(transfer_syntax_from_the_bytes),
	    cmocka_unit_test(uid_padding),
	    cmocka_unit_test(ae_titles),
	    cmocka_unit_test(pdv_headers),
	    cmocka_unit_test(pdu_length),
	    cmocka_unit_test(context_rejected_and_unknown_item),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
