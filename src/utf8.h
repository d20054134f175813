/* utf8.h — one UTF-8 character decoded and encoded (RFC 3629): what the
 * conformance checks and attribute matching both need.  No I/O. */
#ifndef DCB_UTF8_H
#define DCB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The sequence at s (n > 0 bytes left): its length, 1 to 4, with the
 * character in *cp; 0 when it is no well-formed UTF-8 (overlong forms,
 * surrogates, past U+10FFFF, cut short). */
size_t dcb_utf8_decode(const uint8_t *s, size_t n, uint32_t *cp);

/* Character c (at most U+10FFFF) as UTF-8 into out: its length, 1 to 4. */
size_t dcb_utf8_encode(uint32_t c, char out[4]);

#endif
