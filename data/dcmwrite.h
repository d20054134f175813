/* dcmwrite.h — a small DICOM element writer for the sample generator.
 *
 * Not the project's reader or writer: the generator must not depend on the
 * core library, so this is a self-contained encoder that appends elements to
 * a growing memory buffer in one of the three uncompressed encodings of
 * PS3.5 (implicit VR little endian, explicit VR little endian, explicit VR
 * big endian).  Sequences and items may have defined lengths (patched when
 * they are closed) or undefined lengths (closed with delimitation items).
 * Encapsulated pixel data (PS3.5 A.4) is written with a Basic Offset Table.
 *
 * The caller writes elements in ascending tag order; the writer does not
 * sort.  Out of memory ends the program (this is a build tool).  A file is
 * preamble + "DICM" + the meta group (always explicit VR LE) + the data
 * set, optionally deflated (PS3.5 A.5). */
#ifndef DCB_DCMWRITE_H
#define DCB_DCMWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DW_TAG(g, e) (((uint32_t)(g) << 16) | (uint32_t)(e))
#define DW_MAX_DEPTH 16

enum dw_ts {
	DW_IMPLICIT_LE,
	DW_EXPLICIT_LE,
	DW_EXPLICIT_BE,
};

/* Transfer syntax UIDs (PS3.6 Annex A). */
#define DW_UID_IMPLICIT_LE "1.2.840.10008.1.2"
#define DW_UID_EXPLICIT_LE "1.2.840.10008.1.2.1"
#define DW_UID_DEFLATED_LE "1.2.840.10008.1.2.1.99"
#define DW_UID_EXPLICIT_BE "1.2.840.10008.1.2.2"
#define DW_UID_RLE "1.2.840.10008.1.2.5"

struct dw_open {
	size_t len_at; /* offset of the 4-byte length field; SIZE_MAX if undefined */
	size_t start;  /* offset of the first value byte */
	bool item;     /* an item (else a sequence or encapsulated element) */
};

struct dw {
	unsigned char *buf;
	size_t len, cap;
	enum dw_ts ts;
	struct dw_open open[DW_MAX_DEPTH];
	int depth;
	/* encapsulated pixel data in progress */
	size_t bot_at; /* offset of the Basic Offset Table's first value byte */
	size_t frag0;  /* offset of the first fragment's item tag */
	unsigned frames, frame;
	/* where each top-level element starts, for dw_sort() */
	struct dw_top {
		uint32_t tag;
		size_t start;
	} * top;
	size_t ntop, captop;
};

/* Starts an empty buffer that encodes in ts.  dw_clear() frees it. */
void dw_init(struct dw *w, enum dw_ts ts);
void dw_clear(struct dw *w);

/* A string value (AE AS CS DA DS DT IS LO LT PN SH ST TM UC UI UR UT):
 * padded to even length with a space, or with NUL for UI.  Multiple values
 * are given already joined with backslashes.  NULL or "" writes an empty
 * (zero-length) element. */
void dw_str(struct dw *w, uint32_t tag, const char *vr, const char *s);
/* Exactly len bytes as value, no padding, no byte swapping (for faults and
 * single-byte VRs such as OB). */
void dw_raw(struct dw *w, uint32_t tag, const char *vr, const void *v, uint32_t len);
/* Binary numbers, swapped as the transfer syntax needs. */
void dw_us(struct dw *w, uint32_t tag, uint16_t v);
void dw_ss(struct dw *w, uint32_t tag, int16_t v);
void dw_ul(struct dw *w, uint32_t tag, uint32_t v);
void dw_fl(struct dw *w, uint32_t tag, const float *v, size_t n);
void dw_fd(struct dw *w, uint32_t tag, const double *v, size_t n);
/* AT: n tags, each written as group then element. */
void dw_at(struct dw *w, uint32_t tag, const uint32_t *v, size_t n);
/* OW (or US/SS multi-valued) 16-bit words, n of them. */
void dw_words(struct dw *w, uint32_t tag, const char *vr, const uint16_t *v, size_t n);
/* OW holding 32-bit values (or UL/SL multi-valued): swapped per 32 bits in BE. */
void dw_dwords(struct dw *w, uint32_t tag, const char *vr, const uint32_t *v, size_t n);
/* Only the header of an element whose len value bytes the caller appends
 * itself (dw_append) or streams to the file afterwards. */
void dw_header(struct dw *w, uint32_t tag, const char *vr, uint32_t len);
void dw_append(struct dw *w, const void *p, size_t n);

/* Sequences and items.  undefined: write 0xFFFFFFFF and close with a
 * delimitation item; otherwise the length is patched at the end. */
void dw_seq_begin(struct dw *w, uint32_t tag, bool undefined);
void dw_seq_end(struct dw *w);
void dw_item_begin(struct dw *w, bool undefined);
void dw_item_end(struct dw *w);

/* Encapsulated pixel data (7FE0,0010) OB with undefined length: a Basic
 * Offset Table for frames frames, then one fragment per dw_encap_frame()
 * call (odd fragments padded with one zero byte), then the sequence
 * delimiter.  Only in little endian encodings. */
void dw_encap_begin(struct dw *w, unsigned frames);
void dw_encap_frame(struct dw *w, const void *p, size_t n);
void dw_encap_end(struct dw *w);

/* Sorts the top-level elements by tag (stable), so that modules may be
 * written in any order.  Dies on a duplicate tag or an open sequence. */
void dw_sort(struct dw *w);

/* File meta information (group 0002, explicit VR LE) into m, which must be
 * an explicit LE writer.  group_len_delta is added to the true group length
 * (0 for a correct header; anything else writes a wrong one on purpose). */
struct dw_meta {
	const char *sop_class;
	const char *sop_instance;
	const char *transfer_syntax;
	const char *impl_class;
	const char *impl_version;
	int32_t group_len_delta;
};
void dw_meta(struct dw *m, const struct dw_meta *meta);

/* Writes preamble, "DICM", meta and data set to path; deflates the data
 * set (raw RFC 1951, padded to even length) when deflate is true.
 * Returns 0, or -1 with errno set and a message on stderr. */
int dw_write_file(const char *path, const struct dw *meta, const struct dw *ds, bool deflate);

/* Opens path and writes preamble, "DICM" and meta, for callers that stream
 * the data set themselves.  Returns NULL with a message on stderr. */
FILE *dw_open_file(const char *path, const struct dw *meta);

/* Dies with a message if p is NULL (a build tool's out-of-memory policy). */
void *dw_xalloc(void *p);

#endif
