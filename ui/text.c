/* text.c — measuring and fitting UTF-8 text into terminal columns. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

/* Decodes one character at s: returns its byte length (>= 1) and its
 * column width in *w (invalid sequences: 1 byte, 1 column; controls: 1). */
static size_t
next_char(const char *s, size_t len, int *w)
{
	mbstate_t st;
	wchar_t wc;

	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(&wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*w = 1;
		return 1;
	}
	int cw = wcwidth(wc);
	*w = cw < 0 ? 1 : cw;
	return n;
}

int
ui_text_width(const char *s)
{
	return ui_text_width_n(s, strlen(s));
}

int
ui_text_width_n(const char *s, size_t len)
{
	int total = 0;

	for (size_t i = 0; i < len;) {
		int w;
		i += next_char(s + i, len - i, &w);
		total += w;
	}
	return total;
}

/* Copies up to maxw columns of s into out; returns bytes copied, width in *used. */
static size_t
copy_cols(char *out, size_t outsz, const char *s, size_t len, int maxw, int *used)
{
	size_t i = 0;
	int cols = 0;

	while (i < len) {
		int w;
		size_t n = next_char(s + i, len - i, &w);
		if (cols + w > maxw || i + n + 1 > outsz)
			break;
		memcpy(out + i, s + i, n);
		i += n;
		cols += w;
	}
	out[i] = '\0';
	*used = cols;
	return i;
}

static const char ellipsis[] = "\xe2\x80\xa6"; /* … */

int
ui_text_fit(char *out, size_t outsz, const char *s, int width)
{
	size_t len = strlen(s);
	int used;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (width <= 0)
		return 0;
	if (ui_text_width(s) <= width) {
		size_t n = copy_cols(out, outsz, s, len, width, &used);
		if (n == len)
			return used;
	}
	/* It does not fit: keep width - 1 columns and add the ellipsis. */
	if (outsz < sizeof ellipsis)
		return 0;
	size_t n = copy_cols(out, outsz - (sizeof ellipsis - 1), s, len, width - 1, &used);
	memcpy(out + n, ellipsis, sizeof ellipsis);
	return used + 1;
}

int
ui_text_pad(char *out, size_t outsz, const char *s, int width)
{
	int used = ui_text_fit(out, outsz, s, width);
	size_t n = strlen(out);

	while (used < width && n + 1 < outsz) {
		out[n++] = ' ';
		used++;
	}
	out[n] = '\0';
	return used;
}

bool
ui_text_type(char *s, size_t size, int key)
{
	size_t n = strlen(s);

	if (key < 0x20 || key >= 0x100 || key == 0x7f)
		return false;
	if (n + 1 < size) {
		s[n] = (char)key;
		s[n + 1] = '\0';
	}
	return true;
}

void
ui_text_erase(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && ((unsigned char)s[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		n--;
	s[n] = '\0';
}

int
ui_text_fit_left(char *out, size_t outsz, const char *s, int width)
{
	int total = ui_text_width(s);
	size_t len = strlen(s);

	if (total <= width || width <= 1)
		return ui_text_fit(out, outsz, s, width);
	/* Skip characters from the start until the rest fits in width - 1. */
	size_t i = 0;
	while (i < len && total > width - 1) {
		int w;
		i += next_char(s + i, len - i, &w);
		total -= w;
	}
	snprintf(out, outsz, "%s%s", ellipsis, s + i);
	return total + 1;
}

void
ui_fmt_bytes(char *out, size_t outsz, uint64_t n)
{
	static const char *const units[] = {"KB", "MB", "GB", "TB"};

	if (n < 1024) {
		snprintf(out, outsz, "%u B", (unsigned)n);
		return;
	}
	double v = (double)n / 1024.0;
	size_t u = 0;
	while (v >= 1024.0 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024.0;
		u++;
	}
	if (v >= 100.0 || v == (double)(uint64_t)v)
		snprintf(out, outsz, "%.0f %s", v, units[u]);
	else
		snprintf(out, outsz, "%.1f %s", v, units[u]);
}

void
ui_fmt_hexline(char *out, size_t outsz, const uint8_t *p, size_t n, size_t off)
{
	size_t pos = 0;

	if (n > 16)
		n = 16;
	pos += (size_t)snprintf(out + pos, outsz - pos, "%04zx ", off);
	for (size_t i = 0; i < 16 && pos < outsz; i++) {
		if (i == 8)
			pos += (size_t)snprintf(out + pos, outsz - pos, " ");
		if (pos >= outsz)
			break;
		if (i < n)
			pos += (size_t)snprintf(out + pos, outsz - pos, " %02x", p[i]);
		else
			pos += (size_t)snprintf(out + pos, outsz - pos, "   ");
	}
	if (pos < outsz)
		pos += (size_t)snprintf(out + pos, outsz - pos, "  |");
	for (size_t i = 0; i < n && pos + 2 < outsz; i++)
		out[pos++] = (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '.';
	if (pos + 2 <= outsz) {
		out[pos++] = '|';
		out[pos] = '\0';
	} else if (outsz > 0) {
		out[outsz - 1] = '\0';
	}
}
