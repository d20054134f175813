/* wl-build.h — worklist entries and MPPS attribute lists for the tests
 * (test-worklist, test-mpps, test-mpps-scp): built in memory, written as
 * .wl files.  A failure ends the test (cmocka). */
#ifndef DCB_TEST_WL_BUILD_H
#define DCB_TEST_WL_BUILD_H

#include <stdbool.h>
#include <stdint.h>

struct dcb_dset;

#define WL_TAG(g, e) (((uint32_t)(g) << 16) | (e))
#define WL_MWL_CLASS "1.2.840.10008.5.1.4.31"
#define WL_ELE "1.2.840.10008.1.2.1"

/* Sets a string element (cmocka assert on failure). */
void wl_put(struct dcb_dset *ds, uint32_t tag, const char *vr, const char *v);

/* A complete worklist entry (every return key dcmtk's -efr check wants). */
struct dcb_dset *wl_entry(const char *patient, const char *accession, const char *station,
                          const char *modality, const char *date);

/* ds as a PS3.10 file (meta header with transfer syntax ts), or a bare data
 * set (meta false). */
void wl_write(const char *path, const struct dcb_dset *ds, const char *ts, bool meta);

/* An MPPS N-CREATE attribute list as a modality sends it, for worklist
 * entry ACC1 / SPS1 of study 1.2.3.4. */
struct dcb_dset *wl_mpps_create(const char *status);

/* An N-SET modification list to status with end date and time, and with
 * (series) or without a Performed Series Sequence item. */
struct dcb_dset *wl_mpps_set(const char *status, bool series);

#endif
