/* cli-run.c — the shared start, run and teardown of the network commands. */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "cli-log.h"
#include "cli-run.h"
#include "i18n.h"

/* Prints "dicombench cmd: msg" and returns the exit status 1. */
static int
fail(const struct dcb_cli_run *r, const char *msg)
{
	fprintf(stderr, "%s %s: %s\n", PACKAGE, r->cmd, msg);
	return 1;
}

void
dcb_cli_run_init(struct dcb_cli_run *r, const char *cmd, enum dcb_side side)
{
	*r = (struct dcb_cli_run){.cmd = cmd, .common = {.level = DCB_LOG_WARN}};
	dcb_engine_config_init(&r->cfg, side);
	dcb_cli_tls_init(&r->tls);
	dcb_cli_net_defaults(&r->net);
}

int
dcb_cli_run_start(struct dcb_cli_run *r, const char *usage, const char *about, int argc,
                  char **argv, const struct dcb_cli_table *own, size_t n_own, size_t evidence_at,
                  int *npos)
{
	struct dcb_cli_table tables[3 + 1 + DCB_CLI_RUN_MAX_OWN] = {
	    {N_("general options"), dcb_cli_common_opts, dcb_cli_common_handler, &r->common},
	    {N_("network options"), dcb_cli_net_opts, dcb_cli_net_handler, &r->net},
	    {N_("transport layer security (TLS) options"), dcb_cli_tls_opts, dcb_cli_tls_handler,
	     &r->tls},
	};
	const struct dcb_cli_table evidence = {N_("evidence options"), dcb_cli_capture_opts,
	                                       dcb_cli_capture_handler, &r->cap};
	struct dcb_error err = {0};
	size_t n = 3;
	int rc;

	if (n_own > DCB_CLI_RUN_MAX_OWN)
		n_own = DCB_CLI_RUN_MAX_OWN;
	for (size_t i = 0; i <= n_own; i++) {
		if (i == evidence_at)
			tables[n++] = evidence;
		if (i < n_own)
			tables[n++] = own[i];
	}
	if (dcb_cli_parse(argc, argv, tables, n, npos, &r->notes, &err) < 0)
		return fail(r, err.message);
	if (r->common.help) {
		printf(_("Usage: %s %s %s\n"), PACKAGE, r->cmd, usage);
		puts(about);
		dcb_cli_print_help(stdout, tables, n);
		return 0;
	}
	if (r->common.version) {
		printf("%s %s %s\n", PACKAGE, r->cmd, VERSION);
		return 0;
	}
	if (r->common.level >= DCB_LOG_INFO)
		dcb_cli_print_notes(stderr, &r->notes);
	/* +cc lists the suites and exits; +tls loads the credentials */
	rc = dcb_cli_tls_setup(&r->tls, r->cfg.side == DCB_SIDE_SCP, &r->cfg, r->cmd);
	if (rc != 0)
		return rc > 0 ? 0 : 1;
	return -1;
}

int
dcb_cli_run_port(const struct dcb_cli_run *r, const char *s, long min, int *port)
{
	struct dcb_error err = {0};
	long n;

	if (dcb_cli_int(_("port"), s, min, 65535, &n, &err) < 0) {
		fail(r, err.message);
		return -1;
	}
	*port = (int)n;
	return 0;
}

/* Copies the shared options into the engine configuration and opens the
 * evidence files.  Returns 0, or -1 after printing why. */
static int
prepare(struct dcb_cli_run *r)
{
	struct dcb_engine_config *cfg = &r->cfg;

	cfg->max_pdu = (uint32_t)r->net.max_pdu;
	cfg->max_send_pdu = (uint32_t)r->net.max_send_pdu;
	cfg->connect_timeout_ms = (int)r->net.timeout_connect * 1000;
	cfg->artim_ms = (int)r->net.timeout_acse * 1000;
	cfg->dimse_ms = (int)r->net.timeout_dimse * 1000;
	cfg->no_dns = r->net.no_dns;
	cfg->trace_pdus = r->common.level >= DCB_LOG_DEBUG;
	return dcb_cli_capture_start(&r->cap, cfg, r->cmd);
}

/* A new engine whose events go to the evidence files (if any) and then to
 * log.  Returns NULL after printing why. */
static struct dcb_engine *
engine_new(struct dcb_cli_run *r, struct dcb_cli_log *log)
{
	struct dcb_error err = {0};
	struct dcb_engine *e;

	dcb_cli_log_init(log, r->common.level, r->common.hex);
	log->verbose_pc = r->common.verbose_pc;
	r->cap.next = dcb_cli_log_event;
	r->cap.next_user = log;
	if (dcb_cli_capture_traces(&r->cap))
		e = dcb_engine_new(&r->cfg, dcb_cli_capture_event, &r->cap, &err);
	else
		e = dcb_engine_new(&r->cfg, dcb_cli_log_event, log, &err);
	if (e == NULL)
		fail(r, err.message);
	return e;
}

/* Runs one job of either kind on a fresh engine (listening on
 * r->scu_listen_port when > 0) until it is done; the exit status. */
static int
run_job(struct dcb_cli_run *r, const struct dcb_scu_job *scu, const struct dcb_qr_job *qr)
{
	struct dcb_error err = {0};
	struct dcb_cli_log log;
	struct dcb_engine *e;
	int rc;

	if (prepare(r) < 0)
		return 1;
	r->cfg.exit_when_idle = true;
	signal(SIGPIPE, SIG_IGN);
	e = engine_new(r, &log);
	if (e == NULL)
		return 1;
	if (qr != NULL)
		log.responses = &r->responses;
	if ((r->scu_listen_port > 0 &&
	     dcb_engine_listen(e, NULL, r->scu_listen_port, &err) < 0) ||
	    (qr != NULL ? dcb_engine_submit_query(e, qr, &err) : dcb_engine_submit(e, scu, &err)) <
	        0) {
		fail(r, err.message);
		dcb_engine_free(e);
		return 1;
	}
	rc = dcb_engine_run(e);
	dcb_engine_free(e);
	if (rc < 0 || !log.job_done || log.done.failed > 0 || log.done.ok == 0 || log.errors > 0)
		return 1;
	return 0;
}

int
dcb_cli_run_scu(struct dcb_cli_run *r, const struct dcb_scu_job *job)
{
	return run_job(r, job, NULL);
}

int
dcb_cli_run_query(struct dcb_cli_run *r, const struct dcb_qr_job *job)
{
	return run_job(r, NULL, job);
}

struct stopper {
	struct dcb_engine *e;
	sigset_t set;
};

static void *
wait_signal(void *arg)
{
	struct stopper *s = arg;
	int sig;

	if (sigwait(&s->set, &sig) == 0 && sig != SIGUSR2)
		dcb_engine_stop(s->e);
	return NULL;
}

int
dcb_cli_run_scp(struct dcb_cli_run *r, int port)
{
	struct dcb_error err = {0};
	struct dcb_cli_log log;
	struct stopper stop;
	pthread_t th;
	int rc;

	if (prepare(r) < 0)
		return 1;
	/* SIGINT/SIGTERM stop the engine from a waiting thread (no globals);
	 * SIGUSR2 ends the thread after a stop from elsewhere. */
	sigemptyset(&stop.set);
	sigaddset(&stop.set, SIGINT);
	sigaddset(&stop.set, SIGTERM);
	sigaddset(&stop.set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &stop.set, NULL);
	signal(SIGPIPE, SIG_IGN);
	stop.e = engine_new(r, &log);
	if (stop.e == NULL)
		return 1;
	if (dcb_engine_listen(stop.e, NULL, port, &err) < 0) {
		fail(r, err.message);
		dcb_engine_free(stop.e);
		return 1;
	}
	pthread_create(&th, NULL, wait_signal, &stop);
	rc = dcb_engine_run(stop.e);
	pthread_kill(th, SIGUSR2);
	pthread_join(th, NULL);
	dcb_engine_free(stop.e);
	return rc < 0 ? 1 : 0;
}

void
dcb_cli_run_end(struct dcb_cli_run *r)
{
	dcb_cli_capture_end(&r->cap);
	dcb_cli_tls_clear(&r->tls);
}
