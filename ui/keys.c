/* keys.c — the one key table. */
#include "config.h"

#include <curses.h>

#include "../src/i18n.h"
#include "keys.h"

#define CTRL(c) ((c) & 0x1f)

const struct ui_key_binding ui_key_table[] = {
	{ UI_ACT_HELP, { KEY_F(1), '?', 0 }, N_("F1 ?"), "1", N_("Help"),
	  N_("show this help") },
	{ UI_ACT_TLS, { KEY_F(2), 0, 0 }, N_("F2"), "2", N_("TLS"),
	  N_("TLS of the focused side: on/off, key, certificate, trusted CAs; make a demo CA") },
	{ UI_ACT_DETAIL, { KEY_F(3), 0, 0 }, N_("F3"), "3", N_("Detail"),
	  N_("open the item under the cursor (same as Enter)") },
	{ UI_ACT_FINDINGS, { KEY_F(4), 0, 0 }, N_("F4"), "4", N_("Findings"),
	  N_("go to the findings") },
	{ UI_ACT_SEND, { KEY_F(5), 0, 0 }, N_("F5"), "5", N_("Send"),
	  N_("send the marked files (or the one under the cursor) to the peer") },
	{ UI_ACT_ECHO, { KEY_F(6), 0, 0 }, N_("F6"), "6", N_("Echo"),
	  N_("C-ECHO the peer") },
	{ UI_ACT_SCENARIO, { KEY_F(7), 0, 0 }, N_("F7"), "7", N_("Scenario"),
	  N_("fault injection of the focused side") },
	{ UI_ACT_PAUSE, { KEY_F(8), 0, 0 }, N_("F8"), "8", N_("Pause"),
	  N_("pause or follow the trace") },
	{ UI_ACT_SETTINGS, { KEY_F(9), 0, 0 }, N_("F9"), "9", N_("Settings"),
	  N_("ports, AE titles, folders; saved to the configuration file") },
	{ UI_ACT_QUIT, { KEY_F(10), 'q', 0 }, N_("F10 q"), "10", N_("Quit"),
	  N_("quit (asks while a transfer runs)") },
	{ UI_ACT_NEXT_PANE, { '\t', 0, 0 }, N_("Tab"), NULL, NULL,
	  N_("next pane") },
	{ UI_ACT_PREV_PANE, { KEY_BTAB, 0, 0 }, N_("Shift-Tab"), NULL, NULL,
	  N_("previous pane") },
	{ UI_ACT_UP, { KEY_UP, 'k', 0 }, N_("Up"), NULL, NULL, N_("move up") },
	{ UI_ACT_DOWN, { KEY_DOWN, 'j', 0 }, N_("Down"), NULL, NULL, N_("move down") },
	{ UI_ACT_PGUP, { KEY_PPAGE, 0, 0 }, N_("PgUp"), NULL, NULL, N_("page up") },
	{ UI_ACT_PGDN, { KEY_NPAGE, 0, 0 }, N_("PgDn"), NULL, NULL, N_("page down") },
	{ UI_ACT_HOME, { KEY_HOME, 'g', 0 }, N_("Home"), NULL, NULL, N_("first line") },
	{ UI_ACT_END, { KEY_END, 'G', 0 }, N_("End"), NULL, NULL, N_("last line") },
	{ UI_ACT_ENTER, { '\n', '\r', KEY_ENTER }, N_("Enter"), NULL, NULL,
	  N_("open: a folder, a file's detail, a trace line's tree and hex, a finding's explanation") },
	{ UI_ACT_BACK, { KEY_BACKSPACE, KEY_LEFT, 127 }, N_("Backspace Left"), NULL, NULL,
	  N_("parent folder") },
	{ UI_ACT_MARK, { ' ', 0, 0 }, N_("Space"), NULL, NULL,
	  N_("mark a file or folder for sending") },
	{ UI_ACT_FILTER, { '/', 0, 0 }, N_("/"), NULL, NULL,
	  N_("trace: show one association only (empty: all)") },
	{ UI_ACT_SAVE, { 's', 0, 0 }, N_("s"), NULL, NULL, N_("trace: save to a file") },
	{ UI_ACT_REDRAW, { CTRL('l'), 0, 0 }, N_("Ctrl-L"), NULL, NULL,
	  N_("redraw the screen") },
	{ UI_ACT_LADDER, { 'l', 0, 0 }, N_("l"), NULL, NULL,
	  N_("trace: a list of lines, or a ladder with a column per AE") },
	{ UI_ACT_VIEW, { 'v', 0, 0 }, N_("v"), NULL, NULL,
	  N_("a trace line's detail: decoded, in plain words, or the bytes in hex") },
	{ UI_ACT_TLS_NOW, { 't', 0, 0 }, N_("t"), NULL, NULL,
	  N_("switch TLS of the focused side on or off at once (the SCU from the browser)") },
	{ UI_ACT_LESSON_NEXT, { 'n', 0, 0 }, N_("n"), NULL, NULL,
	  N_("lesson: play the next step") },
	{ UI_ACT_WINDOW_NEXT, { 'w', 0, 0 }, N_("w"), NULL, NULL,
	  N_("image preview: next window (the file's, lung, bone, brain, soft tissue, min/max)") },
	{ UI_ACT_WINDOW_PREV, { 'W', 0, 0 }, N_("W"), NULL, NULL,
	  N_("image preview: previous window") },
	{ UI_ACT_FRAME_NEXT, { ']', 0, 0 }, N_("]"), NULL, NULL, N_("image preview: next frame") },
	{ UI_ACT_FRAME_PREV, { '[', 0, 0 }, N_("["), NULL, NULL,
	  N_("image preview: previous frame") },
	{ UI_ACT_PICTURE, { 'p', 0, 0 }, N_("p"), NULL, NULL,
	  N_("image preview over the whole screen") },
	{ UI_ACT_QUERY, { 'f', 0, 0 }, N_("f"), NULL, NULL,
	  N_("query the SCU's peer (C-FIND): level and keys; the answers fill the SCU pane") },
	{ UI_ACT_MOVE, { 'm', 0, 0 }, N_("m"), NULL, NULL,
	  N_("SCU pane: retrieve the answer under the cursor (C-MOVE) to our own SCP") },
	{ UI_ACT_MOVE_TO, { 'M', 0, 0 }, N_("M"), NULL, NULL,
	  N_("SCU pane: the same to another AE title (one the peer knows)") },
	{ UI_ACT_GET, { 'r', 0, 0 }, N_("r"), NULL, NULL,
	  N_("SCU pane: retrieve the answer under the cursor on the SCU's association (C-GET)") },
	{ UI_ACT_PEERS, { 'A', 0, 0 }, N_("A"), NULL, NULL,
	  N_("the AE table: peers for C-MOVE and echo; add, change, delete; kept in the settings") },
	{ UI_ACT_EXPLAIN, { 'x', 0, 0 }, N_("x"), NULL, NULL,
	  N_("a trace line's decoded tree: what the field under the cursor is for, and where the "
	     "standard defines it") },
	{ UI_ACT_SIDE_TAB, { KEY_RIGHT, '>', 0 }, N_("Right >"), NULL, NULL,
	  N_("SCP: next tab (storage; worklist with each entry's MPPS state; queries answered, "
	     "Enter: why each entry matched or not); Left goes back") },
	{ UI_ACT_ADD, { 'a', KEY_IC, 0 }, N_("a Insert"), NULL, NULL,
	  N_("SCP worklist: add an entry (Enter edits the one under the cursor)") },
	{ UI_ACT_COPY, { 'c', 0, 0 }, N_("c"), NULL, NULL,
	  N_("SCP worklist: a new entry from the one under the cursor") },
	{ UI_ACT_DELETE, { 'd', KEY_DC, 0 }, N_("d Delete"), NULL, NULL,
	  N_("SCP worklist: delete the entry under the cursor (asks first)") },
	{ UI_ACT_STEP_BEGIN, { 'b', 0, 0 }, N_("b"), NULL, NULL,
	  N_("SCU pane, worklist answer: begin its procedure step at the peer (MPPS N-CREATE, "
	     "IN PROGRESS)") },
	{ UI_ACT_STEP_COMPLETE, { 'e', 0, 0 }, N_("e"), NULL, NULL,
	  N_("SCU pane, worklist answer: end its step COMPLETED (N-SET with the images sent "
	     "since it began)") },
	{ UI_ACT_STEP_DISCONTINUE, { 'E', 0, 0 }, N_("E"), NULL, NULL,
	  N_("SCU pane, worklist answer: end its step DISCONTINUED") },
	{ UI_ACT_NONE, { 0, 0, 0 }, NULL, NULL, NULL, NULL },
};

enum ui_action
ui_key_action(int key)
{
	if (key == 0)
		return UI_ACT_NONE;
	for (const struct ui_key_binding *b = ui_key_table; b->action != UI_ACT_NONE; b++)
		for (int i = 0; i < UI_KEYS_PER_ACTION; i++)
			if (b->keys[i] == key)
				return b->action;
	return UI_ACT_NONE;
}

const struct ui_key_binding *
ui_key_binding_of(enum ui_action a)
{
	for (const struct ui_key_binding *b = ui_key_table; b->action != UI_ACT_NONE; b++)
		if (b->action == a)
			return b;
	return NULL;
}
