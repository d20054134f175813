/* exe-dir.h — folders beside the running binary.
 *
 * A binary run from its build tree finds what the build made next to it
 * (the sample images under data/samples, the catalogues under locale/);
 * an installed binary finds nothing there and uses the installed paths. */
#ifndef DCB_EXE_DIR_H
#define DCB_EXE_DIR_H

#include <stdbool.h>
#include <stddef.h>

/* True when the folder rel (e.g. "locale") exists beside the running
 * binary (the folder of /proc/self/exe); its path is then copied to out
 * (size bytes).  False, with out untouched, otherwise. */
bool dcb_exe_dir_find(const char *rel, char *out, size_t size);

#endif
