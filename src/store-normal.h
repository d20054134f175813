/* store-normal.h — normal storage: a received object as dcmtk's storescp
 * writes it by default (storescp -B), instead of the bytes as received (+B).
 *
 * The data set keeps its transfer syntax and its elements; what changes is
 * what dcmtk's default output options change:
 *   - every sequence and item gets an explicit length, and the sequence and
 *     item delimiters go (+e);
 *   - a group length element (gggg,0000) that is present gets the length
 *     its group now has (+g=);
 *   - a value of odd length gets one padding byte: a space after text, a
 *     NUL after anything else (PS3.5 §6.2; dcmtk writes a NUL after text
 *     too, the one place where the two differ on purpose);
 *   - data set trailing padding (FFFC,FFFC) is dropped (-p);
 *   - encapsulated pixel data sent as OW says OB (PS3.5 A.4).
 * Left as they are: the file meta information (the SCP wrote it), the
 * fragments of encapsulated pixel data, and a UN of undefined length with
 * everything in it (implicit VR inside, PS3.5 §6.2.2; dcmtk makes an SQ of
 * it in the data set's encoding), and values: dcmtk also drops surplus
 * trailing spaces from text.  A deflated data set, and a file without
 * preamble and meta header (never one the SCP wrote), are not looked at.
 *
 * The output is the input with these edits: the bytes between edits are
 * copied as ranges in the kernel (copy_file_range), so a big value never
 * passes through this process, and memory stays flat. */
#ifndef DCB_STORE_NORMAL_H
#define DCB_STORE_NORMAL_H

#include "error.h"

/* What a rewrite changed. */
struct dcb_normal_stats {
	unsigned lengths;       /* sequences and items given an explicit length */
	unsigned group_lengths; /* group length values corrected */
	unsigned padded;        /* odd-length values padded */
	unsigned dropped;       /* trailing padding elements dropped */
	unsigned vrs;           /* pixel data VRs made OB */
};

/* Reads the Part 10 file in_fd (from its start; its file position moves)
 * and, when anything above needs changing, writes the changed file to
 * out_fd (empty, from offset 0).  name names in_fd in messages.  st may be
 * NULL.
 *
 * Returns 1 when out_fd holds the rewritten file, 0 when nothing needed
 * changing (out_fd untouched), DCB_ERR_IO when writing out_fd failed, or
 * the reader's error (DCB_ERR_TRUNCATED, DCB_ERR_MALFORMED, DCB_ERR_LIMIT,
 * DCB_ERR_NOMEM) when in_fd cannot be read as a data set: then out_fd may
 * hold a part and the input is best kept as it is. */
int dcb_normalize(int in_fd, int out_fd, const char *name, struct dcb_normal_stats *st,
                  struct dcb_error *err);

#endif
