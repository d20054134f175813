/* cli-run.c — the shared start and run of the network commands. */
#include "config.h"

#include <signal.h>
#include <stdio.h>

#include "cli-log.h"
#include "cli-run.h"
#include "i18n.h"

int
dcb_cli_start(const char *cmd, const char *usage, const char *about, int argc, char **argv,
              const struct dcb_cli_table *tables, size_t ntables,
              const struct dcb_cli_common *common, int *npos)
{
	struct dcb_error err = {0};

	if (dcb_cli_parse(argc, argv, tables, ntables, npos, &err) < 0) {
		fprintf(stderr, "%s %s: %s\n", PACKAGE, cmd, err.message);
		return 1;
	}
	if (common->help) {
		printf(_("Usage: %s %s %s\n"), PACKAGE, cmd, usage);
		puts(about);
		dcb_cli_print_help(stdout, tables, ntables);
		return 0;
	}
	if (common->version) {
		printf("%s %s %s\n", PACKAGE, cmd, VERSION);
		return 0;
	}
	return -1;
}

void
dcb_cli_apply(const struct dcb_cli_net *net, const struct dcb_cli_common *common,
              struct dcb_engine_config *cfg)
{
	cfg->max_pdu = (uint32_t)net->max_pdu;
	cfg->max_send_pdu = (uint32_t)net->max_send_pdu;
	cfg->connect_timeout_ms = (int)net->timeout_connect * 1000;
	cfg->artim_ms = (int)net->timeout_acse * 1000;
	cfg->dimse_ms = (int)net->timeout_dimse * 1000;
	cfg->no_dns = net->no_dns;
	cfg->trace_pdus = common->level >= DCB_LOG_DEBUG;
}

struct tee {
	struct dcb_cli_log *log;
	const struct dcb_cli_common *common;
};

static void
tee_event(const struct dcb_event *ev, void *user)
{
	const struct tee *t = user;

	t->common->tee(ev, t->common->tee_user);
	dcb_cli_log_event(ev, t->log);
}

int
dcb_cli_run_job(const char *cmd, struct dcb_engine_config *cfg, const struct dcb_scu_job *job,
                const struct dcb_cli_common *common)
{
	struct dcb_error err = {0};
	struct dcb_cli_log log;
	struct dcb_engine *e;
	int rc;

	cfg->exit_when_idle = true;
	dcb_cli_log_init(&log, common->level, common->hex);
	signal(SIGPIPE, SIG_IGN);
	struct tee tee = {.log = &log, .common = common};
	e = common->tee != NULL ? dcb_engine_new(cfg, tee_event, &tee, &err)
	                        : dcb_engine_new(cfg, dcb_cli_log_event, &log, &err);
	if (e == NULL || dcb_engine_submit(e, job, &err) < 0) {
		fprintf(stderr, "%s %s: %s\n", PACKAGE, cmd, err.message);
		dcb_engine_free(e);
		return 1;
	}
	rc = dcb_engine_run(e);
	dcb_engine_free(e);
	if (rc < 0 || !log.job_done || log.done.failed > 0 || log.done.ok == 0 || log.errors > 0)
		return 1;
	return 0;
}
