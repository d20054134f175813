/* cli-scp.h — the options of dcmtk's storescp, which every SCP command
 * takes: storescp, and dcmqrscp for people without a configuration file. */
#ifndef DCB_CLI_SCP_H
#define DCB_CLI_SCP_H

#include "cli-options.h"
#include "engine.h"

struct dcb_cli_scp {
	struct dcb_engine_config *cfg;
	const char *out_dir; /* -od, "." */
	const char *ext;     /* -fe, "" */
};

extern const struct dcb_cli_opt dcb_cli_scp_opts[];

/* The transfer syntaxes an SCP accepts, as storescp's +x= ... +xi say. */
void dcb_cli_scp_prefer(struct dcb_engine_config *c, enum dcb_ts_preset preset);
int dcb_cli_scp_handler(void *ctx, int id, char **args, struct dcb_error *err);

#endif
