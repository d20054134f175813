/* dict.h — the data dictionary (PS3.6) and the UID dictionary.
 *
 * The tables are generated at build time from data/dictionary.tsv and
 * data/uids.tsv (see data/README.md for their source edition). */
#ifndef DCB_DICT_H
#define DCB_DICT_H

#include <stdbool.h>
#include <stdint.h>

#define DCB_TAG(g, e) (((uint32_t)(g) << 16) | (uint32_t)(e))
#define DCB_TAG_GROUP(t) ((uint16_t)((t) >> 16))
#define DCB_TAG_ELEMENT(t) ((uint16_t)((t) & 0xffff))

struct dcb_dict_entry {
	uint32_t tag;        /* with repeating-group x's as 0 */
	uint32_t mask;       /* bits that must match: 0xffffffff, or e.g. 0xff00ffff for (60xx,3000) */
	const char *vr;      /* "UI", "US or SS", "OB or OW", ... as in PS3.6 */
	const char *vm;      /* "1", "1-n", "2-2n", ... */
	const char *keyword; /* "SOPInstanceUID" */
	const char *name;    /* "SOP Instance UID" */
	bool retired;
};

/* NULL when the tag is not in the dictionary (private tags, unknown). */
const struct dcb_dict_entry *dcb_dict_lookup(uint32_t tag);
const struct dcb_dict_entry *dcb_dict_by_keyword(const char *keyword);

enum dcb_uid_kind {
	DCB_UID_SOP_CLASS,
	DCB_UID_TRANSFER_SYNTAX,
	DCB_UID_OTHER,      /* application context, well-known instances, ... */
};

struct dcb_uid_entry {
	const char *uid;
	const char *keyword;   /* "CTImageStorage" */
	const char *name;      /* "CT Image Storage" */
	enum dcb_uid_kind kind;
	bool retired;
};

const struct dcb_uid_entry *dcb_uid_lookup(const char *uid);

/* Iterate all UIDs of one kind: returns the i-th, or NULL past the end. */
const struct dcb_uid_entry *dcb_uid_nth(enum dcb_uid_kind kind, unsigned i);

/* Short modality-style prefix dcmtk uses for file names ("CT", "MR", "SC",
 * "US", ...) for a SOP class UID; "UNKNOWN" when none is known. */
const char *dcb_uid_file_prefix(const char *sop_class_uid);

#endif
