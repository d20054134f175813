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

/* What a query command does with the responses (DCB_EV_RESPONSE). */
struct dcb_cli_responses {
	bool show;               /* findscu: each answer's identifier as dcmtk prints it,
	                          * "I: " lines at every level but -q (+sr/-sr) */
	const char *extract_dir; /* -X: each answer written as rsp0001.dcm ... there, or NULL */
	unsigned extract_limit;  /* -Xlo: at most that many files, 0: no limit */
	unsigned extracted;      /* files written so far */
	unsigned answers;        /* pending responses with an identifier seen */
};

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
	struct dcb_cli_responses *responses; /* query commands; NULL: defaults */
};

void dcb_cli_log_init(struct dcb_cli_log *l, enum dcb_log_level level, bool hex);

/* The dcb_event_fn: user is a struct dcb_cli_log. */
void dcb_cli_log_event(const struct dcb_event *ev, void *user);

/* cli-response.c: a DCB_EV_RESPONSE as dcmtk's findscu, movescu and
 * getscu print one (and -X's file). */
void dcb_cli_log_response(struct dcb_cli_log *l, const struct dcb_ev_response *r);

#endif
