/* pixel-frames.h — which fragments of encapsulated Pixel Data make which
 * frame (PS3.5 A.4).
 *
 * Fed in stream order: the Basic Offset Table (the first item), then each
 * further fragment with its offset relative to the first fragment after
 * the table and its first bytes.  The locator answers the frame each
 * fragment belongs to:
 *   - a Basic Offset Table with one entry per frame decides;
 *   - RLE: each fragment is one frame (PS3.5 G.2);
 *   - one frame: every fragment is part of it;
 *   - otherwise a fragment that starts with the codec's start marker (JPEG
 *     SOI, JPEG 2000 SOC or JP2 signature) starts a new frame.
 * No I/O, no allocation beyond the table; the table and the counts are
 * checked against dcb-limits.h before anything is used. */
#ifndef DCB_PIXEL_FRAMES_H
#define DCB_PIXEL_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pixel.h"

struct dcb_frame_locator {
	enum dcb_pixel_codec codec;
	unsigned frames; /* Number of Frames of the data set */
	uint32_t *bot;   /* Basic Offset Table, nbot entries, owned */
	unsigned nbot;
	unsigned fragments;   /* fragments after the table seen so far */
	unsigned frame;       /* frame of the last fragment */
	uint64_t next_offset; /* relative offset the next fragment should have */
};

/* Starts locating in a data set of frames frames, encoded with codec.
 * bot/bot_len are the value of the first item (may be empty).  Returns 0,
 * DCB_ERR_MALFORMED (a table whose length is not a multiple of 4, whose
 * entry count is not the number of frames, or whose offsets do not start
 * at 0 and grow), DCB_ERR_LIMIT or DCB_ERR_NOMEM. */
int dcb_frame_locator_init(struct dcb_frame_locator *l, enum dcb_pixel_codec codec, unsigned frames,
                           const uint8_t *bot, size_t bot_len, struct dcb_error *err);
void dcb_frame_locator_clear(struct dcb_frame_locator *l);

/* The frame (0-based) of the next fragment, whose item header is at
 * rel_offset bytes after the first fragment's item header, with length
 * bytes of which head_len (up to 4 suffice) are in head.  Returns the
 * frame, or DCB_ERR_MALFORMED (the offset is not where the previous
 * fragment ended, the table names no frame for it) or DCB_ERR_LIMIT (too
 * many fragments). */
long dcb_frame_locator_next(struct dcb_frame_locator *l, uint64_t rel_offset, uint32_t length,
                            const uint8_t *head, size_t head_len, struct dcb_error *err);

/* Frames seen so far (the last fragment's frame + 1; 0 before any). */
unsigned dcb_frame_locator_count(const struct dcb_frame_locator *l);

#endif
