/* fuzz-commit.c — libFuzzer target: the storage commitment decoders
 * (commit.h) over whatever data set the bytes decode to.
 *
 * Input: one byte (bit 0: explicit VR LE; bits 1-2: the report's event
 * type), then the data set. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "../../src/commit.h"
#include "../../src/dset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcb_dset *ds = NULL;
	struct dcb_commit c;
	uint16_t status;

	if (size < 1)
		return 0;
	if (dcb_dset_decode(data + 1, size - 1,
	                    (data[0] & 1) ? DCB_DSET_EXPLICIT_LE : DCB_DSET_IMPLICIT_LE, &ds,
	                    NULL) < 0)
		return 0;
	if (dcb_commit_decode_action(ds, &c, &status, NULL) == 0) {
		struct dcb_dset *rep = NULL;
		uint16_t event_type;
		if (dcb_commit_build_report(&c, &event_type, &rep, NULL) == 0) {
			struct dcb_commit back;
			if (dcb_commit_decode_report(rep, event_type, &back, NULL) != 0)
				abort(); /* what we build, we read */
			dcb_commit_clear(&back);
		}
		dcb_dset_free(rep);
	}
	dcb_commit_clear(&c);
	if (dcb_commit_decode_report(ds, (uint16_t)((data[0] >> 1) & 3), &c, NULL) == 0 &&
	    c.n == 0)
		abort(); /* a report names at least one object */
	dcb_commit_clear(&c);
	dcb_dset_free(ds);
	return 0;
}
