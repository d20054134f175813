/* trace-export.h — the trace pane's lines as JSON Lines (powers): a file
 * name ending in .json or .jsonl saves JSON instead of text. */
#ifndef UI_TRACE_EXPORT_H
#define UI_TRACE_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

/* True when path asks for JSON (ends in ".json" or ".jsonl"). */
bool ui_trace_wants_json(const char *path);

/* Writes e as one JSON object (trace-json.h's fields: a PDU line as kind
 * "pdu", the others as kind "log" with their text).  Returns 0 or -1. */
int ui_trace_write_json(FILE *f, const struct ui_trace_entry *e);

#endif
