/* part10.c — the streaming Part 10 reader (see part10.h).
 *
 * Bytes come from a file descriptor, or from zlib when the data set is
 * deflated, into one bounded buffer.  The reader keeps an explicit stack
 * of open sequences and items; each dcb_reader_next() call reads exactly
 * one header (or notices one end by length) and returns.  Every length is
 * checked against the innermost enclosing item or sequence of defined
 * length and against the file size before anything is read or skipped. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "dict.h"
#include "filebuf.h"
#include "i18n.h"
#include "part10.h"

#define META_MAX (1024u * 1024u) /* largest file meta information we accept */
#define DEFAULT_VALUE_LIMIT 65536u

#define TAG_ITEM 0xfffee000u
#define TAG_ITEM_END 0xfffee00du
#define TAG_SEQ_END 0xfffee0ddu
#define TAG_PIXEL_DATA 0x7fe00010u

/* How the elements of one nesting level are encoded. */
enum enc {
	ENC_IMPLICIT_LE,
	ENC_EXPLICIT_LE,
	ENC_EXPLICIT_BE,
};

enum phase {
	PHASE_META, /* delivering group 0002 */
	PHASE_DATA, /* delivering the data set */
	PHASE_DONE,
};

/* One open sequence (or encapsulated pixel data) and its current item. */
struct frame {
	uint32_t tag;
	int64_t offset;   /* of the sequence header */
	int64_t end;      /* offset just past the sequence, -1 undefined */
	int64_t item_end; /* offset just past the current item, -1 undefined */
	uint32_t items;   /* items (or fragments) seen so far */
	bool in_item;
	bool pixel;   /* encapsulated pixel data: items are fragments */
	enum enc enc; /* encoding of the elements inside */
};

struct dcb_reader {
	int fd;
	bool own_fd;
	size_t value_limit;
	bool meta_only;
	struct dcb_meta meta;

	struct dcb_filebuf fb;

	enum phase phase;
	enum enc enc;      /* encoding of the top-level data set */
	enum enc meta_enc; /* encoding of group 0002 (explicit LE unless broken) */
	struct frame stack[DCB_MAX_DEPTH];
	unsigned depth;
	uint32_t path[DCB_MAX_DEPTH];
	uint32_t item_index[DCB_MAX_DEPTH];

	int pixel_rep;       /* (0028,0103) of the top level, -1 before it */
	uint64_t value_left; /* unread bytes of the current (big) value */
	uint32_t value_tag;
	int failed; /* sticky error code, 0 if none */
};

/* ------------------------------------------------------------------ */
/* Bytes in                                                            */
/* ------------------------------------------------------------------ */

static uint32_t
get_tag(const uint8_t *p, bool be)
{
	return (uint32_t)dcb_get16(p, be) << 16 | dcb_get16(p + 2, be);
}

/* Skips n value bytes of element tag. */
static int
skip(struct dcb_reader *r, uint64_t n, uint32_t tag, struct dcb_error *err)
{
	int rc = dcb_filebuf_skip(&r->fb, n, err);

	if (rc > 0)
		return dcb_error_set(err, DCB_ERR_TRUNCATED, r->fb.pos,
		                     N_("the file ends inside the value of element (%04X,%04X)"),
		                     DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag));
	return rc;
}

/* ------------------------------------------------------------------ */
/* Value representations                                               */
/* ------------------------------------------------------------------ */

static const char known_vrs[][3] = {
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT",
    "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST",
    "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
};

static bool
is_vr(uint8_t a, uint8_t b)
{
	for (size_t i = 0; i < sizeof known_vrs / sizeof known_vrs[0]; i++)
		if (known_vrs[i][0] == a && known_vrs[i][1] == b)
			return true;
	return false;
}

/* VRs whose explicit header has 2 reserved bytes and a 32-bit length. */
static bool
vr_long_length(const char *vr)
{
	static const char long_vrs[][3] = {
	    "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV",
	};

	for (size_t i = 0; i < sizeof long_vrs / sizeof long_vrs[0]; i++)
		if (strcmp(long_vrs[i], vr) == 0)
			return true;
	return false;
}

/* The VR an implicit VR element gets from the dictionary; "US or SS"
 * follows Pixel Representation (0028,0103) as dcmtk does. */
static void
implicit_vr(uint32_t tag, int pixel_rep, char vr[3])
{
	const struct dcb_dict_entry *e = dcb_dict_lookup(tag);

	if (e == NULL || strlen(e->vr) < 2) {
		strcpy(vr, "UN");
		return;
	}
	if (strncmp(e->vr, "OB or OW", 8) == 0) {
		strcpy(vr, "OW");
		return;
	}
	if (strcmp(e->vr, "US or SS") == 0 && pixel_rep == 1) {
		strcpy(vr, "SS");
		return;
	}
	vr[0] = e->vr[0];
	vr[1] = e->vr[1];
	vr[2] = '\0';
}

/* ------------------------------------------------------------------ */
/* Structure                                                           */
/* ------------------------------------------------------------------ */

/* Offset the next element must end by: the innermost enclosing item or
 * sequence of defined length, or the file size; -1 when unknown. */
static int64_t
limit_end(const struct dcb_reader *r, bool *is_file, uint32_t *seq_tag)
{
	*is_file = false;
	*seq_tag = 0;
	for (unsigned i = r->depth; i > 0; i--) {
		const struct frame *f = &r->stack[i - 1];

		*seq_tag = f->tag;
		if (f->in_item && f->item_end >= 0)
			return f->item_end;
		if (f->end >= 0)
			return f->end;
	}
	*is_file = true;
	return r->fb.inflating ? -1 : r->fb.file_size;
}

static int
check_fits(struct dcb_reader *r, int64_t header_off, uint32_t tag, uint32_t length,
           struct dcb_error *err)
{
	bool is_file;
	uint32_t seq;
	int64_t end = limit_end(r, &is_file, &seq);

	if (end < 0 || r->fb.pos + (int64_t)length <= end)
		return 0;
	if (is_file)
		return dcb_error_set(
		    err, DCB_ERR_TRUNCATED, header_off,
		    N_("element (%04X,%04X) has length %u but the file ends %lld bytes later"),
		    DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag), length, (long long)(end - r->fb.pos));
	return dcb_error_set(err, DCB_ERR_MALFORMED, header_off,
	                     N_("element (%04X,%04X) has length %u, longer than its enclosing item "
	                        "or sequence, which ends at offset %lld"),
	                     DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag), length, (long long)end);
}

/* A header of 8 bytes at the cursor must lie inside the enclosing item or
 * sequence of defined length. */
static int
check_header(struct dcb_reader *r, struct dcb_error *err)
{
	bool is_file;
	uint32_t seq;
	int64_t end = limit_end(r, &is_file, &seq);

	if (is_file || end < 0 || r->fb.pos + 8 <= end)
		return 0;
	return dcb_error_set(err, DCB_ERR_MALFORMED, r->fb.pos,
	                     N_("a header crosses the end of sequence (%04X,%04X) or its item, "
	                        "at offset %lld"),
	                     DCB_TAG_GROUP(seq), DCB_TAG_ELEMENT(seq), (long long)end);
}

static int
push(struct dcb_reader *r, struct dcb_element *el, bool pixel, enum enc enc, struct dcb_error *err)
{
	struct frame *f;

	if (r->depth >= DCB_MAX_DEPTH)
		return dcb_error_set(err, DCB_ERR_LIMIT, el->offset,
		                     N_("sequence (%04X,%04X) is nested more than %d levels deep"),
		                     DCB_TAG_GROUP(el->tag), DCB_TAG_ELEMENT(el->tag),
		                     DCB_MAX_DEPTH);
	f = &r->stack[r->depth];
	memset(f, 0, sizeof *f);
	f->tag = el->tag;
	f->offset = el->offset;
	f->end = el->length == DCB_UNDEFINED_LENGTH ? -1 : r->fb.pos + (int64_t)el->length;
	f->item_end = -1;
	f->pixel = pixel;
	f->enc = enc;
	r->path[r->depth] = el->tag;
	r->item_index[r->depth] = 0;
	r->depth++;
	el->kind = pixel ? DCB_EL_PIXEL_START : DCB_EL_SEQ_START;
	return 1;
}

static int
pop(struct dcb_reader *r, struct dcb_element *el, int64_t delim_off)
{
	struct frame *f = &r->stack[r->depth - 1];

	el->kind = f->pixel ? DCB_EL_PIXEL_END : DCB_EL_SEQ_END;
	el->tag = TAG_SEQ_END;
	el->offset = delim_off;
	el->value_offset = r->fb.pos;
	r->depth--;
	el->depth = r->depth;
	return 1;
}

static int
end_item(struct dcb_reader *r, struct dcb_element *el, int64_t delim_off)
{
	r->stack[r->depth - 1].in_item = false;
	el->kind = DCB_EL_ITEM_END;
	el->tag = TAG_ITEM_END;
	el->offset = delim_off;
	el->value_offset = r->fb.pos;
	el->depth = r->depth;
	return 1;
}

/* Loads the value (small) or leaves it for dcb_reader_read_value(). */
static int
take_value(struct dcb_reader *r, struct dcb_element *el, struct dcb_error *err)
{
	int rc;

	if (el->length > r->value_limit) {
		r->value_left = el->length;
		r->value_tag = el->tag;
		return 1;
	}
	rc = dcb_filebuf_fill(&r->fb, el->length, err);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return dcb_error_set(err, DCB_ERR_TRUNCATED, el->offset,
		                     N_("the file ends inside the value of element (%04X,%04X) (%u "
		                        "bytes announced, %zu present)"),
		                     DCB_TAG_GROUP(el->tag), DCB_TAG_ELEMENT(el->tag), el->length,
		                     r->fb.len - r->fb.cur);
	el->value = r->fb.buf + r->fb.cur;
	el->value_len = el->length;
	dcb_filebuf_consume(&r->fb, el->length);
	return 1;
}

static int
ends_early(struct dcb_reader *r, int64_t off, struct dcb_error *err)
{
	if (r->depth > 0) {
		const struct frame *f = &r->stack[r->depth - 1];

		return dcb_error_set(
		    err, DCB_ERR_TRUNCATED, off,
		    N_("the file ends inside sequence (%04X,%04X) that starts at offset %lld"),
		    DCB_TAG_GROUP(f->tag), DCB_TAG_ELEMENT(f->tag), (long long)f->offset);
	}
	return dcb_error_set(err, DCB_ERR_TRUNCATED, off,
	                     N_("the file ends inside an element header"));
}

/* Reads the next item, fragment or sequence delimiter of the top frame. */
static int
read_item(struct dcb_reader *r, struct dcb_element *el, struct dcb_error *err)
{
	struct frame *f = &r->stack[r->depth - 1];
	bool be = f->enc == ENC_EXPLICIT_BE;
	int64_t off = r->fb.pos;
	uint32_t tag, length;
	int rc = check_header(r, err);

	if (rc < 0)
		return rc;
	rc = dcb_filebuf_fill(&r->fb, 8, err);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return ends_early(r, off, err);
	tag = get_tag(r->fb.buf + r->fb.cur, be);
	length = dcb_get32(r->fb.buf + r->fb.cur + 4, be);
	if (tag == TAG_SEQ_END) {
		dcb_filebuf_consume(&r->fb, 8);
		if (f->end >= 0)
			return dcb_error_set(err, DCB_ERR_MALFORMED, off,
			                     N_("sequence delimiter in sequence (%04X,%04X), which "
			                        "has a defined length"),
			                     DCB_TAG_GROUP(f->tag), DCB_TAG_ELEMENT(f->tag));
		return pop(r, el, off);
	}
	if (tag != TAG_ITEM)
		return dcb_error_set(
		    err, DCB_ERR_MALFORMED, off,
		    N_("expected an item (FFFE,E000) in sequence (%04X,%04X), found (%04X,%04X)"),
		    DCB_TAG_GROUP(f->tag), DCB_TAG_ELEMENT(f->tag), DCB_TAG_GROUP(tag),
		    DCB_TAG_ELEMENT(tag));
	dcb_filebuf_consume(&r->fb, 8);
	el->tag = tag;
	el->length = length;
	el->offset = off;
	el->value_offset = r->fb.pos;
	el->big_endian = be;
	if (f->items == UINT32_MAX)
		return dcb_error_set(err, DCB_ERR_LIMIT, off, N_("too many items"));
	f->items++;
	r->item_index[r->depth - 1] = f->items;
	el->depth = r->depth;
	if (length != DCB_UNDEFINED_LENGTH) {
		rc = check_fits(r, off, tag, length, err);
		if (rc < 0)
			return rc;
	}
	if (f->pixel) {
		if (length == DCB_UNDEFINED_LENGTH)
			return dcb_error_set(err, DCB_ERR_MALFORMED, off,
			                     N_("pixel data fragment with undefined length"));
		el->kind = DCB_EL_FRAGMENT;
		strcpy(el->vr, "OB");
		return take_value(r, el, err);
	}
	f->in_item = true;
	f->item_end = length == DCB_UNDEFINED_LENGTH ? -1 : r->fb.pos + (int64_t)length;
	el->kind = DCB_EL_ITEM_START;
	return 1;
}

/* Reads one element header at the cursor in encoding enc.  Returns 1, 0 at
 * a clean end of a top-level data set, or < 0. */
static int
read_element(struct dcb_reader *r, struct dcb_element *el, enum enc enc, struct dcb_error *err)
{
	bool be = enc == ENC_EXPLICIT_BE;
	int64_t off = r->fb.pos;
	const uint8_t *p;
	uint32_t tag, length;
	size_t hdr = 8;
	int rc = check_header(r, err);

	if (rc < 0)
		return rc;
	rc = dcb_filebuf_fill(&r->fb, 8, err);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		if (r->fb.len == r->fb.cur && r->depth == 0)
			return 0;
		return ends_early(r, off, err);
	}
	p = r->fb.buf + r->fb.cur;
	tag = get_tag(p, be);
	if (DCB_TAG_GROUP(tag) == 0xfffe) {
		struct frame *f = r->depth > 0 ? &r->stack[r->depth - 1] : NULL;

		if (tag == TAG_ITEM_END && f != NULL && f->in_item && f->item_end < 0) {
			dcb_filebuf_consume(&r->fb, 8);
			return end_item(r, el, off);
		}
		return dcb_error_set(err, DCB_ERR_MALFORMED, off,
		                     N_("unexpected (%04X,%04X) where a data element should be"),
		                     DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag));
	}
	el->tag = tag;
	el->offset = off;
	el->depth = r->depth;
	el->big_endian = be;
	if (enc == ENC_IMPLICIT_LE) {
		implicit_vr(tag, r->pixel_rep, el->vr);
		length = dcb_get32(p + 4, false);
	} else {
		if (!is_vr(p[4], p[5]))
			return dcb_error_set(
			    err, DCB_ERR_MALFORMED, off,
			    N_("element (%04X,%04X) has an invalid VR (bytes %02X %02X)"),
			    DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag), p[4], p[5]);
		el->vr[0] = (char)p[4];
		el->vr[1] = (char)p[5];
		el->vr[2] = '\0';
		el->vr_explicit = true;
		if (vr_long_length(el->vr)) {
			rc = dcb_filebuf_fill(&r->fb, 12, err);
			if (rc < 0)
				return rc;
			if (rc > 0)
				return ends_early(r, off, err);
			p = r->fb.buf + r->fb.cur;
			length = dcb_get32(p + 8, be);
			hdr = 12;
		} else {
			length = dcb_get16(p + 6, be);
		}
	}
	dcb_filebuf_consume(&r->fb, hdr);
	el->length = length;
	el->value_offset = r->fb.pos;

	if (length == DCB_UNDEFINED_LENGTH) {
		if (r->phase == PHASE_META)
			return dcb_error_set(err, DCB_ERR_MALFORMED, off,
			                     N_("element (%04X,%04X) of the file meta information "
			                        "has undefined length"),
			                     DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag));
		if (strcmp(el->vr, "SQ") == 0)
			return push(r, el, false, enc, err);
		if (strcmp(el->vr, "UN") == 0) {
			/* PS3.5 §6.2.2: UN of undefined length holds an implicit
			 * VR little endian sequence. */
			if (!el->vr_explicit)
				strcpy(el->vr, "SQ");
			return push(r, el, false, ENC_IMPLICIT_LE, err);
		}
		if (tag == TAG_PIXEL_DATA || strcmp(el->vr, "OB") == 0 || strcmp(el->vr, "OW") == 0)
			return push(r, el, true, enc, err);
		return dcb_error_set(
		    err, DCB_ERR_MALFORMED, off,
		    N_("element (%04X,%04X) with VR %s cannot have an undefined length"),
		    DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag), el->vr);
	}
	rc = check_fits(r, off, tag, length, err);
	if (rc < 0)
		return rc;
	if (strcmp(el->vr, "SQ") == 0 && r->phase != PHASE_META)
		return push(r, el, false, enc, err);
	el->kind = DCB_EL_VALUE;
	rc = take_value(r, el, err);
	if (rc > 0 && tag == 0x00280103u && r->depth == 0 && el->value_len == 2)
		r->pixel_rep = dcb_get16(el->value, be);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Opening: preamble, meta, encoding                                   */
/* ------------------------------------------------------------------ */

static void
copy_text(char *dst, size_t size, const struct dcb_element *el)
{
	size_t n = el->value_len;

	while (n > 0 && (el->value[n - 1] == '\0' || el->value[n - 1] == ' '))
		n--;
	if (n > size - 1)
		n = size - 1;
	memcpy(dst, el->value, n);
	dst[n] = '\0';
}

static void
note_meta(struct dcb_meta *m, const struct dcb_element *el)
{
	switch (DCB_TAG_ELEMENT(el->tag)) {
	case 0x0000:
		if (el->value_len == 4)
			m->meta_group_length = dcb_get32(el->value, false);
		break;
	case 0x0002:
		copy_text(m->media_sop_class_uid, sizeof m->media_sop_class_uid, el);
		break;
	case 0x0003:
		copy_text(m->media_sop_instance_uid, sizeof m->media_sop_instance_uid, el);
		break;
	case 0x0010:
		copy_text(m->transfer_syntax_uid, sizeof m->transfer_syntax_uid, el);
		break;
	case 0x0012:
		copy_text(m->impl_class_uid, sizeof m->impl_class_uid, el);
		break;
	case 0x0013:
		copy_text(m->impl_version_name, sizeof m->impl_version_name, el);
		break;
	case 0x0016:
		copy_text(m->source_ae, sizeof m->source_ae, el);
		break;
	}
}

/* Guesses the encoding of a data set from its first element header. */
static bool
detect(const uint8_t *p, size_t n, int64_t room, enum enc *enc)
{
	uint16_t g_le, g_be;
	uint32_t len;

	if (n < 8)
		return false;
	g_le = dcb_get16(p, false);
	g_be = dcb_get16(p, true);
	if (is_vr(p[4], p[5])) {
		if (g_le > 0x00ff && g_be <= 0x00ff && g_be != 0x0000)
			*enc = ENC_EXPLICIT_BE;
		else if (g_le <= 0x7fe0)
			*enc = ENC_EXPLICIT_LE;
		else
			return false;
		return true;
	}
	if (g_le > 0x7fe0 || (g_le > 0x00ff && g_be <= 0x00ff))
		return false;
	len = dcb_get32(p + 4, false);
	if (g_le == 0 && dcb_get16(p + 2, false) == 0 && len == 0)
		return false; /* zeros */
	if (len != DCB_UNDEFINED_LENGTH && room >= 0 && (int64_t)len > room - 8)
		return false;
	*enc = ENC_IMPLICIT_LE;
	return true;
}

static enum enc
enc_of(enum dcb_ts ts)
{
	switch (ts) {
	case DCB_TS_IMPLICIT_LE:
		return ENC_IMPLICIT_LE;
	case DCB_TS_EXPLICIT_BE:
		return ENC_EXPLICIT_BE;
	case DCB_TS_EXPLICIT_LE:
	case DCB_TS_DEFLATED_LE:
		break;
	}
	return ENC_EXPLICIT_LE;
}

static enum dcb_ts
ts_of(enum enc e)
{
	switch (e) {
	case ENC_IMPLICIT_LE:
		return DCB_TS_IMPLICIT_LE;
	case ENC_EXPLICIT_BE:
		return DCB_TS_EXPLICIT_BE;
	case ENC_EXPLICIT_LE:
		break;
	}
	return DCB_TS_EXPLICIT_LE;
}

bool
dcb_ts_detect(const uint8_t *p, size_t n, enum dcb_ts *ts)
{
	enum enc e;

	if (!detect(p, n, -1, &e))
		return false;
	*ts = ts_of(e);
	return true;
}

/* Reads group 0002 starting at the cursor (buffer pinned). */
static int
read_meta(struct dcb_reader *r, struct dcb_error *err)
{
	struct dcb_meta *m = &r->meta;
	size_t saved_limit = r->value_limit;
	enum enc menc = ENC_EXPLICIT_LE;
	int64_t meta_end = -1;
	bool deflated = false;
	int rc = 0;

	m->meta_offset = r->fb.pos;
	if (r->fb.len - r->fb.cur >= 6 &&
	    !is_vr(r->fb.buf[r->fb.cur + 4], r->fb.buf[r->fb.cur + 5]))
		menc = ENC_IMPLICIT_LE; /* seen in the wild; tolerated */
	r->meta_enc = menc;
	r->value_limit = META_MAX;
	r->phase = PHASE_META;
	for (;;) {
		struct dcb_element el;

		if (meta_end >= 0 && r->fb.pos >= meta_end && deflated)
			break;
		rc = dcb_filebuf_fill(&r->fb, 8, err);
		if (rc < 0)
			break;
		if (rc > 0 || dcb_get16(r->fb.buf + r->fb.cur, false) != 0x0002) {
			rc = 0;
			break;
		}
		memset(&el, 0, sizeof el);
		rc = read_element(r, &el, menc, err);
		if (rc <= 0)
			break;
		if (el.tag == 0x00020000u && el.value_len == 4)
			meta_end = r->fb.pos + dcb_get32(el.value, false);
		note_meta(m, &el);
		if (el.tag == 0x00020010u)
			deflated =
			    dcb_ts_from_uid(m->transfer_syntax_uid, &m->ts, &m->encapsulated) &&
			    m->ts == DCB_TS_DEFLATED_LE;
		rc = 0;
	}
	r->value_limit = saved_limit;
	if (rc < 0)
		return rc;
	m->dataset_offset = r->fb.pos;
	return 0;
}

static struct dcb_reader *
fail_open(struct dcb_reader *r)
{
	dcb_reader_free(r);
	return NULL;
}

struct dcb_reader *
dcb_reader_open_fd(int fd, const char *name, const struct dcb_reader_options *opts,
                   struct dcb_error *err)
{
	struct dcb_reader *r = calloc(1, sizeof *r);
	struct dcb_meta *m;
	size_t start = 0;
	int rc;

	(void)name;
	if (r == NULL) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	r->fd = fd;
	r->value_limit =
	    opts != NULL && opts->value_limit > 0 ? opts->value_limit : DEFAULT_VALUE_LIMIT;
	r->meta_only = opts != NULL && opts->meta_only;
	r->pixel_rep = -1;
	if (dcb_filebuf_init(&r->fb, fd,
	                     (r->value_limit > META_MAX ? r->value_limit : META_MAX) + 16, err) < 0)
		return fail_open(r);
	m = &r->meta;
	m->meta_group_length = -1;
	m->meta_offset = -1;
	r->fb.pin = true;

	rc = dcb_filebuf_fill(&r->fb, 132, err);
	if (rc < 0)
		return fail_open(r);
	if (r->fb.len >= 132 && memcmp(r->fb.buf + 128, "DICM", 4) == 0) {
		m->has_preamble = true;
		start = 132;
	}
	dcb_filebuf_consume(&r->fb, start);
	rc = dcb_filebuf_fill(&r->fb, 8, err);
	if (rc < 0)
		return fail_open(r);
	if (rc == 0 && dcb_get16(r->fb.buf + r->fb.cur, false) == 0x0002) {
		m->has_meta = true;
		if (read_meta(r, err) < 0)
			return fail_open(r);
	} else {
		m->dataset_offset = (int64_t)start;
	}

	if (m->transfer_syntax_uid[0] != '\0' &&
	    dcb_ts_from_uid(m->transfer_syntax_uid, &m->ts, &m->encapsulated)) {
		r->enc = enc_of(m->ts);
	} else {
		/* No meta, or no (known) transfer syntax: look at the bytes. */
		enum enc e;
		size_t at = r->fb.cur;
		int64_t room = r->fb.file_size >= 0 ? r->fb.file_size - m->dataset_offset : -1;

		rc = dcb_filebuf_fill(&r->fb, 8, err);
		if (rc < 0)
			return fail_open(r);
		if (r->fb.len < at + 8) {
			if (!m->has_meta || r->fb.len > at) {
				dcb_error_set(err, DCB_ERR_MALFORMED, 0,
				              N_("not a DICOM file: too short to hold a data set"));
				return fail_open(r);
			}
			e = ENC_EXPLICIT_LE; /* meta only, empty data set */
		} else if (!detect(r->fb.buf + at, r->fb.len - at, room, &e)) {
			dcb_error_set(
			    err, DCB_ERR_MALFORMED, m->dataset_offset,
			    m->has_meta || m->has_preamble
			        ? N_("the data set does not start with a valid element")
			        : N_("not a DICOM file: no preamble, no file meta information, and "
			             "the first bytes are no data element"));
			return fail_open(r);
		}
		r->enc = e;
		m->ts = ts_of(e);
		m->encapsulated = false;
		m->ts_detected = true;
	}

	/* Deliver from the first meta element (or the data set) on. */
	r->fb.cur = m->has_meta ? (size_t)m->meta_offset : (size_t)m->dataset_offset;
	r->fb.pos = (int64_t)r->fb.cur;
	r->phase = m->has_meta ? PHASE_META : PHASE_DATA;
	r->fb.pin = false;
	return r;
}

struct dcb_reader *
dcb_reader_open(const char *path, const struct dcb_reader_options *opts, struct dcb_error *err)
{
	struct dcb_reader *r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot open %s: %s"), path, strerror(errno));
		return NULL;
	}
	r = dcb_reader_open_fd(fd, path, opts, err);
	if (r == NULL) {
		close(fd);
		return NULL;
	}
	r->own_fd = true;
	return r;
}

void
dcb_reader_free(struct dcb_reader *r)
{
	if (r == NULL)
		return;
	dcb_filebuf_clear(&r->fb);
	if (r->own_fd)
		close(r->fd);
	free(r);
}

const struct dcb_meta *
dcb_reader_meta(const struct dcb_reader *r)
{
	return &r->meta;
}

/* Switches from the meta header to the data set (starts inflating). */
static int
start_dataset(struct dcb_reader *r, struct dcb_error *err)
{
	r->phase = PHASE_DATA;
	if (r->meta.ts != DCB_TS_DEFLATED_LE)
		return 0;
	return dcb_filebuf_inflate(&r->fb, err);
}

static int
next_element(struct dcb_reader *r, struct dcb_element *el, struct dcb_error *err)
{
	int rc;

	if (r->value_left > 0) {
		rc = skip(r, r->value_left, r->value_tag, err);
		r->value_left = 0;
		if (rc < 0)
			return rc;
	}
	memset(el, 0, sizeof *el);
	el->path = r->path;
	el->item_index = r->item_index;

	if (r->phase == PHASE_META) {
		if (r->fb.pos < r->meta.dataset_offset)
			return read_element(r, el, r->meta_enc, err);
		if (r->meta_only) {
			r->phase = PHASE_DONE;
			return 0;
		}
		rc = start_dataset(r, err);
		if (rc < 0)
			return rc;
	}
	if (r->phase == PHASE_DONE)
		return 0;
	el->in_deflate = r->fb.inflating;
	if (r->depth > 0) {
		struct frame *f = &r->stack[r->depth - 1];

		int64_t end = f->in_item ? f->item_end : f->end;

		if (end >= 0 && r->fb.pos > end && f->in_item)
			return dcb_error_set(err, DCB_ERR_MALFORMED, r->fb.pos,
			                     N_("an item of sequence (%04X,%04X) runs past its "
			                        "length, which ends at offset %lld"),
			                     DCB_TAG_GROUP(f->tag), DCB_TAG_ELEMENT(f->tag),
			                     (long long)end);
		if (end >= 0 && r->fb.pos > end)
			return dcb_error_set(err, DCB_ERR_MALFORMED, r->fb.pos,
			                     N_("sequence (%04X,%04X) runs past its length, which "
			                        "ends at offset %lld"),
			                     DCB_TAG_GROUP(f->tag), DCB_TAG_ELEMENT(f->tag),
			                     (long long)end);
		if (f->in_item) {
			if (end >= 0 && r->fb.pos == end)
				return end_item(r, el, -1);
			return read_element(r, el, f->enc, err);
		}
		if (end >= 0 && r->fb.pos == end)
			return pop(r, el, -1);
		return read_item(r, el, err);
	}
	rc = read_element(r, el, r->enc, err);
	if (rc == 0)
		r->phase = PHASE_DONE;
	return rc;
}

int
dcb_reader_next(struct dcb_reader *r, struct dcb_element *el, struct dcb_error *err)
{
	int rc;

	if (r->failed < 0)
		return dcb_error_set(err, r->failed, r->fb.pos,
		                     N_("the reader stopped at an earlier error"));
	rc = next_element(r, el, err);
	if (rc < 0)
		r->failed = rc;
	else
		el->in_deflate = r->fb.inflating;
	return rc;
}

long
dcb_reader_read_value(struct dcb_reader *r, void *buf, size_t n, struct dcb_error *err)
{
	uint8_t *out = buf;
	size_t done = 0;

	if (r->failed < 0)
		return dcb_error_set(err, r->failed, r->fb.pos,
		                     N_("the reader stopped at an earlier error"));
	if (n > r->value_left)
		n = (size_t)r->value_left;
	if (n > 0x40000000u)
		n = 0x40000000u;
	while (done < n) {
		size_t avail = r->fb.len - r->fb.cur, step;
		int rc;

		if (avail == 0) {
			rc = dcb_filebuf_fill(&r->fb, 1, err);
			if (rc > 0)
				rc = dcb_error_set(
				    err, DCB_ERR_TRUNCATED, r->fb.pos,
				    N_("the file ends inside the value of element (%04X,%04X)"),
				    DCB_TAG_GROUP(r->value_tag), DCB_TAG_ELEMENT(r->value_tag));
			if (rc < 0) {
				r->failed = rc;
				return rc;
			}
			avail = r->fb.len - r->fb.cur;
		}
		step = avail < n - done ? avail : n - done;
		memcpy(out + done, r->fb.buf + r->fb.cur, step);
		dcb_filebuf_consume(&r->fb, step);
		done += step;
		r->value_left -= step;
	}
	return (long)done;
}
