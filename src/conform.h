/* conform.h — the conformance checker: turns what the Part 10 reader (or a
 * receiver) hands out into findings.
 *
 * Feed it in stream order:
 *
 *   struct dcb_checker *c = dcb_checker_new(fn, user);
 *   dcb_checker_head(c, first_bytes, n);  // optional: file prefix
 *   dcb_checker_meta(c, meta);            // optional: file meta information
 *   while (...) dcb_checker_element(c, &el);
 *   dcb_checker_end(c);                   // object-level checks
 *   dcb_checker_free(c);
 *
 * Findings go to fn as they are found (the callee copies what it keeps).
 * The checker keeps the few values it needs (UIDs, the attributes present
 * at the top level) and never holds a whole object. */
#ifndef DCB_CONFORM_H
#define DCB_CONFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "finding.h"
#include "part10.h"

struct dcb_checker;

/* New checker reporting to fn(finding, user).  NULL when out of memory. */
struct dcb_checker *dcb_checker_new(dcb_finding_fn fn, void *user);
void dcb_checker_free(struct dcb_checker *c);

/* The first bytes of a file (up to 132): tells a missing preamble
 * (DCB001: the file starts with a group 0002 or 0008 element) from a
 * preamble without "DICM" (DCB002: 128 zero bytes or a TIFF header, then
 * no "DICM").  Bytes that look like neither are left to the reader; then
 * dcb_checker_meta() reports DCB001 from meta->has_preamble. */
void dcb_checker_head(struct dcb_checker *c, const uint8_t *head, size_t n);

/* True when the first bytes of a file (up to 132) look like DICOM: "DICM"
 * at 128, a zero or TIFF preamble, or a group 0002 / 0008 element at the
 * start.  Lets a directory walk pass over README files and the like. */
bool dcb_check_head_is_dicom(const uint8_t *head, size_t n);

/* File level checks over the meta information (DCB001..DCB016). */
void dcb_checker_meta(struct dcb_checker *c, const struct dcb_meta *meta);

/* Element level and character set checks over one element (any kind).
 * Group 0002 elements first, as the reader gives them. */
void dcb_checker_element(struct dcb_checker *c, const struct dcb_element *el);

/* The data set ended: object-level checks (required attributes for the
 * SOP class, meta vs. data set UIDs, a pending group length).  Call once. */
void dcb_checker_end(struct dcb_checker *c);

/* Counts of findings emitted so far, by severity. */
unsigned dcb_checker_count(const struct dcb_checker *c, enum dcb_severity s);

/* Runs the Part 10 reader over path and the checker over what it reads.
 * Returns 0 when the file was read to its end (findings or not), or a
 * negative enum dcb_err when it could not be opened or read; err then says
 * what and where (findings found before the failure were still emitted,
 * object-level checks are skipped). */
int dcb_check_file(const char *path, dcb_finding_fn fn, void *user, struct dcb_error *err);

/* Same over an open, seekable descriptor positioned at the start; does not
 * close fd.  name is used in messages. */
int dcb_check_fd(int fd, const char *name, dcb_finding_fn fn, void *user, struct dcb_error *err);

#endif
