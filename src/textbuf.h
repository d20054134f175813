/* textbuf.h — append formatted text to a caller buffer, snprintf-style.
 *
 * Internal to the codecs' text functions (summaries, dumps): the buffer
 * is always NUL-terminated when size > 0, and len counts what would have
 * been written with unlimited room. */
#ifndef DCB_TEXTBUF_H
#define DCB_TEXTBUF_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct dcb_textbuf {
	char *buf;
	size_t size;
	size_t len;
};

void dcb_textbuf_init(struct dcb_textbuf *tb, char *buf, size_t size);

/* Appends; the format is used as given (translate before calling). */
void dcb_textbuf_printf(struct dcb_textbuf *tb, const char *fmt, ...) DCB_PRINTF(2, 3);

/* Appends s with control characters, backslash and bytes >= 0x7f shown
 * as \xNN, so invisible characters in peer values become visible. */
void dcb_textbuf_visible(struct dcb_textbuf *tb, const char *s, size_t n);

/* Appends bytes as hex pairs separated by spaces. */
void dcb_textbuf_hex(struct dcb_textbuf *tb, const uint8_t *p, size_t n);

/* Copies src (NULL = "") into dst[dsize], cut to fit, always terminated. */
void dcb_copy_cut(char *dst, size_t dsize, const char *src);

#endif
