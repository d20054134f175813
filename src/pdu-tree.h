/* pdu-tree.h — one PDU's bytes as a tree of lines for people: the
 * dashboard's "tree and hex" view of a trace line.  No I/O, no allocation.
 *
 * It works on the first len bytes of one PDU (6-byte header included),
 * which may be fewer than the PDU holds: trace events keep a bounded
 * prefix (DCB_EVENT_RAW_MAX).  Every field, item and sub-item is decoded
 * as far as the bytes go; where they end, a line says "truncated".
 * Unlike dcb_pdu_decode() it never fails: what it cannot parse (an item
 * that over-runs its parent, an unknown type) it names, and stops there.
 *
 *   A-ASSOCIATE-RQ/AC  protocol version, AE titles, application context,
 *                      each presentation context (AC: result) with its
 *                      abstract and transfer syntaxes, named from the UID
 *                      dictionary; every user information sub-item (a
 *                      passcode is never shown).
 *   A-ASSOCIATE-RJ     result, source and reason in words.
 *   P-DATA-TF          each PDV (length, context, command or data, last);
 *                      command fragments as their elements: tag, name,
 *                      value (Command Field, Status, Priority, Command
 *                      Data Set Type and UIDs in words).
 *   A-RELEASE-RQ/RP    its reserved field; A-ABORT source and reason.
 *
 * Text is translated (the library's domain) at the time of the call. */
#ifndef DCB_PDU_TREE_H
#define DCB_PDU_TREE_H

#include <stddef.h>
#include <stdint.h>

/* Called once per line, in order: depth 0 is the PDU itself, 1 its fields,
 * items and PDVs, 2 sub-items and command elements, 3 below that.  text
 * is valid during the call only and has no newline. */
typedef void (*dcb_tree_fn)(unsigned depth, const char *text, void *user);

/* Decodes buf[0..len), the start of one PDU, into lines for fn.  buf may be
 * NULL when len is 0.  Returns the number of lines given to fn (at least
 * one). */
unsigned dcb_pdu_tree(const uint8_t *buf, size_t len, dcb_tree_fn fn, void *user);

/* The same, each line with the key of the field it shows (explain.h), so
 * that a viewer can explain it; every line has one. */
typedef void (*dcb_tree_key_fn)(unsigned depth, const char *text, const char *key, void *user);
unsigned dcb_pdu_tree_keyed(const uint8_t *buf, size_t len, dcb_tree_key_fn fn, void *user);

#endif
