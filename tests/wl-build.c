/* wl-build.c — worklist entries and MPPS attribute lists for the tests. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dset.h"
#include "../src/part10.h"
#include "wl-build.h"

#define T WL_TAG

void
wl_put(struct dcb_dset *ds, uint32_t tag, const char *vr, const char *v)
{
	assert_int_equal(dcb_dset_put_str(ds, tag, vr, v, NULL), 0);
}

static void
empty_seq(struct dcb_dset *ds, uint32_t tag)
{
	assert_int_equal(dcb_dset_put_seq(ds, tag, NULL), 0);
}

struct dcb_dset *
wl_entry(const char *patient, const char *accession, const char *station, const char *modality,
         const char *date)
{
	struct dcb_dset *ds = dcb_dset_new(), *sps;

	assert_non_null(ds);
	wl_put(ds, T(0x0008, 0x0050), "SH", accession);
	empty_seq(ds, T(0x0008, 0x1110));
	empty_seq(ds, T(0x0008, 0x1120));
	wl_put(ds, T(0x0010, 0x0010), "PN", patient);
	wl_put(ds, T(0x0010, 0x0020), "LO", "PID1");
	wl_put(ds, T(0x0020, 0x000D), "UI", "1.2.3.4");
	wl_put(ds, T(0x0032, 0x1060), "LO", "CT HEAD");
	wl_put(ds, T(0x0040, 0x1001), "SH", "RP1");
	sps = dcb_dset_seq_add_item(ds, T(0x0040, 0x0100), NULL);
	assert_non_null(sps);
	wl_put(sps, T(0x0008, 0x0060), "CS", modality);
	wl_put(sps, T(0x0040, 0x0001), "AE", station);
	wl_put(sps, T(0x0040, 0x0002), "DA", date);
	wl_put(sps, T(0x0040, 0x0003), "TM", "0800");
	wl_put(sps, T(0x0040, 0x0007), "LO", "head");
	wl_put(sps, T(0x0040, 0x0009), "SH", "SPS1");
	return ds;
}

void
wl_write(const char *path, const struct dcb_dset *ds, const char *ts, bool meta)
{
	uint8_t head[1024], *body;
	size_t n;
	long h = 0;
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	if (meta) {
		h = dcb_meta_encode(head, sizeof head, WL_MWL_CLASS, "1.2.3.99", ts, NULL);
		assert_true(h > 0);
		assert_int_equal(fwrite(head, 1, (size_t)h, f), (size_t)h);
	}
	assert_int_equal(dcb_dset_encode_alloc(ds,
	                                       strcmp(ts, WL_ELE) == 0 ? DCB_DSET_EXPLICIT_LE
	                                                               : DCB_DSET_IMPLICIT_LE,
	                                       &body, &n, NULL),
	                 0);
	assert_int_equal(fwrite(body, 1, n, f), n);
	free(body);
	assert_int_equal(fclose(f), 0);
}

struct dcb_dset *
wl_mpps_create(const char *status)
{
	static const struct {
		uint32_t tag;
		const char *vr, *v;
	} top[] = {
	    {T(0x0008, 0x0060), "CS", "CT"},       {T(0x0010, 0x0010), "PN", "DOE^JOHN"},
	    {T(0x0010, 0x0020), "LO", "PID1"},     {T(0x0010, 0x0030), "DA", "19700101"},
	    {T(0x0010, 0x0040), "CS", "M"},        {T(0x0020, 0x0010), "SH", ""},
	    {T(0x0040, 0x0241), "AE", "CT1"},      {T(0x0040, 0x0242), "SH", ""},
	    {T(0x0040, 0x0243), "SH", ""},         {T(0x0040, 0x0244), "DA", "20240105"},
	    {T(0x0040, 0x0245), "TM", "081500"},   {T(0x0040, 0x0250), "DA", ""},
	    {T(0x0040, 0x0251), "TM", ""},         {T(0x0040, 0x0253), "SH", "PPS1"},
	    {T(0x0040, 0x0254), "LO", ""},         {T(0x0040, 0x0255), "LO", ""},
	};
	struct dcb_dset *ds = dcb_dset_new(), *item;

	assert_non_null(ds);
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
		wl_put(ds, top[i].tag, top[i].vr, top[i].v);
	wl_put(ds, T(0x0040, 0x0252), "CS", status);
	empty_seq(ds, T(0x0008, 0x1032));
	empty_seq(ds, T(0x0008, 0x1120));
	empty_seq(ds, T(0x0040, 0x0260));
	empty_seq(ds, T(0x0040, 0x0340));
	item = dcb_dset_seq_add_item(ds, T(0x0040, 0x0270), NULL);
	assert_non_null(item);
	wl_put(item, T(0x0008, 0x0050), "SH", "ACC1");
	empty_seq(item, T(0x0008, 0x1110));
	wl_put(item, T(0x0020, 0x000D), "UI", "1.2.3.4");
	wl_put(item, T(0x0032, 0x1060), "LO", "");
	wl_put(item, T(0x0040, 0x0007), "LO", "");
	empty_seq(item, T(0x0040, 0x0008));
	wl_put(item, T(0x0040, 0x0009), "SH", "SPS1");
	wl_put(item, T(0x0040, 0x1001), "SH", "RP1");
	return ds;
}

struct dcb_dset *
wl_mpps_set(const char *status, bool series)
{
	struct dcb_dset *ds = dcb_dset_new(), *item;

	assert_non_null(ds);
	wl_put(ds, T(0x0040, 0x0252), "CS", status);
	wl_put(ds, T(0x0040, 0x0250), "DA", "20240105");
	wl_put(ds, T(0x0040, 0x0251), "TM", "084500");
	if (series) {
		item = dcb_dset_seq_add_item(ds, T(0x0040, 0x0340), NULL);
		assert_non_null(item);
		wl_put(item, T(0x0008, 0x0054), "AE", "PACS");
		wl_put(item, T(0x0008, 0x103E), "LO", "head");
		wl_put(item, T(0x0008, 0x1050), "PN", "");
		wl_put(item, T(0x0008, 0x1070), "PN", "");
		empty_seq(item, T(0x0008, 0x1140));
		wl_put(item, T(0x0018, 0x1030), "LO", "HEAD ROUTINE");
		wl_put(item, T(0x0020, 0x000E), "UI", "1.2.3.4.5");
		empty_seq(item, T(0x0040, 0x0220));
	}
	return ds;
}
