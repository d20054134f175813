/* pixel-j2k.c — openjpeg glue: a memory stream, and the library's error
 * messages kept for the person. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openjpeg.h>

#include "i18n.h"
#include "pixel-j2k.h"

struct memsrc {
	const uint8_t *p;
	size_t len, pos;
};

struct messages {
	char text[256];
};

static OPJ_SIZE_T
mem_read(void *buf, OPJ_SIZE_T n, void *user)
{
	struct memsrc *m = user;
	size_t left = m->len - m->pos;

	if (left == 0)
		return (OPJ_SIZE_T)-1;
	if (n > left)
		n = left;
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return n;
}

static OPJ_OFF_T
mem_skip(OPJ_OFF_T n, void *user)
{
	struct memsrc *m = user;

	if (n < 0 || (uint64_t)n > m->len - m->pos)
		return -1;
	m->pos += (size_t)n;
	return n;
}

static OPJ_BOOL
mem_seek(OPJ_OFF_T n, void *user)
{
	struct memsrc *m = user;

	if (n < 0 || (uint64_t)n > m->len)
		return OPJ_FALSE;
	m->pos = (size_t)n;
	return OPJ_TRUE;
}

static void
on_error(const char *msg, void *user)
{
	struct messages *m = user;

	if (m->text[0] == '\0') {
		snprintf(m->text, sizeof m->text, "%s", msg);
		m->text[strcspn(m->text, "\n")] = '\0';
	}
}

static void
on_quiet(const char *msg, void *user)
{
	(void)msg;
	(void)user;
}

int
dcb_j2k_decode(const uint8_t *src, size_t len, const struct dcb_pixel_info *info,
               struct dcb_frame *f, struct dcb_error *err)
{
	struct memsrc m = {.p = src, .len = len};
	struct messages msg = {.text = ""};
	opj_dparameters_t params;
	opj_codec_t *codec;
	opj_stream_t *stream = NULL;
	opj_image_t *image = NULL;
	bool jp2 = len >= 4 && src[0] == 0 && src[1] == 0 && src[2] == 0 && src[3] == 0x0c;
	int rc = 0;

	codec = opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
	if (codec == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	opj_set_default_decoder_parameters(&params);
	opj_set_error_handler(codec, on_error, &msg);
	opj_set_warning_handler(codec, on_quiet, NULL);
	opj_set_info_handler(codec, on_quiet, NULL);
	stream = opj_stream_default_create(OPJ_TRUE);
	if (stream == NULL || !opj_setup_decoder(codec, &params)) {
		rc = dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		goto out;
	}
	opj_stream_set_user_data(stream, &m, NULL);
	opj_stream_set_user_data_length(stream, len);
	opj_stream_set_read_function(stream, mem_read);
	opj_stream_set_skip_function(stream, mem_skip);
	opj_stream_set_seek_function(stream, mem_seek);
	if (!opj_read_header(stream, codec, &image)) {
		rc = dcb_error_set(err, DCB_ERR_MALFORMED, -1, N_("JPEG 2000: %s"),
		                   msg.text[0] ? msg.text
		                               : dcb_tr(N_("the header does not decode")));
		goto out;
	}
	if (image->numcomps != f->spp || image->x1 - image->x0 != f->cols ||
	    image->y1 - image->y0 != f->rows) {
		rc = dcb_error_set(
		    err, DCB_ERR_MALFORMED, -1,
		    N_("JPEG 2000: the stream holds %u x %u pixels of %u samples, the "
		       "data set says %u x %u of %u"),
		    image->x1 - image->x0, image->y1 - image->y0, image->numcomps, f->cols, f->rows,
		    f->spp);
		goto out;
	}
	if (!opj_decode(codec, stream, image) || !opj_end_decompress(codec, stream)) {
		rc = dcb_error_set(err, DCB_ERR_MALFORMED, -1, N_("JPEG 2000: %s"),
		                   msg.text[0] ? msg.text : dcb_tr(N_("the data does not decode")));
		goto out;
	}
	for (unsigned c = 0; c < f->spp; c++) {
		const opj_image_comp_t *comp = &image->comps[c];

		if (comp->w != f->cols || comp->h != f->rows || comp->data == NULL) {
			rc = dcb_error_set(err, DCB_ERR_UNSUPPORTED, -1,
			                   N_("JPEG 2000 component %u is %u x %u (subsampled or "
			                      "reduced); %u x %u is decoded"),
			                   c + 1, comp->w, comp->h, f->cols, f->rows);
			goto out;
		}
	}
	for (size_t p = 0; p < (size_t)f->rows * f->cols; p++)
		for (unsigned c = 0; c < f->spp; c++)
			f->v[p * f->spp + c] = image->comps[c].data[p];
	f->bias = 0;
	if (image->comps[0].sgnd)
		f->is_signed = true;
	if (f->spp == 3 &&
	    (info->photometric == DCB_PI_YBR_ICT || info->photometric == DCB_PI_YBR_RCT))
		f->photometric = DCB_PI_RGB;
	if (image->comps[0].prec > f->bits_stored && image->comps[0].prec <= 32)
		f->bits_stored = image->comps[0].prec;
out:
	if (image != NULL)
		opj_image_destroy(image);
	if (stream != NULL)
		opj_stream_destroy(stream);
	opj_destroy_codec(codec);
	return rc;
}
