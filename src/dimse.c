/* dimse.c — DIMSE command sets (group 0000, implicit VR LE) and status
 * codes (PS3.7 §9-10, Annex C; PS3.4 B.2.3). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "dimse.h"
#include "i18n.h"
#include "textbuf.h"

/* --- element table ----------------------------------------------------- */

enum vr { VR_UL, VR_US, VR_UI, VR_AE, VR_LO, VR_AT };

struct elem {
	uint16_t element;
	enum vr vr;
	uint32_t field;          /* enum dcb_dimse_field, 0 for the always-present ones */
	const char *name;
};

#define E_GROUP_LENGTH 0x0000
#define E_COMMAND_FIELD 0x0100
#define E_DATA_SET_TYPE 0x0800

/* Ascending, as they are written. */
static const struct elem elems[] = {
	{0x0000, VR_UL, DCB_F_GROUP_LENGTH, "CommandGroupLength"},
	{0x0002, VR_UI, DCB_F_AFFECTED_SOP_CLASS, "AffectedSOPClassUID"},
	{0x0100, VR_US, 0, "CommandField"},
	{0x0110, VR_US, DCB_F_MESSAGE_ID, "MessageID"},
	{0x0120, VR_US, DCB_F_MESSAGE_ID_RESPONDED, "MessageIDBeingRespondedTo"},
	{0x0700, VR_US, DCB_F_PRIORITY, "Priority"},
	{0x0800, VR_US, 0, "CommandDataSetType"},
	{0x0900, VR_US, DCB_F_STATUS, "Status"},
	{0x0901, VR_AT, DCB_F_OFFENDING_ELEMENT, "OffendingElement"},
	{0x0902, VR_LO, DCB_F_ERROR_COMMENT, "ErrorComment"},
	{0x0903, VR_US, DCB_F_ERROR_ID, "ErrorID"},
	{0x1000, VR_UI, DCB_F_AFFECTED_SOP_INSTANCE, "AffectedSOPInstanceUID"},
	{0x1030, VR_AE, DCB_F_MOVE_ORIGINATOR_AE, "MoveOriginatorApplicationEntityTitle"},
	{0x1031, VR_US, DCB_F_MOVE_ORIGINATOR_ID, "MoveOriginatorMessageID"},
};
#define NELEMS (sizeof elems / sizeof elems[0])

static const struct elem *
find_elem(uint16_t e)
{
	for (size_t i = 0; i < NELEMS; i++)
		if (elems[i].element == e)
			return &elems[i];
	return NULL;
}

/* --- builders ------------------------------------------------------------ */

void
dcb_dimse_echo_rq(struct dcb_dimse_cmd *c, uint16_t message_id)
{
	memset(c, 0, sizeof *c);
	c->command = DCB_C_ECHO_RQ;
	c->data_set_type = DCB_DATASET_ABSENT;
	c->message_id = message_id;
	dcb_copy_cut(c->affected_sop_class, sizeof c->affected_sop_class, "1.2.840.10008.1.1");
	c->present = DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS;
}

void
dcb_dimse_echo_rsp(struct dcb_dimse_cmd *c, const struct dcb_dimse_cmd *rq, uint16_t status)
{
	memset(c, 0, sizeof *c);
	c->command = DCB_C_ECHO_RSP;
	c->data_set_type = DCB_DATASET_ABSENT;
	c->message_id_responded = rq != NULL ? rq->message_id : 0;
	c->status = status;
	dcb_copy_cut(c->affected_sop_class, sizeof c->affected_sop_class, "1.2.840.10008.1.1");
	c->present = DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS | DCB_F_AFFECTED_SOP_CLASS;
}

void
dcb_dimse_store_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                   const char *sop_instance, uint16_t priority)
{
	memset(c, 0, sizeof *c);
	c->command = DCB_C_STORE_RQ;
	c->data_set_type = DCB_DATASET_PRESENT;
	c->message_id = message_id;
	c->priority = priority;
	dcb_copy_cut(c->affected_sop_class, sizeof c->affected_sop_class, sop_class);
	dcb_copy_cut(c->affected_sop_instance, sizeof c->affected_sop_instance, sop_instance);
	c->present = DCB_F_MESSAGE_ID | DCB_F_PRIORITY | DCB_F_AFFECTED_SOP_CLASS |
	             DCB_F_AFFECTED_SOP_INSTANCE;
}

void
dcb_dimse_store_rsp(struct dcb_dimse_cmd *c, const struct dcb_dimse_cmd *rq, uint16_t status)
{
	memset(c, 0, sizeof *c);
	c->command = DCB_C_STORE_RSP;
	c->data_set_type = DCB_DATASET_ABSENT;
	c->status = status;
	c->present = DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS;
	if (rq != NULL) {
		c->message_id_responded = rq->message_id;
		memcpy(c->affected_sop_class, rq->affected_sop_class, sizeof c->affected_sop_class);
		memcpy(c->affected_sop_instance, rq->affected_sop_instance,
		       sizeof c->affected_sop_instance);
		if (c->affected_sop_class[0] != '\0')
			c->present |= DCB_F_AFFECTED_SOP_CLASS;
		if (c->affected_sop_instance[0] != '\0')
			c->present |= DCB_F_AFFECTED_SOP_INSTANCE;
	}
}

/* --- encode -------------------------------------------------------------- */

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
	put8(w, v & 0xff);
	put8(w, v >> 8);
}

static void
put32(struct wr *w, uint32_t v)
{
	put16(w, v & 0xffff);
	put16(w, v >> 16);
}

static void
put_header(struct wr *w, uint16_t e, uint32_t len)
{
	put16(w, 0x0000);
	put16(w, e);
	put32(w, len);
}

static void
put_text(struct wr *w, uint16_t e, const char *s, char pad)
{
	size_t n = strlen(s), padded = n + (n & 1);

	put_header(w, e, (uint32_t)padded);
	for (size_t i = 0; i < n; i++)
		put8(w, (uint8_t)s[i]);
	if (n & 1)
		put8(w, (uint8_t)pad);
}

static ssize_t
encode(const struct dcb_dimse_cmd *c, struct wr *w, struct dcb_error *err)
{
	size_t glen_at;

	if (strlen(c->affected_sop_class) > DCB_UID_MAX ||
	    strlen(c->affected_sop_instance) > DCB_UID_MAX)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("a UID in the command set is longer than 64 characters"));
	if (c->n_offending > DCB_DIMSE_MAX_OFFENDING)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("%u offending elements; at most %d are kept"),
		                     c->n_offending, DCB_DIMSE_MAX_OFFENDING);
	put_header(w, E_GROUP_LENGTH, 4);
	glen_at = w->off;
	put32(w, 0);
	for (size_t i = 1; i < NELEMS; i++) {
		const struct elem *e = &elems[i];
		uint16_t v;

		if (e->field != 0 && !(c->present & e->field))
			continue;
		switch (e->element) {
		case 0x0002: put_text(w, e->element, c->affected_sop_class, '\0'); continue;
		case 0x1000: put_text(w, e->element, c->affected_sop_instance, '\0'); continue;
		case 0x0902: put_text(w, e->element, c->error_comment, ' '); continue;
		case 0x1030: {
			char ae[DCB_AE_SIZE];

			/* AE titles are written full width, space padded. */
			snprintf(ae, sizeof ae, "%-16.16s", c->move_originator_ae);
			put_text(w, e->element, ae, ' ');
			continue;
		}
		case 0x0901:
			put_header(w, e->element, 4u * c->n_offending);
			for (unsigned k = 0; k < c->n_offending; k++) {
				put16(w, c->offending[k] >> 16);
				put16(w, c->offending[k] & 0xffff);
			}
			continue;
		case 0x0100: v = c->command; break;
		case 0x0110: v = c->message_id; break;
		case 0x0120: v = c->message_id_responded; break;
		case 0x0700: v = c->priority; break;
		case 0x0800: v = c->data_set_type; break;
		case 0x0900: v = c->status; break;
		case 0x0903: v = c->error_id; break;
		case 0x1031: v = c->move_originator_id; break;
		default: continue;
		}
		put_header(w, e->element, 2);
		put16(w, v);
	}
	if (glen_at + 4 <= w->size) {
		uint32_t g = (uint32_t)(w->off - glen_at - 4);

		w->p[glen_at] = (uint8_t)g;
		w->p[glen_at + 1] = (uint8_t)(g >> 8);
		w->p[glen_at + 2] = (uint8_t)(g >> 16);
		w->p[glen_at + 3] = (uint8_t)(g >> 24);
	}
	return (ssize_t)w->off;
}

ssize_t
dcb_dimse_encoded_size(const struct dcb_dimse_cmd *c, struct dcb_error *err)
{
	struct wr w = {NULL, 0, 0};

	return encode(c, &w, err);
}

ssize_t
dcb_dimse_encode(const struct dcb_dimse_cmd *c, uint8_t *buf, size_t size, struct dcb_error *err)
{
	struct wr w = {buf, size, 0};
	ssize_t n = encode(c, &w, err);

	if (n >= 0 && (size_t)n > size)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1,
		                     N_("the command set needs %zd bytes, the buffer has %zu"), n,
		                     size);
	return n;
}

/* --- decode -------------------------------------------------------------- */

static int
get_string(struct dcb_dimse_cmd *c, const struct elem *e, const uint8_t *v, uint32_t len,
           size_t off, char *out, size_t size, struct dcb_error *err)
{
	size_t n = len;

	while (n > 0 && (v[n - 1] == '\0' || v[n - 1] == ' '))
		n--;
	if (e->vr == VR_UI) {
		if (n < len && !(len - n == 1 && (len & 1) == 0 && v[len - 1] == '\0'))
			c->notes |= DCB_DIMSE_NOTE_UID_PADDED;
		for (size_t i = 0; i < n; i++)
			if (!((v[i] >= '0' && v[i] <= '9') || v[i] == '.'))
				c->notes |= DCB_DIMSE_NOTE_UID_SYNTAX;
	}
	if (e->vr == VR_AE) {
		size_t lead = 0;

		while (lead < n && v[lead] == ' ')
			lead++;
		v += lead;
		n -= lead;
	}
	if (n >= size) {
		if (e->vr == VR_UI || e->vr == VR_AE)
			return dcb_error_set(
			    err, DCB_ERR_MALFORMED, (int64_t)off,
			    N_("(0000,%04x) %s at offset %zu is %zu characters long; at "
			       "most %zu are allowed"),
			    e->element, e->name, off, n, size - 1);
		n = size - 1; /* an over-long comment is cut, not fatal */
	}
	for (size_t i = 0; i < n; i++)
		out[i] = v[i] == '\0' ? '?' : (char)v[i];
	out[n] = '\0';
	return 0;
}

static int
required(const struct dcb_dimse_cmd *c, uint32_t need, struct dcb_error *err)
{
	uint32_t missing = need & ~c->present;

	for (size_t i = 0; i < NELEMS; i++)
		if (missing & elems[i].field)
			return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
			                     N_("%s lacks the required element (0000,%04x) %s"),
			                     dcb_dimse_command_name(c->command), elems[i].element,
			                     elems[i].name);
	return 0;
}

int
dcb_dimse_decode(const uint8_t *buf, size_t len, struct dcb_dimse_cmd *c, struct dcb_error *err)
{
	bool have_command = false, have_dst = false;
	size_t off = 0, glen_end = 0;
	int last = -1;
	int rc;

	memset(c, 0, sizeof *c);
	while (off < len) {
		uint16_t g, e;
		uint32_t vlen;
		const struct elem *d;
		const uint8_t *v;

		if (len - off < 8)
			return dcb_error_set(
			    err, DCB_ERR_TRUNCATED, (int64_t)off,
			    N_("command set ends at offset %zu inside an element header "
			       "(%zu of 8 bytes)"),
			    off, len - off);
		g = dcb_le16(buf + off);
		e = dcb_le16(buf + off + 2);
		vlen = dcb_le32(buf + off + 4);
		if (g != 0x0000)
			return dcb_error_set(
			    err, DCB_ERR_MALFORMED, (int64_t)off,
			    N_("element (%04x,%04x) at offset %zu is outside group 0000; "
			       "a command set holds group 0000 only"),
			    g, e, off);
		if (vlen > len - off - 8)
			return dcb_error_set(
			    err, DCB_ERR_TRUNCATED, (int64_t)off,
			    N_("element (0000,%04x) at offset %zu has length %u, but only "
			       "%zu bytes are left"),
			    e, off, vlen, len - off - 8);
		if ((int)e <= last)
			c->notes |= DCB_DIMSE_NOTE_ORDER;
		last = e;
		v = buf + off + 8;
		d = find_elem(e);
		if (d == NULL) {
			if (e == 0x0001 || e == 0x4000 || e == 0x5010 || e == 0x5020 ||
			    e == 0x5110 || e == 0x5120 || e == 0x5130 || e == 0x5140 ||
			    e == 0x5150 || e == 0x5160 || e == 0x5170 || e == 0x5180 ||
			    e == 0x5190 || e == 0x51a0 || e == 0x51b0)
				c->notes |= DCB_DIMSE_NOTE_RETIRED;
			else
				c->notes |= DCB_DIMSE_NOTE_UNKNOWN_ELEMENT;
			off += 8 + (size_t)vlen;
			continue;
		}
		if ((d->field != 0 && (c->present & d->field)) ||
		    (e == E_COMMAND_FIELD && have_command) || (e == E_DATA_SET_TYPE && have_dst))
			return dcb_error_set(
			    err, DCB_ERR_MALFORMED, (int64_t)off,
			    N_("element (0000,%04x) %s appears twice (offset %zu)"), e, d->name,
			    off);
		switch (d->vr) {
		case VR_US:
			if (vlen != 2)
				return dcb_error_set(
				    err, DCB_ERR_MALFORMED, (int64_t)off,
				    N_("(0000,%04x) %s at offset %zu has length %u; a US "
				       "value has 2 bytes"),
				    e, d->name, off, vlen);
			break;
		case VR_UL:
			if (vlen != 4)
				return dcb_error_set(
				    err, DCB_ERR_MALFORMED, (int64_t)off,
				    N_("(0000,%04x) %s at offset %zu has length %u; a UL "
				       "value has 4 bytes"),
				    e, d->name, off, vlen);
			break;
		case VR_AT:
			if (vlen % 4 != 0)
				return dcb_error_set(
				    err, DCB_ERR_MALFORMED, (int64_t)off,
				    N_("(0000,%04x) %s at offset %zu has length %u; AT "
				       "values have 4 bytes each"),
				    e, d->name, off, vlen);
			break;
		default:
			break;
		}
		c->present |= d->field;
		switch (e) {
		case 0x0000:
			c->group_length = dcb_le32(v);
			glen_end = off + 12 + c->group_length;
			break;
		case 0x0002:
			rc = get_string(c, d, v, vlen, off, c->affected_sop_class,
			                sizeof c->affected_sop_class, err);
			if (rc < 0)
				return rc;
			break;
		case 0x1000:
			rc = get_string(c, d, v, vlen, off, c->affected_sop_instance,
			                sizeof c->affected_sop_instance, err);
			if (rc < 0)
				return rc;
			break;
		case 0x1030:
			rc = get_string(c, d, v, vlen, off, c->move_originator_ae,
			                sizeof c->move_originator_ae, err);
			if (rc < 0)
				return rc;
			break;
		case 0x0902:
			rc = get_string(c, d, v, vlen, off, c->error_comment,
			                sizeof c->error_comment, err);
			if (rc < 0)
				return rc;
			break;
		case 0x0901:
			for (uint32_t k = 0; k < vlen / 4 && k < DCB_DIMSE_MAX_OFFENDING; k++)
				c->offending[c->n_offending++] =
				        (uint32_t)dcb_le16(v + 4 * k) << 16 | dcb_le16(v + 4 * k + 2);
			break;
		case 0x0100: c->command = dcb_le16(v); have_command = true; break;
		case 0x0110: c->message_id = dcb_le16(v); break;
		case 0x0120: c->message_id_responded = dcb_le16(v); break;
		case 0x0700: c->priority = dcb_le16(v); break;
		case 0x0800: c->data_set_type = dcb_le16(v); have_dst = true; break;
		case 0x0900: c->status = dcb_le16(v); break;
		case 0x0903: c->error_id = dcb_le16(v); break;
		case 0x1031: c->move_originator_id = dcb_le16(v); break;
		}
		off += 8 + (size_t)vlen;
	}
	if (!(c->present & DCB_F_GROUP_LENGTH))
		c->notes |= DCB_DIMSE_NOTE_NO_GROUP_LENGTH;
	else if (glen_end != len)
		c->notes |= DCB_DIMSE_NOTE_GROUP_LENGTH_WRONG;
	if (!have_command)
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("the command set has no Command Field (0000,0100)"));
	if (!have_dst)
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("%s lacks the required element (0000,0800) "
		                        "CommandDataSetType"),
		                     dcb_dimse_command_name(c->command));
	switch (c->command) {
	case DCB_C_ECHO_RQ:
		rc = required(c, DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS, err);
		break;
	case DCB_C_ECHO_RSP:
		rc = required(c, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS, err);
		break;
	case DCB_C_STORE_RQ:
		rc = required(c, DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS |
		                         DCB_F_AFFECTED_SOP_INSTANCE | DCB_F_PRIORITY,
		              err);
		if (rc == 0 && !dcb_dimse_has_data(c))
			rc = dcb_error_set(
			    err, DCB_ERR_PROTOCOL, -1,
			    N_("C-STORE-RQ says no data set follows (0000,0800) = 0x0101"));
		break;
	case DCB_C_STORE_RSP:
		rc = required(c, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS, err);
		break;
	case DCB_C_FIND_RQ:
	case DCB_C_GET_RQ:
	case DCB_C_MOVE_RQ:
		rc = required(c, DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS, err);
		break;
	case DCB_C_FIND_RSP:
	case DCB_C_GET_RSP:
	case DCB_C_MOVE_RSP:
		rc = required(c, DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS, err);
		break;
	case DCB_C_CANCEL_RQ:
		rc = required(c, DCB_F_MESSAGE_ID_RESPONDED, err);
		break;
	default:
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("unknown Command Field 0x%04x"), c->command);
	}
	if (rc == 0 && (c->command == DCB_C_ECHO_RQ || c->command == DCB_C_ECHO_RSP) &&
	    dcb_dimse_has_data(c))
		rc = dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                   N_("%s announces a data set; C-ECHO has none"),
		                   dcb_dimse_command_name(c->command));
	return rc;
}

const char *
dcb_dimse_command_name(uint16_t command)
{
	switch (command) {
	case DCB_C_STORE_RQ:  return "C-STORE-RQ";
	case DCB_C_STORE_RSP: return "C-STORE-RSP";
	case DCB_C_GET_RQ:    return "C-GET-RQ";
	case DCB_C_GET_RSP:   return "C-GET-RSP";
	case DCB_C_FIND_RQ:   return "C-FIND-RQ";
	case DCB_C_FIND_RSP:  return "C-FIND-RSP";
	case DCB_C_MOVE_RQ:   return "C-MOVE-RQ";
	case DCB_C_MOVE_RSP:  return "C-MOVE-RSP";
	case DCB_C_ECHO_RQ:   return "C-ECHO-RQ";
	case DCB_C_ECHO_RSP:  return "C-ECHO-RSP";
	case DCB_N_EVENT_REPORT_RQ:  return "N-EVENT-REPORT-RQ";
	case DCB_N_EVENT_REPORT_RSP: return "N-EVENT-REPORT-RSP";
	case DCB_N_GET_RQ:     return "N-GET-RQ";
	case DCB_N_GET_RSP:    return "N-GET-RSP";
	case DCB_N_SET_RQ:     return "N-SET-RQ";
	case DCB_N_SET_RSP:    return "N-SET-RSP";
	case DCB_N_ACTION_RQ:  return "N-ACTION-RQ";
	case DCB_N_ACTION_RSP: return "N-ACTION-RSP";
	case DCB_N_CREATE_RQ:  return "N-CREATE-RQ";
	case DCB_N_CREATE_RSP: return "N-CREATE-RSP";
	case DCB_N_DELETE_RQ:  return "N-DELETE-RQ";
	case DCB_N_DELETE_RSP: return "N-DELETE-RSP";
	case DCB_C_CANCEL_RQ: return "C-CANCEL-RQ";
	}
	return "unknown";
}

/* --- text ----------------------------------------------------------------- */

const char *
dcb_dimse_priority_name(uint16_t p)
{
	switch (p) {
	case DCB_PRIORITY_MEDIUM: return dcb_tr(N_("medium"));
	case DCB_PRIORITY_HIGH:   return dcb_tr(N_("high"));
	case DCB_PRIORITY_LOW:    return dcb_tr(N_("low"));
	}
	return dcb_tr(N_("invalid"));
}

size_t
dcb_dimse_summary(const struct dcb_dimse_cmd *c, char *buf, size_t size)
{
	struct dcb_textbuf tb;

	dcb_textbuf_init(&tb, buf, size);
	dcb_textbuf_printf(&tb, "%s", dcb_dimse_command_name(c->command));
	if (c->present & DCB_F_MESSAGE_ID)
		dcb_textbuf_printf(&tb, dcb_tr(N_(" id %u")), c->message_id);
	if (c->present & DCB_F_MESSAGE_ID_RESPONDED)
		dcb_textbuf_printf(&tb, dcb_tr(N_(" for id %u")), c->message_id_responded);
	if (c->present & DCB_F_STATUS)
		dcb_textbuf_printf(&tb, " · 0x%04x %s", c->status,
		                   dcb_dimse_status_name(c->status));
	if (c->command == DCB_C_STORE_RQ || c->command == DCB_C_STORE_RSP) {
		if (c->affected_sop_instance[0] != '\0')
			dcb_textbuf_printf(&tb, " · %s", c->affected_sop_instance);
		if (c->present & DCB_F_PRIORITY)
			dcb_textbuf_printf(&tb, dcb_tr(N_(" · priority %s")),
			                   dcb_dimse_priority_name(c->priority));
		if (c->present & DCB_F_MOVE_ORIGINATOR_AE) {
			dcb_textbuf_printf(&tb, dcb_tr(N_(" · for C-MOVE from ")));
			dcb_textbuf_visible(&tb, c->move_originator_ae, DCB_AE_MAX);
		}
	}
	if (c->present & DCB_F_ERROR_COMMENT) {
		dcb_textbuf_printf(&tb, " · \"");
		dcb_textbuf_visible(&tb, c->error_comment, sizeof c->error_comment);
		dcb_textbuf_printf(&tb, "\"");
	}
	return tb.len;
}

size_t
dcb_dimse_dump(const struct dcb_dimse_cmd *c, char *buf, size_t size)
{
	struct dcb_textbuf tb;

	dcb_textbuf_init(&tb, buf, size);
	if (c->present & DCB_F_GROUP_LENGTH)
		dcb_textbuf_printf(&tb, "(0000,0000) UL CommandGroupLength %u\n", c->group_length);
	if (c->present & DCB_F_AFFECTED_SOP_CLASS)
		dcb_textbuf_printf(&tb, "(0000,0002) UI AffectedSOPClassUID %s\n",
		                   c->affected_sop_class);
	dcb_textbuf_printf(&tb, "(0000,0100) US CommandField 0x%04x %s\n", c->command,
	                   dcb_dimse_command_name(c->command));
	if (c->present & DCB_F_MESSAGE_ID)
		dcb_textbuf_printf(&tb, "(0000,0110) US MessageID %u\n", c->message_id);
	if (c->present & DCB_F_MESSAGE_ID_RESPONDED)
		dcb_textbuf_printf(&tb, "(0000,0120) US MessageIDBeingRespondedTo %u\n",
		                   c->message_id_responded);
	if (c->present & DCB_F_PRIORITY)
		dcb_textbuf_printf(&tb, "(0000,0700) US Priority %u %s\n", c->priority,
		                   dcb_dimse_priority_name(c->priority));
	dcb_textbuf_printf(&tb, "(0000,0800) US CommandDataSetType 0x%04x %s\n", c->data_set_type,
	                   dcb_dimse_has_data(c) ? dcb_tr(N_("(data set follows)"))
	                                         : dcb_tr(N_("(no data set)")));
	if (c->present & DCB_F_STATUS)
		dcb_textbuf_printf(&tb, "(0000,0900) US Status 0x%04x %s\n", c->status,
		                   dcb_dimse_status_name(c->status));
	if (c->present & DCB_F_OFFENDING_ELEMENT) {
		dcb_textbuf_printf(&tb, "(0000,0901) AT OffendingElement");
		for (unsigned k = 0; k < c->n_offending; k++)
			dcb_textbuf_printf(&tb, " (%04x,%04x)", c->offending[k] >> 16,
			                   c->offending[k] & 0xffff);
		dcb_textbuf_printf(&tb, "\n");
	}
	if (c->present & DCB_F_ERROR_COMMENT) {
		dcb_textbuf_printf(&tb, "(0000,0902) LO ErrorComment \"");
		dcb_textbuf_visible(&tb, c->error_comment, sizeof c->error_comment);
		dcb_textbuf_printf(&tb, "\"\n");
	}
	if (c->present & DCB_F_ERROR_ID)
		dcb_textbuf_printf(&tb, "(0000,0903) US ErrorID %u\n", c->error_id);
	if (c->present & DCB_F_AFFECTED_SOP_INSTANCE)
		dcb_textbuf_printf(&tb, "(0000,1000) UI AffectedSOPInstanceUID %s\n",
		                   c->affected_sop_instance);
	if (c->present & DCB_F_MOVE_ORIGINATOR_AE) {
		dcb_textbuf_printf(&tb, "(0000,1030) AE MoveOriginatorApplicationEntityTitle \"");
		dcb_textbuf_visible(&tb, c->move_originator_ae, DCB_AE_MAX);
		dcb_textbuf_printf(&tb, "\"\n");
	}
	if (c->present & DCB_F_MOVE_ORIGINATOR_ID)
		dcb_textbuf_printf(&tb, "(0000,1031) US MoveOriginatorMessageID %u\n",
		                   c->move_originator_id);
	return tb.len;
}

/* --- status codes -------------------------------------------------------- */

enum dcb_status_class
dcb_dimse_status_class(uint16_t s)
{
	if (s == 0x0000)
		return DCB_STATUS_SUCCESS;
	if (s == 0x0001 || s == 0x0107 || s == 0x0116 || (s >= 0xB000 && s <= 0xBFFF))
		return DCB_STATUS_WARNING;
	if (s == 0xFE00)
		return DCB_STATUS_CANCEL;
	if (s == 0xFF00 || s == 0xFF01)
		return DCB_STATUS_PENDING;
	return DCB_STATUS_FAILURE;
}

const char *
dcb_status_class_name(enum dcb_status_class c)
{
	switch (c) {
	case DCB_STATUS_SUCCESS: return dcb_tr(N_("Success"));
	case DCB_STATUS_WARNING: return dcb_tr(N_("Warning"));
	case DCB_STATUS_FAILURE: return dcb_tr(N_("Failure"));
	case DCB_STATUS_CANCEL:  return dcb_tr(N_("Cancel"));
	case DCB_STATUS_PENDING: return dcb_tr(N_("Pending"));
	}
	return dcb_tr(N_("Failure"));
}

struct status_def {
	uint16_t code;
	const char *text;
};

static const struct status_def statuses[] = {
	{0x0000, N_("Success")},
	{0x0001, N_("Warning: requested optional attributes are not supported")},
	{0x0105, N_("No such attribute")},
	{0x0106, N_("Invalid attribute value")},
	{0x0107, N_("Warning: attribute list error")},
	{0x0110, N_("Processing failure")},
	{0x0111, N_("Duplicate SOP instance")},
	{0x0112, N_("No such SOP instance")},
	{0x0113, N_("No such event type")},
	{0x0114, N_("No such argument")},
	{0x0115, N_("Invalid argument value")},
	{0x0116, N_("Warning: attribute value out of range")},
	{0x0117, N_("Invalid object instance")},
	{0x0118, N_("No such SOP class")},
	{0x0119, N_("Class-instance conflict")},
	{0x0120, N_("Missing attribute")},
	{0x0121, N_("Missing attribute value")},
	{0x0122, N_("Refused: SOP class not supported")},
	{0x0123, N_("No such action")},
	{0x0124, N_("Refused: not authorized")},
	{0x0210, N_("Duplicate invocation")},
	{0x0211, N_("Unrecognized operation")},
	{0x0212, N_("Mistyped argument")},
	{0x0213, N_("Resource limitation")},
	{0xA801, N_("Refused: move destination unknown")},
	{0xB000, N_("Warning: coercion of data elements")},
	{0xB006, N_("Warning: elements discarded")},
	{0xB007, N_("Warning: data set does not match SOP class")},
	{0xFE00, N_("Cancel")},
	{0xFF00, N_("Pending")},
	{0xFF01, N_("Pending: optional keys not supported")},
};

const char *
dcb_dimse_status_name(uint16_t s)
{
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (statuses[i].code == s)
			return dcb_tr(statuses[i].text);
	if ((s & 0xff00) == 0xA700)
		return dcb_tr(N_("Refused: out of resources"));
	if ((s & 0xff00) == 0xA900)
		return dcb_tr(N_("Error: data set does not match SOP class"));
	if ((s & 0xf000) == 0xC000)
		return dcb_tr(N_("Error: cannot understand"));
	if ((s & 0xf000) == 0xB000)
		return dcb_tr(N_("Warning (service-specific)"));
	switch (dcb_dimse_status_class(s)) {
	case DCB_STATUS_WARNING: return dcb_tr(N_("Warning (unknown code)"));
	default:                 return dcb_tr(N_("Failure (unknown code)"));
	}
}
