/* cmd-echoscu.c — `dicombench echoscu`: the Verification SCU with dcmtk's
 * options: `echoscu [options] peer port`. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-powers.h"
#include "cli-run.h"
#include "cli-tls.h"
#include "commands.h"
#include "engine.h"
#include "i18n.h"

struct echo_opts {
	struct dcb_engine_config *cfg;
	struct dcb_scu_job *job;
};

enum {
	O_AET = 1,
	O_AEC,
	O_REPEAT,
	O_XU,
	O_XE,
	O_XB,
	O_XI,
};

static const struct dcb_cli_opt echo_opts_table[] = {
	{ "-aet", "--aetitle", 1, O_AET, N_("[a]etitle: string"),
	  N_("set my calling AE title (default: ECHOSCU)") },
	{ "-aec", "--call", 1, O_AEC, N_("[a]etitle: string"),
	  N_("set called AE title of peer (default: ANY-SCP)") },
	{ NULL, "--repeat", 1, O_REPEAT, N_("[n]umber: integer"),
	  N_("repeat n times (C-ECHOs on one association)") },
	{ "-x=", "--propose-uncompr", 0, O_XU, NULL,
	  N_("propose all uncompressed transfer syntaxes (default)") },
	{ "-xe", "--propose-little", 0, O_XE, NULL, N_("propose explicit VR little endian first") },
	{ "-xb", "--propose-big", 0, O_XB, NULL, N_("propose explicit VR big endian first") },
	{ "-xi", "--propose-implicit", 0, O_XI, NULL, N_("propose implicit VR little endian only") },
	{ 0 },
};

static int
echo_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct echo_opts *o = ctx;
	long n;
	int rc;

	switch (id) {
	case O_AET:
		return dcb_cli_ae("-aet", args[0], o->cfg->ae_title, err);
	case O_AEC:
		return dcb_cli_ae("-aec", args[0], o->job->called_ae, err);
	case O_REPEAT:
		rc = dcb_cli_int("--repeat", args[0], 1, 1000000, &n, err);
		o->job->echo_repeat = (unsigned)n;
		return rc;
	case O_XU:
		o->cfg->echo_ts = DCB_TS_PRESET_UNCOMPRESSED;
		break;
	case O_XE:
		o->cfg->echo_ts = DCB_TS_PRESET_LITTLE;
		break;
	case O_XB:
		o->cfg->echo_ts = DCB_TS_PRESET_BIG;
		break;
	case O_XI:
		o->cfg->echo_ts = DCB_TS_PRESET_IMPLICIT;
		break;
	}
	return 0;
}

int
cmd_echoscu(int argc, char **argv)
{
	struct dcb_engine_config cfg;
	struct dcb_scu_job job = { .called_ae = "ANY-SCP", .echo = true };
	struct dcb_cli_common common = { .level = DCB_LOG_WARN };
	struct dcb_cli_net net;
	struct echo_opts eo = { .cfg = &cfg, .job = &job };
	struct dcb_cli_tls tls; /* tls */
	struct dcb_cli_capture cap = { 0 }; /* powers */
	struct dcb_cli_table tables[] = {
		{ N_("general options"), dcb_cli_common_opts, dcb_cli_common_handler, &common },
		{ N_("network options"), dcb_cli_net_opts, dcb_cli_net_handler, &net },
		{ N_("transport layer security (TLS) options"), dcb_cli_tls_opts,
		  dcb_cli_tls_handler, &tls },
		{ N_("evidence options"), dcb_cli_capture_opts, dcb_cli_capture_handler, &cap },
		{ N_("verification SCU options"), echo_opts_table, echo_handler, &eo },
	};
	size_t ntables = sizeof tables / sizeof tables[0];
	struct dcb_error err = { 0 };
	long port;
	int npos, rc;

	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	dcb_cli_tls_init(&tls);
	snprintf(cfg.ae_title, sizeof cfg.ae_title, "%s", "ECHOSCU");
	dcb_cli_net_defaults(&net);
	rc = dcb_cli_start("echoscu", _("[options] peer port"),
	                   _("DICOM verification (C-ECHO) SCU, speaking dcmtk's options."), argc,
	                   argv, tables, ntables, &common, &npos);
	if (rc >= 0)
		return rc;
	/* tls: +cc lists the suites and exits; +tls loads the credentials */
	rc = dcb_cli_tls_setup(&tls, false, &cfg, "echoscu");
	if (rc != 0)
		return rc > 0 ? 0 : 1;
	if (npos != 2) {
		fprintf(stderr,
		        _("%s echoscu: %s; usage: %s echoscu [options] peer port (see --help)\n"),
		        PACKAGE, npos < 2 ? _("missing peer or port") : _("too many arguments"),
		        PACKAGE);
		return 1;
	}
	if (dcb_cli_int(_("port"), argv[2], 1, 65535, &port, &err) < 0) {
		fprintf(stderr, "%s echoscu: %s\n", PACKAGE, err.message);
		return 1;
	}
	job.host = argv[1];
	job.port = (int)port;
	dcb_cli_apply(&net, &common, &cfg);
	if (dcb_cli_capture_start(&cap, &cfg, "echoscu") < 0) {
		dcb_cli_tls_clear(&tls);
		return 1;
	}
	if (dcb_cli_capture_traces(&cap)) {
		common.tee = dcb_cli_capture_event;
		common.tee_user = &cap;
	}
	rc = dcb_cli_run_job("echoscu", &cfg, &job, &common);
	dcb_cli_capture_end(&cap);
	dcb_cli_tls_clear(&tls);
	return rc;
}
