/* scp-store.h — engine-internal: the Storage SCP's state of one
 * association (scp-store.c), which its fault points (scp-scenario.c) share. */
#ifndef DCB_SCP_STORE_H
#define DCB_SCP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dimse.h"
#include "store-file.h"

/* The C-STORE being received. */
struct scp_op {
	bool active;
	bool discard;    /* refused: read the data set, write nothing */
	uint16_t status; /* what the response will say */
	char comment[DCB_DIMSE_COMMENT_SIZE];
	struct dcb_dimse_cmd rq;
	char ts[DCB_UID_SIZE];
	struct dcb_store_file *file;
	uint64_t bytes;
	uint8_t head[1024]; /* the data set's first bytes, for the UID check */
	size_t head_len;
};

#endif
