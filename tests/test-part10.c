/* test-part10.c — the Part 10 reader: encodings, structure, meta header.
 *
 * Every input is built byte by byte (part10-build.c), in each encoding. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>

#include "../src/dict.h"
#include "../src/part10.h"
#include "part10-build.h"

/* ------------------------------------------------------------------ */
/* Encodings                                                           */
/* ------------------------------------------------------------------ */

/* b := a Part 10 file: the meta header for ts (explicit VR LE), then the
 * builder's data set in mode. */
static void
file_with_meta(struct bytes *b, const char *ts, enum mode mode)
{
	b->n = 0;
	b->mode = EXPLICIT;
	meta(b, ts);
	b->mode = mode;
	dataset(b);
}

static void
explicit_le_file(void **state)
{
	static struct bytes b;
	struct run run;

	file_with_meta(&b, "1.2.840.10008.1.2.1", EXPLICIT);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_true(run.meta.has_preamble);
	assert_true(run.meta.has_meta);
	assert_false(run.meta.ts_detected);
	assert_int_equal(run.meta.ts, DCB_TS_EXPLICIT_LE);
	assert_int_equal(run.meta.meta_offset, 132);
	assert_string_equal(run.meta.transfer_syntax_uid, "1.2.840.10008.1.2.1");
	assert_string_equal(run.meta.media_sop_class_uid, "1.2.840.10008.5.1.4.1.1.7");
	assert_string_equal(run.meta.media_sop_instance_uid, "1.2.3.4.5");
	assert_string_equal(run.meta.impl_class_uid, DCB_IMPL_CLASS_UID);
	assert_string_equal(run.meta.impl_version_name, DCB_IMPL_VERSION_NAME);
	assert_string_equal(run.meta.source_ae, "SENDER");
	/* the meta elements come first */
	expect(&run.el[0], DCB_EL_VALUE, 0x00020000, 0);
	assert_int_equal(run.el[0].offset, 132);
	assert_int_equal(run.meta.meta_group_length, run.meta.dataset_offset - 144);
	assert_int_equal(run.n, 8 + 12);
	expect(&run.el[7], DCB_EL_VALUE, 0x00020016, 0);
	assert_int_equal(run.el[8].offset, run.meta.dataset_offset);
	expect_dataset(&run, 8, true);
	assert_int_equal((unsigned char)run.el[19].value[0], 0x00);
	assert_int_equal((unsigned char)run.el[19].value[1], 0x02);
}

static void
implicit_le_file(void **state)
{
	static struct bytes b;
	struct run run;

	file_with_meta(&b, "1.2.840.10008.1.2", IMPLICIT);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.meta.ts, DCB_TS_IMPLICIT_LE);
	expect_dataset(&run, 8, false);
}

static void
explicit_be_file(void **state)
{
	static struct bytes b;
	struct run run;

	file_with_meta(&b, "1.2.840.10008.1.2.2", BIG);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.meta.ts, DCB_TS_EXPLICIT_BE);
	expect_dataset(&run, 8, true);
	/* the US value stays in file byte order */
	assert_int_equal((unsigned char)run.el[19].value[0], 0x02);
	assert_int_equal((unsigned char)run.el[19].value[1], 0x00);
}

static void
deflated_file(void **state)
{
	static struct bytes b;
	struct run run;

	build_deflated(&b, -15);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.meta.ts, DCB_TS_DEFLATED_LE);
	expect_dataset(&run, 8, true);
	/* offsets count inflated bytes after the meta header */
	assert_int_equal(run.el[8].offset, run.meta.dataset_offset);
	/* zlib-wrapped streams are accepted too */
	build_deflated(&b, 15);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	expect_dataset(&run, 8, true);
	/* corrupt compressed bytes give an error */
	build_deflated(&b, -15);
	memset(b.d + b.n - 20, 0xff, 10);
	read_all(b.d, b.n, NULL, &run);
	assert_true(run.rc < 0);
}

static void
raw_data_sets(void **state)
{
	static struct bytes b;
	struct run run;
	const enum mode modes[] = {IMPLICIT, EXPLICIT, BIG};
	const enum dcb_ts want[] = {DCB_TS_IMPLICIT_LE, DCB_TS_EXPLICIT_LE, DCB_TS_EXPLICIT_BE};

	for (int i = 0; i < 3; i++) {
		b.n = 0;
		b.mode = modes[i];
		dataset(&b);
		read_all(b.d, b.n, NULL, &run);
		assert_int_equal(run.rc, 0);
		assert_false(run.meta.has_preamble);
		assert_false(run.meta.has_meta);
		assert_true(run.meta.ts_detected);
		assert_int_equal(run.meta.ts, want[i]);
		assert_int_equal(run.meta.dataset_offset, 0);
		assert_int_equal(run.n, 12);
		expect_dataset(&run, 0, modes[i] != IMPLICIT);
	}
	/* preamble and DICM but no group 0002 */
	memset(b.d, 0, 128);
	memcpy(b.d + 128, "DICM", 4);
	b.n = 132;
	b.mode = IMPLICIT;
	dataset(&b);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_true(run.meta.has_preamble);
	assert_false(run.meta.has_meta);
	assert_true(run.meta.ts_detected);
	assert_int_equal(run.meta.dataset_offset, 132);
	expect_dataset(&run, 0, false);
}

static void
meta_without_group_length(void **state)
{
	static struct bytes b;
	struct run run;

	b.n = 0;
	b.mode = EXPLICIT;
	memset(b.d, 0, 128);
	memcpy(b.d + 128, "DICM", 4);
	b.n = 132;
	text(&b, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2");
	b.mode = IMPLICIT;
	dataset(&b);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.meta.meta_group_length, -1);
	assert_int_equal(run.meta.ts, DCB_TS_IMPLICIT_LE);
	assert_int_equal(run.meta.dataset_offset, 132 + 8 + 18);
	expect_dataset(&run, 1, false);
}

static void
meta_only_stops_after_group_0002(void **state)
{
	static struct bytes b;
	struct run run;
	struct dcb_reader_options o = {.meta_only = true};

	file_with_meta(&b, "1.2.840.10008.1.2.1", EXPLICIT);
	read_all(b.d, b.n, &o, &run);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.n, 8);
	for (int i = 0; i < run.n; i++)
		assert_int_equal(DCB_TAG_GROUP(run.el[i].tag), 0x0002);
}

/* ------------------------------------------------------------------ */
/* Structure                                                           */
/* ------------------------------------------------------------------ */

static void
defined_length_sequences(void **state)
{
	static struct bytes b;
	struct run run;

	b.n = 0;
	b.mode = EXPLICIT;
	/* SQ (2 items) > item (12 bytes) > UI "1.2"; item (0 bytes) */
	hdr(&b, 0x0008, 0x1140, "SQ", 8 + 12 + 8);
	item(&b, 12);
	text(&b, 0x0008, 0x1150, "UI", "1.2");
	item(&b, 0);
	us(&b, 0x0028, 0x0011, 7);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.n, 8);
	expect(&run.el[0], DCB_EL_SEQ_START, 0x00081140, 0);
	expect(&run.el[1], DCB_EL_ITEM_START, 0xfffee000, 1);
	expect(&run.el[2], DCB_EL_VALUE, 0x00081150, 1);
	expect(&run.el[3], DCB_EL_ITEM_END, 0xfffee00d, 1);
	assert_int_equal(run.el[3].offset, -1); /* ended by length */
	expect(&run.el[4], DCB_EL_ITEM_START, 0xfffee000, 1);
	expect(&run.el[5], DCB_EL_ITEM_END, 0xfffee00d, 1);
	/* the sequence ends by length, before the next element */
	expect(&run.el[6], DCB_EL_SEQ_END, 0xfffee0dd, 0);
	assert_int_equal(run.el[6].offset, -1);
	expect(&run.el[7], DCB_EL_VALUE, 0x00280011, 0);
}

static void
nested_sequences(void **state)
{
	static struct bytes b;
	struct run run;

	b.n = 0;
	b.mode = IMPLICIT;
	hdr(&b, 0x0008, 0x1115, "SQ", DCB_UNDEFINED_LENGTH); /* ReferencedSeriesSequence */
	item(&b, DCB_UNDEFINED_LENGTH);
	hdr(&b, 0x0008, 0x114a, "SQ", DCB_UNDEFINED_LENGTH); /* ReferencedInstanceSequence */
	item(&b, DCB_UNDEFINED_LENGTH);
	text(&b, 0x0008, 0x1155, "UI", "1.2.3");
	delim(&b, 0xe00d);
	delim(&b, 0xe0dd);
	delim(&b, 0xe00d);
	delim(&b, 0xe0dd);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.n, 9);
	expect(&run.el[2], DCB_EL_SEQ_START, 0x0008114a, 1);
	assert_string_equal(run.el[2].vr, "SQ");
	expect(&run.el[4], DCB_EL_VALUE, 0x00081155, 2);
	assert_int_equal(run.el[4].path0, 0x00081115);
	expect(&run.el[8], DCB_EL_SEQ_END, 0xfffee0dd, 0);
}

static void
encapsulated_pixel_data(void **state)
{
	static struct bytes b;
	struct run run;

	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2.4.50");
	us(&b, 0x0028, 0x0010, 4);
	hdr(&b, 0x7fe0, 0x0010, "OB", DCB_UNDEFINED_LENGTH);
	item(&b, 0); /* empty basic offset table */
	item(&b, 4);
	putn(&b, "\xff\xd8\xff\xd9", 4);
	delim(&b, 0xe0dd);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_true(run.meta.encapsulated);
	assert_int_equal(run.meta.ts, DCB_TS_EXPLICIT_LE);
	assert_int_equal(run.n, 8 + 5);
	expect(&run.el[9], DCB_EL_PIXEL_START, 0x7fe00010, 0);
	expect(&run.el[10], DCB_EL_FRAGMENT, 0xfffee000, 1);
	assert_int_equal(run.el[10].length, 0);
	expect(&run.el[11], DCB_EL_FRAGMENT, 0xfffee000, 1);
	assert_int_equal(run.el[11].item0, 2);
	assert_memory_equal(run.el[11].value, "\xff\xd8\xff\xd9", 4);
	expect(&run.el[12], DCB_EL_PIXEL_END, 0xfffee0dd, 0);
}

static void
un_and_private_elements(void **state)
{
	static struct bytes b;
	struct run run;

	/* explicit: UN of undefined length holds implicit LE items */
	b.n = 0;
	b.mode = EXPLICIT;
	text(&b, 0x0009, 0x0010, "LO", "ACME");
	hdr(&b, 0x0009, 0x1001, "UN", DCB_UNDEFINED_LENGTH);
	b.mode = IMPLICIT;
	item(&b, DCB_UNDEFINED_LENGTH);
	text(&b, 0x0010, 0x0020, "LO", "ID7"); /* implicit inside */
	delim(&b, 0xe00d);
	delim(&b, 0xe0dd);
	b.mode = EXPLICIT;
	hdr(&b, 0x0009, 0x1002, "UN", 4);
	putn(&b, "\x01\x02\x03\x04", 4);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.n, 7);
	expect(&run.el[1], DCB_EL_SEQ_START, 0x00091001, 0);
	expect(&run.el[3], DCB_EL_VALUE, 0x00100020, 1);
	assert_string_equal(run.el[3].vr, "LO");
	assert_string_equal(run.el[3].value, "ID7 ");
	expect(&run.el[6], DCB_EL_VALUE, 0x00091002, 0);
	assert_string_equal(run.el[6].vr, "UN");

	/* implicit: private creator is LO, private data UN, group length UL */
	b.n = 0;
	b.mode = IMPLICIT;
	hdr(&b, 0x0008, 0x0000, "UL", 4);
	put32(&b, 10);
	text(&b, 0x0029, 0x0010, "LO", "ACME");
	hdr(&b, 0x0029, 0x1010, "UN", 2);
	put16(&b, 1);
	hdr(&b, 0x0029, 0x1020, "UN", DCB_UNDEFINED_LENGTH); /* private SQ */
	item(&b, 0);
	delim(&b, 0xe0dd);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_string_equal(run.el[0].vr, "UL");
	assert_string_equal(run.el[1].vr, "LO");
	assert_string_equal(run.el[2].vr, "UN");
	expect(&run.el[3], DCB_EL_SEQ_START, 0x00291020, 0);
	assert_string_equal(run.el[3].vr, "SQ");
	expect(&run.el[4], DCB_EL_ITEM_START, 0xfffee000, 1);
	expect(&run.el[5], DCB_EL_ITEM_END, 0xfffee00d, 1);
	expect(&run.el[6], DCB_EL_SEQ_END, 0xfffee0dd, 0);
}

/* ------------------------------------------------------------------ */
/* Transfer syntaxes and the meta writer                               */
/* ------------------------------------------------------------------ */

static void
transfer_syntaxes(void **state)
{
	enum dcb_ts ts;
	bool enc;

	assert_true(dcb_ts_from_uid("1.2.840.10008.1.2", &ts, &enc));
	assert_int_equal(ts, DCB_TS_IMPLICIT_LE);
	assert_false(enc);
	assert_true(dcb_ts_from_uid("1.2.840.10008.1.2.1\0", &ts, &enc));
	assert_int_equal(ts, DCB_TS_EXPLICIT_LE);
	assert_true(dcb_ts_from_uid("1.2.840.10008.1.2.2", &ts, &enc));
	assert_int_equal(ts, DCB_TS_EXPLICIT_BE);
	assert_true(dcb_ts_from_uid("1.2.840.10008.1.2.1.99", &ts, &enc));
	assert_int_equal(ts, DCB_TS_DEFLATED_LE);
	assert_false(enc);
	assert_true(dcb_ts_from_uid("1.2.840.10008.1.2.4.50", &ts, &enc));
	assert_int_equal(ts, DCB_TS_EXPLICIT_LE);
	assert_true(enc);
	assert_true(dcb_ts_from_uid("1.2.840.10008.1.2.5 ", &ts, &enc));
	assert_true(enc);
	assert_false(dcb_ts_from_uid("1.2.840.10008.5.1.4.1.1.2", &ts, &enc));
	assert_false(dcb_ts_from_uid("1.2.3", &ts, &enc));
	assert_false(dcb_ts_from_uid(NULL, &ts, &enc));
	assert_string_equal(dcb_ts_short_name("1.2.840.10008.1.2"), "Implicit VR Little Endian");
	assert_string_equal(dcb_ts_short_name("1.2.840.10008.1.2.4.50"), "JPEG Baseline");
	assert_non_null(dcb_ts_short_name("1.2.840.10008.1.2.4.201"));
	assert_string_equal(dcb_ts_short_name("9.9"), "unknown transfer syntax");
}

static void
meta_encode_layout(void **state)
{
	uint8_t buf[512];
	long n = dcb_meta_encode(buf, sizeof buf, "1.2.840.10008.5.1.4.1.1.2", "1.2.345",
	                         "1.2.840.10008.1.2", NULL);
	uint32_t glen;

	assert_true(n > 144);
	for (int i = 0; i < 128; i++)
		assert_int_equal(buf[i], 0);
	assert_memory_equal(buf + 128, "DICM", 4);
	assert_memory_equal(buf + 132, "\x02\x00\x00\x00UL\x04\x00", 8);
	glen = (uint32_t)buf[140] | (uint32_t)buf[141] << 8 | (uint32_t)buf[142] << 16 |
	       (uint32_t)buf[143] << 24;
	assert_int_equal(glen, (uint32_t)n - 144);
	assert_memory_equal(buf + 144, "\x02\x00\x01\x00OB\x00\x00\x02\x00\x00\x00\x00\x01", 14);
	/* odd UID padded with NUL */
	assert_memory_equal(buf + 158 + 8 + 26,
	                    "\x02\x00\x03\x00UI\x08\x00"
	                    "1.2.345\0",
	                    16);
	assert_int_equal(n % 2, 0);
	/* too small, bad arguments */
	assert_int_equal(dcb_meta_encode(buf, 150, "1.2", "1.2", "1.2.840.10008.1.2", NULL),
	                 DCB_ERR_LIMIT);
	assert_int_equal(dcb_meta_encode(buf, 100, "1.2", "1.2", "1.2.840.10008.1.2", NULL),
	                 DCB_ERR_LIMIT);
	assert_int_equal(dcb_meta_encode(buf, sizeof buf, NULL, "1.2", "1.2", NULL), DCB_ERR_USAGE);
	assert_int_equal(
	    dcb_meta_encode(buf, sizeof buf, "1.2", "1.2", "1.2", "AN_AE_TITLE_THAT_IS_TOO_LONG"),
	    DCB_ERR_USAGE);
	for (size_t k = 0; k < (size_t)n; k++)
		assert_true(dcb_meta_encode(buf, k, "1.2.840.10008.5.1.4.1.1.2", "1.2.345",
		                            "1.2.840.10008.1.2", NULL) < 0);
}

static void
meta_encode_round_trip(void **state)
{
	static struct bytes b;
	struct run run;

	b.n = 0;
	b.mode = EXPLICIT;
	b.n = (size_t)dcb_meta_encode(b.d, sizeof b.d, "1.2.840.10008.5.1.4.1.1.4", "2.25.1234567",
	                              "1.2.840.10008.1.2.1", "MYAE");
	us(&b, 0x0028, 0x0010, 3);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_string_equal(run.meta.media_sop_class_uid, "1.2.840.10008.5.1.4.1.1.4");
	assert_string_equal(run.meta.media_sop_instance_uid, "2.25.1234567");
	assert_string_equal(run.meta.transfer_syntax_uid, "1.2.840.10008.1.2.1");
	assert_string_equal(run.meta.source_ae, "MYAE");
	assert_int_equal(run.meta.meta_group_length + 144, run.meta.dataset_offset);
	expect(&run.el[1], DCB_EL_VALUE, 0x00020001, 0);
	assert_string_equal(run.el[1].vr, "OB");
	assert_memory_equal(run.el[1].value, "\x00\x01", 2);
	expect(&run.el[run.n - 1], DCB_EL_VALUE, 0x00280010, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(explicit_le_file),
	    cmocka_unit_test(implicit_le_file),
	    cmocka_unit_test(explicit_be_file),
	    cmocka_unit_test(deflated_file),
	    cmocka_unit_test(raw_data_sets),
	    cmocka_unit_test(meta_without_group_length),
	    cmocka_unit_test(meta_only_stops_after_group_0002),
	    cmocka_unit_test(defined_length_sequences),
	    cmocka_unit_test(nested_sequences),
	    cmocka_unit_test(encapsulated_pixel_data),
	    cmocka_unit_test(un_and_private_elements),
	    cmocka_unit_test(transfer_syntaxes),
	    cmocka_unit_test(meta_encode_layout),
	    cmocka_unit_test(meta_encode_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
