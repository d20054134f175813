/* part10.h — streaming reader for DICOM files (PS3.10) and raw data sets.
 *
 * The reader pulls bytes from a file descriptor through a bounded buffer and
 * hands out one element (or item / sequence delimiter / pixel fragment) at a
 * time.  Memory stays flat whatever the file size: a value is loaded only
 * when it is no longer than the value limit, otherwise it is skipped (or
 * read in pieces with dcb_reader_read_value()).
 *
 * Errors (truncation, impossible lengths, nesting too deep, garbage) come
 * back as negative enum dcb_err with the byte offset in struct dcb_error;
 * the reader never crashes on bad input. */
#ifndef DCB_PART10_H
#define DCB_PART10_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define DCB_UNDEFINED_LENGTH 0xffffffffu
#define DCB_MAX_DEPTH 32               /* nesting limit (sequences) */
#define DCB_UID_MAX 64                 /* PS3.5 §9.1 */

/* How a data set is encoded. */
enum dcb_ts {
	DCB_TS_IMPLICIT_LE,
	DCB_TS_EXPLICIT_LE,
	DCB_TS_EXPLICIT_BE,
	DCB_TS_DEFLATED_LE,     /* deflated explicit VR little endian */
};

/* Encoding of a transfer syntax UID; false if the UID is not a known
 * transfer syntax.  Every compressed (encapsulated) syntax is explicit LE. */
bool dcb_ts_from_uid(const char *uid, enum dcb_ts *ts, bool *encapsulated);

/* Guesses the encoding of a data set from the header of its first element
 * (p[0..n), n >= 8): implicit LE, explicit LE or explicit BE.  false when
 * the bytes fit none (deflated data, garbage). */
bool dcb_ts_detect(const uint8_t *p, size_t n, enum dcb_ts *ts);

/* Translated short name: "Implicit VR Little Endian", "JPEG Baseline", ... */
const char *dcb_ts_short_name(const char *uid);

/* What the file says about itself: preamble and group 0002. */
struct dcb_meta {
	bool has_preamble;            /* 128 bytes + "DICM" */
	bool has_meta;                /* group 0002 present */
	int64_t meta_group_length;    /* (0002,0000) value, -1 if absent */
	int64_t meta_offset;          /* offset of the first group 0002 element, -1 if none */
	int64_t dataset_offset;       /* offset where the data set starts */
	char media_sop_class_uid[DCB_UID_MAX + 1];     /* (0002,0002) */
	char media_sop_instance_uid[DCB_UID_MAX + 1];  /* (0002,0003) */
	char transfer_syntax_uid[DCB_UID_MAX + 1];     /* (0002,0010) */
	char impl_class_uid[DCB_UID_MAX + 1];          /* (0002,0012) */
	char impl_version_name[17];                    /* (0002,0013) */
	char source_ae[17];                            /* (0002,0016) */
	enum dcb_ts ts;               /* encoding of the data set */
	bool encapsulated;            /* compressed pixel data */
	bool ts_detected;             /* no meta: the encoding was guessed from the bytes */
};

enum dcb_el_kind {
	DCB_EL_VALUE,       /* an ordinary element */
	DCB_EL_SEQ_START,   /* an SQ element, or UN of undefined length (its items are
	                       implicit VR LE, PS3.5 §6.2.2; vr stays "UN" when explicit),
	                       or an implicit VR element of undefined length (vr "SQ") */
	DCB_EL_SEQ_END,     /* end of a sequence (delimiter or length reached) */
	DCB_EL_ITEM_START,  /* (FFFE,E000) */
	DCB_EL_ITEM_END,    /* end of an item (delimiter or length reached) */
	DCB_EL_PIXEL_START, /* (7FE0,0010), or any OB/OW, with undefined length */
	DCB_EL_FRAGMENT,    /* one item of encapsulated pixel data */
	DCB_EL_PIXEL_END,   /* sequence delimiter of encapsulated pixel data */
};

struct dcb_element {
	enum dcb_el_kind kind;
	uint32_t tag;
	char vr[3];             /* "UI", ... ; "UN" if implicit and unknown; "" for items/delimiters */
	bool vr_explicit;       /* VR read from the stream (false: from the dictionary) */
	uint32_t length;        /* as encoded; DCB_UNDEFINED_LENGTH for undefined */
	int64_t offset;         /* offset of the element header in the file; for *_END:
	                           the delimiter's offset, -1 when the end was reached
	                           by length (no delimiter in the stream) */
	int64_t value_offset;   /* offset of the first value byte */
	bool in_deflate;        /* offsets count inflated bytes after dataset_offset */
	unsigned depth;         /* 0 = top level data set, 1 = inside an item of a top-level SQ, ... */
	const uint32_t *path;   /* tags of the enclosing sequences, depth entries */
	const uint32_t *item_index; /* 1-based item numbers along path, depth entries */
	const uint8_t *value;   /* loaded value bytes (valid until the next call), NULL if not loaded */
	size_t value_len;       /* == length when loaded */
	bool big_endian;        /* value bytes of binary VRs are big endian */
};

struct dcb_reader_options {
	size_t value_limit;     /* load values up to this many bytes (default 65536) */
	bool meta_only;         /* stop after group 0002 */
};

struct dcb_reader;

/* Opens path.  Returns NULL and fills err on failure (not a DICOM file,
 * unreadable).  opts may be NULL for defaults. */
struct dcb_reader *dcb_reader_open(const char *path,
                                   const struct dcb_reader_options *opts,
                                   struct dcb_error *err);

/* Same over an open descriptor positioned at the start (a file, a pipe, a
 * memfd); the reader does not close fd.  name names the input for the
 * caller; the reader's own messages give offsets and tags. */
struct dcb_reader *dcb_reader_open_fd(int fd, const char *name,
                                      const struct dcb_reader_options *opts,
                                      struct dcb_error *err);

void dcb_reader_free(struct dcb_reader *r);

const struct dcb_meta *dcb_reader_meta(const struct dcb_reader *r);

/* Next element of the data set (group 0002 elements come first, at depth 0,
 * when the file has a meta header).  Returns 1 with *el filled, 0 at the
 * end of the data set, or a negative enum dcb_err: DCB_ERR_TRUNCATED (the
 * input ends early), DCB_ERR_MALFORMED (a length beyond its item, sequence
 * or the file's end, a bad VR, a stray delimiter, corrupt deflate data),
 * DCB_ERR_LIMIT (nesting deeper than DCB_MAX_DEPTH), DCB_ERR_IO,
 * DCB_ERR_NOMEM.  err->offset is the offset of the offending header.  After
 * an error every further call fails with the same code. */
int dcb_reader_next(struct dcb_reader *r, struct dcb_element *el, struct dcb_error *err);

/* Reads up to n bytes of the current element's value when it was too large
 * to load (el->value == NULL, also for big fragments).  Returns the count
 * read (0 at the end of the value) or < 0.  What is not read is skipped by
 * the next dcb_reader_next() (by seeking when the input allows). */
long dcb_reader_read_value(struct dcb_reader *r, void *buf, size_t n, struct dcb_error *err);

/* Writes a PS3.10 file meta information header (preamble, DICM, group 0002
 * in explicit VR LE with the right (0002,0000), (0002,0001) = 00 01 and
 * dicombench's implementation class UID and version name) into buf; UIDs
 * are padded with NUL, text with spaces.  Returns the bytes written,
 * DCB_ERR_LIMIT when buf is too small, DCB_ERR_USAGE when a UID is missing
 * or longer than 64 characters or source_ae longer than 16.  source_ae may
 * be NULL (then (0002,0016) is left out). */
long dcb_meta_encode(uint8_t *buf, size_t size,
                     const char *sop_class_uid, const char *sop_instance_uid,
                     const char *ts_uid, const char *source_ae);

/* dicombench's implementation class UID and version name. */
#define DCB_IMPL_CLASS_UID "2.25.171094537266563497473117046286733513394"
#define DCB_IMPL_VERSION_NAME "DICOMBENCH_010"

#endif
