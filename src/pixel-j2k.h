/* pixel-j2k.h — JPEG 2000 frames through openjpeg (1.2.840.10008.1.2.4.90,
 * .91, and the High-Throughput syntaxes .201 to .203). */
#ifndef DCB_PIXEL_J2K_H
#define DCB_PIXEL_J2K_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pixel.h"

/* Decodes one frame (a codestream, or a JP2 file) into f, allocated for
 * info.  YBR_ICT and YBR_RCT come out as RGB: openjpeg undoes the
 * component transform.  Returns 0, DCB_ERR_UNSUPPORTED (subsampled
 * components) or DCB_ERR_MALFORMED with openjpeg's own words. */
int dcb_j2k_decode(const uint8_t *src, size_t len, const struct dcb_pixel_info *info,
                   struct dcb_frame *f, struct dcb_error *err);

#endif
