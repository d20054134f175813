/* dcmwrite.c — the sample generator's own element writer (see dcmwrite.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "dcmwrite.h"

void *
dw_xalloc(void *p)
{
	if (!p) {
		fprintf(stderr, "mksamples: out of memory\n");
		exit(1);
	}
	return p;
}

void
dw_init(struct dw *w, enum dw_ts ts)
{
	memset(w, 0, sizeof(*w));
	w->ts = ts;
}

void
dw_clear(struct dw *w)
{
	free(w->top);
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

static void
reserve(struct dw *w, size_t n)
{
	size_t cap;

	if (w->cap - w->len >= n)
		return;
	cap = w->cap ? w->cap : 4096;
	while (cap - w->len < n)
		cap *= 2;
	w->buf = dw_xalloc(realloc(w->buf, cap));
	w->cap = cap;
}

void
dw_append(struct dw *w, const void *p, size_t n)
{
	reserve(w, n);
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void
put16_at(struct dw *w, size_t at, uint16_t v)
{
	if (w->ts == DW_EXPLICIT_BE) {
		w->buf[at] = (unsigned char)(v >> 8);
		w->buf[at + 1] = (unsigned char)v;
	} else {
		w->buf[at] = (unsigned char)v;
		w->buf[at + 1] = (unsigned char)(v >> 8);
	}
}

static void
put32_at(struct dw *w, size_t at, uint32_t v)
{
	if (w->ts == DW_EXPLICIT_BE) {
		put16_at(w, at, (uint16_t)(v >> 16));
		put16_at(w, at + 2, (uint16_t)v);
		/* two BE halves, high first: a BE 32-bit value */
	} else {
		put16_at(w, at, (uint16_t)v);
		put16_at(w, at + 2, (uint16_t)(v >> 16));
	}
}

static void
put16(struct dw *w, uint16_t v)
{
	reserve(w, 2);
	put16_at(w, w->len, v);
	w->len += 2;
}

static void
put32(struct dw *w, uint32_t v)
{
	reserve(w, 4);
	put32_at(w, w->len, v);
	w->len += 4;
}

static bool
long_vr(const char *vr)
{
	static const char *const longs[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
	                                    "SV", "UC", "UN", "UR", "UT", "UV"};
	size_t i;

	for (i = 0; i < sizeof(longs) / sizeof(longs[0]); i++)
		if (memcmp(vr, longs[i], 2) == 0)
			return true;
	return false;
}

void
dw_header(struct dw *w, uint32_t tag, const char *vr, uint32_t len)
{
	if (w->depth == 0) {
		if (w->ntop == w->captop) {
			w->captop = w->captop ? 2 * w->captop : 64;
			w->top = dw_xalloc(realloc(w->top, w->captop * sizeof(*w->top)));
		}
		w->top[w->ntop].tag = tag;
		w->top[w->ntop].start = w->len;
		w->ntop++;
	}
	put16(w, (uint16_t)(tag >> 16));
	put16(w, (uint16_t)tag);
	if (w->ts == DW_IMPLICIT_LE) {
		put32(w, len);
		return;
	}
	dw_append(w, vr, 2);
	if (long_vr(vr)) {
		put16(w, 0);
		put32(w, len);
	} else {
		if (len > 0xffff) {
			fprintf(stderr, "mksamples: (%04x,%04x) %s value of %u bytes is too long\n",
			        (unsigned)(tag >> 16), (unsigned)(tag & 0xffff), vr, (unsigned)len);
			exit(1);
		}
		put16(w, (uint16_t)len);
	}
}

void
dw_raw(struct dw *w, uint32_t tag, const char *vr, const void *v, uint32_t len)
{
	dw_header(w, tag, vr, len);
	if (len)
		dw_append(w, v, len);
}

void
dw_str(struct dw *w, uint32_t tag, const char *vr, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char pad = memcmp(vr, "UI", 2) == 0 ? '\0' : ' ';

	dw_header(w, tag, vr, (uint32_t)(n + (n & 1)));
	if (n)
		dw_append(w, s, n);
	if (n & 1)
		dw_append(w, &pad, 1);
}

void
dw_us(struct dw *w, uint32_t tag, uint16_t v)
{
	dw_words(w, tag, "US", &v, 1);
}

void
dw_ss(struct dw *w, uint32_t tag, int16_t v)
{
	uint16_t u = (uint16_t)v;

	dw_words(w, tag, "SS", &u, 1);
}

void
dw_ul(struct dw *w, uint32_t tag, uint32_t v)
{
	dw_dwords(w, tag, "UL", &v, 1);
}

static bool
host_is_le(void)
{
	uint16_t probe = 1;
	unsigned char first;

	memcpy(&first, &probe, 1);
	return first == 1;
}

void
dw_words(struct dw *w, uint32_t tag, const char *vr, const uint16_t *v, size_t n)
{
	size_t i;

	dw_header(w, tag, vr, (uint32_t)(2 * n));
	reserve(w, 2 * n);
	if (w->ts != DW_EXPLICIT_BE && host_is_le()) {
		memcpy(w->buf + w->len, v, 2 * n);
		w->len += 2 * n;
		return;
	}
	for (i = 0; i < n; i++)
		put16(w, v[i]);
}

void
dw_dwords(struct dw *w, uint32_t tag, const char *vr, const uint32_t *v, size_t n)
{
	size_t i;

	dw_header(w, tag, vr, (uint32_t)(4 * n));
	for (i = 0; i < n; i++)
		put32(w, v[i]);
}

void
dw_fl(struct dw *w, uint32_t tag, const float *v, size_t n)
{
	size_t i;
	uint32_t u;

	dw_header(w, tag, "FL", (uint32_t)(4 * n));
	for (i = 0; i < n; i++) {
		memcpy(&u, &v[i], 4);
		put32(w, u);
	}
}

void
dw_fd(struct dw *w, uint32_t tag, const double *v, size_t n)
{
	size_t i;
	uint64_t u;

	dw_header(w, tag, "FD", (uint32_t)(8 * n));
	for (i = 0; i < n; i++) {
		memcpy(&u, &v[i], 8);
		if (w->ts == DW_EXPLICIT_BE) {
			put32(w, (uint32_t)(u >> 32));
			put32(w, (uint32_t)u);
		} else {
			put32(w, (uint32_t)u);
			put32(w, (uint32_t)(u >> 32));
		}
	}
}

void
dw_at(struct dw *w, uint32_t tag, const uint32_t *v, size_t n)
{
	size_t i;

	dw_header(w, tag, "AT", (uint32_t)(4 * n));
	for (i = 0; i < n; i++) {
		put16(w, (uint16_t)(v[i] >> 16));
		put16(w, (uint16_t)v[i]);
	}
}

static void
push(struct dw *w, bool undefined, bool item)
{
	struct dw_open *o;

	if (w->depth >= DW_MAX_DEPTH) {
		fprintf(stderr, "mksamples: sequences nested too deeply\n");
		exit(1);
	}
	o = &w->open[w->depth++];
	o->len_at = undefined ? SIZE_MAX : w->len - 4;
	o->start = w->len;
	o->item = item;
}

static void
pop(struct dw *w, bool item)
{
	struct dw_open *o;

	if (w->depth == 0 || w->open[w->depth - 1].item != item) {
		fprintf(stderr, "mksamples: unbalanced sequence/item nesting\n");
		exit(1);
	}
	o = &w->open[--w->depth];
	if (o->len_at == SIZE_MAX) {
		put16(w, 0xfffe);
		put16(w, item ? 0xe00d : 0xe0dd);
		put32(w, 0);
	} else {
		put32_at(w, o->len_at, (uint32_t)(w->len - o->start));
	}
}

void
dw_seq_begin(struct dw *w, uint32_t tag, bool undefined)
{
	dw_header(w, tag, "SQ", 0xffffffffu);
	push(w, undefined, false);
}

void
dw_seq_end(struct dw *w)
{
	pop(w, false);
}

void
dw_item_begin(struct dw *w, bool undefined)
{
	put16(w, 0xfffe);
	put16(w, 0xe000);
	put32(w, 0xffffffffu);
	push(w, undefined, true);
}

void
dw_item_end(struct dw *w)
{
	pop(w, true);
}

void
dw_encap_begin(struct dw *w, unsigned frames)
{
	dw_header(w, DW_TAG(0x7fe0, 0x0010), "OB", 0xffffffffu);
	put16(w, 0xfffe);
	put16(w, 0xe000);
	put32(w, 4 * frames);
	w->bot_at = w->len;
	reserve(w, 4 * (size_t)frames);
	memset(w->buf + w->len, 0, 4 * (size_t)frames);
	w->len += 4 * (size_t)frames;
	w->frag0 = w->len;
	w->frames = frames;
	w->frame = 0;
}

void
dw_encap_frame(struct dw *w, const void *p, size_t n)
{
	static const unsigned char zero;

	if (w->frame < w->frames)
		put32_at(w, w->bot_at + 4 * (size_t)w->frame, (uint32_t)(w->len - w->frag0));
	w->frame++;
	put16(w, 0xfffe);
	put16(w, 0xe000);
	put32(w, (uint32_t)(n + (n & 1)));
	dw_append(w, p, n);
	if (n & 1)
		dw_append(w, &zero, 1);
}

void
dw_encap_end(struct dw *w)
{
	put16(w, 0xfffe);
	put16(w, 0xe0dd);
	put32(w, 0);
}

struct span {
	uint32_t tag;
	size_t start, end;
};

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->tag != y->tag)
		return x->tag < y->tag ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

void
dw_sort(struct dw *w)
{
	struct span *spans;
	unsigned char *out;
	size_t i, o = 0;

	if (w->depth != 0) {
		fprintf(stderr, "mksamples: dw_sort() with an open sequence\n");
		exit(1);
	}
	if (w->ntop == 0)
		return;
	spans = dw_xalloc(malloc(w->ntop * sizeof(*spans)));
	for (i = 0; i < w->ntop; i++) {
		spans[i].tag = w->top[i].tag;
		spans[i].start = w->top[i].start;
		spans[i].end = i + 1 < w->ntop ? w->top[i + 1].start : w->len;
	}
	qsort(spans, w->ntop, sizeof(*spans), span_cmp);
	out = dw_xalloc(malloc(w->len));
	for (i = 0; i < w->ntop; i++) {
		if (i > 0 && spans[i].tag == spans[i - 1].tag) {
			fprintf(stderr, "mksamples: (%04x,%04x) written twice\n",
			        (unsigned)(spans[i].tag >> 16), (unsigned)(spans[i].tag & 0xffff));
			exit(1);
		}
		memcpy(out + o, w->buf + spans[i].start, spans[i].end - spans[i].start);
		w->top[i].tag = spans[i].tag;
		w->top[i].start = o;
		o += spans[i].end - spans[i].start;
	}
	free(spans);
	free(w->buf);
	w->buf = out;
	w->cap = w->len;
}

void
dw_meta(struct dw *m, const struct dw_meta *meta)
{
	static const unsigned char version[2] = {0x00, 0x01};
	size_t at, start;

	dw_header(m, DW_TAG(0x0002, 0x0000), "UL", 4);
	at = m->len;
	put32(m, 0);
	start = m->len;
	dw_raw(m, DW_TAG(0x0002, 0x0001), "OB", version, 2);
	dw_str(m, DW_TAG(0x0002, 0x0002), "UI", meta->sop_class);
	dw_str(m, DW_TAG(0x0002, 0x0003), "UI", meta->sop_instance);
	dw_str(m, DW_TAG(0x0002, 0x0010), "UI", meta->transfer_syntax);
	dw_str(m, DW_TAG(0x0002, 0x0012), "UI", meta->impl_class);
	dw_str(m, DW_TAG(0x0002, 0x0013), "SH", meta->impl_version);
	put32_at(m, at, (uint32_t)((int64_t)(m->len - start) + meta->group_len_delta));
}

static int
write_head(FILE *f, const struct dw *meta)
{
	static const unsigned char preamble[128];

	if (fwrite(preamble, 1, sizeof(preamble), f) != sizeof(preamble) ||
	    fwrite("DICM", 1, 4, f) != 4 || fwrite(meta->buf, 1, meta->len, f) != meta->len)
		return -1;
	return 0;
}

FILE *
dw_open_file(const char *path, const struct dw *meta)
{
	FILE *f = fopen(path, "wb");

	if (!f) {
		fprintf(stderr, "mksamples: cannot create %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (write_head(f, meta) < 0) {
		fprintf(stderr, "mksamples: cannot write %s: %s\n", path, strerror(errno));
		fclose(f);
		return NULL;
	}
	return f;
}

/* Raw deflate (no zlib header, PS3.5 A.5) of ds into f; pads to even. */
static int
write_deflated(FILE *f, const struct dw *ds)
{
	unsigned char out[16384];
	z_stream z;
	size_t total = 0;
	int rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = ds->buf;
	z.avail_in = (uInt)ds->len;
	do {
		z.next_out = out;
		z.avail_out = sizeof(out);
		rc = deflate(&z, Z_FINISH);
		if (rc == Z_STREAM_ERROR)
			break;
		if (fwrite(out, 1, sizeof(out) - z.avail_out, f) != sizeof(out) - z.avail_out) {
			rc = Z_ERRNO;
			break;
		}
		total += sizeof(out) - z.avail_out;
	} while (rc != Z_STREAM_END);
	deflateEnd(&z);
	if (rc != Z_STREAM_END)
		return -1;
	if ((total & 1) && fputc(0, f) == EOF)
		return -1;
	return 0;
}

int
dw_write_file(const char *path, const struct dw *meta, const struct dw *ds, bool deflate)
{
	FILE *f = dw_open_file(path, meta);
	int rc;

	if (!f)
		return -1;
	if (deflate)
		rc = write_deflated(f, ds);
	else
		rc = fwrite(ds->buf, 1, ds->len, f) == ds->len ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		fprintf(stderr, "mksamples: cannot write %s: %s\n", path, strerror(errno));
	return rc;
}
