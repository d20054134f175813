/* transport-mem.h — a connected pair of transports inside one process, for
 * tests.
 *
 * Bytes travel through a local socket pair (so the engine can poll() them
 * like any socket), and each read and each write moves at most `chunk`
 * bytes: this is the "scripted data feed" that makes every parser and
 * writer above resume in the middle of a PDU. */
#ifndef DCB_TRANSPORT_MEM_H
#define DCB_TRANSPORT_MEM_H

#include <stddef.h>

#include "transport.h"

/* Makes two connected transports a and b.  chunk 0 means no limit.
 * Returns 0, or DCB_ERR_IO / DCB_ERR_NOMEM. */
int dcb_mem_pair(size_t chunk, struct dcb_transport **a, struct dcb_transport **b,
                 struct dcb_error *err);

/* Makes every `every`-th writev on t return DCB_ERR_WANT_WRITE without
 * writing (0: never), as a full socket would: the caller must then wait
 * for POLLOUT and try again.  Tests use it to walk every resume path. */
void dcb_mem_set_stall(struct dcb_transport *t, unsigned every);

/* Counters of one side: bytes moved and calls that returned WANT_*. */
struct dcb_mem_stats {
	size_t bytes_read, bytes_written;
	unsigned reads, writes, would_block;
};
void dcb_mem_stats(const struct dcb_transport *t, struct dcb_mem_stats *out);

#endif
