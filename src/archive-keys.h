/* archive-keys.h — archive-internal: the keys the index keeps for each
 * level (PS3.4 C.6.1.1 and C.6.2.1) and reading them from a file. */
#ifndef DCB_ARCHIVE_KEYS_H
#define DCB_ARCHIVE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "archive.h"
#include "error.h"

#define ARCHIVE_UID_SIZE 65
#define ARCHIVE_PKEY_SIZE 400

/* One key: the level it belongs to and the VR it is kept with. */
struct archive_key {
	uint32_t tag;
	char vr[3];
	enum dcb_qr_level level;
};

/* The keys in ascending tag order (Specific Character Set is kept at
 * every level, as it is listed here at the patient level). */
extern const struct archive_key archive_keys[];
extern const size_t archive_n_keys;

/* What one file says about itself, for the index. */
struct archive_file {
	struct dcb_dset *keys[4]; /* by enum dcb_qr_level */
	/* Identity of the patient: Patient ID, "\", Issuer of Patient ID; for
	 * a patient without an ID "\\" and the Patient's Name. */
	char patient_key[ARCHIVE_PKEY_SIZE];
	char patient_id[ARCHIVE_UID_SIZE];
	char study_uid[ARCHIVE_UID_SIZE], series_uid[ARCHIVE_UID_SIZE];
	char sop_uid[ARCHIVE_UID_SIZE], sop_class_uid[ARCHIVE_UID_SIZE];
	char ts_uid[ARCHIVE_UID_SIZE];
	char modality[17];
	uint64_t size;
	int64_t mtime_ns;
};

/* Reads the keys of the file at path (stopping at the first element past
 * the last key, before Pixel Data) into *f, which the caller clears with
 * archive_file_clear() whatever the result.  Returns 0, or
 *   DCB_ERR_MALFORMED  not DICOM, or without SOP Instance, Study Instance
 *                      or Series Instance UID (err says which);
 *   DCB_ERR_IO, DCB_ERR_NOMEM. */
int archive_file_read(const char *path, struct archive_file *f, struct dcb_error *err);
void archive_file_clear(struct archive_file *f);

#endif
