/* cmd-dcmqrscp.c — `dicombench dcmqrscp`: a small PACS (Storage, Query/
 * Retrieve, Verification) with dcmtk's dcmqrscp options, reading its
 * dcmqrscp.cfg (HostTable, AETable: each storage area one folder with its
 * index), e.g. `dcmqrscp -c dcmqrscp.cfg 11112`; without a configuration
 * file, one area from storescp's -od and -aet, peers from --peer. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aetable.h"
#include "archive.h"
#include "cli-powers.h"
#include "cli-run.h"
#include "cli-scp.h"
#include "commands.h"
#include "engine.h"
#include "i18n.h"
#include "qr-config.h"
#include "qr-scp.h"
#include "service.h"

#define DEFAULT_CONFIG "/etc/dcmtk/dcmqrscp.cfg"

struct qr_opts {
	const char *config;  /* -c */
	bool config_given;
	struct dcb_ae_table peers; /* --peer, then the HostTable */
	struct dcb_cli_tls *tls;   /* the TLS options (--tls-peers-only sets peers_only) */
	struct dcb_qr_site site;
	bool move_to_caller_only; /* -ZA */
};

enum {
	O_CONFIG = 1,
	O_PEER,
	O_TLS_PEERS,
	O_PN_CASE,
	O_NO_GET,
	O_NO_PATIENT,
	O_NO_STUDY,
	O_TAKEN,
};

static const char not_checked[] =
        N_("dicombench always checks the Query/Retrieve Level and reads the identifier; "
           "other keys are matched as given");
static const char as_stored[] =
        N_("dicombench sends each object in the transfer syntax it is stored in, proposing "
           "that syntax for its SOP class (no conversion)");
static const char charset_as_stored[] =
        N_("dicombench answers with the values and Specific Character Set as stored; "
           "matching converts Latin-1 and UTF-8 as needed");

static const struct dcb_cli_opt qr_opts_table[] = {
	{ "-c", "--config", 1, O_CONFIG, N_("[f]ilename: string"),
	  N_("use specific configuration file (default: " DEFAULT_CONFIG ")"), NULL },
	{ NULL, "--peer", 1, O_PEER, N_("[p]eer: AE@HOST:PORT[+tls]"),
	  N_("a peer this SCP knows (C-MOVE destination, storage commitment requester); "
	     "+tls: associations to it speak TLS, without: plain, even when this SCP listens "
	     "with TLS; repeatable"),
	  NULL },
	{ NULL, "--tls-peers-only", 0, O_TLS_PEERS, NULL,
	  N_("with +tls KEY CERT (or --tls-no-cert): listen plain and speak TLS only to the "
	     "peers marked +tls (default: listen with TLS, and the HostTable's peers, which "
	     "have no TLS flag, get TLS as in dcmtk's dcmqrscp)"),
	  NULL },
	{ NULL, "--pn-ignore-case", 0, O_PN_CASE, NULL,
	  N_("match person names case-insensitively (as Orthanc does; dcmtk's dcmqrscp is "
	     "case-sensitive, the default)"),
	  NULL },
	{ "-s", "--single-process", 0, O_TAKEN, NULL, N_("single process mode"), NULL },
	{ NULL, "--fork", 0, O_TAKEN, NULL, N_("fork child process for each assoc. (default)"),
	  N_("dicombench serves every association in one process, one poll loop") },
	{ NULL, "--require-find", 0, O_TAKEN, NULL,
	  N_("reject all MOVE/GET presentation contexts for which no correspond. FIND context "
	     "is proposed"),
	  N_("dicombench accepts MOVE and GET contexts on their own") },
	{ NULL, "--no-parallel-store", 0, O_TAKEN, NULL,
	  N_("reject multiple simultaneous STORE presentat. contexts for one application "
	     "entity title"),
	  N_("dicombench stores from any number of associations at once, each object written "
	     "and indexed in one step") },
	{ NULL, "--disable-get", 0, O_NO_GET, NULL, N_("disable C-GET support"), NULL },
	{ NULL, "--allow-shutdown", 0, O_TAKEN, NULL,
	  N_("allow external shutdown via private SOP class"),
	  N_("dicombench offers no private shutdown class: stop it with Ctrl-C or SIGTERM") },
	{ "-XF", "--check-find", 0, O_TAKEN, NULL, N_("check C-FIND identifier validity"),
	  not_checked },
	{ NULL, "--no-check-find", 0, O_TAKEN, NULL,
	  N_("do not check C-FIND identifier validity (def.)"), not_checked },
	{ "-XM", "--check-move", 0, O_TAKEN, NULL, N_("check C-MOVE identifier validity"),
	  not_checked },
	{ NULL, "--no-check-move", 0, O_TAKEN, NULL,
	  N_("do not check C-MOVE identifier validity (def.)"), not_checked },
	{ NULL, "--move-unrestricted", 0, O_TAKEN, NULL,
	  N_("do not restrict move destination (default)"), NULL },
	{ "-ZA", "--move-aetitle", 0, O_TAKEN, NULL,
	  N_("restrict move dest. to requesting AE title"),
	  N_("dicombench moves to any destination of its AE table") },
	{ "-ZH", "--move-host", 0, O_TAKEN, NULL,
	  N_("restrict move destination to requesting host"),
	  N_("dicombench moves to any destination of its AE table") },
	{ "-ZV", "--move-vendor", 0, O_TAKEN, NULL,
	  N_("restrict move destination to requesting vendor"),
	  N_("dicombench moves to any destination of its AE table") },
	{ "-QP", "--no-patient-root", 0, O_NO_PATIENT, NULL,
	  N_("do not support Patient Root Q/R models"), NULL },
	{ "-QS", "--no-study-root", 0, O_NO_STUDY, NULL, N_("do not support Study Root Q/R models"),
	  NULL },
	{ "-QO", "--no-patient-study", 0, O_TAKEN, NULL,
	  N_("do not support Patient/Study Only Q/R models"),
	  N_("dicombench does not offer the retired Patient/Study Only models at all") },
	{ "-xf", "--assoc-config-file", 3, O_TAKEN,
	  N_("[f]ilename, [i]n-profile, [o]ut-profile: string"),
	  N_("use profile i from f for incoming associations, profile o for outgoing ones"),
	  N_("dicombench reads no association profiles") },
	{ "-x=", "--propose-uncompr", 0, O_TAKEN, NULL,
	  N_("propose all uncompressed TS, explicit VR with local byte ordering first (default)"),
	  as_stored },
	{ "-xe", "--propose-little", 0, O_TAKEN, NULL,
	  N_("propose all uncompressed TS, explicit VR little endian first"), as_stored },
	{ "-xb", "--propose-big", 0, O_TAKEN, NULL,
	  N_("propose all uncompressed TS, explicit VR big endian first"), as_stored },
	{ "-xi", "--propose-implicit", 0, O_TAKEN, NULL,
	  N_("propose implicit VR little endian TS only"), as_stored },
	{ "-xs", "--propose-lossless", 0, O_TAKEN, NULL, N_("propose default JPEG lossless TS"),
	  as_stored },
	{ "-xy", "--propose-jpeg8", 0, O_TAKEN, NULL,
	  N_("propose default JPEG lossy TS for 8 bit data"), as_stored },
	{ "-xx", "--propose-jpeg12", 0, O_TAKEN, NULL,
	  N_("propose default JPEG lossy TS for 12 bit data"), as_stored },
	{ "-xv", "--propose-j2k-lossless", 0, O_TAKEN, NULL, N_("propose JPEG 2000 lossless TS"),
	  as_stored },
	{ "-xw", "--propose-j2k-lossy", 0, O_TAKEN, NULL, N_("propose JPEG 2000 lossy TS"),
	  as_stored },
	{ "-xt", "--propose-jls-lossless", 0, O_TAKEN, NULL, N_("propose JPEG-LS lossless TS"),
	  as_stored },
	{ "-xu", "--propose-jls-lossy", 0, O_TAKEN, NULL, N_("propose JPEG-LS lossy TS"),
	  as_stored },
	{ "-xm", "--propose-mpeg2", 0, O_TAKEN, NULL,
	  N_("propose MPEG2 Main Profile @ Main Level TS"), as_stored },
	{ "-xh", "--propose-mpeg2-high", 0, O_TAKEN, NULL,
	  N_("propose MPEG2 Main Profile @ High Level TS"), as_stored },
	{ "-xn", "--propose-mpeg4", 0, O_TAKEN, NULL,
	  N_("propose MPEG4 AVC/H.264 HP / Level 4.1 TS"), as_stored },
	{ "-xl", "--propose-mpeg4-bd", 0, O_TAKEN, NULL,
	  N_("propose MPEG4 AVC/H.264 BD-compatible TS"), as_stored },
	{ "-x2", "--propose-mpeg4-2-2d", 0, O_TAKEN, NULL,
	  N_("propose MPEG4 AVC/H.264 HP / Level 4.2 TS (2D)"), as_stored },
	{ "-x3", "--propose-mpeg4-2-3d", 0, O_TAKEN, NULL,
	  N_("propose MPEG4 AVC/H.264 HP / Level 4.2 TS (3D)"), as_stored },
	{ "-xo", "--propose-mpeg4-2-st", 0, O_TAKEN, NULL,
	  N_("propose MPEG4 AVC/H.264 Stereo / Level 4.2 TS"), as_stored },
	{ "-x4", "--propose-hevc", 0, O_TAKEN, NULL,
	  N_("propose HEVC/H.265 Main Profile / Level 5.1 TS"), as_stored },
	{ "-x5", "--propose-hevc10", 0, O_TAKEN, NULL,
	  N_("propose HEVC/H.265 Main 10 Profile / Level 5.1 TS"), as_stored },
	{ "-xr", "--propose-rle", 0, O_TAKEN, NULL, N_("propose RLE lossless TS"), as_stored },
	{ "-xd", "--propose-deflated", 0, O_TAKEN, NULL,
	  N_("propose deflated expl. VR little endian TS"), as_stored },
	{ "+Cr", "--use-request-charset", 0, O_TAKEN, NULL,
	  N_("try to convert all element values to the character set of the request"),
	  charset_as_stored },
	{ "-Cr", "--override-charset", 0, O_TAKEN, NULL,
	  N_("convert affected element values to the character set specified via "
	     "--convert-to-xxx"),
	  charset_as_stored },
	{ "+A7", "--convert-to-ascii", 0, O_TAKEN, NULL,
	  N_("convert affected element values to 7-bit ASCII"), charset_as_stored },
	{ "+U8", "--convert-to-utf8", 0, O_TAKEN, NULL,
	  N_("convert affected element values to UTF-8"), charset_as_stored },
	{ "+L1", "--convert-to-latin1", 0, O_TAKEN, NULL,
	  N_("convert affected element values to ISO 8859-1"), charset_as_stored },
	{ "+C", "--convert-to-charset", 1, O_TAKEN, N_("[c]harset: string"),
	  N_("convert affected element values to the char. set specified by the DICOM defined "
	     "term c"),
	  charset_as_stored },
	{ "-Ct", "--transliterate", 0, O_TAKEN, NULL,
	  N_("try to approximate characters that cannot be represented"), charset_as_stored },
	{ "-Cd", "--discard-illegal", 0, O_TAKEN, NULL,
	  N_("discard characters that cannot be represented in destination character set"),
	  charset_as_stored },
	{ 0 },
};

static int
qr_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct qr_opts *o = ctx;
	struct dcb_peer p;

	switch (id) {
	case O_CONFIG:
		o->config = args[0];
		o->config_given = true;
		break;
	case O_PEER:
		if (dcb_peer_parse(args[0], &p, err) < 0)
			return DCB_ERR_USAGE;
		return dcb_ae_table_put(&o->peers, &p, err);
	case O_TLS_PEERS:
		o->tls->peers_only = true;
		break;
	case O_PN_CASE:
		o->site.pn_ignore_case = true;
		break;
	case O_NO_GET:
		o->site.no_get = true;
		break;
	case O_NO_PATIENT:
		o->site.no_patient_root = true;
		break;
	case O_NO_STUDY:
		o->site.no_study_root = true;
		break;
	}
	return 0;
}

static void
progress(void *user, size_t done, size_t total, const char *what)
{
	const char *dir = user;

	if (total > 0 && (done == total || done % 1000 == 0))
		fprintf(stderr, _("%s dcmqrscp: indexing %s: %zu of %zu files%s"), PACKAGE, dir, done,
		        total, done == total ? "\n" : "\r");
	(void)what;
}

/* Opens the index of each area; false after saying why. */
static bool
open_areas(struct qr_opts *o)
{
	for (size_t i = 0; i < o->site.n_areas; i++) {
		struct dcb_qr_site_area *area = &o->site.areas[i];
		struct dcb_error err = {0};
		char note[512] = "";

		if (dcb_qr_site_open_area(area, progress, (void *)area->dir, note, sizeof note,
		                          &err) < 0) {
			fprintf(stderr, _("%s dcmqrscp: %s\n"), PACKAGE, err.message);
			return false;
		}
		if (note[0] != '\0')
			fprintf(stderr, "%s dcmqrscp: %s\n", PACKAGE, note);
	}
	return true;
}

/* Adds the HostTable's peers that --peer did not name.  The HostTable has
 * no TLS flag: as in dcmtk's dcmqrscp, they speak TLS when this SCP
 * listens with TLS (tls), plain otherwise. */
static bool
add_hosts(struct qr_opts *o, const struct dcb_qr_config *qc, bool tls)
{
	for (size_t i = 0; i < qc->hosts.n; i++) {
		struct dcb_peer p = qc->hosts.peers[i];

		p.tls = tls;
		if (dcb_ae_table_find(&o->peers, p.ae) == NULL &&
		    dcb_ae_table_put(&o->peers, &p, NULL) < 0)
			return false;
	}
	return true;
}

/* The site from the configuration file, or from storescp's -od/-aet. */
static bool
make_site(struct qr_opts *o, struct dcb_qr_config *qc, struct dcb_cli_scp *so,
          struct dcb_cli_run *run)
{
	struct dcb_error err = {0};
	/* -od says which folder: the default configuration file is then not
	 * read (dcmtk installs one, often with no area in it) */
	bool od = so->out_dir != NULL;

	if (!od)
		so->out_dir = ".";
	if (o->config_given || (!od && access(o->config, R_OK) == 0)) {
		if (dcb_qr_config_read(o->config, qc, &err) < 0) {
			fprintf(stderr, _("%s dcmqrscp: %s\n"), PACKAGE, err.message);
			return false;
		}
		if (qc->n_areas == 0) {
			fprintf(stderr,
			        _("%s dcmqrscp: %s has no AETable entries: add one line per storage "
			          "area (AE title, folder, RW, quota, ANY)\n"),
			        PACKAGE, o->config);
			return false;
		}
		if (!add_hosts(o, qc, run->cfg.transport != NULL))
			return false;
		o->site.areas = calloc(qc->n_areas, sizeof *o->site.areas);
		if (o->site.areas == NULL)
			return false;
		for (size_t i = 0; i < qc->n_areas; i++) {
			struct dcb_qr_site_area *a = &o->site.areas[i];
			const struct dcb_qr_area *c = &qc->areas[i];
			snprintf(a->ae, sizeof a->ae, "%s", c->ae);
			a->dir = c->dir;
			a->readable = c->readable;
			a->writable = c->writable;
			a->peers = c->any_peer ? NULL : (const char(*)[DCB_AE_TITLE_MAX + 1])c->peers;
			a->n_peers = c->n_peers;
		}
		o->site.n_areas = qc->n_areas;
		o->site.check_called = true;
		if (qc->max_pdu > 0)
			run->cfg.max_pdu = qc->max_pdu;
		if (qc->max_associations > 0)
			run->cfg.max_associations = qc->max_associations;
		snprintf(run->cfg.ae_title, sizeof run->cfg.ae_title, "%s", qc->areas[0].ae);
		return true;
	}
	return dcb_qr_site_one_area(&o->site, run->cfg.ae_title, so->out_dir,
	                            run->cfg.check_called_ae, &err) == 0;
}

/* Every peer marked +tls needs TLS credentials; under -v each peer is
 * listed.  False after saying which option to add. */
static bool
check_peers(const struct dcb_ae_table *peers, const struct dcb_cli_run *run)
{
	if (run->tls.peers_only && run->tls.creds == NULL) {
		fprintf(stderr,
		        _("%s dcmqrscp: --tls-peers-only needs TLS credentials for those peers: "
		          "give +tls KEY CERT (or --tls-no-cert) and +cf CA\n"),
		        PACKAGE);
		return false;
	}
	for (size_t i = 0; i < peers->n; i++) {
		char line[300];
		dcb_peer_format(&peers->peers[i], line, sizeof line);
		if (peers->peers[i].tls && run->tls.creds == NULL) {
			fprintf(stderr,
			        _("%s dcmqrscp: peer %s is marked +tls, but this SCP has no TLS "
			          "credentials: give +tls KEY CERT and +cf CA (with --tls-peers-only "
			          "this SCP still listens plain), or drop +tls from the peer\n"),
			        PACKAGE, line);
			return false;
		}
		if (run->common.level >= DCB_LOG_INFO)
			fprintf(stderr, _("I: peer %s\n"), line);
	}
	return true;
}

int
cmd_dcmqrscp(int argc, char **argv)
{
	static const struct dcb_service *const services[] = {
	    &dcb_service_verification, &dcb_service_storage, &dcb_service_qr,
	    &dcb_service_commit, NULL};
	struct dcb_cli_run run;
	struct dcb_cli_scp so = {.cfg = &run.cfg, .ext = ""}; /* out_dir: -od or "." */
	struct qr_opts qo = {.config = DEFAULT_CONFIG};
	struct dcb_qr_config qc = {0};
	struct dcb_scenario scenario = {0};
	const struct dcb_cli_table own[] = {
	    {N_("query/retrieve SCP options"), qr_opts_table, qr_handler, &qo},
	    {N_("storage SCP options (without a configuration file)"), dcb_cli_scp_opts,
	     dcb_cli_scp_handler, &so},
	    {N_("fault injection (scenario) options"), dcb_cli_scenario_opts,
	     dcb_cli_scenario_handler, &scenario},
	    {N_("storage commitment scenario options"), dcb_cli_commit_scenario_opts,
	     dcb_cli_scenario_handler, &scenario},
	};
	int npos, port = 0, rc;

	dcb_ae_table_init(&qo.peers);
	dcb_cli_run_init(&run, "dcmqrscp", DCB_SIDE_SCP);
	qo.tls = &run.tls;
	snprintf(run.cfg.ae_title, sizeof run.cfg.ae_title, "%s", "DCMQRSCP");
	rc = dcb_cli_run_start(&run, _("[options] [port]"),
	                       _("DICOM image archive: storage, query/retrieve (C-FIND, C-MOVE, "
	                         "C-GET) and verification, speaking dcmtk's dcmqrscp options."),
	                       argc, argv, own, 4, 4, &npos);
	if (rc >= 0)
		goto out;
	rc = 1;
	if (npos > 1) {
		fprintf(stderr, _("%s dcmqrscp: too many arguments; usage: %s dcmqrscp [options] "
		                  "[port] (see --help)\n"),
		        PACKAGE, PACKAGE);
		goto out;
	}
	if (!make_site(&qo, &qc, &so, &run))
		goto out;
	if (npos == 1 ? dcb_cli_run_port(&run, argv[1], 0, &port) < 0 : (port = qc.port) == 0) {
		if (npos == 0)
			fprintf(stderr,
			        _("%s dcmqrscp: no port: give one, or NetworkTCPPort in the "
			          "configuration file\n"),
			        PACKAGE);
		goto out;
	}
	if (!open_areas(&qo))
		goto out;
	qo.site.peers = &qo.peers;
	qo.site.own_port = port;
	run.cfg.qr = &qo.site;
	run.cfg.services = services;
	run.cfg.policy.allow_requestor_scp = true; /* C-GET: the objects come back */
	run.cfg.store.out_dir = qo.site.areas[0].dir;
	run.cfg.store.extension = so.ext;
	if (dcb_scenario_active(&scenario))
		run.cfg.scenario = &scenario;
	if (!check_peers(&qo.peers, &run))
		goto out;
	rc = dcb_cli_run_scp(&run, port);
out:
	dcb_qr_site_close(&qo.site);
	dcb_qr_config_clear(&qc);
	dcb_ae_table_clear(&qo.peers);
	dcb_cli_run_end(&run);
	return rc;
}
