/* cli-run.h — what the network commands (echoscu, storescu, storescp)
 * share: the options every one of them takes (logging, network, TLS,
 * evidence), the start (parse, --help, --version, TLS set-up), the run of
 * the engine with its log and trace files, the exit status and the
 * teardown.  A command keeps only its own options and arguments:
 *
 *   struct dcb_cli_run run;
 *   dcb_cli_run_init(&run, "echoscu", DCB_SIDE_SCU);
 *   ... the command's own defaults in run.cfg ...
 *   rc = dcb_cli_run_start(&run, usage, about, argc, argv, own, n_own, 0, &npos);
 *   if (rc >= 0)
 *           return rc;
 *   ... positional arguments, job ...
 *   rc = dcb_cli_run_scu(&run, &job);      (or dcb_cli_run_scp(&run, port))
 *   dcb_cli_run_end(&run);
 *   return rc;
 *
 * Messages go to stderr as "dicombench cmd: ...". */
#ifndef DCB_CLI_RUN_H
#define DCB_CLI_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "cli-options.h"
#include "cli-powers.h"
#include "cli-tls.h"
#include "engine.h"

struct dcb_cli_run {
	const char *cmd; /* "storescp": in messages and the usage line */
	struct dcb_engine_config cfg;
	struct dcb_cli_common common; /* general options */
	struct dcb_cli_net net;       /* network options */
	struct dcb_cli_tls tls;       /* TLS options and the loaded credentials */
	struct dcb_cli_capture cap;   /* evidence options and their files */
	struct dcb_cli_notes notes;   /* options taken with a note, said under -v */
	struct dcb_cli_responses responses; /* query commands: what becomes of the answers */
	int scu_listen_port;          /* > 0: the SCU engine also listens there (storescu
	                               * --commit-port: the reverse association) */
};

/* The most tables a command may add to the shared ones. */
#define DCB_CLI_RUN_MAX_OWN 4

/* Sets r up for command cmd: the engine defaults for side, the network
 * defaults, warnings as log level, no TLS, no evidence files.  cmd is
 * borrowed and must outlive r. */
void dcb_cli_run_init(struct dcb_cli_run *r, const char *cmd, enum dcb_side side);

/* Parses argv with the shared tables (general, network, TLS, evidence) and
 * the command's own tables own[0..n_own-1] (at most DCB_CLI_RUN_MAX_OWN).
 * In --help the evidence options come before own[evidence_at]
 * (evidence_at == n_own: last).  usage is what follows the command in
 * the usage line, about one sentence (both translated).  Then sets TLS up
 * (+cc lists the suites, +tls loads the credentials; storescp is the TLS
 * server).  Under -v the notes of the options given that dicombench takes
 * but handles otherwise than dcmtk are printed ("I: -lc: ...").
 *
 * Returns -1 when the command should go on (*npos positional arguments at
 * argv[1..]), or the exit status to return now: 0 after --help,
 * --version, +cc; 1 after a usage or TLS error (printed). */
int dcb_cli_run_start(struct dcb_cli_run *r, const char *usage, const char *about, int argc,
                      char **argv, const struct dcb_cli_table *own, size_t n_own,
                      size_t evidence_at, int *npos);

/* Parses the port argument s in [min, 65535] into *port.  Returns 0, or
 * -1 after printing why. */
int dcb_cli_run_port(const struct dcb_cli_run *r, const char *s, long min, int *port);

/* Runs job on a fresh SCU engine until it is done, printing its events as
 * log lines (and to the evidence files).  Returns the exit status: 0 when
 * every file (or C-ECHO) succeeded and no error was logged, else 1. */
int dcb_cli_run_scu(struct dcb_cli_run *r, const struct dcb_scu_job *job);

/* Runs a query job (findscu, movescu, getscu) on a fresh engine until it
 * is done, printing its events and responses (r->responses says how);
 * with scu_listen_port the engine listens there too (movescu +P, the move
 * destination).  Returns the exit status: 0 when every request ended in
 * success, warning or cancel and no error was logged, else 1. */
int dcb_cli_run_query(struct dcb_cli_run *r, const struct dcb_qr_job *job);

/* Listens on port (0: any free one) and serves until SIGINT or SIGTERM,
 * printing the events as log lines (and to the evidence files).  Returns
 * the exit status: 0 after a clean stop, 1 when the engine could not be
 * made, could not listen or failed. */
int dcb_cli_run_scp(struct dcb_cli_run *r, int port);

/* Closes the evidence files and frees the TLS credentials.  Safe at any
 * point after dcb_cli_run_init, and more than once. */
void dcb_cli_run_end(struct dcb_cli_run *r);

#endif
