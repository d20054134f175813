/* test-ui-keys.c — the one key table: every key means one thing, every
 * action has a key and a help text, the bar shows F1..F10 in order. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <curses.h>

#include "../ui/keys.h"

static void
no_key_bound_twice(void **state)
{
	for (const struct ui_key_binding *a = ui_key_table; a->action != UI_ACT_NONE; a++)
		for (int i = 0; i < UI_KEYS_PER_ACTION && a->keys[i] != 0; i++) {
			for (const struct ui_key_binding *b = a; b->action != UI_ACT_NONE; b++)
				for (int j = 0; j < UI_KEYS_PER_ACTION && b->keys[j] != 0; j++)
					if (a != b || i != j)
						assert_int_not_equal(a->keys[i], b->keys[j]);
			assert_int_equal(ui_key_action(a->keys[i]), a->action);
		}
}

static void
every_action_has_key_and_help(void **state)
{
	for (int act = UI_ACT_NONE + 1; act < UI_ACT_COUNT; act++) {
		const struct ui_key_binding *b = ui_key_binding_of((enum ui_action)act);
		assert_non_null(b);
		assert_int_not_equal(b->keys[0], 0);
		assert_non_null(b->key_name);
		assert_non_null(b->help);
		assert_true(strlen(b->help) > 3);
		/* In the bar exactly when it has a bar label. */
		assert_int_equal(b->bar_key != NULL, b->bar_label != NULL);
	}
	assert_int_equal(ui_key_action(0), UI_ACT_NONE);
	assert_int_equal(ui_key_action('Z'), UI_ACT_NONE);
}

static void
bar_is_f1_to_f10(void **state)
{
	int n = 0;

	for (const struct ui_key_binding *b = ui_key_table; b->action != UI_ACT_NONE; b++) {
		if (b->bar_key == NULL)
			continue;
		n++;
		assert_int_equal(b->keys[0], KEY_F(n));
	}
	assert_int_equal(n, 10);
	/* The keys DASHBOARD.md promises. */
	assert_int_equal(ui_key_action('?'), UI_ACT_HELP);
	assert_int_equal(ui_key_action('q'), UI_ACT_QUIT);
	assert_int_equal(ui_key_action(' '), UI_ACT_MARK);
	assert_int_equal(ui_key_action('/'), UI_ACT_FILTER);
	assert_int_equal(ui_key_action('s'), UI_ACT_SAVE);
	assert_int_equal(ui_key_action('\t'), UI_ACT_NEXT_PANE);
	assert_int_equal(ui_key_action(KEY_BTAB), UI_ACT_PREV_PANE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(no_key_bound_twice),
	    cmocka_unit_test(every_action_has_key_and_help),
	    cmocka_unit_test(bar_is_f1_to_f10),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
