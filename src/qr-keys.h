/* qr-keys.h — the identifier of a query as dcmtk's findscu, movescu and
 * getscu build it: a query file (a Part 10 file or a bare data set), then
 * each -k key applied over it.
 *
 * A key is "gggg,eeee=value" or "Keyword=value" (PS3.6 keywords), with a
 * path through sequences: "ScheduledProcedureStepSequence[0].Modality=MR";
 * without "=value" the element is set empty (a return key; for a sequence
 * an empty sequence).  The VR comes from the dictionary (the first of "US
 * or SS"); a tag it does not know gets UN.  Numbers (US, SS, UL, SL, FL,
 * FD) are written as text ("1\2") and stored binary.  No I/O but the file. */
#ifndef DCB_QR_KEYS_H
#define DCB_QR_KEYS_H

#include "error.h"

struct dcb_dset;

/* Applies one key to ds (replacing what is there; items of a path are
 * added as needed).  Returns 0, or DCB_ERR_USAGE with a message naming the
 * key (unknown keyword, bad tag, bad index, a value a VR cannot take, a
 * path through an element that is not a sequence), or the errors of
 * dcb_dset_put() (DCB_ERR_LIMIT, DCB_ERR_NOMEM). */
int dcb_qr_key_apply(struct dcb_dset *ds, const char *key, struct dcb_error *err);

/* Reads a query file: a Part 10 file's data set, or a bare data set in
 * implicit or explicit VR little endian (group 0002 left out), into a new
 * data set *out.  Returns 0, DCB_ERR_IO (cannot read), DCB_ERR_UNSUPPORTED
 * (big endian, deflated, compressed), or the errors of dcb_dset_decode(). */
int dcb_qr_read_query_file(const char *path, struct dcb_dset **out, struct dcb_error *err);

#endif
