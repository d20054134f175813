/* pixel-jls.c — CharLS glue.  CharLS hands back 8-bit samples as bytes and
 * wider ones as 16-bit words, planar for interleave mode "none" and pixel
 * by pixel otherwise. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <charls/charls.h>

#include "i18n.h"
#include "pixel-jls.h"

static int
charls_failed(struct dcb_error *err, charls_jpegls_errc ec)
{
	return dcb_error_set(err, DCB_ERR_MALFORMED, -1, N_("JPEG-LS: %s"),
	                     charls_get_error_message(ec));
}

int
dcb_jls_decode(const uint8_t *src, size_t len, const struct dcb_pixel_info *info,
               struct dcb_frame *f, struct dcb_error *err)
{
	charls_jpegls_decoder *dec = charls_jpegls_decoder_create();
	charls_frame_info fi;
	charls_interleave_mode mode;
	charls_jpegls_errc ec;
	size_t size, pixels = (size_t)f->rows * f->cols;
	uint8_t *buf = NULL;
	int rc = 0;

	(void)info;
	if (dec == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	ec = charls_jpegls_decoder_set_source_buffer(dec, src, len);
	if (ec == 0)
		ec = charls_jpegls_decoder_read_header(dec);
	if (ec == 0)
		ec = charls_jpegls_decoder_get_frame_info(dec, &fi);
	if (ec == 0)
		ec = charls_jpegls_decoder_get_interleave_mode(dec, &mode);
	if (ec != 0) {
		rc = charls_failed(err, ec);
		goto out;
	}
	if (fi.width != f->cols || fi.height != f->rows || fi.component_count != (int32_t)f->spp ||
	    fi.bits_per_sample < 2 || fi.bits_per_sample > 16) {
		rc =
		    dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                  N_("JPEG-LS: the stream holds %u x %u pixels of %d samples of %d "
		                     "bits, the data set says %u x %u of %u"),
		                  fi.width, fi.height, fi.component_count, fi.bits_per_sample,
		                  f->cols, f->rows, f->spp);
		goto out;
	}
	ec = charls_jpegls_decoder_get_destination_size(dec, 0, &size);
	if (ec != 0) {
		rc = charls_failed(err, ec);
		goto out;
	}
	buf = malloc(size);
	if (buf == NULL) {
		rc = dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		goto out;
	}
	ec = charls_jpegls_decoder_decode_to_buffer(dec, buf, size, 0);
	if (ec != 0) {
		rc = charls_failed(err, ec);
		goto out;
	}
	for (size_t p = 0; p < pixels; p++) {
		for (unsigned c = 0; c < f->spp; c++) {
			size_t i =
			    mode == CHARLS_INTERLEAVE_MODE_NONE ? c * pixels + p : p * f->spp + c;
			uint16_t word;

			if (fi.bits_per_sample <= 8) {
				f->v[p * f->spp + c] = buf[i];
				continue;
			}
			memcpy(&word, buf + 2 * i, 2); /* CharLS writes native words */
			f->v[p * f->spp + c] = word;
		}
	}
	dcb_frame_fit_bits(f, 0);
out:
	free(buf);
	charls_jpegls_decoder_destroy(dec);
	return rc;
}
