/* scp-scenario.h — engine-internal: the Storage SCP's fault points
 * (scenario.h).  Each returns true when it has taken over the operation
 * (aborted, dropped): the caller then stops handling the message. */
#ifndef DCB_SCP_SCENARIO_H
#define DCB_SCP_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct assoc;
struct scp_op;

/* The C-STORE-RQ command arrived: --sleep-during, --abort-before. */
bool scn_store_begin(struct assoc *a, struct scp_op *op);
/* Data set bytes arrived: --sleep-during, --abort-during. */
bool scn_store_data(struct assoc *a, struct scp_op *op);
/* The data set is complete, nothing is stored yet: --abort-after (the
 * object is dropped, as dcmtk's storescp drops it). */
bool scn_store_complete(struct assoc *a, struct scp_op *op);
/* The object is stored, the response is next: --abort-after-store,
 * --drop-mid-pdu, --status (replaces a success status and comment). */
bool scn_store_end(struct assoc *a, struct scp_op *op, uint16_t *status, char *comment, size_t comment_size);
/* The response went out: --sleep-after. */
void scn_after_response(struct assoc *a);

#endif
