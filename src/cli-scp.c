/* cli-scp.c — the options of dcmtk's storescp (cli-scp.h). */
#include "config.h"

#include <string.h>

#include "cli-scp.h"
#include "i18n.h"
#include "negotiate.h"


enum {
	O_AET = 1,
	O_OD,
	O_BIT,
	O_NORMAL,
	O_XA,
	O_UF_DEFAULT,
	O_UF_UNIQUE,
	O_TIMENAMES,
	O_FE,
	O_IGNORE,
	O_CHECK_CALLED,
	O_PROMISCUOUS,
	O_TAKEN,  /* options dicombench takes as dcmtk's default, or with a note */
	O_PREFER, /* O_PREFER + enum dcb_ts_preset: +x= ... +xi */
};

/* Notes that several options share. */
static const char as_received[] =
        N_("dicombench writes the data set in the transfer syntax it was received in, "
           "without converting");
static const char no_exec[] =
        N_("dicombench runs no commands on events (peer data in a command line is a risk); "
           "--trace-json FILE gives every event as JSON to act on");
static const char not_sorted[] =
        N_("dicombench writes every object into the output directory itself, not sorted "
           "into subdirectories");
static const char normal_only[] =
        N_("dicombench's normal storage writes explicit lengths, recalculated group "
           "lengths and no padding, as dcmtk's defaults; +B keeps the data set as received");

const struct dcb_cli_opt dcb_cli_scp_opts[] = {
	{ NULL, "--single-process", 0, O_TAKEN, NULL, N_("single process mode (default)"), NULL },
	{ NULL, "--fork", 0, O_TAKEN, NULL, N_("fork child process for each association"),
	  N_("dicombench serves every association in one process, one poll loop") },
	{ "-xf", "--config-file", 2, O_TAKEN, N_("[f]ilename, [p]rofile: string"),
	  N_("use profile p from config file f"),
	  N_("dicombench reads no association profiles: it accepts as with +x= (or the +x "
	     "option given)") },
	{ "+x=", "--prefer-uncompr", 0, O_PREFER + DCB_TS_PRESET_UNCOMPRESSED, NULL,
	  N_("prefer explicit VR local byte order (default)"), NULL },
	{ "+xe", "--prefer-little", 0, O_PREFER + DCB_TS_PRESET_LITTLE, NULL,
	  N_("prefer explicit VR little endian TS"), NULL },
	{ "+xb", "--prefer-big", 0, O_PREFER + DCB_TS_PRESET_BIG, NULL,
	  N_("prefer explicit VR big endian TS"), NULL },
	{ "+xs", "--prefer-lossless", 0, O_PREFER + DCB_TS_PRESET_JPEG_LOSSLESS, NULL,
	  N_("prefer default JPEG lossless TS"), NULL },
	{ "+xy", "--prefer-jpeg8", 0, O_PREFER + DCB_TS_PRESET_JPEG8, NULL,
	  N_("prefer default JPEG lossy TS for 8 bit data"), NULL },
	{ "+xx", "--prefer-jpeg12", 0, O_PREFER + DCB_TS_PRESET_JPEG12, NULL,
	  N_("prefer default JPEG lossy TS for 12 bit data"), NULL },
	{ "+xv", "--prefer-j2k-lossless", 0, O_PREFER + DCB_TS_PRESET_J2K_LOSSLESS, NULL,
	  N_("prefer JPEG 2000 lossless TS"), NULL },
	{ "+xw", "--prefer-j2k-lossy", 0, O_PREFER + DCB_TS_PRESET_J2K, NULL,
	  N_("prefer JPEG 2000 lossy TS"), NULL },
	{ "+xt", "--prefer-jls-lossless", 0, O_PREFER + DCB_TS_PRESET_JLS_LOSSLESS, NULL,
	  N_("prefer JPEG-LS lossless TS"), NULL },
	{ "+xu", "--prefer-jls-lossy", 0, O_PREFER + DCB_TS_PRESET_JLS_LOSSY, NULL,
	  N_("prefer JPEG-LS lossy TS"), NULL },
	{ "+xm", "--prefer-mpeg2", 0, O_PREFER + DCB_TS_PRESET_MPEG2, NULL,
	  N_("prefer MPEG2 Main Profile @ Main Level TS"), NULL },
	{ "+xh", "--prefer-mpeg2-high", 0, O_PREFER + DCB_TS_PRESET_MPEG2_HIGH, NULL,
	  N_("prefer MPEG2 Main Profile @ High Level TS"), NULL },
	{ "+xn", "--prefer-mpeg4", 0, O_PREFER + DCB_TS_PRESET_MPEG4, NULL,
	  N_("prefer MPEG4 AVC/H.264 HP / Level 4.1 TS"), NULL },
	{ "+xl", "--prefer-mpeg4-bd", 0, O_PREFER + DCB_TS_PRESET_MPEG4_BD, NULL,
	  N_("prefer MPEG4 AVC/H.264 BD-compatible TS"), NULL },
	{ "+x2", "--prefer-mpeg4-2-2d", 0, O_PREFER + DCB_TS_PRESET_MPEG4_2D, NULL,
	  N_("prefer MPEG4 AVC/H.264 HP / Level 4.2 TS (2D)"), NULL },
	{ "+x3", "--prefer-mpeg4-2-3d", 0, O_PREFER + DCB_TS_PRESET_MPEG4_3D, NULL,
	  N_("prefer MPEG4 AVC/H.264 HP / Level 4.2 TS (3D)"), NULL },
	{ "+xo", "--prefer-mpeg4-2-st", 0, O_PREFER + DCB_TS_PRESET_MPEG4_STEREO, NULL,
	  N_("prefer MPEG4 AVC/H.264 Stereo HP / Level 4.2 TS"), NULL },
	{ "+x4", "--prefer-hevc", 0, O_PREFER + DCB_TS_PRESET_HEVC, NULL,
	  N_("prefer HEVC/H.265 Main Profile / Level 5.1 TS"), NULL },
	{ "+x5", "--prefer-hevc10", 0, O_PREFER + DCB_TS_PRESET_HEVC10, NULL,
	  N_("prefer HEVC/H.265 Main 10 Profile / Level 5.1 TS"), NULL },
	{ "+xr", "--prefer-rle", 0, O_PREFER + DCB_TS_PRESET_RLE, NULL,
	  N_("prefer RLE lossless TS"), NULL },
	{ "+xd", "--prefer-deflated", 0, O_PREFER + DCB_TS_PRESET_DEFLATED, NULL,
	  N_("prefer deflated expl. VR little endian TS"), NULL },
	{ "+xi", "--implicit", 0, O_PREFER + DCB_TS_PRESET_IMPLICIT, NULL,
	  N_("accept implicit VR little endian TS only"), NULL },
	{ "+xa", "--accept-all", 0, O_XA, NULL, N_("accept all supported transfer syntaxes"),
	NULL },
	{ "-ac", "--access-full", 0, O_TAKEN, NULL,
	  N_("accept connections from any host (default)"), NULL },
	{ "+ac", "--access-control", 0, O_TAKEN, NULL, N_("enforce host access control rules"),
	  N_("dicombench has no host access rules (tcp wrapper): any host may connect; "
	     "--check-called-aet rejects wrong called AE titles") },
	{ "-id", "--inetd", 0, O_TAKEN, NULL, N_("run from inetd super server (not with --fork)"),
	  N_("dicombench is no inetd service: it listens on the port it is given itself") },
	{ "-aet", "--aetitle", 1, O_AET, N_("[a]etitle: string"),
	  N_("set my AE title (default: STORESCP)"), NULL },
	{ NULL, "--check-called-aet", 0, O_CHECK_CALLED, NULL,
	  N_("reject associations whose called AE title is not mine (reason 7)"), NULL },
	{ "-ig", "--ignore", 0, O_IGNORE, NULL, N_("ignore store data, receive but do not store"),
	NULL },
	{ "-pm", "--promiscuous", 0, O_PROMISCUOUS, NULL,
	  N_("promiscuous mode, accept unknown SOP classes"), NULL },
	{ "-up", "--uid-padding", 0, O_TAKEN, NULL, N_("silently correct space-padded UIDs"),
	  N_("dicombench keeps UIDs as received and reports space padding as a finding") },
	{ "-od", "--output-directory", 1, O_OD, N_("[d]irectory: string (default: \".\")"),
	  N_("write received objects to existing directory d"), NULL },
	{ "+B", "--bit-preserving", 0, O_BIT, NULL,
	  N_("write data exactly as read (with a meta header from the negotiated values)"), NULL },
	{ "-B", "--normal", 0, O_NORMAL, NULL,
	  N_("allow implicit format conversions (default): explicit lengths for sequences and items, group lengths recalculated, odd-length values padded"),
	  NULL },
	{ "+F", "--write-file", 0, O_TAKEN, NULL, N_("write file format (default)"), NULL },
	{ "-F", "--write-dataset", 0, O_TAKEN, NULL,
	  N_("write data set without file meta information"),
	  N_("dicombench always writes files with a meta header (PS3.10)") },
	{ "+t=", "--write-xfer-same", 0, O_TAKEN, NULL,
	  N_("write with same TS as input (default)"), NULL },
	{ "+te", "--write-xfer-little", 0, O_TAKEN, NULL,
	  N_("write with explicit VR little endian TS"), as_received },
	{ "+tb", "--write-xfer-big", 0, O_TAKEN, NULL, N_("write with explicit VR big endian TS"),
	  as_received },
	{ "+ti", "--write-xfer-implicit", 0, O_TAKEN, NULL,
	  N_("write with implicit VR little endian TS"), as_received },
	{ "+td", "--write-xfer-deflated", 0, O_TAKEN, NULL,
	  N_("write with deflated expl. VR little endian TS"), as_received },
	{ "+u", "--enable-new-vr", 0, O_TAKEN, NULL,
	  N_("enable support for new VRs (UN/UT) (default)"), NULL },
	{ "-u", "--disable-new-vr", 0, O_TAKEN, NULL,
	  N_("disable support for new VRs, convert to OB"), as_received },
	{ "+g=", "--group-length-recalc", 0, O_TAKEN, NULL,
	  N_("recalculate group lengths if present (default)"), NULL },
	{ "+g", "--group-length-create", 0, O_TAKEN, NULL,
	  N_("always write with group length elements"), normal_only },
	{ "-g", "--group-length-remove", 0, O_TAKEN, NULL,
	  N_("always write without group length elements"), normal_only },
	{ "+e", "--length-explicit", 0, O_TAKEN, NULL,
	  N_("write with explicit lengths (default)"), NULL },
	{ "-e", "--length-undefined", 0, O_TAKEN, NULL, N_("write with undefined lengths"),
	  normal_only },
	{ "-p", "--padding-off", 0, O_TAKEN, NULL, N_("no padding (default)"), NULL },
	{ "+p", "--padding-create", 2, O_TAKEN, N_("[f]ile-pad [i]tem-pad: integer"),
	  N_("align file on multiple of f bytes and items on multiple of i bytes"),
	  normal_only },
	{ "-uc", "--retain-un", 0, O_TAKEN, NULL, N_("retain elements as UN (default)"), NULL },
	{ "+uc", "--convert-un", 0, O_TAKEN, NULL, N_("convert to real VR if known"),
	  as_received },
	{ "+cl", "--compression-level", 1, O_TAKEN, N_("[l]evel: integer (default: 6)"),
	  N_("0=uncompressed, 1=fastest, 9=best compression"),
	  N_("dicombench compresses nothing: a deflated data set is written as received") },
	{ "-ss", "--sort-conc-studies", 1, O_TAKEN, N_("[p]refix: string"),
	  N_("sort studies using prefix p and a timestamp"), not_sorted },
	{ "-su", "--sort-on-study-uid", 1, O_TAKEN, N_("[p]refix: string"),
	  N_("sort studies using prefix p and the Study Instance UID"), not_sorted },
	{ "-sp", "--sort-on-patientname", 0, O_TAKEN, NULL,
	  N_("sort studies using the Patient's Name and a timestamp"), not_sorted },
	{ "-uf", "--default-filenames", 0, O_UF_DEFAULT, NULL,
	  N_("generate filename from instance UID (default)"), NULL },
	{ "+uf", "--unique-filenames", 0, O_UF_UNIQUE, NULL, N_("generate unique filenames"),
	NULL },
	{ "-tn", "--timenames", 0, O_TIMENAMES, NULL, N_("generate filename from creation time"),
	  N_("dicombench makes unique file names instead (as +uf)") },
	{ "-fe", "--filename-extension", 1, O_FE, N_("[e]xtension: string"),
	  N_("append e to all filenames"), NULL },
	{ "-xcr", "--exec-on-reception", 1, O_TAKEN, N_("[c]ommand: string"),
	  N_("execute command c after having received and processed one C-STORE-RQ message"),
	  no_exec },
	{ "-xcs", "--exec-on-eostudy", 1, O_TAKEN, N_("[c]ommand: string"),
	  N_("execute command c after having received and processed all C-STORE-RQ messages "
	     "that belong to one study"),
	  no_exec },
	{ "-rns", "--rename-on-eostudy", 0, O_TAKEN, NULL,
	  N_("having received and processed all C-STORE-RQ messages that belong to one study, "
	     "rename output files according to certain pattern"),
	  not_sorted },
	{ "-tos", "--eostudy-timeout", 1, O_TAKEN, N_("[t]imeout: integer"),
	  N_("specifies a timeout of t seconds for end-of-study determination"), no_exec },
	{ "-xs", "--exec-sync", 0, O_TAKEN, NULL, N_("execute command synchronously in foreground"),
	  no_exec },
	{ 0 },
};

void
dcb_cli_scp_prefer(struct dcb_engine_config *c, enum dcb_ts_preset preset)
{
	size_t n;

	c->policy.transfer_syntaxes = dcb_ts_preset_accepted(preset, &n);
	c->policy.n_ts = n;
	c->policy.accept_any_ts = false;
}

int
dcb_cli_scp_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct dcb_cli_scp *o = ctx;
	struct dcb_engine_config *c = o->cfg;
	size_t n;

	if (id >= O_PREFER) {
		dcb_cli_scp_prefer(c, (enum dcb_ts_preset)(id - O_PREFER));
		return 0;
	}
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
	case O_PROMISCUOUS:
		c->policy.accept_any_abstract = true;
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
	case O_TIMENAMES:
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

