/* ul.c — the PS3.8 §9.2 association state machine as a const table. */
#include "config.h"

#include <stddef.h>

#include "i18n.h"
#include "pdu.h"
#include "textbuf.h"
#include "ul.h"

/* PS3.8 Table 9-10, one row per state, indexed by event.  0 = blank. */
static const uint8_t transitions[DCB_UL_NSTATES + 1][DCB_UL_NEVENTS + 1] = {
	[DCB_STA1] = {
		[DCB_EVT1] = DCB_AE_1,
		[DCB_EVT5] = DCB_AE_5,
	},
	[DCB_STA2] = {
		[DCB_EVT3] = DCB_AA_1, [DCB_EVT4] = DCB_AA_1, [DCB_EVT6] = DCB_AE_6,
		[DCB_EVT10] = DCB_AA_1, [DCB_EVT12] = DCB_AA_1, [DCB_EVT13] = DCB_AA_1,
		[DCB_EVT16] = DCB_AA_2, [DCB_EVT17] = DCB_AA_5, [DCB_EVT18] = DCB_AA_2,
		[DCB_EVT19] = DCB_AA_1,
	},
	[DCB_STA3] = {
		[DCB_EVT3] = DCB_AA_8, [DCB_EVT4] = DCB_AA_8, [DCB_EVT6] = DCB_AA_8,
		[DCB_EVT7] = DCB_AE_7, [DCB_EVT8] = DCB_AE_8, [DCB_EVT10] = DCB_AA_8,
		[DCB_EVT12] = DCB_AA_8, [DCB_EVT13] = DCB_AA_8, [DCB_EVT15] = DCB_AA_1,
		[DCB_EVT16] = DCB_AA_3, [DCB_EVT17] = DCB_AA_4, [DCB_EVT19] = DCB_AA_8,
	},
	[DCB_STA4] = {
		[DCB_EVT2] = DCB_AE_2, [DCB_EVT15] = DCB_AA_2, [DCB_EVT17] = DCB_AA_4,
	},
	[DCB_STA5] = {
		[DCB_EVT3] = DCB_AE_3, [DCB_EVT4] = DCB_AE_4, [DCB_EVT6] = DCB_AA_8,
		[DCB_EVT10] = DCB_AA_8, [DCB_EVT12] = DCB_AA_8, [DCB_EVT13] = DCB_AA_8,
		[DCB_EVT15] = DCB_AA_1, [DCB_EVT16] = DCB_AA_3, [DCB_EVT17] = DCB_AA_4,
		[DCB_EVT19] = DCB_AA_8,
	},
	[DCB_STA6] = {
		[DCB_EVT3] = DCB_AA_8, [DCB_EVT4] = DCB_AA_8, [DCB_EVT6] = DCB_AA_8,
		[DCB_EVT9] = DCB_DT_1, [DCB_EVT10] = DCB_DT_2, [DCB_EVT11] = DCB_AR_1,
		[DCB_EVT12] = DCB_AR_2, [DCB_EVT13] = DCB_AA_8, [DCB_EVT15] = DCB_AA_1,
		[DCB_EVT16] = DCB_AA_3, [DCB_EVT17] = DCB_AA_4, [DCB_EVT19] = DCB_AA_8,
	},
	[DCB_STA7] = {
		[DCB_EVT3] = DCB_AA_8, [DCB_EVT4] = DCB_AA_8, [DCB_EVT6] = DCB_AA_8,
		[DCB_EVT10] = DCB_AR_6, [DCB_EVT12] = DCB_AR_8, [DCB_EVT13] = DCB_AR_3,
		[DCB_EVT15] = DCB_AA_1, [DCB_EVT16] = DCB_AA_3, [DCB_EVT17] = DCB_AA_4,
		[DCB_EVT19] = DCB_AA_8,
	},
	[DCB_STA8] = {
		[DCB_EVT3] = DCB_AA_8, [DCB_EVT4] = DCB_AA_8, [DCB_EVT6] = DCB_AA_8,
		[DCB_EVT9] = DCB_AR_7, [DCB_EVT10] = DCB_AA_8, [DCB_EVT12] = DCB_AA_8,
		[DCB_EVT13] = DCB_AA_8, [DCB_EVT14] = DCB_AR_4, [DCB_EVT15] = DCB_AA_1,
		[DCB_EVT16] = DCB_AA_3, [DCB_EVT17] = DCB_AA_4, [DCB_EVT19] = DCB_AA_8,
	},
	[DCB_STA9] = {
		[DCB_EVT3] = DCB_AA_8, [DCB_EVT4] = DCB_AA_8, [DCB_EVT6] = DCB_AA_8,
		[DCB_EVT10] = DCB_AA_8, [DCB_EVT12] = DCB_AA_8, [DCB_EVT13] = DCB_AA_8,
		[DCB_EVT14] = DCB_AR_9, [DCB_EVT15] = DCB_AA_1, [DCB_EVT16] = DCB_AA_3,
		[DCB_EVT17] = DCB_AA_4, [DCB_EVT19] = DCB_AA_8,
	},
	[DCB_STA10] = {
		[DCB_EVT3] = DCB_AA_8, [DCB_EVT4] = DCB_AA_8, [DCB_EVT6] = DCB_AA_8,
		[DCB_EVT10] = DCB_AA_8, [DCB_EVT12] = DCB_AA_8, [DCB_EVT13] = DCB_AR_10,
		[DCB_EVT15] = DCB_AA_1, [DCB_EVT16] = DCB_AA_3, [DCB_EVT17] = DCB_AA_4,
		[DCB_EVT19] = DCB_AA_8,
	},
	[DCB_STA11] = {
		[DCB_EVT3] = DCB_AA_8, [DCB_EVT4] = DCB_AA_8, [DCB_EVT6] = DCB_AA_8,
		[DCB_EVT10] = DCB_AA_8, [DCB_EVT12] = DCB_AA_8, [DCB_EVT13] = DCB_AR_3,
		[DCB_EVT15] = DCB_AA_1, [DCB_EVT16] = DCB_AA_3, [DCB_EVT17] = DCB_AA_4,
		[DCB_EVT19] = DCB_AA_8,
	},
	[DCB_STA12] = {
		[DCB_EVT3] = DCB_AA_8, [DCB_EVT4] = DCB_AA_8, [DCB_EVT6] = DCB_AA_8,
		[DCB_EVT10] = DCB_AA_8, [DCB_EVT12] = DCB_AA_8, [DCB_EVT13] = DCB_AA_8,
		[DCB_EVT14] = DCB_AR_4, [DCB_EVT15] = DCB_AA_1, [DCB_EVT16] = DCB_AA_3,
		[DCB_EVT17] = DCB_AA_4, [DCB_EVT19] = DCB_AA_8,
	},
	[DCB_STA13] = {
		[DCB_EVT3] = DCB_AA_6, [DCB_EVT4] = DCB_AA_6, [DCB_EVT6] = DCB_AA_7,
		[DCB_EVT10] = DCB_AA_6, [DCB_EVT12] = DCB_AA_6, [DCB_EVT13] = DCB_AA_6,
		[DCB_EVT16] = DCB_AA_2, [DCB_EVT17] = DCB_AR_5, [DCB_EVT18] = DCB_AA_2,
		[DCB_EVT19] = DCB_AA_7,
	},
};

/* PS3.8 Tables 9-6..9-9: what each action does and where it leads. */
struct action_def {
	const char *name;
	uint8_t next;
	uint8_t alt_next;
	uint32_t effects;
	const char *text;
};

static const struct action_def actions[DCB_UL_NACTIONS + 1] = {
	[DCB_AE_1] = {"AE-1", DCB_STA4, 0, DCB_UL_CONNECT,
	              N_("Issue TRANSPORT CONNECT request primitive to local transport service")},
	[DCB_AE_2] = {"AE-2", DCB_STA5, 0, DCB_UL_SEND_ASSOCIATE_RQ,
	              N_("Send A-ASSOCIATE-RQ PDU")},
	[DCB_AE_3] = {"AE-3", DCB_STA6, 0, DCB_UL_CONF_ACCEPT,
	              N_("Issue A-ASSOCIATE confirmation (accept) primitive")},
	[DCB_AE_4] = {"AE-4", DCB_STA1, 0, DCB_UL_CONF_REJECT | DCB_UL_CLOSE,
	              N_("Issue A-ASSOCIATE confirmation (reject) primitive and close transport "
	                 "connection")},
	[DCB_AE_5] = {"AE-5", DCB_STA2, 0, DCB_UL_TRANSPORT_ACCEPT | DCB_UL_START_ARTIM,
	              N_("Issue Transport connection response primitive; start ARTIM timer")},
	[DCB_AE_6] = {"AE-6", DCB_STA3, DCB_STA13, DCB_UL_STOP_ARTIM,
	              N_("Stop ARTIM timer and if A-ASSOCIATE-RQ acceptable by "
	                 "service-provider: issue A-ASSOCIATE indication primitive, otherwise "
	                 "issue A-ASSOCIATE-RJ-PDU and start ARTIM timer")},
	[DCB_AE_7] = {"AE-7", DCB_STA6, 0, DCB_UL_SEND_ASSOCIATE_AC,
	              N_("Send A-ASSOCIATE-AC PDU")},
	[DCB_AE_8] = {"AE-8", DCB_STA13, 0, DCB_UL_SEND_ASSOCIATE_RJ | DCB_UL_START_ARTIM,
	              N_("Send A-ASSOCIATE-RJ PDU and start ARTIM timer")},
	[DCB_DT_1] = {"DT-1", DCB_STA6, 0, DCB_UL_SEND_P_DATA, N_("Send P-DATA-TF PDU")},
	[DCB_DT_2] = {"DT-2", DCB_STA6, 0, DCB_UL_IND_P_DATA,
	              N_("Send P-DATA indication primitive")},
	[DCB_AR_1] = {"AR-1", DCB_STA7, 0, DCB_UL_SEND_RELEASE_RQ, N_("Send A-RELEASE-RQ PDU")},
	[DCB_AR_2] = {"AR-2", DCB_STA8, 0, DCB_UL_IND_RELEASE,
	              N_("Issue A-RELEASE indication primitive")},
	[DCB_AR_3] = {"AR-3", DCB_STA1, 0, DCB_UL_CONF_RELEASE | DCB_UL_CLOSE,
	              N_("Issue A-RELEASE confirmation primitive, and close transport connection")},
	[DCB_AR_4] = {"AR-4", DCB_STA13, 0, DCB_UL_SEND_RELEASE_RP | DCB_UL_START_ARTIM,
	              N_("Issue A-RELEASE-RP PDU and start ARTIM timer")},
	[DCB_AR_5] = {"AR-5", DCB_STA1, 0, DCB_UL_STOP_ARTIM, N_("Stop ARTIM timer")},
	[DCB_AR_6] = {"AR-6", DCB_STA7, 0, DCB_UL_IND_P_DATA, N_("Issue P-DATA indication")},
	[DCB_AR_7] = {"AR-7", DCB_STA8, 0, DCB_UL_SEND_P_DATA, N_("Issue P-DATA-TF PDU")},
	[DCB_AR_8] = {"AR-8", DCB_STA9, DCB_STA10, DCB_UL_IND_RELEASE,
	              N_("Issue A-RELEASE indication (release collision): if "
	                 "association-requestor, next state is Sta9, if not next state is "
	                 "Sta10")},
	[DCB_AR_9] = {"AR-9", DCB_STA11, 0, DCB_UL_SEND_RELEASE_RP, N_("Send A-RELEASE-RP PDU")},
	[DCB_AR_10] = {"AR-10", DCB_STA12, 0, DCB_UL_CONF_RELEASE,
	               N_("Issue A-RELEASE confirmation primitive")},
	[DCB_AA_1] = {"AA-1", DCB_STA13, 0, DCB_UL_SEND_ABORT | DCB_UL_START_ARTIM,
	              N_("Send A-ABORT PDU (service-user source) and start (or restart if already "
	                 "started) ARTIM timer")},
	[DCB_AA_2] = {"AA-2", DCB_STA1, 0, DCB_UL_STOP_ARTIM | DCB_UL_CLOSE,
	              N_("Stop ARTIM timer if running. Close transport connection")},
	[DCB_AA_3] = {"AA-3", DCB_STA1, 0, DCB_UL_CLOSE,
	              N_("If (service-user initiated abort): issue A-ABORT indication and "
	                 "close transport connection, otherwise (service-provider initiated "
	                 "abort): issue A-P-ABORT indication and close transport connection")},
	[DCB_AA_4] = {"AA-4", DCB_STA1, 0, DCB_UL_IND_P_ABORT,
	              N_("Issue A-P-ABORT indication primitive")},
	[DCB_AA_5] = {"AA-5", DCB_STA1, 0, DCB_UL_STOP_ARTIM, N_("Stop ARTIM timer")},
	[DCB_AA_6] = {"AA-6", DCB_STA13, 0, DCB_UL_IGNORE_PDU, N_("Ignore PDU")},
	[DCB_AA_7] = {"AA-7", DCB_STA13, 0, DCB_UL_SEND_ABORT, N_("Send A-ABORT PDU")},
	[DCB_AA_8] = {"AA-8", DCB_STA13, 0,
	              DCB_UL_SEND_ABORT | DCB_UL_IND_P_ABORT | DCB_UL_START_ARTIM,
	              N_("Send A-ABORT PDU (service-provider source), issue an A-P-ABORT "
	                 "indication, and start ARTIM timer")},
};

static const char *const state_names[DCB_UL_NSTATES + 1] = {
	NULL, "Sta1", "Sta2", "Sta3", "Sta4", "Sta5", "Sta6", "Sta7",
	"Sta8", "Sta9", "Sta10", "Sta11", "Sta12", "Sta13",
};

static const char *const state_texts[DCB_UL_NSTATES + 1] = {
	NULL,
	N_("Idle"),
	N_("Transport connection open (Awaiting A-ASSOCIATE-RQ PDU)"),
	N_("Awaiting local A-ASSOCIATE response primitive (from local user)"),
	N_("Awaiting transport connection opening to complete (from local transport service)"),
	N_("Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU"),
	N_("Association established and ready for data transfer"),
	N_("Awaiting A-RELEASE-RP PDU"),
	N_("Awaiting local A-RELEASE response primitive (from local user)"),
	N_("Release collision requestor side; awaiting A-RELEASE response (from local user)"),
	N_("Release collision acceptor side; awaiting A-RELEASE-RP PDU"),
	N_("Release collision requestor side; awaiting A-RELEASE-RP PDU"),
	N_("Release collision acceptor side; awaiting A-RELEASE response primitive (from local "
	   "user)"),
	N_("Awaiting Transport Connection Close Indication (Association no longer exists)"),
};

static const char *const event_names[DCB_UL_NEVENTS + 1] = {
	NULL, "Evt1", "Evt2", "Evt3", "Evt4", "Evt5", "Evt6", "Evt7", "Evt8", "Evt9", "Evt10",
	"Evt11", "Evt12", "Evt13", "Evt14", "Evt15", "Evt16", "Evt17", "Evt18", "Evt19",
};

static const char *const event_texts[DCB_UL_NEVENTS + 1] = {
	NULL,
	N_("A-ASSOCIATE request (local user)"),
	N_("Transport connect confirmation (local transport service)"),
	N_("A-ASSOCIATE-AC PDU (received on transport connection)"),
	N_("A-ASSOCIATE-RJ PDU (received on transport connection)"),
	N_("Transport connection indication (local transport service)"),
	N_("A-ASSOCIATE-RQ PDU (received on transport connection)"),
	N_("A-ASSOCIATE response primitive (accept)"),
	N_("A-ASSOCIATE response primitive (reject)"),
	N_("P-DATA request primitive"),
	N_("P-DATA-TF PDU"),
	N_("A-RELEASE request primitive"),
	N_("A-RELEASE-RQ PDU (received on open transport connection)"),
	N_("A-RELEASE-RP PDU (received on transport connection)"),
	N_("A-RELEASE response primitive"),
	N_("A-ABORT request primitive"),
	N_("A-ABORT PDU (received on open transport connection)"),
	N_("Transport connection closed indication (local transport service)"),
	N_("ARTIM timer expired (Association reject/release timer)"),
	N_("Unrecognized or invalid PDU received"),
};

static bool
state_ok(int s)
{
	return s >= DCB_STA1 && s <= DCB_STA13;
}

static bool
event_ok(int e)
{
	return e >= DCB_EVT1 && e <= DCB_EVT19;
}

static bool
action_ok(int a)
{
	return a >= DCB_AE_1 && a <= DCB_AA_8;
}

static bool
event_is_pdu(int e)
{
	switch (e) {
	case DCB_EVT3: case DCB_EVT4: case DCB_EVT6: case DCB_EVT10:
	case DCB_EVT12: case DCB_EVT13: case DCB_EVT16: case DCB_EVT19:
		return true;
	}
	return false;
}

void
dcb_ul_init(struct dcb_ul *ul, bool requestor)
{
	ul->state = DCB_STA1;
	ul->requestor = requestor;
	ul->artim_running = false;
}

struct dcb_ul_cell
dcb_ul_lookup(enum dcb_ul_state state, enum dcb_ul_event event)
{
	struct dcb_ul_cell c = {0, 0, 0};
	uint8_t a;

	if (!state_ok((int)state) || !event_ok((int)event))
		return c;
	a = transitions[state][event];
	if (a == 0)
		return c;
	c.action = a;
	c.next = actions[a].next;
	c.alt_next = actions[a].alt_next;
	return c;
}

uint32_t
dcb_ul_action_effects(enum dcb_ul_action action)
{
	return action_ok((int)action) ? actions[action].effects : 0;
}

int
dcb_ul_input(struct dcb_ul *ul, const struct dcb_ul_input *in, struct dcb_ul_step *step)
{
	struct dcb_ul_step s = {0};
	struct dcb_ul_cell cell;
	int rc = 0;

	if (!event_ok((int)in->event) || !state_ok((int)ul->state)) {
		if (step != NULL) {
			s.from = ul->state;
			s.to = ul->state;
			s.event = in->event;
			*step = s;
		}
		return DCB_ERR_USAGE;
	}
	s.from = ul->state;
	s.event = in->event;
	cell = dcb_ul_lookup(ul->state, in->event);
	if (cell.action == 0) {
		/* Not in the table: the A-ABORT path. */
		cell = (struct dcb_ul_cell){DCB_AA_8, DCB_STA13, 0};
		s.unexpected = true;
		rc = DCB_ERR_PROTOCOL;
	}
	s.action = cell.action;
	s.to = cell.next;
	s.effects = actions[cell.action].effects;

	switch (cell.action) {
	case DCB_AE_6:
		if (!in->rq_acceptable) {
			s.to = cell.alt_next;
			s.effects |= DCB_UL_SEND_ASSOCIATE_RJ | DCB_UL_START_ARTIM;
		} else {
			s.effects |= DCB_UL_IND_ASSOCIATE;
		}
		break;
	case DCB_AR_8:
		if (!ul->requestor)
			s.to = cell.alt_next;
		break;
	case DCB_AA_3:
		s.effects |= in->abort_source == DCB_ABORT_SOURCE_USER ? DCB_UL_IND_ABORT
		                                                       : DCB_UL_IND_P_ABORT;
		break;
	case DCB_AA_1:
		s.abort_source = DCB_ABORT_SOURCE_USER;
		s.abort_reason = DCB_ABORT_NOT_SPECIFIED;
		break;
	case DCB_AA_7:
	case DCB_AA_8:
		s.abort_source = DCB_ABORT_SOURCE_PROVIDER;
		s.abort_reason = in->event == DCB_EVT19 ? DCB_ABORT_UNRECOGNIZED_PDU
		                                        : DCB_ABORT_UNEXPECTED_PDU;
		if (s.unexpected && !event_is_pdu(in->event))
			s.abort_reason = DCB_ABORT_NOT_SPECIFIED;
		break;
	default:
		break;
	}
	if (s.effects & DCB_UL_STOP_ARTIM)
		ul->artim_running = false;
	if (s.effects & DCB_UL_START_ARTIM)
		ul->artim_running = true;
	if (s.to == DCB_STA1)
		ul->artim_running = false;
	ul->state = s.to;
	if (step != NULL)
		*step = s;
	return rc;
}

int
dcb_ul_event(struct dcb_ul *ul, enum dcb_ul_event event, struct dcb_ul_step *step)
{
	struct dcb_ul_input in = {
		.event = event,
		.rq_acceptable = true,
		.abort_source = DCB_ABORT_SOURCE_USER,
	};

	return dcb_ul_input(ul, &in, step);
}

enum dcb_ul_event
dcb_ul_event_for_pdu(uint8_t pdu_type)
{
	switch (pdu_type) {
	case DCB_PDU_ASSOCIATE_RQ: return DCB_EVT6;
	case DCB_PDU_ASSOCIATE_AC: return DCB_EVT3;
	case DCB_PDU_ASSOCIATE_RJ: return DCB_EVT4;
	case DCB_PDU_P_DATA_TF:    return DCB_EVT10;
	case DCB_PDU_RELEASE_RQ:   return DCB_EVT12;
	case DCB_PDU_RELEASE_RP:   return DCB_EVT13;
	case DCB_PDU_ABORT:        return DCB_EVT16;
	}
	return DCB_EVT19;
}

const char *
dcb_ul_state_name(int state)
{
	return state_ok(state) ? state_names[state] : "Sta?";
}

const char *
dcb_ul_event_name(int event)
{
	return event_ok(event) ? event_names[event] : "Evt?";
}

const char *
dcb_ul_action_name(int action)
{
	return action_ok(action) ? actions[action].name : "--";
}

const char *
dcb_ul_state_describe(int state)
{
	return dgettext(PACKAGE, state_ok(state) ? state_texts[state] : N_("unknown state"));
}

const char *
dcb_ul_event_describe(int event)
{
	return dgettext(PACKAGE, event_ok(event) ? event_texts[event] : N_("unknown event"));
}

const char *
dcb_ul_action_describe(int action)
{
	return dgettext(PACKAGE, action_ok(action) ? actions[action].text : N_("unknown action"));
}

size_t
dcb_ul_step_describe(const struct dcb_ul_step *step, char *buf, size_t size)
{
	struct dcb_textbuf tb;

	dcb_textbuf_init(&tb, buf, size);
	dcb_textbuf_printf(&tb, "%s + %s (%s)", dcb_ul_state_name(step->from),
	                   dcb_ul_event_name(step->event), dcb_ul_event_describe(step->event));
	if (step->unexpected)
		dcb_textbuf_printf(&tb, " %s", dgettext(PACKAGE, N_("unexpected")));
	dcb_textbuf_printf(&tb, " → %s → %s", dcb_ul_action_name(step->action),
	                   dcb_ul_state_name(step->to));
	return tb.len;
}
