/* pixel-ljpeg.h — JPEG lossless, process 14 (ITU-T T.81 Annex H): the
 * Huffman-coded predictive mode that CR, DX and MG devices send
 * (1.2.840.10008.1.2.4.57 and .70, selection value 1), with every
 * predictor, point transform, restart interval and 2 to 16 bits. */
#ifndef DCB_PIXEL_LJPEG_H
#define DCB_PIXEL_LJPEG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pixel.h"

/* Decodes one frame's JPEG stream into f (allocated for info).  Returns
 * 0, DCB_ERR_UNSUPPORTED (another JPEG process: baseline, extended,
 * arithmetic, hierarchical) or DCB_ERR_MALFORMED with the marker or byte
 * where the stream went wrong (its size differs from the data set's,
 * a Huffman code no table has, a stream that ends early). */
int dcb_ljpeg_decode(const uint8_t *src, size_t len, const struct dcb_pixel_info *info,
                     struct dcb_frame *f, struct dcb_error *err);

#endif
