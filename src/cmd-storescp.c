/* cmd-storescp.c — `dicombench storescp`: the Storage SCP with dcmtk's
 * options, e.g. `storescp +B +xa -dhl -uf -aet PACS -od DIR 10400`. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli-powers.h"
#include "cli-run.h"
#include "cli-scp.h"
#include "commands.h"
#include "engine.h"
#include "i18n.h"

int
cmd_storescp(int argc, char **argv)
{
	struct dcb_cli_run run;
	struct dcb_cli_scp so = { .cfg = &run.cfg, .out_dir = ".", .ext = "" };
	struct dcb_scenario scenario = { 0 }; /* powers */
	const struct dcb_cli_table own[] = {
		{ N_("storage SCP options"), dcb_cli_scp_opts, dcb_cli_scp_handler, &so },
		{ N_("fault injection (scenario) options"), dcb_cli_scenario_opts,
		  dcb_cli_scenario_handler, &scenario },
	};
	struct stat st;
	int npos, port, rc;

	dcb_cli_run_init(&run, "storescp", DCB_SIDE_SCP);
	rc = dcb_cli_run_start(&run, _("[options] port"),
	                       _("DICOM storage (C-STORE) SCP, speaking dcmtk's options."), argc,
	                       argv, own, 2, 2, &npos);
	if (rc >= 0)
		return rc;
	if (npos != 1) {
		fprintf(stderr,
		        _("%s storescp: %s; usage: %s storescp [options] port (see --help)\n"),
		        PACKAGE, npos == 0 ? _("missing port") : _("too many arguments"), PACKAGE);
		rc = 1;
	} else if (dcb_cli_run_port(&run, argv[1], 0, &port) < 0) {
		rc = 1;
	} else if (!run.cfg.store_discard &&
	           (stat(so.out_dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
		fprintf(stderr,
		        _("%s storescp: output directory '%s' does not exist; create it or "
		          "give another with -od\n"),
		        PACKAGE, so.out_dir);
		rc = 1;
	} else {
		run.cfg.store.out_dir = so.out_dir;
		run.cfg.store.extension = so.ext;
		if (dcb_scenario_active(&scenario)) {
			char what[512];
			dcb_scenario_describe(&scenario, what, sizeof what);
			fprintf(stderr, _("%s storescp: scenario active: %s\n"), PACKAGE, what);
			run.cfg.scenario = &scenario;
		}
		rc = dcb_cli_run_scp(&run, port);
	}
	dcb_cli_run_end(&run);
	return rc;
}
