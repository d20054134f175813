/* pixel-native.h — uncompressed frames (PS3.5 §8.1.1, §8.2 for
 * deflated data sets, whose pixel data is native once inflated). */
#ifndef DCB_PIXEL_NATIVE_H
#define DCB_PIXEL_NATIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pixel.h"

/* How the bytes of a native frame lie. */
struct dcb_native_layout {
	bool big_endian;     /* explicit VR big endian */
	bool ow;             /* VR OW: in big endian, 8-bit samples are swapped in pairs */
	unsigned bit_offset; /* 1-bit data: the frame starts this many bits into src */
};

/* Unpacks one native frame from src[0..len) into f (allocated by
 * dcb_frame_alloc() for info): any Bits Allocated (1, 8, 16, 32), Bits
 * Stored and High Bit, signed or unsigned, planar configuration 0 or 1,
 * YBR_FULL_422 with its shared chrominance.  Returns 0, or
 * DCB_ERR_TRUNCATED when len is shorter than the frame. */
int dcb_native_decode(const uint8_t *src, size_t len, const struct dcb_native_layout *layout,
                      const struct dcb_pixel_info *info, struct dcb_frame *f,
                      struct dcb_error *err);

#endif
