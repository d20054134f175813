/* filebuf.h — a bounded read buffer over a file descriptor, optionally
 * inflating (raw deflate or zlib) from some point on.
 *
 * The Part 10 reader pulls bytes through it: fill() makes sure a number of
 * bytes are contiguous at the cursor, consume() moves past them, skip()
 * seeks over big values when it can.  The buffer never grows past cap_max,
 * so memory stays flat whatever the file size. */
#ifndef DCB_FILEBUF_H
#define DCB_FILEBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "error.h"

struct dcb_filebuf {
	int fd; /* borrowed: never closed here */
	uint8_t *buf;
	size_t cap, cap_max;
	size_t cur, len;   /* unread bytes are buf[cur .. len) */
	int64_t pos;       /* stream offset of buf[cur] (inflated bytes count once inflating) */
	bool eof;          /* the source has nothing more */
	bool pin;          /* keep consumed bytes: buf[0] stays at offset 0 */
	int64_t file_size; /* -1 when unknown (not a regular file) */
	bool seekable;
	bool inflating;
	bool z_ready;
	bool raw_eof;
	z_stream z;
	uint8_t *zin;
	size_t zin_size;
};

/* Sets fb up over fd (positioned at its start).  Returns 0 or
 * DCB_ERR_NOMEM. */
int dcb_filebuf_init(struct dcb_filebuf *fb, int fd, size_t cap_max, struct dcb_error *err);

/* Reads a whole small file (configuration, lesson, key) into *out, with a
 * NUL after its *len bytes; the caller frees it.  0, or DCB_ERR_IO (cannot
 * read), DCB_ERR_LIMIT (larger than max bytes), DCB_ERR_NOMEM; err says
 * which file and why. */
int dcb_file_read_all(const char *path, size_t max, uint8_t **out, size_t *len,
                      struct dcb_error *err);

/* Frees what fb holds (not the descriptor). */
void dcb_filebuf_clear(struct dcb_filebuf *fb);

/* Makes sure need bytes are buffered at the cursor.  Returns 0 when they
 * are, 1 when the stream ends first (no error set), DCB_ERR_LIMIT when need
 * exceeds cap_max, DCB_ERR_IO, DCB_ERR_MALFORMED (corrupt deflate data) or
 * DCB_ERR_NOMEM. */
int dcb_filebuf_fill(struct dcb_filebuf *fb, size_t need, struct dcb_error *err);

/* Skips n bytes, seeking over them when the file allows.  Returns 0, 1
 * when the stream ends first (no error set), or < 0 as fill(). */
int dcb_filebuf_skip(struct dcb_filebuf *fb, uint64_t n, struct dcb_error *err);

/* From the cursor on, the stream is deflated (a zlib header is detected).
 * Offsets go on counting inflated bytes.  Returns 0 or DCB_ERR_NOMEM. */
int dcb_filebuf_inflate(struct dcb_filebuf *fb, struct dcb_error *err);

/* Bytes buffered at the cursor. */
static inline size_t
dcb_filebuf_avail(const struct dcb_filebuf *fb)
{
	return fb->len - fb->cur;
}

/* The buffered bytes at the cursor. */
static inline const uint8_t *
dcb_filebuf_peek(const struct dcb_filebuf *fb)
{
	return fb->buf + fb->cur;
}

/* Moves the cursor past n buffered bytes (n <= avail). */
static inline void
dcb_filebuf_consume(struct dcb_filebuf *fb, size_t n)
{
	fb->cur += n;
	fb->pos += (int64_t)n;
}

#endif
