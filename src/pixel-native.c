/* pixel-native.c — uncompressed frames into stored values. */
#include "config.h"

#include "bytes.h"
#include "i18n.h"
#include "pixel-native.h"

/* The i-th allocated cell of the frame, as an unsigned word. */
static uint32_t
cell(const uint8_t *src, size_t i, unsigned bits, const struct dcb_native_layout *layout)
{
	switch (bits) {
	case 1: {
		size_t bit = i + layout->bit_offset;
		return (src[bit / 8] >> (bit % 8)) & 1u;
	}
	case 8:
		return src[layout->big_endian && layout->ow ? i ^ 1u : i];
	case 16:
		return dcb_get16(src + 2 * i, layout->big_endian);
	default:
		return dcb_get32(src + 4 * i, layout->big_endian);
	}
}

/* Bits Stored / High Bit: the stored value inside an allocated cell. */
static int32_t
stored(uint32_t word, const struct dcb_pixel_info *info, int64_t *bias)
{
	unsigned shift = info->high_bit + 1 - info->bits_stored;
	unsigned bits = info->bits_stored;
	uint32_t mask = bits >= 32 ? 0xffffffffu : (1u << bits) - 1;
	uint32_t v = (word >> shift) & mask;

	if (info->is_signed) {
		if (bits < 32 && (v & (1u << (bits - 1))))
			v |= ~mask;
		return (int32_t)v;
	}
	if (bits >= 32) {
		*bias = INT64_C(0x80000000);
		return (int32_t)(v ^ 0x80000000u);
	}
	return (int32_t)v;
}

int
dcb_native_decode(const uint8_t *src, size_t len, const struct dcb_native_layout *layout,
                  const struct dcb_pixel_info *info, struct dcb_frame *f, struct dcb_error *err)
{
	size_t pixels = (size_t)f->rows * f->cols;
	unsigned ba = info->bits_allocated;
	uint64_t need = ba == 1 ? ((uint64_t)pixels * f->spp + layout->bit_offset + 7) / 8
	                        : dcb_pixel_native_frame_bytes(info);

	if (len < need)
		return dcb_error_set(err, DCB_ERR_TRUNCATED, info->pixel_offset,
		                     N_("the frame needs %llu bytes of pixel data, %zu are there"),
		                     (unsigned long long)need, len);
	f->bias = 0;
	if (info->photometric == DCB_PI_YBR_FULL_422 && f->spp == 3) {
		/* Y1 Y2 Cb Cr for each pair of pixels along a row */
		size_t i = 0;
		if (f->cols % 2 != 0)
			return dcb_error_set(err, DCB_ERR_MALFORMED, info->pixel_offset,
			                     N_("YBR_FULL_422 needs an even number of columns, "
			                        "not %u"),
			                     f->cols);
		for (unsigned r = 0; r < f->rows; r++) {
			int32_t *row = f->v + (size_t)r * f->cols * 3;
			for (unsigned c = 0; c < f->cols; c += 2) {
				int32_t y1 = stored(cell(src, i, ba, layout), info, &f->bias);
				int32_t y2 = stored(cell(src, i + 1, ba, layout), info, &f->bias);
				int32_t cb = stored(cell(src, i + 2, ba, layout), info, &f->bias);
				int32_t cr = stored(cell(src, i + 3, ba, layout), info, &f->bias);
				row[3 * c] = y1, row[3 * c + 1] = cb, row[3 * c + 2] = cr;
				row[3 * c + 3] = y2, row[3 * c + 4] = cb, row[3 * c + 5] = cr;
				i += 4;
			}
		}
		return 0;
	}
	if (f->spp > 1 && info->planar == 1) {
		for (unsigned s = 0; s < f->spp; s++)
			for (size_t p = 0; p < pixels; p++)
				f->v[p * f->spp + s] =
				    stored(cell(src, s * pixels + p, ba, layout), info, &f->bias);
		return 0;
	}
	for (size_t i = 0; i < pixels * f->spp; i++)
		f->v[i] = stored(cell(src, i, ba, layout), info, &f->bias);
	return 0;
}
