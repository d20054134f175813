/* cmd-wlmscpfs.c — `dicombench wlmscpfs`: the Modality Worklist SCP (and
 * MPPS and Verification) over a folder of .wl files, with dcmtk's wlmscpfs
 * options, e.g. `wlmscpfs -dfp /var/lib/worklists 11112`. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli-run.h"
#include "cli-scp.h"
#include "dset.h"
#include "commands.h"
#include "engine.h"
#include "i18n.h"
#include "mpps.h"
#include "scenario.h"
#include "service.h"
#include "worklist-store.h"
#include "worklist.h"

struct wl_opts {
	struct dcb_engine_config *cfg;
	struct dcb_scenario *scenario;
	const char *root;
	bool flat;
	bool reject_incomplete;
};

enum {
	O_DFP = 1,
	O_FLAT,
	O_EFR,
	O_DFR,
	O_CS0,
	O_CS1,
	O_CSK,
	O_NSE,
	O_PN_CASE,
	O_MAX_ASSOC,
	O_REFUSE,
	O_REJECT,
	O_NO_FAIL,
	O_SLEEP_BEFORE,
	O_SLEEP_AFTER,
	O_SLEEP_DURING,
	O_RFP,
	O_RFF,
	O_TAKEN,
	O_PREFER, /* O_PREFER + enum dcb_ts_preset */
};

static const char little_only[] =
        N_("dicombench reads queries and writes answers in little endian only: it accepts "
           "explicit VR little endian first, as with +xe");
static const char pause_only[] =
        N_("dicombench pauses only the association that asked (before its first "
           "response, before each one, or after the last): the others go on");
static const char one_process[] =
        N_("dicombench serves every association in one process, one poll loop");

static const struct dcb_cli_opt wl_opts_table[] = {
	{ "-s", "--single-process", 0, O_TAKEN, NULL, N_("single process mode"), NULL },
	{ NULL, "--fork", 0, O_TAKEN, NULL, N_("fork child process for each association (def.)"),
	  one_process },
	{ "-dfp", "--data-files-path", 1, O_DFP, N_("[p]ath: string (default: .)"),
	  N_("path to worklist data files"), NULL },
	{ NULL, "--flat", 0, O_FLAT, NULL,
	  N_("the .wl files lie in the path itself, for every called AE title (Orthanc's "
	     "worklist folder); default: one sub-folder per called AE title (dcmtk's)"),
	  NULL },
	{ "-efr", "--enable-file-reject", 0, O_EFR, NULL,
	  N_("enable rejection of incomplete worklist files (default)"), NULL },
	{ "-dfr", "--disable-file-reject", 0, O_DFR, NULL,
	  N_("disable rejection of incomplete worklist files"), NULL },
	{ "-cs0", "--return-no-char-set", 0, O_CS0, NULL,
	  N_("return no specific character set (dcmtk's default)"), NULL },
	{ "-cs1", "--return-iso-ir-100", 0, O_CS1, NULL,
	  N_("return specific character set ISO IR 100"), NULL },
	{ "-csk", "--keep-char-set", 0, O_CSK, NULL,
	  N_("return character set provided in file (dicombench's default: an answer without "
	     "it misreads every name that is not ASCII)"),
	  NULL },
	{ "-nse", "--no-sq-expansion", 0, O_NSE, NULL,
	  N_("disable expansion of empty sequences in C-FIND request messages"), NULL },
	{ NULL, "--pn-ignore-case", 0, O_PN_CASE, NULL,
	  N_("match person names case-insensitively, as Orthanc does (dcmtk's wlmscpfs "
	     "matches them case-sensitively, the default)"),
	  NULL },
	{ "+x=", "--prefer-uncompr", 0, O_PREFER + DCB_TS_PRESET_UNCOMPRESSED, NULL,
	  N_("prefer explicit VR local byte order (default)"), NULL },
	{ "+xe", "--prefer-little", 0, O_PREFER + DCB_TS_PRESET_LITTLE, NULL,
	  N_("prefer explicit VR little endian TS"), NULL },
	{ "+xb", "--prefer-big", 0, O_PREFER + DCB_TS_PRESET_LITTLE, NULL,
	  N_("prefer explicit VR big endian TS"), little_only },
	{ "+xd", "--prefer-deflated", 0, O_PREFER + DCB_TS_PRESET_LITTLE, NULL,
	  N_("prefer deflated explicit VR little endian TS"), little_only },
	{ "+xi", "--implicit", 0, O_PREFER + DCB_TS_PRESET_IMPLICIT, NULL,
	  N_("accept implicit VR little endian TS only"), NULL },
	{ "-ac", "--access-full", 0, O_TAKEN, NULL,
	  N_("accept connections from any host (default)"), NULL },
	{ "+ac", "--access-control", 0, O_TAKEN, NULL, N_("enforce host access control rules"),
	  N_("dicombench has no host access rules (tcp wrapper): any host may connect") },
	{ "+u", "--enable-new-vr", 0, O_TAKEN, NULL,
	  N_("enable support for new VRs (UN/UT) (default)"), NULL },
	{ "-u", "--disable-new-vr", 0, O_TAKEN, NULL,
	  N_("disable support for new VRs, convert to OB"),
	  N_("dicombench answers with the VRs of the worklist files") },
	{ "+cl", "--compression-level", 1, O_TAKEN, N_("[l]evel: integer (default: 6)"),
	  N_("0=uncompressed, 1=fastest, 9=best compression"),
	  N_("dicombench compresses nothing (no deflated transfer syntax)") },
	{ NULL, "--max-associations", 1, O_MAX_ASSOC, N_("[a]ssocs: integer (default: 50)"),
	  N_("limit maximum number of parallel associations"), NULL },
	{ NULL, "--refuse", 0, O_REFUSE, NULL, N_("refuse association"), NULL },
	{ NULL, "--reject", 0, O_REJECT, NULL,
	  N_("reject association if no implement. class UID"), NULL },
	{ NULL, "--no-fail", 0, O_NO_FAIL, NULL, N_("don't fail on an invalid query"), NULL },
	{ NULL, "--sleep-before", 1, O_SLEEP_BEFORE, N_("[s]econds: integer"),
	  N_("sleep s seconds before find (default: 0)"), pause_only },
	{ NULL, "--sleep-after", 1, O_SLEEP_AFTER, N_("[s]econds: integer"),
	  N_("sleep s seconds after find (default: 0)"), pause_only },
	{ NULL, "--sleep-during", 1, O_SLEEP_DURING, N_("[s]econds: integer"),
	  N_("sleep s seconds during find (default: 0)"), pause_only },
	{ "-rfp", "--request-file-path", 1, O_RFP, N_("[p]ath: string"),
	  N_("path to store request files to"), NULL },
	{ "-rff", "--request-file-format", 1, O_RFF, N_("[f]ormat: string (default: #t.dump)"),
	  N_("request file name format"), NULL },
	{ 0 },
};

static int
wl_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct wl_opts *o = ctx;
	struct dcb_engine_config *c = o->cfg;
	long n;

	if (id >= O_PREFER) {
		dcb_cli_scp_prefer(c, (enum dcb_ts_preset)(id - O_PREFER));
		return 0;
	}
	switch (id) {
	case O_DFP:
		o->root = args[0];
		break;
	case O_FLAT:
		o->flat = true;
		break;
	case O_EFR:
	case O_DFR:
		o->reject_incomplete = id == O_EFR;
		break;
	case O_CS0:
		c->mwl.charset = DCB_MWL_CS_NONE;
		break;
	case O_CS1:
		c->mwl.charset = DCB_MWL_CS_LATIN1;
		break;
	case O_CSK:
		c->mwl.charset = DCB_MWL_CS_FILE;
		break;
	case O_NSE:
		c->mwl.no_sq_expansion = true;
		break;
	case O_PN_CASE:
		c->mwl.pn_ignore_case = true;
		break;
	case O_MAX_ASSOC:
		if (dcb_cli_int("--max-associations", args[0], 1, 4096, &n, err) < 0)
			return DCB_ERR_USAGE;
		c->max_associations = (unsigned)n;
		break;
	case O_REFUSE:
		o->scenario->refuse = true;
		break;
	case O_REJECT:
		o->scenario->reject_no_impl = true;
		break;
	case O_NO_FAIL:
		c->mwl.no_fail = true;
		break;
	case O_SLEEP_BEFORE:
	case O_SLEEP_AFTER:
	case O_SLEEP_DURING:
		if (dcb_cli_int(id == O_SLEEP_BEFORE  ? "--sleep-before"
		                : id == O_SLEEP_AFTER ? "--sleep-after"
		                                      : "--sleep-during",
		                args[0], 0, 3600, &n, err) < 0)
			return DCB_ERR_USAGE;
		*(id == O_SLEEP_BEFORE  ? &c->mwl.sleep_before_s
		  : id == O_SLEEP_AFTER ? &c->mwl.sleep_after_s
		                        : &c->mwl.sleep_during_s) = (unsigned)n;
		break;
	case O_RFP:
		c->mwl.request_dir = args[0];
		break;
	case O_RFF:
		if (strchr(args[0], '/') != NULL)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("invalid value '%s' for -rff: a file name format must "
			                        "not contain '/'"),
			                     args[0]);
		c->mwl.request_format = args[0];
		break;
	}
	return 0;
}

/* Findings of the worklist files read at start, as the log lines of the
 * findings met later. */
static void
say_finding(const struct dcb_finding *f, void *user)
{
	const struct dcb_cli_run *run = user;

	if (run->common.level >= (f->severity == DCB_SEV_INFO ? DCB_LOG_INFO : DCB_LOG_WARN))
		fprintf(stderr, "%s: [%s] %s\n", f->severity == DCB_SEV_INFO ? "I" : "W", f->code,
		        f->message);
}

/* A step the MPPS SCP wrote before that could not be taken back. */
static void
step_not_taken(const char *path, const char *why, void *user)
{
	const struct dcb_cli_run *run = user;

	if (run->common.level >= DCB_LOG_WARN)
		fprintf(stderr, _("W: MPPS step %s not taken back: %s\n"), path, why);
}

/* The steps the MPPS SCP wrote before (ROOT/.dicombench/mpps/UID.dcm)
 * come back, so that a restart keeps them. */
static void
restore_steps(struct dcb_mpps_list *l, const char *root, const struct dcb_cli_run *run)
{
	char dir[4096];
	int n = dcb_mpps_load_dir(l, root, step_not_taken, (void *)run);

	dcb_mpps_dir(root, dir, sizeof dir);
	if (n > 0 && run->common.level >= DCB_LOG_INFO)
		fprintf(stderr, _("I: %u MPPS steps taken back from %s\n"), (unsigned)n, dir);
}

int
cmd_wlmscpfs(int argc, char **argv)
{
	static const struct dcb_service *const services[] = {
	    &dcb_service_verification, &dcb_service_mwl, &dcb_service_mpps, NULL};
	struct dcb_cli_run run;
	struct dcb_scenario scenario = {0};
	struct wl_opts wo = {.cfg = &run.cfg, .scenario = &scenario, .root = ".",
	                     .reject_incomplete = true};
	const struct dcb_cli_table own[] = {
	    {N_("worklist SCP options"), wl_opts_table, wl_handler, &wo},
	};
	struct dcb_worklist *wl = NULL;
	struct dcb_mpps_list *mpps = NULL;
	struct dcb_error err = {0};
	struct stat st;
	int npos, port, rc, n;

	dcb_cli_run_init(&run, "wlmscpfs", DCB_SIDE_SCP);
	snprintf(run.cfg.ae_title, sizeof run.cfg.ae_title, "%s", "WLMSCPFS");
	run.cfg.max_associations = 50;
	rc = dcb_cli_run_start(&run, _("[options] port"),
	                       _("DICOM Modality Worklist SCP over a folder of .wl files, with "
	                         "Modality Performed Procedure Step and Verification, speaking "
	                         "dcmtk's wlmscpfs options."),
	                       argc, argv, own, 1, 1, &npos);
	if (rc >= 0)
		return rc;
	rc = 1;
	if (npos != 1) {
		fprintf(stderr,
		        _("%s wlmscpfs: %s; usage: %s wlmscpfs [options] port (see --help)\n"),
		        PACKAGE, npos == 0 ? _("missing port") : _("too many arguments"), PACKAGE);
		goto out;
	}
	if (dcb_cli_run_port(&run, argv[1], 0, &port) < 0)
		goto out;
	if (stat(wo.root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr,
		        _("%s wlmscpfs: worklist folder '%s' does not exist; create it, or give "
		          "another with -dfp\n"),
		        PACKAGE, wo.root);
		goto out;
	}
	wl = dcb_worklist_new(wo.root, wo.flat ? DCB_WL_FLAT : DCB_WL_PER_AE, &err);
	mpps = dcb_mpps_list_new();
	if (wl == NULL || mpps == NULL) {
		fprintf(stderr, _("%s wlmscpfs: out of memory\n"), PACKAGE);
		goto out;
	}
	dcb_worklist_reject_incomplete(wl, wo.reject_incomplete);
	/* a burst of queries stats no file; an edit in place shows within a second */
	dcb_worklist_set_sweep(wl, 1000);
	n = dcb_worklist_refresh(wl, say_finding, &run, &err);
	if (n < 0) {
		fprintf(stderr, _("%s wlmscpfs: %s\n"), PACKAGE, err.message);
		goto out;
	}
	if (run.common.level >= DCB_LOG_INFO)
		fprintf(stderr, _("I: worklist folder %s (%s): %d files\n"), wo.root,
		        wo.flat ? _("flat, as Orthanc's") : _("one folder per AE title, as dcmtk's"),
		        n);
	restore_steps(mpps, wo.root, &run);
	run.cfg.worklist = wl;
	run.cfg.mpps = mpps;
	run.cfg.services = services;
	if (dcb_scenario_active(&scenario))
		run.cfg.scenario = &scenario;
	rc = dcb_cli_run_scp(&run, port);
out:
	dcb_worklist_free(wl);
	dcb_mpps_list_free(mpps);
	dcb_cli_run_end(&run);
	return rc;
}
