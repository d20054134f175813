/* fuzz-dset.c — libFuzzer target: the in-memory data set decoder, then
 * the encoder and the lookups over what it built.
 *
 * Input: one byte whose bit 0 selects explicit VR LE (1) or implicit VR LE
 * (0), then the data set. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/dcb-limits.h"
#include "../../src/dset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every lookup over every element, items included. */
static void
walk(const struct dcb_dset *ds)
{
	char text[80];
	uint16_t u16;
	uint32_t u32;

	for (size_t i = 0; i < dcb_dset_count(ds); i++) {
		const struct dcb_dset_elem *e = dcb_dset_nth(ds, i);

		if (dcb_dset_get(ds, e->tag) != e)
			abort();
		(void)dcb_dset_get_str(ds, e->tag, text, sizeof text);
		(void)dcb_dset_get_u16(ds, e->tag, &u16);
		(void)dcb_dset_get_u32(ds, e->tag, &u32);
		for (uint32_t k = 0; k < e->n_items; k++)
			walk(dcb_dset_item(ds, e->tag, k));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum dcb_dset_syntax syn;
	struct dcb_dset *ds, *again;
	uint8_t *a, *b;
	size_t na, nb;

	if (size < 1)
		return 0;
	syn = (data[0] & 1) ? DCB_DSET_EXPLICIT_LE : DCB_DSET_IMPLICIT_LE;
	if (dcb_dset_decode(data + 1, size - 1, syn, &ds, NULL) != 0)
		return 0;
	walk(ds);
	/* Encoded once, the data set is in normal form: it decodes without
	 * notes, and encoding it again gives the same bytes.  (Explicit VR may refuse a value too
	 * long for its 16-bit length.) */
	if (dcb_dset_encode_alloc(ds, syn, &a, &na, NULL) == 0) {
		if (na <= DCB_DSET_MAX_BYTES) {
			if (dcb_dset_decode(a, na, syn, &again, NULL) != 0 ||
			    dcb_dset_notes(again) != 0)
				abort();
			if (dcb_dset_encode_alloc(again, syn, &b, &nb, NULL) != 0)
				abort();
			if (nb != na || memcmp(a, b, na) != 0)
				abort();
			free(b);
			dcb_dset_free(again);
		}
		free(a);
	} else if (syn == DCB_DSET_IMPLICIT_LE) {
		abort(); /* implicit VR has 32-bit lengths for all */
	}
	(void)dcb_dset_encoded_size(ds, DCB_DSET_EXPLICIT_LE, NULL);
	dcb_dset_free(ds);
	return 0;
}
