/* pixel-jpeg.h — JPEG baseline and extended 8-bit frames through
 * libjpeg-turbo (1.2.840.10008.1.2.4.50 and .51). */
#ifndef DCB_PIXEL_JPEG_H
#define DCB_PIXEL_JPEG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pixel.h"

/* Decodes one frame into f (allocated for info).  Colour frames come out
 * as RGB (f->photometric): YBR_* data sets are converted by the library,
 * RGB ones are taken as they are.  Returns 0, DCB_ERR_UNSUPPORTED (12-bit
 * or lossless streams, which this libjpeg cannot decode) or
 * DCB_ERR_MALFORMED with libjpeg's own words. */
int dcb_jpeg_decode(const uint8_t *src, size_t len, const struct dcb_pixel_info *info,
                    struct dcb_frame *f, struct dcb_error *err);

#endif
