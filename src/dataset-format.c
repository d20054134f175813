/* dataset-format.c — element values as text (see dataset-format.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dataset-format.h"

static const char text_vrs[][3] = {
    "AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT",
    "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT",
};

bool
dcb_vr_is_text(const char *vr)
{
	for (size_t i = 0; i < sizeof text_vrs / sizeof text_vrs[0]; i++)
		if (strcmp(vr, text_vrs[i]) == 0)
			return true;
	return false;
}

unsigned
dcb_vr_unit(const char *vr)
{
	static const struct {
		char vr[3];
		unsigned unit;
	} units[] = {
	    {"US", 2}, {"SS", 2}, {"OW", 2}, {"UL", 4}, {"SL", 4}, {"FL", 4}, {"OF", 4},
	    {"OL", 4}, {"AT", 4}, {"FD", 8}, {"OD", 8}, {"SV", 8}, {"UV", 8}, {"OV", 8},
	};

	if (dcb_vr_is_text(vr))
		return 0;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(vr, units[i].vr) == 0)
			return units[i].unit;
	return 1; /* OB, UN, unknown: bytes */
}

static uint64_t
get(const uint8_t *p, unsigned size, bool be)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v = be ? v << 8 | p[i] : v | (uint64_t)p[i] << (8 * i);
	return v;
}

struct text {
	char *out;
	size_t size, len;
	bool full;
};

static void
add(struct text *t, const char *s, size_t n)
{
	if (t->full)
		return;
	if (t->len + n >= t->size) {
		t->full = true;
		return;
	}
	memcpy(t->out + t->len, s, n);
	t->len += n;
	t->out[t->len] = '\0';
}

/* Formats one binary value at p. */
static int
one_value(const char *vr, const uint8_t *p, bool be, char *buf, size_t size)
{
	if (strcmp(vr, "US") == 0 || strcmp(vr, "UL") == 0 || strcmp(vr, "UV") == 0)
		return snprintf(buf, size, "%llu", (unsigned long long)get(p, dcb_vr_unit(vr), be));
	if (strcmp(vr, "SS") == 0)
		return snprintf(buf, size, "%d", (int16_t)get(p, 2, be));
	if (strcmp(vr, "SL") == 0)
		return snprintf(buf, size, "%ld", (long)(int32_t)get(p, 4, be));
	if (strcmp(vr, "SV") == 0)
		return snprintf(buf, size, "%lld", (long long)(int64_t)get(p, 8, be));
	if (strcmp(vr, "FL") == 0 || strcmp(vr, "OF") == 0) {
		uint32_t bits = (uint32_t)get(p, 4, be);
		float f;

		memcpy(&f, &bits, sizeof f);
		return snprintf(buf, size, "%.9g", (double)f);
	}
	if (strcmp(vr, "FD") == 0 || strcmp(vr, "OD") == 0) {
		uint64_t bits = get(p, 8, be);
		double d;

		memcpy(&d, &bits, sizeof d);
		return snprintf(buf, size, "%.17g", d);
	}
	if (strcmp(vr, "AT") == 0)
		return snprintf(buf, size, "(%04x,%04x)", (unsigned)get(p, 2, be),
		                (unsigned)get(p + 2, 2, be));
	if (strcmp(vr, "OW") == 0)
		return snprintf(buf, size, "%04x", (unsigned)get(p, 2, be));
	if (strcmp(vr, "OL") == 0)
		return snprintf(buf, size, "%08lx", (unsigned long)get(p, 4, be));
	if (strcmp(vr, "OV") == 0)
		return snprintf(buf, size, "%016llx", (unsigned long long)get(p, 8, be));
	return snprintf(buf, size, "%02x", p[0]);
}

size_t
dcb_value_format(const char *vr, bool big_endian, const uint8_t *v, size_t n, size_t max_chars,
                 unsigned flags, char *out, size_t size, bool *cut)
{
	struct text t = {out, size, 0, false};
	bool left = false;

	if (size == 0) {
		if (cut != NULL)
			*cut = n > 0;
		return 0;
	}
	out[0] = '\0';
	if (dcb_vr_is_text(vr)) {
		size_t end = n;

		if (!(flags & DCB_FMT_KEEP_PADDING)) {
			if (strcmp(vr, "UI") == 0)
				while (end > 0 && v[end - 1] == '\0')
					end--;
			while (end > 0 && v[end - 1] == ' ')
				end--;
		}
		for (size_t i = 0; i < end; i++) {
			char q[5];
			uint8_t c = v[i];

			if (max_chars > 0 && t.len >= max_chars) {
				left = true;
				break;
			}
			if (c < 0x20 || c == 0x7f ||
			    (c >= 0x80 && (flags & DCB_FMT_QUOTE_NONASCII))) {
				snprintf(q, sizeof q, "\\%03o", c);
				add(&t, q, 4);
			} else {
				add(&t, (const char *)&c, 1);
			}
			if (t.full) {
				left = true;
				break;
			}
		}
	} else {
		unsigned unit = dcb_vr_unit(vr);

		for (size_t i = 0; i + unit <= n; i += unit) {
			char one[32];
			int k;

			if (max_chars > 0 && t.len >= max_chars) {
				left = true;
				break;
			}
			if (i > 0)
				add(&t, "\\", 1);
			k = one_value(vr, v + i, big_endian, one, sizeof one);
			add(&t, one, (size_t)k);
			if (t.full) {
				left = true;
				break;
			}
		}
	}
	if (cut != NULL)
		*cut = left;
	return t.len;
}

unsigned
dcb_value_vm(const char *vr, const uint8_t *v, size_t n)
{
	unsigned unit;

	if (n == 0)
		return 0;
	if (dcb_vr_is_text(vr)) {
		unsigned vm = 1;

		if (strcmp(vr, "LT") == 0 || strcmp(vr, "ST") == 0 || strcmp(vr, "UT") == 0 ||
		    strcmp(vr, "UR") == 0)
			return 1;
		for (size_t i = 0; i < n; i++)
			vm += v[i] == '\\';
		return vm;
	}
	if (strcmp(vr, "OB") == 0 || strcmp(vr, "OW") == 0 || strcmp(vr, "OF") == 0 ||
	    strcmp(vr, "OD") == 0 || strcmp(vr, "OL") == 0 || strcmp(vr, "OV") == 0 ||
	    strcmp(vr, "UN") == 0)
		return 1;
	unit = dcb_vr_unit(vr);
	return (unsigned)(n / unit);
}
