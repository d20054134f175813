/* layout.h — where each pane goes, as a pure function of the terminal size.
 *
 * Rows, top to bottom: a title line; SCP and SCU side by side; the browser
 * and the findings (side by side from UI_LAYOUT_SPLIT_COLS columns, else as
 * two tabs sharing one rectangle); the trace (at least UI_TRACE_MIN_LINES
 * lines inside its border); the function-key bar.  Below 80 × 24 only the
 * "too small" message is laid out. */
#ifndef UI_LAYOUT_H
#define UI_LAYOUT_H

#include <stdbool.h>

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24
#define UI_LAYOUT_SPLIT_COLS 110
#define UI_TRACE_MIN_LINES 6

struct ui_rect {
	int y, x, h, w; /* h == 0 or w == 0: not shown */
};

enum ui_area {
	UI_AREA_TITLE,
	UI_AREA_SCP,
	UI_AREA_SCU,
	UI_AREA_BROWSER,
	UI_AREA_FINDINGS,
	UI_AREA_TRACE,
	UI_AREA_BAR,
	UI_AREA_COUNT,
};

struct ui_layout {
	int lines, cols;
	bool too_small; /* only the message fits: nothing else laid out */
	bool tabs;      /* browser and findings share one rectangle */
	struct ui_rect area[UI_AREA_COUNT];
};

/* Fills *out for a terminal of lines × cols.  Rectangles never overlap,
 * never leave the screen, and cover it without gaps when !too_small
 * (with tabs, BROWSER and FINDINGS are the same rectangle). */
void ui_layout_compute(int lines, int cols, struct ui_layout *out);

#endif
