/* fuzz-ljpeg.c — libFuzzer target for the lossless JPEG decoder (T.81
 * Annex H, our own).
 *
 * Input: 4 bytes of geometry (rows 1..64, columns 1..64, samples 1 or 3,
 * Bits Stored 2..16 and signedness), then one JPEG stream; a stream whose
 * size differs is refused early, so the seeds carry matching geometry. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../src/pixel-ljpeg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_error err;

	if (size < 4)
		return 0;
	dcb_pixel_info_init(&info);
	info.rows = 1 + data[0] % 64;
	info.cols = 1 + data[1] % 64;
	info.spp = data[2] & 1 ? 3 : 1;
	info.photometric = info.spp == 3 ? DCB_PI_RGB : DCB_PI_MONOCHROME2;
	info.bits_allocated = 16;
	info.bits_stored = 2 + (data[3] & 0x7f) % 15;
	info.high_bit = info.bits_stored - 1;
	info.is_signed = data[3] & 0x80;
	if (dcb_frame_alloc(&f, &info, &err) < 0)
		abort();
	dcb_ljpeg_decode(data + 4, size - 4, &info, &f, &err);
	dcb_frame_clear(&f);
	return 0;
}
