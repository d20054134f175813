/* pcap.h — writes DICOM sessions as a classic libpcap file
 * (LINKTYPE_RAW: IPv4 or IPv6 packets) with synthesized TCP segments:
 * a three-way handshake when a connection starts, each block of
 * application bytes as PSH/ACK segments (at most 16 KiB of payload each)
 * with consistent sequence and acknowledgement numbers and correct IP and
 * TCP checksums, and FIN/ACK exchanges at the end.  For TLS sessions the
 * bytes are the decrypted ones (the tap sits above the TLS transport), so
 * `tshark -r FILE -d tcp.port==PORT,dicom` decodes them as DICOM.
 *
 * One writer may serve many connections; it is thread-safe. */
#ifndef DCB_PCAP_H
#define DCB_PCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "error.h"

struct dcb_pcap;
struct dcb_pcap_flow;

/* Creates path (truncating it) and writes the file header.  Returns NULL
 * with err filled (DCB_ERR_IO naming the file, DCB_ERR_NOMEM). */
struct dcb_pcap *dcb_pcap_open(const char *path, struct dcb_error *err);

/* Flushes and closes; flows must have been ended.  NULL is fine. */
void dcb_pcap_close(struct dcb_pcap *p);

/* The file name given to dcb_pcap_open(). */
const char *dcb_pcap_path(const struct dcb_pcap *p);

/* Starts a connection from client to server (IPv4 or IPv6 addresses of
 * the same family; other families are shown as 127.0.0.1/127.0.0.2) and
 * writes its SYN, SYN/ACK, ACK.  Returns NULL on NOMEM. */
struct dcb_pcap_flow *dcb_pcap_flow_begin(struct dcb_pcap *p, const struct sockaddr *client,
                                          const struct sockaddr *server);

/* Records n bytes sent by the client (from_client) or by the server. */
void dcb_pcap_flow_data(struct dcb_pcap_flow *f, bool from_client, const void *buf, size_t n);

/* Writes the FIN exchange and frees f.  NULL is fine. */
void dcb_pcap_flow_end(struct dcb_pcap_flow *f);

/* Appends one line to the side file "<path>.tls.txt" (created on first
 * use), e.g. the TLS handshake summary of a connection.  Best effort. */
void dcb_pcap_note(struct dcb_pcap *p, const char *line);

#endif
