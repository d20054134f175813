/* pixel-check.c — findings on pixel data. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "findings.h"
#include "i18n.h"
#include "pixel-check.h"
#include "pixel-file.h"

#define MAX_DECODE_REPORTS 3 /* frames that do not decode, reported one by one */

struct pcheck {
	dcb_finding_fn fn;
	void *user;
	bool attrs_broken; /* the frames cannot be decoded as described */
	unsigned failed_frames;
};

static void emit(struct pcheck *c, enum dcb_code code, int64_t offset, uint32_t tag,
                 const char *fmt, ...) DCB_PRINTF(5, 6);

static void
emit(struct pcheck *c, enum dcb_code code, int64_t offset, uint32_t tag, const char *fmt, ...)
{
	struct dcb_finding f;
	char where[16] = "";
	va_list ap;

	if (tag != 0)
		snprintf(where, sizeof where, "(%04X,%04X)", (unsigned)(tag >> 16),
		         (unsigned)(tag & 0xffff));
	va_start(ap, fmt);
	dcb_finding_vmake(&f, code, offset, tag, where, fmt, ap);
	va_end(ap);
	if (c->fn != NULL)
		c->fn(&f, c->user);
}

static bool
photometric_fits(const struct dcb_pixel_info *info)
{
	switch (info->photometric) {
	case DCB_PI_MONOCHROME1:
	case DCB_PI_MONOCHROME2:
	case DCB_PI_PALETTE:
		return info->spp == 1;
	case DCB_PI_UNKNOWN:
		return false;
	default:
		return info->spp == 3;
	}
}

static void
check_attributes(struct pcheck *c, const struct dcb_pixel_info *info)
{
	c->attrs_broken = info->bits_stored > info->bits_allocated ||
	                  info->high_bit >= info->bits_allocated ||
	                  info->high_bit + 1 < info->bits_stored || !photometric_fits(info);
	if (info->bits_stored > info->bits_allocated)
		emit(c, DCB_F_PIXEL_BITS_STORED, -1, 0x00280101,
		     N_("Bits Stored is %u, Bits Allocated %u"), info->bits_stored,
		     info->bits_allocated);
	else if (info->bits_allocated > 0 &&
	         (info->high_bit >= info->bits_allocated || info->high_bit + 1 < info->bits_stored))
		emit(
		    c, DCB_F_PIXEL_HIGH_BIT, -1, 0x00280102,
		    N_("High Bit is %u; with Bits Stored %u and Bits Allocated %u it must be %u to "
		       "%u"),
		    info->high_bit, info->bits_stored, info->bits_allocated,
		    info->bits_stored > 0 ? info->bits_stored - 1 : 0, info->bits_allocated - 1);
	if (info->photometric_text[0] != '\0' && !photometric_fits(info))
		emit(c, DCB_F_PIXEL_PHOTOMETRIC, -1, 0x00280004,
		     N_("Photometric Interpretation \"%s\" with Samples per Pixel %u"),
		     info->photometric_text, info->spp);
	if (dcb_ts_is_lossy(info->ts_uid) && info->lossy != 1)
		emit(c, DCB_F_PIXEL_LOSSY_UNDECLARED, -1, 0x00282110,
		     N_("transfer syntax %s is lossy; Lossy Image Compression is %s"), info->ts_uid,
		     info->lossy == 0 ? "00" : dcb_tr(N_("absent")));
}

static void
check_native_length(struct pcheck *c, const struct dcb_pixel_info *info)
{
	uint64_t bits, expected;

	if (info->bits_allocated == 0 || info->bits_stored > info->bits_allocated)
		return;
	bits = dcb_pixel_native_frame_bytes(info) * 8;
	if (info->bits_allocated == 1)
		bits = (uint64_t)info->rows * info->cols * info->spp;
	expected = (bits * info->frames + 7) / 8;
	if (info->pixel_length == expected ||
	    (expected % 2 == 1 && info->pixel_length == expected + 1))
		return;
	emit(c, DCB_F_PIXEL_LENGTH, info->pixel_offset, 0x7fe00010,
	     N_("Pixel Data has %llu bytes; %u x %u pixels of %u samples of %u bits in %u "
	        "frame(s) need %llu"),
	     (unsigned long long)info->pixel_length, info->cols, info->rows, info->spp,
	     info->bits_allocated, info->frames, (unsigned long long)expected);
}

static int
decode_frame(const struct dcb_pixel_info *info, const struct dcb_frame_bytes *bytes, void *user)
{
	struct pcheck *c = user;
	struct dcb_frame f;
	struct dcb_error err = {0};

	if (info->codec == DCB_CODEC_NATIVE)
		return 0;
	if (dcb_pixel_decode(info, bytes, &f, &err) < 0 || f.damage[0] != '\0') {
		if (++c->failed_frames <= MAX_DECODE_REPORTS)
			emit(c, DCB_F_PIXEL_NO_DECODE, info->pixel_offset, 0x7fe00010,
			     N_("frame %u: %s"), bytes->index + 1,
			     f.damage[0] != '\0' ? f.damage : err.message);
	}
	dcb_frame_clear(&f);
	return 0;
}

int
dcb_pixel_check_fd(int fd, const char *name, dcb_finding_fn fn, void *user, struct dcb_error *err)
{
	struct pcheck c = {.fn = fn, .user = user};
	struct dcb_pixel_info info;
	struct dcb_error local = {0};
	int rc;

	rc = dcb_pixel_walk(fd, name, &info, -1, NULL, NULL, err);
	if (rc < 0 || !info.has_pixel_data)
		goto out;
	check_attributes(&c, &info);
	if (!info.encapsulated) {
		check_native_length(&c, &info);
		goto out;
	}
	if (info.codec == DCB_CODEC_UNSUPPORTED || c.attrs_broken)
		goto out;
	dcb_pixel_info_clear(&info);
	if (lseek(fd, 0, SEEK_SET) != 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot read %s again"), name);
	rc = dcb_pixel_walk(fd, name, &info, -1, decode_frame, &c, &local);
	if (rc < 0) {
		/* the frames cannot even be located: the locator's words */
		emit(&c, DCB_F_PIXEL_NO_DECODE, local.offset, 0x7fe00010, "%s", local.message);
		rc = 0;
	} else if (c.failed_frames > MAX_DECODE_REPORTS) {
		emit(&c, DCB_F_PIXEL_NO_DECODE, info.pixel_offset, 0x7fe00010,
		     N_("%u more frames do not decode"), c.failed_frames - MAX_DECODE_REPORTS);
	}
	if (rc == 0 && info.located_frames != info.frames && info.located_frames > 0)
		emit(&c, DCB_F_PIXEL_FRAME_COUNT, info.pixel_offset, 0x00280008,
		     N_("the pixel data holds %u frames, Number of Frames says %u"),
		     info.located_frames, info.frames);
out:
	dcb_pixel_info_clear(&info);
	return rc < 0 ? rc : 0;
}
