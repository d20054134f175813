/* dimse.h — DIMSE messages (PS3.7): command sets, status codes, and the
 * mapping of messages to and from PDVs.  No I/O.
 *
 *   - struct dcb_dimse_cmd holds one command set (group 0000, always
 *     implicit VR little endian, PS3.7 §6.3.1); dcb_dimse_encode() and
 *     dcb_dimse_decode() convert it, with every length bounds-checked and
 *     the required elements of C-ECHO and C-STORE enforced.
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
};

/* Oddities found by the decoder that are not errors (bits of .notes). */
enum dcb_dimse_note {
	DCB_DIMSE_NOTE_NO_GROUP_LENGTH = 1u << 0,    /* (0000,0000) missing */
	DCB_DIMSE_NOTE_GROUP_LENGTH_WRONG = 1u << 1, /* (0000,0000) does not match */
	DCB_DIMSE_NOTE_UNKNOWN_ELEMENT = 1u << 2,    /* an element we do not know (skipped) */
	DCB_DIMSE_NOTE_UID_PADDED = 1u << 3,         /* UI with trailing NUL/space (stripped) */
	DCB_DIMSE_NOTE_ORDER = 1u << 4,              /* elements not in ascending order */
	DCB_DIMSE_NOTE_UID_SYNTAX = 1u << 5,         /* UID with characters other than 0-9 '.' */
	DCB_DIMSE_NOTE_RETIRED = 1u << 6,            /* retired command elements present */
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
};

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

/* Bytes dcb_dimse_encode() will write, or DCB_ERR_USAGE for a field that
 * cannot be encoded. */
ssize_t dcb_dimse_encoded_size(const struct dcb_dimse_cmd *c, struct dcb_error *err);

/* Encodes the command set (implicit VR LE, ascending tags, even lengths:
 * UIDs padded with NUL, text with spaces) into buf[0..size).  Returns the
 * byte count, DCB_ERR_LIMIT when size is too small, DCB_ERR_USAGE for a
 * UID over 64 characters or more offending elements than kept. */
ssize_t dcb_dimse_encode(const struct dcb_dimse_cmd *c, uint8_t *buf, size_t size,
                         struct dcb_error *err);

/* Decodes a command set from buf[0..len).  Returns 0, or
 *   DCB_ERR_TRUNCATED  an element header or value runs past the end,
 *   DCB_ERR_MALFORMED  an element outside group 0000, a wrong length for
 *                      its VR (US not 2, UL not 4, AT not a multiple of
 *                      4), a UID over 64 characters, a duplicate tag,
 *   DCB_ERR_PROTOCOL   a required element missing for the command
 *                      (detail names it), Command Field missing or unknown.
 * err->offset is the offset in buf. */
int dcb_dimse_decode(const uint8_t *buf, size_t len, struct dcb_dimse_cmd *c,
                     struct dcb_error *err);

/* "C-STORE-RQ", "C-ECHO-RSP", ...; "unknown" otherwise.  Not translated. */
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
