/* detail.h — detail views (text dialogs): a file's dump and findings, a
 * trace line's tree and hex, a finding's explanation. */
#ifndef UI_DETAIL_H
#define UI_DETAIL_H

#include "app.h"

struct ui_dialog *ui_detail_file_new(struct ui_app *app, const char *path);
struct ui_dialog *ui_detail_trace_new(struct ui_app *app, const struct ui_trace_entry *e);
struct ui_dialog *ui_detail_finding_new(struct ui_app *app, const struct ui_finding_entry *e);
/* A ladder row (its first event e) in plain words. */
struct ui_dialog *ui_detail_ladder_new(struct ui_app *app, const struct dcb_ladder *l, size_t row,
                                       const struct dcb_ladder_ev *e);

/* One trace line as text (pane-trace.c). */
void ui_trace_format(const struct ui_trace_entry *e, char *buf, size_t size);

#endif
