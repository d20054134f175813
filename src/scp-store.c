/* scp-store.c — the Storage SCP (PS3.4 Annex B): C-STORE requests written
 * to disk as they arrive (store-file.c), checked against their context and
 * data set, answered; one entry of the service table (service.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "qr-scp.h"
#include "bytes.h"
#include "dict.h"
#include "conform-value.h"
#include "conform-wire.h"
#include "engine-int.h"
#include "i18n.h"
#include "part10.h"
#include "scenario.h"
#include "scp-scenario.h"
#include "scp-store.h"
#include "service.h"
#include "textbuf.h"

#define STATUS_SUCCESS 0x0000
#define STATUS_OUT_OF_RESOURCES 0xA700
#define STATUS_DATASET_MISMATCH 0xA900
#define STATUS_CANNOT_UNDERSTAND 0xC000

static void
store_fail(struct scp_op *op, uint16_t status, const char *comment)
{

	if (op->status == STATUS_SUCCESS) {
		op->status = status;
		snprintf(op->comment, sizeof op->comment, "%s", comment);
	}
	dcb_store_abort(op->file);
	op->file = NULL;
	op->discard = true;
}

/* The finding for a UID that dcb_store_uid_safe() refused: DCB105 when it
 * is all digits and dots (an empty component), else DCB101. */
static enum dcb_code
invalid_uid_code(const char *uid)
{
	return uid[0] != '\0' && strspn(uid, "0123456789.") == strlen(uid)
	           ? DCB_F_UI_EMPTY_COMPONENT
	           : DCB_F_UI_CHARS;
}

/* DCB103: a UID that is safe as a file name (digits and dots) can still
 * have a component with a leading zero, which PS3.5 9.1 forbids.  Said;
 * the object is stored as dcmtk stores it. */
static void
check_leading_zero(struct assoc *a, uint32_t tag, const char *what, const char *uid)
{
	struct dcb_value_issue is[4];
	unsigned n = dcb_value_check("UI", DCB_CS_DEFAULT, (const uint8_t *)uid, strlen(uid), is, 4);

	for (unsigned i = 0; i < n && i < 4; i++)
		if (is[i].code == DCB_F_UI_LEADING_ZERO)
			dcb_finding_emit(assoc_finding, a, DCB_F_UI_LEADING_ZERO, -1, tag, "C-STORE-RQ",
			                 N_("%s %s has a component with a leading zero"), what, uid);
}

static void
store_begin(struct assoc *a, struct scp_op *op, uint8_t pcid)
{
	struct dcb_engine *e = a->e;
	const struct dcb_dimse_cmd *rq = &a->rx->cmd;
	const struct ctx *c = assoc_ctx(a, pcid);
	struct dcb_error err = {0};
	char shown[160];
	bool bad_instance;
	int rc;

	memset(op, 0, sizeof *op);
	op->active = true;
	op->rq = *rq;
	op->status = STATUS_SUCCESS;
	eng_log(e, a->id, DCB_LOG_INFO, N_("received C-STORE request (message ID %u, %s) from %s"),
	        rq->message_id, dcb_uid_file_prefix(rq->affected_sop_class), a->peer);
	snprintf(op->ts, sizeof op->ts, "%s", c->ts);
	if (scn_store_begin(a, op))
		return;
	if (strcmp(rq->affected_sop_class, c->abstract_syntax) != 0) {
		eng_log(e, a->id, DCB_LOG_ERROR,
		        N_("Affected SOP Class UID %.64s differs from the abstract syntax %.64s "
		           "of presentation context %u (PS3.7 9.3.1.1); answering 0xA900"),
		        rq->affected_sop_class, c->abstract_syntax, pcid);
		store_fail(op, STATUS_DATASET_MISMATCH,
		           "Affected SOP Class differs from the context");
		return;
	}
	if (!dcb_store_uid_safe(rq->affected_sop_class) ||
	    (e->cfg.store.naming == DCB_NAMING_DEFAULT &&
	     !dcb_store_uid_safe(rq->affected_sop_instance))) {
		bool inst = dcb_store_uid_safe(rq->affected_sop_class);
		const char *uid = inst ? rq->affected_sop_instance : rq->affected_sop_class;
		eng_visible(uid, shown, sizeof shown);
		dcb_finding_emit(
		    assoc_finding, a, invalid_uid_code(uid), -1,
		    inst ? DCB_TAG(0x0000, 0x1000) : DCB_TAG(0x0000, 0x0002), "C-STORE-RQ",
		    N_("%s %s is not a valid UID (digits and dots, at most 64 "
		       "characters): it is never used in a file name, the object is "
		       "refused"),
		    inst ? _("Affected SOP Instance UID") : _("Affected SOP Class UID"), shown);
		store_fail(op, STATUS_CANNOT_UNDERSTAND, "UID not valid, object refused");
		return;
	}
	/* +uf names the file with a fresh UID, so an invalid instance UID is
	 * stored, but it is still a finding. */
	bad_instance = !dcb_store_uid_safe(rq->affected_sop_instance);
	if (bad_instance) {
		eng_visible(rq->affected_sop_instance, shown, sizeof shown);
		dcb_finding_emit(assoc_finding, a, invalid_uid_code(rq->affected_sop_instance), -1,
		                 DCB_TAG(0x0000, 0x1000), "C-STORE-RQ",
		                 N_("Affected SOP Instance UID %s is not a valid UID (digits and "
		                    "dots, at most 64 characters)"),
		                 shown);
	}
	check_leading_zero(a, DCB_TAG(0x0000, 0x0002), _("Affected SOP Class UID"),
	                   rq->affected_sop_class);
	if (!bad_instance)
		check_leading_zero(a, DCB_TAG(0x0000, 0x1000), _("Affected SOP Instance UID"),
		                   rq->affected_sop_instance);
	if (e->cfg.store_discard) {
		op->discard = true;
		return;
	}
	struct dcb_store_policy where = e->cfg.store;
	const struct dcb_qr_site_area *area = dcb_qr_site_area(e->cfg.qr, a->called_ae);
	if (area != NULL)
		where.out_dir = area->dir; /* the called AE title's storage area */
	rc = dcb_store_begin(&where, rq->affected_sop_class, rq->affected_sop_instance, op->ts,
	                     a->calling_ae, &op->file, &err);
	if (rc < 0) {
		eng_error(e, a->id, "%s", err.message);
		store_fail(
		    op, rc == DCB_ERR_MALFORMED ? STATUS_CANNOT_UNDERSTAND : STATUS_OUT_OF_RESOURCES,
		    rc == DCB_ERR_MALFORMED ? "UID not valid" : "cannot create the file");
	} else if (bad_instance) {
		eng_log(e, a->id, DCB_LOG_WARN,
		        N_("Affected SOP Instance UID %s is not a valid UID: the object is "
		           "stored under the generated name %s"),
		        shown, dcb_store_path(op->file));
	}
}

static void
progress(struct assoc *a, const struct scp_op *op)
{
	struct dcb_event ev = {.kind = DCB_EV_PROGRESS};

	snprintf(ev.u.progress.name, sizeof ev.u.progress.name, "%s", op->rq.affected_sop_instance);
	ev.u.progress.done = op->bytes;
	eng_emit(a->e, a->id, &ev);
}

static void
store_data(struct assoc *a, struct scp_op *op, const uint8_t *p, size_t n)
{
	struct dcb_error err = {0};
	uint64_t before = op->bytes;

	if (scn_store_data(a, op))
		return;
	if (op->head_len < sizeof op->head) {
		size_t k = sizeof op->head - op->head_len;
		if (k > n)
			k = n;
		memcpy(op->head + op->head_len, p, k);
		op->head_len += k;
	}
	op->bytes += n;
	if ((before >> 22) != (op->bytes >> 22))
		progress(a, op); /* every 4 MiB */
	if (op->file == NULL)
		return;
	/* The slice lives in the association's input buffer until the next
	 * read, when sync() writes what is pending. */
	if (dcb_store_write_borrowed(op->file, p, n, &err) < 0) {
		eng_error(a->e, a->id, N_("%s; answering 0xA700 (out of resources)"), err.message);
		store_fail(op, STATUS_OUT_OF_RESOURCES, "cannot write the file");
	}
}

/* Explicit VRs with a 4-byte length (PS3.5 Table 7.1-1). */
static bool
long_vr(const uint8_t vr[2])
{
	static const char list[][3] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
	                               "SV", "UC", "UN", "UR", "UT", "UV"};

	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (vr[0] == (uint8_t)list[i][0] && vr[1] == (uint8_t)list[i][1])
			return true;
	return false;
}

/* SOP Class and Instance UID from the first bytes of a data set in the
 * negotiated transfer syntax ("" when not found there). */
static void
dataset_uids(const uint8_t *p, size_t n, const char *ts_uid, char cls[DCB_UID_SIZE],
             char inst[DCB_UID_SIZE])
{
	enum dcb_ts ts;
	bool encapsulated, be, ex;
	size_t o = 0;

	cls[0] = inst[0] = '\0';
	if (!dcb_ts_from_uid(ts_uid, &ts, &encapsulated) || ts == DCB_TS_DEFLATED_LE)
		return;
	be = ts == DCB_TS_EXPLICIT_BE;
	ex = ts != DCB_TS_IMPLICIT_LE;
	while (o + 8 <= n) {
		uint32_t tag = (uint32_t)dcb_get16(p + o, be) << 16 | dcb_get16(p + o + 2, be), len;
		size_t hdr = 8;
		if (ex && long_vr(p + o + 4)) {
			if (o + 12 > n)
				return;
			len = dcb_get32(p + o + 8, be);
			hdr = 12;
		} else {
			len = ex ? dcb_get16(p + o + 6, be) : dcb_get32(p + o + 4, false);
		}
		if (tag > DCB_TAG(0x0008, 0x0018) || len == DCB_UNDEFINED_LENGTH ||
		    len > n - o - hdr)
			return;
		if (tag == DCB_TAG(0x0008, 0x0016) || tag == DCB_TAG(0x0008, 0x0018)) {
			char *dst = tag == DCB_TAG(0x0008, 0x0016) ? cls : inst;
			size_t k = len < DCB_UID_MAX ? len : DCB_UID_MAX;
			memcpy(dst, p + o + hdr, k);
			dst[k] = '\0';
		}
		o += hdr + len;
	}
}

/* What the log says of a stored file besides the event itself. */
static void
log_stored(struct assoc *a, const struct dcb_store_result *res)
{
	const struct dcb_normal_stats *c = &res->changed;

	if (res->overwrote)
		eng_log(a->e, a->id, DCB_LOG_WARN, N_("DICOM file already exists, overwriting: %s"),
		        res->path);
	if (res->as_received)
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("%s is stored as received, not re-encoded (normal storage): %s"),
		        res->path, res->why);
	else if (c->lengths + c->group_lengths + c->padded + c->dropped + c->vrs > 0)
		eng_log(a->e, a->id, DCB_LOG_DEBUG,
		        N_("re-encoded %s (normal storage): %u sequences and items given explicit "
		           "lengths, %u group lengths corrected, %u odd-length values padded, %u "
		           "padding elements dropped, %u pixel data VRs made OB"),
		        res->path, c->lengths, c->group_lengths, c->padded, c->dropped, c->vrs);
}

/* The index of the folder the association's objects go to: its area's
 * (a Query/Retrieve site, by called AE title), else the engine's. */
static struct dcb_archive *
archive_of(const struct assoc *a)
{
	const struct dcb_qr_site_area *area = dcb_qr_site_area(a->e->cfg.qr, a->called_ae);

	return area != NULL ? area->archive : a->e->cfg.archive;
}

/* The archive index learns of the object as soon as it has its name.  A
 * failure is only a warning: the object is stored, the index catches up
 * with the folder when it is next opened. */
static void
index_stored(struct assoc *a, const char *path)
{
	struct dcb_error err = {0};

	struct dcb_archive *ar = archive_of(a);

	if (ar != NULL && dcb_archive_add_file(ar, path, &err) < 0)
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("%s is stored but not in the archive index: %s; it is indexed when "
		           "the archive is next opened (restart the SCP)"),
		        path, err.message);
}

/* What the association stored is committed to the index when it ends
 * (the index groups its changes, archive.h). */
static void
sync_index(struct assoc *a)
{
	struct dcb_error err = {0};

	struct dcb_archive *ar = archive_of(a);

	if (ar != NULL && dcb_archive_sync(ar, &err) < 0)
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("the archive index could not record what this association stored: %s; "
		           "it is indexed when the archive is next opened (restart the SCP)"),
		        err.message);
}

static void
store_end(struct assoc *a, struct scp_op *op, uint8_t pcid)
{
	struct dcb_engine *e = a->e;
	struct dcb_error err = {0};
	char cls[DCB_UID_SIZE], inst[DCB_UID_SIZE];

	/* DCB501/502: the command against the data set it carries. */
	dataset_uids(op->head, op->head_len, op->ts, cls, inst);
	if (op->status == STATUS_SUCCESS)
		dcb_wire_check_store(assoc_finding, a, -1, "C-STORE-RQ", op->rq.affected_sop_class,
		                     op->rq.affected_sop_instance, cls, inst);
	/* DCB503: the data set's encoding against the context's syntax. */
	if (op->status == STATUS_SUCCESS)
		dcb_wire_check_dataset_ts(assoc_finding, a, -1, "C-STORE-RQ", op->ts, op->head,
		                          op->head_len);
	if (scn_store_complete(a, op))
		return;
	if (op->file != NULL) {
		struct dcb_event ev = {.kind = DCB_EV_STORED};
		struct dcb_store_result res;
		int rc = dcb_store_commit(op->file, &res, &err);

		op->file = NULL;
		if (rc < 0) {
			eng_error(e, a->id, N_("%s; answering 0xA700 (out of resources)"),
			          err.message);
			store_fail(op, STATUS_OUT_OF_RESOURCES, "cannot write the file");
		} else {
			log_stored(a, &res);
			index_stored(a, res.path);
			dcb_copy_cut(ev.u.stored.path, sizeof ev.u.stored.path, res.path);
			snprintf(ev.u.stored.sop_class_uid, sizeof ev.u.stored.sop_class_uid, "%s",
			         op->rq.affected_sop_class);
			snprintf(ev.u.stored.sop_instance_uid, sizeof ev.u.stored.sop_instance_uid,
			         "%s", op->rq.affected_sop_instance);
			snprintf(ev.u.stored.transfer_syntax_uid,
			         sizeof ev.u.stored.transfer_syntax_uid, "%s", op->ts);
			ev.u.stored.bytes = res.bytes;
			eng_emit(e, a->id, &ev);
		}
	}
	if (scn_store_end(a, op, &op->status, op->comment, sizeof op->comment))
		return;
	if (op->status == STATUS_SUCCESS)
		e->stats.stored++;
	else
		e->stats.store_failed++;
	op->active = false;
	svc_respond(a, pcid, &op->rq, op->status, op->comment);
	scn_after_response(a);
}

/* --- the service ------------------------------------------------------- */

static bool
serves(const struct dcb_engine *e, const char *abstract_syntax)
{
	return e->cfg.policy.accept_storage && dcb_negotiate_is_storage_class(abstract_syntax);
}

static bool
takes(uint16_t command)
{
	return command == DCB_C_STORE_RQ;
}

/* The association's C-STORE state, made on first use. */
static struct scp_op *
op_of(struct assoc *a, void **state)
{
	if (*state == NULL) {
		*state = calloc(1, sizeof(struct scp_op));
		if (*state == NULL)
			assoc_abort(a, _("out of memory"));
	}
	return *state;
}

static void
on_command(struct assoc *a, void **state, const struct svc_msg *m)
{
	struct scp_op *op = op_of(a, state);

	if (op == NULL)
		return;
	if (!m->has_data) {
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("C-STORE-RQ from %s says no data set follows; answering 0xC000"),
		        a->peer);
		svc_respond(a, m->pcid, m->cmd, STATUS_CANNOT_UNDERSTAND, "no data set");
		return;
	}
	store_begin(a, op, m->pcid);
}

static void
on_data(struct assoc *a, void **state, const uint8_t *p, size_t n)
{
	struct scp_op *op = *state;

	if (op != NULL && op->active)
		store_data(a, op, p, n);
}

static void
on_end(struct assoc *a, void **state, const struct svc_msg *m)
{
	struct scp_op *op = *state;

	if (op != NULL && op->active)
		store_end(a, op, m->pcid);
}

/* What arrived so far goes to the file before the input buffer is reused. */
static void
sync(struct assoc *a, void **state)
{
	struct scp_op *op = *state;
	struct dcb_error err = {0};

	if (op != NULL && op->file != NULL && dcb_store_sync(op->file, &err) < 0) {
		eng_error(a->e, a->id, N_("%s; answering 0xA700 (out of resources)"), err.message);
		store_fail(op, STATUS_OUT_OF_RESOURCES, "cannot write the file");
	}
}

static void
on_close(struct assoc *a, void **state)
{
	struct scp_op *op = *state;

	if (op != NULL && op->file != NULL) {
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("incomplete object %s from %s discarded (nothing was written under "
		           "its name)"),
		        op->rq.affected_sop_instance, a->peer);
		dcb_store_abort(op->file);
		op->file = NULL;
		a->e->stats.store_failed++;
	}
	if (op != NULL)
		sync_index(a);
	free(op);
	*state = NULL;
}

const struct dcb_service dcb_service_storage = {
    .name = "Storage",
    .serves = serves,
    .takes = takes,
    .on_command = on_command,
    .on_data = on_data,
    .on_end = on_end,
    .sync = sync,
    .on_close = on_close,
};
