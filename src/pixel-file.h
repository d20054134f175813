/* pixel-file.h — the pixels of a DICOM file, one frame at a time.
 *
 * One pass of the Part 10 reader collects the Image Pixel and display
 * attributes (struct dcb_pixel_info) and then the bytes of the wanted
 * frames: a slice of native Pixel Data, or the fragments the frame
 * locator (pixel-frames.h) assigns to the frame.  Deflated data sets are
 * inflated by the reader on the way.  Memory holds one frame's bytes. */
#ifndef DCB_PIXEL_FILE_H
#define DCB_PIXEL_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pixel-native.h"
#include "pixel.h"

/* The bytes of one frame as they are stored (compressed or native).
 * Borrowed: valid during the callback. */
struct dcb_frame_bytes {
	unsigned index; /* 0-based */
	const uint8_t *data;
	size_t len;
	struct dcb_native_layout layout; /* native frames */
};

/* Called for each wanted frame; a negative return stops the walk and is
 * returned by dcb_pixel_walk(). */
typedef int (*dcb_frame_bytes_fn)(const struct dcb_pixel_info *info,
                                  const struct dcb_frame_bytes *bytes, void *user);

/* Reads fd (positioned at the start; name is for messages) and fills info
 * (initialised here; the caller clears it).  Calls fn for frame want, or
 * for every frame when want < 0; with fn NULL the walk stops at Pixel
 * Data, having read the attributes only.  Returns 0, or a negative enum dcb_err: the reader's
 * errors, DCB_ERR_NOTFOUND (no pixel data; no such frame), DCB_ERR_MALFORMED and DCB_ERR_LIMIT from
 * the attributes and the frame locator, DCB_ERR_UNSUPPORTED (a transfer syntax whose frames are not
 * decoded). */
int dcb_pixel_walk(int fd, const char *name, struct dcb_pixel_info *info, long want,
                   dcb_frame_bytes_fn fn, void *user, struct dcb_error *err);

/* Decodes stored frame bytes into f (allocated here; the caller clears
 * it) with the decoder of info->codec. */
int dcb_pixel_decode(const struct dcb_pixel_info *info, const struct dcb_frame_bytes *bytes,
                     struct dcb_frame *f, struct dcb_error *err);

/* Opens path and decodes frame index (0-based) into f; info is filled as
 * by dcb_pixel_walk().  The caller clears both, also after a failure. */
int dcb_pixel_read_frame(const char *path, unsigned index, struct dcb_pixel_info *info,
                         struct dcb_frame *f, struct dcb_error *err);

#endif
