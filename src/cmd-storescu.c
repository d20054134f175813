/* cmd-storescu.c — `dicombench storescu`: the Storage SCU with dcmtk's
 * options, e.g. `storescu localhost 10400 images/IM000001`. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli-run.h"
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
	struct dcb_cli_run run;
	struct dcb_scu_job job = { .called_ae = "ANY-SCP" };
	struct scu_opts so = { .cfg = &run.cfg, .job = &job, .repeat = 1 };
	const struct dcb_cli_table own[] = {
		{ N_("storage SCU options"), scu_opts_table, scu_handler, &so },
	};
	char **repeated = NULL;
	int npos, rc;

	dcb_cli_run_init(&run, "storescu", DCB_SIDE_SCU);
	rc = dcb_cli_run_start(&run, _("[options] peer port dcmfile-in..."),
	                       _("DICOM storage (C-STORE) SCU, speaking dcmtk's options."), argc,
	                       argv, own, 1, 0, &npos);
	if (rc >= 0)
		return rc;
	if (npos < 3) {
		fprintf(stderr,
		        _("%s storescu: missing %s; usage: %s storescu [options] peer port "
		          "dcmfile-in... (see --help)\n"),
		        PACKAGE, npos == 0 ? _("peer") : npos == 1 ? _("port") : _("files"),
		        PACKAGE);
		rc = 1;
		goto out;
	}
	if (dcb_cli_run_port(&run, argv[2], 1, &job.port) < 0) {
		rc = 1;
		goto out;
	}
	job.host = argv[1];
	job.paths = (const char *const *)(argv + 3);
	job.n_paths = (size_t)npos - 2;
	if (so.repeat > 1) {
		/* dcmtk: each file is sent n times in a row */
		repeated = calloc(job.n_paths * (size_t)so.repeat, sizeof *repeated);
		if (repeated == NULL) {
			fprintf(stderr, "%s storescu: %s\n", PACKAGE, _("out of memory"));
			rc = 1;
			goto out;
		}
		for (size_t i = 0; i < job.n_paths; i++)
			for (long k = 0; k < so.repeat; k++)
				repeated[i * (size_t)so.repeat + (size_t)k] = argv[3 + i];
		job.paths = (const char *const *)repeated;
		job.n_paths *= (size_t)so.repeat;
	}
	rc = dcb_cli_run_scu(&run, &job);
out:
	dcb_cli_run_end(&run);
	free(repeated);
	return rc;
}
