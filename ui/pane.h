/* pane.h — a pane is a struct with a small vtable (draw, handle_key,
 * resize); handle_key returns a result bitmask the app acts on.  Dialogs
 * use the same shape and sit above the panes until they close. */
#ifndef UI_PANE_H
#define UI_PANE_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "keys.h"

struct ui_app;

enum ui_result {
	UI_R_NONE = 0,
	UI_R_HANDLED = 1u << 0, /* the key was used */
	UI_R_REDRAW = 1u << 1,  /* draw this pane again */
	UI_R_REDRAW_ALL = 1u << 2,
	UI_R_CLOSE = 1u << 3, /* a dialog is done */
	UI_R_QUIT = 1u << 4,
};

struct ui_pane;

struct ui_pane_ops {
	const char *name;
	void (*draw)(struct ui_pane *p, WINDOW *w);
	unsigned (*handle_key)(struct ui_pane *p, int key, enum ui_action a);
	void (*resize)(struct ui_pane *p, int h, int w);
	void (*free)(struct ui_pane *p);
};

struct ui_pane {
	const struct ui_pane_ops *ops;
	struct ui_app *app;
	WINDOW *win;
	int h, w;
	bool focused;
	unsigned model_bits; /* model dirty bits that concern this pane */
};

/* Pane plumbing most panes share (draw.c). */
/* A zeroed pane struct of size bytes (at least sizeof(struct ui_pane)) with
 * ops, app and the model bits it watches filled in; aborts when out of memory. */
struct ui_pane *ui_pane_alloc(size_t size, const struct ui_pane_ops *ops, struct ui_app *app,
                              unsigned model_bits);
/* ops->resize for panes that only remember their size. */
void ui_pane_resize_plain(struct ui_pane *p, int h, int w);
/* ops->free for panes that own nothing but their own struct. */
void ui_pane_free_plain(struct ui_pane *p);
/* ops->handle_key for panes that take no keys. */
unsigned ui_pane_no_keys(struct ui_pane *p, int key, enum ui_action a);

/* The panes. */
struct ui_pane *ui_pane_scp_new(struct ui_app *app);
struct ui_pane *ui_pane_scu_new(struct ui_app *app);
struct ui_pane *ui_pane_browser_new(struct ui_app *app, const char *dir);
struct ui_pane *ui_pane_trace_new(struct ui_app *app);
struct ui_pane *ui_pane_findings_new(struct ui_app *app);

/* Browser: collect the files to send (marked, or the one under the cursor,
 * folders expanded).  Returns the count; *out is malloc'ed strings. */
size_t ui_browser_selection(struct ui_pane *p, char ***out);
/* The regular files at path (itself, or those under a folder, sorted),
 * as the selection gives them; the caller frees each and the array. */
size_t ui_browser_collect(const char *path, char ***out);
void ui_browser_clear_marks(struct ui_pane *p);
/* Describes (and checks) one more file of the folder in the background;
 * returns true while files are left. */
bool ui_browser_idle(struct ui_pane *p);
/* SCP: looks at the worklist folder and the MPPS steps (at most once a
 * second); marks the pane dirty when its Worklist tab changed. */
void ui_scp_tick(struct ui_pane *p);
/* SCP: folds an engine event into the Queries tab. */
struct dcb_event;
void ui_scp_event(struct ui_pane *p, const struct dcb_event *ev);
/* SCP: the worklist was written; look again at the next tick. */
void ui_scp_worklist_changed(struct ui_pane *p);
/* The form of a worklist entry (dialog-worklist.c): init's values (NULL:
 * empty), written as path when it is given, else as a new file in dir. */
struct ui_wl_fields;
struct ui_dialog *ui_dialog_wl_entry_new(struct ui_app *app, const char *dir,
                                         const struct ui_wl_fields *init, const char *path);
/* Trace: pause/follow. */
void ui_trace_toggle_follow(struct ui_pane *p);
/* The trace pane as a ladder (true) or a list. */
void ui_trace_set_ladder(struct ui_pane *p, bool ladder);
bool ui_trace_following(const struct ui_pane *p);

/* Drawing helpers (draw.c). */
/* Border with a title (and an optional right-aligned info) in the focus color. */
void ui_draw_frame(WINDOW *w, bool focused, const char *title, const char *info);
/* Text at (y, x) cut to width columns (with "…"), in attr; returns columns used. */
int ui_draw_text(WINDOW *w, int y, int x, int width, attr_t attr, const char *text);
/* A bar of width columns, filled by done/total, then " 81%". */
void ui_draw_progress(WINDOW *w, int y, int x, int width, uint64_t done, uint64_t total);

/* A scrolling list's cursor; move by an action with rows visible. */
struct ui_list {
	int cursor, top, count;
};
bool ui_list_move(struct ui_list *l, enum ui_action a, int rows);
void ui_list_clamp(struct ui_list *l, int rows);

#endif
