/* test-conform-value.c — the PS3.5 value rules, one VR at a time: for each
 * finding code a value that triggers it and one that does not. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../src/conform-value.h"

/* True when checking value (a C string, or n bytes when n > 0) as vr gives
 * code among its issues. */
static bool
has_n(const char *vr, enum dcb_charset cs, const char *value, size_t n, enum dcb_code code)
{
	struct dcb_value_issue is[16];
	unsigned count = dcb_value_check(vr, cs, (const uint8_t *)value, n, is, 16);

	assert_true(count <= 16);
	for (unsigned i = 0; i < count; i++)
		if (is[i].code == code)
			return true;
	return false;
}

static bool
has(const char *vr, const char *value, enum dcb_code code)
{
	return has_n(vr, DCB_CS_DEFAULT, value, strlen(value), code);
}

static unsigned
count(const char *vr, const char *value)
{
	return dcb_value_check(vr, DCB_CS_DEFAULT, (const uint8_t *)value, strlen(value), NULL, 0);
}

static void
ui_chars(void **state)
{
	assert_true(has("UI", "1.2 .3", DCB_F_UI_CHARS));
	assert_false(has("UI", "1.2.3 ", DCB_F_UI_CHARS));
	assert_true(has("UI", "1.2.abc.4", DCB_F_UI_CHARS));
	assert_false(has("UI", "1.2.840.10008.1.2", DCB_F_UI_CHARS));
	assert_int_equal(count("UI", "1.2.840.10008.5.1.4.1.1.2"), 0);
}

static void
ui_length(void **state)
{
	char uid[80];

	memset(uid, '1', 65);
	uid[1] = '.';
	uid[65] = '\0';
	assert_true(has("UI", uid, DCB_F_UI_LENGTH));
	uid[64] = '\0';
	assert_false(has("UI", uid, DCB_F_UI_LENGTH));
	/* the NUL padding does not count */
	assert_false(has_n("UI", DCB_CS_DEFAULT, uid, 65, DCB_F_UI_LENGTH));
}

static void
ui_leading_zero(void **state)
{
	assert_true(has("UI", "1.2.03.4", DCB_F_UI_LEADING_ZERO));
	assert_true(has("UI", "01.2", DCB_F_UI_LEADING_ZERO));
	assert_false(has("UI", "1.2.0.4", DCB_F_UI_LEADING_ZERO));
	assert_false(has("UI", "1.20.30", DCB_F_UI_LEADING_ZERO));
}

static void
ui_padding(void **state)
{
	assert_true(has("UI", "1.2.3 ", DCB_F_UI_PADDING));
	assert_true(has_n("UI", DCB_CS_DEFAULT, "1.2.3\0\0", 7, DCB_F_UI_PADDING));
	assert_true(has_n("UI", DCB_CS_DEFAULT, "1.23\0", 5, DCB_F_UI_PADDING));
	assert_false(has_n("UI", DCB_CS_DEFAULT, "1.2.3\0", 6, DCB_F_UI_PADDING));
	assert_int_equal(
	    dcb_value_check("UI", DCB_CS_DEFAULT, (const uint8_t *)"1.2.3\0", 6, NULL, 0), 0);
}

static void
ui_empty_component(void **state)
{
	assert_true(has("UI", "1..2", DCB_F_UI_EMPTY_COMPONENT));
	assert_true(has("UI", ".1.2", DCB_F_UI_EMPTY_COMPONENT));
	assert_true(has("UI", "1.2.", DCB_F_UI_EMPTY_COMPONENT));
	assert_false(has("UI", "1.2", DCB_F_UI_EMPTY_COMPONENT));
	assert_int_equal(count("UI", ""), 0);
}

static void
ui_multi_valued(void **state)
{
	struct dcb_value_issue is[4];
	const char *v = "1.2.3\\1.02";

	assert_int_equal(
	    dcb_value_check("UI", DCB_CS_DEFAULT, (const uint8_t *)v, strlen(v), is, 4), 1);
	assert_int_equal(is[0].code, DCB_F_UI_LEADING_ZERO);
	assert_int_equal(is[0].index, 1);
	assert_int_equal(is[0].start, 6);
	assert_int_equal(is[0].len, 4);
}

static void
da_format(void **state)
{
	assert_true(has("DA", "2024-01-01", DCB_F_DA_FORMAT));
	assert_true(has("DA", "2024.01.01", DCB_F_DA_FORMAT));
	assert_true(has("DA", "20241301", DCB_F_DA_FORMAT));
	assert_true(has("DA", "20230229", DCB_F_DA_FORMAT));
	assert_true(has("DA", "2024011", DCB_F_DA_FORMAT));
	assert_false(has("DA", "20240229", DCB_F_DA_FORMAT));
	assert_false(has("DA", "20241231", DCB_F_DA_FORMAT));
	assert_int_equal(count("DA", "19991231"), 0);
}

static void
tm_format(void **state)
{
	assert_true(has("TM", "12ab56", DCB_F_TM_FORMAT));
	assert_true(has("TM", "12:30:00", DCB_F_TM_FORMAT));
	assert_true(has("TM", "246000", DCB_F_TM_FORMAT));
	assert_true(has("TM", "123000.", DCB_F_TM_FORMAT));
	assert_true(has("TM", "1", DCB_F_TM_FORMAT));
	assert_false(has("TM", "12", DCB_F_TM_FORMAT));
	assert_false(has("TM", "1230", DCB_F_TM_FORMAT));
	assert_false(has("TM", "123059.123456", DCB_F_TM_FORMAT));
	assert_false(has("TM", "235960 ", DCB_F_TM_FORMAT));
}

static void
dt_format(void **state)
{
	assert_true(has("DT", "2024-01-01T10:00", DCB_F_DT_FORMAT));
	assert_true(has("DT", "20240101256000", DCB_F_DT_FORMAT));
	assert_true(has("DT", "202401011200+25", DCB_F_DT_FORMAT));
	assert_false(has("DT", "2024", DCB_F_DT_FORMAT));
	assert_false(has("DT", "20240101120000.5+0100", DCB_F_DT_FORMAT));
	assert_false(has("DT", "202401011200-0500", DCB_F_DT_FORMAT));
}

static void
as_format(void **state)
{
	assert_true(has("AS", "45Y", DCB_F_AS_FORMAT));
	assert_true(has("AS", "045y", DCB_F_AS_FORMAT));
	assert_false(has("AS", "045Y", DCB_F_AS_FORMAT));
	assert_false(has("AS", "003W", DCB_F_AS_FORMAT));
}

static void
is_format(void **state)
{
	assert_true(has("IS", "1.5", DCB_F_IS_FORMAT));
	assert_true(has("IS", "12a", DCB_F_IS_FORMAT));
	assert_true(has("IS", "2147483648", DCB_F_IS_FORMAT));
	assert_true(has("IS", "-", DCB_F_IS_FORMAT));
	assert_false(has("IS", "-2147483648", DCB_F_IS_FORMAT));
	assert_false(has("IS", " +42 ", DCB_F_IS_FORMAT));
	assert_false(has("IS", "1\\2\\3 ", DCB_F_IS_FORMAT));
}

static void
ds_format(void **state)
{
	assert_true(has("DS", "1,5", DCB_F_DS_FORMAT));
	assert_true(has("DS", "1.5e", DCB_F_DS_FORMAT));
	assert_true(has("DS", ".", DCB_F_DS_FORMAT));
	assert_false(has("DS", "-1.5E+03", DCB_F_DS_FORMAT));
	assert_false(has("DS", ".5\\0.3125 ", DCB_F_DS_FORMAT));
	assert_false(has("DS", "7.", DCB_F_DS_FORMAT));
}

static void
value_too_long(void **state)
{
	char lo[80];

	assert_true(has("SH", "ABCDEFGHIJKLMNOPQ", DCB_F_VALUE_TOO_LONG));
	assert_false(has("SH", "ABCDEFGHIJKLMNOP", DCB_F_VALUE_TOO_LONG));
	assert_true(has("CS", "ABCDEFGHIJKLMNOPQ", DCB_F_VALUE_TOO_LONG));
	assert_true(has("DS", "1.00000000000000001", DCB_F_VALUE_TOO_LONG));
	assert_false(has("DS", "1.00000000000001", DCB_F_VALUE_TOO_LONG));
	/* the padding of the whole value is not part of the last value */
	assert_false(has("DS", "1\\10.0000000000000 ", DCB_F_VALUE_TOO_LONG));
	assert_true(has("DS", "10.0000000000000 \\1", DCB_F_VALUE_TOO_LONG));
	memset(lo, 'x', 65);
	lo[65] = '\0';
	assert_true(has("LO", lo, DCB_F_VALUE_TOO_LONG));
	lo[64] = '\0';
	assert_false(has("LO", lo, DCB_F_VALUE_TOO_LONG));
	/* UTF-8 counts characters: 40 two-byte characters are 40 */
	char u8[81];
	for (int i = 0; i < 40; i++) {
		u8[2 * i] = (char)0xc3;
		u8[2 * i + 1] = (char)0xa4;
	}
	u8[80] = '\0';
	assert_false(has_n("LO", DCB_CS_UTF8, u8, 80, DCB_F_VALUE_TOO_LONG));
	assert_true(has_n("LO", DCB_CS_SINGLE, u8, 80, DCB_F_VALUE_TOO_LONG));
}

static void
value_chars(void **state)
{
	assert_true(has("CS", "ORIGINAL\\primary", DCB_F_VALUE_CHARS));
	assert_true(has("CS", "A-B", DCB_F_VALUE_CHARS));
	assert_false(has("CS", "ORIGINAL\\PRIMARY\\AXIAL", DCB_F_VALUE_CHARS));
	assert_true(has("LO", "line\nbreak", DCB_F_VALUE_CHARS));
	assert_false(has("LT", "line\r\nbreak\tand tab", DCB_F_VALUE_CHARS));
	assert_true(has("AE", "STORE\tSCP", DCB_F_VALUE_CHARS));
	assert_false(has("AE", "STORESCP", DCB_F_VALUE_CHARS));
	assert_false(has("SH", "\x1b$B", DCB_F_VALUE_CHARS));
}

static void
pn_components(void **state)
{
	assert_true(has("PN", "A^B^C^D^E^F", DCB_F_PN_COMPONENTS));
	assert_true(has("PN", "A=B=C=D", DCB_F_PN_COMPONENTS));
	assert_false(has("PN", "Doe^John^Q^Dr^Jr", DCB_F_PN_COMPONENTS));
	assert_false(has("PN", "Yamada^Tarou=山田^太郎=やまだ^たろう", DCB_F_PN_COMPONENTS));
	/* a group longer than 64 characters */
	char pn[80];
	memset(pn, 'x', 70);
	pn[70] = '\0';
	assert_true(has("PN", pn, DCB_F_VALUE_TOO_LONG));
	assert_false(has("PN", "Doe^John", DCB_F_VALUE_TOO_LONG));
}

static void
binary_length(void **state)
{
	assert_true(has_n("US", DCB_CS_DEFAULT, "\x01\x00\x02", 3, DCB_F_BINARY_LENGTH));
	assert_true(has_n("FD", DCB_CS_DEFAULT, "\0\0\0\0", 4, DCB_F_BINARY_LENGTH));
	assert_false(has_n("US", DCB_CS_DEFAULT, "\x01\x00\x02\x00", 4, DCB_F_BINARY_LENGTH));
	assert_false(has_n("OB", DCB_CS_DEFAULT, "\x01\x00\x02", 3, DCB_F_BINARY_LENGTH));
	/* not loaded: the length alone */
	assert_int_equal(dcb_value_check("OW", DCB_CS_DEFAULT, NULL, 7, NULL, 0), 1);
	assert_int_equal(dcb_value_check("OW", DCB_CS_DEFAULT, NULL, 8, NULL, 0), 0);
}

static void
text_nul_padding(void **state)
{
	assert_true(has_n("LO", DCB_CS_DEFAULT, "ABC\0", 4, DCB_F_TEXT_NUL_PADDING));
	assert_false(has_n("LO", DCB_CS_DEFAULT, "ABC ", 4, DCB_F_TEXT_NUL_PADDING));
	/* a NUL-padded date is still a date */
	assert_false(has_n("DA", DCB_CS_DEFAULT, "20240101\0\0", 10, DCB_F_DA_FORMAT));
}

static void
ae_all_spaces(void **state)
{
	assert_true(has("AE", "    ", DCB_F_AE_ALL_SPACES));
	assert_false(has("AE", " PACS ", DCB_F_AE_ALL_SPACES));
	assert_false(has("SH", "    ", DCB_F_AE_ALL_SPACES));
}

static void
unknown_vr_has_no_rules(void **state)
{
	assert_int_equal(count("XX", "anything\n"), 0);
	assert_int_equal(count(NULL, "x"), 0);
	assert_int_equal(count("SQ", "x"), 0);
}

static void
multiplicity(void **state)
{
	assert_int_equal(dcb_value_multiplicity("CS", (const uint8_t *)"A\\B\\C", 5), 3);
	assert_int_equal(dcb_value_multiplicity("LT", (const uint8_t *)"A\\B\\C", 5), 1);
	assert_int_equal(dcb_value_multiplicity("US", (const uint8_t *)"\0\0\0\0\0\0", 6), 3);
	assert_int_equal(dcb_value_multiplicity("OW", (const uint8_t *)"\0\0\0\0\0\0", 6), 1);
	assert_int_equal(dcb_value_multiplicity("UI", (const uint8_t *)"1.2\\1.3", 7), 2);
	assert_int_equal(dcb_value_multiplicity("DS", (const uint8_t *)"", 0), 0);
}

static void
vr_matches(void **state)
{
	assert_true(dcb_vr_matches("US or SS", "SS"));
	assert_true(dcb_vr_matches("US or SS or OW", "OW"));
	assert_true(dcb_vr_matches("UI", "UI"));
	assert_false(dcb_vr_matches("UI", "LO"));
	assert_false(dcb_vr_matches("OB or OW", "UN"));
	assert_true(dcb_vr_matches("", "LO"));
	assert_true(dcb_vr_matches("See Note", "LO"));
}

static void
vm_allows(void **state)
{
	assert_true(dcb_vm_allows("1", 1));
	assert_false(dcb_vm_allows("1", 2));
	assert_true(dcb_vm_allows("1-n", 7));
	assert_false(dcb_vm_allows("2-n", 1));
	assert_true(dcb_vm_allows("2-2n", 4));
	assert_false(dcb_vm_allows("2-2n", 3));
	assert_true(dcb_vm_allows("1-3", 3));
	assert_false(dcb_vm_allows("1-3", 4));
	assert_true(dcb_vm_allows("3-3n", 6));
	assert_false(dcb_vm_allows("3-3n", 4));
	assert_true(dcb_vm_allows("16", 16));
	assert_true(dcb_vm_allows("?", 99));
}

static enum dcb_charset
parse_cs(const char *v, unsigned *issues, enum dcb_code *first)
{
	struct dcb_value_issue is[4];
	enum dcb_charset cs;

	*issues = dcb_charset_parse((const uint8_t *)v, strlen(v), &cs, is, 4);
	*first = *issues > 0 ? is[0].code : 0;
	return cs;
}

static void
charset_unknown(void **state)
{
	unsigned n;
	enum dcb_code code;

	assert_int_equal(parse_cs("ISO_IR 100", &n, &code), DCB_CS_SINGLE);
	assert_int_equal(n, 0);
	assert_int_equal(parse_cs("ISO_IR 192", &n, &code), DCB_CS_UTF8);
	assert_int_equal(n, 0);
	assert_int_equal(parse_cs("GB18030 ", &n, &code), DCB_CS_GB);
	assert_int_equal(n, 0);
	parse_cs("ISO-8859-1", &n, &code);
	assert_int_equal(n, 1);
	assert_int_equal(code, DCB_F_CHARSET_UNKNOWN);
	parse_cs("UTF-8", &n, &code);
	assert_int_equal(code, DCB_F_CHARSET_UNKNOWN);
}

static void
charset_multi(void **state)
{
	unsigned n;
	enum dcb_code code;

	assert_int_equal(parse_cs("\\ISO 2022 IR 87", &n, &code), DCB_CS_ISO2022);
	assert_int_equal(n, 0);
	assert_int_equal(parse_cs("ISO 2022 IR 6\\ISO 2022 IR 87", &n, &code), DCB_CS_ISO2022);
	assert_int_equal(n, 0);
	parse_cs("ISO_IR 100\\ISO_IR 144", &n, &code);
	assert_int_equal(n, 1);
	assert_int_equal(code, DCB_F_CHARSET_MULTI);
	parse_cs("ISO_IR 192\\ISO 2022 IR 87", &n, &code);
	assert_int_equal(code, DCB_F_CHARSET_MULTI);
}

static void
charset_text(void **state)
{
	size_t pos = 99;

	assert_int_equal(
	    dcb_charset_check_text(DCB_CS_DEFAULT, (const uint8_t *)"M\xfcller", 7, &pos),
	    DCB_F_CHARSET_UNDECLARED);
	assert_int_equal(pos, 1);
	assert_int_equal(
	    dcb_charset_check_text(DCB_CS_SINGLE, (const uint8_t *)"M\xfcller", 7, NULL), 0);
	assert_int_equal(dcb_charset_check_text(DCB_CS_DEFAULT, (const uint8_t *)"Muller", 6, NULL),
	                 0);
	assert_int_equal(dcb_charset_check_text(DCB_CS_SINGLE, (const uint8_t *)"\x1b$B", 3, &pos),
	                 DCB_F_CHARSET_ESCAPE);
	assert_int_equal(pos, 0);
	assert_int_equal(dcb_charset_check_text(DCB_CS_ISO2022, (const uint8_t *)"\x1b$B", 3, NULL),
	                 0);
	assert_int_equal(dcb_charset_check_text(DCB_CS_UTF8, (const uint8_t *)"M\xfcller", 7, &pos),
	                 DCB_F_CHARSET_BAD_UTF8);
	assert_int_equal(
	    dcb_charset_check_text(DCB_CS_UTF8, (const uint8_t *)"M\xc3\xbcller", 8, NULL), 0);
	/* truncated sequence and surrogate */
	assert_int_equal(dcb_charset_check_text(DCB_CS_UTF8, (const uint8_t *)"\xe2\x82", 2, NULL),
	                 DCB_F_CHARSET_BAD_UTF8);
	assert_int_equal(
	    dcb_charset_check_text(DCB_CS_UTF8, (const uint8_t *)"\xed\xa0\x80", 3, NULL),
	    DCB_F_CHARSET_BAD_UTF8);
	assert_true(dcb_vr_uses_charset("PN"));
	assert_false(dcb_vr_uses_charset("CS"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ui_chars),
	    cmocka_unit_test(ui_length),
	    cmocka_unit_test(ui_leading_zero),
	    cmocka_unit_test(ui_padding),
	    cmocka_unit_test(ui_empty_component),
	    cmocka_unit_test(ui_multi_valued),
	    cmocka_unit_test(da_format),
	    cmocka_unit_test(tm_format),
	    cmocka_unit_test(dt_format),
	    cmocka_unit_test(as_format),
	    cmocka_unit_test(is_format),
	    cmocka_unit_test(ds_format),
	    cmocka_unit_test(value_too_long),
	    cmocka_unit_test(value_chars),
	    cmocka_unit_test(pn_components),
	    cmocka_unit_test(binary_length),
	    cmocka_unit_test(text_nul_padding),
	    cmocka_unit_test(ae_all_spaces),
	    cmocka_unit_test(unknown_vr_has_no_rules),
	    cmocka_unit_test(multiplicity),
	    cmocka_unit_test(vr_matches),
	    cmocka_unit_test(vm_allows),
	    cmocka_unit_test(charset_unknown),
	    cmocka_unit_test(charset_multi),
	    cmocka_unit_test(charset_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
