/* pdu.c — decode the seven upper-layer PDUs (PS3.8 §9.3), every length
 * checked against its parent.  Encoding is in pdu-encode.c. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "bytes.h"
#include "i18n.h"
#include "pdu.h"
#include "textbuf.h"

#define ASSOC_FIXED 68 /* protocol version .. reserved, PS3.8 Table 9-11 */

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
		return dcb_error_set(
		    r->err, DCB_ERR_MALFORMED, (int64_t)off,
		    N_("%zu stray bytes at offset %zu in %s: too short for an item "
		       "header (4 bytes)"),
		    end - off, off, dcb_tr(parent));
	*type = r->buf[off];
	*len = dcb_be16(r->buf + off + 2);
	if (*len > end - off - 4)
		return dcb_error_set(
		    r->err, DCB_ERR_MALFORMED, (int64_t)off,
		    N_("item 0x%02x (%s) at offset %zu claims %zu bytes, but only %zu "
		       "are left in %s"),
		    *type, dcb_item_type_name((uint8_t)*type), off, *len, end - off - 4,
		    dcb_tr(parent));
	return 0;
}

static int
bad_len(struct rd *r, unsigned type, size_t off, size_t len, const char *want)
{
	return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)off,
	                     N_("item 0x%02x (%s) at offset %zu has length %zu; %s"), type,
	                     dcb_item_type_name((uint8_t)type), off, len, dcb_tr(want));
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
		return dcb_error_set(
		    r->err, DCB_ERR_MALFORMED, (int64_t)off,
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
		                     N_("item 0x%02x (%s) ends at offset %zu before a UID length"),
		                     type, dcb_item_type_name((uint8_t)type), *p);
	n = dcb_be16(r->buf + *p);
	if (n > end - *p - 2)
		return dcb_error_set(
		    r->err, DCB_ERR_MALFORMED, (int64_t)*p,
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
	n1 = dcb_be16(r->buf + p + 2);
	if (n1 > end - p - 4 || end - p - 4 - n1 < 2)
		return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)(p + 2),
		                     N_("user identity primary field of %zu bytes at offset %zu "
		                        "over-runs its item (%zu bytes)"),
		                     n1, p + 2, len);
	n2 = dcb_be16(r->buf + p + 4 + n1);
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
		return dcb_error_set(
		    r->err, DCB_ERR_MALFORMED, (int64_t)p,
		    N_("item 0x57 (%s) ends at offset %zu before the related classes "
		       "length"),
		    dcb_item_type_name(0x57), p);
	rel_end = p + 2 + dcb_be16(r->buf + p);
	if (rel_end != end)
		return dcb_error_set(
		    r->err, DCB_ERR_MALFORMED, (int64_t)p,
		    N_("related general SOP classes length %u at offset %zu does not "
		       "match item 0x57, which has %zu bytes left"),
		    dcb_be16(r->buf + p), p, end - p - 2);
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
			u->max_length = dcb_be32(r->buf + v);
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
			u->max_ops_invoked = dcb_be16(r->buf + v);
			u->max_ops_performed = dcb_be16(r->buf + v + 2);
			break;
		case DCB_ITEM_ROLE_SELECTION: {
			struct dcb_role tmp = {0};
			size_t q = v;

			if (sub < 4 || (size_t)dcb_be16(r->buf + v) + 4 != sub)
				return dcb_error_set(
				    r->err, DCB_ERR_MALFORMED, (int64_t)p,
				    N_("role selection item at offset %zu: UID length %u "
				       "+ 4 does not match the item length %zu"),
				    p, sub >= 2 ? dcb_be16(r->buf + v) : 0, sub);
			if ((rc = get_prefixed_uid(r, &q, v + sub, type, tmp.sop_class)) < 0)
				return rc;
			tmp.scu_role = r->buf[q];
			tmp.scp_role = r->buf[q + 1];
			if (tmp.scu_role > 1 || tmp.scp_role > 1)
				note(r, DCB_NOTE_BAD_RESULT, type, q,
				     tmp.scu_role << 8 | tmp.scp_role);
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
				u->impl_version[i] =
				    r->buf[v + i] == '\0' ? '?' : (char)r->buf[v + i];
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

			if (sub < 2 || (size_t)dcb_be16(r->buf + v) + 2 != sub)
				return dcb_error_set(
				    r->err, DCB_ERR_MALFORMED, (int64_t)p,
				    N_("user identity response at offset %zu: length %u + 2 "
				       "does not match the item length %zu"),
				    p, sub >= 2 ? dcb_be16(r->buf + v) : 0, sub);
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
		return dcb_error_set(
		    r->err, DCB_ERR_MALFORMED, DCB_PDU_HEADER,
		    N_("%s of %zu bytes is shorter than its fixed part (%d bytes)"), name, len,
		    ASSOC_FIXED);
	a->protocol_version = dcb_be16(r->buf + 6);
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
				return dcb_error_set(
				    r->err, DCB_ERR_LIMIT, (int64_t)p,
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
		return dcb_error_set(
		    err, DCB_ERR_MALFORMED, (int64_t)(DCB_PDU_HEADER + p),
		    N_("%zu stray bytes at offset %zu of a P-DATA-TF: too short for a "
		       "PDV header (6 bytes)"),
		    body_len - p, DCB_PDU_HEADER + p);
	n = dcb_be32(body + p);
	if (n < 2)
		return dcb_error_set(
		    err, DCB_ERR_MALFORMED, (int64_t)(DCB_PDU_HEADER + p),
		    N_("PDV at offset %zu has item length %u; at least 2 (context ID "
		       "and control header) are needed"),
		    DCB_PDU_HEADER + p, n);
	if (n > body_len - p - 4)
		return dcb_error_set(
		    err, DCB_ERR_MALFORMED, (int64_t)(DCB_PDU_HEADER + p),
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
	plen = dcb_be32(buf + 2);
	pdu->length = plen;
	if (pdu->type < DCB_PDU_ASSOCIATE_RQ || pdu->type > DCB_PDU_ABORT)
		return dcb_error_set(err, DCB_ERR_PROTOCOL, 0,
		                     buf[0] == 0x16
		                         ? N_("unknown PDU type 0x%02x: these bytes look "
		                              "like a TLS handshake; is the peer using TLS "
		                              "on a plain port?")
		                         : N_("unknown PDU type 0x%02x"),
		                     buf[0]);
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
				note(&r, DCB_NOTE_BAD_RESULT, 0, 7, dcb_be32(buf + 6));
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
	return dcb_error_set(err, DCB_ERR_PROTOCOL, 0, N_("unknown PDU type 0x%02x"), buf[0]);
}
