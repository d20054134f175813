/* pdu-encode.c — write the seven upper-layer PDUs (PS3.8 §9.3) into
 * caller buffers. */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "pdu.h"
#include "textbuf.h"

/* --- encode --------------------------------------------------------------- */

/* A writer that counts even when out of room, so one pass tells the size. */
struct wr {
	uint8_t *p;
	size_t size;
	size_t off;
};

static void
put8(struct wr *w, unsigned v)
{
	if (w->off < w->size)
		w->p[w->off] = (uint8_t)v;
	w->off++;
}

static void
put16(struct wr *w, unsigned v)
{
	put8(w, v >> 8);
	put8(w, v);
}

static void
put32(struct wr *w, uint32_t v)
{
	put16(w, v >> 16);
	put16(w, v & 0xffff);
}

static void
putbytes(struct wr *w, const void *src, size_t n)
{
	const uint8_t *s = src;

	for (size_t i = 0; i < n; i++)
		put8(w, s[i]);
}

static void
patch16(struct wr *w, size_t at, size_t v)
{
	if (at + 2 <= w->size) {
		w->p[at] = (uint8_t)(v >> 8);
		w->p[at + 1] = (uint8_t)v;
	}
}

static void
patch32(struct wr *w, size_t at, size_t v)
{
	if (at + 4 <= w->size) {
		w->p[at] = (uint8_t)(v >> 24);
		w->p[at + 1] = (uint8_t)(v >> 16);
		w->p[at + 2] = (uint8_t)(v >> 8);
		w->p[at + 3] = (uint8_t)v;
	}
}

/* Opens an item with a 16-bit length; returns where the length goes. */
static size_t
item_open(struct wr *w, unsigned type, unsigned reserved)
{
	size_t at;

	put8(w, type);
	put8(w, reserved);
	at = w->off;
	put16(w, 0);
	return at;
}

static int
item_close(struct wr *w, size_t at, unsigned type, struct dcb_error *err)
{
	size_t len = w->off - at - 2;

	if (len > 0xffff)
		return dcb_error_set(
		    err, DCB_ERR_USAGE, (int64_t)at,
		    N_("item 0x%02x (%s) would be %zu bytes long; an item holds at "
		       "most 65535"),
		    type, dcb_item_type_name((uint8_t)type), len);
	patch16(w, at, len);
	return 0;
}

static int
check_uid(const char *uid, const char *what, struct dcb_error *err)
{
	if (strlen(uid) > DCB_UID_MAX)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("%s \"%.20s...\" is longer than 64 characters"), dcb_tr(what),
		                     uid);
	return 0;
}

static int
put_uid_item(struct wr *w, unsigned type, const char *uid, struct dcb_error *err)
{
	size_t at = item_open(w, type, 0);

	putbytes(w, uid, strlen(uid));
	return item_close(w, at, type, err);
}

static void
put_ae(struct wr *w, const char *ae)
{
	size_t n = strlen(ae);

	if (n > DCB_AE_MAX)
		n = DCB_AE_MAX;
	putbytes(w, ae, n);
	for (; n < DCB_AE_MAX; n++)
		put8(w, ' ');
}

static int
put_user_info(struct wr *w, const struct dcb_user_info *u, struct dcb_error *err)
{
	size_t at = item_open(w, DCB_ITEM_USER_INFO, 0);
	size_t sub;
	int rc;

	sub = item_open(w, DCB_ITEM_MAX_LENGTH, 0);
	put32(w, u->has_max_length ? u->max_length : 0);
	item_close(w, sub, DCB_ITEM_MAX_LENGTH, err);

	if (u->impl_class_uid[0] != '\0') {
		rc = put_uid_item(w, DCB_ITEM_IMPL_CLASS_UID, u->impl_class_uid, err);
		if (rc < 0)
			return rc;
	}
	if (u->has_async_ops) {
		sub = item_open(w, DCB_ITEM_ASYNC_OPS, 0);
		put16(w, u->max_ops_invoked);
		put16(w, u->max_ops_performed);
		item_close(w, sub, DCB_ITEM_ASYNC_OPS, err);
	}
	for (unsigned i = 0; i < u->n_roles && i < DCB_MAX_ROLES; i++) {
		const struct dcb_role *r = &u->roles[i];

		sub = item_open(w, DCB_ITEM_ROLE_SELECTION, 0);
		put16(w, (unsigned)strlen(r->sop_class));
		putbytes(w, r->sop_class, strlen(r->sop_class));
		put8(w, r->scu_role);
		put8(w, r->scp_role);
		item_close(w, sub, DCB_ITEM_ROLE_SELECTION, err);
	}
	if (u->impl_version[0] != '\0') {
		sub = item_open(w, DCB_ITEM_IMPL_VERSION, 0);
		putbytes(w, u->impl_version, strlen(u->impl_version));
		item_close(w, sub, DCB_ITEM_IMPL_VERSION, err);
	}
	for (unsigned i = 0; i < u->n_ext_neg && i < DCB_MAX_EXT_NEG; i++) {
		const struct dcb_ext_neg *x = &u->ext_neg[i];
		size_t n = x->info_len < DCB_MAX_EXT_NEG_INFO ? x->info_len : DCB_MAX_EXT_NEG_INFO;

		sub = item_open(w, DCB_ITEM_SOP_EXT_NEG, 0);
		put16(w, (unsigned)strlen(x->sop_class));
		putbytes(w, x->sop_class, strlen(x->sop_class));
		putbytes(w, x->info, n);
		item_close(w, sub, DCB_ITEM_SOP_EXT_NEG, err);
	}
	for (unsigned i = 0; i < u->n_common_ext_neg && i < DCB_MAX_COMMON_EXT_NEG; i++) {
		const struct dcb_common_ext_neg *c = &u->common_ext_neg[i];
		size_t rel;

		sub = item_open(w, DCB_ITEM_SOP_COMMON_EXT_NEG, c->version);
		put16(w, (unsigned)strlen(c->sop_class));
		putbytes(w, c->sop_class, strlen(c->sop_class));
		put16(w, (unsigned)strlen(c->service_class));
		putbytes(w, c->service_class, strlen(c->service_class));
		rel = w->off;
		put16(w, 0);
		for (unsigned k = 0; k < c->n_related && k < DCB_MAX_RELATED_CLASSES; k++) {
			put16(w, (unsigned)strlen(c->related[k]));
			putbytes(w, c->related[k], strlen(c->related[k]));
		}
		patch16(w, rel, w->off - rel - 2);
		rc = item_close(w, sub, DCB_ITEM_SOP_COMMON_EXT_NEG, err);
		if (rc < 0)
			return rc;
	}
	if (u->has_identity_rq) {
		const struct dcb_identity_rq *id = &u->identity_rq;
		size_t n1 = id->primary_len < DCB_MAX_IDENTITY ? id->primary_len : DCB_MAX_IDENTITY;
		size_t n2 = id->secondary_len < DCB_MAX_IDENTITY ? id->secondary_len
		                                                 : DCB_MAX_IDENTITY;

		sub = item_open(w, DCB_ITEM_USER_IDENTITY_RQ, 0);
		put8(w, id->type);
		put8(w, id->positive_response_requested);
		put16(w, (unsigned)n1);
		putbytes(w, id->primary, n1);
		put16(w, (unsigned)n2);
		putbytes(w, id->secondary, n2);
		item_close(w, sub, DCB_ITEM_USER_IDENTITY_RQ, err);
	}
	if (u->has_identity_ac) {
		const struct dcb_identity_ac *id = &u->identity_ac;
		size_t n =
		    id->response_len < DCB_MAX_IDENTITY ? id->response_len : DCB_MAX_IDENTITY;

		sub = item_open(w, DCB_ITEM_USER_IDENTITY_AC, 0);
		put16(w, (unsigned)n);
		putbytes(w, id->response, n);
		item_close(w, sub, DCB_ITEM_USER_IDENTITY_AC, err);
	}
	return item_close(w, at, DCB_ITEM_USER_INFO, err);
}

static int
check_assoc(const struct dcb_assoc *a, struct dcb_error *err)
{
	const struct dcb_user_info *u = &a->user;
	int rc;

	if (a->n_pctx > DCB_MAX_CONTEXTS)
		return dcb_error_set(
		    err, DCB_ERR_USAGE, -1,
		    N_("%u presentation contexts; at most %d fit in an association"), a->n_pctx,
		    DCB_MAX_CONTEXTS);
	if ((rc = check_uid(a->app_context, N_("application context"), err)) < 0 ||
	    (rc = check_uid(u->impl_class_uid, N_("implementation class UID"), err)) < 0)
		return rc;
	for (unsigned i = 0; i < a->n_pctx; i++) {
		const struct dcb_pctx *pc = &a->pctx[i];

		if (pc->n_ts > DCB_MAX_TS_PER_CONTEXT)
			return dcb_error_set(
			    err, DCB_ERR_USAGE, -1,
			    N_("presentation context %u has %u transfer syntaxes; at "
			       "most %d are kept"),
			    pc->id, pc->n_ts, DCB_MAX_TS_PER_CONTEXT);
		if ((rc = check_uid(pc->abstract_syntax, N_("abstract syntax"), err)) < 0)
			return rc;
		for (unsigned k = 0; k < pc->n_ts; k++)
			if ((rc = check_uid(pc->ts[k], N_("transfer syntax"), err)) < 0)
				return rc;
	}
	for (unsigned i = 0; i < u->n_roles && i < DCB_MAX_ROLES; i++)
		if ((rc = check_uid(u->roles[i].sop_class, N_("role selection SOP class"), err)) <
		    0)
			return rc;
	for (unsigned i = 0; i < u->n_ext_neg && i < DCB_MAX_EXT_NEG; i++)
		if ((rc = check_uid(u->ext_neg[i].sop_class, N_("extended negotiation SOP class"),
		                    err)) < 0)
			return rc;
	for (unsigned i = 0; i < u->n_common_ext_neg && i < DCB_MAX_COMMON_EXT_NEG; i++) {
		const struct dcb_common_ext_neg *c = &u->common_ext_neg[i];

		if ((rc = check_uid(c->sop_class, N_("common extended negotiation SOP class"),
		                    err)) < 0 ||
		    (rc = check_uid(c->service_class, N_("service class"), err)) < 0)
			return rc;
		for (unsigned k = 0; k < c->n_related && k < DCB_MAX_RELATED_CLASSES; k++)
			if ((rc = check_uid(c->related[k], N_("related general SOP class"), err)) <
			    0)
				return rc;
	}
	return 0;
}

static int
put_assoc(struct wr *w, bool rq, const struct dcb_assoc *a, struct dcb_error *err)
{
	int rc = check_assoc(a, err);

	if (rc < 0)
		return rc;
	put16(w, a->protocol_version);
	put16(w, 0);
	put_ae(w, a->called_ae);
	put_ae(w, a->calling_ae);
	for (int i = 0; i < 32; i++)
		put8(w, 0);
	if ((rc = put_uid_item(w, DCB_ITEM_APP_CONTEXT, a->app_context, err)) < 0)
		return rc;
	for (unsigned i = 0; i < a->n_pctx; i++) {
		const struct dcb_pctx *pc = &a->pctx[i];
		size_t at = item_open(w, rq ? DCB_ITEM_PCTX_RQ : DCB_ITEM_PCTX_AC, 0);

		put8(w, pc->id);
		put8(w, 0);
		put8(w, rq ? 0 : pc->result);
		put8(w, 0);
		if (rq) {
			put_uid_item(w, DCB_ITEM_ABSTRACT_SYNTAX, pc->abstract_syntax, err);
			for (unsigned k = 0; k < pc->n_ts; k++)
				put_uid_item(w, DCB_ITEM_TRANSFER_SYNTAX, pc->ts[k], err);
		} else {
			put_uid_item(w, DCB_ITEM_TRANSFER_SYNTAX, pc->n_ts > 0 ? pc->ts[0] : "",
			             err);
		}
		if ((rc = item_close(w, at, rq ? DCB_ITEM_PCTX_RQ : DCB_ITEM_PCTX_AC, err)) < 0)
			return rc;
	}
	return put_user_info(w, &a->user, err);
}

static ssize_t
encode(const struct dcb_pdu *pdu, struct wr *w, struct dcb_error *err)
{
	int rc = 0;

	put8(w, pdu->type);
	put8(w, 0);
	put32(w, 0);
	switch (pdu->type) {
	case DCB_PDU_ASSOCIATE_RQ:
	case DCB_PDU_ASSOCIATE_AC:
		rc = put_assoc(w, pdu->type == DCB_PDU_ASSOCIATE_RQ, &pdu->u.assoc, err);
		break;
	case DCB_PDU_ASSOCIATE_RJ:
		put8(w, 0);
		put8(w, pdu->u.rj.result);
		put8(w, pdu->u.rj.source);
		put8(w, pdu->u.rj.reason);
		break;
	case DCB_PDU_RELEASE_RQ:
	case DCB_PDU_RELEASE_RP:
		put32(w, 0);
		break;
	case DCB_PDU_ABORT:
		put8(w, 0);
		put8(w, 0);
		put8(w, pdu->u.abort.source);
		put8(w, pdu->u.abort.reason);
		break;
	case DCB_PDU_P_DATA_TF:
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("P-DATA-TF PDUs are built by the DIMSE fragmenter, not by "
		                        "dcb_pdu_encode()"));
	default:
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("cannot encode PDU type 0x%02x"),
		                     pdu->type);
	}
	if (rc < 0)
		return rc;
	patch32(w, 2, w->off - DCB_PDU_HEADER);
	return (ssize_t)w->off;
}

ssize_t
dcb_pdu_encoded_size(const struct dcb_pdu *pdu, struct dcb_error *err)
{
	struct wr w = {NULL, 0, 0};

	return encode(pdu, &w, err);
}

ssize_t
dcb_pdu_encode(const struct dcb_pdu *pdu, uint8_t *buf, size_t size, struct dcb_error *err)
{
	struct wr w = {buf, size, 0};
	ssize_t n = encode(pdu, &w, err);

	if (n < 0)
		return n;
	if ((size_t)n > size)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1,
		                     N_("%s needs %zd bytes, the buffer has %zu"),
		                     dcb_pdu_type_name(pdu->type), n, size);
	return n;
}

void
dcb_pdu_pdata_header(uint8_t hdr[DCB_PDU_HEADER], uint32_t body_len)
{
	struct wr w = {hdr, DCB_PDU_HEADER, 0};

	put8(&w, DCB_PDU_P_DATA_TF);
	put8(&w, 0);
	put32(&w, body_len);
}

void
dcb_pdu_pdv_header(uint8_t hdr[DCB_PDV_HEADER], uint32_t payload_len, uint8_t pcid, uint8_t mch)
{
	struct wr w = {hdr, DCB_PDV_HEADER, 0};

	put32(&w, payload_len + 2);
	put8(&w, pcid);
	put8(&w, mch);
}

void
dcb_pdu_init(struct dcb_pdu *pdu, enum dcb_pdu_type type)
{
	memset(pdu, 0, sizeof *pdu);
	pdu->type = (uint8_t)type;
	switch (type) {
	case DCB_PDU_ASSOCIATE_RQ:
	case DCB_PDU_ASSOCIATE_AC:
		pdu->u.assoc.protocol_version = 1;
		dcb_copy_cut(pdu->u.assoc.app_context, sizeof pdu->u.assoc.app_context,
		         DCB_APP_CONTEXT_UID);
		pdu->u.assoc.user.has_max_length = true;
		pdu->u.assoc.user.max_length = DCB_PDU_DEFAULT_MAX;
		break;
	case DCB_PDU_ASSOCIATE_RJ:
		pdu->u.rj.result = DCB_RJ_PERMANENT;
		pdu->u.rj.source = DCB_RJ_SOURCE_USER;
		pdu->u.rj.reason = 1;
		break;
	case DCB_PDU_ABORT:
		pdu->u.abort.source = DCB_ABORT_SOURCE_USER;
		break;
	default:
		break;
	}
}
