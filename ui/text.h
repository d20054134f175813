/* text.h — measuring and fitting UTF-8 text into terminal columns.
 *
 * Plain C (no curses): the panes use these to cut strings to a width, and
 * always mark a cut with "…" so nothing disappears silently. */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Display width of s in terminal columns (invalid bytes count 1). */
int ui_text_width(const char *s);

/* Display width of the first n bytes of s. */
int ui_text_width_n(const char *s, size_t n);

/* Copies s into out (size outsz), cut to at most width columns.  When s
 * does not fit, the copy ends with "…" (one column).  Returns the width
 * of what was written. */
int ui_text_fit(char *out, size_t outsz, const char *s, int width);

/* Like ui_text_fit, then pads with spaces to exactly width columns. */
int ui_text_pad(char *out, size_t outsz, const char *s, int width);

/* Keeps the end of s instead of its start ("…/samples/ct"). */
int ui_text_fit_left(char *out, size_t outsz, const char *s, int width);

/* Typing into a line s (of size bytes), one byte of UTF-8 at a time:
 * ui_text_type appends key when it is a typed byte (false if not);
 * ui_text_erase removes the last character. */
bool ui_text_type(char *s, size_t size, int key);
void ui_text_erase(char *s);

/* "512 B", "12.5 KB", "1.1 MB", "3.0 GB" (1 KB = 1024 B). */
void ui_fmt_bytes(char *out, size_t outsz, uint64_t n);

/* One hex dump line of up to 16 bytes at offset off:
 * "0000  01 00 00 00 ...  |....|". */
void ui_fmt_hexline(char *out, size_t outsz, const uint8_t *p, size_t n, size_t off);

#endif
