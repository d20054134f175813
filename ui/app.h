/* app.h — the dashboard application: what panes and dialogs share. */
#ifndef UI_APP_H
#define UI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "../src/lesson.h"
#include "backend.h"
#include "keys.h"
#include "layout.h"
#include "model.h"
#include "pane.h"
#include "settings.h"

enum ui_pane_id {
	UI_PANE_SCP,
	UI_PANE_SCU,
	UI_PANE_BROWSER,
	UI_PANE_FINDINGS,
	UI_PANE_TRACE,
	UI_PANE_COUNT,
};

struct ui_dialog;

struct ui_dialog_ops {
	enum ui_key_scope scope; /* where its keys are looked up (keys.h) */
	void (*draw)(struct ui_dialog *d, WINDOW *w);
	/* a: the key's action in scope; key itself only for typed text. */
	unsigned (*handle_key)(struct ui_dialog *d, int key, enum ui_action a);
	void (*free)(struct ui_dialog *d);
};

struct ui_dialog {
	const struct ui_dialog_ops *ops;
	struct ui_app *app;
	struct ui_dialog *below; /* the dialog this one covers */
	int h, w;                /* wanted size (clipped to the screen) */
};

struct ui_app {
	struct ui_model *model;
	struct ui_backend *backend;
	struct ui_settings cfg;
	char config_path[UI_PATH_MAX];
	bool demo, mono, in_memory; /* in_memory: --fake, no network */
	struct ui_layout layout;
	struct ui_pane *pane[UI_PANE_COUNT];
	int focus;                /* enum ui_pane_id */
	bool show_findings;       /* tabs: the findings tab is in front */
	struct ui_dialog *dialog; /* top dialog, NULL if none */
	WINDOW *title_win, *bar_win, *dialog_win;
	char status[512];
	char ca_summary[160]; /* the SCP's trusted CA, for the title */
	bool redraw_all;
	bool idle_work; /* the browser has files left to check */
	bool quit;
	char send_at_start[UI_PATH_MAX]; /* --send: a file or folder, "" if none */
	struct dcb_lesson lesson;        /* --lesson: its steps (n 0: none) */
	size_t lesson_next;              /* the step n plays */
	unsigned archive_seen;           /* the backend's archive_changed last looked at */
};

/* Shows a message in the status line. */
void ui_app_status(struct ui_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A zeroed dialog struct of size bytes (at least sizeof(struct ui_dialog))
 * with ops, app and the wanted h × w filled in; aborts when out of memory. */
struct ui_dialog *ui_dialog_alloc(size_t size, const struct ui_dialog_ops *ops, struct ui_app *app,
                                  int h, int w);
/* ops->free for dialogs that own nothing but their own struct. */
void ui_dialog_free_plain(struct ui_dialog *d);

/* Opens a dialog on top (the app owns it from now on). */
void ui_app_push_dialog(struct ui_app *app, struct ui_dialog *d);

/* Starts an SCU job with the browser's selection. */
void ui_app_send(struct ui_app *app);

/* Applies changed settings: restarts the backend's SCP. */
void ui_app_apply_settings(struct ui_app *app);
/* Starts an SCU job with paths (borrowed, files); false when it did not start. */
bool ui_app_send_files(struct ui_app *app, char *const *paths, size_t n);
/* Sends a file or the files of a folder, as F5 does; false if nothing went. */
bool ui_app_send_path(struct ui_app *app, const char *path);
/* A C-ECHO of the SCU's peer, as F6 does; false when the SCU refused it. */
bool ui_app_echo(struct ui_app *app);
/* TLS of the SCP (scp) or the SCU on or off, applied at once. */
void ui_app_set_tls(struct ui_app *app, bool scp, bool on);

/* The lesson runner (lesson-run.c): shows the lesson at start; n plays
 * the next step. */
void ui_lesson_start(struct ui_app *app);
void ui_lesson_next(struct ui_app *app);

/* "PACS @ 127.0.0.1:11112" for the SCU's peer ("PACS @ in memory" when
 * it is the own SCP without network). */
void ui_app_peer(const struct ui_app *app, char *buf, size_t size);

/* Dialogs (dialog-*.c). */
/* A scrollable text: lines are copied. */
struct ui_dialog *ui_dialog_text_new(struct ui_app *app, const char *title);
void ui_dialog_text_add(struct ui_dialog *d, int role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A line that shows the field key (explain.h): the dialog then has a
 * cursor on such lines, and x explains the one under it. */
void ui_dialog_text_add_keyed(struct ui_dialog *d, const char *key, int role, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* text as lines of at most width columns, broken at spaces. */
void ui_dialog_text_wrap(struct ui_dialog *d, int role, const char *text, int width);
struct ui_dialog *ui_dialog_help_new(struct ui_app *app);
/* Views of one thing in a text dialog: v (UI_ACT_VIEW) empties it and calls
 * fill(d, next view, user) for view 1, 2 ... n-1, then 0 again.  The
 * dialog owns user and frees it with free(). */
void ui_dialog_text_views(struct ui_dialog *d, int n,
                          void (*fill)(struct ui_dialog *d, int view, void *user), void *user);
/* Asks a yes/no question; on yes calls fn(app). */
struct ui_dialog *ui_dialog_confirm_new(struct ui_app *app, const char *question,
                                        void (*fn)(struct ui_app *app));
/* One line of input; on Enter calls fn(app, text, user). */
struct ui_dialog *ui_dialog_prompt_new(struct ui_app *app, const char *title, const char *initial,
                                       void (*fn)(struct ui_app *app, const char *text, void *user),
                                       void *user);
struct ui_dialog *ui_dialog_settings_new(struct ui_app *app);
/* a: the AE table (add, change, delete, echo; saved in the settings). */
struct ui_dialog *ui_dialog_peers_new(struct ui_app *app);
/* f: a query (C-FIND) to the SCU's peer; its answers fill the SCU pane. */
struct ui_dialog *ui_dialog_query_new(struct ui_app *app);
/* Retrieves the answer under the SCU pane's cursor: m, a C-MOVE to dest
 * (our SCP's AE title; M asks for another); r (dest NULL), a C-GET on the
 * SCU's association into state_dir/UI_GET_FOLDER. */
void ui_app_qr_retrieve(struct ui_app *app, const char *dest);
/* Sends the query rq to the SCU's peer; its answers fill the SCU pane.
 * false after saying why in the status line. */
bool ui_app_qr_find(struct ui_app *app, const struct ui_qr_request *rq);
/* M: asks for the AE title to move the answer under the cursor to. */
void ui_app_qr_move_to(struct ui_app *app);
/* b, e, E on a worklist answer: its procedure step at the SCU's peer
 * (MPPS) goes to state to: begun from the entry, or ended with the images
 * the SCU sent since.  Says in the status line what was sent or why not. */
void ui_app_step(struct ui_app *app, enum ui_step_state to);
/* The TLS dialog of a side (DCB_SIDE_SCP or DCB_SIDE_SCU). */
struct ui_dialog *ui_dialog_tls_new(struct ui_app *app, int side);
/* powers: F7, the scenario of a side (DCB_SIDE_SCP or DCB_SIDE_SCU). */
struct ui_dialog *ui_dialog_scenario_new(struct ui_app *app, int side);
/* Appends "  ⚠ scenario: ..." to a pane title while the side has one. */
void ui_scenario_title(const struct ui_app *app, int side, char *title, size_t size);

#endif
