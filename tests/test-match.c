/* test-match.c — attribute matching (PS3.4 C.2.2.2): one test per rule,
 * each with cases that must match and cases that must not; the miss, the
 * answer, character sets, the PN case switch, a pathological wild card. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dict.h"
#include "../src/dset.h"
#include "../src/match.h"

#define CHARSET DCB_TAG(0x0008, 0x0005)
#define QR_LEVEL DCB_TAG(0x0008, 0x0052)
#define STUDY_DATE DCB_TAG(0x0008, 0x0020)
#define STUDY_TIME DCB_TAG(0x0008, 0x0030)
#define ACQ_DATETIME DCB_TAG(0x0008, 0x002a)
#define MODALITY DCB_TAG(0x0008, 0x0060)
#define MODALITIES DCB_TAG(0x0008, 0x0061)
#define INSTITUTION_ADDR DCB_TAG(0x0008, 0x0081) /* ST */
#define CODE_VALUE DCB_TAG(0x0008, 0x0100)
#define REF_STUDY_SEQ DCB_TAG(0x0008, 0x1110)
#define REF_SOP_CLASS DCB_TAG(0x0008, 0x1150)
#define PATIENT_NAME DCB_TAG(0x0010, 0x0010)
#define PATIENT_ID DCB_TAG(0x0010, 0x0020)
#define STUDY_UID DCB_TAG(0x0020, 0x000d)
#define SERIES_NUMBER DCB_TAG(0x0020, 0x0011) /* IS */
#define ROWS DCB_TAG(0x0028, 0x0010)
#define STUDY_COMMENTS DCB_TAG(0x0032, 0x4000) /* LT */
#define SPS_AE DCB_TAG(0x0040, 0x0001)
#define SPS_DATE DCB_TAG(0x0040, 0x0002)
#define SPS_TIME DCB_TAG(0x0040, 0x0003)
#define PROTOCOL_SEQ DCB_TAG(0x0040, 0x0008)
#define SPS_SEQ DCB_TAG(0x0040, 0x0100)

static struct dcb_dset *
new_set(void)
{
	struct dcb_dset *ds = dcb_dset_new();

	assert_non_null(ds);
	return ds;
}

static void
put(struct dcb_dset *ds, uint32_t tag, const char *vr, const char *s)
{
	struct dcb_error err = {0};

	if (dcb_dset_put_str(ds, tag, vr, s, &err) != 0)
		fail_msg("put (%04X,%04X): %s", DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag), err.message);
}

static struct dcb_dset *
add_item(struct dcb_dset *ds, uint32_t tag)
{
	struct dcb_dset *item = dcb_dset_seq_add_item(ds, tag, NULL);

	assert_non_null(item);
	return item;
}

/* One key of VR vr: the query's value q against the entry's value c (NULL:
 * the entry lacks it), with options o. */
static bool
key_opts(uint32_t tag, const char *vr, const char *q, const char *c,
         const struct dcb_match_opts *o)
{
	struct dcb_dset *query = new_set(), *cand = new_set();
	bool r;

	put(query, tag, vr, q);
	if (c != NULL)
		put(cand, tag, vr, c);
	put(cand, DCB_TAG(0x0008, 0x0018), "UI", "1.2.3.4"); /* not a key of the query */
	r = dcb_match(query, cand, o, NULL);
	dcb_dset_free(query);
	dcb_dset_free(cand);
	return r;
}

static bool
key(uint32_t tag, const char *vr, const char *q, const char *c)
{
	return key_opts(tag, vr, q, c, NULL);
}

/* C.2.2.2.1: exact values; trailing spaces never count, leading ones only
 * where PS3.5 says so. */
static void
single_value(void **state)
{
	(void)state;
	assert_true(key(PATIENT_ID, "LO", "123", "123"));
	assert_false(key(PATIENT_ID, "LO", "123", "1234"));
	assert_false(key(PATIENT_ID, "LO", "1234", "123"));
	assert_true(key(PATIENT_ID, "LO", "123", "123   "));
	assert_true(key(PATIENT_ID, "LO", "  123", "123")); /* LO: leading spaces pad */
	assert_true(key(MODALITY, "CS", " CT", "CT "));
	assert_false(key(MODALITY, "CS", "ct", "CT")); /* case-sensitive */
	assert_true(key(INSTITUTION_ADDR, "ST", "Main St", "Main St  "));
	assert_false(key(INSTITUTION_ADDR, "ST", " Main St", "Main St")); /* ST: leading spaces count */
	assert_true(key(STUDY_UID, "UI", "1.2.3", "1.2.3"));
	assert_false(key(STUDY_UID, "UI", "1.2.3", "1.2.30"));
	assert_true(key(SERIES_NUMBER, "IS", "7", " 7"));
	assert_false(key(SERIES_NUMBER, "IS", "7", "07")); /* by string, not by number */
}

/* Binary keys: equal value by value; zero length is universal. */
static void
binary_values(void **state)
{
	struct dcb_dset *q = new_set(), *c = new_set();

	(void)state;
	assert_int_equal(dcb_dset_put_u16(q, ROWS, 512, NULL), 0);
	assert_int_equal(dcb_dset_put_u16(c, ROWS, 512, NULL), 0);
	assert_true(dcb_match(q, c, NULL, NULL));
	assert_int_equal(dcb_dset_put_u16(c, ROWS, 256, NULL), 0);
	assert_false(dcb_match(q, c, NULL, NULL));
	assert_int_equal(dcb_dset_put(q, ROWS, "US", NULL, 0, NULL), 0);
	assert_true(dcb_match(q, c, NULL, NULL));
	dcb_dset_free(q);
	dcb_dset_free(c);
}

/* C.2.2.2.3: a zero-length key matches every entry, even one without the
 * attribute; a non-empty key needs a value in the entry. */
static void
universal(void **state)
{
	struct dcb_match_opts unknown = {.empty_is_unknown = true};

	(void)state;
	assert_true(key(PATIENT_NAME, "PN", "", "DOE^JOHN"));
	assert_true(key(PATIENT_NAME, "PN", "", NULL));
	assert_true(key(PATIENT_NAME, "PN", "    ", NULL)); /* only padding */
	assert_true(key(PATIENT_NAME, "PN", "*", NULL));     /* C.2.2.2.4 note 1 */
	assert_true(key(PATIENT_NAME, "PN", "**", ""));
	assert_false(key(PATIENT_NAME, "PN", "*^*", NULL));
	assert_false(key(PATIENT_NAME, "PN", "DOE", NULL));
	assert_false(key(PATIENT_NAME, "PN", "DOE", ""));
	assert_false(key(STUDY_DATE, "DA", "20060705", NULL));
	/* C.2.2.1.2: a zero-length value in the entry is unknown and matches */
	assert_true(key_opts(PATIENT_NAME, "PN", "DOE", NULL, &unknown));
	assert_true(key_opts(PATIENT_NAME, "PN", "DOE", "", &unknown));
	assert_true(key_opts(STUDY_DATE, "DA", "20060705-", "", &unknown));
	assert_false(key_opts(PATIENT_NAME, "PN", "DOE", "SMITH", &unknown));
}

/* C.2.2.2.4: "*" any run, "?" one character, for AE CS LO LT PN SH ST UC
 * UR UT; not for dates, UIDs or numbers. */
static void
wild_cards(void **state)
{
	(void)state;
	assert_true(key(PATIENT_NAME, "PN", "DOE^J*", "DOE^JOHN"));
	assert_true(key(PATIENT_NAME, "PN", "DOE^J*", "DOE^J"));
	assert_false(key(PATIENT_NAME, "PN", "DOE^J*", "DOE^ANNA"));
	assert_true(key(PATIENT_NAME, "PN", "D?E^JOHN", "DOE^JOHN"));
	assert_false(key(PATIENT_NAME, "PN", "D?E^JOHN", "DOOE^JOHN"));
	assert_false(key(PATIENT_NAME, "PN", "D?E^JOHN", "DE^JOHN"));
	assert_true(key(PATIENT_NAME, "PN", "*OHN", "DOE^JOHN"));
	assert_false(key(PATIENT_NAME, "PN", "*OHN", "DOE^JOHNNY"));
	assert_true(key(PATIENT_NAME, "PN", "*O*O*", "DOE^JOHN"));
	assert_false(key(PATIENT_NAME, "PN", "*O*O*O*", "DOE^JOHN"));
	assert_true(key(MODALITY, "CS", "C?", "CT"));
	assert_true(key(DCB_TAG(0x0008, 0x0054), "AE", "STORE*", "STORESCP"));
	assert_true(key(PATIENT_ID, "LO", "A*Z", "AZ"));
	assert_true(key(STUDY_COMMENTS, "LT", "*urgent*", "not urgent at all"));
	assert_false(key(STUDY_COMMENTS, "LT", "*urgent*", "routine"));
	/* no wild cards for DA, UI, IS */
	assert_false(key(STUDY_DATE, "DA", "2006*", "20060705"));
	assert_false(key(STUDY_UID, "UI", "1.2.*", "1.2.3"));
	assert_true(key(STUDY_UID, "UI", "1.2.*", "1.2.*"));
	assert_false(key(SERIES_NUMBER, "IS", "1?", "12"));
}

/* A pattern that makes a backtracking matcher take exponential time must
 * come back, with the right answer. */
static void
wild_card_pathological(void **state)
{
	enum { VLEN = 20000, STARS = 400 };
	char *val = malloc(VLEN + 1), *pat = malloc(2 * STARS + 2);
	size_t n = 0;

	(void)state;
	assert_non_null(val);
	assert_non_null(pat);
	for (int i = 0; i < STARS; i++)
		pat[n++] = '*', pat[n++] = '?';
	pat[n++] = 'a';
	pat[n] = '\0';
	memset(val, 'b', VLEN);
	val[VLEN] = '\0';
	assert_false(key(STUDY_COMMENTS, "LT", pat, val));
	val[VLEN - 1] = 'a';
	assert_true(key(STUDY_COMMENTS, "LT", pat, val));
	assert_true(key(STUDY_COMMENTS, "LT", pat + 2 * STARS - 2, "ba"));
	assert_false(key(STUDY_COMMENTS, "LT", pat, "a"));
	free(val);
	free(pat);
}

/* C.2.2.2.5.1: date ranges, inclusive, open on either side. */
static void
range_dates(void **state)
{
	(void)state;
	assert_true(key(STUDY_DATE, "DA", "20060705-20060707", "20060705"));
	assert_true(key(STUDY_DATE, "DA", "20060705-20060707", "20060706"));
	assert_true(key(STUDY_DATE, "DA", "20060705-20060707", "20060707"));
	assert_false(key(STUDY_DATE, "DA", "20060705-20060707", "20060708"));
	assert_false(key(STUDY_DATE, "DA", "20060705-20060707", "20060704"));
	assert_true(key(STUDY_DATE, "DA", "-20060705", "19991231"));
	assert_false(key(STUDY_DATE, "DA", "-20060705", "20060706"));
	assert_true(key(STUDY_DATE, "DA", "20060705-", "20991231"));
	assert_false(key(STUDY_DATE, "DA", "20060705-", "20060704"));
	assert_true(key(STUDY_DATE, "DA", "20060705", "20060705"));
	assert_false(key(STUDY_DATE, "DA", "20060705", "20060706"));
	assert_true(key(STUDY_DATE, "DA", "20061231-20070101", "20070101")); /* across a year */
	assert_true(key(STUDY_DATE, "DA", "2006.07.05", "20060705"));         /* the old form */
	assert_false(key(STUDY_DATE, "DA", "20060705-", "yesterday"));        /* does not parse */
	assert_false(key(STUDY_DATE, "DA", "2006-07-05", "20060705"));
}

/* C.2.2.2.5.2: times by meaning; fractions; partial times. */
static void
range_times(void **state)
{
	(void)state;
	assert_true(key(STUDY_TIME, "TM", "2230", "223000"));            /* C.2.2.2.1.3 note 1 */
	assert_false(key(STUDY_TIME, "TM", "2230", "223001"));
	assert_true(key(STUDY_TIME, "TM", "1000-1800", "123000.5"));
	assert_false(key(STUDY_TIME, "TM", "1000-1800", "180000.000001"));
	assert_true(key(STUDY_TIME, "TM", "1000-1800", "18"));
	assert_true(key(STUDY_TIME, "TM", "-12", "11"));                 /* dcmtk's example */
	assert_false(key(STUDY_TIME, "TM", "-12", "1230"));              /* "12" is 12:00:00 */
	assert_true(key(STUDY_TIME, "TM", "12-", "235959.999999"));
	assert_true(key(STUDY_TIME, "TM", "101010.5-101010.6", "101010.55"));
	assert_false(key(STUDY_TIME, "TM", "101010.5-101010.6", "101010.61"));
	assert_true(key(STUDY_TIME, "TM", "10:30:00", "103000"));        /* the old form */
	assert_false(key(STUDY_TIME, "TM", "0800-1000", "2500"));        /* not a time */
	assert_false(key(STUDY_TIME, "TM", "0800-1000", "1"));
}

/* C.2.2.2.5.3: date-times, offsets counted; a "-" of an offset is not the
 * separator. */
static void
range_datetimes(void **state)
{
	(void)state;
	assert_true(key(ACQ_DATETIME, "DT", "19980128103000.0000", "19980128103000")); /* note 1 */
	assert_true(key(ACQ_DATETIME, "DT", "19980128103000", "19980128073000-0300"));
	assert_false(key(ACQ_DATETIME, "DT", "19980128103000", "19980128073000"));
	assert_true(key(ACQ_DATETIME, "DT", "20060705120000-20060705130000", "20060705123000"));
	assert_false(key(ACQ_DATETIME, "DT", "20060705120000-20060705130000", "20060705130001"));
	assert_true(key(ACQ_DATETIME, "DT", "2006-", "2007"));
	/* missing parts are the start: "200607" is July 1st, 00:00 */
	assert_true(key(ACQ_DATETIME, "DT", "-200607", "20060701"));
	assert_false(key(ACQ_DATETIME, "DT", "-200607", "20060701000000.000001"));
	assert_true(key(ACQ_DATETIME, "DT", "20060705100000-0500-20060705120000-0500",
	                "20060705160000+0000"));
	assert_false(key(ACQ_DATETIME, "DT", "20060705100000-0500-20060705120000-0500",
	                 "20060705120000+0000"));
}

/* C.2.2.2.5.4: Study Date "20060705-20060707" with Study Time "1000-1800"
 * is three windows by default, one span when combined. */
static void
combined_date_time(void **state)
{
	struct dcb_match_opts comb = {.combine_date_time = true};
	struct dcb_dset *q = new_set(), *c = new_set();
	struct dcb_match_miss miss;

	(void)state;
	put(q, STUDY_DATE, "DA", "20060705-20060707");
	put(q, STUDY_TIME, "TM", "1000-1800");
	put(c, STUDY_DATE, "DA", "20060706");
	put(c, STUDY_TIME, "TM", "0800");
	assert_false(dcb_match(q, c, NULL, NULL));
	assert_true(dcb_match(q, c, &comb, NULL));
	put(c, STUDY_DATE, "DA", "20060705");
	put(c, STUDY_TIME, "TM", "0900");
	assert_false(dcb_match(q, c, &comb, &miss));
	assert_int_equal(miss.tag, STUDY_DATE);
	put(c, STUDY_DATE, "DA", "20060707");
	put(c, STUDY_TIME, "TM", "1801");
	assert_false(dcb_match(q, c, &comb, NULL));
	put(c, STUDY_TIME, "TM", "1200");
	assert_true(dcb_match(q, c, &comb, NULL));
	assert_true(dcb_match(q, c, NULL, NULL));
	/* different forms: each on its own */
	put(q, STUDY_TIME, "TM", "1000");
	put(c, STUDY_DATE, "DA", "20060706");
	put(c, STUDY_TIME, "TM", "1000");
	assert_true(dcb_match(q, c, &comb, NULL));
	put(c, STUDY_TIME, "TM", "0800");
	assert_false(dcb_match(q, c, &comb, NULL));
	dcb_dset_free(q);
	dcb_dset_free(c);
}

/* C.2.2.2.2: a list of UIDs, any of which may match (dcmtk's examples). */
static void
uid_list(void **state)
{
	(void)state;
	assert_true(key(STUDY_UID, "UI", "1.2.3\\1.2.4", "1.2.4"));
	assert_false(key(STUDY_UID, "UI", "1.2.3\\1.2.4", "1.2.5"));
	assert_true(key(STUDY_UID, "UI", "456.789.10\\123.456.789.10", "123.456.789.10"));
	assert_false(key(STUDY_UID, "UI", "456.789.10\\123.456.79.10\\456.123.789.10",
	                 "123.456.789.10"));
	assert_false(key(STUDY_UID, "UI", "456.789.10", "123.456.789.10"));
}

/* C.2.2.3: any value of the query against any value of the entry. */
static void
multiple_values(void **state)
{
	(void)state;
	assert_true(key(MODALITIES, "CS", "MR", "CT\\MR"));
	assert_false(key(MODALITIES, "CS", "US", "CT\\MR"));
	assert_true(key(MODALITIES, "CS", "US\\MR", "CT\\MR"));
	assert_false(key(MODALITIES, "CS", "US\\NM", "CT\\MR"));
	assert_true(key(MODALITIES, "CS", "M*", "CT\\MR"));
	assert_false(key(MODALITIES, "CS", "CT\\MR", "US\\NM"));
	assert_true(key(STUDY_DATE, "DA", "-19991231\\20060705", "20060705"));
	assert_false(key(MODALITIES, "CS", "MR\\", "CT"));                /* "" is no value */
	/* LT holds "\" as text */
	assert_true(key(STUDY_COMMENTS, "LT", "a\\b", "a\\b"));
	assert_false(key(STUDY_COMMENTS, "LT", "a\\b", "b"));
}

/* A worklist entry: two scheduled steps, a protocol code inside each. */
static struct dcb_dset *
worklist_entry(const char *ae2, const char *time2)
{
	struct dcb_dset *c = new_set(), *sps, *code;

	put(c, PATIENT_NAME, "PN", "DOE^JANE");
	sps = add_item(c, SPS_SEQ);
	put(sps, SPS_AE, "AE", "MR1");
	put(sps, MODALITY, "CS", "MR");
	put(sps, SPS_DATE, "DA", "20260115");
	put(sps, SPS_TIME, "TM", "0930");
	code = add_item(sps, PROTOCOL_SEQ);
	put(code, CODE_VALUE, "SH", "MR22");
	sps = add_item(c, SPS_SEQ);
	put(sps, SPS_AE, "AE", ae2);
	put(sps, MODALITY, "CS", "CT");
	put(sps, SPS_DATE, "DA", "20260115");
	put(sps, SPS_TIME, "TM", time2);
	code = add_item(sps, PROTOCOL_SEQ);
	put(code, CODE_VALUE, "SH", "XR9");
	code = add_item(sps, PROTOCOL_SEQ);
	put(code, CODE_VALUE, "SH", "XR1");
	return c;
}

static struct dcb_dset *
worklist_query(void)
{
	struct dcb_dset *q = new_set(), *sps, *code;

	put(q, PATIENT_NAME, "PN", "");
	sps = add_item(q, SPS_SEQ);
	put(sps, SPS_AE, "AE", "CT1");
	put(sps, MODALITY, "CS", "CT");
	put(sps, SPS_DATE, "DA", "20260101-20260131");
	put(sps, SPS_TIME, "TM", "0800-1200");
	code = add_item(sps, PROTOCOL_SEQ);
	put(code, CODE_VALUE, "SH", "XR1");
	return q;
}

/* C.2.2.2.6: some item of the entry matches every key of the query's item,
 * recursively; an empty item or no item is universal. */
static void
sequences(void **state)
{
	struct dcb_dset *q = worklist_query(), *c = worklist_entry("CT1", "0930"), *e, *sps;

	(void)state;
	assert_true(dcb_match(q, c, NULL, NULL));
	dcb_dset_free(c);
	c = worklist_entry("CT1", "1300"); /* the CT step is after the range */
	assert_false(dcb_match(q, c, NULL, NULL));
	dcb_dset_free(c);
	c = worklist_entry("CT2", "0930");
	assert_false(dcb_match(q, c, NULL, NULL));
	/* the item's keys must hold in one item: MR1's time with CT's modality does not do */
	dcb_dset_free(q);
	q = worklist_query();
	put(dcb_dset_item(q, SPS_SEQ, 0), SPS_AE, "AE", "MR1");
	assert_false(dcb_match(q, c, NULL, NULL));
	/* the nested code must be there */
	put(dcb_dset_item(q, SPS_SEQ, 0), SPS_AE, "AE", "CT2");
	assert_true(dcb_match(q, c, NULL, NULL));
	put(dcb_dset_item(dcb_dset_item(q, SPS_SEQ, 0), PROTOCOL_SEQ, 0), CODE_VALUE, "SH", "XR2");
	assert_false(dcb_match(q, c, NULL, NULL));
	dcb_dset_free(q);

	/* an empty item, an empty sequence: universal, even without the sequence */
	e = new_set();
	q = new_set();
	add_item(q, SPS_SEQ);
	assert_true(dcb_match(q, c, NULL, NULL));
	assert_true(dcb_match(q, e, NULL, NULL));
	dcb_dset_free(q);
	q = new_set();
	assert_int_equal(dcb_dset_put_seq(q, SPS_SEQ, NULL), 0);
	assert_true(dcb_match(q, e, NULL, NULL));
	dcb_dset_free(q);
	/* an item with keys against an entry without the sequence, or an empty one */
	q = new_set();
	sps = add_item(q, SPS_SEQ);
	put(sps, MODALITY, "CS", "CT");
	assert_false(dcb_match(q, e, NULL, NULL));
	assert_int_equal(dcb_dset_put_seq(e, SPS_SEQ, NULL), 0);
	assert_false(dcb_match(q, e, NULL, NULL));
	dcb_dset_free(q);
	dcb_dset_free(e);
	dcb_dset_free(c);
}

/* The first key that failed, in the query's order, and its words. */
static void
miss(void **state)
{
	struct dcb_dset *q = new_set(), *c = new_set(), *e = new_set();
	struct dcb_match_miss m;
	char text[256];

	(void)state;
	put(q, PATIENT_NAME, "PN", "DOE^J*");
	put(q, PATIENT_ID, "LO", "X");
	put(c, PATIENT_NAME, "PN", "SMITH^A");
	put(c, PATIENT_ID, "LO", "Y");
	assert_false(dcb_match(q, c, NULL, &m));
	assert_int_equal(m.tag, PATIENT_NAME);
	assert_int_equal(m.seq_tag, 0);
	assert_string_equal(m.want, "DOE^J*");
	assert_string_equal(m.have, "SMITH^A");
	assert_false(m.absent);
	dcb_match_miss_describe(&m, text, sizeof text);
	assert_string_equal(text, "(0010,0010) PatientName: wanted 'DOE^J*', entry has 'SMITH^A'");

	put(c, PATIENT_NAME, "PN", "DOE^JOHN");
	assert_false(dcb_match(q, c, NULL, &m));
	assert_int_equal(m.tag, PATIENT_ID);
	assert_string_equal(m.have, "Y");

	assert_false(dcb_match(q, e, NULL, &m)); /* absent */
	assert_int_equal(m.tag, PATIENT_NAME);
	assert_true(m.absent);
	assert_string_equal(m.have, "");
	dcb_match_miss_describe(&m, text, sizeof text);
	assert_string_equal(text, "(0010,0010) PatientName: wanted 'DOE^J*', entry has none");
	dcb_match_miss_describe(&m, text, 12); /* cut, terminated */
	assert_int_equal(strlen(text), 11);
	dcb_dset_free(q);
	dcb_dset_free(c);

	/* inside a sequence: the key of the entry's first item */
	q = worklist_query();
	c = worklist_entry("CT1", "1300");
	assert_false(dcb_match(q, c, NULL, &m));
	assert_int_equal(m.seq_tag, SPS_SEQ);
	assert_int_equal(m.tag, MODALITY); /* (0008,0060) comes before (0040,0001) */
	assert_string_equal(m.want, "CT");
	assert_string_equal(m.have, "MR");
	dcb_match_miss_describe(&m, text, sizeof text);
	assert_string_equal(text, "(0040,0100) ScheduledProcedureStepSequence > (0008,0060) "
	                          "Modality: wanted 'CT', entry has 'MR'");
	/* a sequence the entry lacks */
	assert_false(dcb_match(q, e, NULL, &m));
	assert_int_equal(m.tag, SPS_SEQ);
	assert_int_equal(m.seq_tag, 0);
	assert_true(m.absent);
	dcb_match_miss_describe(&m, text, sizeof text);
	assert_string_equal(text, "(0040,0100) ScheduledProcedureStepSequence: wanted a matching "
	                          "item, entry has none");
	/* a match leaves nothing to say (NULL is fine too) */
	dcb_dset_free(c);
	c = worklist_entry("CT1", "0930");
	assert_true(dcb_match(q, c, NULL, NULL));
	dcb_dset_free(q);
	dcb_dset_free(c);
	dcb_dset_free(e);
}

static void
assert_value(const struct dcb_dset *ds, uint32_t tag, const char *want)
{
	char got[128];

	if (want == NULL) {
		assert_null(dcb_dset_get(ds, tag));
		return;
	}
	assert_non_null(dcb_dset_get(ds, tag));
	assert_int_equal(dcb_dset_get(ds, tag)->len == 0 ? 0 : 1, want[0] == '\0' ? 0 : 1);
	if (want[0] != '\0') {
		assert_true(dcb_dset_get_str(ds, tag, got, sizeof got) >= 0);
		assert_string_equal(got, want);
	}
}

/* The answer: the query's keys with the entry's values, absent ones empty,
 * sequences reduced to matching items and their keys. */
static void
answer(void **state)
{
	struct dcb_dset *q = worklist_query(), *c = worklist_entry("CT1", "0930"), *a, *item, *r;
	struct dcb_error err = {0};

	(void)state;
	put(q, CHARSET, "CS", "ISO_IR 192");
	put(q, QR_LEVEL, "CS", "STUDY");
	put(q, PATIENT_ID, "LO", "");
	put(q, STUDY_DATE, "DA", "");
	assert_int_equal(dcb_dset_put_seq(q, REF_STUDY_SEQ, NULL), 0);
	add_item(q, REF_STUDY_SEQ);
	put(c, CHARSET, "CS", "ISO_IR 100");
	put(c, PATIENT_ID, "LO", "X1");
	put(c, DCB_TAG(0x0010, 0x0040), "CS", "F"); /* not asked for */
	r = add_item(c, REF_STUDY_SEQ);
	put(r, REF_SOP_CLASS, "UI", "1.2.840.10008.3.1.2.3.1");
	put(r, DCB_TAG(0x0008, 0x1155), "UI", "1.2.3");

	assert_int_equal(dcb_match_answer(q, c, &a, &err), 0);
	assert_value(a, CHARSET, "ISO_IR 100"); /* the entry's: its values are */
	assert_value(a, QR_LEVEL, "STUDY");
	assert_value(a, PATIENT_NAME, "DOE^JANE");
	assert_value(a, PATIENT_ID, "X1");
	assert_value(a, STUDY_DATE, "");        /* absent: zero length */
	assert_value(a, DCB_TAG(0x0010, 0x0040), NULL);
	assert_int_equal(dcb_dset_count(a), 7);
	/* the CT step alone, with the query item's keys */
	assert_int_equal(dcb_dset_get(a, SPS_SEQ)->n_items, 1);
	item = dcb_dset_item(a, SPS_SEQ, 0);
	assert_int_equal(dcb_dset_count(item), 5);
	assert_value(item, SPS_AE, "CT1");
	assert_value(item, MODALITY, "CT");
	assert_value(item, SPS_TIME, "0930");
	/* and of its codes the one asked for */
	assert_int_equal(dcb_dset_get(item, PROTOCOL_SEQ)->n_items, 1);
	assert_value(dcb_dset_item(item, PROTOCOL_SEQ, 0), CODE_VALUE, "XR1");
	/* an empty item: the entry's items whole */
	assert_int_equal(dcb_dset_get(a, REF_STUDY_SEQ)->n_items, 1);
	assert_int_equal(dcb_dset_count(dcb_dset_item(a, REF_STUDY_SEQ, 0)), 2);
	dcb_dset_free(a);

	/* an entry without the sequence: an empty one */
	dcb_dset_free(c);
	c = new_set();
	assert_int_equal(dcb_match_answer(q, c, &a, NULL), 0);
	assert_non_null(dcb_dset_get(a, SPS_SEQ));
	assert_int_equal(dcb_dset_get(a, SPS_SEQ)->n_items, 0);
	assert_value(a, CHARSET, NULL);
	assert_value(a, PATIENT_NAME, "");
	dcb_dset_free(a);
	dcb_dset_free(q);
	dcb_dset_free(c);
}

/* Latin-1, UTF-8 and ASCII sides compare as characters. */
static void
character_sets(void **state)
{
	struct dcb_dset *q = new_set(), *c = new_set();
	struct dcb_match_miss m;

	(void)state;
	put(q, CHARSET, "CS", "ISO_IR 192");
	put(q, PATIENT_NAME, "PN", "M\xc3\xbcller");
	put(c, CHARSET, "CS", "ISO_IR 100");
	put(c, PATIENT_NAME, "PN", "M\xfcller");
	assert_true(dcb_match(q, c, NULL, NULL));
	assert_true(dcb_match(c, q, NULL, NULL)); /* and the other way round */
	put(q, PATIENT_NAME, "PN", "M?ller");     /* one character, two bytes */
	assert_true(dcb_match(q, c, NULL, NULL));
	put(c, CHARSET, "CS", "ISO_IR 192");
	put(c, PATIENT_NAME, "PN", "M\xc3\xbcller");
	assert_true(dcb_match(q, c, NULL, NULL));
	put(q, PATIENT_NAME, "PN", "M??ller");    /* not two */
	assert_false(dcb_match(q, c, NULL, NULL));
	put(q, PATIENT_NAME, "PN", "Muller");
	assert_false(dcb_match(q, c, NULL, &m));
	/* the miss in UTF-8 whatever the entry's set */
	put(c, CHARSET, "CS", "ISO_IR 100");
	put(c, PATIENT_NAME, "PN", "M\xfcller");
	assert_false(dcb_match(q, c, NULL, &m));
	assert_string_equal(m.have, "M\xc3\xbcller");
	/* an entry without (0008,0005) holds ASCII: its 8-bit bytes are no letters */
	dcb_dset_free(c);
	c = new_set();
	put(c, PATIENT_NAME, "PN", "M\xfcller");
	put(q, PATIENT_NAME, "PN", "M\xc3\xbcller");
	assert_false(dcb_match(q, c, NULL, NULL));
	put(q, PATIENT_NAME, "PN", "M?ller");
	assert_true(dcb_match(q, c, NULL, NULL));
	/* an item with a set of its own */
	dcb_dset_free(q);
	dcb_dset_free(c);
	q = new_set();
	c = new_set();
	put(add_item(q, SPS_SEQ), DCB_TAG(0x0040, 0x0007), "LO", "R\xc3\xb6ntgen");
	put(c, CHARSET, "CS", "ISO_IR 192");
	struct dcb_dset *ci = add_item(c, SPS_SEQ);
	put(ci, CHARSET, "CS", "ISO_IR 100");
	put(ci, DCB_TAG(0x0040, 0x0007), "LO", "R\xf6ntgen");
	assert_false(dcb_match(q, c, NULL, NULL)); /* the query is ASCII */
	put(q, CHARSET, "CS", "ISO_IR 192");
	assert_true(dcb_match(q, c, NULL, NULL));
	dcb_dset_free(q);
	dcb_dset_free(c);
}

/* PN matches case-sensitively unless asked; letters of Latin-1 fold too;
 * other VRs never fold. */
static void
pn_case(void **state)
{
	struct dcb_match_opts fold = {.pn_ignore_case = true};
	struct dcb_dset *q = new_set(), *c = new_set();

	(void)state;
	assert_false(key(PATIENT_NAME, "PN", "doe^john", "DOE^JOHN"));
	assert_true(key_opts(PATIENT_NAME, "PN", "doe^john", "DOE^JOHN", &fold));
	assert_true(key_opts(PATIENT_NAME, "PN", "doe^j*", "DOE^JOHN", &fold));
	assert_false(key_opts(PATIENT_NAME, "PN", "doe^x*", "DOE^JOHN", &fold));
	assert_false(key_opts(PATIENT_ID, "LO", "abc", "ABC", &fold));
	put(q, CHARSET, "CS", "ISO_IR 192");
	put(q, PATIENT_NAME, "PN", "M\xc3\x9cLLER");   /* MÜLLER */
	put(c, CHARSET, "CS", "ISO_IR 100");
	put(c, PATIENT_NAME, "PN", "m\xfcller");       /* müller */
	assert_false(dcb_match(q, c, NULL, NULL));
	assert_true(dcb_match(q, c, &fold, NULL));
	put(c, PATIENT_NAME, "PN", "muller");           /* no accent folding */
	assert_false(dcb_match(q, c, &fold, NULL));
	dcb_dset_free(q);
	dcb_dset_free(c);
}

/* (0008,0005), (0008,0052), groups 0000 and 0002 are not keys. */
static void
not_keys(void **state)
{
	struct dcb_dset *q = new_set(), *c = new_set();

	(void)state;
	put(q, CHARSET, "CS", "ISO_IR 100");
	put(q, QR_LEVEL, "CS", "STUDY");
	put(q, DCB_TAG(0x0002, 0x0010), "UI", "1.2.840.10008.1.2");
	put(c, QR_LEVEL, "CS", "PATIENT");
	assert_true(dcb_match(q, c, NULL, NULL));
	put(q, PATIENT_ID, "LO", "1");
	assert_false(dcb_match(q, c, NULL, NULL));
	dcb_dset_free(q);
	dcb_dset_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(single_value),
		cmocka_unit_test(binary_values),
		cmocka_unit_test(universal),
		cmocka_unit_test(wild_cards),
		cmocka_unit_test(wild_card_pathological),
		cmocka_unit_test(range_dates),
		cmocka_unit_test(range_times),
		cmocka_unit_test(range_datetimes),
		cmocka_unit_test(combined_date_time),
		cmocka_unit_test(uid_list),
		cmocka_unit_test(multiple_values),
		cmocka_unit_test(sequences),
		cmocka_unit_test(miss),
		cmocka_unit_test(answer),
		cmocka_unit_test(character_sets),
		cmocka_unit_test(pn_case),
		cmocka_unit_test(not_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
