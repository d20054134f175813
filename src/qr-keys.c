/* qr-keys.c — query identifiers from files and -k keys, as dcmtk's query
 * tools build them. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset-format.h"
#include "dcb-limits.h"
#include "dict.h"
#include "dset.h"
#include "filebuf.h"
#include "i18n.h"
#include "part10.h"
#include "qr-keys.h"

static void
put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* One step of a key's path: a tag, and an item index when a '[' follows. */
struct step {
	uint32_t tag;
	long item; /* -1: none */
	const char *vr;
};

static int
bad_key(struct dcb_error *err, const char *key, const char *why)
{
	return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("bad key '%s' for -k: %s"), key,
	                     dgettext(PACKAGE, why));
}

static int
hex4(const char *s, uint16_t *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = (uint16_t)v;
	return 0;
}

/* Parses the step at *p (a tag "gggg,eeee" or a keyword, maybe "[n]")
 * and moves *p past it. */
static int
parse_step(const char **p, struct step *st, const char *key, struct dcb_error *err)
{
	const char *s = *p, *end = s;
	const struct dcb_dict_entry *d;
	char name[80];
	uint16_t g, e;

	while (*end != '\0' && *end != '[' && *end != '.' && *end != '=')
		end++;
	if (end == s)
		return bad_key(err, key, N_("a tag or keyword is missing"));
	if (end - s == 9 && s[4] == ',' && hex4(s, &g) == 0 && hex4(s + 5, &e) == 0) {
		st->tag = DCB_TAG(g, e);
		d = dcb_dict_lookup(st->tag);
	} else {
		if ((size_t)(end - s) >= sizeof name)
			return bad_key(err, key, N_("the keyword is too long"));
		memcpy(name, s, (size_t)(end - s));
		name[end - s] = '\0';
		d = dcb_dict_by_keyword(name);
		if (d == NULL)
			return bad_key(err, key,
			               N_("no such keyword in the dictionary; give the tag as "
			                  "gggg,eeee"));
		st->tag = d->tag;
	}
	if (DCB_TAG_GROUP(st->tag) <= 0x0002 || DCB_TAG_GROUP(st->tag) == 0xfffe)
		return bad_key(err, key,
		               N_("command, meta header and item tags cannot be query keys"));
	st->vr = d != NULL ? d->vr : "UN";
	st->item = -1;
	if (*end == '[') {
		char *after;
		errno = 0;
		st->item = strtol(end + 1, &after, 10);
		if (after == end + 1 || *after != ']' || st->item < 0 || errno != 0 ||
		    st->item >= DCB_DSET_MAX_ELEMENTS)
			return bad_key(err, key, N_("an item index is a number in brackets, e.g. [0]"));
		end = after + 1;
	}
	*p = end;
	return 0;
}

/* Numbers of a binary VR from "1\2\3" into out; returns the byte count or
 * -1. */
static long
numbers(const char *vr, const char *text, uint8_t *out, size_t size)
{
	size_t n = 0;
	const char *s = text;

	if (*s == '\0')
		return 0;
	for (;;) {
		char *end;
		errno = 0;
		if (strcmp(vr, "FL") == 0 || strcmp(vr, "FD") == 0) {
			double v = strtod(s, &end);
			if (end == s || errno != 0 || n + 8 > size)
				return -1;
			if (vr[1] == 'L') {
				float f = (float)v;
				uint32_t bits;
				memcpy(&bits, &f, 4);
				put_le(out + n, bits, 4);
				n += 4;
			} else {
				uint64_t bits;
				memcpy(&bits, &v, 8);
				put_le(out + n, bits, 8);
				n += 8;
			}
		} else {
			bool wide = vr[1] == 'L';
			bool sign = vr[0] == 'S';
			long long v = strtoll(s, &end, 10);
			long long lo = sign ? (wide ? -2147483648LL : -32768) : 0;
			long long hi = sign ? (wide ? 2147483647LL : 32767) : (wide ? 4294967295LL : 65535);
			if (end == s || errno != 0 || v < lo || v > hi || n + 4 > size)
				return -1;
			put_le(out + n, (uint64_t)v, wide ? 4 : 2);
			n += wide ? 4 : 2;
		}
		if (*end == '\0')
			return (long)n;
		if (*end != '\\')
			return -1;
		s = end + 1;
	}
}

static bool
binary_number_vr(const char *vr)
{
	static const char *const list[] = {"US", "SS", "UL", "SL", "FL", "FD"};

	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (strcmp(vr, list[i]) == 0)
			return true;
	return false;
}

/* Sets the last step's element in ds. */
static int
put_value(struct dcb_dset *ds, const struct step *st, const char *value, const char *key,
          struct dcb_error *err)
{
	char vr[3] = {st->vr[0], st->vr[1], '\0'}; /* "US or SS": the first */
	uint8_t bin[256];
	long n;

	if (strcmp(vr, "SQ") == 0) {
		if (value != NULL && value[0] != '\0')
			return bad_key(err, key,
			               N_("a sequence takes no value; give its items' keys as "
			                  "Sequence[0].Keyword=value"));
		return dcb_dset_put_seq(ds, st->tag, err);
	}
	if (value == NULL)
		value = "";
	if (binary_number_vr(vr)) {
		n = numbers(vr, value, bin, sizeof bin);
		if (n < 0)
			return bad_key(err, key, N_("the value is not a list of numbers this VR takes"));
		return dcb_dset_put(ds, st->tag, vr, bin, (size_t)n, err);
	}
	if (!dcb_vr_is_text(vr) && strcmp(vr, "UN") != 0 && value[0] != '\0')
		return bad_key(err, key, N_("only text and number values can be given"));
	return dcb_dset_put_str(ds, st->tag, vr, value, err);
}

int
dcb_qr_key_apply(struct dcb_dset *ds, const char *key, struct dcb_error *err)
{
	const char *p = key, *value = NULL;
	struct dcb_dset *cur = ds;
	struct step st = {0};
	int rc;

	for (;;) {
		if ((rc = parse_step(&p, &st, key, err)) < 0)
			return rc;
		if (*p == '=' || *p == '\0') {
			if (st.item >= 0)
				return bad_key(err, key,
				               N_("a path ends with an element, not with an item"));
			value = *p == '=' ? p + 1 : NULL;
			return put_value(cur, &st, value, key, err);
		}
		/* '.' after an item: step into it */
		if (*p != '.' || st.item < 0)
			return bad_key(err, key,
			               N_("a path goes Sequence[n].Element, each sequence with its "
			                  "item index"));
		p++;
		{
			const struct dcb_dset_elem *el = dcb_dset_get(cur, st.tag);
			if (el != NULL && strcmp(el->vr, "SQ") != 0)
				return bad_key(err, key, N_("the element of the path is not a sequence"));
			if (el == NULL && strncmp(st.vr, "SQ", 2) != 0 && strcmp(st.vr, "UN") != 0)
				return bad_key(err, key, N_("the element of the path is not a sequence"));
			while (dcb_dset_item(cur, st.tag, (size_t)st.item) == NULL)
				if (dcb_dset_seq_add_item(cur, st.tag, err) == NULL)
					return err != NULL && err->code < 0 ? err->code : DCB_ERR_NOMEM;
			cur = dcb_dset_item(cur, st.tag, (size_t)st.item);
		}
	}
}

int
dcb_qr_read_query_file(const char *path, struct dcb_dset **out, struct dcb_error *err)
{
	struct dcb_reader *rd;
	const struct dcb_meta *m;
	enum dcb_dset_syntax syntax;
	uint8_t *buf = NULL;
	size_t len = 0;
	int64_t off;
	enum dcb_ts ts;
	int rc;

	*out = NULL;
	rd = dcb_reader_open(path, NULL, err);
	if (rd == NULL)
		return err != NULL && err->code < 0 ? err->code : DCB_ERR_IO;
	m = dcb_reader_meta(rd);
	off = m->dataset_offset;
	ts = m->ts;
	dcb_reader_free(rd);
	if (ts != DCB_TS_IMPLICIT_LE && ts != DCB_TS_EXPLICIT_LE)
		return dcb_error_set(err, DCB_ERR_UNSUPPORTED, -1,
		                     N_("%s: a query file must be in implicit or explicit VR little "
		                        "endian"),
		                     path);
	syntax = ts == DCB_TS_IMPLICIT_LE ? DCB_DSET_IMPLICIT_LE : DCB_DSET_EXPLICIT_LE;
	rc = dcb_file_read_all(path, DCB_DSET_MAX_BYTES + (size_t)off + 1, &buf, &len, err);
	if (rc < 0)
		return rc;
	if (off < 0 || (size_t)off > len)
		rc = dcb_error_set(err, DCB_ERR_MALFORMED, -1, N_("%s: no data set"), path);
	else
		rc = dcb_dset_decode(buf + off, len - (size_t)off, syntax, out, err);
	free(buf);
	return rc;
}
