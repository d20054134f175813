/* mpps-build.h — the data sets an MPPS SCU sends (PS3.4 F.7.2): the
 * N-CREATE's attributes taken from a worklist item. */
#ifndef DCB_MPPS_BUILD_H
#define DCB_MPPS_BUILD_H

#include "error.h"

struct dcb_dset;

/* What the worklist item does not say: the performed step's own values. */
struct dcb_mpps_start {
	const char *pps_id;      /* Performed Procedure Step ID; NULL: "PPS" and the
	                          * start's date and time (YYMMDDHHMMSS) */
	const char *station_ae;  /* Performed Station AE Title (our calling AE) */
	const char *date;        /* start date YYYYMMDD */
	const char *time;        /* start time HHMMSS */
};

/* The local date and time now as DA and TM values (a step's start and
 * end). */
void dcb_mpps_now(char date[9], char time[7]);

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

/* One image a step produced: what its Performed Series Sequence item and
 * Referenced Image Sequence item take from it. */
struct dcb_mpps_image {
	char charset[65];            /* Specific Character Set, "" if none */
	char series_uid[65];
	char protocol[65];           /* Protocol Name, "" if the image has none */
	char series_description[65];
	char performing[65];         /* Performing Physician's Name */
	char operators[65];          /* Operators' Name (the first) */
	char sop_class[65];
	char sop_instance[65];
};

/* Reads those attributes from the Part 10 file at path (its header only,
 * up to the Series Instance UID).  Returns 0, DCB_ERR_MALFORMED naming the
 * file when it lacks a Series Instance UID, SOP Class or SOP Instance UID,
 * or the reader's errors (in *err, which must not be NULL). */
int dcb_mpps_image_read(const char *path, struct dcb_mpps_image *img, struct dcb_error *err);

/* The Performed Series Sequence item's own values for img's series, in a
 * new data set for dcb_mpps_build_final(); protocol stands in for an
 * image without a Protocol Name (NULL: its Series Description).  NULL with
 * *err filled (DCB_ERR_NOMEM). */
struct dcb_dset *dcb_mpps_image_series(const struct dcb_mpps_image *img, const char *protocol,
                                       struct dcb_error *err);

/* Adds a reference to img to the Referenced Image Sequence of its series'
 * item in the Performed Series Sequence of nset (an N-SET data set from
 * dcb_mpps_build_final()), adding the item (with protocol as above) when
 * the series has none yet, and its Specific Character Set when nset has
 * none yet.  Returns 0 or the data set's errors (err must
 * not be NULL). */
int dcb_mpps_add_image(struct dcb_dset *nset, const struct dcb_mpps_image *img,
                       const char *protocol, struct dcb_error *err);

/* dcb_mpps_build_final() for the images at paths[0..n) (n > 0): a Performed
 * Series Sequence item for each of their series, each with its images.
 * NULL with *err filled (err must not be NULL): DCB_ERR_USAGE for n == 0,
 * the errors of the functions above naming the file. */
struct dcb_dset *dcb_mpps_build_final_from(const char *status, const char *date,
                                           const char *time, const char *const *paths,
                                           size_t n, const char *protocol,
                                           struct dcb_error *err);
#endif
