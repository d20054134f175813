/* transport-tcp.h — plain TCP: sockets, listeners, connects, and the
 * dcb_transport implementation over a connected socket.
 *
 * Everything is non-blocking.  Addresses are IPv4 or IPv6; host names are
 * resolved only when the caller allows it (no_dns false).  Peer addresses
 * are always shown numerically ("127.0.0.1:51234", "[::1]:51234"): the
 * engine never does reverse DNS, which is what dcmtk's -dhl asks for. */
#ifndef DCB_TRANSPORT_TCP_H
#define DCB_TRANSPORT_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "transport.h"

/* Wraps a connected, non-blocking socket (TCP or AF_UNIX) as a transport.
 * Takes ownership of fd (closed by dcb_transport_free, also on failure).
 * peer may be NULL.  Returns NULL (DCB_ERR_NOMEM) on failure. */
struct dcb_transport *dcb_tcp_wrap(int fd, const char *peer, struct dcb_error *err);

/* The error for a failed send on t with errno e: DCB_ERR_CLOSED "connection
 * closed by PEER while sending" for EPIPE/ECONNRESET, else DCB_ERR_IO.
 * For transports over sockets (TCP, the memory pair). */
int dcb_tcp_send_error(const struct dcb_transport *t, int e, struct dcb_error *err);

/* Opens a listening socket on host:port.  host NULL or "" listens on all
 * addresses (IPv6 dual stack, or IPv4 when the system has no IPv6).
 * port 0 picks a free port; dcb_tcp_local_port() tells which.  Returns
 * the fd or DCB_ERR_IO / DCB_ERR_USAGE (unknown host, bad port). */
int dcb_tcp_listen(const char *host, int port, bool no_dns, struct dcb_error *err);

/* The local port of a bound socket, or -1. */
int dcb_tcp_local_port(int fd);

/* Accepts one connection from a listening fd: sets it non-blocking with
 * TCP_NODELAY and writes "addr:port" of the peer into peer.
 * Returns the fd, DCB_ERR_WANT_READ when none is waiting, or DCB_ERR_IO. */
int dcb_tcp_accept(int lfd, char *peer, size_t peer_size, struct dcb_error *err);

/* Connecting without blocking: dcb_tcp_connect_start() resolves host
 * (numeric only when no_dns) and starts a connect on its first address;
 * NULL with err when none could be started.  Poll dcb_tcp_connect_fd()
 * for POLLOUT (it changes when an address fails and the next is tried),
 * then call dcb_tcp_connect_step(): the connected descriptor (now the
 * caller's, TCP_NODELAY set, peer filled), DCB_ERR_WANT_WRITE to poll
 * again, or an error that says why (refused, unreachable).  Timeouts are
 * the caller's. */
struct dcb_tcp_connecting;
struct dcb_tcp_connecting *dcb_tcp_connect_start(const char *host, int port, bool no_dns,
                                                 struct dcb_error *err);
int dcb_tcp_connect_fd(const struct dcb_tcp_connecting *c);
int dcb_tcp_connect_step(struct dcb_tcp_connecting *c, char *peer, size_t peer_size,
                         struct dcb_error *err);
void dcb_tcp_connect_free(struct dcb_tcp_connecting *c);

/* "addr:port" of a socket address ("[v6]:port" for IPv6). */
void dcb_tcp_format_addr(const struct sockaddr *sa, socklen_t len, char *buf, size_t size);

#endif
