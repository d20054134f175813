/* worklist.h — the worklist folder: `.wl` files (PS3.10 files, made with
 * dcmtk's dump2dcm or by the dashboard) indexed in memory for the
 * Modality Worklist SCP (mwl-scp.c).
 *
 * Two layouts people already have:
 *   DCB_WL_PER_AE  dcmtk's wlmscpfs (-dfp ROOT): one subfolder per called
 *                  AE title, ROOT/<AE>/NAME.wl, with a file named "lockfile"
 *                  in each (wlmscpfs fails a query without it; we say so
 *                  once and serve anyway);
 *   DCB_WL_FLAT    Orthanc's worklist plugin: ROOT/NAME.wl, one list for
 *                  every called AE title.
 * Sub-folders and files whose names start with "." are never entries (the
 * MPPS SCP keeps its records under ROOT/.dicombench/).
 *
 * The index is built by the first dcb_worklist_refresh() and brought up to
 * date by every later one: a folder is listed again only when its mtime
 * changed, a file read again only when its mtime, size or inode changed
 * (dump2dcm rewrites a file in place without touching the folder), so a
 * query costs one stat per file, never a re-read.
 *
 * A file that cannot be read (not DICOM, truncated, a transfer syntax the
 * in-memory data sets do not hold, too large) is a finding naming the file
 * and what is wrong (DCB810); it is not served, the rest are.  An entry
 * without the return keys PS3.4 K.6.1.2.2 makes Type 1 (dcmtk's -efr
 * check) is a finding too (DCB811), served unless the worklist refuses
 * incomplete entries.  Each finding is said once, when the file is read.
 *
 * Not thread-safe: one thread (the engine's) uses a worklist. */
#ifndef DCB_WORKLIST_H
#define DCB_WORKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "finding.h"

struct dcb_dset;
struct dcb_worklist;

enum dcb_wl_layout {
	DCB_WL_PER_AE, /* dcmtk wlmscpfs: ROOT/<called AE>/NAME.wl */
	DCB_WL_FLAT,   /* Orthanc: ROOT/NAME.wl */
};

/* One .wl file.  Owned by the worklist; valid until the next refresh. */
struct dcb_wl_entry {
	const char *ae;           /* its AE folder; "" in the flat layout */
	const char *name;         /* file name, "0001.wl" */
	const char *path;         /* ROOT/AE/name */
	const struct dcb_dset *ds; /* the data set; NULL when the file is unreadable */
	bool incomplete;          /* lacks a Type 1 return key (DCB811) */
	bool served;              /* readable, and complete unless incomplete ones are
	                           * served: what queries see */
};

/* A worklist over root (copied), not read yet.  NULL with err
 * (DCB_ERR_NOMEM). */
struct dcb_worklist *dcb_worklist_new(const char *root, enum dcb_wl_layout layout,
                                      struct dcb_error *err);

/* Frees wl and every entry.  NULL is fine. */
void dcb_worklist_free(struct dcb_worklist *wl);

/* Incomplete entries (DCB811) are not served (wlmscpfs -efr, its
 * default); false serves them (-dfr).  Takes effect at the next refresh. */
void dcb_worklist_reject_incomplete(struct dcb_worklist *wl, bool reject);

/* Files whose folder did not change are looked at (stat) again at most
 * every ms milliseconds: a query in a burst then costs no system call per
 * entry, and a file rewritten in place is still seen within ms.  0 (the
 * default): at every refresh. */
void dcb_worklist_set_sweep(struct dcb_worklist *wl, unsigned ms);

enum dcb_wl_layout dcb_worklist_layout(const struct dcb_worklist *wl);
const char *dcb_worklist_root(const struct dcb_worklist *wl);

/* Brings the index up to date (see above).  fn (may be NULL) hears the
 * findings of the files read in this call, where = the file's path.
 * Returns the number of files read (again) and dropped, or
 * DCB_ERR_IO when root cannot be listed (err says why), DCB_ERR_NOMEM
 * (the index stays as it was). */
int dcb_worklist_refresh(struct dcb_worklist *wl, dcb_finding_fn fn, void *user,
                         struct dcb_error *err);

/* True when the layout has an AE folder for ae (always true when flat). */
bool dcb_worklist_has_ae(const struct dcb_worklist *wl, const char *ae);

/* The entries queries to called AE title ae see (every file of ROOT when
 * flat; ROOT/<ae>/ else), readable or not: count, and the i-th (NULL past
 * the end), in file name order. */
size_t dcb_worklist_count(const struct dcb_worklist *wl, const char *ae);
const struct dcb_wl_entry *dcb_worklist_nth(const struct dcb_worklist *wl, const char *ae,
                                            size_t i);

/* Every entry of every AE folder (AE folders in name order): the i-th,
 * NULL past the end. */
const struct dcb_wl_entry *dcb_worklist_nth_any(const struct dcb_worklist *wl, size_t i);

/* Reads one .wl file: a PS3.10 file (or a bare data set, as dump2dcm -F
 * writes) in implicit or explicit VR little endian.  Returns 0 and *out
 * (the caller frees it), or (err says what is wrong, err->offset where)
 * DCB_ERR_IO, DCB_ERR_MALFORMED, DCB_ERR_TRUNCATED, DCB_ERR_UNSUPPORTED
 * (big endian, deflated, an empty data set), DCB_ERR_LIMIT, DCB_ERR_NOMEM. */
int dcb_worklist_read_file(const char *path, struct dcb_dset **out, struct dcb_error *err);

/* The same over bytes in memory (the fuzz target's entry). */
int dcb_worklist_read_bytes(const uint8_t *p, size_t n, struct dcb_dset **out,
                            struct dcb_error *err);

/* The first Type 1 return key of PS3.4 K.6.1.2.2 that ds lacks or has
 * empty, as dcmtk's -efr check reads them, in words ("(0040,0100) >
 * (0040,0001) Scheduled Station AE Title missing or empty") into
 * why[size]; false when the entry is complete. */
bool dcb_worklist_incomplete(const struct dcb_dset *ds, char *why, size_t size);

#endif
