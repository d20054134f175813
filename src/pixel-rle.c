/* pixel-rle.c — PS3.5 Annex G: a header of 16 little-endian words (segment
 * count, then up to 15 segment offsets), then PackBits segments. */
#include "config.h"

#include "bytes.h"
#include "i18n.h"
#include "pixel-rle.h"

#define RLE_HEADER 64
#define RLE_MAX_SEGMENTS 15

/* Expands one PackBits segment src[0..len) into a byte plane: byte i goes
 * to out[i * stride] (before the shift into a sample), pixels bytes in
 * all.  Returns 0 or DCB_ERR_MALFORMED. */
static int
unpack_segment(const uint8_t *src, size_t len, int32_t *out, size_t stride, unsigned shift,
               size_t pixels, unsigned seg, struct dcb_error *err)
{
	size_t i = 0, o = 0;

	while (o < pixels && i < len) {
		int n = (int8_t)src[i++];

		if (n >= 0) {
			size_t count = (size_t)n + 1;
			if (count > len - i)
				return dcb_error_set(
				    err, DCB_ERR_MALFORMED, -1,
				    N_("RLE segment %u: a literal run of %zu bytes at "
				       "byte %zu passes the end of the segment"),
				    seg, count, i - 1);
			if (count > pixels - o)
				return dcb_error_set(
				    err, DCB_ERR_MALFORMED, -1,
				    N_("RLE segment %u: a literal run of %zu bytes at "
				       "byte %zu passes the end of the frame"),
				    seg, count, i - 1);
			for (size_t k = 0; k < count; k++, o++)
				out[o * stride] |= (int32_t)((uint32_t)src[i + k] << shift);
			i += count;
		} else if (n != -128) {
			size_t count = (size_t)(1 - n);
			if (i >= len)
				return dcb_error_set(
				    err, DCB_ERR_MALFORMED, -1,
				    N_("RLE segment %u: a repeat run of %zu bytes at "
				       "byte %zu has no byte to repeat"),
				    seg, count, i - 1);
			if (count > pixels - o)
				return dcb_error_set(
				    err, DCB_ERR_MALFORMED, -1,
				    N_("RLE segment %u: a repeat run of %zu bytes at "
				       "byte %zu passes the end of the frame"),
				    seg, count, i - 1);
			uint32_t b = (uint32_t)src[i++] << shift;
			for (size_t k = 0; k < count; k++, o++)
				out[o * stride] |= (int32_t)b;
		}
	}
	if (o < pixels)
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("RLE segment %u decodes to %zu bytes, the frame has %zu "
		                        "pixels"),
		                     seg, o, pixels);
	return 0;
}

int
dcb_rle_decode(const uint8_t *src, size_t len, const struct dcb_pixel_info *info,
               struct dcb_frame *f, struct dcb_error *err)
{
	unsigned bytes = info->bits_allocated / 8;
	size_t pixels = (size_t)f->rows * f->cols;
	uint32_t nseg, off[RLE_MAX_SEGMENTS + 1];
	int rc;

	if (info->bits_allocated % 8 != 0 || bytes == 0)
		return dcb_error_set(err, DCB_ERR_UNSUPPORTED, -1,
		                     N_("RLE with Bits Allocated %u: only 8, 16 and 32 exist"),
		                     info->bits_allocated);
	if (len < RLE_HEADER)
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("an RLE frame of %zu bytes is shorter than its 64-byte "
		                        "header"),
		                     len);
	nseg = dcb_le32(src);
	if (nseg != bytes * f->spp)
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("the RLE header names %u segments; %u bits x %u samples "
		                        "need %u"),
		                     nseg, info->bits_allocated, f->spp, bytes * f->spp);
	for (unsigned s = 0; s < nseg; s++) {
		off[s] = dcb_le32(src + 4 + 4 * s);
		if (off[s] < RLE_HEADER || off[s] > len || (s > 0 && off[s] < off[s - 1]))
			return dcb_error_set(
			    err, DCB_ERR_MALFORMED, -1,
			    N_("RLE segment %u starts at byte %u, outside the %zu "
			       "bytes of the frame or before the segment before it"),
			    s + 1, off[s], len);
	}
	off[nseg] = (uint32_t)len;
	for (size_t i = 0; i < pixels * f->spp; i++)
		f->v[i] = 0;
	/* segments: sample 0 most significant byte first, then sample 1... */
	for (unsigned s = 0; s < nseg; s++) {
		unsigned sample = s / bytes;
		unsigned shift = 8 * (bytes - 1 - s % bytes);

		rc = unpack_segment(src + off[s], off[s + 1] - off[s], f->v + sample, f->spp, shift,
		                    pixels, s + 1, err);
		if (rc < 0)
			return rc;
	}
	dcb_frame_fit_bits(f, info->high_bit + 1 - info->bits_stored);
	return 0;
}
