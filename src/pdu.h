/* pdu.h — the upper-layer PDUs of PS3.8 §9.3: encode, decode, and a
 * resumable inbound parser.  No I/O.
 *
 * Three layers:
 *
 *   1. Pure pack/unpack over byte buffers: dcb_pdu_encode() writes one whole
 *      PDU into a caller buffer; dcb_pdu_decode() parses one whole PDU into
 *      struct dcb_pdu.  Every item and sub-item of A-ASSOCIATE-RQ/AC is
 *      supported; unknown items are skipped and recorded as notes.  Every
 *      length is checked against its parent: an over- or under-run is an
 *      error that names the item and the byte offset (from the PDU start).
 *
 *   2. struct dcb_pdu_reader: feed it any number of bytes as they come; it
 *      consumes what it can and hands out one event at a time.  Non-P-DATA
 *      PDUs are delivered whole (buffered, bounded by DCB_PDU_CONTROL_MAX).
 *      P-DATA-TF PDUs are streamed: PDATA_BEGIN, then per PDV a PDV_BEGIN,
 *      zero or more PDV_DATA slices (pointing into the caller's input, no
 *      copy), a PDV_END, and finally PDATA_END.  Memory stays flat whatever
 *      the PDU size.
 *
 *   3. Text for people: a one-line summary (trace), a multi-line dump (-d)
 *      and a hex dump (-dd).  These write into caller buffers, snprintf-like.
 *
 * All multi-byte PDU fields are big endian (PS3.8 §9.3.1). */
#ifndef DCB_PDU_H
#define DCB_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "dcb-limits.h"

/* PDU types, PS3.8 Table 9-11 ff. */
enum dcb_pdu_type {
	DCB_PDU_ASSOCIATE_RQ = 0x01,
	DCB_PDU_ASSOCIATE_AC = 0x02,
	DCB_PDU_ASSOCIATE_RJ = 0x03,
	DCB_PDU_P_DATA_TF = 0x04,
	DCB_PDU_RELEASE_RQ = 0x05,
	DCB_PDU_RELEASE_RP = 0x06,
	DCB_PDU_ABORT = 0x07,
};

/* Item and sub-item types. */
enum dcb_item_type {
	DCB_ITEM_APP_CONTEXT = 0x10,
	DCB_ITEM_PCTX_RQ = 0x20,
	DCB_ITEM_PCTX_AC = 0x21,
	DCB_ITEM_ABSTRACT_SYNTAX = 0x30,
	DCB_ITEM_TRANSFER_SYNTAX = 0x40,
	DCB_ITEM_USER_INFO = 0x50,
	DCB_ITEM_MAX_LENGTH = 0x51,
	DCB_ITEM_IMPL_CLASS_UID = 0x52,
	DCB_ITEM_ASYNC_OPS = 0x53,
	DCB_ITEM_ROLE_SELECTION = 0x54,
	DCB_ITEM_IMPL_VERSION = 0x55,
	DCB_ITEM_SOP_EXT_NEG = 0x56,
	DCB_ITEM_SOP_COMMON_EXT_NEG = 0x57,
	DCB_ITEM_USER_IDENTITY_RQ = 0x58,
	DCB_ITEM_USER_IDENTITY_AC = 0x59,
};

#define DCB_APP_CONTEXT_UID "1.2.840.10008.3.1.1.1"

/* Presentation context result/reason, PS3.8 Table 9-18. */
enum dcb_pctx_result {
	DCB_PCTX_ACCEPTANCE = 0,
	DCB_PCTX_USER_REJECTION = 1,
	DCB_PCTX_NO_REASON = 2,                  /* provider rejection */
	DCB_PCTX_ABSTRACT_NOT_SUPPORTED = 3,     /* provider rejection */
	DCB_PCTX_TS_NOT_SUPPORTED = 4,           /* provider rejection */
};

/* One presentation context.  In an RQ: id, abstract_syntax, n_ts/ts[] as
 * proposed.  In an AC: id, result and ts[0] (n_ts = 1 when accepted; an AC
 * for a rejected context carries no meaningful transfer syntax, n_ts = 0 or
 * the peer's value); abstract_syntax is not on the wire in an AC — the
 * negotiator fills it from the RQ for display, the decoder leaves it "". */
struct dcb_pctx {
	uint8_t id;                    /* odd, 1..255 */
	uint8_t result;                /* AC: enum dcb_pctx_result */
	uint8_t n_ts;
	uint8_t ts_dropped;            /* RQ: proposed beyond DCB_MAX_TS_PER_CONTEXT */
	char abstract_syntax[DCB_UID_SIZE];
	char ts[DCB_MAX_TS_PER_CONTEXT][DCB_UID_SIZE];
};

/* SCP/SCU role selection sub-item (0x54), PS3.7 D.3.3.4. */
struct dcb_role {
	char sop_class[DCB_UID_SIZE];
	uint8_t scu_role;              /* RQ: requestor supports SCU; AC: accepted */
	uint8_t scp_role;              /* RQ: requestor supports SCP; AC: accepted */
};

/* SOP class extended negotiation sub-item (0x56), PS3.7 D.3.3.5. */
struct dcb_ext_neg {
	char sop_class[DCB_UID_SIZE];
	uint16_t info_len;             /* bytes in the PDU */
	uint8_t info[DCB_MAX_EXT_NEG_INFO]; /* first min(info_len, DCB_MAX_EXT_NEG_INFO) bytes */
};

/* SOP class common extended negotiation sub-item (0x57), PS3.7 D.3.3.6. */
struct dcb_common_ext_neg {
	uint8_t version;               /* sub-item version (0) */
	char sop_class[DCB_UID_SIZE];
	char service_class[DCB_UID_SIZE];
	uint8_t n_related;
	uint8_t related_dropped;
	char related[DCB_MAX_RELATED_CLASSES][DCB_UID_SIZE];
};

/* User identity negotiation, PS3.7 D.3.3.7. */
enum dcb_identity_type {
	DCB_IDENTITY_USERNAME = 1,
	DCB_IDENTITY_USERNAME_PASSCODE = 2,
	DCB_IDENTITY_KERBEROS = 3,
	DCB_IDENTITY_SAML = 4,
	DCB_IDENTITY_JWT = 5,
};

struct dcb_identity_rq {
	uint8_t type;                  /* enum dcb_identity_type */
	uint8_t positive_response_requested;
	uint16_t primary_len;          /* length on the wire */
	uint16_t secondary_len;        /* length on the wire (passcode) */
	uint8_t primary[DCB_MAX_IDENTITY];   /* first min(len, limit) bytes */
	uint8_t secondary[DCB_MAX_IDENTITY];
};

struct dcb_identity_ac {
	uint16_t response_len;
	uint8_t response[DCB_MAX_IDENTITY];
};

/* The user information item (0x50) and its sub-items. */
struct dcb_user_info {
	bool has_max_length;
	uint32_t max_length;           /* 0 = no limit (PS3.8 D.1) */
	char impl_class_uid[DCB_UID_SIZE];   /* "" = absent */
	char impl_version[DCB_IMPL_VERSION_MAX + 1]; /* "" = absent */
	bool has_async_ops;
	uint16_t max_ops_invoked;
	uint16_t max_ops_performed;
	unsigned n_roles;
	struct dcb_role roles[DCB_MAX_ROLES];
	unsigned n_ext_neg;
	struct dcb_ext_neg ext_neg[DCB_MAX_EXT_NEG];
	unsigned n_common_ext_neg;
	struct dcb_common_ext_neg common_ext_neg[DCB_MAX_COMMON_EXT_NEG];
	bool has_identity_rq;
	struct dcb_identity_rq identity_rq;
	bool has_identity_ac;
	struct dcb_identity_ac identity_ac;
};

/* A-ASSOCIATE-RQ and A-ASSOCIATE-AC share one layout (PS3.8 §9.3.2/9.3.3).
 * AE titles are kept as received minus trailing spaces (leading spaces and
 * odd characters stay, so they can be shown); encode pads to 16 bytes.
 * Large: allocate on the heap. */
struct dcb_assoc {
	uint16_t protocol_version;     /* bit 0 set = version 1 */
	char called_ae[DCB_AE_SIZE];
	char calling_ae[DCB_AE_SIZE];
	char app_context[DCB_UID_SIZE];
	unsigned n_pctx;
	struct dcb_pctx pctx[DCB_MAX_CONTEXTS];
	struct dcb_user_info user;
};

/* A-ASSOCIATE-RJ, PS3.8 Table 9-21. */
enum dcb_rj_result {
	DCB_RJ_PERMANENT = 1,
	DCB_RJ_TRANSIENT = 2,
};

enum dcb_rj_source {
	/* reasons 1 no reason, 2 application context, 3 calling AE, 7 called AE */
	DCB_RJ_SOURCE_USER = 1,
	DCB_RJ_SOURCE_PROVIDER_ACSE = 2, /* reasons 1 no reason, 2 protocol version */
	/* reasons 1 temporary congestion, 2 local limit exceeded */
	DCB_RJ_SOURCE_PROVIDER_PRES = 3,
};

struct dcb_assoc_rj {
	uint8_t result;                /* enum dcb_rj_result */
	uint8_t source;                /* enum dcb_rj_source */
	uint8_t reason;
};

/* A-ABORT, PS3.8 Table 9-26. */
enum dcb_abort_source {
	DCB_ABORT_SOURCE_USER = 0,
	DCB_ABORT_SOURCE_PROVIDER = 2,
};

enum dcb_abort_reason {
	DCB_ABORT_NOT_SPECIFIED = 0,
	DCB_ABORT_UNRECOGNIZED_PDU = 1,
	DCB_ABORT_UNEXPECTED_PDU = 2,
	DCB_ABORT_UNRECOGNIZED_PARAM = 4,
	DCB_ABORT_UNEXPECTED_PARAM = 5,
	DCB_ABORT_INVALID_PARAM = 6,
};

struct dcb_abort {
	uint8_t source;                /* enum dcb_abort_source (1 is reserved) */
	uint8_t reason;                /* enum dcb_abort_reason; 0 when source is user */
};

/* Message control header bits of a PDV (PS3.8 Annex E.2). */
#define DCB_MCH_COMMAND 0x01           /* set: command; clear: data set */
#define DCB_MCH_LAST 0x02              /* set: last fragment */

/* One PDV header as seen in a P-DATA-TF. */
struct dcb_pdv_info {
	uint32_t length;               /* PDV item length (payload + 2) */
	uint8_t pcid;
	uint8_t mch;
};

/* What a P-DATA-TF carried, for summaries and checks. */
struct dcb_pdata_info {
	unsigned n_pdv;                /* PDVs in this PDU */
	struct dcb_pdv_info pdv[DCB_PDATA_SUMMARY_PDVS]; /* the first few */
};

/* Anomalies met while decoding that are not errors: the engine turns them
 * into conformance findings (codes are the check area's business). */
enum dcb_pdu_note_kind {
	DCB_NOTE_UNKNOWN_ITEM = 1,     /* item type in `item`, length in `value`: skipped */
	DCB_NOTE_DUPLICATE_ITEM,       /* a once-only item seen again; the last one wins */
	DCB_NOTE_UID_PADDED,           /* UID had trailing NUL/space padding (value: char) */
	DCB_NOTE_UID_TOO_LONG,         /* UID over 64 characters (value: length), cut */
	DCB_NOTE_UID_SYNTAX,           /* UID has characters other than 0-9 and '.' */
	DCB_NOTE_UID_EMPTY,            /* zero-length UID item */
	DCB_NOTE_TS_DROPPED,           /* context `value` proposed too many syntaxes */
	DCB_NOTE_LIST_FULL,            /* more role/ext-neg/common items than kept (item type) */
	DCB_NOTE_FIELD_CUT,            /* a field longer than kept (value: length) */
	DCB_NOTE_PROTOCOL_VERSION,     /* protocol version without bit 0 (value: version) */
	DCB_NOTE_APP_CONTEXT,          /* application context is not DICOM's */
	DCB_NOTE_AE_EMPTY,             /* AE title all spaces (item: 0 called, 1 calling) */
	DCB_NOTE_AE_CHARS,             /* AE title with control chars or backslash */
	DCB_NOTE_NO_USER_INFO,         /* user information item missing */
	DCB_NOTE_NO_MAX_LENGTH,        /* maximum length sub-item missing */
	DCB_NOTE_NO_IMPL_UID,          /* implementation class UID sub-item missing */
	DCB_NOTE_ITEM_ORDER,           /* items out of the order PS3.8 gives */
	DCB_NOTE_BAD_RESULT,           /* a result/source/reason value the standard lacks */
	DCB_NOTE_BAD_LENGTH,           /* fixed-length PDU (release, abort, RJ) with other length */
	DCB_NOTE_TRAILING,             /* unused bytes inside a parent (value: count) */
	DCB_NOTE_NO_CONTEXTS,          /* an RQ/AC without any presentation context */
};

struct dcb_pdu_note {
	uint16_t kind;                 /* enum dcb_pdu_note_kind */
	uint8_t item;                  /* item type concerned, 0 if the PDU itself */
	uint32_t offset;               /* from the start of the PDU */
	uint32_t value;                /* see the kind */
};

/* One decoded PDU.  Large when it holds an A-ASSOCIATE: heap-allocate. */
struct dcb_pdu {
	uint8_t type;                  /* enum dcb_pdu_type */
	uint32_t length;               /* PDU length field */
	union {
		struct dcb_assoc assoc;      /* ASSOCIATE_RQ, ASSOCIATE_AC */
		struct dcb_assoc_rj rj;      /* ASSOCIATE_RJ */
		struct dcb_abort abort;      /* ABORT */
		struct dcb_pdata_info pdata; /* P_DATA_TF */
	} u;
	unsigned n_notes;
	unsigned notes_dropped;
	struct dcb_pdu_note notes[DCB_MAX_PDU_NOTES];
};

/* --- encode ------------------------------------------------------------ */

/* Bytes the PDU will take on the wire (header included), or a negative
 * enum dcb_err: DCB_ERR_USAGE for a P-DATA-TF (use dimse.h's fragmenter or
 * dcb_pdu_pdata_header()), an unknown type, or a field that cannot be
 * encoded (UID over 64 chars, more contexts than the limit). */
ssize_t dcb_pdu_encoded_size(const struct dcb_pdu *pdu, struct dcb_error *err);

/* Writes pdu into buf[0..size).  Returns the byte count, or
 * DCB_ERR_LIMIT when size is too small (nothing useful written),
 * DCB_ERR_USAGE as for dcb_pdu_encoded_size().  Unset optional sub-items
 * ("" strings, has_* false, counts 0) are left out; the maximum length
 * sub-item is always written for RQ/AC (has_max_length false: 0). */
ssize_t dcb_pdu_encode(const struct dcb_pdu *pdu, uint8_t *buf, size_t size,
                       struct dcb_error *err);

/* Fills the 6-byte P-DATA-TF header for a body of body_len bytes. */
void dcb_pdu_pdata_header(uint8_t hdr[DCB_PDU_HEADER], uint32_t body_len);

/* Fills a 6-byte PDV item header for payload_len bytes of payload. */
void dcb_pdu_pdv_header(uint8_t hdr[DCB_PDV_HEADER], uint32_t payload_len, uint8_t pcid,
                        uint8_t mch);

/* Convenience initialisers: zero *pdu, set type and the usual defaults
 * (protocol version 1, DICOM application context, ...). */
void dcb_pdu_init(struct dcb_pdu *pdu, enum dcb_pdu_type type);

/* --- decode ------------------------------------------------------------ */

/* Parses one whole PDU, buf[0..len) starting at its 6-byte header; len
 * must equal 6 + the length field.  For P-DATA-TF the PDVs are walked and
 * checked, and pdu->u.pdata is filled.  Returns 0, or
 *   DCB_ERR_TRUNCATED  len shorter than the header says,
 *   DCB_ERR_MALFORMED  an item over/under-runs its parent, a bad fixed
 *                      length, a PDV shorter than 2 (detail: item, offset),
 *   DCB_ERR_PROTOCOL   unknown PDU type (caller: PS3.8 Evt19),
 *   DCB_ERR_LIMIT      more presentation contexts than DCB_MAX_CONTEXTS.
 * Non-fatal oddities are recorded in pdu->notes. */
int dcb_pdu_decode(const uint8_t *buf, size_t len, struct dcb_pdu *pdu, struct dcb_error *err);

/* Walks the PDVs of a P-DATA-TF body (the bytes after the 6-byte header).
 * *off starts at 0; each call fills *pdv and sets *payload to its payload
 * (borrowed from body) and advances *off.  Returns 1 for a PDV, 0 at the
 * end, DCB_ERR_MALFORMED when a PDV over-runs the body or is shorter
 * than 2 bytes. */
int dcb_pdu_next_pdv(const uint8_t *body, size_t body_len, size_t *off, struct dcb_pdv_info *pdv,
                     const uint8_t **payload, struct dcb_error *err);

/* --- the resumable reader ---------------------------------------------- */

enum dcb_pdu_event_kind {
	DCB_PDU_EV_NONE = 0,           /* all input consumed, nothing complete */
	DCB_PDU_EV_PDU,                /* a whole non-P-DATA PDU: bytes/len (header included) */
	DCB_PDU_EV_PDATA_BEGIN,        /* a P-DATA-TF header: type, length */
	DCB_PDU_EV_PDV_BEGIN,          /* a PDV header: pdv */
	DCB_PDU_EV_PDV_DATA,           /* payload slice: bytes/len (into the caller's input) */
	DCB_PDU_EV_PDV_END,            /* the current PDV's payload is complete */
	DCB_PDU_EV_PDATA_END,          /* the P-DATA-TF is complete: pdata summarises it */
};

struct dcb_pdu_event {
	enum dcb_pdu_event_kind kind;
	uint8_t type;                  /* PDU type (all kinds but NONE) */
	uint32_t length;               /* PDU length field (all kinds but NONE) */
	uint64_t offset;               /* stream offset of the PDU's first byte */
	bool over_max;                 /* PDATA_BEGIN: length above max_pdu (not strict) */
	struct dcb_pdv_info pdv;       /* PDV_BEGIN, PDV_DATA, PDV_END */
	uint32_t pdv_done;             /* PDV_DATA/END: payload bytes so far, this slice included */
	/* PDU: the whole PDU (reader's buffer); PDV_DATA: the slice (caller's input) */
	const uint8_t *bytes;
	size_t len;
	struct dcb_pdata_info pdata;   /* PDATA_END */
};

/* The reader's own state; treat as opaque except for the settings. */
struct dcb_pdu_reader {
	/* settings (set after init, may change between PDUs) */
	uint32_t max_pdu;              /* largest P-DATA-TF length we announced; 0 = no limit */
	bool strict;                   /* true: a P-DATA-TF over max_pdu is an error */
	uint32_t max_control;          /* largest other PDU buffered (DCB_PDU_CONTROL_MAX) */
	/* state */
	int state;
	int error;                     /* sticky: once failed, every feed returns it */
	uint64_t offset;               /* stream bytes consumed so far */
	uint64_t pdu_offset;
	uint8_t hdr[DCB_PDU_HEADER];
	uint8_t pdv_hdr[DCB_PDV_HEADER];
	unsigned hdr_have;
	uint8_t type;
	uint32_t length;
	uint32_t body_left;            /* P-DATA: bytes of the body still to come */
	uint32_t pdv_left;             /* payload bytes of the current PDV still to come */
	struct dcb_pdv_info pdv;
	struct dcb_pdata_info pdata;
	uint8_t *buf;                  /* non-P-DATA PDU being buffered (owned) */
	size_t buf_have;
	size_t buf_cap;
};

/* Sets defaults (max_pdu DCB_PDU_DEFAULT_MAX, not strict, max_control
 * DCB_PDU_CONTROL_MAX).  Allocates nothing. */
void dcb_pdu_reader_init(struct dcb_pdu_reader *r);

/* Frees the buffer; the reader may be init'ed again. */
void dcb_pdu_reader_clear(struct dcb_pdu_reader *r);

/* Consumes bytes from data[0..len) until one event is complete or the input
 * is used up.  Returns the bytes consumed (0..len) and fills *ev (kind NONE
 * when nothing completed); call again with the rest of the input until it
 * returns 0 with kind NONE.  Pointers in *ev stay valid until the next
 * call (PDV_DATA points into data).  PDV_DATA slices are never empty.
 * Errors (sticky, the stream cannot be resynchronised; the caller aborts):
 *   DCB_ERR_PROTOCOL  unknown PDU type (a first byte 0x16 is said to look
 *                     like a TLS handshake),
 *   DCB_ERR_MALFORMED PDV length < 2 or over-running the PDU,
 *   DCB_ERR_LIMIT     P-DATA-TF over max_pdu when strict, or a non-P-DATA
 *                     PDU over max_control,
 *   DCB_ERR_NOMEM     buffer allocation failed.
 * err->offset is the stream offset. */
ssize_t dcb_pdu_reader_feed(struct dcb_pdu_reader *r, const uint8_t *data, size_t len,
                            struct dcb_pdu_event *ev, struct dcb_error *err);

/* True when the reader sits between PDUs (no partial PDU pending); for
 * "peer closed mid-PDU" diagnostics. */
bool dcb_pdu_reader_idle(const struct dcb_pdu_reader *r);

/* --- names and text ---------------------------------------------------- */

/* "A-ASSOCIATE-RQ", ... ; "unknown PDU" for others.  Not translated (the
 * standard's names). */
const char *dcb_pdu_type_name(uint8_t type);

/* "Application Context", "Presentation Context (RQ)", ... ; not translated. */
const char *dcb_item_type_name(uint8_t type);

/* Translated words for a presentation context result ("acceptance",
 * "transfer syntaxes not supported (provider rejection)", ...). */
const char *dcb_pctx_result_name(uint8_t result);

/* Translated words for an A-ASSOCIATE-RJ result/source/reason, e.g.
 * "rejected permanently by the service user: called AE title not recognized". */
size_t dcb_pdu_rj_describe(const struct dcb_assoc_rj *rj, char *buf, size_t size);

/* Translated words for an A-ABORT source/reason. */
size_t dcb_pdu_abort_describe(const struct dcb_abort *ab, char *buf, size_t size);

/* Translated sentence for one note ("unknown item 0x61 of 12 bytes skipped
 * at offset 74"). */
size_t dcb_pdu_note_describe(const struct dcb_pdu_note *n, char *buf, size_t size);

/* One line for the trace, e.g.
 *   A-ASSOCIATE-RQ PACS ← STORESCU · 3 contexts · max PDU 16384 · impl 2.25.1234…
 *   P-DATA-TF 16384 bytes · 1 PDV: ctx 1 data last
 * Like snprintf: returns the length it wanted, output always terminated
 * when size > 0. */
size_t dcb_pdu_summary(const struct dcb_pdu *pdu, char *buf, size_t size);

/* The same with words after the PDU type (NULL or "" for none), e.g. the
 * DIMSE message a P-DATA-TF carries:
 *   P-DATA-TF C-STORE-RQ ID=1 CT Image Storage · 202 bytes · 1 PDV: … */
size_t dcb_pdu_summary_words(const struct dcb_pdu *pdu, const char *words, char *buf,
                             size_t size);

/* Multi-line dump (-d): every field, context, item and sub-item, each line
 * ending in '\n'.  Like snprintf. */
size_t dcb_pdu_dump(const struct dcb_pdu *pdu, char *buf, size_t size);

/* The same two for a P-DATA-TF seen by the streaming reader (PDATA_END
 * carries the info) or built by the fragmenter, without a struct dcb_pdu.
 * length is the PDU length field. */
size_t dcb_pdu_summary_pdata(uint32_t length, const struct dcb_pdata_info *pi, char *buf,
                             size_t size);
size_t dcb_pdu_dump_pdata(uint32_t length, const struct dcb_pdata_info *pi, char *buf,
                          size_t size);

/* Classic hex dump (-dd): 16 bytes a line, offsets from base, ASCII
 * column.  Like snprintf. */
size_t dcb_hexdump(const uint8_t *data, size_t len, uint64_t base, char *buf, size_t size);

#endif
