/* samples-common.c — UIDs, common modules, patterns and saving (see samples.h). */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples.h"

static uint64_t
fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t
mix(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
uid_make(char out[UID_SIZE], uint64_t seed, const char *name)
{
	unsigned char s[8];
	uint64_t hi, lo;
	uint32_t limb[4];
	char digits[48];
	int n = 0, i;

	for (i = 0; i < 8; i++)
		s[i] = (unsigned char)(seed >> (8 * i));
	hi = mix(fnv1a(fnv1a(0xcbf29ce484222325ULL, s, 8), name, strlen(name)));
	lo = mix(fnv1a(fnv1a(0x84222325cbf29ce4ULL, name, strlen(name)), s, 8) ^ hi);
	/* RFC 9562 version 8 (custom) and variant 10 */
	hi = (hi & ~0xf000ULL) | 0x8000ULL;
	lo = (lo & ~(3ULL << 62)) | (2ULL << 62);
	limb[0] = (uint32_t)(hi >> 32);
	limb[1] = (uint32_t)hi;
	limb[2] = (uint32_t)(lo >> 32);
	limb[3] = (uint32_t)lo;
	/* decimal digits by repeated division of the 128-bit value by 10 */
	while (limb[0] | limb[1] | limb[2] | limb[3]) {
		uint64_t rem = 0;

		for (i = 0; i < 4; i++) {
			uint64_t cur = (rem << 32) | limb[i];

			limb[i] = (uint32_t)(cur / 10);
			rem = cur % 10;
		}
		digits[n++] = (char)('0' + rem);
	}
	memcpy(out, "2.25.", 5);
	for (i = 0; i < n; i++)
		out[5 + i] = digits[n - 1 - i];
	out[5 + n] = '\0';
}

void
uid_makef(char out[UID_SIZE], uint64_t seed, const char *fmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	uid_make(out, seed, name);
}

void
dw_is(struct dw *w, uint32_t tag, long v)
{
	char s[24];

	snprintf(s, sizeof(s), "%ld", v);
	dw_str(w, tag, "IS", s);
}

void
dw_ds(struct dw *w, uint32_t tag, double v)
{
	char s[24];

	snprintf(s, sizeof(s), "%.10g", v);
	dw_str(w, tag, "DS", s);
}

void
mod_patient(struct dw *w, const struct patient *p)
{
	dw_str(w, DW_TAG(0x0010, 0x0010), "PN", p->name);
	dw_str(w, DW_TAG(0x0010, 0x0020), "LO", p->id);
	dw_str(w, DW_TAG(0x0010, 0x0030), "DA", p->birth);
	dw_str(w, DW_TAG(0x0010, 0x0040), "CS", p->sex);
}

void
mod_study(struct dw *w, const struct study *s)
{
	if (s->uid)
		dw_str(w, DW_TAG(0x0020, 0x000d), "UI", s->uid);
	dw_str(w, DW_TAG(0x0008, 0x0020), "DA", s->date);
	dw_str(w, DW_TAG(0x0008, 0x0030), "TM", s->time);
	dw_str(w, DW_TAG(0x0008, 0x0050), "SH", s->accession);
	dw_str(w, DW_TAG(0x0008, 0x0090), "PN", s->referrer);
	dw_str(w, DW_TAG(0x0020, 0x0010), "SH", s->id);
	if (s->description)
		dw_str(w, DW_TAG(0x0008, 0x1030), "LO", s->description);
}

void
mod_series(struct dw *w, const struct study *st, const char *modality, const char *uid, int number,
           const char *description)
{
	dw_str(w, DW_TAG(0x0008, 0x0060), "CS", modality);
	dw_str(w, DW_TAG(0x0020, 0x000e), "UI", uid);
	dw_is(w, DW_TAG(0x0020, 0x0011), number);
	dw_str(w, DW_TAG(0x0008, 0x0021), "DA", st->date);
	dw_str(w, DW_TAG(0x0008, 0x0031), "TM", st->time);
	if (description)
		dw_str(w, DW_TAG(0x0008, 0x103e), "LO", description);
}

void
mod_equipment(struct dw *w, const char *manufacturer, const char *model)
{
	dw_str(w, DW_TAG(0x0008, 0x0070), "LO", manufacturer);
	dw_str(w, DW_TAG(0x0008, 0x0080), "LO", "Bench Teaching Hospital");
	dw_str(w, DW_TAG(0x0008, 0x1010), "SH", "BENCH01");
	dw_str(w, DW_TAG(0x0008, 0x1090), "LO", model);
	dw_str(w, DW_TAG(0x0018, 0x1020), "LO", PACKAGE_NAME " " PACKAGE_VERSION);
}

void
mod_sop(struct dw *w, const char *sop_class, const char *sop_instance, const char *charset,
        const char *date, const char *time)
{
	if (charset)
		dw_str(w, DW_TAG(0x0008, 0x0005), "CS", charset);
	dw_str(w, DW_TAG(0x0008, 0x0012), "DA", date);
	dw_str(w, DW_TAG(0x0008, 0x0013), "TM", time);
	dw_str(w, DW_TAG(0x0008, 0x0016), "UI", sop_class);
	dw_str(w, DW_TAG(0x0008, 0x0018), "UI", sop_instance);
}

void
mod_pixel(struct dw *w, unsigned rows, unsigned cols, unsigned spp, const char *photometric,
          unsigned bits_alloc, unsigned bits_stored, unsigned pixrep)
{
	dw_us(w, DW_TAG(0x0028, 0x0002), (uint16_t)spp);
	dw_str(w, DW_TAG(0x0028, 0x0004), "CS", photometric);
	if (spp > 1)
		dw_us(w, DW_TAG(0x0028, 0x0006), 0);
	dw_us(w, DW_TAG(0x0028, 0x0010), (uint16_t)rows);
	dw_us(w, DW_TAG(0x0028, 0x0011), (uint16_t)cols);
	dw_us(w, DW_TAG(0x0028, 0x0100), (uint16_t)bits_alloc);
	dw_us(w, DW_TAG(0x0028, 0x0101), (uint16_t)bits_stored);
	dw_us(w, DW_TAG(0x0028, 0x0102), (uint16_t)(bits_stored - 1));
	dw_us(w, DW_TAG(0x0028, 0x0103), (uint16_t)pixrep);
}

void
mod_image(struct dw *w, int number, const char *date, const char *time, const char *orientation,
          const char *image_type)
{
	if (image_type)
		dw_str(w, DW_TAG(0x0008, 0x0008), "CS", image_type);
	dw_str(w, DW_TAG(0x0008, 0x0023), "DA", date);
	dw_str(w, DW_TAG(0x0008, 0x0033), "TM", time);
	dw_is(w, DW_TAG(0x0020, 0x0013), number);
	if (orientation)
		dw_str(w, DW_TAG(0x0020, 0x0020), "CS", orientation);
}

void
code_item(struct dw *w, const char *value, const char *scheme, const char *meaning)
{
	dw_str(w, DW_TAG(0x0008, 0x0100), "SH", value);
	dw_str(w, DW_TAG(0x0008, 0x0102), "SH", scheme);
	dw_str(w, DW_TAG(0x0008, 0x0104), "LO", meaning);
}

void
code_seq(struct dw *w, uint32_t tag, const char *value, const char *scheme, const char *meaning)
{
	dw_seq_begin(w, tag, false);
	dw_item_begin(w, false);
	code_item(w, value, scheme, meaning);
	dw_item_end(w);
	dw_seq_end(w);
}

enum dw_ts
ts_encoding(const char *ts)
{
	if (strcmp(ts, DW_UID_IMPLICIT_LE) == 0)
		return DW_IMPLICIT_LE;
	if (strcmp(ts, DW_UID_EXPLICIT_BE) == 0)
		return DW_EXPLICIT_BE;
	return DW_EXPLICIT_LE;
}

int
sample_save(const struct save *s, struct dw *ds)
{
	char path[4096], impl[UID_SIZE];
	struct dw meta;
	struct dw_meta m = {
	    .sop_class = s->sop_class,
	    .sop_instance = s->meta_sop_instance ? s->meta_sop_instance : s->sop_instance,
	    .transfer_syntax = s->ts,
	    .impl_class = impl,
	    .impl_version = "DICOMBENCH_010",
	    .group_len_delta = s->group_len_delta,
	};
	int rc;

	uid_make(impl, SAMPLES_SEED, "implementation class");
	snprintf(path, sizeof(path), "%s/%s", s->dir, s->name);
	dw_sort(ds);
	dw_init(&meta, DW_EXPLICIT_LE);
	dw_meta(&meta, &m);
	rc = dw_write_file(path, &meta, ds, strcmp(s->ts, DW_UID_DEFLATED_LE) == 0);
	dw_clear(&meta);
	return rc;
}

int
sample_finish(const struct gen *g, struct dw *ds, const char *name, const char *sop_class,
              const char *sop_instance, const char *ts)
{
	int rc = sample_save(&(struct save){.dir = g->dir,
	                                    .name = name,
	                                    .sop_class = sop_class,
	                                    .sop_instance = sop_instance,
	                                    .ts = ts},
	                     ds);

	dw_clear(ds);
	return rc;
}

void
uids_one_image(const struct gen *g, const char *key, char study[UID_SIZE], char series[UID_SIZE],
               char image[UID_SIZE])
{
	uid_makef(study, g->seed, "%s study", key);
	uid_makef(series, g->seed, "%s series 1", key);
	uid_makef(image, g->seed, "%s image 1", key);
}

/* Distance from (x, y) to (cx, cy), all in pixels. */
static double
dist(double x, double y, double cx, double cy)
{
	return sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
}

void
pattern_phantom(uint16_t *px, unsigned rows, unsigned cols, int variant, unsigned maxval)
{
	double cx = cols / 2.0, cy = rows / 2.0, r = (rows < cols ? rows : cols) * 0.42;
	double shift = variant * r * 0.08;
	unsigned x, y;

	for (y = 0; y < rows; y++)
		for (x = 0; x < cols; x++) {
			double hu = -1000; /* air */

			if (dist(x, y, cx, cy) < r) {
				/* water with a gentle vertical gradient */
				hu = 20.0 * (y - cy) / r;
				if (dist(x, y, cx - r * 0.45, cy - shift) < r * 0.18)
					hu = -800; /* lung */
				else if (dist(x, y, cx + r * 0.45, cy + shift) < r * 0.18)
					hu = 1000; /* bone */
				else if (dist(x, y, cx, cy + r * 0.5) < r * 0.12)
					hu = -100; /* fat */
				else if (dist(x, y, cx, cy - r * 0.5) < r * 0.06 * (variant + 1))
					hu = 60; /* soft tissue, grows with the slice */
			}
			double v = hu + 1024;

			if (v < 0)
				v = 0;
			if (v > maxval)
				v = maxval;
			px[(size_t)y * cols + x] = (uint16_t)v;
		}
}

void
pattern_rings(uint16_t *px, unsigned rows, unsigned cols, int variant, unsigned maxval)
{
	double cx = cols / 2.0 + variant * 7, cy = rows / 2.0;
	double maxd = rows + cols;
	unsigned x, y;

	for (y = 0; y < rows; y++)
		for (x = 0; x < cols; x++) {
			double g = (x + y) / maxd;                     /* diagonal gradient */
			double d = dist(x, y, cx, cy) / (rows / 16.0); /* rings */
			double v = 0.6 * g + 0.4 * (0.5 + 0.5 * cos(d * 3.14159265));

			px[(size_t)y * cols + x] = (uint16_t)(v * maxval);
		}
}
