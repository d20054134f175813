/* mpps-scp.c — the Modality Performed Procedure Step SCP (PS3.4 F.7):
 * N-CREATE and N-SET answered by the rules of mpps.c, each step linked to
 * its worklist entry and written to ROOT/.dicombench/mpps/<UID>.dcm of the
 * worklist folder (a dot folder: dcmtk's layout takes sub-folders as AE
 * titles and Orthanc's reads only ROOT's files, so neither ever serves it,
 * and nothing is written outside the folder the user gave); one entry of
 * the service table (service.h), in wlmscpfs's table. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dict.h"
#include "dset.h"
#include "engine-int.h"
#include "findings.h"
#include "i18n.h"
#include "mpps.h"
#include "part10.h"
#include "service.h"
#include "store-file.h"
#include "worklist-store.h"
#include "worklist.h"

static bool
serves(const struct dcb_engine *e, const char *abstract_syntax)
{
	return e->cfg.mpps != NULL && strcmp(abstract_syntax, DCB_UID_MPPS) == 0;
}

static bool
takes(uint16_t command)
{
	return command == DCB_N_CREATE_RQ || command == DCB_N_SET_RQ;
}

static struct svc_buf *
rx_of(struct assoc *a, void **state)
{
	struct svc_buf *b = svc_state(state, sizeof *b);

	if (b == NULL)
		assoc_abort(a, _("out of memory"));
	return b;
}

static void
on_data(struct assoc *a, void **state, const uint8_t *p, size_t n)
{
	struct svc_buf *rx = rx_of(a, state);

	if (rx != NULL)
		svc_buf_add(rx, p, n);
}

/* --- the step on disk ---------------------------------------------------- */

/* Writes the step as a PS3.10 file, through a temporary name. */
static void
write_step(struct assoc *a, const struct dcb_mpps *p)
{
	struct dcb_engine *e = a->e;
	const char *root;
	char dir[4096], path[4200], tmp[4200];
	uint8_t meta[512], *body = NULL;
	size_t n = 0;
	long h;
	int fd;
	bool ok;

	if (e->cfg.worklist == NULL)
		return;
	root = dcb_worklist_root(e->cfg.worklist);
	if (!dcb_store_uid_safe(p->uid)) {
		eng_log(e, a->id, DCB_LOG_WARN,
		        N_("MPPS %s is kept in memory only: its UID is not safe in a file name"),
		        p->uid);
		return;
	}
	snprintf(dir, sizeof dir, "%s/.dicombench", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof dir, "%s/.dicombench/mpps", root);
	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/%s.dcm", dir, p->uid);
	snprintf(tmp, sizeof tmp, "%s/.%s.dcm.part", dir, p->uid);
	h = dcb_meta_encode(meta, sizeof meta, DCB_UID_MPPS, p->uid, "1.2.840.10008.1.2.1",
	                    a->calling_ae);
	ok = h > 0 && dcb_dset_encode_alloc(p->attrs, DCB_DSET_EXPLICIT_LE, &body, &n, NULL) == 0;
	fd = ok ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
	ok = fd >= 0 && write(fd, meta, (size_t)h) == h && write(fd, body, n) == (ssize_t)n;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	free(body);
	if (!ok) {
		eng_log(e, a->id, DCB_LOG_WARN, N_("MPPS %s could not be written to %s: %s"), p->uid,
		        path, strerror(errno));
		unlink(tmp);
		return;
	}
	eng_log(e, a->id, DCB_LOG_DEBUG, N_("MPPS %s written to %s"), p->uid, path);
}

static void
say_link(struct assoc *a, const struct dcb_mpps *p, const char *rq)
{
	struct dcb_worklist *wl = a->e->cfg.worklist;
	const struct dcb_wl_entry *w;

	if (wl != NULL)
		dcb_worklist_refresh(wl, NULL, NULL, NULL);
	w = dcb_worklist_step_entry(wl, p->study_uid, p->accession, p->sps_id);
	if (w != NULL) {
		eng_log(a->e, a->id, DCB_LOG_INFO,
		        N_("MPPS %s (%s) performs worklist entry %s (accession %s, step %s)"), p->uid,
		        dcb_mpps_state_name(p->state), w->path, p->accession, p->sps_id);
		return;
	}
	dcb_finding_emit(assoc_finding, a, DCB_F_MPPS_UNLINKED, -1, DCB_TAG(0x0040, 0x0270), rq,
	                 N_("MPPS %s names Study Instance UID '%s', Accession Number '%s', "
	                    "Scheduled Procedure Step ID '%s': no worklist entry has them"),
	                 p->uid, p->study_uid, p->accession, p->sps_id);
}

/* --- the requests ---------------------------------------------------------- */

static void
respond(struct assoc *a, const struct svc_msg *m, const struct dcb_mpps_verdict *v,
        const char *uid)
{
	struct dcb_dimse_cmd rsp;

	if (dcb_dimse_rsp_for(&rsp, m->cmd, v->status) < 0) {
		assoc_abort(a, _("cannot send the response"));
		return;
	}
	if (uid != NULL) {
		/* N-CREATE-RSP: the instance, also the one we made (PS3.7 10.1.5.1.4) */
		rsp.present |= DCB_F_AFFECTED_SOP_INSTANCE;
		snprintf(rsp.affected_sop_instance, sizeof rsp.affected_sop_instance, "%s", uid);
	}
	if (v->comment != NULL && v->status != 0) {
		rsp.present |= DCB_F_ERROR_COMMENT;
		snprintf(rsp.error_comment, sizeof rsp.error_comment, "%s", v->comment);
	}
	if (v->error_id != 0) {
		rsp.present |= DCB_F_ERROR_ID;
		rsp.error_id = v->error_id;
	}
	if (v->offending != 0 && v->status != 0) {
		rsp.present |= DCB_F_OFFENDING_ELEMENT;
		rsp.n_offending = 1;
		rsp.offending[0] = v->offending;
	}
	svc_send(a, m, &rsp, NULL);
}

static void
request(struct assoc *a, struct svc_buf *rx, const struct svc_msg *m)
{
	struct dcb_engine *e = a->e;
	const struct dcb_dimse_cmd *rq = m->cmd;
	bool create = rq->command == DCB_N_CREATE_RQ;
	const char *what = create ? "N-CREATE-RQ" : "N-SET-RQ";
	struct dcb_mpps_verdict v = {0};
	struct dcb_dset *ds = NULL;
	struct dcb_error err = {0};
	enum dcb_dset_syntax syn;
	const struct dcb_mpps *p = NULL;
	char uid[DCB_UID_SIZE];
	int rc;

	if (rx != NULL && rx->too_big) {
		v = (struct dcb_mpps_verdict){.status = 0xA700, .comment = "Attribute list too large"};
		eng_log(e, a->id, DCB_LOG_WARN, N_("%s from %s: its attribute list passes %u bytes"),
		        what, a->peer, DCB_DSET_MAX_BYTES);
		respond(a, m, &v, NULL);
		return;
	}
	if (dcb_dset_syntax_of(m->ctx->ts, &syn) < 0 ||
	    dcb_dset_decode(rx != NULL ? rx->buf : (const uint8_t *)"", rx != NULL ? rx->len : 0,
	                    syn, &ds, &err) < 0) {
		v = (struct dcb_mpps_verdict){.status = 0x0110,
		                              .comment = "Attribute list cannot be read"};
		eng_log(e, a->id, DCB_LOG_WARN, N_("%s from %s: its attribute list cannot be read: %s"),
		        what, a->peer, err.message);
		respond(a, m, &v, NULL);
		return;
	}
	if (create) {
		if (rq->present & DCB_F_AFFECTED_SOP_INSTANCE && rq->affected_sop_instance[0] != '\0')
			snprintf(uid, sizeof uid, "%s", rq->affected_sop_instance);
		else if (dcb_store_new_uid(uid, sizeof uid, &err) < 0)
			uid[0] = '\0';
		rc = uid[0] == '\0' ? DCB_ERR_IO : dcb_mpps_create(e->cfg.mpps, uid, ds, &v, &p);
	} else {
		snprintf(uid, sizeof uid, "%s", rq->requested_sop_instance);
		rc = dcb_mpps_set(e->cfg.mpps, uid, ds, &v, &p);
	}
	dcb_dset_free(ds);
	if (rc < 0 && v.status == 0)
		v = (struct dcb_mpps_verdict){.status = 0x0110, .comment = "Out of resources"};
	if (v.code != 0)
		dcb_finding_emit(assoc_finding, a, v.code, -1, v.offending, what, "%s", v.message);
	if (v.status == 0 && p != NULL) {
		eng_log(e, a->id, DCB_LOG_INFO, N_("%s from %s: MPPS %s is %s (patient %s)"), what,
		        a->peer, p->uid, dcb_mpps_state_name(p->state), p->patient);
		write_step(a, p);
		if (create || p->state != DCB_MPPS_IN_PROGRESS)
			say_link(a, p, what);
	} else if (v.status != 0) {
		eng_log(e, a->id, DCB_LOG_WARN, N_("%s from %s answered 0x%04X: %s"), what, a->peer,
		        v.status, v.message);
	}
	respond(a, m, &v, create ? uid : NULL);
}

static void
on_command(struct assoc *a, void **state, const struct svc_msg *m)
{
	if (*state != NULL)
		svc_buf_reset(*state);
	if (!m->has_data)
		request(a, *state, m);
}

static void
on_end(struct assoc *a, void **state, const struct svc_msg *m)
{
	request(a, *state, m);
	if (*state != NULL)
		svc_buf_reset(*state);
}

static void
on_close(struct assoc *a, void **state)
{
	(void)a;
	if (*state != NULL)
		svc_buf_clear(*state);
	free(*state);
	*state = NULL;
}

const struct dcb_service dcb_service_mpps = {
    .name = "MPPS",
    .serves = serves,
    .takes = takes,
    .on_command = on_command,
    .on_data = on_data,
    .on_end = on_end,
    .on_close = on_close,
};
