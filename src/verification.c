/* verification.c — the Verification SCP (PS3.4 Annex A): C-ECHO answered
 * with success. */
#include "config.h"

#include <string.h>

#include "engine-int.h"
#include "i18n.h"
#include "service.h"

static bool
serves(const struct dcb_engine *e, const char *abstract_syntax)
{
	return e->cfg.policy.accept_verification &&
	       strcmp(abstract_syntax, DCB_UID_VERIFICATION) == 0;
}

static bool
takes(uint16_t command)
{
	return command == DCB_C_ECHO_RQ;
}

static void
on_command(struct assoc *a, void **state, const struct svc_msg *m)
{
	(void)state;
	eng_log(a->e, a->id, DCB_LOG_INFO, N_("received C-ECHO request (message ID %u) from %s"),
	        m->cmd->message_id, a->peer);
	svc_respond(a, m->pcid, m->cmd, 0x0000, NULL);
}

const struct dcb_service dcb_service_verification = {
    .name = "Verification",
    .serves = serves,
    .takes = takes,
    .on_command = on_command,
};
