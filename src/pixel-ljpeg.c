/* pixel-ljpeg.c — JPEG lossless (T.81 Annex H), our own decoder: Debian
 * 12's libjpeg-turbo has no lossless mode. */
#include "config.h"

#include <string.h>

#include "bytes.h"
#include "i18n.h"
#include "pixel-ljpeg.h"

#define FAST_BITS 9
#define MAX_COMPONENTS 4

struct huff {
	bool defined;
	uint8_t values[256];
	int32_t maxcode[18]; /* largest code of each length, -1 if none */
	int32_t valptr[17];  /* index in values of the first code of a length */
	int32_t mincode[17];
	uint16_t fast[1 << FAST_BITS]; /* (length << 8) | value; 0: slow path */
};

struct bits {
	const uint8_t *p, *end;
	uint64_t acc;
	unsigned n;  /* bits in acc */
	bool marker; /* a marker stopped the data: zeros follow */
};

struct ljpeg {
	unsigned precision, width, height, ncomp;
	uint8_t comp_id[MAX_COMPONENTS];
	unsigned restart;
	struct huff tables[4];
	struct dcb_error *err;
};

static int
fail(struct ljpeg *j, size_t at, const char *what)
{
	return dcb_error_set(j->err, DCB_ERR_MALFORMED, -1,
	                     N_("lossless JPEG: %s at byte %zu of the frame"), dcb_tr(what), at);
}

static int
build_huff(struct huff *h, const uint8_t counts[16], const uint8_t *values, unsigned total)
{
	int32_t code = 0;
	unsigned k = 0;

	memset(h, 0, sizeof *h);
	memcpy(h->values, values, total);
	for (unsigned len = 1; len <= 16; len++) {
		h->valptr[len] = (int32_t)k;
		h->mincode[len] = code;
		for (unsigned i = 0; i < counts[len - 1]; i++, k++, code++) {
			if (code >= (1 << len))
				return -1; /* more codes than the length allows */
			if (len <= FAST_BITS) {
				unsigned first = (unsigned)code << (FAST_BITS - len);
				for (unsigned f = 0; f < 1u << (FAST_BITS - len); f++)
					h->fast[first + f] = (uint16_t)(len << 8 | values[k]);
			}
		}
		h->maxcode[len] = counts[len - 1] ? code - 1 : -1;
		code <<= 1;
	}
	h->maxcode[17] = INT32_MAX;
	h->defined = true;
	return 0;
}

static void
fill(struct bits *b)
{
	while (b->n <= 56) {
		unsigned byte = 0;

		if (!b->marker && b->p < b->end) {
			byte = *b->p;
			if (byte == 0xff) {
				if (b->p + 1 < b->end && b->p[1] == 0x00) {
					b->p += 2;
				} else {
					b->marker = true;
					byte = 0;
				}
			} else {
				b->p++;
			}
		}
		b->acc |= (uint64_t)byte << (56 - b->n);
		b->n += 8;
	}
}

static uint32_t
get_bits(struct bits *b, unsigned n)
{
	uint32_t v;

	if (n == 0)
		return 0;
	if (b->n < n)
		fill(b);
	v = (uint32_t)(b->acc >> (64 - n));
	b->acc <<= n;
	b->n -= n;
	return v;
}

/* The next Huffman symbol, or -1 for a code no table has. */
static int
decode_symbol(struct bits *b, const struct huff *h)
{
	unsigned fast;
	int32_t code;

	if (b->n < 16)
		fill(b);
	fast = h->fast[b->acc >> (64 - FAST_BITS)];
	if (fast != 0) {
		b->acc <<= fast >> 8;
		b->n -= fast >> 8;
		return fast & 0xff;
	}
	code = 0;
	for (unsigned len = 1; len <= 16; len++) {
		code = (code << 1) | (int32_t)get_bits(b, 1);
		if (h->maxcode[len] >= 0 && code <= h->maxcode[len] && code >= h->mincode[len]) {
			int32_t idx = h->valptr[len] + code - h->mincode[len];
			return idx < 256 ? h->values[idx] : -1;
		}
	}
	return -1;
}

static int32_t
decode_diff(struct bits *b, int ssss)
{
	uint32_t v;

	if (ssss == 0)
		return 0;
	if (ssss == 16)
		return 32768;
	v = get_bits(b, (unsigned)ssss);
	if (v < (1u << (ssss - 1)))
		return (int32_t)v - (int32_t)(1u << ssss) + 1;
	return (int32_t)v;
}

static int32_t
predict(unsigned psv, int32_t ra, int32_t rb, int32_t rc)
{
	switch (psv) {
	case 1:
		return ra;
	case 2:
		return rb;
	case 3:
		return rc;
	case 4:
		return ra + rb - rc;
	case 5:
		return ra + ((rb - rc) >> 1);
	case 6:
		return rb + ((ra - rc) >> 1);
	default:
		return (ra + rb) >> 1;
	}
}

/* Skips to just past the next RSTn marker; false when there is none. */
static bool
next_restart(struct bits *b)
{
	const uint8_t *p = b->p;

	while (p + 1 < b->end) {
		if (p[0] == 0xff && p[1] >= 0xd0 && p[1] <= 0xd7) {
			b->p = p + 2;
			b->acc = 0;
			b->n = 0;
			b->marker = false;
			return true;
		}
		p++;
	}
	return false;
}

/* One scan over the components comps[0..n) with table tbl[]; returns the
 * bytes consumed after the header, or < 0. */
static long
decode_scan(struct ljpeg *j, const uint8_t *data, size_t len, size_t at, const unsigned *comps,
            const unsigned *tbl, unsigned n, unsigned psv, unsigned pt, struct dcb_frame *f)
{
	struct bits b = {.p = data, .end = data + len};
	unsigned spp = f->spp, w = j->width;
	int32_t initial = (int32_t)(1u << (j->precision - pt - 1));
	size_t mcu = 0;
	unsigned since_restart = 0;
	bool first_line = true;
	size_t line_end = w; /* first_line holds until this MCU */

	for (unsigned r = 0; r < j->height; r++) {
		for (unsigned c = 0; c < w; c++, mcu++) {
			bool reset = false;

			if (j->restart && since_restart == j->restart) {
				if (!next_restart(&b))
					return fail(j, at + (size_t)(b.p - data),
					            N_("a restart marker is missing"));
				since_restart = 0;
				first_line = true;
				line_end = mcu - c + w;
				reset = true;
			}
			if (mcu == line_end)
				first_line = false;
			for (unsigned k = 0; k < n; k++) {
				unsigned ci = comps[k];
				int32_t *px = f->v + ((size_t)r * w + c) * spp + ci;
				int32_t pred;
				int s = decode_symbol(&b, &j->tables[tbl[k]]);

				if (s < 0 || s > 16)
					return fail(j, at + (size_t)(b.p - data),
					            N_("a Huffman code that no table defines"));
				if (mcu == 0 || reset)
					pred = initial;
				else if (first_line)
					pred = c > 0 ? px[-(long)spp] : px[-(long)w * spp];
				else if (c == 0)
					pred = px[-(long)w * spp];
				else
					pred = predict(psv, px[-(long)spp], px[-(long)w * spp],
					               px[-(long)w * spp - spp]);
				/* stored shifted down by the point transform until the end */
				*px = (int32_t)(((uint32_t)(pred + decode_diff(&b, s))) & 0xffffu);
			}
			since_restart++;
		}
	}
	return (long)(b.p - data);
}

int
dcb_ljpeg_decode(const uint8_t *src, size_t len, const struct dcb_pixel_info *info,
                 struct dcb_frame *f, struct dcb_error *err)
{
	struct ljpeg j = {.err = err};
	size_t i = 2;
	bool have_frame = false, scanned = false;
	unsigned pt = 0;

	if (len < 4 || src[0] != 0xff || src[1] != 0xd8)
		return fail(&j, 0, N_("no start of image marker"));
	while (i + 4 <= len) {
		unsigned marker, seglen;

		if (src[i] != 0xff)
			return fail(&j, i, N_("a marker was expected"));
		marker = src[i + 1];
		if (marker == 0xff) {
			i++;
			continue;
		}
		if (marker == 0xd9)
			break;
		seglen = dcb_be16(src + i + 2);
		if (seglen < 2 || i + 2 + seglen > len)
			return fail(&j, i, N_("a segment longer than the stream"));
		const uint8_t *seg = src + i + 4;
		size_t sl = seglen - 2;

		if (marker == 0xc3) {
			if (sl < 6 || sl < 6 + 3u * seg[5])
				return fail(&j, i, N_("a short frame header"));
			j.precision = seg[0];
			j.height = dcb_be16(seg + 1);
			j.width = dcb_be16(seg + 3);
			j.ncomp = seg[5];
			if (j.precision < 2 || j.precision > 16 || j.ncomp == 0 ||
			    j.ncomp > MAX_COMPONENTS)
				return fail(&j, i, N_("a frame header with impossible values"));
			if (j.width != f->cols || j.height != f->rows || j.ncomp != f->spp)
				return dcb_error_set(
				    err, DCB_ERR_MALFORMED, -1,
				    N_("lossless JPEG: the stream holds %u x %u pixels "
				       "of %u samples, the data set says %u x %u of %u"),
				    j.width, j.height, j.ncomp, f->cols, f->rows, f->spp);
			for (unsigned k = 0; k < j.ncomp; k++) {
				j.comp_id[k] = seg[6 + 3 * k];
				if (seg[7 + 3 * k] != 0x11)
					return dcb_error_set(
					    err, DCB_ERR_UNSUPPORTED, -1,
					    N_("lossless JPEG with subsampled components "
					       "is not decoded"));
			}
			have_frame = true;
		} else if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 &&
		           marker != 0xcc) {
			return dcb_error_set(err, DCB_ERR_UNSUPPORTED, -1,
			                     N_("the JPEG stream uses process SOF%u, not lossless "
			                        "process 14 (SOF3) as its transfer syntax says"),
			                     marker - 0xc0);
		} else if (marker == 0xc4) {
			size_t k = 0;
			while (k < sl) {
				unsigned tc = seg[k] >> 4, th = seg[k] & 15, total = 0;
				if (k + 17 > sl || tc != 0 || th > 3)
					return fail(&j, i, N_("a bad Huffman table"));
				for (unsigned c = 0; c < 16; c++)
					total += seg[k + 1 + c];
				if (total > 256 || k + 17 + total > sl ||
				    build_huff(&j.tables[th], seg + k + 1, seg + k + 17, total) < 0)
					return fail(&j, i, N_("a bad Huffman table"));
				k += 17 + total;
			}
		} else if (marker == 0xdd) {
			if (sl < 2)
				return fail(&j, i, N_("a short restart interval"));
			j.restart = dcb_be16(seg);
		} else if (marker == 0xda) {
			unsigned comps[MAX_COMPONENTS], tbl[MAX_COMPONENTS], n, psv;
			long used;

			if (!have_frame)
				return fail(&j, i, N_("a scan before the frame header"));
			if (sl < 1 || seg[0] == 0 || seg[0] > j.ncomp || sl < 4 + 2u * seg[0])
				return fail(&j, i, N_("a bad scan header"));
			n = seg[0];
			for (unsigned k = 0; k < n; k++) {
				unsigned id = seg[1 + 2 * k], c;
				for (c = 0; c < j.ncomp && j.comp_id[c] != id; c++)
					;
				tbl[k] = seg[2 + 2 * k] >> 4;
				if (c == j.ncomp || tbl[k] > 3 || !j.tables[tbl[k]].defined)
					return fail(
					    &j, i, N_("a scan with an unknown component or table"));
				comps[k] = c;
			}
			psv = seg[1 + 2 * n];
			pt = seg[3 + 2 * n] & 15;
			if (psv < 1 || psv > 7 || pt >= j.precision)
				return fail(&j, i,
				            N_("a scan with a bad predictor or point transform"));
			i += 2 + seglen;
			used = decode_scan(&j, src + i, len - i, i, comps, tbl, n, psv, pt, f);
			if (used < 0)
				return (int)used;
			i += (size_t)used;
			scanned = true;
			/* the entropy-coded data ends at the next marker */
			while (i + 1 < len && !(src[i] == 0xff && src[i + 1] != 0 &&
			                        !(src[i + 1] >= 0xd0 && src[i + 1] <= 0xd7)))
				i++;
			continue;
		}
		i += 2 + seglen;
	}
	if (!scanned)
		return fail(&j, i, N_("the stream ends before any scan"));
	f->bias = 0;
	for (size_t k = 0; pt > 0 && k < (size_t)f->rows * f->cols * f->spp; k++)
		f->v[k] = (int32_t)((uint32_t)f->v[k] << pt);
	dcb_frame_fit_bits(f, 0);
	return 0;
}
