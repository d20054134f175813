/* hostile-scp.c — the hostile peer as an acceptor: an SCP that
 * misbehaves on the first association as its case says and serves every
 * later one properly (hostile-cases.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hostile-cases.h"
#include "hostile-wire.h"

struct rq_ctx {
	uint8_t id;
	char ts[65];
};

/* Parses the contexts of an A-ASSOCIATE-RQ body (no checks beyond
 * bounds: this is a test tool). */
static int
parse_rq(const struct pdu *p, struct rq_ctx *c, int max)
{
	size_t o = 68;
	int n = 0;

	while (o + 4 <= p->len) {
		unsigned t = p->body[o], l = p->body[o + 2] << 8 | p->body[o + 3];
		if (o + 4 + l > p->len)
			break;
		if (t == 0x20 && l >= 4 && n < max) {
			size_t s = o + 8;
			c[n].id = p->body[o + 4];
			c[n].ts[0] = '\0';
			while (s + 4 <= o + 4 + l) {
				unsigned st = p->body[s], sl = p->body[s + 2] << 8 | p->body[s + 3];
				if (s + 4 + sl > o + 4 + l)
					break;
				if (st == 0x40 && c[n].ts[0] == '\0' && sl < 65) {
					memcpy(c[n].ts, p->body + s + 4, sl);
					c[n].ts[sl] = '\0';
				}
				s += 4 + sl;
			}
			n++;
		}
		o += 4 + l;
	}
	return n;
}

static void
send_ac(const struct pdu *rq, const struct rq_ctx *c, int n, int mode)
{
	struct buf b = {0}, u = {0};

	pdu_header(&b, 2);
	put(&b, rq->body, 68); /* version, reserved, AE titles, reserved as received */
	item_str(&b, 0x10, APP_CONTEXT);
	for (int i = 0; i < n; i++) {
		struct buf p = {0};
		put8(&p, mode == 1 ? (uint8_t)(c[i].id + 1) : c[i].id); /* 1: never proposed */
		put8(&p, 0);
		put8(&p, 0);
		put8(&p, 0);
		item_str(&p, 0x40, c[i].ts);
		item(&b, 0x21, p.d, p.n);
		free(p.d);
	}
	user_info_std(&u, mode == 7 ? 6 : mode == 8 ? 7 : 16384);
	item(&b, 0x50, u.d, u.n);
	if (mode == 2) /* the user information over-runs the PDU */
		b.d[b.n - u.n - 2] = 0x40;
	pdu_end(&b);
	send_all(b.d, b.n);
	free(b.d);
	free(u.d);
}

static void
send_rsp(uint8_t pcid, unsigned msgid, const char *cls, const char *inst, unsigned status, int mode)
{
	struct buf c = {0}, g = {0};

	el_uid(&c, 0, 0x0002, cls);
	el_us(&c, 0, 0x0100, 0x8001);
	el_us(&c, 0, 0x0120, mode == 4 ? msgid + 1 : msgid);
	el_us(&c, 0, 0x0800, 0x0101);
	el_us(&c, 0, 0x0900, status);
	if (mode == 3) { /* garbage: an element running past the end */
		put16le(&c, 0);
		put16le(&c, 0x1000);
		put32le(&c, 0x10000);
		put(&c, inst, 4);
	} else {
		el_uid(&c, 0, 0x1000, inst);
	}
	with_group_length(&g, &c);
	pdata(pcid, 0x03, g.d, g.n);
	free(c.d);
	free(g.d);
}

static void
scp_command_uids(const struct buf *cmd, unsigned *msgid, char *cls, char *inst, unsigned *dstype)
{
	for (size_t o = 0; o + 8 <= cmd->n;) {
		unsigned g = cmd->d[o] | cmd->d[o + 1] << 8, e = cmd->d[o + 2] | cmd->d[o + 3] << 8;
		uint32_t n = cmd->d[o + 4] | cmd->d[o + 5] << 8 | cmd->d[o + 6] << 16 |
		             (uint32_t)cmd->d[o + 7] << 24;
		const uint8_t *v = cmd->d + o + 8;
		if (n > cmd->n - o - 8)
			break;
		if (g == 0 && e == 0x0110 && n == 2)
			*msgid = v[0] | v[1] << 8;
		if (g == 0 && e == 0x0800 && n == 2)
			*dstype = v[0] | v[1] << 8;
		if (g == 0 && (e == 0x0002 || e == 0x1000) && n < 65) {
			char *dst = e == 0x0002 ? cls : inst;
			uint32_t k = n;
			memcpy(dst, v, n);
			dst[k] = '\0';
			while (k > 0 && (dst[k - 1] == '\0' || dst[k - 1] == ' '))
				dst[--k] = '\0';
		}
		o += 8 + n;
	}
}

/* Serves one association; hostile when mode != 0. */
static void
scp_serve(int mode)
{
	struct rq_ctx c[128];
	struct pdu p = read_pdu(30000);
	struct buf cmd = {0};
	unsigned msgid = 0, dstype = 0x0101;
	char cls[65] = "", inst[65] = "";
	bool in_data = false;
	uint8_t last_pcid = 1;
	int n;

	if (p.type != 1) {
		free(p.body);
		return;
	}
	n = parse_rq(&p, c, 128);
	send_ac(&p, c, n, mode == 1 || mode == 2 || mode == 7 || mode == 8 ? mode : 0);
	free(p.body);
	if (mode == 9) {
		/* accept, then abort at once: every time */
		uint8_t ab[10] = {7, 0, 0, 0, 0, 4, 0, 0, 2, 0};
		send_all(ab, sizeof ab);
		p = read_pdu(2000);
		free(p.body);
		return;
	}
	if (mode == 11) {
		/* a P-DATA-TF claiming 4 GiB right after the AC */
		uint8_t h[12] = {4, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd, 1, 3};
		send_all(h, sizeof h);
		p = read_pdu(10000);
		free(p.body);
		return;
	}
	if (mode == 1 || mode == 2) {
		/* wait for the SCU to give up */
		p = read_pdu(10000);
		free(p.body);
		return;
	}
	for (;;) {
		size_t o = 0;
		p = read_pdu(30000);
		if (p.type == 5) {
			uint8_t rp[10] = {6, 0, 0, 0, 0, 4, 0, 0, 0, 0};
			if (mode == 10) {
				/* release collision: our own A-RELEASE-RQ first; the
				 * requestor answers it (Sta9 → AR-9), then we answer
				 * its request (Sta12 → AR-4) */
				uint8_t rq[10] = {5, 0, 0, 0, 0, 4, 0, 0, 0, 0};
				free(p.body);
				send_all(rq, sizeof rq);
				p = read_pdu(10000);
				if (p.type != 6) {
					fprintf(stderr,
					        "release collision: the SCU sent %s, not "
					        "A-RELEASE-RP\n",
					        pdu_name(p.type));
					free(p.body);
					return;
				}
				printf("collision: A-RELEASE-RP received\n");
				fflush(stdout);
			}
			if (mode == 12) {
				/* a P-DATA-TF after the SCU's A-RELEASE-RQ (its Sta7,
				 * PS3.8 AR-6): a response nobody waits for */
				send_rsp(last_pcid, 999, cls, inst, 0, 0);
				printf("sent a C-STORE-RSP in Sta7\n");
				fflush(stdout);
			}
			send_all(rp, sizeof rp);
			free(p.body);
			return;
		}
		if (p.type != 4) {
			free(p.body);
			return;
		}
		while (o + 6 <= p.len) {
			uint32_t l = get32be(p.body + o);
			uint8_t pcid = p.body[o + 4], mch = p.body[o + 5];
			last_pcid = pcid;
			if (l < 2 || l - 2 > p.len - o - 6)
				break;
			if (mch & 1) {
				put(&cmd, p.body + o + 6, l - 2);
				if (mch & 2) {
					scp_command_uids(&cmd, &msgid, cls, inst, &dstype);
					cmd.n = 0;
					in_data = dstype != 0x0101;
					if (!in_data)
						send_rsp(pcid, msgid, cls, inst, 0, 0);
				}
			} else if (in_data) {
				if (mode == 5) {
					/* abort after the first data fragment */
					uint8_t ab[10] = {7, 0, 0, 0, 0, 4, 0, 0, 2, 0};
					send_all(ab, sizeof ab);
					free(p.body);
					free(cmd.d);
					return;
				}
				if (mch & 2) {
					in_data = false;
					if (mode == 0 || mode == 10 || mode == 12) {
						printf("stored %s\n", inst);
						fflush(stdout);
					}
					send_rsp(pcid, msgid, cls, inst, mode == 6 ? 0xA700 : 0,
					         mode);
					if (mode == 3 || mode == 4) {
						/* wait for the SCU's abort */
						free(p.body);
						p = read_pdu(10000);
						free(p.body);
						free(cmd.d);
						return;
					}
					if (mode != 10 && mode != 12)
						mode = 0; /* hostile once */
				}
			}
			o += 4 + l;
		}
		free(p.body);
	}
}

const char *const scp_modes[] = {
    "scp-good",         "scp-ac-unproposed",  "scp-ac-overrun",        "scp-rsp-garbage",
    "scp-rsp-wrong-id", "scp-abort-mid",      "scp-status-a700",       "scp-max-length-6",
    "scp-max-length-7", "scp-abort-after-ac", "scp-release-collision", "scp-pdata-huge",
    "scp-pdata-in-sta7",
};
const size_t n_scp_modes = sizeof scp_modes / sizeof scp_modes[0];

int
scp_main(const char *portfile, const char *mode_name)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t al = sizeof a;
	int l, one = 1, mode = -1;
	FILE *f;

	for (size_t i = 0; i < n_scp_modes; i++)
		if (strcmp(mode_name, scp_modes[i]) == 0)
			mode = (int)i;
	if (mode < 0)
		die("unknown SCP case (try --list)");
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 8) != 0 ||
	    getsockname(l, (struct sockaddr *)&a, &al) != 0)
		die("cannot listen: %s", strerror(errno));
	f = fopen(portfile, "w");
	if (f == NULL)
		die("cannot write %s", portfile);
	fprintf(f, "%u\n", ntohs(a.sin_port));
	fclose(f);
	for (;;) {
		sock = accept(l, NULL, NULL);
		if (sock < 0)
			continue;
		setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		scp_serve(mode);
		if (mode != 9)
			mode = 0; /* hostile once, unless always */
		close(sock);
		sock = -1;
	}
}
