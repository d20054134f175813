/* transport-mem.c — in-process transport pair with chunked I/O (tests). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "i18n.h"
#include "transport-mem.h"
#include "transport-tcp.h"

struct mem_transport {
	struct dcb_transport base; /* first: the ops table */
	int fd;
	size_t chunk;
	unsigned stall_every, calls;
	struct dcb_mem_stats stats;
};

static ssize_t
mem_read(struct dcb_transport *t, void *buf, size_t n, struct dcb_error *err)
{
	struct mem_transport *m = (struct mem_transport *)t;
	ssize_t r;

	if (m->chunk > 0 && n > m->chunk)
		n = m->chunk;
	do
		r = recv(m->fd, buf, n, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			m->stats.would_block++;
			return DCB_ERR_WANT_READ;
		}
		if (errno == ECONNRESET)
			return dcb_error_set(err, DCB_ERR_CLOSED, -1, N_("connection reset by %s"),
			                     t->peer);
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("receiving from %s failed: %s"),
		                     t->peer, strerror(errno));
	}
	m->stats.reads++;
	m->stats.bytes_read += (size_t)r;
	return r;
}

static ssize_t
mem_writev(struct dcb_transport *t, const struct iovec *iov, int iovcnt, struct dcb_error *err)
{
	struct mem_transport *m = (struct mem_transport *)t;
	struct iovec cut[64];
	size_t left = m->chunk > 0 ? m->chunk : (size_t)-1;
	int n = 0;
	ssize_t r;

	if (m->stall_every > 0 && ++m->calls % m->stall_every == 0) {
		m->stats.would_block++;
		return DCB_ERR_WANT_WRITE;
	}
	/* Hand at most `chunk` bytes to the socket. */
	for (int i = 0; i < iovcnt && n < 64 && left > 0; i++) {
		size_t len = iov[i].iov_len < left ? iov[i].iov_len : left;
		if (len == 0)
			continue;
		cut[n].iov_base = iov[i].iov_base;
		cut[n].iov_len = len;
		left -= len;
		n++;
	}
	if (n == 0)
		return 0;
	struct msghdr msg = {.msg_iov = cut, .msg_iovlen = (size_t)n};
	do
		r = sendmsg(m->fd, &msg, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			m->stats.would_block++;
			return DCB_ERR_WANT_WRITE;
		}
		return dcb_tcp_send_error(t, errno, err);
	}
	m->stats.writes++;
	m->stats.bytes_written += (size_t)r;
	return r;
}

static int
mem_handshake(struct dcb_transport *t, struct dcb_error *err)
{
	return 0;
}

static int
mem_shutdown(struct dcb_transport *t, struct dcb_error *err)
{
	(void)shutdown(((struct mem_transport *)t)->fd, SHUT_WR);
	return 0;
}

static void
mem_free(struct dcb_transport *t)
{
	struct mem_transport *m = (struct mem_transport *)t;

	close(m->fd);
	free(m);
}

static int
mem_fd(const struct dcb_transport *t)
{
	return ((const struct mem_transport *)t)->fd;
}

static void
mem_describe(const struct dcb_transport *t, char *buf, size_t size)
{
	snprintf(buf, size, "%s", _("in-memory pair"));
}

static const struct dcb_transport_ops mem_ops = {
    .name = "memory",
    .handshake = mem_handshake,
    .read = mem_read,
    .writev = mem_writev,
    .shutdown = mem_shutdown,
    .free = mem_free,
    .fd = mem_fd,
    .describe = mem_describe,
};

static struct mem_transport *
mem_new(int fd, size_t chunk, const char *name)
{
	struct mem_transport *m = calloc(1, sizeof *m);

	if (m == NULL)
		return NULL;
	m->base.ops = &mem_ops;
	m->fd = fd;
	m->chunk = chunk;
	snprintf(m->base.peer, sizeof m->base.peer, "%s", name);
	return m;
}

int
dcb_mem_pair(size_t chunk, struct dcb_transport **a, struct dcb_transport **b,
             struct dcb_error *err)
{
	int sv[2];
	struct mem_transport *ma, *mb;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) != 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot make a socket pair: %s"),
		                     strerror(errno));
	ma = mem_new(sv[0], chunk, "memory:a");
	mb = mem_new(sv[1], chunk, "memory:b");
	if (ma == NULL || mb == NULL) {
		free(ma);
		free(mb);
		close(sv[0]);
		close(sv[1]);
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory for a connection"));
	}
	*a = &ma->base;
	*b = &mb->base;
	return 0;
}

void
dcb_mem_set_stall(struct dcb_transport *t, unsigned every)
{
	((struct mem_transport *)t)->stall_every = every;
}

void
dcb_mem_stats(const struct dcb_transport *t, struct dcb_mem_stats *out)
{
	*out = ((const struct mem_transport *)t)->stats;
}
