/* match.c — attribute matching (PS3.4 C.2.2.2) and the answer built from a
 * match.  The rules, and where they follow dcmtk or Orthanc, are in match.h. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dict.h"
#include "dset.h"
#include "i18n.h"
#include "match.h"
#include "utf8.h"

#define TAG_CHARSET DCB_TAG(0x0008, 0x0005)
#define TAG_QR_LEVEL DCB_TAG(0x0008, 0x0052)

/* A byte that is no character of the text's set, kept apart from every
 * Unicode character: it equals only the same byte. */
#define RAW_BYTE 0x200000u

enum charset { CS_ASCII, CS_LATIN1, CS_UTF8, CS_OTHER };

/* --- value representations ----------------------------------------------- */

enum kind {
	K_WILD,      /* wild card matching, single value matching without * and ? */
	K_EXACT,     /* single value matching of text; list of UIDs */
	K_DATE,      /* range matching */
	K_TIME,
	K_DATETIME,
	K_BINARY,    /* single value matching of binary values */
};

struct vr_rule {
	char vr[3];
	enum kind kind;
	bool trim_leading;             /* leading spaces not significant (PS3.5 Table 6.2-1) */
	bool multi;                    /* "\" separates values */
	bool charset;                  /* encoded by (0008,0005) */
	unsigned size;                 /* K_BINARY: bytes per value, 0 = the whole value */
};

static const struct vr_rule rules[] = {
	{"AE", K_WILD, true, true, false, 0},      {"AS", K_EXACT, false, true, false, 0},
	{"AT", K_BINARY, false, false, false, 4},  {"CS", K_WILD, true, true, false, 0},
	{"DA", K_DATE, true, true, false, 0},      {"DS", K_EXACT, true, true, false, 0},
	{"DT", K_DATETIME, true, true, false, 0},  {"FD", K_BINARY, false, false, false, 8},
	{"FL", K_BINARY, false, false, false, 4},  {"IS", K_EXACT, true, true, false, 0},
	{"LO", K_WILD, true, true, true, 0},       {"LT", K_WILD, false, false, true, 0},
	{"PN", K_WILD, true, true, true, 0},       {"SH", K_WILD, true, true, true, 0},
	{"SL", K_BINARY, false, false, false, 4},  {"SS", K_BINARY, false, false, false, 2},
	{"ST", K_WILD, false, false, true, 0},     {"SV", K_BINARY, false, false, false, 8},
	{"TM", K_TIME, true, true, false, 0},      {"UC", K_WILD, false, true, true, 0},
	{"UI", K_EXACT, true, true, false, 0},     {"UL", K_BINARY, false, false, false, 4},
	{"UR", K_WILD, false, false, false, 0},    {"US", K_BINARY, false, false, false, 2},
	{"UT", K_WILD, false, false, true, 0},     {"UV", K_BINARY, false, false, false, 8},
};

/* OB, OW, UN and the other VRs: the whole value, byte for byte. */
static const struct vr_rule whole_bytes = {"", K_BINARY, false, false, false, 0};

static const struct vr_rule *
rule_of(const char *vr)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].vr, vr) == 0)
			return &rules[i];
	return &whole_bytes;
}

static bool
is_seq(const struct dcb_dset_elem *e)
{
	return e->n_items > 0 || strcmp(e->vr, "SQ") == 0;
}

static bool
is_seq_at(const struct dcb_dset *ds, uint32_t tag)
{
	const struct dcb_dset_elem *e = dcb_dset_get(ds, tag);

	return e != NULL && is_seq(e);
}

/* Not a matching key: (0008,0005), (0008,0052), groups 0000 and 0002,
 * group lengths. */
static bool
is_key(uint32_t tag)
{
	uint16_t g = DCB_TAG_GROUP(tag);

	return g != 0x0000 && g != 0x0002 && DCB_TAG_ELEMENT(tag) != 0x0000 &&
	       tag != TAG_CHARSET && tag != TAG_QR_LEVEL;
}

static bool
has_keys(const struct dcb_dset *ds)
{
	for (size_t i = 0; i < dcb_dset_count(ds); i++)
		if (is_key(dcb_dset_nth(ds, i)->tag))
			return true;
	return false;
}

/* --- values ------------------------------------------------------------- */

struct span {
	const uint8_t *p;
	size_t len;
};

static void
trim(struct span *s, bool leading)
{
	while (s->len > 0 && (s->p[s->len - 1] == ' ' || s->p[s->len - 1] == '\0'))
		s->len--;
	while (leading && s->len > 0 && s->p[0] == ' ')
		s->p++, s->len--;
}

/* The value after *pos in e (trimmed by r), *pos moved past it; false
 * after the last.  Start with *pos = 0. */
static bool
next_value(const struct dcb_dset_elem *e, const struct vr_rule *r, size_t *pos, struct span *v)
{
	size_t end = *pos;

	if (*pos > e->len)
		return false;
	if (e->len == 0) {
		v->p = (const uint8_t *)"";
		v->len = 0;
		*pos = 1;
		return true;
	}
	while (end < e->len && !(r->multi && e->value[end] == '\\'))
		end++;
	v->p = e->value + *pos;
	v->len = end - *pos;
	trim(v, r->trim_leading);
	*pos = end + 1;
	return true;
}

static bool
only_stars(const struct span *v)
{
	for (size_t i = 0; i < v->len; i++)
		if (v->p[i] != '*')
			return false;
	return v->len > 0;
}

/* Every value of e empty; with stars (universal matching of a key), also
 * a value of only "*" where wild cards apply. */
static bool
no_value(const struct dcb_dset_elem *e, const struct vr_rule *r, bool stars)
{
	struct span v;
	size_t pos = 0;
	bool all_empty = true;

	if (r->kind == K_BINARY)
		return e->len == 0;
	while (next_value(e, r, &pos, &v)) {
		if (stars && r->kind == K_WILD && only_stars(&v))
			return true;
		all_empty = all_empty && v.len == 0;
	}
	return all_empty;
}

/* --- characters ---------------------------------------------------------- */

/* The text of one value in its character set, read a character at a time. */
struct text {
	const uint8_t *p;
	size_t len;
	enum charset cs;
	bool fold;                     /* fold ASCII and Latin-1 letters to lower case */
};

static uint32_t
fold(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
		return c + 0x20;
	if (c == 0x178) /* Y WITH DIAERESIS: its small letter is Latin-1's 0xff */
		return 0xff;
	return c;
}

/* The character at *pos (< t->len), *pos moved past it. */
static uint32_t
next_char(const struct text *t, size_t *pos)
{
	uint8_t b = t->p[*pos];
	uint32_t c = RAW_BYTE | b;
	size_t n = 1;

	if (b < 0x80 || t->cs == CS_LATIN1)
		c = b;
	else if (t->cs == CS_UTF8 && (n = dcb_utf8_decode(t->p + *pos, t->len - *pos, &c)) == 0)
		n = 1, c = RAW_BYTE | b;
	*pos += n;
	return t->fold ? fold(c) : c;
}

/* Wild card matching of val against pat, character by character.  Greedy:
 * a "*" first takes nothing; on a mismatch the last "*" seen takes one more
 * character and the pattern resumes after it.  Going back to an earlier "*"
 * is never needed (the last one can take whatever an earlier one could), so
 * each character of val restarts the pattern at most once: at most
 * len(val) x len(pat) steps, no recursion, no memory. */
static bool
wild_match(const struct text *pat, const struct text *val)
{
	size_t p = 0, v = 0, star_p = SIZE_MAX, star_v = 0;

	while (v < val->len) {
		if (p < pat->len) {
			size_t np = p, nv = v;
			uint32_t pc = next_char(pat, &np), vc;

			if (pc == '*') {
				star_p = p = np;
				star_v = v;
				continue;
			}
			vc = next_char(val, &nv);
			if (pc == '?' || pc == vc) {
				p = np;
				v = nv;
				continue;
			}
		}
		if (star_p == SIZE_MAX)
			return false;
		(void)next_char(val, &star_v);
		v = star_v;
		p = star_p;
	}
	while (p < pat->len)
		if (next_char(pat, &p) != '*')
			return false;
	return true;
}

/* Latin-1 (or ASCII, or UTF-8) text converted to UTF-8 into out[size],
 * cut at a character that does not fit; a byte of no known set becomes
 * "?". */
static void
to_utf8(const uint8_t *s, size_t len, enum charset cs, char *out, size_t size)
{
	struct text t = {s, len, cs, false};
	size_t pos = 0, n = 0;

	while (pos < len) {
		char buf[4];
		uint32_t c = next_char(&t, &pos);
		size_t k = c >= RAW_BYTE ? (buf[0] = '?', 1) : dcb_utf8_encode(c, buf);

		if (n + k >= size)
			break;
		memcpy(out + n, buf, k);
		n += k;
	}
	out[n] = '\0';
}

/* --- dates and times ----------------------------------------------------- */

#define US_PER_DAY (86400LL * 1000000LL)

/* n decimal digits at s[*i], *i moved past them. */
static bool
digits(const uint8_t *s, size_t len, size_t *i, unsigned n, int *v)
{
	int x = 0;

	if (len - *i < n)
		return false;
	for (unsigned k = 0; k < n; k++) {
		uint8_t c = s[*i + k];

		if (c < '0' || c > '9')
			return false;
		x = x * 10 + (c - '0');
	}
	*i += n;
	*v = x;
	return true;
}

/* Days from 0000-03-01 of the proleptic Gregorian calendar (any fixed
 * origin does: only differences count). */
static int64_t
day_number(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = yy / 400, yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;

	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

static bool
valid_date(int y, int m, int d)
{
	(void)y;
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* DA: YYYYMMDD, or the old YYYY.MM.DD; days. */
static bool
parse_date(const uint8_t *s, size_t len, int64_t *days)
{
	size_t i = 0;
	int y, m, d;
	bool dots = len == 10;

	if (!digits(s, len, &i, 4, &y) || (dots && s[i++] != '.') || !digits(s, len, &i, 2, &m) ||
	    (dots && s[i++] != '.') || !digits(s, len, &i, 2, &d) || i != len || !valid_date(y, m, d))
		return false;
	*days = day_number(y, m, d);
	return true;
}

/* The ".FFFFFF" after the seconds at s[*i]: 1-6 digits as microseconds. */
static bool
fraction(const uint8_t *s, size_t len, size_t *i, int64_t *us)
{
	int64_t f = 0;
	unsigned n = 0;

	*us = 0;
	if (*i >= len || s[*i] != '.')
		return true;
	for ((*i)++; *i < len && s[*i] >= '0' && s[*i] <= '9' && n < 6; (*i)++, n++)
		f = f * 10 + (s[*i] - '0');
	if (n == 0)
		return false;
	while (n++ < 6)
		f *= 10;
	*us = f;
	return true;
}

/* HH[MM[SS[.F]]] from s[*i] (colons between the parts when colons): microseconds. */
static bool
clock_parts(const uint8_t *s, size_t len, size_t *i, bool colons, int64_t *us)
{
	int h, m = 0, sec = 0;
	int64_t frac = 0;

	if (!digits(s, len, i, 2, &h) || h > 23)
		return false;
	if (colons && *i < len && s[*i] == ':')
		(*i)++;
	if (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		if (!digits(s, len, i, 2, &m) || m > 59)
			return false;
		if (colons && *i < len && s[*i] == ':')
			(*i)++;
		if (*i < len && s[*i] >= '0' && s[*i] <= '9') {
			if (!digits(s, len, i, 2, &sec) || sec > 60 || !fraction(s, len, i, &frac))
				return false;
		}
	}
	*us = ((int64_t)h * 3600 + m * 60 + sec) * 1000000 + frac;
	return true;
}

/* TM: HH[MM[SS[.F]]] or HH:MM:SS.F; microseconds since midnight. */
static bool
parse_time(const uint8_t *s, size_t len, int64_t *us)
{
	size_t i = 0;

	return clock_parts(s, len, &i, true, us) && i == len;
}

/* DT: YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]; microseconds, UTC when an
 * offset is given. */
static bool
parse_datetime(const uint8_t *s, size_t len, int64_t *us)
{
	size_t i = 0;
	int y, mo = 1, d = 1, oh, om;
	int64_t t = 0;

	if (!digits(s, len, &i, 4, &y))
		return false;
	if (i < len && s[i] >= '0' && s[i] <= '9') {
		if (!digits(s, len, &i, 2, &mo))
			return false;
		if (i < len && s[i] >= '0' && s[i] <= '9') {
			if (!digits(s, len, &i, 2, &d))
				return false;
			if (i < len && s[i] >= '0' && s[i] <= '9' && !clock_parts(s, len, &i, false, &t))
				return false;
		}
	}
	if (!valid_date(y, mo, d))
		return false;
	*us = day_number(y, mo, d) * US_PER_DAY + t;
	if (i < len && (s[i] == '+' || s[i] == '-')) {
		int sign = s[i++] == '-' ? -1 : 1;

		if (!digits(s, len, &i, 2, &oh) || !digits(s, len, &i, 2, &om) || oh > 14 || om > 59)
			return false;
		*us -= sign * ((int64_t)oh * 3600 + om * 60) * 1000000;
	}
	return i == len;
}

static bool
parse_point(enum kind k, const uint8_t *s, size_t len, int64_t *v)
{
	int64_t days;

	switch (k) {
	case K_DATE:
		if (!parse_date(s, len, &days))
			return false;
		*v = days;
		return true;
	case K_TIME:
		return parse_time(s, len, v);
	default:
		return parse_datetime(s, len, v);
	}
}

struct range {
	bool single;                   /* no "-": lo == hi */
	bool has_lo, has_hi;
	int64_t lo, hi;
};

/* One bound of a range: empty (open) or a point. */
static bool
parse_bound(enum kind k, const uint8_t *s, size_t len, bool *has, int64_t *v)
{
	struct span b = {s, len};

	trim(&b, true);
	*has = b.len > 0;
	return b.len == 0 || parse_point(k, b.p, b.len, v);
}

/* "A-B", "-B", "A-" or "A".  A DT may hold a "-" of its own (a negative
 * offset): the separator is the first "-" that leaves two bounds that
 * parse. */
static bool
parse_range(enum kind k, const struct span *v, struct range *r)
{
	for (size_t i = 0; i < v->len; i++) {
		if (v->p[i] != '-')
			continue;
		if (parse_bound(k, v->p, i, &r->has_lo, &r->lo) &&
		    parse_bound(k, v->p + i + 1, v->len - i - 1, &r->has_hi, &r->hi)) {
			r->single = false;
			return true;
		}
		if (k != K_DATETIME)
			return false;
	}
	r->single = true;
	r->has_lo = r->has_hi = true;
	if (!parse_point(k, v->p, v->len, &r->lo))
		return false;
	r->hi = r->lo;
	return true;
}

static bool
in_range(const struct range *r, int64_t x)
{
	return (!r->has_lo || r->lo <= x) && (!r->has_hi || x <= r->hi);
}

/* --- keys ---------------------------------------------------------------- */

struct ctx {
	const struct dcb_match_opts *o;
	enum charset qcs, ccs;         /* of the query's and the candidate's data set */
	uint32_t seq_tag;              /* the sequence the data sets are items of, or 0 */
};

static bool
value_match(const struct vr_rule *r, bool pn, const struct span *q, const struct span *c,
            const struct ctx *x)
{
	struct range range;
	int64_t point;

	switch (r->kind) {
	case K_WILD: {
		bool f = pn && x->o->pn_ignore_case;
		struct text pat = {q->p, q->len, r->charset ? x->qcs : CS_ASCII, f};
		struct text val = {c->p, c->len, r->charset ? x->ccs : CS_ASCII, f};

		return wild_match(&pat, &val);
	}
	case K_DATE:
	case K_TIME:
	case K_DATETIME:
		return parse_range(r->kind, q, &range) && parse_point(r->kind, c->p, c->len, &point) &&
		       in_range(&range, point);
	default:
		return q->len == c->len && memcmp(q->p, c->p, q->len) == 0;
	}
}

/* Binary values: any value of q equal to any of c (size bytes each, or
 * the whole value). */
static bool
binary_match(const struct dcb_dset_elem *q, const struct dcb_dset_elem *c, unsigned size)
{
	if (size == 0 || q->len % size != 0 || c->len % size != 0)
		return q->len == c->len && memcmp(q->value, c->value, q->len) == 0;
	for (uint32_t i = 0; i < q->len; i += size)
		for (uint32_t k = 0; k < c->len; k += size)
			if (memcmp(q->value + i, c->value + k, size) == 0)
				return true;
	return false;
}

/* The VR to match by: the query's, the candidate's when the query's says
 * nothing (UN). */
static const struct vr_rule *
key_rule(const struct dcb_dset_elem *q, const struct dcb_dset_elem *c)
{
	if (strcmp(q->vr, "UN") == 0 && c != NULL && !is_seq(c))
		return rule_of(c->vr);
	return rule_of(q->vr);
}

/* One key that is not a sequence against the candidate's element c (NULL
 * when absent). */
static bool
match_elem(const struct dcb_dset_elem *q, const struct dcb_dset_elem *c, const struct ctx *x)
{
	const struct vr_rule *r = key_rule(q, c);
	bool pn = strcmp(r->vr, "PN") == 0;
	struct span qv, cv;
	size_t qpos = 0;

	if (no_value(q, r, true))
		return true;
	if (c == NULL || is_seq(c) || no_value(c, r, false))
		return x->o->empty_is_unknown && (c == NULL || !is_seq(c));
	if (r->kind == K_BINARY)
		return binary_match(q, c, r->size);
	while (next_value(q, r, &qpos, &qv)) {
		size_t cpos = 0;

		while (qv.len > 0 && next_value(c, r, &cpos, &cv))
			if (cv.len > 0 && value_match(r, pn, &qv, &cv, x))
				return true;
	}
	return false;
}

static enum charset
charset_of(const struct dcb_dset *ds, enum charset inherited)
{
	const struct dcb_dset_elem *e = dcb_dset_get(ds, TAG_CHARSET);
	struct span v;

	if (e == NULL || is_seq(e))
		return inherited;
	v.p = e->len > 0 ? e->value : (const uint8_t *)"";
	v.len = e->len;
	trim(&v, true);
	if (v.len == 0 || (v.len == 8 && memcmp(v.p, "ISO_IR 6", 8) == 0))
		return CS_ASCII;
	if (v.len == 10 && memcmp(v.p, "ISO_IR 100", 10) == 0)
		return CS_LATIN1;
	if (v.len == 10 && memcmp(v.p, "ISO_IR 192", 10) == 0)
		return CS_UTF8;
	return CS_OTHER;
}

/* The value of e for a person: trailing spaces cut, in UTF-8. */
static void
show_value(const struct dcb_dset_elem *e, enum charset cs, char *out, size_t size)
{
	struct span v = {e != NULL ? e->value : NULL, e != NULL && !is_seq(e) ? e->len : 0};

	trim(&v, false);
	to_utf8(v.p, v.len, e != NULL && rule_of(e->vr)->charset ? cs : CS_ASCII, out, size);
}

static void
set_miss(struct dcb_match_miss *m, uint32_t tag, const struct ctx *x,
         const struct dcb_dset_elem *q, const struct dcb_dset_elem *c)
{
	if (m == NULL)
		return;
	memset(m, 0, sizeof *m);
	m->tag = tag;
	m->seq_tag = x->seq_tag;
	m->absent = c == NULL || is_seq(c) != is_seq(q) || (is_seq(c) ? c->n_items == 0 : c->len == 0);
	if (!is_seq(q)) {
		show_value(q, x->qcs, m->want, sizeof m->want);
		show_value(c, x->ccs, m->have, sizeof m->have);
	}
}

/* The DA and TM keys that may be matched as one (C.2.2.2.5.4). */
static const struct {
	uint32_t date, time;
} date_time_pairs[] = {
	{DCB_TAG(0x0008, 0x0020), DCB_TAG(0x0008, 0x0030)}, /* Study */
	{DCB_TAG(0x0008, 0x0021), DCB_TAG(0x0008, 0x0031)}, /* Series */
	{DCB_TAG(0x0008, 0x0022), DCB_TAG(0x0008, 0x0032)}, /* Acquisition */
	{DCB_TAG(0x0008, 0x0023), DCB_TAG(0x0008, 0x0033)}, /* Content */
	{DCB_TAG(0x0040, 0x0002), DCB_TAG(0x0040, 0x0003)}, /* Scheduled Procedure Step Start */
	{DCB_TAG(0x0040, 0x0004), DCB_TAG(0x0040, 0x0005)}, /* Scheduled Procedure Step End */
	{DCB_TAG(0x0040, 0x0244), DCB_TAG(0x0040, 0x0245)}, /* Performed Procedure Step Start */
	{DCB_TAG(0x0040, 0x0250), DCB_TAG(0x0040, 0x0251)}, /* Performed Procedure Step End */
};

/* A single-valued, non-universal DA or TM key of q as a range. */
static bool
single_range(const struct dcb_dset *q, uint32_t tag, enum kind k, struct span *v, struct range *r)
{
	const struct dcb_dset_elem *e = dcb_dset_get(q, tag);
	size_t pos = 0;

	if (e == NULL || is_seq(e) || (e->len > 0 && memchr(e->value, '\\', e->len) != NULL))
		return false;
	(void)next_value(e, rule_of(k == K_DATE ? "DA" : "TM"), &pos, v);
	return v->len > 0 && parse_range(k, v, r);
}

/* Whether q's pair p is matched as one date-time: both keys there, single
 * values of the same form. */
static bool
combined(const struct dcb_dset *q, size_t p, const struct ctx *x, struct range *d, struct range *t)
{
	struct span dv, tv;

	return x->o->combine_date_time &&
	       single_range(q, date_time_pairs[p].date, K_DATE, &dv, d) &&
	       single_range(q, date_time_pairs[p].time, K_TIME, &tv, t) && d->single == t->single &&
	       d->has_lo == t->has_lo && d->has_hi == t->has_hi;
}

/* The first value of c's key tag as a point in time: 1, 0 when c has no
 * value for it, -1 when the value does not parse. */
static int
cand_point(const struct dcb_dset *c, uint32_t tag, enum kind k, int64_t *v)
{
	const struct dcb_dset_elem *e = dcb_dset_get(c, tag);
	struct span s;
	size_t pos = 0;

	*v = 0;
	if (e == NULL || is_seq(e) || !next_value(e, rule_of(k == K_DATE ? "DA" : "TM"), &pos, &s) ||
	    s.len == 0)
		return 0;
	return parse_point(k, s.p, s.len, v) ? 1 : -1;
}

static bool
match_date_time(const struct dcb_dset *c, size_t p, const struct range *d, const struct range *t,
                const struct ctx *x)
{
	struct range r = *d;
	int64_t day, time;
	int has_day = cand_point(c, date_time_pairs[p].date, K_DATE, &day);

	if (has_day == 0)
		return x->o->empty_is_unknown && !is_seq_at(c, date_time_pairs[p].date);
	/* no time: midnight, as in dcmtk */
	if (has_day < 0 || cand_point(c, date_time_pairs[p].time, K_TIME, &time) < 0)
		return false;
	r.lo = d->lo * US_PER_DAY + t->lo;
	r.hi = d->hi * US_PER_DAY + t->hi;
	return in_range(&r, day * US_PER_DAY + time);
}

/* The pair key tag belongs to, or -1. */
static int
pair_of(uint32_t tag, bool *is_time)
{
	for (size_t p = 0; p < sizeof date_time_pairs / sizeof date_time_pairs[0]; p++)
		if (date_time_pairs[p].date == tag || date_time_pairs[p].time == tag) {
			*is_time = date_time_pairs[p].time == tag;
			return (int)p;
		}
	return -1;
}

static bool match_set(const struct dcb_dset *q, const struct dcb_dset *c, const struct ctx *up,
                      struct dcb_match_miss *miss);

/* Sequence matching (C.2.2.2.6): some item of c matches q's first item. */
static bool
match_seq(const struct dcb_dset_elem *q, const struct dcb_dset_elem *c, const struct ctx *x,
          struct dcb_match_miss *miss)
{
	struct ctx in = *x;
	struct dcb_match_miss first;

	if (q->n_items == 0 || !has_keys(q->items[0]))
		return true;
	if (c == NULL || !is_seq(c) || c->n_items == 0) {
		if (x->o->empty_is_unknown && (c == NULL || c->len == 0))
			return true;
		set_miss(miss, q->tag, x, q, c);
		return false;
	}
	in.seq_tag = q->tag;
	for (uint32_t k = 0; k < c->n_items; k++)
		if (match_set(q->items[0], c->items[k], &in, k == 0 ? &first : NULL))
			return true;
	if (miss != NULL)
		*miss = first;
	return false;
}

static bool
match_set(const struct dcb_dset *q, const struct dcb_dset *c, const struct ctx *up,
          struct dcb_match_miss *miss)
{
	struct ctx x = *up;

	x.qcs = charset_of(q, up->qcs);
	x.ccs = charset_of(c, up->ccs);
	for (size_t i = 0; i < dcb_dset_count(q); i++) {
		const struct dcb_dset_elem *e = dcb_dset_nth(q, i);
		const struct dcb_dset_elem *ce = dcb_dset_get(c, e->tag);
		struct range d, t;
		bool is_time, ok;
		int p;

		if (!is_key(e->tag))
			continue;
		if ((p = pair_of(e->tag, &is_time)) >= 0 && combined(q, (size_t)p, &x, &d, &t)) {
			if (is_time)
				continue; /* matched with its date */
			if (match_date_time(c, (size_t)p, &d, &t, &x))
				continue;
			set_miss(miss, e->tag, &x, e, ce);
			return false;
		}
		if (is_seq(e))
			ok = match_seq(e, ce, &x, miss);
		else if (!(ok = match_elem(e, ce, &x)))
			set_miss(miss, e->tag, &x, e, ce);
		if (!ok)
			return false;
	}
	return true;
}

bool
dcb_match(const struct dcb_dset *query, const struct dcb_dset *cand,
          const struct dcb_match_opts *o, struct dcb_match_miss *miss)
{
	static const struct dcb_match_opts none;
	struct ctx x = {o != NULL ? o : &none, CS_ASCII, CS_ASCII, 0};

	if (miss != NULL)
		memset(miss, 0, sizeof *miss);
	return match_set(query, cand, &x, miss);
}

/* --- the answer ---------------------------------------------------------- */

static int
put_copy(struct dcb_dset *out, const struct dcb_dset_elem *e, struct dcb_error *err);

/* Every element of src into dst. */
static int
copy_set(const struct dcb_dset *src, struct dcb_dset *dst, struct dcb_error *err)
{
	int rc;

	for (size_t i = 0; i < dcb_dset_count(src); i++)
		if ((rc = put_copy(dst, dcb_dset_nth(src, i), err)) < 0)
			return rc;
	return 0;
}

/* e into out, with its items. */
static int
put_copy(struct dcb_dset *out, const struct dcb_dset_elem *e, struct dcb_error *err)
{
	struct dcb_dset *item;
	int rc;

	if (!is_seq(e))
		return dcb_dset_put(out, e->tag, e->vr, e->value, e->len, err);
	if ((rc = dcb_dset_put_seq(out, e->tag, err)) < 0)
		return rc;
	for (uint32_t k = 0; k < e->n_items; k++) {
		if ((item = dcb_dset_seq_add_item(out, e->tag, err)) == NULL)
			return err->code;
		if ((rc = copy_set(e->items[k], item, err)) < 0)
			return rc;
	}
	return 0;
}

static int answer_set(const struct dcb_dset *q, const struct dcb_dset *c, const struct ctx *up,
                      struct dcb_dset *out, struct dcb_error *err);

/* A sequence key: cand's items that match the query's item, reduced to its
 * keys; all of them, whole, when the query's item is empty. */
static int
answer_seq(const struct dcb_dset_elem *q, const struct dcb_dset_elem *c, const struct ctx *x,
           struct dcb_dset *out, struct dcb_error *err)
{
	const struct dcb_dset *qi = q->n_items > 0 ? q->items[0] : NULL;
	struct ctx in = *x;
	struct dcb_dset *item;
	int rc;

	if (c == NULL || !is_seq(c))
		return dcb_dset_put_seq(out, q->tag, err);
	if (qi == NULL || !has_keys(qi))
		return put_copy(out, c, err);
	if ((rc = dcb_dset_put_seq(out, q->tag, err)) < 0)
		return rc;
	in.seq_tag = q->tag;
	for (uint32_t k = 0; k < c->n_items; k++) {
		if (!match_set(qi, c->items[k], &in, NULL))
			continue;
		if ((item = dcb_dset_seq_add_item(out, q->tag, err)) == NULL)
			return err->code;
		if ((rc = answer_set(qi, c->items[k], &in, item, err)) < 0)
			return rc;
	}
	return 0;
}

static int
answer_set(const struct dcb_dset *q, const struct dcb_dset *c, const struct ctx *up,
           struct dcb_dset *out, struct dcb_error *err)
{
	const struct dcb_dset_elem *cs = dcb_dset_get(c, TAG_CHARSET);
	struct ctx x = *up;
	int rc = 0;

	x.qcs = charset_of(q, up->qcs);
	x.ccs = charset_of(c, up->ccs);
	if (cs != NULL && (rc = put_copy(out, cs, err)) < 0)
		return rc;
	for (size_t i = 0; i < dcb_dset_count(q) && rc == 0; i++) {
		const struct dcb_dset_elem *e = dcb_dset_nth(q, i);
		const struct dcb_dset_elem *ce = dcb_dset_get(c, e->tag);

		if (e->tag == TAG_QR_LEVEL)
			rc = put_copy(out, e, err);
		else if (!is_key(e->tag))
			continue;
		else if (is_seq(e))
			rc = answer_seq(e, ce, &x, out, err);
		else if (ce == NULL)
			rc = dcb_dset_put(out, e->tag, e->vr, NULL, 0, err);
		else
			rc = put_copy(out, ce, err);
	}
	return rc;
}

int
dcb_match_answer_opts(const struct dcb_dset *query, const struct dcb_dset *cand,
                      const struct dcb_match_opts *o, struct dcb_dset **out,
                      struct dcb_error *err)
{
	static const struct dcb_match_opts none;
	struct ctx x = {o != NULL ? o : &none, CS_ASCII, CS_ASCII, 0};
	struct dcb_error local;
	int rc;

	if (err == NULL)
		err = &local; /* the item calls report their code only there */
	*out = dcb_dset_new();
	if (*out == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory building a C-FIND answer"));
	if ((rc = answer_set(query, cand, &x, *out, err)) < 0) {
		dcb_dset_free(*out);
		*out = NULL;
	}
	return rc;
}

int
dcb_match_answer(const struct dcb_dset *query, const struct dcb_dset *cand, struct dcb_dset **out,
                 struct dcb_error *err)
{
	return dcb_match_answer_opts(query, cand, NULL, out, err);
}

/* --- words --------------------------------------------------------------- */

static const char *
keyword(uint32_t tag)
{
	const struct dcb_dict_entry *d = dcb_dict_lookup(tag);

	return d != NULL ? d->keyword : "?";
}

void
dcb_match_miss_describe(const struct dcb_match_miss *m, char *out, size_t size)
{
	char where[96] = "";

	if (size == 0)
		return;
	if (m->seq_tag != 0)
		snprintf(where, sizeof where, "(%04X,%04X) %s > ", DCB_TAG_GROUP(m->seq_tag),
		         DCB_TAG_ELEMENT(m->seq_tag), keyword(m->seq_tag));
	if (m->want[0] == '\0')
		/* TRANSLATORS: a sequence key of a C-FIND query; the entry has no item in it */
		snprintf(out, size, dcb_tr(N_("%s(%04X,%04X) %s: wanted a matching item, entry has none")),
		         where, DCB_TAG_GROUP(m->tag), DCB_TAG_ELEMENT(m->tag), keyword(m->tag));
	else if (m->absent)
		/* TRANSLATORS: a key of a C-FIND query the entry has no value for */
		snprintf(out, size, dcb_tr(N_("%s(%04X,%04X) %s: wanted '%s', entry has none")), where,
		         DCB_TAG_GROUP(m->tag), DCB_TAG_ELEMENT(m->tag), keyword(m->tag), m->want);
	else
		/* TRANSLATORS: a key of a C-FIND query, its value, and the entry's value */
		snprintf(out, size, dcb_tr(N_("%s(%04X,%04X) %s: wanted '%s', entry has '%s'")), where,
		         DCB_TAG_GROUP(m->tag), DCB_TAG_ELEMENT(m->tag), keyword(m->tag), m->want,
		         m->have);
}
