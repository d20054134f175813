/* conform-iod.h — required attributes of the common storage IODs (PS3.3).
 *
 * A small table per IOD, chosen by SOP Class UID: the Type 1 attributes
 * (present with a value) and a few Type 2 ones (present, maybe empty) of
 * the modules the IOD always includes.  The SOP Common and the Study /
 * Series Instance UIDs are checked for every object by the checker. */
#ifndef DCB_CONFORM_IOD_H
#define DCB_CONFORM_IOD_H

#include <stdint.h>

struct dcb_iod_attr {
	uint32_t tag;
	const char *keyword;
	unsigned type; /* 1 or 2 */
};

struct dcb_iod;

/* The IOD table of a SOP class; NULL when there is none. */
const struct dcb_iod *dcb_iod_for_sop_class(const char *sop_class_uid);

/* Name of the IOD ("CT Image"), not translated (a name from PS3.3). */
const char *dcb_iod_name(const struct dcb_iod *iod);

/* The i-th required attribute of the IOD; NULL past the end. */
const struct dcb_iod_attr *dcb_iod_attr(const struct dcb_iod *iod, unsigned i);

#endif
