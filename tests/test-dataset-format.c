/* test-dataset-format.c — element values as text. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dataset-format.h"

static const char *
fmt(const char *vr, bool be, const void *v, size_t n, size_t max, unsigned flags, bool *cut)
{
	static char out[256];

	dcb_value_format(vr, be, v, n, max, flags, out, sizeof out, cut);
	return out;
}

static void
numbers(void **state)
{
	bool cut;

	assert_string_equal(fmt("US", false, "\x00\x02\x01\x00", 4, 0, 0, &cut), "512\\1");
	assert_false(cut);
	assert_string_equal(fmt("US", true, "\x00\x02", 2, 0, 0, NULL), "2");
	assert_string_equal(fmt("SS", false, "\x30\xf8", 2, 0, 0, NULL), "-2000");
	assert_string_equal(fmt("UL", false, "\x4d\x5b\x03\x3a", 4, 0, 0, NULL), "973298509");
	assert_string_equal(fmt("SL", false, "\xff\xff\xff\xff", 4, 0, 0, NULL), "-1");
	assert_string_equal(fmt("FL", false, "\x00\x00\xc0\x3f", 4, 0, 0, NULL), "1.5");
	assert_string_equal(fmt("FD", true, "\x40\x00\x00\x00\x00\x00\x00\x00", 8, 0, 0, NULL), "2");
	assert_string_equal(fmt("AT", false, "\x54\x00\x10\x00\x54\x00\x20\x00", 8, 0, 0, NULL),
	                    "(0054,0010)\\(0054,0020)");
	assert_string_equal(fmt("SV", false, "\xfe\xff\xff\xff\xff\xff\xff\xff", 8, 0, 0, NULL),
	                    "-2");
	/* a rest shorter than one value is ignored */
	assert_string_equal(fmt("US", false, "\x01\x00\x02", 3, 0, 0, NULL), "1");
}

static void
hex_words(void **state)
{
	bool cut;

	assert_string_equal(fmt("OB", false, "\x00\x01\xff", 3, 0, 0, NULL), "00\\01\\ff");
	assert_string_equal(fmt("UN", false, "\xab", 1, 0, 0, NULL), "ab");
	assert_string_equal(fmt("OW", false, "\xaf\x00\xb4\x00", 4, 0, 0, NULL), "00af\\00b4");
	assert_string_equal(fmt("OW", true, "\x00\xaf", 2, 0, 0, NULL), "00af");
	assert_string_equal(fmt("OL", false, "\x01\x00\x00\x00", 4, 0, 0, NULL), "00000001");
	/* values are added while the text is shorter than the limit */
	assert_string_equal(fmt("OB", false, "\x01\x02\x03\x04\x05", 5, 4, 0, &cut), "01\\02");
	assert_true(cut);
	assert_string_equal(fmt("OB", false, "\x01\x02", 2, 4, 0, &cut), "01\\02");
	assert_false(cut);
}

static void
text(void **state)
{
	bool cut;

	assert_string_equal(fmt("LO", false, "e+1 ", 4, 0, 0, NULL), "e+1");
	assert_string_equal(fmt("LO", false, "e+1 ", 4, 0, DCB_FMT_KEEP_PADDING, NULL), "e+1 ");
	assert_string_equal(fmt("UI", false, "1.2.3\0", 6, 0, 0, NULL), "1.2.3");
	assert_string_equal(fmt("CS", false, "A\\B", 3, 0, 0, NULL), "A\\B");
	/* control characters always quoted, others on request */
	assert_string_equal(fmt("LT", false, "a\r\nb", 4, 0, 0, NULL), "a\\015\\012b");
	assert_string_equal(fmt("PN", false, "B\xc3\xa4", 3, 0, 0, NULL), "B\xc3\xa4");
	assert_string_equal(fmt("PN", false, "B\xc3\xa4", 3, 0, DCB_FMT_QUOTE_NONASCII, NULL),
	                    "B\\303\\244");
	assert_string_equal(fmt("LT", false, "abcdef", 6, 3, 0, &cut), "abc");
	assert_true(cut);
}

static void
small_output_buffer(void **state)
{
	char out[5];
	bool cut;
	size_t n = dcb_value_format("OB", false, (const uint8_t *)"\x01\x02\x03", 3, 0, 0, out,
	                            sizeof out, &cut);

	assert_int_equal(n, strlen(out));
	assert_true(n < sizeof out);
	assert_true(cut);
	assert_int_equal(dcb_value_format("OB", false, (const uint8_t *)"\x01", 1, 0, 0, out, 0,
	                                  &cut),
	                 0);
	assert_true(cut);
}

static void
multiplicity(void **state)
{
	assert_int_equal(dcb_value_vm("CS", (const uint8_t *)"A\\B\\C", 5), 3);
	assert_int_equal(dcb_value_vm("LT", (const uint8_t *)"A\\B", 3), 1);
	assert_int_equal(dcb_value_vm("LO", (const uint8_t *)"", 0), 0);
	assert_int_equal(dcb_value_vm("US", (const uint8_t *)"\0\0\0\0\0\0", 6), 3);
	assert_int_equal(dcb_value_vm("FD", (const uint8_t *)"\0\0\0\0\0\0\0\0", 8), 1);
	assert_int_equal(dcb_value_vm("OW", (const uint8_t *)"\0\0\0\0", 4), 1);
	assert_true(dcb_vr_is_text("UI"));
	assert_false(dcb_vr_is_text("UN"));
	assert_int_equal(dcb_vr_unit("FD"), 8);
	assert_int_equal(dcb_vr_unit("OB"), 1);
	assert_int_equal(dcb_vr_unit("PN"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(numbers),      cmocka_unit_test(hex_words),
	    cmocka_unit_test(text),         cmocka_unit_test(small_output_buffer),
	    cmocka_unit_test(multiplicity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
