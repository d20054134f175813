/* detail.c — detail views built on the text dialog. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/narrate.h"
#include "../src/pdu-tree.h"
#include "colors.h"
#include "detail.h"
#include "dump.h"
#include "text.h"

static void
add_finding_line(const struct dcb_finding *f, void *user)
{
	struct ui_dialog *d = user;

	ui_dialog_text_add(d, f->severity == DCB_SEV_ERROR ? UI_ROLE_ERROR : UI_ROLE_WARN,
	                   "%s %s %s %s", f->severity == DCB_SEV_ERROR ? "!" : "?", f->code,
	                   f->where, f->message);
}

struct ui_dialog *
ui_detail_file_new(struct ui_app *app, const char *path)
{
	struct ui_dialog *d = ui_dialog_text_new(app, path);
	struct ui_file_info info;
	char size[32];

	ui_backend_describe(path, &info);
	ui_fmt_bytes(size, sizeof size, info.size);
	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s", _("File"));
	ui_dialog_text_add(d, 0, _("  size            %s"), size);
	ui_dialog_text_add(d, 0, _("  patient         %s"), info.patient[0] ? info.patient : "-");
	ui_dialog_text_add(d, 0, _("  modality        %s"), info.modality[0] ? info.modality : "-");
	ui_dialog_text_add(d, 0, _("  SOP class       %s"),
	                   info.sop_class[0] ? info.sop_class : "-");
	ui_dialog_text_add(d, 0, _("  transfer syntax %s"),
	                   info.transfer_syntax[0] ? info.transfer_syntax : "-");
	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s", _("Findings"));
	int n = ui_backend_check(path, add_finding_line, d);
	if (n == 0)
		ui_dialog_text_add(d, UI_ROLE_OK, "  ✓ %s", _("no findings"));
	else if (n < 0)
		ui_dialog_text_add(d, UI_ROLE_MUTED, "  %s", _("(cannot be checked)"));
	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s", _("Elements"));
	ui_dump_file(path, d);
	return d;
}

/* One line of the PDU tree, indented by its depth; x explains its field. */
static void
tree_line(unsigned depth, const char *text, const char *key, void *user)
{
	struct ui_dialog *d = user;

	ui_dialog_text_add_keyed(d, key, 0, "%*s%s%s", (int)(2 * depth), "",
	                         depth > 0 ? "├ " : "", text);
}

/* A copy of the line the dialog shows (the trace's ring moves on). */
struct trace_view {
	struct ui_trace_entry e;
	struct dcb_narrate_who who;
	char self[17], peer[17];
};

static void
trace_header(struct ui_dialog *d, const struct ui_trace_entry *e)
{
	char line[1024], name[16];

	ui_trace_format(e, line, sizeof line);
	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s", line);
	if (e->kind == UI_TRACE_PDU)
		ui_dialog_text_add(d, 0, _("  side            %s (%s)"),
		                   e->side == DCB_SIDE_SCP ? "SCP" : "SCU",
		                   e->outgoing ? _("sent") : _("received"));
	else
		ui_dialog_text_add(d, 0, _("  side            %s"),
		                   e->side == DCB_SIDE_SCP ? "SCP" : "SCU");
	ui_dialog_text_add(d, 0, _("  association     #%u"), e->assoc_id);
	if (e->kind == UI_TRACE_PDU) {
		ui_dialog_text_add(d, 0, _("  PDU type        0x%02x %s"), e->pdu_type,
		                   ui_pdu_name(e->pdu_type, name, sizeof name));
		ui_dialog_text_add(d, 0, _("  PDU length      %u"), e->length);
		if (e->count > 1)
			ui_dialog_text_add(d, 0, _("  folded          %u PDUs, %llu bytes"),
			                   e->count, (unsigned long long)e->bytes);
	}
}

static void
trace_hex(struct ui_dialog *d, const struct ui_trace_entry *e)
{
	char line[1024];

	ui_dialog_text_add(d, UI_ROLE_HEADER, _("Bytes (first %u)"), e->raw_len);
	for (uint32_t off = 0; off < e->raw_len; off += 16) {
		ui_fmt_hexline(line, sizeof line, e->raw + off,
		               e->raw_len - off < 16 ? e->raw_len - off : 16, off);
		ui_dialog_text_add(d, 0, "%s", line);
	}
}

/* Words cut into lines of about 72 columns. */
static void
add_words(struct ui_dialog *d, const char *words)
{
	for (const char *p = words; *p != '\0';) {
		size_t n = strlen(p), cut = n;
		if (n > 72) {
			cut = 72;
			while (cut > 20 && p[cut] != ' ')
				cut--;
		}
		ui_dialog_text_add(d, 0, "  %.*s", (int)cut, p);
		p += cut;
		while (*p == ' ')
			p++;
	}
}

/* The line in plain words (narrate.h). */
static void
trace_words(struct ui_dialog *d, const struct trace_view *v)
{
	const struct ui_trace_entry *e = &v->e;
	struct dcb_event ev;
	char words[1024];

	memset(&ev, 0, sizeof ev);
	ev.kind = DCB_EV_PDU;
	ev.side = e->side;
	ev.u.pdu.outgoing = e->outgoing;
	ev.u.pdu.type = e->pdu_type;
	ev.u.pdu.length = e->length;
	ev.u.pdu.repeat = e->count;
	ev.u.pdu.dimse = e->dimse;
	ev.u.pdu.raw_len = e->raw_len;
	memcpy(ev.u.pdu.raw, e->raw, e->raw_len);
	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s", _("In plain words"));
	if (e->kind != UI_TRACE_PDU || dcb_narrate_event(&ev, &v->who, words, sizeof words) == 0)
		snprintf(words, sizeof words, "%s", e->text);
	add_words(d, words);
}

struct ui_dialog *
ui_detail_ladder_new(struct ui_app *app, const struct dcb_ladder *l, size_t row,
                     const struct dcb_ladder_ev *e)
{
	const struct dcb_ladder_row *r = &l->rows[row];
	struct dcb_narrate_who who = {l->cols[r->from], l->cols[r->to]};
	char title[64], words[1024] = "";

	snprintf(title, sizeof title, _("Ladder row %zu"), row + 1);
	struct ui_dialog *d = ui_dialog_text_new(app, title);
	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s → %s  %s", l->cols[r->from], l->cols[r->to],
	                   r->label);
	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s", _("In plain words"));
	if (!e->is_pdu) {
		dcb_narrate_state(e->state, e->note, words, sizeof words);
	} else if (e->msg.known) {
		dcb_narrate_dimse(&e->msg, true, r->count, r->bytes, &who, words, sizeof words);
	} else {
		struct dcb_pdu *pdu = calloc(1, sizeof *pdu);
		if (pdu == NULL)
			abort();
		pdu->type = e->pdu_type;
		pdu->length = e->length;
		dcb_narrate_pdu(pdu, true, &who, words, sizeof words);
		free(pdu);
	}
	add_words(d, words[0] != '\0' ? words : r->label);
	return d;
}

/* The views of a trace line: 0 decoded (tree and hex), 1 plain words,
 * 2 the bytes alone. */
static void
trace_fill(struct ui_dialog *d, int view, void *user)
{
	const struct trace_view *v = user;
	const struct ui_trace_entry *e = &v->e;

	trace_header(d, e);
	if (view == 1) {
		trace_words(d, v);
		return;
	}
	if (view == 0 && e->kind == UI_TRACE_PDU && e->raw_len > 0) {
		/* The tree, decoded from the PDU's bytes (as many as the trace
		 * keeps); a folded line shows its first PDU. */
		ui_dialog_text_add(d, UI_ROLE_HEADER, "%s",
		                   e->count > 1 ? _("Decoded (the first of the folded PDUs)")
		                                : _("Decoded"));
		dcb_pdu_tree_keyed(e->raw, e->raw_len, tree_line, d);
	} else if (view == 0 && e->text[0] != '\0') {
		ui_dialog_text_add(d, 0, "  %s", e->text);
	}
	if (e->raw_len > 0)
		trace_hex(d, e);
}

struct ui_dialog *
ui_detail_trace_new(struct ui_app *app, const struct ui_trace_entry *e)
{
	char title[64];
	struct trace_view *v = calloc(1, sizeof *v);

	if (v == NULL)
		abort();
	v->e = *e;
	/* the two ends by their AE titles, when the association tells them */
	dcb_narrate_who_default(&v->who, e->side);
	const struct ui_assoc *a = ui_model_assoc_find(app->model, e->side, e->assoc_id);
	if (a != NULL && a->calling_ae[0] != '\0' && a->called_ae[0] != '\0') {
		/* our end asked for it (an SCP's C-MOVE sub-association too): we call */
		snprintf(v->self, sizeof v->self, "%s",
		         a->requestor ? a->calling_ae : a->called_ae);
		snprintf(v->peer, sizeof v->peer, "%s",
		         a->requestor ? a->called_ae : a->calling_ae);
		v->who.self = v->self;
		v->who.peer = v->peer;
	}
	snprintf(title, sizeof title, _("Trace line %llu"), (unsigned long long)e->seq + 1);
	struct ui_dialog *d = ui_dialog_text_new(app, title);
	trace_fill(d, 0, v);
	ui_dialog_text_views(d, 3, trace_fill, v);
	return d;
}

struct ui_dialog *
ui_detail_finding_new(struct ui_app *app, const struct ui_finding_entry *e)
{
	struct ui_dialog *d = ui_dialog_text_new(app, e->f.code);
	static const char *const sev[] = {N_("info"), N_("warning"), N_("error")};

	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s %s", e->f.code, e->f.message);
	ui_dialog_text_add(d, 0, _("  severity  %s"),
	                   _(sev[e->f.severity <= DCB_SEV_ERROR ? e->f.severity : 0]));
	ui_dialog_text_add(d, 0, _("  source    %s"),
	                   e->from_file ? e->source : (e->side == DCB_SIDE_SCP ? "SCP" : "SCU"));
	if (e->f.where[0] != '\0')
		ui_dialog_text_add(d, 0, _("  where     %s"), e->f.where);
	if (e->f.offset >= 0)
		ui_dialog_text_add(d, 0, _("  offset    %lld"), (long long)e->f.offset);
	if (e->f.tag != 0)
		ui_dialog_text_add(d, 0, _("  tag       (%04x,%04x)"), e->f.tag >> 16,
		                   e->f.tag & 0xffff);
	ui_dialog_text_add(d, UI_ROLE_HEADER, "%s", _("Explanation"));
	ui_explain(e->f.code, d);
	return d;
}
