/* pdu-text.c — PDUs in words: names, one-line summaries, dumps, hex. */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "pdu.h"
#include "textbuf.h"

static const char *trn(const char *one, const char *many, unsigned long n)
	__attribute__((format_arg(1), format_arg(2)));

static const char *
trn(const char *one, const char *many, unsigned long n)
{
#ifdef ENABLE_NLS
	return dngettext(PACKAGE, one, many, n);
#else
	return n == 1 ? one : many;
#endif
}

/* Plurals in this library's text domain, under the name xgettext knows. */
#undef P_
#define P_(s, p, n) trn(s, p, n)

const char *
dcb_pdu_type_name(uint8_t type)
{
	switch (type) {
	case DCB_PDU_ASSOCIATE_RQ: return "A-ASSOCIATE-RQ";
	case DCB_PDU_ASSOCIATE_AC: return "A-ASSOCIATE-AC";
	case DCB_PDU_ASSOCIATE_RJ: return "A-ASSOCIATE-RJ";
	case DCB_PDU_P_DATA_TF:    return "P-DATA-TF";
	case DCB_PDU_RELEASE_RQ:   return "A-RELEASE-RQ";
	case DCB_PDU_RELEASE_RP:   return "A-RELEASE-RP";
	case DCB_PDU_ABORT:        return "A-ABORT";
	}
	return "unknown PDU";
}

const char *
dcb_item_type_name(uint8_t type)
{
	switch (type) {
	case DCB_ITEM_APP_CONTEXT:        return "Application Context";
	case DCB_ITEM_PCTX_RQ:            return "Presentation Context (RQ)";
	case DCB_ITEM_PCTX_AC:            return "Presentation Context (AC)";
	case DCB_ITEM_ABSTRACT_SYNTAX:    return "Abstract Syntax";
	case DCB_ITEM_TRANSFER_SYNTAX:    return "Transfer Syntax";
	case DCB_ITEM_USER_INFO:          return "User Information";
	case DCB_ITEM_MAX_LENGTH:         return "Maximum Length";
	case DCB_ITEM_IMPL_CLASS_UID:     return "Implementation Class UID";
	case DCB_ITEM_ASYNC_OPS:          return "Asynchronous Operations Window";
	case DCB_ITEM_ROLE_SELECTION:     return "SCP/SCU Role Selection";
	case DCB_ITEM_IMPL_VERSION:       return "Implementation Version Name";
	case DCB_ITEM_SOP_EXT_NEG:        return "SOP Class Extended Negotiation";
	case DCB_ITEM_SOP_COMMON_EXT_NEG: return "SOP Class Common Extended Negotiation";
	case DCB_ITEM_USER_IDENTITY_RQ:   return "User Identity (RQ)";
	case DCB_ITEM_USER_IDENTITY_AC:   return "User Identity (AC)";
	}
	return "unknown item";
}

const char *
dcb_pctx_result_name(uint8_t result)
{
	switch (result) {
	case DCB_PCTX_ACCEPTANCE:
		return dcb_tr(N_("acceptance"));
	case DCB_PCTX_USER_REJECTION:
		return dcb_tr(N_("user rejection"));
	case DCB_PCTX_NO_REASON:
		return dcb_tr(N_("no reason (provider rejection)"));
	case DCB_PCTX_ABSTRACT_NOT_SUPPORTED:
		return dcb_tr(N_("abstract syntax not supported (provider rejection)"));
	case DCB_PCTX_TS_NOT_SUPPORTED:
		return dcb_tr(N_("transfer syntaxes not supported (provider rejection)"));
	}
	return dcb_tr(N_("unknown result"));
}

static const char *
rj_reason(const struct dcb_assoc_rj *rj)
{
	switch (rj->source) {
	case DCB_RJ_SOURCE_USER:
		switch (rj->reason) {
		case 1: return N_("no reason given");
		case 2: return N_("application context name not supported");
		case 3: return N_("calling AE title not recognized");
		case 7: return N_("called AE title not recognized");
		}
		break;
	case DCB_RJ_SOURCE_PROVIDER_ACSE:
		switch (rj->reason) {
		case 1: return N_("no reason given");
		case 2: return N_("protocol version not supported");
		}
		break;
	case DCB_RJ_SOURCE_PROVIDER_PRES:
		switch (rj->reason) {
		case 1: return N_("temporary congestion");
		case 2: return N_("local limit exceeded");
		}
		break;
	}
	return N_("reserved reason");
}

size_t
dcb_pdu_rj_describe(const struct dcb_assoc_rj *rj, char *buf, size_t size)
{
	struct dcb_textbuf tb;
	const char *result, *source;

	dcb_textbuf_init(&tb, buf, size);
	result = rj->result == DCB_RJ_PERMANENT   ? N_("rejected permanently")
	         : rj->result == DCB_RJ_TRANSIENT ? N_("rejected transiently")
	                                          : N_("rejected (reserved result)");
	source = rj->source == DCB_RJ_SOURCE_USER ? N_("by the service user")
	         : rj->source == DCB_RJ_SOURCE_PROVIDER_ACSE
	                 ? N_("by the service provider (ACSE)")
	         : rj->source == DCB_RJ_SOURCE_PROVIDER_PRES
	                 ? N_("by the service provider (presentation)")
	                 : N_("by a reserved source");
	dcb_textbuf_printf(&tb, "%s %s: %s (%u/%u/%u)", dcb_tr(result), dcb_tr(source),
	                   dcb_tr(rj_reason(rj)), rj->result, rj->source, rj->reason);
	return tb.len;
}

size_t
dcb_pdu_abort_describe(const struct dcb_abort *ab, char *buf, size_t size)
{
	struct dcb_textbuf tb;
	const char *source, *reason;

	dcb_textbuf_init(&tb, buf, size);
	source = ab->source == DCB_ABORT_SOURCE_USER       ? N_("service user")
	         : ab->source == DCB_ABORT_SOURCE_PROVIDER ? N_("service provider")
	                                                   : N_("reserved source");
	switch (ab->reason) {
	case DCB_ABORT_NOT_SPECIFIED:      reason = N_("reason not specified"); break;
	case DCB_ABORT_UNRECOGNIZED_PDU:   reason = N_("unrecognized PDU"); break;
	case DCB_ABORT_UNEXPECTED_PDU:     reason = N_("unexpected PDU"); break;
	case DCB_ABORT_UNRECOGNIZED_PARAM: reason = N_("unrecognized PDU parameter"); break;
	case DCB_ABORT_UNEXPECTED_PARAM:   reason = N_("unexpected PDU parameter"); break;
	case DCB_ABORT_INVALID_PARAM:      reason = N_("invalid PDU parameter value"); break;
	default:                           reason = N_("reserved reason"); break;
	}
	dcb_textbuf_printf(&tb, dcb_tr(N_("aborted by the %s: %s (%u/%u)")), dcb_tr(source),
	                   dcb_tr(reason), ab->source, ab->reason);
	return tb.len;
}

size_t
dcb_pdu_note_describe(const struct dcb_pdu_note *n, char *buf, size_t size)
{
	struct dcb_textbuf tb;
	const char *item = n->item ? dcb_item_type_name(n->item) : "PDU";

	dcb_textbuf_init(&tb, buf, size);
	switch (n->kind) {
	case DCB_NOTE_UNKNOWN_ITEM:
		dcb_textbuf_printf(&tb,
		                   dcb_tr(N_("unknown item 0x%02x of %u bytes skipped at offset %u")),
		                   n->item, n->value, n->offset);
		break;
	case DCB_NOTE_DUPLICATE_ITEM:
		dcb_textbuf_printf(&tb,
		                   dcb_tr(N_("%s item repeated at offset %u; the last one counts")),
		                   item, n->offset);
		break;
	case DCB_NOTE_UID_PADDED:
		dcb_textbuf_printf(&tb,
		                   dcb_tr(N_("%s UID at offset %u padded with 0x%02x; UIDs in PDUs "
		                         "are not padded")),
		                   item, n->offset, n->value);
		break;
	case DCB_NOTE_UID_TOO_LONG:
		dcb_textbuf_printf(&tb, dcb_tr(N_("%s UID at offset %u is %u characters long; at most "
		                              "64 are allowed")),
		                   item, n->offset, n->value);
		break;
	case DCB_NOTE_UID_SYNTAX:
		dcb_textbuf_printf(&tb,
		                   dcb_tr(N_("%s UID has character 0x%02x at offset %u; only digits "
		                         "and '.' are allowed")),
		                   item, n->value, n->offset);
		break;
	case DCB_NOTE_UID_EMPTY:
		dcb_textbuf_printf(&tb, dcb_tr(N_("%s UID at offset %u is empty")), item, n->offset);
		break;
	case DCB_NOTE_TS_DROPPED:
		dcb_textbuf_printf(&tb,
		                   dcb_tr(N_("presentation context %u proposes more than %d transfer "
		                         "syntaxes; the rest were not considered")),
		                   n->value, DCB_MAX_TS_PER_CONTEXT);
		break;
	case DCB_NOTE_LIST_FULL:
		dcb_textbuf_printf(&tb, dcb_tr(N_("more than %u %s items; the rest were not kept")),
		                   n->value, item);
		break;
	case DCB_NOTE_FIELD_CUT:
		dcb_textbuf_printf(&tb,
		                   dcb_tr(N_("%s item at offset %u carries %u bytes; only the first "
		                         "ones were kept")),
		                   item, n->offset, n->value);
		break;
	case DCB_NOTE_PROTOCOL_VERSION:
		dcb_textbuf_printf(&tb, dcb_tr(N_("protocol version 0x%04x does not have bit 0 set "
		                              "(version 1)")),
		                   n->value);
		break;
	case DCB_NOTE_APP_CONTEXT:
		dcb_textbuf_printf(&tb, dcb_tr(N_("application context is not the DICOM one (%s)")),
		                   DCB_APP_CONTEXT_UID);
		break;
	case DCB_NOTE_AE_EMPTY:
		dcb_textbuf_printf(&tb, "%s", n->value ? dcb_tr(N_("calling AE title is all spaces"))
		                                       : dcb_tr(N_("called AE title is all spaces")));
		break;
	case DCB_NOTE_AE_CHARS:
		dcb_textbuf_printf(&tb, "%s",
		                   n->value ? dcb_tr(N_("calling AE title has control characters or a "
		                                    "backslash"))
		                            : dcb_tr(N_("called AE title has control characters or a "
		                                    "backslash")));
		break;
	case DCB_NOTE_NO_USER_INFO:
		dcb_textbuf_printf(&tb, "%s", dcb_tr(N_("no user information item")));
		break;
	case DCB_NOTE_NO_MAX_LENGTH:
		dcb_textbuf_printf(&tb, "%s", dcb_tr(N_("user information lacks the maximum length "
		                                    "sub-item")));
		break;
	case DCB_NOTE_NO_IMPL_UID:
		dcb_textbuf_printf(&tb, "%s",
		                   dcb_tr(N_("user information lacks the implementation class "
		                         "UID sub-item")));
		break;
	case DCB_NOTE_ITEM_ORDER:
		dcb_textbuf_printf(&tb, dcb_tr(N_("%s item at offset %u is out of the order PS3.8 "
		                              "gives")),
		                   item, n->offset);
		break;
	case DCB_NOTE_BAD_RESULT:
		dcb_textbuf_printf(&tb, dcb_tr(N_("%s has value 0x%x at offset %u, which the standard "
		                              "does not define")),
		                   item, n->value, n->offset);
		break;
	case DCB_NOTE_BAD_LENGTH:
		dcb_textbuf_printf(&tb, dcb_tr(N_("PDU length %u is not what the standard gives for "
		                              "this PDU type")),
		                   n->value);
		break;
	case DCB_NOTE_TRAILING:
		dcb_textbuf_printf(&tb, dcb_tr(N_("%u unused bytes at offset %u")), n->value,
		                   n->offset);
		break;
	case DCB_NOTE_NO_CONTEXTS:
		dcb_textbuf_printf(&tb, "%s", dcb_tr(N_("no presentation context at all")));
		break;
	default:
		dcb_textbuf_printf(&tb, dcb_tr(N_("note %u at offset %u")), n->kind, n->offset);
		break;
	}
	return tb.len;
}

/* Where the next text goes in tb, and the room left there, for the
 * *_describe() functions, which take a plain buffer (NULL when full). */
static char *
tail(const struct dcb_textbuf *tb)
{
	return tb->len < tb->size ? tb->buf + tb->len : NULL;
}

static size_t
room(const struct dcb_textbuf *tb)
{
	return tb->len < tb->size ? tb->size - tb->len : 0;
}

/* A UID cut to width characters with an ellipsis. */
static void
short_uid(struct dcb_textbuf *tb, const char *uid, size_t width)
{
	size_t n = strlen(uid);

	if (n <= width)
		dcb_textbuf_visible(tb, uid, n);
	else {
		dcb_textbuf_visible(tb, uid, width - 1);
		dcb_textbuf_printf(tb, "…");
	}
}

static void
pdv_words(struct dcb_textbuf *tb, const struct dcb_pdv_info *p)
{
	dcb_textbuf_printf(tb, dcb_tr(N_("ctx %u %s%s %u bytes")), p->pcid,
	                   (p->mch & DCB_MCH_COMMAND) ? dcb_tr(N_("command")) : dcb_tr(N_("data")),
	                   (p->mch & DCB_MCH_LAST) ? dcb_tr(N_(" last")) : "", p->length - 2);
}

static void
pdata_summary(struct dcb_textbuf *tb, const struct dcb_pdata_info *pi)
{
	dcb_textbuf_printf(tb, P_("%u PDV", "%u PDVs", pi->n_pdv), pi->n_pdv);
	for (unsigned i = 0; i < pi->n_pdv && i < DCB_PDATA_SUMMARY_PDVS; i++) {
		dcb_textbuf_printf(tb, i == 0 ? ": " : ", ");
		pdv_words(tb, &pi->pdv[i]);
	}
	if (pi->n_pdv > DCB_PDATA_SUMMARY_PDVS)
		dcb_textbuf_printf(tb, ", …");
}

static void
pdata_dump(struct dcb_textbuf *tb, const struct dcb_pdata_info *pi)
{
	for (unsigned i = 0; i < pi->n_pdv && i < DCB_PDATA_SUMMARY_PDVS; i++) {
		const struct dcb_pdv_info *p = &pi->pdv[i];

		dcb_textbuf_printf(tb, dcb_tr(N_("  PDV %u: context %u, control 0x%02x (")), i + 1,
		                   p->pcid, p->mch);
		pdv_words(tb, p);
		dcb_textbuf_printf(tb, ")\n");
	}
	if (pi->n_pdv > DCB_PDATA_SUMMARY_PDVS)
		dcb_textbuf_printf(tb, dcb_tr(N_("  ... %u PDVs in all\n")), pi->n_pdv);
}

size_t
dcb_pdu_summary_pdata(uint32_t length, const struct dcb_pdata_info *pi, char *buf, size_t size)
{
	struct dcb_textbuf tb;

	dcb_textbuf_init(&tb, buf, size);
	dcb_textbuf_printf(&tb, "P-DATA-TF");
	dcb_textbuf_printf(&tb, dcb_tr(N_(" %u bytes · ")), length);
	pdata_summary(&tb, pi);
	return tb.len;
}

size_t
dcb_pdu_dump_pdata(uint32_t length, const struct dcb_pdata_info *pi, char *buf, size_t size)
{
	struct dcb_textbuf tb;

	dcb_textbuf_init(&tb, buf, size);
	dcb_textbuf_printf(&tb, dcb_tr(N_("%s, type 0x%02x, length %u\n")), "P-DATA-TF",
	                   DCB_PDU_P_DATA_TF, length);
	pdata_dump(&tb, pi);
	return tb.len;
}

size_t
dcb_pdu_summary(const struct dcb_pdu *pdu, char *buf, size_t size)
{
	return dcb_pdu_summary_words(pdu, NULL, buf, size);
}

size_t
dcb_pdu_summary_words(const struct dcb_pdu *pdu, const char *words, char *buf, size_t size)
{
	struct dcb_textbuf tb;
	const struct dcb_assoc *a = &pdu->u.assoc;

	dcb_textbuf_init(&tb, buf, size);
	dcb_textbuf_printf(&tb, "%s", dcb_pdu_type_name(pdu->type));
	if (words != NULL && words[0] != '\0')
		dcb_textbuf_printf(&tb, " %s ·", words);
	switch (pdu->type) {
	case DCB_PDU_ASSOCIATE_RQ:
	case DCB_PDU_ASSOCIATE_AC: {
		bool rq = pdu->type == DCB_PDU_ASSOCIATE_RQ;
		unsigned acc = 0;

		dcb_textbuf_printf(&tb, " ");
		dcb_textbuf_visible(&tb, rq ? a->called_ae : a->calling_ae, DCB_AE_MAX);
		dcb_textbuf_printf(&tb, " ← ");
		dcb_textbuf_visible(&tb, rq ? a->calling_ae : a->called_ae, DCB_AE_MAX);
		if (rq) {
			dcb_textbuf_printf(&tb, " · ");
			dcb_textbuf_printf(&tb, P_("%u context", "%u contexts", a->n_pctx),
			                   a->n_pctx);
		} else {
			for (unsigned i = 0; i < a->n_pctx; i++)
				acc += a->pctx[i].result == DCB_PCTX_ACCEPTANCE;
			dcb_textbuf_printf(&tb, " · ");
			dcb_textbuf_printf(&tb,
			                   P_("%u of %u context accepted",
			                      "%u of %u contexts accepted", a->n_pctx),
			                   acc, a->n_pctx);
		}
		if (a->user.has_max_length)
			dcb_textbuf_printf(&tb, dcb_tr(N_(" · max PDU %u")), a->user.max_length);
		if (a->user.impl_class_uid[0] != '\0') {
			dcb_textbuf_printf(&tb, dcb_tr(N_(" · impl ")));
			short_uid(&tb, a->user.impl_class_uid, 24);
		}
		if (a->user.impl_version[0] != '\0') {
			dcb_textbuf_printf(&tb, " (");
			dcb_textbuf_visible(&tb, a->user.impl_version, DCB_IMPL_VERSION_MAX);
			dcb_textbuf_printf(&tb, ")");
		}
		if (a->user.has_identity_rq)
			dcb_textbuf_printf(&tb, dcb_tr(N_(" · user identity type %u")),
			                   a->user.identity_rq.type);
		break;
	}
	case DCB_PDU_ASSOCIATE_RJ:
		dcb_textbuf_printf(&tb, " ");
		tb.len += dcb_pdu_rj_describe(&pdu->u.rj, tail(&tb), room(&tb));
		break;
	case DCB_PDU_ABORT:
		dcb_textbuf_printf(&tb, " ");
		tb.len += dcb_pdu_abort_describe(&pdu->u.abort, tail(&tb), room(&tb));
		break;
	case DCB_PDU_P_DATA_TF:
		dcb_textbuf_printf(&tb, dcb_tr(N_(" %u bytes · ")), pdu->length);
		pdata_summary(&tb, &pdu->u.pdata);
		break;
	default:
		break;
	}
	if (pdu->n_notes > 0) {
		dcb_textbuf_printf(&tb, " · ");
		dcb_textbuf_printf(&tb, P_("%u note", "%u notes",
		                            pdu->n_notes + pdu->notes_dropped),
		                   pdu->n_notes + pdu->notes_dropped);
	}
	return tb.len;
}

static void
dump_bytes(struct dcb_textbuf *tb, const uint8_t *p, size_t n, size_t total)
{
	dcb_textbuf_hex(tb, p, n < 32 ? n : 32);
	if (total > 32 || total > n)
		dcb_textbuf_printf(tb, " …");
}

static void
dump_user(struct dcb_textbuf *tb, const struct dcb_user_info *u)
{
	dcb_textbuf_printf(tb, "  %s\n", dcb_tr(N_("user information:")));
	if (u->has_max_length)
		dcb_textbuf_printf(tb, "    %s %u\n", dcb_tr(N_("maximum length:")), u->max_length);
	if (u->impl_class_uid[0] != '\0')
		dcb_textbuf_printf(tb, "    %s %s\n", dcb_tr(N_("implementation class UID:")),
		                   u->impl_class_uid);
	if (u->impl_version[0] != '\0') {
		dcb_textbuf_printf(tb, "    %s \"", dcb_tr(N_("implementation version name:")));
		dcb_textbuf_visible(tb, u->impl_version, DCB_IMPL_VERSION_MAX);
		dcb_textbuf_printf(tb, "\"\n");
	}
	if (u->has_async_ops)
		dcb_textbuf_printf(tb, dcb_tr(N_("    asynchronous operations window: %u invoked, %u "
		                             "performed\n")),
		                   u->max_ops_invoked, u->max_ops_performed);
	for (unsigned i = 0; i < u->n_roles; i++)
		dcb_textbuf_printf(tb, dcb_tr(N_("    role selection: %s SCU %u SCP %u\n")),
		                   u->roles[i].sop_class, u->roles[i].scu_role,
		                   u->roles[i].scp_role);
	for (unsigned i = 0; i < u->n_ext_neg; i++) {
		const struct dcb_ext_neg *x = &u->ext_neg[i];

		dcb_textbuf_printf(tb, dcb_tr(N_("    extended negotiation: %s, %u bytes: ")),
		                   x->sop_class, x->info_len);
		dump_bytes(tb, x->info, x->info_len < DCB_MAX_EXT_NEG_INFO ? x->info_len
		                                                           : DCB_MAX_EXT_NEG_INFO,
		           x->info_len);
		dcb_textbuf_printf(tb, "\n");
	}
	for (unsigned i = 0; i < u->n_common_ext_neg; i++) {
		const struct dcb_common_ext_neg *c = &u->common_ext_neg[i];

		dcb_textbuf_printf(tb,
		                   dcb_tr(N_("    common extended negotiation: %s, service class %s")),
		                   c->sop_class, c->service_class);
		for (unsigned k = 0; k < c->n_related; k++)
			dcb_textbuf_printf(tb, k ? ", %s" : dcb_tr(N_(", related %s")), c->related[k]);
		dcb_textbuf_printf(tb, "\n");
	}
	if (u->has_identity_rq) {
		const struct dcb_identity_rq *id = &u->identity_rq;

		dcb_textbuf_printf(tb, dcb_tr(N_("    user identity: type %u, response requested %u, "
		                             "primary field %u bytes")),
		                   id->type, id->positive_response_requested, id->primary_len);
		if (id->type == DCB_IDENTITY_USERNAME ||
		    id->type == DCB_IDENTITY_USERNAME_PASSCODE) {
			dcb_textbuf_printf(tb, " \"");
			dcb_textbuf_visible(tb, (const char *)id->primary,
			                    id->primary_len < 64 ? id->primary_len : 64);
			dcb_textbuf_printf(tb, "\"");
		}
		/* Never print the passcode. */
		dcb_textbuf_printf(tb, dcb_tr(N_(", secondary field %u bytes\n")), id->secondary_len);
	}
	if (u->has_identity_ac)
		dcb_textbuf_printf(tb, dcb_tr(N_("    user identity response: %u bytes\n")),
		                   u->identity_ac.response_len);
}

size_t
dcb_pdu_dump(const struct dcb_pdu *pdu, char *buf, size_t size)
{
	struct dcb_textbuf tb;
	const struct dcb_assoc *a = &pdu->u.assoc;

	dcb_textbuf_init(&tb, buf, size);
	dcb_textbuf_printf(&tb, dcb_tr(N_("%s, type 0x%02x, length %u\n")),
	                   dcb_pdu_type_name(pdu->type), pdu->type, pdu->length);
	switch (pdu->type) {
	case DCB_PDU_ASSOCIATE_RQ:
	case DCB_PDU_ASSOCIATE_AC:
		dcb_textbuf_printf(&tb, "  %s 0x%04x\n", dcb_tr(N_("protocol version:")),
		                   a->protocol_version);
		dcb_textbuf_printf(&tb, "  %s \"", dcb_tr(N_("called AE title:")));
		dcb_textbuf_visible(&tb, a->called_ae, DCB_AE_MAX);
		dcb_textbuf_printf(&tb, "\"\n  %s \"", dcb_tr(N_("calling AE title:")));
		dcb_textbuf_visible(&tb, a->calling_ae, DCB_AE_MAX);
		dcb_textbuf_printf(&tb, "\"\n  %s %s\n", dcb_tr(N_("application context:")),
		                   a->app_context);
		for (unsigned i = 0; i < a->n_pctx; i++) {
			const struct dcb_pctx *pc = &a->pctx[i];

			dcb_textbuf_printf(&tb, dcb_tr(N_("  presentation context %u")), pc->id);
			if (pdu->type == DCB_PDU_ASSOCIATE_AC)
				dcb_textbuf_printf(&tb, ": %s (%u)",
				                   dcb_pctx_result_name(pc->result), pc->result);
			dcb_textbuf_printf(&tb, "\n");
			if (pc->abstract_syntax[0] != '\0')
				dcb_textbuf_printf(&tb, "    %s %s\n", dcb_tr(N_("abstract syntax:")),
				                   pc->abstract_syntax);
			for (unsigned k = 0; k < pc->n_ts; k++)
				dcb_textbuf_printf(&tb, "    %s %s\n", dcb_tr(N_("transfer syntax:")),
				                   pc->ts[k]);
			if (pc->ts_dropped)
				dcb_textbuf_printf(&tb, dcb_tr(N_("    (%u more transfer syntaxes not "
				                              "kept)\n")),
				                   pc->ts_dropped);
		}
		dump_user(&tb, &a->user);
		break;
	case DCB_PDU_ASSOCIATE_RJ:
		dcb_textbuf_printf(&tb, "  ");
		tb.len += dcb_pdu_rj_describe(&pdu->u.rj, tail(&tb), room(&tb));
		dcb_textbuf_printf(&tb, "\n");
		break;
	case DCB_PDU_ABORT:
		dcb_textbuf_printf(&tb, "  ");
		tb.len += dcb_pdu_abort_describe(&pdu->u.abort, tail(&tb), room(&tb));
		dcb_textbuf_printf(&tb, "\n");
		break;
	case DCB_PDU_P_DATA_TF:
		pdata_dump(&tb, &pdu->u.pdata);
		break;
	default:
		break;
	}
	for (unsigned i = 0; i < pdu->n_notes; i++) {
		dcb_textbuf_printf(&tb, "  %s ", dcb_tr(N_("note:")));
		tb.len += dcb_pdu_note_describe(&pdu->notes[i], tail(&tb), room(&tb));
		dcb_textbuf_printf(&tb, "\n");
	}
	return tb.len;
}

size_t
dcb_hexdump(const uint8_t *data, size_t len, uint64_t base, char *buf, size_t size)
{
	struct dcb_textbuf tb;

	dcb_textbuf_init(&tb, buf, size);
	for (size_t off = 0; off < len; off += 16) {
		size_t n = len - off < 16 ? len - off : 16;

		dcb_textbuf_printf(&tb, "%08llx ", (unsigned long long)(base + off));
		for (size_t i = 0; i < 16; i++) {
			if (i == 8)
				dcb_textbuf_printf(&tb, " ");
			if (i < n)
				dcb_textbuf_printf(&tb, " %02x", data[off + i]);
			else
				dcb_textbuf_printf(&tb, "   ");
		}
		dcb_textbuf_printf(&tb, "  |");
		for (size_t i = 0; i < n; i++) {
			uint8_t c = data[off + i];

			dcb_textbuf_printf(&tb, "%c", c >= 0x20 && c < 0x7f ? c : '.');
		}
		dcb_textbuf_printf(&tb, "|\n");
	}
	return tb.len;
}
