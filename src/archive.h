/* archive.h — the Storage SCP's archive index: what a folder of stored
 * objects holds, by Patient / Study / Series / Instance (the levels of
 * PS3.4 C.6.1 and C.6.2), kept in SQLite at folder/.dicombench/index.sqlite.
 *
 * The files are the truth; the index is derived from them.  It is updated
 * as each object gets its final name (dcb_archive_add_file() right after
 * the rename) and reconciled with the folder on every open, so a crash
 * between the two, a file copied in or deleted by hand, costs nothing but
 * the reconcile.  An index that cannot be trusted (corrupt, another
 * program's database, another schema) is renamed aside, never deleted, and
 * rebuilt from the files.
 *
 * Each level's keys (archive-keys.c lists them) are kept as one small data
 * set in explicit VR little endian beside the columns the queries use
 * (unique keys, Patient ID, Modality, SOP Class UID, path), with the
 * Specific Character Set of the file they came from: values are never
 * converted here.  When files of one entity disagree (a patient's name
 * corrected in a later study), the last file indexed wins.
 *
 * Not thread-safe: one thread at a time uses an archive.  Another process
 * may open the same folder (SQLite's WAL lets readers and one writer
 * share it). */
#ifndef DCB_ARCHIVE_H
#define DCB_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct dcb_archive;
struct dcb_dset;

enum dcb_qr_level { DCB_QR_PATIENT, DCB_QR_STUDY, DCB_QR_SERIES, DCB_QR_IMAGE };

/* Where the index lives, inside the folder. */
#define DCB_ARCHIVE_DIR ".dicombench"
#define DCB_ARCHIVE_FILE "index.sqlite"

/* Progress of a reconcile: done of total files looked at (total 0 while
 * counting); what is the file (relative to the folder) or the folder being
 * looked at.  Called every few dozen files and once at the end (done ==
 * total). */
typedef void (*dcb_archive_progress_fn)(void *user, size_t done, size_t total, const char *what);

/* What the last reconcile found. */
struct dcb_archive_reconcile {
	size_t files;     /* regular files looked at (the index's own and the
	                     SCP's temporary files are not counted) */
	size_t unchanged; /* indexed, same size and modification time */
	size_t added;     /* new to the index */
	size_t reread;    /* indexed, but changed since: read again */
	size_t dropped;   /* in the index, gone from the folder (or no longer DICOM) */
	size_t skipped;   /* not DICOM, or DICOM without the UIDs an index needs */
	char first_skipped[256]; /* the first of those, relative to the folder */
	char why_skipped[256];   /* and why */
};

/* Opens (creating) the index of folder: folder/.dicombench/index.sqlite
 * (nothing outside folder is written: SQLite's temporary data stays in
 * memory), then reconciles it with the files in folder (recursively,
 * skipping .dicombench, the SCP's temporary files and symbolic links): new
 * files indexed, vanished ones dropped, changed ones (size/mtime) re-read.
 * A corrupt or foreign index is renamed aside
 * (index.sqlite.bad-YYYYmmdd-HHMMSS, its -wal beside it) and rebuilt;
 * *note (may be NULL; "" when nothing was moved) gets a translated sentence
 * saying so.  Files that are not DICOM are skipped and counted
 * (dcb_archive_last_reconcile()).  progress may be NULL.
 * Returns 0 and *out (the caller frees it with dcb_archive_close()), or
 *   DCB_ERR_USAGE  folder is not a folder;
 *   DCB_ERR_IO     the index cannot be created or written (err says where
 *                  and what SQLite said);
 *   DCB_ERR_NOMEM. */
int dcb_archive_open(const char *folder, dcb_archive_progress_fn progress, void *user,
                     struct dcb_archive **out, char *note, size_t note_size,
                     struct dcb_error *err);

/* Changes are committed in groups (at most 64 changes or 200 ms, and on
 * close): until then this archive sees them and other connections to the
 * index do not; a crash loses them from the index, which the next open's
 * reconcile puts right.  This commits them now (the Storage SCP does when
 * an association ends).  Returns 0 or DCB_ERR_IO. */
int dcb_archive_sync(struct dcb_archive *a, struct dcb_error *err);

/* Commits what is pending and closes the index (NULL is fine). */
void dcb_archive_close(struct dcb_archive *a);

/* The folder as given to dcb_archive_open(). */
const char *dcb_archive_folder(const struct dcb_archive *a);

/* What the reconcile of dcb_archive_open() found, and the same as one
 * translated sentence ("1204 files: 3 added, 1 dropped, ...") in buf. */
const struct dcb_archive_reconcile *dcb_archive_last_reconcile(const struct dcb_archive *a);
void dcb_archive_describe_reconcile(const struct dcb_archive *a, char *buf, size_t size);

/* Indexes the Part 10 file at path (inside the folder: relative to the
 * current directory or absolute), reading its keys (stops before Pixel
 * Data); replaces an entry with the same SOP Instance UID or the same path.
 * Returns 0, or
 *   DCB_ERR_USAGE      path is not inside the folder;
 *   DCB_ERR_MALFORMED  not DICOM, or without SOP Instance / Study Instance /
 *                      Series Instance UID (nothing is indexed);
 *   DCB_ERR_IO         unreadable, or the index cannot be written. */
int dcb_archive_add_file(struct dcb_archive *a, const char *path, struct dcb_error *err);

/* Drops the entry of the file at path, and the series, study and patient
 * left without instances.  Returns 0, DCB_ERR_NOTFOUND when path is not
 * indexed, DCB_ERR_USAGE, DCB_ERR_IO. */
int dcb_archive_remove_file(struct dcb_archive *a, const char *path, struct dcb_error *err);

/* What the index holds at one level, with exact values to narrow it (NULL
 * or "": any, as an empty key matches anything in a C-FIND). */
struct dcb_archive_filter {
	enum dcb_qr_level level;
	bool patient_root; /* Patient Root: patient level exists above study */
	const char *patient_id, *study_uid, *series_uid, *sop_uid; /* single values or NULL */
	bool no_computed;  /* leave out the computed keys (Number of ... Related ...,
	                    * Modalities and SOP Classes in Study): a query that does
	                    * not ask for them is answered several times faster */
};

/* One object's file, at DCB_QR_IMAGE level. */
struct dcb_archive_object {
	const char *path; /* the folder, "/", the path inside it */
	const char *sop_class_uid, *sop_instance_uid, *transfer_syntax_uid;
	uint64_t size;
};

/* Calls cb for each record at f->level, in the order patient, study,
 * series, instance were first indexed: rec holds the keys of that level
 * and of the levels above it (Patient Root: patient keys at study level;
 * Study Root: patient keys at study level too, as PS3.4 C.6.2 allows),
 * including the computed ones (Number of Patient/Study/Series Related
 * Studies/Series/Instances, Modalities in Study, SOP Classes in Study), and
 * the Specific Character Set (0008,0005) of the record's own level when its
 * file had one; obj is non-NULL at image level.  rec and obj are valid
 * during the call only.  cb returns 0 to go on, anything else stops and is
 * returned.  Returns 0, cb's value, DCB_ERR_USAGE (patient level in Study
 * Root), DCB_ERR_IO, DCB_ERR_NOMEM. */
typedef int (*dcb_archive_each_fn)(void *user, const struct dcb_dset *rec,
                                   const struct dcb_archive_object *obj);
int dcb_archive_each(struct dcb_archive *a, const struct dcb_archive_filter *f,
                     dcb_archive_each_fn cb, void *user, struct dcb_error *err);

/* For storage commitment: true when the instance is in the archive with
 * this class and its file is still there. */
bool dcb_archive_has(struct dcb_archive *a, const char *sop_instance_uid,
                     const char *sop_class_uid);

/* Counts for the dashboard: patients, studies, series, instances (zeros
 * when the index cannot be read). */
void dcb_archive_counts(struct dcb_archive *a, size_t counts[4]);

#endif
