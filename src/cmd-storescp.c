/* cmd-storescp.c — `dicombench storescp`: the Storage SCP with dcmtk's
 * options, e.g. `storescp +B +xa -dhl -uf -aet PACS -od DIR 10400`. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli-powers.h"
#include "cli-run.h"
#include "commands.h"
#include "engine.h"
#include "i18n.h"

struct scp_opts {
	struct dcb_engine_config *cfg;
	const char *out_dir;
	const char *ext;
};

enum {
	O_AET = 1,
	O_OD,
	O_BIT,
	O_NORMAL,
	O_XA,
	O_XU,
	O_XE,
	O_XB,
	O_XI,
	O_UF_DEFAULT,
	O_UF_UNIQUE,
	O_FE,
	O_IGNORE,
	O_CHECK_CALLED,
};

static const struct dcb_cli_opt scp_opts_table[] = {
	{ "-aet", "--aetitle", 1, O_AET, N_("[a]etitle: string"),
	  N_("set my AE title (default: STORESCP)") },
	{ NULL, "--check-called-aet", 0, O_CHECK_CALLED, NULL,
	  N_("reject associations whose called AE title is not mine (reason 7)") },
	{ "+xa", "--accept-all", 0, O_XA, NULL, N_("accept all supported transfer syntaxes") },
	{ "+x=", "--prefer-uncompr", 0, O_XU, NULL,
	  N_("prefer explicit VR local byte order (default)") },
	{ "+xe", "--prefer-little", 0, O_XE, NULL, N_("prefer explicit VR little endian TS") },
	{ "+xb", "--prefer-big", 0, O_XB, NULL, N_("prefer explicit VR big endian TS") },
	{ "+xi", "--implicit", 0, O_XI, NULL, N_("accept implicit VR little endian TS only") },
	{ "-od", "--output-directory", 1, O_OD, N_("[d]irectory: string (default: \".\")"),
	  N_("write received objects to existing directory d") },
	{ "+B", "--bit-preserving", 0, O_BIT, NULL,
	  N_("write data exactly as read (with a meta header from the negotiated values)") },
	{ "-B", "--normal", 0, O_NORMAL, NULL,
	  N_("allow implicit format conversions (default): explicit lengths for sequences and items, group lengths recalculated, odd-length values padded") },
	{ "-uf", "--default-filenames", 0, O_UF_DEFAULT, NULL,
	  N_("generate filename from instance UID (default)") },
	{ "+uf", "--unique-filenames", 0, O_UF_UNIQUE, NULL, N_("generate unique filenames") },
	{ "-fe", "--filename-extension", 1, O_FE, N_("[e]xtension: string"),
	  N_("append e to all filenames") },
	{ "-ig", "--ignore", 0, O_IGNORE, NULL, N_("ignore store data, receive but do not store") },
	{ 0 },
};

static int
scp_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct scp_opts *o = ctx;
	struct dcb_engine_config *c = o->cfg;
	size_t n;

	switch (id) {
	case O_AET:
		return dcb_cli_ae("-aet", args[0], c->ae_title, err);
	case O_CHECK_CALLED:
		c->check_called_ae = true;
		break;
	case O_XA:
		c->policy.transfer_syntaxes = dcb_ts_preset_list(DCB_TS_PRESET_ALL, &n);
		c->policy.n_ts = n;
		c->policy.accept_any_ts = true;
		break;
	case O_XU:
	case O_XE:
	case O_XB:
	case O_XI:
		c->policy.transfer_syntaxes = dcb_ts_preset_list(
		        id == O_XU ? DCB_TS_PRESET_UNCOMPRESSED
		        : id == O_XE ? DCB_TS_PRESET_LITTLE
		        : id == O_XB ? DCB_TS_PRESET_BIG
		                     : DCB_TS_PRESET_IMPLICIT,
		        &n);
		c->policy.n_ts = n;
		c->policy.accept_any_ts = false;
		break;
	case O_OD:
		o->out_dir = args[0];
		break;
	case O_BIT:
		c->store.bit_preserving = true;
		break;
	case O_NORMAL:
		c->store.bit_preserving = false;
		break;
	case O_UF_DEFAULT:
		c->store.naming = DCB_NAMING_DEFAULT;
		break;
	case O_UF_UNIQUE:
		c->store.naming = DCB_NAMING_UNIQUE;
		break;
	case O_FE:
		if (strchr(args[0], '/') != NULL)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("invalid value '%s' for -fe: an extension must not "
			                        "contain '/'"),
			                     args[0]);
		o->ext = args[0];
		break;
	case O_IGNORE:
		c->store_discard = true;
		break;
	}
	return 0;
}

int
cmd_storescp(int argc, char **argv)
{
	struct dcb_cli_run run;
	struct scp_opts so = { .cfg = &run.cfg, .out_dir = ".", .ext = "" };
	struct dcb_scenario scenario = { 0 }; /* powers */
	const struct dcb_cli_table own[] = {
		{ N_("storage SCP options"), scp_opts_table, scp_handler, &so },
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
