/* find-scp.h — engine-internal: answering a C-FIND, for every service that
 * offers one (Query/Retrieve, Modality Worklist).
 *
 * The service decodes the identifier and starts a find_op with a
 * generator of answers; the op sends one pending response per answer as
 * the association's output queue empties (a long answer never fills
 * memory with queued responses), honours a C-CANCEL-RQ (final 0xFE00) and
 * ends with Success, or with the failure the generator gives. */
#ifndef DCB_FIND_SCP_H
#define DCB_FIND_SCP_H

#include <stdbool.h>
#include <stdint.h>

struct assoc;
struct svc_msg;
struct dcb_dset;
struct find_op;

/* The next answer: returns 1 with *answer (the op frees it) and *status
 * (0xFF00, or 0xFF01 when the answer lacks optional keys the SCP does not
 * support), 0 when there are no more, FIND_WAIT when there is nothing to
 * send yet (the generator paused the association, e.g. a --sleep option:
 * the op asks again at a later pump), or a negative value with *status
 * set to the failure to answer (0xA700 out of resources, 0xC000 unable to
 * process, ...). */
typedef int (*find_next_fn)(void *user, struct dcb_dset **answer, uint16_t *status);
#define FIND_WAIT 2

/* Starts answering the C-FIND-RQ of m (copied) with what next gives;
 * free_user(user) is called when the op ends (may be NULL).  Sends what
 * fits at once.  NULL when out of memory (the request was then answered
 * 0xA700 and user freed). */
struct find_op *find_op_start(struct assoc *a, const struct svc_msg *m, find_next_fn next,
                              void *user, void (*free_user)(void *));

/* Sends more while the output queue is empty.  false when the op has
 * ended (its final response queued) and was freed. */
bool find_op_pump(struct assoc *a, struct find_op *op);

/* A C-CANCEL-RQ for message_id: the op ends with 0xFE00 at its next pump
 * when it answers that message. */
void find_op_cancel(struct find_op *op, uint16_t message_id);

/* The message ID the op answers. */
uint16_t find_op_message_id(const struct find_op *op);

/* Frees an op that has not ended (the association closed). NULL is fine. */
void find_op_free(struct find_op *op);

#endif
