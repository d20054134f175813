/* scp-store.c — the acceptor side: association policy (called AE title,
 * limits, presentation contexts), the Verification SCP and the Storage
 * SCP writing received objects to disk. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "dict.h"
#include "conform-value.h"
#include "conform-wire.h"
#include "engine-int.h"
#include "i18n.h"
#include "part10.h"
#include "scenario.h"
#include "scp-scenario.h"
#include "textbuf.h"

#define STATUS_SUCCESS 0x0000
#define STATUS_OUT_OF_RESOURCES 0xA700
#define STATUS_DATASET_MISMATCH 0xA900
#define STATUS_CANNOT_UNDERSTAND 0xC000
#define STATUS_UNRECOGNIZED_OPERATION 0x0211

/* Copies s with control characters shown as \xNN, in quotes, so leading
 * spaces and invisible bytes can be seen. */
static void
visible(const char *s, char *out, size_t size)
{
	size_t o = 0;

	if (size < 4)
		return;
	out[o++] = '\'';
	for (; *s != '\0' && o + 6 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f)
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o++] = '\'';
	out[o] = '\0';
}

static void
reject(struct assoc *a, uint8_t result, uint8_t source, uint8_t reason, const char *why)
{
	struct dcb_pdu *rj = calloc(1, sizeof *rj);

	assoc_set_reason(a, why);
	eng_log(a->e, a->id, DCB_LOG_WARN, N_("association from %s rejected: %s"), a->peer, why);
	if (rj == NULL) {
		assoc_abort(a, _("out of memory"));
		return;
	}
	dcb_pdu_init(rj, DCB_PDU_ASSOCIATE_RJ);
	rj->u.rj.result = result;
	rj->u.rj.source = source;
	rj->u.rj.reason = reason;
	free(a->out_pdu);
	a->out_pdu = rj;
	assoc_ul(a, DCB_EVT8, true);
}

void
scp_on_associate(struct assoc *a)
{
	struct dcb_engine *e = a->e;
	const struct dcb_assoc *rq = &a->pdu->u.assoc;
	struct dcb_negotiated neg;
	struct dcb_error err = {0};
	char calling[80], called[80], why[256];
	struct dcb_pdu *ac;
	int n;

	visible(rq->calling_ae, calling, sizeof calling);
	visible(rq->called_ae, called, sizeof called);
	eng_log(e, a->id, DCB_LOG_INFO,
	        N_("association received from %s: calling AE title %s, called AE title %s"),
	        a->peer, calling, called);
	{
		uint8_t rs, src, rn;
		if (dcb_scenario_assoc_verdict(e->cfg.scenario, rq, &rs, &src, &rn, why,
		                               sizeof why)) {
			reject(a, rs, src, rn, why);
			return;
		}
	}
	if (e->n_open > e->cfg.max_associations) {
		snprintf(why, sizeof why,
		         _("already %u associations open, the limit (transient, reason 2)"),
		         e->n_open - 1);
		reject(a, DCB_RJ_TRANSIENT, DCB_RJ_SOURCE_PROVIDER_PRES, 2, why);
		return;
	}
	if (e->cfg.check_called_ae && strcmp(rq->called_ae, e->cfg.ae_title) != 0) {
		snprintf(why, sizeof why, _("called AE title %s is not this SCP's '%s' (reason 7)"),
		         called, e->cfg.ae_title);
		reject(a, DCB_RJ_PERMANENT, DCB_RJ_SOURCE_USER, 7, why);
		return;
	}
	ac = calloc(1, sizeof *ac);
	if (ac == NULL) {
		assoc_abort(a, _("out of memory"));
		return;
	}
	dcb_pdu_init(ac, DCB_PDU_ASSOCIATE_AC);
	n = dcb_negotiate_accept(rq, &e->cfg.policy, &ac->u.assoc, &neg, &err);
	if (n < 0) {
		free(ac);
		reject(a, DCB_RJ_PERMANENT, DCB_RJ_SOURCE_USER, 1, err.message);
		return;
	}
	if (neg.max_send < DCB_PDV_HEADER + 1) {
		/* no response could ever be sent */
		free(ac);
		snprintf(why, sizeof why,
		         _("the peer's maximum PDU length of %u bytes is too small for a PDV (a "
		           "6-byte header and data), so no response could be sent (reason 1)"),
		         neg.max_send);
		reject(a, DCB_RJ_PERMANENT, DCB_RJ_SOURCE_USER, 1, why);
		return;
	}
	n -= (int)dcb_scenario_filter_ac(e->cfg.scenario, rq, &ac->u.assoc);
	/* The AC names the called AE title as we are known. */
	a->n_ctx = 0;
	for (unsigned i = 0; i < ac->u.assoc.n_pctx && i < DCB_MAX_CONTEXTS; i++) {
		const struct dcb_pctx *p = &ac->u.assoc.pctx[i];
		struct ctx *c = &a->ctx[a->n_ctx++];
		c->id = p->id;
		c->result = p->result;
		snprintf(c->abstract_syntax, sizeof c->abstract_syntax, "%s", p->abstract_syntax);
		snprintf(c->ts, sizeof c->ts, "%s",
		         p->result == DCB_PCTX_ACCEPTANCE && p->n_ts > 0 ? p->ts[0] : "");
	}
	for (unsigned i = 0; i < neg.n_pctx && i < rq->n_pctx; i++)
		if (neg.why[i] != DCB_NEG_ACCEPTED)
			eng_log(e, a->id, DCB_LOG_INFO,
			        N_("presentation context %u (%s) rejected: %s"), rq->pctx[i].id,
			        rq->pctx[i].abstract_syntax,
			        dcb_neg_why_describe((enum dcb_neg_why)neg.why[i]));
	a->max_send = neg.max_send;
	free(a->out_pdu);
	a->out_pdu = ac;
	assoc_emit_contexts(a);
	if (n == 0)
		eng_log(e, a->id, DCB_LOG_WARN,
		        N_("no presentation context of %s could be accepted; accepting the "
		           "association anyway so the peer sees why per context"),
		        a->peer);
	assoc_ul(a, DCB_EVT7, true);
	if (!a->dead)
		eng_log(e, a->id, DCB_LOG_INFO,
		        N_("association acknowledged: %d of %u contexts accepted, max send PDU %u"),
		        n, rq->n_pctx, a->max_send);
}

static void
send_rsp(struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *rq, uint16_t status,
         const char *comment)
{
	struct dcb_dimse_cmd rsp;

	if (rq->command == DCB_C_STORE_RQ) {
		dcb_dimse_store_rsp(&rsp, rq, status);
	} else if (rq->command == DCB_C_ECHO_RQ) {
		dcb_dimse_echo_rsp(&rsp, rq, status);
	} else {
		memset(&rsp, 0, sizeof rsp);
		rsp.command = (uint16_t)(rq->command | 0x8000);
		rsp.data_set_type = DCB_DATASET_ABSENT;
		rsp.present = DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS;
		rsp.message_id_responded = rq->message_id;
		rsp.status = status;
		if (rq->present & DCB_F_AFFECTED_SOP_CLASS) {
			rsp.present |= DCB_F_AFFECTED_SOP_CLASS;
			memcpy(rsp.affected_sop_class, rq->affected_sop_class,
			       sizeof rsp.affected_sop_class);
		}
	}
	if (comment != NULL && comment[0] != '\0' &&
	    dcb_dimse_status_class(status) == DCB_STATUS_FAILURE) {
		rsp.present |= DCB_F_ERROR_COMMENT;
		snprintf(rsp.error_comment, sizeof rsp.error_comment, "%s", comment);
	}
	if (assoc_send_command(a, pcid, &rsp) < 0)
		assoc_abort(a, _("cannot send the response"));
}

static void
store_fail(struct assoc *a, uint16_t status, const char *comment)
{
	struct scp_op *op = &a->op;

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
store_begin(struct assoc *a, uint8_t pcid)
{
	struct dcb_engine *e = a->e;
	const struct dcb_dimse_cmd *rq = &a->rx.cmd;
	const struct ctx *c = assoc_ctx(a, pcid);
	struct scp_op *op = &a->op;
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
	if (c == NULL || c->result != DCB_PCTX_ACCEPTANCE) {
		char why[128];
		snprintf(why, sizeof why,
		         _("data on presentation context %u, which was not accepted"), pcid);
		assoc_abort(a, why);
		return;
	}
	snprintf(op->ts, sizeof op->ts, "%s", c->ts);
	if (scn_store_begin(a))
		return;
	if (strcmp(rq->affected_sop_class, c->abstract_syntax) != 0) {
		eng_log(e, a->id, DCB_LOG_ERROR,
		        N_("Affected SOP Class UID %.64s differs from the abstract syntax %.64s "
		           "of presentation context %u (PS3.7 9.3.1.1); answering 0xA900"),
		        rq->affected_sop_class, c->abstract_syntax, pcid);
		store_fail(a, STATUS_DATASET_MISMATCH,
		           "Affected SOP Class differs from the context");
		return;
	}
	if (!dcb_store_uid_safe(rq->affected_sop_class) ||
	    (e->cfg.store.naming == DCB_NAMING_DEFAULT &&
	     !dcb_store_uid_safe(rq->affected_sop_instance))) {
		bool inst = dcb_store_uid_safe(rq->affected_sop_class);
		const char *uid = inst ? rq->affected_sop_instance : rq->affected_sop_class;
		visible(uid, shown, sizeof shown);
		dcb_finding_emit(
		    assoc_finding, a, invalid_uid_code(uid), -1,
		    inst ? DCB_TAG(0x0000, 0x1000) : DCB_TAG(0x0000, 0x0002), "C-STORE-RQ",
		    N_("%s %s is not a valid UID (digits and dots, at most 64 "
		       "characters): it is never used in a file name, the object is "
		       "refused"),
		    inst ? _("Affected SOP Instance UID") : _("Affected SOP Class UID"), shown);
		store_fail(a, STATUS_CANNOT_UNDERSTAND, "UID not valid, object refused");
		return;
	}
	/* +uf names the file with a fresh UID, so an invalid instance UID is
	 * stored, but it is still a finding. */
	bad_instance = !dcb_store_uid_safe(rq->affected_sop_instance);
	if (bad_instance) {
		visible(rq->affected_sop_instance, shown, sizeof shown);
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
	rc = dcb_store_begin(&e->cfg.store, rq->affected_sop_class, rq->affected_sop_instance,
	                     op->ts, a->calling_ae, &op->file, &err);
	if (rc < 0) {
		eng_error(e, a->id, "%s", err.message);
		store_fail(
		    a, rc == DCB_ERR_MALFORMED ? STATUS_CANNOT_UNDERSTAND : STATUS_OUT_OF_RESOURCES,
		    rc == DCB_ERR_MALFORMED ? "UID not valid" : "cannot create the file");
	} else if (bad_instance) {
		eng_log(e, a->id, DCB_LOG_WARN,
		        N_("Affected SOP Instance UID %s is not a valid UID: the object is "
		           "stored under the generated name %s"),
		        shown, dcb_store_path(op->file));
	}
}

static void
progress(struct assoc *a, bool last)
{
	struct dcb_event ev = {.kind = DCB_EV_PROGRESS};

	snprintf(ev.u.progress.name, sizeof ev.u.progress.name, "%s",
	         a->op.rq.affected_sop_instance);
	ev.u.progress.done = a->op.bytes;
	eng_emit(a->e, a->id, &ev);
	(void)last;
}

static void
store_data(struct assoc *a, const uint8_t *p, size_t n)
{
	struct scp_op *op = &a->op;
	struct dcb_error err = {0};
	uint64_t before = op->bytes;

	if (scn_store_data(a))
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
		progress(a, false); /* every 4 MiB */
	if (op->file == NULL)
		return;
	/* The slice lives in the association's input buffer until the next
	 * read, when scp_sync() writes what is pending. */
	if (dcb_store_write_borrowed(op->file, p, n, &err) < 0) {
		eng_error(a->e, a->id, N_("%s; answering 0xA700 (out of resources)"), err.message);
		store_fail(a, STATUS_OUT_OF_RESOURCES, "cannot write the file");
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

static void
store_end(struct assoc *a, uint8_t pcid)
{
	struct dcb_engine *e = a->e;
	struct scp_op *op = &a->op;
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
	if (scn_store_complete(a))
		return;
	if (op->file != NULL) {
		struct dcb_event ev = {.kind = DCB_EV_STORED};
		struct dcb_store_result res;
		int rc = dcb_store_commit(op->file, &res, &err);

		op->file = NULL;
		if (rc < 0) {
			eng_error(e, a->id, N_("%s; answering 0xA700 (out of resources)"),
			          err.message);
			store_fail(a, STATUS_OUT_OF_RESOURCES, "cannot write the file");
		} else {
			log_stored(a, &res);
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
	if (scn_store_end(a, &op->status, op->comment, sizeof op->comment))
		return;
	if (op->status == STATUS_SUCCESS)
		e->stats.stored++;
	else
		e->stats.store_failed++;
	op->active = false;
	send_rsp(a, pcid, &op->rq, op->status, op->comment);
	scn_after_response(a);
}

void
scp_on_rx(struct assoc *a, const struct dcb_dimse_rx_out *o)
{
	struct dcb_engine *e = a->e;
	const struct dcb_dimse_cmd *c = &a->rx.cmd;

	switch (o->kind) {
	case DCB_DIMSE_RX_NONE:
		break;
	case DCB_DIMSE_RX_MESSAGE:
		if (c->command == DCB_C_ECHO_RQ) {
			eng_log(e, a->id, DCB_LOG_INFO,
			        N_("received C-ECHO request (message ID %u) from %s"),
			        c->message_id, a->peer);
			send_rsp(a, o->pcid, c, STATUS_SUCCESS, NULL);
		} else if (c->command == DCB_C_STORE_RQ) {
			eng_log(e, a->id, DCB_LOG_WARN,
			        N_("C-STORE-RQ from %s says no data set follows; answering 0xC000"),
			        a->peer);
			send_rsp(a, o->pcid, c, STATUS_CANNOT_UNDERSTAND, "no data set");
		} else {
			eng_log(e, a->id, DCB_LOG_WARN,
			        N_("%s from %s is not supported by this SCP; answering 0x0211"),
			        dcb_dimse_command_name(c->command), a->peer);
			send_rsp(a, o->pcid, c, STATUS_UNRECOGNIZED_OPERATION, NULL);
		}
		break;
	case DCB_DIMSE_RX_COMMAND:
		if (c->command == DCB_C_STORE_RQ) {
			store_begin(a, o->pcid);
		} else {
			eng_log(e, a->id, DCB_LOG_WARN,
			        N_("%s from %s is not supported by this SCP; answering 0x0211"),
			        dcb_dimse_command_name(c->command), a->peer);
			memset(&a->op, 0, sizeof a->op);
			a->op.active = true;
			a->op.discard = true;
			a->op.rq = *c;
			a->op.status = STATUS_UNRECOGNIZED_OPERATION;
		}
		break;
	case DCB_DIMSE_RX_DATA:
		if (a->op.active)
			store_data(a, o->bytes, o->len);
		break;
	case DCB_DIMSE_RX_DATA_END:
		if (!a->op.active)
			break;
		if (a->op.rq.command == DCB_C_STORE_RQ) {
			store_end(a, o->pcid);
		} else {
			a->op.active = false;
			send_rsp(a, o->pcid, &a->op.rq, a->op.status, NULL);
		}
		break;
	}
}

void
scp_sync(struct assoc *a)
{
	struct dcb_error err = {0};

	if (a->op.file != NULL && dcb_store_sync(a->op.file, &err) < 0) {
		eng_error(a->e, a->id, N_("%s; answering 0xA700 (out of resources)"), err.message);
		store_fail(a, STATUS_OUT_OF_RESOURCES, "cannot write the file");
	}
}

void
scp_on_close(struct assoc *a)
{
	if (a->op.file != NULL) {
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("incomplete object %s from %s discarded (nothing was written under "
		           "its name)"),
		        a->op.rq.affected_sop_instance, a->peer);
		dcb_store_abort(a->op.file);
		a->op.file = NULL;
		a->e->stats.store_failed++;
	}
	if (a->ul.state != DCB_STA1 || a->reason[0] != '\0')
		eng_log(a->e, a->id, DCB_LOG_INFO, N_("association with %s ended: %s"), a->peer,
		        a->reason[0] ? a->reason : _("connection closed"));
}
