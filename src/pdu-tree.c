/* pdu-tree.c — one PDU's bytes as a tree of lines (see pdu-tree.h). */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "dcb-limits.h"
#include "dict.h"
#include "dimse.h"
#include "i18n.h"
#include "explain.h"
#include "pdu-tree.h"
#include "pdu.h"
#include "textbuf.h"

#define LINE_MAX_TEXT 512

struct walk {
	const uint8_t *buf;
	size_t have;  /* bytes we were given (never more than whole) */
	size_t whole; /* bytes the PDU has: 6 + its length field */
	dcb_tree_fn fn;
	void *user;
	dcb_tree_key_fn kfn; /* dcb_pdu_tree_keyed(): fn is NULL */
	const char *key;     /* the field the next line shows (explain.h), or NULL */
	unsigned lines;
	bool stopped; /* truncated or malformed: nothing after this */
	bool ac;      /* an A-ASSOCIATE-AC (presentation contexts have results) */
};

static void put(struct walk *w, unsigned depth, const char *fmt, ...) DCB_PRINTF(3, 4);

static void
put(struct walk *w, unsigned depth, const char *fmt, ...)
{
	char text[LINE_MAX_TEXT];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (w->kfn != NULL)
		w->kfn(depth, text, w->key, w->user);
	else
		w->fn(depth, text, w->user);
	w->key = NULL;
	w->lines++;
}

/* The next line shows the field key (a string of explain.c's table). */
static void
field(struct walk *w, const char *key)
{
	w->key = key;
}

static void
truncated(struct walk *w, unsigned depth)
{
	if (w->stopped)
		return;
	field(w, "truncated");
	put(w, depth, dcb_tr(N_("… truncated: the trace keeps the first %zu of the PDU's %zu bytes")),
	    w->have, w->whole);
	w->stopped = true;
}

/* True when n bytes at off lie inside the parent (which ends at end) and
 * inside what we have; otherwise says why (at depth) and stops the walk. */
static bool
need(struct walk *w, size_t off, size_t n, size_t end, unsigned depth, const char *what)
{
	if (w->stopped)
		return false;
	if (off + n > end) {
		field(w, "malformed");
		put(w, depth, dcb_tr(N_("%s at offset %zu needs %zu bytes; its parent ends at %zu")),
		    what, off, n, end);
		w->stopped = true;
		return false;
	}
	if (off + n > w->have) {
		truncated(w, depth);
		return false;
	}
	return true;
}

/* The bytes at [off, off + n) that we have, as visible text cut at the
 * first NUL and stripped of trailing spaces; *cut is set when some of
 * the n bytes are missing. */
static void
text_at(const struct walk *w, size_t off, size_t n, char *out, size_t size, bool *cut)
{
	struct dcb_textbuf tb;
	size_t avail = off < w->have ? w->have - off : 0;

	*cut = avail < n;
	if (avail > n)
		avail = n;
	const uint8_t *p = w->buf + off;
	size_t k = 0;
	while (k < avail && p[k] != '\0')
		k++;
	while (k > 0 && p[k - 1] == ' ')
		k--;
	dcb_textbuf_init(&tb, out, size);
	dcb_textbuf_visible(&tb, (const char *)p, k);
}

/* A UID with its dictionary name: "1.2.840.10008.1.2.1 — Explicit VR
 * Little Endian".  Says "truncated" (and stops) when bytes are missing. */
static void
uid_line(struct walk *w, unsigned depth, const char *key, const char *label, size_t off, size_t n)
{
	char uid[4 * DCB_UID_SIZE + 8];
	bool cut;

	text_at(w, off, n, uid, sizeof uid, &cut);
	const struct dcb_uid_entry *e = cut ? NULL : dcb_uid_lookup(uid);
	field(w, key);
	put(w, depth, "%s %s%s%s%s", label, uid, cut ? "…" : "", e != NULL ? " — " : "",
	    e != NULL ? e->name : "");
	if (cut)
		truncated(w, depth);
}

/* ---- A-ASSOCIATE-RQ/AC -------------------------------------------------- */

static void
unknown_item(struct walk *w, unsigned depth, uint8_t type, size_t len)
{
	field(w, "unknown-item");
	put(w, depth, dcb_tr(N_("unknown item 0x%02x, %zu bytes (skipped)")), type, len);
}

/* Walks the items (or sub-items) in [off, end): each has a type, a
 * reserved byte and a 2-byte length; fn gets each one's value. */
static void
items(struct walk *w, size_t off, size_t end, unsigned depth,
      void (*fn)(struct walk *w, uint8_t type, size_t off, size_t len))
{
	while (off < end && !w->stopped) {
		if (!need(w, off, 4, end, depth,
		          depth == 1 ? dcb_tr(N_("item header")) : dcb_tr(N_("sub-item header"))))
			return;
		uint8_t type = w->buf[off];
		size_t len = dcb_be16(w->buf + off + 2);
		if (off + 4 + len > end) {
			need(w, off, 4 + len, end, depth, dcb_item_type_name(type));
			return;
		}
		fn(w, type, off + 4, len);
		off += 4 + len;
	}
}

static void
pctx_subitem(struct walk *w, uint8_t type, size_t off, size_t len)
{
	if (type == DCB_ITEM_ABSTRACT_SYNTAX)
		uid_line(w, 2, "abstract-syntax", dcb_tr(N_("abstract syntax:")), off, len);
	else if (type == DCB_ITEM_TRANSFER_SYNTAX)
		uid_line(w, 2, "transfer-syntax", dcb_tr(N_("transfer syntax:")), off, len);
	else
		unknown_item(w, 2, type, len);
}

static void
pctx(struct walk *w, size_t off, size_t end)
{
	bool ac = w->ac;

	if (!need(w, off, 4, end, 1, dcb_item_type_name(ac ? DCB_ITEM_PCTX_AC : DCB_ITEM_PCTX_RQ)))
		return;
	uint8_t id = w->buf[off], result = w->buf[off + 2];
	field(w, ac ? "presentation-context-ac" : "presentation-context-rq");
	if (ac)
		put(w, 1, dcb_tr(N_("presentation context %u: %s (%u)")), id,
		    dcb_pctx_result_name(result), result);
	else
		put(w, 1, dcb_tr(N_("presentation context %u")), id);
	items(w, off + 4, end, 2, pctx_subitem);
}

/* A 2-byte length and that many bytes of UID at *off (advanced). */
static bool
sized_uid(struct walk *w, size_t *off, size_t end, unsigned depth, const char *key,
          const char *label)
{
	if (!need(w, *off, 2, end, depth, label))
		return false;
	size_t n = dcb_be16(w->buf + *off);
	if (*off + 2 + n > end) {
		need(w, *off + 2, n, end, depth, label);
		return false;
	}
	uid_line(w, depth, key, label, *off + 2, n); /* what is there, when bytes are missing */
	if (w->stopped)
		return false;
	*off += 2 + n;
	return true;
}

static const char *
identity_type(uint8_t type)
{
	switch (type) {
	case DCB_IDENTITY_USERNAME:
		return dcb_tr(N_("user name"));
	case DCB_IDENTITY_USERNAME_PASSCODE:
		return dcb_tr(N_("user name and passcode"));
	case DCB_IDENTITY_KERBEROS:
		return dcb_tr(N_("Kerberos service ticket"));
	case DCB_IDENTITY_SAML:
		return dcb_tr(N_("SAML assertion"));
	case DCB_IDENTITY_JWT:
		return dcb_tr(N_("JSON web token"));
	}
	return dcb_tr(N_("unknown type"));
}

static void
identity_rq(struct walk *w, size_t off, size_t end)
{
	char name[4 * 64 + 8];
	bool cut;

	if (!need(w, off, 4, end, 2, dcb_item_type_name(DCB_ITEM_USER_IDENTITY_RQ)))
		return;
	uint8_t type = w->buf[off], pos = w->buf[off + 1];
	size_t plen = dcb_be16(w->buf + off + 2);
	field(w, "user-identity-rq");
	put(w, 2, dcb_tr(N_("user identity: %s (%u), positive response %s")), identity_type(type), type,
	    pos ? dcb_tr(N_("requested")) : dcb_tr(N_("not requested")));
	off += 4;
	if (type == DCB_IDENTITY_USERNAME || type == DCB_IDENTITY_USERNAME_PASSCODE) {
		text_at(w, off, plen < 64 ? plen : 64, name, sizeof name, &cut);
		field(w, "user-identity-primary");
		put(w, 3, dcb_tr(N_("user name \"%s\"%s")), name, plen > 64 || cut ? "…" : "");
	} else {
		field(w, "user-identity-primary");
		put(w, 3, dcb_tr(N_("primary field: %zu bytes")), plen);
	}
	if (!need(w, off, plen, end, 3, dcb_tr(N_("primary field"))))
		return;
	off += plen;
	if (type != DCB_IDENTITY_USERNAME_PASSCODE)
		return;
	if (!need(w, off, 2, end, 3, dcb_tr(N_("passcode length"))))
		return;
	/* Never the passcode itself. */
	field(w, "user-identity-secondary");
	put(w, 3, dcb_tr(N_("passcode: %u bytes (not shown)")), dcb_be16(w->buf + off));
}

static void
user_subitem(struct walk *w, uint8_t type, size_t off, size_t len)
{
	size_t end = off + len;
	const char *name = dcb_item_type_name(type);
	char text[4 * 64 + 8];
	bool cut;

	switch (type) {
	case DCB_ITEM_MAX_LENGTH:
		if (need(w, off, 4, end, 2, name)) {
			uint32_t v = dcb_be32(w->buf + off);
			field(w, "maximum-length");
			if (v == 0)
				put(w, 2, "%s %u (%s)", dcb_tr(N_("maximum length:")), v,
				    dcb_tr(N_("no limit")));
			else
				put(w, 2, "%s %u", dcb_tr(N_("maximum length:")), v);
		}
		break;
	case DCB_ITEM_IMPL_CLASS_UID:
		uid_line(w, 2, "implementation-class-uid", dcb_tr(N_("implementation class UID:")), off, len);
		break;
	case DCB_ITEM_IMPL_VERSION:
		text_at(w, off, len, text, sizeof text, &cut);
		field(w, "implementation-version-name");
		put(w, 2, "%s \"%s\"%s", dcb_tr(N_("implementation version name:")), text,
		    cut ? "…" : "");
		if (cut)
			truncated(w, 2);
		break;
	case DCB_ITEM_ASYNC_OPS:
		if (need(w, off, 4, end, 2, name)) {
			field(w, "asynchronous-operations-window");
			put(w, 2,
			    dcb_tr(N_("asynchronous operations window: %u invoked, %u performed")),
			    dcb_be16(w->buf + off), dcb_be16(w->buf + off + 2));
		}
		break;
	case DCB_ITEM_ROLE_SELECTION: {
		size_t p = off;
		field(w, "role-selection");
		put(w, 2, "%s", dcb_tr(N_("SCP/SCU role selection")));
		if (!sized_uid(w, &p, end, 3, "role-selection-sop-class", dcb_tr(N_("SOP class:"))) ||
		    !need(w, p, 2, end, 3, name))
			break;
		field(w, "role-selection-roles");
		put(w, 3, dcb_tr(N_("SCU role %u, SCP role %u")), w->buf[p], w->buf[p + 1]);
		break;
	}
	case DCB_ITEM_SOP_EXT_NEG: {
		size_t p = off;
		field(w, "extended-negotiation");
		put(w, 2, "%s", dcb_tr(N_("SOP class extended negotiation")));
		if (sized_uid(w, &p, end, 3, "extended-negotiation-sop-class",
		              dcb_tr(N_("SOP class:")))) {
			field(w, "service-class-application-information");
			put(w, 3, dcb_tr(N_("service class application information: %zu bytes")),
			    end - p);
		}
		break;
	}
	case DCB_ITEM_SOP_COMMON_EXT_NEG: {
		size_t p = off;
		field(w, "common-extended-negotiation");
		put(w, 2, "%s", dcb_tr(N_("SOP class common extended negotiation")));
		if (!sized_uid(w, &p, end, 3, "common-extended-negotiation-sop-class",
		               dcb_tr(N_("SOP class:"))) ||
		    !sized_uid(w, &p, end, 3, "service-class-uid", dcb_tr(N_("service class:"))) ||
		    !need(w, p, 2, end, 3, name))
			break;
		size_t rend = p + 2 + dcb_be16(w->buf + p);
		if (rend > end) {
			need(w, p, rend - p, end, 3, dcb_tr(N_("related general SOP classes")));
			break;
		}
		p += 2;
		while (p < rend && sized_uid(w, &p, rend, 3, "related-general-sop-class",
		                             dcb_tr(N_("related SOP class:"))))
			;
		break;
	}
	case DCB_ITEM_USER_IDENTITY_RQ:
		identity_rq(w, off, end);
		break;
	case DCB_ITEM_USER_IDENTITY_AC:
		if (need(w, off, 2, end, 2, name)) {
			field(w, "user-identity-ac");
			put(w, 2, dcb_tr(N_("user identity response: %u bytes")), dcb_be16(w->buf + off));
		}
		break;
	default:
		unknown_item(w, 2, type, len);
		break;
	}
}

static void
assoc_item(struct walk *w, uint8_t type, size_t off, size_t len)
{
	switch (type) {
	case DCB_ITEM_APP_CONTEXT:
		uid_line(w, 1, "application-context", dcb_tr(N_("application context:")), off, len);
		break;
	case DCB_ITEM_PCTX_RQ:
	case DCB_ITEM_PCTX_AC:
		pctx(w, off, off + len);
		break;
	case DCB_ITEM_USER_INFO:
		field(w, w->ac ? "user-information-ac" : "user-information-rq");
		put(w, 1, "%s", dcb_tr(N_("user information:")));
		items(w, off, off + len, 2, user_subitem);
		break;
	default:
		unknown_item(w, 1, type, len);
		break;
	}
}

static void
associate(struct walk *w)
{
	char ae[4 * DCB_AE_SIZE + 8];
	bool cut;
	size_t end = w->whole;

	if (!need(w, 6, 2, end, 1, dcb_tr(N_("protocol version"))))
		return;
	field(w, "protocol-version");
	put(w, 1, "%s 0x%04x", dcb_tr(N_("protocol version:")), dcb_be16(w->buf + 6));
	if (!need(w, 10, 16, end, 1, dcb_tr(N_("called AE title"))))
		return;
	text_at(w, 10, 16, ae, sizeof ae, &cut);
	field(w, "called-ae-title");
	put(w, 1, "%s \"%s\"", dcb_tr(N_("called AE title:")), ae);
	if (!need(w, 26, 16, end, 1, dcb_tr(N_("calling AE title"))))
		return;
	text_at(w, 26, 16, ae, sizeof ae, &cut);
	field(w, "calling-ae-title");
	put(w, 1, "%s \"%s\"", dcb_tr(N_("calling AE title:")), ae);
	if (!need(w, 42, 32, end, 1, dcb_tr(N_("reserved field"))))
		return;
	items(w, 74, end, 1, assoc_item);
}

/* ---- P-DATA-TF ---------------------------------------------------------- */

/* One command element's value in words into out. */
static void
element_value(const struct walk *w, uint32_t tag, const char *vr, size_t off, size_t n, char *out,
              size_t size)
{
	const uint8_t *p = w->buf + off;
	struct dcb_textbuf tb;
	bool cut;

	dcb_textbuf_init(&tb, out, size);
	if (strcmp(vr, "US") == 0 && n == 2) {
		uint16_t v = dcb_le16(p);
		switch (tag) {
		case DCB_TAG(0x0000, 0x0100):
			dcb_textbuf_printf(&tb, "0x%04x %s", v, dcb_dimse_command_name(v));
			break;
		case DCB_TAG(0x0000, 0x0900):
			dcb_textbuf_printf(&tb, "0x%04x %s (%s)", v, dcb_dimse_status_name(v),
			                   dcb_status_class_name(dcb_dimse_status_class(v)));
			break;
		case DCB_TAG(0x0000, 0x0800):
			dcb_textbuf_printf(&tb, "0x%04x %s", v,
			                   v == DCB_DATASET_ABSENT
			                       ? dcb_tr(N_("(no data set)"))
			                       : dcb_tr(N_("(a data set follows)")));
			break;
		case DCB_TAG(0x0000, 0x0700):
			dcb_textbuf_printf(&tb, "%u %s", v, dcb_dimse_priority_name(v));
			break;
		default:
			dcb_textbuf_printf(&tb, "%u", v);
			break;
		}
	} else if (strcmp(vr, "UL") == 0 && n == 4) {
		dcb_textbuf_printf(&tb, "%u", dcb_le32(p));
	} else if (strcmp(vr, "AT") == 0 && n % 4 == 0) {
		for (size_t k = 0; k < n && k < 64; k += 4)
			dcb_textbuf_printf(&tb, "%s(%04x,%04x)", k ? " " : "", dcb_le16(p + k),
			                   dcb_le16(p + k + 2));
		if (n > 64)
			dcb_textbuf_printf(&tb, " …");
	} else if (strcmp(vr, "UI") == 0) {
		char uid[4 * DCB_UID_SIZE + 8];
		text_at(w, off, n, uid, sizeof uid, &cut);
		const struct dcb_uid_entry *e = dcb_uid_lookup(uid);
		dcb_textbuf_printf(&tb, "%s%s%s", uid, e != NULL ? " — " : "",
		                   e != NULL ? e->name : "");
	} else if (strcmp(vr, "AE") == 0 || strcmp(vr, "LO") == 0 || strcmp(vr, "SH") == 0 ||
	           strcmp(vr, "CS") == 0 || strcmp(vr, "LT") == 0) {
		char s[4 * 128 + 8];
		text_at(w, off, n < 128 ? n : 128, s, sizeof s, &cut);
		dcb_textbuf_printf(&tb, "\"%s\"%s", s, n > 128 ? "…" : "");
	} else {
		dcb_textbuf_hex(&tb, p, n < 16 ? n : 16);
		if (n > 16)
			dcb_textbuf_printf(&tb, " …");
	}
}

/* The elements of a command fragment, [off, end) (implicit VR little
 * endian, PS3.7 §6.3.1). */
static void
command_elements(struct walk *w, size_t off, size_t end)
{
	char value[LINE_MAX_TEXT];

	while (off < end && !w->stopped) {
		if (!need(w, off, 8, end, 2, dcb_tr(N_("element header"))))
			return;
		uint16_t g = dcb_le16(w->buf + off), e = dcb_le16(w->buf + off + 2);
		uint32_t tag = DCB_TAG(g, e);
		size_t len = dcb_le32(w->buf + off + 4);
		w->key = dcb_explain_command_key(tag);
		if (g != 0x0000) {
			field(w, "not-command-element");
			put(w, 2,
			    dcb_tr(N_("(%04x,%04x) is not a command element: the rest of this "
			          "fragment is not decoded")),
			    g, e);
			return;
		}
		const struct dcb_dict_entry *de = dcb_dict_lookup(tag);
		const char *name = de != NULL ? de->name : dcb_tr(N_("unknown element"));
		if (len > end - off - 8) {
			field(w, "malformed");
			put(w, 2,
			    dcb_tr(N_("(%04x,%04x) %s: a value of %zu bytes runs past the end of "
			          "the fragment")),
			    g, e, name, len);
			return;
		}
		if (off + 8 + len > w->have) {
			put(w, 2, "(%04x,%04x) %s", g, e, name);
			truncated(w, 3);
			return;
		}
		element_value(w, tag, de != NULL ? de->vr : "", off + 8, len, value, sizeof value);
		put(w, 2, "(%04x,%04x) %s %s: %s", g, e, de != NULL ? de->vr : "??", name, value);
		off += 8 + len;
	}
}

static void
pdata(struct walk *w)
{
	size_t off = 6, end = w->whole;
	unsigned i = 0;

	while (off < end && !w->stopped) {
		if (!need(w, off, 6, end, 1, dcb_tr(N_("PDV header"))))
			return;
		size_t len = dcb_be32(w->buf + off);
		uint8_t pcid = w->buf[off + 4], mch = w->buf[off + 5];
		if (len < 2 || len > end - off - 4) {
			field(w, "malformed");
			put(w, 1,
			    dcb_tr(N_("PDV %u at offset %zu has length %zu, which does not fit "
			          "the PDU")),
			    i + 1, off, len);
			w->stopped = true;
			return;
		}
		field(w, "pdv");
		put(w, 1, dcb_tr(N_("PDV %u: %zu bytes, context %u, %s, %s")), ++i, len - 2, pcid,
		    (mch & DCB_MCH_COMMAND) ? dcb_tr(N_("command")) : dcb_tr(N_("data set")),
		    (mch & DCB_MCH_LAST) ? dcb_tr(N_("last fragment")) : dcb_tr(N_("more follow")));
		if (mch & DCB_MCH_COMMAND)
			command_elements(w, off + 6, off + 4 + len);
		off += 4 + len;
		if (off > w->have && off < end)
			truncated(w, 1);
	}
}

/* ---- the PDU ------------------------------------------------------------ */

static unsigned walk_pdu(struct walk *w);

unsigned
dcb_pdu_tree(const uint8_t *buf, size_t len, dcb_tree_fn fn, void *user)
{
	struct walk w = {.buf = buf, .have = len, .fn = fn, .user = user};

	return walk_pdu(&w);
}

unsigned
dcb_pdu_tree_keyed(const uint8_t *buf, size_t len, dcb_tree_key_fn fn, void *user)
{
	struct walk w = {.buf = buf, .have = len, .kfn = fn, .user = user};

	return walk_pdu(&w);
}

static unsigned
walk_pdu(struct walk *wp)
{
	struct walk w = *wp;
	const uint8_t *buf = w.buf;
	size_t len = w.have;

	if (buf == NULL || len < DCB_PDU_HEADER) {
		field(&w, "truncated");
		put(&w, 0, dcb_tr(N_("PDU header truncated: %zu of 6 bytes")), buf != NULL ? len : 0);
		return w.lines;
	}
	uint8_t type = buf[0];
	uint32_t length = dcb_be32(buf + 2);
	w.whole = DCB_PDU_HEADER + (size_t)length;
	if (w.have > w.whole)
		w.have = w.whole;
	field(&w, dcb_explain_pdu_key(type));
	put(&w, 0, dcb_tr(N_("%s, type 0x%02x, length %u")), dcb_pdu_type_name(type), type, length);
	switch (type) {
	case DCB_PDU_ASSOCIATE_RQ:
	case DCB_PDU_ASSOCIATE_AC:
		w.ac = type == DCB_PDU_ASSOCIATE_AC;
		associate(&w);
		break;
	case DCB_PDU_ASSOCIATE_RJ:
	case DCB_PDU_ABORT:
		if (need(&w, 6, 4, w.whole, 1, dcb_pdu_type_name(type))) {
			char words[LINE_MAX_TEXT];
			if (type == DCB_PDU_ABORT) {
				struct dcb_abort ab = {.source = buf[8], .reason = buf[9]};
				dcb_pdu_abort_describe(&ab, words, sizeof words);
			} else {
				struct dcb_assoc_rj rj = {
				    .result = buf[7], .source = buf[8], .reason = buf[9]};
				dcb_pdu_rj_describe(&rj, words, sizeof words);
			}
			field(&w, type == DCB_PDU_ABORT ? "abort-source-reason" : "reject-result-source-reason");
			put(&w, 1, "%s", words);
		}
		break;
	case DCB_PDU_P_DATA_TF:
		pdata(&w);
		break;
	case DCB_PDU_RELEASE_RQ:
	case DCB_PDU_RELEASE_RP:
		if (need(&w, 6, 4, w.whole, 1, dcb_pdu_type_name(type))) {
			field(&w, "release-reserved");
			put(&w, 1, dcb_tr(N_("reserved field 0x%08x")), dcb_be32(buf + 6));
		}
		break;
	default:
		field(&w, "unknown-pdu");
		put(&w, 1, "%s", dcb_tr(N_("unknown PDU type: the body is not decoded")));
		break;
	}
	if (!w.stopped && w.have < w.whole)
		truncated(&w, 1);
	return w.lines;
}
