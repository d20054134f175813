/* transport-tcp.c — plain TCP transport, listeners and connects. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "i18n.h"
#include "transport-tcp.h"

struct tcp_transport {
	struct dcb_transport base; /* first: the ops table */
	int fd;
};

static int
set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return 0;
}

static void
set_nodelay(int fd)
{
	int one = 1;

	/* Fails harmlessly on AF_UNIX sockets. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void
dcb_tcp_format_addr(const struct sockaddr *sa, socklen_t len, char *buf, size_t size)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (sa->sa_family != AF_INET && sa->sa_family != AF_INET6) {
		snprintf(buf, size, "local");
		return;
	}
	if (getnameinfo(sa, len, host, sizeof host, serv, sizeof serv,
	                NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(buf, size, "?");
		return;
	}
	if (sa->sa_family == AF_INET6) {
		/* Show v4-mapped peers of a dual-stack listener as plain IPv4. */
		if (strncmp(host, "::ffff:", 7) == 0 && strchr(host + 7, ':') == NULL)
			snprintf(buf, size, "%s:%s", host + 7, serv);
		else
			snprintf(buf, size, "[%s]:%s", host, serv);
	} else {
		snprintf(buf, size, "%s:%s", host, serv);
	}
}

/* Reads shorter than this are answered with an immediate ACK. */
#define QUICKACK_BELOW 16384

static ssize_t
tcp_read(struct dcb_transport *t, void *buf, size_t n, struct dcb_error *err)
{
	struct tcp_transport *tt = (struct tcp_transport *)t;

	for (;;) {
		ssize_t r = recv(tt->fd, buf, n, 0);
		if (r > 0 && r < QUICKACK_BELOW) {
			/* A small read is a conversation (a command, a query): acknowledge
			 * at once.  A peer that writes a command and its data set in two
			 * writes without TCP_NODELAY (dcmtk's tools) otherwise waits for
			 * our delayed ACK, 40 ms, before the second. */
			int one = 1;
			(void)setsockopt(tt->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
		}
		if (r >= 0)
			return r;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return DCB_ERR_WANT_READ;
		if (errno == ECONNRESET)
			return dcb_error_set(err, DCB_ERR_CLOSED, -1, N_("connection reset by %s"),
			                     t->peer);
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("receiving from %s failed: %s"),
		                     t->peer, strerror(errno));
	}
}

int
dcb_tcp_send_error(const struct dcb_transport *t, int e, struct dcb_error *err)
{
	if (e == EPIPE || e == ECONNRESET)
		return dcb_error_set(err, DCB_ERR_CLOSED, -1,
		                     N_("connection closed by %s while sending"), t->peer);
	return dcb_error_set(err, DCB_ERR_IO, -1, N_("sending to %s failed: %s"), t->peer,
	                     strerror(e));
}

static ssize_t
send_msg(struct tcp_transport *tt, const struct iovec *iov, int iovcnt, int flags,
         struct dcb_error *err)
{
	struct msghdr msg = {.msg_iov = (struct iovec *)iov, .msg_iovlen = (size_t)iovcnt};

	for (;;) {
		ssize_t r = sendmsg(tt->fd, &msg, MSG_NOSIGNAL | flags);
		if (r >= 0)
			return r;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return DCB_ERR_WANT_WRITE;
		return dcb_tcp_send_error(&tt->base, errno, err);
	}
}

static ssize_t
tcp_writev(struct dcb_transport *t, const struct iovec *iov, int iovcnt, struct dcb_error *err)
{
	return send_msg((struct tcp_transport *)t, iov, iovcnt, 0, err);
}

static int
tcp_handshake(struct dcb_transport *t, struct dcb_error *err)
{
	return 0;
}

static int
tcp_shutdown(struct dcb_transport *t, struct dcb_error *err)
{
	struct tcp_transport *tt = (struct tcp_transport *)t;

	(void)shutdown(tt->fd, SHUT_WR);
	return 0;
}

static void
tcp_free(struct dcb_transport *t)
{
	struct tcp_transport *tt = (struct tcp_transport *)t;

	if (tt->fd >= 0)
		close(tt->fd);
	free(tt);
}

static int
tcp_fd(const struct dcb_transport *t)
{
	return ((const struct tcp_transport *)t)->fd;
}

static void
tcp_describe(const struct dcb_transport *t, char *buf, size_t size)
{
	snprintf(buf, size, "%s", _("plain TCP"));
}

static const struct dcb_transport_ops tcp_ops = {
    .name = "tcp",
    .handshake = tcp_handshake,
    .read = tcp_read,
    .writev = tcp_writev,
    .shutdown = tcp_shutdown,
    .free = tcp_free,
    .fd = tcp_fd,
    .describe = tcp_describe,
};

struct dcb_transport *
dcb_tcp_wrap(int fd, const char *peer, struct dcb_error *err)
{
	struct tcp_transport *tt = calloc(1, sizeof *tt);

	if (tt == NULL) {
		close(fd);
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory for a connection"));
		return NULL;
	}
	tt->base.ops = &tcp_ops;
	tt->fd = fd;
	snprintf(tt->base.peer, sizeof tt->base.peer, "%s", peer != NULL ? peer : "");
	return &tt->base;
}

static int
resolve(const char *host, int port, bool no_dns, bool passive, struct addrinfo **res,
        struct dcb_error *err)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_family = AF_UNSPEC};
	char serv[16];
	int rc;

	if (port < 0 || port > 65535)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("port %d is out of range; use a port from 1 to 65535"),
		                     port);
	snprintf(serv, sizeof serv, "%d", port);
	hints.ai_flags =
	    AI_NUMERICSERV | (passive ? AI_PASSIVE : 0) | (no_dns ? AI_NUMERICHOST : 0);
	rc = getaddrinfo(host, serv, &hints, res);
	if (rc != 0) {
		if (no_dns && rc == EAI_NONAME)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("'%s' is not a numeric address and host name "
			                        "lookup is disabled; give an IP address"),
			                     host);
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("cannot resolve '%s': %s; check the host name"),
		                     host != NULL ? host : "*", gai_strerror(rc));
	}
	return 0;
}

int
dcb_tcp_listen(const char *host, int port, bool no_dns, struct dcb_error *err)
{
	struct addrinfo *res = NULL, *ai;
	int fd = -1, saved = 0, one = 1, rc;

	if (host != NULL && host[0] == '\0')
		host = NULL;
	if (host == NULL) {
		/* Dual stack first, so IPv6 peers reach us too. */
		struct sockaddr_in6 a6 = {.sin6_family = AF_INET6,
		                          .sin6_addr = IN6ADDR_ANY_INIT,
		                          .sin6_port = htons((uint16_t)port)};
		int zero = 0;
		if (port < 0 || port > 65535)
			return dcb_error_set(
			    err, DCB_ERR_USAGE, -1,
			    N_("port %d is out of range; use a port from 1 to 65535"), port);
		fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0) {
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
			if (bind(fd, (struct sockaddr *)&a6, sizeof a6) == 0 &&
			    listen(fd, SOMAXCONN) == 0 && set_nonblock(fd) == 0)
				return fd;
			saved = errno;
			close(fd);
			if (saved == EADDRINUSE || saved == EACCES)
				goto fail;
		}
		host = "0.0.0.0";
	}
	rc = resolve(host, port, no_dns, true, &res, err);
	if (rc < 0)
		return rc;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			saved = errno;
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0 &&
		    set_nonblock(fd) == 0) {
			freeaddrinfo(res);
			return fd;
		}
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
fail:
	if (saved == EADDRINUSE)
		return dcb_error_set(err, DCB_ERR_IO, -1,
		                     N_("cannot listen on port %d: it is already in use; stop "
		                        "the other program or choose another port"),
		                     port);
	if (saved == EACCES)
		return dcb_error_set(err, DCB_ERR_IO, -1,
		                     N_("cannot listen on port %d: permission denied; ports "
		                        "below 1024 need privileges, try 11112"),
		                     port);
	return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot listen on port %d: %s"), port,
	                     strerror(saved));
}

int
dcb_tcp_local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return -1;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return -1;
}

int
dcb_tcp_accept(int lfd, char *peer, size_t peer_size, struct dcb_error *err)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int fd;

	for (;;) {
		fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0)
			break;
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return DCB_ERR_WANT_READ;
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("accepting a connection failed: %s"),
		                     strerror(errno));
	}
	set_nodelay(fd);
	if (peer != NULL)
		dcb_tcp_format_addr((struct sockaddr *)&ss, len, peer, peer_size);
	return fd;
}

/* Says why connecting failed, from the errno of the last address tried. */
static int
connect_error(const char *host, int port, int saved, struct dcb_error *err)
{
	if (saved == ETIMEDOUT)
		return dcb_error_set(err, DCB_ERR_TIMEOUT, -1,
		                     N_("connecting to %s port %d timed out; check the address, "
		                        "the port and any firewall, or raise -to"),
		                     host, port);
	if (saved == ECONNREFUSED)
		return dcb_error_set(err, DCB_ERR_REFUSED, -1,
		                     N_("connection to %s port %d refused: nothing listens "
		                        "there; start the SCP or check the port"),
		                     host, port);
	return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot connect to %s port %d: %s"), host,
	                     port, strerror(saved));
}

/* --- connecting without blocking ---------------------------------------- */

struct dcb_tcp_connecting {
	struct addrinfo *res, *next; /* the addresses, the next one to try */
	int fd;                      /* the connect under way, or -1 */
	int saved;                   /* errno of the last address that failed */
	char host[256];
	int port;
};

/* Starts a connect on the next address that takes one; -1 when none is left. */
static int
start_next(struct dcb_tcp_connecting *c)
{
	while (c->next != NULL) {
		const struct addrinfo *ai = c->next;
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
		                ai->ai_protocol);

		c->next = ai->ai_next;
		if (fd < 0) {
			c->saved = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 || errno == EINPROGRESS) {
			c->fd = fd;
			return fd;
		}
		c->saved = errno;
		close(fd);
	}
	c->fd = -1;
	return -1;
}

struct dcb_tcp_connecting *
dcb_tcp_connect_start(const char *host, int port, bool no_dns, struct dcb_error *err)
{
	struct dcb_tcp_connecting *c = calloc(1, sizeof *c);

	if (c == NULL) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	snprintf(c->host, sizeof c->host, "%s", host);
	c->port = port;
	c->fd = -1;
	if (resolve(host, port, no_dns, false, &c->res, err) < 0) {
		free(c);
		return NULL;
	}
	c->next = c->res;
	if (start_next(c) < 0) {
		connect_error(c->host, port, c->saved, err);
		dcb_tcp_connect_free(c);
		return NULL;
	}
	return c;
}

int
dcb_tcp_connect_fd(const struct dcb_tcp_connecting *c)
{
	return c->fd;
}

int
dcb_tcp_connect_step(struct dcb_tcp_connecting *c, char *peer, size_t peer_size,
                     struct dcb_error *err)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	int soerr = 0;
	socklen_t el = sizeof soerr;

	if (c->fd < 0)
		return connect_error(c->host, c->port, c->saved, err);
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &el) != 0)
		soerr = errno;
	if (soerr == EINPROGRESS || soerr == EALREADY)
		return DCB_ERR_WANT_WRITE;
	if (soerr == 0 && getpeername(c->fd, (struct sockaddr *)&ss, &sl) == 0) {
		int fd = c->fd;
		c->fd = -1; /* the caller's now */
		set_nodelay(fd);
		if (peer != NULL)
			dcb_tcp_format_addr((struct sockaddr *)&ss, sl, peer, peer_size);
		return fd;
	}
	if (soerr == 0)
		soerr = errno == ENOTCONN ? ECONNREFUSED : errno;
	c->saved = soerr;
	close(c->fd);
	if (start_next(c) >= 0)
		return DCB_ERR_WANT_WRITE; /* the next address: its fd is new */
	return connect_error(c->host, c->port, c->saved, err);
}

void
dcb_tcp_connect_free(struct dcb_tcp_connecting *c)
{
	if (c == NULL)
		return;
	if (c->fd >= 0)
		close(c->fd);
	if (c->res != NULL)
		freeaddrinfo(c->res);
	free(c);
}
