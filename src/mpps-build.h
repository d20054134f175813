/* mpps-build.h — the data sets an MPPS SCU sends (PS3.4 F.7.2): the
 * N-CREATE's attributes taken from a worklist item. */
#ifndef DCB_MPPS_BUILD_H
#define DCB_MPPS_BUILD_H

#include "error.h"

struct dcb_dset;

/* What the worklist item does not say: the performed step's own values. */
struct dcb_mpps_start {
	const char *pps_id;      /* Performed Procedure Step ID */
	const char *station_ae;  /* Performed Station AE Title (our calling AE) */
	const char *date;        /* start date YYYYMMDD */
	const char *time;        /* start time HHMMSS */
};

/* A new data set (the caller frees it) for the N-CREATE of a step IN
 * PROGRESS from worklist item wl (its first Scheduled Procedure Step
 * Sequence item gives the modality, the step's ID and description), every
 * Type 1 and 2 attribute of Table F.7.2-1 present.  NULL with *err filled:
 * DCB_ERR_MALFORMED (wl without a Scheduled Procedure Step Sequence item or
 * a Study Instance UID), DCB_ERR_USAGE (an empty start value), or the
 * data set's errors. */
struct dcb_dset *dcb_mpps_build_create(const struct dcb_dset *wl, const struct dcb_mpps_start *s,
                                       struct dcb_error *err);



/* A new data set for the N-SET that ends a step: status "COMPLETED" or
 * "DISCONTINUED", end date and time, and one Performed Series Sequence item
 * copied from series (Series Instance UID and Protocol Name required, the
 * item's Type 2 attributes added empty when absent).  NULL with *err
 * filled: DCB_ERR_USAGE naming what is missing or wrong, or the data set's
 * errors. */
struct dcb_dset *dcb_mpps_build_final(const char *status, const char *date, const char *time,
                                      const struct dcb_dset *series, struct dcb_error *err);
#endif
