/* test-qr-keys.c — the identifiers of dcmtk's query tools: -k keys (tags,
 * keywords, paths into sequences, numbers, empty return keys, mistakes),
 * query files, and the identifier printed as dcmtk prints it. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/dict.h"
#include "../src/dset-text.h"
#include "../src/dset.h"
#include "../src/qr-keys.h"

static struct dcb_dset *
with_keys(const char *const *keys, size_t n)
{
	struct dcb_error err = {0};
	struct dcb_dset *ds = dcb_dset_new();

	assert_non_null(ds);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(dcb_qr_key_apply(ds, keys[i], &err), 0);
	return ds;
}

static void
keywords_and_tags(void **state)
{
	const char *keys[] = {"QueryRetrieveLevel=STUDY", "0010,0010=DOE*", "StudyInstanceUID",
	                      "0008,0020=20240101-20241231", "PatientName=SMITH^ANN?"};
	struct dcb_dset *ds = with_keys(keys, 5);
	const struct dcb_dset_elem *el;
	char s[80];

	(void)state;
	assert_int_equal(dcb_dset_get_str(ds, DCB_TAG(0x0008, 0x0052), s, sizeof s), 5);
	assert_string_equal(s, "STUDY");
	el = dcb_dset_get(ds, DCB_TAG(0x0008, 0x0052));
	assert_string_equal(el->vr, "CS");
	/* a later key replaces an earlier one */
	assert_true(dcb_dset_get_str(ds, DCB_TAG(0x0010, 0x0010), s, sizeof s) > 0);
	assert_string_equal(s, "SMITH^ANN?");
	/* without a value: an empty return key */
	el = dcb_dset_get(ds, DCB_TAG(0x0020, 0x000d));
	assert_non_null(el);
	assert_int_equal(el->len, 0);
	assert_string_equal(el->vr, "UI");
	assert_true(dcb_dset_get_str(ds, DCB_TAG(0x0008, 0x0020), s, sizeof s) > 0);
	assert_string_equal(s, "20240101-20241231");
	dcb_dset_free(ds);
}

static void
sequences(void **state)
{
	const char *keys[] = {"ScheduledProcedureStepSequence[0].Modality=MR",
	                      "ScheduledProcedureStepSequence[0].ScheduledStationAETitle",
	                      "0040,0100[1].0040,0002=20240601", "ReferencedStudySequence"};
	struct dcb_dset *ds = with_keys(keys, 4), *item;
	const struct dcb_dset_elem *el;
	char s[40];

	(void)state;
	el = dcb_dset_get(ds, DCB_TAG(0x0040, 0x0100));
	assert_non_null(el);
	assert_string_equal(el->vr, "SQ");
	assert_int_equal(el->n_items, 2);
	item = dcb_dset_item(ds, DCB_TAG(0x0040, 0x0100), 0);
	assert_true(dcb_dset_get_str(item, DCB_TAG(0x0008, 0x0060), s, sizeof s) > 0);
	assert_string_equal(s, "MR");
	assert_non_null(dcb_dset_get(item, DCB_TAG(0x0040, 0x0001)));
	item = dcb_dset_item(ds, DCB_TAG(0x0040, 0x0100), 1);
	assert_true(dcb_dset_get_str(item, DCB_TAG(0x0040, 0x0002), s, sizeof s) > 0);
	assert_string_equal(s, "20240601");
	/* a sequence key alone: an empty sequence */
	el = dcb_dset_get(ds, DCB_TAG(0x0008, 0x1110));
	assert_non_null(el);
	assert_string_equal(el->vr, "SQ");
	assert_int_equal(el->n_items, 0);
	dcb_dset_free(ds);
}

static void
numbers_and_unknown_tags(void **state)
{
	const char *keys[] = {"Rows=512", "0029,1010=PRIVATE", "NumberOfStudyRelatedInstances"};
	struct dcb_dset *ds = with_keys(keys, 3);
	const struct dcb_dset_elem *el;
	uint16_t rows = 0;

	(void)state;
	assert_int_equal(dcb_dset_get_u16(ds, DCB_TAG(0x0028, 0x0010), &rows), 0);
	assert_int_equal(rows, 512);
	el = dcb_dset_get(ds, DCB_TAG(0x0029, 0x1010));
	assert_non_null(el);
	assert_string_equal(el->vr, "UN");
	assert_string_equal(dcb_dset_get(ds, DCB_TAG(0x0020, 0x1208))->vr, "IS");
	dcb_dset_free(ds);
}

static void
mistakes(void **state)
{
	static const char *const bad[] = {
		"NoSuchKeyword=1", "001g,0010=X", "=X", "Rows=many", "Rows=70000",
		"ScheduledProcedureStepSequence=MR", "ScheduledProcedureStepSequence[x].Modality=MR",
		"ScheduledProcedureStepSequence[0]", "PatientName[0].PatientID=1",
		"ScheduledProcedureStepSequence.Modality=MR", "0002,0010=1.2", "0000,0100=1",
		"PixelData=ABC",
	};
	struct dcb_dset *ds = dcb_dset_new();

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct dcb_error err = {0};
		int rc = dcb_qr_key_apply(ds, bad[i], &err);
		if (rc != DCB_ERR_USAGE)
			fail_msg("key '%s': %d, want DCB_ERR_USAGE", bad[i], rc);
		assert_non_null(strstr(err.message, bad[i]));
	}
	dcb_dset_free(ds);
}

struct lines {
	char text[4096];
};

static void
add_line(void *user, const char *line)
{
	struct lines *l = user;

	strncat(l->text, line, sizeof l->text - strlen(l->text) - 2);
	strcat(l->text, "\n");
}

static void
printed_as_dcmtk(void **state)
{
	const char *keys[] = {"QueryRetrieveLevel=STUDY ", "PatientName", "SOPClassUID=1.2.840.10008.5.1.4.1.1.2",
	                      "ScheduledProcedureStepSequence[0].Modality=MR", "Rows=4"};
	struct dcb_dset *ds = with_keys(keys, 5);
	struct lines l = {""};

	(void)state;
	dcb_dset_print(ds, add_line, &l);
	assert_string_equal(
	    l.text,
	    "(0008,0016) UI =CTImageStorage                          #  26, 1 SOPClassUID\n"
	    "(0008,0052) CS [STUDY ]                                 #   6, 1 QueryRetrieveLevel\n"
	    "(0010,0010) PN (no value available)                     #   0, 0 PatientName\n"
	    "(0028,0010) US 4                                        #   2, 1 Rows\n"
	    "(0040,0100) SQ (Sequence with explicit length #=1)      #  18, 1 "
	    "ScheduledProcedureStepSequence\n"
	    "  (fffe,e000) na (Item with explicit length #=1)          #  10, 1 Item\n"
	    "    (0008,0060) CS [MR]                                     #   2, 1 Modality\n"
	    "  (fffe,e00d) na (ItemDelimitationItem for re-encoding)   #   0, 0 "
	    "ItemDelimitationItem\n"
	    "(fffe,e0dd) na (SequenceDelimitationItem for re-encod.) #   0, 0 "
	    "SequenceDelimitationItem\n");
	dcb_dset_free(ds);
}

static void
query_file(void **state)
{
	/* a bare data set in implicit VR: (0008,0052) STUDY, (0010,0010) DOE* */
	static const uint8_t bytes[] = {
		0x08, 0x00, 0x52, 0x00, 6, 0, 0, 0, 'S', 'T', 'U', 'D', 'Y', ' ',
		0x10, 0x00, 0x10, 0x00, 4, 0, 0, 0, 'D', 'O', 'E', '*',
	};
	char path[] = "/tmp/test-qr-keys-XXXXXX";
	struct dcb_error err = {0};
	struct dcb_dset *ds = NULL;
	char s[40];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, sizeof bytes), (ssize_t)sizeof bytes);
	close(fd);
	assert_int_equal(dcb_qr_read_query_file(path, &ds, &err), 0);
	assert_int_equal(dcb_qr_key_apply(ds, "PatientName=ROE*", &err), 0);
	assert_true(dcb_dset_get_str(ds, DCB_TAG(0x0010, 0x0010), s, sizeof s) > 0);
	assert_string_equal(s, "ROE*");
	assert_true(dcb_dset_get_str(ds, DCB_TAG(0x0008, 0x0052), s, sizeof s) > 0);
	assert_string_equal(s, "STUDY");
	dcb_dset_free(ds);
	unlink(path);
	assert_true(dcb_qr_read_query_file(path, &ds, &err) < 0);
	assert_null(ds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keywords_and_tags),
		cmocka_unit_test(sequences),
		cmocka_unit_test(numbers_and_unknown_tags),
		cmocka_unit_test(mistakes),
		cmocka_unit_test(printed_as_dcmtk),
		cmocka_unit_test(query_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
