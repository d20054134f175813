/* cli-powers.h — the test-bench powers on the command line: --pcap on
 * storescp, storescu and echoscu, and storescp's fault injection options
 * (scenario.h), as option tables for cli-options.h. */
#ifndef DCB_CLI_POWERS_H
#define DCB_CLI_POWERS_H

#include "cli-log.h"
#include "cli-options.h"
#include "engine.h"
#include "ladder.h"
#include "pcap.h"
#include "scenario.h"

/* --pcap FILE, --trace-file FILE, --trace-json FILE, --trace-ladder FILE,
 * --trace-svg FILE (every command). */
struct dcb_cli_capture {
	const char *pcap_path, *trace_path, *json_path, *ladder_path, *svg_path;
	struct dcb_pcap *pcap;
	FILE *trace, *json, *ladder, *svg;
	struct dcb_ladder_log ladder_log; /* the events, written out at the end */
	struct dcb_cli_log trace_log;  /* the text trace: the log at debug level */
	dcb_event_fn next;             /* called after (storescp: its log), or NULL */
	void *next_user;
};
extern const struct dcb_cli_opt dcb_cli_capture_opts[];
int dcb_cli_capture_handler(void *ctx, int id, char **args, struct dcb_error *err);

/* Opens the capture and trace files (if asked) and sets cfg->pcap.
 * Prints the error to stderr as "dicombench cmd: ..." and returns -1 when
 * a file cannot be created, else 0. */
int dcb_cli_capture_start(struct dcb_cli_capture *c, struct dcb_engine_config *cfg,
                          const char *cmd);
/* Writes the ladders and closes the files. */
void dcb_cli_capture_end(struct dcb_cli_capture *c);

/* True when a trace file was asked for: route events through
 * dcb_cli_capture_event (user: the struct dcb_cli_capture). */
bool dcb_cli_capture_traces(const struct dcb_cli_capture *c);

/* An event sink: writes ev to the trace files, then passes it to next. */
void dcb_cli_capture_event(const struct dcb_event *ev, void *user);

/* storescp: --refuse, --reject, --reject-assoc, --reject-context, --status,
 * --sleep-after, --sleep-during, --abort-before/-during/-after,
 * --drop-mid-pdu, --drop-handshake.  ctx is a struct dcb_scenario. */
extern const struct dcb_cli_opt dcb_cli_scenario_opts[];
int dcb_cli_scenario_handler(void *ctx, int id, char **args, struct dcb_error *err);
/* dcmqrscp: --commit-new-assoc, --commit-delay, --commit-after-release,
 * --commit-fail, --commit-no-report (the Storage Commitment SCP's faults);
 * handled by dcb_cli_scenario_handler. */
extern const struct dcb_cli_opt dcb_cli_commit_scenario_opts[];

#endif
