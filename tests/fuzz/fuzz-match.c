/* fuzz-match.c — libFuzzer target: attribute matching and the answer over
 * a query and a candidate data set decoded from the input.
 *
 * Input: a flags byte (bit 0 explicit VR LE, else implicit; bit 1
 * pn_ignore_case; bit 2 combine_date_time; bit 3 empty_is_unknown), two
 * bytes little endian with the query's length, the query, the candidate.
 *
 * Besides not crashing: the answer to a query from an entry that matches
 * matches the query again, and it encodes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "../../src/dset.h"
#include "../../src/match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcb_match_opts o;
	struct dcb_match_miss miss;
	struct dcb_dset *q = NULL, *c = NULL, *a = NULL;
	enum dcb_dset_syntax syn;
	char text[300];
	size_t qlen;
	uint8_t *buf;
	size_t len;
	bool matched;

	if (size < 3)
		return 0;
	syn = (data[0] & 1) ? DCB_DSET_EXPLICIT_LE : DCB_DSET_IMPLICIT_LE;
	o.pn_ignore_case = (data[0] & 2) != 0;
	o.combine_date_time = (data[0] & 4) != 0;
	o.empty_is_unknown = (data[0] & 8) != 0;
	qlen = (size_t)data[1] | (size_t)data[2] << 8;
	if (qlen > size - 3)
		return 0;
	if (dcb_dset_decode(data + 3, qlen, syn, &q, NULL) != 0 ||
	    dcb_dset_decode(data + 3 + qlen, size - 3 - qlen, syn, &c, NULL) != 0)
		goto out;
	matched = dcb_match(q, c, &o, &miss);
	if (!matched)
		dcb_match_miss_describe(&miss, text, sizeof text);
	if (dcb_match(q, c, &o, NULL) != matched)
		abort();
	if (dcb_match_answer_opts(q, c, &o, &a, NULL) == 0) {
		if (matched && !dcb_match(q, a, &o, NULL))
			abort();
		if (dcb_dset_encode_alloc(a, DCB_DSET_IMPLICIT_LE, &buf, &len, NULL) == 0)
			free(buf);
	}
out:
	dcb_dset_free(a);
	dcb_dset_free(q);
	dcb_dset_free(c);
	return 0;
}
