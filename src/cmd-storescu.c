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
};

enum {
	O_AET = 1,
	O_AEC,
	O_SD,
	O_R,
	O_PROPOSE,
};

static const struct dcb_cli_opt scu_opts_table[] = {
	{ "-aet", "--aetitle", 1, O_AET, N_("[a]etitle: string"),
	  N_("set my calling AE title (default: STORESCU)") },
	{ "-aec", "--call", 1, O_AEC, N_("[a]etitle: string"),
	  N_("set called AE title of peer (default: ANY-SCP)") },
	{ "+sd", "--scan-directories", 0, O_SD, NULL,
	  N_("scan directories for input files (dcmfile-in)") },
	{ "+r", "--recurse", 0, O_R, NULL, N_("recurse within specified directories") },
	{ "-x=", "--propose-uncompr", 0, O_PROPOSE, NULL,
	  N_("not supported: files are sent in their own transfer syntax") },
	{ "-xe", "--propose-little", 0, O_PROPOSE, NULL,
	  N_("not supported: files are sent in their own transfer syntax") },
	{ "-xb", "--propose-big", 0, O_PROPOSE, NULL,
	  N_("not supported: files are sent in their own transfer syntax") },
	{ "-xi", "--propose-implicit", 0, O_PROPOSE, NULL,
	  N_("not supported: files are sent in their own transfer syntax") },
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
	case O_PROPOSE:
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("-x=, -xe, -xb and -xi are not supported: dicombench sends "
		                        "each file in its own transfer syntax, without converting "
		                        "it; leave the option out"));
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
	struct scu_opts so = { .cfg = &cfg, .job = &job };
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
	dcb_cli_apply(&net, &common, &cfg);
	if (dcb_cli_capture_start(&cap, &cfg, "storescu") < 0) {
		dcb_cli_tls_clear(&tls);
		return 1;
	}
	rc = dcb_cli_run_job("storescu", &cfg, &job, &common);
	dcb_cli_capture_end(&cap);
	dcb_cli_tls_clear(&tls);
	return rc;
}
