/* store-file.c — naming and atomic writing of received objects. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "dict.h"
#include "i18n.h"
#include "part10.h"
#include "store-file.h"

#define STORE_BUF 65536
#define STORE_IOV 64
#define STORE_BORROW_MIN 2048 /* slices this long are written from where they are */

struct dcb_store_file {
	int fd;
	bool normal; /* re-encode at commit (not +B, not deflated) */
	char dir[4096 - 32]; /* room for the temporary name after it */
	char tmp[4096];
	char path[4096];
	uint64_t bytes;
	size_t used; /* bytes of buf taken by pending slices */
	int n_iov;   /* pending slices, in file order */
	size_t iov_bytes;
	struct iovec iov[STORE_IOV]; /* into buf, or borrowed from the caller */
	uint8_t buf[STORE_BUF];
};

bool
dcb_store_uid_safe(const char *s)
{
	size_t n = 0;
	char prev = '.';

	if (s == NULL)
		return false;
	for (; s[n] != '\0'; n++) {
		char c = s[n];
		if (n >= 64)
			return false;
		if (c == '.') {
			if (prev == '.')
				return false; /* leading dot or empty component */
		} else if (c < '0' || c > '9') {
			return false;
		}
		prev = c;
	}
	return n > 0 && prev != '.';
}

int
dcb_store_new_uid(char *buf, size_t size, struct dcb_error *err)
{
	uint8_t r[16];
	unsigned __int128 v = 0;
	char digits[48];
	int n = 0;

	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("no random numbers for a new UID: %s"),
		                     strerror(errno));
	/* A version 4 UUID as one decimal number (PS3.5 B.2). */
	r[6] = (uint8_t)((r[6] & 0x0f) | 0x40);
	r[8] = (uint8_t)((r[8] & 0x3f) | 0x80);
	for (int i = 0; i < 16; i++)
		v = (v << 8) | r[i];
	do {
		digits[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v != 0);
	if (size < (size_t)n + 6)
		return DCB_ERR_LIMIT;
	memcpy(buf, "2.25.", 5);
	for (int i = 0; i < n; i++)
		buf[5 + i] = digits[n - 1 - i];
	buf[5 + n] = '\0';
	return 0;
}

/* Writes the pending slices with as few writev() calls as it takes. */
static int
flush_buf(struct dcb_store_file *f, struct dcb_error *err)
{
	struct iovec *v = f->iov;
	int n = f->n_iov;

	while (n > 0) {
		ssize_t w = writev(f->fd, v, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot write '%s': %s"),
			                     f->tmp, strerror(errno));
		while (n > 0 && (size_t)w >= v->iov_len) {
			w -= (ssize_t)v->iov_len;
			v++;
			n--;
		}
		if (n > 0) {
			v->iov_base = (uint8_t *)v->iov_base + w;
			v->iov_len -= (size_t)w;
		}
	}
	f->n_iov = 0;
	f->used = 0;
	f->iov_bytes = 0;
	return 0;
}

int
dcb_store_sync(struct dcb_store_file *f, struct dcb_error *err)
{
	return f != NULL && f->n_iov > 0 ? flush_buf(f, err) : 0;
}

static int
store_add(struct dcb_store_file *f, const void *data, size_t n, bool borrow, struct dcb_error *err)
{
	int rc;

	if (n == 0)
		return 0;
	f->bytes += n;
	if (f->n_iov == STORE_IOV || (!borrow && f->used + n > STORE_BUF)) {
		rc = flush_buf(f, err);
		if (rc < 0)
			return rc;
	}
	if (!borrow) {
		if (n > STORE_BUF) { /* too big to copy: write it now */
			f->iov[0] = (struct iovec){(void *)data, n};
			f->n_iov = 1;
			return flush_buf(f, err);
		}
		memcpy(f->buf + f->used, data, n);
		data = f->buf + f->used;
		f->used += n;
	}
	f->iov[f->n_iov++] = (struct iovec){(void *)data, n};
	f->iov_bytes += n;
	return 0;
}

int
dcb_store_write(struct dcb_store_file *f, const void *data, size_t n, struct dcb_error *err)
{
	return store_add(f, data, n, false, err);
}

int
dcb_store_write_borrowed(struct dcb_store_file *f, const void *data, size_t n,
                         struct dcb_error *err)
{
	return store_add(f, data, n, n >= STORE_BORROW_MIN, err);
}

/* Creates a temporary file in dir for an object on its way: its name into
 * path[size]; returns the descriptor, or -1 with err filled. */
static int
temp_file(const char *dir, char *path, size_t size, struct dcb_error *err)
{
	int fd;

	snprintf(path, size, "%s/.dicombench-XXXXXX.part", dir);
	fd = mkstemps(path, 5);
	if (fd < 0) {
		dcb_error_set(err, DCB_ERR_IO, -1,
		              N_("cannot create a file in output folder '%s': %s; check that it "
		                 "exists and is writable (-od)"),
		              dir, strerror(errno));
		return -1;
	}
	fchmod(fd, 0644);
	return fd;
}

int
dcb_store_begin(const struct dcb_store_policy *p, const char *sop_class, const char *sop_instance,
                const char *ts_uid, const char *source_ae, struct dcb_store_file **out,
                struct dcb_error *err)
{
	const char *dir = p->out_dir != NULL && p->out_dir[0] != '\0' ? p->out_dir : ".";
	const char *ext = p->extension != NULL ? p->extension : "";
	char fresh[80];
	uint8_t meta[1024];
	enum dcb_ts ts;
	bool encapsulated;
	struct dcb_store_file *f;
	long mlen;
	int rc;

	*out = NULL;
	if (!dcb_store_uid_safe(sop_class))
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("refusing SOP Class UID '%.80s': not a valid UID (digits "
		                        "and dots, at most 64), so it is not used in a file name"),
		                     sop_class);
	if (p->naming == DCB_NAMING_DEFAULT && !dcb_store_uid_safe(sop_instance))
		return dcb_error_set(
		    err, DCB_ERR_MALFORMED, -1,
		    N_("refusing SOP Instance UID '%.80s': not a valid UID (digits "
		       "and dots, at most 64), so it is not used as a file name"),
		    sop_instance);
	if (strchr(ext, '/') != NULL || strcmp(ext, ".") == 0 || strcmp(ext, "..") == 0)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("file name extension '%s' must not contain '/'"), ext);
	f = malloc(sizeof *f);
	if (f == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1,
		                     N_("out of memory for a received file"));
	f->normal = !p->bit_preserving && dcb_ts_from_uid(ts_uid, &ts, &encapsulated) &&
	            ts != DCB_TS_DEFLATED_LE;
	snprintf(f->dir, sizeof f->dir, "%s", dir);
	f->bytes = 0;
	f->used = 0;
	f->n_iov = 0;
	f->iov_bytes = 0;
	if (p->naming == DCB_NAMING_UNIQUE) {
		rc = dcb_store_new_uid(fresh, sizeof fresh, err);
		if (rc < 0) {
			free(f);
			return rc;
		}
		snprintf(f->path, sizeof f->path, "%s/%s.X.%s%s", dir,
		         dcb_uid_file_prefix(sop_class), fresh, ext);
	} else {
		snprintf(f->path, sizeof f->path, "%s/%s.%s%s", dir, dcb_uid_file_prefix(sop_class),
		         sop_instance, ext);
	}
	f->fd = temp_file(dir, f->tmp, sizeof f->tmp, err);
	if (f->fd < 0) {
		free(f);
		return DCB_ERR_IO;
	}
	mlen = dcb_meta_encode(meta, sizeof meta, sop_class, sop_instance, ts_uid, source_ae);
	if (mlen < 0) {
		dcb_store_abort(f);
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("cannot encode the meta header for '%.80s'"), sop_instance);
	}
	rc = dcb_store_write(f, meta, (size_t)mlen, err);
	if (rc < 0) {
		dcb_store_abort(f);
		return rc;
	}
	*out = f;
	return 0;
}

const char *
dcb_store_path(const struct dcb_store_file *f)
{
	return f->path;
}

/* Normal storage: the re-encoded file replaces the temporary file when
 * anything changed.  When the re-encoding fails (a data set it cannot
 * read, no room for the second copy) the object is kept as received and
 * res says why: what arrived whole is never lost to the re-encoding. */
static void
normalize(struct dcb_store_file *f, struct dcb_store_result *res)
{
	char tmp[sizeof f->tmp];
	struct dcb_error why = {0};
	int out = temp_file(f->dir, tmp, sizeof tmp, &why);
	int rc = out < 0 ? DCB_ERR_IO : dcb_normalize(f->fd, out, f->path, &res->changed, &why);

	if (rc == 1) {
		struct stat st;
		if (fstat(out, &st) == 0)
			f->bytes = (uint64_t)st.st_size;
		close(f->fd);
		unlink(f->tmp);
		f->fd = out;
		memcpy(f->tmp, tmp, sizeof tmp);
		return;
	}
	if (out >= 0) {
		close(out);
		unlink(tmp);
	}
	if (rc < 0) {
		res->as_received = true;
		memset(&res->changed, 0, sizeof res->changed);
		snprintf(res->why, sizeof res->why, "%s", why.message);
	}
}

int
dcb_store_commit(struct dcb_store_file *f, struct dcb_store_result *res, struct dcb_error *err)
{
	struct dcb_store_result scratch;
	struct stat st;
	int rc = flush_buf(f, err);

	if (res == NULL)
		res = &scratch;
	memset(res, 0, sizeof *res);
	if (rc == 0 && f->normal)
		normalize(f, res);
	if (rc == 0 && close(f->fd) != 0)
		rc = dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot write '%s': %s"), f->tmp,
		                   strerror(errno));
	f->fd = -1;
	if (rc < 0) {
		dcb_store_abort(f);
		return rc;
	}
	res->overwrote = lstat(f->path, &st) == 0;
	if (rename(f->tmp, f->path) != 0) {
		rc = dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot rename '%s' to '%s': %s"),
		                   f->tmp, f->path, strerror(errno));
		dcb_store_abort(f);
		return rc;
	}
	snprintf(res->path, sizeof res->path, "%s", f->path);
	res->bytes = f->bytes;
	free(f);
	return 0;
}

void
dcb_store_abort(struct dcb_store_file *f)
{
	if (f == NULL)
		return;
	if (f->fd >= 0)
		close(f->fd);
	unlink(f->tmp);
	free(f);
}
