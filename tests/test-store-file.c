/* test-store-file.c — names, UID checks and atomic writes of received
 * objects. */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/part10.h"
#include "../src/store-file.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define ELE "1.2.840.10008.1.2.1"

static char *
make_dir(void)
{
	char tmpl[] = "/tmp/dcb-store-XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	return strdup(d);
}

static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
remove_dir(char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[4200];

	while (d != NULL && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		unlink(p);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
	free(dir);
}

static void
uid_safety(void **state)
{
	assert_true(dcb_store_uid_safe("1.2.3"));
	assert_true(dcb_store_uid_safe("0"));
	assert_true(
	    dcb_store_uid_safe("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21.22.23.24.1"));
	assert_false(dcb_store_uid_safe(""));
	assert_false(dcb_store_uid_safe(NULL));
	assert_false(dcb_store_uid_safe(".."));
	assert_false(dcb_store_uid_safe("../x"));
	assert_false(dcb_store_uid_safe("/abs"));
	assert_false(dcb_store_uid_safe("1.2\\3"));
	assert_false(dcb_store_uid_safe(".1.2"));
	assert_false(dcb_store_uid_safe("1.2."));
	assert_false(dcb_store_uid_safe("1..2"));
	assert_false(dcb_store_uid_safe("1.2 "));
	char big[201];
	memset(big, '1', 200);
	big[200] = '\0';
	assert_false(dcb_store_uid_safe(big));
	big[65] = '\0';
	assert_false(dcb_store_uid_safe(big));
	big[64] = '\0';
	assert_true(dcb_store_uid_safe(big));
}

static void
new_uid_is_valid(void **state)
{
	char a[80], b[80];

	assert_int_equal(dcb_store_new_uid(a, sizeof a, NULL), 0);
	assert_int_equal(dcb_store_new_uid(b, sizeof b, NULL), 0);
	assert_true(dcb_store_uid_safe(a));
	assert_memory_equal(a, "2.25.", 5);
	assert_string_not_equal(a, b);
}

static void
write_commit_and_read_back(void **state)
{
	char *dir = make_dir();
	struct dcb_store_policy p = {.out_dir = dir, .naming = DCB_NAMING_DEFAULT};
	struct dcb_store_file *f;
	char expect[4096];
	uint8_t data[100000];
	struct dcb_store_result res;

	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i * 7);
	assert_int_equal(dcb_store_begin(&p, CT, "1.2.3.4", ELE, "SCU", &f, NULL), 0);
	snprintf(expect, sizeof expect, "%s/CT.1.2.3.4", dir);
	assert_string_equal(dcb_store_path(f), expect);
	/* Nothing under the final name while receiving. */
	assert_int_equal(access(expect, F_OK), -1);
	assert_int_equal(dcb_store_write(f, data, 10, NULL), 0);
	assert_int_equal(dcb_store_write(f, data + 10, sizeof data - 10, NULL), 0);
	assert_int_equal(dcb_store_commit(f, &res, NULL), 0);
	const char *path = res.path;
	assert_string_equal(path, expect);
	assert_false(res.overwrote);
	assert_int_equal(count_entries(dir), 1);

	struct dcb_error err;
	struct dcb_reader *r = dcb_reader_open(path, NULL, &err);
	assert_non_null(r);
	const struct dcb_meta *m = dcb_reader_meta(r);
	assert_string_equal(m->media_sop_class_uid, CT);
	assert_string_equal(m->media_sop_instance_uid, "1.2.3.4");
	assert_string_equal(m->transfer_syntax_uid, ELE);
	assert_int_equal(res.bytes, (uint64_t)m->dataset_offset + sizeof data);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, (long)m->dataset_offset, SEEK_SET);
	uint8_t *back = malloc(sizeof data);
	assert_int_equal(fread(back, 1, sizeof data, fp), sizeof data);
	assert_memory_equal(back, data, sizeof data);
	assert_int_equal(fgetc(fp), EOF);
	fclose(fp);
	free(back);
	dcb_reader_free(r);

	/* The same instance again overwrites, as dcmtk does, and says so. */
	assert_int_equal(dcb_store_begin(&p, CT, "1.2.3.4", ELE, "SCU", &f, NULL), 0);
	assert_int_equal(dcb_store_write(f, data, 4, NULL), 0);
	assert_int_equal(dcb_store_commit(f, &res, NULL), 0);
	assert_true(res.overwrote);
	assert_int_equal(count_entries(dir), 1);
	remove_dir(dir);
}

static void
abort_leaves_nothing(void **state)
{
	char *dir = make_dir();
	struct dcb_store_policy p = {.out_dir = dir};
	struct dcb_store_file *f;

	assert_int_equal(dcb_store_begin(&p, CT, "1.2.3.5", ELE, "SCU", &f, NULL), 0);
	assert_int_equal(dcb_store_write(f, "abcd", 4, NULL), 0);
	assert_int_equal(count_entries(dir), 1); /* the temporary file */
	dcb_store_abort(f);
	assert_int_equal(count_entries(dir), 0);
	remove_dir(dir);
}

static void
hostile_uids_are_refused(void **state)
{
	char *dir = make_dir();
	struct dcb_store_policy p = {.out_dir = dir};
	struct dcb_store_file *f = NULL;
	struct dcb_error err;
	const char *bad[] = {"..", "../x", "/abs", "1\\2", "1.2/../../x", ""};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(dcb_store_begin(&p, CT, bad[i], ELE, "SCU", &f, &err),
		                 DCB_ERR_MALFORMED);
		assert_null(f);
		assert_non_null(strstr(err.message, "UID"));
		assert_int_equal(dcb_store_begin(&p, bad[i], "1.2.3", ELE, "SCU", &f, &err),
		                 DCB_ERR_MALFORMED);
	}
	assert_int_equal(count_entries(dir), 0);
	remove_dir(dir);
}

static void
unique_names_and_extension(void **state)
{
	char *dir = make_dir();
	struct dcb_store_policy p = {
	    .out_dir = dir, .naming = DCB_NAMING_UNIQUE, .extension = ".dcm"};
	struct dcb_store_file *f;
	struct dcb_store_result res;
	char a[4096], b[4096], prefix[4096];

	snprintf(prefix, sizeof prefix, "%s/CT.X.2.25.", dir);
	assert_int_equal(dcb_store_begin(&p, CT, "1.2.3", ELE, "SCU", &f, NULL), 0);
	assert_int_equal(dcb_store_commit(f, &res, NULL), 0);
	snprintf(a, sizeof a, "%s", res.path);
	assert_int_equal(dcb_store_begin(&p, CT, "1.2.3", ELE, "SCU", &f, NULL), 0);
	assert_int_equal(dcb_store_commit(f, &res, NULL), 0);
	snprintf(b, sizeof b, "%s", res.path);
	assert_string_not_equal(a, b);
	assert_memory_equal(a, prefix, strlen(prefix));
	assert_string_equal(a + strlen(a) - 4, ".dcm");
	assert_int_equal(count_entries(dir), 2);
	remove_dir(dir);
}

static void
missing_folder_is_an_io_error(void **state)
{
	struct dcb_store_policy p = {.out_dir = "/nonexistent/dcb-test"};
	struct dcb_store_file *f;
	struct dcb_error err;

	assert_int_equal(dcb_store_begin(&p, CT, "1.2.3", ELE, "SCU", &f, &err), DCB_ERR_IO);
	assert_non_null(strstr(err.message, "/nonexistent/dcb-test"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(uid_safety),
	    cmocka_unit_test(new_uid_is_valid),
	    cmocka_unit_test(write_commit_and_read_back),
	    cmocka_unit_test(abort_leaves_nothing),
	    cmocka_unit_test(hostile_uids_are_refused),
	    cmocka_unit_test(unique_names_and_extension),
	    cmocka_unit_test(missing_folder_is_an_io_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
