/* fuzz-worklist.c — libFuzzer target: one .wl file (meta header through
 * the Part 10 reader, then the data set), then the completeness check over
 * what was read. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "../../src/dset.h"
#include "../../src/worklist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcb_dset *ds;
	char why[256];

	if (dcb_worklist_read_bytes(data, size, &ds, NULL) != 0) {
		if (ds != NULL)
			abort();
		return 0;
	}
	(void)dcb_worklist_incomplete(ds, why, sizeof why);
	dcb_dset_free(ds);
	return 0;
}
