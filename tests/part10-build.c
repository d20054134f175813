/* part10-build.c — inputs for the reader's tests (see part10-build.h). */
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

void
put8(struct bytes *b, uint8_t v)
{
	assert_true(b->n < sizeof b->d);
	b->d[b->n++] = v;
}

void
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

void
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

void
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
void
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
void
text(struct bytes *b, uint16_t g, uint16_t e, const char *vr, const char *s)
{
	size_t n = strlen(s);

	hdr(b, g, e, vr, (uint32_t)(n + (n & 1)));
	putn(b, s, n);
	if (n & 1)
		put8(b, strcmp(vr, "UI") == 0 ? 0 : ' ');
}

void
us(struct bytes *b, uint16_t g, uint16_t e, uint16_t v)
{
	hdr(b, g, e, "US", 2);
	put16(b, v);
}

void
item(struct bytes *b, uint32_t len)
{
	put16(b, 0xfffe);
	put16(b, 0xe000);
	put32(b, len);
}

void
delim(struct bytes *b, uint16_t e)
{
	put16(b, 0xfffe);
	put16(b, e);
	put32(b, 0);
}

/* Preamble, DICM and a meta header for ts (via dcb_meta_encode). */
void
meta(struct bytes *b, const char *ts)
{
	long n = dcb_meta_encode(b->d + b->n, sizeof b->d - b->n, "1.2.840.10008.5.1.4.1.1.7",
	                         "1.2.3.4.5", ts, "SENDER");

	assert_true(n > 132);
	b->n += (size_t)n;
}

/* A small data set with a nested undefined-length sequence. */
void
dataset(struct bytes *b)
{
	text(b, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7");
	text(b, 0x0008, 0x0018, "UI", "1.2.3.4.5");
	text(b, 0x0010, 0x0010, "PN", "Doe^Jane");
	hdr(b, 0x0040, 0x0275, "SQ", DCB_UNDEFINED_LENGTH); /* RequestAttributesSequence */
	item(b, DCB_UNDEFINED_LENGTH);
	text(b, 0x0040, 0x1001, "SH", "RP1");
	delim(b, 0xe00d);
	item(b, DCB_UNDEFINED_LENGTH);
	text(b, 0x0040, 0x1001, "SH", "RP2");
	delim(b, 0xe00d);
	delim(b, 0xe0dd);
	us(b, 0x0028, 0x0010, 512);
}

int
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

/* Reads every element of d[0..n); stops at the first error. */
void
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
			size_t k =
			    el.value_len < sizeof s->value - 1 ? el.value_len : sizeof s->value - 1;

			assert_int_equal(el.value_len, el.length);
			memcpy(s->value, el.value, k);
		}
	}
	dcb_reader_free(r);
	close(fd);
}

void
expect(const struct seen *s, enum dcb_el_kind kind, uint32_t tag, unsigned depth)
{
	assert_int_equal(s->kind, kind);
	assert_int_equal(s->tag, tag);
	assert_int_equal(s->depth, depth);
}

/* Checks the elements dataset() wrote, starting at run->el[i]. */
void
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

void
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
