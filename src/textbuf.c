/* textbuf.c — snprintf-style appending for the codecs' text functions. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "textbuf.h"

void
dcb_textbuf_init(struct dcb_textbuf *tb, char *buf, size_t size)
{
	tb->buf = buf;
	tb->size = buf != NULL ? size : 0;
	tb->len = 0;
	if (tb->size > 0)
		tb->buf[0] = '\0';
}

void
dcb_textbuf_printf(struct dcb_textbuf *tb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (tb->len < tb->size)
		n = vsnprintf(tb->buf + tb->len, tb->size - tb->len, fmt, ap);
	else
		n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		tb->len += (size_t)n;
}

void
dcb_textbuf_visible(struct dcb_textbuf *tb, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '\\')
			dcb_textbuf_printf(tb, "\\x%02x", c);
		else
			dcb_textbuf_printf(tb, "%c", c);
	}
}

void
dcb_textbuf_hex(struct dcb_textbuf *tb, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dcb_textbuf_printf(tb, i ? " %02x" : "%02x", p[i]);
}

void
dcb_copy_cut(char *dst, size_t dsize, const char *src)
{
	size_t n = src != NULL ? strlen(src) : 0;

	if (dsize == 0)
		return;
	if (n >= dsize)
		n = dsize - 1;
	if (n > 0)
		memcpy(dst, src, n);
	dst[n] = '\0';
}
