/* filemap.c — a moving read-only mapping window over a file. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filemap.h"
#include "i18n.h"

void
dcb_filemap_init(struct dcb_filemap *m, int fd)
{
	*m = (struct dcb_filemap){.fd = fd};
}

void
dcb_filemap_close(struct dcb_filemap *m)
{
	if (m->base != NULL)
		munmap(m->base, m->len);
	m->base = NULL;
	m->off = 0;
	m->len = 0;
}

const uint8_t *
dcb_filemap_get(struct dcb_filemap *m, uint64_t off, size_t n, struct dcb_error *err)
{
	struct stat st;
	uint64_t page, start, want, size;
	void *p;

	if (m->base != NULL && off >= m->off && off + n <= m->off + m->len)
		return m->base + (off - m->off);
	dcb_filemap_close(m);
	if (n == 0 || fstat(m->fd, &st) != 0) {
		dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot map the file: %s"),
		              n == 0 ? strerror(EINVAL) : strerror(errno));
		return NULL;
	}
	size = (uint64_t)st.st_size;
	if (off + n > size) {
		dcb_error_set(err, DCB_ERR_IO, (int64_t)size,
		              N_("the file got shorter (%llu bytes, %llu needed)"),
		              (unsigned long long)size, (unsigned long long)(off + n));
		return NULL;
	}
	page = (uint64_t)sysconf(_SC_PAGESIZE);
	start = off - off % page;
	want = off + n - start;
	if (want < DCB_FILEMAP_WINDOW)
		want = DCB_FILEMAP_WINDOW;
	if (want > size - start)
		want = size - start;
	p = mmap(NULL, (size_t)want, PROT_READ, MAP_SHARED | MAP_POPULATE, m->fd, (off_t)start);
	if (p == MAP_FAILED) {
		dcb_error_set(err, DCB_ERR_IO, (int64_t)off, N_("cannot map the file: %s"),
		              strerror(errno));
		return NULL;
	}
	(void)madvise(p, (size_t)want, MADV_SEQUENTIAL);
	m->base = p;
	m->off = start;
	m->len = (size_t)want;
	return m->base + (off - start);
}
