/* store-normal.c — normal storage: the received file with dcmtk's default
 * output encoding (see store-normal.h).
 *
 * One pass with the streaming reader over the element headers.  Nothing is
 * written until the first edit is needed; from then on the output is the
 * input copied in ranges, with edits between the ranges.  Offsets: `in_pos`
 * is how far the input has gone to the output, `out_pos` how far the output
 * is; an input offset x at or after in_pos lands at out_pos + (x - in_pos)
 * in the output, which holds before the first edit too (both are 0 then).
 * A sequence's or item's length, and a group length, become known only at
 * its end: its place in the output is remembered and patched then. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytes.h"
#include "dict.h"
#include "i18n.h"
#include "part10.h"
#include "store-normal.h"

#define OUT_BUF 65536
#define COPY_DIRECT 16384 /* ranges this long go by copy_file_range */
#define MAX_OPEN (2 * DCB_MAX_DEPTH + 1)

#define TAG_PADDING DCB_TAG(0xfffc, 0xfffc)
#define TAG_PIXEL_DATA DCB_TAG(0x7fe0, 0x0010)

/* A sequence or item being written (or the data set itself, stack[0]). */
struct open {
	bool verbatim;   /* pixel fragments, or a UN of undefined length: no edits */
	bool be;         /* its length fields (its own, its group lengths) are big endian */
	int64_t len_at;  /* output offset of its 4-byte length field */
	int64_t start;   /* output offset of its first value byte */
	/* The group length element of this level whose group is still going. */
	int64_t gl_at;   /* output offset of its value, -1 when none */
	uint16_t gl_group;
	uint32_t gl_value; /* the value as received */
};

struct rewrite {
	int in, out;
	const char *name;
	bool writing; /* an edit was needed: the output is being written */
	int64_t in_pos, out_pos;
	struct open stack[MAX_OPEN];
	unsigned depth; /* open sequences and items */
	struct dcb_normal_stats st;
	size_t buf_len; /* bytes in buf, to go to out at out_pos - buf_len */
	uint8_t buf[OUT_BUF];
	/* Input read ahead for the short ranges between edits. */
	int64_t ahead_at;
	size_t ahead_len;
	uint8_t ahead[OUT_BUF];
};

static int
write_failed(struct rewrite *w, struct dcb_error *err)
{
	return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot write the re-encoded '%s': %s"),
	                     w->name, strerror(errno));
}

static int
flush(struct rewrite *w, struct dcb_error *err)
{
	int64_t at = w->out_pos - (int64_t)w->buf_len;
	size_t done = 0;

	while (done < w->buf_len) {
		ssize_t n = pwrite(w->out, w->buf + done, w->buf_len - done, at + (int64_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return write_failed(w, err);
		done += (size_t)n;
	}
	w->buf_len = 0;
	return 0;
}

static int
emit(struct rewrite *w, const void *p, size_t n, struct dcb_error *err)
{
	if (w->buf_len + n > sizeof w->buf && flush(w, err) < 0)
		return DCB_ERR_IO;
	memcpy(w->buf + w->buf_len, p, n);
	w->buf_len += n;
	w->out_pos += (int64_t)n;
	return 0;
}

static int
read_failed(struct rewrite *w, int64_t at, struct dcb_error *err)
{
	return dcb_error_set(err, DCB_ERR_IO, at, N_("cannot read '%s' again: %s"), w->name,
	                     errno != 0 ? strerror(errno) : _("it is shorter than before"));
}

/* Reads input [at, at + n) (n <= OUT_BUF) into dst through the read-ahead
 * window; 0 or DCB_ERR_IO. */
static int
read_in(struct rewrite *w, int64_t at, void *dst, size_t n, struct dcb_error *err)
{
	if (at < w->ahead_at || at + (int64_t)n > w->ahead_at + (int64_t)w->ahead_len) {
		ssize_t got;
		errno = 0;
		got = pread(w->in, w->ahead, sizeof w->ahead, at);
		if (got < (ssize_t)n)
			return read_failed(w, at, err);
		w->ahead_at = at;
		w->ahead_len = (size_t)got;
	}
	memcpy(dst, w->ahead + (at - w->ahead_at), n);
	return 0;
}

/* Copies input [in_pos, in_pos + n) to the output; a long range in the
 * kernel, a short one through the buffer. */
static int
copy_range(struct rewrite *w, int64_t n, struct dcb_error *err)
{
	if (n < COPY_DIRECT) {
		if (w->buf_len + (size_t)n > sizeof w->buf && flush(w, err) < 0)
			return DCB_ERR_IO;
		if (read_in(w, w->in_pos, w->buf + w->buf_len, (size_t)n, err) < 0)
			return DCB_ERR_IO;
		w->buf_len += (size_t)n;
		w->in_pos += n;
		w->out_pos += n;
		return 0;
	}
	if (flush(w, err) < 0)
		return DCB_ERR_IO;
	while (n > 0) {
		off_t from = w->in_pos, to = w->out_pos;
		ssize_t got = copy_file_range(w->in, &from, w->out, &to, (size_t)n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
		                errno == EOPNOTSUPP)) {
			/* No kernel copy between these two: through the buffer. */
			int64_t k = n < (int64_t)sizeof w->buf ? n : (int64_t)sizeof w->buf;
			errno = 0;
			if (pread(w->in, w->buf, (size_t)k, w->in_pos) != k)
				return read_failed(w, w->in_pos, err);
			w->buf_len = (size_t)k;
			w->in_pos += k;
			w->out_pos += k;
			if (flush(w, err) < 0)
				return DCB_ERR_IO;
			n -= k;
			continue;
		}
		if (got < 0)
			return write_failed(w, err);
		if (got == 0) {
			errno = 0;
			return read_failed(w, w->in_pos, err);
		}
		w->in_pos += got;
		w->out_pos += got;
		n -= got;
	}
	return 0;
}

/* Brings the output up to input offset x. */
static int
copy_to(struct rewrite *w, int64_t x, struct dcb_error *err)
{
	return x > w->in_pos ? copy_range(w, x - w->in_pos, err) : 0;
}

/* Where input offset x (at or after in_pos) lands in the output. */
static int64_t
out_of(const struct rewrite *w, int64_t x)
{
	return w->out_pos + (x - w->in_pos);
}

/* Sets a 2- or 4-byte field already in the output (in the buffer or on
 * disk): the output must have reached at + width. */
static int
patch(struct rewrite *w, int64_t at, uint32_t value, unsigned width, bool be,
      struct dcb_error *err)
{
	uint8_t b[4];
	int64_t buf_at = w->out_pos - (int64_t)w->buf_len;

	for (unsigned i = 0; i < width; i++) {
		unsigned shift = 8 * (be ? width - 1 - i : i);
		b[i] = (uint8_t)(value >> shift);
	}
	if (at >= buf_at) {
		memcpy(w->buf + (at - buf_at), b, width);
		return 0;
	}
	if (at + width > buf_at && flush(w, err) < 0) /* straddles: write the buffer first */
		return DCB_ERR_IO;
	if (pwrite(w->out, b, width, at) != (ssize_t)width)
		return write_failed(w, err);
	return 0;
}

/* The group length of level o ends at input offset x (the next group
 * starts there, or the level ends): its value is now known. */
static int
close_group(struct rewrite *w, struct open *o, int64_t x, struct dcb_error *err)
{
	int64_t at = o->gl_at;
	uint32_t value;

	if (at < 0)
		return 0;
	o->gl_at = -1;
	value = (uint32_t)(out_of(w, x) - (at + 4));
	if (value != o->gl_value) {
		w->writing = true;
		w->st.group_lengths++;
	}
	if (!w->writing)
		return 0;
	if (copy_to(w, x, err) < 0)
		return DCB_ERR_IO;
	return patch(w, at, value, 4, o->be, err);
}

/* An element of level o starts at input offset x: when it begins another
 * group, the pending group length's group ended there. */
static int
next_element(struct rewrite *w, struct open *o, uint32_t tag, int64_t x, struct dcb_error *err)
{
	if (o->verbatim || o->gl_at < 0 || DCB_TAG_GROUP(tag) == o->gl_group)
		return 0;
	return close_group(w, o, x, err);
}

static bool
pads_with_space(const char *vr)
{
	static const char text[] = "AE AS CS DA DS DT IS LO LT PN SH ST TM UC UR UT";

	return vr[0] != '\0' && strstr(text, vr) != NULL;
}

/* Header size and where its length field is, from the element's offsets. */
static void
length_field(const struct dcb_element *el, unsigned *pos, unsigned *width)
{
	int64_t hdr = el->value_offset - el->offset;

	*width = 4;
	if (hdr == 12)
		*pos = 8;
	else if (el->vr_explicit && el->kind != DCB_EL_ITEM_START)
		*pos = 6, *width = 2;
	else
		*pos = 4;
}

static int
on_value(struct rewrite *w, const struct dcb_element *el, struct dcb_error *err)
{
	struct open *o = &w->stack[w->depth];
	uint16_t group = DCB_TAG_GROUP(el->tag);
	unsigned pos, width;
	uint8_t hdr[12], pad;

	if (o->verbatim || (w->depth == 0 && group == 0x0002))
		return 0;
	if (next_element(w, o, el->tag, el->offset, err) < 0)
		return DCB_ERR_IO;
	if (el->tag == TAG_PADDING) {
		w->writing = true;
		w->st.dropped++;
		if (copy_to(w, el->offset, err) < 0)
			return DCB_ERR_IO;
		w->in_pos = el->value_offset + el->length;
		return 0;
	}
	if (DCB_TAG_ELEMENT(el->tag) == 0x0000) {
		/* A group length; one of another length than 4 is left alone
		 * (padding would make it look like one). */
		if (el->length == 4 && el->value != NULL) {
			o->gl_at = out_of(w, el->value_offset);
			o->gl_group = group;
			o->gl_value = dcb_get32(el->value, el->big_endian);
		}
		return 0;
	}
	length_field(el, &pos, &width);
	if (el->length % 2 == 0 || (width == 2 && el->length == 0xffff))
		return 0;
	/* Odd: the header with length + 1, the value, one padding byte. */
	w->writing = true;
	w->st.padded++;
	if (copy_to(w, el->offset, err) < 0)
		return DCB_ERR_IO;
	if (read_in(w, el->offset, hdr, (size_t)(el->value_offset - el->offset), err) < 0)
		return DCB_ERR_IO;
	if (emit(w, hdr, (size_t)(el->value_offset - el->offset), err) < 0)
		return DCB_ERR_IO;
	w->in_pos = el->value_offset;
	if (patch(w, w->out_pos - (el->value_offset - el->offset) + pos, el->length + 1, width,
	          el->big_endian, err) < 0 ||
	    copy_to(w, el->value_offset + el->length, err) < 0)
		return DCB_ERR_IO;
	pad = pads_with_space(el->vr) ? ' ' : '\0';
	return emit(w, &pad, 1, err);
}

static int
on_start(struct rewrite *w, const struct dcb_element *el, struct dcb_error *err)
{
	struct open *parent = &w->stack[w->depth], *o;
	bool undefined = el->length == DCB_UNDEFINED_LENGTH;
	unsigned pos, width;

	if (w->depth + 1 >= MAX_OPEN) /* the reader stops well before */
		return dcb_error_set(err, DCB_ERR_LIMIT, el->offset, N_("nesting too deep"));
	if (el->kind != DCB_EL_ITEM_START && next_element(w, parent, el->tag, el->offset, err) < 0)
		return DCB_ERR_IO;
	if (el->kind == DCB_EL_PIXEL_START && el->tag == TAG_PIXEL_DATA && !parent->verbatim &&
	    el->vr_explicit && strcmp(el->vr, "OW") == 0) {
		/* Encapsulated pixel data is OB (PS3.5 A.4). */
		w->writing = true;
		w->st.vrs++;
		if (copy_to(w, el->offset + 4, err) < 0 || emit(w, "OB", 2, err) < 0)
			return DCB_ERR_IO;
		w->in_pos = el->offset + 6;
	}
	o = &w->stack[++w->depth];
	memset(o, 0, sizeof *o);
	o->gl_at = -1;
	o->verbatim = parent->verbatim || el->kind == DCB_EL_PIXEL_START ||
	              (undefined && el->vr_explicit && strcmp(el->vr, "UN") == 0);
	if (o->verbatim)
		return 0;
	length_field(el, &pos, &width);
	o->be = el->big_endian;
	o->len_at = out_of(w, el->offset) + pos;
	o->start = out_of(w, el->value_offset);
	if (undefined) {
		w->writing = true;
		w->st.lengths++;
	}
	return 0;
}

static int
on_end(struct rewrite *w, const struct dcb_element *el, struct dcb_error *err)
{
	struct open *o = &w->stack[w->depth];
	/* Input offset where the content ends: the delimiter, or the end. */
	int64_t end = el->offset >= 0 ? el->offset : el->value_offset;

	if (w->depth == 0)
		return dcb_error_set(err, DCB_ERR_MALFORMED, el->offset,
		                     N_("end of a sequence that was never started"));
	w->depth--;
	if (o->verbatim)
		return 0;
	if (close_group(w, o, end, err) < 0)
		return DCB_ERR_IO;
	if (!w->writing)
		return 0;
	if (copy_to(w, end, err) < 0)
		return DCB_ERR_IO;
	w->in_pos = el->value_offset; /* past the delimiter, if any */
	return patch(w, o->len_at, (uint32_t)(w->out_pos - o->start), 4, o->be, err);
}

int
dcb_normalize(int in_fd, int out_fd, const char *name, struct dcb_normal_stats *st,
              struct dcb_error *err)
{
	static const struct dcb_reader_options opts = {.value_limit = 4};
	struct rewrite *w;
	struct dcb_reader *r;
	struct dcb_element el;
	struct stat sb;
	int rc;

	if (lseek(in_fd, 0, SEEK_SET) != 0 || fstat(in_fd, &sb) != 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot read '%s' again: %s"), name,
		                     strerror(errno));
	r = dcb_reader_open_fd(in_fd, name, &opts, err);
	if (r == NULL)
		return err != NULL && err->code < 0 ? err->code : DCB_ERR_MALFORMED;
	if (dcb_reader_meta(r)->ts == DCB_TS_DEFLATED_LE || !dcb_reader_meta(r)->has_preamble ||
	    !dcb_reader_meta(r)->has_meta) {
		dcb_reader_free(r);
		return 0;
	}
	w = calloc(1, sizeof *w);
	if (w == NULL) {
		dcb_reader_free(r);
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	}
	w->in = in_fd;
	w->out = out_fd;
	w->name = name;
	w->stack[0].gl_at = -1;
	w->stack[0].be = dcb_reader_meta(r)->ts == DCB_TS_EXPLICIT_BE;
	while ((rc = dcb_reader_next(r, &el, err)) > 0) {
		switch (el.kind) {
		case DCB_EL_VALUE:
			rc = on_value(w, &el, err);
			break;
		case DCB_EL_SEQ_START:
		case DCB_EL_ITEM_START:
		case DCB_EL_PIXEL_START:
			rc = on_start(w, &el, err);
			break;
		case DCB_EL_SEQ_END:
		case DCB_EL_ITEM_END:
		case DCB_EL_PIXEL_END:
			rc = on_end(w, &el, err);
			break;
		case DCB_EL_FRAGMENT:
			rc = 0;
			break;
		}
		if (rc < 0)
			break;
	}
	if (rc == 0)
		rc = close_group(w, &w->stack[0], sb.st_size, err);
	if (rc == 0 && w->writing) {
		rc = copy_to(w, sb.st_size, err);
		if (rc == 0)
			rc = flush(w, err);
		if (rc == 0)
			rc = 1;
	}
	if (st != NULL)
		*st = w->st;
	free(w);
	dcb_reader_free(r);
	return rc;
}
