/* fuzz-part10.c — libFuzzer target for the Part 10 reader.
 *
 * Each input is written to a memory file and read to the end, twice: once
 * with the default value limit, once with a tiny one so that big values are
 * read in pieces with dcb_reader_read_value() or skipped; every loaded value
 * is also formatted as the dump command would.  Then normal storage
 * re-encodes it: what it writes must read back. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/dataset-format.h"
#include "../../src/part10.h"
#include "../../src/store-normal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_all(int fd, size_t limit, bool meta_only)
{
	struct dcb_reader_options o = {.value_limit = limit, .meta_only = meta_only};
	struct dcb_error err;
	struct dcb_element el;
	struct dcb_reader *r;
	static char text[4096];
	uint8_t piece[7];
	int rc, n = 0;

	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	r = dcb_reader_open_fd(fd, "fuzz", &o, &err);
	if (r == NULL)
		return;
	while ((rc = dcb_reader_next(r, &el, &err)) > 0) {
		if (el.depth > DCB_MAX_DEPTH)
			abort();
		if (el.value != NULL) {
			if (el.value_len != el.length)
				abort();
			dcb_value_format(el.vr[0] ? el.vr : "UN", el.big_endian, el.value,
			                 el.value_len, 64, DCB_FMT_QUOTE_NONASCII, text,
			                 sizeof text, NULL);
			dcb_value_vm(el.vr[0] ? el.vr : "UN", el.value, el.value_len);
		} else if ((n++ & 1) && el.kind == DCB_EL_VALUE) {
			long got;

			while ((got = dcb_reader_read_value(r, piece, sizeof piece, &err)) > 0)
				;
		}
	}
	if (rc < 0 && err.message[0] == '\0')
		abort(); /* every error comes with a message */
	dcb_reader_free(r);
}

static void
normalize_twice(int fd)
{
	int out = memfd_create("fuzz-normal", MFD_CLOEXEC);
	int again = memfd_create("fuzz-normal-again", MFD_CLOEXEC);
	struct dcb_error err;
	int rc;

	if (out < 0 || again < 0)
		abort();
	err.message[0] = '\0';
	rc = dcb_normalize(fd, out, "fuzz", NULL, &err);
	if (rc < 0 && err.message[0] == '\0')
		abort();
	/* Not always a no-op the second time: in implicit VR an unknown
	 * element of undefined length is a sequence only for that length, and
	 * with its explicit one (as dcmtk writes it too) it reads back as one
	 * value, which may be odd. */
	if (rc == 1 && dcb_normalize(out, again, "fuzz-again", NULL, &err) < 0)
		abort();
	close(out);
	close(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-part10", MFD_CLOEXEC);
	size_t done = 0;

	if (fd < 0)
		abort();
	while (done < size) {
		ssize_t w = write(fd, data + done, size - done);

		if (w <= 0)
			abort();
		done += (size_t)w;
	}
	read_all(fd, 0, false);
	read_all(fd, 5, false);
	read_all(fd, 0, true);
	normalize_twice(fd);
	close(fd);
	return 0;
}
