/* pixel-jpeg.c — libjpeg glue: errors come back through longjmp with the
 * library's message, never through exit(). */
#include "config.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "i18n.h"
#include "pixel-jpeg.h"

struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	char message[JMSG_LENGTH_MAX];
	char warning[JMSG_LENGTH_MAX];
};

static void
on_error(j_common_ptr cinfo)
{
	struct jerr *e = (struct jerr *)cinfo->err;

	e->mgr.format_message(cinfo, e->message);
	longjmp(e->jump, 1);
}

/* Warnings (corrupt data the library decoded around) are kept, not
 * printed: the first one for the frame's damage note. */
static void
on_message(j_common_ptr cinfo)
{
	struct jerr *e = (struct jerr *)cinfo->err;

	if (e->warning[0] == '\0')
		e->mgr.format_message(cinfo, e->warning);
}

int
dcb_jpeg_decode(const uint8_t *src, size_t len, const struct dcb_pixel_info *info,
                struct dcb_frame *f, struct dcb_error *err)
{
	struct jpeg_decompress_struct cinfo;
	struct jerr e;
	JSAMPLE *volatile row = NULL;
	volatile int rc = 0;

	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&e.mgr);
	e.mgr.error_exit = on_error;
	e.mgr.output_message = on_message;
	e.message[0] = '\0';
	e.warning[0] = '\0';
	if (setjmp(e.jump)) {
		rc = dcb_error_set(err, DCB_ERR_MALFORMED, -1, N_("JPEG: %s"), e.message);
		goto out;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, src, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	if (cinfo.data_precision != 8) {
		rc = dcb_error_set(err, DCB_ERR_UNSUPPORTED, -1,
		                   N_("JPEG with %d-bit samples: this libjpeg decodes 8-bit JPEG "
		                      "only (12-bit came with libjpeg-turbo 3)"),
		                   cinfo.data_precision);
		goto out;
	}
	if ((unsigned)cinfo.num_components != f->spp || cinfo.image_width != f->cols ||
	    cinfo.image_height != f->rows) {
		rc = dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                   N_("JPEG: the stream holds %u x %u pixels of %d samples, the "
		                      "data set says %u x %u of %u"),
		                   cinfo.image_width, cinfo.image_height, cinfo.num_components,
		                   f->cols, f->rows, f->spp);
		goto out;
	}
	if (f->spp == 3) {
		/* a data set that says RGB was compressed without colour transform */
		if (info->photometric == DCB_PI_RGB && !cinfo.saw_JFIF_marker)
			cinfo.jpeg_color_space = JCS_RGB;
		cinfo.out_color_space = JCS_RGB;
		f->photometric = DCB_PI_RGB;
	} else {
		cinfo.out_color_space = JCS_GRAYSCALE;
	}
	jpeg_start_decompress(&cinfo);
	row = malloc((size_t)f->cols * f->spp);
	if (row == NULL) {
		rc = dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		goto out;
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		unsigned y = cinfo.output_scanline;
		JSAMPROW rows[1] = {row};
		int32_t *dst = f->v + (size_t)y * f->cols * f->spp;

		jpeg_read_scanlines(&cinfo, rows, 1);
		for (size_t i = 0; i < (size_t)f->cols * f->spp; i++)
			dst[i] = row[i];
	}
	jpeg_finish_decompress(&cinfo);
	if (e.warning[0] != '\0')
		snprintf(f->damage, sizeof f->damage, "JPEG: %s", e.warning);
	f->bias = 0;
	f->bits_stored = 8;
	f->is_signed = false;
out:
	jpeg_destroy_decompress(&cinfo);
	free(row);
	return rc;
}
