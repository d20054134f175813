/* trace-export.c — the trace pane's lines as JSON Lines (trace-export.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/trace-json.h"
#include "trace-export.h"

bool
ui_trace_wants_json(const char *path)
{
	size_t n = strlen(path);

	return (n >= 5 && strcmp(path + n - 5, ".json") == 0) ||
	       (n >= 6 && strcmp(path + n - 6, ".jsonl") == 0);
}

int
ui_trace_write_json(FILE *f, const struct ui_trace_entry *e)
{
	struct dcb_event ev;

	memset(&ev, 0, sizeof ev);
	ev.side = e->side;
	ev.assoc_id = e->assoc_id;
	ev.time = e->time;
	if (e->kind == UI_TRACE_PDU) {
		ev.kind = DCB_EV_PDU;
		ev.u.pdu.outgoing = e->outgoing;
		ev.u.pdu.type = e->pdu_type;
		ev.u.pdu.length = e->length;
		ev.u.pdu.repeat = e->count;
		ev.u.pdu.dimse = e->dimse;
		snprintf(ev.u.pdu.summary, sizeof ev.u.pdu.summary, "%s", e->text);
	} else {
		ev.kind = e->kind == UI_TRACE_ERROR ? DCB_EV_ERROR : DCB_EV_LOG;
		ev.u.log.level = e->kind == UI_TRACE_ERROR ? DCB_LOG_ERROR : DCB_LOG_INFO;
		snprintf(ev.u.log.text, sizeof ev.u.log.text, "%s", e->text);
	}
	return dcb_trace_json_write(f, &ev);
}
