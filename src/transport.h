/* transport.h — the byte pipe under an association: plain TCP, TLS, or an
 * in-memory pair for tests.
 *
 * Non-blocking.  read/writev return the count moved, or DCB_ERR_WANT_READ /
 * DCB_ERR_WANT_WRITE when the caller must poll() the fd for that and call
 * again (TLS may want to write during a read and the other way round), or
 * another negative enum dcb_err.  A read of 0 means the peer closed.
 *
 * Each implementation embeds struct dcb_transport first and fills the ops
 * table with designated initializers. */
#ifndef DCB_TRANSPORT_H
#define DCB_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "error.h"

struct dcb_transport;

struct dcb_transport_ops {
	const char *name;   /* "tcp", "tls", "memory" */
	/* Drives a pending handshake; 0 when done, WANT_* or an error. */
	int (*handshake)(struct dcb_transport *t, struct dcb_error *err);
	ssize_t (*read)(struct dcb_transport *t, void *buf, size_t n, struct dcb_error *err);
	ssize_t (*writev)(struct dcb_transport *t, const struct iovec *iov, int iovcnt,
	                  struct dcb_error *err);
	/* Optional (NULL: never): something the next read returns without the
	 * fd becoming readable (records TLS has decrypted or read ahead, a
	 * close that came behind data).  poll() cannot see it: read again
	 * before polling while this is true. */
	bool (*pending)(const struct dcb_transport *t);
	/* Orderly shutdown of the sending side (TLS close_notify). */
	int (*shutdown)(struct dcb_transport *t, struct dcb_error *err);
	/* Closes the fd and frees t. */
	void (*free)(struct dcb_transport *t);
	/* The fd to poll, -1 if none. */
	int (*fd)(const struct dcb_transport *t);
	/* One line for people: "TLS 1.3 TLS_AES_256_GCM_SHA384" or "plain TCP". */
	void (*describe)(const struct dcb_transport *t, char *buf, size_t size);
};

struct dcb_transport {
	const struct dcb_transport_ops *ops;
	char peer[64];      /* "127.0.0.1:51234" or "[::1]:51234" */
};

static inline ssize_t
dcb_transport_read(struct dcb_transport *t, void *buf, size_t n, struct dcb_error *err)
{
	return t->ops->read(t, buf, n, err);
}

static inline ssize_t
dcb_transport_writev(struct dcb_transport *t, const struct iovec *iov, int iovcnt,
                     struct dcb_error *err)
{
	return t->ops->writev(t, iov, iovcnt, err);
}

static inline bool
dcb_transport_pending(const struct dcb_transport *t)
{
	return t->ops->pending != NULL && t->ops->pending(t);
}

static inline void
dcb_transport_free(struct dcb_transport *t)
{
	if (t != NULL)
		t->ops->free(t);
}

#endif
