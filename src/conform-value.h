/* conform-value.h — PS3.5 value rules as pure functions over (VR, bytes).
 *
 * Nothing here keeps state or emits findings: each function looks at one
 * value and says what is wrong with it, so the rules are easy to test.
 * The checker (conform.h) turns the issues into findings. */
#ifndef DCB_CONFORM_VALUE_H
#define DCB_CONFORM_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "findings.h"

/* How text values are encoded, from (0008,0005). */
enum dcb_charset {
	DCB_CS_DEFAULT, /* absent or empty: ASCII (ISO-IR 6) */
	DCB_CS_SINGLE,  /* one 8-bit single-byte set (ISO_IR 100, ...) */
	DCB_CS_UTF8,    /* ISO_IR 192 */
	DCB_CS_GB,      /* GB18030, GBK */
	DCB_CS_ISO2022, /* code extensions: "ISO 2022 IR ..." */
};

/* One problem in a value: its code, and which of the backslash-separated
 * values (0-based) it is in, as a byte range of the whole value. */
struct dcb_value_issue {
	enum dcb_code code;
	unsigned index;
	size_t start;
	size_t len;
};

/* Checks value (len bytes, as encoded, with its padding) against the rules
 * of vr ("DA", "UI", ...): characters, format, length per value, padding,
 * PN components, AE spaces, binary length multiples.  charset says how text
 * VRs count characters (only their length limits depend on it; character
 * set rules are dcb_charset_check_text()).  Odd total length is not
 * reported here (the checker does it for every VR).  Writes at most max
 * issues to out (out may be NULL when max is 0) and returns how many
 * problems were found in total.  Unknown VRs have no rules: 0. */
unsigned dcb_value_check(const char *vr, enum dcb_charset charset, const uint8_t *value, size_t len,
                         struct dcb_value_issue *out, unsigned max);

/* Number of values: backslash-separated for string VRs that allow several,
 * len / size for numeric binary VRs, 1 otherwise; 0 for an empty value. */
unsigned dcb_value_multiplicity(const char *vr, const uint8_t *value, size_t len);

/* Size in bytes of one binary value (US 2, FD 8, ...), 1 for OB/UN, 0 for
 * string VRs, SQ and unknown VRs. */
unsigned dcb_vr_value_size(const char *vr);

/* True when vr is one of the alternatives of a dictionary VR such as
 * "US or SS or OW"; an empty or NULL dictionary VR matches anything. */
bool dcb_vr_matches(const char *dict_vr, const char *vr);

/* True when n values are allowed by a dictionary VM: "1", "1-3", "1-n",
 * "2-2n", "3-3n", "6", ...  An unparseable VM allows anything. */
bool dcb_vm_allows(const char *vm, unsigned n);

/* Parses (0008,0005).  Sets *cs to the encoding it declares and writes
 * issues (DCB301 unknown term, DCB304 several values without ISO 2022) like
 * dcb_value_check(); returns the total number of problems. */
unsigned dcb_charset_parse(const uint8_t *value, size_t len, enum dcb_charset *cs,
                           struct dcb_value_issue *out, unsigned max);

/* True for the VRs whose values are subject to (0008,0005):
 * SH, LO, ST, LT, UC, UT, PN. */
bool dcb_vr_uses_charset(const char *vr);

/* Checks the bytes of a text value under charset: DCB302 (bytes above 7FH
 * with the default repertoire), DCB303 (ESC without ISO 2022), DCB305 (not
 * UTF-8 under ISO_IR 192).  Returns the code (0 when fine) and the offset
 * of the first bad byte in *pos (pos may be NULL). */
enum dcb_code dcb_charset_check_text(enum dcb_charset charset, const uint8_t *value, size_t len,
                                     size_t *pos);

#endif
