/* ladder-out.h — a laid-out ladder (ladder.h) written out: as text, one
 * line per row with the columns' lifelines, and as a small hand-written
 * SVG for slides.  Both return 0, or -1 when writing failed (errno). */
#ifndef DCB_LADDER_OUT_H
#define DCB_LADDER_OUT_H

#include <stdio.h>

#include "ladder.h"

int dcb_ladder_write_text(FILE *out, const struct dcb_ladder *l);
int dcb_ladder_write_svg(FILE *out, const struct dcb_ladder *l);

/* One row as text cells: the lifelines of the columns, each width cells
 * apart, with the row's arrow, bar or note drawn across them.  Fills buf
 * (UTF-8, at most size bytes) and returns its length.  The dashboard
 * draws its ladder view from these lines too. */
size_t dcb_ladder_row_text(const struct dcb_ladder *l, size_t row, unsigned width, char *buf,
                           size_t size);

#endif
