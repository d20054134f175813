/* pixel-check.h — findings on pixel data (DCB4xx): the Image Pixel
 * attributes against each other, native Pixel Data against its expected
 * length, encapsulated frames counted and each decoded. */
#ifndef DCB_PIXEL_CHECK_H
#define DCB_PIXEL_CHECK_H

#include "error.h"
#include "finding.h"

/* Reads fd (positioned at the start; name for messages) with the pixel
 * walker and reports DCB401..DCB407 to fn.  A file without Pixel Data
 * gives no finding.  Returns 0, or a negative enum dcb_err when the file
 * could not be read (errors about the pixels themselves are findings). */
int dcb_pixel_check_fd(int fd, const char *name, dcb_finding_fn fn, void *user,
                       struct dcb_error *err);

#endif
