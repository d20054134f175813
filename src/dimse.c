/* dimse.c — DIMSE command sets (group 0000, implicit VR LE): the element
 * table, the command table of PS3.7 Annex E, and the codec (PS3.7 §6.3,
 * §9.3, §10.3). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "dimse-int.h"
#include "i18n.h"
#include "lewriter.h"
#include "textbuf.h"

/* --- element table ----------------------------------------------------- */

/* Seen-bits of the two elements every command set has; decode only. */
#define SEEN_COMMAND (1u << 30)
#define SEEN_DATA_SET_TYPE (1u << 31)

#define OFF(m) offsetof(struct dcb_dimse_cmd, m)
#define US(e, f, n, m, show) {e, DIMSE_US, f, n, OFF(m), 2, 0, show}
#define STR(e, vr, f, n, m) {e, vr, f, n, OFF(m), sizeof((struct dcb_dimse_cmd *)0)->m, 0, SHOW_NUMBER}
#define TAGS(e, f, n, m, count) \
	{e, DIMSE_AT, f, n, OFF(m), sizeof((struct dcb_dimse_cmd *)0)->m / sizeof(uint32_t), \
	 OFF(count), SHOW_NUMBER}

const struct dimse_elem dcb_dimse_elems[] = {
	{0x0000, DIMSE_UL, DCB_F_GROUP_LENGTH, "CommandGroupLength", OFF(group_length), 4, 0,
	 SHOW_NUMBER},
	STR(0x0002, DIMSE_UI, DCB_F_AFFECTED_SOP_CLASS, "AffectedSOPClassUID", affected_sop_class),
	STR(0x0003, DIMSE_UI, DCB_F_REQUESTED_SOP_CLASS, "RequestedSOPClassUID",
	    requested_sop_class),
	US(0x0100, SEEN_COMMAND, "CommandField", command, SHOW_COMMAND),
	US(0x0110, DCB_F_MESSAGE_ID, "MessageID", message_id, SHOW_NUMBER),
	US(0x0120, DCB_F_MESSAGE_ID_RESPONDED, "MessageIDBeingRespondedTo", message_id_responded,
	   SHOW_NUMBER),
	STR(0x0600, DIMSE_AE, DCB_F_MOVE_DESTINATION, "MoveDestination", move_destination),
	US(0x0700, DCB_F_PRIORITY, "Priority", priority, SHOW_PRIORITY),
	US(0x0800, SEEN_DATA_SET_TYPE, "CommandDataSetType", data_set_type, SHOW_DATA_SET),
	US(0x0900, DCB_F_STATUS, "Status", status, SHOW_STATUS),
	TAGS(0x0901, DCB_F_OFFENDING_ELEMENT, "OffendingElement", offending, n_offending),
	STR(0x0902, DIMSE_LO, DCB_F_ERROR_COMMENT, "ErrorComment", error_comment),
	US(0x0903, DCB_F_ERROR_ID, "ErrorID", error_id, SHOW_NUMBER),
	STR(0x1000, DIMSE_UI, DCB_F_AFFECTED_SOP_INSTANCE, "AffectedSOPInstanceUID",
	    affected_sop_instance),
	STR(0x1001, DIMSE_UI, DCB_F_REQUESTED_SOP_INSTANCE, "RequestedSOPInstanceUID",
	    requested_sop_instance),
	US(0x1002, DCB_F_EVENT_TYPE_ID, "EventTypeID", event_type_id, SHOW_NUMBER),
	TAGS(0x1005, DCB_F_ATTRIBUTE_IDS, "AttributeIdentifierList", attribute_ids,
	     n_attribute_ids),
	US(0x1008, DCB_F_ACTION_TYPE_ID, "ActionTypeID", action_type_id, SHOW_NUMBER),
	US(0x1020, DCB_F_NUM_REMAINING, "NumberOfRemainingSuboperations", n_remaining,
	   SHOW_NUMBER),
	US(0x1021, DCB_F_NUM_COMPLETED, "NumberOfCompletedSuboperations", n_completed,
	   SHOW_NUMBER),
	US(0x1022, DCB_F_NUM_FAILED, "NumberOfFailedSuboperations", n_failed, SHOW_NUMBER),
	US(0x1023, DCB_F_NUM_WARNING, "NumberOfWarningSuboperations", n_warning, SHOW_NUMBER),
	STR(0x1030, DIMSE_AE, DCB_F_MOVE_ORIGINATOR_AE, "MoveOriginatorApplicationEntityTitle",
	    move_originator_ae),
	US(0x1031, DCB_F_MOVE_ORIGINATOR_ID, "MoveOriginatorMessageID", move_originator_id,
	   SHOW_NUMBER),
};
const size_t dcb_dimse_n_elems = sizeof dcb_dimse_elems / sizeof dcb_dimse_elems[0];

/* Retired command elements of earlier editions (PS3.7 Annex D): noted, skipped. */
static const uint16_t retired_elems[] = {
	0x0001, 0x4000, 0x5010, 0x5020, 0x5110, 0x5120, 0x5130, 0x5140,
	0x5150, 0x5160, 0x5170, 0x5180, 0x5190, 0x51a0, 0x51b0,
};

static const struct dimse_elem *
find_elem(uint16_t e)
{
	for (size_t i = 0; i < dcb_dimse_n_elems; i++)
		if (dcb_dimse_elems[i].element == e)
			return &dcb_dimse_elems[i];
	return NULL;
}

static bool
is_retired(uint16_t e)
{
	for (size_t i = 0; i < sizeof retired_elems / sizeof retired_elems[0]; i++)
		if (retired_elems[i] == e)
			return true;
	return false;
}

/* --- command table (PS3.7 Annex E) -------------------------------------- */

#define RQ_C (DCB_F_MESSAGE_ID | DCB_F_AFFECTED_SOP_CLASS)
#define RQ_N (DCB_F_MESSAGE_ID | DCB_F_REQUESTED_SOP_CLASS | DCB_F_REQUESTED_SOP_INSTANCE)
#define RSP (DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS)
#define ERRORS (DCB_F_OFFENDING_ELEMENT | DCB_F_ERROR_COMMENT | DCB_F_ERROR_ID)
#define AFFECTED (DCB_F_AFFECTED_SOP_CLASS | DCB_F_AFFECTED_SOP_INSTANCE)
#define REQ DCB_DIMSE_DATA_REQUIRED
#define NONE DCB_DIMSE_DATA_FORBIDDEN
#define OPT DCB_DIMSE_DATA_OPTIONAL

static const struct dcb_dimse_command_info commands[] = {
	{DCB_C_STORE_RQ, "C-STORE-RQ", DCB_C_STORE_RSP,
	 RQ_C | DCB_F_AFFECTED_SOP_INSTANCE | DCB_F_PRIORITY,
	 DCB_F_MOVE_ORIGINATOR_AE | DCB_F_MOVE_ORIGINATOR_ID, REQ, 0, OPT, OPT},
	{DCB_C_STORE_RSP, "C-STORE-RSP", 0, RSP, AFFECTED | ERRORS, NONE, 0, OPT, OPT},
	{DCB_C_GET_RQ, "C-GET-RQ", DCB_C_GET_RSP, RQ_C | DCB_F_PRIORITY, 0, REQ, 0, OPT, OPT},
	{DCB_C_GET_RSP, "C-GET-RSP", 0, RSP, DCB_F_AFFECTED_SOP_CLASS | ERRORS |
	 DCB_F_SUB_OPERATIONS, OPT, DCB_F_SUB_OPERATIONS, OPT, OPT},
	{DCB_C_FIND_RQ, "C-FIND-RQ", DCB_C_FIND_RSP, RQ_C | DCB_F_PRIORITY, 0, REQ, 0, OPT, OPT},
	{DCB_C_FIND_RSP, "C-FIND-RSP", 0, RSP, DCB_F_AFFECTED_SOP_CLASS | ERRORS, OPT, 0, REQ,
	 NONE},
	{DCB_C_MOVE_RQ, "C-MOVE-RQ", DCB_C_MOVE_RSP,
	 RQ_C | DCB_F_PRIORITY | DCB_F_MOVE_DESTINATION, 0, REQ, 0, OPT, OPT},
	{DCB_C_MOVE_RSP, "C-MOVE-RSP", 0, RSP, DCB_F_AFFECTED_SOP_CLASS | ERRORS |
	 DCB_F_SUB_OPERATIONS, OPT, DCB_F_SUB_OPERATIONS, OPT, OPT},
	{DCB_C_ECHO_RQ, "C-ECHO-RQ", DCB_C_ECHO_RSP, RQ_C, 0, NONE, 0, OPT, OPT},
	{DCB_C_ECHO_RSP, "C-ECHO-RSP", 0, RSP, DCB_F_AFFECTED_SOP_CLASS | ERRORS, NONE, 0, OPT,
	 OPT},
	{DCB_C_CANCEL_RQ, "C-CANCEL-RQ", 0, DCB_F_MESSAGE_ID_RESPONDED, 0, NONE, 0, OPT, OPT},
	{DCB_N_EVENT_REPORT_RQ, "N-EVENT-REPORT-RQ", DCB_N_EVENT_REPORT_RSP,
	 RQ_C | DCB_F_AFFECTED_SOP_INSTANCE | DCB_F_EVENT_TYPE_ID, 0, OPT, 0, OPT, OPT},
	{DCB_N_EVENT_REPORT_RSP, "N-EVENT-REPORT-RSP", 0, RSP,
	 AFFECTED | DCB_F_EVENT_TYPE_ID | ERRORS, OPT, 0, OPT, OPT},
	{DCB_N_GET_RQ, "N-GET-RQ", DCB_N_GET_RSP, RQ_N, DCB_F_ATTRIBUTE_IDS, NONE, 0, OPT, OPT},
	{DCB_N_GET_RSP, "N-GET-RSP", 0, RSP, AFFECTED | ERRORS, OPT, 0, OPT, OPT},
	{DCB_N_SET_RQ, "N-SET-RQ", DCB_N_SET_RSP, RQ_N, 0, REQ, 0, OPT, OPT},
	{DCB_N_SET_RSP, "N-SET-RSP", 0, RSP, AFFECTED | ERRORS, OPT, 0, OPT, OPT},
	{DCB_N_ACTION_RQ, "N-ACTION-RQ", DCB_N_ACTION_RSP, RQ_N | DCB_F_ACTION_TYPE_ID, 0, OPT, 0,
	 OPT, OPT},
	{DCB_N_ACTION_RSP, "N-ACTION-RSP", 0, RSP, AFFECTED | DCB_F_ACTION_TYPE_ID | ERRORS, OPT,
	 0, OPT, OPT},
	{DCB_N_CREATE_RQ, "N-CREATE-RQ", DCB_N_CREATE_RSP, RQ_C, DCB_F_AFFECTED_SOP_INSTANCE, OPT,
	 0, OPT, OPT},
	{DCB_N_CREATE_RSP, "N-CREATE-RSP", 0, RSP, AFFECTED | ERRORS, OPT, 0, OPT, OPT},
	{DCB_N_DELETE_RQ, "N-DELETE-RQ", DCB_N_DELETE_RSP, RQ_N, 0, NONE, 0, OPT, OPT},
	{DCB_N_DELETE_RSP, "N-DELETE-RSP", 0, RSP, AFFECTED | ERRORS, NONE, 0, OPT, OPT},
};

const struct dcb_dimse_command_info *
dcb_dimse_command_info(uint16_t command)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (commands[i].command == command)
			return &commands[i];
	return NULL;
}

/* --- encode -------------------------------------------------------------- */

static void
put_header(struct dcb_lew *w, uint16_t e, uint32_t len)
{
	dcb_lew_put16(w, 0x0000);
	dcb_lew_put16(w, e);
	dcb_lew_put32(w, len);
}

static void
put_text(struct dcb_lew *w, uint16_t e, const char *s, char pad)
{
	size_t n = strlen(s), padded = n + (n & 1);

	put_header(w, e, (uint32_t)padded);
	for (size_t i = 0; i < n; i++)
		dcb_lew_put8(w, (uint8_t)s[i]);
	if (n & 1)
		dcb_lew_put8(w, (uint8_t)pad);
}

/* A field the encoder cannot write, as an error; 0 when all can be. */
static int
check_encodable(const struct dcb_dimse_cmd *c, struct dcb_error *err)
{
	for (size_t i = 0; i < dcb_dimse_n_elems; i++) {
		const struct dimse_elem *e = &dcb_dimse_elems[i];
		unsigned n;

		if (!(c->present & e->field))
			continue;
		if (e->vr == DIMSE_UI && strnlen(dimse_cstr(c, e), e->size) > DCB_UID_MAX)
			return dcb_error_set(
			    err, DCB_ERR_USAGE, -1,
			    N_("a UID in the command set is longer than 64 characters"));
		if (e->vr == DIMSE_AT && (dimse_ctags(c, e, &n), n > e->size))
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("%u values in (0000,%04x) %s; at most %zu are kept"),
			                     n, e->element, e->name, e->size);
	}
	return 0;
}

static void
put_elem(struct dcb_lew *w, const struct dcb_dimse_cmd *c, const struct dimse_elem *e)
{
	const uint32_t *tags;
	unsigned n;
	char ae[DCB_AE_SIZE];

	switch (e->vr) {
	case DIMSE_UL:
		break; /* the group length: written first, by encode() */
	case DIMSE_US:
		put_header(w, e->element, 2);
		dcb_lew_put16(w, *dimse_cu16(c, e));
		break;
	case DIMSE_UI:
		put_text(w, e->element, dimse_cstr(c, e), '\0');
		break;
	case DIMSE_LO:
		put_text(w, e->element, dimse_cstr(c, e), ' ');
		break;
	case DIMSE_AE:
		/* AE titles are written full width, space padded. */
		snprintf(ae, sizeof ae, "%-16.16s", dimse_cstr(c, e));
		put_text(w, e->element, ae, ' ');
		break;
	case DIMSE_AT:
		tags = dimse_ctags(c, e, &n);
		put_header(w, e->element, 4u * n);
		for (unsigned k = 0; k < n; k++) {
			dcb_lew_put16(w, tags[k] >> 16);
			dcb_lew_put16(w, tags[k] & 0xffff);
		}
		break;
	}
}

static ssize_t
encode(const struct dcb_dimse_cmd *c, struct dcb_lew *w, struct dcb_error *err)
{
	size_t glen_at;
	int rc = check_encodable(c, err);

	if (rc < 0)
		return rc;
	put_header(w, 0x0000, 4);
	glen_at = w->off;
	dcb_lew_put32(w, 0);
	for (size_t i = 1; i < dcb_dimse_n_elems; i++) {
		const struct dimse_elem *e = &dcb_dimse_elems[i];
		bool always = e->field == SEEN_COMMAND || e->field == SEEN_DATA_SET_TYPE;

		if (always || (c->present & e->field))
			put_elem(w, c, e);
	}
	dcb_lew_patch32(w, glen_at);
	return (ssize_t)w->off;
}

ssize_t
dcb_dimse_encoded_size(const struct dcb_dimse_cmd *c, struct dcb_error *err)
{
	struct dcb_lew w = {NULL, 0, 0};

	return encode(c, &w, err);
}

ssize_t
dcb_dimse_encode(const struct dcb_dimse_cmd *c, uint8_t *buf, size_t size, struct dcb_error *err)
{
	struct dcb_lew w = {buf, size, 0};
	ssize_t n = encode(c, &w, err);

	if (n >= 0 && (size_t)n > size)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1,
		                     N_("the command set needs %zd bytes, the buffer has %zu"), n,
		                     size);
	return n;
}

/* --- decode -------------------------------------------------------------- */

static int
get_string(struct dcb_dimse_cmd *c, const struct dimse_elem *e, const uint8_t *v, uint32_t len,
           size_t off, struct dcb_error *err)
{
	char *out = (char *)c + e->off;
	size_t n = len, size = e->size;

	while (n > 0 && (v[n - 1] == '\0' || v[n - 1] == ' '))
		n--;
	if (e->vr == DIMSE_UI) {
		if (n < len && !(len - n == 1 && (len & 1) == 0 && v[len - 1] == '\0'))
			c->notes |= DCB_DIMSE_NOTE_UID_PADDED;
		for (size_t i = 0; i < n; i++)
			if (!((v[i] >= '0' && v[i] <= '9') || v[i] == '.'))
				c->notes |= DCB_DIMSE_NOTE_UID_SYNTAX;
	}
	if (e->vr == DIMSE_AE) {
		size_t lead = 0;

		while (lead < n && v[lead] == ' ')
			lead++;
		v += lead;
		n -= lead;
	}
	if (n >= size) {
		if (e->vr == DIMSE_UI || e->vr == DIMSE_AE)
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

/* Checks the length of a fixed-size VR. */
static int
check_length(const struct dimse_elem *d, uint32_t vlen, size_t off, struct dcb_error *err)
{
	switch (d->vr) {
	case DIMSE_US:
		if (vlen != 2)
			return dcb_error_set(err, DCB_ERR_MALFORMED, (int64_t)off,
			                     N_("(0000,%04x) %s at offset %zu has length %u; a US "
			                        "value has 2 bytes"),
			                     d->element, d->name, off, vlen);
		break;
	case DIMSE_UL:
		if (vlen != 4)
			return dcb_error_set(err, DCB_ERR_MALFORMED, (int64_t)off,
			                     N_("(0000,%04x) %s at offset %zu has length %u; a UL "
			                        "value has 4 bytes"),
			                     d->element, d->name, off, vlen);
		break;
	case DIMSE_AT:
		if (vlen % 4 != 0)
			return dcb_error_set(err, DCB_ERR_MALFORMED, (int64_t)off,
			                     N_("(0000,%04x) %s at offset %zu has length %u; AT "
			                        "values have 4 bytes each"),
			                     d->element, d->name, off, vlen);
		break;
	default:
		break;
	}
	return 0;
}

/* Stores the value of one known element. */
static int
get_value(struct dcb_dimse_cmd *c, const struct dimse_elem *d, const uint8_t *v, uint32_t vlen,
          size_t off, struct dcb_error *err)
{
	uint8_t *count = (uint8_t *)c + d->count_off;
	uint32_t *tags = (uint32_t *)((char *)c + d->off);

	switch (d->vr) {
	case DIMSE_UL:
		c->group_length = dcb_le32(v);
		return 0;
	case DIMSE_US:
		*dimse_u16(c, d) = dcb_le16(v);
		return 0;
	case DIMSE_AT:
		if (vlen / 4 > d->size)
			c->notes |= DCB_DIMSE_NOTE_LIST_CUT;
		for (uint32_t k = 0; k < vlen / 4 && k < d->size; k++)
			tags[(*count)++] = (uint32_t)dcb_le16(v + 4 * k) << 16 | dcb_le16(v + 4 * k + 2);
		return 0;
	default:
		return get_string(c, d, v, vlen, off, err);
	}
}

static int
required(const struct dcb_dimse_cmd *c, uint32_t need, struct dcb_error *err)
{
	uint32_t missing = need & ~c->present;

	for (size_t i = 0; i < dcb_dimse_n_elems; i++)
		if (missing & dcb_dimse_elems[i].field)
			return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
			                     N_("%s lacks the required element (0000,%04x) %s"),
			                     dcb_dimse_command_name(c->command),
			                     dcb_dimse_elems[i].element, dcb_dimse_elems[i].name);
	return 0;
}

/* True when the data set rule holds for c. */
static bool
data_ok(const struct dcb_dimse_cmd *c, enum dcb_dimse_data rule)
{
	return rule == DCB_DIMSE_DATA_OPTIONAL ||
	       (rule == DCB_DIMSE_DATA_REQUIRED) == dcb_dimse_has_data(c);
}

/* The rules of Annex E for a decoded command set. */
static int
check_rules(struct dcb_dimse_cmd *c, struct dcb_error *err)
{
	const struct dcb_dimse_command_info *info = dcb_dimse_command_info(c->command);
	int rc;

	if (info == NULL) {
		c->notes |= DCB_DIMSE_NOTE_UNKNOWN_COMMAND;
		return 0;
	}
	rc = required(c, info->required, err);
	if (rc < 0)
		return rc;
	if (!data_ok(c, info->data))
		return info->data == DCB_DIMSE_DATA_REQUIRED
		           ? dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                           N_("%s says no data set follows (0000,0800) = 0x0101, "
		                              "but it needs one"),
		                           info->name)
		           : dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                           N_("%s announces a data set ((0000,0800) = 0x%04x); "
		                              "this command has none"),
		                           info->name, c->data_set_type);
	if (c->present & ~(info->required | info->optional | DCB_F_GROUP_LENGTH))
		c->notes |= DCB_DIMSE_NOTE_UNKNOWN_ELEMENT;
	if (dcb_dimse_is_response(c->command)) {
		bool pending = dcb_dimse_status_class(c->status) == DCB_STATUS_PENDING;

		if ((pending && (info->pending_required & ~c->present)) ||
		    !data_ok(c, pending ? info->pending_data : info->final_data))
			c->notes |= DCB_DIMSE_NOTE_CONDITIONAL;
	}
	return 0;
}

int
dcb_dimse_decode(const uint8_t *buf, size_t len, struct dcb_dimse_cmd *c, struct dcb_error *err)
{
	uint32_t seen = 0;
	size_t off = 0, glen_end = 0;
	int last = -1;
	int rc;

	memset(c, 0, sizeof *c);
	while (off < len) {
		uint16_t g, e;
		uint32_t vlen;
		const struct dimse_elem *d;

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
		d = find_elem(e);
		if (d == NULL) {
			c->notes |= is_retired(e) ? DCB_DIMSE_NOTE_RETIRED
			                          : DCB_DIMSE_NOTE_UNKNOWN_ELEMENT;
			off += 8 + (size_t)vlen;
			continue;
		}
		if (seen & d->field)
			return dcb_error_set(
			    err, DCB_ERR_MALFORMED, (int64_t)off,
			    N_("element (0000,%04x) %s appears twice (offset %zu)"), e, d->name,
			    off);
		rc = check_length(d, vlen, off, err);
		if (rc == 0)
			rc = get_value(c, d, buf + off + 8, vlen, off, err);
		if (rc < 0)
			return rc;
		seen |= d->field;
		if (e == 0x0000)
			glen_end = off + 12 + c->group_length;
		off += 8 + (size_t)vlen;
	}
	c->present = seen & ~(SEEN_COMMAND | SEEN_DATA_SET_TYPE);
	if (!(c->present & DCB_F_GROUP_LENGTH))
		c->notes |= DCB_DIMSE_NOTE_NO_GROUP_LENGTH;
	else if (glen_end != len)
		c->notes |= DCB_DIMSE_NOTE_GROUP_LENGTH_WRONG;
	if (!(seen & SEEN_COMMAND))
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("the command set has no Command Field (0000,0100)"));
	if (!(seen & SEEN_DATA_SET_TYPE))
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("%s lacks the required element (0000,0800) "
		                        "CommandDataSetType"),
		                     dcb_dimse_command_name(c->command));
	return check_rules(c, err);
}

const char *
dcb_dimse_command_name(uint16_t command)
{
	const struct dcb_dimse_command_info *info = dcb_dimse_command_info(command);

	return info != NULL ? info->name : "unknown";
}
