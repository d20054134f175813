/* rle.h — RLE Lossless compression of one frame (PS3.5 Annex G).
 *
 * The frame is given as its native (uncompressed, little endian)
 * pixel bytes: rows × cols pixels of spp samples each, interleaved
 * (Planar Configuration 0), bps bytes per sample (1, 2 or 4).  The result
 * has the 64-byte RLE header (number of segments, then fifteen offsets)
 * followed by spp × bps segments, most significant byte plane first for
 * each sample; each row is packed separately (PackBits, G.3.1) and each
 * segment is padded to even length. */
#ifndef DCB_RLE_H
#define DCB_RLE_H

#include <stddef.h>

/* Returns a malloc'd buffer of *out_len bytes.  Dies on out of memory
 * or when spp × bps exceeds the 15 segments RLE allows. */
unsigned char *rle_encode_frame(const unsigned char *pix, unsigned rows, unsigned cols,
                                unsigned spp, unsigned bps, size_t *out_len);

#endif
