/* keys.c — the one key table, its lookup in a scope, and the dialogs'
 * footers built from it. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../src/i18n.h"
#include "keys.h"

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

const struct ui_key_binding ui_key_table[] = {
	{ UI_SCOPE_MAIN, UI_ACT_HELP, { KEY_F(1), '?', 0 }, N_("F1 ?"), "1", N_("Help"),
	  N_("show this help") },
	{ UI_SCOPE_MAIN, UI_ACT_TLS, { KEY_F(2), 0, 0 }, N_("F2"), "2", N_("TLS"),
	  N_("TLS of the focused side: on/off, key, certificate, trusted CAs; make a demo CA") },
	{ UI_SCOPE_MAIN, UI_ACT_DETAIL, { KEY_F(3), 0, 0 }, N_("F3"), "3", N_("Detail"),
	  N_("open the item under the cursor (same as Enter)") },
	{ UI_SCOPE_MAIN, UI_ACT_FINDINGS, { KEY_F(4), 0, 0 }, N_("F4"), "4", N_("Findings"),
	  N_("go to the findings") },
	{ UI_SCOPE_MAIN, UI_ACT_SEND, { KEY_F(5), 0, 0 }, N_("F5"), "5", N_("Send"),
	  N_("send the marked files (or the one under the cursor) to the peer") },
	{ UI_SCOPE_MAIN, UI_ACT_ECHO, { KEY_F(6), 0, 0 }, N_("F6"), "6", N_("Echo"),
	  N_("C-ECHO the peer") },
	{ UI_SCOPE_MAIN, UI_ACT_SCENARIO, { KEY_F(7), 0, 0 }, N_("F7"), "7", N_("Scenario"),
	  N_("fault injection of the focused side") },
	{ UI_SCOPE_MAIN, UI_ACT_PAUSE, { KEY_F(8), 0, 0 }, N_("F8"), "8", N_("Pause"),
	  N_("pause or follow the trace") },
	{ UI_SCOPE_MAIN, UI_ACT_SETTINGS, { KEY_F(9), 0, 0 }, N_("F9"), "9", N_("Settings"),
	  N_("ports, AE titles, folders; saved to the configuration file") },
	{ UI_SCOPE_MAIN, UI_ACT_QUIT, { KEY_F(10), 'q', 0 }, N_("F10 q"), "10", N_("Quit"),
	  N_("quit (asks while a transfer runs)") },
	{ UI_SCOPE_MAIN, UI_ACT_NEXT_PANE, { '\t', 0, 0 }, N_("Tab"), NULL, NULL,
	  N_("next pane") },
	{ UI_SCOPE_MAIN, UI_ACT_PREV_PANE, { KEY_BTAB, 0, 0 }, N_("Shift-Tab"), NULL, NULL,
	  N_("previous pane") },
	{ UI_SCOPE_MAIN, UI_ACT_UP, { KEY_UP, 'k', 0 }, N_("Up"), NULL, NULL, N_("move up") },
	{ UI_SCOPE_MAIN, UI_ACT_DOWN, { KEY_DOWN, 'j', 0 }, N_("Down"), NULL, NULL,
	  N_("move down") },
	{ UI_SCOPE_MAIN, UI_ACT_PGUP, { KEY_PPAGE, 0, 0 }, N_("PgUp"), NULL, NULL, N_("page up") },
	{ UI_SCOPE_MAIN, UI_ACT_PGDN, { KEY_NPAGE, 0, 0 }, N_("PgDn"), NULL, NULL,
	  N_("page down") },
	{ UI_SCOPE_MAIN, UI_ACT_HOME, { KEY_HOME, 'g', 0 }, N_("Home"), NULL, NULL,
	  N_("first line") },
	{ UI_SCOPE_MAIN, UI_ACT_END, { KEY_END, 'G', 0 }, N_("End"), NULL, NULL, N_("last line") },
	{ UI_SCOPE_MAIN, UI_ACT_ENTER, { '\n', '\r', KEY_ENTER }, N_("Enter"), NULL, NULL,
	  N_("open: a folder, a file's detail, a trace line's tree and hex, a finding's explanation") },
	{ UI_SCOPE_MAIN, UI_ACT_BACK, { KEY_BACKSPACE, KEY_LEFT, 127 }, N_("Backspace Left"),
	  NULL, NULL,
	  N_("parent folder") },
	{ UI_SCOPE_MAIN, UI_ACT_MARK, { ' ', 0, 0 }, N_("Space"), NULL, NULL,
	  N_("mark a file or folder for sending") },
	{ UI_SCOPE_MAIN, UI_ACT_FILTER, { '/', 0, 0 }, N_("/"), NULL, NULL,
	  N_("trace: show one association only (empty: all)") },
	{ UI_SCOPE_MAIN, UI_ACT_SAVE, { 's', 0, 0 }, N_("s"), NULL, NULL,
	  N_("trace: save to a file") },
	{ UI_SCOPE_MAIN, UI_ACT_REDRAW, { CTRL('l'), 0, 0 }, N_("Ctrl-L"), NULL, NULL,
	  N_("redraw the screen") },
	{ UI_SCOPE_MAIN, UI_ACT_LADDER, { 'l', 0, 0 }, N_("l"), NULL, NULL,
	  N_("trace: a list of lines, or a ladder with a column per AE") },
	{ UI_SCOPE_MAIN, UI_ACT_VIEW, { 'v', 0, 0 }, N_("v"), NULL, NULL,
	  N_("a trace line's detail: decoded, in plain words, or the bytes in hex") },
	{ UI_SCOPE_MAIN, UI_ACT_TLS_NOW, { 't', 0, 0 }, N_("t"), NULL, NULL,
	  N_("switch TLS of the focused side on or off at once (the SCU from the browser)") },
	{ UI_SCOPE_MAIN, UI_ACT_LESSON_NEXT, { 'n', 0, 0 }, N_("n"), NULL, NULL,
	  N_("lesson: play the next step") },
	{ UI_SCOPE_MAIN, UI_ACT_WINDOW_NEXT, { 'w', 0, 0 }, N_("w"), NULL, NULL,
	  N_("image preview: next window (the file's, lung, bone, brain, soft tissue, min/max)") },
	{ UI_SCOPE_MAIN, UI_ACT_WINDOW_PREV, { 'W', 0, 0 }, N_("W"), NULL, NULL,
	  N_("image preview: previous window") },
	{ UI_SCOPE_MAIN, UI_ACT_FRAME_NEXT, { ']', 0, 0 }, N_("]"), NULL, NULL,
	  N_("image preview: next frame") },
	{ UI_SCOPE_MAIN, UI_ACT_FRAME_PREV, { '[', 0, 0 }, N_("["), NULL, NULL,
	  N_("image preview: previous frame") },
	{ UI_SCOPE_MAIN, UI_ACT_PICTURE, { 'p', 0, 0 }, N_("p"), NULL, NULL,
	  N_("image preview over the whole screen") },
	{ UI_SCOPE_MAIN, UI_ACT_QUERY, { 'f', 0, 0 }, N_("f"), NULL, NULL,
	  N_("query the SCU's peer (C-FIND): level and keys; the answers fill the SCU pane") },
	{ UI_SCOPE_MAIN, UI_ACT_MOVE, { 'm', 0, 0 }, N_("m"), NULL, NULL,
	  N_("SCU pane: retrieve the answer under the cursor (C-MOVE) to our own SCP") },
	{ UI_SCOPE_MAIN, UI_ACT_MOVE_TO, { 'M', 0, 0 }, N_("M"), NULL, NULL,
	  N_("SCU pane: the same to another AE title (one the peer knows)") },
	{ UI_SCOPE_MAIN, UI_ACT_GET, { 'r', 0, 0 }, N_("r"), NULL, NULL,
	  N_("SCU pane: retrieve the answer under the cursor on the SCU's association (C-GET)") },
	{ UI_SCOPE_MAIN, UI_ACT_PEERS, { 'A', 0, 0 }, N_("A"), NULL, NULL,
	  N_("the AE table: peers for C-MOVE and echo; add, change, delete; kept in the settings") },
	{ UI_SCOPE_MAIN, UI_ACT_EXPLAIN, { 'x', 0, 0 }, N_("x"), NULL, NULL,
	  N_("a trace line's decoded tree: what the field under the cursor is for, and where the "
	     "standard defines it") },
	{ UI_SCOPE_MAIN, UI_ACT_SIDE_TAB, { KEY_RIGHT, '>', 0 }, N_("Right >"), NULL, NULL,
	  N_("SCP: next tab (storage; worklist with each entry's MPPS state; queries answered, "
	     "Enter: why each entry matched or not); Left goes back") },
	{ UI_SCOPE_MAIN, UI_ACT_ADD, { 'a', KEY_IC, 0 }, N_("a Insert"), NULL, NULL,
	  N_("SCP worklist: add an entry (Enter edits the one under the cursor)") },
	{ UI_SCOPE_MAIN, UI_ACT_COPY, { 'c', 0, 0 }, N_("c"), NULL, NULL,
	  N_("SCP worklist: a new entry from the one under the cursor") },
	{ UI_SCOPE_MAIN, UI_ACT_DELETE, { 'd', KEY_DC, 0 }, N_("d Delete"), NULL, NULL,
	  N_("SCP worklist: delete the entry under the cursor (asks first)") },
	{ UI_SCOPE_MAIN, UI_ACT_STEP_BEGIN, { 'b', 0, 0 }, N_("b"), NULL, NULL,
	  N_("SCU pane, worklist answer: begin its procedure step at the peer (MPPS N-CREATE, "
	     "IN PROGRESS)") },
	{ UI_SCOPE_MAIN, UI_ACT_STEP_COMPLETE, { 'e', 0, 0 }, N_("e"), NULL, NULL,
	  N_("SCU pane, worklist answer: end its step COMPLETED (N-SET with the images sent "
	     "since it began)") },
	{ UI_SCOPE_MAIN, UI_ACT_STEP_DISCONTINUE, { 'E', 0, 0 }, N_("E"), NULL, NULL,
	  N_("SCU pane, worklist answer: end its step DISCONTINUED") },
	{ UI_SCOPE_DIALOG, UI_ACT_OK, { '\n', '\r', KEY_ENTER }, N_("Enter"), NULL, NULL,
	  N_("OK: press the button under the cursor, take the line, close a text window") },
	{ UI_SCOPE_DIALOG, UI_ACT_CANCEL, { KEY_ESC, KEY_F(10) }, N_("Esc F10"), NULL, NULL,
	  N_("close the dialog and change nothing") },
	/* TRANSLATORS: the key that answers yes; y and j both work. */
	{ UI_SCOPE_QUESTION, UI_ACT_YES, { 'y', 'Y', 'j', 'J' }, N_("y"), NULL, NULL,
	  N_("answer yes") },
	{ UI_SCOPE_QUESTION, UI_ACT_NO, { 'n', 'N' }, N_("n"), NULL, NULL,
	  N_("answer no (so do Esc and q)") },
	{ UI_SCOPE_PEERS, UI_ACT_ADD, { 'a' }, N_("a"), NULL, NULL,
	  N_("add a peer: AE@HOST:PORT, +tls for TLS (Enter changes the one under the cursor)") },
	{ UI_SCOPE_PEERS, UI_ACT_DELETE, { 'd' }, N_("d"), NULL, NULL,
	  N_("delete the peer under the cursor") },
	{ UI_SCOPE_PEERS, UI_ACT_ECHO, { 'e' }, N_("e"), NULL, NULL,
	  N_("C-ECHO the peer under the cursor") },
	{ UI_SCOPE_TYPING, UI_ACT_ERASE, { KEY_BACKSPACE, 127, 8 }, N_("Backspace"), NULL, NULL,
	  N_("delete the last character; other keys type") },
	{ UI_SCOPE_FORM, UI_ACT_FIELD_NEXT, { KEY_DOWN, '\t' }, N_("Down Tab"), NULL, NULL,
	  N_("next field (Enter too, from a text field)") },
	{ UI_SCOPE_FORM, UI_ACT_FIELD_PREV, { KEY_UP, KEY_BTAB }, N_("Up Shift-Tab"), NULL, NULL,
	  N_("previous field") },
	{ UI_SCOPE_FORM, UI_ACT_BUTTON_NEXT, { KEY_RIGHT }, N_("Right"), NULL, NULL,
	  N_("on the buttons: the next one") },
	{ UI_SCOPE_FORM, UI_ACT_BUTTON_PREV, { KEY_LEFT }, N_("Left"), NULL, NULL,
	  N_("on the buttons: the previous one") },
	{ UI_SCOPE_FORM, UI_ACT_TOGGLE, { ' ' }, N_("Space"), NULL, NULL,
	  N_("switch a yes/no field (Enter too); press a button") },
	{ UI_SCOPE_PROMPT, UI_ACT_CLEAR, { CTRL('u') }, N_("Ctrl-U"), NULL, NULL,
	  N_("clear the line") },
	{ UI_SCOPE_MAIN, UI_ACT_NONE, { 0 }, NULL, NULL, NULL, NULL },
};

/* Each scope and the scopes it builds on, nearest first. */
static const struct chain {
	int n;
	enum ui_key_scope s[3];
} chains[UI_SCOPE_COUNT] = {
	[UI_SCOPE_MAIN] = { 1, { UI_SCOPE_MAIN } },
	[UI_SCOPE_DIALOG] = { 2, { UI_SCOPE_DIALOG, UI_SCOPE_MAIN } },
	[UI_SCOPE_QUESTION] = { 3, { UI_SCOPE_QUESTION, UI_SCOPE_DIALOG, UI_SCOPE_MAIN } },
	[UI_SCOPE_PEERS] = { 3, { UI_SCOPE_PEERS, UI_SCOPE_DIALOG, UI_SCOPE_MAIN } },
	[UI_SCOPE_TYPING] = { 2, { UI_SCOPE_TYPING, UI_SCOPE_DIALOG } },
	[UI_SCOPE_FORM] = { 3, { UI_SCOPE_FORM, UI_SCOPE_TYPING, UI_SCOPE_DIALOG } },
	[UI_SCOPE_PROMPT] = { 3, { UI_SCOPE_PROMPT, UI_SCOPE_TYPING, UI_SCOPE_DIALOG } },
};

static const char *const scope_titles[UI_SCOPE_COUNT] = {
	[UI_SCOPE_MAIN] = N_("Keys"),
	[UI_SCOPE_DIALOG] = N_("In every dialog"),
	[UI_SCOPE_QUESTION] = N_("In a question"),
	[UI_SCOPE_PEERS] = N_("In the AE table"),
	[UI_SCOPE_TYPING] = N_("Where you type"),
	[UI_SCOPE_FORM] = N_("In a form (settings, TLS, scenario, query, worklist entry)"),
	[UI_SCOPE_PROMPT] = N_("In a line of input"),
};

/* The binding of key in scope s itself, NULL if none. */
static const struct ui_key_binding *
key_here(enum ui_key_scope s, int key)
{
	for (const struct ui_key_binding *b = ui_key_table; b->action != UI_ACT_NONE; b++)
		for (int i = 0; b->scope == s && i < UI_KEYS_PER_ACTION; i++)
			if (b->keys[i] == key)
				return b;
	return NULL;
}

/* The binding of action a in scope s itself, NULL if none. */
static const struct ui_key_binding *
action_here(enum ui_key_scope s, enum ui_action a)
{
	for (const struct ui_key_binding *b = ui_key_table; b->action != UI_ACT_NONE; b++)
		if (b->scope == s && b->action == a)
			return b;
	return NULL;
}

const struct ui_key_binding *
ui_key_binding_in(enum ui_key_scope scope, enum ui_action a)
{
	const struct chain *c = &chains[scope];

	for (int i = 0; i < c->n; i++) {
		const struct ui_key_binding *b = action_here(c->s[i], a);
		if (b != NULL)
			return b;
	}
	return NULL;
}

enum ui_action
ui_key_action_in(enum ui_key_scope scope, int key)
{
	const struct chain *c = &chains[scope];

	if (key == 0)
		return UI_ACT_NONE;
	for (int i = 0; i < c->n; i++) {
		const struct ui_key_binding *b = key_here(c->s[i], key);
		/* A nearer scope that binds the action takes its keys. */
		if (b != NULL)
			return ui_key_binding_in(scope, b->action) == b ? b->action : UI_ACT_NONE;
	}
	return UI_ACT_NONE;
}

enum ui_action
ui_key_action(int key)
{
	return ui_key_action_in(UI_SCOPE_MAIN, key);
}

const struct ui_key_binding *
ui_key_binding_of(enum ui_action a)
{
	return action_here(UI_SCOPE_MAIN, a);
}

const char *
ui_key_scope_title(enum ui_key_scope scope)
{
	return scope_titles[scope];
}

/* Appends the first len bytes of s to buf; false when they had to be cut
 * (between two UTF-8 characters) to fit in size. */
static bool
append(char *buf, size_t size, const char *s, size_t len)
{
	size_t o = strlen(buf);
	bool fits = o + len < size;

	if (!fits) {
		len = size - o - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(buf + o, s, len);
	buf[o + len] = '\0';
	return fits;
}

void
ui_key_name(char *buf, size_t size, enum ui_key_scope scope, enum ui_action a)
{
	const struct ui_key_binding *b = ui_key_binding_in(scope, a);
	const char *name = b != NULL ? _(b->key_name) : "";

	if (size == 0)
		return;
	buf[0] = '\0';
	append(buf, size, name, strcspn(name, " "));
}

/* Appends one footer item: the first key name of each of its actions,
 * then its label; false when buf is full. */
static bool
append_item(char *buf, size_t size, enum ui_key_scope scope, const struct ui_footer_item *it)
{
	char name[64];

	for (int k = 0; k < UI_FOOTER_ACTIONS && it->act[k] != UI_ACT_NONE; k++) {
		ui_key_name(name, sizeof name, scope, it->act[k]);
		if (name[0] == '\0')
			continue;
		if (!append(buf, size, name, strlen(name)) || !append(buf, size, " ", 1))
			return false;
	}
	return append(buf, size, _(it->label), strlen(_(it->label)));
}

void
ui_key_footer(char *buf, size_t size, enum ui_key_scope scope,
              const struct ui_footer_item *items, size_t n)
{
	static const char sep[] = " · ";

	if (size == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((i > 0 && !append(buf, size, sep, strlen(sep))) ||
		    !append_item(buf, size, scope, &items[i]))
			return;
}
