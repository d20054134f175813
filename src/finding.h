/* finding.h — a conformance finding: something a file or a peer did that
 * the standard does not allow (error), advises against (warning), or that is
 * merely worth knowing (info).
 *
 * Codes are stable ("DCB021"); each is documented in doc/findings.md and by
 * `dicombench check --explain CODE`.  Findings are plain values: copy them. */
#ifndef DCB_FINDING_H
#define DCB_FINDING_H

#include <stdint.h>

enum dcb_severity {
	DCB_SEV_INFO,
	DCB_SEV_WARNING,
	DCB_SEV_ERROR,
};

struct dcb_finding {
	char code[8];               /* "DCB021" */
	enum dcb_severity severity;
	int64_t offset;             /* byte offset in file or stream, -1 if none */
	uint32_t tag;               /* innermost tag concerned, 0 if none */
	char where[128];            /* tag path "(0040,0275)[1].(0008,0018)", PDU, ... */
	char message[256];          /* translated, one line */
};

/* Where findings go.  The callee copies what it keeps. */
typedef void (*dcb_finding_fn)(const struct dcb_finding *f, void *user);

const char *dcb_severity_name(enum dcb_severity s); /* translated */

#endif
