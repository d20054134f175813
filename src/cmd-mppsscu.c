/* cmd-mppsscu.c — `dicombench mppsscu`: the Modality Performed Procedure
 * Step SCU (PS3.4 F.7), as a modality reports a step:
 *
 *   mppsscu [options] peer port create WORKLIST-ITEM
 *       N-CREATE of a step IN PROGRESS from a worklist item (a .wl file, or
 *       an answer findscu -X wrote); prints the step's SOP Instance UID
 *   mppsscu [options] peer port complete|discontinue STEP-UID [dcmfile-in...]
 *       N-SET that ends the step, its Performed Series Sequence made from
 *       the images it produced
 *
 * -f sends a file's data set as it is instead (to test an SCP's rules),
 * -k keys are applied over what is sent.  dcmtk has no MPPS SCU; the
 * options are those of its findscu where they mean the same. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-run.h"
#include "commands.h"
#include "dict.h"
#include "dset.h"
#include "engine.h"
#include "i18n.h"
#include "mpps-build.h"
#include "mpps.h"
#include "qr-keys.h"
#include "worklist-store.h"

#define MAX_KEYS 128

enum {
	O_AET = 1,
	O_AEC,
	O_KEY,
	O_FILE,
	O_UID,
	O_PPS_ID,
	O_PROTOCOL,
};

struct mpps_cli {
	struct dcb_cli_run run;
	struct dcb_qr_job job;
	const char *keys[MAX_KEYS];
	size_t n_keys;
	const char *file;     /* -f: the data set to send as it is */
	const char *pps_id;   /* --pps-id */
	const char *protocol; /* --protocol */
	char now_date[9], now_time[7];
};

static const struct dcb_cli_opt mpps_opts[] = {
	{ "-aet", "--aetitle", 1, O_AET, N_("[a]etitle: string"),
	  N_("set my calling AE title (default: MPPSSCU); it is also the Performed Station "
	     "AE Title"), NULL },
	{ "-aec", "--call", 1, O_AEC, N_("[a]etitle: string"),
	  N_("set called AE title of peer (default: ANY-SCP)"), NULL },
	{ "-k", "--key", 1, O_KEY, N_("[k]ey: gggg,eeee=\"str\", path or dict. name=\"str\""),
	  N_("set an attribute of the data set sent (after it is built), e.g. -k "
	     "PerformedStationName=CT1"), NULL },
	{ "-f", "--attributes", 1, O_FILE, N_("[f]ilename: string"),
	  N_("send the data set of file f as it is instead of building one (the status is "
	     "set for complete and discontinue)"), NULL },
	{ NULL, "--uid", 1, O_UID, N_("[u]id: string"),
	  N_("create: the step's SOP Instance UID (default: a new one)"), NULL },
	{ NULL, "--pps-id", 1, O_PPS_ID, N_("[i]d: string"),
	  N_("create: the Performed Procedure Step ID (default: from the time)"), NULL },
	{ NULL, "--protocol", 1, O_PROTOCOL, N_("[n]ame: string"),
	  N_("complete/discontinue: the Protocol Name of a series whose images have none "
	     "(default: their Series Description)"), NULL },
	{ 0 },
};

/* The step's SOP Instance UID, checked. */
static int
set_uid(struct mpps_cli *m, const char *uid, struct dcb_error *err)
{
	size_t n = strlen(uid);

	if (n == 0 || n > 64 || strspn(uid, "0123456789.") != n)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("'%s' is not a UID (digits and dots, at most 64)"), uid);
	snprintf(m->job.sop_instance, sizeof m->job.sop_instance, "%s", uid);
	return 0;
}

static int
handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct mpps_cli *m = ctx;

	switch (id) {
	case O_AET:
		return dcb_cli_ae("-aet", args[0], m->run.cfg.ae_title, err);
	case O_AEC:
		return dcb_cli_ae("-aec", args[0], m->job.called_ae, err);
	case O_KEY:
		if (m->n_keys >= MAX_KEYS)
			return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("at most %d -k keys"),
			                     MAX_KEYS);
		m->keys[m->n_keys++] = args[0];
		return 0;
	case O_FILE:
		m->file = args[0];
		return 0;
	case O_UID:
		return set_uid(m, args[0], err);
	case O_PPS_ID:
		m->pps_id = args[0];
		return 0;
	case O_PROTOCOL:
		m->protocol = args[0];
		return 0;
	}
	return 0;
}

/* The N-CREATE's attribute list from the worklist item at path. */
static struct dcb_dset *
build_create(struct mpps_cli *m, const char *path, struct dcb_error *err)
{
	struct dcb_mpps_start start = {
		.pps_id = m->pps_id, .station_ae = m->run.cfg.ae_title,
		.date = m->now_date, .time = m->now_time,
	};
	struct dcb_dset *wl = NULL, *ds;

	if (dcb_qr_read_query_file(path, &wl, err) < 0)
		return NULL;
	ds = dcb_mpps_build_create(wl, &start, err);
	dcb_dset_free(wl);
	return ds;
}

/* The N-SET's modification list: status, end date and time, and a
 * Performed Series Sequence item for each series of the images. */
static struct dcb_dset *
build_final(struct mpps_cli *m, const char *status, char **images, int n,
            struct dcb_error *err)
{
	if (n == 0) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("%s needs the images the step produced (their series make the "
		                 "Performed Series Sequence (0040,0340)): give their files, or "
		                 "the whole modification list with -f"),
		              status);
		return NULL;
	}
	return dcb_mpps_build_final_from(status, m->now_date, m->now_time,
	                                 (const char *const *)images, (size_t)n, m->protocol, err);
}

/* -f: the file's data set, the status put in for an N-SET. */
static struct dcb_dset *
read_as_is(struct mpps_cli *m, const char *status, struct dcb_error *err)
{
	struct dcb_dset *ds = NULL;

	if (dcb_qr_read_query_file(m->file, &ds, err) < 0)
		return NULL;
	if (status != NULL && dcb_dset_put_str(ds, DCB_TAG(0x0040, 0x0252), "CS", status, err) < 0) {
		dcb_dset_free(ds);
		return NULL;
	}
	return ds;
}

/* status (COMPLETED or DISCONTINUED) for step argv[4], with the images
 * argv[5..npos]. */
static struct dcb_dset *
set_request(struct mpps_cli *m, const char *status, int npos, char **argv,
            struct dcb_error *err)
{
	m->job.op = DCB_QR_N_SET;
	if (npos < 4) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("%s: give the step's SOP Instance UID (create printed it)"), argv[3]);
		return NULL;
	}
	if (set_uid(m, argv[4], err) < 0)
		return NULL;
	if (m->file != NULL && npos > 4) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("-f sends the file's data set: give no images with it"));
		return NULL;
	}
	return m->file != NULL ? read_as_is(m, status, err)
	                       : build_final(m, status, argv + 5, npos - 4, err);
}

/* N-CREATE of a new step from the worklist item argv[4] (none with -f). */
static struct dcb_dset *
create_request(struct mpps_cli *m, int npos, char **argv, struct dcb_error *err)
{
	int items = npos - 3, want = m->file != NULL ? 0 : 1;

	m->job.op = DCB_QR_N_CREATE;
	if (m->job.sop_instance[0] == '\0')
		dcb_worklist_new_uid(m->job.sop_instance);
	if (items != want) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              want ? N_("create takes one worklist item (a .wl file or a "
		                        "worklist answer), %d given")
		                   : N_("create -f takes no worklist item (%d given): the "
		                        "file given with -f is sent"),
		              items);
		return NULL;
	}
	return m->file != NULL ? read_as_is(m, NULL, err) : build_create(m, argv[4], err);
}

/* The data set of action argv[3], with the keys over it; sets the job's
 * operation and instance.  NULL after printing why. */
static struct dcb_dset *
request(struct mpps_cli *m, int npos, char **argv)
{
	const char *action = argv[3];
	struct dcb_error err = {0};
	struct dcb_dset *ds = NULL;

	if (strcmp(action, "create") == 0)
		ds = create_request(m, npos, argv, &err);
	else if (strcmp(action, "complete") == 0 || strcmp(action, "discontinue") == 0)
		ds = set_request(m, action[0] == 'c' ? "COMPLETED" : "DISCONTINUED", npos, argv, &err);
	else
		dcb_error_set(&err, DCB_ERR_USAGE, -1,
		              N_("unknown action '%s': create, complete or discontinue"), action);
	for (size_t k = 0; ds != NULL && k < m->n_keys; k++)
		if (dcb_qr_key_apply(ds, m->keys[k], &err) < 0) {
			dcb_dset_free(ds);
			ds = NULL;
		}
	if (ds == NULL)
		fprintf(stderr, "%s mppsscu: %s\n", PACKAGE, err.message);
	return ds;
}

int
cmd_mppsscu(int argc, char **argv)
{
	struct mpps_cli m = {
		.job = {.called_ae = "ANY-SCP", .model = DCB_UID_MPPS},
	};
	const struct dcb_cli_table own[] = {
		{ N_("MPPS options"), mpps_opts, handler, &m },
	};
	const struct dcb_dset *ids[1];
	struct dcb_dset *ds = NULL;
	int npos, rc;

	dcb_cli_run_init(&m.run, "mppsscu", DCB_SIDE_SCU);
	snprintf(m.run.cfg.ae_title, sizeof m.run.cfg.ae_title, "%s", "MPPSSCU");
	dcb_mpps_now(m.now_date, m.now_time);
	rc = dcb_cli_run_start(&m.run,
	                       _("[options] peer port create worklist-item | "
	                         "complete|discontinue step-uid [dcmfile-in...]"),
	                       _("Modality Performed Procedure Step SCU: start (N-CREATE) and "
	                         "end (N-SET) a procedure step."),
	                       argc, argv, own, 1, 1, &npos);
	if (rc >= 0)
		return rc;
	rc = 1;
	if (npos < 3) {
		fprintf(stderr,
		        _("%s mppsscu: missing %s; usage: %s mppsscu [options] peer port "
		          "create|complete|discontinue ... (see --help)\n"),
		        PACKAGE, npos < 2 ? _("peer or port") : _("the action"), PACKAGE);
		goto out;
	}
	if (dcb_cli_run_port(&m.run, argv[2], 1, &m.job.port) < 0 ||
	    (ds = request(&m, npos, argv)) == NULL)
		goto out;
	ids[0] = ds;
	m.job.host = argv[1];
	m.job.identifiers = ids;
	m.job.n_identifiers = 1;
	m.run.responses.show = true;
	rc = dcb_cli_run_query(&m.run, &m.job);
	if (rc == 0 && m.job.op == DCB_QR_N_CREATE)
		printf("%s\n", m.job.sop_instance);
out:
	dcb_dset_free(ds);
	dcb_cli_run_end(&m.run);
	return rc;
}
