/* preview.h — the browser's picture of the selected file.
 *
 * A worker thread decodes the wanted frame (src/pixel-*.c), runs the
 * display pipeline with the chosen window and shrinks the result to the
 * cells it will fill; the UI thread only asks and draws.  A new request
 * replaces the one waiting, and a result that arrives for a selection the
 * cursor has left is dropped, so arrowing through big files never waits.
 * Drawn as half-blocks (two pixels a cell) on the 256-colour grey ramp, or
 * as ASCII shades where the terminal has fewer colours. */
#ifndef UI_PREVIEW_H
#define UI_PREVIEW_H

#include <curses.h>
#include <stdbool.h>

#include "keys.h"

struct ui_preview;

/* Starts the worker; aborts when out of memory or threads. */
struct ui_preview *ui_preview_new(void);
void ui_preview_free(struct ui_preview *pv);

/* Wants path (NULL or "": nothing) drawn into cols x rows cells.  Frame
 * and window stay while the path does; a new path starts at frame 1 with
 * the file's own window.  Cheap when nothing changed. */
void ui_preview_request(struct ui_preview *pv, const char *path, int cols, int rows);

/* Window presets (w, W) and frames ([, ]); true when the key was one of
 * them (a new picture is on its way). */
bool ui_preview_key(struct ui_preview *pv, enum ui_action a);

/* True once after a new picture (or error) arrived: draw again. */
bool ui_preview_poll(struct ui_preview *pv);

/* Draws the latest picture for the current request into the h x w cells
 * at (y, x) of win: the picture centred, one caption line under it. */
void ui_preview_draw(struct ui_preview *pv, WINDOW *win, int y, int x, int h, int w);

/* The preview over the whole screen (preview-view.c), for path, titled
 * name; pv stays the browser's.  The app owns the dialog. */
struct ui_app;
struct ui_dialog;
struct ui_dialog *ui_preview_view_new(struct ui_app *app, struct ui_preview *pv, const char *path,
                                      const char *name);

#endif
