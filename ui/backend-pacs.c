/* backend-pacs.c — the dashboard's SCP as a small PACS (backend-pacs.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/archive.h"
#include "../src/dset.h"
#include "../src/i18n.h"
#include "../src/mpps.h"
#include "../src/qr-scp.h"
#include "../src/service.h"
#include "backend-pacs.h"
#include "peers.h"

int
ui_pacs_open(struct ui_pacs *p, const struct ui_settings *cfg, struct dcb_engine_config *c,
             char *msg, size_t msgsize)
{
	struct dcb_error err = {0};
	char note[512] = "";

	memset(p, 0, sizeof *p);
	dcb_ae_table_init(&p->peers);
	if (dcb_qr_site_one_area(&p->site, cfg->scp_aet, cfg->scp_out, c->check_called_ae, &err) <
	        0 ||
	    dcb_qr_site_open_area(&p->site.areas[0], NULL, NULL, note, sizeof note, &err) < 0) {
		snprintf(msg, msgsize, _("The SCP answers no queries: %s"), err.message);
		dcb_qr_site_close(&p->site);
		return -1;
	}
	p->open = true;
	p->site.peers = &p->peers;
	c->qr = &p->site;
	c->policy.allow_requestor_scp = true; /* C-GET: the objects come back */
	snprintf(msg, msgsize, "%s", note);
	return 0;
}

void
ui_pacs_scu_config(struct ui_pacs *p, const struct ui_settings *cfg, struct dcb_engine_config *c)
{
	snprintf(p->get_dir, sizeof p->get_dir, "%s/%s", cfg->state_dir, UI_GET_FOLDER);
	(void)ui_mkdirs(p->get_dir, 0700); /* if not, each C-GET's C-STORE fails and says why */
	c->store.out_dir = p->get_dir;
	c->store.naming = DCB_NAMING_DEFAULT;
	c->store.bit_preserving = true;
}

static void
put_peer(struct ui_pacs *p, const char *ae, const char *host, int port)
{
	struct dcb_peer peer = {.port = port};

	if (dcb_ae_title_check(ae, peer.ae, NULL) < 0 || port <= 0)
		return;
	snprintf(peer.host, sizeof peer.host, "%s", host);
	(void)dcb_ae_table_put(&p->peers, &peer, NULL);
}

void
ui_pacs_listening(struct ui_pacs *p, const struct ui_settings *cfg, int port)
{
	char msg[512];

	if (!p->open)
		return;
	p->site.own_port = port;
	(void)ui_peers_parse(cfg->peers, &p->peers, msg, sizeof msg); /* the dialog says what is wrong */
	if (cfg->scu_port != 0 && cfg->scu_port != port)
		put_peer(p, cfg->scu_call, cfg->scu_host, cfg->scu_port);
	put_peer(p, cfg->scp_aet, "127.0.0.1", port);
}

bool
ui_pacs_count(struct ui_pacs *p, const struct dcb_event *ev, bool first, size_t counts[4])
{
	bool changed = first || ev->kind == DCB_EV_STORED ||
	               (ev->kind == DCB_EV_ASSOC_STATE && ev->u.assoc.state == 1);

	if (!p->open || !changed)
		return false;
	dcb_archive_counts(p->site.areas[0].archive, counts);
	return true;
}

void
ui_pacs_close(struct ui_pacs *p)
{
	dcb_qr_site_close(&p->site);
	dcb_ae_table_clear(&p->peers);
	p->open = false;
}

int
ui_pacs_echo(struct dcb_engine *scu, const struct dcb_peer *peer, struct dcb_error *err)
{
	struct dcb_scu_job job;

	memset(&job, 0, sizeof job);
	job.host = peer->host;
	job.port = peer->port;
	snprintf(job.called_ae, sizeof job.called_ae, "%s", peer->ae);
	job.echo = true;
	return dcb_engine_submit(scu, &job, err);
}

/* One key of an identifier: tag, VR, value ("" asks for it back). */
struct key {
	uint32_t tag;
	const char *vr;
	const char *value;
	unsigned levels; /* bit per level it is sent at */
};

#define P (1u << DCB_QR_PATIENT)
#define ST (1u << DCB_QR_STUDY)
#define SE (1u << DCB_QR_SERIES)
#define IM (1u << DCB_QR_IMAGE)

/* A Modality Worklist query (PS3.4 K.6.1.2): the patient and the
 * request at the top, the scheduled step's keys in its sequence. */
static struct dcb_dset *
worklist_identifier(const struct ui_qr_request *rq, struct dcb_error *err)
{
	/* with the return keys an MPPS N-CREATE takes from the entry
	 * (mpps-build.c): birth date, sex, requested procedure and step IDs */
	const struct key top[] = {
	    {0x00080050, "SH", rq->accession, 0}, {0x00100010, "PN", rq->patient_name, 0},
	    {0x00100020, "LO", rq->patient_id, 0}, {0x00100030, "DA", "", 0},
	    {0x00100040, "CS", "", 0},            {0x0020000D, "UI", "", 0},
	    {0x00321060, "LO", "", 0},            {0x00401001, "SH", "", 0},
	};
	const struct key step[] = {
	    {0x00080060, "CS", rq->modality, 0}, {0x00400001, "AE", "", 0},
	    {0x00400002, "DA", rq->study_date, 0}, {0x00400003, "TM", "", 0},
	    {0x00400007, "LO", "", 0},             {0x00400009, "SH", "", 0},
	};
	struct dcb_dset *ds = dcb_dset_new(), *sps;

	if (ds == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
		if (dcb_dset_put_str(ds, top[i].tag, top[i].vr, top[i].value, err) < 0)
			goto fail;
	if ((sps = dcb_dset_seq_add_item(ds, 0x00400100, err)) == NULL)
		goto fail;
	for (size_t i = 0; i < sizeof step / sizeof step[0]; i++)
		if (dcb_dset_put_str(sps, step[i].tag, step[i].vr, step[i].value, err) < 0)
			goto fail;
	return ds;
fail:
	dcb_dset_free(ds);
	return NULL;
}

/* The identifier of rq: for a C-FIND the dialog's keys and the return
 * keys the results list shows; for a C-MOVE the unique keys. */
static struct dcb_dset *
identifier(const struct ui_qr_request *rq, struct dcb_error *err)
{
	const struct key find_keys[] = {
	    {0x00080020, "DA", rq->study_date, ST | SE | IM},
	    {0x00080050, "SH", rq->accession, ST | SE | IM},
	    {0x00080060, "CS", rq->modality, SE | IM},
	    {0x00080061, "CS", rq->modality, ST},
	    {0x00081030, "LO", "", ST},
	    {0x0008103E, "LO", "", SE},
	    {0x00100010, "PN", rq->patient_name, P | ST | SE | IM},
	    {0x00100020, "LO", rq->patient_id, P | ST | SE | IM},
	    {0x00201204, "IS", "", P},
	    {0x00201208, "IS", "", ST},
	    {0x00201209, "IS", "", SE},
	};
	const struct key unique_keys[] = {
	    {0x00100020, "LO", rq->patient_id, P},
	};
	const struct key uids[] = {
	    {0x00080018, "UI", rq->sop_uid, IM},
	    {0x0020000D, "UI", rq->study_uid, ST | SE | IM},
	    {0x0020000E, "UI", rq->series_uid, SE | IM},
	};
	bool find = rq->op == UI_QR_OP_FIND;
	const struct key *lists[] = {find ? find_keys : unique_keys, uids};
	const size_t n[] = {find ? sizeof find_keys / sizeof find_keys[0] : 1, 3};
	struct dcb_dset *ds = dcb_dset_new();
	unsigned bit = 1u << rq->level;

	if (ds == NULL || dcb_dset_put_str(ds, 0x00080052, "CS", ui_qr_level_name(rq->level), err) < 0)
		goto fail;
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < n[l]; i++)
			if ((lists[l][i].levels & bit) != 0 &&
			    dcb_dset_put_str(ds, lists[l][i].tag, lists[l][i].vr, lists[l][i].value,
			                     err) < 0)
				goto fail;
	return ds;
fail:
	dcb_dset_free(ds);
	return NULL;
}

/* A request job to the SCU's peer. */
static void
to_peer(struct dcb_qr_job *job, const struct ui_settings *cfg, int port)
{
	memset(job, 0, sizeof *job);
	job->host = cfg->scu_host;
	job->port = port;
	snprintf(job->called_ae, sizeof job->called_ae, "%s", cfg->scu_call);
	job->propose = DCB_TS_PRESET_UNCOMPRESSED;
}

int
ui_pacs_mpps(struct dcb_engine *scu, const struct ui_settings *cfg, int port, bool create,
             const char *uid, const struct dcb_dset *ds, struct dcb_error *err)
{
	struct dcb_qr_job job;
	const struct dcb_dset *ids[1] = {ds};

	to_peer(&job, cfg, port);
	job.op = create ? DCB_QR_N_CREATE : DCB_QR_N_SET;
	job.model = DCB_UID_MPPS;
	snprintf(job.sop_instance, sizeof job.sop_instance, "%s", uid);
	job.identifiers = ids;
	job.n_identifiers = 1;
	return dcb_engine_submit_query(scu, &job, err);
}

int
ui_pacs_query(struct dcb_engine *scu, const struct ui_settings *cfg, int port,
              const struct ui_qr_request *rq, struct dcb_error *err)
{
	struct dcb_qr_job job;
	bool patient_root = rq->level == DCB_QR_PATIENT;
	struct dcb_dset *ds = rq->worklist ? worklist_identifier(rq, err) : identifier(rq, err);
	const struct dcb_dset *ids[1] = {ds};

	if (ds == NULL)
		return DCB_ERR_NOMEM;
	to_peer(&job, cfg, port);
	static const char *const models[2][3] = {
	    {DCB_UID_STUDY_ROOT_FIND, DCB_UID_STUDY_ROOT_MOVE, DCB_UID_STUDY_ROOT_GET},
	    {DCB_UID_PATIENT_ROOT_FIND, DCB_UID_PATIENT_ROOT_MOVE, DCB_UID_PATIENT_ROOT_GET},
	};
	static const enum dcb_qr_op ops[] = {DCB_QR_FIND, DCB_QR_MOVE, DCB_QR_GET};

	job.op = ops[rq->op];
	job.model = models[patient_root][rq->op];
	job.find_model = rq->op == UI_QR_OP_MOVE ? models[patient_root][UI_QR_OP_FIND] : NULL;
	if (rq->worklist)
		job.model = DCB_UID_MWL_FIND;
	job.store_ts = DCB_TS_PRESET_ALL; /* C-GET: each object as it is stored */
	job.identifiers = ids;
	job.n_identifiers = 1;
	snprintf(job.move_destination, sizeof job.move_destination, "%s", rq->dest);
	int rc = dcb_engine_submit_query(scu, &job, err);
	dcb_dset_free(ds);
	return rc;
}
