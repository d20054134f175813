/* trace-json.c — events as JSON Lines (trace-json.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "trace-json.h"

static const char *const kind_names[] = {
	[DCB_EV_LOG] = "log",
	[DCB_EV_LISTENING] = "listening",
	[DCB_EV_ASSOC_STATE] = "assoc_state",
	[DCB_EV_PDU] = "pdu",
	[DCB_EV_CONTEXT] = "context",
	[DCB_EV_TLS] = "tls",
	[DCB_EV_PROGRESS] = "progress",
	[DCB_EV_STORED] = "stored",
	[DCB_EV_FILE_RESULT] = "file_result",
	[DCB_EV_FINDING] = "finding",
	[DCB_EV_ERROR] = "error",
	[DCB_EV_JOB_DONE] = "job_done",
};

static const char *const level_names[] = { "error", "warn", "info", "debug", "trace" };

/* A JSON string: quotes, backslashes and control characters escaped; bytes
 * >= 0x80 pass through (the texts are UTF-8). */
static void
str(FILE *out, const char *key, const char *s)
{
	fprintf(out, ",\"%s\":\"", key);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void
num(FILE *out, const char *key, uint64_t v)
{
	fprintf(out, ",\"%s\":%" PRIu64, key, v);
}

static void
flag(FILE *out, const char *key, bool v)
{
	fprintf(out, ",\"%s\":%s", key, v ? "true" : "false");
}

int
dcb_trace_json_write(FILE *out, const struct dcb_event *ev)
{
	struct tm tm;
	char when[32];
	time_t t = ev->time.tv_sec;
	const char *kind = (unsigned)ev->kind < sizeof kind_names / sizeof kind_names[0] &&
	                           kind_names[ev->kind] != NULL
	                       ? kind_names[ev->kind]
	                       : "unknown";

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(out, "{\"time\":\"%s.%03ldZ\",\"side\":\"%s\",\"assoc\":%" PRIu32, when,
	        ev->time.tv_nsec / 1000000, ev->side == DCB_SIDE_SCP ? "scp" : "scu", ev->assoc_id);
	str(out, "kind", kind);
	switch (ev->kind) {
	case DCB_EV_LOG:
	case DCB_EV_ERROR:
		str(out, "level",
		    (unsigned)ev->u.log.level < 5 ? level_names[ev->u.log.level] : "info");
		str(out, "text", ev->u.log.text);
		break;
	case DCB_EV_LISTENING:
		str(out, "address", ev->u.listening.address);
		flag(out, "tls", ev->u.listening.tls);
		str(out, "ae_title", ev->u.listening.ae_title);
		break;
	case DCB_EV_ASSOC_STATE:
		num(out, "state", (uint64_t)ev->u.assoc.state);
		str(out, "peer", ev->u.assoc.peer);
		str(out, "calling_ae", ev->u.assoc.calling_ae);
		str(out, "called_ae", ev->u.assoc.called_ae);
		str(out, "reason", ev->u.assoc.reason);
		break;
	case DCB_EV_PDU:
		flag(out, "outgoing", ev->u.pdu.outgoing);
		num(out, "type", ev->u.pdu.type);
		num(out, "length", ev->u.pdu.length);
		str(out, "summary", ev->u.pdu.summary);
		break;
	case DCB_EV_CONTEXT:
		num(out, "id", ev->u.context.id);
		flag(out, "accepted", ev->u.context.accepted);
		num(out, "result", ev->u.context.result);
		str(out, "abstract_syntax", ev->u.context.abstract_syntax);
		str(out, "transfer_syntax", ev->u.context.transfer_syntax);
		break;
	case DCB_EV_TLS:
		flag(out, "ok", ev->u.tls.ok);
		str(out, "version", ev->u.tls.version);
		str(out, "cipher", ev->u.tls.cipher);
		str(out, "peer_subject", ev->u.tls.peer_subject);
		str(out, "peer_issuer", ev->u.tls.peer_issuer);
		str(out, "verify", ev->u.tls.verify);
		break;
	case DCB_EV_PROGRESS:
		str(out, "name", ev->u.progress.name);
		num(out, "done", ev->u.progress.done);
		num(out, "total", ev->u.progress.total);
		break;
	case DCB_EV_STORED:
		str(out, "path", ev->u.stored.path);
		str(out, "sop_class_uid", ev->u.stored.sop_class_uid);
		str(out, "sop_instance_uid", ev->u.stored.sop_instance_uid);
		str(out, "transfer_syntax_uid", ev->u.stored.transfer_syntax_uid);
		num(out, "bytes", ev->u.stored.bytes);
		break;
	case DCB_EV_FILE_RESULT:
		str(out, "path", ev->u.file.path);
		flag(out, "ok", ev->u.file.ok);
		num(out, "status", ev->u.file.status);
		str(out, "reason", ev->u.file.reason);
		num(out, "bytes", ev->u.file.bytes);
		break;
	case DCB_EV_FINDING:
		str(out, "code", ev->u.finding.code);
		num(out, "severity", (uint64_t)ev->u.finding.severity);
		str(out, "where", ev->u.finding.where);
		str(out, "message", ev->u.finding.message);
		break;
	case DCB_EV_JOB_DONE:
		num(out, "ok", ev->u.done.ok);
		num(out, "failed", ev->u.done.failed);
		num(out, "warnings", ev->u.done.warnings);
		num(out, "bytes", ev->u.done.bytes);
		fprintf(out, ",\"seconds\":%.3f", ev->u.done.seconds);
		break;
	}
	fputs("}\n", out);
	return ferror(out) ? -1 : 0;
}
