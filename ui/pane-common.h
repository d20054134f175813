/* pane-common.h — pieces the SCP and SCU panes both draw. */
#ifndef UI_PANE_COMMON_H
#define UI_PANE_COMMON_H

#include <curses.h>

#include "model.h"

/* Draws an association (and its contexts) from row y, not past row last,
 * indented by its depth (a C-MOVE's sub-association: ↳ under its parent);
 * returns the next free row. */
int ui_draw_assoc(WINDOW *w, int y, int last, int width, const struct ui_assoc *a, int depth);

/* Translated words for a PS3.8 state ("data transfer") and a context
 * result ("transfer syntaxes not supported"). */
const char *ui_state_words(int sta);
const char *ui_ctx_result_words(int result);
/* A short name for a well-known UID, or the UID itself. */
const char *ui_uid_name(const char *uid);

#endif
