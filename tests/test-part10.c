/* test-part10.c — the Part 10 reader and the meta header writer.
 *
 * Every input is built here, byte by byte, in each encoding. */
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

/* ------------------------------------------------------------------ */
/* Building inputs                                                     */
/* ------------------------------------------------------------------ */

enum mode { IMPLICIT, EXPLICIT, BIG };

struct bytes {
	uint8_t d[16384];
	size_t n;
	enum mode mode;
};

static void
put8(struct bytes *b, uint8_t v)
{
	assert_true(b->n < sizeof b->d);
	b->d[b->n++] = v;
}

static void
put16(struct bytes *b, uint16_t v)
{
	if (b->mode == BIG) {
		put8(b, (uint8_t)(v >> 8));
		put8(b, (uint8_t)v);
	} else {
		put8(b, (uint8_t)v);
		put8(b, (uint8_t)(v >> 8));
	}
}

static void
put32(struct bytes *b, uint32_t v)
{
	if (b->mode == BIG) {
		put16(b, (uint16_t)(v >> 16));
		put16(b, (uint16_t)v);
	} else {
		put16(b, (uint16_t)v);
		put16(b, (uint16_t)(v >> 16));
	}
}

static void
putn(struct bytes *b, const void *p, size_t n)
{
	assert_true(b->n + n <= sizeof b->d);
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static bool
long_vr(const char *vr)
{
	return strstr("OB OD OF OL OV OW SQ SV UC UN UR UT UV", vr) != NULL;
}

/* An element header in the builder's mode. */
static void
hdr(struct bytes *b, uint16_t g, uint16_t e, const char *vr, uint32_t len)
{
	put16(b, g);
	put16(b, e);
	if (b->mode == IMPLICIT) {
		put32(b, len);
	} else if (long_vr(vr)) {
		putn(b, vr, 2);
		put16(b, 0);
		put32(b, len);
	} else {
		putn(b, vr, 2);
		put16(b, (uint16_t)len);
	}
}

/* A text element, padded to even length. */
static void
text(struct bytes *b, uint16_t g, uint16_t e, const char *vr, const char *s)
{
	size_t n = strlen(s);

	hdr(b, g, e, vr, (uint32_t)(n + (n & 1)));
	putn(b, s, n);
	if (n & 1)
		put8(b, strcmp(vr, "UI") == 0 ? 0 : ' ');
}

static void
us(struct bytes *b, uint16_t g, uint16_t e, uint16_t v)
{
	hdr(b, g, e, "US", 2);
	put16(b, v);
}

static void
item(struct bytes *b, uint32_t len)
{
	put16(b, 0xfffe);
	put16(b, 0xe000);
	put32(b, len);
}

static void
delim(struct bytes *b, uint16_t e)
{
	put16(b, 0xfffe);
	put16(b, e);
	put32(b, 0);
}

/* Preamble, DICM and a meta header for ts (via dcb_meta_encode). */
static void
meta(struct bytes *b, const char *ts)
{
	long n = dcb_meta_encode(b->d + b->n, sizeof b->d - b->n, "1.2.840.10008.5.1.4.1.1.7",
	                         "1.2.3.4.5", ts, "SENDER");

	assert_true(n > 132);
	b->n += (size_t)n;
}

/* A small data set with a nested undefined-length sequence. */
static void
dataset(struct bytes *b)
{
	text(b, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7");
	text(b, 0x0008, 0x0018, "UI", "1.2.3.4.5");
	text(b, 0x0010, 0x0010, "PN", "Doe^Jane");
	hdr(b, 0x0040, 0x0275, "SQ", DCB_UNDEFINED_LENGTH);   /* RequestAttributesSequence */
	item(b, DCB_UNDEFINED_LENGTH);
	text(b, 0x0040, 0x1001, "SH", "RP1");
	delim(b, 0xe00d);
	item(b, DCB_UNDEFINED_LENGTH);
	text(b, 0x0040, 0x1001, "SH", "RP2");
	delim(b, 0xe00d);
	delim(b, 0xe0dd);
	us(b, 0x0028, 0x0010, 512);
}

static int
fd_of(const uint8_t *d, size_t n)
{
	FILE *f = tmpfile();
	int fd;

	assert_non_null(f);
	fd = dup(fileno(f));
	fclose(f);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, d, n), (ssize_t)n);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* What one element looked like, for comparisons. */
struct seen {
	enum dcb_el_kind kind;
	uint32_t tag;
	char vr[3];
	uint32_t length;
	unsigned depth;
	int64_t offset;
	char value[64];
	bool loaded;
	uint32_t path0;
	uint32_t item0;
};

struct run {
	struct seen el[200];
	int n;
	int rc;              /* last return of next(), or of open */
	struct dcb_error err;
	struct dcb_meta meta;
};

/* Reads every element of d[0..n); stops at the first error. */
static void
read_all(const uint8_t *d, size_t n, const struct dcb_reader_options *opts, struct run *run)
{
	int fd = fd_of(d, n);
	struct dcb_reader *r;
	struct dcb_element el;

	memset(run, 0, sizeof *run);
	r = dcb_reader_open_fd(fd, "test", opts, &run->err);
	if (r == NULL) {
		run->rc = run->err.code;
		assert_true(run->rc < 0);
		close(fd);
		return;
	}
	run->meta = *dcb_reader_meta(r);
	while ((run->rc = dcb_reader_next(r, &el, &run->err)) > 0) {
		struct seen *s;

		assert_true(el.depth <= DCB_MAX_DEPTH);
		if (run->n == (int)(sizeof run->el / sizeof run->el[0]))
			continue;
		s = &run->el[run->n++];
		s->kind = el.kind;
		s->tag = el.tag;
		memcpy(s->vr, el.vr, 3);
		s->length = el.length;
		s->depth = el.depth;
		s->offset = el.offset;
		s->loaded = el.value != NULL;
		if (el.depth > 0) {
			s->path0 = el.path[0];
			s->item0 = el.item_index[0];
		}
		if (el.value != NULL) {
			size_t k = el.value_len < sizeof s->value - 1 ? el.value_len : sizeof s->value - 1;

			assert_int_equal(el.value_len, el.length);
			memcpy(s->value, el.value, k);
		}
	}
	dcb_reader_free(r);
	close(fd);
}

static void
expect(const struct seen *s, enum dcb_el_kind kind, uint32_t tag, unsigned depth)
{
	assert_int_equal(s->kind, kind);
	assert_int_equal(s->tag, tag);
	assert_int_equal(s->depth, depth);
}

/* Checks the elements dataset() wrote, starting at run->el[i]. */
static void
expect_dataset(const struct run *run, int i, bool explicit_vr)
{
	expect(&run->el[i], DCB_EL_VALUE, 0x00080016, 0);
	assert_string_equal(run->el[i].value, "1.2.840.10008.5.1.4.1.1.7");
	assert_string_equal(run->el[i].vr, "UI");
	expect(&run->el[i + 1], DCB_EL_VALUE, 0x00080018, 0);
	expect(&run->el[i + 2], DCB_EL_VALUE, 0x00100010, 0);
	assert_string_equal(run->el[i + 2].value, "Doe^Jane");
	assert_string_equal(run->el[i + 2].vr, "PN");
	expect(&run->el[i + 3], DCB_EL_SEQ_START, 0x00400275, 0);
	assert_string_equal(run->el[i + 3].vr, "SQ");
	assert_int_equal(run->el[i + 3].length, DCB_UNDEFINED_LENGTH);
	expect(&run->el[i + 4], DCB_EL_ITEM_START, 0xfffee000, 1);
	assert_int_equal(run->el[i + 4].path0, 0x00400275);
	assert_int_equal(run->el[i + 4].item0, 1);
	expect(&run->el[i + 5], DCB_EL_VALUE, 0x00401001, 1);
	assert_string_equal(run->el[i + 5].value, "RP1 ");
	assert_int_equal(run->el[i + 5].item0, 1);
	expect(&run->el[i + 6], DCB_EL_ITEM_END, 0xfffee00d, 1);
	assert_true(run->el[i + 6].offset > 0);
	expect(&run->el[i + 7], DCB_EL_ITEM_START, 0xfffee000, 1);
	expect(&run->el[i + 8], DCB_EL_VALUE, 0x00401001, 1);
	assert_string_equal(run->el[i + 8].value, "RP2 ");
	assert_int_equal(run->el[i + 8].item0, 2);
	expect(&run->el[i + 9], DCB_EL_ITEM_END, 0xfffee00d, 1);
	expect(&run->el[i + 10], DCB_EL_SEQ_END, 0xfffee0dd, 0);
	expect(&run->el[i + 11], DCB_EL_VALUE, 0x00280010, 0);
	assert_string_equal(run->el[i + 11].vr, "US");
	(void)explicit_vr;
}

/* ------------------------------------------------------------------ */
/* Encodings                                                           */
/* ------------------------------------------------------------------ */

static void
explicit_le_file(void **state)
{
	static struct bytes b;
	struct run run;

	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2.1");
	dataset(&b);
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

	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2");
	b.mode = IMPLICIT;
	dataset(&b);
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

	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2.2");
	b.mode = BIG;
	dataset(&b);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.meta.ts, DCB_TS_EXPLICIT_BE);
	expect_dataset(&run, 8, true);
	/* the US value stays in file byte order */
	assert_int_equal((unsigned char)run.el[19].value[0], 0x02);
	assert_int_equal((unsigned char)run.el[19].value[1], 0x00);
}

static size_t
deflate_into(uint8_t *out, size_t size, const uint8_t *in, size_t n, int wbits)
{
	z_stream z;

	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)size;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	return size - z.avail_out;
}

static void
build_deflated(struct bytes *b, int wbits)
{
	static struct bytes plain;

	plain.n = 0;
	plain.mode = EXPLICIT;
	dataset(&plain);
	b->n = 0;
	b->mode = EXPLICIT;
	meta(b, "1.2.840.10008.1.2.1.99");
	b->n += deflate_into(b->d + b->n, sizeof b->d - b->n, plain.d, plain.n, wbits);
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
	const enum mode modes[] = { IMPLICIT, EXPLICIT, BIG };
	const enum dcb_ts want[] = { DCB_TS_IMPLICIT_LE, DCB_TS_EXPLICIT_LE, DCB_TS_EXPLICIT_BE };

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
	struct dcb_reader_options o = { .meta_only = true };

	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2.1");
	dataset(&b);
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
	assert_int_equal(run.el[3].offset, -1);      /* ended by length */
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
	hdr(&b, 0x0008, 0x1115, "SQ", DCB_UNDEFINED_LENGTH);       /* ReferencedSeriesSequence */
	item(&b, DCB_UNDEFINED_LENGTH);
	hdr(&b, 0x0008, 0x114a, "SQ", DCB_UNDEFINED_LENGTH);       /* ReferencedInstanceSequence */
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
	item(&b, 0);                      /* empty basic offset table */
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
	text(&b, 0x0010, 0x0020, "LO", "ID7");   /* implicit inside */
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
	hdr(&b, 0x0029, 0x1020, "UN", DCB_UNDEFINED_LENGTH);   /* private SQ */
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
/* Big values and limits                                               */
/* ------------------------------------------------------------------ */

static void
big_values_are_not_loaded(void **state)
{
	static struct bytes b;
	struct dcb_reader_options o = { .value_limit = 16 };
	struct dcb_error err;
	struct dcb_element el;
	struct dcb_reader *r;
	uint8_t got[100];
	int fd;

	b.n = 0;
	b.mode = EXPLICIT;
	hdr(&b, 0x0009, 0x1000, "OB", 100);
	for (int i = 0; i < 100; i++)
		put8(&b, (uint8_t)i);
	hdr(&b, 0x0009, 0x1001, "OB", 100);
	for (int i = 0; i < 100; i++)
		put8(&b, (uint8_t)(i ^ 0x55));
	us(&b, 0x0028, 0x0010, 9);
	fd = fd_of(b.d, b.n);
	r = dcb_reader_open_fd(fd, "big", &o, &err);
	assert_non_null(r);
	assert_int_equal(dcb_reader_next(r, &el, &err), 1);
	assert_null(el.value);
	assert_int_equal(el.length, 100);
	/* read it in pieces */
	assert_int_equal(dcb_reader_read_value(r, got, 30, &err), 30);
	assert_int_equal(dcb_reader_read_value(r, got + 30, 100, &err), 70);
	assert_int_equal(dcb_reader_read_value(r, got, 10, &err), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(got[i], i);
	/* the second is skipped without reading */
	assert_int_equal(dcb_reader_next(r, &el, &err), 1);
	assert_null(el.value);
	assert_int_equal(dcb_reader_next(r, &el, &err), 1);
	assert_int_equal(el.tag, 0x00280010);
	assert_non_null(el.value);
	assert_int_equal(dcb_reader_next(r, &el, &err), 0);
	dcb_reader_free(r);
	close(fd);
}

static void
huge_sparse_file_is_skipped(void **state)
{
	/* A 3 GiB value in a sparse file: skipped by seeking, memory flat. */
	static struct bytes b;
	const uint32_t huge = 0xc0000000u;
	struct dcb_error err;
	struct dcb_element el;
	struct dcb_reader *r;
	int fd;

	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2.1");
	hdr(&b, 0x7fe0, 0x0010, "OB", huge);
	fd = fd_of(b.d, b.n);
	assert_int_equal(ftruncate(fd, (off_t)b.n + huge), 0);
	b.n = 0;
	us(&b, 0xfffc, 0xfffc, 0);      /* trailing element after the hole */
	assert_true(lseek(fd, 0, SEEK_END) > (off_t)huge);
	assert_int_equal(write(fd, b.d, b.n), (ssize_t)b.n);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	r = dcb_reader_open_fd(fd, "sparse", NULL, &err);
	assert_non_null(r);
	while (dcb_reader_next(r, &el, &err) == 1 && DCB_TAG_GROUP(el.tag) == 0x0002)
		;
	assert_int_equal(el.tag, 0x7fe00010);
	assert_int_equal(el.length, huge);
	assert_null(el.value);
	assert_int_equal(dcb_reader_next(r, &el, &err), 1);
	assert_int_equal(el.tag, 0xfffcfffc);
	assert_true(el.offset > (int64_t)huge);
	assert_int_equal(dcb_reader_next(r, &el, &err), 0);
	dcb_reader_free(r);
	close(fd);
}

static void
depth_limit(void **state)
{
	static struct bytes b;
	struct run run;

	for (int levels = DCB_MAX_DEPTH; levels <= DCB_MAX_DEPTH + 1; levels++) {
		b.n = 0;
		b.mode = EXPLICIT;
		for (int i = 0; i < levels; i++) {
			hdr(&b, 0x0008, 0x1140, "SQ", DCB_UNDEFINED_LENGTH);
			item(&b, DCB_UNDEFINED_LENGTH);
		}
		for (int i = 0; i < levels; i++) {
			delim(&b, 0xe00d);
			delim(&b, 0xe0dd);
		}
		read_all(b.d, b.n, NULL, &run);
		if (levels <= DCB_MAX_DEPTH) {
			assert_int_equal(run.rc, 0);
		} else {
			assert_int_equal(run.rc, DCB_ERR_LIMIT);
			assert_int_equal(run.err.offset, (int64_t)(levels - 1) * 20);
		}
	}
}

static void
impossible_lengths(void **state)
{
	static struct bytes b;
	struct run run;

	/* element longer than its item */
	b.n = 0;
	b.mode = EXPLICIT;
	hdr(&b, 0x0008, 0x1140, "SQ", DCB_UNDEFINED_LENGTH);
	item(&b, 8);
	hdr(&b, 0x0008, 0x1150, "UI", 40);
	putn(&b, "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.", 40);
	delim(&b, 0xe0dd);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, DCB_ERR_MALFORMED);
	assert_int_equal(run.err.offset, 20);
	assert_non_null(strstr(run.err.message, "(0008,1150)"));

	/* item longer than its sequence */
	b.n = 0;
	hdr(&b, 0x0008, 0x1140, "SQ", 8);
	item(&b, 100);
	read_all(b.d, b.n, NULL, &run);
	assert_true(run.rc == DCB_ERR_MALFORMED || run.rc == DCB_ERR_TRUNCATED);
	assert_int_equal(run.err.offset, 12);

	/* value longer than the file */
	b.n = 0;
	text(&b, 0x0010, 0x0010, "PN", "A^B");
	hdr(&b, 0x0010, 0x0020, "LO", 1000);
	putn(&b, "XY", 2);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, DCB_ERR_TRUNCATED);
	assert_int_equal(run.err.offset, 12);
	assert_non_null(strstr(run.err.message, "(0010,0020)"));

	/* undefined length on a VR that cannot have it */
	b.n = 0;
	hdr(&b, 0x0010, 0x0010, "OB", 2);
	putn(&b, "AB", 2);
	hdr(&b, 0x0010, 0x0020, "UT", DCB_UNDEFINED_LENGTH);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, DCB_ERR_MALFORMED);

	/* an item where an element belongs, and a stray item delimiter */
	b.n = 0;
	us(&b, 0x0028, 0x0010, 1);
	delim(&b, 0xe00d);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, DCB_ERR_MALFORMED);
	assert_int_equal(run.err.offset, 10);
}

static void
garbage_is_refused(void **state)
{
	static const char *inputs[] = {
		"",
		"hello, world: this is not a DICOM file at all\n",
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
	};
	uint8_t zeros[300] = { 0 };
	struct run run;

	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		size_t n = i == 2 || i == 3 ? 12 : strlen(inputs[i]);

		read_all((const uint8_t *)inputs[i], n, NULL, &run);
		assert_true(run.rc < 0);
		assert_true(run.err.message[0] != '\0');
	}
	read_all(zeros, sizeof zeros, NULL, &run);
	assert_true(run.rc < 0);
}

/* Every prefix of a valid input is either a shorter valid input (cut at a
 * top-level element boundary) or an error, never a crash. */
static void
truncate_everywhere(const uint8_t *d, size_t n, bool exact)
{
	struct run full, run;
	bool *boundary = calloc(n + 1, sizeof *boundary);

	assert_non_null(boundary);
	read_all(d, n, NULL, &full);
	assert_int_equal(full.rc, 0);
	for (int i = 0; i < full.n; i++)
		if (full.el[i].depth == 0 && full.el[i].offset >= 0 &&
		    full.el[i].offset <= (int64_t)n &&
		    full.el[i].kind != DCB_EL_SEQ_END && full.el[i].kind != DCB_EL_PIXEL_END)
			boundary[full.el[i].offset] = true;
	boundary[n] = true;
	for (size_t cut = 0; cut < n; cut++) {
		read_all(d, cut, NULL, &run);
		assert_true(run.rc <= 0);
		if (exact && !boundary[cut] && run.rc == 0)
			fail_msg("a prefix of %zu bytes (of %zu) was accepted", cut, n);
		if (run.rc < 0)
			assert_true(run.err.message[0] != '\0');
	}
	free(boundary);
}

static void
truncated_inputs(void **state)
{
	static struct bytes b;
	const enum mode modes[] = { IMPLICIT, EXPLICIT, BIG };
	const char *ts[] = { "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2" };

	for (int i = 0; i < 3; i++) {
		b.n = 0;
		b.mode = EXPLICIT;
		meta(&b, ts[i]);
		b.mode = modes[i];
		dataset(&b);
		truncate_everywhere(b.d, b.n, true);
		b.n = 0;
		dataset(&b);
		truncate_everywhere(b.d, b.n, true);
	}
	build_deflated(&b, -15);
	truncate_everywhere(b.d, b.n, false);
	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2.4.50");
	hdr(&b, 0x7fe0, 0x0010, "OB", DCB_UNDEFINED_LENGTH);
	item(&b, 0);
	item(&b, 2);
	putn(&b, "\xff\xd9", 2);
	delim(&b, 0xe0dd);
	truncate_everywhere(b.d, b.n, true);
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
	assert_memory_equal(buf + 158 + 8 + 26, "\x02\x00\x03\x00UI\x08\x00" "1.2.345\0", 16);
	assert_int_equal(n % 2, 0);
	/* too small, bad arguments */
	assert_int_equal(dcb_meta_encode(buf, 150, "1.2", "1.2", "1.2.840.10008.1.2", NULL),
	                 DCB_ERR_LIMIT);
	assert_int_equal(dcb_meta_encode(buf, 100, "1.2", "1.2", "1.2.840.10008.1.2", NULL),
	                 DCB_ERR_LIMIT);
	assert_int_equal(dcb_meta_encode(buf, sizeof buf, NULL, "1.2", "1.2", NULL),
	                 DCB_ERR_USAGE);
	assert_int_equal(dcb_meta_encode(buf, sizeof buf, "1.2", "1.2", "1.2",
	                                 "AN_AE_TITLE_THAT_IS_TOO_LONG"), DCB_ERR_USAGE);
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
	b.n = (size_t)dcb_meta_encode(b.d, sizeof b.d, "1.2.840.10008.5.1.4.1.1.4",
	                              "2.25.1234567", "1.2.840.10008.1.2.1", "MYAE");
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
		cmocka_unit_test(big_values_are_not_loaded),
		cmocka_unit_test(huge_sparse_file_is_skipped),
		cmocka_unit_test(depth_limit),
		cmocka_unit_test(impossible_lengths),
		cmocka_unit_test(garbage_is_refused),
		cmocka_unit_test(truncated_inputs),
		cmocka_unit_test(transfer_syntaxes),
		cmocka_unit_test(meta_encode_layout),
		cmocka_unit_test(meta_encode_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
