/* engine.c — the engine: configuration, listeners, the loop, the command
 * queue from other threads, and event helpers. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aetable.h"
#include "engine-int.h"
#include "i18n.h"
#include "part10.h"
#include "transport-tcp.h"

void
dcb_engine_config_init(struct dcb_engine_config *cfg, enum dcb_side side)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->side = side;
	snprintf(cfg->ae_title, sizeof cfg->ae_title, "%s",
	         side == DCB_SIDE_SCP ? "STORESCP" : "STORESCU");
	cfg->max_pdu = DCB_PDU_DEFAULT_MAX;
	cfg->artim_ms = 30000;
	cfg->connect_timeout_ms = 30000;
	dcb_negotiate_policy_init(&cfg->policy);
	cfg->policy.impl_class_uid = DCB_IMPL_CLASS_UID;
	cfg->policy.impl_version = DCB_IMPL_VERSION_NAME;
	cfg->store.out_dir = ".";
	cfg->store.naming = DCB_NAMING_DEFAULT;
	cfg->echo_ts = DCB_TS_PRESET_UNCOMPRESSED;
	cfg->max_associations = 64;
}

/* --- events --------------------------------------------------------------- */

/* The job that opened association id, 0 none. */
static int
job_of(const struct dcb_engine *e, uint32_t id)
{
	for (const struct assoc *a = e->assocs; a != NULL && id != 0; a = a->next)
		if (a->id == id)
			return a->job;
	return 0;
}

void
eng_stamp(struct dcb_engine *e, uint32_t assoc_id, struct dcb_event *ev)
{
	ev->side = e->cfg.side;
	ev->assoc_id = assoc_id;
	if (ev->job == 0)
		ev->job = job_of(e, assoc_id);
	clock_gettime(CLOCK_REALTIME, &ev->time);
}

void
eng_deliver(struct dcb_engine *e, const struct dcb_event *ev)
{
	if (e->sink != NULL)
		e->sink(ev, e->user);
}

/* The trace is causal: what was held back (a fold of data P-DATA-TFs, a
 * P-DATA-TF still being read) goes out before any later event, and every
 * event is stamped when it goes out, so the times never go backwards. */
void
eng_emit(struct dcb_engine *e, uint32_t assoc_id, struct dcb_event *ev)
{
	if (e->trace_held > 0)
		assoc_trace_release(e, assoc_id);
	eng_stamp(e, assoc_id, ev);
	eng_deliver(e, ev);
}

static void DCB_PRINTF(5, 0)
vlog(struct dcb_engine *e, uint32_t assoc_id, enum dcb_event_kind kind, enum dcb_log_level level,
     const char *fmt, va_list ap)
{
	struct dcb_event ev = {.kind = kind};

	ev.u.log.level = level;
	vsnprintf(ev.u.log.text, sizeof ev.u.log.text, dgettext(PACKAGE, fmt), ap);
	eng_emit(e, assoc_id, &ev);
}

void
eng_log(struct dcb_engine *e, uint32_t assoc_id, enum dcb_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(e, assoc_id, DCB_EV_LOG, level, fmt, ap);
	va_end(ap);
}

void
eng_error(struct dcb_engine *e, uint32_t assoc_id, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(e, assoc_id, DCB_EV_ERROR, DCB_LOG_ERROR, fmt, ap);
	va_end(ap);
}

/* --- life cycle ------------------------------------------------------------ */

struct dcb_engine *
dcb_engine_new(const struct dcb_engine_config *cfg, dcb_event_fn sink, void *user,
               struct dcb_error *err)
{
	struct dcb_engine *e = calloc(1, sizeof *e);

	if (e == NULL) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory for the engine"));
		return NULL;
	}
	e->cfg = *cfg;
	if (e->cfg.max_associations == 0)
		e->cfg.max_associations = 64;
	if (e->cfg.max_waiting == 0)
		e->cfg.max_waiting = 1024;
	if (e->cfg.max_pdu == 0)
		e->cfg.max_pdu = DCB_PDU_DEFAULT_MAX;
	e->cfg.policy.max_pdu_receive = e->cfg.max_pdu;
	e->cfg.policy.max_pdu_send_cap = e->cfg.max_send_pdu;
	e->sink = sink;
	e->user = user;
	e->loop = dcb_loop_new(err);
	if (e->loop == NULL) {
		free(e);
		return NULL;
	}
	pthread_mutex_init(&e->mu, NULL);
	atomic_init(&e->stop, false);
	return e;
}

/* Copies s with control characters shown as \xNN, in quotes, so leading
 * spaces and invisible bytes can be seen. */
void
eng_visible(const char *s, char *out, size_t size)
{
	size_t o = 0;

	if (size < 4)
		return;
	out[o++] = '\'';
	for (; *s != '\0' && o + 6 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f)
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o++] = '\'';
	out[o] = '\0';
}


enum dcb_conn_tls
dcb_peer_conn_tls(const struct dcb_peer *p)
{
	return p->tls ? DCB_CONN_TLS : DCB_CONN_PLAIN;
}

struct assoc *
eng_open(struct dcb_engine *e, int job, const char *host, int port, enum dcb_conn_tls tls,
         const struct dcb_pdu *rq, const struct assoc_ops *ops, void *user,
         struct dcb_error *err)
{
	struct dcb_transport *t = NULL;
	struct dcb_pdu *out;
	struct assoc *a;

	if (tls == DCB_CONN_TLS && e->cfg.tls_client == NULL && e->cfg.connect == NULL) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("'%s' at %s:%d is marked +tls in the AE table, but this side has no "
		                 "TLS credentials: give +tls KEY CERT and +cf CA (in the dashboard: "
		                 "switch this side's TLS on, F2), or drop +tls from the peer"),
		              rq->u.assoc.called_ae, host, port);
		return NULL;
	}
	out = malloc(sizeof *out);
	if (out == NULL) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	memcpy(out, rq, sizeof *out);
	if (e->cfg.connect != NULL) {
		if (e->cfg.connect(e->cfg.connect_user, host, port, &t, err) < 0) {
			free(out);
			return NULL;
		}
		a = assoc_new(e, t, true, ops, user, err);
	} else {
		a = assoc_connect(e, job, host, port, tls, ops, user, err);
	}
	if (a == NULL) {
		free(out);
		return NULL;
	}
	a->job = job;
	snprintf(a->calling_ae, sizeof a->calling_ae, "%s", rq->u.assoc.calling_ae);
	snprintf(a->called_ae, sizeof a->called_ae, "%s", rq->u.assoc.called_ae);
	a->out_pdu = out;
	if (a->t != NULL)
		assoc_start(a);
	return a;
}

struct dcb_pdu *
eng_new_rq(const struct dcb_engine *e, const char *called_ae)
{
	struct dcb_pdu *rq = calloc(1, sizeof *rq);

	if (rq == NULL)
		return NULL;
	dcb_pdu_init(rq, DCB_PDU_ASSOCIATE_RQ);
	snprintf(rq->u.assoc.called_ae, sizeof rq->u.assoc.called_ae, "%s", called_ae);
	snprintf(rq->u.assoc.calling_ae, sizeof rq->u.assoc.calling_ae, "%s", e->cfg.ae_title);
	rq->u.assoc.user.has_max_length = true;
	rq->u.assoc.user.max_length = e->cfg.max_pdu;
	snprintf(rq->u.assoc.user.impl_class_uid, sizeof rq->u.assoc.user.impl_class_uid, "%s",
	         DCB_IMPL_CLASS_UID);
	snprintf(rq->u.assoc.user.impl_version, sizeof rq->u.assoc.user.impl_version, "%s",
	         DCB_IMPL_VERSION_NAME);
	return rq;
}

int
eng_check_ac(struct assoc *a, const struct dcb_pdu *rq, bool quiet_storage)
{
	struct dcb_engine *e = a->e;
	const struct dcb_assoc *prq = &rq->u.assoc;
	struct dcb_negotiated neg;
	struct dcb_error err = {0};
	int n = dcb_negotiate_check_ac(prq, &a->pdu->u.assoc, e->cfg.max_send_pdu, &neg, &err);

	if (assoc_set_contexts(a, &a->pdu->u.assoc) < 0) {
		assoc_abort(a, _("out of memory"));
		return -1;
	}
	for (unsigned i = 0; i < neg.n_pctx && i < prq->n_pctx; i++)
		if (neg.why[i] != DCB_NEG_ACCEPTED)
			eng_log(e, a->id,
			        quiet_storage && dcb_negotiate_is_storage_class(
			                             prq->pctx[i].abstract_syntax)
			            ? DCB_LOG_DEBUG
			            : DCB_LOG_WARN,
			        N_("presentation context %u (%s, %s) not accepted by %s: %s"),
			        prq->pctx[i].id, prq->pctx[i].abstract_syntax, prq->pctx[i].ts[0],
			        a->peer, dcb_neg_why_describe((enum dcb_neg_why)neg.why[i]));
	a->max_send = neg.max_send;
	if (a->max_send < DCB_PDV_HEADER + 1) {
		char why[256];
		snprintf(why, sizeof why,
		         _("%s announced a maximum PDU length of %u bytes, too small for a PDV (a "
		           "6-byte header and data): nothing can be sent"),
		         a->peer, a->max_send);
		assoc_abort(a, why);
		return -1;
	}
	assoc_emit_contexts(a);
	eng_log(e, a->id, DCB_LOG_INFO,
	        N_("association accepted by %s: %d contexts usable, max send PDU %u"), a->peer, n,
	        a->max_send);
	return n;
}

void
eng_explain_reject(struct assoc *a)
{
	const struct dcb_assoc_rj *rj = &a->pdu->u.rj;
	const char *advice = "";
	char words[256];

	dcb_pdu_rj_describe(rj, words, sizeof words);
	if (rj->source == DCB_RJ_SOURCE_USER && rj->reason == 7)
		advice = _("; use -aec to set the called AE title the peer expects");
	else if (rj->source == DCB_RJ_SOURCE_USER && rj->reason == 3)
		advice = _("; the peer does not know this calling AE title: set it with -aet "
		           "or register it at the peer");
	else if (rj->result == DCB_RJ_TRANSIENT)
		advice = _("; the peer is busy, try again later");
	eng_error(a->e, a->id,
	          N_("association rejected by %s: %s (called AE title '%s', calling AE title "
	             "'%s', reason %u)%s"),
	          a->peer, words, a->called_ae, a->calling_ae, rj->reason, advice);
}

struct eng_timer *
eng_timer_add(struct dcb_engine *e, unsigned ms, void (*fire)(void *user),
              void (*drop)(void *user), void *user)
{
	struct eng_timer *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->at = dcb_loop_now_ms() + ms;
	t->fire = fire;
	t->drop = drop;
	t->user = user;
	t->next = e->timers;
	e->timers = t;
	return t;
}

void
eng_timer_cancel(struct dcb_engine *e, struct eng_timer *t)
{
	for (struct eng_timer **pp = &e->timers; t != NULL && *pp != NULL; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			free(t);
			return;
		}
}

/* Fires the timers whose time came, one at a time: a timer's work may add
 * or cancel others. */
static void
fire_timers(struct dcb_engine *e, int64_t now)
{
	for (struct eng_timer **pp = &e->timers; *pp != NULL;) {
		struct eng_timer *t = *pp;
		if (t->at > now) {
			pp = &t->next;
			continue;
		}
		void (*fire)(void *) = t->fire;
		void *user = t->user;
		*pp = t->next;
		free(t);
		fire(user);
		pp = &e->timers;
	}
}

void
eng_release(struct assoc *a)
{
	eng_log(a->e, a->id, DCB_LOG_INFO, N_("releasing the association with %s"), a->peer);
	assoc_ul(a, DCB_EVT11, true);
	if (a->e->cfg.artim_ms > 0)
		a->acse_at = dcb_loop_now_ms() + a->e->cfg.artim_ms;
	assoc_flush(a);
}

int
eng_take_ac(struct assoc *a, struct dcb_pdu **rq)
{
	struct dcb_negotiated neg;
	struct dcb_error err = {0};

	(void)dcb_negotiate_check_ac(&(*rq)->u.assoc, &a->pdu->u.assoc, a->e->cfg.max_send_pdu,
	                             &neg, &err);
	free(*rq);
	*rq = NULL;
	if (assoc_set_contexts(a, &a->pdu->u.assoc) < 0) {
		assoc_abort(a, _("out of memory"));
		return DCB_ERR_NOMEM;
	}
	a->max_send = neg.max_send;
	assoc_emit_contexts(a);
	return 0;
}

unsigned
eng_associations(const struct dcb_engine *e)
{
	unsigned n = 0;

	for (const struct assoc *a = e->assocs; a != NULL; a = a->next)
		if (!a->dead && !a->handshaking && a->ul.state != DCB_STA1 &&
		    a->ul.state != DCB_STA2)
			n++;
	return n;
}

void
eng_free_job(struct job *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->j.n_paths; i++)
		free(j->paths[i]);
	free(j->paths);
	free(j->host);
	free(j);
}

static void
sweep(struct dcb_engine *e)
{
	struct assoc **pp = &e->assocs;

	while (*pp != NULL) {
		struct assoc *a = *pp;
		if (a->dead) {
			*pp = a->next;
			assoc_free(a);
		} else {
			pp = &a->next;
		}
	}
}

void
dcb_engine_free(struct dcb_engine *e)
{
	if (e == NULL)
		return;
	for (struct assoc *a = e->assocs; a != NULL; a = a->next)
		if (!a->dead) {
			a->broken = true;
			assoc_close(a);
		}
	sweep(e);
	while (e->timers != NULL) {
		struct eng_timer *t = e->timers;
		e->timers = t->next;
		if (t->drop != NULL)
			t->drop(t->user);
		free(t);
	}
	sweep(e);
	scu_commit_free_all(e);
	while (e->runs != NULL) {
		struct scu_run *r = e->runs;
		e->runs = scu_next_run(r);
		scu_free_run(r);
	}
	qr_free_runs(e);
	while (e->jobs != NULL) {
		struct job *j = e->jobs;
		e->jobs = j->next;
		eng_free_job(j);
	}
	while (e->cmds != NULL) {
		struct cmd *c = e->cmds;
		e->cmds = c->next;
		eng_free_job(c->job);
		qr_free_job(c->qr);
		dcb_transport_free(c->t);
		free(c);
	}
	for (int i = 0; i < e->n_listen; i++)
		close(e->listen_fd[i]);
	dcb_loop_free(e->loop);
	pthread_mutex_destroy(&e->mu);
	free(e);
}

/* --- listening ------------------------------------------------------------ */

static void
reject_busy(struct dcb_engine *e, int fd, const char *peer)
{
	eng_log(e, 0, DCB_LOG_WARN,
	        N_("connection from %s closed: already %u associations open (the limit)"), peer,
	        e->n_open);
	e->stats.refused_busy++;
	close(fd);
}

static void
on_listen(int lfd, short revents, void *user)
{
	struct dcb_engine *e = user;

	for (int n = 0; n < 32; n++) {
		struct dcb_error err = {0};
		char peer[64];
		struct dcb_transport *t;
		struct assoc *a;
		int fd = dcb_tcp_accept(lfd, peer, sizeof peer, &err);

		if (fd == DCB_ERR_WANT_READ)
			return;
		if (fd < 0) {
			eng_error(e, 0, "%s", err.message);
			return;
		}
		if (e->n_open >= e->cfg.max_associations + e->cfg.max_waiting) {
			reject_busy(e, fd, peer);
			continue;
		}
		t = e->cfg.transport != NULL
		        ? e->cfg.transport(e->cfg.transport_user, fd, peer, true, &err)
		        : dcb_tcp_wrap(fd, peer, &err);
		if (t == NULL) {
			eng_error(e, 0, N_("connection from %s dropped: %s"), peer, err.message);
			continue;
		}
		eng_log(e, 0, DCB_LOG_DEBUG, N_("connection from %s"), peer);
		a = assoc_new(e, t, false, &acceptor_ops, NULL, &err);
		if (a == NULL) {
			eng_error(e, 0, "%s", err.message);
			continue;
		}
		assoc_start(a);
	}
}

int
dcb_engine_listen(struct dcb_engine *e, const char *host, int port, struct dcb_error *err)
{
	struct dcb_event ev = {.kind = DCB_EV_LISTENING};
	int fd, rc, p;

	if (e->n_listen >= 4)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("too many listeners"));
	fd = dcb_tcp_listen(host, port, e->cfg.no_dns, err);
	if (fd < 0)
		return fd;
	rc = dcb_loop_add(e->loop, fd, POLLIN, on_listen, e);
	if (rc < 0) {
		close(fd);
		return dcb_error_set(err, rc, -1, N_("out of memory for a listener"));
	}
	e->listen_fd[e->n_listen++] = fd;
	p = dcb_tcp_local_port(fd);
	snprintf(ev.u.listening.address, sizeof ev.u.listening.address, "%s:%d",
	         host != NULL && host[0] != '\0' ? host : "*", p);
	ev.u.listening.tls = e->cfg.transport != NULL;
	snprintf(ev.u.listening.ae_title, sizeof ev.u.listening.ae_title, "%s", e->cfg.ae_title);
	eng_emit(e, 0, &ev);
	return p;
}

/* --- commands from other threads ------------------------------------------- */

static void
push_cmd(struct dcb_engine *e, struct cmd *c)
{
	pthread_mutex_lock(&e->mu);
	if (e->cmds_tail != NULL)
		e->cmds_tail->next = c;
	else
		e->cmds = c;
	e->cmds_tail = c;
	pthread_mutex_unlock(&e->mu);
	dcb_loop_wake(e->loop);
}

struct job *
eng_new_job(const struct dcb_scu_job *job, struct dcb_error *err)
{
	struct job *j = calloc(1, sizeof *j);

	if (job->host == NULL || job->port <= 0 || job->port > 65535) {
		free(j);
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("a job needs a peer address and a port from 1 to 65535"));
		return NULL;
	}
	if (j == NULL)
		goto nomem;
	j->j = *job;
	j->host = strdup(job->host);
	j->paths = calloc(job->n_paths + 1, sizeof *j->paths);
	if (j->host == NULL || j->paths == NULL)
		goto nomem;
	j->j.n_paths = 0;
	for (size_t i = 0; i < job->n_paths; i++) {
		j->paths[i] = strdup(job->paths[i]);
		if (j->paths[i] == NULL)
			goto nomem;
		j->j.n_paths++;
	}
	j->j.host = j->host;
	j->j.paths = (const char *const *)j->paths;
	return j;
nomem:
	eng_free_job(j);
	dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory for a job"));
	return NULL;
}

int
dcb_engine_submit(struct dcb_engine *e, const struct dcb_scu_job *job, struct dcb_error *err)
{
	struct cmd *c = calloc(1, sizeof *c);
	struct dcb_error why = {0};
	struct job *j;
	int number;

	if (c == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory for a job"));
	j = eng_new_job(job, &why);
	if (j == NULL) {
		free(c);
		if (err != NULL)
			*err = why;
		return why.code;
	}
	pthread_mutex_lock(&e->mu);
	number = ++e->next_job;
	pthread_mutex_unlock(&e->mu);
	j->number = number;
	c->kind = CMD_JOB;
	c->job = j;
	push_cmd(e, c);
	return number;
}

int
dcb_engine_submit_query(struct dcb_engine *e, const struct dcb_qr_job *job, struct dcb_error *err)
{
	struct cmd *c = calloc(1, sizeof *c);
	struct qr_job *j;

	if (c == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory for a job"));
	j = qr_new_job(job, err);
	if (j == NULL) {
		free(c);
		return err != NULL && err->code < 0 ? err->code : DCB_ERR_USAGE;
	}
	pthread_mutex_lock(&e->mu);
	j->number = ++e->next_job;
	pthread_mutex_unlock(&e->mu);
	c->kind = CMD_QUERY;
	c->qr = j;
	push_cmd(e, c);
	return j->number;
}

int
dcb_engine_adopt(struct dcb_engine *e, struct dcb_transport *t, struct dcb_error *err)
{
	struct cmd *c = calloc(1, sizeof *c);

	if (c == NULL) {
		dcb_transport_free(t);
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	}
	c->kind = CMD_ADOPT;
	c->t = t;
	push_cmd(e, c);
	return 0;
}

void
dcb_engine_stop(struct dcb_engine *e)
{
	atomic_store(&e->stop, true);
	dcb_loop_wake(e->loop);
}

static void
take_commands(struct dcb_engine *e)
{
	struct cmd *c;

	pthread_mutex_lock(&e->mu);
	c = e->cmds;
	e->cmds = e->cmds_tail = NULL;
	pthread_mutex_unlock(&e->mu);
	while (c != NULL) {
		struct cmd *next = c->next;
		if (c->kind == CMD_QUERY) {
			qr_start_job(e, c->qr);
		} else if (c->kind == CMD_JOB) {
			c->job->next = NULL;
			if (e->jobs_tail != NULL)
				e->jobs_tail->next = c->job;
			else
				e->jobs = c->job;
			e->jobs_tail = c->job;
		} else {
			struct dcb_error err = {0};
			struct assoc *a = assoc_new(e, c->t, false, &acceptor_ops, NULL, &err);
			if (a != NULL)
				assoc_start(a);
			else
				eng_error(e, 0, "%s", err.message);
		}
		free(c);
		c = next;
	}
}

void
dcb_engine_get_stats(const struct dcb_engine *e, struct dcb_engine_stats *out)
{
	*out = e->stats;
}

/* --- the loop --------------------------------------------------------------- */

static bool
idle(struct dcb_engine *e)
{
	bool pending;

	pthread_mutex_lock(&e->mu);
	pending = e->cmds != NULL;
	pthread_mutex_unlock(&e->mu);
	return !pending && e->jobs == NULL && e->runs == NULL && e->qr_runs == NULL &&
	       e->n_open == 0 && e->timers == NULL && e->commits == NULL;
}

/* A peer that closes while we send raises SIGPIPE where no MSG_NOSIGNAL
 * can be given (writes inside a library): blocked for the engine's
 * thread, so the write fails with EPIPE instead.  Any that came are taken
 * back before the old mask returns. */
static void
sigpipe_block(sigset_t *old)
{
	sigset_t pipe;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, old);
}

static void
sigpipe_restore(const sigset_t *old)
{
	const struct timespec now = {0, 0};
	sigset_t pipe;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	while (sigtimedwait(&pipe, NULL, &now) == SIGPIPE)
		;
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

int
dcb_engine_run(struct dcb_engine *e)
{
	sigset_t mask;
	int rc = 0;

	sigpipe_block(&mask);
	e->running = true;
	while (!atomic_load(&e->stop)) {
		int64_t now = dcb_loop_now_ms(), next = 0;
		int timeout = -1;

		take_commands(e);
		/* SCU: start the next job / association when the last is done. */
		scu_tick(e);
		qr_tick(e);
		sweep(e);
		if (e->cfg.exit_when_idle && idle(e))
			break;
		bool held = false;
		for (struct assoc *a = e->assocs; a != NULL; a = a->next) {
			int64_t d = assoc_next_deadline(a);
			if (d != 0 && (next == 0 || d < next))
				next = d;
			held = held || assoc_pending(a);
		}
		for (const struct eng_timer *t = e->timers; t != NULL; t = t->next)
			if (next == 0 || t->at < next)
				next = t->at;
		if (next != 0)
			timeout = next <= now ? 0 : (int)(next - now);
		if (held)
			timeout = 0;
		rc = dcb_loop_run_once(e->loop, timeout);
		if (rc < 0) {
			eng_error(e, 0, N_("the event loop failed: %s"), strerror(errno));
			break;
		}
		rc = 0;
		for (struct assoc *a = e->assocs; held && a != NULL; a = a->next)
			if (assoc_pending(a))
				assoc_read_pending(a);
		now = dcb_loop_now_ms();
		for (struct assoc *a = e->assocs; a != NULL; a = a->next)
			assoc_timers(a, now);
		fire_timers(e, now);
	}
	/* Stopping: abort what is open, remove temporary files. */
	for (struct assoc *a = e->assocs; a != NULL; a = a->next)
		if (!a->dead) {
			if (a->reason[0] == '\0')
				assoc_set_reason(a, _("engine stopped"));
			if (a->ul.state == DCB_STA6 && !a->handshaking)
				assoc_ul(a, DCB_EVT15, true);
			assoc_close(a);
		}
	scu_tick(e);
	qr_tick(e);
	sweep(e);
	e->running = false;
	if (e->cfg.side == DCB_SIDE_SCP) {
		struct dcb_event ev = {.kind = DCB_EV_JOB_DONE};
		ev.u.done.ok = e->stats.stored;
		ev.u.done.failed = e->stats.store_failed;
		ev.u.done.bytes = e->stats.bytes_in;
		eng_emit(e, 0, &ev);
	}
	sigpipe_restore(&mask);
	return rc;
}
