/* cmd-storescu.c — `dicombench storescu`: the Storage SCU with dcmtk's
 * options, e.g. `storescu localhost 10400 images/IM000001`. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli-run.h"
#include "commands.h"
#include "engine.h"
#include "i18n.h"
#include "service.h"

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
	O_NO_R,
	O_REPEAT,
	O_PER_FILE,
	O_ABORT_DURING,
	O_PACK,
	O_NO_PACK,
	O_COMBINE,
	O_COMMIT,
	O_COMMIT_PORT,
	O_COMMIT_TIMEOUT,
	O_TAKEN,   /* options dicombench takes as dcmtk's default, or with a note */
	O_PROPOSE, /* O_PROPOSE + enum dcb_ts_preset: -x= ... -xd */
};

/* Notes that several options share. */
static const char no_identity[] =
        N_("dicombench proposes no user identity (PS3.7 D.3.3.7); the association goes "
           "without it");
static const char no_invention[] = N_("dicombench sends files as they are and invents no UIDs");
static const char needs_meta[] =
        N_("dicombench sends files with a meta header only; a file without one fails");

static const struct dcb_cli_opt scu_opts_table[] = {
	{ "-aet", "--aetitle", 1, O_AET, N_("[a]etitle: string"),
	  N_("set my calling AE title (default: STORESCU)"), NULL },
	{ "-aec", "--call", 1, O_AEC, N_("[a]etitle: string"),
	  N_("set called AE title of peer (default: ANY-SCP)"), NULL },
	{ "+f", "--read-file", 0, O_TAKEN, NULL,
	  N_("read file format or data set (default)"), NULL },
	{ "+fo", "--read-file-only", 0, O_TAKEN, NULL, N_("read file format only"),
	  needs_meta },
	{ "-f", "--read-dataset", 0, O_TAKEN, NULL,
	  N_("read data set without file meta information"),
	  needs_meta },
	{ "+sd", "--scan-directories", 0, O_SD, NULL,
	  N_("scan directories for input files (dcmfile-in)"), NULL },
	{ "+sp", "--scan-pattern", 1, O_TAKEN,
	  N_("[p]attern: string (only with --scan-directories)"),
	  N_("pattern for filename matching (wildcards)"),
	  N_("dicombench sends every file it finds in the folders; files that are not DICOM "
	     "are skipped, so name the files to send instead of a pattern") },
	{ "-r", "--no-recurse", 0, O_NO_R, NULL,
	  N_("do not recurse within directories (default)"), NULL },
	{ "+r", "--recurse", 0, O_R, NULL, N_("recurse within specified directories"), NULL },
	{ "-rn", "--no-rename", 0, O_TAKEN, NULL,
	  N_("do not rename processed files (default)"), NULL },
	{ "+rn", "--rename", 0, O_TAKEN, NULL, N_("append .done/.bad to processed files"),
	  N_("dicombench leaves the files as they are; the log says which were sent and "
	     "which failed") },
	{ "-xf", "--config-file", 2, O_TAKEN, N_("[f]ilename, [p]rofile: string"),
	  N_("use profile p from config file f"),
	  N_("dicombench reads no association profiles: it proposes each file's own "
	     "transfer syntax, or what a -x option says") },
	{ "-x=", "--propose-uncompr", 0, O_PROPOSE + DCB_TS_PRESET_UNCOMPRESSED, NULL,
	  N_("propose all uncompressed TS, explicit VR with local byte ordering first "
	     "(default: propose each file's own TS)"), NULL },
	{ "-xe", "--propose-little", 0, O_PROPOSE + DCB_TS_PRESET_LITTLE, NULL,
	  N_("propose all uncompressed TS, explicit VR little endian first"), NULL },
	{ "-xb", "--propose-big", 0, O_PROPOSE + DCB_TS_PRESET_BIG, NULL,
	  N_("propose all uncompressed TS, explicit VR big endian first"), NULL },
	{ "-xi", "--propose-implicit", 0, O_PROPOSE + DCB_TS_PRESET_IMPLICIT, NULL,
	  N_("propose implicit VR little endian TS only (files in another TS fail: no "
	     "conversion)"), NULL },
	{ "-xs", "--propose-lossless", 0, O_PROPOSE + DCB_TS_PRESET_JPEG_LOSSLESS, NULL,
	  N_("propose default JPEG lossless TS and all uncompressed transfer syntaxes"), NULL },
	{ "-xy", "--propose-jpeg8", 0, O_PROPOSE + DCB_TS_PRESET_JPEG8, NULL,
	  N_("propose default JPEG lossy TS for 8 bit data and all uncompressed transfer "
	     "syntaxes"), NULL },
	{ "-xx", "--propose-jpeg12", 0, O_PROPOSE + DCB_TS_PRESET_JPEG12, NULL,
	  N_("propose default JPEG lossy TS for 12 bit data and all uncompressed transfer "
	     "syntaxes"), NULL },
	{ "-xv", "--propose-j2k-lossless", 0, O_PROPOSE + DCB_TS_PRESET_J2K_LOSSLESS, NULL,
	  N_("propose JPEG 2000 lossless TS and all uncompressed transfer syntaxes"), NULL },
	{ "-xw", "--propose-j2k-lossy", 0, O_PROPOSE + DCB_TS_PRESET_J2K, NULL,
	  N_("propose JPEG 2000 lossy TS and all uncompressed transfer syntaxes"), NULL },
	{ "-xt", "--propose-jls-lossless", 0, O_PROPOSE + DCB_TS_PRESET_JLS_LOSSLESS, NULL,
	  N_("propose JPEG-LS lossless TS and all uncompressed transfer syntaxes"), NULL },
	{ "-xu", "--propose-jls-lossy", 0, O_PROPOSE + DCB_TS_PRESET_JLS_LOSSY, NULL,
	  N_("propose JPEG-LS lossy TS and all uncompressed transfer syntaxes"), NULL },
	{ "-xm", "--propose-mpeg2", 0, O_PROPOSE + DCB_TS_PRESET_MPEG2, NULL,
	  N_("propose MPEG2 Main Profile @ Main Level TS"), NULL },
	{ "-xh", "--propose-mpeg2-high", 0, O_PROPOSE + DCB_TS_PRESET_MPEG2_HIGH, NULL,
	  N_("propose MPEG2 Main Profile @ High Level TS"), NULL },
	{ "-xn", "--propose-mpeg4", 0, O_PROPOSE + DCB_TS_PRESET_MPEG4, NULL,
	  N_("propose MPEG4 AVC/H.264 HP / Level 4.1 TS"), NULL },
	{ "-xl", "--propose-mpeg4-bd", 0, O_PROPOSE + DCB_TS_PRESET_MPEG4_BD, NULL,
	  N_("propose MPEG4 AVC/H.264 BD-compatible TS"), NULL },
	{ "-x2", "--propose-mpeg4-2-2d", 0, O_PROPOSE + DCB_TS_PRESET_MPEG4_2D, NULL,
	  N_("propose MPEG4 AVC/H.264 HP / Level 4.2 TS (2D)"), NULL },
	{ "-x3", "--propose-mpeg4-2-3d", 0, O_PROPOSE + DCB_TS_PRESET_MPEG4_3D, NULL,
	  N_("propose MPEG4 AVC/H.264 HP / Level 4.2 TS (3D)"), NULL },
	{ "-xo", "--propose-mpeg4-2-st", 0, O_PROPOSE + DCB_TS_PRESET_MPEG4_STEREO, NULL,
	  N_("propose MPEG4 AVC/H.264 Stereo / Level 4.2 TS"), NULL },
	{ "-x4", "--propose-hevc", 0, O_PROPOSE + DCB_TS_PRESET_HEVC, NULL,
	  N_("propose HEVC/H.265 Main Profile / Level 5.1 TS"), NULL },
	{ "-x5", "--propose-hevc10", 0, O_PROPOSE + DCB_TS_PRESET_HEVC10, NULL,
	  N_("propose HEVC/H.265 Main 10 Profile / Level 5.1 TS"), NULL },
	{ "-xr", "--propose-rle", 0, O_PROPOSE + DCB_TS_PRESET_RLE, NULL,
	  N_("propose RLE lossless TS and all uncompressed transfer syntaxes"), NULL },
	{ "-xd", "--propose-deflated", 0, O_PROPOSE + DCB_TS_PRESET_DEFLATED, NULL,
	  N_("propose deflated expl. VR little endian TS and all uncompressed transfer "
	     "syntaxes"), NULL },
	{ "-R", "--required", 0, O_TAKEN, NULL,
	  N_("propose only required presentation contexts (dicombench always does)"), NULL },
	{ "+C", "--combine", 0, O_COMBINE, NULL,
	  N_("combine proposed transfer syntaxes (default: separate pres. context for each "
	     "TS)"), NULL },
	{ "+u", "--enable-new-vr", 0, O_TAKEN, NULL,
	  N_("enable support for new VRs (UN/UT) (default)"), NULL },
	{ "-u", "--disable-new-vr", 0, O_TAKEN, NULL,
	  N_("disable support for new VRs, convert to OB"),
	  N_("dicombench sends files as they are and converts no VR") },
	{ "+cl", "--compression-level", 1, O_TAKEN, N_("[l]evel: integer (default: 6)"),
	  N_("0=uncompressed, 1=fastest, 9=best compression"),
	  N_("dicombench compresses nothing: deflated files go out as they are") },
	{ "-usr", "--user", 1, O_TAKEN, N_("[u]ser name: string"),
	  N_("authenticate using user name u"),
	  no_identity },
	{ "-pwd", "--password", 1, O_TAKEN, N_("[p]assword: string (only with --user)"),
	  N_("authenticate using password p"),
	  no_identity },
	{ "-epw", "--empty-password", 0, O_TAKEN, NULL,
	  N_("send empty password (only with --user)"),
	  no_identity },
	{ "-kt", "--kerberos", 1, O_TAKEN, N_("[f]ilename: string"),
	  N_("read kerberos ticket from file f"),
	  no_identity },
	{ NULL, "--saml", 1, O_TAKEN, N_("[f]ilename: string"), N_("read SAML request from file f"),
	  no_identity },
	{ NULL, "--jwt", 1, O_TAKEN, N_("[f]ilename: string"), N_("read JWT data from file f"),
	  no_identity },
	{ "-rsp", "--pos-response", 0, O_TAKEN, NULL, N_("expect positive response"),
	  no_identity },
	{ NULL, "--repeat", 1, O_REPEAT, N_("[n]umber: integer"), N_("repeat n times"), NULL },
	{ NULL, "--abort", 0, O_TAKEN, NULL, N_("abort association instead of releasing it"),
	  N_("dicombench releases the association after the last file; --abort-during "
	     "aborts it in the middle of the first") },
	{ "-nh", "--no-halt", 0, O_TAKEN, NULL,
	  N_("do not halt if unsuccessful store encountered (dicombench never halts)"), NULL },
	{ "-up", "--uid-padding", 0, O_TAKEN, NULL, N_("silently correct space-padded UIDs"),
	  N_("dicombench sends UIDs as they are; a space-padded UID is a finding "
	     "(dicombench check)") },
	{ "+II", "--invent-instance", 0, O_TAKEN, NULL,
	  N_("invent a new SOP instance UID for every image sent"),
	  no_invention },
	{ "+IR", "--invent-series", 1, O_TAKEN,
	  N_("[n]umber: integer (implies --invent-instance)"),
	  N_("invent a new series UID after n images have been sent (default: 100)"),
	  no_invention },
	{ "+IS", "--invent-study", 1, O_TAKEN, N_("[n]umber: integer (implies --invent-instance)"),
	  N_("invent a new study UID after n series have been sent (default: 50)"),
	  no_invention },
	{ "+IP", "--invent-patient", 1, O_TAKEN,
	  N_("[n]umber: integer (implies --invent-instance)"),
	  N_("invent a new patient ID and name after n studies have been sent (default: 25)"),
	  no_invention },
	{ NULL, "--assoc-per-file", 0, O_PER_FILE, NULL,
	  N_("open a new association for each file"), NULL },
	{ NULL, "--abort-during", 0, O_ABORT_DURING, NULL,
	  N_("abort the association after the first data PDU of the first file"), NULL },
	{ NULL, "--pack", 0, O_PACK, NULL,
	  N_("send the command and the first data set fragment in one P-DATA-TF "
	     "(some peers fail on this)"), NULL },
	{ NULL, "--no-pack", 0, O_NO_PACK, NULL,
	  N_("send the command in a P-DATA-TF of its own (default)"), NULL },
	{ NULL, "--commit", 0, O_COMMIT, NULL,
	  N_("after storing, ask storage commitment for the objects stored and wait for the "
	     "report (exit status 0 only when all are committed)"), NULL },
	{ NULL, "--commit-port", 1, O_COMMIT_PORT, N_("[p]ort: integer"),
	  N_("accept the storage commitment report on a new association on port p (implies "
	     "--commit)"), NULL },
	{ NULL, "--commit-timeout", 1, O_COMMIT_TIMEOUT, N_("[s]econds: integer"),
	  N_("wait s seconds for the storage commitment report (default: 30)"), NULL },
	{ 0 },
};

static int
scu_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct scu_opts *o = ctx;

	if (id >= O_PROPOSE) {
		o->job->propose_set = true;
		o->job->propose = (enum dcb_ts_preset)(id - O_PROPOSE);
		return 0;
	}
	switch (id) {
	case O_AET:
		return dcb_cli_ae("-aet", args[0], o->cfg->ae_title, err);
	case O_AEC:
		return dcb_cli_ae("-aec", args[0], o->job->called_ae, err);
	case O_SD:
		o->job->scan_dirs = true;
		break;
	case O_R:
	case O_NO_R:
		o->job->recurse = id == O_R;
		break;
	case O_COMBINE:
		o->job->propose_combine = true;
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
	case O_COMMIT:
		o->job->commit = true;
		break;
	case O_COMMIT_PORT:
	case O_COMMIT_TIMEOUT: {
		long v;
		int rc = id == O_COMMIT_PORT
		             ? dcb_cli_int("--commit-port", args[0], 1, 65535, &v, err)
		             : dcb_cli_int("--commit-timeout", args[0], 1, 86400, &v, err);
		if (rc < 0)
			return rc;
		o->job->commit = true;
		if (id == O_COMMIT_PORT)
			o->job->commit_port = (int)v;
		else
			o->job->commit_timeout_s = (unsigned)v;
		break;
	}
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
	if (job.commit_port > 0) {
		/* the SCP's reverse association: it takes the SCP role and reports */
		static const struct dcb_service *const services[] = {
		    &dcb_service_verification, &dcb_service_commit_scu, NULL};
		run.scu_listen_port = job.commit_port;
		run.cfg.services = services;
		run.cfg.commit_reports = true;
		run.cfg.policy.allow_requestor_scp = true;
	}
	rc = dcb_cli_run_scu(&run, &job);
out:
	dcb_cli_run_end(&run);
	free(repeated);
	return rc;
}
