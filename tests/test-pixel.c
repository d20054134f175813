/* test-pixel.c — the pixel layer: frame locator, native, RLE and lossless
 * JPEG decoders, the display pipeline, and frames read from built files. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/pixel-display.h"
#include "../src/pixel-file.h"
#include "../src/pixel-frames.h"
#include "../src/pixel-ljpeg.h"
#include "../src/pixel-native.h"
#include "../src/pixel-rle.h"
#include "part10-build.h"

static void
grey_info(struct dcb_pixel_info *info, unsigned rows, unsigned cols, unsigned ba, unsigned bs,
          unsigned hb, bool is_signed)
{
	dcb_pixel_info_init(info);
	info->rows = rows;
	info->cols = cols;
	info->bits_allocated = ba;
	info->bits_stored = bs;
	info->high_bit = hb;
	info->is_signed = is_signed;
	info->photometric = DCB_PI_MONOCHROME2;
	strcpy(info->photometric_text, "MONOCHROME2");
}

/* ------------------------------------------------------------------ */
/* Frame locator                                                       */
/* ------------------------------------------------------------------ */

static void
locator_follows_the_offset_table(void **state)
{
	const uint8_t bot[12] = {0, 0, 0, 0, 20, 0, 0, 0, 40, 0, 0, 0};
	const uint8_t h[2] = {0x12, 0x34};
	struct dcb_frame_locator l;
	struct dcb_error err;

	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_JPEG, 3, bot, 12, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 0, 12, h, 2, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 20, 4, h, 2, &err), 1);
	assert_int_equal(dcb_frame_locator_next(&l, 32, 0, h, 0, &err), 1);
	assert_int_equal(dcb_frame_locator_next(&l, 40, 2, h, 2, &err), 2);
	assert_int_equal(dcb_frame_locator_count(&l), 3);
	dcb_frame_locator_clear(&l);
}

static void
locator_uses_start_markers_without_a_table(void **state)
{
	const uint8_t soi[2] = {0xff, 0xd8}, other[2] = {0x00, 0x11};
	const uint8_t soc[2] = {0xff, 0x4f};
	struct dcb_frame_locator l;
	struct dcb_error err;

	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_JPEG_LS, 2, NULL, 0, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 0, 10, soi, 2, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 18, 10, other, 2, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 36, 10, soi, 2, &err), 1);
	assert_int_equal(dcb_frame_locator_count(&l), 2);
	dcb_frame_locator_clear(&l);

	/* JPEG 2000: the SOC marker; a JPEG SOI is not one */
	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_J2K, 2, NULL, 0, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 0, 10, soc, 2, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 18, 10, soi, 2, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 36, 10, soc, 2, &err), 1);
	dcb_frame_locator_clear(&l);

	/* RLE has no marker: one fragment per frame; a single frame takes all */
	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_RLE, 3, NULL, 0, &err), 0);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(dcb_frame_locator_next(&l, 18 * i, 10, other, 2, &err), i);
	dcb_frame_locator_clear(&l);
	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_JPEG, 1, NULL, 0, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 0, 10, soi, 2, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 18, 10, soi, 2, &err), 0);
	dcb_frame_locator_clear(&l);
}

static void
locator_refuses_bad_tables(void **state)
{
	const uint8_t odd[6] = {0}, two[8] = {0, 0, 0, 0, 8, 0, 0, 0};
	const uint8_t down[8] = {0, 0, 0, 0, 0, 0, 0, 0}, late[4] = {4, 0, 0, 0};
	struct dcb_frame_locator l;
	struct dcb_error err;

	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_RLE, 1, odd, 6, &err),
	                 DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "multiple of 4"));
	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_RLE, 3, two, 8, &err),
	                 DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "2 entries for 3 frames"));
	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_RLE, 2, down, 8, &err),
	                 DCB_ERR_MALFORMED);
	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_RLE, 1, late, 4, &err),
	                 DCB_ERR_MALFORMED);
	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_RLE, 0, NULL, 0, &err),
	                 DCB_ERR_LIMIT);
	assert_int_equal(
	    dcb_frame_locator_init(&l, DCB_CODEC_RLE, DCB_PIXEL_MAX_FRAMES + 1, NULL, 0, &err),
	    DCB_ERR_LIMIT);
	/* a fragment that is not where the one before it ended */
	assert_int_equal(dcb_frame_locator_init(&l, DCB_CODEC_RLE, 2, NULL, 0, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 0, 10, NULL, 0, &err), 0);
	assert_int_equal(dcb_frame_locator_next(&l, 20, 10, NULL, 0, &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "expected 18"));
	dcb_frame_locator_clear(&l);
}

/* ------------------------------------------------------------------ */
/* Native                                                              */
/* ------------------------------------------------------------------ */

static void
native_bits_stored_high_bit_and_sign(void **state)
{
	/* 12 bits stored at bits 15..4, signed: 0x7ff0 -> 2047, 0x8000 -> -2048,
	 * 0xfff0 -> -1, low nibble ignored */
	const uint8_t src[8] = {0xf0, 0x7f, 0x0f, 0x80, 0xf0, 0xff, 0x1a, 0x00};
	struct dcb_native_layout lay = {0};
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_error err;

	grey_info(&info, 1, 4, 16, 12, 15, true);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	assert_int_equal(dcb_native_decode(src, sizeof src, &lay, &info, &f, &err), 0);
	assert_int_equal(f.v[0], 2047);
	assert_int_equal(f.v[1], -2048);
	assert_int_equal(f.v[2], -1);
	assert_int_equal(f.v[3], 1);
	/* one byte short */
	assert_int_equal(dcb_native_decode(src, 7, &lay, &info, &f, &err), DCB_ERR_TRUNCATED);
	assert_non_null(strstr(err.message, "needs 8 bytes"));
	dcb_frame_clear(&f);

	/* big endian words */
	lay.big_endian = true;
	grey_info(&info, 1, 2, 16, 16, 15, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	assert_int_equal(dcb_native_decode(src, 4, &lay, &info, &f, &err), 0);
	assert_int_equal(f.v[0], 0xf07f);
	assert_int_equal(f.v[1], 0x0f80);
	dcb_frame_clear(&f);
}

static void
native_one_bit_planar_and_32_bit(void **state)
{
	const uint8_t bits[2] = {0x05, 0x80}; /* LSB first: 1 0 1 0 0 0 0 0 | ... 1 */
	const uint8_t planar[6] = {1, 2, 10, 20, 100, 200};
	const uint8_t u32[4] = {0xff, 0xff, 0xff, 0xff};
	struct dcb_native_layout lay = {0};
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_error err;

	grey_info(&info, 4, 4, 1, 1, 0, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	assert_int_equal(dcb_native_decode(bits, 2, &lay, &info, &f, &err), 0);
	assert_int_equal(f.v[0], 1);
	assert_int_equal(f.v[1], 0);
	assert_int_equal(f.v[2], 1);
	assert_int_equal(f.v[15], 1);
	dcb_frame_clear(&f);

	/* a second frame of 12 bits starts 4 bits into its second byte */
	grey_info(&info, 3, 4, 1, 1, 0, false);
	lay.bit_offset = 4;
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	assert_int_equal(dcb_native_decode(bits, 2, &lay, &info, &f, &err), 0);
	assert_int_equal(f.v[0], 0);
	assert_int_equal(f.v[11], 1);
	lay.bit_offset = 5;
	assert_int_equal(dcb_native_decode(bits, 2, &lay, &info, &f, &err), DCB_ERR_TRUNCATED);
	lay.bit_offset = 0;
	dcb_frame_clear(&f);

	grey_info(&info, 1, 2, 8, 8, 7, false);
	info.spp = 3;
	info.planar = 1;
	info.photometric = DCB_PI_RGB;
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	assert_int_equal(dcb_native_decode(planar, 6, &lay, &info, &f, &err), 0);
	assert_int_equal(f.v[0], 1);
	assert_int_equal(f.v[1], 10);
	assert_int_equal(f.v[2], 100);
	assert_int_equal(f.v[3], 2);
	assert_int_equal(f.v[5], 200);
	dcb_frame_clear(&f);

	/* unsigned 32-bit values are kept biased */
	grey_info(&info, 1, 1, 32, 32, 31, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	assert_int_equal(dcb_native_decode(u32, 4, &lay, &info, &f, &err), 0);
	assert_int_equal((int64_t)f.v[0] + f.bias, INT64_C(0xffffffff));
	dcb_frame_clear(&f);
}

static void
native_refuses_impossible_attributes(void **state)
{
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_error err;

	grey_info(&info, 4, 4, 16, 17, 16, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "Bits Stored"));
	grey_info(&info, 4, 4, 16, 12, 15 + 1, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "High Bit"));
	grey_info(&info, 0, 4, 16, 12, 11, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), DCB_ERR_MALFORMED);
	grey_info(&info, 65535, 65535, 16, 12, 11, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), DCB_ERR_LIMIT);
	grey_info(&info, 4, 4, 12, 12, 11, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), DCB_ERR_UNSUPPORTED);
}

/* ------------------------------------------------------------------ */
/* RLE                                                                 */
/* ------------------------------------------------------------------ */

/* An RLE frame with the given segments, header included. */
static size_t
rle_frame(uint8_t *out, const uint8_t *const *seg, const size_t *len, unsigned n)
{
	size_t at = 64;

	memset(out, 0, 64);
	out[0] = (uint8_t)n;
	for (unsigned s = 0; s < n; s++) {
		out[4 + 4 * s] = (uint8_t)at;
		memcpy(out + at, seg[s], len[s]);
		at += len[s];
	}
	return at;
}

static void
rle_decodes_runs_and_byte_planes(void **state)
{
	/* 16-bit, 2 x 3 pixels: high bytes "literal 1 2 3, repeat 7 x3",
	 * low bytes "repeat 0xff x6" */
	const uint8_t hi[] = {0x02, 1, 2, 3, 0xfe, 7}, lo[] = {0xfb, 0xff, 0x80};
	const uint8_t *seg[2] = {hi, lo};
	const size_t len[2] = {sizeof hi, sizeof lo};
	uint8_t buf[128];
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_error err;
	size_t n = rle_frame(buf, seg, len, 2);

	grey_info(&info, 2, 3, 16, 16, 15, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	assert_int_equal(dcb_rle_decode(buf, n, &info, &f, &err), 0);
	assert_int_equal(f.v[0], 0x01ff);
	assert_int_equal(f.v[2], 0x03ff);
	assert_int_equal(f.v[5], 0x07ff);

	/* a header that names one segment for 16-bit data */
	buf[0] = 1;
	assert_int_equal(dcb_rle_decode(buf, n, &info, &f, &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "names 1 segments"));
	buf[0] = 2;
	/* a segment offset past the end */
	buf[8] = 200;
	assert_int_equal(dcb_rle_decode(buf, n, &info, &f, &err), DCB_ERR_MALFORMED);
	buf[8] = (uint8_t)(64 + sizeof hi);
	/* a literal run longer than its segment */
	buf[64] = 0x20;
	assert_int_equal(dcb_rle_decode(buf, n, &info, &f, &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "segment 1"));
	buf[64] = 0x02;
	/* a segment that gives too few bytes */
	assert_int_equal(dcb_rle_decode(buf, n - 2, &info, &f, &err), DCB_ERR_MALFORMED);
	assert_int_equal(dcb_rle_decode(buf, 40, &info, &f, &err), DCB_ERR_MALFORMED);
	dcb_frame_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Lossless JPEG                                                       */
/* ------------------------------------------------------------------ */

/* dcmcjpeg +e1 and +el +sv 6 of an 8 x 6 image, 12 bits stored */
static const uint8_t ljpeg_sv1[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xff, 0xc3, 0x00, 0x0b, 0x10, 0x00, 0x06, 0x00, 0x08, 0x01, 0x01, 0x11,
    0x00, 0xff, 0xc4, 0x00, 0x16, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x0c, 0x10, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00,
    0x01, 0x00, 0x00, 0xc8, 0x15, 0x02, 0xa0, 0x54, 0x0a, 0x81, 0x50, 0x2a, 0x05, 0x7f, 0xa8, 0xa9,
    0x15, 0x22, 0xa4, 0x54, 0x8a, 0xa2, 0x29, 0x45, 0x4f, 0xf5, 0x27, 0xa4, 0xf4, 0x9f, 0x12, 0x72,
    0x4f, 0x49, 0xe9, 0x3d, 0xfe, 0xa7, 0x48, 0x9c, 0xd3, 0xa2, 0x74, 0x4e, 0x89, 0xd1, 0x3a, 0x3f,
    0xd8, 0xa6, 0x14, 0xca, 0x99, 0x53, 0x2a, 0x65, 0x4c, 0xc5, 0x31, 0x1f, 0xe2, 0xbe, 0x57, 0xca,
    0xf9, 0x5f, 0x45, 0x7a, 0xaf, 0x95, 0xf7, 0xff, 0xff, 0xd9,
};
static const uint8_t ljpeg_sv6[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xff, 0xc3, 0x00, 0x0b, 0x10, 0x00, 0x06, 0x00, 0x08, 0x01, 0x01, 0x11,
    0x00, 0xff, 0xc4, 0x00, 0x17, 0x00, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x0c, 0x0b, 0x10, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01,
    0x00, 0x06, 0x00, 0x00, 0xe4, 0x0a, 0x81, 0x50, 0x2a, 0x05, 0x40, 0xa8, 0x15, 0x02, 0xbf, 0xd4,
    0x48, 0x8d, 0x92, 0x4a, 0x5b, 0x4d, 0xd1, 0x3f, 0xe5, 0x24, 0xff, 0x00, 0x51, 0x22, 0x36, 0x49,
    0x31, 0x2d, 0x64, 0xdb, 0x54, 0x02, 0x93, 0x7f, 0xa8, 0x92, 0x23, 0x5c, 0x92, 0x2a, 0x5b, 0x4d,
    0xca, 0x01, 0x49, 0xbf, 0xd8, 0x88, 0xea, 0x36, 0x49, 0x29, 0x6d, 0x37, 0x28, 0x08, 0xa4, 0xa3,
    0xfc, 0xa8, 0x91, 0x1b, 0x24, 0x94, 0xb7, 0x13, 0x6e, 0x4f, 0xf5, 0x49, 0xff, 0x00, 0xff, 0xd9,
};

static void
ljpeg_decodes_dcmtk_streams(void **state)
{
	const uint8_t *streams[2] = {ljpeg_sv1, ljpeg_sv6};
	const size_t lens[2] = {sizeof ljpeg_sv1, sizeof ljpeg_sv6};
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_error err;

	grey_info(&info, 6, 8, 16, 12, 11, false);
	for (unsigned s = 0; s < 2; s++) {
		assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
		assert_int_equal(dcb_ljpeg_decode(streams[s], lens[s], &info, &f, &err), 0);
		for (unsigned y = 0; y < 6; y++)
			for (unsigned x = 0; x < 8; x++)
				assert_int_equal(f.v[y * 8 + x],
				                 (x * 517 + y * 1021 + x * y * 37) % 4096);
		dcb_frame_clear(&f);
	}
}

static void
ljpeg_refuses_bad_streams(void **state)
{
	uint8_t copy[sizeof ljpeg_sv1];
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_error err;

	grey_info(&info, 6, 8, 16, 12, 11, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	/* cut in the middle of the scan: the data runs out (zeros follow) and
	 * the image still has its size; cut before the scan: an error */
	assert_int_equal(dcb_ljpeg_decode(ljpeg_sv1, 60, &info, &f, &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "lossless JPEG"));
	/* a baseline frame header */
	memcpy(copy, ljpeg_sv1, sizeof copy);
	copy[21] = 0xc0;
	assert_int_equal(dcb_ljpeg_decode(copy, sizeof copy, &info, &f, &err), DCB_ERR_UNSUPPORTED);
	assert_non_null(strstr(err.message, "SOF0"));
	/* a size that is not the data set's */
	memcpy(copy, ljpeg_sv1, sizeof copy);
	copy[28] = 9;
	assert_int_equal(dcb_ljpeg_decode(copy, sizeof copy, &info, &f, &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "9 x 6"));
	/* a predictor that does not exist */
	memcpy(copy, ljpeg_sv1, sizeof copy);
	copy[64] = 9;
	assert_int_equal(dcb_ljpeg_decode(copy, sizeof copy, &info, &f, &err), DCB_ERR_MALFORMED);
	/* three codes of length 1 (found by fuzz-ljpeg) */
	memcpy(copy, ljpeg_sv1, sizeof copy);
	copy[38] = 3, copy[39] = 0, copy[40] = 0, copy[41] = 0;
	assert_int_equal(dcb_ljpeg_decode(copy, sizeof copy, &info, &f, &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "Huffman table"));
	/* no SOI */
	assert_int_equal(dcb_ljpeg_decode(ljpeg_sv1 + 2, sizeof ljpeg_sv1 - 2, &info, &f, &err),
	                 DCB_ERR_MALFORMED);
	dcb_frame_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Display pipeline                                                    */
/* ------------------------------------------------------------------ */

static uint8_t
render_one(struct dcb_pixel_info *info, int32_t stored, const struct dcb_window *w)
{
	struct dcb_frame f;
	struct dcb_picture p;
	struct dcb_error err;
	uint8_t out;

	assert_int_equal(dcb_frame_alloc(&f, info, &err), 0);
	f.v[0] = stored;
	assert_int_equal(dcb_display_render(info, &f, w, &p, NULL, &err), 0);
	out = p.px[0];
	dcb_picture_clear(&p);
	dcb_frame_clear(&f);
	return out;
}

static void
display_windows_follow_ps3_3(void **state)
{
	struct dcb_window w = {.mode = DCB_WINDOW_FILE};
	struct dcb_pixel_info info;

	grey_info(&info, 1, 1, 16, 12, 11, false);
	info.has_rescale = true;
	info.intercept = -1024;
	info.windows = 1;
	info.center[0] = 40;
	info.width[0] = 400;
	/* LINEAR: below c - 0.5 - (w-1)/2 = -160 black, above 239 white */
	assert_int_equal(render_one(&info, 1024 - 160, &w), 0);
	assert_int_equal(render_one(&info, 1024 - 159, &w), 1);
	assert_int_equal(render_one(&info, 1024 + 240, &w), 255);
	assert_int_equal(render_one(&info, 1024 + 40, &w), 128);
	/* LINEAR_EXACT: ((x - c) / w + 0.5) * 255 */
	info.voi_function = DCB_VOI_LINEAR_EXACT;
	assert_int_equal(render_one(&info, 1024 + 140, &w), 191);
	assert_int_equal(render_one(&info, 1024 - 160, &w), 0);
	/* SIGMOID: 255 / (1 + exp(-4 (x - c) / w)) */
	info.voi_function = DCB_VOI_SIGMOID;
	assert_int_equal(render_one(&info, 1024 + 40, &w), 128);
	assert_int_equal(render_one(&info, 1024 + 140, &w), 186);
	info.voi_function = DCB_VOI_LINEAR;
	/* MONOCHROME1 is inverted after the window */
	info.photometric = DCB_PI_MONOCHROME1;
	assert_int_equal(render_one(&info, 1024 - 160, &w), 255);
	info.photometric = DCB_PI_MONOCHROME2;
	/* a given window; a width below 1 is refused */
	w.mode = DCB_WINDOW_GIVEN;
	w.center = 1064;
	w.width = 2;
	info.has_rescale = false;
	assert_int_equal(render_one(&info, 1063, &w), 0);
	assert_int_equal(render_one(&info, 1064, &w), 255);
}

static void
display_luts_minmax_and_colour(void **state)
{
	struct dcb_window w = {.mode = DCB_WINDOW_FILE};
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_picture p;
	struct dcb_window_used used;
	struct dcb_error err;
	uint16_t voi[4] = {0, 100, 200, 255}, red[2] = {0xff00, 0x0000};

	/* VOI LUT with 8-bit entries, first mapped value 10 */
	grey_info(&info, 1, 1, 16, 16, 15, false);
	info.voi_lut = (struct dcb_lut){.entries = 4, .first = 10, .bits = 8, .data = voi};
	assert_int_equal(render_one(&info, 11, &w), 100);
	assert_int_equal(render_one(&info, 5, &w), 0);
	assert_int_equal(render_one(&info, 99, &w), 255);
	info.voi_lut.data = NULL;

	/* no window, no LUT: min/max over the frame */
	grey_info(&info, 1, 3, 16, 16, 15, false);
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	f.v[0] = 100, f.v[1] = 150, f.v[2] = 200;
	assert_int_equal(dcb_display_render(&info, &f, &w, &p, &used, &err), 0);
	assert_int_equal(used.mode, DCB_WINDOW_MINMAX);
	assert_int_equal(p.px[0], 0);
	assert_int_equal(p.px[2], 255);
	dcb_picture_clear(&p);
	/* a window too narrow */
	w.mode = DCB_WINDOW_GIVEN;
	w.width = 0.5;
	assert_int_equal(dcb_display_render(&info, &f, &w, &p, NULL, &err), DCB_ERR_USAGE);
	dcb_frame_clear(&f);

	/* PALETTE COLOR with 16-bit entries */
	grey_info(&info, 1, 1, 8, 8, 7, false);
	info.photometric = DCB_PI_PALETTE;
	for (unsigned c = 0; c < 3; c++)
		info.palette[c] = (struct dcb_lut){.entries = 2, .bits = 16, .data = red};
	info.palette[1].data = voi;
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	assert_int_equal(dcb_display_render(&info, &f, &w, &p, NULL, &err), 0);
	assert_int_equal(p.channels, 3);
	assert_int_equal(p.px[0], 0xff);
	assert_int_equal(p.px[1], 0);
	dcb_picture_clear(&p);
	dcb_frame_clear(&f);
	memset(info.palette, 0, sizeof info.palette);

	/* YBR_FULL: neutral chrominance is grey, Cr pushes red */
	grey_info(&info, 1, 2, 8, 8, 7, false);
	info.spp = 3;
	info.photometric = DCB_PI_YBR_FULL;
	assert_int_equal(dcb_frame_alloc(&f, &info, &err), 0);
	f.v[0] = 100, f.v[1] = 128, f.v[2] = 128;
	f.v[3] = 100, f.v[4] = 128, f.v[5] = 228;
	assert_int_equal(dcb_display_render(&info, &f, &w, &p, &used, &err), 0);
	assert_true(used.colour);
	assert_memory_equal(p.px, ((uint8_t[]){100, 100, 100, 240, 29, 100}), 6);
	dcb_picture_clear(&p);
	dcb_frame_clear(&f);
}

/* ------------------------------------------------------------------ */
/* Frames out of files                                                 */
/* ------------------------------------------------------------------ */

static void
image_attrs(struct bytes *b, unsigned frames, unsigned ba)
{
	us(b, 0x0028, 0x0002, 1);
	text(b, 0x0028, 0x0004, "CS", "MONOCHROME2");
	if (frames > 0) {
		char n[8];
		snprintf(n, sizeof n, "%u", frames);
		text(b, 0x0028, 0x0008, "IS", n);
	}
	us(b, 0x0028, 0x0010, 2);
	us(b, 0x0028, 0x0011, 2);
	us(b, 0x0028, 0x0100, (uint16_t)ba);
	us(b, 0x0028, 0x0101, (uint16_t)ba);
	us(b, 0x0028, 0x0102, (uint16_t)(ba - 1));
	us(b, 0x0028, 0x0103, 0);
}

/* Encapsulated RLE, 3 frames of 2 x 2 8-bit pixels, each a literal run of
 * frame+1 ... ; with or without a Basic Offset Table. */
static void
build_rle(struct bytes *b, bool with_bot)
{
	b->n = 0;
	b->mode = EXPLICIT;
	meta(b, "1.2.840.10008.1.2.5");
	image_attrs(b, 3, 8);
	hdr(b, 0x7fe0, 0x0010, "OB", DCB_UNDEFINED_LENGTH);
	item(b, with_bot ? 12 : 0);
	for (unsigned k = 0; with_bot && k < 3; k++)
		put32(b, k * (8 + 70));
	for (unsigned k = 0; k < 3; k++) {
		uint8_t frame[70] = {1};
		frame[4] = 64;
		frame[64] = 3;
		for (unsigned i = 0; i < 4; i++)
			frame[65 + i] = (uint8_t)(10 * (k + 1) + i);
		item(b, sizeof frame);
		putn(b, frame, sizeof frame);
	}
	delim(b, 0xe0dd);
}

static int
read_frame(const struct bytes *b, unsigned index, struct dcb_pixel_info *info, struct dcb_frame *f,
           struct dcb_error *err)
{
	char path[] = "/tmp/test-pixel-XXXXXX";
	int fd = mkstemp(path);
	int rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, b->d, b->n), (ssize_t)b->n);
	close(fd);
	rc = dcb_pixel_read_frame(path, index, info, f, err);
	unlink(path);
	return rc;
}

static void
file_frames_with_and_without_offset_table(void **state)
{
	static struct bytes b;
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_error err;

	for (int bot = 0; bot < 2; bot++) {
		build_rle(&b, bot);
		for (unsigned k = 0; k < 3; k++) {
			assert_int_equal(read_frame(&b, k, &info, &f, &err), 0);
			assert_int_equal(info.codec, DCB_CODEC_RLE);
			assert_int_equal(f.v[0], 10 * (k + 1));
			assert_int_equal(f.v[3], 10 * (k + 1) + 3);
			dcb_frame_clear(&f);
			dcb_pixel_info_clear(&info);
		}
		assert_int_equal(read_frame(&b, 3, &info, &f, &err), DCB_ERR_NOTFOUND);
		assert_non_null(strstr(err.message, "no frame 4"));
		dcb_frame_clear(&f);
		dcb_pixel_info_clear(&info);
	}
}

static void
file_native_frames_and_short_data(void **state)
{
	static struct bytes b;
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_error err;

	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2.1");
	image_attrs(&b, 2, 16);
	hdr(&b, 0x7fe0, 0x0010, "OW", 16);
	for (unsigned i = 0; i < 8; i++)
		put16(&b, (uint16_t)(1000 + i));
	assert_int_equal(read_frame(&b, 1, &info, &f, &err), 0);
	assert_int_equal(f.v[0], 1004);
	assert_int_equal(f.v[3], 1007);
	dcb_frame_clear(&f);
	dcb_pixel_info_clear(&info);

	/* Number of Frames 3 over data for 2 */
	b.n = 0;
	meta(&b, "1.2.840.10008.1.2.1");
	image_attrs(&b, 3, 16);
	hdr(&b, 0x7fe0, 0x0010, "OW", 16);
	for (unsigned i = 0; i < 8; i++)
		put16(&b, (uint16_t)i);
	assert_int_equal(read_frame(&b, 2, &info, &f, &err), DCB_ERR_TRUNCATED);
	assert_non_null(strstr(err.message, "frame 3 needs bytes 16 to 24"));
	dcb_frame_clear(&f);
	dcb_pixel_info_clear(&info);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(locator_follows_the_offset_table),
	    cmocka_unit_test(locator_uses_start_markers_without_a_table),
	    cmocka_unit_test(locator_refuses_bad_tables),
	    cmocka_unit_test(native_bits_stored_high_bit_and_sign),
	    cmocka_unit_test(native_one_bit_planar_and_32_bit),
	    cmocka_unit_test(native_refuses_impossible_attributes),
	    cmocka_unit_test(rle_decodes_runs_and_byte_planes),
	    cmocka_unit_test(ljpeg_decodes_dcmtk_streams),
	    cmocka_unit_test(ljpeg_refuses_bad_streams),
	    cmocka_unit_test(display_windows_follow_ps3_3),
	    cmocka_unit_test(display_luts_minmax_and_colour),
	    cmocka_unit_test(file_frames_with_and_without_offset_table),
	    cmocka_unit_test(file_native_frames_and_short_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
