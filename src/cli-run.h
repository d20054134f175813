/* cli-run.h — what the network commands share around the option parser:
 * the start (parse, --help, --version), applying the shared options to an
 * engine configuration, and running an SCU job to its end. */
#ifndef DCB_CLI_RUN_H
#define DCB_CLI_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "cli-options.h"
#include "engine.h"

/* Parses argv with the tables.  Returns -1 when the command should go on
 * (*npos positional arguments at argv[1..]), or the exit status to return
 * now: 0 after --help / --version, 1 after a usage error (printed).
 * usage is what follows the command in the usage line ("[options] port",
 * translated), about one translated sentence. */
int dcb_cli_start(const char *cmd, const char *usage, const char *about, int argc, char **argv,
                  const struct dcb_cli_table *tables, size_t ntables,
                  const struct dcb_cli_common *common, int *npos);

/* Copies -pdu, --max-send-pdu, -to/-ta/-td, -dhl and the log level into
 * cfg. */
void dcb_cli_apply(const struct dcb_cli_net *net, const struct dcb_cli_common *common,
                   struct dcb_engine_config *cfg);

/* Runs job on a fresh SCU engine, printing its events as log lines.
 * Returns the exit status: 0 when every file (or C-ECHO) succeeded. */
int dcb_cli_run_job(const char *cmd, struct dcb_engine_config *cfg, const struct dcb_scu_job *job,
                    const struct dcb_cli_common *common);

#endif
