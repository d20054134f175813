/* dataset-format.h — element values as text, the way dcmdump shows them.
 *
 * Used by the dump command and the dashboard's browser.  Strings come out
 * verbatim (control characters quoted as \ooo), binary numbers in decimal
 * joined by '\', AT as (gggg,eeee), OB/UN/OW/OL/OV as hex words. */
#ifndef DCB_DATASET_FORMAT_H
#define DCB_DATASET_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DCB_FMT_QUOTE_NONASCII 0x1u /* also quote bytes >= 0x80 as \ooo */
#define DCB_FMT_KEEP_PADDING 0x2u   /* keep trailing padding (a value continues) */

/* True for VRs whose value is text (AE, AS, CS, DA, DS, DT, IS, LO, LT,
 * PN, SH, ST, TM, UC, UI, UR, UT). */
bool dcb_vr_is_text(const char *vr);

/* Size of one binary value (2 for US, 8 for FD, 1 for OB and UN, ...);
 * 0 for text VRs and unknown ones. */
unsigned dcb_vr_unit(const char *vr);

/* Writes the value bytes v[0..n) of an element with VR vr as text into
 * out (always NUL-terminated when size > 0).  Values are added while the
 * text is shorter than max_chars (0: no limit); *cut (may be NULL) tells
 * whether input was left out, by max_chars or because out was too small.
 * n should be a multiple of the VR's unit; a rest is ignored.  Returns
 * the number of characters written. */
size_t dcb_value_format(const char *vr, bool big_endian, const uint8_t *v, size_t n,
                        size_t max_chars, unsigned flags, char *out, size_t size, bool *cut);

/* Value multiplicity of a complete value: backslash-separated parts for
 * text (0 when empty), n / unit for numbers, 1 for OB/OW/UN/...  */
unsigned dcb_value_vm(const char *vr, const uint8_t *v, size_t n);

#endif
