/* cmd-echoscu.c — `dicombench echoscu`: the Verification SCU with dcmtk's
 * options: `echoscu [options] peer port`. */
#include "config.h"

#include <stdio.h>

#include "cli-run.h"
#include "commands.h"
#include "dcb-limits.h"
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
	O_PTS,
	O_PPC,
	O_TAKEN,   /* options dicombench takes with a note */
	O_PROPOSE, /* O_PROPOSE + enum dcb_ts_preset: -x= -xe -xb -xi */
};

/* -pts n proposes the first n of these, dcmtk's echoscu's list. */
static const char *const pts_list[] = {
	DCB_UID_IMPLICIT_LE,       DCB_UID_EXPLICIT_LE,       DCB_UID_EXPLICIT_BE,
	"1.2.840.10008.1.2.4.50",  "1.2.840.10008.1.2.4.51",  "1.2.840.10008.1.2.4.52",
	"1.2.840.10008.1.2.4.53",  "1.2.840.10008.1.2.4.54",  "1.2.840.10008.1.2.4.55",
	"1.2.840.10008.1.2.4.56",  "1.2.840.10008.1.2.4.57",  "1.2.840.10008.1.2.4.58",
	"1.2.840.10008.1.2.4.59",  "1.2.840.10008.1.2.4.60",  "1.2.840.10008.1.2.4.61",
	"1.2.840.10008.1.2.4.62",  "1.2.840.10008.1.2.4.63",  "1.2.840.10008.1.2.4.64",
	"1.2.840.10008.1.2.4.65",  "1.2.840.10008.1.2.4.66",  "1.2.840.10008.1.2.4.70",
	"1.2.840.10008.1.2.5",     DCB_UID_DEFLATED_LE,       "1.2.840.10008.1.2.4.80",
	"1.2.840.10008.1.2.4.81",  "1.2.840.10008.1.2.4.90",  "1.2.840.10008.1.2.4.91",
	"1.2.840.10008.1.2.4.92",  "1.2.840.10008.1.2.4.93",  "1.2.840.10008.1.2.4.100",
	"1.2.840.10008.1.2.4.101", "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.103",
	"1.2.840.10008.1.2.4.104", "1.2.840.10008.1.2.4.105", "1.2.840.10008.1.2.4.106",
	"1.2.840.10008.1.2.4.107", "1.2.840.10008.1.2.4.108",
};

static const struct dcb_cli_opt echo_opts_table[] = {
	{ "-aet", "--aetitle", 1, O_AET, N_("[a]etitle: string"),
	  N_("set my calling AE title (default: ECHOSCU)"), NULL },
	{ "-aec", "--call", 1, O_AEC, N_("[a]etitle: string"),
	  N_("set called AE title of peer (default: ANY-SCP)"), NULL },
	{ "-pts", "--propose-ts", 1, O_PTS, N_("[n]umber: integer (1..38)"),
	  N_("propose n transfer syntaxes"),
	  N_("dicombench proposes at most 32 transfer syntaxes in a context (the most it "
	     "takes in one itself): n above 32 proposes 32") },
	{ "-ppc", "--propose-pc", 1, O_PPC, N_("[n]umber: integer (1..128)"),
	  N_("propose n presentation contexts"), NULL },
	{ NULL, "--repeat", 1, O_REPEAT, N_("[n]umber: integer"),
	  N_("repeat n times (C-ECHOs on one association)"), NULL },
	{ NULL, "--abort", 0, O_TAKEN, NULL, N_("abort association instead of releasing it"),
	  N_("dicombench releases the association after the last C-ECHO") },
	{ "-x=", "--propose-uncompr", 0, O_PROPOSE + DCB_TS_PRESET_UNCOMPRESSED, NULL,
	  N_("propose all uncompressed transfer syntaxes (default)"), NULL },
	{ "-xe", "--propose-little", 0, O_PROPOSE + DCB_TS_PRESET_LITTLE, NULL,
	  N_("propose explicit VR little endian first"), NULL },
	{ "-xb", "--propose-big", 0, O_PROPOSE + DCB_TS_PRESET_BIG, NULL,
	  N_("propose explicit VR big endian first"), NULL },
	{ "-xi", "--propose-implicit", 0, O_PROPOSE + DCB_TS_PRESET_IMPLICIT, NULL,
	  N_("propose implicit VR little endian only"), NULL },
	{ 0 },
};

static int
echo_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct echo_opts *o = ctx;
	long n = 0;
	int rc = 0;

	if (id >= O_PROPOSE) {
		o->cfg->echo_ts = (enum dcb_ts_preset)(id - O_PROPOSE);
		o->job->echo_n_ts = 0;
		return 0;
	}
	switch (id) {
	case O_AET:
		return dcb_cli_ae("-aet", args[0], o->cfg->ae_title, err);
	case O_AEC:
		return dcb_cli_ae("-aec", args[0], o->job->called_ae, err);
	case O_REPEAT:
		rc = dcb_cli_int("--repeat", args[0], 1, 1000000, &n, err);
		o->job->echo_repeat = (unsigned)n;
		break;
	case O_PTS:
		rc = dcb_cli_int("-pts", args[0], 1, 38, &n, err);
		o->job->echo_ts = pts_list;
		o->job->echo_n_ts = (size_t)(n < DCB_MAX_TS_PER_CONTEXT ? n : DCB_MAX_TS_PER_CONTEXT);
		break;
	case O_PPC:
		rc = dcb_cli_int("-ppc", args[0], 1, 128, &n, err);
		o->job->echo_contexts = (unsigned)n;
		break;
	}
	return rc;
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
