/* filebuf.c — the bounded read buffer (see filebuf.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filebuf.h"
#include "i18n.h"

#define BUF_MIN (64u * 1024u)
#define ZIN_SIZE (64u * 1024u)

int
dcb_filebuf_init(struct dcb_filebuf *fb, int fd, size_t cap_max, struct dcb_error *err)
{
	struct stat st;

	memset(fb, 0, sizeof *fb);
	fb->fd = fd;
	fb->file_size = -1;
	fb->cap_max = cap_max < BUF_MIN ? BUF_MIN : cap_max;
	fb->cap = BUF_MIN;
	fb->buf = malloc(fb->cap);
	if (fb->buf == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		fb->file_size = st.st_size;
		fb->seekable = lseek(fd, 0, SEEK_CUR) == 0;
	}
	return 0;
}

void
dcb_filebuf_clear(struct dcb_filebuf *fb)
{
	if (fb->z_ready)
		inflateEnd(&fb->z);
	free(fb->zin);
	free(fb->buf);
	memset(fb, 0, sizeof *fb);
	fb->fd = -1;
}

/* Reads raw file bytes, retrying on EINTR.  Returns the count, 0 at the
 * end, or a negative enum dcb_err. */
static long
raw_read(struct dcb_filebuf *fb, uint8_t *dst, size_t n, struct dcb_error *err)
{
	ssize_t got;

	do
		got = read(fb->fd, dst, n);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return dcb_error_set(err, DCB_ERR_IO, fb->pos, N_("cannot read the file: %s"),
		                     strerror(errno));
	return (long)got;
}

/* Produces up to n stream bytes: straight from the file, or inflated. */
static long
source_read(struct dcb_filebuf *fb, uint8_t *dst, size_t n, struct dcb_error *err)
{
	if (!fb->inflating)
		return raw_read(fb, dst, n, err);
	fb->z.next_out = dst;
	fb->z.avail_out = (uInt)(n > 0x40000000u ? 0x40000000u : n);
	for (;;) {
		int zrc;

		if (fb->z.avail_in == 0 && !fb->raw_eof) {
			long got = raw_read(fb, fb->zin, fb->zin_size, err);

			if (got < 0)
				return got;
			if (got == 0)
				fb->raw_eof = true;
			fb->z.next_in = fb->zin;
			fb->z.avail_in = (uInt)got;
		}
		zrc = inflate(&fb->z, Z_NO_FLUSH);
		if (zrc == Z_STREAM_END)
			return (long)((size_t)(fb->z.next_out - dst));
		if (zrc == Z_DATA_ERROR || zrc == Z_NEED_DICT)
			return dcb_error_set(err, DCB_ERR_MALFORMED, fb->pos,
			                     N_("the deflated data set is corrupt (%s)"),
			                     fb->z.msg != NULL ? fb->z.msg : "zlib");
		if (zrc == Z_MEM_ERROR)
			return dcb_error_set(err, DCB_ERR_NOMEM, fb->pos, N_("out of memory"));
		if (fb->z.next_out != dst)
			return (long)((size_t)(fb->z.next_out - dst));
		if (fb->raw_eof && fb->z.avail_in == 0)
			return 0; /* deflate stream cut short: the caller sees truncation */
	}
}

int
dcb_filebuf_fill(struct dcb_filebuf *fb, size_t need, struct dcb_error *err)
{
	while (fb->len - fb->cur < need) {
		long got;

		if (fb->eof)
			return 1;
		if (!fb->pin && fb->cur > 0) {
			memmove(fb->buf, fb->buf + fb->cur, fb->len - fb->cur);
			fb->len -= fb->cur;
			fb->cur = 0;
		}
		if (fb->len == fb->cap || fb->cap - fb->cur < need) {
			size_t want = fb->cap * 2;
			uint8_t *nb;

			if (want < fb->cur + need)
				want = fb->cur + need;
			if (want > fb->cap_max)
				want = fb->cap_max;
			if (want <= fb->cap || want < fb->cur + need)
				return dcb_error_set(
				    err, DCB_ERR_LIMIT, fb->pos,
				    N_("more than %zu bytes would have to be held in memory"),
				    fb->cap_max);
			nb = realloc(fb->buf, want);
			if (nb == NULL)
				return dcb_error_set(err, DCB_ERR_NOMEM, fb->pos,
				                     N_("out of memory"));
			fb->buf = nb;
			fb->cap = want;
		}
		got = source_read(fb, fb->buf + fb->len, fb->cap - fb->len, err);
		if (got < 0)
			return (int)got;
		if (got == 0)
			fb->eof = true;
		fb->len += (size_t)got;
	}
	return 0;
}

int
dcb_filebuf_skip(struct dcb_filebuf *fb, uint64_t n, struct dcb_error *err)
{
	while (n > 0) {
		size_t avail = fb->len - fb->cur, step;
		int rc;

		if (avail == 0 && !fb->inflating && fb->seekable && !fb->pin && n > BUF_MIN) {
			if (lseek(fb->fd, (off_t)n, SEEK_CUR) == (off_t)-1)
				return dcb_error_set(err, DCB_ERR_IO, fb->pos,
				                     N_("cannot seek in the file: %s"),
				                     strerror(errno));
			fb->pos += (int64_t)n;
			fb->cur = fb->len = 0;
			return 0;
		}
		if (avail == 0) {
			rc = dcb_filebuf_fill(fb, 1, err);
			if (rc != 0)
				return rc;
			avail = fb->len - fb->cur;
		}
		step = avail < n ? avail : (size_t)n;
		dcb_filebuf_consume(fb, step);
		n -= step;
	}
	return 0;
}

int
dcb_filebuf_inflate(struct dcb_filebuf *fb, struct dcb_error *err)
{
	size_t left = fb->len - fb->cur;
	int wbits = -MAX_WBITS;

	fb->zin_size = left > ZIN_SIZE ? left : ZIN_SIZE;
	fb->zin = malloc(fb->zin_size);
	if (fb->zin == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, fb->pos, N_("out of memory"));
	memcpy(fb->zin, fb->buf + fb->cur, left);
	/* Some writers put a zlib header in front of the raw deflate data. */
	if (left >= 2 && (fb->zin[0] & 0x0f) == 8 && ((fb->zin[0] << 8) | fb->zin[1]) % 31 == 0)
		wbits = MAX_WBITS;
	memset(&fb->z, 0, sizeof fb->z);
	if (inflateInit2(&fb->z, wbits) != Z_OK)
		return dcb_error_set(err, DCB_ERR_NOMEM, fb->pos, N_("cannot start zlib"));
	fb->z_ready = true;
	fb->z.next_in = fb->zin;
	fb->z.avail_in = (uInt)left;
	fb->cur = fb->len = 0;
	fb->raw_eof = fb->eof;
	fb->eof = false;
	fb->inflating = true;
	return 0;
}

int
dcb_file_read_all(const char *path, size_t max, uint8_t **out, size_t *len,
                  struct dcb_error *err)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	*out = NULL;
	*len = 0;
	if (f == NULL)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot read %s: %s"), path,
		                     strerror(errno));
	buf = malloc(max + 1);
	if (buf == NULL) {
		fclose(f);
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	}
	n = fread(buf, 1, max + 1, f);
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		free(buf);
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot read %s: %s"), path,
		                     strerror(e));
	}
	fclose(f);
	if (n > max) {
		free(buf);
		return dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("%s is larger than %zu bytes"),
		                     path, max);
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}
