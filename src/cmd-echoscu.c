/* cmd-echoscu.c — `dicombench echoscu`: the Verification SCU with dcmtk's
 * options: `echoscu [options] peer port`. */
#include "config.h"

#include <stdio.h>

#include "cli-run.h"
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
	struct dcb_cli_run run;
	struct dcb_scu_job job = { .called_ae = "ANY-SCP", .echo = true };
	struct echo_opts eo = { .cfg = &run.cfg, .job = &job };
	const struct dcb_cli_table own[] = {
		{ N_("verification SCU options"), echo_opts_table, echo_handler, &eo },
	};
	int npos, rc;

	dcb_cli_run_init(&run, "echoscu", DCB_SIDE_SCU);
	snprintf(run.cfg.ae_title, sizeof run.cfg.ae_title, "%s", "ECHOSCU");
	rc = dcb_cli_run_start(&run, _("[options] peer port"),
	                       _("DICOM verification (C-ECHO) SCU, speaking dcmtk's options."), argc,
	                       argv, own, 1, 0, &npos);
	if (rc >= 0)
		return rc;
	if (npos != 2) {
		fprintf(stderr,
		        _("%s echoscu: %s; usage: %s echoscu [options] peer port (see --help)\n"),
		        PACKAGE, npos < 2 ? _("missing peer or port") : _("too many arguments"),
		        PACKAGE);
		rc = 1;
	} else if (dcb_cli_run_port(&run, argv[2], 1, &job.port) < 0) {
		rc = 1;
	} else {
		job.host = argv[1];
		rc = dcb_cli_run_scu(&run, &job);
	}
	dcb_cli_run_end(&run);
	return rc;
}
