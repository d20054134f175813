/* findings.h — the table of conformance finding codes, and how findings are
 * made.
 *
 * Every code lives in ONE table (src/findings-table.c): number, severity,
 * short title, explanation (what it means and what to do) and the section
 * of the standard.  doc/findings.md is generated from that table
 * (tests/findings-md) and a test fails when the two disagree.
 *
 * Code ranges:
 *   DCB0xx  file level (preamble, file meta information)
 *   DCB1xx  element level (PS3.5 value rules, dictionary)
 *   DCB2xx  object level (required attributes of storage IODs)
 *   DCB3xx  character sets
 *   DCB4xx  pixel data
 *   DCB5xx  wire level: DIMSE and data sets on the wire
 *   DCB6xx  wire level: PDUs and PDVs
 *   DCB7xx  wire level: association negotiation
 *   DCB8xx  services: query/retrieve (80x), worklist (81x), MPPS (82x)
 * A code is never reused or renumbered once published. */
#ifndef DCB_FINDINGS_H
#define DCB_FINDINGS_H

#include <stdarg.h>
#include <stdint.h>

#include "error.h"
#include "finding.h"

enum dcb_code {
	/* file level */
	DCB_F_NO_PREAMBLE = 1,
	DCB_F_NO_DICM = 2,
	DCB_F_NO_META = 3,
	DCB_F_META_LENGTH_MISSING = 4,
	DCB_F_META_LENGTH_WRONG = 5,
	DCB_F_META_VERSION_MISSING = 6,
	DCB_F_META_SOP_CLASS_MISSING = 7,
	DCB_F_META_SOP_INSTANCE_MISSING = 8,
	DCB_F_META_TS_MISSING = 9,
	DCB_F_META_IMPL_CLASS_MISSING = 10,
	DCB_F_META_SOP_CLASS_MISMATCH = 11,
	DCB_F_META_SOP_INSTANCE_MISMATCH = 12,
	DCB_F_TS_UNKNOWN = 13,
	DCB_F_META_VERSION_WRONG = 14,
	DCB_F_META_IN_DATASET = 15,
	DCB_F_TS_RETIRED = 16,

	/* element level */
	DCB_F_UI_CHARS = 101,
	DCB_F_UI_LENGTH = 102,
	DCB_F_UI_LEADING_ZERO = 103,
	DCB_F_UI_PADDING = 104,
	DCB_F_UI_EMPTY_COMPONENT = 105,
	DCB_F_ODD_LENGTH = 106,
	DCB_F_DA_FORMAT = 107,
	DCB_F_TM_FORMAT = 108,
	DCB_F_DT_FORMAT = 109,
	DCB_F_AS_FORMAT = 110,
	DCB_F_IS_FORMAT = 111,
	DCB_F_DS_FORMAT = 112,
	DCB_F_VALUE_TOO_LONG = 113,
	DCB_F_VALUE_CHARS = 114,
	DCB_F_PN_COMPONENTS = 115,
	DCB_F_VR_MISMATCH = 116,
	DCB_F_VM_MISMATCH = 117,
	DCB_F_GROUP_LENGTH_PRESENT = 118,
	DCB_F_GROUP_LENGTH_WRONG = 119,
	DCB_F_TAG_ORDER = 120,
	DCB_F_RETIRED = 121,
	DCB_F_BINARY_LENGTH = 122,
	DCB_F_PRIVATE_NO_CREATOR = 123,
	DCB_F_PRIVATE_GROUP_RESERVED = 124,
	DCB_F_TEXT_NUL_PADDING = 125,
	DCB_F_UN_KNOWN_TAG = 126,
	DCB_F_AE_ALL_SPACES = 127,

	/* object level */
	DCB_F_NO_SOP_CLASS = 201,
	DCB_F_NO_SOP_INSTANCE = 202,
	DCB_F_NO_STUDY_UID = 203,
	DCB_F_NO_SERIES_UID = 204,
	DCB_F_TYPE1_MISSING = 205,
	DCB_F_TYPE1_EMPTY = 206,
	DCB_F_TYPE2_MISSING = 207,
	DCB_F_SOP_CLASS_UNKNOWN = 208,

	/* character sets */
	DCB_F_CHARSET_UNKNOWN = 301,
	DCB_F_CHARSET_UNDECLARED = 302,
	DCB_F_CHARSET_ESCAPE = 303,
	DCB_F_CHARSET_MULTI = 304,
	DCB_F_CHARSET_BAD_UTF8 = 305,

	/* pixel data */
	DCB_F_PIXEL_NO_DECODE = 401,
	DCB_F_PIXEL_FRAME_COUNT = 402,
	DCB_F_PIXEL_LENGTH = 403,
	DCB_F_PIXEL_BITS_STORED = 404,
	DCB_F_PIXEL_HIGH_BIT = 405,
	DCB_F_PIXEL_PHOTOMETRIC = 406,
	DCB_F_PIXEL_LOSSY_UNDECLARED = 407,

	/* wire level: DIMSE */
	DCB_F_STORE_CLASS_MISMATCH = 501,
	DCB_F_STORE_INSTANCE_MISMATCH = 502,
	DCB_F_TS_NOT_NEGOTIATED = 503,
	DCB_F_WIRE_UID_PADDING = 504,
	DCB_F_DIMSE_UNSUPPORTED = 505,
	DCB_F_DIMSE_UNKNOWN_COMMAND = 506,

	/* wire level: PDU / PDV */
	DCB_F_PDV_FLAGS = 601,
	DCB_F_PDU_TOO_LARGE = 602,
	DCB_F_PDU_ITEM_UNKNOWN = 603,

	/* wire level: association */
	DCB_F_AE_TITLE_CHARS = 701,
	DCB_F_AE_TITLE_SPACES = 702,
	DCB_F_CONTEXT_REJECTED = 703,

	/* services: query/retrieve */
	DCB_F_QR_IDENTIFIER = 801,
	DCB_F_QR_MOVE_DESTINATION_UNKNOWN = 802,
	DCB_F_QR_MOVE_LOOP = 803,
	DCB_F_QR_GET_NO_ROLE = 804,

	/* services: the worklist folder */
	DCB_F_WL_UNREADABLE = 810,
	DCB_F_WL_INCOMPLETE = 811,
	DCB_F_WL_NO_LOCKFILE = 812,

	/* services: Modality Performed Procedure Step */
	DCB_F_MPPS_CREATE_STATUS = 820,
	DCB_F_MPPS_FINAL = 821,
	DCB_F_MPPS_FINAL_MISSING = 822,
	DCB_F_MPPS_CREATE_MISSING = 823,
	DCB_F_MPPS_NO_INSTANCE = 824,
	DCB_F_MPPS_DUPLICATE = 825,
	DCB_F_MPPS_NOT_ALLOWED = 826,
	DCB_F_MPPS_UNLINKED = 827,
	DCB_F_MPPS_BAD_STATUS = 828,

	/* services: storage commitment */
	DCB_F_COMMIT_REQUEST = 830,
	DCB_F_COMMIT_REQUESTER_UNKNOWN = 831,
	DCB_F_COMMIT_NO_SCP_ROLE = 832,
	DCB_F_COMMIT_REPORT = 833,
	DCB_F_COMMIT_NOT_COMMITTED = 834,
};

struct dcb_finding_def {
	enum dcb_code code;
	enum dcb_severity severity;
	const char *title;       /* N_(): short, one line */
	const char *explanation; /* N_(): what it means and what to do */
	const char *reference;   /* section of the standard, not translated */
};

/* Number of codes in the table, and the i-th (in ascending code order);
 * NULL past the end. */
unsigned dcb_finding_count(void);
const struct dcb_finding_def *dcb_finding_nth(unsigned i);

/* The entry of a code; NULL when there is none. */
const struct dcb_finding_def *dcb_finding_def(enum dcb_code code);

/* Parses "DCB021" (case-insensitive, also "21" or "021"); NULL when the
 * text is not a known code. */
const struct dcb_finding_def *dcb_finding_parse(const char *text);

/* Writes "DCB021" for code into buf (at least 8 bytes). */
void dcb_finding_code_str(enum dcb_code code, char buf[8]);

/* Translated title and explanation of a table entry. */
const char *dcb_finding_title(const struct dcb_finding_def *d);
const char *dcb_finding_explanation(const struct dcb_finding_def *d);

/* Fills *f for code: severity from the table, the message from fmt
 * (N_()-marked; translated here with the project's text domain, then
 * formatted).  where may be NULL.  An unknown code still gives a finding
 * (severity error) so nothing is silently lost. */
void dcb_finding_make(struct dcb_finding *f, enum dcb_code code, int64_t offset, uint32_t tag,
                      const char *where, const char *fmt, ...) DCB_PRINTF(6, 7);
void dcb_finding_vmake(struct dcb_finding *f, enum dcb_code code, int64_t offset, uint32_t tag,
                       const char *where, const char *fmt, va_list ap) DCB_PRINTF(6, 0);

/* dcb_finding_make() and hand the result to fn (nothing when fn is NULL). */
void dcb_finding_emit(dcb_finding_fn fn, void *user, enum dcb_code code, int64_t offset,
                      uint32_t tag, const char *where, const char *fmt, ...) DCB_PRINTF(7, 8);

/* Writes "(0040,0275)[1].(0008,0018)" for a tag inside nested sequences
 * (path and item_index have depth entries; both may be NULL when depth is
 * 0).  Always NUL-terminates; cuts at size. */
void dcb_finding_where(char *buf, size_t size, const uint32_t *path, const uint32_t *item_index,
                       unsigned depth, uint32_t tag);

/* Copies at most max bytes of a value into buf for a message: printable
 * ASCII as is, the rest as \xNN, "..." when cut.  Always NUL-terminates. */
void dcb_finding_quote(char *buf, size_t size, const uint8_t *value, size_t len, size_t max);

#endif
