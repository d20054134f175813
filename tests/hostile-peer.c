/* hostile-peer.c — a DICOM peer that misbehaves on purpose (check program,
 * not installed).
 *
 *   hostile-peer [--tls KEY CERT CA] HOST PORT CASE     talk to an SCP
 *   hostile-peer --scp PORTFILE CASE                    be an SCP for an SCU
 *   hostile-peer --list                                 the case names
 *
 * As a requestor it speaks raw bytes to a running storescp and asserts what
 * comes back (an A-ABORT, an A-ASSOCIATE-RJ, a C-STORE-RSP with a failure
 * status, ...); exit status 0 when the SCP answered as PS3.7/PS3.8 say,
 * 1 with a line on stderr when not, 2 on a usage or local error.
 *
 * As an acceptor it listens on 127.0.0.1 (a free port, written to
 * PORTFILE), misbehaves on the first association as CASE says, and serves
 * every later association properly (each C-STORE answered with success and
 * "stored <SOP Instance UID>" printed on stdout), until killed.
 *
 * Only 127.0.0.1/::1 are spoken to; the peer never writes files besides
 * PORTFILE. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CT_IMAGE "1.2.840.10008.5.1.4.1.1.2"
#define VERIFICATION "1.2.840.10008.1.1"
#define IMPLICIT_LE "1.2.840.10008.1.2"
#define APP_CONTEXT "1.2.840.10008.3.1.1.1"
#define IMPL_UID "1.2.826.0.1.3680043.9.7433.99"
#define GOOD_CLASS CT_IMAGE
#define GOOD_INSTANCE "1.2.826.0.1.3680043.9.7433.99.1"

static const char *case_name = "";
static uint32_t our_max_len = 16384; /* the max length sub-item we send */
static gnutls_session_t tls_session;
static bool use_tls;

/* ---- small helpers ------------------------------------------------------ */

static void __attribute__((noreturn, format(printf, 1, 2))) bad(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hostile-peer: %s: FAIL: ", case_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hostile-peer: %s: ", case_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void
ok(const char *what)
{
	printf("ok: %s: %s\n", case_name, what);
	fflush(stdout);
}

static void
msleep(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct buf {
	uint8_t *d;
	size_t n, cap;
};

static void
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

static void
put8(struct buf *b, unsigned v)
{
	uint8_t c = (uint8_t)v;
	put(b, &c, 1);
}

static void
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

static void
put16le(struct buf *b, unsigned v)
{
	uint8_t c[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	put(b, c, 2);
}

static void
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

static uint32_t
get32be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An item: type, reserved, 16-bit length, then the bytes. */
static void
item(struct buf *b, unsigned type, const void *p, size_t n)
{
	put8(b, type);
	put8(b, 0);
	put16be(b, (unsigned)n);
	put(b, p, n);
}

static void
item_str(struct buf *b, unsigned type, const char *s)
{
	item(b, type, s, strlen(s));
}

/* ---- connection --------------------------------------------------------- */

static int sock = -1;

static void
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

static void
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
static bool
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

static void
send_buf(const struct buf *b)
{
	if (!send_all(b->d, b->n))
		bad("the SCP closed the connection while %zu bytes were being sent", b->n);
}

/* Reads up to n bytes within ms; returns the count, 0 on close, -1 on
 * timeout. */
static ssize_t
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

/* One PDU read: its type (or -1 on close, -2 on timeout), bytes in *body. */
struct pdu {
	int type;
	uint32_t len;
	uint8_t *body;
};

static struct pdu
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

static const char *
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
static void
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

/* ---- PDUs --------------------------------------------------------------- */

struct ctxspec {
	uint8_t id;
	const char *as;
};

static void
pdu_header(struct buf *b, unsigned type)
{
	put8(b, type);
	put8(b, 0);
	put32be(b, 0); /* patched by pdu_end */
}

static void
pdu_end(struct buf *b)
{
	set32be(b->d + 2, (uint32_t)(b->n - 6));
}

static void
ae(struct buf *b, const char *s)
{
	char f[16];
	memset(f, ' ', sizeof f);
	memcpy(f, s, strlen(s) < 16 ? strlen(s) : 16);
	put(b, f, 16);
}

/* The common user information sub-items: max length, implementation
 * class UID. */
static void
user_info_std(struct buf *u, uint32_t max_len)
{
	struct buf m = {0};
	put32be(&m, max_len);
	item(u, 0x51, m.d, m.n);
	item_str(u, 0x52, IMPL_UID);
	free(m.d);
}

static void
build_rq_ui(struct buf *b, const char *calling, const struct ctxspec *c, int n,
            const struct buf *ui)
{
	pdu_header(b, 1);
	put16be(b, 1);
	put16be(b, 0);
	ae(b, "ANY-SCP");
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

static void
build_rq(struct buf *b, const char *calling, const struct ctxspec *c, int n)
{
	struct buf u = {0};
	user_info_std(&u, our_max_len);
	build_rq_ui(b, calling, c, n, &u);
	free(u.d);
}

static const struct ctxspec std_ctx[] = {{1, CT_IMAGE}, {3, VERIFICATION}};

/* Sends an RQ and asserts an AC; returns whether context 1 was accepted. */
static void
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

static void
associate(void)
{
	associate_as("HOSTILE");
}

/* A PDV header in b: length, context ID, message control header. */
static void
pdv(struct buf *b, uint8_t pcid, uint8_t mch, const void *p, size_t n)
{
	put32be(b, (uint32_t)(n + 2));
	put8(b, pcid);
	put8(b, mch);
	put(b, p, n);
}

static void
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

static void
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

static void
el_uid(struct buf *b, unsigned group, unsigned elem, const char *s)
{
	el_uidn(b, group, elem, s, strlen(s));
}

static void
el_us(struct buf *b, unsigned group, unsigned elem, unsigned v)
{
	uint8_t c[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	el(b, group, elem, c, 2);
}

/* Prepends the group length (0000,0000) to a command body. */
static void
with_group_length(struct buf *out, const struct buf *body)
{
	uint8_t v[4] = {(uint8_t)body->n, (uint8_t)(body->n >> 8), (uint8_t)(body->n >> 16),
	                (uint8_t)(body->n >> 24)};
	el(out, 0, 0, v, 4);
	put(out, body->d, body->n);
}

struct store_cmd {
	const char *cls, *inst;
	size_t inst_len; /* 0: strlen */
	unsigned data_set_type;
	bool omit_class, omit_instance, omit_command, bad_vr;
};

static void
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

static void
build_dataset(struct buf *d, const char *cls, const char *inst)
{
	el_uid(d, 0x0008, 0x0016, cls);
	el_uid(d, 0x0008, 0x0018, inst);
	el(d, 0x0010, 0x0010, "HOSTILE^PEER", 12);
	el(d, 0x0010, 0x0020, "H1", 2);
}

/* Reads PDUs until a whole command arrives; returns its status, or -1
 * with *got naming what came instead. */
static int
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

static void
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

static void
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
static void
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

static void
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

static void
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

/* ---- the requestor cases ------------------------------------------------ */

static void
uid_case(const char *inst, size_t len)
{
	struct store_cmd s = {.inst = inst, .inst_len = len};

	associate();
	send_store(&s, GOOD_INSTANCE);
	expect_status(false, "a C-STORE-RQ with a hostile SOP Instance UID");
	release();
}

/* A UID too long for a command set's UI element: the command itself is
 * malformed, so an A-ABORT is as right as a failure status. */
static void
c_uid_long(void)
{
	char u[201];
	struct store_cmd s = {.inst = u};

	for (int i = 0; i < 200; i++)
		u[i] = i % 2 ? '.' : '1';
	u[199] = '1';
	u[200] = '\0';
	associate();
	send_store(&s, GOOD_INSTANCE);
	expect_abort_or_failure("a C-STORE-RQ with a SOP Instance UID of 200 characters");
}

static void
c_uid_dotdot(void)
{
	uid_case("..", 0);
}
static void
c_uid_dotdot_x(void)
{
	uid_case("../x", 0);
}
static void
c_uid_dotdot_deep(void)
{
	uid_case("../../../../../../tmp/dcb-hostile-escape", 0);
}
static void
c_uid_abs(void)
{
	uid_case("/tmp/dcb-hostile-abs", 0);
}
static void
c_uid_backslash(void)
{
	uid_case("..\\..\\x", 0);
}
static void
c_uid_nul(void)
{
	uid_case("1.2.3\0/../../x", 14);
}
static void
c_uid_trailing_dot(void)
{
	uid_case("1.2.", 0);
}

static void
c_class_dotdot(void)
{
	struct store_cmd s = {.cls = "../../x"};

	associate();
	send_store(&s, GOOD_INSTANCE);
	expect_status(false, "a C-STORE-RQ whose Affected SOP Class UID is ../../x");
	release();
}

/* Peer values that do go into the file (calling AE title into the meta
 * header): the object is stored inside the output folder. */
static void
c_ae_dotdot(void)
{
	struct store_cmd s = {0};

	associate_as("../../../tmp/x");
	send_store(&s, GOOD_INSTANCE);
	expect_status(true, "a C-STORE-RQ from calling AE title ../../../tmp/x");
	release();
}

static void
c_pdu_huge_rq(void)
{
	uint8_t h[10] = {1, 0, 0xff, 0xff, 0xff, 0xfe, 0, 1, 0, 0};

	if (!send_all(h, sizeof h))
		bad("closed at once");
	expect_pdu(7, "an A-ASSOCIATE-RQ header saying 4294967294 bytes");
}

static void
c_pdu_huge_pdata(void)
{
	uint8_t h[16] = {4, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd, 1, 3};

	associate();
	if (!send_all(h, sizeof h))
		bad("closed at once");
	expect_pdu(7, "a P-DATA-TF of 4294967295 bytes");
}

static void
c_pdu_over_max(void)
{
	/* A proper C-STORE whose data set travels in one PDU of ~40 KB,
	 * above the 16384 bytes the SCP announced. */
	struct store_cmd s = {0};
	struct buf c = {0}, d = {0}, b = {0};
	static char big[40000];

	associate();
	memset(big, 'A', sizeof big);
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	el(&d, 0x0010, 0x4000, big, sizeof big);
	pdata(1, 0x03, c.d, c.n);
	pdu_header(&b, 4);
	pdv(&b, 1, 0x02, d.d, d.n);
	pdu_end(&b);
	send_buf(&b);
	/* PS3.8 leaves the receiver free to take it (the SCP flags it as a
	 * finding) or to abort; what it must not do is crash or hang. */
	{
		int type, st = read_status(&type);
		if (st < 0 && type != 7)
			bad("a P-DATA-TF above the maximum answered with %s", pdu_name(type));
		ok(st >= 0 ? "a P-DATA-TF above the maximum: answered with a status"
		           : "a P-DATA-TF above the maximum: A-ABORT");
	}
	free(b.d);
	free(c.d);
	free(d.d);
}

/* An RQ whose user information holds ui; answered with an A-ABORT or a
 * reject, never a crash. */
static void
bad_ui(const struct buf *ui, const char *what)
{
	struct buf b = {0};
	struct pdu p;
	char line[200];

	build_rq_ui(&b, "HOSTILE", std_ctx, 2, ui);
	send_buf(&b);
	free(b.d);
	p = read_pdu(10000);
	if (p.type != 7 && p.type != 3)
		bad("%s answered with %s, not an A-ABORT or A-ASSOCIATE-RJ", what,
		    pdu_name(p.type));
	snprintf(line, sizeof line, "%s answered with %s", what, pdu_name(p.type));
	free(p.body);
	ok(line);
	expect_closed();
}

static void
c_maxlen_overrun(void)
{
	struct buf u = {0};
	/* max length sub-item claiming 200 bytes inside a 12-byte user info */
	uint8_t m[8] = {0x51, 0, 0, 200, 0, 0, 0x40, 0};
	put(&u, m, sizeof m);
	bad_ui(&u, "a max length sub-item over-running the user information");
	free(u.d);
}

static void
c_maxlen_underrun(void)
{
	struct buf u = {0};
	uint8_t m[6] = {0x51, 0, 0, 2, 0x40, 0}; /* 2 bytes, not 4 */
	put(&u, m, sizeof m);
	item_str(&u, 0x52, IMPL_UID);
	bad_ui(&u, "a max length sub-item of 2 bytes");
	free(u.d);
}

static void
c_role_overrun(void)
{
	struct buf u = {0};
	struct buf r = {0};
	user_info_std(&u, 16384);
	put16be(&r, 300); /* UID length past the sub-item */
	put(&r, CT_IMAGE, strlen(CT_IMAGE));
	put8(&r, 1);
	put8(&r, 1);
	item(&u, 0x54, r.d, r.n);
	bad_ui(&u, "a role selection whose UID length over-runs the sub-item");
	free(u.d);
	free(r.d);
}

static void
c_role_underrun(void)
{
	struct buf u = {0};
	struct buf r = {0};
	user_info_std(&u, 16384);
	put16be(&r, (unsigned)strlen(CT_IMAGE));
	put(&r, CT_IMAGE, strlen(CT_IMAGE)); /* the two role bytes missing */
	item(&u, 0x54, r.d, r.n);
	bad_ui(&u, "a role selection without its role bytes");
	free(u.d);
	free(r.d);
}

static void
c_identity_overrun(void)
{
	struct buf u = {0};
	struct buf r = {0};
	user_info_std(&u, 16384);
	put8(&r, 2); /* username and passcode */
	put8(&r, 1);
	put16be(&r, 4);
	put(&r, "user", 4);
	put16be(&r, 60000); /* passcode length past the end */
	put(&r, "pw", 2);
	item(&u, 0x58, r.d, r.n);
	bad_ui(&u, "a user identity whose secondary field over-runs the sub-item");
	free(u.d);
	free(r.d);
}

static void
c_identity_primary_overrun(void)
{
	struct buf u = {0};
	struct buf r = {0};
	user_info_std(&u, 16384);
	put8(&r, 1);
	put8(&r, 0);
	put16be(&r, 65535);
	put(&r, "user", 4);
	item(&u, 0x58, r.d, r.n);
	bad_ui(&u, "a user identity whose primary field over-runs the sub-item");
	free(u.d);
	free(r.d);
}

static void
c_ui_overrun_pdu(void)
{
	/* the user information item itself claims more than the PDU holds */
	struct buf b = {0};
	struct buf u = {0};
	struct pdu p;

	user_info_std(&u, 16384);
	build_rq_ui(&b, "HOSTILE", std_ctx, 2, &u);
	b.d[b.n - u.n - 2] = 0x7f; /* the user information length's high byte */
	send_buf(&b);
	p = read_pdu(10000);
	if (p.type != 7 && p.type != 3)
		bad("a user information item past the PDU answered with %s", pdu_name(p.type));
	free(p.body);
	ok("a user information item past the PDU answered with an A-ABORT or RJ");
	expect_closed();
	free(b.d);
	free(u.d);
}

static void
c_ctx_zero_length(void)
{
	struct buf b = {0};
	struct buf u = {0};
	struct pdu p;

	pdu_header(&b, 1);
	put16be(&b, 1);
	put16be(&b, 0);
	ae(&b, "ANY-SCP");
	ae(&b, "HOSTILE");
	for (int i = 0; i < 32; i++)
		put8(&b, 0);
	item_str(&b, 0x10, APP_CONTEXT);
	item(&b, 0x20, NULL, 0); /* a presentation context of zero length */
	item(&b, 0x20, NULL, 0);
	user_info_std(&u, 16384);
	item(&b, 0x50, u.d, u.n);
	pdu_end(&b);
	send_buf(&b);
	p = read_pdu(10000);
	if (p.type != 7 && p.type != 3)
		bad("zero-length presentation context items answered with %s", pdu_name(p.type));
	free(p.body);
	ok("zero-length presentation context items answered with an A-ABORT or RJ");
	expect_closed();
	free(b.d);
	free(u.d);
}

static void
c_pdv_zero_length(void)
{
	uint8_t z[16] = {4, 0, 0, 0, 0, 4, 0, 0, 0, 0}; /* one PDV item of length 0 */

	associate();
	if (!send_all(z, 10))
		bad("closed");
	expect_pdu(7, "a PDV item of length 0");
}

static void
c_empty_pdata(void)
{
	uint8_t z[6] = {4, 0, 0, 0, 0, 0}; /* a P-DATA-TF with no PDV */
	struct store_cmd s = {0};

	associate();
	if (!send_all(z, sizeof z))
		bad("closed");
	/* harmless or an abort; if harmless, the SCP must go on working */
	send_store(&s, GOOD_INSTANCE);
	{
		int type, st = read_status(&type);
		if (st == 0) {
			ok("an empty P-DATA-TF was ignored; the next C-STORE succeeded");
			release();
		} else if (type == 7) {
			ok("an empty P-DATA-TF answered with an A-ABORT");
			expect_closed();
		} else {
			bad("after an empty P-DATA-TF: %s, status %d", pdu_name(type), st);
		}
	}
}

static void
ctx_case(const struct ctxspec *c, int n, const char *what)
{
	struct buf b = {0};
	struct pdu p;
	char line[200];

	build_rq(&b, "HOSTILE", c, n);
	send_buf(&b);
	free(b.d);
	p = read_pdu(10000);
	if (p.type == 2) {
		/* acceptable only if no context is accepted under a bad ID */
		size_t o = 68;
		while (o + 4 <= p.len) {
			unsigned t = p.body[o], l = p.body[o + 2] << 8 | p.body[o + 3];
			if (t == 0x21 && l >= 4 && o + 4 + l <= p.len) {
				unsigned id = p.body[o + 4], res = p.body[o + 6];
				if (res == 0 && (id % 2 == 0))
					bad("%s: context %u accepted", what, id);
			}
			o += 4 + l;
		}
		snprintf(line, sizeof line, "%s answered with an A-ASSOCIATE-AC rejecting them",
		         what);
		ok(line);
		free(p.body);
		release();
		return;
	}
	if (p.type != 7 && p.type != 3)
		bad("%s answered with %s", what, pdu_name(p.type));
	snprintf(line, sizeof line, "%s answered with %s", what, pdu_name(p.type));
	free(p.body);
	ok(line);
	expect_closed();
}

static void
c_dup_ctx(void)
{
	static const struct ctxspec c[] = {{1, CT_IMAGE}, {1, VERIFICATION}};
	struct buf b = {0};
	struct pdu p;

	build_rq(&b, "HOSTILE", c, 2);
	send_buf(&b);
	free(b.d);
	p = read_pdu(10000);
	if (p.type == 2) {
		/* then one answer per ID at most */
		size_t o = 68;
		int seen = 0;
		while (o + 4 <= p.len) {
			unsigned t = p.body[o], l = p.body[o + 2] << 8 | p.body[o + 3];
			if (t == 0x21 && l >= 4 && p.body[o + 4] == 1 && p.body[o + 6] == 0)
				seen++;
			o += 4 + l;
		}
		if (seen > 1)
			bad("duplicate context ID 1 accepted twice");
		ok("duplicate presentation context IDs: at most one accepted");
		free(p.body);
		release();
		return;
	}
	if (p.type != 7 && p.type != 3)
		bad("duplicate context IDs answered with %s", pdu_name(p.type));
	free(p.body);
	ok("duplicate context IDs answered with an A-ABORT or RJ");
	expect_closed();
}

static void
c_even_ctx(void)
{
	static const struct ctxspec c[] = {{2, CT_IMAGE}, {3, VERIFICATION}};
	ctx_case(c, 2, "an even presentation context ID");
}

static void
c_pdata_first(void)
{
	struct buf c = {0};
	struct store_cmd s = {0};

	build_store_cmd(&c, &s);
	pdata(1, 0x03, c.d, c.n);
	free(c.d);
	expect_pdu(7, "a P-DATA-TF before any association");
}

static void
c_release_first(void)
{
	uint8_t r[10] = {5, 0, 0, 0, 0, 4, 0, 0, 0, 0};
	if (!send_all(r, sizeof r))
		bad("closed");
	expect_pdu(7, "an A-RELEASE-RQ before any association");
}

static void
c_pdv_unaccepted(void)
{
	struct buf c = {0};
	struct store_cmd s = {0};

	associate();
	build_store_cmd(&c, &s);
	pdata(5, 0x03, c.d, c.n); /* context 5 was never proposed */
	free(c.d);
	expect_abort_or_failure("a command on presentation context 5, never proposed");
}

static void
c_cmd_not_last(void)
{
	/* a command fragment without the last flag, followed by data */
	struct buf c = {0}, d = {0};
	struct store_cmd s = {0};

	associate();
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	pdata(1, 0x01, c.d, c.n);
	pdata(1, 0x02, d.d, d.n);
	free(c.d);
	free(d.d);
	expect_abort_or_failure("a data set PDV while the command was not complete");
}

static void
c_data_last_then_more(void)
{
	/* the data set marked complete, then another data fragment */
	struct buf c = {0}, d = {0};
	struct store_cmd s = {0};
	int type, st;

	associate();
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	pdata(1, 0x03, c.d, c.n);
	pdata(1, 0x02, d.d, d.n);
	st = read_status(&type);
	if (st != 0)
		bad("the well-formed C-STORE before the stray fragment failed (%s, status %d)",
		    pdu_name(type), st);
	pdata(1, 0x02, d.d, d.n);
	free(c.d);
	free(d.d);
	expect_pdu(7, "a data set fragment after the last one");
}

static void
c_cmd_flag_twice(void)
{
	/* two command fragments both marked last (no data between) */
	struct buf c = {0};
	struct store_cmd s = {0};

	associate();
	build_store_cmd(&c, &s);
	pdata(1, 0x03, c.d, c.n);
	pdata(1, 0x03, c.d, c.n);
	free(c.d);
	expect_abort_or_failure("a second command while a data set was expected");
}

static void
c_cmd_without_data(void)
{
	struct store_cmd s = {.data_set_type = 0x0101};
	struct buf c = {0};

	associate();
	build_store_cmd(&c, &s);
	pdata(1, 0x03, c.d, c.n);
	free(c.d);
	expect_abort_or_failure("a C-STORE-RQ saying no data set follows");
}

static void
c_data_without_cmd(void)
{
	struct buf d = {0};

	associate();
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	pdata(1, 0x02, d.d, d.n);
	free(d.d);
	expect_abort_or_failure("a data set without a command");
}

static void
dimse_case(const struct store_cmd *s, const char *what)
{
	associate();
	send_store(s, GOOD_INSTANCE);
	expect_abort_or_failure(what);
}

static void
c_cmd_no_instance(void)
{
	struct store_cmd s = {.omit_instance = true};
	dimse_case(&s, "a C-STORE-RQ without Affected SOP Instance UID");
}

static void
c_cmd_no_class(void)
{
	struct store_cmd s = {.omit_class = true};
	dimse_case(&s, "a C-STORE-RQ without Affected SOP Class UID");
}

static void
c_cmd_no_field(void)
{
	struct store_cmd s = {.omit_command = true};
	dimse_case(&s, "a command set without Command Field");
}

static void
c_cmd_bad_vr(void)
{
	struct store_cmd s = {.bad_vr = true};
	dimse_case(&s, "a Command Field (US) of 4 bytes");
}

static void
c_cmd_past_end(void)
{
	struct buf c = {0}, g = {0};

	associate();
	el_uid(&c, 0, 0x0002, GOOD_CLASS);
	el_us(&c, 0, 0x0100, 1);
	put16le(&c, 0);
	put16le(&c, 0x1000);
	put32le(&c, 0x7ffffff0); /* Affected SOP Instance UID past the end */
	put(&c, "1.2.3", 5);
	with_group_length(&g, &c);
	pdata(1, 0x03, g.d, g.n);
	free(c.d);
	free(g.d);
	expect_abort_or_failure("a command element whose length runs past the command set");
}

static void
c_cmd_garbage_group_length(void)
{
	struct buf c = {0}, g = {0};
	struct store_cmd s = {0};
	struct buf d = {0};

	associate();
	build_store_cmd(&c, &s);
	c.d[8] = 0xff; /* group length value far past the end */
	c.d[9] = 0xff;
	c.d[10] = 0xff;
	c.d[11] = 0x7f;
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	pdata(1, 0x03, c.d, c.n);
	pdata(1, 0x02, d.d, d.n);
	(void)g;
	free(c.d);
	free(d.d);
	/* the group length is informative: success or a failure, no crash */
	{
		int type, st = read_status(&type);
		if (st < 0 && type != 7)
			bad("a wrong command group length answered with %s", pdu_name(type));
		ok(st >= 0 ? "a wrong command group length: answered with a status"
		           : "a wrong command group length: A-ABORT");
	}
}

static void
c_nested_sq(void)
{
	/* a data set with sequences nested 1000 deep, undefined lengths */
	struct buf c = {0}, d = {0};
	struct store_cmd s = {0};
	const uint8_t sq[8] = {0x08, 0x00, 0x15, 0x11, 0xff, 0xff, 0xff, 0xff};
	const uint8_t it[8] = {0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff};
	const uint8_t ie[8] = {0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0};
	const uint8_t sqe[8] = {0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0};
	int type, st;

	associate();
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	for (int i = 0; i < 1000; i++) {
		put(&d, sq, 8);
		put(&d, it, 8);
	}
	for (int i = 0; i < 1000; i++) {
		put(&d, ie, 8);
		put(&d, sqe, 8);
	}
	pdata(1, 0x03, c.d, c.n);
	for (size_t o = 0; o < d.n; o += 8000)
		pdata(1, o + 8000 >= d.n ? 0x02 : 0x00, d.d + o, d.n - o < 8000 ? d.n - o : 8000);
	free(c.d);
	free(d.d);
	st = read_status(&type);
	if (st < 0 && type != 7)
		bad("1000 nested sequences answered with %s", pdu_name(type));
	ok(st >= 0 ? "1000 nested sequences: answered with a status"
	           : "1000 nested sequences: A-ABORT");
	if (st >= 0)
		release();
}

static void
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

static void
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

static void
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

static void
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

static void
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

static void
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

static void
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

static void
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

/* The SCP must answer within a max length of 7 (one byte per PDV) and
 * reject a max length of 6 or less (no room for a byte) at once. */
static void
tiny_max(uint32_t m, bool can_answer)
{
	struct store_cmd s = {0};
	struct buf b = {0};
	int type, st;

	our_max_len = m;
	if (!can_answer) {
		build_rq(&b, "HOSTILE", std_ctx, 2);
		send_buf(&b);
		free(b.d);
		expect_pdu(3, "an A-ASSOCIATE-RQ with a max length too small for a PDV");
		return;
	}
	associate();
	send_store(&s, GOOD_INSTANCE);
	st = read_status(&type);
	if (st != 0)
		bad("with a max length of %u the C-STORE got %s, status %d", m, pdu_name(type), st);
	printf("ok: %s: max length %u: answered in PDUs of that size\n", case_name, m);
	release();
}

static void
c_max_7(void)
{
	tiny_max(7, true);
}
static void
c_max_6(void)
{
	tiny_max(6, false);
}
static void
c_max_1(void)
{
	tiny_max(1, false);
}

/* An RQ with 200 presentation contexts (odd IDs wrap past 255): at most
 * 128 can be valid; no crash, an answer. */
static void
c_ctx_200(void)
{
	struct ctxspec c[200];
	struct pdu p;
	struct buf b = {0};

	for (int i = 0; i < 200; i++) {
		c[i].id = (uint8_t)(2 * i + 1);
		c[i].as = i % 2 ? VERIFICATION : CT_IMAGE;
	}
	build_rq(&b, "HOSTILE", c, 200);
	send_buf(&b);
	free(b.d);
	p = read_pdu(10000);
	if (p.type != 2 && p.type != 3 && p.type != 7)
		bad("200 presentation contexts answered with %s", pdu_name(p.type));
	free(p.body);
	printf("ok: %s: 200 presentation contexts answered with %s\n", case_name, pdu_name(p.type));
	if (p.type == 2)
		release();
	else
		expect_closed();
}

/* One context with 40 transfer syntaxes, an abstract syntax of 70
 * characters, and 300 unknown user information sub-items. */
static void
c_rq_oversized_lists(void)
{
	struct buf b = {0}, pc = {0}, u = {0};
	char longuid[71];
	struct pdu p;

	memset(longuid, '1', 70);
	longuid[70] = '\0';
	pdu_header(&b, 1);
	put16be(&b, 1);
	put16be(&b, 0);
	ae(&b, "ANY-SCP");
	ae(&b, "HOSTILE");
	for (int i = 0; i < 32; i++)
		put8(&b, 0);
	item_str(&b, 0x10, APP_CONTEXT);
	put8(&pc, 1);
	put8(&pc, 0);
	put8(&pc, 0);
	put8(&pc, 0);
	item_str(&pc, 0x30, CT_IMAGE);
	for (int i = 0; i < 40; i++)
		item_str(&pc, 0x40, i == 0 ? IMPLICIT_LE : "1.2.3.4.5.6.7.8.9");
	item(&b, 0x20, pc.d, pc.n);
	pc.n = 0;
	put8(&pc, 3);
	put8(&pc, 0);
	put8(&pc, 0);
	put8(&pc, 0);
	item_str(&pc, 0x30, longuid);
	item_str(&pc, 0x40, IMPLICIT_LE);
	item(&b, 0x20, pc.d, pc.n);
	user_info_std(&u, 16384);
	for (int i = 0; i < 300; i++)
		item_str(&u, 0x60 + (i % 16), "junk");
	item(&b, 0x50, u.d, u.n);
	pdu_end(&b);
	send_buf(&b);
	p = read_pdu(10000);
	if (p.type != 2 && p.type != 3 && p.type != 7)
		bad("oversized lists answered with %s", pdu_name(p.type));
	free(p.body);
	printf("ok: %s: 40 transfer syntaxes, a 70-character abstract syntax and 300 unknown "
	       "sub-items answered with %s\n",
	       case_name, pdu_name(p.type));
	if (p.type == 2) {
		struct store_cmd s = {0};
		send_store(&s, GOOD_INSTANCE);
		expect_status(true, "a C-STORE after the oversized RQ");
		release();
	} else {
		expect_closed();
	}
	free(b.d);
	free(pc.d);
	free(u.d);
}

/* The command on context 1, its data set on context 3. */
static void
c_data_other_ctx(void)
{
	struct buf c = {0}, d = {0};
	struct store_cmd s = {.inst = "1.2.826.0.1.3680043.9.7433.99.33"};

	associate();
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, s.inst);
	pdata(1, 0x03, c.d, c.n);
	pdata(3, 0x02, d.d, d.n);
	free(c.d);
	free(d.d);
	expect_abort_or_failure("a data set on another presentation context than its command");
}

/* A C-FIND-RQ with a data set on the storage context: not supported,
 * answered 0x0211 (or aborted), never a crash. */
static void
c_find_with_data(void)
{
	struct buf c = {0}, g = {0}, d = {0};

	associate();
	el_uid(&c, 0, 0x0002, GOOD_CLASS);
	el_us(&c, 0, 0x0100, 0x0020);
	el_us(&c, 0, 0x0110, 9);
	el_us(&c, 0, 0x0700, 0);
	el_us(&c, 0, 0x0800, 0);
	with_group_length(&g, &c);
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	pdata(1, 0x03, g.d, g.n);
	pdata(1, 0x02, d.d, d.n);
	free(c.d);
	free(g.d);
	free(d.d);
	expect_abort_or_failure("a C-FIND-RQ with a data set");
}

static void
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
static void c_flood(void);

struct tcase {
	const char *name;
	void (*fn)(void);
};

static const struct tcase cases[] = {
    {"uid-dotdot", c_uid_dotdot},
    {"uid-dotdot-x", c_uid_dotdot_x},
    {"uid-dotdot-deep", c_uid_dotdot_deep},
    {"uid-abs", c_uid_abs},
    {"uid-backslash", c_uid_backslash},
    {"uid-nul", c_uid_nul},
    {"uid-trailing-dot", c_uid_trailing_dot},
    {"uid-long", c_uid_long},
    {"class-dotdot", c_class_dotdot},
    {"ae-dotdot", c_ae_dotdot},
    {"pdu-huge-rq", c_pdu_huge_rq},
    {"pdu-huge-pdata", c_pdu_huge_pdata},
    {"pdu-over-max", c_pdu_over_max},
    {"maxlen-overrun", c_maxlen_overrun},
    {"maxlen-underrun", c_maxlen_underrun},
    {"role-overrun", c_role_overrun},
    {"role-underrun", c_role_underrun},
    {"identity-overrun", c_identity_overrun},
    {"identity-primary-overrun", c_identity_primary_overrun},
    {"userinfo-overrun", c_ui_overrun_pdu},
    {"ctx-zero-length", c_ctx_zero_length},
    {"pdv-zero-length", c_pdv_zero_length},
    {"pdata-empty", c_empty_pdata},
    {"ctx-duplicate", c_dup_ctx},
    {"ctx-even", c_even_ctx},
    {"pdata-first", c_pdata_first},
    {"release-first", c_release_first},
    {"pdv-unaccepted", c_pdv_unaccepted},
    {"cmd-not-last", c_cmd_not_last},
    {"data-after-last", c_data_last_then_more},
    {"cmd-twice", c_cmd_flag_twice},
    {"cmd-without-data", c_cmd_without_data},
    {"data-without-cmd", c_data_without_cmd},
    {"cmd-no-instance", c_cmd_no_instance},
    {"cmd-no-class", c_cmd_no_class},
    {"cmd-no-field", c_cmd_no_field},
    {"cmd-bad-vr", c_cmd_bad_vr},
    {"cmd-past-end", c_cmd_past_end},
    {"cmd-group-length", c_cmd_garbage_group_length},
    {"nested-sq", c_nested_sq},
    {"release-collision", c_release_collision},
    {"release-mid-object", c_release_mid_object},
    {"stall-mid-pdu", c_stall_mid_pdu},
    {"stall-mid-pdata", c_stall_mid_pdata},
    {"slow-drip", c_slow_drip},
    {"slowloris", c_slowloris},
    {"flood", c_flood},
    {"max-length-7", c_max_7},
    {"max-length-6", c_max_6},
    {"max-length-1", c_max_1},
    {"ctx-200", c_ctx_200},
    {"rq-oversized-lists", c_rq_oversized_lists},
    {"data-other-ctx", c_data_other_ctx},
    {"find-with-data", c_find_with_data},
    {"silent", c_silent},
    {"tls-on-plain", c_tls_on_plain},
    {"plain-on-tls", c_plain_on_tls},
};

static const char *peer_host, *peer_port;
static const char *tls_key, *tls_cert, *tls_ca;
static void tls_start(void);

static void
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

/* ---- TLS (requestor) ---------------------------------------------------- */

static void
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

/* ---- the acceptor side -------------------------------------------------- */

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
					if (mode == 0 || mode == 10) {
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
					if (mode != 10)
						mode = 0; /* hostile once */
				}
			}
			o += 4 + l;
		}
		free(p.body);
	}
}

static const char *const scp_modes[] = {
    "scp-good",         "scp-ac-unproposed",  "scp-ac-overrun",        "scp-rsp-garbage",
    "scp-rsp-wrong-id", "scp-abort-mid",      "scp-status-a700",       "scp-max-length-6",
    "scp-max-length-7", "scp-abort-after-ac", "scp-release-collision", "scp-pdata-huge",
};

static int
scp_main(const char *portfile, const char *mode_name)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t al = sizeof a;
	int l, one = 1, mode = -1;
	FILE *f;

	for (size_t i = 0; i < sizeof scp_modes / sizeof scp_modes[0]; i++)
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

int
main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
			puts(cases[i].name);
		for (size_t i = 1; i < sizeof scp_modes / sizeof scp_modes[0]; i++)
			puts(scp_modes[i]);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "--scp") == 0) {
		case_name = argv[3];
		return scp_main(argv[2], argv[3]);
	}
	if (argc == 8 && strcmp(argv[1], "--tls") == 0) {
		tls_key = argv[2];
		tls_cert = argv[3];
		tls_ca = argv[4];
		argv += 4;
		argc -= 4;
	}
	if (argc != 4) {
		fprintf(stderr, "usage: hostile-peer [--tls KEY CERT CA] HOST PORT CASE\n"
		                "       hostile-peer --scp PORTFILE CASE\n"
		                "       hostile-peer --list\n");
		return 2;
	}
	case_name = argv[3];
	peer_host = argv[1];
	peer_port = argv[2];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (strcmp(cases[i].name, case_name) != 0)
			continue;
		if (cases[i].fn != c_flood) {
			conn_open(peer_host, peer_port);
			if (tls_key != NULL && cases[i].fn != c_plain_on_tls &&
			    cases[i].fn != c_silent && cases[i].fn != c_tls_on_plain) {
				use_tls = true;
				tls_start();
			}
		}
		cases[i].fn();
		conn_close();
		return 0;
	}
	die("unknown case (try --list)");
}
