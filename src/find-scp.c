/* find-scp.c — answering a C-FIND: pending responses as the output queue
 * empties, C-CANCEL, the final status (find-scp.h). */
#include "config.h"

#include <stdlib.h>

#include "dset.h"
#include "engine-int.h"
#include "find-scp.h"
#include "i18n.h"
#include "service.h"

/* Responses queued in one turn, at most: enough to fill the socket's
 * buffer, few enough that a long answer never piles up in memory. */
#define FIND_QUEUE_BYTES (64 * 1024)

struct find_op {
	struct dcb_dimse_cmd rq;
	struct svc_msg msg; /* msg.cmd points at rq */
	find_next_fn next;
	void *user;
	void (*free_user)(void *);
	bool cancelled;
	unsigned answers;
};

void
find_op_free(struct find_op *op)
{
	if (op == NULL)
		return;
	if (op->free_user != NULL)
		op->free_user(op->user);
	free(op);
}

uint16_t
find_op_message_id(const struct find_op *op)
{
	return op->rq.message_id;
}

void
find_op_cancel(struct find_op *op, uint16_t message_id)
{
	if (op != NULL && op->rq.message_id == message_id)
		op->cancelled = true;
}

/* Queues the final response and frees op. */
static void
finish(struct assoc *a, struct find_op *op, uint16_t status)
{
	const char *what = status == 0x0000 ? _("done") : dcb_dimse_status_name(status);

	eng_log(a->e, a->id, DCB_LOG_INFO, N_("C-FIND (message ID %u): %u answers, %s (0x%04x)"),
	        op->rq.message_id, op->answers, what, status);
	svc_respond(a, op->msg.pcid, &op->rq, status, NULL);
	find_op_free(op);
}

bool
find_op_pump(struct assoc *a, struct find_op *op)
{
	while (!a->dead && a->q_len - a->q_off < FIND_QUEUE_BYTES) {
		struct dcb_dset *answer = NULL;
		struct dcb_dimse_cmd rsp;
		uint16_t status = 0xFF00;
		int rc;

		if (op->cancelled) {
			finish(a, op, 0xFE00);
			return false;
		}
		rc = op->next(op->user, &answer, &status);
		if (rc == FIND_WAIT)
			return true;
		if (rc <= 0) {
			finish(a, op, rc == 0 ? 0x0000 : status);
			return false;
		}
		op->answers++;
		if (dcb_dimse_rsp_for(&rsp, &op->rq, status) < 0 ||
		    svc_send(a, &op->msg, &rsp, answer) < 0) {
			dcb_dset_free(answer);
			find_op_free(op);
			return false;
		}
		dcb_dset_free(answer);
	}
	if (a->dead) {
		find_op_free(op);
		return false;
	}
	return true;
}

struct find_op *
find_op_start(struct assoc *a, const struct svc_msg *m, find_next_fn next, void *user,
              void (*free_user)(void *))
{
	struct find_op *op = calloc(1, sizeof *op);

	if (op == NULL) {
		if (free_user != NULL)
			free_user(user);
		svc_respond(a, m->pcid, m->cmd, 0xA700, _("out of memory"));
		return NULL;
	}
	op->rq = *m->cmd;
	op->msg = *m;
	op->msg.cmd = &op->rq;
	op->next = next;
	op->user = user;
	op->free_user = free_user;
	return find_op_pump(a, op) ? op : NULL;
}
