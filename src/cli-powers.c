/* cli-powers.c — --pcap and storescp's fault injection options. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli-powers.h"
#include "i18n.h"
#include "ladder-out.h"
#include "trace-json.h"

enum { C_PCAP = 1, C_TRACE, C_JSON, C_LADDER, C_SVG };

const struct dcb_cli_opt dcb_cli_capture_opts[] = {
    {NULL, "--pcap", 1, C_PCAP, N_("[f]ilename: string"),
     N_("write the session as a pcap file f (decrypted for TLS; tshark -d tcp.port==PORT,dicom)"),
     NULL},
    {NULL, "--trace-file", 1, C_TRACE, N_("[f]ilename: string"),
     N_("write the trace and findings of the session as text to f (debug level)"), NULL},
    {NULL, "--trace-json", 1, C_JSON, N_("[f]ilename: string"),
     N_("write every event of the session to f as JSON, one object per line"), NULL},
    {NULL, "--trace-ladder", 1, C_LADDER, N_("[f]ilename: string"),
     N_("write the session to f as a ladder diagram in text: a column per AE, an arrow per "
        "message"), NULL},
    {NULL, "--trace-svg", 1, C_SVG, N_("[f]ilename: string"),
     N_("write the same ladder diagram to f as SVG, for slides"), NULL},
    {0},
};

int
dcb_cli_capture_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct dcb_cli_capture *c = ctx;

	(void)err;
	if (id == C_PCAP)
		c->pcap_path = args[0];
	else if (id == C_TRACE)
		c->trace_path = args[0];
	else if (id == C_JSON)
		c->json_path = args[0];
	else if (id == C_LADDER)
		c->ladder_path = args[0];
	else if (id == C_SVG)
		c->svg_path = args[0];
	return 0;
}

int
dcb_cli_capture_start(struct dcb_cli_capture *c, struct dcb_engine_config *cfg, const char *cmd)
{
	struct dcb_error err = {0};
	const char *path = c->trace_path;

	if (c->trace_path != NULL && (c->trace = fopen(c->trace_path, "w")) == NULL)
		goto cannot;
	if (c->trace != NULL) {
		dcb_cli_log_init(&c->trace_log, DCB_LOG_DEBUG, false);
		c->trace_log.out = c->trace;
	}
	path = c->json_path;
	if (c->json_path != NULL && (c->json = fopen(c->json_path, "w")) == NULL)
		goto cannot;
	path = c->ladder_path;
	if (c->ladder_path != NULL && (c->ladder = fopen(c->ladder_path, "w")) == NULL)
		goto cannot;
	path = c->svg_path;
	if (c->svg_path != NULL && (c->svg = fopen(c->svg_path, "w")) == NULL)
		goto cannot;
	if (dcb_cli_capture_traces(c))
		cfg->trace_pdus = true; /* the PDUs belong in the trace */
	if (c->pcap_path == NULL)
		return 0;
	c->pcap = dcb_pcap_open(c->pcap_path, &err);
	if (c->pcap == NULL) {
		fprintf(stderr, "%s %s: %s\n", PACKAGE, cmd, err.message);
		return -1;
	}
	cfg->pcap = c->pcap;
	return 0;
cannot:
	fprintf(stderr, _("%s %s: cannot create the trace file %s: %s\n"), PACKAGE, cmd, path,
	        strerror(errno));
	return -1;
}

bool
dcb_cli_capture_traces(const struct dcb_cli_capture *c)
{
	return c->trace != NULL || c->json != NULL || c->ladder != NULL || c->svg != NULL;
}

void
dcb_cli_capture_event(const struct dcb_event *ev, void *user)
{
	struct dcb_cli_capture *c = user;

	if (c->json != NULL)
		(void)dcb_trace_json_write(c->json, ev);
	if (c->trace != NULL)
		dcb_cli_log_event(ev, &c->trace_log);
	if (c->ladder != NULL || c->svg != NULL)
		(void)dcb_ladder_log_add(&c->ladder_log, ev);
	if (c->next != NULL)
		c->next(ev, c->next_user);
}

/* The ladder of the session into the files asked for. */
static void
write_ladders(struct dcb_cli_capture *c)
{
	struct dcb_ladder l;

	if (dcb_ladder_layout(c->ladder_log.ev, c->ladder_log.n, &l) == 0) {
		if (c->ladder != NULL)
			(void)dcb_ladder_write_text(c->ladder, &l);
		if (c->svg != NULL)
			(void)dcb_ladder_write_svg(c->svg, &l);
		dcb_ladder_clear(&l);
	}
	dcb_ladder_log_clear(&c->ladder_log);
	if (c->ladder != NULL)
		fclose(c->ladder);
	if (c->svg != NULL)
		fclose(c->svg);
	c->ladder = c->svg = NULL;
}

void
dcb_cli_capture_end(struct dcb_cli_capture *c)
{
	if (c->ladder != NULL || c->svg != NULL)
		write_ladders(c);
	dcb_pcap_close(c->pcap);
	c->pcap = NULL;
	if (c->trace != NULL)
		fclose(c->trace);
	if (c->json != NULL)
		fclose(c->json);
	c->trace = c->json = NULL;
}

enum {
	S_REFUSE = 1,
	S_REJECT,
	S_REJECT_ASSOC,
	S_REJECT_CONTEXT,
	S_STATUS,
	S_SLEEP_AFTER,
	S_SLEEP_DURING,
	S_ABORT_BEFORE,
	S_ABORT_DURING,
	S_ABORT_AFTER,
	S_ABORT_AFTER_STORE,
	S_DROP_MID_PDU,
	S_DROP_HANDSHAKE,
	S_COMMIT_NEW_ASSOC,
	S_COMMIT_DELAY,
	S_COMMIT_AFTER_RELEASE,
	S_COMMIT_FAIL,
	S_COMMIT_NO_REPORT,
};

const struct dcb_cli_opt dcb_cli_scenario_opts[] = {
    {NULL, "--refuse", 0, S_REFUSE, NULL, N_("refuse association"), NULL},
    {NULL, "--reject", 0, S_REJECT, NULL, N_("reject association if no implement. class UID"),
     NULL},
    {NULL, "--reject-assoc", 1, S_REJECT_ASSOC, N_("[r]esult,[s]ource,[r]eason: string"),
     N_("reject every association with this A-ASSOCIATE-RJ (PS3.8 9.3.4), e.g. 2,3,2"), NULL},
    {NULL, "--reject-context", 1, S_REJECT_CONTEXT, N_("[u]id: string"),
     N_("reject presentation contexts of SOP class u or with transfer syntax u"), NULL},
    {NULL, "--status", 1, S_STATUS, N_("[s]tatus: hex"),
     N_("answer every C-STORE with status s (e.g. 0xB000, 0xA700, 0xC000)"), NULL},
    {NULL, "--sleep-after", 1, S_SLEEP_AFTER, N_("[s]econds: integer"),
     N_("sleep s seconds after store (default: 0)"), NULL},
    {NULL, "--sleep-during", 1, S_SLEEP_DURING, N_("[s]econds: integer"),
     N_("sleep s seconds during store (default: 0)"), NULL},
    {NULL, "--abort-before", 0, S_ABORT_BEFORE, NULL,
     N_("abort association on receipt of the C-STORE-RQ command, before its data"), NULL},
    {NULL, "--abort-during", 0, S_ABORT_DURING, NULL,
     N_("abort association during receipt of C-STORE-RQ"), NULL},
    {NULL, "--abort-after", 0, S_ABORT_AFTER, NULL,
     N_("abort association after receipt of C-STORE-RQ (but before sending response)"), NULL},
    {NULL, "--abort-after-store", 0, S_ABORT_AFTER_STORE, NULL,
     N_("store the object, then abort instead of sending the response (stored but never "
        "acknowledged)"), NULL},
    {NULL, "--drop-mid-pdu", 0, S_DROP_MID_PDU, NULL,
     N_("instead of the C-STORE response, send half a PDU and close the connection"), NULL},
    {NULL, "--drop-handshake", 0, S_DROP_HANDSHAKE, NULL,
     N_("with TLS: close the connection in the middle of the handshake"), NULL},
    {0},
};

const struct dcb_cli_opt dcb_cli_commit_scenario_opts[] = {
    {NULL, "--commit-new-assoc", 0, S_COMMIT_NEW_ASSOC, NULL,
     N_("send the storage commitment report on a new association, even while the "
        "requester's is open"), NULL},
    {NULL, "--commit-delay", 1, S_COMMIT_DELAY, N_("[s]econds: integer"),
     N_("send the storage commitment report s seconds after the N-ACTION response"), NULL},
    {NULL, "--commit-after-release", 0, S_COMMIT_AFTER_RELEASE, NULL,
     N_("send the storage commitment report only after the requester released its "
        "association (on a new one)"), NULL},
    {NULL, "--commit-fail", 1, S_COMMIT_FAIL, N_("[n]umber: integer"),
     N_("report the first n objects of each request as failed (0x0110), stored or not"),
     NULL},
    {NULL, "--commit-no-report", 0, S_COMMIT_NO_REPORT, NULL,
     N_("answer N-ACTION, but never send the storage commitment report"), NULL},
    {0},
};

int
dcb_cli_scenario_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct dcb_scenario *s = ctx;
	long v;
	int rc;

	switch (id) {
	case S_REFUSE:
		s->refuse = true;
		break;
	case S_REJECT:
		s->reject_no_impl = true;
		break;
	case S_REJECT_ASSOC:
		return dcb_scenario_parse_reject(s, args[0], err);
	case S_REJECT_CONTEXT:
		return dcb_scenario_add_reject(s, args[0], err);
	case S_STATUS:
		return dcb_scenario_parse_status(s, args[0], err);
	case S_SLEEP_AFTER:
	case S_SLEEP_DURING:
		rc = dcb_cli_int(id == S_SLEEP_AFTER ? "--sleep-after" : "--sleep-during", args[0],
		                 0, 3600, &v, err);
		if (rc < 0)
			return rc;
		if (id == S_SLEEP_AFTER)
			s->sleep_after_s = (unsigned)v;
		else
			s->sleep_during_s = (unsigned)v;
		break;
	case S_ABORT_BEFORE:
		s->abort_before = true;
		break;
	case S_ABORT_DURING:
		s->abort_during = true;
		break;
	case S_ABORT_AFTER:
		s->abort_after = true;
		break;
	case S_ABORT_AFTER_STORE:
		s->abort_after_store = true;
		break;
	case S_DROP_MID_PDU:
		s->drop_mid_pdu = true;
		break;
	case S_DROP_HANDSHAKE:
		s->drop_handshake = true;
		break;
	case S_COMMIT_NEW_ASSOC:
		s->commit_new_assoc = true;
		break;
	case S_COMMIT_DELAY:
	case S_COMMIT_FAIL:
		rc = dcb_cli_int(id == S_COMMIT_DELAY ? "--commit-delay" : "--commit-fail", args[0],
		                 0, id == S_COMMIT_DELAY ? 3600 : 100000, &v, err);
		if (rc < 0)
			return rc;
		if (id == S_COMMIT_DELAY)
			s->commit_delay_s = (unsigned)v;
		else
			s->commit_fail = (unsigned)v;
		break;
	case S_COMMIT_AFTER_RELEASE:
		s->commit_after_release = true;
		break;
	case S_COMMIT_NO_REPORT:
		s->commit_no_report = true;
		break;
	}
	return 0;
}
