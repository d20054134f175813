/* cli-log.h — turns engine events into log lines on stderr, as dcmtk's
 * tools print them ("I: ...", "W: ...", "E: ...", "D: ...").
 *
 * -q shows errors only, the default adds warnings, -v information, -d the
 * decoded trace of every PDU, -dd the PDU bytes in hex as well. */
#ifndef DCB_CLI_LOG_H
#define DCB_CLI_LOG_H

#include <stdbool.h>
#include <stdio.h>

#include "events.h"

struct dcb_cli_log {
	FILE *out; /* stderr */
	enum dcb_log_level level;
	bool hex;
	bool verbose_pc; /* +v: accepted presentation contexts at info level */
	/* Filled from the events, for the exit status and the summary. */
	unsigned errors;
	unsigned files_ok, files_failed;
	bool job_done;
	struct dcb_ev_job_done done;
	int listen_port; /* from DCB_EV_LISTENING, -1 before */
};

void dcb_cli_log_init(struct dcb_cli_log *l, enum dcb_log_level level, bool hex);

/* The dcb_event_fn: user is a struct dcb_cli_log. */
void dcb_cli_log_event(const struct dcb_event *ev, void *user);

#endif
