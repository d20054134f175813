/* conform-wire.h — wire-level findings (DCB5xx..DCB7xx) for the network
 * code: checks over values as they were received, and a way to emit the
 * codes the network code detects itself.
 *
 * Each check reports through fn(finding, user) and returns the number of
 * findings it emitted (0 when all is well).  where names the place for a
 * person ("A-ASSOCIATE-RQ", "P-DATA-TF #12, PDV 2", ...) and may be NULL;
 * offset is a byte offset in the stream or -1. */
#ifndef DCB_CONFORM_WIRE_H
#define DCB_CONFORM_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "findings.h"

/* Emits any wire code with a message of the caller's (fmt N_()-marked,
 * translated here). */
void dcb_wire_emit(dcb_finding_fn fn, void *user, enum dcb_code code, int64_t offset,
                   const char *where, const char *fmt, ...) DCB_PRINTF(6, 7);

/* DCB501/DCB502: the C-STORE-RQ's Affected SOP Class / Instance UID against
 * the data set's (0008,0016) / (0008,0018).  Padding (trailing NUL or
 * space) is ignored; an empty data set value is not compared. */
int dcb_wire_check_store(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                         const char *affected_class, const char *affected_instance,
                         const char *dataset_class, const char *dataset_instance);

/* DCB503: the transfer syntax the data set is encoded in (as detected or
 * declared) against the one accepted for its presentation context. */
int dcb_wire_check_ts(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                      const char *negotiated_ts, const char *dataset_ts);

/* DCB503 from the bytes: the first element header of a data set
 * (head[0..n)) read for its encoding, against the accepted transfer
 * syntax (encapsulated syntaxes are explicit VR little endian; deflated
 * data is not looked at).  Returns the findings emitted (0 or 1). */
int dcb_wire_check_dataset_ts(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                              const char *negotiated_ts, const uint8_t *head, size_t n);

/* DCB504: a UID value as received (len bytes).  In command sets
 * (nul_padding true) an odd UID is padded with one NUL; in A-ASSOCIATE
 * items (false) UIDs are not padded.  Odd length, space padding and NUL
 * where none belongs are reported; tag may be 0. */
int dcb_wire_check_uid(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                       uint32_t tag, const uint8_t *value, size_t len, bool nul_padding);

/* DCB701/DCB702: a 16-byte AE title field of an A-ASSOCIATE PDU.  role is
 * a short label for the message ("called AE title"). */
int dcb_wire_check_ae_title(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                            const char *role, const uint8_t ae[16]);

/* DCB601: the message control header of one PDV.  *in_data tracks the
 * message: set it false at the start of each message (before the first
 * command PDV); it becomes true after the last command fragment. */
int dcb_wire_check_pdv_header(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                              uint8_t header, bool *in_data);

/* DCB602: a PDU of pdu_length bytes (the length field) against the
 * maximum the receiver announced (0 means no limit). */
int dcb_wire_check_pdu_length(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                              uint32_t pdu_length, uint32_t max_length);

/* DCB703: a presentation context came back rejected; result is the
 * A-ASSOCIATE-AC result/reason (1 user rejection, 2 no reason, 3 abstract
 * syntax not supported, 4 transfer syntaxes not supported). */
int dcb_wire_context_rejected(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                              unsigned context_id, const char *abstract_syntax, unsigned result);

/* DCB603: an item or sub-item type the standard does not define. */
int dcb_wire_unknown_item(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                          unsigned item_type);

#endif
