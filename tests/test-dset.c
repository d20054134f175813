/* test-dset.c — data sets held in memory: building, encoding in both
 * syntaxes, decoding (undefined lengths too), lookups, limits, bad input. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dcb-limits.h"
#include "../src/dict.h"
#include "../src/dset.h"
#include "../src/lewriter.h"

#define PATIENT_NAME DCB_TAG(0x0010, 0x0010)
#define PATIENT_ID DCB_TAG(0x0010, 0x0020)
#define BIRTH_DATE DCB_TAG(0x0010, 0x0030)
#define STUDY_UID DCB_TAG(0x0020, 0x000d)
#define ROWS DCB_TAG(0x0028, 0x0010)
#define SPS_SEQ DCB_TAG(0x0040, 0x0100)
#define MODALITY DCB_TAG(0x0008, 0x0060)
#define SPS_DATE DCB_TAG(0x0040, 0x0002)
#define PROTOCOL_SEQ DCB_TAG(0x0040, 0x0008)
#define CODE_VALUE DCB_TAG(0x0008, 0x0100)
#define REF_STUDY_SEQ DCB_TAG(0x0008, 0x1110)
#define COMMENTS DCB_TAG(0x0020, 0x4000)  /* LT */
#define GROUP_LENGTH DCB_TAG(0x0009, 0x0000)

static const enum dcb_dset_syntax syntaxes[] = {DCB_DSET_IMPLICIT_LE, DCB_DSET_EXPLICIT_LE};

/* A worklist answer: strings of odd and even length, a US, an empty
 * value, an empty sequence, and sequences two levels deep. */
static struct dcb_dset *
worklist(void)
{
	struct dcb_error err;
	struct dcb_dset *ds = dcb_dset_new(), *sps, *code;

	assert_non_null(ds);
	/* put out of order on purpose: kept ascending */
	assert_int_equal(dcb_dset_put_str(ds, STUDY_UID, "UI", "1.2.3.4.5", &err), 0);
	assert_int_equal(dcb_dset_put_str(ds, PATIENT_NAME, "PN", "Doe^Jane", &err), 0);
	assert_int_equal(dcb_dset_put_str(ds, PATIENT_ID, "LO", "123", &err), 0);
	assert_int_equal(dcb_dset_put_str(ds, BIRTH_DATE, "DA", "", &err), 0);
	assert_int_equal(dcb_dset_put_u16(ds, ROWS, 512, &err), 0);
	assert_int_equal(dcb_dset_put_seq(ds, REF_STUDY_SEQ, &err), 0);
	sps = dcb_dset_seq_add_item(ds, SPS_SEQ, &err);
	assert_non_null(sps);
	assert_int_equal(dcb_dset_put_str(sps, MODALITY, "CS", "CT", &err), 0);
	assert_int_equal(dcb_dset_put_str(sps, SPS_DATE, "DA", "20261204", &err), 0);
	code = dcb_dset_seq_add_item(sps, PROTOCOL_SEQ, &err);
	assert_non_null(code);
	assert_int_equal(dcb_dset_put_str(code, CODE_VALUE, "SH", "XR1", &err), 0);
	code = dcb_dset_seq_add_item(sps, PROTOCOL_SEQ, &err);
	assert_non_null(code);
	assert_int_equal(dcb_dset_put_str(code, CODE_VALUE, "SH", "XR22", &err), 0);
	assert_non_null(dcb_dset_seq_add_item(ds, SPS_SEQ, &err)); /* an empty item */
	return ds;
}

static uint8_t *
encode(const struct dcb_dset *ds, enum dcb_dset_syntax syn, size_t *len)
{
	struct dcb_error err = {0};
	uint8_t *buf;

	if (dcb_dset_encode_alloc(ds, syn, &buf, len, &err) != 0)
		fail_msg("encode: %s", err.message);
	return buf;
}

static struct dcb_dset *
decode(const uint8_t *buf, size_t len, enum dcb_dset_syntax syn)
{
	struct dcb_error err = {0};
	struct dcb_dset *ds;

	if (dcb_dset_decode(buf, len, syn, &ds, &err) != 0)
		fail_msg("decode: %s", err.message);
	return ds;
}

static void
expect_decode(const uint8_t *buf, size_t len, enum dcb_dset_syntax syn, int code,
              const char *needle, int64_t offset)
{
	struct dcb_error err = {0};
	struct dcb_dset *ds = (struct dcb_dset *)&err;
	int rc = dcb_dset_decode(buf, len, syn, &ds, &err);

	if (rc != code)
		fail_msg("expected %d, got %d (%s)", code, rc, err.message);
	if (rc != 0) {
		assert_null(ds);
		if (strstr(err.message, needle) == NULL)
			fail_msg("\"%s\" lacks \"%s\"", err.message, needle);
		assert_int_equal(err.offset, offset);
	}
	dcb_dset_free(ds);
}

static void
round_trip_both_syntaxes(void **state)
{
	struct dcb_dset *ds = worklist();

	for (size_t s = 0; s < 2; s++) {
		size_t n, m;
		uint8_t *a = encode(ds, syntaxes[s], &n), *b;
		struct dcb_dset *back = decode(a, n, syntaxes[s]);
		char text[80];
		uint16_t rows;

		assert_int_equal(dcb_dset_notes(back), 0);

		/* The same bytes once more, and the same values. */
		b = encode(back, syntaxes[s], &m);
		assert_int_equal(m, n);
		assert_memory_equal(a, b, n);
		assert_int_equal(dcb_dset_count(back), 7);
		assert_int_equal(dcb_dset_get_str(back, PATIENT_ID, text, sizeof text), 3);
		assert_string_equal(text, "123");
		assert_int_equal(dcb_dset_get_str(back, STUDY_UID, text, sizeof text), 9);
		assert_string_equal(text, "1.2.3.4.5");
		assert_int_equal(dcb_dset_get_str(back, BIRTH_DATE, text, sizeof text), 0);
		assert_int_equal(dcb_dset_get_u16(back, ROWS, &rows), 0);
		assert_int_equal(rows, 512);
		assert_string_equal(dcb_dset_get(back, PATIENT_NAME)->vr, "PN");
		assert_string_equal(dcb_dset_get(back, REF_STUDY_SEQ)->vr, "SQ");
		assert_int_equal(dcb_dset_get(back, REF_STUDY_SEQ)->n_items, 0);
		assert_int_equal(dcb_dset_get(back, SPS_SEQ)->n_items, 2);
		assert_int_equal(dcb_dset_count(dcb_dset_item(back, SPS_SEQ, 1)), 0);
		assert_null(dcb_dset_item(back, SPS_SEQ, 2));
		assert_int_equal(dcb_dset_get_str(dcb_dset_item(dcb_dset_item(back, SPS_SEQ, 0),
		                                                PROTOCOL_SEQ, 1),
		                                  CODE_VALUE, text, sizeof text),
		                 4);
		assert_string_equal(text, "XR22");
		free(a);
		free(b);
		dcb_dset_free(back);
	}
	dcb_dset_free(ds);
}

/* Byte by byte: ascending tags, even lengths, the padding of each VR. */
static void
bytes_and_padding(void **state)
{
	struct dcb_error err;
	struct dcb_dset *ds = dcb_dset_new();
	uint8_t buf[256];
	static const uint8_t explicit_le[] = {
		0x10, 0x00, 0x10, 0x00, 'P', 'N', 4, 0, 'A', '^', 'B', ' ',
		0x10, 0x00, 0x20, 0x00, 'L', 'O', 4, 0, '1', '2', '3', ' ',
		0x20, 0x00, 0x0d, 0x00, 'U', 'I', 4, 0, '1', '.', '2', 0,
		0x40, 0x00, 0x00, 0x01, 'S', 'Q', 0, 0, 20, 0, 0, 0,
		0xfe, 0xff, 0x00, 0xe0, 12, 0, 0, 0,
		0x08, 0x00, 0x60, 0x00, 'C', 'S', 4, 0, 'M', 'R', ' ', ' ',
		0x42, 0x00, 0x11, 0x00, 'O', 'B', 0, 0, 2, 0, 0, 0, 0xab, 0,
	};
	static const uint8_t implicit_le[] = {
		0x10, 0x00, 0x10, 0x00, 4, 0, 0, 0, 'A', '^', 'B', ' ',
	};
	struct dcb_dset *item;

	assert_int_equal(dcb_dset_put(ds, DCB_TAG(0x0042, 0x0011), "OB", "\xab", 1, &err), 0);
	assert_int_equal(dcb_dset_put_str(ds, STUDY_UID, "UI", "1.2", &err), 0);
	assert_int_equal(dcb_dset_put_str(ds, PATIENT_ID, "LO", "123", &err), 0);
	assert_int_equal(dcb_dset_put_str(ds, PATIENT_NAME, "PN", "A^B", &err), 0);
	item = dcb_dset_seq_add_item(ds, SPS_SEQ, &err);
	assert_int_equal(dcb_dset_put_str(item, MODALITY, "CS", "MR  ", &err), 0);
	assert_int_equal(dcb_dset_encode(ds, DCB_DSET_EXPLICIT_LE, buf, sizeof buf, &err),
	                 sizeof explicit_le);
	assert_memory_equal(buf, explicit_le, sizeof explicit_le);
	/* implicit: the long headers of SQ and OB are 4 bytes shorter */
	assert_int_equal(dcb_dset_encoded_size(ds, DCB_DSET_IMPLICIT_LE, &err),
	                 sizeof explicit_le - 8);
	assert_int_equal(dcb_dset_encode(ds, DCB_DSET_IMPLICIT_LE, buf, sizeof buf, &err),
	                 sizeof explicit_le - 8);
	assert_memory_equal(buf, implicit_le, sizeof implicit_le);
	/* Too small a buffer. */
	assert_int_equal(dcb_dset_encode(ds, DCB_DSET_EXPLICIT_LE, buf, 20, &err), DCB_ERR_LIMIT);
	assert_non_null(strstr(err.message, "needs 82 bytes"));
	/* Replacing an element keeps one; the sequence by a value too. */
	assert_int_equal(dcb_dset_put_str(ds, PATIENT_ID, "LO", "9", &err), 0);
	assert_int_equal(dcb_dset_put_u32(ds, SPS_SEQ, 7, &err), 0);
	assert_int_equal(dcb_dset_count(ds), 5);
	assert_string_equal(dcb_dset_nth(ds, 3)->vr, "UL");
	assert_null(dcb_dset_nth(ds, 5));
	dcb_dset_free(ds);
}

static void
lookups(void **state)
{
	struct dcb_error err;
	struct dcb_dset *ds = dcb_dset_new();
	char small[4], text[32];
	uint16_t u16;
	uint32_t u32;
	enum dcb_dset_syntax syn;

	dcb_dset_put_str(ds, PATIENT_NAME, "PN", "  Doe^J \0", &err);
	dcb_dset_put_str(ds, COMMENTS, "LT", "  indented  ", &err);
	dcb_dset_put(ds, ROWS, "US", "\x01", 1, &err);
	dcb_dset_put_u32(ds, GROUP_LENGTH, 0x01020304, &err);
	assert_int_equal(dcb_dset_get_str(ds, PATIENT_NAME, text, sizeof text), 5);
	assert_string_equal(text, "Doe^J");
	assert_int_equal(dcb_dset_get_str(ds, COMMENTS, text, sizeof text), 10);
	assert_string_equal(text, "  indented");
	assert_int_equal(dcb_dset_get_str(ds, COMMENTS, small, sizeof small), DCB_ERR_LIMIT);
	assert_string_equal(small, "  i");
	assert_int_equal(dcb_dset_get_str(ds, PATIENT_ID, text, sizeof text), DCB_ERR_NOTFOUND);
	assert_int_equal(dcb_dset_get_u16(ds, ROWS, &u16), DCB_ERR_MALFORMED);
	assert_int_equal(dcb_dset_get_u32(ds, GROUP_LENGTH, &u32), 0);
	assert_int_equal(u32, 0x01020304);
	assert_int_equal(dcb_dset_get_u32(ds, STUDY_UID, &u32), DCB_ERR_NOTFOUND);
	assert_int_equal(dcb_dset_syntax_of("1.2.840.10008.1.2", &syn), 0);
	assert_int_equal(syn, DCB_DSET_IMPLICIT_LE);
	assert_int_equal(dcb_dset_syntax_of("1.2.840.10008.1.2.1", &syn), 0);
	assert_int_equal(syn, DCB_DSET_EXPLICIT_LE);
	assert_int_equal(dcb_dset_syntax_of("1.2.840.10008.1.2.2", &syn), DCB_ERR_UNSUPPORTED);
	/* What cannot be put. */
	assert_int_equal(dcb_dset_put_str(ds, PATIENT_ID, "XX", "1", &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "not a VR"));
	assert_int_equal(dcb_dset_put_str(ds, PATIENT_ID, "SQ", "1", &err), DCB_ERR_USAGE);
	assert_int_equal(dcb_dset_put_str(ds, DCB_TAG(0xfffe, 0xe000), "LO", "1", &err),
	                 DCB_ERR_USAGE);
	assert_null(dcb_dset_seq_add_item(ds, DCB_TAG(0xfffe, 0xe0dd), &err));
	assert_int_equal(err.code, DCB_ERR_USAGE);
	dcb_dset_free(ds);
}

/* Appends an element header (implicit VR LE). */
static size_t
hdr(uint8_t *b, size_t at, uint16_t g, uint16_t e, uint32_t len)
{
	struct dcb_lew w = {b, SIZE_MAX, at};

	dcb_lew_put16(&w, g);
	dcb_lew_put16(&w, e);
	dcb_lew_put32(&w, len);
	return w.off;
}

static size_t
bytes(uint8_t *b, size_t at, const void *v, size_t n)
{
	memcpy(b + at, v, n);
	return at + n;
}

#define U 0xffffffffu

static void
undefined_lengths(void **state)
{
	uint8_t b[256];
	size_t n;
	struct dcb_dset *ds;
	char text[16];

	/* Implicit: a sequence (dictionary SQ) and an item of undefined length,
	 * then a private element of undefined length (a sequence too). */
	n = hdr(b, 0, 0x0040, 0x0100, U);
	n = hdr(b, n, 0xfffe, 0xe000, U);
	n = hdr(b, n, 0x0008, 0x0060, 2);
	n = bytes(b, n, "CT", 2);
	n = hdr(b, n, 0xfffe, 0xe00d, 0);
	n = hdr(b, n, 0xfffe, 0xe000, 10);
	n = hdr(b, n, 0x0008, 0x0060, 2);
	n = bytes(b, n, "MR", 2);
	n = hdr(b, n, 0xfffe, 0xe0dd, 0);
	n = hdr(b, n, 0x0041, 0x1010, U);
	n = hdr(b, n, 0xfffe, 0xe0dd, 0);
	ds = decode(b, n, DCB_DSET_IMPLICIT_LE);
	assert_int_equal(dcb_dset_notes(ds), DCB_DSET_NOTE_UNDEFINED_LENGTH);
	assert_int_equal(dcb_dset_get(ds, SPS_SEQ)->n_items, 2);
	assert_int_equal(dcb_dset_get_str(dcb_dset_item(ds, SPS_SEQ, 1), MODALITY, text,
	                                  sizeof text),
	                 2);
	assert_string_equal(text, "MR");
	assert_string_equal(dcb_dset_get(ds, DCB_TAG(0x0041, 0x1010))->vr, "SQ");
	dcb_dset_free(ds);

	/* Explicit: SQ of undefined length, and UN of undefined length whose
	 * items are implicit VR. */
	n = bytes(b, 0, "\x40\x00\x00\x01SQ\0\0\xff\xff\xff\xff", 12);
	n = hdr(b, n, 0xfffe, 0xe000, U);
	n = bytes(b, n, "\x08\x00\x60\x00" "CS\x02\x00" "CT", 10);
	n = hdr(b, n, 0xfffe, 0xe00d, 0);
	n = hdr(b, n, 0xfffe, 0xe0dd, 0);
	n = bytes(b, n, "\x41\x00\x10\x10UN\0\0\xff\xff\xff\xff", 12);
	n = hdr(b, n, 0xfffe, 0xe000, 10);
	n = hdr(b, n, 0x0008, 0x0060, 2);
	n = bytes(b, n, "US", 2);
	n = hdr(b, n, 0xfffe, 0xe0dd, 0);
	ds = decode(b, n, DCB_DSET_EXPLICIT_LE);
	assert_int_equal(dcb_dset_get_str(dcb_dset_item(ds, SPS_SEQ, 0), MODALITY, text,
	                                  sizeof text),
	                 2);
	assert_string_equal(text, "CT");
	assert_int_equal(dcb_dset_get_str(dcb_dset_item(ds, DCB_TAG(0x0041, 0x1010), 0),
	                                  MODALITY, text, sizeof text),
	                 2);
	assert_string_equal(text, "US");
	assert_string_equal(dcb_dset_get(dcb_dset_item(ds, DCB_TAG(0x0041, 0x1010), 0),
	                                 MODALITY)->vr,
	                    "CS");
	dcb_dset_free(ds);
}

/* Tags out of order and odd lengths are accepted, and noted. */
static void
tolerated_oddities(void **state)
{
	uint8_t b[64];
	size_t n;
	struct dcb_dset *ds;
	char text[8];

	n = hdr(b, 0, 0x0010, 0x0020, 3);
	n = bytes(b, n, "123", 3);
	n = hdr(b, n, 0x0010, 0x0010, 4);
	n = bytes(b, n, "A^B ", 4);
	ds = decode(b, n, DCB_DSET_IMPLICIT_LE);
	assert_int_equal(dcb_dset_notes(ds), DCB_DSET_NOTE_ORDER | DCB_DSET_NOTE_ODD_LENGTH);
	assert_int_equal(dcb_dset_nth(ds, 0)->tag, PATIENT_NAME);
	assert_int_equal(dcb_dset_get_str(ds, PATIENT_ID, text, sizeof text), 3);
	dcb_dset_free(ds);
}

static void
malformed_input(void **state)
{
	uint8_t b[256];
	size_t n;

	/* A length past the end, at the top and inside an item. */
	n = hdr(b, 0, 0x0010, 0x0010, 4);
	n = bytes(b, n, "A^B ", 4);
	n = hdr(b, n, 0x0010, 0x0020, 0x7ffffff0);
	expect_decode(b, n, DCB_DSET_IMPLICIT_LE, DCB_ERR_TRUNCATED,
	              "(0010,0020) at offset 12 has length 2147483632", 12);
	n = hdr(b, 0, 0x0040, 0x0100, 20);
	n = hdr(b, n, 0xfffe, 0xe000, 12);
	n = hdr(b, n, 0x0008, 0x0060, 6); /* runs out of its item */
	n = bytes(b, n, "CTCTCT", 6);
	expect_decode(b, n, DCB_DSET_IMPLICIT_LE, DCB_ERR_TRUNCATED, "(0008,0060) at offset 16",
	              16);
	/* An item header cut short; an element header cut short. */
	n = hdr(b, 0, 0x0040, 0x0100, U);
	n = hdr(b, n, 0xfffe, 0xe000, U);
	expect_decode(b, 12, DCB_DSET_IMPLICIT_LE, DCB_ERR_TRUNCATED, "item header", 8);
	expect_decode(b, 5, DCB_DSET_IMPLICIT_LE, DCB_ERR_TRUNCATED, "(5 of 8 bytes)", 0);
	bytes(b, 0, "\x42\x00\x11\x00OB\0\0\4\0\0\0", 12);
	expect_decode(b, 10, DCB_DSET_EXPLICIT_LE, DCB_ERR_TRUNCATED, "(10 of 12 bytes)", 0);
	/* An item without a sequence; a stray delimiter. */
	n = hdr(b, 0, 0xfffe, 0xe000, 0);
	expect_decode(b, n, DCB_DSET_IMPLICIT_LE, DCB_ERR_MALFORMED,
	              "item (FFFE,E000) at offset 0 outside a sequence", 0);
	expect_decode(b, n, DCB_DSET_EXPLICIT_LE, DCB_ERR_MALFORMED, "outside a sequence", 0);
	n = hdr(b, 0, 0xfffe, 0xe0dd, 0);
	expect_decode(b, n, DCB_DSET_IMPLICIT_LE, DCB_ERR_MALFORMED, "nothing to end", 0);
	/* An element where items belong. */
	n = hdr(b, 0, 0x0040, 0x0100, U);
	n = hdr(b, n, 0x0008, 0x0060, 0);
	expect_decode(b, n, DCB_DSET_IMPLICIT_LE, DCB_ERR_MALFORMED,
	              "(0008,0060) at offset 8 inside sequence (0040,0100)", 8);
	/* Missing delimiters. */
	n = hdr(b, 0, 0x0040, 0x0100, U);
	n = hdr(b, n, 0xfffe, 0xe000, 0);
	expect_decode(b, n, DCB_DSET_IMPLICIT_LE, DCB_ERR_TRUNCATED, "no delimiter (FFFE,E0DD)",
	              0);
	n = hdr(b, 0, 0x0040, 0x0100, U);
	n = hdr(b, n, 0xfffe, 0xe000, U);
	n = hdr(b, n, 0x0008, 0x0060, 0);
	expect_decode(b, n, DCB_DSET_IMPLICIT_LE, DCB_ERR_TRUNCATED,
	              "without its delimiter (FFFE,E00D)", 8);
	/* The same tag twice; an unknown VR; encapsulated pixel data. */
	n = hdr(b, 0, 0x0010, 0x0020, 0);
	n = hdr(b, n, 0x0010, 0x0020, 0);
	expect_decode(b, n, DCB_DSET_IMPLICIT_LE, DCB_ERR_MALFORMED, "appears twice", 8);
	n = bytes(b, 0, "\x10\x00\x20\x00" "lo\x00\x00", 8);
	expect_decode(b, n, DCB_DSET_EXPLICIT_LE, DCB_ERR_MALFORMED, "VR 0x6C6F", 0);
	n = bytes(b, 0, "\xe0\x7f\x10\x00OB\0\0\xff\xff\xff\xff", 12);
	expect_decode(b, n, DCB_DSET_EXPLICIT_LE, DCB_ERR_UNSUPPORTED, "undefined length", 0);
	/* Empty input is an empty data set. */
	expect_decode(b, 0, DCB_DSET_EXPLICIT_LE, 0, NULL, 0);
}

static void
depth_limit(void **state)
{
	struct dcb_error err;
	struct dcb_dset *ds = dcb_dset_new(), *at = ds;
	uint8_t *b = malloc(32 * 16);
	size_t n = 0;

	/* Built: DCB_DSET_MAX_DEPTH levels of items, and not one more. */
	for (int i = 0; i < DCB_DSET_MAX_DEPTH; i++) {
		at = dcb_dset_seq_add_item(at, SPS_SEQ, &err);
		assert_non_null(at);
	}
	assert_null(dcb_dset_seq_add_item(at, SPS_SEQ, &err));
	assert_int_equal(err.code, DCB_ERR_LIMIT);
	assert_non_null(strstr(err.message, "17 deep"));
	/* ... and it encodes and decodes. */
	{
		size_t len;
		uint8_t *enc = encode(ds, DCB_DSET_EXPLICIT_LE, &len);

		dcb_dset_free(decode(enc, len, DCB_DSET_EXPLICIT_LE));
		free(enc);
	}
	dcb_dset_free(ds);
	/* Decoded: one level too deep, with where. */
	for (int i = 0; i <= DCB_DSET_MAX_DEPTH; i++) {
		n = hdr(b, n, 0x0040, 0x0100, U);
		n = hdr(b, n, 0xfffe, 0xe000, U);
	}
	expect_decode(b, n, DCB_DSET_IMPLICIT_LE, DCB_ERR_LIMIT,
	              "an item of sequence (0040,0100) at offset 264 nests items 17 deep", 264);
	free(b);
}

static void
size_limits(void **state)
{
	struct dcb_error err;
	struct dcb_dset *ds = dcb_dset_new();
	uint8_t *big = calloc(1, DCB_DSET_MAX_BYTES + 16);
	uint8_t *b;
	size_t n = 0;

	/* Elements. */
	for (uint32_t i = 0; i < DCB_DSET_MAX_ELEMENTS; i++)
		assert_int_equal(dcb_dset_put_u16(ds, DCB_TAG(0x0009, 0x1000 + i), 1, &err), 0);
	assert_int_equal(dcb_dset_put_u16(ds, DCB_TAG(0x0011, 0x1000), 1, &err), DCB_ERR_LIMIT);
	assert_non_null(strstr(err.message, "(0011,1000)"));
	assert_non_null(strstr(err.message, "8192"));
	assert_int_equal(dcb_dset_put_u16(ds, DCB_TAG(0x0009, 0x1000), 2, &err), DCB_ERR_LIMIT);
	dcb_dset_free(ds);
	b = malloc(10 * (DCB_DSET_MAX_ELEMENTS + 1));
	for (uint32_t i = 0; i <= DCB_DSET_MAX_ELEMENTS; i++) {
		n = hdr(b, n, 0x0009, (uint16_t)(0x1000 + i), 2);
		n = bytes(b, n, "\1\0", 2);
	}
	expect_decode(b, n, DCB_DSET_IMPLICIT_LE, DCB_ERR_LIMIT,
	              "element (0009,3000) at offset 81920 is one more than the 8192", 81920);
	free(b);
	/* Bytes: input, and values. */
	expect_decode(big, DCB_DSET_MAX_BYTES + 1, DCB_DSET_IMPLICIT_LE, DCB_ERR_LIMIT,
	              "at most 1048576 are accepted", 0);
	ds = dcb_dset_new();
	assert_int_equal(dcb_dset_put(ds, DCB_TAG(0x0009, 0x1010), "OB", big, DCB_DSET_MAX_BYTES,
	                              &err),
	                 0);
	assert_int_equal(dcb_dset_put(ds, DCB_TAG(0x0009, 0x1011), "OB", big, 1, &err),
	                 DCB_ERR_LIMIT);
	assert_non_null(strstr(err.message, "larger than 1048576 bytes"));
	dcb_dset_free(ds);
	/* A value too long for a 16-bit length: refused when put, and when an
	 * implicit one is written as explicit. */
	ds = dcb_dset_new();
	assert_int_equal(dcb_dset_put(ds, PATIENT_ID, "LO", big, 70000, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "a LO value has at most 65534"));
	dcb_dset_free(ds);
	n = hdr(big, 0, 0x0010, 0x0020, 70000);
	ds = decode(big, n + 70000, DCB_DSET_IMPLICIT_LE);
	assert_int_equal(dcb_dset_encoded_size(ds, DCB_DSET_EXPLICIT_LE, &err), DCB_ERR_LIMIT);
	assert_non_null(strstr(err.message, "(0010,0020) LO has 70000 bytes"));
	assert_int_equal(dcb_dset_encoded_size(ds, DCB_DSET_IMPLICIT_LE, &err), 70008);
	dcb_dset_free(ds);
	free(big);
}

/* A copy holds the same elements, items and nested items, and encodes to
 * the same bytes; changing the copy leaves the original as it was. */
static void
copy_is_deep(void **state)
{
	struct dcb_dset *a = dcb_dset_new(), *b = dcb_dset_new(), *item, *inner;
	uint8_t *ea, *eb;
	size_t na, nb;
	char v[16];

	(void)state;
	assert_int_equal(dcb_dset_put_str(a, 0x00100010, "PN", "DOE^J", NULL), 0);
	item = dcb_dset_seq_add_item(a, 0x00400100, NULL);
	assert_int_equal(dcb_dset_put_str(item, 0x00080060, "CS", "CT", NULL), 0);
	inner = dcb_dset_seq_add_item(item, 0x00400008, NULL);
	assert_int_equal(dcb_dset_put_str(inner, 0x00080100, "SH", "X1", NULL), 0);
	assert_int_equal(dcb_dset_put_seq(a, 0x00081110, NULL), 0);
	assert_int_equal(dcb_dset_copy_into(b, a, NULL), 0);
	assert_int_equal(dcb_dset_encode_alloc(a, DCB_DSET_EXPLICIT_LE, &ea, &na, NULL), 0);
	assert_int_equal(dcb_dset_encode_alloc(b, DCB_DSET_EXPLICIT_LE, &eb, &nb, NULL), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(ea, eb, na);
	assert_int_equal(dcb_dset_put_str(dcb_dset_item(dcb_dset_item(b, 0x00400100, 0), 0x00400008, 0),
	                                  0x00080100, "SH", "Y2", NULL),
	                 0);
	assert_true(dcb_dset_get_str(inner, 0x00080100, v, sizeof v) > 0);
	assert_string_equal(v, "X1");
	/* removed, with its items; the rest stays */
	assert_true(dcb_dset_remove(b, 0x00400100));
	assert_false(dcb_dset_remove(b, 0x00400100));
	assert_null(dcb_dset_get(b, 0x00400100));
	assert_int_equal(dcb_dset_count(b), 2);
	assert_non_null(dcb_dset_get(b, 0x00081110));
	free(ea);
	free(eb);
	dcb_dset_free(a);
	dcb_dset_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_both_syntaxes),
		cmocka_unit_test(bytes_and_padding),
		cmocka_unit_test(lookups),
		cmocka_unit_test(undefined_lengths),
		cmocka_unit_test(tolerated_oddities),
		cmocka_unit_test(malformed_input),
		cmocka_unit_test(depth_limit),
		cmocka_unit_test(size_limits),
		cmocka_unit_test(copy_is_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
