/* scp-scenario.c — the Storage SCP's injected faults (scenario.h): what
 * scp-store.c calls at each point of a C-STORE.  Each fault is logged as a
 * warning naming the scenario so nobody mistakes it for a real failure. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "engine-int.h"
#include "i18n.h"
#include "scenario.h"
#include "scp-scenario.h"
#include "scp-store.h"

static const struct dcb_scenario *
sc(const struct assoc *a)
{
	return a->e->cfg.scenario;
}

static void
abort_for(struct assoc *a, struct scp_op *op, const char *what)
{
	char why[128];

	snprintf(why, sizeof why, _("scenario %s"), what);
	op->active = false;
	dcb_store_abort(op->file);
	op->file = NULL;
	assoc_abort(a, why);
}

bool
scn_store_begin(struct assoc *a, struct scp_op *op)
{
	const struct dcb_scenario *s = sc(a);

	if (s == NULL)
		return false;
	if (s->abort_before) {
		abort_for(a, op, "--abort-before");
		return true;
	}
	return a->dead;
}

bool
scn_store_data(struct assoc *a, struct scp_op *op)
{
	const struct dcb_scenario *s = sc(a);

	if (s == NULL)
		return false;
	/* Once per object, when its data starts (dcmtk sleeps at every
	 * progress step, which makes the delay depend on the PDU count). */
	if (op->bytes == 0)
		assoc_pause(a, s->sleep_during_s * 1000u, "--sleep-during");
	if (s->abort_during) {
		abort_for(a, op, "--abort-during");
		return true;
	}
	return false;
}

/* Half a P-DATA-TF: the header announces 100 bytes, 10 follow, then the
 * connection is closed without A-ABORT. */
static void
drop_mid_pdu(struct assoc *a, struct scp_op *op)
{
	static const uint8_t half[16] = {0x04, 0x00, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00,
	                                 0x00, 0x60, 0x01, 0x03, 0x08, 0x00, 0x00, 0x00};
	struct iovec iov = {.iov_base = (void *)half, .iov_len = sizeof half};
	struct dcb_error err = {0};

	eng_log(a->e, a->id, DCB_LOG_WARN,
	        N_("scenario --drop-mid-pdu: sending %zu bytes of a 106-byte P-DATA-TF to %s, "
	           "then closing the connection"),
	        sizeof half, a->peer);
	(void)assoc_flush(a);
	(void)dcb_transport_writev(a->t, &iov, 1, &err);
	op->active = false;
	a->broken = true;
	assoc_set_reason(a, _("scenario --drop-mid-pdu: connection closed in the middle of a PDU"));
	assoc_close(a);
}

bool
scn_store_complete(struct assoc *a, struct scp_op *op)
{
	const struct dcb_scenario *s = sc(a);

	if (s == NULL || !s->abort_after)
		return false;
	abort_for(a, op, "--abort-after");
	return true;
}

bool
scn_store_end(struct assoc *a, struct scp_op *op, uint16_t *status, char *comment, size_t comment_size)
{
	const struct dcb_scenario *s = sc(a);

	if (s == NULL)
		return false;
	if (s->abort_after_store) {
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("scenario --abort-after-store: the object is stored, but %s is never "
		           "told so; a retry will make a duplicate"),
		        a->peer);
		abort_for(a, op, "--abort-after-store");
		return true;
	}
	if (s->drop_mid_pdu) {
		drop_mid_pdu(a, op);
		return true;
	}
	if (s->status_set && *status == 0x0000) {
		*status = s->status;
		snprintf(comment, comment_size, "dicombench scenario --status 0x%04X", s->status);
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("scenario --status: answering C-STORE with 0x%04X (%s) instead of "
		           "success"),
		        s->status, dcb_dimse_status_name(s->status));
	}
	return false;
}

void
scn_after_response(struct assoc *a)
{
	const struct dcb_scenario *s = sc(a);

	if (s == NULL || s->sleep_after_s == 0 || a->dead)
		return;
	assoc_pause(a, s->sleep_after_s * 1000u, "--sleep-after");
}
