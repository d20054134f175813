/* hostile-cases-timing.c — hostile requestor cases about timing
 * and connections: releases that collide, stalls, slow drips, silence, TLS
 * and plain mixed up, a flood of connections (hostile-cases.h). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostile-cases.h"
#include "hostile-wire.h"

void
c_release_collision(void)
{
	/* A-RELEASE-RQ twice, then a P-DATA: the SCP answers the first and
	 * must not crash on the rest */
	uint8_t r[10] = {5, 0, 0, 0, 0, 4, 0, 0, 0, 0};
	struct pdu p;

	associate();
	if (!send_all(r, sizeof r) || !send_all(r, sizeof r))
		bad("closed");
	p = read_pdu(10000);
	if (p.type != 6 && p.type != 7)
		bad("two A-RELEASE-RQs answered with %s", pdu_name(p.type));
	free(p.body);
	ok(p.type == 6 ? "two A-RELEASE-RQs: A-RELEASE-RP" : "two A-RELEASE-RQs: A-ABORT");
	expect_closed();
}

void
c_release_mid_object(void)
{
	/* command and half a data set, then A-RELEASE-RQ */
	struct buf c = {0}, d = {0};
	struct store_cmd s = {.inst = "1.2.826.0.1.3680043.9.7433.99.666"};
	uint8_t r[10] = {5, 0, 0, 0, 0, 4, 0, 0, 0, 0};
	struct pdu p;

	associate();
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, s.inst);
	pdata(1, 0x03, c.d, c.n);
	pdata(1, 0x00, d.d, d.n / 2);
	if (!send_all(r, sizeof r))
		bad("closed");
	free(c.d);
	free(d.d);
	p = read_pdu(10000);
	while (p.type == 4) {
		free(p.body);
		p = read_pdu(10000);
	}
	if (p.type != 6 && p.type != 7)
		bad("A-RELEASE-RQ in the middle of an object answered with %s", pdu_name(p.type));
	free(p.body);
	ok(p.type == 6 ? "release mid-object: A-RELEASE-RP" : "release mid-object: A-ABORT");
	expect_closed();
}

void
c_stall_mid_pdu(void)
{
	/* half an A-ASSOCIATE-RQ, then silence: ARTIM must free the slot */
	struct buf b = {0};
	int64_t t0 = now_ms();
	struct pdu p;

	build_rq(&b, "HOSTILE", std_ctx, 2);
	if (!send_all(b.d, b.n / 2))
		bad("closed");
	free(b.d);
	p = read_pdu(30000);
	if (p.type == -2)
		bad("the SCP still holds the connection after 30 s");
	free(p.body);
	printf("ok: %s: the stalled connection ended after %.1f s (%s)\n", case_name,
	       (double)(now_ms() - t0) / 1000.0, pdu_name(p.type));
}

void
c_stall_mid_pdata(void)
{
	/* half a P-DATA-TF inside an association, then silence: -td */
	struct buf c = {0};
	struct store_cmd s = {0};
	int64_t t0 = now_ms();
	struct pdu p;

	associate();
	build_store_cmd(&c, &s);
	{
		struct buf b = {0};
		pdu_header(&b, 4);
		pdv(&b, 1, 0x03, c.d, c.n);
		pdu_end(&b);
		if (!send_all(b.d, b.n / 2))
			bad("closed");
		free(b.d);
	}
	free(c.d);
	p = read_pdu(30000);
	if (p.type == -2)
		bad("the SCP still holds the association after 30 s");
	free(p.body);
	printf("ok: %s: the stalled association ended after %.1f s (%s)\n", case_name,
	       (double)(now_ms() - t0) / 1000.0, pdu_name(p.type));
}

static void
drip(const struct buf *b, long ms)
{
	for (size_t i = 0; i < b->n; i++) {
		if (!send_all(b->d + i, 1))
			bad("the SCP closed after %zu dripped bytes", i);
		msleep(ms);
	}
}

void
c_slow_drip(void)
{
	/* a whole association one byte at a time: slow but within the
	 * timeouts, so it must work */
	struct buf b = {0}, c = {0}, d = {0}, p = {0};
	struct store_cmd s = {.inst = "1.2.826.0.1.3680043.9.7433.99.7"};
	struct pdu r;

	build_rq(&b, "HOSTILE", std_ctx, 2);
	drip(&b, 1);
	r = read_pdu(10000);
	if (r.type != 2)
		bad("a dripped A-ASSOCIATE-RQ answered with %s", pdu_name(r.type));
	free(r.body);
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, s.inst);
	pdu_header(&p, 4);
	pdv(&p, 1, 0x03, c.d, c.n);
	pdu_end(&p);
	drip(&p, 1);
	p.n = 0;
	pdu_header(&p, 4);
	pdv(&p, 1, 0x02, d.d, d.n);
	pdu_end(&p);
	drip(&p, 1);
	expect_status(true, "a C-STORE sent one byte at a time");
	release();
	free(b.d);
	free(c.d);
	free(d.d);
	free(p.d);
}

void
c_slowloris(void)
{
	/* an A-ASSOCIATE-RQ dripped slower than ARTIM allows */
	struct buf b = {0};
	int64_t t0 = now_ms();
	size_t i;

	build_rq(&b, "HOSTILE", std_ctx, 2);
	for (i = 0; i < b.n; i++) {
		if (!send_all(b.d + i, 1))
			break;
		msleep(200);
		if (now_ms() - t0 > 30000)
			bad("the SCP still reads a dripping RQ after 30 s");
	}
	if (i == b.n) {
		struct pdu p = read_pdu(5000);
		if (p.type == 2)
			bad("an RQ dripped over %.0f s was accepted",
			    (double)(now_ms() - t0) / 1000);
		free(p.body);
	}
	printf("ok: %s: the SCP gave up on a dripping RQ after %.1f s\n", case_name,
	       (double)(now_ms() - t0) / 1000.0);
	free(b.d);
}

void
c_tls_on_plain(void)
{
	/* the start of a TLS 1.2 ClientHello */
	static const uint8_t hello[] = {
	    0x16, 0x03, 0x01, 0x00, 0x2f, 0x01, 0x00, 0x00, 0x2b, 0x03, 0x03, 1,  2,
	    3,    4,    5,    6,    7,    8,    9,    10,   11,   12,   13,   14, 15,
	    16,   17,   18,   19,   20,   21,   22,   23,   24,   25,   26,   27, 28,
	    29,   30,   31,   32,   0,    0,    2,    0x13, 0x01, 1,    0,    0,  0};
	struct pdu p;

	if (!send_all(hello, sizeof hello))
		bad("closed at once");
	p = read_pdu(10000);
	if (p.type != 7 && p.type != -1)
		bad("a TLS ClientHello answered with %s", pdu_name(p.type));
	free(p.body);
	ok(p.type == 7 ? "a TLS ClientHello on the plain port: A-ABORT"
	               : "a TLS ClientHello on the plain port: closed");
	if (p.type == 7)
		expect_closed();
}

void
c_plain_on_tls(void)
{
	struct buf b = {0};
	uint8_t got[64];
	ssize_t n;

	build_rq(&b, "HOSTILE", std_ctx, 2);
	send_all(b.d, b.n);
	free(b.d);
	n = recv_some(got, sizeof got, 10000);
	if (n < 0)
		bad("plain A-ASSOCIATE-RQ on the TLS port: no answer and no close within 10 s");
	if (n > 0 && got[0] == 2)
		bad("plain A-ASSOCIATE-RQ on the TLS port was accepted");
	expect_closed();
	ok("a plain A-ASSOCIATE-RQ on the TLS port: refused and closed");
}

void
c_silent(void)
{
	/* connect and say nothing (on a TLS port: no ClientHello) */
	int64_t t0 = now_ms();
	struct pdu p = read_pdu(30000);

	if (p.type == -2)
		bad("the SCP still holds a silent connection after 30 s");
	free(p.body);
	printf("ok: %s: a silent connection was closed after %.1f s (%s)\n", case_name,
	       (double)(now_ms() - t0) / 1000.0, pdu_name(p.type));
}

/* 1000 connections opened and dropped: half at once, a quarter after half
 * an RQ, a quarter after an association. */
void
c_flood(void)
{
	struct buf b = {0};

	build_rq(&b, "FLOOD", std_ctx, 2);
	for (int i = 0; i < 1000; i++) {
		conn_open(peer_host, peer_port);
		if (tls_key != NULL && i % 4 != 0) {
			use_tls = true;
			tls_start();
		}
		if (i % 4 == 2) {
			send_all(b.d, b.n / 2);
		} else if (i % 4 == 3) {
			struct pdu p;
			send_all(b.d, b.n);
			p = read_pdu(10000);
			if (p.type != 2)
				bad("association %d of the flood answered with %s", i,
				    pdu_name(p.type));
			free(p.body);
		}
		conn_close();
	}
	free(b.d);
	ok("1000 connections opened and dropped");
}
