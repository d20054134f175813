/* dimse-text.c — DIMSE in words: priorities, status codes (PS3.7 Annex C,
 * PS3.4), one-line summaries and element dumps of command sets. */
#include "config.h"

#include <string.h>

#include "dict.h"
#include "dimse-int.h"
#include "i18n.h"
#include "textbuf.h"

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

/* --- summary --------------------------------------------------------------- */

/* The SOP class in the summary: its keyword when known. */
static void
summary_class(struct dcb_textbuf *tb, const char *uid)
{
	const struct dcb_uid_entry *u = dcb_uid_lookup(uid);

	dcb_textbuf_printf(tb, " · %s", u != NULL ? u->keyword : uid);
}

size_t
dcb_dimse_summary(const struct dcb_dimse_cmd *c, char *buf, size_t size)
{
	struct dcb_textbuf tb;
	const char *inst = c->affected_sop_instance[0] != '\0' ? c->affected_sop_instance
	                                                       : c->requested_sop_instance;
	const char *cls = c->affected_sop_class[0] != '\0' ? c->affected_sop_class
	                                                   : c->requested_sop_class;

	dcb_textbuf_init(&tb, buf, size);
	dcb_textbuf_printf(&tb, "%s", dcb_dimse_command_name(c->command));
	if (c->present & DCB_F_MESSAGE_ID)
		dcb_textbuf_printf(&tb, dcb_tr(N_(" id %u")), c->message_id);
	if (c->present & DCB_F_MESSAGE_ID_RESPONDED)
		dcb_textbuf_printf(&tb, dcb_tr(N_(" for id %u")), c->message_id_responded);
	if (c->present & DCB_F_STATUS)
		dcb_textbuf_printf(&tb, " · 0x%04x %s", c->status,
		                   dcb_dimse_status_name_for(c->command, c->status));
	/* The class says what a query or an N-service is about; a C-STORE
	 * names its instance, a C-ECHO needs neither. */
	if (!dcb_dimse_is_response(c->command) && c->command != DCB_C_STORE_RQ &&
	    c->command != DCB_C_ECHO_RQ && cls[0] != '\0')
		summary_class(&tb, cls);
	if (inst[0] != '\0')
		dcb_textbuf_printf(&tb, " · %s", inst);
	if (c->present & DCB_F_EVENT_TYPE_ID)
		dcb_textbuf_printf(&tb, dcb_tr(N_(" · event type %u")), c->event_type_id);
	if (c->present & DCB_F_ACTION_TYPE_ID)
		dcb_textbuf_printf(&tb, dcb_tr(N_(" · action type %u")), c->action_type_id);
	if (c->present & DCB_F_ATTRIBUTE_IDS)
		dcb_textbuf_printf(&tb, dcb_tr(N_(" · %u attributes")), c->n_attribute_ids);
	if (c->present & DCB_F_PRIORITY)
		dcb_textbuf_printf(&tb, dcb_tr(N_(" · priority %s")),
		                   dcb_dimse_priority_name(c->priority));
	if (c->present & DCB_F_MOVE_DESTINATION) {
		dcb_textbuf_printf(&tb, dcb_tr(N_(" · to ")));
		dcb_textbuf_visible(&tb, c->move_destination, DCB_AE_MAX);
	}
	if (c->present & DCB_F_MOVE_ORIGINATOR_AE) {
		dcb_textbuf_printf(&tb, dcb_tr(N_(" · for C-MOVE from ")));
		dcb_textbuf_visible(&tb, c->move_originator_ae, DCB_AE_MAX);
	}
	if ((c->present & DCB_F_SUB_OPERATIONS) == DCB_F_SUB_OPERATIONS)
		dcb_textbuf_printf(&tb,
		                   dcb_tr(N_(" · sub-operations: %u remaining, %u completed, "
		                             "%u failed, %u with warnings")),
		                   c->n_remaining, c->n_completed, c->n_failed, c->n_warning);
	if (c->present & DCB_F_ERROR_COMMENT) {
		dcb_textbuf_printf(&tb, " · \"");
		dcb_textbuf_visible(&tb, c->error_comment, sizeof c->error_comment);
		dcb_textbuf_printf(&tb, "\"");
	}
	return tb.len;
}

/* --- dump ------------------------------------------------------------------ */

static void
dump_us(struct dcb_textbuf *tb, const struct dcb_dimse_cmd *c, const struct dimse_elem *e)
{
	uint16_t v = *dimse_cu16(c, e);

	switch (e->show) {
	case SHOW_NUMBER:
		dcb_textbuf_printf(tb, "%u", v);
		break;
	case SHOW_COMMAND:
		dcb_textbuf_printf(tb, "0x%04x %s", v, dcb_dimse_command_name(v));
		break;
	case SHOW_PRIORITY:
		dcb_textbuf_printf(tb, "%u %s", v, dcb_dimse_priority_name(v));
		break;
	case SHOW_DATA_SET:
		dcb_textbuf_printf(tb, "0x%04x %s", v,
		                   dcb_dimse_has_data(c) ? dcb_tr(N_("(data set follows)"))
		                                         : dcb_tr(N_("(no data set)")));
		break;
	case SHOW_STATUS:
		dcb_textbuf_printf(tb, "0x%04x %s", v, dcb_dimse_status_name_for(c->command, v));
		break;
	}
}

static const char *const vr_names[] = {
	[DIMSE_UL] = "UL", [DIMSE_US] = "US", [DIMSE_UI] = "UI",
	[DIMSE_AE] = "AE", [DIMSE_LO] = "LO", [DIMSE_AT] = "AT",
};

size_t
dcb_dimse_dump(const struct dcb_dimse_cmd *c, char *buf, size_t size)
{
	struct dcb_textbuf tb;

	dcb_textbuf_init(&tb, buf, size);
	for (size_t i = 0; i < dcb_dimse_n_elems; i++) {
		const struct dimse_elem *e = &dcb_dimse_elems[i];
		bool always = e->element == 0x0100 || e->element == 0x0800;
		const uint32_t *tags;
		unsigned n;

		if (!always && !(c->present & e->field))
			continue;
		dcb_textbuf_printf(&tb, "(0000,%04x) %s %s", e->element, vr_names[e->vr], e->name);
		switch (e->vr) {
		case DIMSE_UL:
			dcb_textbuf_printf(&tb, " %u", c->group_length);
			break;
		case DIMSE_US:
			dcb_textbuf_printf(&tb, " ");
			dump_us(&tb, c, e);
			break;
		case DIMSE_UI:
			dcb_textbuf_printf(&tb, " %s", dimse_cstr(c, e));
			break;
		case DIMSE_AE:
		case DIMSE_LO:
			dcb_textbuf_printf(&tb, " \"");
			dcb_textbuf_visible(&tb, dimse_cstr(c, e), e->size);
			dcb_textbuf_printf(&tb, "\"");
			break;
		case DIMSE_AT:
			tags = dimse_ctags(c, e, &n);
			for (unsigned k = 0; k < n; k++)
				dcb_textbuf_printf(&tb, " (%04x,%04x)", tags[k] >> 16,
				                   tags[k] & 0xffff);
			break;
		}
		dcb_textbuf_printf(&tb, "\n");
	}
	return tb.len;
}

/* --- status codes ---------------------------------------------------------- */

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

/* Which services a status text belongs to (0: every service). */
enum {
	ANY = 0,
	FIND = 1u << 0,                /* C-FIND */
	RETRIEVE = 1u << 1,            /* C-MOVE, C-GET */
};

struct status_def {
	uint16_t code;
	uint16_t mask;                 /* low byte ignored when 0xff00 (a range) */
	unsigned services;
	const char *text;
};

/* PS3.7 Annex C and the service-specific codes of PS3.4; a service's own
 * meaning comes before the general one. */
static const struct status_def statuses[] = {
	{0xA900, 0xffff, FIND | RETRIEVE, N_("Error: identifier does not match SOP class")},
	{0xB000, 0xffff, RETRIEVE, N_("Warning: sub-operations complete, one or more failures or "
	                              "warnings")},
	{0xC000, 0xf000, FIND | RETRIEVE, N_("Failed: unable to process")},
	{0xFE00, 0xffff, FIND, N_("Cancel: matching terminated")},
	{0xFE00, 0xffff, RETRIEVE, N_("Cancel: sub-operations terminated")},
	{0xFF00, 0xffff, FIND, N_("Pending: matches are continuing")},
	{0xFF00, 0xffff, RETRIEVE, N_("Pending: sub-operations are continuing")},
	{0x0000, 0xffff, ANY, N_("Success")},
	{0x0001, 0xffff, ANY, N_("Warning: requested optional attributes are not supported")},
	{0x0105, 0xffff, ANY, N_("No such attribute")},
	{0x0106, 0xffff, ANY, N_("Invalid attribute value")},
	{0x0107, 0xffff, ANY, N_("Warning: attribute list error")},
	{0x0110, 0xffff, ANY, N_("Processing failure")},
	{0x0111, 0xffff, ANY, N_("Duplicate SOP instance")},
	{0x0112, 0xffff, ANY, N_("No such SOP instance")},
	{0x0113, 0xffff, ANY, N_("No such event type")},
	{0x0114, 0xffff, ANY, N_("No such argument")},
	{0x0115, 0xffff, ANY, N_("Invalid argument value")},
	{0x0116, 0xffff, ANY, N_("Warning: attribute value out of range")},
	{0x0117, 0xffff, ANY, N_("Invalid object instance")},
	{0x0118, 0xffff, ANY, N_("No such SOP class")},
	{0x0119, 0xffff, ANY, N_("Class-instance conflict")},
	{0x0120, 0xffff, ANY, N_("Missing attribute")},
	{0x0121, 0xffff, ANY, N_("Missing attribute value")},
	{0x0122, 0xffff, ANY, N_("Refused: SOP class not supported")},
	{0x0123, 0xffff, ANY, N_("No such action")},
	{0x0124, 0xffff, ANY, N_("Refused: not authorized")},
	{0x0131, 0xffff, ANY, N_("Duplicate transaction UID")},
	{0x0210, 0xffff, ANY, N_("Duplicate invocation")},
	{0x0211, 0xffff, ANY, N_("Unrecognized operation")},
	{0x0212, 0xffff, ANY, N_("Mistyped argument")},
	{0x0213, 0xffff, ANY, N_("Resource limitation")},
	{0xA701, 0xffff, ANY, N_("Refused: out of resources, unable to calculate the number "
	                         "of matches")},
	{0xA702, 0xffff, ANY, N_("Refused: out of resources, unable to perform "
	                         "sub-operations")},
	{0xA801, 0xffff, ANY, N_("Refused: move destination unknown")},
	{0xB000, 0xffff, ANY, N_("Warning: coercion of data elements")},
	{0xB006, 0xffff, ANY, N_("Warning: elements discarded")},
	{0xB007, 0xffff, ANY, N_("Warning: data set does not match SOP class")},
	{0xFE00, 0xffff, ANY, N_("Cancel")},
	{0xFF00, 0xffff, ANY, N_("Pending")},
	{0xFF01, 0xffff, ANY, N_("Pending: optional keys not supported")},
	{0xA700, 0xff00, ANY, N_("Refused: out of resources")},
	{0xA900, 0xff00, ANY, N_("Error: data set does not match SOP class")},
	{0xC000, 0xf000, ANY, N_("Error: cannot understand")},
	{0xB000, 0xf000, ANY, N_("Warning (service-specific)")},
};

static unsigned
services_of(uint16_t command)
{
	switch (command & 0x7fff) {
	case DCB_C_FIND_RQ: return FIND;
	case DCB_C_MOVE_RQ:
	case DCB_C_GET_RQ:  return RETRIEVE;
	}
	return ANY;
}

const char *
dcb_dimse_status_name_for(uint16_t command, uint16_t s)
{
	unsigned services = services_of(command);

	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
		const struct status_def *d = &statuses[i];

		if ((s & d->mask) == d->code && (d->services == ANY || (d->services & services)))
			return dcb_tr(d->text);
	}
	switch (dcb_dimse_status_class(s)) {
	case DCB_STATUS_WARNING: return dcb_tr(N_("Warning (unknown code)"));
	default:                 return dcb_tr(N_("Failure (unknown code)"));
	}
}

const char *
dcb_dimse_status_name(uint16_t s)
{
	return dcb_dimse_status_name_for(0, s);
}
