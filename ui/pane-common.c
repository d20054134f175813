/* pane-common.c — association lines shared by the SCP and SCU panes. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/dict.h"
#include "../src/i18n.h"
#include "colors.h"
#include "dump.h"
#include "pane-common.h"
#include "pane.h"

const char *
ui_state_words(int sta)
{
	static const char *const words[] = {
		N_("idle"), N_("idle"), N_("awaiting local response"), N_("awaiting transport"),
		N_("awaiting A-ASSOCIATE response"), N_("data transfer"),
		N_("awaiting A-RELEASE response"), N_("awaiting local A-RELEASE response"),
		N_("release collision"), N_("release collision"), N_("release collision"),
		N_("release collision"), N_("awaiting transport close"),
	};

	if (sta < 1 || sta > 13)
		return _("unknown state");
	return _(words[sta - 1]);
}

const char *
ui_ctx_result_words(int result)
{
	switch (result) {
	case 0:
		return _("accepted");
	case 1:
		return _("user rejection");
	case 2:
		return _("no reason");
	case 3:
		return _("abstract syntax not supported");
	case 4:
		return _("transfer syntaxes not supported");
	default:
		return _("unknown result");
	}
}

const char *
ui_uid_name(const char *uid)
{
	static const struct {
		const char *uid, *name;
	} names[] = {
		{ "1.2.840.10008.1.2", "Implicit LE" },
		{ "1.2.840.10008.1.2.1", "Explicit LE" },
		{ "1.2.840.10008.1.2.2", "Explicit BE" },
		{ "1.2.840.10008.1.2.1.99", "Deflated LE" },
		{ "1.2.840.10008.1.2.4.50", "JPEG Baseline" },
		{ "1.2.840.10008.1.2.4.70", "JPEG Lossless" },
		{ "1.2.840.10008.1.2.4.90", "JPEG 2000 LL" },
		{ "1.2.840.10008.1.2.4.91", "JPEG 2000" },
		{ "1.2.840.10008.1.2.5", "RLE" },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(uid, names[i].uid) == 0)
			return names[i].name;
	const struct dcb_uid_entry *e = dcb_uid_lookup(uid);
	return e != NULL ? e->name : uid;
}

const char *
ui_uid_short(const char *uid)
{
	return ui_uid_name(uid);
}

int
ui_draw_assoc(WINDOW *w, int y, int last, int width, const struct ui_assoc *a, int depth)
{
	char line[1024];
	int x = 1 + 2 * depth, room = width - 2 * depth;

	if (y > last || room < 1)
		return y;
	/* who is at the other end: the AE asked for (→) or the one asking */
	snprintf(line, sizeof line, "%s#%u %s%s %s  Sta%d %s%s%s%s%s", depth > 0 ? "↳ " : "",
	         a->id, a->requestor ? "→ " : "", a->requestor ? a->called_ae : a->calling_ae,
	         a->peer, a->state, ui_state_words(a->state), a->tls ? "  " : "",
	         a->tls ? (a->tls_ok ? a->tls_version : _("TLS failed")) : "",
	         a->last_message[0] ? " · " : "", a->last_message);
	ui_draw_text(w, y++, x, room, ui_color(a->closed ? UI_ROLE_MUTED : UI_ROLE_NORMAL), line);
	for (int i = 0; i < a->nctx && y <= last && !a->closed; i++) {
		const struct ui_ctx *c = &a->ctx[i];
		snprintf(line, sizeof line, "   %s ctx %u %s / %s  %s", c->accepted ? "✓" : "✗",
		         c->id, ui_uid_name(c->abstract_syntax), ui_uid_name(c->transfer_syntax),
		         c->accepted ? _("accepted") : ui_ctx_result_words(c->result));
		ui_draw_text(w, y++, x, room, ui_color(c->accepted ? UI_ROLE_OK : UI_ROLE_ERROR),
		             line);
	}
	if (a->reason[0] != '\0' && y <= last) {
		snprintf(line, sizeof line, "   %s", a->reason);
		ui_draw_text(w, y++, x, room, ui_color(UI_ROLE_MUTED), line);
	}
	return y;
}
