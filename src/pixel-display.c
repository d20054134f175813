/* pixel-display.c — stored values to 8-bit pictures. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pixel-display.h"

#define TABLE_MAX 65536 /* stored ranges up to this use a lookup table */

static double
lut_value(const struct dcb_lut *l, double x)
{
	double i = x - l->first;

	if (i < 0)
		i = 0;
	if (i > l->entries - 1)
		i = l->entries - 1;
	return l->data[(unsigned)i];
}

/* Modality LUT or rescale (C.11.1) of one stored value. */
static double
modality(const struct dcb_pixel_info *info, int64_t v)
{
	if (info->modality_lut.data != NULL)
		return lut_value(&info->modality_lut, (double)v);
	if (info->has_rescale)
		return (double)v * info->slope + info->intercept;
	return (double)v;
}

struct voi {
	bool lut;
	const struct dcb_lut *table;
	double center, width, lo, hi;
	enum dcb_voi_function function;
	bool invert;
};

/* VOI (C.11.2.1.2) of one modality value to 0..255. */
static uint8_t
voi(const struct voi *v, double x)
{
	double y;

	if (v->lut) {
		double top = v->table->bits >= 16 ? 65535.0 : (double)((1u << v->table->bits) - 1);
		y = lut_value(v->table, x) / top * 255.0;
	} else if (v->function == DCB_VOI_SIGMOID) {
		y = 255.0 / (1.0 + exp(-4.0 * (x - v->center) / v->width));
	} else if (v->function == DCB_VOI_LINEAR_EXACT) {
		if (x <= v->center - v->width / 2)
			y = 0;
		else if (x > v->center + v->width / 2)
			y = 255;
		else
			y = ((x - v->center) / v->width + 0.5) * 255.0;
	} else if (v->width <= 1) {
		y = x <= v->center - 0.5 ? 0 : 255;
	} else {
		if (x <= v->center - 0.5 - (v->width - 1) / 2)
			y = 0;
		else if (x > v->center - 0.5 + (v->width - 1) / 2)
			y = 255;
		else
			y = ((x - (v->center - 0.5)) / (v->width - 1) + 0.5) * 255.0;
	}
	if (y < 0)
		y = 0;
	if (y > 255)
		y = 255;
	y = floor(y + 0.5);
	return (uint8_t)(v->invert ? 255 - y : y);
}

static void
stored_range(const struct dcb_frame *f, int64_t *lo, int64_t *hi)
{
	size_t n = (size_t)f->rows * f->cols * f->spp;
	int32_t mn = INT32_MAX, mx = INT32_MIN;

	for (size_t i = 0; i < n; i++) {
		if (f->v[i] < mn)
			mn = f->v[i];
		if (f->v[i] > mx)
			mx = f->v[i];
	}
	*lo = (int64_t)mn + f->bias;
	*hi = (int64_t)mx + f->bias;
}

/* Smallest and largest modality value present in the frame. */
static void
modality_range(const struct dcb_pixel_info *info, const struct dcb_frame *f, int64_t lo, int64_t hi,
               double *mn, double *mx)
{
	size_t n = (size_t)f->rows * f->cols * f->spp;

	*mn = INFINITY;
	*mx = -INFINITY;
	if (info->modality_lut.data == NULL) {
		double a = modality(info, lo), b = modality(info, hi);
		*mn = a < b ? a : b;
		*mx = a < b ? b : a;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		double m = modality(info, (int64_t)f->v[i] + f->bias);
		if (m < *mn)
			*mn = m;
		if (m > *mx)
			*mx = m;
	}
}

static int
choose_voi(const struct dcb_pixel_info *info, const struct dcb_frame *f,
           const struct dcb_window *win, struct voi *v, struct dcb_window_used *used,
           struct dcb_error *err)
{
	enum dcb_window_mode mode = win->mode;
	int64_t lo, hi;
	double mn, mx;

	memset(v, 0, sizeof *v);
	/* the file's VOI LUT Function shapes every window, as in dcmtk */
	v->function = info->voi_function;
	if (mode == DCB_WINDOW_FILE) {
		if (win->index < info->windows) {
			v->center = info->center[win->index];
			v->width = info->width[win->index];
		} else if (info->voi_lut.data != NULL) {
			v->lut = true;
			v->table = &info->voi_lut;
		} else {
			mode = DCB_WINDOW_MINMAX;
		}
	}
	if (mode == DCB_WINDOW_GIVEN) {
		v->center = win->center;
		v->width = win->width;
	}
	if (mode == DCB_WINDOW_MINMAX || mode == DCB_WINDOW_NONE) {
		if (mode == DCB_WINDOW_MINMAX) {
			stored_range(f, &lo, &hi);
		} else {
			unsigned bits = f->bits_stored > 32 ? 32 : f->bits_stored;
			lo = f->is_signed ? -(INT64_C(1) << (bits - 1)) : 0;
			hi = f->is_signed ? (INT64_C(1) << (bits - 1)) - 1
			                  : (INT64_C(1) << bits) - 1;
		}
		modality_range(info, f, lo, hi, &mn, &mx);
		/* as dcmtk does: the window that spans the values exactly */
		v->center = (mn + mx + 1) / 2;
		v->width = mx - mn + 1;
	}
	if (!v->lut && (v->function == DCB_VOI_LINEAR ? v->width < 1 : v->width <= 0))
		return dcb_error_set(
		    err, DCB_ERR_USAGE, -1,
		    N_("window width %g is not usable: LINEAR needs 1 or more, the "
		       "other functions more than 0"),
		    v->width);
	v->invert = f->photometric == DCB_PI_MONOCHROME1;
	if (used != NULL) {
		used->mode = mode;
		used->lut = v->lut;
		used->center = v->center;
		used->width = v->width;
		used->function = v->function;
		used->colour = false;
	}
	return 0;
}

static int
render_grey(const struct dcb_pixel_info *info, const struct dcb_frame *f,
            const struct dcb_window *win, struct dcb_picture *out, struct dcb_window_used *used,
            struct dcb_error *err)
{
	size_t n = (size_t)f->rows * f->cols;
	struct voi v;
	int64_t lo, hi;
	int rc = choose_voi(info, f, win, &v, used, err);

	if (rc < 0)
		return rc;
	stored_range(f, &lo, &hi);
	if (hi >= lo && hi - lo < TABLE_MAX) {
		uint8_t *table = malloc((size_t)(hi - lo) + 1);
		if (table == NULL)
			return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		for (int64_t s = lo; s <= hi; s++)
			table[s - lo] = voi(&v, modality(info, s));
		for (size_t i = 0; i < n; i++)
			out->px[i] = table[(int64_t)f->v[i] + f->bias - lo];
		free(table);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		out->px[i] = voi(&v, modality(info, (int64_t)f->v[i] + f->bias));
	return 0;
}

static uint8_t
clamp8(double x)
{
	return x <= 0 ? 0 : x >= 255 ? 255 : (uint8_t)floor(x + 0.5);
}

static int
render_colour(const struct dcb_pixel_info *info, const struct dcb_frame *f, struct dcb_picture *out,
              struct dcb_error *err)
{
	size_t n = (size_t)f->rows * f->cols;
	unsigned bits = f->bits_stored > 16 ? 16 : f->bits_stored;
	double scale = bits == 8 ? 1.0 : 255.0 / (double)((1u << bits) - 1);

	if (f->photometric == DCB_PI_PALETTE) {
		for (unsigned c = 0; c < 3; c++)
			if (info->palette[c].data == NULL)
				return dcb_error_set(
				    err, DCB_ERR_MALFORMED, -1,
				    N_("PALETTE COLOR without %s Palette Color LUT "
				       "Descriptor and Data: the three palettes "
				       "(0028,1101-1103, 0028,1201-1203) are needed"),
				    c == 0   ? "Red"
				    : c == 1 ? "Green"
				             : "Blue");
		for (size_t i = 0; i < n; i++) {
			double x = (double)((int64_t)f->v[i] + f->bias);
			for (unsigned c = 0; c < 3; c++) {
				const struct dcb_lut *l = &info->palette[c];
				double y = lut_value(l, x);
				out->px[3 * i + c] =
				    l->bits > 8 ? (uint8_t)((unsigned)y >> 8) : (uint8_t)y;
			}
		}
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		double a = (f->v[3 * i] + f->bias) * scale, b = (f->v[3 * i + 1] + f->bias) * scale,
		       c = (f->v[3 * i + 2] + f->bias) * scale;

		if (f->photometric == DCB_PI_YBR_FULL || f->photometric == DCB_PI_YBR_FULL_422) {
			out->px[3 * i] = clamp8(a + 1.402 * (c - 128));
			out->px[3 * i + 1] =
			    clamp8(a - 0.344136 * (b - 128) - 0.714136 * (c - 128));
			out->px[3 * i + 2] = clamp8(a + 1.772 * (b - 128));
		} else {
			out->px[3 * i] = clamp8(a);
			out->px[3 * i + 1] = clamp8(b);
			out->px[3 * i + 2] = clamp8(c);
		}
	}
	return 0;
}

int
dcb_display_render(const struct dcb_pixel_info *info, const struct dcb_frame *f,
                   const struct dcb_window *win, struct dcb_picture *out,
                   struct dcb_window_used *used, struct dcb_error *err)
{
	bool grey = f->photometric == DCB_PI_MONOCHROME1 || f->photometric == DCB_PI_MONOCHROME2;
	int rc;

	memset(out, 0, sizeof *out);
	if (!grey && f->photometric != DCB_PI_PALETTE && f->spp != 3)
		return dcb_error_set(
		    err, DCB_ERR_UNSUPPORTED, -1,
		    N_("photometric interpretation \"%s\" with %u samples per pixel "
		       "is not shown"),
		    info->photometric_text, f->spp);
	if (grey && f->spp != 1)
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("%s with %u samples per pixel: monochrome has one"),
		                     info->photometric_text, f->spp);
	out->rows = f->rows;
	out->cols = f->cols;
	out->channels = grey ? 1 : 3;
	out->px = malloc((size_t)out->rows * out->cols * out->channels);
	if (out->px == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	if (grey) {
		rc = render_grey(info, f, win, out, used, err);
	} else {
		rc = render_colour(info, f, out, err);
		if (used != NULL) {
			memset(used, 0, sizeof *used);
			used->colour = true;
		}
	}
	if (rc < 0)
		dcb_picture_clear(out);
	return rc;
}

void
dcb_picture_clear(struct dcb_picture *p)
{
	free(p->px);
	memset(p, 0, sizeof *p);
}
