/* worklist-store.h — the worklist folder's files beyond the index of
 * worklist.h: a .wl entry written (atomically, as a file dcmtk's wlmscpfs
 * serves too), the MPPS steps the MPPS SCP wrote under
 * ROOT/.dicombench/mpps read back, and the entry a step performs.
 *
 * Used by `dicombench wlmscpfs` (steps taken back at start), the MPPS SCP
 * (a step's entry) and the dashboard (its worklist view and sample
 * entries).  Not thread-safe: each caller uses its own worklist. */
#ifndef DCB_WORKLIST_STORE_H
#define DCB_WORKLIST_STORE_H

#include <stddef.h>

#include "error.h"

struct dcb_dset;
struct dcb_mpps_list;
struct dcb_worklist;
struct dcb_wl_entry;

/* dcmtk's worklist SOP class, the Media Storage SOP Class of a .wl file. */
#define DCB_UID_WL_FILE "1.2.276.0.7230010.3.1.0.1"

/* Writes ds as a PS3.10 file at path (explicit VR little endian, meta
 * header with a new SOP Instance UID), through a temporary file beside it
 * (".NAME.part") renamed over path: a reader sees the old file or the new
 * one, never half of one.  Returns 0, DCB_ERR_IO (err names the file and
 * why), DCB_ERR_NOMEM. */
int dcb_worklist_write_file(const char *path, const struct dcb_dset *ds, struct dcb_error *err);

/* A new UID "2.25.<16 random bytes as a number>" into out[65]. */
void dcb_worklist_new_uid(char *out);

/* The folder the MPPS SCP keeps the steps of root in, into out[size]. */
void dcb_mpps_dir(const char *root, char *out, size_t size);

/* Called for a step file that could not be taken back: its path and why
 * (translated). */
typedef void (*dcb_mpps_load_fail_fn)(const char *path, const char *why, void *user);

/* Takes back into l every step written under root (ROOT/.dicombench/mpps/
 * UID.dcm, in file name order) with dcb_mpps_restore().  fail (may be
 * NULL) hears each file that could not be.  Returns the number taken
 * back (0 when the folder does not exist). */
int dcb_mpps_load_dir(struct dcb_mpps_list *l, const char *root, dcb_mpps_load_fail_fn fail,
                      void *user);

/* The worklist entry a step performs: the first entry of any AE folder
 * with the same Study Instance UID, and the same Accession Number and
 * Scheduled Procedure Step ID (first item) where the step gives them
 * (empty strings: not given).  NULL when none, or study_uid is empty. */
const struct dcb_wl_entry *dcb_worklist_step_entry(const struct dcb_worklist *wl,
                                                   const char *study_uid, const char *accession,
                                                   const char *sps_id);

#endif
