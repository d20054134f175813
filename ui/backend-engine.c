/* backend-engine.c — the dashboard's backend over the real engines: one
 * SCP engine (plain and TLS listeners) and one SCU engine, each running
 * dcb_engine_run() in its own thread, their events going into the
 * dashboard's queue.
 *
 * TLS: the engines take a transport factory; ours makes a GnuTLS
 * transport on the SCP's TLS port and for an SCU set to TLS, and the
 * engine reports each finished handshake as a DCB_EV_TLS event.  The
 * SCP's own associations (C-MOVE, commitment reports) speak TLS to the
 * peers the AE table marks +tls, with the SCP's credentials.
 *
 * In memory (--fake) the same engines run without network: the SCP binds
 * no port, and every association either engine opens reaches the SCP
 * through a socket pair (see mem_dial). */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../src/engine.h"
#include "../src/i18n.h"
#include "../src/mpps.h"
#include "../src/pcap.h"
#include "../src/service.h"
#include "../src/tls-config.h"
#include "../src/transport-tcp.h"
#include "../src/transport-tls.h"
#include "backend-pacs.h"
#include "../src/worklist-store.h"
#include "../src/worklist.h"
#include "backend.h"

struct side {
	struct ui_backend *b;
	enum dcb_side which;
	struct dcb_engine *engine;
	pthread_t thread;
	bool running;
	struct dcb_tls_config tls;
	struct dcb_tls_creds *creds;
	int tls_port;       /* SCP: connections to it speak TLS */
	bool listening_tls; /* SCP: the listener being opened is the TLS one */
	bool use_tls;       /* SCU: connect with TLS */
	struct dcb_pcap *pcap; /* powers: the side's capture, or NULL */
	struct dcb_worklist *wl;    /* SCP: the worklist folder it serves, or NULL */
	struct dcb_mpps_list *mpps; /* SCP: its MPPS steps */
	/* Each engine counts its associations from 1; the dashboard lives
	 * longer than one engine (settings restart it), so ids are shifted
	 * past those of the engines before: one id, one association. */
	uint32_t id_base, id_max;
	/* Job numbers likewise (written while the engine is stopped, or by
	 * the dashboard's thread that submits). */
	int job_base, job_max;
};

struct engines {
	struct side scp, scu;
	/* The SCU's send job (shifted number; 0 none) and the last job that
	 * ended: the send's end, and no other job's, clears b->busy.  Each
	 * thread stores its own, then reads the other's. */
	atomic_int send_job, done_job;
	struct ui_pacs pacs; /* the SCP's archive and AE table */
	struct ui_settings cfg; /* strings the engines borrow */
};

/* A transport over the connected socket fd (taken): TLS with the side's
 * credentials when tls, else plain. */
static struct dcb_transport *
wrap(struct side *s, int fd, const char *peer, bool server, bool tls, struct dcb_error *err)
{
	struct dcb_transport *t;

	if (!tls)
		return dcb_tcp_wrap(fd, peer, err);
	if (dcb_tls_transport_new(s->creds, fd, server, peer, NULL, &t, err) < 0)
		return NULL;
	return t;
}

/* The engines' transport factory: TLS on the SCP's TLS port and for an
 * SCU set to TLS, plain TCP otherwise. */
static struct dcb_transport *
factory(void *user, int fd, const char *peer, bool server, struct dcb_error *err)
{
	struct side *s = user;
	bool tls = server ? (s->creds != NULL && dcb_tcp_local_port(fd) == s->tls_port)
	                  : (s->use_tls && s->creds != NULL);

	return wrap(s, fd, peer, server, tls, err);
}

/* TLS to the peers the AE table marks +tls (the SCP's C-MOVE destinations
 * and commitment requesters, the peers echoed from the AE table), with the
 * side's credentials. */
static struct dcb_transport *
tls_client(void *user, int fd, const char *peer, bool server, struct dcb_error *err)
{
	struct side *s = user;
	struct dcb_transport *t;

	if (dcb_tls_transport_new(s->creds, fd, server, peer, NULL, &t, err) < 0)
		return NULL;
	return t;
}

/* An engine with TLS credentials speaks TLS to peers marked +tls. */
static void
tls_client_config(struct side *s, struct dcb_engine_config *c)
{
	if (s->creds == NULL)
		return;
	c->tls_client = tls_client;
	c->tls_client_user = s;
}

/* ---- events ----------------------------------------------------------------- */

/* The SCP's thread: the archive's counts for the SCP pane. */
static void
archive_news(struct ui_backend *b, const struct dcb_event *ev)
{
	struct engines *E = b->impl;
	size_t counts[4];

	if (ui_pacs_count(&E->pacs, ev, false, counts))
		ui_backend_set_archive(b, counts);
}

/* The SCU's thread: job (shifted) ended; the send's end frees the SCU. */
static void
job_ended(struct ui_backend *b, int job)
{
	struct engines *E = b->impl;

	atomic_store(&E->done_job, job);
	if (job != 0 && atomic_load(&E->send_job) == job)
		b->busy = false;
}

/* The dashboard's thread: the SCU engine numbered a job n (> 0); its
 * number as the dashboard sees it, past those of the engines before. */
static int
job_number(struct side *s, int n)
{
	if (n > s->job_max)
		s->job_max = n;
	return n + s->job_base;
}

static void
sink(const struct dcb_event *ev, void *user)
{
	struct side *s = user;
	struct ui_backend *b = s->b;
	bool relisten = ev->kind == DCB_EV_LISTENING && s->which == DCB_SIDE_SCP;
	bool shift_id = ev->assoc_id != 0 && s->id_base != 0;
	bool shift_job = ev->job != 0 && s->job_base != 0;
	int job = ev->job != 0 ? ev->job + s->job_base : 0;

	if (ev->kind == DCB_EV_JOB_DONE && s->which == DCB_SIDE_SCU)
		job_ended(b, job);
	if (s->which == DCB_SIDE_SCP)
		archive_news(b, ev);
	if (ev->assoc_id > s->id_max)
		s->id_max = ev->assoc_id;
	if (!relisten && !shift_id && !shift_job) {
		ui_backend_emit(b, ev);
		return;
	}
	struct dcb_event copy = *ev;
	if (relisten)
		copy.u.listening.tls = s->listening_tls;
	if (shift_id)
		copy.assoc_id += s->id_base;
	copy.job = job;
	ui_backend_emit(b, &copy);
}

static void emit_error(struct ui_backend *b, enum dcb_side side, const char *fmt, ...)
    DCB_PRINTF(3, 4);

static void
emit_error(struct ui_backend *b, enum dcb_side side, const char *fmt, ...)
{
	struct dcb_event ev;
	va_list ap;

	ui_event_init(&ev, DCB_EV_ERROR, side, 0);
	va_start(ap, fmt);
	vsnprintf(ev.u.error.text, sizeof ev.u.error.text, fmt, ap);
	va_end(ap);
	ui_backend_emit(b, &ev);
}

/* ---- worklist and MPPS ------------------------------------------------------ */

static void
worklist_free(struct side *s)
{
	dcb_worklist_free(s->wl);
	dcb_mpps_list_free(s->mpps);
	s->wl = NULL;
	s->mpps = NULL;
}

/* The SCP also serves the Modality Worklist and MPPS over the worklist
 * folder of the settings, as `dicombench wlmscpfs` does: incomplete
 * entries refused (-efr), the steps written before taken back.  In
 * dcmtk's layout the SCP's own AE folder is made when missing: the
 * worklist service refuses a called AE title without one, storage too. */
static void
worklist_config(struct ui_backend *b, struct side *s, struct dcb_engine_config *c,
                const struct ui_settings *cfg)
{
	char root[UI_PATH_MAX], dir[UI_PATH_MAX + 32];
	struct dcb_error err = {0};

	ui_settings_worklist_dir(cfg, root, sizeof root);
	snprintf(dir, sizeof dir, "%s/%s", root, cfg->worklist_flat ? "" : cfg->scp_aet);
	if (ui_mkdirs(dir, 0755) < 0) {
		emit_error(b, DCB_SIDE_SCP, _("%s: cannot create the worklist folder: %s"), dir,
		           strerror(errno));
		return;
	}
	if (!cfg->worklist_flat) {
		char lock[UI_PATH_MAX + 48];
		snprintf(lock, sizeof lock, "%s/lockfile", dir);
		FILE *f = fopen(lock, "a");
		if (f != NULL)
			fclose(f);
	}
	s->wl = dcb_worklist_new(root, cfg->worklist_flat ? DCB_WL_FLAT : DCB_WL_PER_AE, &err);
	s->mpps = dcb_mpps_list_new();
	if (s->wl == NULL || s->mpps == NULL) {
		worklist_free(s);
		emit_error(b, DCB_SIDE_SCP, "%s", _("out of memory"));
		return;
	}
	dcb_worklist_reject_incomplete(s->wl, true);
	dcb_worklist_set_sweep(s->wl, 1000);
	dcb_mpps_load_dir(s->mpps, root, NULL, NULL);
	c->worklist = s->wl;
	c->mpps = s->mpps;
}

/* What the dashboard's SCP serves: dcmqrscp's services and wlmscpfs's; each
 * serves only when its part of the configuration is there (the archive,
 * the worklist folder). */
static const struct dcb_service *const scp_services[] = {
    &dcb_service_verification, &dcb_service_storage, &dcb_service_qr,
    &dcb_service_commit,       &dcb_service_mwl,     &dcb_service_mpps,
    NULL,
};

/* ---- engines ---------------------------------------------------------------- */

static void index_open(struct ui_backend *b, struct ui_pacs *p);

static void *
run(void *arg)
{
	struct side *s = arg;
	struct engines *E = s->b->impl;

	if (s->which == DCB_SIDE_SCP)
		index_open(s->b, &E->pacs);
	dcb_engine_run(s->engine);
	return NULL;
}

static void
stop_side(struct side *s)
{
	if (s->engine == NULL)
		return;
	if (s->running) {
		dcb_engine_stop(s->engine);
		pthread_join(s->thread, NULL);
		s->running = false;
	}
	dcb_engine_free(s->engine);
	s->engine = NULL;
	s->id_base += s->id_max; /* the next engine's #1 comes after these */
	s->id_max = 0;
	s->job_base += s->job_max;
	s->job_max = 0;
	dcb_pcap_close(s->pcap);   /* powers */
	s->pcap = NULL;
	worklist_free(s);
	if (s->creds != NULL)
		dcb_tls_creds_free(s->creds);
	s->creds = NULL;
}

/* TLS credentials from the settings; NULL (and an error event) if they
 * cannot be made. */
static void
make_creds(struct side *s, bool server, const char *key, const char *cert, const char *ca)
{
	struct dcb_error err;

	dcb_tls_config_init(&s->tls);
	s->tls.enabled = true;
	s->tls.key_file = key[0] ? key : NULL;
	s->tls.cert_file = cert[0] ? cert : NULL;
	if (ca[0] != '\0')
		s->tls.ca_files[s->tls.n_ca_files++] = ca;
	s->tls.verify = ca[0] != '\0' ? DCB_TLS_VERIFY_REQUIRE : DCB_TLS_VERIFY_IGNORE;
	s->tls.pw_mode = DCB_TLS_PW_NONE;
	if (dcb_tls_creds_new(&s->tls, server, &s->creds, &err) < 0) {
		s->creds = NULL;
		emit_error(s->b, s->which, _("TLS is off: %s"), err.message);
	}
}

static int
listen_on(struct side *s, const char *host, int port, struct dcb_error *err)
{
	int p = dcb_engine_listen(s->engine, host, port, err);

	/* The default port is taken (another dicombench?): any free one. */
	if (p < 0 && port != 0)
		p = dcb_engine_listen(s->engine, host, 0, err);
	return p;
}

/* powers: the side's capture file and scenario (F7). */
static void
powers_config(struct ui_backend *b, struct side *s, struct dcb_engine_config *c,
              const char *pcap, const struct dcb_scenario *scenario)
{
	struct dcb_error err;

	c->scenario = scenario;
	if (pcap[0] == '\0')
		return;
	s->pcap = dcb_pcap_open(pcap, &err);
	if (s->pcap == NULL)
		emit_error(b, s->which, "%s", err.message);
	c->pcap = s->pcap;
}

/* The SCP as a small PACS: Q/R over the archive index of its folder (the
 * index is opened in the SCP's thread: index_open). */
static void
pacs_start(struct ui_backend *b, struct engines *E, struct dcb_engine_config *c)
{
	char msg[1024];

	ui_backend_set_archive(b, NULL);
	if (ui_pacs_prepare(&E->pacs, &E->cfg, c, msg, sizeof msg) < 0)
		emit_error(b, DCB_SIDE_SCP, "%s", msg);
}

static void
index_progress(void *user, size_t done, size_t total, const char *what)
{
	(void)what;
	ui_backend_set_archive_progress(user, done, total);
}

/* The SCP's thread, before its engine runs: the archive index reconciled
 * with the folder (a large folder takes a while: the dashboard shows how
 * far it is meanwhile), then its counts. */
static void
index_open(struct ui_backend *b, struct ui_pacs *p)
{
	char msg[1024];
	size_t counts[4];

	if (p->site.n_areas == 0)
		return;
	if (ui_pacs_open_index(p, index_progress, b, msg, sizeof msg) < 0) {
		ui_backend_set_archive(b, NULL);
		emit_error(b, DCB_SIDE_SCP, "%s", msg);
		return;
	}
	if (msg[0] != '\0')
		emit_error(b, DCB_SIDE_SCP, "%s", msg);
	if (ui_pacs_count(p, NULL, true, counts))
		ui_backend_set_archive(b, counts);
}

/* The SCP's plain and TLS listeners; the ports bound go to b. */
static void
scp_listen(struct ui_backend *b, struct side *s, const struct ui_settings *cfg)
{
	struct dcb_error err;
	int p = listen_on(s, cfg->bind, cfg->scp_port, &err);

	if (p < 0)
		emit_error(b, DCB_SIDE_SCP, _("The SCP cannot listen: %s"), err.message);
	b->scp_port = p > 0 ? p : 0;
	b->scp_tls_port = 0;
	if (s->creds == NULL)
		return;
	/* The factory must know the TLS port before the first accept;
	 * nothing is accepted before the loop runs. */
	s->tls_port = cfg->scp_tls_port;
	s->listening_tls = true;
	p = listen_on(s, cfg->bind, cfg->scp_tls_port, &err);
	s->listening_tls = false;
	if (p < 0) {
		emit_error(b, DCB_SIDE_SCP, _("The SCP cannot listen for TLS: %s"), err.message);
		s->tls_port = -1;
	} else {
		s->tls_port = p;
		b->scp_tls_port = p;
	}
}

/* ---- in memory (--fake) ----------------------------------------------------- */

/* Without network the SCP binds no port.  These numbers stand for its
 * plain and TLS ports where one is named (the SCU's jobs, the AE table,
 * the SCP's check that a C-MOVE does not go to itself), unless the
 * settings give their own; mem_dial() tells them apart. */
enum { MEM_PORT = 11112, MEM_TLS_PORT = 2762 };

/* The SCP takes associations in memory: a DCB_EV_LISTENING of address
 * "memory" tells the dashboard its AE title, and whether TLS is on. */
static void
emit_in_memory(struct ui_backend *b, const struct ui_settings *cfg, bool tls)
{
	struct dcb_event ev;

	ui_event_init(&ev, DCB_EV_LISTENING, DCB_SIDE_SCP, 0);
	snprintf(ev.u.listening.address, sizeof ev.u.listening.address, "memory");
	snprintf(ev.u.listening.ae_title, sizeof ev.u.listening.ae_title, "%s", cfg->scp_aet);
	ev.u.listening.tls = tls;
	ui_backend_emit(b, &ev);
}

static void
scp_in_memory(struct ui_backend *b, struct side *s, const struct ui_settings *cfg)
{
	b->scp_port = cfg->scp_port != 0 ? cfg->scp_port : MEM_PORT;
	b->scp_tls_port = 0;
	emit_in_memory(b, cfg, false);
	if (s->creds == NULL)
		return;
	b->scp_tls_port = cfg->scp_tls_port != 0 ? cfg->scp_tls_port : MEM_TLS_PORT;
	emit_in_memory(b, cfg, true);
}

/* Either engine's connect hook in memory: a socket pair instead of a TCP
 * connection.  Both ends can be polled, so each engine's loop waits on its
 * own end in its own thread; the SCP engine adopts its end
 * (dcb_engine_adopt() is thread-safe).  The SCP's end speaks TLS when the
 * SCP's TLS port was asked for, as its TLS listener would; the caller's
 * end as the caller's factory says.  Nothing answers on other ports. */
static int
mem_dial(void *user, const char *host, int port, struct dcb_transport **out,
         struct dcb_error *err)
{
	struct side *s = user;
	struct ui_backend *b = s->b;
	struct engines *E = b->impl;
	struct dcb_transport *scp_end;
	int sv[2];

	if (E->scp.engine == NULL)
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("the SCP is not running"));
	if (port != b->scp_port && port != b->scp_tls_port)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("%s:%d cannot be reached: the dashboard runs without "
		                        "network (--fake), only its own SCP answers"),
		                     host, port);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) != 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot make a socket pair: %s"),
		                     strerror(errno));
	scp_end = wrap(&E->scp, sv[1], "memory", true, port != b->scp_port, err);
	if (scp_end == NULL) {
		close(sv[0]);
		return err->code;
	}
	*out = factory(s, sv[0], "memory", false, err);
	if (*out == NULL) {
		dcb_transport_free(scp_end);
		return err->code;
	}
	int rc = dcb_engine_adopt(E->scp.engine, scp_end, err);
	if (rc < 0) {
		dcb_transport_free(*out);
		*out = NULL;
	}
	return rc;
}

/* In memory, an engine's associations go to the SCP through mem_dial. */
static void
dial_config(struct ui_backend *b, struct side *s, struct dcb_engine_config *c)
{
	if (!b->in_memory)
		return;
	c->connect = mem_dial;
	c->connect_user = s;
}

/* ---- starting --------------------------------------------------------------- */

static int
start_scp(struct ui_backend *b, struct engines *E)
{
	struct side *s = &E->scp;
	struct dcb_engine_config c;
	struct dcb_error err;
	const struct ui_settings *cfg = &E->cfg;

	dcb_engine_config_init(&c, DCB_SIDE_SCP);
	snprintf(c.ae_title, sizeof c.ae_title, "%s", cfg->scp_aet);
	c.max_pdu = (uint32_t)cfg->max_pdu;
	c.no_dns = true;
	c.trace_pdus = true;
	c.trace_fold = true;
	c.check_called_ae = true;
	c.policy.accept_any_ts = true;
	c.store.out_dir = cfg->scp_out;
	c.store.naming = DCB_NAMING_DEFAULT;
	c.store.bit_preserving = cfg->scp_bit_preserving;
	c.transport = factory;
	c.transport_user = s;
	powers_config(b, s, &c, cfg->scp_pcap,
	              dcb_scenario_active(&cfg->scp_scenario) ? &cfg->scp_scenario : NULL);
	s->tls_port = -1;
	if (cfg->scp_tls)
		make_creds(s, true, cfg->scp_key, cfg->scp_cert, cfg->scp_ca);
	tls_client_config(s, &c);
	if (ui_mkdirs(cfg->scp_out, 0700) < 0)
		emit_error(b, DCB_SIDE_SCP, _("%s: cannot create the output folder"), cfg->scp_out);
	pacs_start(b, E, &c);
	worklist_config(b, s, &c, cfg);
	c.services = scp_services;
	dial_config(b, s, &c);
	s->engine = dcb_engine_new(&c, sink, s, &err);
	if (s->engine == NULL) {
		emit_error(b, DCB_SIDE_SCP, _("The SCP did not start: %s"), err.message);
		return -1;
	}
	/* Listen before the thread runs (the engine allows it then). */
	(b->in_memory ? scp_in_memory : scp_listen)(b, s, cfg);
	ui_pacs_listening(&E->pacs, cfg, b->scp_port);
	if (pthread_create(&s->thread, NULL, run, s) != 0)
		return -1;
	s->running = true;
	return 0;
}

static int
start_scu(struct ui_backend *b, struct engines *E)
{
	struct side *s = &E->scu;
	struct dcb_engine_config c;
	struct dcb_error err;
	const struct ui_settings *cfg = &E->cfg;

	dcb_engine_config_init(&c, DCB_SIDE_SCU);
	snprintf(c.ae_title, sizeof c.ae_title, "%s", cfg->scu_aet);
	c.max_pdu = (uint32_t)cfg->max_pdu;
	c.no_dns = false;
	c.trace_pdus = true;
	c.trace_fold = true;
	c.transport = factory;
	c.transport_user = s;
	powers_config(b, s, &c, cfg->scu_pcap, NULL);
	ui_pacs_scu_config(&E->pacs, cfg, &c);
	dial_config(b, s, &c);
	s->use_tls = cfg->scu_tls;
	if (cfg->scu_tls)
		make_creds(s, false, cfg->scu_key, cfg->scu_cert, cfg->scu_ca);
	tls_client_config(s, &c);
	s->engine = dcb_engine_new(&c, sink, s, &err);
	if (s->engine == NULL) {
		emit_error(b, DCB_SIDE_SCU, _("The SCU did not start: %s"), err.message);
		return -1;
	}
	if (pthread_create(&s->thread, NULL, run, s) != 0)
		return -1;
	s->running = true;
	return 0;
}

/* The SCU first: in memory, its connect hook hands connections to the
 * SCP engine, which must be there until the SCU's thread has ended. */
static void
stop_sides(struct engines *E)
{
	stop_side(&E->scu);
	stop_side(&E->scp);
	ui_pacs_close(&E->pacs);
}

static int
eng_start(struct ui_backend *b)
{
	struct engines *E = b->impl;

	if (E == NULL) {
		E = calloc(1, sizeof *E);
		if (E == NULL)
			abort();
		E->scp.b = E->scu.b = b;
		E->scp.which = DCB_SIDE_SCP;
		E->scu.which = DCB_SIDE_SCU;
		b->impl = E;
	}
	stop_sides(E);
	b->busy = false;
	E->cfg = b->cfg;
	int rc = start_scp(b, E);
	if (start_scu(b, E) < 0)
		rc = -1;
	return rc;
}

/* The SCU's peer's port: the settings', or the dashboard's own SCP's. */
static int
peer_port(const struct ui_backend *b, const struct ui_settings *cfg)
{
	return cfg->scu_port != 0 ? cfg->scu_port : (cfg->scu_tls ? b->scp_tls_port : b->scp_port);
}

static int
submit(struct ui_backend *b, char *const *paths, size_t n, bool echo)
{
	struct engines *E = b->impl;
	struct dcb_scu_job job;
	struct dcb_error err;
	const struct ui_settings *cfg = &E->cfg;

	if (E == NULL || E->scu.engine == NULL)
		return -1;
	if (!echo && b->busy)
		return -1;
	memset(&job, 0, sizeof job);
	job.host = cfg->scu_host;
	job.port = peer_port(b, cfg);
	snprintf(job.called_ae, sizeof job.called_ae, "%s", cfg->scu_call);
	job.echo = echo;
	job.paths = (const char *const *)paths;
	job.n_paths = n;
	job.scan_dirs = true;
	job.recurse = true;
	job.propose_set = cfg->scu_propose_set;   /* powers */
	job.propose = cfg->scu_propose;
	job.assoc_per_file = cfg->scu_assoc_per_file;
	job.pack = cfg->scu_pack;
	job.abort_during = cfg->scu_abort_during;
	job.commit = !echo && cfg->scu_commit;
	if (job.port == 0) {
		emit_error(b, DCB_SIDE_SCU, "%s",
		           cfg->scu_tls ? _("No TLS port to send to: the SCP's TLS is off.")
		                        : _("No port to send to."));
		return 0;
	}
	if (!echo)
		b->busy = true;
	int rc = dcb_engine_submit(E->scu.engine, &job, &err);
	if (rc < 0) {
		b->busy = false;
		emit_error(b, DCB_SIDE_SCU, "%s", err.message);
		return -1;
	}
	int number = job_number(&E->scu, rc);
	if (!echo) {
		atomic_store(&E->send_job, number);
		if (atomic_load(&E->done_job) == number) /* it ended already */
			b->busy = false;
	}
	return number;
}

static int
eng_send(struct ui_backend *b, char *const *paths, size_t n)
{
	return submit(b, paths, n, false);
}

static int
eng_echo(struct ui_backend *b)
{
	return submit(b, NULL, 0, true);
}

/* A query or echo job was submitted (rc from the submit): a refusal goes
 * to the SCU pane. */
static int
scu_submitted(struct ui_backend *b, int rc, const struct dcb_error *err)
{
	struct engines *E = b->impl;

	if (rc >= 0) {
		job_number(&E->scu, rc);
		return 0;
	}
	emit_error(b, DCB_SIDE_SCU, "%s", err->message);
	return -1;
}

static int
eng_query(struct ui_backend *b, const struct ui_qr_request *rq)
{
	struct engines *E = b->impl;
	struct dcb_error err = {0};

	if (E == NULL || E->scu.engine == NULL)
		return -1;
	return scu_submitted(
	    b, ui_pacs_query(E->scu.engine, &E->cfg, peer_port(b, &E->cfg), rq, &err), &err);
}

static int
eng_mpps(struct ui_backend *b, bool create, const char *uid, const struct dcb_dset *ds)
{
	struct engines *E = b->impl;
	struct dcb_error err = {0};

	if (E == NULL || E->scu.engine == NULL)
		return -1;
	return scu_submitted(
	    b, ui_pacs_mpps(E->scu.engine, &E->cfg, peer_port(b, &E->cfg), create, uid, ds, &err),
	    &err);
}

static int
eng_echo_peer(struct ui_backend *b, const struct dcb_peer *peer)
{
	struct engines *E = b->impl;
	struct dcb_error err = {0};

	if (E == NULL || E->scu.engine == NULL)
		return -1;
	return scu_submitted(b, ui_pacs_echo(E->scu.engine, peer, &err), &err);
}

static void
eng_stop(struct ui_backend *b)
{
	struct engines *E = b->impl;

	if (E == NULL)
		return;
	stop_sides(E);
	free(E);
	b->impl = NULL;
}

const struct ui_backend_ops ui_backend_engine_ops = {
    .name = "engine",
    .start = eng_start,
    .send = eng_send,
    .echo = eng_echo,
    .query = eng_query,
    .mpps = eng_mpps,
    .echo_peer = eng_echo_peer,
    .stop = eng_stop,
};
