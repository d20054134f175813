/* pixel-info.c — the Image Pixel attributes: names, transfer syntaxes,
 * geometry checks, and the decoded frame's storage. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pixel.h"

void
dcb_pixel_info_init(struct dcb_pixel_info *info)
{
	memset(info, 0, sizeof *info);
	info->spp = 1;
	info->frames = 1;
	info->lossy = -1;
	info->slope = 1.0;
	info->pixel_offset = -1;
}

static void
lut_clear(struct dcb_lut *l)
{
	free(l->data);
	memset(l, 0, sizeof *l);
}

void
dcb_pixel_info_clear(struct dcb_pixel_info *info)
{
	lut_clear(&info->modality_lut);
	lut_clear(&info->voi_lut);
	for (unsigned i = 0; i < 3; i++)
		lut_clear(&info->palette[i]);
}

enum dcb_photometric
dcb_photometric_parse(const char *text)
{
	static const struct {
		const char *name;
		enum dcb_photometric pi;
	} names[] = {
	    {"MONOCHROME1", DCB_PI_MONOCHROME1},
	    {"MONOCHROME2", DCB_PI_MONOCHROME2},
	    {"RGB", DCB_PI_RGB},
	    {"YBR_FULL", DCB_PI_YBR_FULL},
	    {"YBR_FULL_422", DCB_PI_YBR_FULL_422},
	    {"YBR_ICT", DCB_PI_YBR_ICT},
	    {"YBR_RCT", DCB_PI_YBR_RCT},
	    {"PALETTE COLOR", DCB_PI_PALETTE},
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(text, names[i].name) == 0)
			return names[i].pi;
	return DCB_PI_UNKNOWN;
}

static const struct {
	const char *uid;
	enum dcb_pixel_codec codec;
	bool encapsulated, lossy;
} syntaxes[] = {
    {"1.2.840.10008.1.2", DCB_CODEC_NATIVE, false, false},
    {"1.2.840.10008.1.2.1", DCB_CODEC_NATIVE, false, false},
    {"1.2.840.10008.1.2.1.99", DCB_CODEC_NATIVE, false, false},
    {"1.2.840.10008.1.2.2", DCB_CODEC_NATIVE, false, false},
    {"1.2.840.10008.1.2.5", DCB_CODEC_RLE, true, false},
    {"1.2.840.10008.1.2.4.50", DCB_CODEC_JPEG, true, true},
    {"1.2.840.10008.1.2.4.51", DCB_CODEC_JPEG, true, true},
    {"1.2.840.10008.1.2.4.57", DCB_CODEC_JPEG_LOSSLESS, true, false},
    {"1.2.840.10008.1.2.4.70", DCB_CODEC_JPEG_LOSSLESS, true, false},
    {"1.2.840.10008.1.2.4.80", DCB_CODEC_JPEG_LS, true, false},
    {"1.2.840.10008.1.2.4.81", DCB_CODEC_JPEG_LS, true, true},
    {"1.2.840.10008.1.2.4.90", DCB_CODEC_J2K, true, false},
    {"1.2.840.10008.1.2.4.91", DCB_CODEC_J2K, true, false},
    {"1.2.840.10008.1.2.4.201", DCB_CODEC_J2K, true, false},
    {"1.2.840.10008.1.2.4.202", DCB_CODEC_J2K, true, false},
    {"1.2.840.10008.1.2.4.203", DCB_CODEC_J2K, true, true},
    {"1.2.840.10008.1.2.4.100", DCB_CODEC_UNSUPPORTED, true, true},
    {"1.2.840.10008.1.2.4.101", DCB_CODEC_UNSUPPORTED, true, true},
    {"1.2.840.10008.1.2.4.102", DCB_CODEC_UNSUPPORTED, true, true},
    {"1.2.840.10008.1.2.4.103", DCB_CODEC_UNSUPPORTED, true, true},
    {"1.2.840.10008.1.2.4.104", DCB_CODEC_UNSUPPORTED, true, true},
    {"1.2.840.10008.1.2.4.105", DCB_CODEC_UNSUPPORTED, true, true},
    {"1.2.840.10008.1.2.4.106", DCB_CODEC_UNSUPPORTED, true, true},
    {"1.2.840.10008.1.2.4.107", DCB_CODEC_UNSUPPORTED, true, true},
    {"1.2.840.10008.1.2.4.108", DCB_CODEC_UNSUPPORTED, true, true},
};

enum dcb_pixel_codec
dcb_pixel_codec_of(const char *ts_uid, bool *encapsulated)
{
	for (size_t i = 0; i < sizeof syntaxes / sizeof syntaxes[0]; i++) {
		if (strcmp(ts_uid, syntaxes[i].uid) == 0) {
			*encapsulated = syntaxes[i].encapsulated;
			return syntaxes[i].codec;
		}
	}
	*encapsulated = true;
	return DCB_CODEC_UNSUPPORTED;
}

bool
dcb_ts_is_lossy(const char *ts_uid)
{
	for (size_t i = 0; i < sizeof syntaxes / sizeof syntaxes[0]; i++)
		if (strcmp(ts_uid, syntaxes[i].uid) == 0)
			return syntaxes[i].lossy;
	return false;
}

/* Samples stored per frame: YBR_FULL_422 keeps two luminance values and
 * one pair of chrominance values for every two pixels. */
static uint64_t
stored_samples(const struct dcb_pixel_info *info)
{
	uint64_t pixels = (uint64_t)info->rows * info->cols;

	if (info->photometric == DCB_PI_YBR_FULL_422 && info->spp == 3 &&
	    info->codec == DCB_CODEC_NATIVE)
		return pixels * 2;
	return pixels * info->spp;
}

uint64_t
dcb_pixel_native_frame_bytes(const struct dcb_pixel_info *info)
{
	return (stored_samples(info) * info->bits_allocated + 7) / 8;
}

int
dcb_pixel_info_validate(const struct dcb_pixel_info *info, struct dcb_error *err)
{
	uint64_t samples = (uint64_t)info->rows * info->cols * info->spp;

	if (info->rows == 0 || info->cols == 0)
		return dcb_error_set(
		    err, DCB_ERR_MALFORMED, info->pixel_offset,
		    N_("Rows (0028,0010) or Columns (0028,0011) is missing or zero: "
		       "the pixel data has no size"));
	if (info->spp != 1 && info->spp != 3)
		return dcb_error_set(err, DCB_ERR_MALFORMED, info->pixel_offset,
		                     N_("Samples per Pixel (0028,0002) is %u; only 1 and 3 exist"),
		                     info->spp);
	if (info->bits_allocated != 1 && info->bits_allocated != 8 && info->bits_allocated != 16 &&
	    info->bits_allocated != 32)
		return dcb_error_set(err, DCB_ERR_UNSUPPORTED, info->pixel_offset,
		                     N_("Bits Allocated (0028,0100) is %u; 1, 8, 16 and 32 are "
		                        "decoded"),
		                     info->bits_allocated);
	if (info->bits_stored == 0 || info->bits_stored > info->bits_allocated)
		return dcb_error_set(err, DCB_ERR_MALFORMED, info->pixel_offset,
		                     N_("Bits Stored (0028,0101) is %u with Bits Allocated %u: it "
		                        "must be 1 to Bits Allocated"),
		                     info->bits_stored, info->bits_allocated);
	if (info->high_bit >= info->bits_allocated || info->high_bit + 1 < info->bits_stored)
		return dcb_error_set(err, DCB_ERR_MALFORMED, info->pixel_offset,
		                     N_("High Bit (0028,0102) is %u: with Bits Stored %u and Bits "
		                        "Allocated %u it must be %u to %u"),
		                     info->high_bit, info->bits_stored, info->bits_allocated,
		                     info->bits_stored - 1, info->bits_allocated - 1);
	if (info->cols > DCB_PIXEL_MAX_DIM || info->rows > DCB_PIXEL_MAX_DIM ||
	    samples > DCB_PIXEL_MAX_SAMPLES)
		return dcb_error_set(err, DCB_ERR_LIMIT, info->pixel_offset,
		                     N_("a frame of %u x %u x %u samples is larger than the %u "
		                        "samples decoded at once"),
		                     info->cols, info->rows, info->spp, DCB_PIXEL_MAX_SAMPLES);
	if (info->frames == 0 || info->frames > DCB_PIXEL_MAX_FRAMES)
		return dcb_error_set(err, DCB_ERR_LIMIT, info->pixel_offset,
		                     N_("Number of Frames (0028,0008) is %u; 1 to %u are read"),
		                     info->frames, DCB_PIXEL_MAX_FRAMES);
	return 0;
}

int
dcb_frame_alloc(struct dcb_frame *f, const struct dcb_pixel_info *info, struct dcb_error *err)
{
	int rc = dcb_pixel_info_validate(info, err);

	memset(f, 0, sizeof *f);
	if (rc < 0)
		return rc;
	f->rows = info->rows;
	f->cols = info->cols;
	f->spp = info->spp;
	f->photometric = info->photometric;
	f->bits_stored = info->bits_stored;
	f->is_signed = info->is_signed;
	f->v = calloc((size_t)f->rows * f->cols * f->spp, sizeof *f->v);
	if (f->v == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1,
		                     N_("out of memory for a frame of %u x %u pixels"), f->cols,
		                     f->rows);
	return 0;
}

void
dcb_frame_clear(struct dcb_frame *f)
{
	free(f->v);
	memset(f, 0, sizeof *f);
}

void
dcb_frame_fit_bits(struct dcb_frame *f, unsigned shift)
{
	size_t n = (size_t)f->rows * f->cols * f->spp;
	unsigned bits = f->bits_stored;
	uint32_t mask = bits >= 32 ? 0xffffffffu : (1u << bits) - 1;

	f->bias = 0;
	if (bits >= 32 && !f->is_signed)
		f->bias = INT64_C(0x80000000);
	for (size_t i = 0; i < n; i++) {
		uint32_t u = ((uint32_t)f->v[i] >> shift) & mask;

		if (f->bias != 0)
			u ^= 0x80000000u;
		else if (f->is_signed && bits < 32 && (u & (1u << (bits - 1))))
			u |= ~mask;
		f->v[i] = (int32_t)u;
	}
}
