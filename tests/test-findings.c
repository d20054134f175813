/* test-findings.c — the findings table and the helpers that make findings. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../src/findings.h"

static void
table_is_sorted_unique_and_complete(void **state)
{
	const struct dcb_finding_def *d, *prev = NULL;
	unsigned n = 0;

	for (unsigned i = 0; (d = dcb_finding_nth(i)) != NULL; i++, n++) {
		unsigned code = (unsigned)d->code;
		if (prev != NULL)
			assert_true(d->code > prev->code);
		/* the ranges: 0xx..4xx data, 5xx..7xx wire, 8xx services */
		assert_true(code >= 1 && code <= 899);
		assert_true(d->severity == DCB_SEV_INFO || d->severity == DCB_SEV_WARNING ||
		            d->severity == DCB_SEV_ERROR);
		assert_true(strlen(d->title) > 5 && strlen(d->title) < 80);
		assert_true(strlen(d->explanation) > 20);
		assert_true(strncmp(d->reference, "PS3.", 4) == 0);
		assert_ptr_equal(dcb_finding_def(d->code), d);
		prev = d;
	}
	assert_int_equal(n, dcb_finding_count());
	assert_true(n >= 30);
	assert_null(dcb_finding_nth(n));
	assert_null(dcb_finding_def((enum dcb_code)400));
}

static void
parse_codes(void **state)
{
	assert_int_equal(dcb_finding_parse("DCB106")->code, DCB_F_ODD_LENGTH);
	assert_int_equal(dcb_finding_parse("dcb106")->code, DCB_F_ODD_LENGTH);
	assert_int_equal(dcb_finding_parse("106")->code, DCB_F_ODD_LENGTH);
	assert_int_equal(dcb_finding_parse("DCB001")->code, DCB_F_NO_PREAMBLE);
	assert_int_equal(dcb_finding_parse("1")->code, DCB_F_NO_PREAMBLE);
	assert_null(dcb_finding_parse("DCB999"));
	assert_null(dcb_finding_parse("DCB1066"));
	assert_null(dcb_finding_parse("DCBx"));
	assert_null(dcb_finding_parse(""));
	assert_null(dcb_finding_parse(NULL));
}

static void
make_fills_everything(void **state)
{
	struct dcb_finding f;
	char code[8];

	dcb_finding_code_str(DCB_F_PDU_TOO_LARGE, code);
	assert_string_equal(code, "DCB602");
	dcb_finding_make(&f, DCB_F_DA_FORMAT, 1234, 0x00080020, "(0008,0020)", "bad %s", "date");
	assert_string_equal(f.code, "DCB107");
	assert_int_equal(f.severity, DCB_SEV_ERROR);
	assert_int_equal(f.offset, 1234);
	assert_int_equal(f.tag, 0x00080020);
	assert_string_equal(f.where, "(0008,0020)");
	assert_string_equal(f.message, "bad date");
	dcb_finding_make(&f, DCB_F_RETIRED, -1, 0, NULL, "x");
	assert_int_equal(f.severity, DCB_SEV_WARNING);
	assert_string_equal(f.where, "");
	/* an unknown code still makes an error finding */
	dcb_finding_make(&f, (enum dcb_code)499, -1, 0, NULL, "x");
	assert_string_equal(f.code, "DCB499");
	assert_int_equal(f.severity, DCB_SEV_ERROR);
}

static void
where_paths(void **state)
{
	uint32_t path[2] = {0x00400275, 0x0040a730};
	uint32_t items[2] = {1, 3};
	char buf[128], small[12];

	dcb_finding_where(buf, sizeof buf, path, items, 2, 0x00080018);
	assert_string_equal(buf, "(0040,0275)[1].(0040,A730)[3].(0008,0018)");
	dcb_finding_where(buf, sizeof buf, NULL, NULL, 0, 0x7fe00010);
	assert_string_equal(buf, "(7FE0,0010)");
	dcb_finding_where(small, sizeof small, path, items, 2, 0x00080018);
	assert_int_equal(strlen(small), sizeof small - 1);
}

static void
quote_escapes_and_cuts(void **state)
{
	char buf[64];

	dcb_finding_quote(buf, sizeof buf,
	                  (const uint8_t *)"A\x01\xff"
	                                   "B",
	                  4, 10);
	assert_string_equal(buf, "A\\x01\\xFFB");
	dcb_finding_quote(buf, sizeof buf, (const uint8_t *)"ABCDEF", 6, 3);
	assert_string_equal(buf, "ABC...");
	dcb_finding_quote(buf, 5, (const uint8_t *)"ABCDEF", 6, 10);
	assert_string_equal(buf, "ABCD");
}

static void
severity_names(void **state)
{
	assert_string_equal(dcb_severity_name(DCB_SEV_ERROR), "error");
	assert_string_equal(dcb_severity_name(DCB_SEV_WARNING), "warning");
	assert_string_equal(dcb_severity_name(DCB_SEV_INFO), "info");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(table_is_sorted_unique_and_complete),
	    cmocka_unit_test(parse_codes),
	    cmocka_unit_test(make_fills_everything),
	    cmocka_unit_test(where_paths),
	    cmocka_unit_test(quote_escapes_and_cuts),
	    cmocka_unit_test(severity_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
