/* dump.h — the element dump and the finding explanations shown in detail
 * views, from the core's Part 10 reader and conformance checks when they
 * are built in. */
#ifndef UI_DUMP_H
#define UI_DUMP_H

#include "app.h"

/* Adds the elements of path as lines to the text dialog d. */
void ui_dump_file(const char *path, struct ui_dialog *d);

/* Short name of a UID: "Explicit LE", "CT Image Storage", or the UID. */
const char *ui_uid_short(const char *uid);

/* Adds the explanation of a finding code to d. */
void ui_explain(const char *code, struct ui_dialog *d);

#endif
