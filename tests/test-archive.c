/* test-archive.c — the archive index (src/archive.h): files found at each
 * level with the computed keys, Patient Root against Study Root, the
 * reconcile with the folder, a damaged or foreign index set aside and
 * rebuilt, nothing written outside the folder, storage commitment's
 * question. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/archive.h"
#include "../src/dict.h"
#include "../src/dset.h"
#include "../src/part10.h"
#include "part10-build.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define MR "1.2.840.10008.5.1.4.1.1.4"
#define ELE "1.2.840.10008.1.2.1"
#define ILE "1.2.840.10008.1.2"
#define BE "1.2.840.10008.1.2.2"

/* --- objects on disk ---------------------------------------------------- */

struct spec {
	const char *pid, *name, *study, *series, *sop, *cls, *modality, *desc, *ts, *scs;
	uint16_t rows;
};

static void
put(struct dcb_dset *ds, uint16_t g, uint16_t e, const char *vr, const char *v)
{
	if (v != NULL)
		assert_int_equal(dcb_dset_put_str(ds, DCB_TAG(g, e), vr, v, NULL), 0);
}

/* Writes a Part 10 file of the object s describes, with a little pixel data. */
static void
write_object(const char *path, const struct spec *s)
{
	const char *ts = s->ts != NULL ? s->ts : ELE;
	const char *cls = s->cls != NULL ? s->cls : CT;
	struct dcb_dset *ds = dcb_dset_new();
	uint8_t meta[1024], pixels[64] = {1, 2, 3}, *bytes;
	size_t n;
	long mlen = dcb_meta_encode(meta, sizeof meta, cls, s->sop, ts, "TEST");
	FILE *f;

	assert_non_null(ds);
	assert_true(mlen > 0);
	put(ds, 0x0008, 0x0005, "CS", s->scs);
	put(ds, 0x0008, 0x0016, "UI", cls);
	put(ds, 0x0008, 0x0018, "UI", s->sop);
	put(ds, 0x0008, 0x0020, "DA", "20260101");
	put(ds, 0x0008, 0x0060, "CS", s->modality != NULL ? s->modality : "CT");
	put(ds, 0x0008, 0x1030, "LO", s->desc);
	{ /* a sequence among the keys: the reader's items and delimiters */
		struct dcb_dset *item = dcb_dset_seq_add_item(ds, DCB_TAG(0x0008, 0x1032), NULL);
		assert_non_null(item);
		put(item, 0x0008, 0x0100, "SH", "CODE");
		put(item, 0x0008, 0x0104, "LO", "A procedure");
	}
	put(ds, 0x0010, 0x0010, "PN", s->name);
	put(ds, 0x0010, 0x0020, "LO", s->pid);
	put(ds, 0x0020, 0x000d, "UI", s->study);
	put(ds, 0x0020, 0x000e, "UI", s->series);
	put(ds, 0x0020, 0x0013, "IS", "7");
	assert_int_equal(dcb_dset_put_u16(ds, DCB_TAG(0x0028, 0x0010), s->rows ? s->rows : 512,
	                                  NULL),
	                 0);
	assert_int_equal(dcb_dset_put(ds, DCB_TAG(0x7fe0, 0x0010), "OB", pixels, sizeof pixels,
	                              NULL),
	                 0);
	assert_int_equal(dcb_dset_encode_alloc(ds, strcmp(ts, ILE) == 0 ? DCB_DSET_IMPLICIT_LE
	                                                                : DCB_DSET_EXPLICIT_LE,
	                                       &bytes, &n, NULL),
	                 0);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(meta, 1, (size_t)mlen, f), (size_t)mlen);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	free(bytes);
	dcb_dset_free(ds);
}

static char *
make_dir(void)
{
	char tmpl[] = "/tmp/dcb-archive-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return strdup(tmpl);
}

static void
remove_tree(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static const char *
at(const char *dir, const char *name)
{
	static char buf[4][4200];
	static int i;

	i = (i + 1) % 4;
	assert_true(snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name) < (int)sizeof buf[i]);
	return buf[i];
}

/* The test set: two patients, three studies, four series, five objects. */
static const struct spec set[] = {
    {"P1", "Doe^Jane", "1.9.1", "1.9.1.1", "1.9.1.1.1", CT, "CT", "Head", NULL, NULL, 0},
    {"P1", "Doe^Jane", "1.9.1", "1.9.1.1", "1.9.1.1.2", CT, "CT", "Head", ILE, NULL, 0},
    {"P1", "Doe^Jane", "1.9.1", "1.9.1.2", "1.9.1.2.1", MR, "MR", "Head", NULL, NULL, 0},
    {"P1", "Doe^Jane", "1.9.2", "1.9.2.1", "1.9.2.1.1", CT, "CT", "Chest", NULL, NULL, 0},
    {"P2", "Roe^Rick", "1.9.3", "1.9.3.1", "1.9.3.1.1", MR, "MR", "Knee", NULL, NULL, 0},
};
#define SET_N (sizeof set / sizeof set[0])

static void
write_set(const char *dir)
{
	char name[64];

	assert_int_equal(mkdir(at(dir, "sub"), 0755), 0);
	for (size_t i = 0; i < SET_N; i++) {
		snprintf(name, sizeof name, "%s%s.dcm", i == 4 ? "sub/" : "", set[i].sop);
		write_object(at(dir, name), &set[i]);
	}
}

/* --- what each() gives ---------------------------------------------------- */

struct got {
	size_t n;
	struct dcb_dset *rec[32];
	char path[32][4200];
	char ts[32][65];
	uint64_t size[32];
	int objs;
};

static int
collect(void *user, const struct dcb_dset *rec, const struct dcb_archive_object *obj)
{
	struct got *g = user;
	uint8_t *bytes;
	size_t n;

	assert_true(g->n < 32);
	assert_int_equal(dcb_dset_encode_alloc(rec, DCB_DSET_EXPLICIT_LE, &bytes, &n, NULL), 0);
	assert_int_equal(dcb_dset_decode(bytes, n, DCB_DSET_EXPLICIT_LE, &g->rec[g->n], NULL), 0);
	free(bytes);
	if (obj != NULL) {
		snprintf(g->path[g->n], sizeof g->path[0], "%s", obj->path);
		snprintf(g->ts[g->n], sizeof g->ts[0], "%s", obj->transfer_syntax_uid);
		char sop[65];
		assert_true(dcb_dset_get_str(g->rec[g->n], DCB_TAG(0x0008, 0x0018), sop, sizeof sop) > 0);
		assert_string_equal(obj->sop_instance_uid, sop);
		g->size[g->n] = obj->size;
		g->objs++;
	}
	g->n++;
	return 0;
}

static void
got_clear(struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		dcb_dset_free(g->rec[i]);
	memset(g, 0, sizeof *g);
}

static struct got *
query(struct dcb_archive *a, enum dcb_qr_level level, bool patient_root, const char *pid,
      const char *study, const char *series, const char *sop)
{
	static struct got g;
	struct dcb_archive_filter f = {level, patient_root, pid, study, series, sop, false};
	struct dcb_error err = {0};

	got_clear(&g);
	if (dcb_archive_each(a, &f, collect, &g, &err) != 0)
		fail_msg("each: %s", err.message);
	return &g;
}

/* The value of tag in record i, "" when absent. */
static const char *
val(const struct got *g, size_t i, uint16_t grp, uint16_t el)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	assert_true(i < g->n);
	if (dcb_dset_get_str(g->rec[i], DCB_TAG(grp, el), buf[k], sizeof buf[k]) < 0)
		buf[k][0] = '\0';
	return buf[k];
}

/* Values records must have: record, tag, value ("" for absent). */
struct expect {
	size_t rec;
	uint16_t group, element;
	const char *value;
};

static void
expect_values(const struct got *g, const struct expect *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(val(g, x[i].rec, x[i].group, x[i].element), x[i].value) != 0)
			fail_msg("record %zu (%04x,%04x): '%s', not '%s'", x[i].rec, x[i].group,
			         x[i].element, val(g, x[i].rec, x[i].group, x[i].element), x[i].value);
}

static struct dcb_archive *
open_ok(const char *dir, char *note, size_t note_size)
{
	struct dcb_archive *a = NULL;
	struct dcb_error err = {0};

	if (dcb_archive_open(dir, NULL, NULL, &a, note, note_size, &err) != 0)
		fail_msg("open %s: %s", dir, err.message);
	return a;
}

static void
assert_counts(struct dcb_archive *a, size_t p, size_t st, size_t se, size_t i)
{
	size_t c[4];

	dcb_archive_counts(a, c);
	assert_int_equal(c[0], p);
	assert_int_equal(c[1], st);
	assert_int_equal(c[2], se);
	assert_int_equal(c[3], i);
}

/* --- tests ---------------------------------------------------------------- */

static void
levels_with_computed_keys(void **state)
{
	static const struct expect patient[] = {
	    {0, 0x0010, 0x0020, "P1"},
	    {0, 0x0010, 0x0010, "Doe^Jane"},
	    {0, 0x0020, 0x1200, "2"},
	    {0, 0x0020, 0x1202, "3"},
	    {0, 0x0020, 0x1204, "4"},
	    {1, 0x0020, 0x1204, "1"},
	    {0, 0x0020, 0x000d, ""}, /* no study keys here */
	};
	static const struct expect study[] = {
	    {0, 0x0020, 0x000d, "1.9.1"},
	    {0, 0x0008, 0x1030, "Head"},
	    {0, 0x0008, 0x0020, "20260101"},
	    {0, 0x0020, 0x1206, "2"},
	    {0, 0x0020, 0x1208, "3"},
	    {0, 0x0008, 0x0061, "CT\\MR"},
	    {0, 0x0008, 0x0062, CT "\\" MR},
	    {0, 0x0010, 0x0010, "Doe^Jane"},
	    {0, 0x0020, 0x1200, "2"},
	    {1, 0x0020, 0x000d, "1.9.2"},
	    {1, 0x0008, 0x0061, "CT"},
	    {1, 0x0020, 0x1208, "1"},
	};
	static const struct expect series[] = {
	    {0, 0x0020, 0x000e, "1.9.1.1"},
	    {0, 0x0020, 0x1209, "2"},
	    {0, 0x0008, 0x0060, "CT"},
	    {1, 0x0020, 0x1209, "1"},
	    {1, 0x0008, 0x0060, "MR"},
	    {1, 0x0020, 0x000d, "1.9.1"}, /* the levels above */
	};
	char *dir = make_dir();
	struct dcb_archive *a;
	struct dcb_error err = {0};
	struct got *g;
	struct stat st;

	a = open_ok(dir, NULL, 0);
	assert_counts(a, 0, 0, 0, 0);
	write_set(dir);
	for (size_t i = 0; i < SET_N; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s%s.dcm", i == 4 ? "sub/" : "", set[i].sop);
		if (dcb_archive_add_file(a, at(dir, name), &err) != 0)
			fail_msg("add: %s", err.message);
	}
	assert_counts(a, 2, 3, 4, 5);

	g = query(a, DCB_QR_PATIENT, true, NULL, NULL, NULL, NULL);
	assert_int_equal(g->n, 2);
	assert_int_equal(g->objs, 0);
	expect_values(g, patient, sizeof patient / sizeof patient[0]);

	g = query(a, DCB_QR_STUDY, true, "P1", NULL, NULL, NULL);
	assert_int_equal(g->n, 2);
	expect_values(g, study, sizeof study / sizeof study[0]);

	g = query(a, DCB_QR_SERIES, true, NULL, "1.9.1", NULL, NULL);
	assert_int_equal(g->n, 2);
	expect_values(g, series, sizeof series / sizeof series[0]);

	g = query(a, DCB_QR_IMAGE, true, NULL, "1.9.1", "1.9.1.1", NULL);
	assert_int_equal(g->n, 2);
	assert_int_equal(g->objs, 2);
	assert_string_equal(val(g, 0, 0x0008, 0x0018), "1.9.1.1.1");
	assert_string_equal(val(g, 1, 0x0008, 0x0018), "1.9.1.1.2");
	assert_string_equal(val(g, 1, 0x0020, 0x0013), "7");
	assert_string_equal(g->path[0], at(dir, "1.9.1.1.1.dcm"));
	assert_string_equal(g->ts[0], ELE);
	assert_string_equal(g->ts[1], ILE);
	assert_int_equal(stat(g->path[1], &st), 0);
	assert_int_equal(g->size[1], (uint64_t)st.st_size);
	{
		uint16_t rows = 0;
		assert_int_equal(dcb_dset_get_u16(g->rec[0], DCB_TAG(0x0028, 0x0010), &rows), 0);
		assert_int_equal(rows, 512);
	}

	/* One instance, by its UID alone; the study that holds it. */
	g = query(a, DCB_QR_IMAGE, false, NULL, NULL, NULL, "1.9.3.1.1");
	assert_int_equal(g->n, 1);
	assert_string_equal(g->path[0], at(dir, "sub/1.9.3.1.1.dcm"));
	assert_string_equal(val(g, 0, 0x0010, 0x0010), "Roe^Rick");
	g = query(a, DCB_QR_STUDY, false, NULL, NULL, NULL, "1.9.1.2.1");
	assert_int_equal(g->n, 1);
	assert_string_equal(val(g, 0, 0x0020, 0x000d), "1.9.1");
	g = query(a, DCB_QR_STUDY, false, "nobody", NULL, NULL, NULL);
	assert_int_equal(g->n, 0);
	got_clear(g);
	dcb_archive_close(a);
	remove_tree(dir);
	free(dir);
}

static void
patient_root_and_study_root(void **state)
{
	char *dir = make_dir();
	struct dcb_archive *a;
	struct dcb_archive_filter f = {.level = DCB_QR_PATIENT, .patient_root = false};
	struct dcb_error err = {0};
	struct got *g, *pr = calloc(1, sizeof *pr);

	write_set(dir);
	a = open_ok(dir, NULL, 0); /* the reconcile indexes the set */
	assert_counts(a, 2, 3, 4, 5);
	/* Study Root has no patient level. */
	assert_int_equal(dcb_archive_each(a, &f, collect, pr, &err), DCB_ERR_USAGE);
	assert_int_equal(pr->n, 0);
	/* Its studies carry the patient's keys and counts, as Patient Root's do. */
	g = query(a, DCB_QR_STUDY, true, NULL, NULL, NULL, NULL);
	*pr = *g;
	memset(g, 0, sizeof *g);
	g = query(a, DCB_QR_STUDY, false, NULL, NULL, NULL, NULL);
	assert_int_equal(g->n, 3);
	assert_int_equal(pr->n, 3);
	for (size_t i = 0; i < 3; i++) {
		static const uint16_t keys[][2] = {{0x0010, 0x0010}, {0x0010, 0x0020},
		                                   {0x0020, 0x1200}, {0x0020, 0x1204},
		                                   {0x0020, 0x000d}, {0x0020, 0x1208}};
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			assert_string_not_equal(val(g, i, keys[k][0], keys[k][1]), "");
			assert_string_equal(val(g, i, keys[k][0], keys[k][1]),
			                    val(pr, i, keys[k][0], keys[k][1]));
		}
	}
	assert_string_equal(val(g, 2, 0x0010, 0x0010), "Roe^Rick");
	got_clear(pr);
	free(pr);
	got_clear(g);
	dcb_archive_close(a);
	remove_tree(dir);
	free(dir);
}

struct progress {
	size_t calls, last_done, last_total, counting;
};

static void
on_progress(void *user, size_t done, size_t total, const char *what)
{
	struct progress *p = user;

	assert_non_null(what);
	p->calls++;
	if (total == 0)
		p->counting++;
	else
		assert_true(done <= total);
	p->last_done = done;
	p->last_total = total;
}

static void
set_mtime(const char *path, time_t t)
{
	struct timespec ts[2] = {{t, 0}, {t, 0}};

	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static void
reconcile_with_the_folder(void **state)
{
	char *dir = make_dir();
	struct dcb_archive *a;
	struct dcb_error err = {0};
	const struct dcb_archive_reconcile *r;
	struct progress p = {0};
	struct spec changed = set[0];
	char text[1024];
	struct got *g;
	FILE *f;

	write_set(dir);
	a = open_ok(dir, NULL, 0);
	r = dcb_archive_last_reconcile(a);
	assert_int_equal(r->files, 5);
	assert_int_equal(r->added, 5);
	dcb_archive_close(a);

	/* By hand: one added, one deleted, one changed, one that is no DICOM,
	 * and a temporary file of the SCP, which is not looked at. */
	write_object(at(dir, "sub/new.dcm"), &(struct spec){"P3", "New^Ned", "1.9.4", "1.9.4.1",
	                                                  "1.9.4.1.1", CT, "CT", NULL, NULL,
	                                                  NULL, 0});
	assert_int_equal(unlink(at(dir, "1.9.2.1.1.dcm")), 0);
	changed.desc = "Brain";
	write_object(at(dir, "1.9.1.1.1.dcm"), &changed);
	set_mtime(at(dir, "1.9.1.1.1.dcm"), 1000000000);
	f = fopen(at(dir, "notes.txt"), "w");
	assert_non_null(f);
	fputs("not a DICOM file, but long enough to be looked at properly by the reader\n", f);
	fclose(f);
	f = fopen(at(dir, ".dicombench-AbCdEf.part"), "w");
	assert_non_null(f);
	fclose(f);

	if (dcb_archive_open(dir, on_progress, &p, &a, NULL, 0, &err) != 0)
		fail_msg("open: %s", err.message);
	r = dcb_archive_last_reconcile(a);
	assert_int_equal(r->files, 6);
	assert_int_equal(r->unchanged, 3);
	assert_int_equal(r->added, 1);
	assert_int_equal(r->reread, 1);
	assert_int_equal(r->dropped, 1);
	assert_int_equal(r->skipped, 1);
	assert_string_equal(r->first_skipped, "notes.txt");
	assert_true(p.calls >= 2);
	assert_true(p.counting >= 1);
	assert_int_equal(p.last_done, 6);
	assert_int_equal(p.last_total, 6);
	dcb_archive_describe_reconcile(a, text, sizeof text);
	assert_non_null(strstr(text, "notes.txt"));

	assert_counts(a, 3, 3, 4, 5); /* study 1.9.2 went with its only file */
	g = query(a, DCB_QR_STUDY, true, "P1", NULL, NULL, NULL);
	assert_int_equal(g->n, 1);
	assert_string_equal(val(g, 0, 0x0008, 0x1030), "Brain");
	g = query(a, DCB_QR_IMAGE, false, NULL, "1.9.4", NULL, NULL);
	assert_int_equal(g->n, 1);
	assert_string_equal(g->path[0], at(dir, "sub/new.dcm"));
	got_clear(g);
	dcb_archive_close(a);

	/* Nothing changed since: nothing is read again. */
	a = open_ok(dir, NULL, 0);
	r = dcb_archive_last_reconcile(a);
	assert_int_equal(r->unchanged, 5);
	assert_int_equal(r->added + r->reread + r->dropped, 0);
	assert_int_equal(r->skipped, 1);
	dcb_archive_close(a);
	remove_tree(dir);
	free(dir);
}

/* Every instance's UID and path, one a line, for comparing two indexes. */
static void
contents(struct dcb_archive *a, char *out, size_t size)
{
	struct got *g = query(a, DCB_QR_IMAGE, true, NULL, NULL, NULL, NULL);
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < g->n; i++)
		n += (size_t)snprintf(out + n, size - n, "%s %s %s %s\n",
		                      val(g, i, 0x0010, 0x0020), val(g, i, 0x0020, 0x1208),
		                      val(g, i, 0x0008, 0x0018), g->path[i]);
	got_clear(g);
}

/* The one file set aside in dir/.dicombench, into aside. */
static void
find_aside(const char *dir, char *aside, size_t size)
{
	DIR *d = opendir(at(dir, DCB_ARCHIVE_DIR));
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, "index.sqlite.bad-", 17) == 0 &&
		    strstr(de->d_name, "-wal") == NULL) {
			snprintf(aside, size, "%s/%s/%s", dir, DCB_ARCHIVE_DIR, de->d_name);
			n++;
		}
	closedir(d);
	assert_int_equal(n, 1);
}

/* Indexes the set in dir, writes n bytes of garbage at offset of the
 * index file, and opens it again: the note says it was damaged, the index
 * is rebuilt with the same content, and the damaged file is kept aside
 * (its path into aside). */
static void
damage_and_reopen(const char *dir, long offset, const uint8_t *garbage, size_t n, char *aside,
                  size_t aside_size)
{
	struct dcb_archive *a;
	char before[4096], after[4096], note[1024], db[4200];
	struct stat st, sa;
	FILE *f;

	snprintf(db, sizeof db, "%s/" DCB_ARCHIVE_DIR "/" DCB_ARCHIVE_FILE, dir);
	write_set(dir);
	a = open_ok(dir, note, sizeof note);
	assert_string_equal(note, "");
	contents(a, before, sizeof before);
	dcb_archive_close(a);
	assert_int_equal(stat(db, &st), 0);
	assert_true(st.st_size >= offset + (long)n);
	f = fopen(db, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, offset, SEEK_SET), 0);
	assert_int_equal(fwrite(garbage, 1, n, f), n);
	fclose(f);

	a = open_ok(dir, note, sizeof note);
	assert_non_null(strstr(note, "index.sqlite.bad-"));
	assert_non_null(strstr(note, "damaged"));
	contents(a, after, sizeof after);
	assert_string_equal(after, before);
	assert_int_equal(dcb_archive_last_reconcile(a)->added, 5);
	dcb_archive_close(a);
	find_aside(dir, aside, aside_size);
	assert_int_equal(stat(aside, &sa), 0);
	assert_int_equal(sa.st_size, st.st_size);
	/* The rebuilt one is good: opened again, nothing moves. */
	a = open_ok(dir, note, sizeof note);
	assert_string_equal(note, "");
	dcb_archive_close(a);
}

static void
garbage_index_is_set_aside_and_rebuilt(void **state)
{
	char *dir = make_dir();
	char aside[4200];
	uint8_t garbage[4096], head[sizeof garbage];
	FILE *f;

	for (size_t i = 0; i < sizeof garbage; i++)
		garbage[i] = (uint8_t)(i * 7 + 3);
	damage_and_reopen(dir, 0, garbage, sizeof garbage, aside, sizeof aside);
	/* The damaged file is kept byte for byte as it was. */
	f = fopen(aside, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
	fclose(f);
	assert_memory_equal(head, garbage, sizeof garbage);
	remove_tree(dir);
	free(dir);
}

/* A page in the middle damaged: the header is fine, the check finds it. */
static void
damaged_page_is_found(void **state)
{
	char *dir = make_dir();
	char aside[4200];
	uint8_t garbage[300];

	memset(garbage, 0xa5, sizeof garbage);
	damage_and_reopen(dir, 4096, garbage, sizeof garbage, aside, sizeof aside);
	remove_tree(dir);
	free(dir);
}

static void
foreign_database_is_set_aside(void **state)
{
	char *dir = make_dir();
	struct dcb_archive *a;
	char note[1024], aside[4200];
	sqlite3 *db;
	int64_t rows = 0;
	sqlite3_stmt *st;

	write_set(dir);
	assert_int_equal(mkdir(at(dir, DCB_ARCHIVE_DIR), 0755), 0);
	assert_int_equal(sqlite3_open(at(dir, DCB_ARCHIVE_DIR "/" DCB_ARCHIVE_FILE), &db),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE TABLE recipes(name TEXT);"
	                              "INSERT INTO recipes VALUES ('soup'), ('bread');",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);

	a = open_ok(dir, note, sizeof note);
	assert_non_null(strstr(note, "not a dicombench archive index"));
	assert_counts(a, 2, 3, 4, 5);
	dcb_archive_close(a);
	/* The other program's data is all there under the new name. */
	find_aside(dir, aside, sizeof aside);
	assert_int_equal(sqlite3_open_v2(aside, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM recipes", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	rows = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(rows, 2);

	/* Another schema version of ours is set aside too. */
	assert_int_equal(sqlite3_open(at(dir, DCB_ARCHIVE_DIR "/" DCB_ARCHIVE_FILE), &db),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	a = open_ok(dir, note, sizeof note);
	assert_non_null(strstr(note, "schema version 99"));
	assert_counts(a, 2, 3, 4, 5);
	dcb_archive_close(a);
	remove_tree(dir);
	free(dir);
}

/* Every path under dir, relative, one a line, sorted. */
static void
list_tree(const char *dir, char *out, size_t size)
{
	char cmd[4400];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof cmd, "cd '%s' && find . | LC_ALL=C sort", dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	pclose(p);
}

static void
nothing_is_written_outside_the_folder(void **state)
{
	char *root = make_dir();
	char folder[4200], tmp[4200], before[8192], after[8192], inside[8192];
	const char *old_tmp = getenv("TMPDIR");
	char *saved = old_tmp != NULL ? strdup(old_tmp) : NULL;
	struct dcb_archive *a;
	struct dcb_error err = {0};
	struct got *g;

	snprintf(folder, sizeof folder, "%s/archive", root);
	snprintf(tmp, sizeof tmp, "%s/tmp", root);
	assert_int_equal(mkdir(folder, 0755), 0);
	assert_int_equal(mkdir(tmp, 0755), 0);
	write_set(folder);
	setenv("TMPDIR", tmp, 1); /* where SQLite would put temporary files */
	list_tree(root, before, sizeof before);

	a = open_ok(folder, NULL, 0);
	assert_int_equal(dcb_archive_remove_file(a, at(folder, "1.9.2.1.1.dcm"), &err), 0);
	assert_int_equal(dcb_archive_add_file(a, at(folder, "1.9.2.1.1.dcm"), &err), 0);
	g = query(a, DCB_QR_IMAGE, true, NULL, NULL, NULL, NULL);
	assert_int_equal(g->n, 5);
	got_clear(g);
	list_tree(root, after, sizeof after);
	dcb_archive_close(a);
	if (saved != NULL)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);

	/* Outside the folder's .dicombench nothing is new; inside, the index. */
	{
		char filtered[8192] = "", *line, *save = NULL;
		for (line = strtok_r(after, "\n", &save); line != NULL;
		     line = strtok_r(NULL, "\n", &save))
			if (strncmp(line, "./archive/.dicombench", 21) != 0) {
				strcat(filtered, line);
				strcat(filtered, "\n");
			}
		assert_string_equal(filtered, before);
	}
	list_tree(at(folder, DCB_ARCHIVE_DIR), inside, sizeof inside);
	{
		char *line, *save = NULL;
		for (line = strtok_r(inside, "\n", &save); line != NULL;
		     line = strtok_r(NULL, "\n", &save))
			if (strcmp(line, ".") != 0 && strncmp(line, "./index.sqlite", 14) != 0)
				fail_msg("unexpected file in the index folder: %s", line);
	}
	/* A path outside the folder is refused, not indexed. */
	write_object(at(root, "outside.dcm"), &set[0]);
	a = open_ok(folder, NULL, 0);
	assert_int_equal(dcb_archive_add_file(a, at(root, "outside.dcm"), &err), DCB_ERR_USAGE);
	assert_int_equal(dcb_archive_add_file(a, at(folder, "../outside.dcm"), &err),
	                 DCB_ERR_USAGE);
	dcb_archive_close(a);
	remove_tree(root);
	free(root);
}

static void
has_answers_for_storage_commitment(void **state)
{
	char *dir = make_dir();
	struct dcb_archive *a;

	write_set(dir);
	a = open_ok(dir, NULL, 0);
	assert_true(dcb_archive_has(a, "1.9.1.2.1", MR));
	assert_true(dcb_archive_has(a, "1.9.1.1.1", CT));
	assert_false(dcb_archive_has(a, "1.9.1.2.1", CT)); /* another class */
	assert_false(dcb_archive_has(a, "1.9.9.9", CT));
	assert_int_equal(unlink(at(dir, "1.9.1.2.1.dcm")), 0);
	assert_false(dcb_archive_has(a, "1.9.1.2.1", MR)); /* its file is gone */
	dcb_archive_close(a);
	remove_tree(dir);
	free(dir);
}

static void
replace_move_and_remove(void **state)
{
	char *dir = make_dir();
	struct dcb_archive *a;
	struct dcb_error err = {0};
	struct spec moved = set[3];
	struct got *g;
	FILE *f;

	write_set(dir);
	a = open_ok(dir, NULL, 0);
	assert_counts(a, 2, 3, 4, 5);
	/* The same instance again, now in a new series of patient P2's study:
	 * its old series, study and patient level entries that are left empty go. */
	moved.pid = "P2";
	moved.name = "Roe^Rick";
	moved.study = "1.9.3";
	moved.series = "1.9.3.7";
	write_object(at(dir, "moved.dcm"), &moved);
	assert_int_equal(dcb_archive_add_file(a, at(dir, "moved.dcm"), &err), 0);
	assert_counts(a, 2, 2, 4, 5);
	g = query(a, DCB_QR_IMAGE, true, NULL, NULL, NULL, "1.9.2.1.1");
	assert_int_equal(g->n, 1);
	assert_string_equal(g->path[0], at(dir, "moved.dcm"));
	assert_string_equal(val(g, 0, 0x0020, 0x1206), "2");
	/* Another object under a path that held one: the old one goes. */
	write_object(at(dir, "1.9.1.1.2.dcm"), &moved);
	assert_int_equal(dcb_archive_add_file(a, at(dir, "1.9.1.1.2.dcm"), &err), 0);
	assert_counts(a, 2, 2, 4, 4);
	/* Not DICOM: refused, nothing changes. */
	f = fopen(at(dir, "junk"), "w");
	assert_non_null(f);
	fputs("this is not a DICOM file and never was, honestly, not at all\n", f);
	fclose(f);
	assert_int_equal(dcb_archive_add_file(a, at(dir, "junk"), &err), DCB_ERR_MALFORMED);
	/* No Study Instance UID: refused with the reason. */
	moved.study = NULL;
	moved.sop = "1.9.8.8";
	write_object(at(dir, "nostudy.dcm"), &moved);
	assert_int_equal(dcb_archive_add_file(a, at(dir, "nostudy.dcm"), &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "Study Instance UID"));
	assert_counts(a, 2, 2, 4, 4);
	/* Removing everything leaves nothing. */
	assert_int_equal(dcb_archive_remove_file(a, at(dir, "junk"), &err), DCB_ERR_NOTFOUND);
	g = query(a, DCB_QR_IMAGE, true, NULL, NULL, NULL, NULL);
	for (size_t i = 0; i < g->n; i++)
		assert_int_equal(dcb_archive_remove_file(a, g->path[i], &err), 0);
	got_clear(g);
	assert_counts(a, 0, 0, 0, 0);
	dcb_archive_close(a);
	remove_tree(dir);
	free(dir);
}

/* Queries without a unique key are answered from records kept in memory:
 * every change must show in the next answer, and the computed keys come
 * only when asked for. */
static void
unnarrowed_queries_see_every_change(void **state)
{
	char *dir = make_dir();
	struct dcb_archive *a;
	struct dcb_error err = {0};
	struct spec extra = set[0];
	struct dcb_archive_filter f = {DCB_QR_STUDY, false, NULL, NULL, NULL, NULL, true};
	struct got *g;

	(void)state;
	write_set(dir);
	a = open_ok(dir, NULL, 0);
	g = query(a, DCB_QR_STUDY, false, NULL, NULL, NULL, NULL);
	assert_int_equal(g->n, 3);
	assert_string_equal(val(g, 0, 0x0020, 0x1208), "3"); /* computed: asked */
	got_clear(g);
	assert_int_equal(dcb_archive_each(a, &f, collect, g, &err), 0);
	assert_int_equal(g->n, 3);
	assert_string_equal(val(g, 0, 0x0020, 0x1208), ""); /* not asked: not there */
	got_clear(g);
	g = query(a, DCB_QR_STUDY, false, NULL, NULL, NULL, NULL); /* kept again */
	assert_int_equal(g->n, 3);
	/* a new study, then its removal, each seen at once */
	extra.study = "1.9.77";
	extra.series = "1.9.77.1";
	extra.sop = "1.9.77.1.1";
	write_object(at(dir, "new.dcm"), &extra);
	assert_int_equal(dcb_archive_add_file(a, at(dir, "new.dcm"), &err), 0);
	g = query(a, DCB_QR_STUDY, false, NULL, NULL, NULL, NULL);
	assert_int_equal(g->n, 4);
	g = query(a, DCB_QR_PATIENT, true, NULL, NULL, NULL, NULL);
	assert_string_equal(val(g, 0, 0x0020, 0x1200), "3"); /* P1 has three studies now */
	assert_int_equal(dcb_archive_remove_file(a, at(dir, "new.dcm"), &err), 0);
	g = query(a, DCB_QR_STUDY, false, NULL, NULL, NULL, NULL);
	assert_int_equal(g->n, 3);
	got_clear(g);
	dcb_archive_close(a);
	remove_tree(dir);
	free(dir);
}

/* Instances as another connection to the index sees them. */
static int64_t
instances_seen_elsewhere(const char *dir)
{
	char db[4200];
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t n = -1;

	snprintf(db, sizeof db, "%s/" DCB_ARCHIVE_DIR "/" DCB_ARCHIVE_FILE, dir);
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM instance", -1, &st, NULL),
	                 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* Changes are committed in groups: this archive sees an add at once,
 * another connection after dcb_archive_sync() (or the group's end). */
static void
changes_are_grouped_until_sync(void **state)
{
	char *dir = make_dir();
	struct dcb_archive *a;
	struct dcb_error err = {0};
	struct spec more = set[0];

	write_set(dir);
	a = open_ok(dir, NULL, 0);
	assert_int_equal(instances_seen_elsewhere(dir), 5); /* the reconcile is committed */
	more.sop = "1.9.1.1.3";
	write_object(at(dir, "more.dcm"), &more);
	assert_int_equal(dcb_archive_add_file(a, at(dir, "more.dcm"), &err), 0);
	assert_counts(a, 2, 3, 4, 6);
	assert_int_equal(instances_seen_elsewhere(dir), 5);
	assert_int_equal(dcb_archive_sync(a, &err), 0);
	assert_int_equal(instances_seen_elsewhere(dir), 6);
	assert_int_equal(dcb_archive_sync(a, &err), 0); /* nothing pending: fine */
	dcb_archive_close(a);
	remove_tree(dir);
	free(dir);
}

/* Explicit VR big endian: binary keys are swapped, text kept. */
static void
big_endian_file(void **state)
{
	char *dir = make_dir();
	struct bytes b = {.mode = BIG};
	struct dcb_archive *a;
	struct got *g;
	uint16_t rows = 0;
	FILE *f;

	meta(&b, BE);
	b.mode = BIG;
	text(&b, 0x0008, 0x0016, "UI", CT);
	text(&b, 0x0008, 0x0018, "UI", "1.9.5.1.1");
	text(&b, 0x0010, 0x0020, "LO", "PBE");
	text(&b, 0x0020, 0x000d, "UI", "1.9.5");
	text(&b, 0x0020, 0x000e, "UI", "1.9.5.1");
	us(&b, 0x0028, 0x0010, 0x0102);
	f = fopen(at(dir, "be.dcm"), "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b.d, 1, b.n, f), b.n);
	fclose(f);
	a = open_ok(dir, NULL, 0);
	g = query(a, DCB_QR_IMAGE, true, "PBE", NULL, NULL, NULL);
	assert_int_equal(g->n, 1);
	assert_string_equal(g->ts[0], BE);
	assert_int_equal(dcb_dset_get_u16(g->rec[0], DCB_TAG(0x0028, 0x0010), &rows), 0);
	assert_int_equal(rows, 0x0102);
	got_clear(g);
	dcb_archive_close(a);
	remove_tree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(levels_with_computed_keys),
	    cmocka_unit_test(patient_root_and_study_root),
	    cmocka_unit_test(reconcile_with_the_folder),
	    cmocka_unit_test(garbage_index_is_set_aside_and_rebuilt),
	    cmocka_unit_test(damaged_page_is_found),
	    cmocka_unit_test(foreign_database_is_set_aside),
	    cmocka_unit_test(nothing_is_written_outside_the_folder),
	    cmocka_unit_test(has_answers_for_storage_commitment),
	    cmocka_unit_test(replace_move_and_remove),
	    cmocka_unit_test(unnarrowed_queries_see_every_change),
	    cmocka_unit_test(changes_are_grouped_until_sync),
	    cmocka_unit_test(big_endian_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
