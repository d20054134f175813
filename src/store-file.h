/* store-file.h — how the Storage SCP puts a received object on disk.
 *
 * Names follow dcmtk's storescp: "<prefix>.<SOPInstanceUID><ext>" where the
 * prefix comes from the SOP class ("CT", "MR", ...; dcb_uid_file_prefix),
 * or with unique names "<prefix>.X.<fresh UID><ext>".  Every part taken
 * from the peer is checked first (dcb_store_uid_safe): a value that could
 * leave the output folder is never used.
 *
 * Bytes stream into a temporary file in the output folder ("." prefix,
 * ".part" suffix) and the file gets its final name only when the object
 * is complete (rename), so nothing is ever half-written under its final
 * name.  An existing file of that name is overwritten, as dcmtk does (it
 * warns "DICOM file already exists, overwriting"): the result says so. */
#ifndef DCB_STORE_FILE_H
#define DCB_STORE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store-normal.h"

enum dcb_naming {
	DCB_NAMING_DEFAULT, /* -uf: prefix.SOPInstanceUID */
	DCB_NAMING_UNIQUE,  /* +uf: prefix.X.<fresh UID> */
};

struct dcb_store_policy {
	const char *out_dir; /* "." when NULL */
	enum dcb_naming naming;
	const char *extension; /* -fe: appended to names, "" when NULL */
	bool bit_preserving;   /* +B: data set bytes verbatim; else normal
	                          storage (store-normal.h) */
};

/* What became of a committed object. */
struct dcb_store_result {
	char path[4096]; /* its final path */
	bool overwrote;  /* a file of that name was replaced */
	uint64_t bytes;  /* the file's size */
	/* Normal storage only: */
	struct dcb_normal_stats changed; /* what the re-encoding changed */
	bool as_received; /* the re-encoding failed (why says why: a data set
	                     it cannot read, no room for the second copy): it
	                     is stored as received */
	char why[512];
};

/* True when s is safe in a file name: 1..64 characters, digits and dots
 * only, no leading or trailing dot, no empty component.  (Stricter checks
 * such as leading zeros are findings elsewhere, not a danger.) */
bool dcb_store_uid_safe(const char *s);

struct dcb_store_file;

/* Starts an object: checks the UIDs, picks the final name, creates the
 * temporary file and writes the meta header (from sop_class, sop_instance,
 * ts_uid, source_ae: the negotiated values).  Returns 0 and *out, or
 * DCB_ERR_MALFORMED (an unsafe UID: err says which and why) or DCB_ERR_IO
 * (cannot create the file) or DCB_ERR_NOMEM. */
int dcb_store_begin(const struct dcb_store_policy *p, const char *sop_class,
                    const char *sop_instance, const char *ts_uid, const char *source_ae,
                    struct dcb_store_file **out, struct dcb_error *err);

/* Appends data set bytes.  Returns 0 or DCB_ERR_IO (disk full, ...). */
int dcb_store_write(struct dcb_store_file *f, const void *data, size_t n, struct dcb_error *err);

/* Appends data set bytes that stay valid (unchanged, not freed) until the
 * next dcb_store_sync(), write, commit or abort: long slices are written
 * straight from there with one writev() for many of them, no copy.
 * Returns 0 or DCB_ERR_IO. */
int dcb_store_write_borrowed(struct dcb_store_file *f, const void *data, size_t n,
                             struct dcb_error *err);

/* Writes everything pending (borrowed slices included).  NULL is ok.
 * Returns 0 or DCB_ERR_IO. */
int dcb_store_sync(struct dcb_store_file *f, struct dcb_error *err);

/* Finishes: flushes, re-encodes for normal storage (unless +B), renames to
 * the final name and frees f.  res (may be NULL) says what became of it.
 * On error the temporary file is removed.  Returns 0 or DCB_ERR_IO. */
int dcb_store_commit(struct dcb_store_file *f, struct dcb_store_result *res,
                     struct dcb_error *err);

/* Drops an object: removes the temporary file and frees f.  NULL is ok. */
void dcb_store_abort(struct dcb_store_file *f);

/* The final name the object will get (valid until commit/abort). */
const char *dcb_store_path(const struct dcb_store_file *f);

/* A fresh UID under the 2.25 root (PS3.5 B.2) from the system's random
 * source, into buf (>= 65 bytes).  Returns 0 or DCB_ERR_IO. */
int dcb_store_new_uid(char *buf, size_t size, struct dcb_error *err);

#endif
