/* dset.c — data sets held in memory: the element tree, its encoder and
 * its decoder (PS3.5 §7.1-7.5, implicit and explicit VR little endian). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "dcb-limits.h"
#include "dict.h"
#include "dset.h"
#include "i18n.h"
#include "lewriter.h"

#define TAG_ITEM DCB_TAG(0xfffe, 0xe000)
#define TAG_ITEM_END DCB_TAG(0xfffe, 0xe00d)
#define TAG_SEQ_END DCB_TAG(0xfffe, 0xe0dd)
#define UNDEFINED 0xffffffffu

#define G(t) DCB_TAG_GROUP(t)
#define E(t) DCB_TAG_ELEMENT(t)

struct dcb_dset {
	struct dcb_dset_elem *elems;   /* ascending tags */
	size_t n, cap;
	struct dcb_dset *root;         /* the top data set (itself at the top) */
	unsigned depth;                /* 0 at the top, 1 in an item of a top sequence, ... */
	size_t nodes;                  /* root only: elements and items in the tree */
	size_t bytes;                  /* root only: value bytes in the tree */
	uint32_t notes;                /* root only: enum dcb_dset_note bits (decode) */
};

/* --- value representations -------------------------------------------- */

struct vr_info {
	char vr[3];
	bool long_length;              /* explicit VR: 2 reserved bytes, 32-bit length */
	char pad;                      /* pads an odd value */
};

/* PS3.5 Table 6.2-1 and §7.1.2. */
static const struct vr_info vrs[] = {
	{"AE", false, ' '}, {"AS", false, ' '}, {"AT", false, 0}, {"CS", false, ' '},
	{"DA", false, ' '}, {"DS", false, ' '}, {"DT", false, ' '}, {"FD", false, 0},
	{"FL", false, 0}, {"IS", false, ' '}, {"LO", false, ' '}, {"LT", false, ' '},
	{"OB", true, 0}, {"OD", true, 0}, {"OF", true, 0}, {"OL", true, 0},
	{"OV", true, 0}, {"OW", true, 0}, {"PN", false, ' '}, {"SH", false, ' '},
	{"SL", false, 0}, {"SQ", true, 0}, {"SS", false, 0}, {"ST", false, ' '},
	{"SV", true, 0}, {"TM", false, ' '}, {"UC", true, ' '}, {"UI", false, 0},
	{"UL", false, 0}, {"UN", true, 0}, {"UR", true, ' '}, {"US", false, 0},
	{"UT", true, ' '}, {"UV", true, 0},
};

static const struct vr_info *
vr_info(const char *vr)
{
	for (size_t i = 0; i < sizeof vrs / sizeof vrs[0]; i++)
		if (vrs[i].vr[0] == vr[0] && vrs[i].vr[1] == vr[1] && vr[1] != '\0')
			return &vrs[i];
	return NULL;
}

/* The VR of an implicit VR element: the dictionary's first choice. */
static void
implicit_vr(uint32_t tag, char vr[3])
{
	const struct dcb_dict_entry *e = dcb_dict_lookup(tag);

	if (E(tag) == 0x0000)
		memcpy(vr, "UL", 3);
	else if (e != NULL && vr_info(e->vr) != NULL)
		memcpy(vr, e->vr, 2), vr[2] = '\0';
	else if ((G(tag) & 1) && E(tag) >= 0x0010 && E(tag) <= 0x00ff)
		memcpy(vr, "LO", 3); /* private creator */
	else
		memcpy(vr, "UN", 3);
}

/* --- the tree ------------------------------------------------------------ */

struct dcb_dset *
dcb_dset_new(void)
{
	struct dcb_dset *ds = calloc(1, sizeof *ds);

	if (ds != NULL)
		ds->root = ds;
	return ds;
}

static void
elem_clear(struct dcb_dset_elem *e)
{
	for (uint32_t i = 0; i < e->n_items; i++)
		dcb_dset_free(e->items[i]);
	free(e->items);
	free(e->value);
}

void
dcb_dset_free(struct dcb_dset *ds)
{
	if (ds == NULL)
		return;
	for (size_t i = 0; i < ds->n; i++)
		elem_clear(&ds->elems[i]);
	free(ds->elems);
	free(ds);
}

/* Elements, items and value bytes of e and what it holds. */
static void
elem_cost(const struct dcb_dset_elem *e, size_t *nodes, size_t *bytes)
{
	*nodes += 1 + e->n_items;
	*bytes += e->len;
	for (uint32_t i = 0; i < e->n_items; i++)
		for (size_t k = 0; k < e->items[i]->n; k++)
			elem_cost(&e->items[i]->elems[k], nodes, bytes);
}

/* Index of tag in ds, or where it would go (*found false). */
static size_t
find(const struct dcb_dset *ds, uint32_t tag, bool *found)
{
	size_t lo = 0, hi = ds->n;

	if (ds->n > 0 && ds->elems[ds->n - 1].tag < tag)
		lo = ds->n; /* the usual case: appending in order */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ds->elems[mid].tag < tag)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < ds->n && ds->elems[lo].tag == tag;
	return lo;
}

/* Checks the tree's budget for nodes more elements and items and bytes
 * more value bytes; off: where the element starts in decoded input, or -1. */
static int
budget(const struct dcb_dset *ds, size_t nodes, size_t bytes, uint32_t tag, int64_t off,
       struct dcb_error *err)
{
	const struct dcb_dset *r = ds->root;

	if (r->nodes + nodes > DCB_DSET_MAX_ELEMENTS)
		return off >= 0
		           ? dcb_error_set(err, DCB_ERR_LIMIT, off,
		                           N_("element (%04X,%04X) at offset %lld is one more than "
		                              "the %d elements and items a data set may hold"),
		                           G(tag), E(tag), (long long)off, DCB_DSET_MAX_ELEMENTS)
		           : dcb_error_set(err, DCB_ERR_LIMIT, -1,
		                           N_("element (%04X,%04X) would make the data set hold "
		                              "more than %d elements and items"),
		                           G(tag), E(tag), DCB_DSET_MAX_ELEMENTS);
	if (r->bytes + bytes > DCB_DSET_MAX_BYTES)
		return dcb_error_set(err, DCB_ERR_LIMIT, off,
		                     N_("element (%04X,%04X) would make the data set's values "
		                        "larger than %u bytes"),
		                     G(tag), E(tag), DCB_DSET_MAX_BYTES);
	return 0;
}

/* The slot for tag in ds, emptied (an old element there is freed and its
 * cost returned), with vr set; NULL when out of memory. */
static struct dcb_dset_elem *
slot(struct dcb_dset *ds, uint32_t tag, const char *vr)
{
	bool found;
	size_t i = find(ds, tag, &found);
	struct dcb_dset_elem *e;

	if (found) {
		size_t nodes = 0, bytes = 0;

		e = &ds->elems[i];
		elem_cost(e, &nodes, &bytes);
		ds->root->nodes -= nodes;
		ds->root->bytes -= bytes;
		elem_clear(e);
	} else {
		if (ds->n == ds->cap) {
			size_t cap = ds->cap ? 2 * ds->cap : 8;
			struct dcb_dset_elem *m = realloc(ds->elems, cap * sizeof *m);

			if (m == NULL)
				return NULL;
			ds->elems = m;
			ds->cap = cap;
		}
		memmove(&ds->elems[i + 1], &ds->elems[i], (ds->n - i) * sizeof *ds->elems);
		ds->n++;
		e = &ds->elems[i];
	}
	memset(e, 0, sizeof *e);
	e->tag = tag;
	memcpy(e->vr, vr, 2);
	ds->root->nodes++;
	return e;
}

static int
check_tag(uint32_t tag, struct dcb_error *err)
{
	if (G(tag) == 0xfffe)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("(%04X,%04X) is an item or delimiter tag, not an element"),
		                     G(tag), E(tag));
	return 0;
}

/* Sets tag to a copy of value[0..len) with VR vi; off as for budget(). */
static int
put_value(struct dcb_dset *ds, uint32_t tag, const struct vr_info *vi, const void *value,
          size_t len, int64_t off, struct dcb_error *err)
{
	struct dcb_dset_elem *e;
	uint8_t *copy = NULL;
	int rc = budget(ds, 1, len, tag, off, err);

	if (rc < 0)
		return rc;
	if (len > 0) {
		copy = malloc(len);
		if (copy == NULL)
			return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		memcpy(copy, value, len);
	}
	e = slot(ds, tag, vi->vr);
	if (e == NULL) {
		free(copy);
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	}
	e->value = copy;
	e->len = (uint32_t)len;
	ds->root->bytes += len;
	return 0;
}

int
dcb_dset_put(struct dcb_dset *ds, uint32_t tag, const char *vr, const void *value, size_t len,
             struct dcb_error *err)
{
	const struct vr_info *vi = vr != NULL ? vr_info(vr) : NULL;
	int rc = check_tag(tag, err);

	if (rc < 0)
		return rc;
	if (value == NULL && len > 0)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("element (%04X,%04X): %zu bytes of value at NULL"), G(tag),
		                     E(tag), len);
	if (vi == NULL || strcmp(vi->vr, "SQ") == 0)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("element (%04X,%04X): \"%s\" is not a VR for a value "
		                        "(sequences are built with items)"),
		                     G(tag), E(tag), vr != NULL ? vr : "");
	if (!vi->long_length && len > DCB_DSET_MAX_SHORT_VALUE)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("element (%04X,%04X) %s: %zu bytes; a %s value has at "
		                        "most %d"),
		                     G(tag), E(tag), vi->vr, len, vi->vr, DCB_DSET_MAX_SHORT_VALUE);
	return put_value(ds, tag, vi, value, len, -1, err);
}

int
dcb_dset_put_str(struct dcb_dset *ds, uint32_t tag, const char *vr, const char *s,
                 struct dcb_error *err)
{
	return dcb_dset_put(ds, tag, vr, s, s != NULL ? strlen(s) : 0, err);
}

int
dcb_dset_put_u16(struct dcb_dset *ds, uint32_t tag, uint16_t v, struct dcb_error *err)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};

	return dcb_dset_put(ds, tag, "US", b, 2, err);
}

int
dcb_dset_put_u32(struct dcb_dset *ds, uint32_t tag, uint32_t v, struct dcb_error *err)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};

	return dcb_dset_put(ds, tag, "UL", b, 4, err);
}

int
dcb_dset_put_seq(struct dcb_dset *ds, uint32_t tag, struct dcb_error *err)
{
	int rc = check_tag(tag, err);

	if (rc == 0)
		rc = budget(ds, 1, 0, tag, -1, err);
	if (rc == 0 && slot(ds, tag, "SQ") == NULL)
		rc = dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	return rc;
}

/* Refuses an item in a sequence of ds past DCB_DSET_MAX_DEPTH levels. */
static int
check_depth(const struct dcb_dset *ds, uint32_t tag, int64_t off, struct dcb_error *err)
{
	if (ds->depth + 1 <= DCB_DSET_MAX_DEPTH)
		return 0;
	return off >= 0 ? dcb_error_set(err, DCB_ERR_LIMIT, off,
	                                N_("an item of sequence (%04X,%04X) at offset %lld nests "
	                                   "items %u deep; at most %d levels are accepted"),
	                                G(tag), E(tag), (long long)off, ds->depth + 1,
	                                DCB_DSET_MAX_DEPTH)
	                : dcb_error_set(err, DCB_ERR_LIMIT, -1,
	                                N_("sequence (%04X,%04X) would nest items %u deep; at "
	                                   "most %d levels are allowed"),
	                                G(tag), E(tag), ds->depth + 1, DCB_DSET_MAX_DEPTH);
}

/* Appends a new item (*item) to the sequence e of ds; off: where the item
 * starts in decoded input, or -1. */
static int
add_item(struct dcb_dset *ds, struct dcb_dset_elem *e, int64_t off, struct dcb_dset **item,
         struct dcb_error *err)
{
	struct dcb_dset *it, **items;
	int rc;

	*item = NULL;
	rc = check_depth(ds, e->tag, off, err);
	if (rc == 0)
		rc = budget(ds, 1, 0, e->tag, off, err);
	if (rc < 0)
		return rc;
	items = realloc(e->items, (e->n_items + 1) * sizeof *items);
	if (items == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	e->items = items;
	it = dcb_dset_new();
	if (it == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	it->root = ds->root;
	it->depth = ds->depth + 1;
	e->items[e->n_items++] = it;
	ds->root->nodes++;
	*item = it;
	return 0;
}

struct dcb_dset *
dcb_dset_seq_add_item(struct dcb_dset *ds, uint32_t tag, struct dcb_error *err)
{
	struct dcb_dset *item;
	bool found;
	size_t i = find(ds, tag, &found);

	if (check_depth(ds, tag, -1, err) < 0)
		return NULL;
	if (!found || strcmp(ds->elems[i].vr, "SQ") != 0) {
		if (dcb_dset_put_seq(ds, tag, err) < 0)
			return NULL;
		i = find(ds, tag, &found);
	}
	add_item(ds, &ds->elems[i], -1, &item, err);
	return item;
}

bool
dcb_dset_remove(struct dcb_dset *ds, uint32_t tag)
{
	bool found;
	size_t i = find(ds, tag, &found), nodes = 0, bytes = 0;

	if (!found)
		return false;
	elem_cost(&ds->elems[i], &nodes, &bytes);
	ds->root->nodes -= nodes;
	ds->root->bytes -= bytes;
	elem_clear(&ds->elems[i]);
	memmove(&ds->elems[i], &ds->elems[i + 1], (ds->n - i - 1) * sizeof *ds->elems);
	ds->n--;
	return true;
}

int
dcb_dset_copy_into(struct dcb_dset *dst, const struct dcb_dset *src, struct dcb_error *err)
{
	int rc;

	for (size_t i = 0; i < src->n; i++)
		if ((rc = dcb_dset_put_copy(dst, &src->elems[i], err)) < 0)
			return rc;
	return 0;
}

int
dcb_dset_put_copy(struct dcb_dset *ds, const struct dcb_dset_elem *e, struct dcb_error *err)
{
	struct dcb_error local;
	struct dcb_dset *item;
	int rc;

	if (strcmp(e->vr, "SQ") != 0 && e->n_items == 0)
		return dcb_dset_put(ds, e->tag, e->vr, e->value, e->len, err);
	if ((rc = dcb_dset_put_seq(ds, e->tag, err)) < 0)
		return rc;
	for (uint32_t k = 0; k < e->n_items; k++) {
		if (err == NULL)
			err = &local;
		if ((item = dcb_dset_seq_add_item(ds, e->tag, err)) == NULL)
			return err->code;
		if ((rc = dcb_dset_copy_into(item, e->items[k], err)) < 0)
			return rc;
	}
	return 0;
}

/* --- lookups ------------------------------------------------------------- */

const struct dcb_dset_elem *
dcb_dset_get(const struct dcb_dset *ds, uint32_t tag)
{
	bool found;
	size_t i = find(ds, tag, &found);

	return found ? &ds->elems[i] : NULL;
}

uint32_t
dcb_dset_notes(const struct dcb_dset *ds)
{
	return ds->root->notes;
}

size_t
dcb_dset_count(const struct dcb_dset *ds)
{
	return ds->n;
}

const struct dcb_dset_elem *
dcb_dset_nth(const struct dcb_dset *ds, size_t i)
{
	return i < ds->n ? &ds->elems[i] : NULL;
}

struct dcb_dset *
dcb_dset_item(const struct dcb_dset *ds, uint32_t tag, size_t i)
{
	const struct dcb_dset_elem *e = dcb_dset_get(ds, tag);

	return e != NULL && i < e->n_items ? e->items[i] : NULL;
}

int
dcb_dset_get_str(const struct dcb_dset *ds, uint32_t tag, char *out, size_t size)
{
	const struct dcb_dset_elem *e = dcb_dset_get(ds, tag);
	size_t start = 0, end;
	bool keep_leading;

	if (size > 0)
		out[0] = '\0';
	if (e == NULL || e->n_items > 0 || strcmp(e->vr, "SQ") == 0)
		return DCB_ERR_NOTFOUND;
	end = e->len;
	while (end > 0 && (e->value[end - 1] == ' ' || e->value[end - 1] == '\0'))
		end--;
	keep_leading = strcmp(e->vr, "LT") == 0 || strcmp(e->vr, "ST") == 0 ||
	               strcmp(e->vr, "UT") == 0;
	while (!keep_leading && start < end && e->value[start] == ' ')
		start++;
	if (size == 0)
		return DCB_ERR_LIMIT;
	if (end - start >= size) {
		memcpy(out, e->value + start, size - 1);
		out[size - 1] = '\0';
		return DCB_ERR_LIMIT;
	}
	if (end > start)
		memcpy(out, e->value + start, end - start);
	out[end - start] = '\0';
	return (int)(end - start);
}

static int
get_binary(const struct dcb_dset *ds, uint32_t tag, size_t n, uint32_t *v)
{
	const struct dcb_dset_elem *e = dcb_dset_get(ds, tag);

	if (e == NULL)
		return DCB_ERR_NOTFOUND;
	if (e->len < n)
		return DCB_ERR_MALFORMED;
	*v = n == 2 ? dcb_le16(e->value) : dcb_le32(e->value);
	return 0;
}

int
dcb_dset_get_u16(const struct dcb_dset *ds, uint32_t tag, uint16_t *v)
{
	uint32_t x = 0;
	int rc = get_binary(ds, tag, 2, &x);

	*v = (uint16_t)x;
	return rc;
}

int
dcb_dset_get_u32(const struct dcb_dset *ds, uint32_t tag, uint32_t *v)
{
	return get_binary(ds, tag, 4, v);
}

int
dcb_dset_syntax_of(const char *ts_uid, enum dcb_dset_syntax *syntax)
{
	if (strcmp(ts_uid, "1.2.840.10008.1.2") == 0)
		*syntax = DCB_DSET_IMPLICIT_LE;
	else if (strcmp(ts_uid, "1.2.840.10008.1.2.1") == 0)
		*syntax = DCB_DSET_EXPLICIT_LE;
	else
		return DCB_ERR_UNSUPPORTED;
	return 0;
}

/* --- encode -------------------------------------------------------------- */

struct wr {
	struct dcb_lew b;
	bool explicit_vr;
};

static void
put_tag(struct wr *w, uint32_t tag)
{
	dcb_lew_put16(&w->b, G(tag));
	dcb_lew_put16(&w->b, E(tag));
}

/* An element's header; returns where its 32-bit length goes (for SQ). */
static size_t
put_header(struct wr *w, const struct dcb_dset_elem *e, const struct vr_info *vi, uint32_t len)
{
	size_t at;

	put_tag(w, e->tag);
	if (w->explicit_vr) {
		dcb_lew_put8(&w->b, (uint8_t)vi->vr[0]);
		dcb_lew_put8(&w->b, (uint8_t)vi->vr[1]);
		if (!vi->long_length) {
			dcb_lew_put16(&w->b, len);
			return w->b.off - 2;
		}
		dcb_lew_put16(&w->b, 0);
	}
	at = w->b.off;
	dcb_lew_put32(&w->b, len);
	return at;
}

static int encode_set(struct wr *w, const struct dcb_dset *ds, struct dcb_error *err);

static int
encode_elem(struct wr *w, const struct dcb_dset_elem *e, struct dcb_error *err)
{
	const struct vr_info *vi = vr_info(e->vr);
	uint32_t padded = e->len + (e->len & 1);

	if (vi == NULL)
		vi = vr_info("UN");
	if (strcmp(vi->vr, "SQ") == 0) {
		size_t seq_at = put_header(w, e, vi, 0);

		for (uint32_t i = 0; i < e->n_items; i++) {
			size_t item_at;
			int rc;

			put_tag(w, TAG_ITEM);
			item_at = w->b.off;
			dcb_lew_put32(&w->b, 0);
			rc = encode_set(w, e->items[i], err);
			if (rc < 0)
				return rc;
			dcb_lew_patch32(&w->b, item_at);
		}
		dcb_lew_patch32(&w->b, seq_at);
		return 0;
	}
	if (w->explicit_vr && !vi->long_length && padded > DCB_DSET_MAX_SHORT_VALUE)
		return dcb_error_set(err, DCB_ERR_LIMIT, (int64_t)w->b.off,
		                     N_("element (%04X,%04X) %s has %u bytes; explicit VR allows "
		                        "at most %d for %s"),
		                     G(e->tag), E(e->tag), vi->vr, e->len,
		                     DCB_DSET_MAX_SHORT_VALUE, vi->vr);
	put_header(w, e, vi, padded);
	for (uint32_t i = 0; i < e->len; i++)
		dcb_lew_put8(&w->b, e->value[i]);
	if (e->len & 1)
		dcb_lew_put8(&w->b, (uint8_t)vi->pad);
	return 0;
}

static int
encode_set(struct wr *w, const struct dcb_dset *ds, struct dcb_error *err)
{
	for (size_t i = 0; i < ds->n; i++) {
		int rc = encode_elem(w, &ds->elems[i], err);

		if (rc < 0)
			return rc;
	}
	return 0;
}

ssize_t
dcb_dset_encode(const struct dcb_dset *ds, enum dcb_dset_syntax syntax, uint8_t *buf,
                size_t size, struct dcb_error *err)
{
	struct wr w = {{buf, size, 0}, syntax == DCB_DSET_EXPLICIT_LE};
	int rc = encode_set(&w, ds, err);

	if (rc < 0)
		return rc;
	if (w.b.off > size)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1,
		                     N_("the data set needs %zu bytes, the buffer has %zu"), w.b.off,
		                     size);
	return (ssize_t)w.b.off;
}

ssize_t
dcb_dset_encoded_size(const struct dcb_dset *ds, enum dcb_dset_syntax syntax,
                      struct dcb_error *err)
{
	struct wr w = {{NULL, 0, 0}, syntax == DCB_DSET_EXPLICIT_LE};
	int rc = encode_set(&w, ds, err);

	return rc < 0 ? rc : (ssize_t)w.b.off;
}

int
dcb_dset_encode_alloc(const struct dcb_dset *ds, enum dcb_dset_syntax syntax, uint8_t **out,
                      size_t *len, struct dcb_error *err)
{
	ssize_t n = dcb_dset_encoded_size(ds, syntax, err);

	*out = NULL;
	*len = 0;
	if (n < 0)
		return (int)n;
	*out = malloc(n > 0 ? (size_t)n : 1);
	if (*out == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	n = dcb_dset_encode(ds, syntax, *out, (size_t)n, err);
	if (n < 0) {
		free(*out);
		*out = NULL;
		return (int)n;
	}
	*len = (size_t)n;
	return 0;
}

/* --- decode -------------------------------------------------------------- */

struct rd {
	const uint8_t *p;
	size_t off;
	struct dcb_error *err;
};

static int parse_items(struct rd *r, struct dcb_dset *ds, struct dcb_dset_elem *seq,
                       size_t seq_off, size_t end, bool undefined, bool explicit_vr);

/* Reads the elements of ds up to end, or, in an item of undefined length
 * (header at item_off), up to its delimiter. */
static int
parse_set(struct rd *r, struct dcb_dset *ds, size_t end, bool until_delimiter, bool explicit_vr,
          size_t item_off)
{
	while (r->off < end) {
		size_t off = r->off, hdr = 8;
		uint32_t tag, len;
		char vr[3] = "";
		const struct vr_info *vi = NULL;
		struct dcb_dset_elem *e;
		bool found, is_sq, is_un;
		int rc;

		if (end - off < 8)
			return dcb_error_set(r->err, DCB_ERR_TRUNCATED, (int64_t)off,
			                     N_("the data set ends at offset %zu inside an element "
			                        "header (%zu of 8 bytes)"),
			                     off, end - off);
		tag = (uint32_t)dcb_le16(r->p + off) << 16 | dcb_le16(r->p + off + 2);
		if (tag == TAG_ITEM_END && until_delimiter) {
			r->off = off + 8;
			return 0;
		}
		if (G(tag) == 0xfffe)
			return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)off,
			                     tag == TAG_ITEM
			                         ? N_("an item (%04X,%04X) at offset %zu outside a "
			                              "sequence")
			                         : N_("a delimiter (%04X,%04X) at offset %zu with "
			                              "nothing to end"),
			                     G(tag), E(tag), off);
		if (explicit_vr) {
			vr[0] = (char)r->p[off + 4];
			vr[1] = (char)r->p[off + 5];
			vi = vr_info(vr);
			if (vi == NULL)
				return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)off,
				                     N_("element (%04X,%04X) at offset %zu has VR "
				                        "0x%02X%02X, which PS3.5 does not define"),
				                     G(tag), E(tag), off, r->p[off + 4], r->p[off + 5]);
			if (vi->long_length) {
				hdr = 12;
				if (end - off < 12)
					return dcb_error_set(
					    r->err, DCB_ERR_TRUNCATED, (int64_t)off,
					    N_("the data set ends at offset %zu inside an element "
					       "header (%zu of 12 bytes)"),
					    off, end - off);
				len = dcb_le32(r->p + off + 8);
			} else {
				len = dcb_le16(r->p + off + 6);
			}
		} else {
			implicit_vr(tag, vr);
			vi = vr_info(vr);
			len = dcb_le32(r->p + off + 4);
		}
		find(ds, tag, &found);
		if (found)
			return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)off,
			                     N_("element (%04X,%04X) at offset %zu appears twice in "
			                        "one data set"),
			                     G(tag), E(tag), off);
		if (ds->n > 0 && tag < ds->elems[ds->n - 1].tag)
			ds->root->notes |= DCB_DSET_NOTE_ORDER;
		if (len == UNDEFINED)
			ds->root->notes |= DCB_DSET_NOTE_UNDEFINED_LENGTH;
		else if (len & 1)
			ds->root->notes |= DCB_DSET_NOTE_ODD_LENGTH;
		r->off = off + hdr;
		is_sq = strcmp(vi->vr, "SQ") == 0;
		is_un = strcmp(vi->vr, "UN") == 0;
		if (len == UNDEFINED && !is_sq && explicit_vr && !is_un)
			return dcb_error_set(
			    r->err, DCB_ERR_UNSUPPORTED, (int64_t)off,
			    N_("element (%04X,%04X) %s at offset %zu has undefined length; "
			       "only sequences may (encapsulated pixel data has no place in "
			       "a data set held in memory)"),
			    G(tag), E(tag), vi->vr, off);
		if (is_sq || len == UNDEFINED) {
			/* in implicit VR, undefined length means a sequence; an explicit
			 * UN of undefined length is a sequence in implicit VR */
			if (len != UNDEFINED && len > end - r->off)
				goto past_end;
			rc = budget(ds, 1, 0, tag, (int64_t)off, r->err);
			if (rc < 0)
				return rc;
			e = slot(ds, tag, "SQ");
			if (e == NULL)
				return dcb_error_set(r->err, DCB_ERR_NOMEM, -1, N_("out of memory"));
			rc = parse_items(r, ds, e, off, len == UNDEFINED ? end : r->off + len,
			                 len == UNDEFINED, explicit_vr && is_sq);
			if (rc < 0)
				return rc;
			continue;
		}
		if (len > end - r->off)
			goto past_end;
		rc = put_value(ds, tag, vi, r->p + r->off, len, (int64_t)off, r->err);
		if (rc < 0)
			return rc;
		r->off += len;
		continue;
past_end:
		return dcb_error_set(r->err, DCB_ERR_TRUNCATED, (int64_t)off,
		                     N_("element (%04X,%04X) at offset %zu has length %u, but "
		                        "only %zu bytes are left"),
		                     G(tag), E(tag), off, len, end - r->off);
	}
	if (until_delimiter)
		return dcb_error_set(r->err, DCB_ERR_TRUNCATED, (int64_t)item_off,
		                     N_("the item of undefined length at offset %zu ends at "
		                        "offset %zu without its delimiter (FFFE,E00D)"),
		                     item_off, end);
	return 0;
}

/* Reads the items of sequence seq (header at seq_off) up to end, or up
 * to its delimiter when undefined. */
static int
parse_items(struct rd *r, struct dcb_dset *ds, struct dcb_dset_elem *seq, size_t seq_off,
            size_t end, bool undefined, bool explicit_vr)
{
	uint32_t seq_tag = seq->tag;

	while (r->off < end) {
		size_t off = r->off;
		uint32_t tag, len;
		struct dcb_dset *item;
		int rc;

		if (end - off < 8)
			return dcb_error_set(r->err, DCB_ERR_TRUNCATED, (int64_t)off,
			                     N_("sequence (%04X,%04X) ends at offset %zu inside an "
			                        "item header"),
			                     G(seq_tag), E(seq_tag), off);
		tag = (uint32_t)dcb_le16(r->p + off) << 16 | dcb_le16(r->p + off + 2);
		len = dcb_le32(r->p + off + 4);
		r->off = off + 8;
		if (tag == TAG_SEQ_END && undefined)
			return 0;
		if (tag != TAG_ITEM)
			return dcb_error_set(r->err, DCB_ERR_MALFORMED, (int64_t)off,
			                     N_("(%04X,%04X) at offset %zu inside sequence "
			                        "(%04X,%04X), where only items may be"),
			                     G(tag), E(tag), off, G(seq_tag), E(seq_tag));
		if (len != UNDEFINED && len > end - r->off)
			return dcb_error_set(r->err, DCB_ERR_TRUNCATED, (int64_t)off,
			                     N_("an item of sequence (%04X,%04X) at offset %zu has "
			                        "length %u, but only %zu bytes are left"),
			                     G(seq_tag), E(seq_tag), off, len, end - r->off);
		if (len == UNDEFINED)
			ds->root->notes |= DCB_DSET_NOTE_UNDEFINED_LENGTH;
		/* seq stays where it is: only its items grow while they are read */
		rc = add_item(ds, seq, (int64_t)off, &item, r->err);
		if (rc < 0)
			return rc;
		rc = parse_set(r, item, len == UNDEFINED ? end : r->off + len, len == UNDEFINED,
		               explicit_vr, off);
		if (rc < 0)
			return rc;
	}
	if (undefined)
		return dcb_error_set(r->err, DCB_ERR_TRUNCATED, (int64_t)seq_off,
		                     N_("sequence (%04X,%04X) at offset %zu has no delimiter "
		                        "(FFFE,E0DD) before offset %zu"),
		                     G(seq_tag), E(seq_tag), seq_off, end);
	return 0;
}

int
dcb_dset_decode(const uint8_t *buf, size_t len, enum dcb_dset_syntax syntax,
                struct dcb_dset **out, struct dcb_error *err)
{
	struct rd r = {buf, 0, err};
	struct dcb_dset *ds;
	int rc;

	*out = NULL;
	if (len > DCB_DSET_MAX_BYTES)
		return dcb_error_set(err, DCB_ERR_LIMIT, 0,
		                     N_("the data set has %zu bytes; at most %u are accepted in "
		                        "memory"),
		                     len, DCB_DSET_MAX_BYTES);
	ds = dcb_dset_new();
	if (ds == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	rc = parse_set(&r, ds, len, false, syntax == DCB_DSET_EXPLICIT_LE, 0);
	if (rc < 0) {
		dcb_dset_free(ds);
		return rc;
	}
	*out = ds;
	return 0;
}
