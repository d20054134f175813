/* cli-query.c — the shared part of findscu, movescu and getscu: common
 * options, identifiers from query files and -k keys, and the run. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli-query.h"
#include "cli-scp.h"
#include "dset-text.h"
#include "dset.h"
#include "i18n.h"
#include "qr-scp.h"
#include "qr-keys.h"

/* Notes that several options share. */
static const char as_built[] =
        N_("dicombench sends the identifier as the query file and -k keys build it and "
           "converts no VR");
static const char no_compression[] =
        N_("dicombench compresses nothing: with -xd, an identifier goes out uncompressed "
           "unless the peer accepts only the deflated syntax (then the request fails)");
static const char as_received[] =
        N_("dicombench writes the data set in the transfer syntax it was received in, "
           "without converting");
static const char normal_only[] =
        N_("dicombench's normal storage writes explicit lengths, recalculated group "
           "lengths and no padding, as dcmtk's defaults; +B keeps the data set as received");

const struct dcb_cli_opt dcb_cli_query_opts[] = {
	{ "-k", "--key", 1, Q_KEY, N_("[k]ey: gggg,eeee=\"str\", path or dict. name=\"str\""),
	  N_("override matching key (e.g. PatientName=DOE*, "
	     "ScheduledProcedureStepSequence[0].Modality=MR)"), NULL },
	{ "-P", "--patient", 0, Q_PATIENT, NULL, N_("use patient root information model"), NULL },
	{ "-S", "--study", 0, Q_STUDY, NULL, N_("use study root information model"), NULL },
	{ "-O", "--psonly", 0, Q_PSONLY, NULL,
	  N_("use patient/study only information model (retired: refused)"), NULL },
	{ "+u", "--enable-new-vr", 0, Q_TAKEN, NULL,
	  N_("enable support for new VRs (UN/UT) (default)"), NULL },
	{ "-u", "--disable-new-vr", 0, Q_TAKEN, NULL,
	  N_("disable support for new VRs, convert to OB"), as_built },
	{ "-x=", "--propose-uncompr", 0, Q_PROPOSE + DCB_TS_PRESET_UNCOMPRESSED, NULL,
	  N_("propose all uncompressed TS, explicit VR with local byte ordering first "
	     "(default)"), NULL },
	{ "-xe", "--propose-little", 0, Q_PROPOSE + DCB_TS_PRESET_LITTLE, NULL,
	  N_("propose all uncompressed TS, explicit VR little endian first"), NULL },
	{ "-xb", "--propose-big", 0, Q_PROPOSE + DCB_TS_PRESET_BIG, NULL,
	  N_("propose all uncompressed TS, explicit VR big endian first"), NULL },
	{ "-xd", "--propose-deflated", 0, Q_PROPOSE + DCB_TS_PRESET_DEFLATED, NULL,
	  N_("propose deflated explicit VR little endian TS and all uncompressed transfer "
	     "syntaxes"), NULL },
	{ "-xi", "--propose-implicit", 0, Q_PROPOSE + DCB_TS_PRESET_IMPLICIT, NULL,
	  N_("propose implicit VR little endian TS only"), NULL },
	{ "+cl", "--compression-level", 1, Q_TAKEN, N_("[l]evel: integer (default: 6)"),
	  N_("0=uncompressed, 1=fastest, 9=best compression"), no_compression },
	{ NULL, "--repeat", 1, Q_REPEAT, N_("[n]umber: integer"),
	  N_("repeat n times (each request, on the same association)"), NULL },
	{ NULL, "--abort", 0, Q_ABORT, NULL, N_("abort association instead of releasing it"),
	  NULL },
	{ NULL, "--cancel", 1, Q_CANCEL, N_("[n]umber: integer"),
	  N_("cancel after n responses (default: never)"), NULL },
	{ 0 },
};

const struct dcb_cli_opt dcb_cli_query_prefer_opts[] = {
	{ "+x=", "--prefer-uncompr", 0, Q_PREFER + DCB_TS_PRESET_UNCOMPRESSED, NULL,
	  N_("prefer explicit VR local byte order (default)"), NULL },
	{ "+xe", "--prefer-little", 0, Q_PREFER + DCB_TS_PRESET_LITTLE, NULL,
	  N_("prefer explicit VR little endian TS"), NULL },
	{ "+xb", "--prefer-big", 0, Q_PREFER + DCB_TS_PRESET_BIG, NULL,
	  N_("prefer explicit VR big endian TS"), NULL },
	{ "+xs", "--prefer-lossless", 0, Q_PREFER + DCB_TS_PRESET_JPEG_LOSSLESS, NULL,
	  N_("prefer default JPEG lossless TS"), NULL },
	{ "+xy", "--prefer-jpeg8", 0, Q_PREFER + DCB_TS_PRESET_JPEG8, NULL,
	  N_("prefer default JPEG lossy TS for 8 bit data"), NULL },
	{ "+xx", "--prefer-jpeg12", 0, Q_PREFER + DCB_TS_PRESET_JPEG12, NULL,
	  N_("prefer default JPEG lossy TS for 12 bit data"), NULL },
	{ "+xv", "--prefer-j2k-lossless", 0, Q_PREFER + DCB_TS_PRESET_J2K_LOSSLESS, NULL,
	  N_("prefer JPEG 2000 lossless TS"), NULL },
	{ "+xw", "--prefer-j2k-lossy", 0, Q_PREFER + DCB_TS_PRESET_J2K, NULL,
	  N_("prefer JPEG 2000 lossy TS"), NULL },
	{ "+xt", "--prefer-jls-lossless", 0, Q_PREFER + DCB_TS_PRESET_JLS_LOSSLESS, NULL,
	  N_("prefer JPEG-LS lossless TS"), NULL },
	{ "+xu", "--prefer-jls-lossy", 0, Q_PREFER + DCB_TS_PRESET_JLS_LOSSY, NULL,
	  N_("prefer JPEG-LS lossy TS"), NULL },
	{ "+xm", "--prefer-mpeg2", 0, Q_PREFER + DCB_TS_PRESET_MPEG2, NULL,
	  N_("prefer MPEG2 Main Profile @ Main Level TS"), NULL },
	{ "+xh", "--prefer-mpeg2-high", 0, Q_PREFER + DCB_TS_PRESET_MPEG2_HIGH, NULL,
	  N_("prefer MPEG2 Main Profile @ High Level TS"), NULL },
	{ "+xn", "--prefer-mpeg4", 0, Q_PREFER + DCB_TS_PRESET_MPEG4, NULL,
	  N_("prefer MPEG4 AVC/H.264 HP / Level 4.1 TS"), NULL },
	{ "+xl", "--prefer-mpeg4-bd", 0, Q_PREFER + DCB_TS_PRESET_MPEG4_BD, NULL,
	  N_("prefer MPEG4 AVC/H.264 BD-compatible TS"), NULL },
	{ "+x2", "--prefer-mpeg4-2-2d", 0, Q_PREFER + DCB_TS_PRESET_MPEG4_2D, NULL,
	  N_("prefer MPEG4 AVC/H.264 HP / Level 4.2 TS (2D)"), NULL },
	{ "+x3", "--prefer-mpeg4-2-3d", 0, Q_PREFER + DCB_TS_PRESET_MPEG4_3D, NULL,
	  N_("prefer MPEG4 AVC/H.264 HP / Level 4.2 TS (3D)"), NULL },
	{ "+xo", "--prefer-mpeg4-2-st", 0, Q_PREFER + DCB_TS_PRESET_MPEG4_STEREO, NULL,
	  N_("prefer MPEG4 AVC/H.264 Stereo HP / Level 4.2 TS"), NULL },
	{ "+x4", "--prefer-hevc", 0, Q_PREFER + DCB_TS_PRESET_HEVC, NULL,
	  N_("prefer HEVC/H.265 Main Profile / Level 5.1 TS"), NULL },
	{ "+x5", "--prefer-hevc10", 0, Q_PREFER + DCB_TS_PRESET_HEVC10, NULL,
	  N_("prefer HEVC/H.265 Main 10 Profile / Level 5.1 TS"), NULL },
	{ "+xr", "--prefer-rle", 0, Q_PREFER + DCB_TS_PRESET_RLE, NULL,
	  N_("prefer RLE lossless TS"), NULL },
	{ "+xd", "--prefer-deflated", 0, Q_PREFER + DCB_TS_PRESET_DEFLATED, NULL,
	  N_("prefer deflated explicit VR little endian TS"), NULL },
	{ "+xi", "--implicit", 0, Q_PREFER + DCB_TS_PRESET_IMPLICIT, NULL,
	  N_("accept implicit VR little endian TS only"), NULL },
	{ "+xa", "--accept-all", 0, Q_ACCEPT_ALL, NULL,
	  N_("accept all supported transfer syntaxes"), NULL },
	{ 0 },
};

const struct dcb_cli_opt dcb_cli_query_output_opts[] = {
	{ "+F", "--write-file", 0, Q_TAKEN, NULL, N_("write file format (default)"), NULL },
	{ "-F", "--write-dataset", 0, Q_TAKEN, NULL,
	  N_("write data set without file meta information"),
	  N_("dicombench always writes files with a meta header (PS3.10)") },
	{ "+t=", "--write-xfer-same", 0, Q_TAKEN, NULL, N_("write with same TS as input (default)"),
	  NULL },
	{ "+te", "--write-xfer-little", 0, Q_TAKEN, NULL,
	  N_("write with explicit VR little endian TS"), as_received },
	{ "+tb", "--write-xfer-big", 0, Q_TAKEN, NULL, N_("write with explicit VR big endian TS"),
	  as_received },
	{ "+ti", "--write-xfer-implicit", 0, Q_TAKEN, NULL,
	  N_("write with implicit VR little endian TS"), as_received },
	{ "+td", "--write-xfer-deflated", 0, Q_TAKEN, NULL,
	  N_("write with deflated expl. VR little endian TS"), as_received },
	{ "+g=", "--group-length-recalc", 0, Q_TAKEN, NULL,
	  N_("recalculate group lengths if present (default)"), NULL },
	{ "+g", "--group-length-create", 0, Q_TAKEN, NULL,
	  N_("always write with group length elements"), normal_only },
	{ "-g", "--group-length-remove", 0, Q_TAKEN, NULL,
	  N_("always write without group length elements"), normal_only },
	{ "+e", "--length-explicit", 0, Q_TAKEN, NULL, N_("write with explicit lengths (default)"),
	  NULL },
	{ "-e", "--length-undefined", 0, Q_TAKEN, NULL, N_("write with undefined lengths"),
	  normal_only },
	{ "-p", "--padding-off", 0, Q_TAKEN, NULL, N_("no padding (default)"), NULL },
	{ "+p", "--padding-create", 2, Q_TAKEN, N_("[f]ile-pad [i]tem-pad: integer"),
	  N_("align file on multiple of f bytes and items on multiple of i bytes"),
	  normal_only },
	{ 0 },
};

static int
set_flag(struct dcb_cli_query *q, int id)
{
	struct dcb_engine_config *cfg = &q->run->cfg;
	size_t n;

	switch (id) {
	case Q_WORKLIST:
		q->model = 'W';
		break;
	case Q_PATIENT:
		q->model = 'P';
		break;
	case Q_STUDY:
		q->model = 'S';
		break;
	case Q_ABORT:
		q->job.abort = true;
		break;
	case Q_NO_PORT:
		q->port = 0;
		break;
	case Q_EXTRACT:
		q->extract = true;
		break;
	case Q_SHOW:
	case Q_HIDE:
		q->show = id == Q_SHOW ? 1 : 0;
		break;
	case Q_BIT:
	case Q_NORMAL:
		cfg->store.bit_preserving = id == Q_BIT;
		break;
	case Q_IGNORE:
		cfg->store_discard = true;
		break;
	case Q_ACCEPT_ALL:
		cfg->policy.transfer_syntaxes = dcb_ts_preset_list(DCB_TS_PRESET_ALL, &n);
		cfg->policy.n_ts = n;
		cfg->policy.accept_any_ts = true;
		break;
	}
	return 0;
}

int
dcb_cli_query_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct dcb_cli_query *q = ctx;
	struct dcb_engine_config *cfg = &q->run->cfg;
	long n = 0;
	int rc = 0;

	if (id >= Q_PROPOSE) {
		q->job.propose = (enum dcb_ts_preset)(id - Q_PROPOSE);
		return 0;
	}
	if (id >= Q_PREFER) {
		q->job.store_ts = (enum dcb_ts_preset)(id - Q_PREFER);
		dcb_cli_scp_prefer(cfg, q->job.store_ts);
		return 0;
	}
	switch (id) {
	case Q_AET:
		return dcb_cli_ae("-aet", args[0], cfg->ae_title, err);
	case Q_AEC:
		return dcb_cli_ae("-aec", args[0], q->job.called_ae, err);
	case Q_AEM:
		return dcb_cli_ae("-aem", args[0], q->job.move_destination, err);
	case Q_KEY:
		if (q->n_keys >= DCB_CLI_QUERY_MAX_KEYS)
			return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("at most %d -k keys"),
			                     DCB_CLI_QUERY_MAX_KEYS);
		q->keys[q->n_keys++] = args[0];
		return 0;
	case Q_PSONLY:
		return dcb_error_set(err, DCB_ERR_UNSUPPORTED, -1,
		                     N_("-O: the Patient/Study Only information model is retired "
		                        "(PS3.4, 2004) and dicombench does not offer it; use -P "
		                        "(patient root) or -S (study root)"));
	case Q_EXTRACT_XML:
		return dcb_error_set(err, DCB_ERR_UNSUPPORTED, -1,
		                     N_("dicombench writes no XML: -X writes each answer as a "
		                        "DICOM file, which 'dicombench dump' shows"));
	case Q_REPEAT:
		rc = dcb_cli_int("--repeat", args[0], 1, 100000, &n, err);
		q->job.repeat = (unsigned)n;
		return rc;
	case Q_CANCEL:
		rc = dcb_cli_int("--cancel", args[0], 0, 65535, &n, err);
		q->job.cancel_after = (unsigned)n;
		return rc;
	case Q_LIMIT:
		rc = dcb_cli_int("-Xlo", args[0], 1, 1000000, &n, err);
		q->run->responses.extract_limit = (unsigned)n;
		return rc;
	case Q_PORT:
		rc = dcb_cli_int("+P", args[0], 1, 65535, &n, err);
		q->port = (int)n;
		return rc;
	case Q_OD:
		q->out_dir = args[0];
		return 0;
	}
	return set_flag(q, id);
}

/* The SOP class of the model for the operation. */
static const char *
model_uid(char model, enum dcb_qr_op op)
{
	static const char *const root[2][3] = {
		{ "1.2.840.10008.5.1.4.1.2.1.1", "1.2.840.10008.5.1.4.1.2.1.2",
		  "1.2.840.10008.5.1.4.1.2.1.3" },
		{ "1.2.840.10008.5.1.4.1.2.2.1", "1.2.840.10008.5.1.4.1.2.2.2",
		  "1.2.840.10008.5.1.4.1.2.2.3" },
	};

	if (model == 'W')
		return DCB_UID_MWL_FIND;
	return root[model == 'S'][op == DCB_QR_FIND ? 0 : op == DCB_QR_MOVE ? 1 : 2];
}

static void
print_line(void *user, const char *line)
{
	(void)user;
	fprintf(stderr, "I: %s\n", line);
}

/* The identifiers: each query file with the keys over it, or the keys
 * alone.  Returns the count, or -1 after printing why. */
static int
identifiers(struct dcb_cli_query *q, char **files, int n_files, struct dcb_dset **ds)
{
	struct dcb_error err = {0};
	int n = n_files > 0 ? n_files : 1;

	for (int i = 0; i < n; i++) {
		int rc = n_files > 0 ? dcb_qr_read_query_file(files[i], &ds[i], &err) : 0;
		if (n_files == 0 && (ds[i] = dcb_dset_new()) == NULL)
			rc = dcb_error_set(&err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		for (size_t k = 0; rc == 0 && k < q->n_keys; k++)
			rc = dcb_qr_key_apply(ds[i], q->keys[k], &err);
		if (rc < 0) {
			fprintf(stderr, "%s %s: %s\n", PACKAGE, q->cmd, err.message);
			return -1;
		}
	}
	return n;
}

static bool
is_folder(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
dcb_cli_query_main(struct dcb_cli_query *q, const char *about, int argc, char **argv,
                   const struct dcb_cli_table *own, size_t n_own)
{
	struct dcb_cli_run *run = q->run;
	struct dcb_dset **ds = NULL;
	int npos, rc, n = 0;

	rc = dcb_cli_run_start(run, _("[options] peer port [dcmfile-in...]"), about, argc, argv,
	                       own, n_own, n_own, &npos);
	if (rc >= 0)
		return rc;
	rc = 1;
	if (npos < 2) {
		fprintf(stderr,
		        _("%s %s: missing %s; usage: %s %s [options] peer port [dcmfile-in...] "
		          "(see --help)\n"),
		        PACKAGE, q->cmd, npos == 0 ? _("peer") : _("port"), PACKAGE, q->cmd);
		goto out;
	}
	if (dcb_cli_run_port(run, argv[2], 1, &q->job.port) < 0)
		goto out;
	if ((q->extract || q->job.op != DCB_QR_FIND) && !run->cfg.store_discard &&
	    !is_folder(q->out_dir)) {
		fprintf(stderr,
		        _("%s %s: output directory '%s' does not exist; create it or give "
		          "another with -od\n"),
		        PACKAGE, q->cmd, q->out_dir);
		goto out;
	}
	ds = calloc((size_t)(npos > 2 ? npos - 2 : 1), sizeof *ds);
	if (ds == NULL)
		goto out;
	n = npos > 2 ? npos - 2 : 1;
	if (identifiers(q, argv + 3, npos - 2, ds) < 0)
		goto out;
	q->job.host = argv[1];
	q->job.model = model_uid(q->model, q->job.op);
	q->job.find_model = q->job.op == DCB_QR_MOVE ? model_uid(q->model, DCB_QR_FIND) : NULL;
	q->job.identifiers = (const struct dcb_dset *const *)ds;
	q->job.n_identifiers = (size_t)n;
	q->job.await_incoming = q->port > 0;
	run->cfg.store.out_dir = q->out_dir;
	run->responses.show = q->show >= 0 ? q->show == 1 : !q->extract;
	run->responses.extract_dir = q->extract ? q->out_dir : NULL;
	if (run->common.level >= DCB_LOG_INFO)
		for (int i = 0; i < n; i++) {
			fprintf(stderr,
			        "I: %s\nI: \nI: # Dicom-Data-Set\n"
			        "I: # Used TransferSyntax: Little Endian Explicit\n",
			        _("Request Identifiers:"));
			dcb_dset_print(ds[i], print_line, NULL);
			fputs("I: \n", stderr);
		}
	run->scu_listen_port = q->port;
	rc = dcb_cli_run_query(run, &q->job);
out:
	for (int i = 0; ds != NULL && i < n; i++)
		dcb_dset_free(ds[i]);
	free(ds);
	dcb_cli_run_end(run);
	return rc;
}
