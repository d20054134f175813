/* pixel-display.h — PS3.3's display pipeline from stored values to 8-bit
 * grey or RGB: Modality LUT (or rescale slope/intercept, C.11.1), VOI LUT
 * (window center/width with LINEAR, LINEAR_EXACT or SIGMOID, or a VOI LUT,
 * C.11.2), MONOCHROME1 inverted after VOI, and RGB / YBR_FULL /
 * YBR_FULL_422 / PALETTE COLOR to RGB (C.7.6.3.1.2). */
#ifndef DCB_PIXEL_DISPLAY_H
#define DCB_PIXEL_DISPLAY_H

#include <stdint.h>

#include "error.h"
#include "pixel.h"

enum dcb_window_mode {
	DCB_WINDOW_FILE,   /* the file's window (index), else its VOI LUT, else min/max */
	DCB_WINDOW_MINMAX, /* the frame's smallest and largest modality values (dcmtk +Wm) */
	DCB_WINDOW_GIVEN,  /* center and width as given */
	DCB_WINDOW_NONE,   /* the whole range the stored bits can hold */
};

struct dcb_window {
	enum dcb_window_mode mode;
	unsigned index;       /* DCB_WINDOW_FILE: which of the file's windows */
	double center, width; /* DCB_WINDOW_GIVEN */
};                            /* the file's VOI LUT Function shapes each */

/* What the pipeline did, for a status line. */
struct dcb_window_used {
	enum dcb_window_mode mode; /* FILE resolves to what it used */
	bool lut;                  /* the file's VOI LUT */
	double center, width;
	enum dcb_voi_function function;
	bool colour; /* no VOI: a colour image */
};

/* 8-bit result: rows x cols x channels (1 grey, 3 RGB), row by row. */
struct dcb_picture {
	unsigned rows, cols, channels;
	uint8_t *px; /* owned */
};

/* Runs the pipeline over frame f of the object described by info.
 * used may be NULL.  Returns 0, DCB_ERR_NOMEM, DCB_ERR_USAGE (a window
 * width below 1 for LINEAR, or not above 0) or DCB_ERR_UNSUPPORTED (an
 * unknown photometric interpretation). */
int dcb_display_render(const struct dcb_pixel_info *info, const struct dcb_frame *f,
                       const struct dcb_window *win, struct dcb_picture *out,
                       struct dcb_window_used *used, struct dcb_error *err);

void dcb_picture_clear(struct dcb_picture *p);

#endif
