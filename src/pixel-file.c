/* pixel-file.c — attributes and frame bytes out of a Part 10 stream. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "dict.h"
#include "i18n.h"
#include "part10.h"
#include "pixel-file.h"
#include "pixel-frames.h"
#include "pixel-j2k.h"
#include "pixel-jls.h"
#include "pixel-jpeg.h"
#include "pixel-ljpeg.h"
#include "pixel-rle.h"

#define TAG_PIXEL_DATA 0x7fe00010u
#define TAG_MODALITY_LUT_SEQ 0x00283000u
#define TAG_VOI_LUT_SEQ 0x00283010u
#define TAG_LUT_DESCRIPTOR 0x00283002u
#define TAG_LUT_DATA 0x00283006u
#define VALUE_LIMIT (512u * 1024u) /* LUTs and Basic Offset Tables are loaded */
#define SKIP_CHUNK 65536u

struct walk {
	struct dcb_reader *r;
	struct dcb_pixel_info *info;
	long want;
	dcb_frame_bytes_fn fn;
	void *user;
	struct dcb_error *err;
	uint8_t *buf; /* the frame being assembled */
	size_t len, cap;
	uint32_t lut_desc[3]; /* inside a LUT sequence item */
	bool lut_desc_set;
	uint32_t palette_desc[3][3]; /* red, green, blue LUT descriptors */
	bool palette_desc_set[3];
	bool done; /* the wanted frame was delivered */
};

/* ---- attributes ---- */

static void
text_value(char *dst, size_t size, const struct dcb_element *el, unsigned index)
{
	size_t start = 0, n;
	unsigned k = 0;

	dst[0] = '\0';
	if (el->value == NULL)
		return;
	for (size_t i = 0; i <= el->value_len; i++) {
		if (i == el->value_len || el->value[i] == '\\') {
			if (k++ == index) {
				while (start < i && (el->value[start] == ' '))
					start++;
				n = i - start;
				while (n > 0 && (el->value[start + n - 1] == ' ' ||
				                 el->value[start + n - 1] == '\0'))
					n--;
				if (n >= size)
					n = size - 1;
				memcpy(dst, el->value + start, n);
				dst[n] = '\0';
				return;
			}
			start = i + 1;
		}
	}
}

static unsigned
multiplicity(const struct dcb_element *el)
{
	unsigned n = 1;

	if (el->value == NULL || el->value_len == 0)
		return 0;
	for (size_t i = 0; i < el->value_len; i++)
		n += el->value[i] == '\\';
	return n;
}

static bool
number_value(const struct dcb_element *el, unsigned index, double *out)
{
	char text[65], *end;

	text_value(text, sizeof text, el, index);
	if (text[0] == '\0')
		return false;
	*out = strtod(text, &end);
	return *end == '\0' && isfinite(*out);
}

static unsigned
us_value(const struct dcb_element *el, unsigned index)
{
	if (el->value == NULL || el->value_len < 2 * (index + 1))
		return 0;
	return dcb_get16(el->value + 2 * index, el->big_endian);
}

/* LUT Descriptor + LUT Data into *lut (PS3.3 C.11.1.1.1). */
static int
take_lut(struct walk *w, struct dcb_lut *lut, const uint32_t desc[3], bool first_signed,
         const struct dcb_element *data)
{
	unsigned entries = desc[0] == 0 ? 65536 : desc[0];
	size_t bytes_per = desc[2] > 8 ? 2 : 1;

	free(lut->data);
	memset(lut, 0, sizeof *lut);
	if (data->value == NULL || entries > DCB_PIXEL_MAX_LUT)
		return dcb_error_set(w->err, DCB_ERR_LIMIT, data->offset,
		                     N_("LUT Data (%04X,%04X) with %u entries is not read"),
		                     DCB_TAG_GROUP(data->tag), DCB_TAG_ELEMENT(data->tag), entries);
	/* 8-bit entries may come packed two to a word, or one per word */
	if (bytes_per == 1 && data->value_len >= 2 * (size_t)entries)
		bytes_per = 2;
	if (data->value_len < bytes_per * entries)
		return dcb_error_set(w->err, DCB_ERR_MALFORMED, data->offset,
		                     N_("LUT Data (%04X,%04X) has %zu bytes for %u entries"),
		                     DCB_TAG_GROUP(data->tag), DCB_TAG_ELEMENT(data->tag),
		                     data->value_len, entries);
	lut->data = malloc(entries * sizeof *lut->data);
	if (lut->data == NULL)
		return dcb_error_set(w->err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	for (unsigned i = 0; i < entries; i++)
		lut->data[i] = bytes_per == 2 ? dcb_get16(data->value + 2 * i, data->big_endian)
		                              : data->value[i];
	lut->entries = entries;
	lut->first = first_signed ? (int16_t)desc[1] : (int32_t)desc[1];
	lut->bits = desc[2] == 0 ? 16 : desc[2];
	return 0;
}

static void
descriptor(const struct dcb_element *el, uint32_t desc[3])
{
	for (unsigned i = 0; i < 3; i++)
		desc[i] = us_value(el, i);
}

static int
top_level(struct walk *w, const struct dcb_element *el)
{
	struct dcb_pixel_info *info = w->info;
	char text[65];
	double d;

	switch (el->tag) {
	case 0x00280002:
		info->spp = us_value(el, 0);
		break;
	case 0x00280004:
		text_value(info->photometric_text, sizeof info->photometric_text, el, 0);
		info->photometric = dcb_photometric_parse(info->photometric_text);
		break;
	case 0x00280006:
		info->planar = us_value(el, 0);
		break;
	case 0x00280008:
		info->has_frames = true;
		if (number_value(el, 0, &d))
			info->frames = d < 0 ? 0 : d > 1e9 ? 1000000000u : (unsigned)d;
		break;
	case 0x00280010:
		info->rows = us_value(el, 0);
		break;
	case 0x00280011:
		info->cols = us_value(el, 0);
		break;
	case 0x00280100:
		info->bits_allocated = us_value(el, 0);
		break;
	case 0x00280101:
		info->bits_stored = us_value(el, 0);
		break;
	case 0x00280102:
		info->high_bit = us_value(el, 0);
		break;
	case 0x00280103:
		info->is_signed = us_value(el, 0) == 1;
		break;
	case 0x00281050:
	case 0x00281051: {
		double *dst = el->tag == 0x00281050 ? info->center : info->width;
		unsigned n = multiplicity(el), k;
		for (k = 0; k < n && k < DCB_PIXEL_MAX_WINDOWS && number_value(el, k, &dst[k]); k++)
			;
		if (el->tag == 0x00281050 || k < info->windows)
			info->windows = k;
		break;
	}
	case 0x00281056:
		text_value(text, sizeof text, el, 0);
		info->voi_function = strcmp(text, "SIGMOID") == 0        ? DCB_VOI_SIGMOID
		                     : strcmp(text, "LINEAR_EXACT") == 0 ? DCB_VOI_LINEAR_EXACT
		                                                         : DCB_VOI_LINEAR;
		break;
	case 0x00281052:
		if (number_value(el, 0, &info->intercept))
			info->has_rescale = true;
		break;
	case 0x00281053:
		if (number_value(el, 0, &info->slope))
			info->has_rescale = true;
		break;
	case 0x00282110:
		text_value(text, sizeof text, el, 0);
		info->lossy = strcmp(text, "01") == 0 ? 1 : strcmp(text, "00") == 0 ? 0 : -1;
		break;
	case 0x00281101:
	case 0x00281102:
	case 0x00281103:
		descriptor(el, w->palette_desc[el->tag - 0x00281101]);
		w->palette_desc_set[el->tag - 0x00281101] = true;
		break;
	case 0x00281201:
	case 0x00281202:
	case 0x00281203: {
		unsigned c = el->tag - 0x00281201;
		if (!w->palette_desc_set[c])
			break; /* data without its descriptor: no palette */
		return take_lut(w, &info->palette[c], w->palette_desc[c], false, el);
	}
	}
	return 0;
}

/* Elements inside the first item of the Modality and VOI LUT Sequences. */
static int
lut_item(struct walk *w, const struct dcb_element *el)
{
	bool modality = el->path[0] == TAG_MODALITY_LUT_SEQ;

	if (el->item_index[0] != 1)
		return 0;
	if (el->tag == TAG_LUT_DESCRIPTOR) {
		descriptor(el, w->lut_desc);
		w->lut_desc_set = true;
	} else if (el->tag == TAG_LUT_DATA && w->lut_desc_set) {
		return take_lut(w, modality ? &w->info->modality_lut : &w->info->voi_lut,
		                w->lut_desc, w->info->is_signed && modality, el);
	}
	return 0;
}

/* ---- frame bytes ---- */

static int
grow(struct walk *w, size_t more)
{
	if (more > DCB_PIXEL_MAX_FRAME_BYTES - w->len)
		return dcb_error_set(w->err, DCB_ERR_LIMIT, -1,
		                     N_("a frame of more than %u compressed bytes is not read"),
		                     DCB_PIXEL_MAX_FRAME_BYTES);
	if (w->len + more > w->cap) {
		size_t cap = w->cap ? w->cap : 65536;
		uint8_t *p;
		while (cap < w->len + more)
			cap *= 2;
		p = realloc(w->buf, cap);
		if (p == NULL)
			return dcb_error_set(w->err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		w->buf = p;
		w->cap = cap;
	}
	return 0;
}

/* Appends n bytes of the current value (loaded or not) to the frame. */
static int
append_value(struct walk *w, const struct dcb_element *el, size_t n)
{
	int rc = n == 0 ? 0 : grow(w, n);

	if (rc < 0 || n == 0)
		return rc;
	if (el->value != NULL) {
		memcpy(w->buf + w->len, el->value, n);
		w->len += n;
		return 0;
	}
	while (n > 0) {
		long got = dcb_reader_read_value(w->r, w->buf + w->len, n, w->err);
		if (got < 0)
			return (int)got;
		if (got == 0)
			return dcb_error_set(w->err, DCB_ERR_TRUNCATED, el->offset,
			                     N_("the pixel data ends early"));
		w->len += (size_t)got;
		n -= (size_t)got;
	}
	return 0;
}

static int
deliver(struct walk *w, unsigned index, const uint8_t *data, size_t len,
        const struct dcb_native_layout *layout)
{
	struct dcb_frame_bytes b = {.index = index, .data = data, .len = len};

	if (layout != NULL)
		b.layout = *layout;
	if (w->want >= 0)
		w->done = true;
	return w->fn != NULL ? w->fn(w->info, &b, w->user) : 0;
}

static int
skip_value(struct walk *w, uint64_t n)
{
	uint8_t scratch[SKIP_CHUNK];

	while (n > 0) {
		long got = dcb_reader_read_value(w->r, scratch,
		                                 n < sizeof scratch ? n : sizeof scratch, w->err);
		if (got <= 0)
			return got < 0 ? (int)got
			               : dcb_error_set(w->err, DCB_ERR_TRUNCATED, -1,
			                               N_("the pixel data ends early"));
		n -= (uint64_t)got;
	}
	return 0;
}

static int
native_pixels(struct walk *w, const struct dcb_element *el)
{
	struct dcb_pixel_info *info = w->info;
	uint64_t frame_bits = dcb_pixel_native_frame_bytes(info) * 8, pos = 0;
	struct dcb_native_layout layout = {.big_endian = el->big_endian,
	                                   .ow = strcmp(el->vr, "OW") == 0};
	int rc = dcb_pixel_info_validate(info, w->err);

	if (rc < 0)
		return rc;
	if (info->bits_allocated == 1)
		frame_bits = (uint64_t)info->rows * info->cols * info->spp;
	for (unsigned k = 0; k < info->frames; k++) {
		uint64_t start = frame_bits * k / 8, end = (frame_bits * (k + 1) + 7) / 8;

		if (w->want >= 0 && k != (unsigned long)w->want)
			continue;
		if (end > el->length)
			return dcb_error_set(
			    w->err, DCB_ERR_TRUNCATED, el->offset,
			    N_("Pixel Data has %u bytes; frame %u needs bytes %llu "
			       "to %llu"),
			    el->length, k + 1, (unsigned long long)start, (unsigned long long)end);
		layout.bit_offset = (unsigned)(frame_bits * k % 8);
		if (el->value != NULL) {
			rc = deliver(w, k, el->value + start, (size_t)(end - start), &layout);
		} else {
			rc = skip_value(w, start - pos);
			w->len = 0;
			if (rc == 0)
				rc = append_value(w, el, (size_t)(end - start));
			pos = end;
			if (rc == 0)
				rc = deliver(w, k, w->buf, w->len, &layout);
		}
		if (rc < 0 || w->done)
			return rc;
	}
	if (w->want >= (long)info->frames)
		return dcb_error_set(w->err, DCB_ERR_NOTFOUND, el->offset,
		                     N_("there is no frame %ld: the object has %u"), w->want + 1,
		                     info->frames);
	return 0;
}

static int
encapsulated_pixels(struct walk *w)
{
	struct dcb_pixel_info *info = w->info;
	struct dcb_frame_locator loc = {0};
	struct dcb_element el;
	int64_t first = -1;
	long current = -1;
	int rc;

	if (info->codec == DCB_CODEC_UNSUPPORTED && w->fn != NULL)
		return dcb_error_set(w->err, DCB_ERR_UNSUPPORTED, info->pixel_offset,
		                     N_("frames in transfer syntax %s are not decoded"),
		                     info->ts_uid);
	rc = dcb_pixel_info_validate(info, w->err);
	if (rc < 0)
		return rc;
	while ((rc = dcb_reader_next(w->r, &el, w->err)) > 0) {
		uint8_t head[4];
		size_t head_len;
		long frame;

		if (el.kind == DCB_EL_PIXEL_END)
			break;
		if (el.kind != DCB_EL_FRAGMENT)
			continue;
		info->fragments++;
		if (info->fragments == 1) {
			w->len = 0;
			rc = append_value(w, &el, el.length);
			if (rc == 0)
				rc = dcb_frame_locator_init(&loc, info->codec, info->frames, w->buf,
				                            w->len, w->err);
			w->len = 0;
			if (rc < 0)
				goto out;
			continue;
		}
		if (first < 0)
			first = el.offset;
		head_len = el.length < 4 ? el.length : 4;
		if (el.value != NULL) {
			memcpy(head, el.value, head_len);
		} else {
			size_t at = w->len;
			rc = append_value(w, &el, head_len);
			if (rc < 0)
				goto out;
			memcpy(head, w->buf + at, head_len);
			w->len = at;
		}
		frame = dcb_frame_locator_next(&loc, (uint64_t)(el.offset - first), el.length, head,
		                               head_len, w->err);
		if (frame < 0) {
			rc = (int)frame;
			goto out;
		}
		if (frame != current && current >= 0 && (w->want < 0 || current == w->want)) {
			rc = deliver(w, (unsigned)current, w->buf, w->len, NULL);
			if (rc < 0 || w->done)
				goto out;
		}
		if (frame != current)
			w->len = 0;
		current = frame;
		if (w->want >= 0 && frame != w->want)
			continue;
		if (el.value == NULL && head_len > 0) {
			/* the head was read already: put it back in front */
			rc = grow(w, head_len);
			if (rc < 0)
				goto out;
			memcpy(w->buf + w->len, head, head_len);
			w->len += head_len;
			rc = append_value(w, &el, el.length - head_len);
		} else {
			rc = append_value(w, &el, el.length);
		}
		if (rc < 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	info->located_frames = dcb_frame_locator_count(&loc);
	if (current >= 0 && (w->want < 0 || current == w->want))
		rc = deliver(w, (unsigned)current, w->buf, w->len, NULL);
	else if (w->want >= 0)
		rc = dcb_error_set(w->err, DCB_ERR_NOTFOUND, info->pixel_offset,
		                   N_("there is no frame %ld: the pixel data holds %u"),
		                   w->want + 1, info->located_frames);
out:
	dcb_frame_locator_clear(&loc);
	return rc;
}

static void
ts_of_meta(const struct dcb_meta *m, char uid[65])
{
	static const char *const detected[] = {
	    [DCB_TS_IMPLICIT_LE] = "1.2.840.10008.1.2",
	    [DCB_TS_EXPLICIT_LE] = "1.2.840.10008.1.2.1",
	    [DCB_TS_EXPLICIT_BE] = "1.2.840.10008.1.2.2",
	    [DCB_TS_DEFLATED_LE] = "1.2.840.10008.1.2.1.99",
	};

	if (m->transfer_syntax_uid[0] != '\0')
		snprintf(uid, 65, "%s", m->transfer_syntax_uid);
	else
		snprintf(uid, 65, "%s", detected[m->ts]);
}

int
dcb_pixel_walk(int fd, const char *name, struct dcb_pixel_info *info, long want,
               dcb_frame_bytes_fn fn, void *user, struct dcb_error *err)
{
	struct dcb_reader_options opts = {.value_limit = VALUE_LIMIT};
	struct walk w = {.info = info, .want = want, .fn = fn, .user = user, .err = err};
	struct dcb_element el;
	int rc;

	dcb_pixel_info_init(info);
	w.r = dcb_reader_open_fd(fd, name, &opts, err);
	if (w.r == NULL)
		return err != NULL && err->code < 0 ? err->code : DCB_ERR_MALFORMED;
	ts_of_meta(dcb_reader_meta(w.r), info->ts_uid);
	info->codec = dcb_pixel_codec_of(info->ts_uid, &info->encapsulated);
	info->deflated = dcb_reader_meta(w.r)->ts == DCB_TS_DEFLATED_LE;
	while ((rc = dcb_reader_next(w.r, &el, err)) > 0) {
		if (el.depth == 1 && el.kind == DCB_EL_VALUE &&
		    (el.path[0] == TAG_MODALITY_LUT_SEQ || el.path[0] == TAG_VOI_LUT_SEQ)) {
			rc = lut_item(&w, &el);
		} else if (el.depth == 0 && el.tag == TAG_PIXEL_DATA) {
			info->has_pixel_data = true;
			info->pixel_offset = el.offset;
			info->pixel_length = el.length;
			if (!info->has_frames)
				info->frames = 1;
			if (fn == NULL)
				break; /* the attributes only */
			if (el.kind == DCB_EL_PIXEL_START) {
				rc = encapsulated_pixels(&w);
			} else if (info->encapsulated) {
				rc = dcb_error_set(err, DCB_ERR_MALFORMED, el.offset,
				                   N_("Pixel Data has a defined length in transfer "
				                      "syntax %s, which encapsulates it"),
				                   info->ts_uid);
			} else {
				rc = native_pixels(&w, &el);
			}
			break;
		} else if (el.depth == 0 && el.kind == DCB_EL_VALUE) {
			if (el.tag > TAG_PIXEL_DATA)
				break;
			rc = top_level(&w, &el);
		} else if (el.depth == 0 && el.kind == DCB_EL_SEQ_START) {
			w.lut_desc_set = false;
		}
		if (rc < 0)
			break;
	}
	if (rc > 0)
		rc = 0;
	if (rc >= 0 && !info->has_pixel_data && fn != NULL)
		rc = dcb_error_set(err, DCB_ERR_NOTFOUND, -1,
		                   N_("there is no Pixel Data (7FE0,0010): not an image"));
	dcb_reader_free(w.r);
	free(w.buf);
	return rc < 0 ? rc : 0;
}

int
dcb_pixel_decode(const struct dcb_pixel_info *info, const struct dcb_frame_bytes *bytes,
                 struct dcb_frame *f, struct dcb_error *err)
{
	int rc = dcb_frame_alloc(f, info, err);

	if (rc < 0)
		return rc;
	switch (info->codec) {
	case DCB_CODEC_NATIVE:
		return dcb_native_decode(bytes->data, bytes->len, &bytes->layout, info, f, err);
	case DCB_CODEC_RLE:
		return dcb_rle_decode(bytes->data, bytes->len, info, f, err);
	case DCB_CODEC_JPEG:
		return dcb_jpeg_decode(bytes->data, bytes->len, info, f, err);
	case DCB_CODEC_JPEG_LOSSLESS:
		return dcb_ljpeg_decode(bytes->data, bytes->len, info, f, err);
	case DCB_CODEC_JPEG_LS:
		return dcb_jls_decode(bytes->data, bytes->len, info, f, err);
	case DCB_CODEC_J2K:
		return dcb_j2k_decode(bytes->data, bytes->len, info, f, err);
	default:
		return dcb_error_set(err, DCB_ERR_UNSUPPORTED, -1,
		                     N_("frames in transfer syntax %s are not decoded"),
		                     info->ts_uid);
	}
}

struct one {
	struct dcb_frame *f;
	struct dcb_error *err;
};

static int
decode_one(const struct dcb_pixel_info *info, const struct dcb_frame_bytes *bytes, void *user)
{
	struct one *o = user;

	return dcb_pixel_decode(info, bytes, o->f, o->err);
}

int
dcb_pixel_read_frame(const char *path, unsigned index, struct dcb_pixel_info *info,
                     struct dcb_frame *f, struct dcb_error *err)
{
	struct one o = {.f = f, .err = err};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	memset(f, 0, sizeof *f);
	if (fd < 0) {
		dcb_pixel_info_init(info);
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot open %s: %s"), path,
		                     strerror(errno));
	}
	rc = dcb_pixel_walk(fd, path, info, index, decode_one, &o, err);
	close(fd);
	return rc;
}
