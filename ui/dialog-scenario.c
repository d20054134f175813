/* dialog-scenario.c — F7: the focused side's scenario (fault injection,
 * scenario.h) and its capture file (pcap.h).  Applying restarts the
 * engines like the settings do; a scenario is never saved, and the pane's
 * title shows it while it is on (ui_scenario_title). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/scenario.h"
#include "dialog-form.h"

enum { BTN_APPLY = 1, BTN_CLEAR, BTN_CANCEL };

/* Field order of the SCP form. */
enum {
	F_REFUSE,
	F_REJECT_ASSOC,
	F_REJECT_NO_IMPL,
	F_REJECT_CONTEXT,
	F_STATUS,
	F_SLEEP_DURING,
	F_SLEEP_AFTER,
	F_ABORT_BEFORE,
	F_ABORT_DURING,
	F_ABORT_AFTER,
	F_ABORT_AFTER_STORE,
	F_DROP_MID_PDU,
	F_DROP_HANDSHAKE,
	F_SCP_PCAP,
};

/* Field order of the SCU form. */
enum { F_PROPOSE, F_PER_FILE, F_PACK, F_REPEAT, F_SCU_ABORT, F_SCU_PCAP };

static const char *const propose_words[] = {"x=", "xe", "xb", "xi"};

static void
field(struct ui_form *f, enum ui_field_kind kind, const char *label, const char *value)
{
	struct ui_field *x;

	if (f->n >= UI_FORM_MAX)
		return;
	x = &f->f[f->n++];
	memset(x, 0, sizeof *x);
	x->kind = kind;
	snprintf(x->label, sizeof x->label, "%s", label);
	snprintf(x->value, sizeof x->value, "%s", value);
}

static void
yes_no(struct ui_form *f, const char *label, bool v)
{
	field(f, UI_FIELD_BOOL, label, v ? "yes" : "no");
}

static bool
is_yes(const struct ui_form *f, int i)
{
	return strcmp(f->f[i].value, "yes") == 0;
}

/* Reads field i as a whole number up to max: seconds (0..3600) or a
 * repeat count (1..1000); 0, or -1 with a status message. */
static int
number(struct ui_form *f, int i, bool secs, unsigned *out)
{
	unsigned v = secs ? 0 : 1, max = secs ? 3600 : 1000;
	char extra;

	if (f->f[i].value[0] != '\0' &&
	    (sscanf(f->f[i].value, "%u%c", &v, &extra) != 1 || v > max || (!secs && v == 0))) {
		ui_app_status(f->d.app,
		              secs ? _("%s: give seconds, 0 to 3600") : _("%s: give a number, 1 to 1000"),
		              f->f[i].label);
		f->cursor = i;
		return -1;
	}
	*out = v;
	return 0;
}

static int
seconds(struct ui_form *f, int i, unsigned *out)
{
	return number(f, i, true, out);
}

/* Reads the SCP form into s; 0, or -1 with a status message. */
static int
read_scp(struct ui_form *f, struct dcb_scenario *s)
{
	struct dcb_error err = {0};
	char *save = NULL, list[UI_PATH_MAX];

	memset(s, 0, sizeof *s);
	s->refuse = is_yes(f, F_REFUSE);
	s->reject_no_impl = is_yes(f, F_REJECT_NO_IMPL);
	s->abort_before = is_yes(f, F_ABORT_BEFORE);
	s->abort_during = is_yes(f, F_ABORT_DURING);
	s->abort_after = is_yes(f, F_ABORT_AFTER);
	s->abort_after_store = is_yes(f, F_ABORT_AFTER_STORE);
	s->drop_mid_pdu = is_yes(f, F_DROP_MID_PDU);
	s->drop_handshake = is_yes(f, F_DROP_HANDSHAKE);
	if (f->f[F_REJECT_ASSOC].value[0] != '\0' &&
	    dcb_scenario_parse_reject(s, f->f[F_REJECT_ASSOC].value, &err) < 0)
		goto bad_assoc;
	snprintf(list, sizeof list, "%s", f->f[F_REJECT_CONTEXT].value);
	for (char *u = strtok_r(list, " ,", &save); u != NULL; u = strtok_r(NULL, " ,", &save))
		if (dcb_scenario_add_reject(s, u, &err) < 0) {
			f->cursor = F_REJECT_CONTEXT;
			goto bad;
		}
	if (f->f[F_STATUS].value[0] != '\0' &&
	    dcb_scenario_parse_status(s, f->f[F_STATUS].value, &err) < 0) {
		f->cursor = F_STATUS;
		goto bad;
	}
	if (seconds(f, F_SLEEP_DURING, &s->sleep_during_s) < 0 ||
	    seconds(f, F_SLEEP_AFTER, &s->sleep_after_s) < 0)
		return -1;
	return 0;
bad_assoc:
	f->cursor = F_REJECT_ASSOC;
bad:
	ui_app_status(f->d.app, "%s", err.message);
	return -1;
}

static int
read_scu(struct ui_form *f, struct ui_settings *cfg)
{
	const char *p = f->f[F_PROPOSE].value;

	cfg->scu_propose_set = false;
	if (*p == '-')
		p++;
	for (size_t i = 0; i < sizeof propose_words / sizeof propose_words[0]; i++)
		if (strcmp(p, propose_words[i]) == 0) {
			cfg->scu_propose_set = true;
			cfg->scu_propose = (enum dcb_ts_preset)i;
		}
	if (!cfg->scu_propose_set && *p != '\0') {
		ui_app_status(f->d.app, "%s",
		              _("Proposed transfer syntaxes: x=, xe, xb, xi, or empty for each "
		                "file's own"));
		f->cursor = F_PROPOSE;
		return -1;
	}
	cfg->scu_assoc_per_file = is_yes(f, F_PER_FILE);
	cfg->scu_pack = is_yes(f, F_PACK);
	cfg->scu_abort_during = is_yes(f, F_SCU_ABORT);
	if (number(f, F_REPEAT, false, &cfg->scu_repeat) < 0)
		return -1;
	snprintf(cfg->scu_pcap, sizeof cfg->scu_pcap, "%s", f->f[F_SCU_PCAP].value);
	return 0;
}

static unsigned
button(struct ui_form *f, int id)
{
	struct ui_app *app = f->d.app;
	bool scp = f->user != NULL;
	struct ui_settings cfg = app->cfg;

	if (id == BTN_CANCEL)
		return UI_R_CLOSE;
	if (id == BTN_CLEAR) {
		if (scp) {
			memset(&cfg.scp_scenario, 0, sizeof cfg.scp_scenario);
			cfg.scp_pcap[0] = '\0';
		} else {
			cfg.scu_propose_set = cfg.scu_assoc_per_file = false;
			cfg.scu_pack = cfg.scu_abort_during = false;
			cfg.scu_repeat = 0;
			cfg.scu_pcap[0] = '\0';
		}
	} else if (scp) {
		if (read_scp(f, &cfg.scp_scenario) < 0)
			return UI_R_NONE;
		snprintf(cfg.scp_pcap, sizeof cfg.scp_pcap, "%s", f->f[F_SCP_PCAP].value);
	} else if (read_scu(f, &cfg) < 0) {
		return UI_R_NONE;
	}
	app->cfg = cfg;
	ui_app_apply_settings(app);
	ui_app_status(app, "%s", id == BTN_CLEAR ? _("Scenario cleared.") : _("Scenario applied."));
	return UI_R_CLOSE;
}

struct ui_dialog *
ui_dialog_scenario_new(struct ui_app *app, int side)
{
	bool scp = side == DCB_SIDE_SCP;
	struct ui_form *f =
	    ui_form_new(app, scp ? _("Scenario: SCP (fault injection)") : _("Scenario: SCU"));
	char buf[UI_PATH_MAX];

	if (scp) {
		const struct dcb_scenario *s = &app->cfg.scp_scenario;
		yes_no(f, _("refuse every association (1,1,1)"), s->refuse);
		buf[0] = '\0';
		if (s->reject_assoc)
			snprintf(buf, sizeof buf, "%u,%u,%u", s->rj_result, s->rj_source,
			         s->rj_reason);
		field(f, UI_FIELD_TEXT, _("reject with RESULT,SOURCE,REASON"), buf);
		yes_no(f, _("reject without implementation class UID"), s->reject_no_impl);
		buf[0] = '\0';
		for (unsigned i = 0; i < s->n_reject_uid; i++) {
			size_t o = strlen(buf);
			snprintf(buf + o, sizeof buf - o, "%s%s", i ? "," : "", s->reject_uid[i]);
		}
		field(f, UI_FIELD_TEXT, _("reject contexts of SOP class/TS UIDs"), buf);
		buf[0] = '\0';
		if (s->status_set)
			snprintf(buf, sizeof buf, "0x%04X", s->status);
		field(f, UI_FIELD_TEXT, _("C-STORE status (e.g. 0xA700)"), buf);
		snprintf(buf, sizeof buf, "%u", s->sleep_during_s);
		field(f, UI_FIELD_TEXT, _("sleep during store (s)"), buf);
		snprintf(buf, sizeof buf, "%u", s->sleep_after_s);
		field(f, UI_FIELD_TEXT, _("sleep after store (s)"), buf);
		yes_no(f, _("abort on the C-STORE-RQ command"), s->abort_before);
		yes_no(f, _("abort during the data set"), s->abort_during);
		yes_no(f, _("abort instead of the response, keep nothing"), s->abort_after);
		yes_no(f, _("store, then abort instead of the response"), s->abort_after_store);
		yes_no(f, _("close TCP in the middle of a PDU"), s->drop_mid_pdu);
		yes_no(f, _("TLS: close in the middle of the handshake"), s->drop_handshake);
		field(f, UI_FIELD_TEXT, _("capture to pcap file"), app->cfg.scp_pcap);
	} else {
		field(f, UI_FIELD_TEXT, _("propose x=, xe, xb, xi (empty: own TS)"),
		      app->cfg.scu_propose_set ? propose_words[app->cfg.scu_propose] : "");
		yes_no(f, _("one association per file"), app->cfg.scu_assoc_per_file);
		yes_no(f, _("command and data in one P-DATA-TF"), app->cfg.scu_pack);
		snprintf(buf, sizeof buf, "%u", app->cfg.scu_repeat > 1 ? app->cfg.scu_repeat : 1);
		field(f, UI_FIELD_TEXT, _("send each file n times"), buf);
		yes_no(f, _("abort during the first data set"), app->cfg.scu_abort_during);
		field(f, UI_FIELD_TEXT, _("capture to pcap file"), app->cfg.scu_pcap);
	}
	ui_form_button(f, N_("Apply"), BTN_APPLY);
	ui_form_button(f, N_("Clear"), BTN_CLEAR);
	ui_form_button(f, N_("Cancel"), BTN_CANCEL);
	f->button = button;
	f->user = scp ? (void *)app : NULL;
	f->cursor = 0;
	return &f->d;
}

void
ui_scenario_title(const struct ui_app *app, int side, char *title, size_t size)
{
	char what[400] = "";
	size_t o = strlen(title);

	if (side == DCB_SIDE_SCP) {
		dcb_scenario_describe(&app->cfg.scp_scenario, what, sizeof what);
		if (app->cfg.scp_pcap[0] != '\0')
			snprintf(what + strlen(what), sizeof what - strlen(what), "%spcap",
			         what[0] ? ", " : "");
	} else {
		if (app->cfg.scu_propose_set)
			snprintf(what, sizeof what, "-%s", propose_words[app->cfg.scu_propose]);
		if (app->cfg.scu_assoc_per_file)
			snprintf(what + strlen(what), sizeof what - strlen(what),
			         "%sassoc-per-file", what[0] ? ", " : "");
		if (app->cfg.scu_pack)
			snprintf(what + strlen(what), sizeof what - strlen(what), "%spack",
			         what[0] ? ", " : "");
		if (app->cfg.scu_repeat > 1)
			snprintf(what + strlen(what), sizeof what - strlen(what), "%srepeat %u",
			         what[0] ? ", " : "", app->cfg.scu_repeat);
		if (app->cfg.scu_abort_during)
			snprintf(what + strlen(what), sizeof what - strlen(what), "%sabort-during",
			         what[0] ? ", " : "");
		if (app->cfg.scu_pcap[0] != '\0')
			snprintf(what + strlen(what), sizeof what - strlen(what), "%spcap",
			         what[0] ? ", " : "");
	}
	if (what[0] != '\0' && o < size)
		snprintf(title + o, size - o, _("  ⚠ scenario: %s"), what);
}
