/* conform.c — the conformance checker: file, element, character set and
 * object level checks over a stream of elements. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conform-iod.h"
#include "conform-value.h"
#include "conform.h"
#include "pixel-check.h"
#include "dict.h"
#include "findings.h"
#include "i18n.h"

#define MAX_CREATORS 32
#define MAX_ISSUES 8
#define QUOTE_MAX 64

#define TAG_META_GROUP_LENGTH DCB_TAG(0x0002, 0x0000)
#define TAG_META_VERSION DCB_TAG(0x0002, 0x0001)
#define TAG_CHARSET DCB_TAG(0x0008, 0x0005)
#define TAG_SOP_CLASS DCB_TAG(0x0008, 0x0016)
#define TAG_SOP_INSTANCE DCB_TAG(0x0008, 0x0018)
#define TAG_STUDY_UID DCB_TAG(0x0020, 0x000D)
#define TAG_SERIES_UID DCB_TAG(0x0020, 0x000E)

#define DICOMDIR_SOP_CLASS "1.2.840.10008.1.3.10"

/* One data set: the top level or one sequence item. */
struct frame {
	uint32_t last_tag;
	enum dcb_charset cs;
	unsigned ncreators;
	bool creators_full;
	uint32_t creators[MAX_CREATORS]; /* group << 8 | block */
};

/* An attribute present at the top level. */
struct present {
	uint32_t tag;
	bool empty;
};

struct dcb_checker {
	dcb_finding_fn fn;
	void *user;
	unsigned counts[3];

	struct frame frames[DCB_MAX_DEPTH + 2];
	unsigned nframes;    /* >= 1; frames[nframes - 1] is current */
	unsigned lost_items; /* items nested deeper than frames[] */
	unsigned seq_open;   /* open sequences, all levels */

	bool head_seen;
	bool have_meta;
	struct dcb_meta meta;

	/* group 0002 as streamed */
	bool meta_elements;
	bool meta_version;
	bool meta_gl_seen;
	uint32_t meta_gl;
	int64_t meta_gl_start;
	int64_t meta_gl_offset;
	int64_t meta_end;
	bool meta_done;
	bool dataset_started;

	/* a group length (gggg,0000) being verified at the top level */
	bool gl_active;
	uint16_t gl_group;
	uint32_t gl_value;
	int64_t gl_start;
	int64_t gl_offset;
	int64_t top_end; /* end of the last top-level element, -1 unknown */
	bool in_deflate;

	/* the top-level sequence being read */
	size_t top_seq_present;
	unsigned top_seq_items;

	char sop_class[DCB_UID_MAX + 1];
	char sop_instance[DCB_UID_MAX + 1];

	struct present *present;
	size_t npresent, cap;
	bool ended;
};

static void report(struct dcb_checker *c, enum dcb_code code, int64_t offset, uint32_t tag,
                   const char *where, const char *fmt, ...) DCB_PRINTF(6, 7);

static void
report(struct dcb_checker *c, enum dcb_code code, int64_t offset, uint32_t tag, const char *where,
       const char *fmt, ...)
{
	struct dcb_finding f;
	va_list ap;

	va_start(ap, fmt);
	dcb_finding_vmake(&f, code, offset, tag, where, fmt, ap);
	va_end(ap);
	if ((unsigned)f.severity < 3)
		c->counts[f.severity]++;
	if (c->fn != NULL)
		c->fn(&f, c->user);
}

static const char *
title(enum dcb_code code)
{
	const struct dcb_finding_def *d = dcb_finding_def(code);

	return d != NULL ? dcb_finding_title(d) : "?";
}

static void
tag_where(char *buf, size_t size, uint32_t tag)
{
	dcb_finding_where(buf, size, NULL, NULL, 0, tag);
}

/* Copies a UID-like value without its padding. */
static void
copy_trimmed(char *dst, size_t size, const uint8_t *v, size_t n)
{
	while (n > 0 && (v[n - 1] == '\0' || v[n - 1] == ' '))
		n--;
	if (n >= size)
		n = size - 1;
	if (n > 0)
		memcpy(dst, v, n);
	dst[n] = '\0';
}

static uint32_t
read_u32(const uint8_t *v, bool big_endian)
{
	if (big_endian)
		return (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
	return (uint32_t)v[3] << 24 | (uint32_t)v[2] << 16 | (uint32_t)v[1] << 8 | v[0];
}

struct dcb_checker *
dcb_checker_new(dcb_finding_fn fn, void *user)
{
	struct dcb_checker *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->fn = fn;
	c->user = user;
	c->nframes = 1;
	c->meta_gl_start = -1;
	c->meta_end = -1;
	c->top_end = -1;
	c->top_seq_present = (size_t)-1;
	return c;
}

void
dcb_checker_free(struct dcb_checker *c)
{
	if (c == NULL)
		return;
	free(c->present);
	free(c);
}

unsigned
dcb_checker_count(const struct dcb_checker *c, enum dcb_severity s)
{
	return (unsigned)s < 3 ? c->counts[s] : 0;
}

/* ---- file level ---- */

static bool
looks_like_element(const uint8_t *h)
{
	unsigned le = (unsigned)h[0] | (unsigned)h[1] << 8;
	unsigned be = (unsigned)h[0] << 8 | (unsigned)h[1];

	return le == 0x0002 || le == 0x0008 || be == 0x0002 || be == 0x0008;
}

/* The 128 bytes look like a preamble: zeros, or a TIFF header (dual
 * format files). */
static bool
looks_like_preamble(const uint8_t *h)
{
	if (memcmp(h, "II*\0", 4) == 0 || memcmp(h, "MM\0*", 4) == 0)
		return true;
	for (size_t i = 0; i < 128; i++)
		if (h[i] != 0)
			return false;
	return true;
}

bool
dcb_check_head_is_dicom(const uint8_t *head, size_t n)
{
	return (n >= 132 && memcmp(head + 128, "DICM", 4) == 0) ||
	       (n >= 4 && looks_like_element(head)) || (n >= 132 && looks_like_preamble(head));
}

void
dcb_checker_head(struct dcb_checker *c, const uint8_t *head, size_t n)
{
	if (n >= 132 && memcmp(head + 128, "DICM", 4) == 0) {
		c->head_seen = true;
	} else if (n >= 4 && looks_like_element(head)) {
		c->head_seen = true;
		report(c, DCB_F_NO_PREAMBLE, 0, 0, NULL,
		       N_("the file does not start with a 128-byte preamble and \"DICM\""));
	} else if (n >= 132 && looks_like_preamble(head)) {
		c->head_seen = true;
		report(c, DCB_F_NO_DICM, 128, 0, NULL,
		       N_("no \"DICM\" after the 128-byte preamble"));
	}
	/* anything else: leave it to the reader (and dcb_checker_meta) */
}

static void
meta_missing(struct dcb_checker *c, const char *value, enum dcb_code code, uint32_t tag,
             const char *keyword)
{
	char where[32];

	if (value[0] != '\0')
		return;
	tag_where(where, sizeof where, tag);
	report(c, code, c->meta.meta_offset, tag, where, N_("%s (%04X,%04X) is missing"), keyword,
	       DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag));
}

void
dcb_checker_meta(struct dcb_checker *c, const struct dcb_meta *meta)
{
	bool encapsulated;
	enum dcb_ts ts;

	c->have_meta = true;
	c->meta = *meta;
	c->meta.media_sop_class_uid[DCB_UID_MAX] = '\0';
	c->meta.media_sop_instance_uid[DCB_UID_MAX] = '\0';
	c->meta.transfer_syntax_uid[DCB_UID_MAX] = '\0';
	c->meta.impl_class_uid[DCB_UID_MAX] = '\0';
	c->in_deflate = meta->ts == DCB_TS_DEFLATED_LE;

	if (!c->head_seen && !meta->has_preamble)
		report(c, DCB_F_NO_PREAMBLE, 0, 0, NULL,
		       N_("the file does not start with a 128-byte preamble and \"DICM\""));
	if (!meta->has_meta) {
		report(
		    c, DCB_F_NO_META, 0, 0, NULL,
		    N_("no file meta information (group 0002); the transfer syntax was guessed"));
		return;
	}
	meta_missing(c, c->meta.media_sop_class_uid, DCB_F_META_SOP_CLASS_MISSING,
	             DCB_TAG(0x0002, 0x0002), "MediaStorageSOPClassUID");
	meta_missing(c, c->meta.media_sop_instance_uid, DCB_F_META_SOP_INSTANCE_MISSING,
	             DCB_TAG(0x0002, 0x0003), "MediaStorageSOPInstanceUID");
	meta_missing(c, c->meta.transfer_syntax_uid, DCB_F_META_TS_MISSING, DCB_TAG(0x0002, 0x0010),
	             "TransferSyntaxUID");
	meta_missing(c, c->meta.impl_class_uid, DCB_F_META_IMPL_CLASS_MISSING,
	             DCB_TAG(0x0002, 0x0012), "ImplementationClassUID");

	const char *ts_uid = c->meta.transfer_syntax_uid;
	if (ts_uid[0] != '\0') {
		char where[32];
		const struct dcb_uid_entry *u = dcb_uid_lookup(ts_uid);

		tag_where(where, sizeof where, DCB_TAG(0x0002, 0x0010));
		if (!dcb_ts_from_uid(ts_uid, &ts, &encapsulated) &&
		    (u == NULL || u->kind != DCB_UID_TRANSFER_SYNTAX))
			report(c, DCB_F_TS_UNKNOWN, meta->meta_offset, DCB_TAG(0x0002, 0x0010),
			       where, N_("transfer syntax \"%s\" is not known"), ts_uid);
		else if (u != NULL && u->retired)
			report(c, DCB_F_TS_RETIRED, meta->meta_offset, DCB_TAG(0x0002, 0x0010),
			       where, N_("transfer syntax %s (%s) is retired"), ts_uid, u->name);
	}
}

/* Group 0002 ended at byte end (-1 when unknown): group length and
 * version checks.  Runs once. */
static void
finish_meta(struct dcb_checker *c, int64_t end)
{
	char where[32];

	if (c->meta_done)
		return;
	c->meta_done = true;
	if (!c->meta_elements) {
		if (c->have_meta && c->meta.has_meta && c->meta.meta_group_length < 0) {
			tag_where(where, sizeof where, TAG_META_GROUP_LENGTH);
			report(c, DCB_F_META_LENGTH_MISSING, c->meta.meta_offset,
			       TAG_META_GROUP_LENGTH, where, N_("%s (%04X,%04X) is missing"),
			       "FileMetaInformationGroupLength", 0x0002, 0x0000);
		}
		return;
	}
	if (!c->meta_gl_seen) {
		tag_where(where, sizeof where, TAG_META_GROUP_LENGTH);
		report(c, DCB_F_META_LENGTH_MISSING, c->have_meta ? c->meta.meta_offset : -1,
		       TAG_META_GROUP_LENGTH, where, N_("%s (%04X,%04X) is missing"),
		       "FileMetaInformationGroupLength", 0x0002, 0x0000);
	} else if (end >= 0 && c->meta_gl_start >= 0 && end - c->meta_gl_start != c->meta_gl) {
		tag_where(where, sizeof where, TAG_META_GROUP_LENGTH);
		report(c, DCB_F_META_LENGTH_WRONG, c->meta_gl_offset, TAG_META_GROUP_LENGTH, where,
		       N_("group length says %lu bytes, but group 0002 has %lld bytes"),
		       (unsigned long)c->meta_gl, (long long)(end - c->meta_gl_start));
	}
	if (!c->meta_version) {
		tag_where(where, sizeof where, TAG_META_VERSION);
		report(c, DCB_F_META_VERSION_MISSING, c->have_meta ? c->meta.meta_offset : -1,
		       TAG_META_VERSION, where, N_("%s (%04X,%04X) is missing"),
		       "FileMetaInformationVersion", 0x0002, 0x0001);
	}
}

static void
meta_element(struct dcb_checker *c, const struct dcb_element *el, const char *where)
{
	c->meta_elements = true;
	if (el->length != DCB_UNDEFINED_LENGTH)
		c->meta_end = el->value_offset + el->length;
	if (el->tag == TAG_META_GROUP_LENGTH && el->value != NULL && el->value_len == 4) {
		c->meta_gl_seen = true;
		c->meta_gl = read_u32(el->value, false);
		c->meta_gl_start = el->value_offset + 4;
		c->meta_gl_offset = el->offset;
	} else if (el->tag == TAG_META_GROUP_LENGTH) {
		c->meta_gl_seen = true; /* present but unusable: reported as wrong */
		report(c, DCB_F_META_LENGTH_WRONG, el->offset, el->tag, where,
		       N_("group length has %lu bytes instead of 4"), (unsigned long)el->length);
	} else if (el->tag == TAG_META_VERSION) {
		c->meta_version = true;
		if (el->value != NULL &&
		    !(el->value_len == 2 && el->value[0] == 0x00 && el->value[1] == 0x01)) {
			char q[QUOTE_MAX * 4 + 8];
			dcb_finding_quote(q, sizeof q, el->value, el->value_len, QUOTE_MAX);
			report(c, DCB_F_META_VERSION_WRONG, el->offset, el->tag, where,
			       N_("%s: \"%s\""), title(DCB_F_META_VERSION_WRONG), q);
		}
	}
}

/* ---- element level ---- */

static void
finish_group_length(struct dcb_checker *c, int64_t end)
{
	char where[32];

	if (!c->gl_active)
		return;
	c->gl_active = false;
	if (end < 0 || end - c->gl_start == c->gl_value)
		return;
	tag_where(where, sizeof where, DCB_TAG(c->gl_group, 0));
	report(c, DCB_F_GROUP_LENGTH_WRONG, c->gl_offset, DCB_TAG(c->gl_group, 0), where,
	       N_("group length says %lu bytes, but group %04X has %lld bytes"),
	       (unsigned long)c->gl_value, c->gl_group, (long long)(end - c->gl_start));
}

static struct present *
add_present(struct dcb_checker *c, uint32_t tag, bool empty)
{
	if (c->npresent == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct present *p = realloc(c->present, cap * sizeof *p);
		if (p == NULL)
			return NULL; /* the object check then sees fewer attributes */
		c->present = p;
		c->cap = cap;
	}
	c->present[c->npresent].tag = tag;
	c->present[c->npresent].empty = empty;
	return &c->present[c->npresent++];
}

static const struct present *
find_present(const struct dcb_checker *c, uint32_t tag)
{
	for (size_t i = 0; i < c->npresent; i++)
		if (c->present[i].tag == tag)
			return &c->present[i];
	return NULL;
}

static void
check_order(struct dcb_checker *c, const struct dcb_element *el, const char *where)
{
	struct frame *f = &c->frames[c->nframes - 1];

	if (c->lost_items > 0)
		return;
	if (f->last_tag != 0 && el->tag <= f->last_tag)
		report(c, DCB_F_TAG_ORDER, el->offset, el->tag, where,
		       el->tag == f->last_tag ? N_("(%04X,%04X) appears twice in the same data set")
		                              : N_("(%04X,%04X) follows (%04X,%04X)"),
		       DCB_TAG_GROUP(el->tag), DCB_TAG_ELEMENT(el->tag), DCB_TAG_GROUP(f->last_tag),
		       DCB_TAG_ELEMENT(f->last_tag));
	if (el->tag > f->last_tag)
		f->last_tag = el->tag;
}

static void
check_private(struct dcb_checker *c, const struct dcb_element *el, const char *where)
{
	uint16_t g = DCB_TAG_GROUP(el->tag), e = DCB_TAG_ELEMENT(el->tag);
	struct frame *f = &c->frames[c->nframes - 1];

	if (g <= 0x0007 || g == 0xffff) {
		report(c, DCB_F_PRIVATE_GROUP_RESERVED, el->offset, el->tag, where,
		       N_("group %04X may not hold private elements"), g);
		return;
	}
	uint32_t key = (uint32_t)g << 8;
	if (e >= 0x0010 && e <= 0x00ff) {
		if (f->ncreators < MAX_CREATORS)
			f->creators[f->ncreators++] = key | e;
		else
			f->creators_full = true;
	} else if (e >= 0x1000 && !f->creators_full && c->lost_items == 0) {
		key |= (uint32_t)(e >> 8);
		for (unsigned i = 0; i < f->ncreators; i++)
			if (f->creators[i] == key)
				return;
		report(c, DCB_F_PRIVATE_NO_CREATOR, el->offset, el->tag, where,
		       N_("(%04X,%04X) has no private creator (%04X,00%02X)"), g, e, g, e >> 8);
	}
}

static void
check_dictionary(struct dcb_checker *c, const struct dcb_element *el, const char *where)
{
	const struct dcb_dict_entry *d;

	if (DCB_TAG_ELEMENT(el->tag) == 0 || (d = dcb_dict_lookup(el->tag)) == NULL)
		return;
	if (el->vr_explicit && strcmp(el->vr, "UN") == 0) {
		report(c, DCB_F_UN_KNOWN_TAG, el->offset, el->tag, where,
		       N_("%s is encoded as UN; the dictionary says %s"), d->keyword, d->vr);
		return;
	}
	if (el->vr_explicit && !dcb_vr_matches(d->vr, el->vr)) {
		report(c, DCB_F_VR_MISMATCH, el->offset, el->tag, where,
		       N_("%s is encoded as %s; the dictionary says %s"), d->keyword, el->vr,
		       d->vr);
		return;
	}
	if (d->retired)
		report(c, DCB_F_RETIRED, el->offset, el->tag, where, N_("%s is retired"),
		       d->keyword);
	if (el->kind != DCB_EL_VALUE || el->length == DCB_UNDEFINED_LENGTH)
		return;
	if (el->value == NULL && dcb_vr_value_size(el->vr) == 0)
		return;
	unsigned n = dcb_value_multiplicity(el->vr, el->value,
	                                    el->value != NULL ? el->value_len : el->length);
	if (n > 0 && !dcb_vm_allows(d->vm, n))
		report(c, DCB_F_VM_MISMATCH, el->offset, el->tag, where,
		       N_("%s has %u values; the dictionary allows %s"), d->keyword, n, d->vm);
}

static void
report_issues(struct dcb_checker *c, const struct dcb_element *el, const char *where,
              const struct dcb_value_issue *is, unsigned n, unsigned total)
{
	unsigned values = dcb_value_multiplicity(el->vr, el->value, el->value_len);

	for (unsigned i = 0; i < n && i < total; i++) {
		char q[QUOTE_MAX * 4 + 8];
		size_t start = is[i].start <= el->value_len ? is[i].start : el->value_len;
		size_t len = is[i].len <= el->value_len - start ? is[i].len : el->value_len - start;

		dcb_finding_quote(q, sizeof q, el->value + start, len, QUOTE_MAX);
		if (values > 1)
			report(c, is[i].code, el->offset, el->tag, where,
			       N_("%s: \"%s\" (value %u)"), title(is[i].code), q, is[i].index + 1);
		else
			report(c, is[i].code, el->offset, el->tag, where, N_("%s: \"%s\""),
			       title(is[i].code), q);
	}
}

static void
check_value(struct dcb_checker *c, const struct dcb_element *el, const char *where)
{
	struct frame *f = &c->frames[c->nframes - 1];
	struct dcb_value_issue is[MAX_ISSUES];
	unsigned n;

	if (el->length != DCB_UNDEFINED_LENGTH && el->length % 2 != 0)
		report(c, DCB_F_ODD_LENGTH, el->offset, el->tag, where,
		       N_("value length %lu is odd"), (unsigned long)el->length);
	if (strcmp(el->vr, "UN") == 0 || el->length == DCB_UNDEFINED_LENGTH)
		return;
	if (el->value == NULL) {
		/* not loaded: only the length can be checked */
		if (dcb_vr_value_size(el->vr) > 0 &&
		    (n = dcb_value_check(el->vr, f->cs, NULL, el->length, is, MAX_ISSUES)) > 0)
			report(c, DCB_F_BINARY_LENGTH, el->offset, el->tag, where,
			       N_("%s: %lu bytes"), title(DCB_F_BINARY_LENGTH),
			       (unsigned long)el->length);
		return;
	}
	if (el->tag == TAG_CHARSET) {
		n = dcb_charset_parse(el->value, el->value_len, &f->cs, is, MAX_ISSUES);
		report_issues(c, el, where, is, MAX_ISSUES, n);
	}
	if (dcb_vr_value_size(el->vr) > 0 && el->value_len != el->length)
		return;
	n = dcb_value_check(el->vr, f->cs, el->value, el->value_len, is, MAX_ISSUES);
	if (dcb_vr_value_size(el->vr) > 0 && n > 0)
		report(c, DCB_F_BINARY_LENGTH, el->offset, el->tag, where, N_("%s: %lu bytes"),
		       title(DCB_F_BINARY_LENGTH), (unsigned long)el->length);
	else
		report_issues(c, el, where, is, MAX_ISSUES, n);

	size_t pos;
	enum dcb_code code;
	if (dcb_vr_uses_charset(el->vr) &&
	    (code = dcb_charset_check_text(f->cs, el->value, el->value_len, &pos)) != 0) {
		char q[QUOTE_MAX * 4 + 8];
		dcb_finding_quote(q, sizeof q, el->value, el->value_len, QUOTE_MAX);
		report(c, code, el->offset, el->tag, where, N_("%s: \"%s\" (byte %lu)"),
		       title(code), q, (unsigned long)pos);
	}
}

/* Bookkeeping of the attributes and values the end checks need. */
static void
note_top_level(struct dcb_checker *c, const struct dcb_element *el)
{
	bool empty = el->length == 0;
	struct present *p;

	if (el->kind == DCB_EL_VALUE && el->value != NULL) {
		/* a text value of spaces (or NULs) only is empty too */
		bool blank = dcb_vr_value_size(el->vr) == 0;
		for (size_t i = 0; blank && i < el->value_len; i++)
			if (el->value[i] != ' ' && el->value[i] != '\0')
				blank = false;
		empty = empty || blank;
		if (el->tag == TAG_SOP_CLASS)
			copy_trimmed(c->sop_class, sizeof c->sop_class, el->value, el->value_len);
		else if (el->tag == TAG_SOP_INSTANCE)
			copy_trimmed(c->sop_instance, sizeof c->sop_instance, el->value,
			             el->value_len);
	}
	p = add_present(c, el->tag, empty);
	if (el->kind == DCB_EL_SEQ_START && p != NULL) {
		c->top_seq_present = (size_t)(p - c->present);
		c->top_seq_items = 0;
	}
}

static void
element_value(struct dcb_checker *c, const struct dcb_element *el)
{
	char where[sizeof((struct dcb_finding *)0)->where];
	uint16_t g = DCB_TAG_GROUP(el->tag);
	bool top = c->nframes == 1 && c->lost_items == 0;

	dcb_finding_where(where, sizeof where, el->path, el->item_index,
	                  el->depth <= DCB_MAX_DEPTH ? el->depth : 0, el->tag);
	if (g == 0xfffe)
		return;

	if (g == 0x0002 && top && !c->dataset_started) {
		check_order(c, el, where);
		meta_element(c, el, where);
		if (el->kind == DCB_EL_VALUE)
			check_value(c, el, where);
		return;
	}
	if (top && !c->dataset_started) {
		/* the data set's tag order starts afresh after group 0002 */
		c->dataset_started = true;
		c->frames[0].last_tag = 0;
		finish_meta(c, el->offset);
	}
	if (g == 0x0002)
		report(c, DCB_F_META_IN_DATASET, el->offset, el->tag, where,
		       N_("(%04X,%04X) belongs to the file meta information"), g,
		       DCB_TAG_ELEMENT(el->tag));

	if (top) {
		if (c->gl_active && g != c->gl_group)
			finish_group_length(c, el->offset);
		note_top_level(c, el);
	}
	check_order(c, el, where);

	if (DCB_TAG_ELEMENT(el->tag) == 0x0000 && g != 0x0002) {
		report(c, DCB_F_GROUP_LENGTH_PRESENT, el->offset, el->tag, where,
		       N_("group length (%04X,0000) is retired"), g);
		if (top && !c->in_deflate && !el->in_deflate && el->value != NULL &&
		    el->value_len == 4) {
			c->gl_active = true;
			c->gl_group = g;
			c->gl_value = read_u32(el->value, el->big_endian);
			c->gl_start = el->value_offset + 4;
			c->gl_offset = el->offset;
		}
	}
	if (g % 2 == 1)
		check_private(c, el, where);
	else
		check_dictionary(c, el, where);
	if (el->kind == DCB_EL_VALUE)
		check_value(c, el, where);

	if (top)
		c->top_end = el->kind == DCB_EL_VALUE && el->length != DCB_UNDEFINED_LENGTH
		                 ? el->value_offset + el->length
		                 : -1;
}

void
dcb_checker_element(struct dcb_checker *c, const struct dcb_element *el)
{
	switch (el->kind) {
	case DCB_EL_VALUE:
	case DCB_EL_PIXEL_START:
		element_value(c, el);
		break;
	case DCB_EL_SEQ_START:
		element_value(c, el);
		c->seq_open++;
		break;
	case DCB_EL_SEQ_END:
		if (c->seq_open > 0)
			c->seq_open--;
		if (c->seq_open == 0 && c->nframes == 1 && c->top_seq_present < c->npresent) {
			if (c->top_seq_items == 0)
				c->present[c->top_seq_present].empty = true;
			c->top_seq_present = (size_t)-1;
		}
		break;
	case DCB_EL_ITEM_START:
		if (c->nframes == 1 && c->seq_open == 1 && c->lost_items == 0)
			c->top_seq_items++;
		if (c->nframes < sizeof c->frames / sizeof c->frames[0] && c->lost_items == 0) {
			struct frame *f = &c->frames[c->nframes];
			memset(f, 0, sizeof *f);
			f->cs = c->frames[c->nframes - 1].cs;
			c->nframes++;
		} else {
			c->lost_items++;
		}
		break;
	case DCB_EL_ITEM_END:
		if (c->lost_items > 0)
			c->lost_items--;
		else if (c->nframes > 1)
			c->nframes--;
		break;
	case DCB_EL_FRAGMENT:
	case DCB_EL_PIXEL_END:
		break;
	}
}

/* ---- object level ---- */

static void
require(struct dcb_checker *c, uint32_t tag, const char *keyword, enum dcb_code missing)
{
	const struct present *p = find_present(c, tag);
	char where[32];

	tag_where(where, sizeof where, tag);
	if (p == NULL)
		report(c, missing, -1, tag, where, N_("%s (%04X,%04X) is missing"), keyword,
		       DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag));
	else if (p->empty)
		report(c, DCB_F_TYPE1_EMPTY, -1, tag, where,
		       N_("Type 1 attribute %s (%04X,%04X) is empty"), keyword, DCB_TAG_GROUP(tag),
		       DCB_TAG_ELEMENT(tag));
}

static void
check_iod(struct dcb_checker *c, const struct dcb_iod *iod)
{
	const struct dcb_iod_attr *a;
	char where[32];

	for (unsigned i = 0; (a = dcb_iod_attr(iod, i)) != NULL; i++) {
		const struct present *p = find_present(c, a->tag);
		unsigned g = DCB_TAG_GROUP(a->tag), e = DCB_TAG_ELEMENT(a->tag);

		tag_where(where, sizeof where, a->tag);
		if (p == NULL && a->type == 1)
			report(c, DCB_F_TYPE1_MISSING, -1, a->tag, where,
			       N_("Type 1 attribute %s (%04X,%04X) of the %s IOD is missing"),
			       a->keyword, g, e, dcb_iod_name(iod));
		else if (p == NULL)
			report(c, DCB_F_TYPE2_MISSING, -1, a->tag, where,
			       N_("Type 2 attribute %s (%04X,%04X) of the %s IOD is missing"),
			       a->keyword, g, e, dcb_iod_name(iod));
		else if (p->empty && a->type == 1)
			report(c, DCB_F_TYPE1_EMPTY, -1, a->tag, where,
			       N_("Type 1 attribute %s (%04X,%04X) of the %s IOD is empty"),
			       a->keyword, g, e, dcb_iod_name(iod));
	}
}

static void
compare_meta(struct dcb_checker *c, const char *meta_value, const char *value, enum dcb_code code,
             uint32_t meta_tag, uint32_t tag)
{
	char a[DCB_UID_MAX + 1], where[32];

	if (meta_value[0] == '\0' || value[0] == '\0')
		return;
	copy_trimmed(a, sizeof a, (const uint8_t *)meta_value, strlen(meta_value));
	if (strcmp(a, value) == 0)
		return;
	tag_where(where, sizeof where, meta_tag);
	report(c, code, c->meta.meta_offset, meta_tag, where,
	       N_("(%04X,%04X) is \"%s\" but (%04X,%04X) is \"%s\""), DCB_TAG_GROUP(meta_tag),
	       DCB_TAG_ELEMENT(meta_tag), a, DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag), value);
}

void
dcb_checker_end(struct dcb_checker *c)
{
	if (c->ended)
		return;
	c->ended = true;
	finish_meta(c, c->dataset_started ? -1 : c->meta_end);
	finish_group_length(c, c->top_end);

	if (c->have_meta && c->meta.has_meta) {
		compare_meta(c, c->meta.media_sop_class_uid, c->sop_class,
		             DCB_F_META_SOP_CLASS_MISMATCH, DCB_TAG(0x0002, 0x0002), TAG_SOP_CLASS);
		compare_meta(c, c->meta.media_sop_instance_uid, c->sop_instance,
		             DCB_F_META_SOP_INSTANCE_MISMATCH, DCB_TAG(0x0002, 0x0003),
		             TAG_SOP_INSTANCE);
	}

	require(c, TAG_SOP_CLASS, "SOPClassUID", DCB_F_NO_SOP_CLASS);
	require(c, TAG_SOP_INSTANCE, "SOPInstanceUID", DCB_F_NO_SOP_INSTANCE);
	if (strcmp(c->sop_class, DICOMDIR_SOP_CLASS) != 0) {
		require(c, TAG_STUDY_UID, "StudyInstanceUID", DCB_F_NO_STUDY_UID);
		require(c, TAG_SERIES_UID, "SeriesInstanceUID", DCB_F_NO_SERIES_UID);
	}
	if (c->sop_class[0] != '\0') {
		const struct dcb_uid_entry *u = dcb_uid_lookup(c->sop_class);
		const struct dcb_iod *iod = dcb_iod_for_sop_class(c->sop_class);
		char where[32];

		tag_where(where, sizeof where, TAG_SOP_CLASS);
		if (u == NULL && iod == NULL)
			report(c, DCB_F_SOP_CLASS_UNKNOWN, -1, TAG_SOP_CLASS, where,
			       N_("SOP Class UID \"%s\" is not in the dictionary"), c->sop_class);
		if (iod != NULL)
			check_iod(c, iod);
	}
}

/* ---- a whole file ---- */

int
dcb_check_fd(int fd, const char *name, dcb_finding_fn fn, void *user, struct dcb_error *err)
{
	struct dcb_checker *c;
	struct dcb_reader *r;
	struct dcb_element el;
	struct dcb_error local;
	uint8_t head[132];
	size_t got = 0;
	int rc;

	if (err == NULL)
		err = &local;
	err->code = 0;
	err->message[0] = '\0';
	c = dcb_checker_new(fn, user);
	if (c == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory checking %s"), name);
	while (got < sizeof head) {
		ssize_t n = read(fd, head + got, sizeof head - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		rc = dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot read %s: %s"), name,
		                   strerror(errno));
		dcb_checker_free(c);
		return rc;
	}
	dcb_checker_head(c, head, got);
	r = dcb_reader_open_fd(fd, name, NULL, err);
	if (r == NULL) {
		dcb_checker_free(c);
		return err->code < 0 ? err->code : DCB_ERR_MALFORMED;
	}
	dcb_checker_meta(c, dcb_reader_meta(r));
	while ((rc = dcb_reader_next(r, &el, err)) > 0)
		dcb_checker_element(c, &el);
	if (rc == 0)
		dcb_checker_end(c);
	dcb_reader_free(r);
	dcb_checker_free(c);
	if (rc == 0 && lseek(fd, 0, SEEK_SET) == 0)
		rc = dcb_pixel_check_fd(fd, name, fn, user, err);
	return rc < 0 ? rc : 0;
}

int
dcb_check_file(const char *path, dcb_finding_fn fn, void *user, struct dcb_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot open %s: %s"), path,
		                     strerror(errno));
	rc = dcb_check_fd(fd, path, fn, user, err);
	close(fd);
	return rc;
}
