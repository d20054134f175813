/* pdu.c — encode and decode the seven upper-layer PDUs (PS3.8 §9.3). */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "i18n.h"
#include "pdu.h"

#define ASSOC_FIXED 68 /* protocol version .. reserved, PS3.8 Table 9-11 */

/* --- byte helpers -------------------------------------------------------- */

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const char *tr(const char *s) __attribute__((format_arg(1)));

static const char *
tr(const char *s)
{
	return dgettext(PACKAGE, s);
}

static void
copy_cut(char *dst, size_t dsize, const char *src)
{
	size_t n = src != NULL ? strlen(src) : 0;

	if (n >= dsize)
		n = dsize - 1;
	if (n > 0)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

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
		return dcb_error_set(err, DCB_ERR_USAGE, (int64_t)at,
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
		                     N_("%s \"%.20s...\" is longer than 64 characters"), tr(what),
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
		size_t n = id->response_len < DCB_MAX_IDENTITY ? id->response_len : DCB_MAX_IDENTITY;

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
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("%u presentation contexts; at most %d fit in an association"),
		                     a->n_pctx, DCB_MAX_CONTEXTS);
	if ((rc = check_uid(a->app_context, N_("application context"), err)) < 0 ||
	    (rc = check_uid(u->impl_class_uid, N_("implementation class UID"), err)) < 0)
		return rc;
	for (unsigned i = 0; i < a->n_pctx; i++) {
		const struct dcb_pctx *pc = &a->pctx[i];

		if (pc->n_ts > DCB_MAX_TS_PER_CONTEXT)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
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
		if ((rc = check_uid(u->roles[i].sop_class, N_("role selection SOP class"), err)) < 0)
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
			if ((rc = check_uid(c->related[k], N_("related general SOP class"), err)) < 0)
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
		copy_cut(pdu->u.assoc.app_context, sizeof pdu->u.assoc.app_context,
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

/* --- decode ---------------------------------------------------------------- */

struct rd {
	const uint8_t *buf;          /* the whole PDU */
	struct dcb_pdu *pdu;
	struct dcb_error *err;
};

static void
note(struct rd *r, enum dcb_pdu_note_kind kind, unsigned item, size_t off, uint32_t value)
{
	struct dcb_pdu *pdu = r->pdu;

	if (pdu->n_notes >= DCB_MAX_PDU_NOTES) {
		pdu->notes_dropped++;
		return;
	}
	pdu->notes[pdu->n_notes++] = (struct dcb_pdu_note){
		.kind = (uint16_t)kind, .item = (uint8_t)item, .offset = (uint32_t)off, .value = value};
}

/* Copies a UID of n bytes at off, noting padding, length and syntax. */
static void
get_uid(struct rd *r, size_t off, size_t n, unsigned item, char *out)
{
	const uint8_t *s = r->buf + off;
	size_t keep;

	if (n > 0 && (s[n - 1] == '\0' || s[n - 1] == ' ')) {
		note(r, DCB_NOTE_UID_PADDED, item, off, s[n - 1]);
		while (n > 0 && (s[n - 1] == '\0' || s[n - 1] == ' '))
			n--;
	}
	if (n == 0)
		note(r, DCB_NOTE_UID_EMPTY, item, off, 0);
	keep = n;
	if (keep > DCB_UID_MAX) {
		note(r, DCB_NOTE_UID_TOO_LONG, item, off, (uint32_t)n);
		keep = DCB_UID_MAX;
	}
	for (size_t i = 0; i < n; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) {
			note(r, DCB_NOTE_UID_SYNTAX, item, off + i, s[i]);
			break;
		}
	}
	for (size_t i = 0; i < keep; i++)
		out[i] = s[i] == '\0' ? '?' : (char)s[i];
	out[keep] = '\0';
}

/* An item header at off inside [.., end): fills type and length, checks
 * that the item fits its parent. */
static int
item_header(struct rd *r, size_t off, size_t end, const char *parent, unsigned *type,
            size_t *len)
{
	if (end - off < 4)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)off,
		                     N_("%zu stray bytes at offset %zu in %s: too short for an item "
		                        "header (4 bytes)"),
		                     end - off, off, tr(parent));
	*type = r->buf[off];
	*len = be16(r->buf + off + 2);
	if (*len > end - off - 4)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)off,
		                     N_("item 0x%02x (%s) at offset %zu claims %zu bytes, but only %zu "
		                        "are left in %s"),
		                     *type, dcb_item_type_name((uint8_t)*type), off, *len,
		                     end - off - 4, tr(parent));
	return 0;
}

static int
bad_len(struct rd *r, unsigned type, size_t off, size_t len, const char *want)
{
	return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)off,
	                     N_("item 0x%02x (%s) at offset %zu has length %zu; %s"), type,
	                     dcb_item_type_name((uint8_t)type), off, len, tr(want));
}

static int
get_pctx_rq(struct rd *r, size_t off, size_t len, struct dcb_pctx *pc)
{
	size_t end = off + 4 + len, p = off + 8;
	bool have_abstract = false;
	unsigned type;
	size_t sub;
	int rc;

	if (len < 4)
		return bad_len(r, DCB_ITEM_PCTX_RQ, off, len, N_("at least 4 are needed"));
	pc->id = r->buf[off + 4];
	while (p < end) {
		if ((rc = item_header(r, p, end, N_("a presentation context"), &type, &sub)) < 0)
			return rc;
		if (type == DCB_ITEM_ABSTRACT_SYNTAX) {
			if (have_abstract)
				note(r, DCB_NOTE_DUPLICATE_ITEM, type, p, pc->id);
			if (pc->n_ts > 0)
				note(r, DCB_NOTE_ITEM_ORDER, type, p, pc->id);
			get_uid(r, p + 4, sub, type, pc->abstract_syntax);
			have_abstract = true;
		} else if (type == DCB_ITEM_TRANSFER_SYNTAX) {
			if (pc->n_ts < DCB_MAX_TS_PER_CONTEXT) {
				get_uid(r, p + 4, sub, type, pc->ts[pc->n_ts]);
				pc->n_ts++;
			} else {
				if (pc->ts_dropped == 0)
					note(r, DCB_NOTE_TS_DROPPED, type, p, pc->id);
				if (pc->ts_dropped < 255)
					pc->ts_dropped++;
			}
		} else {
			note(r, DCB_NOTE_UNKNOWN_ITEM, type, p, (uint32_t)sub);
		}
		p += 4 + sub;
	}
	if (!have_abstract)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)off,
		                     N_("presentation context %u at offset %zu has no abstract syntax "
		                        "sub-item"),
		                     pc->id, off);
	return 0;
}

static int
get_pctx_ac(struct rd *r, size_t off, size_t len, struct dcb_pctx *pc)
{
	size_t end = off + 4 + len, p = off + 8;
	unsigned type;
	size_t sub;
	int rc;

	if (len < 4)
		return bad_len(r, DCB_ITEM_PCTX_AC, off, len, N_("at least 4 are needed"));
	pc->id = r->buf[off + 4];
	pc->result = r->buf[off + 6];
	if (pc->result > DCB_PCTX_TS_NOT_SUPPORTED)
		note(r, DCB_NOTE_BAD_RESULT, DCB_ITEM_PCTX_AC, off + 6, pc->result);
	while (p < end) {
		if ((rc = item_header(r, p, end, N_("a presentation context"), &type, &sub)) < 0)
			return rc;
		if (type == DCB_ITEM_TRANSFER_SYNTAX) {
			if (pc->n_ts > 0)
				note(r, DCB_NOTE_DUPLICATE_ITEM, type, p, pc->id);
			/* A rejected context's syntax "shall not be tested". */
			if (pc->result == DCB_PCTX_ACCEPTANCE || sub > 0) {
				get_uid(r, p + 4, sub, pc->result == DCB_PCTX_ACCEPTANCE ? type : 0,
				        pc->ts[0]);
				pc->n_ts = 1;
			}
		} else {
			note(r, DCB_NOTE_UNKNOWN_ITEM, type, p, (uint32_t)sub);
		}
		p += 4 + sub;
	}
	if (pc->result == DCB_PCTX_ACCEPTANCE && pc->n_ts == 0)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)off,
		                     N_("accepted presentation context %u at offset %zu names no "
		                        "transfer syntax"),
		                     pc->id, off);
	return 0;
}

/* A length-prefixed (16-bit) UID inside a sub-item: [*p, end). */
static int
get_prefixed_uid(struct rd *r, size_t *p, size_t end, unsigned type, char *out)
{
	size_t n;

	if (end - *p < 2)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)*p,
		                     N_("item 0x%02x (%s) ends at offset %zu before a UID length"), type,
		                     dcb_item_type_name((uint8_t)type), *p);
	n = be16(r->buf + *p);
	if (n > end - *p - 2)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)*p,
		                     N_("UID length %zu at offset %zu over-runs item 0x%02x (%s), which "
		                        "has %zu bytes left"),
		                     n, *p, type, dcb_item_type_name((uint8_t)type), end - *p - 2);
	get_uid(r, *p + 2, n, type, out);
	*p += 2 + n;
	return 0;
}

static int
get_identity_rq(struct rd *r, size_t off, size_t len, struct dcb_identity_rq *id)
{
	size_t p = off + 4, end = off + 4 + len, n1, n2;

	if (len < 6)
		return bad_len(r, DCB_ITEM_USER_IDENTITY_RQ, off, len, N_("at least 6 are needed"));
	id->type = r->buf[p];
	id->positive_response_requested = r->buf[p + 1];
	n1 = be16(r->buf + p + 2);
	if (n1 > end - p - 4 || end - p - 4 - n1 < 2)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)(p + 2),
		                     N_("user identity primary field of %zu bytes at offset %zu "
		                        "over-runs its item (%zu bytes)"),
		                     n1, p + 2, len);
	n2 = be16(r->buf + p + 4 + n1);
	if (6 + n1 + n2 != len)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)(p + 4 + n1),
		                     N_("user identity secondary field of %zu bytes at offset %zu "
		                        "does not fill its item: %zu + %zu + 6 != %zu"),
		                     n2, p + 4 + n1, n1, n2, len);
	id->primary_len = (uint16_t)n1;
	id->secondary_len = (uint16_t)n2;
	if (n1 > DCB_MAX_IDENTITY || n2 > DCB_MAX_IDENTITY)
		note(r, DCB_NOTE_FIELD_CUT, DCB_ITEM_USER_IDENTITY_RQ, off,
		     (uint32_t)(n1 > n2 ? n1 : n2));
	memcpy(id->primary, r->buf + p + 4, n1 < DCB_MAX_IDENTITY ? n1 : DCB_MAX_IDENTITY);
	memcpy(id->secondary, r->buf + p + 6 + n1, n2 < DCB_MAX_IDENTITY ? n2 : DCB_MAX_IDENTITY);
	return 0;
}

static int
get_common_ext_neg(struct rd *r, size_t off, size_t len, struct dcb_common_ext_neg *c)
{
	size_t p = off + 4, end = off + 4 + len, rel_end;
	unsigned type = DCB_ITEM_SOP_COMMON_EXT_NEG;
	int rc;

	c->version = r->buf[off + 1];
	if ((rc = get_prefixed_uid(r, &p, end, type, c->sop_class)) < 0 ||
	    (rc = get_prefixed_uid(r, &p, end, type, c->service_class)) < 0)
		return rc;
	if (end - p < 2)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)p,
		                     N_("item 0x57 (%s) ends at offset %zu before the related classes "
		                        "length"),
		                     dcb_item_type_name(0x57), p);
	rel_end = p + 2 + be16(r->buf + p);
	if (rel_end != end)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)p,
		                     N_("related general SOP classes length %u at offset %zu does not "
		                        "match item 0x57, which has %zu bytes left"),
		                     be16(r->buf + p), p, end - p - 2);
	p += 2;
	while (p < rel_end) {
		char tmp[DCB_UID_SIZE];

		if ((rc = get_prefixed_uid(r, &p, rel_end, type, tmp)) < 0)
			return rc;
		if (c->n_related < DCB_MAX_RELATED_CLASSES)
			memcpy(c->related[c->n_related++], tmp, sizeof tmp);
		else if (c->related_dropped++ == 0)
			note(r, DCB_NOTE_LIST_FULL, type, p, DCB_MAX_RELATED_CLASSES);
	}
	return 0;
}

static int
get_user_info(struct rd *r, size_t off, size_t len, struct dcb_user_info *u)
{
	size_t p = off + 4, end = off + 4 + len, sub;
	bool seen_impl = false;
	unsigned type;
	int rc;

	while (p < end) {
		size_t v;

		if ((rc = item_header(r, p, end, N_("the user information item"), &type, &sub)) < 0)
			return rc;
		v = p + 4;
		switch (type) {
		case DCB_ITEM_MAX_LENGTH:
			if (sub != 4)
				return bad_len(r, type, p, sub, N_("it must be 4"));
			if (u->has_max_length)
				note(r, DCB_NOTE_DUPLICATE_ITEM, type, p, 0);
			u->has_max_length = true;
			u->max_length = be32(r->buf + v);
			break;
		case DCB_ITEM_IMPL_CLASS_UID:
			if (seen_impl)
				note(r, DCB_NOTE_DUPLICATE_ITEM, type, p, 0);
			seen_impl = true;
			get_uid(r, v, sub, type, u->impl_class_uid);
			break;
		case DCB_ITEM_ASYNC_OPS:
			if (sub != 4)
				return bad_len(r, type, p, sub, N_("it must be 4"));
			if (u->has_async_ops)
				note(r, DCB_NOTE_DUPLICATE_ITEM, type, p, 0);
			u->has_async_ops = true;
			u->max_ops_invoked = be16(r->buf + v);
			u->max_ops_performed = be16(r->buf + v + 2);
			break;
		case DCB_ITEM_ROLE_SELECTION: {
			struct dcb_role tmp = {0};
			size_t q = v;

			if (sub < 4 || (size_t)be16(r->buf + v) + 4 != sub)
				return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)p,
				                     N_("role selection item at offset %zu: UID length %u "
				                        "+ 4 does not match the item length %zu"),
				                     p, sub >= 2 ? be16(r->buf + v) : 0, sub);
			if ((rc = get_prefixed_uid(r, &q, v + sub, type, tmp.sop_class)) < 0)
				return rc;
			tmp.scu_role = r->buf[q];
			tmp.scp_role = r->buf[q + 1];
			if (tmp.scu_role > 1 || tmp.scp_role > 1)
				note(r, DCB_NOTE_BAD_RESULT, type, q, tmp.scu_role << 8 | tmp.scp_role);
			if (u->n_roles < DCB_MAX_ROLES)
				u->roles[u->n_roles++] = tmp;
			else
				note(r, DCB_NOTE_LIST_FULL, type, p, DCB_MAX_ROLES);
			break;
		}
		case DCB_ITEM_IMPL_VERSION: {
			size_t n = sub;

			if (u->impl_version[0] != '\0')
				note(r, DCB_NOTE_DUPLICATE_ITEM, type, p, 0);
			if (n > DCB_IMPL_VERSION_MAX) {
				note(r, DCB_NOTE_FIELD_CUT, type, p, (uint32_t)n);
				n = DCB_IMPL_VERSION_MAX;
			}
			for (size_t i = 0; i < n; i++)
				u->impl_version[i] = r->buf[v + i] == '\0' ? '?' : (char)r->buf[v + i];
			u->impl_version[n] = '\0';
			break;
		}
		case DCB_ITEM_SOP_EXT_NEG: {
			struct dcb_ext_neg tmp = {0};
			size_t q = v, n;

			if ((rc = get_prefixed_uid(r, &q, v + sub, type, tmp.sop_class)) < 0)
				return rc;
			n = v + sub - q;
			tmp.info_len = (uint16_t)n;
			if (n > DCB_MAX_EXT_NEG_INFO) {
				note(r, DCB_NOTE_FIELD_CUT, type, p, (uint32_t)n);
				n = DCB_MAX_EXT_NEG_INFO;
			}
			memcpy(tmp.info, r->buf + q, n);
			if (u->n_ext_neg < DCB_MAX_EXT_NEG)
				u->ext_neg[u->n_ext_neg++] = tmp;
			else
				note(r, DCB_NOTE_LIST_FULL, type, p, DCB_MAX_EXT_NEG);
			break;
		}
		case DCB_ITEM_SOP_COMMON_EXT_NEG:
			if (u->n_common_ext_neg < DCB_MAX_COMMON_EXT_NEG) {
				rc = get_common_ext_neg(r, p, sub,
				                        &u->common_ext_neg[u->n_common_ext_neg]);
				if (rc < 0)
					return rc;
				u->n_common_ext_neg++;
			} else {
				struct dcb_common_ext_neg tmp;

				memset(&tmp, 0, sizeof tmp);
				if ((rc = get_common_ext_neg(r, p, sub, &tmp)) < 0)
					return rc;
				note(r, DCB_NOTE_LIST_FULL, type, p, DCB_MAX_COMMON_EXT_NEG);
			}
			break;
		case DCB_ITEM_USER_IDENTITY_RQ:
			if (u->has_identity_rq)
				note(r, DCB_NOTE_DUPLICATE_ITEM, type, p, 0);
			memset(&u->identity_rq, 0, sizeof u->identity_rq);
			if ((rc = get_identity_rq(r, p, sub, &u->identity_rq)) < 0)
				return rc;
			u->has_identity_rq = true;
			break;
		case DCB_ITEM_USER_IDENTITY_AC: {
			size_t n;

			if (sub < 2 || (size_t)be16(r->buf + v) + 2 != sub)
				return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)p,
				                     N_("user identity response at offset %zu: length %u + 2 "
				                        "does not match the item length %zu"),
				                     p, sub >= 2 ? be16(r->buf + v) : 0, sub);
			if (u->has_identity_ac)
				note(r, DCB_NOTE_DUPLICATE_ITEM, type, p, 0);
			u->has_identity_ac = true;
			n = sub - 2;
			u->identity_ac.response_len = (uint16_t)n;
			if (n > DCB_MAX_IDENTITY) {
				note(r, DCB_NOTE_FIELD_CUT, type, p, (uint32_t)n);
				n = DCB_MAX_IDENTITY;
			}
			memcpy(u->identity_ac.response, r->buf + v + 2, n);
			break;
		}
		default:
			note(r, DCB_NOTE_UNKNOWN_ITEM, type, p, (uint32_t)sub);
			break;
		}
		p += 4 + sub;
	}
	if (!u->has_max_length)
		note(r, DCB_NOTE_NO_MAX_LENGTH, DCB_ITEM_USER_INFO, off, 0);
	if (!seen_impl)
		note(r, DCB_NOTE_NO_IMPL_UID, DCB_ITEM_USER_INFO, off, 0);
	return 0;
}

static void
get_ae(struct rd *r, size_t off, unsigned which, char *out)
{
	const uint8_t *s = r->buf + off;
	size_t n = DCB_AE_MAX;
	bool odd = false;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\0'))
		n--;
	if (n == 0)
		note(r, DCB_NOTE_AE_EMPTY, 0, off, which);
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x20 || s[i] == 0x7f || s[i] == '\\')
			odd = true;
		out[i] = (char)s[i];
	}
	out[n] = '\0';
	if (odd)
		note(r, DCB_NOTE_AE_CHARS, 0, off, which);
}

static int
get_assoc(struct rd *r, size_t len)
{
	struct dcb_assoc *a = &r->pdu->u.assoc;
	bool rq = r->pdu->type == DCB_PDU_ASSOCIATE_RQ;
	const char *name = dcb_pdu_type_name(r->pdu->type);
	size_t p = DCB_PDU_HEADER + ASSOC_FIXED, end = DCB_PDU_HEADER + len, sub;
	bool seen_app = false, seen_user = false;
	int last_kind = 0;
	unsigned type;
	int rc;

	if (len < ASSOC_FIXED)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, DCB_PDU_HEADER,
		                     N_("%s of %zu bytes is shorter than its fixed part (%d bytes)"),
		                     name, len, ASSOC_FIXED);
	a->protocol_version = be16(r->buf + 6);
	if (!(a->protocol_version & 1))
		note(r, DCB_NOTE_PROTOCOL_VERSION, 0, 6, a->protocol_version);
	get_ae(r, 10, 0, a->called_ae);
	get_ae(r, 26, 1, a->calling_ae);
	while (p < end) {
		int kind;

		if ((rc = item_header(r, p, end, name, &type, &sub)) < 0)
			return rc;
		if (type == DCB_ITEM_APP_CONTEXT) {
			kind = 1;
			if (seen_app)
				note(r, DCB_NOTE_DUPLICATE_ITEM, type, p, 0);
			seen_app = true;
			get_uid(r, p + 4, sub, type, a->app_context);
		} else if (type == (rq ? DCB_ITEM_PCTX_RQ : DCB_ITEM_PCTX_AC)) {
			kind = 2;
			if (a->n_pctx >= DCB_MAX_CONTEXTS)
				return dcb_error_set(r->err, DCB_ERR_LIMIT, (int64_t)p,
				                     N_("%s has more than %d presentation contexts (item at "
				                        "offset %zu); context IDs are odd numbers 1-255, so "
				                        "no association can have more"),
				                     name, DCB_MAX_CONTEXTS, p);
			memset(&a->pctx[a->n_pctx], 0, sizeof a->pctx[0]);
			rc = rq ? get_pctx_rq(r, p, sub, &a->pctx[a->n_pctx])
			        : get_pctx_ac(r, p, sub, &a->pctx[a->n_pctx]);
			if (rc < 0)
				return rc;
			a->n_pctx++;
		} else if (type == DCB_ITEM_USER_INFO) {
			kind = 3;
			if (seen_user)
				note(r, DCB_NOTE_DUPLICATE_ITEM, type, p, 0);
			seen_user = true;
			if ((rc = get_user_info(r, p, sub, &a->user)) < 0)
				return rc;
		} else {
			kind = last_kind;
			note(r, DCB_NOTE_UNKNOWN_ITEM, type, p, (uint32_t)sub);
		}
		if (kind < last_kind)
			note(r, DCB_NOTE_ITEM_ORDER, type, p, 0);
		last_kind = kind;
		p += 4 + sub;
	}
	if (!seen_app)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, DCB_PDU_HEADER,
		                     N_("%s has no application context item"), name);
	if (strcmp(a->app_context, DCB_APP_CONTEXT_UID) != 0)
		note(r, DCB_NOTE_APP_CONTEXT, DCB_ITEM_APP_CONTEXT, 0, 0);
	if (!seen_user)
		note(r, DCB_NOTE_NO_USER_INFO, 0, DCB_PDU_HEADER, 0);
	if (a->n_pctx == 0)
		note(r, DCB_NOTE_NO_CONTEXTS, 0, DCB_PDU_HEADER, 0);
	return 0;
}

int
dcb_pdu_next_pdv(const uint8_t *body, size_t body_len, size_t *off, struct dcb_pdv_info *pdv,
                 const uint8_t **payload, struct dcb_error *err)
{
	size_t p = *off;
	uint32_t n;

	if (p >= body_len)
		return 0;
	if (body_len - p < DCB_PDV_HEADER)
		return dcb_error_set(err, DCB_ERR_MALFORMED, (int64_t)(DCB_PDU_HEADER + p),
		                     N_("%zu stray bytes at offset %zu of a P-DATA-TF: too short for a "
		                        "PDV header (6 bytes)"),
		                     body_len - p, DCB_PDU_HEADER + p);
	n = be32(body + p);
	if (n < 2)
		return dcb_error_set(err, DCB_ERR_MALFORMED, (int64_t)(DCB_PDU_HEADER + p),
		                     N_("PDV at offset %zu has item length %u; at least 2 (context ID "
		                        "and control header) are needed"),
		                     DCB_PDU_HEADER + p, n);
	if (n > body_len - p - 4)
		return dcb_error_set(err, DCB_ERR_MALFORMED, (int64_t)(DCB_PDU_HEADER + p),
		                     N_("PDV at offset %zu claims %u bytes, but only %zu are left in "
		                        "the P-DATA-TF"),
		                     DCB_PDU_HEADER + p, n, body_len - p - 4);
	pdv->length = n;
	pdv->pcid = body[p + 4];
	pdv->mch = body[p + 5];
	*payload = body + p + DCB_PDV_HEADER;
	*off = p + 4 + n;
	return 1;
}

int
dcb_pdu_decode(const uint8_t *buf, size_t len, struct dcb_pdu *pdu, struct dcb_error *err)
{
	struct rd r = {buf, pdu, err};
	uint32_t plen;

	memset(pdu, 0, offsetof(struct dcb_pdu, u));
	pdu->n_notes = 0;
	pdu->notes_dropped = 0;
	if (len < DCB_PDU_HEADER)
		return dcb_error_set(err, DCB_ERR_TRUNCATED, 0,
		                     N_("%zu bytes are too few for a PDU header (6 bytes)"), len);
	pdu->type = buf[0];
	plen = be32(buf + 2);
	pdu->length = plen;
	if ((uint64_t)plen + DCB_PDU_HEADER > len)
		return dcb_error_set(err, DCB_ERR_TRUNCATED, (int64_t)len,
		                     N_("%s says %u bytes follow the header, only %zu do"),
		                     dcb_pdu_type_name(buf[0]), plen, len - DCB_PDU_HEADER);
	if ((uint64_t)plen + DCB_PDU_HEADER < len)
		return dcb_error_set(err, DCB_ERR_MALFORMED, (int64_t)(DCB_PDU_HEADER + plen),
		                     N_("%zu bytes after the end of a %s of length %u"),
		                     len - DCB_PDU_HEADER - plen, dcb_pdu_type_name(buf[0]), plen);
	switch (pdu->type) {
	case DCB_PDU_ASSOCIATE_RQ:
	case DCB_PDU_ASSOCIATE_AC:
		memset(&pdu->u.assoc, 0, sizeof pdu->u.assoc);
		return get_assoc(&r, plen);
	case DCB_PDU_ASSOCIATE_RJ:
	case DCB_PDU_RELEASE_RQ:
	case DCB_PDU_RELEASE_RP:
	case DCB_PDU_ABORT:
		if (plen < 4)
			return dcb_error_set(err, DCB_ERR_MALFORMED, 2,
			                     N_("%s has length %u; it must be 4"),
			                     dcb_pdu_type_name(pdu->type), plen);
		if (plen > 4)
			note(&r, DCB_NOTE_BAD_LENGTH, 0, 2, plen);
		if (pdu->type == DCB_PDU_ASSOCIATE_RJ) {
			pdu->u.rj.result = buf[7];
			pdu->u.rj.source = buf[8];
			pdu->u.rj.reason = buf[9];
			if (buf[7] < 1 || buf[7] > 2 || buf[8] < 1 || buf[8] > 3)
				note(&r, DCB_NOTE_BAD_RESULT, 0, 7, be32(buf + 6));
		} else if (pdu->type == DCB_PDU_ABORT) {
			pdu->u.abort.source = buf[8];
			pdu->u.abort.reason = buf[9];
			if (buf[8] != 0 && buf[8] != 2)
				note(&r, DCB_NOTE_BAD_RESULT, 0, 8, buf[8]);
		}
		return 0;
	case DCB_PDU_P_DATA_TF: {
		struct dcb_pdv_info pdv;
		const uint8_t *payload;
		size_t off = 0;
		int rc;

		memset(&pdu->u.pdata, 0, sizeof pdu->u.pdata);
		while ((rc = dcb_pdu_next_pdv(buf + DCB_PDU_HEADER, plen, &off, &pdv, &payload,
		                              err)) > 0) {
			if (pdu->u.pdata.n_pdv < DCB_PDATA_SUMMARY_PDVS)
				pdu->u.pdata.pdv[pdu->u.pdata.n_pdv] = pdv;
			pdu->u.pdata.n_pdv++;
		}
		if (rc < 0)
			return rc;
		if (pdu->u.pdata.n_pdv == 0)
			note(&r, DCB_NOTE_BAD_LENGTH, 0, 2, plen);
		return 0;
	}
	}
	return dcb_error_set(err, DCB_ERR_PROTOCOL, 0,
	                     buf[0] == 0x16 ? N_("unknown PDU type 0x%02x: these bytes look like a "
	                                         "TLS handshake; is the peer using TLS on a plain "
	                                         "port?")
	                                    : N_("unknown PDU type 0x%02x"),
	                     buf[0]);
}
