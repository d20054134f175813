/* test-dict.c — the data dictionary and the UID dictionary. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dict.h"

/* Looks tag up and asserts that it is found under keyword. */
static const struct dcb_dict_entry *
lookup_named(uint32_t tag, const char *keyword)
{
	const struct dcb_dict_entry *e = dcb_dict_lookup(tag);

	assert_non_null(e);
	assert_string_equal(e->keyword, keyword);
	return e;
}

static void
lookup_known_tags(void **state)
{
	const struct dcb_dict_entry *e = lookup_named(DCB_TAG(0x0008, 0x0018), "SOPInstanceUID");

	assert_string_equal(e->name, "SOP Instance UID");
	assert_string_equal(e->vr, "UI");
	assert_string_equal(e->vm, "1");
	assert_false(e->retired);

	e = lookup_named(DCB_TAG(0x7fe0, 0x0010), "PixelData");
	assert_string_equal(e->vr, "OB or OW");

	e = dcb_dict_lookup(DCB_TAG(0x0028, 0x0106));
	assert_non_null(e);
	assert_string_equal(e->vr, "US or SS");

	lookup_named(DCB_TAG(0x0002, 0x0010), "TransferSyntaxUID");
	/* first and last exact entries */
	lookup_named(DCB_TAG(0x0000, 0x0000), "CommandGroupLength");
	lookup_named(DCB_TAG(0xfffe, 0xe0dd), "SequenceDelimitationItem");
}

static void
retired_flag(void **state)
{
	const struct dcb_dict_entry *e =
	    lookup_named(DCB_TAG(0x0000, 0x0001), "CommandLengthToEnd");

	assert_true(e->retired);
}

static void
repeating_groups(void **state)
{
	const struct dcb_dict_entry *e = lookup_named(DCB_TAG(0x6002, 0x3000), "OverlayData");

	assert_int_equal(e->mask, 0xff00ffffu);
	assert_int_equal(e->tag, DCB_TAG(0x6000, 0x3000));
	lookup_named(DCB_TAG(0x60fe, 0x0010), "OverlayRows");
	lookup_named(DCB_TAG(0x0020, 0x3142), "SourceImageIDs");
	/* odd groups are private, never overlays */
	assert_null(dcb_dict_lookup(DCB_TAG(0x6001, 0x3000)));
}

static void
private_and_unknown(void **state)
{
	const struct dcb_dict_entry *e;

	assert_null(dcb_dict_lookup(DCB_TAG(0x0009, 0x1001)));
	assert_null(dcb_dict_lookup(DCB_TAG(0x0008, 0x0003)));
	assert_null(dcb_dict_lookup(DCB_TAG(0x0003, 0x0010)));
	e = lookup_named(DCB_TAG(0x0009, 0x0010), "PrivateCreator");
	assert_string_equal(e->vr, "LO");
	lookup_named(DCB_TAG(0x0029, 0x0000), "PrivateGroupLength");
	e = dcb_dict_lookup(DCB_TAG(0x0008, 0x0000));
	assert_non_null(e);
	assert_string_equal(e->vr, "UL");
	assert_string_equal(e->keyword, "GenericGroupLength");
	/* exact entries win over the generic group length rule */
	e = dcb_dict_lookup(DCB_TAG(0x0002, 0x0000));
	assert_string_equal(e->keyword, "FileMetaInformationGroupLength");
}

static void
every_exact_entry_is_found(void **state)
{
	/* Walk a wide range: whatever lookup returns must match the tag. */
	unsigned found = 0;

	for (uint32_t g = 0; g <= 0x0070; g += 2)
		for (uint32_t el = 0; el <= 0xffff; el++) {
			const struct dcb_dict_entry *e = dcb_dict_lookup(DCB_TAG(g, el));

			if (e == NULL)
				continue;
			assert_int_equal(DCB_TAG(g, el) & e->mask, e->tag);
			found++;
		}
	assert_true(found > 3000);
}

static void
by_keyword(void **state)
{
	const struct dcb_dict_entry *e = dcb_dict_by_keyword("PatientName");

	assert_non_null(e);
	assert_int_equal(e->tag, DCB_TAG(0x0010, 0x0010));
	assert_string_equal(e->vr, "PN");
	e = dcb_dict_by_keyword("OverlayData");
	assert_non_null(e);
	assert_int_equal(e->tag, DCB_TAG(0x6000, 0x3000));
	assert_null(dcb_dict_by_keyword("NoSuchKeyword"));
	assert_null(dcb_dict_by_keyword(NULL));
}

static void
uid_lookup(void **state)
{
	const struct dcb_uid_entry *u = dcb_uid_lookup("1.2.840.10008.5.1.4.1.1.2");

	assert_non_null(u);
	assert_string_equal(u->keyword, "CTImageStorage");
	assert_string_equal(u->name, "CT Image Storage");
	assert_int_equal(u->kind, DCB_UID_SOP_CLASS);
	assert_false(u->retired);

	u = dcb_uid_lookup("1.2.840.10008.1.2");
	assert_non_null(u);
	assert_int_equal(u->kind, DCB_UID_TRANSFER_SYNTAX);
	u = dcb_uid_lookup("1.2.840.10008.1.2.2");
	assert_non_null(u);
	assert_true(u->retired);
	u = dcb_uid_lookup("1.2.840.10008.3.1.1.1");
	assert_non_null(u);
	assert_int_equal(u->kind, DCB_UID_OTHER); /* application context */
	assert_null(dcb_uid_lookup("1.2.3.4"));
	assert_null(dcb_uid_lookup("1.2.840.10008.5.1.4.1.1.2 "));
	assert_null(dcb_uid_lookup(NULL));
}

static void
uid_iteration(void **state)
{
	unsigned n_ts = 0, n_sop = 0;
	bool saw_explicit = false, saw_ct = false;
	const struct dcb_uid_entry *u;

	for (unsigned i = 0; (u = dcb_uid_nth(DCB_UID_TRANSFER_SYNTAX, i)) != NULL; i++) {
		assert_int_equal(u->kind, DCB_UID_TRANSFER_SYNTAX);
		assert_ptr_equal(dcb_uid_lookup(u->uid), u);
		saw_explicit |= strcmp(u->uid, "1.2.840.10008.1.2.1") == 0;
		n_ts++;
	}
	for (unsigned i = 0; (u = dcb_uid_nth(DCB_UID_SOP_CLASS, i)) != NULL; i++) {
		assert_int_equal(u->kind, DCB_UID_SOP_CLASS);
		saw_ct |= strcmp(u->keyword, "CTImageStorage") == 0;
		n_sop++;
	}
	assert_true(saw_explicit);
	assert_true(saw_ct);
	assert_true(n_ts >= 30);
	assert_true(n_sop >= 200);
	assert_null(dcb_uid_nth(DCB_UID_OTHER, 100000));
	assert_null(dcb_uid_nth((enum dcb_uid_kind)7, 0));
}

static void
file_prefixes(void **state)
{
	assert_string_equal(dcb_uid_file_prefix("1.2.840.10008.5.1.4.1.1.2"), "CT");
	assert_string_equal(dcb_uid_file_prefix("1.2.840.10008.5.1.4.1.1.4"), "MR");
	assert_string_equal(dcb_uid_file_prefix("1.2.840.10008.5.1.4.1.1.7"), "SC");
	assert_string_equal(dcb_uid_file_prefix("1.2.840.10008.5.1.4.1.1.1"), "CR");
	assert_string_equal(dcb_uid_file_prefix("1.2.840.10008.5.1.4.1.1.6.1"), "US");
	assert_string_equal(dcb_uid_file_prefix("1.2.840.10008.5.1.4.1.1.128"), "PI");
	assert_string_equal(dcb_uid_file_prefix("1.2.840.10008.5.1.4.1.1.481.2"), "RD");
	assert_string_equal(dcb_uid_file_prefix("1.2.840.10008.5.1.4.1.1.88.11"), "SRt");
	/* a transfer syntax or an unknown UID has no prefix */
	assert_string_equal(dcb_uid_file_prefix("1.2.840.10008.1.2"), "UNKNOWN");
	assert_string_equal(dcb_uid_file_prefix("1.2.3"), "UNKNOWN");
	assert_string_equal(dcb_uid_file_prefix(NULL), "UNKNOWN");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lookup_known_tags),
	    cmocka_unit_test(retired_flag),
	    cmocka_unit_test(repeating_groups),
	    cmocka_unit_test(private_and_unknown),
	    cmocka_unit_test(every_exact_entry_is_found),
	    cmocka_unit_test(by_keyword),
	    cmocka_unit_test(uid_lookup),
	    cmocka_unit_test(uid_iteration),
	    cmocka_unit_test(file_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
