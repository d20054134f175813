/* pcap.c — the pcap writer: synthesized IPv4/IPv6 + TCP around the DICOM
 * bytes that crossed a connection (pcap.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "i18n.h"
#include "pcap.h"

#define LINKTYPE_RAW 101
#define SEGMENT_MAX 16384
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

struct dcb_pcap {
	FILE *f;
	pthread_mutex_t mu;
	char *path;
	FILE *notes;
	uint32_t next_isn;
};

struct end {
	bool v6;
	uint8_t addr[16];
	uint16_t port;
	uint32_t seq; /* next sequence number this end sends */
};

struct dcb_pcap_flow {
	struct dcb_pcap *p;
	struct end c, s;
	uint16_t ip_id;
};

static void
put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void
put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static void
le32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static uint32_t
sum_add(uint32_t sum, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (i < n)
		sum += (uint32_t)b[i] << 8;
	return sum;
}

static uint16_t
sum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

struct dcb_pcap *
dcb_pcap_open(const char *path, struct dcb_error *err)
{
	struct dcb_pcap *p = calloc(1, sizeof *p);
	uint8_t h[24] = {0};

	if (p == NULL || (p->path = strdup(path)) == NULL) {
		free(p);
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	p->f = fopen(path, "wb");
	if (p->f == NULL) {
		dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot create the capture file %s: %s"),
		              path, strerror(errno));
		free(p->path);
		free(p);
		return NULL;
	}
	le32(h, 0xa1b2c3d4); /* microsecond timestamps */
	h[4] = 2;            /* version 2.4 */
	h[6] = 4;
	le32(h + 16, 65535); /* snaplen */
	le32(h + 20, LINKTYPE_RAW);
	if (fwrite(h, sizeof h, 1, p->f) != 1) {
		dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot write the capture file %s: %s"), path,
		              strerror(errno));
		fclose(p->f);
		free(p->path);
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->mu, NULL);
	p->next_isn = 0x10000000;
	return p;
}

void
dcb_pcap_close(struct dcb_pcap *p)
{
	if (p == NULL)
		return;
	fclose(p->f);
	if (p->notes != NULL)
		fclose(p->notes);
	pthread_mutex_destroy(&p->mu);
	free(p->path);
	free(p);
}

const char *
dcb_pcap_path(const struct dcb_pcap *p)
{
	return p->path;
}

void
dcb_pcap_note(struct dcb_pcap *p, const char *line)
{
	pthread_mutex_lock(&p->mu);
	if (p->notes == NULL) {
		size_t n = strlen(p->path) + sizeof ".tls.txt";
		char *name = malloc(n);
		if (name != NULL) {
			snprintf(name, n, "%s.tls.txt", p->path);
			p->notes = fopen(name, "w");
			free(name);
		}
	}
	if (p->notes != NULL) {
		fprintf(p->notes, "%s\n", line);
		fflush(p->notes);
	}
	pthread_mutex_unlock(&p->mu);
}

static void
set_end(struct end *e, const struct sockaddr *sa, int fallback)
{
	memset(e, 0, sizeof *e);
	if (sa != NULL && sa->sa_family == AF_INET6 &&
	    IN6_IS_ADDR_V4MAPPED(&((const struct sockaddr_in6 *)sa)->sin6_addr)) {
		/* a dual-stack listener's IPv4 peer: shown as IPv4 */
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		memcpy(e->addr, (const uint8_t *)&s6->sin6_addr + 12, 4);
		e->port = ntohs(s6->sin6_port);
	} else if (sa != NULL && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		e->v6 = true;
		memcpy(e->addr, &s6->sin6_addr, 16);
		e->port = ntohs(s6->sin6_port);
	} else if (sa != NULL && sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		memcpy(e->addr, &s4->sin_addr, 4);
		e->port = ntohs(s4->sin_port);
	} else {
		e->addr[0] = 127;
		e->addr[3] = (uint8_t)fallback;
		e->port = (uint16_t)(40000 + fallback);
	}
}

/* Writes one segment from `from` to `to`; the caller holds the lock. */
static void
segment(struct dcb_pcap_flow *fl, struct end *from, const struct end *to, uint8_t flags,
        const uint8_t *data, size_t n)
{
	uint8_t pkt[60 + SEGMENT_MAX];
	uint8_t rec[16];
	size_t iplen = from->v6 ? 40 : 20, total = iplen + 20 + n;
	uint8_t *tcp = pkt + iplen;
	uint32_t sum;
	struct timeval tv;

	memset(pkt, 0, iplen + 20);
	if (from->v6) {
		pkt[0] = 0x60;
		put16(pkt + 4, (uint16_t)(20 + n));
		pkt[6] = 6; /* TCP */
		pkt[7] = 64;
		memcpy(pkt + 8, from->addr, 16);
		memcpy(pkt + 24, to->addr, 16);
	} else {
		pkt[0] = 0x45;
		put16(pkt + 2, (uint16_t)total);
		put16(pkt + 4, fl->ip_id++);
		pkt[6] = 0x40; /* don't fragment */
		pkt[8] = 64;
		pkt[9] = 6;
		memcpy(pkt + 12, from->addr, 4);
		memcpy(pkt + 16, to->addr, 4);
		put16(pkt + 10, sum_fold(sum_add(0, pkt, 20)));
	}
	put16(tcp, from->port);
	put16(tcp + 2, to->port);
	put32(tcp + 4, from->seq);
	put32(tcp + 8, (flags & TCP_ACK) ? to->seq : 0);
	tcp[12] = 5 << 4;
	tcp[13] = flags;
	put16(tcp + 14, 65535);
	if (n > 0)
		memcpy(tcp + 20, data, n);
	/* pseudo header: addresses, protocol, TCP length */
	if (from->v6) {
		sum = sum_add(0, pkt + 8, 32);
		sum += (uint32_t)(20 + n) + 6;
	} else {
		sum = sum_add(0, pkt + 12, 8);
		sum += 6 + (uint32_t)(20 + n);
	}
	sum = sum_add(sum, tcp, 20 + n);
	put16(tcp + 16, sum_fold(sum));
	from->seq += (uint32_t)n + ((flags & (TCP_SYN | TCP_FIN)) ? 1 : 0);

	gettimeofday(&tv, NULL);
	le32(rec, (uint32_t)tv.tv_sec);
	le32(rec + 4, (uint32_t)tv.tv_usec);
	le32(rec + 8, (uint32_t)total);
	le32(rec + 12, (uint32_t)total);
	(void)fwrite(rec, sizeof rec, 1, fl->p->f);
	(void)fwrite(pkt, total, 1, fl->p->f);
}

struct dcb_pcap_flow *
dcb_pcap_flow_begin(struct dcb_pcap *p, const struct sockaddr *client,
                    const struct sockaddr *server)
{
	struct dcb_pcap_flow *f = calloc(1, sizeof *f);

	if (f == NULL)
		return NULL;
	f->p = p;
	set_end(&f->c, client, 1);
	set_end(&f->s, server, 2);
	if (f->c.v6 != f->s.v6) {
		set_end(&f->c, NULL, 1);
		set_end(&f->s, NULL, 2);
	}
	pthread_mutex_lock(&p->mu);
	f->c.seq = p->next_isn;
	f->s.seq = p->next_isn + 0x01000000;
	p->next_isn += 0x02000000;
	segment(f, &f->c, &f->s, TCP_SYN, NULL, 0);
	segment(f, &f->s, &f->c, TCP_SYN | TCP_ACK, NULL, 0);
	segment(f, &f->c, &f->s, TCP_ACK, NULL, 0);
	fflush(p->f);
	pthread_mutex_unlock(&p->mu);
	return f;
}

void
dcb_pcap_flow_data(struct dcb_pcap_flow *f, bool from_client, const void *buf, size_t n)
{
	const uint8_t *b = buf;
	struct end *from, *to;

	if (f == NULL || n == 0)
		return;
	from = from_client ? &f->c : &f->s;
	to = from_client ? &f->s : &f->c;
	pthread_mutex_lock(&f->p->mu);
	while (n > 0) {
		size_t k = n < SEGMENT_MAX ? n : SEGMENT_MAX;
		segment(f, from, to, TCP_PSH | TCP_ACK, b, k);
		b += k;
		n -= k;
	}
	segment(f, to, from, TCP_ACK, NULL, 0);
	fflush(f->p->f);
	pthread_mutex_unlock(&f->p->mu);
}

void
dcb_pcap_flow_end(struct dcb_pcap_flow *f)
{
	if (f == NULL)
		return;
	pthread_mutex_lock(&f->p->mu);
	segment(f, &f->c, &f->s, TCP_FIN | TCP_ACK, NULL, 0);
	segment(f, &f->s, &f->c, TCP_FIN | TCP_ACK, NULL, 0);
	segment(f, &f->c, &f->s, TCP_ACK, NULL, 0);
	fflush(f->p->f);
	pthread_mutex_unlock(&f->p->mu);
	free(f);
}
