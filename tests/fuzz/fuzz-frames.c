/* fuzz-frames.c — libFuzzer target for the frame locator, and for whole
 * files through the pixel walker, every decoder (the libraries included:
 * libjpeg, openjpeg, CharLS get hostile streams here) and the display
 * pipeline.
 *
 * Input: the first byte picks the mode.  Even: the rest is a Part 10 file;
 * every frame is decoded and rendered, and the pixel findings are run.
 * Odd: the frame locator alone: a byte of frame count, a byte of Basic
 * Offset Table entries, the table, then fragments as (length byte, first
 * two bytes). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/pixel-check.h"
#include "../../src/pixel-display.h"
#include "../../src/pixel-file.h"
#include "../../src/pixel-frames.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
render(const struct dcb_pixel_info *info, const struct dcb_frame_bytes *bytes, void *user)
{
	static const enum dcb_window_mode modes[] = {DCB_WINDOW_FILE, DCB_WINDOW_MINMAX,
	                                             DCB_WINDOW_NONE};
	struct dcb_frame f;
	struct dcb_picture p;
	struct dcb_error err;

	if (dcb_pixel_decode(info, bytes, &f, &err) == 0) {
		struct dcb_window w = {.mode = modes[bytes->index % 3]};
		if (dcb_display_render(info, &f, &w, &p, NULL, &err) == 0) {
			if (p.px == NULL)
				abort();
			dcb_picture_clear(&p);
		}
	}
	dcb_frame_clear(&f);
	return 0;
}

static void
locate(const uint8_t *d, size_t n)
{
	struct dcb_frame_locator l;
	struct dcb_error err;
	uint64_t offset = 0;
	size_t bot_len;

	if (n < 2)
		return;
	bot_len = 4u * d[1];
	if (bot_len > n - 2)
		bot_len = n - 2;
	if (dcb_frame_locator_init(&l, (enum dcb_pixel_codec)(d[0] % 6), 1 + d[0] / 6, d + 2,
	                           bot_len, &err) < 0)
		return;
	for (size_t i = 2 + bot_len; i + 3 <= n; i += 3) {
		long frame = dcb_frame_locator_next(&l, offset, d[i], d + i + 1, 2, &err);
		if (frame >= 0 && (unsigned long)frame + 1 != dcb_frame_locator_count(&l))
			abort();
		offset += 8 + (uint64_t)d[i];
	}
	dcb_frame_locator_clear(&l);
}

static void
no_finding(const struct dcb_finding *f, void *user)
{
	(void)f;
	(void)user;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcb_pixel_info info;
	struct dcb_error err;
	int fd;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		locate(data + 1, size - 1);
		return 0;
	}
	fd = memfd_create("fuzz", 0);
	if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
		abort();
	lseek(fd, 0, SEEK_SET);
	dcb_pixel_walk(fd, "fuzz", &info, -1, render, NULL, &err);
	dcb_pixel_info_clear(&info);
	lseek(fd, 0, SEEK_SET);
	dcb_pixel_check_fd(fd, "fuzz", no_finding, NULL, &err);
	close(fd);
	return 0;
}
