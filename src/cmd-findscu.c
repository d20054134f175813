/* cmd-findscu.c — `dicombench findscu`: the C-FIND SCU with dcmtk's
 * options, e.g. `findscu -S -k QueryRetrieveLevel=STUDY -k PatientName=DOE*
 * pacs 11112`; answers printed as dcmtk prints them (-X: files). */
#include "config.h"

#include "cli-query.h"
#include "commands.h"
#include "i18n.h"

static const struct dcb_cli_opt find_opts[] = {
	{ "-W", "--worklist", 0, Q_WORKLIST, NULL,
	  N_("use modality worklist information model (default)"), NULL },
	{ "-aet", "--aetitle", 1, Q_AET, N_("[a]etitle: string"),
	  N_("set my calling AE title (default: FINDSCU)"), NULL },
	{ "-aec", "--call", 1, Q_AEC, N_("[a]etitle: string"),
	  N_("set called AE title of peer (default: ANY-SCP)"), NULL },
	{ "-od", "--output-directory", 1, Q_OD, N_("[d]irectory: string (default: \".\")"),
	  N_("write output files to existing directory d"), NULL },
	{ "+dc", "--enable-correction", 0, Q_TAKEN, NULL, N_("enable automatic data correction"),
	  N_("dicombench corrects nothing: answers are shown and written as received") },
	{ "-dc", "--disable-correction", 0, Q_TAKEN, NULL,
	  N_("disable automatic data correction (default)"), NULL },
	{ "+sr", "--show-responses", 0, Q_SHOW, NULL, N_("always output responses to the logger"),
	  NULL },
	{ "-sr", "--hide-responses", 0, Q_HIDE, NULL, N_("do not output responses to the logger"),
	  NULL },
	{ "-X", "--extract", 0, Q_EXTRACT, NULL,
	  N_("extract responses to DICOM file (rsp0001.dcm...)"), NULL },
	{ "-Xx", "--extract-xml", 0, Q_EXTRACT_XML, NULL,
	  N_("extract responses to XML file (rsp0001.xml...): refused, no XML"), NULL },
	{ "-Xs", "--extract-xml-single", 1, Q_EXTRACT_XML, N_("[f]ilename: string"),
	  N_("extract all responses to given XML file f: refused, no XML"), NULL },
	{ "-Xlo", "--limit-output", 1, Q_LIMIT, N_("[n]umber: integer"),
	  N_("limit number of responses extracted to file to n (default: unlimited)"), NULL },
	{ 0 },
};

int
cmd_findscu(int argc, char **argv)
{
	struct dcb_cli_run run;
	struct dcb_cli_query q = {
		.cmd = "findscu", .run = &run, .model = 'W', .out_dir = ".", .show = -1,
		.job = { .called_ae = "ANY-SCP", .op = DCB_QR_FIND },
	};
	const struct dcb_cli_table own[] = {
		{ N_("query options"), dcb_cli_query_opts, dcb_cli_query_handler, &q },
		{ N_("findscu options"), find_opts, dcb_cli_query_handler, &q },
	};

	dcb_cli_run_init(&run, "findscu", DCB_SIDE_SCU);
	snprintf(run.cfg.ae_title, sizeof run.cfg.ae_title, "%s", "FINDSCU");
	return dcb_cli_query_main(&q, _("DICOM query (C-FIND) SCU, speaking dcmtk's options."),
	                          argc, argv, own, 2);
}
