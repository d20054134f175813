/* test-ui-keys.c — the one key table: every key means one thing in its
 * scope, every action has a key and a help text, the bar shows F1..F10 in
 * order, the dialogs find their keys and the footers read as they should. */
#include "config.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <curses.h>

#include "../ui/keys.h"

/* No two bindings of one scope share a key or an action, and each key
 * finds its binding's action in that scope. */
static void
no_key_bound_twice(void **state)
{
	for (const struct ui_key_binding *a = ui_key_table; a->action != UI_ACT_NONE; a++) {
		for (const struct ui_key_binding *b = a + 1; b->action != UI_ACT_NONE; b++)
			if (a->scope == b->scope)
				assert_int_not_equal(a->action, b->action);
		for (int i = 0; i < UI_KEYS_PER_ACTION && a->keys[i] != 0; i++) {
			for (const struct ui_key_binding *b = a; b->action != UI_ACT_NONE; b++)
				for (int j = 0; j < UI_KEYS_PER_ACTION && b->keys[j] != 0; j++)
					if (a->scope == b->scope && (a != b || i != j))
						assert_int_not_equal(a->keys[i], b->keys[j]);
			assert_int_equal(ui_key_action_in(a->scope, a->keys[i]), a->action);
		}
	}
}

/* Every dashboard action is bound on the dashboard, every dialog action
 * in some dialog scope; every binding has keys, a name and a help text. */
static void
every_action_has_key_and_help(void **state)
{
	for (int act = UI_ACT_NONE + 1; act < UI_ACT_COUNT; act++) {
		bool found = false;
		for (int s = 0; s < UI_SCOPE_COUNT; s++)
			found |= ui_key_binding_in((enum ui_key_scope)s, (enum ui_action)act) != NULL;
		assert_true(found);
		if (act < UI_ACT_FIRST_DIALOG)
			assert_non_null(ui_key_binding_of((enum ui_action)act));
		else
			assert_null(ui_key_binding_of((enum ui_action)act));
	}
	for (const struct ui_key_binding *b = ui_key_table; b->action != UI_ACT_NONE; b++) {
		assert_int_not_equal(b->keys[0], 0);
		assert_non_null(b->key_name);
		assert_non_null(b->help);
		assert_true(strlen(b->help) > 3);
		/* In the bar exactly when it has a bar label, and only the dashboard's. */
		assert_int_equal(b->bar_key != NULL, b->bar_label != NULL);
		assert_true(b->bar_key == NULL || b->scope == UI_SCOPE_MAIN);
	}
	for (int s = 0; s < UI_SCOPE_COUNT; s++)
		assert_non_null(ui_key_scope_title((enum ui_key_scope)s));
	assert_int_equal(ui_key_action(0), UI_ACT_NONE);
	assert_int_equal(ui_key_action('Z'), UI_ACT_NONE);
}

/* Each dialog's scope binds every action the dialog acts on. */
static void
every_dialog_action_bound(void **state)
{
	static const struct {
		enum ui_key_scope scope;
		enum ui_action act[10];
	} dialogs[] = {
	    /* text windows (dialog-text.c) */
	    {UI_SCOPE_DIALOG,
	     {UI_ACT_OK, UI_ACT_CANCEL, UI_ACT_QUIT, UI_ACT_UP, UI_ACT_DOWN, UI_ACT_PGUP,
	      UI_ACT_PGDN, UI_ACT_HOME, UI_ACT_VIEW, UI_ACT_EXPLAIN}},
	    {UI_SCOPE_QUESTION, {UI_ACT_YES, UI_ACT_NO, UI_ACT_CANCEL, UI_ACT_QUIT}},
	    {UI_SCOPE_PEERS,
	     {UI_ACT_ADD, UI_ACT_OK, UI_ACT_DELETE, UI_ACT_ECHO, UI_ACT_CANCEL, UI_ACT_QUIT,
	      UI_ACT_UP, UI_ACT_DOWN}},
	    {UI_SCOPE_FORM,
	     {UI_ACT_OK, UI_ACT_CANCEL, UI_ACT_FIELD_NEXT, UI_ACT_FIELD_PREV, UI_ACT_BUTTON_NEXT,
	      UI_ACT_BUTTON_PREV, UI_ACT_TOGGLE, UI_ACT_ERASE}},
	    {UI_SCOPE_PROMPT, {UI_ACT_OK, UI_ACT_CANCEL, UI_ACT_CLEAR, UI_ACT_ERASE}},
	};

	for (size_t i = 0; i < sizeof dialogs / sizeof dialogs[0]; i++)
		for (int k = 0; k < 10 && dialogs[i].act[k] != UI_ACT_NONE; k++) {
			const struct ui_key_binding *b =
			    ui_key_binding_in(dialogs[i].scope, dialogs[i].act[k]);
			assert_non_null(b);
			/* One of its keys does that action there (F10 cancels
			 * a dialog, q still quits it). */
			bool works = false;
			for (int j = 0; j < UI_KEYS_PER_ACTION && b->keys[j] != 0; j++)
				works |= ui_key_action_in(dialogs[i].scope, b->keys[j]) ==
				         dialogs[i].act[k];
			assert_true(works);
		}
}

/* A scope's own bindings come first; a scope that binds an action takes
 * that action's keys; dialogs that take text leave the typed keys alone. */
static void
scopes_nest(void **state)
{
	assert_int_equal(ui_key_action('j'), UI_ACT_DOWN);
	assert_int_equal(ui_key_action_in(UI_SCOPE_QUESTION, 'j'), UI_ACT_YES);
	assert_int_equal(ui_key_action_in(UI_SCOPE_QUESTION, 'J'), UI_ACT_YES);
	assert_int_equal(ui_key_action_in(UI_SCOPE_QUESTION, 'n'), UI_ACT_NO);
	assert_int_equal(ui_key_action_in(UI_SCOPE_QUESTION, 'q'), UI_ACT_QUIT);
	assert_int_equal(ui_key_action_in(UI_SCOPE_DIALOG, 27), UI_ACT_CANCEL);
	assert_int_equal(ui_key_action_in(UI_SCOPE_DIALOG, KEY_F(10)), UI_ACT_CANCEL);
	assert_int_equal(ui_key_action_in(UI_SCOPE_DIALOG, '\n'), UI_ACT_OK);
	assert_int_equal(ui_key_action_in(UI_SCOPE_DIALOG, 'k'), UI_ACT_UP);
	assert_int_equal(ui_key_action(27), UI_ACT_NONE);
	/* The AE table binds a, d, e: Insert, Delete and F6 do nothing there. */
	assert_int_equal(ui_key_action_in(UI_SCOPE_PEERS, 'a'), UI_ACT_ADD);
	assert_int_equal(ui_key_action_in(UI_SCOPE_PEERS, KEY_IC), UI_ACT_NONE);
	assert_int_equal(ui_key_action_in(UI_SCOPE_PEERS, KEY_DC), UI_ACT_NONE);
	assert_int_equal(ui_key_action_in(UI_SCOPE_PEERS, KEY_F(6)), UI_ACT_NONE);
	assert_int_equal(ui_key_action_in(UI_SCOPE_PEERS, 'j'), UI_ACT_DOWN);
	assert_int_equal(ui_key_action_in(UI_SCOPE_FORM, '\t'), UI_ACT_FIELD_NEXT);
	assert_int_equal(ui_key_action_in(UI_SCOPE_FORM, KEY_BTAB), UI_ACT_FIELD_PREV);
	assert_int_equal(ui_key_action_in(UI_SCOPE_FORM, 127), UI_ACT_ERASE);
	assert_int_equal(ui_key_action_in(UI_SCOPE_FORM, ('u' & 0x1f)), UI_ACT_NONE);
	assert_int_equal(ui_key_action_in(UI_SCOPE_PROMPT, ('u' & 0x1f)), UI_ACT_CLEAR);
	/* Typed text: no printable byte is a key in a form or a prompt, but
	 * Space (it toggles a yes/no field, and types on a text field). */
	for (int c = 0x21; c < 0x100; c++) {
		if (c == 0x7f)
			continue;
		assert_int_equal(ui_key_action_in(UI_SCOPE_FORM, c), UI_ACT_NONE);
		assert_int_equal(ui_key_action_in(UI_SCOPE_PROMPT, c), UI_ACT_NONE);
	}
	assert_int_equal(ui_key_action_in(UI_SCOPE_FORM, ' '), UI_ACT_TOGGLE);
	assert_int_equal(ui_key_action_in(UI_SCOPE_PROMPT, ' '), UI_ACT_NONE);
}

static void
footer_from_the_table(void **state)
{
	static const struct ui_footer_item viewer[] = {
	    {{UI_ACT_CANCEL, UI_ACT_OK}, "close"},
	    {{UI_ACT_UP, UI_ACT_DOWN, UI_ACT_PGUP, UI_ACT_PGDN}, "scroll"},
	    {{UI_ACT_NONE}, "other keys do nothing"},
	};
	static const struct ui_footer_item question[] = {
	    {{UI_ACT_YES}, "yes"},
	    {{UI_ACT_NO}, "no"},
	};
	static const struct ui_footer_item unbound[] = {
	    {{UI_ACT_CLEAR, UI_ACT_OK}, "OK"},
	};
	char buf[256];

	ui_key_footer(buf, sizeof buf, UI_SCOPE_DIALOG, viewer, 3);
	assert_string_equal(buf, "Esc Enter close · Up Down PgUp PgDn scroll · other keys do nothing");
	ui_key_footer(buf, sizeof buf, UI_SCOPE_QUESTION, question, 2);
	assert_string_equal(buf, "y yes · n no");
	/* Ctrl-U belongs to the prompt: a form's footer leaves it out. */
	ui_key_footer(buf, sizeof buf, UI_SCOPE_FORM, unbound, 1);
	assert_string_equal(buf, "Enter OK");
	ui_key_footer(buf, sizeof buf, UI_SCOPE_PROMPT, unbound, 1);
	assert_string_equal(buf, "Ctrl-U Enter OK");
	/* Cut to the buffer, still a string. */
	ui_key_footer(buf, 9, UI_SCOPE_QUESTION, question, 2);
	assert_string_equal(buf, "y yes ·");
	ui_key_footer(buf, 8, UI_SCOPE_QUESTION, question, 2);
	assert_string_equal(buf, "y yes ");
	ui_key_footer(buf, sizeof buf, UI_SCOPE_QUESTION, question, 0);
	assert_string_equal(buf, "");
}

/* Text that names a key takes the first of its names in that scope. */
static void
key_names(void **state)
{
	char buf[64];

	ui_key_name(buf, sizeof buf, UI_SCOPE_PEERS, UI_ACT_ADD);
	assert_string_equal(buf, "a");
	ui_key_name(buf, sizeof buf, UI_SCOPE_MAIN, UI_ACT_ADD);
	assert_string_equal(buf, "a");
	ui_key_name(buf, sizeof buf, UI_SCOPE_FORM, UI_ACT_CANCEL);
	assert_string_equal(buf, "Esc");
	ui_key_name(buf, sizeof buf, UI_SCOPE_MAIN, UI_ACT_SEND);
	assert_string_equal(buf, "F5");
	ui_key_name(buf, sizeof buf, UI_SCOPE_PROMPT, UI_ACT_YES);
	assert_string_equal(buf, "");
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
	    cmocka_unit_test(every_dialog_action_bound),
	    cmocka_unit_test(scopes_nest),
	    cmocka_unit_test(footer_from_the_table),
	    cmocka_unit_test(key_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
