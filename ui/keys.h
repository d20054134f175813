/* keys.h — the one key table: it drives key dispatch, the function-key
 * bar at the bottom, the dialogs' footers and the help screen (nothing
 * else lists keys).  Each binding holds in one scope: the dashboard or a
 * kind of dialog. */
#ifndef UI_KEYS_H
#define UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* Where a binding holds.  A key is looked up in a scope, then in the
 * scopes it builds on (each after its name below); the nearest scope that
 * binds an action decides that action's keys. */
enum ui_key_scope {
	UI_SCOPE_MAIN,     /* the dashboard: panes, the bar */
	UI_SCOPE_DIALOG,   /* every dialog; then MAIN (text windows) */
	UI_SCOPE_QUESTION, /* yes or no; then DIALOG, MAIN */
	UI_SCOPE_PEERS,    /* the AE table; then DIALOG, MAIN */
	UI_SCOPE_TYPING,   /* dialogs that take typed text; then DIALOG */
	UI_SCOPE_FORM,     /* fields and buttons; then TYPING, DIALOG */
	UI_SCOPE_PROMPT,   /* one line of text; then TYPING, DIALOG */
	UI_SCOPE_COUNT,
};

enum ui_action {
	UI_ACT_NONE,
	UI_ACT_HELP,
	UI_ACT_TLS,
	UI_ACT_DETAIL,
	UI_ACT_FINDINGS,
	UI_ACT_SEND,
	UI_ACT_ECHO,
	UI_ACT_SCENARIO,
	UI_ACT_PAUSE,
	UI_ACT_SETTINGS,
	UI_ACT_QUIT,
	UI_ACT_NEXT_PANE,
	UI_ACT_PREV_PANE,
	UI_ACT_UP,
	UI_ACT_DOWN,
	UI_ACT_PGUP,
	UI_ACT_PGDN,
	UI_ACT_HOME,
	UI_ACT_END,
	UI_ACT_ENTER,
	UI_ACT_BACK,
	UI_ACT_MARK,
	UI_ACT_FILTER,
	UI_ACT_SAVE,
	UI_ACT_REDRAW,
	UI_ACT_LADDER,
	UI_ACT_VIEW,
	UI_ACT_TLS_NOW,
	UI_ACT_LESSON_NEXT,
	UI_ACT_WINDOW_NEXT,
	UI_ACT_WINDOW_PREV,
	UI_ACT_FRAME_NEXT,
	UI_ACT_FRAME_PREV,
	UI_ACT_PICTURE,
	UI_ACT_QUERY,
	UI_ACT_MOVE,
	UI_ACT_MOVE_TO,
	UI_ACT_GET,
	UI_ACT_PEERS,
	UI_ACT_EXPLAIN,
	UI_ACT_SIDE_TAB,
	UI_ACT_ADD,
	UI_ACT_COPY,
	UI_ACT_DELETE,
	UI_ACT_STEP_BEGIN,
	UI_ACT_STEP_COMPLETE,
	UI_ACT_STEP_DISCONTINUE,
	/* Dialogs. */
	UI_ACT_OK,
	UI_ACT_CANCEL,
	UI_ACT_YES,
	UI_ACT_NO,
	UI_ACT_FIELD_NEXT,
	UI_ACT_FIELD_PREV,
	UI_ACT_BUTTON_NEXT,
	UI_ACT_BUTTON_PREV,
	UI_ACT_TOGGLE,
	UI_ACT_ERASE,
	UI_ACT_CLEAR,
	UI_ACT_COUNT,
};

/* The first action only dialogs use. */
#define UI_ACT_FIRST_DIALOG UI_ACT_OK

#define UI_KEYS_PER_ACTION 4

struct ui_key_binding {
	enum ui_key_scope scope;
	enum ui_action action;
	int keys[UI_KEYS_PER_ACTION]; /* curses key codes, 0 = unused */
	const char *key_name;         /* N_(): "F1 ?" as shown in help */
	const char *bar_key;          /* "1" for F1 in the bar, NULL: not in the bar */
	const char *bar_label;        /* N_(): "Help" */
	const char *help;             /* N_(): what it does */
};

/* The table, terminated by an entry with action UI_ACT_NONE. */
extern const struct ui_key_binding ui_key_table[];

/* The action a key has on the dashboard, UI_ACT_NONE if none. */
enum ui_action ui_key_action(int key);

/* The action a key has in a scope (or a scope it builds on). */
enum ui_action ui_key_action_in(enum ui_key_scope scope, int key);

/* The binding of an action on the dashboard (NULL if none). */
const struct ui_key_binding *ui_key_binding_of(enum ui_action a);

/* The binding of an action in a scope (or a scope it builds on), NULL if
 * none. */
const struct ui_key_binding *ui_key_binding_in(enum ui_key_scope scope, enum ui_action a);

/* The heading of a scope's keys in the help screen (N_()). */
const char *ui_key_scope_title(enum ui_key_scope scope);

/* The first of the key names of action a in scope, translated ("Esc"),
 * for text that names a key; "" if a has no key there. */
void ui_key_name(char *buf, size_t size, enum ui_key_scope scope, enum ui_action a);

#define UI_FOOTER_ACTIONS 4

/* One entry of a dialog's footer: the keys of up to UI_FOOTER_ACTIONS
 * actions (UI_ACT_NONE ends the list; none: the label alone), then the
 * label. */
struct ui_footer_item {
	enum ui_action act[UI_FOOTER_ACTIONS];
	const char *label; /* N_(): "close" */
};

/* The footer of n items in scope, translated: "Esc Enter close · Up Down
 * scroll".  Each action shows the first of its key names. */
void ui_key_footer(char *buf, size_t size, enum ui_key_scope scope,
                   const struct ui_footer_item *items, size_t n);

#endif
