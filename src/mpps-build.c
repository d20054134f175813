/* mpps-build.c — the data sets of an MPPS SCU (PS3.4 Table F.7.2-1,
 * "Final State" and "N-CREATE" columns for the SCU): the N-CREATE from a
 * worklist item, the N-SET that ends the step, and its Performed Series
 * Sequence made from the images the step produced (the only I/O here:
 * reading their headers). */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dict.h"
#include "dset.h"
#include "i18n.h"
#include "mpps-build.h"
#include "part10.h"

#define T(g, e) DCB_TAG((g), (e))
#define T_SPS T(0x0040, 0x0100)  /* Scheduled Procedure Step Sequence */
#define T_PSS T(0x0040, 0x0340)  /* Performed Series Sequence */
#define T_SSAS T(0x0040, 0x0270) /* Scheduled Step Attributes Sequence */

/* An attribute taken from the worklist item (from == 0: the top level, else
 * its Scheduled Procedure Step item), empty when the item lacks it. */
struct take {
	int from_sps;
	uint32_t tag;
	const char *vr;          /* "SQ": an empty sequence when absent */
};

static const struct take top_takes[] = {
    {0, T(0x0008, 0x0005), NULL}, /* Specific Character Set, only when there */
    {0, T(0x0010, 0x0010), "PN"}, /* Patient's Name */
    {0, T(0x0010, 0x0020), "LO"}, /* Patient ID */
    {0, T(0x0010, 0x0030), "DA"}, /* Patient's Birth Date */
    {0, T(0x0010, 0x0040), "CS"}, /* Patient's Sex */
    {0, T(0x0008, 0x1120), "SQ"}, /* Referenced Patient Sequence */
    {1, T(0x0008, 0x0060), "CS"}, /* Modality */
};

static const struct take ssas_takes[] = {
    {0, T(0x0020, 0x000D), "UI"}, /* Study Instance UID */
    {0, T(0x0008, 0x0050), "SH"}, /* Accession Number */
    {0, T(0x0008, 0x1110), "SQ"}, /* Referenced Study Sequence */
    {0, T(0x0040, 0x1001), "SH"}, /* Requested Procedure ID */
    {0, T(0x0032, 0x1060), "LO"}, /* Requested Procedure Description */
    {1, T(0x0040, 0x0009), "SH"}, /* Scheduled Procedure Step ID */
    {1, T(0x0040, 0x0007), "LO"}, /* Scheduled Procedure Step Description */
    {1, T(0x0040, 0x0008), "SQ"}, /* Scheduled Protocol Code Sequence */
};

/* Type 2 attributes the step has no value for yet. */
static const struct take empties[] = {
    {0, T(0x0040, 0x0242), "SH"}, /* Performed Station Name */
    {0, T(0x0040, 0x0243), "SH"}, /* Performed Location */
    {0, T(0x0040, 0x0250), "DA"}, /* Performed Procedure Step End Date */
    {0, T(0x0040, 0x0251), "TM"}, /* Performed Procedure Step End Time */
    {0, T(0x0040, 0x0254), "LO"}, /* Performed Procedure Step Description */
    {0, T(0x0040, 0x0255), "LO"}, /* Performed Procedure Type Description */
    {0, T(0x0008, 0x1032), "SQ"}, /* Procedure Code Sequence */
    {0, T(0x0020, 0x0010), "SH"}, /* Study ID */
    {0, T(0x0040, 0x0260), "SQ"}, /* Performed Protocol Code Sequence */
    {0, T(0x0040, 0x0340), "SQ"}, /* Performed Series Sequence */
};

void
dcb_mpps_now(char date[9], char time_[7])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(date, 9, "%Y%m%d", &tm);
	strftime(time_, 7, "%H%M%S", &tm);
}

static int
put_empty(struct dcb_dset *ds, const struct take *t, struct dcb_error *err)
{
	if (t->vr[0] == 'S' && t->vr[1] == 'Q')
		return dcb_dset_put_seq(ds, t->tag, err);
	return dcb_dset_put_str(ds, t->tag, t->vr, "", err);
}

static int
take_all(struct dcb_dset *ds, const struct take *t, size_t n, const struct dcb_dset *wl,
         const struct dcb_dset *sps, struct dcb_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct dcb_dset_elem *e = dcb_dset_get(t[i].from_sps ? sps : wl, t[i].tag);
		int rc;

		if (e)
			rc = dcb_dset_put_copy(ds, e, err);
		else if (!t[i].vr)
			continue;
		else
			rc = put_empty(ds, &t[i], err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

struct dcb_dset *
dcb_mpps_build_create(const struct dcb_dset *wl, const struct dcb_mpps_start *s,
                      struct dcb_error *err)
{
	char pps_id[17]; /* the default */
	const struct dcb_dset_elem *study = dcb_dset_get(wl, T(0x0020, 0x000D));
	struct dcb_dset *sps = dcb_dset_item(wl, T_SPS, 0), *ds = NULL, *ssas;

	if (!sps) {
		dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		              N_("the worklist item has no Scheduled Procedure Step Sequence "
		                 "(0040,0100) item; give an item a worklist query answered"));
		return NULL;
	}
	if (!study || study->len == 0) {
		dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		              N_("the worklist item has no Study Instance UID (0020,000D), which "
		                 "the MPPS N-CREATE requires; add it to the item"));
		return NULL;
	}
	if ((s->pps_id && !*s->pps_id) || !s->station_ae || !*s->station_ae || !s->date ||
	    !*s->date || strlen(s->date) != 8 || !s->time || !*s->time) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("the performed step needs its ID, station AE title, start date and "
		                 "start time"));
		return NULL;
	}
	snprintf(pps_id, sizeof pps_id, "PPS%.6s%.6s", s->date + 2, s->time);
	ds = dcb_dset_new();
	if (!ds) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	ssas = dcb_dset_seq_add_item(ds, T_SSAS, err);
	if (!ssas || take_all(ds, top_takes, sizeof top_takes / sizeof *top_takes, wl, sps, err) < 0 ||
	    take_all(ssas, ssas_takes, sizeof ssas_takes / sizeof *ssas_takes, wl, sps, err) < 0 ||
	    take_all(ds, empties, sizeof empties / sizeof *empties, wl, sps, err) < 0 ||
	    dcb_dset_put_str(ds, T(0x0040, 0x0252), "CS", "IN PROGRESS", err) < 0 ||
	    dcb_dset_put_str(ds, T(0x0040, 0x0253), "SH", s->pps_id ? s->pps_id : pps_id, err) <
	        0 ||
	    dcb_dset_put_str(ds, T(0x0040, 0x0241), "AE", s->station_ae, err) < 0 ||
	    dcb_dset_put_str(ds, T(0x0040, 0x0244), "DA", s->date, err) < 0 ||
	    dcb_dset_put_str(ds, T(0x0040, 0x0245), "TM", s->time, err) < 0) {
		dcb_dset_free(ds);
		return NULL;
	}
	return ds;
}

static const struct take series_empties[] = {
    {0, T(0x0008, 0x0054), "AE"}, /* Retrieve AE Title */
    {0, T(0x0008, 0x103E), "LO"}, /* Series Description */
    {0, T(0x0008, 0x1050), "PN"}, /* Performing Physician's Name */
    {0, T(0x0008, 0x1070), "PN"}, /* Operators' Name */
    {0, T(0x0008, 0x1140), "SQ"}, /* Referenced Image Sequence */
    {0, T(0x0040, 0x0220), "SQ"}, /* Referenced Non-Image Composite SOP Instance Sequence */
};

static bool
has_value(const struct dcb_dset *ds, uint32_t tag)
{
	const struct dcb_dset_elem *e = ds ? dcb_dset_get(ds, tag) : NULL;

	return e && e->len > 0;
}

/* A new Performed Series Sequence item of ds: series's attributes, the
 * item's Type 2 ones empty where series lacks them.  NULL with *err. */
static struct dcb_dset *
put_series_item(struct dcb_dset *ds, const struct dcb_dset *series, struct dcb_error *err)
{
	struct dcb_dset *item = dcb_dset_seq_add_item(ds, T_PSS, err);

	if (item == NULL || dcb_dset_copy_into(item, series, err) < 0 ||
	    take_all(item, series_empties, sizeof series_empties / sizeof *series_empties, series,
	             series, err) < 0)
		return NULL;
	return item;
}

struct dcb_dset *
dcb_mpps_build_final(const char *status, const char *date, const char *time,
                     const struct dcb_dset *series, struct dcb_error *err)
{
	struct dcb_dset *ds;

	if (!status || (strcmp(status, "COMPLETED") != 0 && strcmp(status, "DISCONTINUED") != 0)) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("a step ends COMPLETED or DISCONTINUED, not '%s'"), status ? status : "");
		return NULL;
	}
	if (!date || !*date || !time || !*time) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("%s requires Performed Procedure Step End Date (0040,0250) and End "
		                 "Time (0040,0251)"),
		              status);
		return NULL;
	}
	if (!has_value(series, T(0x0020, 0x000E))) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("%s requires a Performed Series Sequence (0040,0340) item with a "
		                 "Series Instance UID (0020,000E); give it with -k"),
		              status);
		return NULL;
	}
	if (!has_value(series, T(0x0018, 0x1030))) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("%s requires a Protocol Name (0018,1030) in the Performed Series "
		                 "Sequence (0040,0340) item; give it with -k"),
		              status);
		return NULL;
	}
	ds = dcb_dset_new();
	if (!ds) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	if (put_series_item(ds, series, err) == NULL ||
	    dcb_dset_put_str(ds, T(0x0040, 0x0252), "CS", status, err) < 0 ||
	    dcb_dset_put_str(ds, T(0x0040, 0x0250), "DA", date, err) < 0 ||
	    dcb_dset_put_str(ds, T(0x0040, 0x0251), "TM", time, err) < 0) {
		dcb_dset_free(ds);
		return NULL;
	}
	return ds;
}

/* --- the images of a step ---------------------------------------------------- */

#define T_RIS T(0x0008, 0x1140) /* Referenced Image Sequence */

/* Where each header value of an image goes (the last is the Series
 * Instance UID: reading stops after it). */
static const struct {
	uint32_t tag;
	size_t off;
} image_fields[] = {
    {T(0x0008, 0x0005), offsetof(struct dcb_mpps_image, charset)}, /* all its values */
    {T(0x0008, 0x0016), offsetof(struct dcb_mpps_image, sop_class)},
    {T(0x0008, 0x0018), offsetof(struct dcb_mpps_image, sop_instance)},
    {T(0x0008, 0x103E), offsetof(struct dcb_mpps_image, series_description)},
    {T(0x0008, 0x1050), offsetof(struct dcb_mpps_image, performing)},
    {T(0x0008, 0x1070), offsetof(struct dcb_mpps_image, operators)},
    {T(0x0018, 0x1030), offsetof(struct dcb_mpps_image, protocol)},
    {T(0x0020, 0x000E), offsetof(struct dcb_mpps_image, series_uid)},
};
#define N_IMAGE_FIELDS (sizeof image_fields / sizeof *image_fields)

/* el's value as text into out[65]: cut at a NUL, trailing spaces and, but
 * for the character set, a second value (after a backslash) left out. */
static void
image_value(const struct dcb_element *el, char *out)
{
	size_t n = el->value != NULL ? el->value_len : 0;

	if (n > 64)
		n = 64;
	memcpy(out, el->value != NULL ? (const char *)el->value : "", n);
	out[n] = '\0';
	if (el->tag != T(0x0008, 0x0005))
		out[strcspn(out, "\\")] = '\0';
	n = strlen(out);
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

int
dcb_mpps_image_read(const char *path, struct dcb_mpps_image *img, struct dcb_error *err)
{
	struct dcb_reader_options opts = {.value_limit = 256};
	struct dcb_reader *r = dcb_reader_open(path, &opts, err);
	struct dcb_element el;
	int rc;

	memset(img, 0, sizeof *img);
	if (r == NULL)
		return err->code;
	while ((rc = dcb_reader_next(r, &el, err)) == 1) {
		/* items, their elements and delimiters are not the image's own */
		if (el.depth != 0 || (el.kind != DCB_EL_VALUE && el.kind != DCB_EL_SEQ_START))
			continue;
		if (el.tag > image_fields[N_IMAGE_FIELDS - 1].tag)
			break;
		for (size_t i = 0; el.kind == DCB_EL_VALUE && i < N_IMAGE_FIELDS; i++)
			if (el.tag == image_fields[i].tag)
				image_value(&el, (char *)img + image_fields[i].off);
	}
	dcb_reader_free(r);
	if (rc < 0)
		return rc;
	if (img->series_uid[0] == '\0' || img->sop_class[0] == '\0' || img->sop_instance[0] == '\0')
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                     N_("%s has no Series Instance UID, SOP Class UID or SOP "
		                        "Instance UID: it is not an image a step can have made"),
		                     path);
	return 0;
}

struct dcb_dset *
dcb_mpps_image_series(const struct dcb_mpps_image *img, const char *protocol,
                      struct dcb_error *err)
{
	const char *name = img->protocol[0] != '\0' ? img->protocol
	                   : protocol != NULL         ? protocol
	                                              : img->series_description;
	struct dcb_dset *ds = dcb_dset_new();

	if (ds == NULL) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	if (dcb_dset_put_str(ds, T(0x0020, 0x000E), "UI", img->series_uid, err) < 0 ||
	    (name[0] != '\0' && dcb_dset_put_str(ds, T(0x0018, 0x1030), "LO", name, err) < 0) ||
	    dcb_dset_put_str(ds, T(0x0008, 0x103E), "LO", img->series_description, err) < 0 ||
	    dcb_dset_put_str(ds, T(0x0008, 0x1050), "PN", img->performing, err) < 0 ||
	    dcb_dset_put_str(ds, T(0x0008, 0x1070), "PN", img->operators, err) < 0) {
		dcb_dset_free(ds);
		return NULL;
	}
	return ds;
}

/* The Performed Series Sequence item of series uid in nset, or NULL. */
static struct dcb_dset *
series_item(const struct dcb_dset *nset, const char *uid)
{
	const struct dcb_dset_elem *pss = dcb_dset_get(nset, T_PSS);
	char got[65];

	for (uint32_t i = 0; pss != NULL && i < pss->n_items; i++)
		if (dcb_dset_get_str(pss->items[i], T(0x0020, 0x000E), got, sizeof got) >= 0 &&
		    strcmp(got, uid) == 0)
			return pss->items[i];
	return NULL;
}

/* A new Performed Series Sequence item in nset for img's series. */
static struct dcb_dset *
add_series(struct dcb_dset *nset, const struct dcb_mpps_image *img, const char *protocol,
           struct dcb_error *err)
{
	struct dcb_dset *series = dcb_mpps_image_series(img, protocol, err);
	struct dcb_dset *item = series != NULL ? put_series_item(nset, series, err) : NULL;

	dcb_dset_free(series);
	return item;
}

int
dcb_mpps_add_image(struct dcb_dset *nset, const struct dcb_mpps_image *img,
                   const char *protocol, struct dcb_error *err)
{
	struct dcb_dset *item = series_item(nset, img->series_uid), *ref;
	int rc;

	/* the names it brings are in its character set (the first image's, when
	 * images disagree: one data set has one) */
	if (img->charset[0] != '\0' && dcb_dset_get(nset, T(0x0008, 0x0005)) == NULL &&
	    (rc = dcb_dset_put_str(nset, T(0x0008, 0x0005), "CS", img->charset, err)) < 0)
		return rc;
	if (item == NULL && (item = add_series(nset, img, protocol, err)) == NULL)
		return err->code;
	if ((ref = dcb_dset_seq_add_item(item, T_RIS, err)) == NULL)
		return err->code;
	rc = dcb_dset_put_str(ref, T(0x0008, 0x1150), "UI", img->sop_class, err);
	if (rc == 0)
		rc = dcb_dset_put_str(ref, T(0x0008, 0x1155), "UI", img->sop_instance, err);
	return rc;
}

struct dcb_dset *
dcb_mpps_build_final_from(const char *status, const char *date, const char *time,
                          const char *const *paths, size_t n, const char *protocol,
                          struct dcb_error *err)
{
	struct dcb_mpps_image img;
	struct dcb_dset *series, *ds;

	if (n == 0) {
		dcb_error_set(err, DCB_ERR_USAGE, -1,
		              N_("%s needs the images the step produced: their series make the "
		                 "Performed Series Sequence (0040,0340)"),
		              status);
		return NULL;
	}
	if (dcb_mpps_image_read(paths[0], &img, err) < 0 ||
	    (series = dcb_mpps_image_series(&img, protocol, err)) == NULL)
		return NULL;
	ds = dcb_mpps_build_final(status, date, time, series, err);
	dcb_dset_free(series);
	for (size_t i = 0; ds != NULL && i < n; i++)
		if ((i > 0 && dcb_mpps_image_read(paths[i], &img, err) < 0) ||
		    dcb_mpps_add_image(ds, &img, protocol, err) < 0) {
			dcb_dset_free(ds);
			ds = NULL;
		}
	return ds;
}
