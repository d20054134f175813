/* trace-json.c — events as JSON Lines (trace-json.h). */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dimse.h"
#include "trace-json.h"

/* What a field holds, so the writer knows how to read and print it. */
enum field_type {
	F_STR,     /* char[]: JSON string */
	F_BOOL,    /* bool: true / false */
	F_U8,      /* uint8_t */
	F_U16,     /* uint16_t */
	F_U32,     /* uint32_t */
	F_U64,     /* uint64_t */
	F_UINT,    /* unsigned */
	F_INT,     /* int or an enum: printed as an unsigned 64-bit number */
	F_LEVEL,   /* enum dcb_log_level: its name */
	F_SECONDS, /* double: "%.3f" */
	F_DIMSE,   /* struct dcb_ev_dimse: an object, left out when not known */
};

/* One JSON field of an event payload: its name, where it sits in the
 * payload struct, and its type. */
struct field {
	const char *name;
	size_t offset;
	enum field_type type;
};

/* The enums read through F_INT and F_LEVEL are int-sized. */
_Static_assert(sizeof(enum dcb_severity) == sizeof(int), "severity is read as an int");
_Static_assert(sizeof(enum dcb_log_level) == sizeof(int), "log level is read as an int");

/* Each list ends with an entry whose name is NULL. */
static const struct field log_fields[] = {
	{ "level", offsetof(struct dcb_ev_log, level), F_LEVEL },
	{ "text", offsetof(struct dcb_ev_log, text), F_STR },
	{ NULL },
};

static const struct field listening_fields[] = {
	{ "address", offsetof(struct dcb_ev_listening, address), F_STR },
	{ "tls", offsetof(struct dcb_ev_listening, tls), F_BOOL },
	{ "ae_title", offsetof(struct dcb_ev_listening, ae_title), F_STR },
	{ NULL },
};

static const struct field assoc_fields[] = {
	{ "state", offsetof(struct dcb_ev_assoc_state, state), F_INT },
	{ "peer", offsetof(struct dcb_ev_assoc_state, peer), F_STR },
	{ "calling_ae", offsetof(struct dcb_ev_assoc_state, calling_ae), F_STR },
	{ "called_ae", offsetof(struct dcb_ev_assoc_state, called_ae), F_STR },
	{ "reason", offsetof(struct dcb_ev_assoc_state, reason), F_STR },
	{ NULL },
};

static const struct field pdu_fields[] = {
	{ "outgoing", offsetof(struct dcb_ev_pdu, outgoing), F_BOOL },
	{ "type", offsetof(struct dcb_ev_pdu, type), F_U8 },
	{ "length", offsetof(struct dcb_ev_pdu, length), F_U32 },
	{ "repeat", offsetof(struct dcb_ev_pdu, repeat), F_U32 },
	{ "summary", offsetof(struct dcb_ev_pdu, summary), F_STR },
	{ "dimse", offsetof(struct dcb_ev_pdu, dimse), F_DIMSE },
	{ NULL },
};

/* After "command_name", which is written first. */
static const struct field dimse_fields[] = {
	{ "command", offsetof(struct dcb_ev_dimse, command), F_U16 },
	{ "message_id", offsetof(struct dcb_ev_dimse, message_id), F_U16 },
	{ "has_command", offsetof(struct dcb_ev_dimse, has_command), F_BOOL },
	{ "is_data", offsetof(struct dcb_ev_dimse, is_data), F_BOOL },
	{ "has_status", offsetof(struct dcb_ev_dimse, has_status), F_BOOL },
	{ "status", offsetof(struct dcb_ev_dimse, status), F_U16 },
	{ "sop_class_uid", offsetof(struct dcb_ev_dimse, sop_class_uid), F_STR },
	{ "sop_instance_uid", offsetof(struct dcb_ev_dimse, sop_instance_uid), F_STR },
	{ "move_originator_ae", offsetof(struct dcb_ev_dimse, move_originator_ae), F_STR },
	{ "move_originator_id", offsetof(struct dcb_ev_dimse, move_originator_id), F_U16 },
	{ NULL },
};

static const struct field context_fields[] = {
	{ "id", offsetof(struct dcb_ev_context, id), F_U8 },
	{ "accepted", offsetof(struct dcb_ev_context, accepted), F_BOOL },
	{ "result", offsetof(struct dcb_ev_context, result), F_U8 },
	{ "abstract_syntax", offsetof(struct dcb_ev_context, abstract_syntax), F_STR },
	{ "transfer_syntax", offsetof(struct dcb_ev_context, transfer_syntax), F_STR },
	{ NULL },
};

static const struct field tls_fields[] = {
	{ "ok", offsetof(struct dcb_ev_tls, ok), F_BOOL },
	{ "version", offsetof(struct dcb_ev_tls, version), F_STR },
	{ "cipher", offsetof(struct dcb_ev_tls, cipher), F_STR },
	{ "peer_subject", offsetof(struct dcb_ev_tls, peer_subject), F_STR },
	{ "peer_issuer", offsetof(struct dcb_ev_tls, peer_issuer), F_STR },
	{ "verify", offsetof(struct dcb_ev_tls, verify), F_STR },
	{ NULL },
};

static const struct field progress_fields[] = {
	{ "name", offsetof(struct dcb_ev_progress, name), F_STR },
	{ "done", offsetof(struct dcb_ev_progress, done), F_U64 },
	{ "total", offsetof(struct dcb_ev_progress, total), F_U64 },
	{ NULL },
};

static const struct field stored_fields[] = {
	{ "path", offsetof(struct dcb_ev_stored, path), F_STR },
	{ "sop_class_uid", offsetof(struct dcb_ev_stored, sop_class_uid), F_STR },
	{ "sop_instance_uid", offsetof(struct dcb_ev_stored, sop_instance_uid), F_STR },
	{ "transfer_syntax_uid", offsetof(struct dcb_ev_stored, transfer_syntax_uid), F_STR },
	{ "bytes", offsetof(struct dcb_ev_stored, bytes), F_U64 },
	{ NULL },
};

static const struct field file_fields[] = {
	{ "path", offsetof(struct dcb_ev_file_result, path), F_STR },
	{ "ok", offsetof(struct dcb_ev_file_result, ok), F_BOOL },
	{ "status", offsetof(struct dcb_ev_file_result, status), F_U16 },
	{ "reason", offsetof(struct dcb_ev_file_result, reason), F_STR },
	{ "bytes", offsetof(struct dcb_ev_file_result, bytes), F_U64 },
	{ NULL },
};

static const struct field finding_fields[] = {
	{ "code", offsetof(struct dcb_finding, code), F_STR },
	{ "severity", offsetof(struct dcb_finding, severity), F_INT },
	{ "where", offsetof(struct dcb_finding, where), F_STR },
	{ "message", offsetof(struct dcb_finding, message), F_STR },
	{ NULL },
};

static const struct field done_fields[] = {
	{ "ok", offsetof(struct dcb_ev_job_done, ok), F_UINT },
	{ "failed", offsetof(struct dcb_ev_job_done, failed), F_UINT },
	{ "warnings", offsetof(struct dcb_ev_job_done, warnings), F_UINT },
	{ "bytes", offsetof(struct dcb_ev_job_done, bytes), F_U64 },
	{ "seconds", offsetof(struct dcb_ev_job_done, seconds), F_SECONDS },
	{ NULL },
};

static const struct field message_fields[] = {
	{ "outgoing", offsetof(struct dcb_ev_message, outgoing), F_BOOL },
	{ "pcid", offsetof(struct dcb_ev_message, pcid), F_U8 },
	{ "has_data", offsetof(struct dcb_ev_message, has_data), F_BOOL },
	{ "summary", offsetof(struct dcb_ev_message, summary), F_STR },
	{ "dimse", offsetof(struct dcb_ev_message, dimse), F_DIMSE },
	{ NULL },
};

static const struct field commit_fields[] = {
	{ "transaction_uid", offsetof(struct dcb_ev_commit, transaction_uid), F_STR },
	{ "final", offsetof(struct dcb_ev_commit, final), F_BOOL },
	{ "asked", offsetof(struct dcb_ev_commit, asked), F_UINT },
	{ "committed", offsetof(struct dcb_ev_commit, committed), F_UINT },
	{ "failed", offsetof(struct dcb_ev_commit, failed), F_UINT },
	{ "why", offsetof(struct dcb_ev_commit, why), F_STR },
	{ NULL },
};

/* Per event kind: its name in "kind" and the fields of its payload (all
 * payloads start at ev->u). */
static const struct kind {
	const char *name;
	const struct field *fields;
} kinds[] = {
	[DCB_EV_LOG] = { "log", log_fields },
	[DCB_EV_LISTENING] = { "listening", listening_fields },
	[DCB_EV_ASSOC_STATE] = { "assoc_state", assoc_fields },
	[DCB_EV_PDU] = { "pdu", pdu_fields },
	[DCB_EV_CONTEXT] = { "context", context_fields },
	[DCB_EV_TLS] = { "tls", tls_fields },
	[DCB_EV_PROGRESS] = { "progress", progress_fields },
	[DCB_EV_STORED] = { "stored", stored_fields },
	[DCB_EV_FILE_RESULT] = { "file_result", file_fields },
	[DCB_EV_FINDING] = { "finding", finding_fields },
	[DCB_EV_ERROR] = { "error", log_fields },
	[DCB_EV_JOB_DONE] = { "job_done", done_fields },
	[DCB_EV_MESSAGE] = { "message", message_fields },
	[DCB_EV_COMMIT] = { "commit", commit_fields },
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

static void field(FILE *out, const struct field *f, const unsigned char *p);

/* The DIMSE message of a P-DATA-TF as an object, when it is known. */
static void
dimse(FILE *out, const char *key, const unsigned char *p)
{
	struct dcb_ev_dimse d;

	memcpy(&d, p, sizeof d);
	if (!d.known)
		return;
	/* the names are plain ASCII: "C-STORE-RQ", "unknown" */
	fprintf(out, ",\"%s\":{\"command_name\":\"%s\"", key,
	        dcb_dimse_command_name(d.command));
	for (const struct field *f = dimse_fields; f->name != NULL; f++)
		field(out, f, p);
	fputc('}', out);
}

/* Writes the field f of the payload at p. */
static void
field(FILE *out, const struct field *f, const unsigned char *p)
{
	bool b;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;
	unsigned u;
	int i;
	double d;

	p += f->offset;
	switch (f->type) {
	case F_STR:
		str(out, f->name, (const char *)p);
		return;
	case F_DIMSE:
		dimse(out, f->name, p);
		return;
	case F_BOOL:
		memcpy(&b, p, sizeof b);
		fprintf(out, ",\"%s\":%s", f->name, b ? "true" : "false");
		return;
	case F_LEVEL:
		memcpy(&i, p, sizeof i);
		str(out, f->name, (unsigned)i < 5 ? level_names[i] : "info");
		return;
	case F_SECONDS:
		memcpy(&d, p, sizeof d);
		fprintf(out, ",\"%s\":%.3f", f->name, d);
		return;
	case F_U8:
		memcpy(&u8, p, sizeof u8);
		u64 = u8;
		break;
	case F_U16:
		memcpy(&u16, p, sizeof u16);
		u64 = u16;
		break;
	case F_U32:
		memcpy(&u32, p, sizeof u32);
		u64 = u32;
		break;
	case F_U64:
		memcpy(&u64, p, sizeof u64);
		break;
	case F_UINT:
		memcpy(&u, p, sizeof u);
		u64 = u;
		break;
	case F_INT:
	default:
		memcpy(&i, p, sizeof i);
		u64 = (uint64_t)i;
		break;
	}
	fprintf(out, ",\"%s\":%" PRIu64, f->name, u64);
}

int
dcb_trace_json_write(FILE *out, const struct dcb_event *ev)
{
	struct tm tm;
	char when[32];
	time_t t = ev->time.tv_sec;
	const struct kind *k = (unsigned)ev->kind < sizeof kinds / sizeof kinds[0] &&
	                               kinds[ev->kind].name != NULL
	                           ? &kinds[ev->kind]
	                           : NULL;

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(out, "{\"time\":\"%s.%03ldZ\",\"side\":\"%s\",\"assoc\":%" PRIu32, when,
	        ev->time.tv_nsec / 1000000, ev->side == DCB_SIDE_SCP ? "scp" : "scu", ev->assoc_id);
	if (ev->job != 0)
		fprintf(out, ",\"job\":%d", ev->job);
	str(out, "kind", k != NULL ? k->name : "unknown");
	for (const struct field *f = k != NULL ? k->fields : NULL; f != NULL && f->name != NULL;
	     f++)
		field(out, f, (const unsigned char *)&ev->u);
	fputs("}\n", out);
	return ferror(out) ? -1 : 0;
}
