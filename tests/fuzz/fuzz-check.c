/* fuzz-check.c — libFuzzer target for the conformance checker.
 *
 * The first byte picks a mode: even bytes run the whole checker (reader and
 * all checks) over the rest written to a memory file; odd bytes run the
 * pure value rules of one VR (chosen by the second byte) over the rest,
 * under each character set. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/conform-value.h"
#include "../../src/conform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const vrs[] = {
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT",
    "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST",
    "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
};

static void
check_finding(const struct dcb_finding *f, void *user)
{
	size_t *count = user;

	/* every finding has a code, a message and terminated strings */
	if (strncmp(f->code, "DCB", 3) != 0 || f->message[0] == '\0' ||
	    memchr(f->where, '\0', sizeof f->where) == NULL ||
	    memchr(f->message, '\0', sizeof f->message) == NULL)
		abort();
	(*count)++;
}

static void
values(const uint8_t *data, size_t size)
{
	struct dcb_value_issue is[4];
	enum dcb_charset cs;
	const char *vr;

	if (size < 1)
		return;
	vr = vrs[data[0] % (sizeof vrs / sizeof vrs[0])];
	data++;
	size--;
	for (int c = DCB_CS_DEFAULT; c <= DCB_CS_ISO2022; c++) {
		unsigned n = dcb_value_check(vr, (enum dcb_charset)c, data, size, is, 4);
		for (unsigned i = 0; i < n && i < 4; i++)
			if (is[i].start > size || is[i].len > size - is[i].start)
				abort();
		dcb_charset_check_text((enum dcb_charset)c, data, size, NULL);
	}
	dcb_value_multiplicity(vr, data, size);
	dcb_charset_parse(data, size, &cs, is, 4);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcb_error err;
	size_t count = 0;
	int fd;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		values(data + 1, size - 1);
		return 0;
	}
	fd = memfd_create("fuzz-check", 0);
	if (fd < 0)
		abort();
	if (size > 1 && write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
		abort();
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	if (dcb_check_fd(fd, "fuzz", check_finding, &count, &err) < 0 && err.message[0] == '\0')
		abort(); /* every error comes with a message */
	close(fd);
	return 0;
}
