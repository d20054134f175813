/* samples-rt.c — RT Structure Set, RT Dose, Basic Text SR, and the three
 * deliberately faulty files (documented in doc/samples.md). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples.h"

#define DETACHED_STUDY_SOP "1.2.840.10008.3.1.2.3.1"

static void
ct_study(const struct ct_refs *r, struct study *st)
{
	*st = ct_study_fields;
	st->uid = r->study;
}

/* A referenced SOP item's two attributes. */
static void
ref_sop(struct dw *w, const char *cls, const char *inst)
{
	dw_str(w, DW_TAG(0x0008, 0x1150), "UI", cls);
	dw_str(w, DW_TAG(0x0008, 0x1155), "UI", inst);
}

/* ROIs of the structure set: the phantom's body outline and two inserts,
 * centred (x, y) with radius r in mm, as in pattern_phantom(). */
static const struct roi {
	const char *name, *type, *color;
	double x, y, r;
} rois[] = {
    {"BODY", "EXTERNAL", "0\\255\\0", 0, 0, CT_SIZE *CT_SPACING * 0.42},
    {"LUNG_INSERT", "ORGAN", "0\\128\\255", -CT_SIZE *CT_SPACING * 0.42 * 0.45, 0,
     CT_SIZE *CT_SPACING * 0.42 * 0.18},
    {"BONE_INSERT", "ORGAN", "255\\255\\0", CT_SIZE *CT_SPACING * 0.42 * 0.45, 0,
     CT_SIZE *CT_SPACING * 0.42 * 0.18},
};
#define NROIS (sizeof(rois) / sizeof(rois[0]))

static void
contour_data(struct dw *w, const struct roi *roi, double z, int points)
{
	char *s = dw_xalloc(malloc((size_t)points * 3 * 20 + 1));
	size_t n = 0;
	int i;

	for (i = 0; i < points; i++) {
		double a = 2 * 3.14159265358979 * i / points;

		n += (size_t)sprintf(s + n, "%s%.2f\\%.2f\\%.2f", i ? "\\" : "",
		                     roi->x + roi->r * cos(a), roi->y + roi->r * sin(a), z);
	}
	dw_str(w, DW_TAG(0x3006, 0x0050), "DS", s);
	free(s);
}

int
gen_rtstruct(const struct gen *g)
{
	struct ct_refs r;
	struct study st;
	char series[UID_SIZE], uid[UID_SIZE];
	struct dw w;
	size_t k;
	int i;

	ct_refs(g, &r);
	ct_study(&r, &st);
	uid_make(series, g->seed, "rtstruct series");
	uid_make(uid, g->seed, "rtstruct 1");
	dw_init(&w, DW_EXPLICIT_LE);
	mod_sop(&w, SOP_RTSTRUCT, uid, NULL, "20240316", "101500");
	mod_patient(&w, &ct_patient);
	mod_study(&w, &st);
	mod_series(&w, &st, "RTSTRUCT", series, 3, "Phantom contours");
	dw_str(&w, DW_TAG(0x0008, 0x1070), "PN", "Planner^Paul");
	mod_equipment(&w, "Bench Medical Systems", "BenchPlan");
	dw_is(&w, DW_TAG(0x0020, 0x0013), 1);
	dw_str(&w, DW_TAG(0x3006, 0x0002), "SH", "PHANTOM");
	dw_str(&w, DW_TAG(0x3006, 0x0004), "LO", "Phantom structures");
	dw_str(&w, DW_TAG(0x3006, 0x0008), "DA", "20240316");
	dw_str(&w, DW_TAG(0x3006, 0x0009), "TM", "101400");

	/* Referenced Frame of Reference > RT Referenced Study > Series > Contour Images */
	dw_seq_begin(&w, DW_TAG(0x3006, 0x0010), true);
	dw_item_begin(&w, true);
	dw_str(&w, DW_TAG(0x0020, 0x0052), "UI", r.frame_of_ref);
	dw_seq_begin(&w, DW_TAG(0x3006, 0x0012), false);
	dw_item_begin(&w, false);
	ref_sop(&w, DETACHED_STUDY_SOP, r.study);
	dw_seq_begin(&w, DW_TAG(0x3006, 0x0014), true);
	dw_item_begin(&w, false);
	dw_str(&w, DW_TAG(0x0020, 0x000e), "UI", r.series);
	dw_seq_begin(&w, DW_TAG(0x3006, 0x0016), false);
	for (i = 0; i < CT_SLICES; i++) {
		dw_item_begin(&w, i % 2 == 1);
		ref_sop(&w, SOP_CT, r.images[i]);
		dw_item_end(&w);
	}
	dw_seq_end(&w);
	dw_item_end(&w);
	dw_seq_end(&w);
	dw_item_end(&w);
	dw_seq_end(&w);
	dw_item_end(&w);
	dw_seq_end(&w);

	/* Structure Set ROI Sequence */
	dw_seq_begin(&w, DW_TAG(0x3006, 0x0020), false);
	for (k = 0; k < NROIS; k++) {
		dw_item_begin(&w, false);
		dw_is(&w, DW_TAG(0x3006, 0x0022), (long)k + 1);
		dw_str(&w, DW_TAG(0x3006, 0x0024), "UI", r.frame_of_ref);
		dw_str(&w, DW_TAG(0x3006, 0x0026), "LO", rois[k].name);
		dw_str(&w, DW_TAG(0x3006, 0x0036), "CS", "MANUAL");
		dw_item_end(&w);
	}
	dw_seq_end(&w);

	/* ROI Contour Sequence: one closed polygon per ROI and slice */
	dw_seq_begin(&w, DW_TAG(0x3006, 0x0039), true);
	for (k = 0; k < NROIS; k++) {
		int points = k == 0 ? 64 : 24;

		dw_item_begin(&w, true);
		dw_str(&w, DW_TAG(0x3006, 0x002a), "IS", rois[k].color);
		dw_seq_begin(&w, DW_TAG(0x3006, 0x0040), false);
		for (i = 0; i < CT_SLICES; i++) {
			dw_item_begin(&w, false);
			dw_seq_begin(&w, DW_TAG(0x3006, 0x0016), false);
			dw_item_begin(&w, false);
			ref_sop(&w, SOP_CT, r.images[i]);
			dw_item_end(&w);
			dw_seq_end(&w);
			dw_str(&w, DW_TAG(0x3006, 0x0042), "CS", "CLOSED_PLANAR");
			dw_is(&w, DW_TAG(0x3006, 0x0046), points);
			contour_data(&w, &rois[k], r.z[i], points);
			dw_item_end(&w);
		}
		dw_seq_end(&w);
		dw_is(&w, DW_TAG(0x3006, 0x0084), (long)k + 1);
		dw_item_end(&w);
	}
	dw_seq_end(&w);

	/* RT ROI Observations */
	dw_seq_begin(&w, DW_TAG(0x3006, 0x0080), false);
	for (k = 0; k < NROIS; k++) {
		dw_item_begin(&w, false);
		dw_is(&w, DW_TAG(0x3006, 0x0082), (long)k + 1);
		dw_is(&w, DW_TAG(0x3006, 0x0084), (long)k + 1);
		dw_str(&w, DW_TAG(0x3006, 0x00a4), "CS", rois[k].type);
		dw_str(&w, DW_TAG(0x3006, 0x00a6), "PN", "Planner^Paul");
		dw_item_end(&w);
	}
	dw_seq_end(&w);
	dw_str(&w, DW_TAG(0x3006, 0x0006), "ST", "Circles of the CT phantom, slices 1 to 3");

	return sample_finish(g, &w, "RTSTRUCT-phantom.dcm", SOP_RTSTRUCT, uid, DW_UID_EXPLICIT_LE);
}

int
gen_rtdose(const struct gen *g)
{
	enum { N = 64, FRAMES = 16 };
	const double spacing = 5.0, z0 = -37.5;
	struct ct_refs r;
	struct study st;
	char series[UID_SIZE], uid[UID_SIZE], plan[UID_SIZE], s[256];
	uint32_t *dose = dw_xalloc(malloc(sizeof(uint32_t) * N * N * FRAMES));
	uint32_t fip = DW_TAG(0x3004, 0x000c);
	struct dw w;
	size_t n = 0;
	int x, y, f;

	ct_refs(g, &r);
	ct_study(&r, &st);
	uid_make(series, g->seed, "rtdose series");
	uid_make(uid, g->seed, "rtdose 1");
	uid_make(plan, g->seed, "rtplan 1 (not in the set)");
	dw_init(&w, DW_IMPLICIT_LE);
	mod_sop(&w, SOP_RTDOSE, uid, NULL, "20240316", "120000");
	mod_patient(&w, &ct_patient);
	mod_study(&w, &st);
	mod_series(&w, &st, "RTDOSE", series, 4, "Phantom dose, 2 Gy to the bone insert");
	dw_str(&w, DW_TAG(0x0008, 0x1070), "PN", "Planner^Paul");
	dw_str(&w, DW_TAG(0x0020, 0x0052), "UI", r.frame_of_ref);
	dw_str(&w, DW_TAG(0x0020, 0x1040), "LO", "");
	mod_equipment(&w, "Bench Medical Systems", "BenchPlan");
	mod_image(&w, 1, "20240316", "115900", NULL, NULL);
	snprintf(s, sizeof(s), "%.10g\\%.10g", spacing, spacing);
	dw_str(&w, DW_TAG(0x0028, 0x0030), "DS", s);
	dw_str(&w, DW_TAG(0x0020, 0x0037), "DS", "1\\0\\0\\0\\1\\0");
	snprintf(s, sizeof(s), "%.10g\\%.10g\\%.10g", -N * spacing / 2 + spacing / 2,
	         -N * spacing / 2 + spacing / 2, z0);
	dw_str(&w, DW_TAG(0x0020, 0x0032), "DS", s);
	dw_str(&w, DW_TAG(0x0018, 0x0050), "DS", "");
	mod_pixel(&w, N, N, 1, "MONOCHROME2", 32, 32, 0);
	snprintf(s, sizeof(s), "%d", FRAMES);
	dw_str(&w, DW_TAG(0x0028, 0x0008), "IS", s);
	dw_at(&w, DW_TAG(0x0028, 0x0009), &fip, 1);
	dw_str(&w, DW_TAG(0x3004, 0x0002), "CS", "GY");
	dw_str(&w, DW_TAG(0x3004, 0x0004), "CS", "PHYSICAL");
	dw_str(&w, DW_TAG(0x3004, 0x000a), "CS", "PLAN");
	s[0] = '\0';
	for (f = 0; f < FRAMES; f++)
		n += (size_t)snprintf(s + n, sizeof(s) - n, "%s%g", f ? "\\" : "", f * spacing);
	dw_str(&w, DW_TAG(0x3004, 0x000c), "DS", s);
	dw_str(&w, DW_TAG(0x3004, 0x000e), "DS", "1e-06");
	dw_seq_begin(&w, DW_TAG(0x300c, 0x0002), true);
	dw_item_begin(&w, true);
	ref_sop(&w, SOP_RTPLAN, plan);
	dw_item_end(&w);
	dw_seq_end(&w);
	/* a Gaussian dose cloud around the bone insert, 2.2 Gy peak, in µGy */
	for (f = 0; f < FRAMES; f++)
		for (y = 0; y < N; y++)
			for (x = 0; x < N; x++) {
				double px =
				    -N * spacing / 2 + spacing / 2 + x * spacing - rois[2].x;
				double py = -N * spacing / 2 + spacing / 2 + y * spacing;
				double pz = z0 + f * spacing;
				double d2 = px * px + py * py + pz * pz;

				dose[((size_t)f * N + y) * N + x] =
				    (uint32_t)(2.2e6 * exp(-d2 / 2500.0));
			}
	dw_dwords(&w, DW_TAG(0x7fe0, 0x0010), "OW", dose, (size_t)N * N * FRAMES);
	free(dose);
	return sample_finish(g, &w, "RTDOSE-implicit-le.dcm", SOP_RTDOSE, uid, DW_UID_IMPLICIT_LE);
}

/* One content item: relationship, value type, concept name (defined lengths). */
static void
sr_item_head(struct dw *w, const char *rel, const char *type, const char *code, const char *scheme,
             const char *meaning)
{
	dw_str(w, DW_TAG(0x0040, 0xa010), "CS", rel);
	dw_str(w, DW_TAG(0x0040, 0xa040), "CS", type);
	code_seq(w, DW_TAG(0x0040, 0xa043), code, scheme, meaning);
}

int
gen_sr(const struct gen *g)
{
	struct ct_refs r;
	struct study st;
	char series[UID_SIZE], uid[UID_SIZE];
	struct dw w;

	ct_refs(g, &r);
	ct_study(&r, &st);
	uid_make(series, g->seed, "sr series");
	uid_make(uid, g->seed, "sr 1");
	dw_init(&w, DW_EXPLICIT_LE);
	mod_sop(&w, SOP_SR_TEXT, uid, "ISO_IR 192", "20240315", "113000");
	mod_patient(&w, &ct_patient);
	mod_study(&w, &st);
	mod_series(&w, &st, "SR", series, 5, "Report");
	dw_seq_begin(&w, DW_TAG(0x0008, 0x1111), false);
	dw_seq_end(&w);
	mod_equipment(&w, "Bench Medical Systems", "BenchReport");
	dw_is(&w, DW_TAG(0x0020, 0x0013), 1);
	dw_str(&w, DW_TAG(0x0008, 0x0023), "DA", "20240315");
	dw_str(&w, DW_TAG(0x0008, 0x0033), "TM", "112900");
	dw_str(&w, DW_TAG(0x0040, 0xa491), "CS", "COMPLETE");
	dw_str(&w, DW_TAG(0x0040, 0xa493), "CS", "UNVERIFIED");
	dw_seq_begin(&w, DW_TAG(0x0040, 0xa372), false);
	dw_seq_end(&w);
	/* Current Requested Procedure Evidence: the CT image the report cites */
	dw_seq_begin(&w, DW_TAG(0x0040, 0xa375), true);
	dw_item_begin(&w, true);
	dw_seq_begin(&w, DW_TAG(0x0008, 0x1115), true);
	dw_item_begin(&w, true);
	dw_seq_begin(&w, DW_TAG(0x0008, 0x1199), false);
	dw_item_begin(&w, false);
	ref_sop(&w, SOP_CT, r.images[0]);
	dw_item_end(&w);
	dw_seq_end(&w);
	dw_str(&w, DW_TAG(0x0020, 0x000e), "UI", r.series);
	dw_item_end(&w);
	dw_seq_end(&w);
	dw_str(&w, DW_TAG(0x0020, 0x000d), "UI", r.study);
	dw_item_end(&w);
	dw_seq_end(&w);

	/* the document: root container, a findings text, an image, an impression */
	dw_str(&w, DW_TAG(0x0040, 0xa040), "CS", "CONTAINER");
	code_seq(&w, DW_TAG(0x0040, 0xa043), "18748-4", "LN", "Diagnostic imaging report");
	dw_str(&w, DW_TAG(0x0040, 0xa050), "CS", "SEPARATE");
	dw_seq_begin(&w, DW_TAG(0x0040, 0xa730), true);

	dw_item_begin(&w, true);
	sr_item_head(&w, "CONTAINS", "TEXT", "121071", "DCM", "Finding");
	dw_str(&w, DW_TAG(0x0040, 0xa160), "UT",
	       "Water phantom, 400 mm field of view. Air, lung, fat and bone inserts "
	       "reproduce their nominal CT numbers within \xc2\xb1"
	       "5 HU.");
	dw_seq_begin(&w, DW_TAG(0x0040, 0xa730), false);
	dw_item_begin(&w, false);
	dw_seq_begin(&w, DW_TAG(0x0008, 0x1199), false);
	dw_item_begin(&w, false);
	ref_sop(&w, SOP_CT, r.images[0]);
	dw_item_end(&w);
	dw_seq_end(&w);
	sr_item_head(&w, "INFERRED FROM", "IMAGE", "121112", "DCM", "Source of Measurement");
	dw_item_end(&w);
	dw_seq_end(&w);
	dw_item_end(&w);

	dw_item_begin(&w, true);
	sr_item_head(&w, "CONTAINS", "TEXT", "121073", "DCM", "Impression");
	dw_str(&w, DW_TAG(0x0040, 0xa160), "UT",
	       "Constancy test passed. Signed by M\xc3\xbcller, physicist.");
	dw_item_end(&w);

	dw_seq_end(&w);
	return sample_finish(g, &w, "SR-basic-text-deflate.dcm", SOP_SR_TEXT, uid,
	                     DW_UID_DEFLATED_LE);
}

/* A small CT object (64 × 64) for the faulty files; fault selects what is
 * wrong, described in doc/samples.md. */
enum fault { FAULT_UID, FAULT_TYPE1, FAULT_META };

static int
faulty(const struct gen *g, enum fault fault, const char *name)
{
	static const struct patient pat = {"Bench^Faulty", "DCB0666", "20000101", "O"};
	struct study st = {.date = "20240101",
	                   .time = "120000",
	                   .id = "S0666",
	                   .accession = "ACC0666",
	                   .referrer = "",
	                   .description = "Faulty on purpose"};
	char study[UID_SIZE], series[UID_SIZE], uid[UID_SIZE], other[UID_SIZE], frame[UID_SIZE];
	enum { N = 64 };
	uint16_t px[N * N];
	struct dw w;
	int rc;

	uid_makef(study, g->seed, "faulty study %d", fault);
	uid_makef(series, g->seed, "faulty series %d", fault);
	uid_makef(uid, g->seed, "faulty image %d", fault);
	uid_makef(frame, g->seed, "faulty frame of reference %d", fault);
	if (fault == FAULT_UID) {
		/* a component with a leading zero (".012"), and odd length (51) */
		uid[40] = '\0';
		strcat(uid, ".012.3");
		if (strlen(uid) % 2 == 0)
			strcat(uid, "5");
	}
	st.uid = fault == FAULT_TYPE1 ? NULL : study;
	if (fault == FAULT_TYPE1) {
		st.date = "2024-01-01";
		st.time = "12h30";
	}
	dw_init(&w, DW_EXPLICIT_LE);
	if (fault == FAULT_UID) {
		/* SOP Instance UID written raw: odd length, no NUL padding */
		dw_str(&w, DW_TAG(0x0008, 0x0012), "DA", "20240101");
		dw_str(&w, DW_TAG(0x0008, 0x0013), "TM", "120100");
		dw_str(&w, DW_TAG(0x0008, 0x0016), "UI", SOP_CT);
		dw_raw(&w, DW_TAG(0x0008, 0x0018), "UI", uid, (uint32_t)strlen(uid));
	} else {
		mod_sop(&w, SOP_CT, uid, NULL, "20240101", "120100");
	}
	mod_patient(&w, &pat);
	mod_study(&w, &st);
	mod_series(&w, &st, fault == FAULT_TYPE1 ? "" : "CT", series, 1, "Faulty");
	dw_str(&w, DW_TAG(0x0018, 0x5100), "CS", "HFS");
	dw_str(&w, DW_TAG(0x0020, 0x0052), "UI", frame);
	dw_str(&w, DW_TAG(0x0020, 0x1040), "LO", "");
	mod_equipment(&w, "Bench Medical Systems", "BenchScan CT 64");
	mod_image(&w, 1, "20240101", "120000", NULL, "ORIGINAL\\PRIMARY\\AXIAL");
	dw_is(&w, DW_TAG(0x0020, 0x0012), 1);
	dw_str(&w, DW_TAG(0x0028, 0x0030), "DS", "6.25\\6.25");
	dw_str(&w, DW_TAG(0x0020, 0x0037), "DS", "1\\0\\0\\0\\1\\0");
	dw_str(&w, DW_TAG(0x0020, 0x0032), "DS", "-196.875\\-196.875\\0");
	dw_str(&w, DW_TAG(0x0018, 0x0050), "DS", "5");
	mod_pixel(&w, N, N, 1, "MONOCHROME2", 16, 12, 0);
	dw_str(&w, DW_TAG(0x0018, 0x0060), "DS", "120");
	dw_str(&w, DW_TAG(0x0028, 0x1052), "DS", "-1024");
	dw_str(&w, DW_TAG(0x0028, 0x1053), "DS", "1");
	pattern_phantom(px, N, N, 0, 4095);
	dw_words(&w, DW_TAG(0x7fe0, 0x0010), "OW", px, N * N);
	if (fault == FAULT_META)
		uid_make(other, g->seed, "faulty meta: some other instance");
	rc = sample_save(&(struct save){.dir = g->dir,
	                                .name = name,
	                                .sop_class = SOP_CT,
	                                .sop_instance = uid,
	                                .ts = DW_UID_EXPLICIT_LE,
	                                .meta_sop_instance = fault == FAULT_META ? other : NULL,
	                                .group_len_delta = fault == FAULT_META ? 8 : 0},
	                 &w);
	dw_clear(&w);
	return rc;
}

int
gen_faulty(const struct gen *g)
{
	if (faulty(g, FAULT_UID, "faulty-uid.dcm") < 0 ||
	    faulty(g, FAULT_TYPE1, "faulty-missing-type1.dcm") < 0 ||
	    faulty(g, FAULT_META, "faulty-meta.dcm") < 0)
		return -1;
	return 0;
}
