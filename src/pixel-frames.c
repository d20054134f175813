/* pixel-frames.c — fragments to frames (PS3.5 A.4). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "i18n.h"
#include "pixel-frames.h"

int
dcb_frame_locator_init(struct dcb_frame_locator *l, enum dcb_pixel_codec codec, unsigned frames,
                       const uint8_t *bot, size_t bot_len, struct dcb_error *err)
{
	memset(l, 0, sizeof *l);
	l->codec = codec;
	l->frames = frames;
	if (frames == 0 || frames > DCB_PIXEL_MAX_FRAMES)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1,
		                     N_("Number of Frames is %u; 1 to %u are read"), frames,
		                     DCB_PIXEL_MAX_FRAMES);
	if (bot_len == 0)
		return 0;
	if (bot_len % 4 != 0)
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("the Basic Offset Table has %zu bytes, not a multiple of "
		                        "4"),
		                     bot_len);
	if (bot_len / 4 != frames)
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("the Basic Offset Table has %zu entries for %u frames"),
		                     bot_len / 4, frames);
	l->bot = malloc(bot_len);
	if (l->bot == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	l->nbot = (unsigned)(bot_len / 4);
	for (unsigned i = 0; i < l->nbot; i++) {
		l->bot[i] = dcb_get32(bot + 4 * i, false);
		if ((i == 0 && l->bot[i] != 0) || (i > 0 && l->bot[i] <= l->bot[i - 1])) {
			int rc =
			    dcb_error_set(err, DCB_ERR_MALFORMED, -1,
			                  N_("entry %u of the Basic Offset Table (%u) does not "
			                     "follow the one before it"),
			                  i + 1, l->bot[i]);
			dcb_frame_locator_clear(l);
			return rc;
		}
	}
	return 0;
}

void
dcb_frame_locator_clear(struct dcb_frame_locator *l)
{
	free(l->bot);
	l->bot = NULL;
	l->nbot = 0;
}

/* True when a fragment's first bytes start a frame of the codec. */
static bool
starts_frame(enum dcb_pixel_codec codec, const uint8_t *h, size_t n)
{
	if (n < 2)
		return false;
	switch (codec) {
	case DCB_CODEC_JPEG:
	case DCB_CODEC_JPEG_LOSSLESS:
	case DCB_CODEC_JPEG_LS:
		return h[0] == 0xff && h[1] == 0xd8;
	case DCB_CODEC_J2K:
		return (h[0] == 0xff && h[1] == 0x4f) ||
		       (n >= 4 && h[0] == 0 && h[1] == 0 && h[2] == 0 && h[3] == 0x0c);
	default:
		return true;
	}
}

long
dcb_frame_locator_next(struct dcb_frame_locator *l, uint64_t rel_offset, uint32_t length,
                       const uint8_t *head, size_t head_len, struct dcb_error *err)
{
	unsigned index = l->fragments; /* past Number of Frames, frames are still counted:
	                                  the caller compares the count */

	if (l->fragments >= DCB_PIXEL_MAX_FRAGMENTS)
		return dcb_error_set(err, DCB_ERR_LIMIT, -1,
		                     N_("more than %u fragments of pixel data"),
		                     DCB_PIXEL_MAX_FRAGMENTS);
	if (rel_offset != l->next_offset)
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("fragment %u is at relative offset %llu, expected %llu"),
		                     index + 1, (unsigned long long)rel_offset,
		                     (unsigned long long)l->next_offset);
	l->next_offset = rel_offset + 8 + (uint64_t)length;
	l->fragments++;
	if (l->nbot > 0) {
		unsigned f = l->frame;

		while (f + 1 < l->nbot && l->bot[f + 1] <= rel_offset)
			f++;
		l->frame = f;
	} else if (index > 0 && (l->frames > 1 || l->codec == DCB_CODEC_RLE) &&
	           starts_frame(l->codec, head, head_len)) {
		l->frame++;
	}
	return (long)l->frame;
}

unsigned
dcb_frame_locator_count(const struct dcb_frame_locator *l)
{
	return l->fragments == 0 ? 0 : l->frame + 1;
}
