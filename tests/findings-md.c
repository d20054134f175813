/* findings-md.c — writes doc/findings.md from the findings table
 * (src/findings-table.c), in English.  `make update-findings-doc` runs it;
 * tests/findings-doc.sh fails when the committed file differs. */
#include "config.h"

#include <stdio.h>

#include "../src/findings.h"

static const char *
severity(enum dcb_severity s)
{
	switch (s) {
	case DCB_SEV_ERROR:
		return "error";
	case DCB_SEV_WARNING:
		return "warning";
	case DCB_SEV_INFO:
		return "info";
	}
	return "?";
}

static const char *
range(unsigned code)
{
	if (code < 100)
		return "File level (DCB0xx)";
	if (code < 200)
		return "Element level (DCB1xx)";
	if (code < 300)
		return "Object level (DCB2xx)";
	if (code < 400)
		return "Character sets (DCB3xx)";
	if (code < 500)
		return "Pixel data (DCB4xx)";
	if (code < 800)
		return "Wire level (DCB5xx-DCB7xx)";
	return "Services (DCB8xx)";
}

int
main(void)
{
	const struct dcb_finding_def *d;
	const char *last = NULL;

	puts("# Conformance findings");
	puts("");
	puts("Generated from `src/findings-table.c` by `tests/findings-md` (run `make "
	     "update-findings-doc`); do not edit by hand.");
	puts("`dicombench check --explain CODE` prints the same text, translated.");
	puts("Codes are stable: a code is never renumbered or reused.");
	for (unsigned i = 0; (d = dcb_finding_nth(i)) != NULL; i++) {
		char code[8];

		if (last != range((unsigned)d->code)) {
			last = range((unsigned)d->code);
			printf("\n## %s\n", last);
		}
		dcb_finding_code_str(d->code, code);
		printf("\n### %s: %s\n\n", code, d->title);
		printf("- Severity: %s\n", severity(d->severity));
		printf("- Reference: %s\n\n", d->reference);
		printf("%s\n", d->explanation);
	}
	return 0;
}
