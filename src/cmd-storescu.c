/* cmd-storescu.c — `dicombench storescu`: the Storage SCU with dcmtk's
 * options, e.g. `storescu localhost 10400 images/IM000001`. */
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

struct scu_opts {
	struct dcb_engine_config *cfg;
	struct dcb_scu_job *job;
	long repeat;   /* --repeat: each file sent n times */
};

enum {
	O_AET = 1,
	O_AEC,
	O_SD,
	O_R,
	O_PROPOSE_U,
	O_PROPOSE_E,
	O_PROPOSE_B,
	O_PROPOSE_I,
	O_REPEAT,
	O_PER_FILE,
	O_ABORT_DURING,
	O_PACK,
	O_NO_PACK,
};

static const struct dcb_cli_opt scu_opts_table[] = {
	{ "-aet", "--aetitle", 1, O_AET, N_("[a]etitle: string"),
	  N_("set my calling AE title (default: STORESCU)") },
	{ "-aec", "--call", 1, O_AEC, N_("[a]etitle: string"),
	  N_("set called AE title of peer (default: ANY-SCP)") },
	{ "+sd", "--scan-directories", 0, O_SD, NULL,
	  N_("scan directories for input files (dcmfile-in)") },
	{ "+r", "--recurse", 0, O_R, NULL, N_("recurse within specified directories") },
	{ "-x=", "--propose-uncompr", 0, O_PROPOSE_U, NULL,
	  N_("propose all uncompressed TS, explicit VR with local byte ordering first "
	     "(default: propose each file's own TS)") },
	{ "-xe", "--propose-little", 0, O_PROPOSE_E, NULL,
	  N_("propose all uncompressed TS, explicit VR little endian first") },
	{ "-xb", "--propose-big", 0, O_PROPOSE_B, NULL,
	  N_("propose all uncompressed TS, explicit VR big endian first") },
	{ "-xi", "--propose-implicit", 0, O_PROPOSE_I, NULL,
	  N_("propose implicit VR little endian TS only (files in another TS fail: no "
	     "conversion)") },
	{ NULL, "--repeat", 1, O_REPEAT, N_("[n]umber: integer"), N_("repeat n times") },
	{ NULL, "--assoc-per-file", 0, O_PER_FILE, NULL,
	  N_("open a new association for each file") },
	{ NULL, "--abort-during", 0, O_ABORT_DURING, NULL,
	  N_("abort the association after the first data PDU of the first file") },
	{ NULL, "--pack", 0, O_PACK, NULL,
	  N_("send the command and the first data set fragment in one P-DATA-TF "
	     "(some peers fail on this)") },
	{ NULL, "--no-pack", 0, O_NO_PACK, NULL,
	  N_("send the command in a P-DATA-TF of its own (default)") },
	{ 0 },
};

static int
scu_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct scu_opts *o = ctx;

	switch (id) {
	case O_AET:
		return dcb_cli_ae("-aet", args[0], o->cfg->ae_title, err);
	case O_AEC:
		return dcb_cli_ae("-aec", args[0], o->job->called_ae, err);
	case O_SD:
		o->job->scan_dirs = true;
		break;
	case O_R:
		o->job->recurse = true;
		break;
	case O_PROPOSE_U:
	case O_PROPOSE_E:
	case O_PROPOSE_B:
	case O_PROPOSE_I:
		o->job->propose_set = true;
		o->job->propose = id == O_PROPOSE_U   ? DCB_TS_PRESET_UNCOMPRESSED
		                  : id == O_PROPOSE_E ? DCB_TS_PRESET_LITTLE
		                  : id == O_PROPOSE_B ? DCB_TS_PRESET_BIG
		                                      : DCB_TS_PRESET_IMPLICIT;
		break;
	case O_REPEAT:
		return dcb_cli_int("--repeat", args[0], 1, 100000, &o->repeat, err);
	case O_PER_FILE:
		o->job->assoc_per_file = true;
		break;
	case O_PACK:
	case O_NO_PACK:
		o->job->pack = id == O_PACK;
		break;
	case O_ABORT_DURING:
		o->job->abort_during = true;
		break;
	}
	return 0;
}

int
cmd_storescu(int argc, char **argv)
{
	struct dcb_engine_config cfg;
	struct dcb_scu_job job = { .called_ae = "ANY-SCP" };
	struct dcb_cli_common common = { .level = DCB_LOG_WARN };
	struct dcb_cli_net net;
	struct scu_opts so = { .cfg = &cfg, .job = &job, .repeat = 1 };
	char **repeated = NULL;
	struct dcb_cli_tls tls; /* tls */
	struct dcb_cli_capture cap = { 0 }; /* powers */
	struct dcb_cli_table tables[] = {
		{ N_("general options"), dcb_cli_common_opts, dcb_cli_common_handler, &common },
		{ N_("network options"), dcb_cli_net_opts, dcb_cli_net_handler, &net },
		{ N_("transport layer security (TLS) options"), dcb_cli_tls_opts,
		  dcb_cli_tls_handler, &tls },
		{ N_("evidence options"), dcb_cli_capture_opts, dcb_cli_capture_handler, &cap },
		{ N_("storage SCU options"), scu_opts_table, scu_handler, &so },
	};
	size_t ntables = sizeof tables / sizeof tables[0];
	struct dcb_error err = { 0 };
	long port;
	int npos, rc;

	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	dcb_cli_tls_init(&tls);
	dcb_cli_net_defaults(&net);
	rc = dcb_cli_start("storescu", _("[options] peer port dcmfile-in..."),
	                   _("DICOM storage (C-STORE) SCU, speaking dcmtk's options."), argc, argv,
	                   tables, ntables, &common, &npos);
	if (rc >= 0)
		return rc;
	/* tls: +cc lists the suites and exits; +tls loads the credentials */
	rc = dcb_cli_tls_setup(&tls, false, &cfg, "storescu");
	if (rc != 0)
		return rc > 0 ? 0 : 1;
	if (npos < 3) {
		fprintf(stderr,
		        _("%s storescu: missing %s; usage: %s storescu [options] peer port "
		          "dcmfile-in... (see --help)\n"),
		        PACKAGE, npos == 0 ? _("peer") : npos == 1 ? _("port") : _("files"),
		        PACKAGE);
		return 1;
	}
	if (dcb_cli_int(_("port"), argv[2], 1, 65535, &port, &err) < 0) {
		fprintf(stderr, "%s storescu: %s\n", PACKAGE, err.message);
		return 1;
	}
	job.host = argv[1];
	job.port = (int)port;
	job.paths = (const char *const *)(argv + 3);
	job.n_paths = (size_t)npos - 2;
	if (so.repeat > 1) {
		/* dcmtk: each file is sent n times in a row */
		repeated = calloc(job.n_paths * (size_t)so.repeat, sizeof *repeated);
		if (repeated == NULL) {
			fprintf(stderr, "%s storescu: %s\n", PACKAGE, _("out of memory"));
			return 1;
		}
		for (size_t i = 0; i < job.n_paths; i++)
			for (long k = 0; k < so.repeat; k++)
				repeated[i * (size_t)so.repeat + (size_t)k] = argv[3 + i];
		job.paths = (const char *const *)repeated;
		job.n_paths *= (size_t)so.repeat;
	}
	dcb_cli_apply(&net, &common, &cfg);
	if (dcb_cli_capture_start(&cap, &cfg, "storescu") < 0) {
		dcb_cli_tls_clear(&tls);
		return 1;
	}
	if (dcb_cli_capture_traces(&cap)) {
		common.tee = dcb_cli_capture_event;
		common.tee_user = &cap;
	}
	rc = dcb_cli_run_job("storescu", &cfg, &job, &common);
	dcb_cli_capture_end(&cap);
	free(repeated);
	dcb_cli_tls_clear(&tls);
	return rc;
}
