/* pixel-rle.h — the RLE Lossless decoder (PS3.5 Annex G). */
#ifndef DCB_PIXEL_RLE_H
#define DCB_PIXEL_RLE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pixel.h"

/* Decodes one RLE frame (the 64-byte header and its segments) into f,
 * allocated for info.  Each segment holds one byte plane of one sample,
 * most significant byte first; f gets the stored values.  Returns 0 or
 * DCB_ERR_MALFORMED with the segment and the byte where the data went
 * wrong (a header whose segment count does not match Bits Allocated x
 * Samples per Pixel, offsets out of order or past the end, a segment that
 * decodes to more or fewer bytes than the frame has pixels). */
int dcb_rle_decode(const uint8_t *src, size_t len, const struct dcb_pixel_info *info,
                   struct dcb_frame *f, struct dcb_error *err);

#endif
