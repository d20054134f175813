/* cli-log.c — engine events as dcmtk-style log lines. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli-log.h"
#include "i18n.h"

void
dcb_cli_log_init(struct dcb_cli_log *l, enum dcb_log_level level, bool hex)
{
	memset(l, 0, sizeof *l);
	l->out = stderr;
	l->level = level;
	l->hex = hex;
	l->listen_port = -1;
}

static const char *
prefix(enum dcb_log_level level)
{
	switch (level) {
	case DCB_LOG_ERROR:
		return "E: ";
	case DCB_LOG_WARN:
		return "W: ";
	case DCB_LOG_INFO:
		return "I: ";
	case DCB_LOG_DEBUG:
		return "D: ";
	case DCB_LOG_TRACE:
		return "T: ";
	}
	return "";
}

static void
line(struct dcb_cli_log *l, enum dcb_log_level level, const char *text)
{
	if (level > l->level)
		return;
	fprintf(l->out, "%s%s\n", prefix(level), text);
}

static void
hexdump(struct dcb_cli_log *l, const uint8_t *p, size_t n, uint32_t total)
{
	for (size_t off = 0; off < n; off += 16) {
		char hex[64] = "", asc[20] = "";
		size_t k;
		for (k = 0; k < 16 && off + k < n; k++) {
			uint8_t c = p[off + k];
			snprintf(hex + 3 * k, sizeof hex - 3 * k, "%02x ", c);
			asc[k] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		asc[k] = '\0';
		fprintf(l->out, "T:   %08zx  %-48s %s\n", off, hex, asc);
	}
	if (n < total)
		fprintf(l->out, _("T:   ... %u more bytes not shown\n"), (unsigned)(total - n));
}

static void
log_pdu(struct dcb_cli_log *l, const struct dcb_ev_pdu *p)
{
	if (l->level < DCB_LOG_DEBUG)
		return;
	fprintf(l->out, "D: %s %s\n", p->outgoing ? _("sent") : _("received"), p->summary);
	if (l->hex)
		hexdump(l, p->raw, p->raw_len, p->length + 6);
}

void
dcb_cli_log_event(const struct dcb_event *ev, void *user)
{
	struct dcb_cli_log *l = user;
	char buf[2048];

	switch (ev->kind) {
	case DCB_EV_LOG:
		line(l, ev->u.log.level, ev->u.log.text);
		break;
	case DCB_EV_ERROR:
		l->errors++;
		line(l, DCB_LOG_ERROR, ev->u.error.text);
		break;
	case DCB_EV_LISTENING: {
		const char *colon = strrchr(ev->u.listening.address, ':');
		l->listen_port = colon != NULL ? atoi(colon + 1) : -1;
		snprintf(buf, sizeof buf, _("listening on %s as %s%s"), ev->u.listening.address,
		         ev->u.listening.ae_title, ev->u.listening.tls ? _(" (TLS)") : "");
		line(l, DCB_LOG_INFO, buf);
		break;
	}
	case DCB_EV_ASSOC_STATE:
		/* The engine logs the transitions people care about as LOG
		 * events; the raw state changes are for the trace. */
		if (l->level >= DCB_LOG_DEBUG) {
			snprintf(buf, sizeof buf, _("association %u: now in Sta%d%s%s"),
			         ev->assoc_id, ev->u.assoc.state, ev->u.assoc.reason[0] ? ": " : "",
			         ev->u.assoc.reason);
			line(l, DCB_LOG_DEBUG, buf);
		}
		break;
	case DCB_EV_PDU:
		log_pdu(l, &ev->u.pdu);
		break;
	case DCB_EV_CONTEXT:
		snprintf(buf, sizeof buf, _("presentation context %u %s: %s with %s"),
		         ev->u.context.id, ev->u.context.accepted ? _("accepted") : _("rejected"),
		         ev->u.context.abstract_syntax,
		         ev->u.context.transfer_syntax[0] ? ev->u.context.transfer_syntax : "-");
		line(l, ev->u.context.accepted && !l->verbose_pc ? DCB_LOG_DEBUG : DCB_LOG_INFO,
		     buf);
		break;
	case DCB_EV_TLS:
		snprintf(buf, sizeof buf, _("TLS %s: %s %s; peer %s; %s"),
		         ev->u.tls.ok ? _("established") : _("failed"), ev->u.tls.version,
		         ev->u.tls.cipher, ev->u.tls.peer_subject, ev->u.tls.verify);
		line(l, ev->u.tls.ok ? DCB_LOG_INFO : DCB_LOG_ERROR, buf);
		break;
	case DCB_EV_PROGRESS:
		break;
	case DCB_EV_STORED:
		snprintf(buf, sizeof buf, _("stored %s (%llu bytes)"), ev->u.stored.path,
		         (unsigned long long)ev->u.stored.bytes);
		line(l, DCB_LOG_INFO, buf);
		break;
	case DCB_EV_FILE_RESULT:
		if (ev->u.file.ok) {
			l->files_ok++;
			snprintf(buf, sizeof buf, _("sent %s: status 0x%04x%s%s"), ev->u.file.path,
			         ev->u.file.status, ev->u.file.reason[0] ? ", " : "",
			         ev->u.file.reason);
			line(l, DCB_LOG_INFO, buf);
		} else {
			l->files_failed++;
			if (ev->u.file.status != 0xffff)
				snprintf(buf, sizeof buf, _("sending %s failed: status 0x%04x: %s"),
				         ev->u.file.path, ev->u.file.status, ev->u.file.reason);
			else
				snprintf(buf, sizeof buf, _("sending %s failed: %s"),
				         ev->u.file.path, ev->u.file.reason);
			line(l, DCB_LOG_ERROR, buf);
		}
		break;
	case DCB_EV_FINDING:
		snprintf(buf, sizeof buf, "[%s] %s%s%s", ev->u.finding.code, ev->u.finding.message,
		         ev->u.finding.where[0] ? " @ " : "", ev->u.finding.where);
		line(l, ev->u.finding.severity == DCB_SEV_INFO ? DCB_LOG_INFO : DCB_LOG_WARN, buf);
		break;
	case DCB_EV_RESPONSE:
		dcb_cli_log_response(l, &ev->u.response);
		break;
	case DCB_EV_COMMIT: /* said by the log lines of the request already */
		break;
	case DCB_EV_MESSAGE: /* every service's messages, under -d */
		snprintf(buf, sizeof buf, ev->u.message.outgoing ? _("sending %s") : _("received %s"),
		         ev->u.message.summary);
		line(l, DCB_LOG_DEBUG, buf);
		break;
	case DCB_EV_JOB_DONE:
		l->job_done = true;
		l->done = ev->u.done;
		if (l->responses != NULL) {
			snprintf(buf, sizeof buf, _("%u requests done, %u failed, in %.3f s"),
			         ev->u.done.ok, ev->u.done.failed, ev->u.done.seconds);
			line(l, DCB_LOG_INFO, buf);
		} else if (ev->side == DCB_SIDE_SCU && (ev->u.done.ok + ev->u.done.failed) > 0) {
			snprintf(buf, sizeof buf, _("%u sent, %u failed, %llu bytes in %.3f s"),
			         ev->u.done.ok, ev->u.done.failed,
			         (unsigned long long)ev->u.done.bytes, ev->u.done.seconds);
			line(l, DCB_LOG_INFO, buf);
		}
		break;
	}
	fflush(l->out);
}
