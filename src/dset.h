/* dset.h — data sets held in memory (PS3.5 §7): a small tree of elements
 * (tag, VR, value bytes; sequences of items, nested), built by code or
 * decoded from bytes, encoded in implicit or explicit VR little endian.
 *
 * Made for what a service exchanges besides objects: C-FIND identifiers,
 * worklist answers, N-service attribute lists.  Those are small, so a data
 * set is bounded in value bytes, in elements and items, and in nesting
 * depth (DCB_DSET_MAX_* in dcb-limits.h); objects to store stream through
 * the Part 10 reader instead and are never held here.
 *
 * Elements are kept in ascending tag order.  Values are kept as given or
 * received, without padding; binary values are little endian.  Encoding
 * pads odd values (UI and binary VRs with NUL, text with a space) and
 * writes defined lengths everywhere; decoding also accepts sequences and
 * items of undefined length.  No I/O. */
#ifndef DCB_DSET_H
#define DCB_DSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

enum dcb_dset_syntax {
	DCB_DSET_IMPLICIT_LE,          /* 1.2.840.10008.1.2: VRs from the dictionary */
	DCB_DSET_EXPLICIT_LE,          /* 1.2.840.10008.1.2.1 */
};

struct dcb_dset;

/* One element.  Owned by its data set: read it, do not change it. */
struct dcb_dset_elem {
	uint32_t tag;                  /* DCB_TAG(group, element) */
	char vr[3];                    /* "PN", "SQ", ... */
	uint32_t len;                  /* value bytes (0 for SQ) */
	uint8_t *value;                /* NULL when len is 0 */
	uint32_t n_items;              /* SQ */
	struct dcb_dset **items;       /* SQ: the items, each a data set */
};

/* An empty data set, or NULL when out of memory. */
struct dcb_dset *dcb_dset_new(void);

/* Frees ds with its elements and items.  NULL is fine.  Never free an
 * item: it belongs to its sequence. */
void dcb_dset_free(struct dcb_dset *ds);

/* Sets element tag to len bytes of value (copied), replacing one already
 * there.  vr: two upper-case letters PS3.5 defines, not "SQ" (see below).
 * Returns 0, or
 *   DCB_ERR_USAGE  an unknown VR, SQ, an item or delimiter tag, a value
 *                  longer than a VR with a 16-bit length can carry;
 *   DCB_ERR_LIMIT  the data set would pass DCB_DSET_MAX_BYTES of values or
 *                  DCB_DSET_MAX_ELEMENTS elements and items;
 *   DCB_ERR_NOMEM. */
int dcb_dset_put(struct dcb_dset *ds, uint32_t tag, const char *vr, const void *value,
                 size_t len, struct dcb_error *err);

/* The same for a string (without its NUL; "" = empty value), a US and a
 * UL value. */
int dcb_dset_put_str(struct dcb_dset *ds, uint32_t tag, const char *vr, const char *s,
                     struct dcb_error *err);
int dcb_dset_put_u16(struct dcb_dset *ds, uint32_t tag, uint16_t v, struct dcb_error *err);
int dcb_dset_put_u32(struct dcb_dset *ds, uint32_t tag, uint32_t v, struct dcb_error *err);

/* Sets tag to an empty sequence (a C-FIND return key), replacing what was
 * there.  Errors as dcb_dset_put(). */
int dcb_dset_put_seq(struct dcb_dset *ds, uint32_t tag, struct dcb_error *err);

/* Appends an empty item to sequence tag (created when absent; another VR
 * there is replaced) and returns it, owned by ds; NULL with *err filled
 * (DCB_ERR_LIMIT past DCB_DSET_MAX_DEPTH levels or too many elements,
 * DCB_ERR_USAGE for an item or delimiter tag, DCB_ERR_NOMEM). */
struct dcb_dset *dcb_dset_seq_add_item(struct dcb_dset *ds, uint32_t tag, struct dcb_error *err);

/* Removes element tag (with its items) from ds; false when absent. */
bool dcb_dset_remove(struct dcb_dset *ds, uint32_t tag);

/* Sets a copy of element e (of any data set; a sequence with copies of
 * its items, nested ones too) into ds, replacing one already there.
 * Errors as dcb_dset_put() and dcb_dset_seq_add_item(). */
int dcb_dset_put_copy(struct dcb_dset *ds, const struct dcb_dset_elem *e, struct dcb_error *err);

/* Sets a copy of every element of src into dst (dcb_dset_put_copy). */
int dcb_dset_copy_into(struct dcb_dset *dst, const struct dcb_dset *src, struct dcb_error *err);

/* What the decoder found odd but accepted (bits of dcb_dset_notes()). */
enum dcb_dset_note {
	DCB_DSET_NOTE_ORDER = 1u << 0,            /* tags not ascending (kept sorted) */
	DCB_DSET_NOTE_ODD_LENGTH = 1u << 1,       /* a value of odd length (PS3.5 §7.1.1) */
	DCB_DSET_NOTE_UNDEFINED_LENGTH = 1u << 2, /* a sequence or item of undefined length */
};

/* The notes of the decoded data set ds belongs to (0 for a built one). */
uint32_t dcb_dset_notes(const struct dcb_dset *ds);

/* The element tag of ds (not of its items), or NULL. */
const struct dcb_dset_elem *dcb_dset_get(const struct dcb_dset *ds, uint32_t tag);

/* The elements of ds in ascending order: count, and the i-th (NULL past
 * the end). */
size_t dcb_dset_count(const struct dcb_dset *ds);
const struct dcb_dset_elem *dcb_dset_nth(const struct dcb_dset *ds, size_t i);

/* Item i of sequence tag, or NULL. */
struct dcb_dset *dcb_dset_item(const struct dcb_dset *ds, uint32_t tag, size_t i);

/* Copies the value of tag as a string into out[size], trailing spaces and
 * NULs removed, leading spaces too except for LT, ST and UT (PS3.5 §6.2).
 * Returns its length, DCB_ERR_NOTFOUND when tag is absent or a sequence,
 * DCB_ERR_LIMIT when out is too small (out then holds what fits). */
int dcb_dset_get_str(const struct dcb_dset *ds, uint32_t tag, char *out, size_t size);

/* The first value of a US/SS or UL/SL element: 0, DCB_ERR_NOTFOUND, or
 * DCB_ERR_MALFORMED when the value is shorter than 2 (4) bytes. */
int dcb_dset_get_u16(const struct dcb_dset *ds, uint32_t tag, uint16_t *v);
int dcb_dset_get_u32(const struct dcb_dset *ds, uint32_t tag, uint32_t *v);

/* The syntax of a transfer syntax UID: 0, or DCB_ERR_UNSUPPORTED for any
 * but implicit and explicit VR little endian. */
int dcb_dset_syntax_of(const char *ts_uid, enum dcb_dset_syntax *syntax);

/* Encodes ds into buf[0..size) (ascending tags, even lengths, defined
 * lengths).  Returns the byte count, or
 *   DCB_ERR_LIMIT  buf too small (the count needed is in the detail), or a
 *                  value too long for its VR's 16-bit length in explicit VR
 *                  (a long LO decoded from implicit VR). */
ssize_t dcb_dset_encode(const struct dcb_dset *ds, enum dcb_dset_syntax syntax, uint8_t *buf,
                        size_t size, struct dcb_error *err);

/* Bytes dcb_dset_encode() writes, or its error. */
ssize_t dcb_dset_encoded_size(const struct dcb_dset *ds, enum dcb_dset_syntax syntax,
                              struct dcb_error *err);

/* Encodes into a buffer of its own: *out (the caller frees it) and *len.
 * Returns 0 or the errors of dcb_dset_encode(), DCB_ERR_NOMEM. */
int dcb_dset_encode_alloc(const struct dcb_dset *ds, enum dcb_dset_syntax syntax, uint8_t **out,
                          size_t *len, struct dcb_error *err);

/* Decodes buf[0..len) into a new data set *out (the caller frees it).
 * Sequences and items may have undefined lengths; in implicit VR, an
 * element of undefined length is a sequence (VR SQ), and so is an explicit
 * UN of undefined length (its items in implicit VR, PS3.5 §6.2.2).
 * Returns 0 (*out set), or (*out NULL)
 *   DCB_ERR_TRUNCATED    a header, value, item or sequence runs past the
 *                        end or past its enclosing item or sequence,
 *   DCB_ERR_MALFORMED    an unknown explicit VR, an item or delimiter where
 *                        none may be, the same tag twice in one data set,
 *   DCB_ERR_UNSUPPORTED  undefined length on anything but a sequence
 *                        (encapsulated pixel data),
 *   DCB_ERR_LIMIT        more than DCB_DSET_MAX_BYTES of input, more than
 *                        DCB_DSET_MAX_ELEMENTS elements and items, sequences
 *                        nested deeper than DCB_DSET_MAX_DEPTH,
 *   DCB_ERR_NOMEM.
 * The detail names the element and its offset in buf (err->offset). */
int dcb_dset_decode(const uint8_t *buf, size_t len, enum dcb_dset_syntax syntax,
                    struct dcb_dset **out, struct dcb_error *err);

#endif
