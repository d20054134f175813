/* pixel.h — what a data set says about its pixels, and one decoded frame.
 *
 * The pixel layer (DESIGN.md, layer 9) reads the Image Pixel attributes of a
 * file (struct dcb_pixel_info, pixel-info.c), finds one frame in native or
 * encapsulated Pixel Data (pixel-file.c, pixel-frames.c), decodes it into a
 * struct dcb_frame of stored values (pixel-native.c, pixel-rle.c,
 * pixel-ljpeg.c and the library glue in pixel-jpeg.c, pixel-j2k.c,
 * pixel-jls.c) and runs PS3.3's display pipeline on it (pixel-display.c).
 * Nothing here draws or prints; one frame is in memory at a time. */
#ifndef DCB_PIXEL_H
#define DCB_PIXEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dcb-limits.h"
#include "error.h"

enum dcb_photometric {
	DCB_PI_UNKNOWN,
	DCB_PI_MONOCHROME1,
	DCB_PI_MONOCHROME2,
	DCB_PI_RGB,
	DCB_PI_YBR_FULL,
	DCB_PI_YBR_FULL_422,
	DCB_PI_YBR_ICT,
	DCB_PI_YBR_RCT,
	DCB_PI_PALETTE,
};

/* How the frames of Pixel Data are encoded (from the transfer syntax). */
enum dcb_pixel_codec {
	DCB_CODEC_NATIVE,        /* uncompressed (also inside a deflated data set) */
	DCB_CODEC_RLE,           /* PS3.5 Annex G */
	DCB_CODEC_JPEG,          /* baseline / extended, 8-bit: libjpeg */
	DCB_CODEC_JPEG_LOSSLESS, /* process 14 (any predictor): our own decoder */
	DCB_CODEC_JPEG_LS,       /* CharLS */
	DCB_CODEC_J2K,           /* openjpeg */
	DCB_CODEC_UNSUPPORTED,   /* a compressed syntax we do not decode */
};

/* A lookup table: LUT Descriptor (entries, first mapped value, bits) and
 * its data, widened to 16 bits.  Owned by the struct it sits in. */
struct dcb_lut {
	unsigned entries; /* 0: no LUT */
	int32_t first;    /* first input value mapped */
	unsigned bits;    /* bits per entry, 8 or 16 */
	uint16_t *data;   /* entries values */
};

enum dcb_voi_function {
	DCB_VOI_LINEAR,
	DCB_VOI_LINEAR_EXACT,
	DCB_VOI_SIGMOID,
};

/* The Image Pixel module and the display attributes of a data set. */
struct dcb_pixel_info {
	char ts_uid[65];
	enum dcb_pixel_codec codec;
	bool encapsulated;
	bool deflated;

	unsigned rows, cols;
	unsigned spp; /* Samples per Pixel */
	unsigned bits_allocated, bits_stored, high_bit;
	bool is_signed;  /* Pixel Representation 1 */
	unsigned planar; /* Planar Configuration */
	unsigned frames; /* Number of Frames (1 when absent) */
	bool has_frames; /* (0028,0008) present */
	char photometric_text[17];
	enum dcb_photometric photometric;
	int lossy; /* Lossy Image Compression: 1 "01", 0 "00", -1 absent */

	bool has_rescale;
	double slope, intercept;
	struct dcb_lut modality_lut;

	unsigned windows; /* window center/width pairs */
	double center[DCB_PIXEL_MAX_WINDOWS], width[DCB_PIXEL_MAX_WINDOWS];
	enum dcb_voi_function voi_function;
	struct dcb_lut voi_lut; /* the first item of VOI LUT Sequence */

	struct dcb_lut palette[3]; /* red, green, blue */

	bool has_pixel_data;
	int64_t pixel_offset;    /* offset of the (7FE0,0010) header */
	uint64_t pixel_length;   /* native: value length; encapsulated: undefined */
	unsigned fragments;      /* encapsulated: fragments seen (BOT included) */
	unsigned located_frames; /* encapsulated: frames the locator found */
};

void dcb_pixel_info_init(struct dcb_pixel_info *info);
void dcb_pixel_info_clear(struct dcb_pixel_info *info);

/* The photometric interpretation named by a CS value (spaces trimmed). */
enum dcb_photometric dcb_photometric_parse(const char *text);

/* The codec of a transfer syntax UID; *encapsulated tells whether its
 * pixel data is encapsulated.  Unknown UIDs are DCB_CODEC_UNSUPPORTED. */
enum dcb_pixel_codec dcb_pixel_codec_of(const char *ts_uid, bool *encapsulated);

/* True for a transfer syntax that loses information (PS3.5 §8.2: JPEG
 * baseline/extended, JPEG-LS near-lossless, JPEG 2000 irreversible...). */
bool dcb_ts_is_lossy(const char *ts_uid);

/* Bytes of one native frame (rounded up for 1-bit data); 0 when the
 * attributes do not describe an image. */
uint64_t dcb_pixel_native_frame_bytes(const struct dcb_pixel_info *info);

/* Checks the attributes a decoder relies on against PS3.3 C.7.6.3 and the
 * limits of dcb-limits.h: rows, columns, samples per pixel, bits.  Returns
 * 0, DCB_ERR_MALFORMED or DCB_ERR_LIMIT with a message that names the
 * attribute. */
int dcb_pixel_info_validate(const struct dcb_pixel_info *info, struct dcb_error *err);

/* One decoded frame: the stored values, widened to int32, interleaved
 * (sample by sample within a pixel), rows x cols x spp of them.  Unsigned
 * 32-bit values are kept as value - bias (bias 2^31) so they fit. */
struct dcb_frame {
	unsigned rows, cols, spp;
	enum dcb_photometric photometric; /* after decoding (JPEG colour is RGB) */
	unsigned bits_stored;
	bool is_signed;
	int64_t bias;
	int32_t *v;       /* owned */
	char damage[160]; /* the decoder got through, but said this about the data */
};

/* Allocates v for the info's geometry; DCB_ERR_LIMIT past the limits. */
int dcb_frame_alloc(struct dcb_frame *f, const struct dcb_pixel_info *info, struct dcb_error *err);
void dcb_frame_clear(struct dcb_frame *f);

/* Turns raw decoded words (RLE, JPEG-LS, lossless JPEG) into stored
 * values: shifted right by shift (High Bit + 1 - Bits Stored), masked to
 * Bits Stored, sign-extended for Pixel Representation 1, biased for
 * unsigned 32-bit values. */
void dcb_frame_fit_bits(struct dcb_frame *f, unsigned shift);

#endif
