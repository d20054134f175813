/* store-send.h — engine-internal: one C-STORE-RQ streamed from a file on
 * an association, its data set read straight from the file into gathered
 * writes of whole P-DATA-TFs at the peer's maximum.  The storage SCU uses
 * it for the files it sends; the Query/Retrieve SCP for C-GET
 * sub-operations on the association that asked. */
#ifndef DCB_STORE_SEND_H
#define DCB_STORE_SEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dimse.h"

struct assoc;

struct store_send {
	int fd; /* -1 when no message is under way */
	const char *path; /* borrowed */
	int64_t dataset_offset;
	uint64_t data_len; /* what is sent: file_len, or one more for padding */
	uint64_t file_len; /* the data set's bytes in the file */
	struct dcb_fragmenter frag;
	uint8_t cmd[1024];
};

/* An idle sender. */
void store_send_init(struct store_send *s);

/* Opens path and prepares the message c (a C-STORE-RQ, copied) on context
 * pcid, its data set the file's bytes from dataset_offset on in transfer
 * syntax ts; pack: the command and the first data fragment share a
 * P-DATA-TF.  0, or a negative enum dcb_err with a sentence in why. */
int store_send_start(struct assoc *a, struct store_send *s, uint8_t pcid,
                     const struct dcb_dimse_cmd *c, const char *path, int64_t dataset_offset,
                     const char *ts, bool pack, char *why, size_t why_size);

/* Queues the next P-DATA-TFs of the message (up to max_pdus, their data
 * set bytes read with one pread).  Returns 1 (*first, *used: the data set
 * bytes queued), 0 when the message is complete (the file is closed), or
 * a negative value after the association was aborted (a read failed). */
int store_send_batch(struct assoc *a, struct store_send *s, int max_pdus, uint64_t *first,
                     size_t *used);

/* Closes the file of a message under way.  An idle sender is fine. */
void store_send_stop(struct store_send *s);

#endif
