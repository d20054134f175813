/* conform-value.c — PS3.5 §6.2 value rules per VR, as pure functions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conform-value.h"
#include "utf8.h"

/* How the characters of a string VR are restricted. */
enum chars {
	CH_NONE,     /* binary */
	CH_CS,       /* A-Z 0-9 space _ */
	CH_DEFAULT,  /* printable ASCII, no control characters */
	CH_TEXT,     /* like DEFAULT, plus ESC (and bytes of other sets) */
	CH_LONGTEXT, /* like TEXT, plus TAB LF FF CR */
	CH_DIGITS,   /* checked by the format check */
};

struct vr_rule {
	char vr[3];
	unsigned max; /* per value; characters for text, 0 = no limit */
	enum chars chars;
	bool multi;           /* backslash separates values */
	enum dcb_code format; /* format check, 0 for none */
};

static const struct vr_rule rules[] = {
    {"AE", 16, CH_DEFAULT, true, 0},
    {"AS", 4, CH_DIGITS, true, DCB_F_AS_FORMAT},
    {"CS", 16, CH_CS, true, 0},
    {"DA", 8, CH_DIGITS, true, DCB_F_DA_FORMAT},
    {"DS", 16, CH_DIGITS, true, DCB_F_DS_FORMAT},
    {"DT", 26, CH_DIGITS, true, DCB_F_DT_FORMAT},
    {"IS", 12, CH_DIGITS, true, DCB_F_IS_FORMAT},
    {"LO", 64, CH_TEXT, true, 0},
    {"LT", 10240, CH_LONGTEXT, false, 0},
    {"PN", 0, CH_TEXT, true, 0},
    {"SH", 16, CH_TEXT, true, 0},
    {"ST", 1024, CH_LONGTEXT, false, 0},
    {"TM", 14, CH_DIGITS, true, DCB_F_TM_FORMAT},
    {"UC", 0, CH_TEXT, true, 0},
    {"UR", 0, CH_DEFAULT, false, 0},
    {"UT", 0, CH_LONGTEXT, false, 0},
};

struct bin_size {
	char vr[3];
	unsigned size;
	bool numeric; /* VM counts values (US, FD, ...) rather than 1 */
};

static const struct bin_size bins[] = {
    {"AT", 4, true},  {"FD", 8, true},  {"FL", 4, true},  {"OB", 1, false},
    {"OD", 8, false}, {"OF", 4, false}, {"OL", 4, false}, {"OV", 8, false},
    {"OW", 2, false}, {"SL", 4, true},  {"SS", 2, true},  {"SV", 8, true},
    {"UL", 4, true},  {"UN", 1, false}, {"US", 2, true},  {"UV", 8, true},
};

static const struct vr_rule *
find_rule(const char *vr)
{
	for (size_t i = 0; vr != NULL && i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].vr, vr) == 0)
			return &rules[i];
	return NULL;
}

static const struct bin_size *
find_bin(const char *vr)
{
	for (size_t i = 0; vr != NULL && i < sizeof bins / sizeof bins[0]; i++)
		if (strcmp(bins[i].vr, vr) == 0)
			return &bins[i];
	return NULL;
}

unsigned
dcb_vr_value_size(const char *vr)
{
	const struct bin_size *b = find_bin(vr);

	return b != NULL ? b->size : 0;
}

/* Collects issues: counts all, stores the first max. */
struct issues {
	struct dcb_value_issue *out;
	unsigned max;
	unsigned n;
};

static void
add(struct issues *is, enum dcb_code code, unsigned index, size_t start, size_t len)
{
	if (is->n < is->max) {
		is->out[is->n].code = code;
		is->out[is->n].index = index;
		is->out[is->n].start = start;
		is->out[is->n].len = len;
	}
	is->n++;
}

static bool
is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static bool
all_digits(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static unsigned
num(const uint8_t *s, size_t n)
{
	unsigned v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	return v;
}

/* Trims leading (when lead) and trailing spaces from [*s, *s + *n). */
static void
trim(const uint8_t **s, size_t *n, bool lead)
{
	while (lead && *n > 0 && (*s)[0] == ' ') {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && (*s)[*n - 1] == ' ')
		(*n)--;
}

static bool
valid_date(const uint8_t *s, size_t n)
{
	static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (n != 8 || !all_digits(s, 8))
		return false;
	unsigned y = num(s, 4), m = num(s + 4, 2), d = num(s + 6, 2);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	return true;
}

/* HH[MM[SS[.F{1,6}]]] */
static bool
valid_time(const uint8_t *s, size_t n)
{
	size_t i = 0;

	if (n < 2 || !all_digits(s, 2) || num(s, 2) > 23)
		return false;
	i = 2;
	if (i == n)
		return true;
	if (n - i < 2 || !all_digits(s + i, 2) || num(s + i, 2) > 59)
		return false;
	i += 2;
	if (i == n)
		return true;
	if (n - i < 2 || !all_digits(s + i, 2) || num(s + i, 2) > 60)
		return false;
	i += 2;
	if (i == n)
		return true;
	if (s[i] != '.' || n - i - 1 < 1 || n - i - 1 > 6)
		return false;
	return all_digits(s + i + 1, n - i - 1);
}

/* YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX] */
static bool
valid_datetime(const uint8_t *s, size_t n)
{
	if (n >= 5 && (s[n - 5] == '+' || s[n - 5] == '-')) {
		const uint8_t *z = s + n - 4;
		if (!all_digits(z, 4) || num(z, 2) > 14 || num(z + 2, 2) > 59)
			return false;
		n -= 5;
	}
	if (n < 4 || !all_digits(s, 4))
		return false;
	if (n == 4)
		return true;
	if (n < 6 || !all_digits(s + 4, 2) || num(s + 4, 2) < 1 || num(s + 4, 2) > 12)
		return false;
	if (n == 6)
		return true;
	if (n < 8 || !valid_date(s, 8))
		return false;
	if (n == 8)
		return true;
	return valid_time(s + 8, n - 8);
}

static bool
valid_age(const uint8_t *s, size_t n)
{
	return n == 4 && all_digits(s, 3) &&
	       (s[3] == 'D' || s[3] == 'W' || s[3] == 'M' || s[3] == 'Y');
}

static bool
valid_is(const uint8_t *s, size_t n)
{
	size_t i = 0;
	bool neg = false;

	trim(&s, &n, true);
	if (n > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == n || !all_digits(s + i, n - i))
		return false;
	/* range -2^31 .. 2^31-1 */
	while (i < n - 1 && s[i] == '0')
		i++;
	if (n - i > 10)
		return false;
	unsigned long long v = 0;
	for (; i < n; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	return neg ? v <= 2147483648ULL : v <= 2147483647ULL;
}

static bool
valid_ds(const uint8_t *s, size_t n)
{
	size_t i = 0, digits = 0;

	trim(&s, &n, true);
	if (n == 0)
		return false;
	if (s[i] == '+' || s[i] == '-')
		i++;
	for (; i < n && is_digit(s[i]); i++)
		digits++;
	if (i < n && s[i] == '.') {
		for (i++; i < n && is_digit(s[i]); i++)
			digits++;
	}
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (; i < n && is_digit(s[i]); i++)
			exp++;
		if (exp == 0)
			return false;
	}
	return i == n;
}

static bool
format_ok(enum dcb_code format, const uint8_t *s, size_t n)
{
	switch (format) {
	case DCB_F_DA_FORMAT:
		trim(&s, &n, false);
		return valid_date(s, n);
	case DCB_F_TM_FORMAT:
		trim(&s, &n, false);
		return valid_time(s, n);
	case DCB_F_DT_FORMAT:
		trim(&s, &n, false);
		return valid_datetime(s, n);
	case DCB_F_AS_FORMAT:
		return valid_age(s, n);
	case DCB_F_IS_FORMAT:
		return valid_is(s, n);
	case DCB_F_DS_FORMAT:
		return valid_ds(s, n);
	default:
		return true;
	}
}

/* Characters of a text value under charset (UTF-8 counts code points). */
static size_t
char_count(enum dcb_charset charset, const uint8_t *s, size_t n)
{
	size_t c = 0;

	/* Multi-byte sets with escapes or two-byte codes: the standard counts
	 * characters, which needs a decoder; do not guess. */
	if (charset == DCB_CS_GB || charset == DCB_CS_ISO2022)
		return 0;
	if (charset != DCB_CS_UTF8)
		return n;
	for (size_t i = 0; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static bool
char_ok(enum chars chars, uint8_t c)
{
	switch (chars) {
	case CH_CS:
		return (c >= 'A' && c <= 'Z') || is_digit(c) || c == ' ' || c == '_';
	case CH_DEFAULT:
		return c >= 0x20 && c < 0x7f;
	case CH_TEXT:
		return c >= 0x20 || c == 0x1b;
	case CH_LONGTEXT:
		return c >= 0x20 || c == 0x1b || c == '\t' || c == '\n' || c == '\f' || c == '\r';
	default:
		return true;
	}
}

static void
check_pn(struct issues *is, enum dcb_charset charset, unsigned index, const uint8_t *s,
         size_t start, size_t n)
{
	unsigned groups = 1, comps = 1;
	size_t gstart = 0;
	bool bad = false;

	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '=') {
			if (char_count(charset, s + gstart, i - gstart) > 64)
				add(is, DCB_F_VALUE_TOO_LONG, index, start, n);
			if (i < n)
				groups++;
			comps = 1;
			gstart = i + 1;
		} else if (s[i] == '^') {
			if (++comps > 5)
				bad = true;
		}
	}
	if (bad || groups > 3)
		add(is, DCB_F_PN_COMPONENTS, index, start, n);
}

static void
check_ui(struct issues *is, unsigned index, const uint8_t *s, size_t start, size_t n)
{
	bool bad_char = false, leading_zero = false, empty = false;
	size_t cstart = 0;

	if (n > 64)
		add(is, DCB_F_UI_LENGTH, index, start, n);
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (i == cstart)
				empty = true;
			else if (s[cstart] == '0' && i - cstart > 1)
				leading_zero = true;
			cstart = i + 1;
		} else if (!is_digit(s[i])) {
			bad_char = true;
		}
	}
	if (bad_char)
		add(is, DCB_F_UI_CHARS, index, start, n);
	if (leading_zero)
		add(is, DCB_F_UI_LEADING_ZERO, index, start, n);
	if (empty && n > 0)
		add(is, DCB_F_UI_EMPTY_COMPONENT, index, start, n);
}

static void
check_ui_value(struct issues *is, const uint8_t *value, size_t len)
{
	size_t n = len;
	unsigned index = 0;
	size_t vstart = 0;

	/* One trailing NUL is the padding of an odd-length UID; a trailing
	 * space, or more than one NUL, is wrong padding. */
	if (n > 0 && value[n - 1] == '\0') {
		n--;
		if (n > 0 && (value[n - 1] == '\0' || value[n - 1] == ' '))
			add(is, DCB_F_UI_PADDING, 0, 0, len);
		if (n % 2 == 0)
			add(is, DCB_F_UI_PADDING, 0, 0, len);
	} else if (n > 0 && value[n - 1] == ' ') {
		add(is, DCB_F_UI_PADDING, 0, 0, len);
	}
	while (n > 0 && (value[n - 1] == '\0' || value[n - 1] == ' '))
		n--;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || value[i] == '\\') {
			check_ui(is, index, value + vstart, vstart, i - vstart);
			index++;
			vstart = i + 1;
		}
	}
}

unsigned
dcb_value_check(const char *vr, enum dcb_charset charset, const uint8_t *value, size_t len,
                struct dcb_value_issue *out, unsigned max)
{
	struct issues is = {out, out != NULL ? max : 0, 0};
	const struct vr_rule *r;
	const struct bin_size *b;

	if (vr == NULL)
		return 0;
	if (strcmp(vr, "UI") == 0) {
		if (value == NULL)
			return 0;
		check_ui_value(&is, value, len);
		return is.n;
	}
	if ((b = find_bin(vr)) != NULL) {
		if (len % b->size != 0)
			add(&is, DCB_F_BINARY_LENGTH, 0, 0, len);
		return is.n;
	}
	if ((r = find_rule(vr)) == NULL || len == 0 || value == NULL)
		return is.n;

	/* Text VRs pad with a space; a trailing NUL is tolerated but noted. */
	size_t n = len;
	if (value[n - 1] == '\0') {
		add(&is, DCB_F_TEXT_NUL_PADDING, 0, 0, len);
		while (n > 0 && value[n - 1] == '\0')
			n--;
	}

	/* The trailing padding of the whole value belongs to no value. */
	size_t all = n;
	while (n > 0 && value[n - 1] == ' ')
		n--;
	if (strcmp(vr, "AE") == 0 && n == 0 && all > 0)
		add(&is, DCB_F_AE_ALL_SPACES, 0, 0, all);

	unsigned index = 0;
	size_t vstart = 0;
	for (size_t i = 0; n > 0 && i <= n; i++) {
		if (i < n && !(r->multi && value[i] == '\\'))
			continue;
		const uint8_t *s = value + vstart;
		size_t vn = i - vstart, tn = vn;
		bool chars_bad = false;

		trim(&s, &tn, false);
		for (size_t k = 0; k < vn && r->chars != CH_DIGITS; k++)
			if (!char_ok(r->chars, value[vstart + k]))
				chars_bad = true;
		if (chars_bad)
			add(&is, DCB_F_VALUE_CHARS, index, vstart, vn);
		bool format_bad =
		    r->format != 0 && tn > 0 && !format_ok(r->format, value + vstart, vn);
		if (format_bad)
			add(&is, r->format, index, vstart, vn);
		if (format_bad)
			; /* a bad format says enough about its length */
		else if (strcmp(vr, "PN") == 0)
			check_pn(&is, charset, index, value + vstart, vstart, tn);
		else if (r->max != 0 &&
		         (r->chars == CH_DIGITS ? vn : char_count(charset, s, tn)) > r->max)
			add(&is, DCB_F_VALUE_TOO_LONG, index, vstart, vn);
		if (strcmp(vr, "AE") == 0 && vn > 0 && tn == 0)
			add(&is, DCB_F_AE_ALL_SPACES, index, vstart, vn);
		index++;
		vstart = i + 1;
	}
	return is.n;
}

unsigned
dcb_value_multiplicity(const char *vr, const uint8_t *value, size_t len)
{
	const struct bin_size *b = find_bin(vr);
	const struct vr_rule *r = find_rule(vr);
	unsigned n = 1;

	if (len == 0)
		return 0;
	if (b != NULL)
		return b->numeric ? (unsigned)(len / b->size) : 1;
	if (vr != NULL && strcmp(vr, "UI") == 0)
		r = &rules[0]; /* multi-valued like AE */
	if (r == NULL || !r->multi || value == NULL)
		return 1;
	for (size_t i = 0; i < len; i++)
		if (value[i] == '\\')
			n++;
	return n;
}

bool
dcb_vr_matches(const char *dict_vr, const char *vr)
{
	const char *p = dict_vr;

	if (dict_vr == NULL || dict_vr[0] == '\0' || vr == NULL)
		return true;
	/* "US or SS or OW": two-letter alternatives separated by " or " */
	while (*p != '\0') {
		if (p[0] == vr[0] && p[1] == vr[1] && p[1] != '\0')
			return true;
		const char *next = strstr(p, " or ");
		if (next == NULL)
			break;
		p = next + 4;
	}
	/* dictionary entries that are not a VR ("See Note") match anything */
	return !(dict_vr[0] >= 'A' && dict_vr[0] <= 'Z' && dict_vr[1] >= 'A' && dict_vr[1] <= 'Z' &&
	         (dict_vr[2] == '\0' || dict_vr[2] == ' '));
}

bool
dcb_vm_allows(const char *vm, unsigned n)
{
	char *end;
	unsigned long lo, hi = 0, step = 0;
	bool open = false;

	if (vm == NULL || vm[0] < '0' || vm[0] > '9')
		return true;
	lo = strtoul(vm, &end, 10);
	if (*end == '\0') {
		hi = lo;
	} else if (*end == '-') {
		const char *p = end + 1;
		if (*p == 'n') {
			open = true;
			step = 1;
		} else {
			hi = strtoul(p, &end, 10);
			if (*end == 'n') {
				open = true;
				step = hi;
			} else if (*end != '\0') {
				return true;
			}
		}
	} else {
		return true;
	}
	if (n < lo)
		return false;
	if (open)
		return step <= 1 || n % step == 0;
	return n <= hi;
}

/* ---- character sets ---- */

static const char *const single_terms[] = {
    "ISO_IR 6",   "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110",
    "ISO_IR 144", "ISO_IR 127", "ISO_IR 126", "ISO_IR 138", "ISO_IR 148",
    "ISO_IR 203", "ISO_IR 13",  "ISO_IR 166",
};

static const char *const iso2022_terms[] = {
    "ISO 2022 IR 6",   "ISO 2022 IR 100", "ISO 2022 IR 101", "ISO 2022 IR 109", "ISO 2022 IR 110",
    "ISO 2022 IR 144", "ISO 2022 IR 127", "ISO 2022 IR 126", "ISO 2022 IR 138", "ISO 2022 IR 148",
    "ISO 2022 IR 203", "ISO 2022 IR 13",  "ISO 2022 IR 166", "ISO 2022 IR 87",  "ISO 2022 IR 159",
    "ISO 2022 IR 149", "ISO 2022 IR 58",
};

static bool
term_in(const char *const *list, size_t count, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return true;
	return false;
}

unsigned
dcb_charset_parse(const uint8_t *value, size_t len, enum dcb_charset *cs,
                  struct dcb_value_issue *out, unsigned max)
{
	struct issues is = {out, out != NULL ? max : 0, 0};
	unsigned index = 0, values = 0, iso2022 = 0, standalone = 0;
	size_t vstart = 0;
	enum dcb_charset first = DCB_CS_DEFAULT;

	*cs = DCB_CS_DEFAULT;
	while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\0'))
		len--;
	for (size_t i = 0; value != NULL && i <= len; i++) {
		if (i < len && value[i] != '\\')
			continue;
		const uint8_t *s = value + vstart;
		size_t n = i - vstart;
		trim(&s, &n, true);
		enum dcb_charset kind = DCB_CS_DEFAULT;
		if (n == 0) {
			kind = DCB_CS_DEFAULT; /* empty first value: default repertoire */
		} else if (term_in(single_terms, sizeof single_terms / sizeof single_terms[0], s,
		                   n)) {
			kind = DCB_CS_SINGLE;
			standalone++;
		} else if (term_in(iso2022_terms, sizeof iso2022_terms / sizeof iso2022_terms[0], s,
		                   n)) {
			kind = DCB_CS_ISO2022;
			iso2022++;
		} else if ((n == 10 && memcmp(s, "ISO_IR 192", 10) == 0)) {
			kind = DCB_CS_UTF8;
			standalone++;
		} else if ((n == 7 && memcmp(s, "GB18030", 7) == 0) ||
		           (n == 3 && memcmp(s, "GBK", 3) == 0)) {
			kind = DCB_CS_GB;
			standalone++;
		} else {
			add(&is, DCB_F_CHARSET_UNKNOWN, index, vstart, i - vstart);
		}
		if (index == 0)
			first = kind;
		index++;
		values++;
		vstart = i + 1;
	}
	if (values > 1) {
		if (standalone > 0)
			add(&is, DCB_F_CHARSET_MULTI, 0, 0, len);
		*cs = DCB_CS_ISO2022;
	} else {
		*cs = first;
	}
	return is.n;
}

bool
dcb_vr_uses_charset(const char *vr)
{
	static const char *const text[] = {"SH", "LO", "ST", "LT", "UC", "UT", "PN"};

	for (size_t i = 0; vr != NULL && i < sizeof text / sizeof text[0]; i++)
		if (strcmp(text[i], vr) == 0)
			return true;
	return false;
}

/* Length of the UTF-8 sequence at s (n bytes left), 0 when invalid. */
static size_t
utf8_seq(const uint8_t *s, size_t n)
{
	uint32_t cp;

	return dcb_utf8_decode(s, n, &cp);
}

enum dcb_code
dcb_charset_check_text(enum dcb_charset charset, const uint8_t *value, size_t len, size_t *pos)
{
	for (size_t i = 0; value != NULL && i < len;) {
		size_t step = 1;
		enum dcb_code code = 0;

		if (value[i] == 0x1b && charset != DCB_CS_ISO2022)
			code = DCB_F_CHARSET_ESCAPE;
		else if (value[i] >= 0x80 && charset == DCB_CS_DEFAULT)
			code = DCB_F_CHARSET_UNDECLARED;
		else if (charset == DCB_CS_UTF8 && (step = utf8_seq(value + i, len - i)) == 0)
			code = DCB_F_CHARSET_BAD_UTF8;
		if (code != 0) {
			if (pos != NULL)
				*pos = i;
			return code;
		}
		i += step;
	}
	return 0;
}
