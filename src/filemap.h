/* filemap.h — a read-only window of a file mapped into memory, moved
 * along as a sender streams the file: the bytes go from the page cache to
 * the socket with one copy (in the kernel) instead of two. */
#ifndef DCB_FILEMAP_H
#define DCB_FILEMAP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define DCB_FILEMAP_WINDOW (4u << 20) /* bytes mapped at a time */

struct dcb_filemap {
	int fd;        /* not owned */
	uint8_t *base; /* NULL: nothing mapped */
	uint64_t off;  /* file offset of base (page aligned) */
	size_t len;
};

/* Starts with nothing mapped; fd stays the caller's. */
void dcb_filemap_init(struct dcb_filemap *m, int fd);

/* Returns a pointer to the n bytes at file offset off, valid until the
 * next dcb_filemap_get() or dcb_filemap_close().  The window moves when
 * the range is outside it (at least DCB_FILEMAP_WINDOW, or n plus a
 * page).  NULL with DCB_ERR_IO when the file is shorter than off + n or
 * the mapping fails.  A file truncated by someone else while mapped
 * raises SIGBUS on access; the size is checked each time the window
 * moves, which narrows that to truncation during one window. */
const uint8_t *dcb_filemap_get(struct dcb_filemap *m, uint64_t off, size_t n,
                               struct dcb_error *err);

/* Unmaps the window (the fd stays open). */
void dcb_filemap_close(struct dcb_filemap *m);

#endif
