/* cli-query.h — what findscu, movescu and getscu share: their common
 * options (-k, -P/-S/-O, the -x proposals, --repeat, --abort, --cancel,
 * ...) as a table, the +x preferences and storage output options of
 * movescu and getscu, the identifiers made from query files and keys, and
 * the run.  A command keeps its own table (-aet/-aec with its defaults,
 * its own options) and calls dcb_cli_query_main(). */
#ifndef DCB_CLI_QUERY_H
#define DCB_CLI_QUERY_H

#include <stddef.h>

#include "cli-run.h"

#define DCB_CLI_QUERY_MAX_KEYS 128

/* Option ids the command tables use with dcb_cli_query_handler. */
enum {
	Q_AET = 1,
	Q_AEC,
	Q_KEY,
	Q_WORKLIST,
	Q_PATIENT,
	Q_STUDY,
	Q_PSONLY,
	Q_REPEAT,
	Q_ABORT,
	Q_CANCEL,
	Q_OD,
	Q_AEM,
	Q_PORT,
	Q_NO_PORT,
	Q_EXTRACT,
	Q_EXTRACT_XML,
	Q_LIMIT,
	Q_SHOW,
	Q_HIDE,
	Q_BIT,
	Q_NORMAL,
	Q_IGNORE,
	Q_ACCEPT_ALL,
	Q_TAKEN,         /* taken as dcmtk's default, or with a note */
	Q_PREFER = 100,  /* + enum dcb_ts_preset: +x... (incoming C-STOREs) */
	Q_PROPOSE = 200, /* + enum dcb_ts_preset: -x... (the request context) */
};

struct dcb_cli_query {
	const char *cmd; /* "findscu" */
	struct dcb_cli_run *run;
	struct dcb_qr_job job;
	char model;      /* 'W', 'P' or 'S' */
	const char *keys[DCB_CLI_QUERY_MAX_KEYS];
	size_t n_keys;
	const char *out_dir;
	int port;        /* movescu +P, 0 none */
	bool extract;
	int show;        /* +sr 1, -sr 0, -1: not given */
};

/* The options all three take (with their dcmtk help texts). */
extern const struct dcb_cli_opt dcb_cli_query_opts[];
/* movescu and getscu: +x... preferences for the C-STOREs that come in */
extern const struct dcb_cli_opt dcb_cli_query_prefer_opts[];
/* movescu and getscu: how received objects are written */
extern const struct dcb_cli_opt dcb_cli_query_output_opts[];
/* ctx: a struct dcb_cli_query */
int dcb_cli_query_handler(void *ctx, int id, char **args, struct dcb_error *err);

/* The command: q->cmd, q->job.op and the defaults set (model, AE
 * title in q->run->cfg, called AE "ANY-SCP"); own[0..n_own) its tables.
 * Parses, builds the identifiers from the query files and keys, runs the
 * job and returns the exit status. */
int dcb_cli_query_main(struct dcb_cli_query *q, const char *about, int argc, char **argv,
                       const struct dcb_cli_table *own, size_t n_own);

#endif
