/* pixel-jls.h — JPEG-LS frames through CharLS's C API
 * (1.2.840.10008.1.2.4.80 and .81). */
#ifndef DCB_PIXEL_JLS_H
#define DCB_PIXEL_JLS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pixel.h"

/* Decodes one frame into f, allocated for info.  Returns 0 or
 * DCB_ERR_MALFORMED with CharLS's own words (a size that differs from the
 * data set's included). */
int dcb_jls_decode(const uint8_t *src, size_t len, const struct dcb_pixel_info *info,
                   struct dcb_frame *f, struct dcb_error *err);

#endif
