/* test-pixel-check.c — the pixel data findings (DCB401..DCB407): each with
 * a file that triggers it and a twin that does not, through the whole
 * check of a file (dcb_check_fd). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jpeglib.h>

#include "../src/conform.h"
#include "part10-build.h"

struct seen_codes {
	char codes[64][8];
	char messages[64][256];
	unsigned n;
};

static void
collect(const struct dcb_finding *f, void *user)
{
	struct seen_codes *s = user;

	if (s->n < 64) {
		memcpy(s->codes[s->n], f->code, 8);
		memcpy(s->messages[s->n], f->message, sizeof f->message);
		s->n++;
	}
}

/* The message of the first finding with code, NULL when there is none. */
static const char *
found(const struct seen_codes *s, const char *code)
{
	for (unsigned i = 0; i < s->n; i++)
		if (strcmp(s->codes[i], code) == 0)
			return s->messages[i];
	return NULL;
}

static void
check(const struct bytes *b, struct seen_codes *s)
{
	struct dcb_error err;
	int fd = fd_of(b->d, b->n);

	memset(s, 0, sizeof *s);
	assert_int_equal(dcb_check_fd(fd, "built", collect, s, &err), 0);
	close(fd);
}

struct image {
	const char *ts, *photometric, *lossy;
	unsigned spp, frames, rows, cols, ba, bs, hb;
};

static void
attrs(struct bytes *b, const struct image *im)
{
	b->n = 0;
	b->mode = EXPLICIT;
	meta(b, im->ts);
	text(b, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7");
	text(b, 0x0008, 0x0018, "UI", "1.2.3.4.5");
	us(b, 0x0028, 0x0002, (uint16_t)im->spp);
	text(b, 0x0028, 0x0004, "CS", im->photometric);
	if (im->frames > 0) {
		char n[16];
		snprintf(n, sizeof n, "%u", im->frames);
		text(b, 0x0028, 0x0008, "IS", n);
	}
	us(b, 0x0028, 0x0010, (uint16_t)im->rows);
	us(b, 0x0028, 0x0011, (uint16_t)im->cols);
	us(b, 0x0028, 0x0100, (uint16_t)im->ba);
	us(b, 0x0028, 0x0101, (uint16_t)im->bs);
	us(b, 0x0028, 0x0102, (uint16_t)im->hb);
	us(b, 0x0028, 0x0103, 0);
	if (im->lossy != NULL)
		text(b, 0x0028, 0x2110, "CS", im->lossy);
}

static void
native(struct bytes *b, const struct image *im, uint32_t len)
{
	attrs(b, im);
	hdr(b, 0x7fe0, 0x0010, "OB", len);
	for (uint32_t i = 0; i < len; i++)
		put8(b, (uint8_t)i);
}

/* RLE frames of 2 x 2 8-bit pixels, one fragment each, no offset table;
 * broken: the first frame's segment is a literal run past its end. */
static void
rle(struct bytes *b, unsigned frames_said, unsigned frames, bool broken)
{
	const struct image im = {
	    "1.2.840.10008.1.2.5", "MONOCHROME2", NULL, 1, frames_said, 2, 2, 8, 8, 7};

	attrs(b, &im);
	hdr(b, 0x7fe0, 0x0010, "OB", DCB_UNDEFINED_LENGTH);
	item(b, 0);
	for (unsigned k = 0; k < frames; k++) {
		uint8_t frame[70] = {1};
		frame[4] = 64;
		frame[64] = broken && k == 0 ? 0x40 : 3;
		item(b, sizeof frame);
		putn(b, frame, sizeof frame);
	}
	delim(b, 0xe0dd);
}

static void
no_decode_401(void **state)
{
	static struct bytes b;
	struct seen_codes s;

	rle(&b, 2, 2, false);
	check(&b, &s);
	assert_null(found(&s, "DCB401"));
	rle(&b, 2, 2, true);
	check(&b, &s);
	assert_non_null(found(&s, "DCB401"));
	assert_non_null(strstr(found(&s, "DCB401"), "frame 1: RLE segment 1"));
}

/* A baseline JPEG of 16 x 16 grey pixels, made with libjpeg. */
static size_t
baseline_jpeg(uint8_t *out, size_t size)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char *mem = NULL;
	unsigned long n = 0;
	JSAMPLE row[16];

	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &mem, &n);
	c.image_width = 16;
	c.image_height = 16;
	c.input_components = 1;
	c.in_color_space = JCS_GRAYSCALE;
	jpeg_set_defaults(&c);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < 16) {
		JSAMPROW rows[1] = {row};
		for (unsigned x = 0; x < 16; x++)
			row[x] = (JSAMPLE)(x * 13 + c.next_scanline * 7);
		jpeg_write_scanlines(&c, rows, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	assert_true(n <= size);
	memcpy(out, mem, n);
	free(mem);
	return n;
}

static void
jpeg_file(struct bytes *b, const uint8_t *jpeg, size_t n)
{
	const struct image im = {
	    "1.2.840.10008.1.2.4.50", "MONOCHROME2", "01", 1, 0, 16, 16, 8, 8, 7};

	attrs(b, &im);
	hdr(b, 0x7fe0, 0x0010, "OB", DCB_UNDEFINED_LENGTH);
	item(b, 0);
	item(b, (uint32_t)(n + n % 2));
	putn(b, jpeg, n);
	if (n % 2)
		put8(b, 0);
	delim(b, 0xe0dd);
}

static void
damaged_jpeg_401(void **state)
{
	static struct bytes b;
	uint8_t jpeg[4096];
	size_t n = baseline_jpeg(jpeg, sizeof jpeg);
	struct seen_codes s;

	jpeg_file(&b, jpeg, n);
	check(&b, &s);
	assert_null(found(&s, "DCB401"));
	/* the entropy-coded data cut short: libjpeg decodes around it and
	 * warns; the warning is the finding */
	jpeg_file(&b, jpeg, n - 40);
	check(&b, &s);
	assert_non_null(found(&s, "DCB401"));
	assert_non_null(strstr(found(&s, "DCB401"), "frame 1: JPEG: "));
}

static void
frame_count_402(void **state)
{
	static struct bytes b;
	struct seen_codes s;

	rle(&b, 3, 3, false);
	check(&b, &s);
	assert_null(found(&s, "DCB402"));
	rle(&b, 2, 3, false);
	check(&b, &s);
	assert_non_null(found(&s, "DCB402"));
	assert_non_null(strstr(found(&s, "DCB402"), "holds 3 frames"));
	/* no Number of Frames: one frame */
	rle(&b, 0, 2, false);
	check(&b, &s);
	assert_non_null(found(&s, "DCB402"));
}

static void
native_length_403(void **state)
{
	static struct bytes b;
	const struct image im = {
	    "1.2.840.10008.1.2.1", "MONOCHROME2", NULL, 1, 2, 2, 3, 16, 12, 11};
	const struct image odd = {"1.2.840.10008.1.2.1", "MONOCHROME2", NULL, 1, 0, 1, 3, 8, 8, 7};
	struct seen_codes s;

	native(&b, &im, 24);
	check(&b, &s);
	assert_null(found(&s, "DCB403"));
	native(&b, &im, 22);
	check(&b, &s);
	assert_non_null(found(&s, "DCB403"));
	assert_non_null(strstr(found(&s, "DCB403"), "22 bytes"));
	native(&b, &im, 26);
	check(&b, &s);
	assert_non_null(found(&s, "DCB403"));
	/* 3 bytes padded to 4 is right */
	native(&b, &odd, 4);
	check(&b, &s);
	assert_null(found(&s, "DCB403"));
}

static void
bits_404_and_high_bit_405(void **state)
{
	static struct bytes b;
	struct image im = {"1.2.840.10008.1.2.1", "MONOCHROME2", NULL, 1, 0, 2, 2, 16, 12, 11};
	struct seen_codes s;

	native(&b, &im, 8);
	check(&b, &s);
	assert_null(found(&s, "DCB404"));
	assert_null(found(&s, "DCB405"));
	im.bs = 17, im.hb = 16;
	native(&b, &im, 8);
	check(&b, &s);
	assert_non_null(found(&s, "DCB404"));
	im.bs = 12, im.hb = 7;
	native(&b, &im, 8);
	check(&b, &s);
	assert_null(found(&s, "DCB404"));
	assert_non_null(found(&s, "DCB405"));
	assert_non_null(strstr(found(&s, "DCB405"), "11 to 15"));
	im.hb = 16;
	native(&b, &im, 8);
	check(&b, &s);
	assert_non_null(found(&s, "DCB405"));
}

static void
photometric_406(void **state)
{
	static struct bytes b;
	struct image im = {"1.2.840.10008.1.2.1", "RGB", NULL, 3, 0, 2, 2, 8, 8, 7};
	struct seen_codes s;

	native(&b, &im, 12);
	check(&b, &s);
	assert_null(found(&s, "DCB406"));
	im.spp = 1;
	native(&b, &im, 4);
	check(&b, &s);
	assert_non_null(found(&s, "DCB406"));
	im.photometric = "MONOCHROME2";
	native(&b, &im, 4);
	check(&b, &s);
	assert_null(found(&s, "DCB406"));
	im.photometric = "GREYISH";
	native(&b, &im, 4);
	check(&b, &s);
	assert_non_null(found(&s, "DCB406"));
}

static void
lossy_407(void **state)
{
	static struct bytes b;
	struct image im = {"1.2.840.10008.1.2.4.50", "MONOCHROME2", "01", 1, 0, 2, 2, 8, 8, 7};
	struct seen_codes s;

	for (int i = 0; i < 4; i++) {
		attrs(&b, &im);
		hdr(&b, 0x7fe0, 0x0010, "OB", DCB_UNDEFINED_LENGTH);
		item(&b, 0);
		item(&b, 4);
		put32(&b, 0xd9ffd8ff);
		delim(&b, 0xe0dd);
		check(&b, &s);
		if (i == 0 || i == 3)
			assert_null(found(&s, "DCB407"));
		else
			assert_non_null(found(&s, "DCB407"));
		/* 01, then 00, then absent, then a lossless syntax without it */
		im.lossy = i == 0 ? "00" : NULL;
		if (i == 2)
			im.ts = "1.2.840.10008.1.2.4.70";
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(no_decode_401),
	    cmocka_unit_test(damaged_jpeg_401),
	    cmocka_unit_test(frame_count_402),
	    cmocka_unit_test(native_length_403),
	    cmocka_unit_test(bits_404_and_high_bit_405),
	    cmocka_unit_test(photometric_406),
	    cmocka_unit_test(lossy_407),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
