/* test-store-normal.c — normal storage: each input is built twice, as
 * received and as the re-encoding must come out, and the output of
 * dcb_normalize() is compared with the second byte for byte. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../src/store-file.h"
#include "../src/store-normal.h"
#include "part10-build.h"

#define TS_IMPLICIT "1.2.840.10008.1.2"
#define TS_EXPLICIT "1.2.840.10008.1.2.1"
#define TS_BIG "1.2.840.10008.1.2.2"

static const char *
ts_of(enum mode m)
{
	return m == IMPLICIT ? TS_IMPLICIT : m == EXPLICIT ? TS_EXPLICIT : TS_BIG;
}

static void
start(struct bytes *b, enum mode m)
{
	memset(b, 0, sizeof *b);
	b->mode = EXPLICIT; /* the meta header is always explicit LE */
	meta(b, ts_of(m));
	b->mode = m;
}

/* A sequence or item around content c: undefined length with a delimiter,
 * or the explicit length. */
static void
wrap_seq(struct bytes *b, uint16_t g, uint16_t e, const struct bytes *c, bool undefined)
{
	hdr(b, g, e, "SQ", undefined ? DCB_UNDEFINED_LENGTH : (uint32_t)c->n);
	putn(b, c->d, c->n);
	if (undefined)
		delim(b, 0xe0dd);
}

static void
wrap_item(struct bytes *b, const struct bytes *c, bool undefined)
{
	item(b, undefined ? DCB_UNDEFINED_LENGTH : (uint32_t)c->n);
	putn(b, c->d, c->n);
	if (undefined)
		delim(b, 0xe00d);
}

static struct bytes *
fresh(enum mode m)
{
	struct bytes *b = calloc(1, sizeof *b);

	assert_non_null(b);
	b->mode = m;
	return b;
}

/* Runs dcb_normalize over in; returns its result, the output in *out. */
static int
normalize(const struct bytes *in, struct bytes *out, struct dcb_normal_stats *st,
          struct dcb_error *err)
{
	int fd = fd_of(in->d, in->n), ofd = fd_of(NULL, 0);
	int rc = dcb_normalize(fd, ofd, "test.dcm", st, err);
	struct stat sb;

	assert_int_equal(fstat(ofd, &sb), 0);
	assert_true((size_t)sb.st_size <= sizeof out->d);
	out->n = (size_t)pread(ofd, out->d, sizeof out->d, 0);
	close(fd);
	close(ofd);
	return rc;
}

static void
expect_normalized(const struct bytes *in, const struct bytes *want, struct dcb_normal_stats *st)
{
	struct bytes *got = fresh(in->mode);
	struct dcb_error err = {0};

	assert_int_equal(normalize(in, got, st, &err), 1);
	assert_int_equal(got->n, want->n);
	assert_memory_equal(got->d, want->d, want->n);
	free(got);
}

/* Two levels of sequences in every encoding: each sequence and item of
 * undefined length gets its length, and the delimiters go. */
static void
nested(struct bytes *b, enum mode m, bool undefined)
{
	struct bytes *inner = fresh(m), *inner_item = fresh(m), *outer_item = fresh(m);

	text(inner_item, 0x0008, 0x0100, "SH", "Z2");
	wrap_item(inner, inner_item, undefined);
	text(outer_item, 0x0008, 0x0100, "SH", "X1");
	text(outer_item, 0x0008, 0x0104, "LO", "code meaning");
	wrap_seq(outer_item, 0x0040, 0xa043, inner, false); /* defined, its item not */
	text(b, 0x0008, 0x0005, "CS", "ISO_IR 100");
	{
		struct bytes *outer = fresh(m);
		wrap_item(outer, outer_item, undefined);
		wrap_item(outer, inner_item, false);
		wrap_seq(b, 0x0008, 0x1032, outer, undefined);
		free(outer);
	}
	text(b, 0x0010, 0x0010, "PN", "Doe^Jane");
	free(inner);
	free(inner_item);
	free(outer_item);
}

static void
sequences_get_explicit_lengths(void **state)
{
	(void)state;
	for (enum mode m = IMPLICIT; m <= BIG; m++) {
		struct bytes *in = fresh(m), *want = fresh(m);
		struct dcb_normal_stats st;

		start(in, m);
		nested(in, m, true);
		start(want, m);
		nested(want, m, false);
		expect_normalized(in, want, &st);
		assert_int_equal(st.lengths, 3);
		assert_int_equal(st.group_lengths + st.padded + st.dropped, 0);
		free(in);
		free(want);
	}
}

static void
nothing_to_change_writes_nothing(void **state)
{
	struct bytes *in = fresh(EXPLICIT), *out = fresh(EXPLICIT);
	struct dcb_normal_stats st;

	(void)state;
	start(in, EXPLICIT);
	nested(in, EXPLICIT, false);
	assert_int_equal(normalize(in, out, &st, NULL), 0);
	assert_int_equal(out->n, 0);
	free(in);
	free(out);
}

/* (gggg,0000) present: the value its group has after the re-encoding, at
 * the top level and inside an item; a right one alone changes nothing. */
static void
group_lengths(struct bytes *b, enum mode m, bool wrong)
{
	struct bytes *group = fresh(m), *it = fresh(m), *itgroup = fresh(m), *sq = fresh(m);

	text(itgroup, 0x0008, 0x0100, "SH", "X1");
	hdr(it, 0x0008, 0x0000, "UL", 4);
	put32(it, wrong ? 0 : (uint32_t)itgroup->n);
	putn(it, itgroup->d, itgroup->n);
	wrap_item(sq, it, wrong);
	text(group, 0x0008, 0x0005, "CS", "ISO_IR 100");
	wrap_seq(group, 0x0008, 0x1032, sq, wrong);
	hdr(b, 0x0008, 0x0000, "UL", 4);
	put32(b, wrong ? 4242 : (uint32_t)group->n);
	putn(b, group->d, group->n);
	text(b, 0x0010, 0x0010, "PN", "Doe^Jane");
	free(group);
	free(it);
	free(itgroup);
	free(sq);
}

static void
group_lengths_are_recalculated(void **state)
{
	(void)state;
	for (enum mode m = IMPLICIT; m <= BIG; m++) {
		struct bytes *in = fresh(m), *want = fresh(m), *out = fresh(m);
		struct dcb_normal_stats st;

		start(in, m);
		group_lengths(in, m, true);
		start(want, m);
		group_lengths(want, m, false);
		expect_normalized(in, want, &st);
		assert_int_equal(st.group_lengths, 2);
		assert_int_equal(st.lengths, 2);
		/* The right values, and nothing else to do: left alone. */
		assert_int_equal(normalize(want, out, &st, NULL), 0);
		free(in);
		free(want);
		free(out);
	}
}

/* An odd value gets one byte: a space after text, NUL after a UID or
 * binary value; its header says the new length.  The same in an item. */
static void
odd_values(struct bytes *b, bool odd)
{
	struct bytes *it = fresh(b->mode), *sq = fresh(b->mode);

	hdr(b, 0x0008, 0x0018, "UI", odd ? 5 : 6);
	putn(b, "1.2.3", 5);
	if (!odd)
		put8(b, 0);
	hdr(b, 0x0010, 0x0010, "PN", odd ? 3 : 4);
	putn(b, odd ? "Doe" : "Doe ", odd ? 3 : 4);
	hdr(it, 0x0008, 0x0104, "LO", odd ? 1 : 2);
	putn(it, odd ? "a" : "a ", odd ? 1 : 2);
	wrap_item(sq, it, false);
	wrap_seq(b, 0x0040, 0xa043, sq, false);
	hdr(b, 0x0029, 0x0010, "LO", 4);
	putn(b, "PRIV", 4);
	hdr(b, 0x0029, 0x1001, "OB", odd ? 3 : 4);
	putn(b, "\x01\x02\x03\x00", odd ? 3 : 4);
	free(it);
	free(sq);
}

static void
odd_values_are_padded(void **state)
{
	(void)state;
	for (enum mode m = IMPLICIT; m <= BIG; m++) {
		struct bytes *in = fresh(m), *want = fresh(m);
		struct dcb_normal_stats st;

		start(in, m);
		odd_values(in, true);
		start(want, m);
		odd_values(want, false);
		expect_normalized(in, want, &st);
		assert_int_equal(st.padded, 4);
		assert_int_equal(st.lengths, 0);
		free(in);
		free(want);
	}
}

static void
trailing_padding(struct bytes *b, bool with)
{
	struct bytes *it = fresh(b->mode), *sq = fresh(b->mode);

	text(it, 0x0008, 0x0100, "SH", "X1");
	if (with) {
		hdr(it, 0xfffc, 0xfffc, "OB", 4);
		put32(it, 0);
	}
	wrap_item(sq, it, false);
	wrap_seq(b, 0x0008, 0x1032, sq, false);
	text(b, 0x0010, 0x0010, "PN", "Doe^Jane");
	if (with) {
		hdr(b, 0xfffc, 0xfffc, "OB", 8);
		put32(b, 0);
		put32(b, 0);
	}
	free(it);
	free(sq);
}

static void
trailing_padding_is_dropped(void **state)
{
	struct bytes *in = fresh(EXPLICIT), *want = fresh(EXPLICIT);
	struct dcb_normal_stats st;

	(void)state;
	start(in, EXPLICIT);
	trailing_padding(in, true);
	start(want, EXPLICIT);
	trailing_padding(want, false);
	expect_normalized(in, want, &st);
	assert_int_equal(st.dropped, 2);
	free(in);
	free(want);
}

/* Encapsulated pixel data (but for its VR) and a UN of undefined length
 * (implicit VR inside, its items undefined too) come out as they went in,
 * while the sequence before them is re-encoded. */
static void
kept_parts(struct bytes *b, bool undefined)
{
	struct bytes *it = fresh(b->mode), *sq = fresh(b->mode);

	text(it, 0x0008, 0x0100, "SH", "X1");
	wrap_item(sq, it, undefined);
	wrap_seq(b, 0x0008, 0x1032, sq, undefined);
	/* (0009,1010) UN, undefined: one undefined item, implicit VR inside */
	put16(b, 0x0009);
	put16(b, 0x0010);
	putn(b, "LO", 2);
	put16(b, 4);
	putn(b, "PRIV", 4);
	put16(b, 0x0009);
	put16(b, 0x1010);
	putn(b, "UN", 2);
	put16(b, 0);
	put32(b, DCB_UNDEFINED_LENGTH);
	struct bytes le = {.mode = IMPLICIT};
	item(&le, DCB_UNDEFINED_LENGTH);
	hdr(&le, 0x0008, 0x0100, "SH", 3); /* odd, but inside UN: untouched */
	putn(&le, "abc", 3);
	delim(&le, 0xe00d);
	delim(&le, 0xe0dd);
	putn(b, le.d, le.n);
	/* (7FE0,0010) encapsulated: empty offset table, one odd fragment; sent
	 * as OW, stored as OB */
	hdr(b, 0x7fe0, 0x0010, undefined ? "OW" : "OB", DCB_UNDEFINED_LENGTH);
	item(b, 0);
	item(b, 3);
	putn(b, "\xff\xd8\xff", 3);
	delim(b, 0xe0dd);
	free(it);
	free(sq);
}

static void
pixel_fragments_and_un_are_kept(void **state)
{
	struct bytes *in = fresh(EXPLICIT), *want = fresh(EXPLICIT);
	struct dcb_normal_stats st;

	(void)state;
	start(in, EXPLICIT);
	kept_parts(in, true);
	start(want, EXPLICIT);
	kept_parts(want, false);
	expect_normalized(in, want, &st);
	assert_int_equal(st.lengths, 2);
	assert_int_equal(st.padded, 0);
	assert_int_equal(st.vrs, 1);
	free(in);
	free(want);
}

/* A value longer than the copy buffer goes across in the kernel, after
 * an edit moved it. */
static void
big_values_are_copied_whole(void **state)
{
	const size_t big = 300000;
	struct bytes *head = fresh(EXPLICIT), *head_want = fresh(EXPLICIT);
	uint8_t *in = malloc(16384 + big), *want = malloc(16384 + big), *got = malloc(16384 + big);
	size_t in_n, want_n;
	int fd, ofd;

	(void)state;
	start(head, EXPLICIT);
	nested(head, EXPLICIT, true);
	hdr(head, 0x7fe0, 0x0010, "OB", (uint32_t)big);
	start(head_want, EXPLICIT);
	nested(head_want, EXPLICIT, false);
	hdr(head_want, 0x7fe0, 0x0010, "OB", (uint32_t)big);
	memcpy(in, head->d, head->n);
	memcpy(want, head_want->d, head_want->n);
	for (size_t i = 0; i < big; i++)
		in[head->n + i] = want[head_want->n + i] = (uint8_t)(i * 31 + i / 977);
	in_n = head->n + big;
	want_n = head_want->n + big;
	fd = fd_of(in, in_n);
	ofd = fd_of(NULL, 0);
	assert_int_equal(dcb_normalize(fd, ofd, "big.dcm", NULL, NULL), 1);
	assert_int_equal(pread(ofd, got, 16384 + big, 0), (ssize_t)want_n);
	assert_memory_equal(got, want, want_n);
	close(fd);
	close(ofd);
	free(in);
	free(want);
	free(got);
	free(head);
	free(head_want);
}

static void
unreadable_data_set_is_an_error(void **state)
{
	struct bytes *in = fresh(EXPLICIT), *out = fresh(EXPLICIT);
	struct dcb_error err = {0};

	(void)state;
	start(in, EXPLICIT);
	nested(in, EXPLICIT, true);
	in->n -= 10; /* cut inside the last element */
	assert_true(normalize(in, out, NULL, &err) < 0);
	assert_true(err.message[0] != '\0');
	free(in);
	free(out);
}

/* Through the store: normal storage re-encodes, +B keeps the bytes, and
 * what cannot be read is stored as received with the reason. */
static void
store_commit_normal_and_bit_preserving(void **state)
{
	char dir[] = "/tmp/dcb-normal-XXXXXX";
	struct bytes *ds = fresh(EXPLICIT), *want = fresh(EXPLICIT), *got = fresh(EXPLICIT);
	struct dcb_store_result res;
	struct dcb_store_file *f;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	nested(ds, EXPLICIT, true);
	nested(want, EXPLICIT, false);
	for (int bit = 0; bit <= 1; bit++) {
		struct dcb_store_policy p = {.out_dir = dir, .bit_preserving = bit == 1};
		const struct bytes *expect = bit ? ds : want;

		assert_int_equal(dcb_store_begin(&p, "1.2.840.10008.5.1.4.1.1.7", "1.2.3", TS_EXPLICIT,
		                                 "SCU", &f, NULL),
		                 0);
		assert_int_equal(dcb_store_write(f, ds->d, ds->n, NULL), 0);
		assert_int_equal(dcb_store_commit(f, &res, NULL), 0);
		assert_false(res.as_received);
		assert_int_equal(res.changed.lengths, bit ? 0 : 3);
		fp = fopen(res.path, "rb");
		assert_non_null(fp);
		got->n = fread(got->d, 1, sizeof got->d, fp);
		fclose(fp);
		assert_int_equal(res.bytes, got->n);
		assert_true(got->n > expect->n);
		assert_memory_equal(got->d + got->n - expect->n, expect->d, expect->n);
	}
	{
		struct dcb_store_policy p = {.out_dir = dir};
		assert_int_equal(dcb_store_begin(&p, "1.2.840.10008.5.1.4.1.1.7", "1.2.3", TS_EXPLICIT,
		                                 "SCU", &f, NULL),
		                 0);
		assert_int_equal(dcb_store_write(f, ds->d, ds->n - 3, NULL), 0);
		assert_int_equal(dcb_store_commit(f, &res, NULL), 0);
		assert_true(res.as_received);
		assert_true(res.why[0] != '\0');
		assert_int_equal(unlink(res.path), 0);
	}
	assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
	free(ds);
	free(want);
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sequences_get_explicit_lengths),
	    cmocka_unit_test(nothing_to_change_writes_nothing),
	    cmocka_unit_test(group_lengths_are_recalculated),
	    cmocka_unit_test(odd_values_are_padded),
	    cmocka_unit_test(trailing_padding_is_dropped),
	    cmocka_unit_test(pixel_fragments_and_un_are_kept),
	    cmocka_unit_test(big_values_are_copied_whole),
	    cmocka_unit_test(unreadable_data_set_is_an_error),
	    cmocka_unit_test(store_commit_normal_and_bit_preserving),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
