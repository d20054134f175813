/* cmd-getscu.c — `dicombench getscu`: the C-GET SCU with dcmtk's options;
 * the objects come back on the same association (the SCP role is proposed
 * for dcmtk's getscu's storage SOP classes) and are written to -od. */
#include "config.h"

#include <stdio.h>

#include "cli-query.h"
#include "commands.h"
#include "i18n.h"

static const struct dcb_cli_opt get_opts[] = {
	{ "-aet", "--aetitle", 1, Q_AET, N_("[a]etitle: string"),
	  N_("set my calling AE title (default: GETSCU)"), NULL },
	{ "-aec", "--call", 1, Q_AEC, N_("[a]etitle: string"),
	  N_("set called AE title of peer (default: ANY-SCP)"), NULL },
	{ "-od", "--output-directory", 1, Q_OD, N_("[d]irectory: string (default: \".\")"),
	  N_("write received objects to existing directory d"), NULL },
	{ "-B", "--normal", 0, Q_NORMAL, NULL,
	  N_("receive in memory, then write to disk (default)"),
	  N_("dicombench streams every object to a temporary file and renames it when "
	     "complete; -B is its normal storage (re-encoded as dcmtk does), +B keeps the "
	     "bytes as received") },
	{ "+B", "--bit-preserving", 0, Q_BIT, NULL, N_("receive directly to disk"), NULL },
	{ NULL, "--ignore", 0, Q_IGNORE, NULL, N_("ignore store data, receive but do not store"),
	  NULL },
	{ 0 },
};

int
cmd_getscu(int argc, char **argv)
{
	struct dcb_cli_run run;
	struct dcb_cli_query q = {
		.cmd = "getscu", .run = &run, .model = 'P', .out_dir = ".", .show = -1,
		.job = { .called_ae = "ANY-SCP", .op = DCB_QR_GET },
	};
	const struct dcb_cli_table own[] = {
		{ N_("query options"), dcb_cli_query_opts, dcb_cli_query_handler, &q },
		{ N_("getscu options"), get_opts, dcb_cli_query_handler, &q },
		{ N_("preferred storage transfer syntaxes (incoming C-STOREs)"),
		  dcb_cli_query_prefer_opts, dcb_cli_query_handler, &q },
	};

	dcb_cli_run_init(&run, "getscu", DCB_SIDE_SCU);
	snprintf(run.cfg.ae_title, sizeof run.cfg.ae_title, "%s", "GETSCU");
	return dcb_cli_query_main(&q,
	                          _("DICOM retrieve (C-GET) SCU, speaking dcmtk's options; the "
	                            "objects come back on the same association."),
	                          argc, argv, own, 3);
}
