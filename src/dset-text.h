/* dset-text.h — a data set held in memory (dset.h) as dcmtk prints one,
 * a line at a time: "(0010,0010) PN [DOE^JOHN]   #   8, 1 PatientName",
 * sequences and items with their counts and delimiters, values as
 * received (padding kept, UIDs by name where known), long ones shortened.
 * For the identifiers of C-FIND requests and answers.  No I/O. */
#ifndef DCB_DSET_TEXT_H
#define DCB_DSET_TEXT_H

struct dcb_dset;

/* Called for each line (without newline; valid during the call). */
typedef void (*dcb_dset_line_fn)(void *user, const char *line);

/* Calls fn for every line of ds, nested items indented by two spaces a
 * level. */
void dcb_dset_print(const struct dcb_dset *ds, dcb_dset_line_fn fn, void *user);

#endif
