/* test-ui-layout.c — pane rectangles for every terminal size from 80 × 24. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../ui/layout.h"

static bool
inside(const struct ui_rect *r, int lines, int cols)
{
	return r->y >= 0 && r->x >= 0 && r->y + r->h <= lines && r->x + r->w <= cols;
}

static bool
overlap(const struct ui_rect *a, const struct ui_rect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static void
minimum_80x24(void **state)
{
	struct ui_layout l;

	ui_layout_compute(24, 80, &l);
	assert_false(l.too_small);
	assert_true(l.tabs);
	/* SCP and SCU side by side, 40 columns each, two status lines at least. */
	assert_int_equal(l.area[UI_AREA_SCP].w, 40);
	assert_int_equal(l.area[UI_AREA_SCU].w, 40);
	assert_int_equal(l.area[UI_AREA_SCP].y, l.area[UI_AREA_SCU].y);
	assert_true(l.area[UI_AREA_SCP].h - 2 >= 2);
	/* Browser and findings share one rectangle. */
	assert_memory_equal(&l.area[UI_AREA_BROWSER], &l.area[UI_AREA_FINDINGS],
	                    sizeof(struct ui_rect));
	assert_true(l.area[UI_AREA_TRACE].h - 2 >= UI_TRACE_MIN_LINES);
	assert_int_equal(l.area[UI_AREA_TITLE].y, 0);
	assert_int_equal(l.area[UI_AREA_BAR].y, 23);
}

static void
wide_splits_browser_and_findings(void **state)
{
	struct ui_layout l;

	ui_layout_compute(40, 120, &l);
	assert_false(l.tabs);
	assert_int_equal(l.area[UI_AREA_BROWSER].y, l.area[UI_AREA_FINDINGS].y);
	assert_int_equal(l.area[UI_AREA_BROWSER].w + l.area[UI_AREA_FINDINGS].w, 120);
	assert_false(overlap(&l.area[UI_AREA_BROWSER], &l.area[UI_AREA_FINDINGS]));
}

static void
too_small_lays_out_nothing(void **state)
{
	struct ui_layout l;

	ui_layout_compute(23, 80, &l);
	assert_true(l.too_small);
	ui_layout_compute(24, 79, &l);
	assert_true(l.too_small);
	for (int i = 0; i < UI_AREA_COUNT; i++)
		assert_int_equal(l.area[i].w * l.area[i].h, 0);
}

/* Every size up to 300 × 120: inside the screen, no overlaps, the whole
 * screen covered, trace tall enough, panes never shrink as the screen grows. */
static void
all_sizes_tile_the_screen(void **state)
{
	static int cover[120][300];

	for (int lines = 24; lines <= 120; lines += 3)
		for (int cols = 80; cols <= 300; cols += 7) {
			struct ui_layout l;
			ui_layout_compute(lines, cols, &l);
			assert_false(l.too_small);
			memset(cover, 0, sizeof cover);
			for (int i = 0; i < UI_AREA_COUNT; i++) {
				const struct ui_rect *r = &l.area[i];
				if (l.tabs && i == UI_AREA_FINDINGS)
					continue;
				assert_true(inside(r, lines, cols));
				assert_true(r->h > 0 && r->w > 0);
				for (int y = r->y; y < r->y + r->h; y++)
					for (int x = r->x; x < r->x + r->w; x++)
						cover[y][x]++;
			}
			for (int y = 0; y < lines; y++)
				for (int x = 0; x < cols; x++)
					assert_int_equal(cover[y][x], 1);
			assert_true(l.area[UI_AREA_TRACE].h - 2 >= UI_TRACE_MIN_LINES);
			assert_true(l.area[UI_AREA_BROWSER].h - 2 >= 4);
			assert_int_equal(l.tabs, cols < UI_LAYOUT_SPLIT_COLS);

			struct ui_layout bigger;
			ui_layout_compute(lines + 1, cols, &bigger);
			assert_true(bigger.area[UI_AREA_TRACE].h >= l.area[UI_AREA_TRACE].h);
			assert_true(bigger.area[UI_AREA_SCP].h >= l.area[UI_AREA_SCP].h);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(minimum_80x24),
	    cmocka_unit_test(wide_splits_browser_and_findings),
	    cmocka_unit_test(too_small_lays_out_nothing),
	    cmocka_unit_test(all_sizes_tile_the_screen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
