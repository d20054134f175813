/* test-worklist.c — the worklist folder: both layouts, bad files (a
 * finding naming the file, the rest served), incomplete entries, and the
 * index brought up to date only for what changed. */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/dset.h"
#include "../src/part10.h"
#include "../src/worklist.h"
#include "wl-build.h"

#define T(g, e) (((uint32_t)(g) << 16) | (e))
#define MWL_CLASS WL_MWL_CLASS
#define ELE WL_ELE

/* --- making .wl files ------------------------------------------------------ */

static void
write_bytes(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
put_entry(const char *dir, const char *name, const char *patient, const char *accession)
{
	char path[4096];
	struct dcb_dset *ds = wl_entry(patient, accession, "CT1", "CT", "20240105");

	snprintf(path, sizeof path, "%s/%s", dir, name);
	wl_write(path, ds, ELE, true);
	dcb_dset_free(ds);
}

/* Sets the mtime of path to now - ago seconds (the index treats what
 * changed within the last seconds as possibly changed again). */
static void
age(const char *path, long ago)
{
	struct timespec t[2];

	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= ago;
	t[1] = t[0];
	assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static char *
make_dir(void)
{
	char *d = strdup("/tmp/dcb-wl-XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static void
remove_tree(const char *dir)
{
	char cmd[4400];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
sub(char *out, size_t size, const char *dir, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

/* --- findings --------------------------------------------------------------- */

struct seen {
	unsigned n;
	char text[8192];
};

static void
collect(const struct dcb_finding *f, void *user)
{
	struct seen *s = user;
	size_t len = strlen(s->text);

	s->n++;
	snprintf(s->text + len, sizeof s->text - len, "%s %s | %s\n", f->code, f->where,
	         f->message);
}

static void
want_finding(const struct seen *s, const char *code, const char *name)
{
	const char *p = s->text;

	while ((p = strstr(p, code)) != NULL) {
		const char *eol = strchr(p, '\n');
		const char *hit = strstr(p, name);
		if (hit != NULL && (eol == NULL || hit < eol))
			return;
		p += strlen(code);
	}
	fail_msg("no %s naming %s in:\n%s", code, name, s->text);
}

static const char *
accession_of(const struct dcb_wl_entry *e, char *buf, size_t size)
{
	assert_non_null(e);
	assert_non_null(e->ds);
	assert_true(dcb_dset_get_str(e->ds, T(0x0008, 0x0050), buf, size) >= 0);
	return buf;
}

/* --- tests ------------------------------------------------------------------ */

/* dcmtk's layout: one folder per called AE title; a folder without its
 * lockfile is said once; an AE title without a folder has none. */
static void
per_ae_layout(void **state)
{
	char *root = make_dir();
	char wl1[4200], wl2[4200], p[4300], acc[32];
	struct seen s = {0};
	struct dcb_worklist *wl;

	(void)state;
	sub(wl1, sizeof wl1, root, "WL1");
	sub(wl2, sizeof wl2, root, "WL2");
	assert_int_equal(mkdir(wl1, 0755), 0);
	assert_int_equal(mkdir(wl2, 0755), 0);
	put_entry(wl1, "b.wl", "DOE^JOHN", "A2");
	put_entry(wl1, "a.wl", "ROE^JANE", "A1");
	put_entry(wl1, "notes.txt", "X^Y", "A9");
	sub(p, sizeof p, wl1, "lockfile");
	write_bytes(p, "", 0);
	put_entry(wl2, "c.wl", "POE^ED", "A3");
	put_entry(root, "top.wl", "TOP^LEVEL", "A8"); /* not in an AE folder */
	wl = dcb_worklist_new(root, DCB_WL_PER_AE, NULL);
	assert_non_null(wl);
	assert_true(dcb_worklist_refresh(wl, collect, &s, NULL) >= 3);
	assert_true(dcb_worklist_has_ae(wl, "WL1"));
	assert_true(dcb_worklist_has_ae(wl, "WL2"));
	assert_false(dcb_worklist_has_ae(wl, "NOPE"));
	assert_int_equal(dcb_worklist_count(wl, "WL1"), 2);
	assert_int_equal(dcb_worklist_count(wl, "WL2"), 1);
	assert_int_equal(dcb_worklist_count(wl, "NOPE"), 0);
	assert_string_equal(accession_of(dcb_worklist_nth(wl, "WL1", 0), acc, sizeof acc), "A1");
	assert_string_equal(accession_of(dcb_worklist_nth(wl, "WL1", 1), acc, sizeof acc), "A2");
	assert_null(dcb_worklist_nth(wl, "WL1", 2));
	assert_string_equal(dcb_worklist_nth(wl, "WL2", 0)->ae, "WL2");
	assert_true(dcb_worklist_nth(wl, "WL2", 0)->served);
	assert_int_equal(s.n, 1);
	want_finding(&s, "DCB812", wl2);
	/* said once */
	memset(&s, 0, sizeof s);
	dcb_worklist_refresh(wl, collect, &s, NULL);
	assert_int_equal(s.n, 0);
	dcb_worklist_free(wl);
	remove_tree(root);
	free(root);
}

/* Orthanc's layout: one flat folder, ".wl" in any case; sub-folders,
 * hidden files and other names are no entries. */
static void
flat_layout(void **state)
{
	char *root = make_dir();
	char p[4300], acc[32];
	struct dcb_worklist *wl;

	(void)state;
	put_entry(root, "one.wl", "DOE^JOHN", "A1");
	put_entry(root, "TWO.WL", "ROE^JANE", "A2");
	put_entry(root, ".hidden.wl", "HID^DEN", "A3");
	put_entry(root, "three.dcm", "NOT^WL", "A4");
	sub(p, sizeof p, root, "dir.wl");
	assert_int_equal(mkdir(p, 0755), 0);
	wl = dcb_worklist_new(root, DCB_WL_FLAT, NULL);
	assert_non_null(wl);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 2);
	assert_true(dcb_worklist_has_ae(wl, "ANYTHING"));
	assert_int_equal(dcb_worklist_count(wl, "ANY"), 2);
	assert_int_equal(dcb_worklist_count(wl, NULL), 2);
	assert_string_equal(accession_of(dcb_worklist_nth(wl, "X", 0), acc, sizeof acc), "A2");
	assert_string_equal(accession_of(dcb_worklist_nth(wl, "X", 1), acc, sizeof acc), "A1");
	assert_string_equal(dcb_worklist_nth(wl, "X", 0)->ae, "");
	dcb_worklist_free(wl);
	remove_tree(root);
	free(root);
}

/* Implicit VR, and a bare data set without meta header (dump2dcm -F):
 * both read. */
static void
reads_implicit_and_bare(void **state)
{
	char *root = make_dir();
	char p[4300], acc[32];
	struct dcb_dset *ds = wl_entry("DOE^JOHN", "IMP", "CT1", "CT", "20240105"), *got;

	(void)state;
	sub(p, sizeof p, root, "i.wl");
	wl_write(p, ds, "1.2.840.10008.1.2", true);
	assert_int_equal(dcb_worklist_read_file(p, &got, NULL), 0);
	assert_true(dcb_dset_get_str(got, T(0x0008, 0x0050), acc, sizeof acc) > 0);
	assert_string_equal(acc, "IMP");
	assert_non_null(dcb_dset_item(got, T(0x0040, 0x0100), 0));
	dcb_dset_free(got);
	sub(p, sizeof p, root, "bare.wl");
	wl_write(p, ds, ELE, false);
	assert_int_equal(dcb_worklist_read_file(p, &got, NULL), 0);
	assert_non_null(dcb_dset_item(got, T(0x0040, 0x0100), 0));
	dcb_dset_free(got);
	dcb_dset_free(ds);
	remove_tree(root);
	free(root);
}

/* Bad files are findings naming the file; the good ones are served. */
static void
bad_files_are_findings(void **state)
{
	char *root = make_dir();
	char p[4300];
	uint8_t head[1024], buf[4096];
	struct seen s = {0};
	struct dcb_worklist *wl;
	long h;
	size_t n = 0;

	(void)state;
	put_entry(root, "good.wl", "DOE^JOHN", "OK");
	sub(p, sizeof p, root, "garbage.wl");
	write_bytes(p, "this is no DICOM file at all, just some text\n", 45);
	/* a truncated file: the good one cut in the middle of its data set */
	{
		char good[4300];
		FILE *f;
		sub(good, sizeof good, root, "good.wl");
		f = fopen(good, "rb");
		assert_non_null(f);
		n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		sub(p, sizeof p, root, "truncated.wl");
		write_bytes(p, buf, n - 20);
	}
	/* only a meta header */
	h = dcb_meta_encode(head, sizeof head, MWL_CLASS, "1.2.3", ELE, NULL);
	sub(p, sizeof p, root, "empty.wl");
	write_bytes(p, head, (size_t)h);
	/* big endian */
	h = dcb_meta_encode(head, sizeof head, MWL_CLASS, "1.2.3", "1.2.840.10008.1.2.2", NULL);
	memcpy(head + h, "\x08\x00\x50\x00SH\x00\x02" "A1", 10);
	sub(p, sizeof p, root, "bigendian.wl");
	write_bytes(p, head, (size_t)h + 10);
	sub(p, sizeof p, root, "zero.wl");
	write_bytes(p, "", 0);

	wl = dcb_worklist_new(root, DCB_WL_FLAT, NULL);
	assert_non_null(wl);
	assert_int_equal(dcb_worklist_refresh(wl, collect, &s, NULL), 6);
	assert_int_equal(s.n, 5);
	want_finding(&s, "DCB810", "garbage.wl");
	want_finding(&s, "DCB810", "truncated.wl");
	want_finding(&s, "DCB810", "empty.wl");
	want_finding(&s, "DCB810", "bigendian.wl");
	want_finding(&s, "DCB810", "zero.wl");
	assert_non_null(strstr(s.text, "transfer syntax 1.2.840.10008.1.2.2"));
	assert_int_equal(dcb_worklist_count(wl, NULL), 6);
	for (size_t i = 0; i < 6; i++) {
		const struct dcb_wl_entry *e = dcb_worklist_nth(wl, NULL, i);
		bool good = strcmp(e->name, "good.wl") == 0;
		assert_int_equal(e->served, good);
		assert_int_equal(e->ds != NULL, good);
	}
	dcb_worklist_free(wl);
	remove_tree(root);
	free(root);
}

/* dcmtk's -efr check: an entry without a Type 1 return key is a finding,
 * not served by default, served with reject off. */
static void
incomplete_entries(void **state)
{
	char *root = make_dir();
	char p[4300], why[256];
	struct seen s = {0};
	struct dcb_worklist *wl;
	struct dcb_dset *ds = wl_entry("DOE^JOHN", "A1", "CT1", "CT", "20240105");
	struct dcb_dset *sps;

	(void)state;
	assert_false(dcb_worklist_incomplete(ds, why, sizeof why));
	/* no Scheduled Station AE Title */
	sps = dcb_dset_item(ds, T(0x0040, 0x0100), 0);
	assert_int_equal(dcb_dset_put_str(sps, T(0x0040, 0x0001), "AE", "", NULL), 0);
	assert_true(dcb_worklist_incomplete(ds, why, sizeof why));
	assert_non_null(strstr(why, "(0040,0001)"));
	assert_non_null(strstr(why, "(0040,0100)"));
	sub(p, sizeof p, root, "nostation.wl");
	wl_write(p, ds, ELE, true);
	dcb_dset_free(ds);
	put_entry(root, "ok.wl", "DOE^JOHN", "A3");

	wl = dcb_worklist_new(root, DCB_WL_FLAT, NULL);
	assert_non_null(wl);
	assert_int_equal(dcb_worklist_refresh(wl, collect, &s, NULL), 2);
	assert_int_equal(s.n, 1);
	want_finding(&s, "DCB811", "nostation.wl");
	assert_true(dcb_worklist_nth(wl, NULL, 0)->incomplete);
	assert_false(dcb_worklist_nth(wl, NULL, 0)->served);
	assert_true(dcb_worklist_nth(wl, NULL, 1)->served);
	dcb_worklist_reject_incomplete(wl, false);
	memset(&s, 0, sizeof s);
	dcb_worklist_refresh(wl, collect, &s, NULL);
	assert_true(dcb_worklist_nth(wl, NULL, 0)->served);
	dcb_worklist_free(wl);
	remove_tree(root);
	free(root);
}

/* Nothing changed: nothing read again.  A file rewritten in place (the
 * folder untouched, as dump2dcm does), a new file, a removed one: each
 * read or dropped, the rest left alone. */
static void
reads_only_what_changed(void **state)
{
	char *root = make_dir();
	char p[4300], acc[32];
	struct dcb_worklist *wl;
	struct dcb_dset *ds;
	struct stat before, after;

	(void)state;
	put_entry(root, "a.wl", "DOE^JOHN", "A1");
	put_entry(root, "b.wl", "ROE^JANE", "B1");
	sub(p, sizeof p, root, "a.wl");
	age(p, 100);
	sub(p, sizeof p, root, "b.wl");
	age(p, 100);
	age(root, 100);
	wl = dcb_worklist_new(root, DCB_WL_FLAT, NULL);
	assert_non_null(wl);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 2);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 0);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 0);

	/* b rewritten in place with a new accession number */
	stat(root, &before);
	ds = wl_entry("ROE^JANE", "B2", "CT1", "CT", "20240105");
	sub(p, sizeof p, root, "b.wl");
	wl_write(p, ds, ELE, true);
	dcb_dset_free(ds);
	age(p, 50);
	stat(root, &after);
	assert_int_equal(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 1);
	assert_string_equal(accession_of(dcb_worklist_nth(wl, NULL, 1), acc, sizeof acc), "B2");
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 0);

	/* c added, a removed */
	put_entry(root, "c.wl", "POE^ED", "C1");
	sub(p, sizeof p, root, "c.wl");
	age(p, 40);
	sub(p, sizeof p, root, "a.wl");
	assert_int_equal(unlink(p), 0);
	age(root, 40);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 2);
	assert_int_equal(dcb_worklist_count(wl, NULL), 2);
	assert_string_equal(accession_of(dcb_worklist_nth(wl, NULL, 0), acc, sizeof acc), "B2");
	assert_string_equal(accession_of(dcb_worklist_nth(wl, NULL, 1), acc, sizeof acc), "C1");
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 0);

	/* a file changed just now is looked at again until its time is old */
	put_entry(root, "c.wl", "POE^ED", "C2");
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 1);
	assert_string_equal(accession_of(dcb_worklist_nth(wl, NULL, 1), acc, sizeof acc), "C2");
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 1);
	sub(p, sizeof p, root, "c.wl");
	age(p, 30);
	dcb_worklist_refresh(wl, NULL, NULL, NULL);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 0);

	/* with a sweep interval, an edit in place waits for the next sweep;
	 * a new file (its folder changed) does not */
	dcb_worklist_set_sweep(wl, 3600 * 1000);
	dcb_worklist_refresh(wl, NULL, NULL, NULL); /* the first sweep */
	ds = wl_entry("ROE^JANE", "B3", "CT1", "CT", "20240105");
	sub(p, sizeof p, root, "b.wl");
	wl_write(p, ds, ELE, true);
	dcb_dset_free(ds);
	age(p, 20);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 0);
	assert_string_equal(accession_of(dcb_worklist_nth(wl, NULL, 0), acc, sizeof acc), "B2");
	put_entry(root, "d.wl", "DOE^DAN", "D1");
	sub(p, sizeof p, root, "d.wl");
	age(p, 20);
	age(root, 20);
	assert_true(dcb_worklist_refresh(wl, NULL, NULL, NULL) >= 1);
	assert_int_equal(dcb_worklist_count(wl, NULL), 3);
	dcb_worklist_set_sweep(wl, 0);
	dcb_worklist_refresh(wl, NULL, NULL, NULL);
	assert_string_equal(accession_of(dcb_worklist_nth(wl, NULL, 0), acc, sizeof acc), "B3");
	dcb_worklist_free(wl);
	remove_tree(root);
	free(root);
}

/* Per-AE: a new AE folder appears, one goes away. */
static void
ae_folders_come_and_go(void **state)
{
	char *root = make_dir();
	char d[4200];
	struct dcb_worklist *wl;
	struct dcb_error err;

	(void)state;
	wl = dcb_worklist_new(root, DCB_WL_PER_AE, NULL);
	assert_non_null(wl);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 0);
	assert_false(dcb_worklist_has_ae(wl, "NEW"));
	sub(d, sizeof d, root, "NEW");
	assert_int_equal(mkdir(d, 0755), 0);
	put_entry(d, "x.wl", "DOE^JOHN", "X1");
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 1);
	assert_true(dcb_worklist_has_ae(wl, "NEW"));
	assert_int_equal(dcb_worklist_count(wl, "NEW"), 1);
	remove_tree(d);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, NULL), 1);
	assert_false(dcb_worklist_has_ae(wl, "NEW"));
	dcb_worklist_free(wl);
	/* a root that is not there */
	remove_tree(root);
	wl = dcb_worklist_new(root, DCB_WL_PER_AE, NULL);
	assert_int_equal(dcb_worklist_refresh(wl, NULL, NULL, &err), DCB_ERR_IO);
	assert_non_null(strstr(err.message, root));
	dcb_worklist_free(wl);
	free(root);
}

/* read_bytes over garbage never crashes and says why. */
static void
read_bytes_refuses_garbage(void **state)
{
	static const uint8_t junk[] = "DICM\x02\x00\x10\x00UI\xff\xff";
	struct dcb_dset *ds;
	struct dcb_error err = {0};

	(void)state;
	assert_true(dcb_worklist_read_bytes(junk, sizeof junk, &ds, &err) < 0);
	assert_null(ds);
	assert_true(err.message[0] != '\0');
	assert_true(dcb_worklist_read_bytes(junk, 0, &ds, &err) < 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(per_ae_layout),
	    cmocka_unit_test(flat_layout),
	    cmocka_unit_test(reads_implicit_and_bare),
	    cmocka_unit_test(bad_files_are_findings),
	    cmocka_unit_test(incomplete_entries),
	    cmocka_unit_test(reads_only_what_changed),
	    cmocka_unit_test(ae_folders_come_and_go),
	    cmocka_unit_test(read_bytes_refuses_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
