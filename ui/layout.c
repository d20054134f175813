/* layout.c — pane rectangles from the terminal size. */
#include "config.h"

#include <string.h>

#include "layout.h"

static struct ui_rect
rect(int y, int x, int h, int w)
{
	struct ui_rect r = {y, x, h, w};
	return r;
}

void
ui_layout_compute(int lines, int cols, struct ui_layout *out)
{
	memset(out, 0, sizeof *out);
	out->lines = lines;
	out->cols = cols;
	if (lines < UI_MIN_LINES || cols < UI_MIN_COLS) {
		out->too_small = true;
		return;
	}

	int body = lines - 2;                  /* minus title and bar */
	int extra = body - (UI_MIN_LINES - 2); /* lines beyond 80 × 24 */
	/* At 80 × 24: sides 6 (4 inside), browser 8, trace 8 (6 inside).
	 * Extra lines go a quarter to the sides, a third to the trace and
	 * the rest to the browser. */
	int top = 6 + extra / 4;
	if (top > 14)
		top = 14;
	int trace = UI_TRACE_MIN_LINES + 2 + extra / 3;
	int mid = body - top - trace;

	out->area[UI_AREA_TITLE] = rect(0, 0, 1, cols);
	int left = cols / 2;
	out->area[UI_AREA_SCP] = rect(1, 0, top, left);
	out->area[UI_AREA_SCU] = rect(1, left, top, cols - left);
	if (cols >= UI_LAYOUT_SPLIT_COLS) {
		int bw = cols * 55 / 100;
		out->area[UI_AREA_BROWSER] = rect(1 + top, 0, mid, bw);
		out->area[UI_AREA_FINDINGS] = rect(1 + top, bw, mid, cols - bw);
	} else {
		out->tabs = true;
		out->area[UI_AREA_BROWSER] = rect(1 + top, 0, mid, cols);
		out->area[UI_AREA_FINDINGS] = out->area[UI_AREA_BROWSER];
	}
	out->area[UI_AREA_TRACE] = rect(1 + top + mid, 0, trace, cols);
	out->area[UI_AREA_BAR] = rect(lines - 1, 0, 1, cols);
}
