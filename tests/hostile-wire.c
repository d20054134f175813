/* hostile-wire.c — the hostile peer's connection, byte building and
 * answer checks (hostile-wire.h). */
#include "config.h"

#include <errno.h>
#include <gnutls/gnutls.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "hostile-wire.h"

const char *case_name = "";
uint32_t our_max_len = 16384;
const char *called_ae = "ANY-SCP";
gnutls_session_t tls_session;
bool use_tls;
int sock = -1;
const char *peer_host, *peer_port;
const char *tls_key, *tls_cert, *tls_ca;
const struct ctxspec std_ctx[2] = {{1, CT_IMAGE}, {3, VERIFICATION}};

/* ---- small helpers ------------------------------------------------------ */

/* Prints "hostile-peer: CASE: " what and the message, then exits. */
static void __attribute__((noreturn, format(printf, 3, 0)))
leave(int status, const char *what, const char *fmt, va_list ap)
{
	fprintf(stderr, "hostile-peer: %s: %s", case_name, what);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	exit(status);
}

void
bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	leave(1, "FAIL: ", fmt, ap);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	leave(2, "", fmt, ap);
}

void
ok(const char *what)
{
	printf("ok: %s: %s\n", case_name, what);
	fflush(stdout);
}

void
msleep(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
put(struct buf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->n + n)
			cap *= 2;
		b->d = realloc(b->d, cap);
		if (b->d == NULL)
			die("out of memory");
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->d + b->n, p, n);
	b->n += n;
}

void
put8(struct buf *b, unsigned v)
{
	uint8_t c = (uint8_t)v;
	put(b, &c, 1);
}

void
put16be(struct buf *b, unsigned v)
{
	uint8_t c[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	put(b, c, 2);
}

static void
put32be(struct buf *b, uint32_t v)
{
	uint8_t c[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	put(b, c, 4);
}

void
put16le(struct buf *b, unsigned v)
{
	uint8_t c[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	put(b, c, 2);
}

void
put32le(struct buf *b, uint32_t v)
{
	uint8_t c[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	put(b, c, 4);
}

static void
set32be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint32_t
get32be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An item: type, reserved, 16-bit length, then the bytes. */
void
item(struct buf *b, unsigned type, const void *p, size_t n)
{
	put8(b, type);
	put8(b, 0);
	put16be(b, (unsigned)n);
	put(b, p, n);
}

void
item_str(struct buf *b, unsigned type, const char *s)
{
	item(b, type, s, strlen(s));
}

/* ---- connection --------------------------------------------------------- */

void
conn_open(const char *host, const char *port)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai;
	int one = 1;

	if (getaddrinfo(host, port, &hints, &ai) != 0)
		die("cannot resolve %s", host);
	sock = socket(ai->ai_family, SOCK_STREAM, 0);
	if (sock < 0 || connect(sock, ai->ai_addr, ai->ai_addrlen) != 0)
		die("cannot connect to %s port %s: %s", host, port, strerror(errno));
	freeaddrinfo(ai);
	setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void
conn_close(void)
{
	if (use_tls && tls_session != NULL) {
		gnutls_deinit(tls_session);
		tls_session = NULL;
	}
	if (sock >= 0)
		close(sock);
	sock = -1;
}

/* Sends everything; false when the peer has gone. */
bool
send_all(const void *p, size_t n)
{
	const uint8_t *c = p;

	while (n > 0) {
		ssize_t w;
		if (use_tls && tls_session != NULL) {
			w = gnutls_record_send(tls_session, c, n);
			if (w == GNUTLS_E_AGAIN || w == GNUTLS_E_INTERRUPTED)
				continue;
		} else {
			w = send(sock, c, n, MSG_NOSIGNAL);
			if (w < 0 && errno == EINTR)
				continue;
		}
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

void
send_buf(const struct buf *b)
{
	if (!send_all(b->d, b->n))
		bad("the SCP closed the connection while %zu bytes were being sent", b->n);
}

/* Reads up to n bytes within ms; returns the count, 0 on close, -1 on
 * timeout. */
ssize_t
recv_some(void *p, size_t n, int ms)
{
	struct pollfd pfd = {.fd = sock, .events = POLLIN};

	if (use_tls && tls_session != NULL && gnutls_record_check_pending(tls_session) > 0)
		return gnutls_record_recv(tls_session, p, n);
	for (;;) {
		int r = poll(&pfd, 1, ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return -1;
		break;
	}
	if (use_tls && tls_session != NULL) {
		ssize_t r;
		do
			r = gnutls_record_recv(tls_session, p, n);
		while (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED);
		return r < 0 ? 0 : r;
	} else {
		ssize_t r = recv(sock, p, n, 0);
		return r < 0 ? 0 : r;
	}
}

static bool
recv_exact(uint8_t *p, size_t n, int ms)
{
	int64_t end = now_ms() + ms;

	while (n > 0) {
		int left = (int)(end - now_ms());
		ssize_t r = recv_some(p, n, left > 0 ? left : 0);
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

struct pdu
read_pdu(int ms)
{
	struct pdu p = {0};
	uint8_t h[6];
	struct pollfd pfd = {.fd = sock, .events = POLLIN};

	if (!(use_tls && tls_session != NULL && gnutls_record_check_pending(tls_session) > 0) &&
	    poll(&pfd, 1, ms) == 0) {
		p.type = -2;
		return p;
	}
	if (!recv_exact(h, 6, ms)) {
		p.type = -1;
		return p;
	}
	p.type = h[0];
	p.len = get32be(h + 2);
	if (p.len > (1u << 24))
		bad("the SCP sent a PDU (type 0x%02x) of %u bytes", h[0], p.len);
	p.body = malloc(p.len + 1);
	if (p.body == NULL)
		die("out of memory");
	if (!recv_exact(p.body, p.len, ms))
		bad("the SCP closed the connection within a PDU of type 0x%02x", h[0]);
	return p;
}

const char *
pdu_name(int type)
{
	switch (type) {
	case -2:
		return "nothing (timeout)";
	case -1:
		return "the connection closed";
	case 1:
		return "A-ASSOCIATE-RQ";
	case 2:
		return "A-ASSOCIATE-AC";
	case 3:
		return "A-ASSOCIATE-RJ";
	case 4:
		return "P-DATA-TF";
	case 5:
		return "A-RELEASE-RQ";
	case 6:
		return "A-RELEASE-RP";
	case 7:
		return "A-ABORT";
	default:
		return "an unknown PDU";
	}
}

/* After an A-ABORT or A-ASSOCIATE-RJ the SCP must close: at once, or when
 * ARTIM expires in Sta13 (PS3.8 AA-1); the tests run it with -ta of a
 * few seconds, so 30 s is plenty. */
void
expect_closed(void)
{
	uint8_t junk[4096];
	int64_t end = now_ms() + 30000;

	for (;;) {
		int left = (int)(end - now_ms());
		ssize_t r;
		if (left <= 0)
			bad("the SCP did not close the connection within 30 s");
		r = recv_some(junk, sizeof junk, left);
		if (r == 0)
			return;
		if (r < 0)
			bad("the SCP did not close the connection within 30 s");
	}
}

void
expect_refused(struct pdu *p, const char *what)
{
	char line[200];

	if (p->type != 7 && p->type != 3)
		bad("%s answered with %s, not an A-ABORT or A-ASSOCIATE-RJ", what,
		    pdu_name(p->type));
	snprintf(line, sizeof line, "%s answered with %s", what, pdu_name(p->type));
	free(p->body);
	p->body = NULL;
	ok(line);
	expect_closed();
}

/* ---- PDUs --------------------------------------------------------------- */

void
pdu_header(struct buf *b, unsigned type)
{
	put8(b, type);
	put8(b, 0);
	put32be(b, 0); /* patched by pdu_end */
}

void
pdu_end(struct buf *b)
{
	set32be(b->d + 2, (uint32_t)(b->n - 6));
}

void
ae(struct buf *b, const char *s)
{
	char f[16];
	memset(f, ' ', sizeof f);
	memcpy(f, s, strlen(s) < 16 ? strlen(s) : 16);
	put(b, f, 16);
}

/* The common user information sub-items: max length, implementation
 * class UID. */
void
user_info_std(struct buf *u, uint32_t max_len)
{
	struct buf m = {0};
	put32be(&m, max_len);
	item(u, 0x51, m.d, m.n);
	item_str(u, 0x52, IMPL_UID);
	free(m.d);
}

void
build_rq_ui(struct buf *b, const char *calling, const struct ctxspec *c, int n,
            const struct buf *ui)
{
	pdu_header(b, 1);
	put16be(b, 1);
	put16be(b, 0);
	ae(b, called_ae);
	ae(b, calling);
	for (int i = 0; i < 32; i++)
		put8(b, 0);
	item_str(b, 0x10, APP_CONTEXT);
	for (int i = 0; i < n; i++) {
		struct buf p = {0};
		put8(&p, c[i].id);
		put8(&p, 0);
		put8(&p, 0);
		put8(&p, 0);
		item_str(&p, 0x30, c[i].as);
		item_str(&p, 0x40, IMPLICIT_LE);
		item(b, 0x20, p.d, p.n);
		free(p.d);
	}
	item(b, 0x50, ui->d, ui->n);
	pdu_end(b);
}

void
build_rq(struct buf *b, const char *calling, const struct ctxspec *c, int n)
{
	struct buf u = {0};
	user_info_std(&u, our_max_len);
	build_rq_ui(b, calling, c, n, &u);
	free(u.d);
}

/* Sends an RQ and asserts an AC; returns whether context 1 was accepted. */
void
associate_as(const char *calling)
{
	struct buf b = {0};
	struct pdu p;

	build_rq(&b, calling, std_ctx, 2);
	send_buf(&b);
	free(b.d);
	p = read_pdu(10000);
	if (p.type != 2)
		bad("A-ASSOCIATE-RQ answered with %s, not an A-ASSOCIATE-AC", pdu_name(p.type));
	free(p.body);
}

void
associate(void)
{
	associate_as("HOSTILE");
}

/* A PDV header in b: length, context ID, message control header. */
void
pdv(struct buf *b, uint8_t pcid, uint8_t mch, const void *p, size_t n)
{
	put32be(b, (uint32_t)(n + 2));
	put8(b, pcid);
	put8(b, mch);
	put(b, p, n);
}

void
pdata(uint8_t pcid, uint8_t mch, const void *p, size_t n)
{
	struct buf b = {0};

	pdu_header(&b, 4);
	pdv(&b, pcid, mch, p, n);
	pdu_end(&b);
	send_buf(&b);
	free(b.d);
}

/* ---- DIMSE -------------------------------------------------------------- */

void
el(struct buf *b, unsigned group, unsigned elem, const void *v, uint32_t n)
{
	put16le(b, group);
	put16le(b, elem);
	put32le(b, n);
	put(b, v, n);
}

/* A UID element padded to even length with a NUL; len is the value's
 * length, so values with NULs inside can be written. */
static void
el_uidn(struct buf *b, unsigned group, unsigned elem, const char *s, size_t len)
{
	put16le(b, group);
	put16le(b, elem);
	put32le(b, (uint32_t)(len + (len & 1)));
	put(b, s, len);
	if (len & 1)
		put8(b, 0);
}

void
el_uid(struct buf *b, unsigned group, unsigned elem, const char *s)
{
	el_uidn(b, group, elem, s, strlen(s));
}

void
el_us(struct buf *b, unsigned group, unsigned elem, unsigned v)
{
	uint8_t c[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	el(b, group, elem, c, 2);
}

/* Prepends the group length (0000,0000) to a command body. */
void
with_group_length(struct buf *out, const struct buf *body)
{
	uint8_t v[4] = {(uint8_t)body->n, (uint8_t)(body->n >> 8), (uint8_t)(body->n >> 16),
	                (uint8_t)(body->n >> 24)};
	el(out, 0, 0, v, 4);
	put(out, body->d, body->n);
}

void
build_store_cmd(struct buf *out, const struct store_cmd *s)
{
	struct buf c = {0};

	if (!s->omit_class)
		el_uid(&c, 0, 0x0002, s->cls ? s->cls : GOOD_CLASS);
	if (s->bad_vr) {
		uint8_t four[4] = {1, 0, 0, 0}; /* US given 4 bytes, as if UL */
		el(&c, 0, 0x0100, four, 4);
	} else if (!s->omit_command) {
		el_us(&c, 0, 0x0100, 0x0001);
	}
	el_us(&c, 0, 0x0110, 7);
	el_us(&c, 0, 0x0700, 0);
	el_us(&c, 0, 0x0800, s->data_set_type);
	if (!s->omit_instance) {
		const char *i = s->inst ? s->inst : GOOD_INSTANCE;
		el_uidn(&c, 0, 0x1000, i, s->inst_len ? s->inst_len : strlen(i));
	}
	with_group_length(out, &c);
	free(c.d);
}

void
build_dataset(struct buf *d, const char *cls, const char *inst)
{
	el_uid(d, 0x0008, 0x0016, cls);
	el_uid(d, 0x0008, 0x0018, inst);
	el(d, 0x0010, 0x0010, "HOSTILE^PEER", 12);
	el(d, 0x0010, 0x0020, "H1", 2);
}

/* Reads PDUs until a whole command arrives; returns its status, or -1
 * with *got naming what came instead. */
int
read_status(int *got_type)
{
	struct buf cmd = {0};

	for (;;) {
		struct pdu p = read_pdu(10000);
		size_t o = 0;
		bool last = false;

		*got_type = p.type;
		if (p.type != 4) {
			free(p.body);
			free(cmd.d);
			return -1;
		}
		while (o + 6 <= p.len) {
			uint32_t n = get32be(p.body + o);
			uint8_t mch = p.body[o + 5];
			if (n < 2 || n - 2 > p.len - o - 6)
				bad("the SCP sent a P-DATA-TF with a bad PDV length %u", n);
			if (mch & 1) {
				put(&cmd, p.body + o + 6, n - 2);
				if (mch & 2)
					last = true;
			}
			o += 4 + n;
		}
		free(p.body);
		if (last)
			break;
	}
	for (size_t o = 0; o + 8 <= cmd.n;) {
		unsigned g = cmd.d[o] | cmd.d[o + 1] << 8, e = cmd.d[o + 2] | cmd.d[o + 3] << 8;
		uint32_t n = cmd.d[o + 4] | cmd.d[o + 5] << 8 | cmd.d[o + 6] << 16 |
		             (uint32_t)cmd.d[o + 7] << 24;
		if (n > cmd.n - o - 8)
			bad("the SCP sent a command set with an element past its end");
		if (g == 0 && e == 0x0900 && n == 2) {
			int st = cmd.d[o + 8] | cmd.d[o + 9] << 8;
			free(cmd.d);
			return st;
		}
		o += 8 + n;
	}
	free(cmd.d);
	bad("the SCP's response has no Status (0000,0900)");
}

void
expect_status(bool want_ok, const char *what)
{
	int type, st = read_status(&type);
	char line[200];

	if (st < 0)
		bad("%s answered with %s, not a C-STORE-RSP", what, pdu_name(type));
	if (want_ok && st != 0)
		bad("%s answered with status 0x%04x, not success", what, st);
	if (!want_ok && (st == 0 || (st & 0xf000) == 0xb000 || st == 0xff00))
		bad("%s answered with status 0x%04x, not a failure", what, st);
	snprintf(line, sizeof line, "%s answered with status 0x%04x", what, st);
	ok(line);
}

void
expect_pdu(int want, const char *what)
{
	struct pdu p = read_pdu(10000);
	char line[200];

	/* A P-DATA-TF with a response may precede an abort */
	while (p.type == 4 && want != 4) {
		free(p.body);
		p = read_pdu(10000);
	}
	if (p.type != want)
		bad("%s answered with %s, not %s", what, pdu_name(p.type), pdu_name(want));
	free(p.body);
	snprintf(line, sizeof line, "%s answered with %s", what, pdu_name(want));
	ok(line);
	if (want == 7 || want == 3)
		expect_closed();
}

/* An A-ABORT, or a C-STORE-RSP with a failure status: either is what
 * PS3.7 allows for a message the SCP cannot understand. */
void
expect_abort_or_failure(const char *what)
{
	int type, st = read_status(&type);
	char line[200];

	if (st >= 0) {
		if (st == 0 || (st & 0xf000) == 0xb000)
			bad("%s answered with status 0x%04x, not a failure", what, st);
		snprintf(line, sizeof line, "%s answered with failure status 0x%04x", what, st);
	} else if (type == 7) {
		snprintf(line, sizeof line, "%s answered with A-ABORT", what);
		ok(line);
		expect_closed();
		return;
	} else {
		bad("%s answered with %s, not A-ABORT or a failure status", what, pdu_name(type));
	}
	ok(line);
}

void
send_store(const struct store_cmd *s, const char *ds_inst)
{
	struct buf c = {0}, d = {0};

	build_store_cmd(&c, s);
	build_dataset(&d, s->cls ? s->cls : GOOD_CLASS, ds_inst ? ds_inst : GOOD_INSTANCE);
	pdata(1, 0x03, c.d, c.n);
	pdata(1, 0x02, d.d, d.n);
	free(c.d);
	free(d.d);
}

void
release(void)
{
	struct buf b = {0};
	struct pdu p;

	pdu_header(&b, 5);
	put32be(&b, 0);
	pdu_end(&b);
	if (!send_all(b.d, b.n))
		bad("the SCP closed before the A-RELEASE-RQ");
	free(b.d);
	p = read_pdu(10000);
	if (p.type != 6)
		bad("A-RELEASE-RQ answered with %s", pdu_name(p.type));
	free(p.body);
}

/* ---- TLS (requestor) ---------------------------------------------------- */

void
tls_start(void)
{
	static gnutls_certificate_credentials_t cred;
	int rc;

	if (cred == NULL &&
	    (gnutls_certificate_allocate_credentials(&cred) < 0 ||
	     gnutls_certificate_set_x509_key_file(cred, tls_cert, tls_key, GNUTLS_X509_FMT_PEM) <
	         0 ||
	     gnutls_certificate_set_x509_trust_file(cred, tls_ca, GNUTLS_X509_FMT_PEM) < 0))
		die("cannot load the TLS key %s, certificate %s or CA %s", tls_key, tls_cert,
		    tls_ca);
	gnutls_init(&tls_session, GNUTLS_CLIENT);
	gnutls_set_default_priority(tls_session);
	gnutls_credentials_set(tls_session, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_transport_set_int(tls_session, sock);
	gnutls_handshake_set_timeout(tls_session, 10000);
	do
		rc = gnutls_handshake(tls_session);
	while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0)
		die("TLS handshake failed: %s", gnutls_strerror(rc));
}
