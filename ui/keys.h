/* keys.h — the one key table: it drives key dispatch, the function-key
 * bar at the bottom and the help screen (nothing else lists keys). */
#ifndef UI_KEYS_H
#define UI_KEYS_H

#include <stdbool.h>

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
	UI_ACT_COUNT,
};

#define UI_KEYS_PER_ACTION 3

struct ui_key_binding {
	enum ui_action action;
	int keys[UI_KEYS_PER_ACTION]; /* curses key codes, 0 = unused */
	const char *key_name;         /* N_(): "F1 ?" as shown in help */
	const char *bar_key;          /* "1" for F1 in the bar, NULL: not in the bar */
	const char *bar_label;        /* N_(): "Help" */
	const char *help;             /* N_(): what it does */
};

/* The table, terminated by an entry with action UI_ACT_NONE. */
extern const struct ui_key_binding ui_key_table[];

/* The action bound to a key, UI_ACT_NONE if none. */
enum ui_action ui_key_action(int key);

/* The binding of an action (NULL if none). */
const struct ui_key_binding *ui_key_binding_of(enum ui_action a);

#endif
