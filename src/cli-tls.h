/* cli-tls.h — the TLS options of the network commands (storescp,
 * storescu, echoscu) as a dcb_cli_table, and the step that turns them into
 * credentials and the engine's transport factory.
 *
 * A command adds one table entry and two calls:
 *
 *   struct dcb_cli_tls tls;
 *   dcb_cli_tls_init(&tls);
 *   { N_("transport layer security (TLS) options"), dcb_cli_tls_opts,
 *     dcb_cli_tls_handler, &tls },
 *   ... after parsing:
 *   rc = dcb_cli_tls_setup(&tls, server, &cfg, "storescp");  (> 0: exit 0, < 0: exit 1)
 *   ... after the engine is freed:
 *   dcb_cli_tls_clear(&tls); */
#ifndef DCB_CLI_TLS_H
#define DCB_CLI_TLS_H

#include <stdbool.h>

#include "cli-options.h"
#include "engine.h"
#include "tls-config.h"

struct dcb_cli_tls {
	struct dcb_tls_config cfg;
	struct dcb_tls_creds *creds;
	char password[256]; /* asked for with +ps */
	/* the SCP listens plain and speaks TLS only to peers marked +tls
	 * (dcmqrscp --tls-peers-only): the credentials are a requestor's */
	bool peers_only;
};

extern const struct dcb_cli_opt dcb_cli_tls_opts[];
int dcb_cli_tls_handler(void *ctx, int id, char **args, struct dcb_error *err);

void dcb_cli_tls_init(struct dcb_cli_tls *t);

/* After parsing: prints the notes of options GnuTLS does not need, lists
 * the suites for +cc (returns 1: the command exits with 0), asks for the
 * key's password (+ps, only if the key is encrypted and stdin is a
 * terminal), loads the credentials and sets cfg->tls_client (TLS to peers
 * marked +tls) and, unless peers_only, cfg->transport (every association
 * the side accepts or opens on its own speaks TLS).  Messages go
 * to stderr prefixed with "dicombench cmd: ".  Returns 0, 1, or -1 after
 * printing why. */
int dcb_cli_tls_setup(struct dcb_cli_tls *t, bool server, struct dcb_engine_config *cfg,
                      const char *cmd);

void dcb_cli_tls_clear(struct dcb_cli_tls *t);

#endif
