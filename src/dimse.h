/* dimse.h — DIMSE messages (PS3.7): command sets, status codes, and the
 * mapping of messages to and from PDVs.  No I/O.
 *
 *   - struct dcb_dimse_cmd holds one command set (group 0000, always
 *     implicit VR little endian, PS3.7 §6.3.1); dcb_dimse_encode() and
 *     dcb_dimse_decode() convert it, with every length bounds-checked and
 *     the rules of PS3.7 Annex E (required elements, data set or none)
 *     enforced from one table, struct dcb_dimse_command_info.
 *     dimse.c: the tables and the codec; dimse-build.c: the builders;
 *     dimse-text.c: names, statuses, summaries and dumps.
 *   - struct dcb_fragmenter cuts one outgoing message (command + optional
 *     data set) into P-DATA-TF PDUs that fit the peer's maximum.  It never
 *     copies the payload: each PDU comes out as header bytes plus slices of
 *     the command and the data set, ready for one gathered write.
 *   - struct dcb_dimse_rx puts an incoming message back together from the
 *     PDU reader's PDV events: the command set is collected (bounded by
 *     DCB_DIMSE_CMD_MAX) and decoded; data set bytes pass through as
 *     slices to the caller's sink (the file writer), never held whole. */
#ifndef DCB_DIMSE_H
#define DCB_DIMSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "error.h"
#include "dcb-limits.h"
#include "pdu.h"

/* Command Field values (0000,0100), PS3.7 Annex E. */
enum dcb_dimse_command {
	DCB_C_STORE_RQ = 0x0001,
	DCB_C_STORE_RSP = 0x8001,
	DCB_C_GET_RQ = 0x0010,
	DCB_C_GET_RSP = 0x8010,
	DCB_C_FIND_RQ = 0x0020,
	DCB_C_FIND_RSP = 0x8020,
	DCB_C_MOVE_RQ = 0x0021,
	DCB_C_MOVE_RSP = 0x8021,
	DCB_C_ECHO_RQ = 0x0030,
	DCB_C_ECHO_RSP = 0x8030,
	DCB_C_CANCEL_RQ = 0x0FFF,
	DCB_N_EVENT_REPORT_RQ = 0x0100,
	DCB_N_EVENT_REPORT_RSP = 0x8100,
	DCB_N_GET_RQ = 0x0110,
	DCB_N_GET_RSP = 0x8110,
	DCB_N_SET_RQ = 0x0120,
	DCB_N_SET_RSP = 0x8120,
	DCB_N_ACTION_RQ = 0x0130,
	DCB_N_ACTION_RSP = 0x8130,
	DCB_N_CREATE_RQ = 0x0140,
	DCB_N_CREATE_RSP = 0x8140,
	DCB_N_DELETE_RQ = 0x0150,
	DCB_N_DELETE_RSP = 0x8150,
};

/* True for a response's Command Field (bit 15 set). */
static inline bool
dcb_dimse_is_response(uint16_t command)
{
	return (command & 0x8000) != 0;
}

/* Command Data Set Type (0000,0800): this value means "no data set";
 * anything else means one follows. */
#define DCB_DATASET_ABSENT 0x0101
#define DCB_DATASET_PRESENT 0x0000

/* Priority (0000,0700). */
enum dcb_dimse_priority {
	DCB_PRIORITY_MEDIUM = 0x0000,
	DCB_PRIORITY_HIGH = 0x0001,
	DCB_PRIORITY_LOW = 0x0002,
};

/* Which optional fields are present (bits of struct dcb_dimse_cmd.present);
 * decode sets them, encode writes exactly the fields whose bit is set
 * (plus Command Group Length, Command Field and Command Data Set Type,
 * which are always written). */
enum dcb_dimse_field {
	DCB_F_AFFECTED_SOP_CLASS = 1u << 0,     /* (0000,0002) UI */
	DCB_F_MESSAGE_ID = 1u << 1,             /* (0000,0110) US */
	DCB_F_MESSAGE_ID_RESPONDED = 1u << 2,   /* (0000,0120) US */
	DCB_F_PRIORITY = 1u << 3,               /* (0000,0700) US */
	DCB_F_STATUS = 1u << 4,                 /* (0000,0900) US */
	DCB_F_OFFENDING_ELEMENT = 1u << 5,      /* (0000,0901) AT, multi-valued */
	DCB_F_ERROR_COMMENT = 1u << 6,          /* (0000,0902) LO */
	DCB_F_ERROR_ID = 1u << 7,               /* (0000,0903) US */
	DCB_F_AFFECTED_SOP_INSTANCE = 1u << 8,  /* (0000,1000) UI */
	DCB_F_MOVE_ORIGINATOR_AE = 1u << 9,     /* (0000,1030) AE */
	DCB_F_MOVE_ORIGINATOR_ID = 1u << 10,    /* (0000,1031) US */
	DCB_F_GROUP_LENGTH = 1u << 11,          /* (0000,0000) UL: decode only */
	DCB_F_REQUESTED_SOP_CLASS = 1u << 12,   /* (0000,0003) UI */
	DCB_F_REQUESTED_SOP_INSTANCE = 1u << 13, /* (0000,1001) UI */
	DCB_F_MOVE_DESTINATION = 1u << 14,      /* (0000,0600) AE */
	DCB_F_EVENT_TYPE_ID = 1u << 15,         /* (0000,1002) US */
	DCB_F_ATTRIBUTE_IDS = 1u << 16,         /* (0000,1005) AT, multi-valued */
	DCB_F_ACTION_TYPE_ID = 1u << 17,        /* (0000,1008) US */
	DCB_F_NUM_REMAINING = 1u << 18,         /* (0000,1020) US remaining sub-operations */
	DCB_F_NUM_COMPLETED = 1u << 19,         /* (0000,1021) US completed sub-operations */
	DCB_F_NUM_FAILED = 1u << 20,            /* (0000,1022) US failed sub-operations */
	DCB_F_NUM_WARNING = 1u << 21,           /* (0000,1023) US sub-operations with warnings */
};

/* The four sub-operation counts of C-GET-RSP and C-MOVE-RSP. */
#define DCB_F_SUB_OPERATIONS \
	(DCB_F_NUM_REMAINING | DCB_F_NUM_COMPLETED | DCB_F_NUM_FAILED | DCB_F_NUM_WARNING)

/* Oddities found by the decoder that are not errors (bits of .notes). */
enum dcb_dimse_note {
	DCB_DIMSE_NOTE_NO_GROUP_LENGTH = 1u << 0,    /* (0000,0000) missing */
	DCB_DIMSE_NOTE_GROUP_LENGTH_WRONG = 1u << 1, /* (0000,0000) does not match */
	DCB_DIMSE_NOTE_UNKNOWN_ELEMENT = 1u << 2,    /* an element we do not know (skipped),
	                                              * or one the command does not use (kept) */
	DCB_DIMSE_NOTE_UID_PADDED = 1u << 3,         /* UI with trailing NUL/space (stripped) */
	DCB_DIMSE_NOTE_ORDER = 1u << 4,              /* elements not in ascending order */
	DCB_DIMSE_NOTE_UID_SYNTAX = 1u << 5,         /* UID with characters other than 0-9 '.' */
	DCB_DIMSE_NOTE_RETIRED = 1u << 6,            /* retired command elements present */
	DCB_DIMSE_NOTE_UNKNOWN_COMMAND = 1u << 7,    /* Command Field not in PS3.7: answer
	                                              * dcb_dimse_unsupported_status() */
	DCB_DIMSE_NOTE_CONDITIONAL = 1u << 8,        /* a conditional rule of the response's
	                                              * status broken (e.g. a Pending C-MOVE-RSP
	                                              * without sub-operation counts) */
	DCB_DIMSE_NOTE_LIST_CUT = 1u << 9,           /* more AT values than kept (see limits) */
};

struct dcb_dimse_cmd {
	uint16_t command;              /* enum dcb_dimse_command */
	uint16_t data_set_type;        /* DCB_DATASET_ABSENT or another value */
	uint32_t present;              /* enum dcb_dimse_field bits */
	uint32_t notes;                /* enum dcb_dimse_note bits (decode) */
	uint16_t message_id;
	uint16_t message_id_responded;
	uint16_t priority;
	uint16_t status;
	uint16_t error_id;
	uint16_t move_originator_id;
	uint32_t group_length;         /* as received */
	char affected_sop_class[DCB_UID_SIZE];
	char affected_sop_instance[DCB_UID_SIZE];
	char move_originator_ae[DCB_AE_SIZE];      /* trailing spaces removed */
	char error_comment[DCB_DIMSE_COMMENT_SIZE];
	uint8_t n_offending;
	uint32_t offending[DCB_DIMSE_MAX_OFFENDING]; /* tags, (gggg << 16 | eeee) */
	/* C-MOVE, C-GET and the N-services */
	char requested_sop_class[DCB_UID_SIZE];
	char requested_sop_instance[DCB_UID_SIZE];
	char move_destination[DCB_AE_SIZE];        /* leading/trailing spaces removed */
	uint16_t event_type_id;
	uint16_t action_type_id;
	uint16_t n_remaining;          /* sub-operations: remaining, */
	uint16_t n_completed;          /* completed, */
	uint16_t n_failed;             /* failed, */
	uint16_t n_warning;            /* and completed with warnings */
	uint8_t n_attribute_ids;
	uint32_t attribute_ids[DCB_DIMSE_MAX_ATTRIBUTE_IDS]; /* tags, as offending */
};

/* What a command says about its data set (PS3.7 Annex E, (0000,0800)). */
enum dcb_dimse_data {
	DCB_DIMSE_DATA_OPTIONAL = 0,   /* may follow (U, or C on something we do not check) */
	DCB_DIMSE_DATA_REQUIRED,       /* must follow (an identifier, a modification list) */
	DCB_DIMSE_DATA_FORBIDDEN,      /* (0000,0800) must be 0x0101 */
};

/* One message of PS3.7 Annex E, as dcb_dimse_decode() enforces it.
 * Unconditional rules (required, data) fail the decode; the conditional
 * rules of a response (pending_*, final_data) only set
 * DCB_DIMSE_NOTE_CONDITIONAL, since a peer's response is answered by
 * nothing and is better reported than refused. */
struct dcb_dimse_command_info {
	uint16_t command;              /* enum dcb_dimse_command */
	const char *name;              /* "N-ACTION-RQ"; not translated */
	uint16_t response;             /* the answer's Command Field; 0 for responses
	                                * and C-CANCEL-RQ (nothing answers them) */
	uint32_t required;             /* fields Annex E marks M (beyond Command
	                                * Field and Command Data Set Type) */
	uint32_t optional;             /* the other fields it defines (U and C) */
	enum dcb_dimse_data data;      /* always */
	uint32_t pending_required;     /* responses: fields a Pending status requires */
	enum dcb_dimse_data pending_data; /* responses: data set with a Pending status */
	enum dcb_dimse_data final_data;   /* responses: data set with any other status */
};

/* The table entry of a Command Field, NULL when PS3.7 defines none. */
const struct dcb_dimse_command_info *dcb_dimse_command_info(uint16_t command);

/* True when a data set follows the command. */
static inline bool
dcb_dimse_has_data(const struct dcb_dimse_cmd *c)
{
	return c->data_set_type != DCB_DATASET_ABSENT;
}

/* Builders: zero *c and fill the required fields.  Strings are copied
 * (cut to the field size); NULL means "". */
void dcb_dimse_echo_rq(struct dcb_dimse_cmd *c, uint16_t message_id);
void dcb_dimse_echo_rsp(struct dcb_dimse_cmd *c, const struct dcb_dimse_cmd *rq,
                        uint16_t status);
void dcb_dimse_store_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                        const char *sop_instance, uint16_t priority);
/* A C-STORE-RSP answering rq: message ID responded, affected SOP class and
 * instance copied from rq. */
void dcb_dimse_store_rsp(struct dcb_dimse_cmd *c, const struct dcb_dimse_cmd *rq,
                         uint16_t status);

/* The response to any request rq (PS3.7 Annex E): Command Field from the
 * table (rq->command | 0x8000 for a command PS3.7 does not define), Message
 * ID Being Responded To, Status, no data set; the Affected SOP Class and
 * Instance UIDs from rq's affected or requested ones where the response
 * has them; Event Type ID (N-EVENT-REPORT) and Action Type ID (N-ACTION)
 * copied.  The caller adds sub-operation counts, error fields or a data
 * set (data_set_type = DCB_DATASET_PRESENT).  c may be rq.  Returns 0, or
 * DCB_ERR_USAGE (c zeroed) when rq is a response or a C-CANCEL-RQ: nothing
 * answers them. */
int dcb_dimse_rsp_for(struct dcb_dimse_cmd *c, const struct dcb_dimse_cmd *rq, uint16_t status);

/* Requests of the query/retrieve services; all announce the identifier
 * that must follow.  destination: the C-MOVE destination AE title. */
void dcb_dimse_find_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                       uint16_t priority);
void dcb_dimse_move_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                       uint16_t priority, const char *destination);
void dcb_dimse_get_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                      uint16_t priority);
/* A C-CANCEL-RQ for the request with message ID message_id. */
void dcb_dimse_cancel_rq(struct dcb_dimse_cmd *c, uint16_t message_id);

/* Sets the four sub-operation counts of a C-GET-RSP or C-MOVE-RSP. */
void dcb_dimse_set_sub_operations(struct dcb_dimse_cmd *c, uint16_t remaining,
                                  uint16_t completed, uint16_t failed, uint16_t warning);

/* Requests of the N-services.  has_data: an Event Information, Action
 * Information or Attribute List follows (N-SET-RQ always has one, its
 * Modification List; N-GET-RQ and N-DELETE-RQ never).  sop_instance may
 * be NULL for N-CREATE-RQ (the SCP then assigns one). */
void dcb_dimse_event_report_rq(struct dcb_dimse_cmd *c, uint16_t message_id,
                               const char *sop_class, const char *sop_instance,
                               uint16_t event_type_id, bool has_data);
void dcb_dimse_n_get_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                        const char *sop_instance, const uint32_t *attribute_ids, unsigned n);
void dcb_dimse_n_set_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                        const char *sop_instance);
void dcb_dimse_action_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                         const char *sop_instance, uint16_t action_type_id, bool has_data);
void dcb_dimse_create_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                         const char *sop_instance, bool has_data);
void dcb_dimse_delete_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                         const char *sop_instance);

/* The status an SCP answers a request it does not carry out (PS3.7
 * Annex C): 0x0211 Unrecognized operation for a command PS3.7 does not
 * define or one the SCP does not offer for a class it supports; for an
 * unsupported SOP class 0x0122 (C-services) or 0x0118 No such SOP class
 * (N-services). */
uint16_t dcb_dimse_unsupported_status(const struct dcb_dimse_cmd *rq, bool class_supported);

/* Bytes dcb_dimse_encode() will write, or DCB_ERR_USAGE for a field that
 * cannot be encoded. */
ssize_t dcb_dimse_encoded_size(const struct dcb_dimse_cmd *c, struct dcb_error *err);

/* Encodes the command set (implicit VR LE, ascending tags, even lengths:
 * UIDs padded with NUL, text with spaces) into buf[0..size).  Returns the
 * byte count, DCB_ERR_LIMIT when size is too small, DCB_ERR_USAGE for a
 * UID over 64 characters or more offending elements than kept. */
ssize_t dcb_dimse_encode(const struct dcb_dimse_cmd *c, uint8_t *buf, size_t size,
                         struct dcb_error *err);

/* Decodes a command set from buf[0..len).  A Command Field PS3.7 does not
 * define decodes (note DCB_DIMSE_NOTE_UNKNOWN_COMMAND) so that the SCP can
 * answer it.  Returns 0, or
 *   DCB_ERR_TRUNCATED  an element header or value runs past the end,
 *   DCB_ERR_MALFORMED  an element outside group 0000, a wrong length for
 *                      its VR (US not 2, UL not 4, AT not a multiple of
 *                      4), a UID over 64 characters, a duplicate tag,
 *   DCB_ERR_PROTOCOL   Command Field or Command Data Set Type missing, an
 *                      element Annex E requires for the command missing
 *                      (detail names it), a data set announced where the
 *                      command has none or none where it needs one.
 * err->offset is the offset in buf. */
int dcb_dimse_decode(const uint8_t *buf, size_t len, struct dcb_dimse_cmd *c,
                     struct dcb_error *err);

/* "C-STORE-RQ", "N-ACTION-RSP", ...; "unknown" otherwise.  Not translated. */
const char *dcb_dimse_command_name(uint16_t command);

/* Priority (0000,0700) in words: "medium", "high", "low", "invalid"; translated. */
const char *dcb_dimse_priority_name(uint16_t priority);

/* One line for the trace: "C-STORE-RQ id 7 · CT Image… 1.2.3.4 · prio medium". */
size_t dcb_dimse_summary(const struct dcb_dimse_cmd *c, char *buf, size_t size);

/* Multi-line dump of every element present. */
size_t dcb_dimse_dump(const struct dcb_dimse_cmd *c, char *buf, size_t size);

/* --- status codes (PS3.7 Annex C, PS3.4 B.2.3) ------------------------- */

enum dcb_status_class {
	DCB_STATUS_SUCCESS,
	DCB_STATUS_WARNING,
	DCB_STATUS_FAILURE,
	DCB_STATUS_CANCEL,
	DCB_STATUS_PENDING,
};

/* Class of a status: 0x0000 success; 0x0001, 0x0107, 0x0116, 0xB000-0xBFFF
 * warning; 0xFE00 cancel; 0xFF00/0xFF01 pending; everything else failure. */
enum dcb_status_class dcb_dimse_status_class(uint16_t status);

/* Translated class name: "Success", "Warning", "Failure", ... */
const char *dcb_status_class_name(enum dcb_status_class c);

/* Translated meaning, e.g. 0xA700 "Refused: out of resources", 0xB007
 * "Warning: data set does not match SOP class", 0x0122 "SOP class not
 * supported".  Ranges (0xA7xx, 0xA9xx, 0xCxxx) are named by range. */
const char *dcb_dimse_status_name(uint16_t status);

/* The same, in the words of the service the response belongs to where
 * PS3.4 gives a code a meaning of its own (0xB000 of a C-MOVE-RSP:
 * sub-operations complete with failures or warnings; 0xA900 of a C-FIND-RSP:
 * identifier does not match SOP class; ...).  command: the Command Field
 * of the response (or its request). */
const char *dcb_dimse_status_name_for(uint16_t command, uint16_t status);

/* --- outgoing: message → P-DATA-TF PDUs -------------------------------- */

/* What one slice of a P-DATA-TF is. */
enum dcb_seg_kind {
	DCB_SEG_HEADER,                /* header bytes: ptr into struct dcb_pdata_pdu.hdr */
	DCB_SEG_COMMAND,               /* ptr into the command buffer given to init */
	DCB_SEG_DATA,                  /* data set bytes [data_offset, +len): caller supplies */
};

struct dcb_pdata_seg {
	enum dcb_seg_kind kind;
	const uint8_t *ptr;            /* HEADER, COMMAND; NULL for DATA */
	uint64_t data_offset;          /* DATA: offset in the data set */
	uint32_t len;
};

/* One P-DATA-TF to send.  Header segments point into hdr: do not copy the
 * struct between dcb_fragmenter_next() and the write. */
struct dcb_pdata_pdu {
	uint32_t wire_len;             /* bytes on the wire, 6-byte PDU header included */
	unsigned n_seg;
	struct dcb_pdata_seg seg[4];
	uint64_t data_offset;          /* data set bytes this PDU carries: offset ... */
	uint32_t data_len;             /* ... and count (0: none) */
	struct dcb_pdata_info info;    /* PDVs, for the trace */
	uint8_t hdr[DCB_PDU_HEADER + 2 * DCB_PDV_HEADER];
};

struct dcb_fragmenter {
	uint32_t max_pdu;              /* P-DATA-TF length limit (the peer's, capped) */
	uint8_t pcid;
	bool pack;                     /* command's last fragment and the first data
	                                * fragment may share one P-DATA-TF */
	const uint8_t *cmd;            /* borrowed */
	uint32_t cmd_len;
	uint32_t cmd_done;
	bool has_data;
	uint64_t data_len;
	uint64_t data_done;
	bool data_started;
	bool finished;
};

/* Prepares to send one message on context pcid.  cmd (borrowed until the
 * last PDU is written) is the encoded command set; has_data/data_len
 * describe the data set that follows (its bytes are never seen here).
 * max_pdu: the P-DATA-TF length limit, 0 = DCB_PDU_SEND_UNLIMITED_CAP.
 * Returns 0, or DCB_ERR_USAGE when max_pdu < 7 (no room for a PDV with one
 * byte of payload) or cmd is NULL or cmd_len is 0. */
int dcb_fragmenter_init(struct dcb_fragmenter *f, uint8_t pcid, uint32_t max_pdu,
                        const uint8_t *cmd, uint32_t cmd_len, bool has_data,
                        uint64_t data_len, bool pack);

/* The next P-DATA-TF of the message.  max_data limits the data set bytes
 * in this PDU (e.g. the caller's buffer size; 0 = no limit beyond the PDU
 * size).  Returns 1 and fills *out, or 0 when the message is complete.
 * Command PDVs carry MCH 0x01 (0x03 on the last), data PDVs 0x00 (0x02 on
 * the last); a zero-length data set still gets one empty last PDV. */
int dcb_fragmenter_next(struct dcb_fragmenter *f, uint32_t max_data, struct dcb_pdata_pdu *out);

/* Fills iov[0..4) for one gathered write of *p; data points to the
 * p->data_len bytes of the data set this PDU carries (may be NULL when
 * data_len is 0).  Returns the iovec count. */
int dcb_pdata_pdu_iov(const struct dcb_pdata_pdu *p, const uint8_t *data, struct iovec iov[4]);

/* --- incoming: PDV events → message ------------------------------------ */

enum dcb_dimse_rx_kind {
	DCB_DIMSE_RX_NONE = 0,         /* nothing for the caller yet */
	DCB_DIMSE_RX_COMMAND,          /* command set complete and decoded; data follows */
	DCB_DIMSE_RX_DATA,             /* data set slice: bytes/len (borrowed from the event) */
	DCB_DIMSE_RX_DATA_END,         /* the data set is complete: message done */
	DCB_DIMSE_RX_MESSAGE,          /* a command without data set is complete: message done */
};

struct dcb_dimse_rx_out {
	enum dcb_dimse_rx_kind kind;
	uint8_t pcid;
	const uint8_t *bytes;
	size_t len;
	uint64_t data_done;            /* data set bytes so far (DATA, DATA_END) */
};

struct dcb_dimse_rx {
	int state;
	uint8_t pcid;
	bool in_pdv;
	uint8_t mch;
	uint64_t data_done;
	uint32_t cmd_len;
	struct dcb_dimse_cmd cmd;      /* valid from RX_COMMAND until the message is done */
	uint8_t cmd_buf[DCB_DIMSE_CMD_MAX];
};

void dcb_dimse_rx_init(struct dcb_dimse_rx *rx);

/* Feeds one PDU reader event (PDV_BEGIN, PDV_DATA, PDV_END; other kinds
 * are ignored: out->kind NONE).  Fills *out:
 *   RX_COMMAND  the command set is complete and decoded into rx->cmd (its
 *               bytes in rx->cmd_buf[0..cmd_len)) and a data set follows;
 *   RX_MESSAGE  the same, but the command says there is no data set: the
 *               message is complete;
 *   RX_DATA     a slice of the data set (borrowed from the event);
 *   RX_DATA_END the last data fragment ended: the message is complete.
 * rx->cmd stays valid until the next message's first PDV.  Returns 0, or
 *   DCB_ERR_PROTOCOL  data before a complete command, a command fragment
 *                     inside a data set, a context ID that changes within a
 *                     message, a data set where the command said none,
 *   DCB_ERR_LIMIT     a command set over DCB_DIMSE_CMD_MAX,
 *   and the errors of dcb_dimse_decode(). */
int dcb_dimse_rx_feed(struct dcb_dimse_rx *rx, const struct dcb_pdu_event *ev,
                      struct dcb_dimse_rx_out *out, struct dcb_error *err);

/* True between messages (no partial command or data set pending). */
bool dcb_dimse_rx_idle(const struct dcb_dimse_rx *rx);

#endif
