/* test-part10-limits.c — the Part 10 reader on big, truncated, nested and
 * hostile input: errors with offsets, never a crash, memory flat. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>

#include "../src/dict.h"
#include "../src/part10.h"
#include "part10-build.h"

/* ------------------------------------------------------------------ */
/* Big values and limits                                               */
/* ------------------------------------------------------------------ */

static void
big_values_are_not_loaded(void **state)
{
	static struct bytes b;
	struct dcb_reader_options o = {.value_limit = 16};
	struct dcb_error err;
	struct dcb_element el;
	struct dcb_reader *r;
	uint8_t got[100];
	int fd;

	b.n = 0;
	b.mode = EXPLICIT;
	hdr(&b, 0x0009, 0x1000, "OB", 100);
	for (int i = 0; i < 100; i++)
		put8(&b, (uint8_t)i);
	hdr(&b, 0x0009, 0x1001, "OB", 100);
	for (int i = 0; i < 100; i++)
		put8(&b, (uint8_t)(i ^ 0x55));
	us(&b, 0x0028, 0x0010, 9);
	fd = fd_of(b.d, b.n);
	r = dcb_reader_open_fd(fd, "big", &o, &err);
	assert_non_null(r);
	assert_int_equal(dcb_reader_next(r, &el, &err), 1);
	assert_null(el.value);
	assert_int_equal(el.length, 100);
	/* read it in pieces */
	assert_int_equal(dcb_reader_read_value(r, got, 30, &err), 30);
	assert_int_equal(dcb_reader_read_value(r, got + 30, 100, &err), 70);
	assert_int_equal(dcb_reader_read_value(r, got, 10, &err), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(got[i], i);
	/* the second is skipped without reading */
	assert_int_equal(dcb_reader_next(r, &el, &err), 1);
	assert_null(el.value);
	assert_int_equal(dcb_reader_next(r, &el, &err), 1);
	assert_int_equal(el.tag, 0x00280010);
	assert_non_null(el.value);
	assert_int_equal(dcb_reader_next(r, &el, &err), 0);
	dcb_reader_free(r);
	close(fd);
}

static void
huge_sparse_file_is_skipped(void **state)
{
	/* A 3 GiB value in a sparse file: skipped by seeking, memory flat. */
	static struct bytes b;
	const uint32_t huge = 0xc0000000u;
	struct dcb_error err;
	struct dcb_element el;
	struct dcb_reader *r;
	int fd;

	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2.1");
	hdr(&b, 0x7fe0, 0x0010, "OB", huge);
	fd = fd_of(b.d, b.n);
	assert_int_equal(ftruncate(fd, (off_t)b.n + huge), 0);
	b.n = 0;
	us(&b, 0xfffc, 0xfffc, 0); /* trailing element after the hole */
	assert_true(lseek(fd, 0, SEEK_END) > (off_t)huge);
	assert_int_equal(write(fd, b.d, b.n), (ssize_t)b.n);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	r = dcb_reader_open_fd(fd, "sparse", NULL, &err);
	assert_non_null(r);
	while (dcb_reader_next(r, &el, &err) == 1 && DCB_TAG_GROUP(el.tag) == 0x0002)
		;
	assert_int_equal(el.tag, 0x7fe00010);
	assert_int_equal(el.length, huge);
	assert_null(el.value);
	assert_int_equal(dcb_reader_next(r, &el, &err), 1);
	assert_int_equal(el.tag, 0xfffcfffc);
	assert_true(el.offset > (int64_t)huge);
	assert_int_equal(dcb_reader_next(r, &el, &err), 0);
	dcb_reader_free(r);
	close(fd);
}

/* A pipe: no size, no seeking; big values are read through and a value
 * cut short is still an error. */
static void
pipes_are_read_through(void **state)
{
	static struct bytes b;
	struct dcb_reader_options o = {.value_limit = 16};
	struct dcb_error err;
	struct dcb_element el;
	struct dcb_reader *r;
	int p[2], n = 0, rc;

	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2.1");
	hdr(&b, 0x7fe0, 0x0010, "OW", 4000);
	memset(b.d + b.n, 0x5a, 4000);
	b.n += 4000;
	us(&b, 0xfffc, 0xfffc, 0);
	for (int cut = 0; cut < 2; cut++) {
		size_t len = cut ? b.n - 100 : b.n;

		assert_int_equal(pipe(p), 0);
		assert_int_equal(write(p[1], b.d, len), (ssize_t)len);
		close(p[1]);
		r = dcb_reader_open_fd(p[0], "pipe", &o, &err);
		assert_non_null(r);
		n = 0;
		while ((rc = dcb_reader_next(r, &el, &err)) > 0)
			n++;
		if (cut) {
			assert_int_equal(rc, DCB_ERR_TRUNCATED);
			assert_non_null(strstr(err.message, "(7FE0,0010)"));
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(n, 8 + 2);
		}
		dcb_reader_free(r);
		close(p[0]);
	}
}

static void
open_errors(void **state)
{
	struct dcb_error err;

	assert_null(dcb_reader_open("/nonexistent/file.dcm", NULL, &err));
	assert_int_equal(err.code, DCB_ERR_IO);
	assert_non_null(strstr(err.message, "/nonexistent/file.dcm"));
	assert_null(dcb_reader_open("/nonexistent/file.dcm", NULL, NULL));
}

static void
depth_limit(void **state)
{
	static struct bytes b;
	struct run run;

	for (int levels = DCB_MAX_DEPTH; levels <= DCB_MAX_DEPTH + 1; levels++) {
		b.n = 0;
		b.mode = EXPLICIT;
		for (int i = 0; i < levels; i++) {
			hdr(&b, 0x0008, 0x1140, "SQ", DCB_UNDEFINED_LENGTH);
			item(&b, DCB_UNDEFINED_LENGTH);
		}
		for (int i = 0; i < levels; i++) {
			delim(&b, 0xe00d);
			delim(&b, 0xe0dd);
		}
		read_all(b.d, b.n, NULL, &run);
		if (levels <= DCB_MAX_DEPTH) {
			assert_int_equal(run.rc, 0);
		} else {
			assert_int_equal(run.rc, DCB_ERR_LIMIT);
			assert_int_equal(run.err.offset, (int64_t)(levels - 1) * 20);
		}
	}
}

static void
impossible_lengths(void **state)
{
	static struct bytes b;
	struct run run;

	/* element longer than its item */
	b.n = 0;
	b.mode = EXPLICIT;
	hdr(&b, 0x0008, 0x1140, "SQ", DCB_UNDEFINED_LENGTH);
	item(&b, 8);
	hdr(&b, 0x0008, 0x1150, "UI", 40);
	putn(&b, "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.", 40);
	delim(&b, 0xe0dd);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, DCB_ERR_MALFORMED);
	assert_int_equal(run.err.offset, 20);
	assert_non_null(strstr(run.err.message, "(0008,1150)"));

	/* an undefined-length sequence inside a defined-length item whose
	 * delimiter lies past the item's end */
	b.n = 0;
	b.mode = EXPLICIT;
	hdr(&b, 0x0008, 0x1140, "SQ", DCB_UNDEFINED_LENGTH);
	item(&b, 12 + 8);
	hdr(&b, 0x0008, 0x1199, "SQ", DCB_UNDEFINED_LENGTH);
	item(&b, 0);
	delim(&b, 0xe0dd);
	delim(&b, 0xe0dd);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, DCB_ERR_MALFORMED);
	assert_int_equal(run.err.offset, 12 + 20 + 8);
	assert_non_null(strstr(run.err.message, "(0008,1140)"));

	/* item longer than its sequence */
	b.n = 0;
	hdr(&b, 0x0008, 0x1140, "SQ", 8);
	item(&b, 100);
	read_all(b.d, b.n, NULL, &run);
	assert_true(run.rc == DCB_ERR_MALFORMED || run.rc == DCB_ERR_TRUNCATED);
	assert_int_equal(run.err.offset, 12);

	/* value longer than the file */
	b.n = 0;
	text(&b, 0x0010, 0x0010, "PN", "A^B");
	hdr(&b, 0x0010, 0x0020, "LO", 1000);
	putn(&b, "XY", 2);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, DCB_ERR_TRUNCATED);
	assert_int_equal(run.err.offset, 12);
	assert_non_null(strstr(run.err.message, "(0010,0020)"));

	/* undefined length on a VR that cannot have it */
	b.n = 0;
	hdr(&b, 0x0010, 0x0010, "OB", 2);
	putn(&b, "AB", 2);
	hdr(&b, 0x0010, 0x0020, "UT", DCB_UNDEFINED_LENGTH);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, DCB_ERR_MALFORMED);

	/* an item where an element belongs, and a stray item delimiter */
	b.n = 0;
	us(&b, 0x0028, 0x0010, 1);
	delim(&b, 0xe00d);
	read_all(b.d, b.n, NULL, &run);
	assert_int_equal(run.rc, DCB_ERR_MALFORMED);
	assert_int_equal(run.err.offset, 10);
}

static void
garbage_is_refused(void **state)
{
	static const char *inputs[] = {
	    "",
	    "hello, world: this is not a DICOM file at all\n",
	    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
	    "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
	};
	uint8_t zeros[300] = {0};
	struct run run;

	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		size_t n = i == 2 || i == 3 ? 12 : strlen(inputs[i]);

		read_all((const uint8_t *)inputs[i], n, NULL, &run);
		assert_true(run.rc < 0);
		assert_true(run.err.message[0] != '\0');
	}
	read_all(zeros, sizeof zeros, NULL, &run);
	assert_true(run.rc < 0);
}

/* Every prefix of a valid input is either a shorter valid input (cut at a
 * top-level element boundary) or an error, never a crash. */
static void
truncate_everywhere(const uint8_t *d, size_t n, bool exact)
{
	struct run full, run;
	bool *boundary = calloc(n + 1, sizeof *boundary);

	assert_non_null(boundary);
	read_all(d, n, NULL, &full);
	assert_int_equal(full.rc, 0);
	for (int i = 0; i < full.n; i++)
		if (full.el[i].depth == 0 && full.el[i].offset >= 0 &&
		    full.el[i].offset <= (int64_t)n && full.el[i].kind != DCB_EL_SEQ_END &&
		    full.el[i].kind != DCB_EL_PIXEL_END)
			boundary[full.el[i].offset] = true;
	boundary[n] = true;
	for (size_t cut = 0; cut < n; cut++) {
		read_all(d, cut, NULL, &run);
		assert_true(run.rc <= 0);
		if (exact && !boundary[cut] && run.rc == 0)
			fail_msg("a prefix of %zu bytes (of %zu) was accepted", cut, n);
		if (run.rc < 0)
			assert_true(run.err.message[0] != '\0');
	}
	free(boundary);
}

static void
truncated_inputs(void **state)
{
	static struct bytes b;
	const enum mode modes[] = {IMPLICIT, EXPLICIT, BIG};
	const char *ts[] = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"};

	for (int i = 0; i < 3; i++) {
		b.n = 0;
		b.mode = EXPLICIT;
		meta(&b, ts[i]);
		b.mode = modes[i];
		dataset(&b);
		truncate_everywhere(b.d, b.n, true);
		b.n = 0;
		dataset(&b);
		truncate_everywhere(b.d, b.n, true);
	}
	build_deflated(&b, -15);
	truncate_everywhere(b.d, b.n, false);
	b.n = 0;
	b.mode = EXPLICIT;
	meta(&b, "1.2.840.10008.1.2.4.50");
	hdr(&b, 0x7fe0, 0x0010, "OB", DCB_UNDEFINED_LENGTH);
	item(&b, 0);
	item(&b, 2);
	putn(&b, "\xff\xd9", 2);
	delim(&b, 0xe0dd);
	truncate_everywhere(b.d, b.n, true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(big_values_are_not_loaded),
	    cmocka_unit_test(huge_sparse_file_is_skipped),
	    cmocka_unit_test(pipes_are_read_through),
	    cmocka_unit_test(open_errors),
	    cmocka_unit_test(depth_limit),
	    cmocka_unit_test(impossible_lengths),
	    cmocka_unit_test(garbage_is_refused),
	    cmocka_unit_test(truncated_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
