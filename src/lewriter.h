/* lewriter.h — a little endian writer for the encoders of command sets and
 * data sets.  It counts even when out of room, so one pass with no buffer
 * tells the size and a second one writes. */
#ifndef DCB_LEWRITER_H
#define DCB_LEWRITER_H

#include <stddef.h>
#include <stdint.h>

struct dcb_lew {
	uint8_t *p;                    /* NULL with size 0: count only */
	size_t size;
	size_t off;                    /* bytes written or counted */
};

static inline void
dcb_lew_put8(struct dcb_lew *w, unsigned v)
{
	if (w->off < w->size)
		w->p[w->off] = (uint8_t)v;
	w->off++;
}

static inline void
dcb_lew_put16(struct dcb_lew *w, unsigned v)
{
	dcb_lew_put8(w, v & 0xff);
	dcb_lew_put8(w, (v >> 8) & 0xff);
}

static inline void
dcb_lew_put32(struct dcb_lew *w, uint32_t v)
{
	dcb_lew_put16(w, v & 0xffff);
	dcb_lew_put16(w, v >> 16);
}

/* Sets the 32-bit length at 'at' to the bytes written after it. */
static inline void
dcb_lew_patch32(struct dcb_lew *w, size_t at)
{
	uint32_t v = (uint32_t)(w->off - at - 4);

	if (at + 4 <= w->size) {
		w->p[at] = (uint8_t)v;
		w->p[at + 1] = (uint8_t)(v >> 8);
		w->p[at + 2] = (uint8_t)(v >> 16);
		w->p[at + 3] = (uint8_t)(v >> 24);
	}
}

#endif
