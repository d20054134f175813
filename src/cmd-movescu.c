/* cmd-movescu.c — `dicombench movescu`: the C-MOVE SCU with dcmtk's
 * options; with +P the move destination is this process itself, e.g.
 * `movescu -S +P 11113 -aem MOVESCU -od in -k QueryRetrieveLevel=STUDY
 * -k StudyInstanceUID=1.2.3 pacs 11112`. */
#include "config.h"

#include <stdio.h>

#include "cli-query.h"
#include "commands.h"
#include "i18n.h"

static const struct dcb_cli_opt move_opts[] = {
	{ "-aet", "--aetitle", 1, Q_AET, N_("[a]etitle: string"),
	  N_("set my calling AE title (default: MOVESCU)"), NULL },
	{ "-aec", "--call", 1, Q_AEC, N_("[a]etitle: string"),
	  N_("set called AE title of peer (default: ANY-SCP)"), NULL },
	{ "-aem", "--move", 1, Q_AEM, N_("[a]etitle: string"),
	  N_("set move destinat. AE title (default: my AE title)"), NULL },
	{ "-ac", "--access-full", 0, Q_TAKEN, NULL,
	  N_("accept connections from any host (default)"), NULL },
	{ "+ac", "--access-control", 0, Q_TAKEN, NULL, N_("enforce host access control rules"),
	  N_("dicombench has no host access rules (tcp wrapper): any host may connect") },
	{ NULL, "--no-port", 0, Q_NO_PORT, NULL,
	  N_("no port for incoming associations (default)"), NULL },
	{ "+P", "--port", 1, Q_PORT, N_("[n]umber: integer"),
	  N_("port number for incoming associations"), NULL },
	{ "-pi", "--pending-ignore", 0, Q_TAKEN, NULL,
	  N_("assume no dataset present (default)"),
	  N_("dicombench reads a data set after a pending response when the command says "
	     "one follows, and shows it under -d") },
	{ "-pr", "--pending-read", 0, Q_TAKEN, NULL, N_("read and ignore dataset"), NULL },
	{ NULL, "--ignore", 0, Q_IGNORE, NULL, N_("ignore store data, receive but do not store"),
	  NULL },
	{ "-up", "--uid-padding", 0, Q_TAKEN, NULL, N_("silently correct space-padded UIDs"),
	  N_("dicombench keeps UIDs as received and reports space padding as a finding") },
	{ "-od", "--output-directory", 1, Q_OD, N_("[d]irectory: string (default: \".\")"),
	  N_("write received objects to existing directory d"), NULL },
	{ "-B", "--normal", 0, Q_NORMAL, NULL,
	  N_("allow implicit format conversions (default)"), NULL },
	{ "+B", "--bit-preserving", 0, Q_BIT, NULL, N_("write data exactly as read"), NULL },
	{ 0 },
};

int
cmd_movescu(int argc, char **argv)
{
	struct dcb_cli_run run;
	struct dcb_cli_query q = {
		.cmd = "movescu", .run = &run, .model = 'P', .out_dir = ".", .show = -1,
		.job = { .called_ae = "ANY-SCP", .op = DCB_QR_MOVE },
	};
	const struct dcb_cli_table own[] = {
		{ N_("query options"), dcb_cli_query_opts, dcb_cli_query_handler, &q },
		{ N_("movescu options"), move_opts, dcb_cli_query_handler, &q },
		{ N_("preferred network transfer syntaxes (incoming associations)"),
		  dcb_cli_query_prefer_opts, dcb_cli_query_handler, &q },
		{ N_("output options"), dcb_cli_query_output_opts, dcb_cli_query_handler, &q },
	};

	dcb_cli_run_init(&run, "movescu", DCB_SIDE_SCU);
	snprintf(run.cfg.ae_title, sizeof run.cfg.ae_title, "%s", "MOVESCU");
	return dcb_cli_query_main(&q,
	                          _("DICOM retrieve (C-MOVE) SCU, speaking dcmtk's options; +P "
	                            "receives the objects itself."),
	                          argc, argv, own, 4);
}
