/* backend-fake.c — a backend without any network: it makes plausible
 * engine events (listeners, associations, PDUs with real header bytes,
 * TLS handshakes, progress, stored files) so the screens can be built and
 * tested before the engines exist.  Stored files are real copies in the
 * output folder, so what the dashboard says can be checked on disk. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../src/dimse.h"
#include "../src/i18n.h"
#include "backend.h"

enum cmd_kind { CMD_NONE, CMD_START, CMD_SEND, CMD_ECHO, CMD_STOP };

struct fake {
	pthread_t thread;
	bool running;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	enum cmd_kind cmd;
	char **paths;
	size_t npaths;
	uint32_t next_assoc;
};

static void
nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Emits one PDU on both sides (sent by one, received by the other). */
static void
pdu(struct ui_backend *b, uint32_t scu_id, uint32_t scp_id, bool from_scu, uint8_t type,
    const uint8_t *body, uint32_t body_len, uint32_t claimed_len, const char *summary)
{
	struct dcb_event ev;

	for (int side = 0; side < 2; side++) {
		bool scu = side == 0;
		ui_event_init(&ev, DCB_EV_PDU, scu ? DCB_SIDE_SCU : DCB_SIDE_SCP,
		              scu ? scu_id : scp_id);
		ev.u.pdu.outgoing = scu == from_scu;
		ev.u.pdu.type = type;
		ev.u.pdu.length = claimed_len;
		snprintf(ev.u.pdu.summary, sizeof ev.u.pdu.summary, "%s", summary);
		uint8_t *r = ev.u.pdu.raw;
		r[0] = type;
		r[1] = 0;
		put32(r + 2, claimed_len);
		uint32_t n = body_len < DCB_EVENT_RAW_MAX - 6 ? body_len : DCB_EVENT_RAW_MAX - 6;
		memcpy(r + 6, body, n);
		ev.u.pdu.raw_len = 6 + n;
		ui_backend_emit(b, &ev);
	}
}

static void
state(struct ui_backend *b, enum dcb_side side, uint32_t id, int sta, const char *peer,
      const char *reason)
{
	struct dcb_event ev;

	ui_event_init(&ev, DCB_EV_ASSOC_STATE, side, id);
	ev.u.assoc.state = sta;
	snprintf(ev.u.assoc.peer, sizeof ev.u.assoc.peer, "%s", peer);
	snprintf(ev.u.assoc.calling_ae, sizeof ev.u.assoc.calling_ae, "%s", b->cfg.scu_aet);
	snprintf(ev.u.assoc.called_ae, sizeof ev.u.assoc.called_ae, "%s", b->cfg.scu_call);
	snprintf(ev.u.assoc.reason, sizeof ev.u.assoc.reason, "%s", reason);
	ui_backend_emit(b, &ev);
}

static void
listening(struct ui_backend *b)
{
	struct dcb_event ev;

	b->scp_port = b->cfg.scp_port != 0 ? b->cfg.scp_port : 11112;
	b->scp_tls_port =
	    b->cfg.scp_tls ? (b->cfg.scp_tls_port != 0 ? b->cfg.scp_tls_port : 2762) : 0;
	ui_event_init(&ev, DCB_EV_LISTENING, DCB_SIDE_SCP, 0);
	snprintf(ev.u.listening.address, sizeof ev.u.listening.address, "%.40s:%d", b->cfg.bind,
	         b->scp_port);
	snprintf(ev.u.listening.ae_title, sizeof ev.u.listening.ae_title, "%s", b->cfg.scp_aet);
	ui_backend_emit(b, &ev);
	if (b->scp_tls_port != 0) {
		ev.u.listening.tls = true;
		snprintf(ev.u.listening.address, sizeof ev.u.listening.address, "%.40s:%d",
		         b->cfg.bind, b->scp_tls_port);
		ui_backend_emit(b, &ev);
	}
}

static void
tls_event(struct ui_backend *b, enum dcb_side side, uint32_t id, bool ok)
{
	struct dcb_event ev;

	ui_event_init(&ev, DCB_EV_TLS, side, id);
	ev.u.tls.ok = ok;
	snprintf(ev.u.tls.version, sizeof ev.u.tls.version, "TLS1.3");
	snprintf(ev.u.tls.cipher, sizeof ev.u.tls.cipher, "TLS_AES_256_GCM_SHA384");
	snprintf(ev.u.tls.peer_subject, sizeof ev.u.tls.peer_subject, "CN=%s",
	         side == DCB_SIDE_SCU ? "localhost" : "scu");
	snprintf(ev.u.tls.verify, sizeof ev.u.tls.verify, "%s",
	         ok ? "verified" : "the peer does not speak TLS on this port");
	ui_backend_emit(b, &ev);
}

struct emit_ctx {
	struct ui_backend *b;
	uint32_t assoc;
	const char *name;
};

/* The stored file's findings, as the SCP would report them. */
static void
emit_finding(const struct dcb_finding *f, void *user)
{
	struct emit_ctx *c = user;
	struct dcb_event ev;

	ui_event_init(&ev, DCB_EV_FINDING, DCB_SIDE_SCP, c->assoc);
	ev.u.finding = *f;
	if (ev.u.finding.where[0] == '\0')
		snprintf(ev.u.finding.where, sizeof ev.u.finding.where, "%.100s", c->name);
	ui_backend_emit(c->b, &ev);
}

static uint64_t
file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* Copies src into the output folder, as the SCP would store it. */
static int
store_copy(const struct ui_backend *b, const char *src, char *dst, size_t dstsize)
{
	const char *base = strrchr(src, '/');
	char buf[65536];
	int in, out, rc = 0;

	base = base != NULL ? base + 1 : src;
	if (ui_mkdirs(b->cfg.scp_out, 0700) < 0)
		return -1;
	snprintf(dst, dstsize, "%s/%s.dcm", b->cfg.scp_out, base);
	in = open(src, O_RDONLY);
	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0) {
		close(in);
		return -1;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n <= 0) {
			rc = n < 0 ? -1 : 0;
			break;
		}
		if (write(out, buf, (size_t)n) != n) {
			rc = -1;
			break;
		}
	}
	close(in);
	if (close(out) < 0)
		rc = -1;
	return rc;
}

/* A command PDV (header and encoded command set, last fragment) into
 * buf; returns its size (0 when it does not fit). */
static uint32_t
command_pdv(const struct dcb_dimse_cmd *c, uint8_t *buf, size_t size)
{
	ssize_t n = dcb_dimse_encode(c, buf + DCB_PDV_HEADER, size - DCB_PDV_HEADER, NULL);

	if (n < 0)
		return 0;
	dcb_pdu_pdv_header(buf, (uint32_t)n, 1, DCB_MCH_COMMAND | DCB_MCH_LAST);
	return DCB_PDV_HEADER + (uint32_t)n;
}

static void
send_job(struct ui_backend *b, struct fake *f, char **paths, size_t n)
{
	struct dcb_event ev;
	uint32_t scu = ++f->next_assoc, scp = ++f->next_assoc;
	bool tls = b->cfg.scu_tls;
	int port = b->cfg.scu_port != 0 ? b->cfg.scu_port : (tls ? b->scp_tls_port : b->scp_port);
	char peer[128], text[512];
	uint8_t body[256];
	uint64_t job_total = 0, job_done = 0;
	unsigned ok = 0, failed = 0;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < n; i++)
		job_total += file_size(paths[i]);
	snprintf(peer, sizeof peer, "%.60s:%d", b->cfg.scu_host, port);
	state(b, DCB_SIDE_SCU, scu, 4, peer, "");
	if (tls && port != 0 && port == b->scp_tls_port) {
		tls_event(b, DCB_SIDE_SCU, scu, true);
		tls_event(b, DCB_SIDE_SCP, scp, true);
	} else if (tls || port == 0) {
		tls_event(b, DCB_SIDE_SCU, scu, false);
		state(b, DCB_SIDE_SCU, scu, 1, peer,
		      port == 0 ? _("no TLS port is listening") : _("TLS handshake failed"));
		goto done;
	}
	/* A-ASSOCIATE-RQ: version, reserved, called, calling, reserved. */
	memset(body, 0, sizeof body);
	put16(body, 1);
	snprintf((char *)body + 4, 17, "%-16s", b->cfg.scu_call);
	snprintf((char *)body + 20, 17, "%-16s", b->cfg.scu_aet);
	body[68] = 0x10; /* application context item, after 32 reserved bytes */
	put16(body + 70, 21);
	memcpy(body + 72, "1.2.840.10008.3.1.1.1", 21);
	state(b, DCB_SIDE_SCU, scu, 5, peer, "");
	state(b, DCB_SIDE_SCP, scp, 3, "127.0.0.1", "");
	snprintf(text, sizeof text, "%s ← %s · 1 context · max PDU %d", b->cfg.scu_call,
	         b->cfg.scu_aet, b->cfg.max_pdu);
	pdu(b, scu, scp, true, 0x01, body, 93, 93, text);
	for (int side = 0; side < 2; side++) {
		ui_event_init(&ev, DCB_EV_CONTEXT, side ? DCB_SIDE_SCP : DCB_SIDE_SCU,
		              side ? scp : scu);
		ev.u.context.id = 1;
		ev.u.context.accepted = true;
		snprintf(ev.u.context.abstract_syntax, 65, "1.2.840.10008.5.1.4.1.1.2");
		snprintf(ev.u.context.transfer_syntax, 65, "1.2.840.10008.1.2.1");
		ui_backend_emit(b, &ev);
	}
	pdu(b, scu, scp, false, 0x02, body, 93, 93, "ctx 1 accepted Explicit LE");
	state(b, DCB_SIDE_SCU, scu, 6, peer, "");
	state(b, DCB_SIDE_SCP, scp, 6, "127.0.0.1", "");

	for (size_t i = 0; i < n; i++) {
		const char *name = strrchr(paths[i], '/');
		uint64_t size = file_size(paths[i]), sent = 0;
		char stored[1100];

		name = name != NULL ? name + 1 : paths[i];
		/* A real command set in the PDV, for the trace's tree. */
		struct dcb_dimse_cmd rq, rsp;
		char uid[64];
		snprintf(uid, sizeof uid, "2.25.%zu", i + 1);
		dcb_dimse_store_rq(&rq, (uint16_t)(i + 1), "1.2.840.10008.5.1.4.1.1.2", uid,
		                   DCB_PRIORITY_MEDIUM);
		uint32_t cl = command_pdv(&rq, body, sizeof body);
		snprintf(text, sizeof text, "ctx 1 cmd last · C-STORE-RQ msg %zu %s", i + 1, name);
		pdu(b, scu, scp, true, 0x04, body, cl, cl, text);
		do {
			uint64_t chunk = size - sent < (uint64_t)b->cfg.max_pdu
			                     ? size - sent
			                     : (uint64_t)b->cfg.max_pdu;
			sent += chunk;
			dcb_pdu_pdv_header(body, (uint32_t)chunk, 1, sent == size ? DCB_MCH_LAST : 0);
			snprintf(text, sizeof text, "ctx 1 data%s · %llu bytes",
			         sent == size ? " last" : "", (unsigned long long)chunk);
			pdu(b, scu, scp, true, 0x04, body, 12, (uint32_t)chunk + 6, text);
			for (int side = 0; side < 2; side++) {
				ui_event_init(&ev, DCB_EV_PROGRESS,
				              side ? DCB_SIDE_SCP : DCB_SIDE_SCU, side ? scp : scu);
				snprintf(ev.u.progress.name, sizeof ev.u.progress.name, "%s", name);
				ev.u.progress.done = sent;
				ev.u.progress.total = size;
				ev.u.progress.job_done = job_done + sent;
				ev.u.progress.job_total = job_total;
				ui_backend_emit(b, &ev);
			}
			nap(5);
		} while (sent < size);
		job_done += size;
		struct emit_ctx ec = {b, scp, name};
		ui_backend_check(paths[i], emit_finding, &ec);
		bool stored_ok = store_copy(b, paths[i], stored, sizeof stored) == 0;
		if (stored_ok) {
			ui_event_init(&ev, DCB_EV_STORED, DCB_SIDE_SCP, scp);
			snprintf(ev.u.stored.path, sizeof ev.u.stored.path, "%.1000s", stored);
			ev.u.stored.bytes = size;
			ui_backend_emit(b, &ev);
		}
		snprintf(text, sizeof text, "ctx 1 cmd last · C-STORE-RSP msg %zu status 0x%04x",
		         i + 1, stored_ok ? 0 : 0xa700);
		dcb_dimse_store_rsp(&rsp, &rq, stored_ok ? 0 : 0xa700);
		cl = command_pdv(&rsp, body, sizeof body);
		pdu(b, scu, scp, false, 0x04, body, cl, cl, text);
		ui_event_init(&ev, DCB_EV_FILE_RESULT, DCB_SIDE_SCU, scu);
		snprintf(ev.u.file.path, sizeof ev.u.file.path, "%s", paths[i]);
		ev.u.file.ok = stored_ok;
		ev.u.file.status = stored_ok ? 0 : 0xa700;
		snprintf(ev.u.file.reason, sizeof ev.u.file.reason, "%s",
		         stored_ok ? "" : _("out of resources"));
		ev.u.file.bytes = size;
		ui_backend_emit(b, &ev);
		if (stored_ok)
			ok++;
		else
			failed++;
		nap(20);
	}
	memset(body, 0, sizeof body);
	pdu(b, scu, scp, true, 0x05, body, 4, 4, "");
	pdu(b, scu, scp, false, 0x06, body, 4, 4, "");
	state(b, DCB_SIDE_SCU, scu, 1, peer, _("released"));
	state(b, DCB_SIDE_SCP, scp, 1, "127.0.0.1", _("released"));
done:
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ui_event_init(&ev, DCB_EV_JOB_DONE, DCB_SIDE_SCU, scu);
	ev.u.done.ok = ok;
	ev.u.done.failed = failed + (unsigned)(n - ok - failed);
	ev.u.done.bytes = job_done;
	ev.u.done.seconds =
	    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ui_backend_emit(b, &ev);
}

static void *
run(void *arg)
{
	struct ui_backend *b = arg;
	struct fake *f = b->impl;

	pthread_mutex_lock(&f->lock);
	for (;;) {
		while (f->cmd == CMD_NONE)
			pthread_cond_wait(&f->wake, &f->lock);
		enum cmd_kind cmd = f->cmd;
		char **paths = f->paths;
		size_t n = f->npaths;
		f->cmd = CMD_NONE;
		f->paths = NULL;
		f->npaths = 0;
		if (cmd == CMD_STOP)
			break;
		pthread_mutex_unlock(&f->lock);
		switch (cmd) {
		case CMD_START:
			listening(b);
			break;
		case CMD_SEND:
			send_job(b, f, paths, n);
			break;
		case CMD_ECHO: {
			struct dcb_event ev;
			ui_event_init(&ev, DCB_EV_LOG, DCB_SIDE_SCU, 0);
			snprintf(ev.u.log.text, sizeof ev.u.log.text, "C-ECHO %s:%d status 0x0000",
			         b->cfg.scu_host, b->scp_port);
			ui_backend_emit(b, &ev);
			break;
		}
		default:
			break;
		}
		for (size_t i = 0; i < n; i++)
			free(paths[i]);
		free(paths);
		pthread_mutex_lock(&f->lock);
		if (cmd == CMD_SEND)
			b->busy = false;
	}
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

static int
post(struct ui_backend *b, enum cmd_kind cmd, char *const *paths, size_t n)
{
	struct fake *f = b->impl;

	pthread_mutex_lock(&f->lock);
	if (f->cmd != CMD_NONE || (cmd == CMD_SEND && b->busy)) {
		pthread_mutex_unlock(&f->lock);
		return -1;
	}
	if (n > 0) {
		f->paths = calloc(n, sizeof *f->paths);
		if (f->paths == NULL)
			abort();
		for (size_t i = 0; i < n; i++)
			if ((f->paths[i] = strdup(paths[i])) == NULL)
				abort();
	}
	f->npaths = n;
	f->cmd = cmd;
	if (cmd == CMD_SEND)
		b->busy = true;
	pthread_cond_signal(&f->wake);
	pthread_mutex_unlock(&f->lock);
	return 0;
}

static int
fake_start(struct ui_backend *b)
{
	struct fake *f = b->impl;

	if (f == NULL) {
		f = calloc(1, sizeof *f);
		if (f == NULL)
			abort();
		pthread_mutex_init(&f->lock, NULL);
		pthread_cond_init(&f->wake, NULL);
		b->impl = f;
		if (pthread_create(&f->thread, NULL, run, b) != 0)
			return -1;
		f->running = true;
	}
	return post(b, CMD_START, NULL, 0);
}

static int
fake_send(struct ui_backend *b, char *const *paths, size_t n)
{
	return post(b, CMD_SEND, paths, n);
}

static int
fake_echo(struct ui_backend *b)
{
	return post(b, CMD_ECHO, NULL, 0);
}

static void
fake_stop(struct ui_backend *b)
{
	struct fake *f = b->impl;

	if (f == NULL)
		return;
	pthread_mutex_lock(&f->lock);
	for (size_t i = 0; i < f->npaths; i++)
		free(f->paths[i]);
	free(f->paths);
	f->paths = NULL;
	f->npaths = 0;
	f->cmd = CMD_STOP;
	pthread_cond_signal(&f->wake);
	pthread_mutex_unlock(&f->lock);
	if (f->running)
		pthread_join(f->thread, NULL);
	pthread_mutex_destroy(&f->lock);
	pthread_cond_destroy(&f->wake);
	free(f);
	b->impl = NULL;
}

const struct ui_backend_ops ui_backend_fake_ops = {
    .name = "fake",
    .start = fake_start,
    .send = fake_send,
    .echo = fake_echo,
    .stop = fake_stop,
};
