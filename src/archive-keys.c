/* archive-keys.c — the keys the archive index keeps for each level and
 * reading them from a Part 10 file (PS3.4 C.6.1.1, C.6.2.1). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive-keys.h"
#include "dict.h"
#include "dset.h"
#include "i18n.h"
#include "part10.h"

#define T DCB_TAG
#define PAT DCB_QR_PATIENT
#define STU DCB_QR_STUDY
#define SER DCB_QR_SERIES
#define IMG DCB_QR_IMAGE

#define TAG_SCS T(0x0008, 0x0005)
#define TAG_SOP_CLASS T(0x0008, 0x0016)
#define TAG_SOP_INSTANCE T(0x0008, 0x0018)
#define TAG_MODALITY T(0x0008, 0x0060)
#define TAG_PATIENT_NAME T(0x0010, 0x0010)
#define TAG_PATIENT_ID T(0x0010, 0x0020)
#define TAG_ISSUER T(0x0010, 0x0021)
#define TAG_STUDY_UID T(0x0020, 0x000d)
#define TAG_SERIES_UID T(0x0020, 0x000e)

/* Ascending tags.  Unique (U) and required (R) keys of each level, and the
 * common optional ones; the computed keys (Number of ... Related ...,
 * Modalities in Study, SOP Classes in Study) are not read but counted. */
const struct archive_key archive_keys[] = {
    {T(0x0008, 0x0005), "CS", PAT}, /* Specific Character Set (every level) */
    {T(0x0008, 0x0016), "UI", IMG}, /* SOP Class UID */
    {T(0x0008, 0x0018), "UI", IMG}, /* SOP Instance UID (U) */
    {T(0x0008, 0x0020), "DA", STU}, /* Study Date (R) */
    {T(0x0008, 0x0021), "DA", SER}, /* Series Date */
    {T(0x0008, 0x0023), "DA", IMG}, /* Content Date */
    {T(0x0008, 0x0030), "TM", STU}, /* Study Time (R) */
    {T(0x0008, 0x0031), "TM", SER}, /* Series Time */
    {T(0x0008, 0x0033), "TM", IMG}, /* Content Time */
    {T(0x0008, 0x0050), "SH", STU}, /* Accession Number (R) */
    {T(0x0008, 0x0060), "CS", SER}, /* Modality (R) */
    {T(0x0008, 0x0090), "PN", STU}, /* Referring Physician's Name */
    {T(0x0008, 0x1030), "LO", STU}, /* Study Description */
    {T(0x0008, 0x103e), "LO", SER}, /* Series Description */
    {T(0x0010, 0x0010), "PN", PAT}, /* Patient's Name (R) */
    {T(0x0010, 0x0020), "LO", PAT}, /* Patient ID (U in Patient Root) */
    {T(0x0010, 0x0021), "LO", PAT}, /* Issuer of Patient ID */
    {T(0x0010, 0x0030), "DA", PAT}, /* Patient's Birth Date */
    {T(0x0010, 0x0032), "TM", PAT}, /* Patient's Birth Time */
    {T(0x0010, 0x0040), "CS", PAT}, /* Patient's Sex */
    {T(0x0010, 0x1000), "LO", PAT}, /* Other Patient IDs */
    {T(0x0010, 0x1001), "PN", PAT}, /* Other Patient Names */
    {T(0x0010, 0x1010), "AS", STU}, /* Patient's Age */
    {T(0x0010, 0x1020), "DS", STU}, /* Patient's Size */
    {T(0x0010, 0x1030), "DS", STU}, /* Patient's Weight */
    {T(0x0018, 0x0015), "CS", SER}, /* Body Part Examined */
    {T(0x0020, 0x000d), "UI", STU}, /* Study Instance UID (U) */
    {T(0x0020, 0x000e), "UI", SER}, /* Series Instance UID (U) */
    {T(0x0020, 0x0010), "SH", STU}, /* Study ID (R) */
    {T(0x0020, 0x0011), "IS", SER}, /* Series Number (R) */
    {T(0x0020, 0x0013), "IS", IMG}, /* Instance Number (R) */
    {T(0x0028, 0x0008), "IS", IMG}, /* Number of Frames */
    {T(0x0028, 0x0010), "US", IMG}, /* Rows */
    {T(0x0028, 0x0011), "US", IMG}, /* Columns */
};
const size_t archive_n_keys = sizeof archive_keys / sizeof archive_keys[0];

static const struct archive_key *
key_of(uint32_t tag)
{
	size_t lo = 0, hi = archive_n_keys;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (archive_keys[mid].tag == tag)
			return &archive_keys[mid];
		if (archive_keys[mid].tag < tag)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
archive_file_clear(struct archive_file *f)
{
	for (int i = 0; i < 4; i++) {
		dcb_dset_free(f->keys[i]);
		f->keys[i] = NULL;
	}
}

/* Keeps the value of key k: in its level, and the character set in all. */
static int
keep(struct archive_file *f, const struct archive_key *k, const struct dcb_element *el,
     struct dcb_error *err)
{
	uint8_t swapped[64];
	const uint8_t *v = el->value;
	size_t n = el->value_len;
	int rc = 0;

	if (v == NULL)
		return 0; /* longer than any key can be: left out */
	if (el->big_endian && strcmp(k->vr, "US") == 0 && n <= sizeof swapped) {
		for (size_t i = 0; i + 1 < n; i += 2) {
			swapped[i] = v[i + 1];
			swapped[i + 1] = v[i];
		}
		v = swapped;
	}
	for (int lv = 0; lv < 4 && rc == 0; lv++)
		if ((int)k->level == lv || k->tag == TAG_SCS)
			rc = dcb_dset_put(f->keys[lv], k->tag, k->vr, v, n, err);
	/* A value too long for its VR is left out, as one too long to load. */
	return rc == DCB_ERR_NOMEM ? rc : 0;
}

/* The UID of a transfer syntax the reader guessed (no meta header). */
static const char *
detected_ts_uid(enum dcb_ts ts)
{
	switch (ts) {
	case DCB_TS_IMPLICIT_LE:
		return "1.2.840.10008.1.2";
	case DCB_TS_EXPLICIT_BE:
		return "1.2.840.10008.1.2.2";
	case DCB_TS_DEFLATED_LE:
		return "1.2.840.10008.1.2.1.99";
	case DCB_TS_EXPLICIT_LE:
	default:
		return "1.2.840.10008.1.2.1";
	}
}

/* A UID key of level lv into out, or the meta header's value when the
 * data set has none.  0, or DCB_ERR_MALFORMED naming it. */
static int
uid_key(const struct archive_file *f, enum dcb_qr_level lv, uint32_t tag, const char *fallback,
        const char *name, const char *path, char out[ARCHIVE_UID_SIZE], struct dcb_error *err)
{
	int n = dcb_dset_get_str(f->keys[lv], tag, out, ARCHIVE_UID_SIZE);

	if (n == DCB_ERR_LIMIT)
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("%s: its %s is longer than 64 characters; not indexed"),
		                     path, name);
	if (n <= 0 && fallback != NULL && fallback[0] != '\0')
		snprintf(out, ARCHIVE_UID_SIZE, "%s", fallback);
	if (out[0] == '\0')
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("%s has no %s, so it has no place in the archive's "
		                        "patient/study/series tree; not indexed"),
		                     path, name);
	return 0;
}

/* Patient ID "\" Issuer, or "\\" Patient's Name without an ID: a
 * backslash never occurs in a single LO value. */
static void
patient_key(struct archive_file *f)
{
	const struct dcb_dset *p = f->keys[PAT];
	char issuer[ARCHIVE_UID_SIZE], name[ARCHIVE_PKEY_SIZE - 4];

	dcb_dset_get_str(p, TAG_PATIENT_ID, f->patient_id, sizeof f->patient_id);
	dcb_dset_get_str(p, TAG_ISSUER, issuer, sizeof issuer);
	if (f->patient_id[0] != '\0') {
		snprintf(f->patient_key, sizeof f->patient_key, "%s\\%s", f->patient_id, issuer);
	} else {
		dcb_dset_get_str(p, TAG_PATIENT_NAME, name, sizeof name);
		snprintf(f->patient_key, sizeof f->patient_key, "\\\\%s", name);
	}
}

/* Reads the elements of the top level up to the last key. */
static int
read_keys(struct dcb_reader *r, struct archive_file *f, struct dcb_error *err)
{
	const uint32_t last = archive_keys[archive_n_keys - 1].tag;
	struct dcb_element el;
	int rc;

	while ((rc = dcb_reader_next(r, &el, err)) == 1) {
		const struct archive_key *k;
		if (el.kind == DCB_EL_PIXEL_START)
			return 0;
		/* Items, their elements and delimiters are not keys. */
		if (el.depth != 0 || (el.kind != DCB_EL_VALUE && el.kind != DCB_EL_SEQ_START))
			continue;
		if (el.tag > last)
			return 0;
		if (el.kind != DCB_EL_VALUE)
			continue;
		k = key_of(el.tag);
		if (k != NULL && (rc = keep(f, k, &el, err)) < 0)
			return rc;
	}
	return rc;
}

int
archive_file_read(const char *path, struct archive_file *f, struct dcb_error *err)
{
	struct dcb_reader_options opts = {.value_limit = 1024};
	struct dcb_error rerr = {0};
	const struct dcb_meta *m;
	struct dcb_reader *r;
	struct stat st;
	int fd, rc;

	memset(f, 0, sizeof *f);
	for (int i = 0; i < 4; i++)
		if ((f->keys[i] = dcb_dset_new()) == NULL)
			return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &st) != 0) {
		rc = dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot read '%s': %s"), path,
		                   strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	f->size = (uint64_t)st.st_size;
	f->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	r = dcb_reader_open_fd(fd, path, &opts, &rerr);
	if (r == NULL) {
		close(fd);
		return dcb_error_set(err, rerr.code == DCB_ERR_NOMEM ? DCB_ERR_NOMEM
		                     : rerr.code == DCB_ERR_IO    ? DCB_ERR_IO
		                                                  : DCB_ERR_MALFORMED,
		                     -1, N_("%s is not a DICOM file: %s"), path, rerr.message);
	}
	rc = read_keys(r, f, &rerr);
	m = dcb_reader_meta(r);
	snprintf(f->ts_uid, sizeof f->ts_uid, "%s",
	         m->has_meta && m->transfer_syntax_uid[0] != '\0' ? m->transfer_syntax_uid
	                                                          : detected_ts_uid(m->ts));
	if (rc == DCB_ERR_NOMEM) {
		rc = dcb_error_set(err, rc, -1, N_("out of memory"));
	} else if (rc < 0) {
		/* Only an error before the last key gets here: one after it (a
		 * truncated pixel data) is not the index's business. */
		rc = dcb_error_set(err, DCB_ERR_MALFORMED, -1, N_("%s cannot be read: %s"), path,
		                   rerr.message);
	} else {
		rc = uid_key(f, IMG, TAG_SOP_INSTANCE, m->media_sop_instance_uid,
		             _("SOP Instance UID"), path, f->sop_uid, err);
		if (rc == 0)
			rc = uid_key(f, IMG, TAG_SOP_CLASS, m->media_sop_class_uid,
			             _("SOP Class UID"), path, f->sop_class_uid, err);
		if (rc == 0)
			rc = uid_key(f, STU, TAG_STUDY_UID, NULL, _("Study Instance UID"), path,
			             f->study_uid, err);
		if (rc == 0)
			rc = uid_key(f, SER, TAG_SERIES_UID, NULL, _("Series Instance UID"), path,
			             f->series_uid, err);
	}
	dcb_reader_free(r);
	close(fd);
	if (rc < 0)
		return rc;
	dcb_dset_get_str(f->keys[SER], TAG_MODALITY, f->modality, sizeof f->modality);
	patient_key(f);
	return 0;
}
