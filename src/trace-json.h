/* trace-json.h — events (events.h) as JSON Lines: one object per event,
 * for --trace-json and the dashboard's trace saving.  Field names are
 * stable and untranslated; text fields carry the translated messages. */
#ifndef DCB_TRACE_JSON_H
#define DCB_TRACE_JSON_H

#include <stdio.h>

#include "events.h"

/* Writes ev as one line of JSON to out, e.g.
 * {"time":"2026-11-27T22:00:00.123Z","side":"scp","assoc":1,"kind":"pdu",
 *  "outgoing":false,"type":1,"length":205,"summary":"A-ASSOCIATE-RQ ..."}
 * with "job":N after "assoc" when the event belongs to job N.  Returns 0, or -1 when the write failed. */
int dcb_trace_json_write(FILE *out, const struct dcb_event *ev);

#endif
