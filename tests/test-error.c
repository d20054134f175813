/* test-error.c — the error detail helper. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../src/error.h"

static void
set_fills_detail_and_returns_code(void **state)
{
	struct dcb_error err;

	assert_int_equal(dcb_error_set(&err, DCB_ERR_TRUNCATED, 132,
	                               "element (%04x,%04x) ends at %d", 0x10, 0x20, 140),
	                 DCB_ERR_TRUNCATED);
	assert_int_equal(err.code, DCB_ERR_TRUNCATED);
	assert_int_equal(err.offset, 132);
	assert_string_equal(err.message, "element (0010,0020) ends at 140");
}

static void
set_accepts_null(void **state)
{
	assert_int_equal(dcb_error_set(NULL, DCB_ERR_IO, -1, "x"), DCB_ERR_IO);
}

static void
long_messages_are_cut_not_overrun(void **state)
{
	struct dcb_error err;
	char big[2000];

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	dcb_error_set(&err, DCB_ERR_MALFORMED, -1, "%s", big);
	assert_int_equal(strlen(err.message), sizeof err.message - 1);
}

static void
fatal_codes(void **state)
{
	assert_false(dcb_is_fatal(DCB_OK));
	assert_false(dcb_is_fatal(DCB_ERR_WANT_READ));
	assert_false(dcb_is_fatal(DCB_ERR_WANT_WRITE));
	assert_true(dcb_is_fatal(DCB_ERR_PROTOCOL));
	assert_string_equal(dcb_strerror(DCB_ERR_CLOSED), "connection closed by peer");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_fills_detail_and_returns_code),
		cmocka_unit_test(set_accepts_null),
		cmocka_unit_test(long_messages_are_cut_not_overrun),
		cmocka_unit_test(fatal_codes),
	};
	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
