/* samples-image.c — the image samples: CT series, MR, CR, DX, US, SC, NM. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rle.h"
#include "samples.h"

const struct patient ct_patient = {"Bench^Patient", "DCB0001", "19700101", "O"};
const struct study ct_study_fields = {
    .date = "20240315",
    .time = "093000",
    .id = "S0001",
    .accession = "ACC0001",
    .referrer = "Referrer^Rita^^Dr.",
    .description = "CT phantom, three slices",
};

void
ct_refs(const struct gen *g, struct ct_refs *r)
{
	int i;

	uid_make(r->study, g->seed, "ct study");
	uid_make(r->series, g->seed, "ct series 1");
	uid_make(r->frame_of_ref, g->seed, "ct frame of reference");
	for (i = 0; i < CT_SLICES; i++) {
		uid_makef(r->images[i], g->seed, "ct image %d", i + 1);
		r->z[i] = -5.0 + 5.0 * i;
	}
}

/* Image Plane module for an axial slice of rows × cols at spacing, z. */
static void
axial_plane(struct dw *w, unsigned rows, unsigned cols, double spacing, double z, double thick)
{
	char s[96];

	snprintf(s, sizeof(s), "%.10g\\%.10g", spacing, spacing);
	dw_str(w, DW_TAG(0x0028, 0x0030), "DS", s);
	dw_str(w, DW_TAG(0x0020, 0x0037), "DS", "1\\0\\0\\0\\1\\0");
	snprintf(s, sizeof(s), "%.10g\\%.10g\\%.10g", -(cols * spacing) / 2 + spacing / 2,
	         -(rows * spacing) / 2 + spacing / 2, z);
	dw_str(w, DW_TAG(0x0020, 0x0032), "DS", s);
	dw_ds(w, DW_TAG(0x0018, 0x0050), thick);
	dw_ds(w, DW_TAG(0x0020, 0x1041), z);
}

/* The private block of the CT samples: creator, two values, a sequence. */
static void
private_block(struct dw *w)
{
	dw_str(w, DW_TAG(0x0009, 0x0010), "LO", "DICOMBENCH SAMPLES");
	dw_str(w, DW_TAG(0x0009, 0x1001), "LO", "water phantom with lung, bone, fat inserts");
	dw_us(w, DW_TAG(0x0009, 0x1002), 4);
	dw_seq_begin(w, DW_TAG(0x0009, 0x1003), true);
	dw_item_begin(w, true);
	code_item(w, "121071", "DCM", "Finding");
	dw_item_end(w);
	dw_seq_end(w);
}

/* One CT slice of series 1 (or of the RLE copy, series 2). */
static int
ct_slice(const struct gen *g, const struct ct_refs *r, int slice, const char *name, const char *ts,
         bool rle, bool private)
{
	struct study st = ct_study_fields;
	struct dw w;
	char uid[UID_SIZE], series[UID_SIZE];
	uint16_t *px = dw_xalloc(malloc(CT_SIZE * CT_SIZE * 2));

	st.uid = r->study;
	dw_init(&w, ts_encoding(ts));
	if (rle) {
		uid_make(uid, g->seed, "ct rle image 1");
		uid_make(series, g->seed, "ct series 2 rle");
	} else {
		memcpy(uid, r->images[slice], UID_SIZE);
		memcpy(series, r->series, UID_SIZE);
	}
	mod_sop(&w, SOP_CT, uid, NULL, "20240315", "093512");
	mod_patient(&w, &ct_patient);
	mod_study(&w, &st);
	mod_series(&w, &st, "CT", series, rle ? 2 : 1,
	           rle ? "Phantom, RLE Lossless copy of slice 1" : "Phantom axial 5 mm");
	dw_str(&w, DW_TAG(0x0018, 0x5100), "CS", "HFS");
	dw_str(&w, DW_TAG(0x0018, 0x0015), "CS", "HEAD");
	dw_str(&w, DW_TAG(0x0020, 0x0052), "UI", r->frame_of_ref);
	dw_str(&w, DW_TAG(0x0020, 0x1040), "LO", "");
	mod_equipment(&w, "Bench Medical Systems", "BenchScan CT 64");
	mod_image(&w, slice + 1, "20240315", "093200", NULL, "ORIGINAL\\PRIMARY\\AXIAL");
	dw_str(&w, DW_TAG(0x0008, 0x0022), "DA", "20240315");
	dw_str(&w, DW_TAG(0x0008, 0x0032), "TM", "093145");
	dw_is(&w, DW_TAG(0x0020, 0x0012), 1);
	axial_plane(&w, CT_SIZE, CT_SIZE, CT_SPACING, r->z[slice], 5.0);
	mod_pixel(&w, CT_SIZE, CT_SIZE, 1, "MONOCHROME2", 16, 12, 0);
	dw_str(&w, DW_TAG(0x0018, 0x0060), "DS", "120");
	dw_str(&w, DW_TAG(0x0018, 0x1150), "IS", "1000");
	dw_str(&w, DW_TAG(0x0018, 0x1151), "IS", "200");
	dw_str(&w, DW_TAG(0x0018, 0x1210), "SH", "STANDARD");
	dw_str(&w, DW_TAG(0x0028, 0x1050), "DS", "40\\-600");
	dw_str(&w, DW_TAG(0x0028, 0x1051), "DS", "400\\1600");
	dw_str(&w, DW_TAG(0x0028, 0x1052), "DS", "-1024");
	dw_str(&w, DW_TAG(0x0028, 0x1053), "DS", "1");
	dw_str(&w, DW_TAG(0x0028, 0x1054), "LO", "HU");
	dw_str(&w, DW_TAG(0x0028, 0x2110), "CS", "00");
	/* a requested procedure with a code, and request attributes (undefined lengths) */
	code_seq(&w, DW_TAG(0x0008, 0x1032), "CTHEAD", "99BENCH", "CT head without contrast");
	dw_seq_begin(&w, DW_TAG(0x0040, 0x0275), true);
	dw_item_begin(&w, true);
	dw_str(&w, DW_TAG(0x0040, 0x0009), "SH", "SPS0001");
	dw_str(&w, DW_TAG(0x0040, 0x1001), "SH", "RP0001");
	dw_item_end(&w);
	dw_seq_end(&w);
	if (private)
		private_block(&w);

	pattern_phantom(px, CT_SIZE, CT_SIZE, rle ? 0 : slice, 4095);
	if (rle) {
		size_t n;
		unsigned char *enc;
		unsigned char *bytes = dw_xalloc(malloc(CT_SIZE * CT_SIZE * 2));
		size_t i;

		for (i = 0; i < CT_SIZE * CT_SIZE; i++) {
			bytes[2 * i] = (unsigned char)px[i];
			bytes[2 * i + 1] = (unsigned char)(px[i] >> 8);
		}
		enc = rle_encode_frame(bytes, CT_SIZE, CT_SIZE, 1, 2, &n);
		dw_encap_begin(&w, 1);
		dw_encap_frame(&w, enc, n);
		dw_encap_end(&w);
		free(enc);
		free(bytes);
	} else {
		dw_words(&w, DW_TAG(0x7fe0, 0x0010), "OW", px, CT_SIZE * CT_SIZE);
	}
	free(px);
	return sample_finish(g, &w, name, SOP_CT, uid, ts);
}

int
gen_ct_series(const struct gen *g)
{
	struct ct_refs r;

	ct_refs(g, &r);
	if (ct_slice(g, &r, 0, "CT-explicit-le.dcm", DW_UID_EXPLICIT_LE, false, true) < 0 ||
	    ct_slice(g, &r, 1, "CT-implicit-le.dcm", DW_UID_IMPLICIT_LE, false, false) < 0 ||
	    ct_slice(g, &r, 2, "IM000001", DW_UID_EXPLICIT_LE, false, false) < 0 ||
	    ct_slice(g, &r, 0, "CT-rle-lossless.dcm", DW_UID_RLE, true, false) < 0)
		return -1;
	return 0;
}

int
gen_mr(const struct gen *g)
{
	static const struct patient pat = {"M\xfcller^Anna", "DCB0002", "19811224", "F"};
	struct study st = {
	    .date = "20240402",
	    .time = "141500",
	    .id = "S0002",
	    .accession = "ACC0002",
	    .referrer = "Bauer^Hans^^Dr. med.",
	    .description = "MRT Sch\xe4"
	                   "del nativ",
	};
	char study[UID_SIZE], series[UID_SIZE], uid[UID_SIZE], frame[UID_SIZE];
	enum { N = 256 };
	uint16_t *px = dw_xalloc(malloc(N * N * 2));
	struct dw w;

	uids_one_image(g, "mr", study, series, uid);
	uid_make(frame, g->seed, "mr frame of reference");
	st.uid = study;
	dw_init(&w, DW_EXPLICIT_BE);
	mod_sop(&w, SOP_MR, uid, "ISO_IR 100", "20240402", "142210");
	mod_patient(&w, &pat);
	mod_study(&w, &st);
	mod_series(&w, &st, "MR", series, 1, "T2 TSE axial");
	dw_str(&w, DW_TAG(0x0018, 0x5100), "CS", "HFS");
	dw_str(&w, DW_TAG(0x0018, 0x0015), "CS", "HEAD");
	dw_str(&w, DW_TAG(0x0008, 0x1070), "PN", "J\xe4ger^Lena");
	dw_str(&w, DW_TAG(0x0020, 0x0052), "UI", frame);
	dw_str(&w, DW_TAG(0x0020, 0x1040), "LO", "NA");
	mod_equipment(&w, "Bench Medical Systems", "BenchField 1.5T");
	mod_image(&w, 1, "20240402", "141900", NULL, "ORIGINAL\\PRIMARY\\M\\ND");
	axial_plane(&w, N, N, 0.9375, 12.5, 5.0);
	mod_pixel(&w, N, N, 1, "MONOCHROME2", 16, 12, 0);
	dw_str(&w, DW_TAG(0x0018, 0x0020), "CS", "SE");
	dw_str(&w, DW_TAG(0x0018, 0x0021), "CS", "SK");
	dw_str(&w, DW_TAG(0x0018, 0x0022), "CS", "SP");
	dw_str(&w, DW_TAG(0x0018, 0x0023), "CS", "2D");
	dw_str(&w, DW_TAG(0x0018, 0x0080), "DS", "4000");
	dw_str(&w, DW_TAG(0x0018, 0x0081), "DS", "95");
	dw_str(&w, DW_TAG(0x0018, 0x0083), "DS", "2");
	dw_str(&w, DW_TAG(0x0018, 0x0084), "DS", "63.87");
	dw_str(&w, DW_TAG(0x0018, 0x0085), "SH", "1H");
	dw_str(&w, DW_TAG(0x0018, 0x0087), "DS", "1.5");
	dw_str(&w, DW_TAG(0x0018, 0x0091), "IS", "16");
	dw_str(&w, DW_TAG(0x0018, 0x1030), "LO", "t2_tse_tra");
	dw_str(&w, DW_TAG(0x0028, 0x1050), "DS", "1200");
	dw_str(&w, DW_TAG(0x0028, 0x1051), "DS", "2400");
	/* a private block in big endian as well */
	dw_str(&w, DW_TAG(0x0009, 0x0010), "LO", "DICOMBENCH SAMPLES");
	dw_str(&w, DW_TAG(0x0009, 0x1001), "LO", "explicit VR big endian (retired)");
	dw_us(&w, DW_TAG(0x0009, 0x1002), 0x1234);
	pattern_rings(px, N, N, 0, 4095);
	dw_words(&w, DW_TAG(0x7fe0, 0x0010), "OW", px, N * N);
	free(px);
	return sample_finish(g, &w, "MR-explicit-be.dcm", SOP_MR, uid, DW_UID_EXPLICIT_BE);
}

/* A projection radiograph: shared by CR and DX. */
static void
projection(struct dw *w, const char *view)
{
	dw_str(w, DW_TAG(0x0018, 0x0015), "CS", "CHEST");
	dw_str(w, DW_TAG(0x0018, 0x5101), "CS", view);
	dw_str(w, DW_TAG(0x0018, 0x0060), "DS", "125");
	dw_str(w, DW_TAG(0x0018, 0x1152), "IS", "3");
	dw_str(w, DW_TAG(0x0018, 0x1164), "DS", "0.15\\0.15");
}

int
gen_cr(const struct gen *g)
{
	static const struct patient pat = {"Bench^Chest", "DCB0003", "19550607", "M"};
	struct study st = {.date = "20240110",
	                   .time = "080500",
	                   .id = "S0003",
	                   .accession = "ACC0003",
	                   .referrer = "",
	                   .description = "Chest PA"};
	char study[UID_SIZE], series[UID_SIZE], uid[UID_SIZE];
	enum { ROWS = 1280, COLS = 1024 };
	uint16_t *px = dw_xalloc(malloc((size_t)ROWS * COLS * 2));
	struct dw w;

	uids_one_image(g, "cr", study, series, uid);
	st.uid = study;
	dw_init(&w, DW_EXPLICIT_LE);
	mod_sop(&w, SOP_CR, uid, NULL, "20240110", "080712");
	mod_patient(&w, &pat);
	mod_study(&w, &st);
	mod_series(&w, &st, "CR", series, 1, "Chest PA");
	projection(&w, "PA");
	mod_equipment(&w, "Bench Medical Systems", "BenchPlate CR");
	mod_image(&w, 1, "20240110", "080600", "L\\F", "ORIGINAL\\PRIMARY");
	mod_pixel(&w, ROWS, COLS, 1, "MONOCHROME2", 16, 12, 0);
	dw_str(&w, DW_TAG(0x0018, 0x1004), "LO", "PLATE-0815");
	dw_str(&w, DW_TAG(0x0028, 0x1050), "DS", "2048");
	dw_str(&w, DW_TAG(0x0028, 0x1051), "DS", "4096");
	pattern_rings(px, ROWS, COLS, 1, 4095);
	dw_words(&w, DW_TAG(0x7fe0, 0x0010), "OW", px, (size_t)ROWS * COLS);
	free(px);
	return sample_finish(g, &w, "CR-chest.dcm", SOP_CR, uid, DW_UID_EXPLICIT_LE);
}

int
gen_dx(const struct gen *g)
{
	static const struct patient pat = {"Bench^Chest", "DCB0003", "19550607", "M"};
	struct study st = {.date = "20240612",
	                   .time = "101000",
	                   .id = "S0004",
	                   .accession = "ACC0004",
	                   .referrer = "",
	                   .description = "Chest PA, DR"};
	char study[UID_SIZE], series[UID_SIZE], uid[UID_SIZE];
	enum { N = 2048 };
	uint16_t *px = dw_xalloc(malloc((size_t)N * N * 2));
	struct dw w;

	uids_one_image(g, "dx", study, series, uid);
	st.uid = study;
	dw_init(&w, DW_EXPLICIT_LE);
	mod_sop(&w, SOP_DX_PRES, uid, NULL, "20240612", "101230");
	mod_patient(&w, &pat);
	mod_study(&w, &st);
	mod_series(&w, &st, "DX", series, 1, "Chest PA 2048");
	dw_str(&w, DW_TAG(0x0008, 0x0068), "CS", "FOR PRESENTATION");
	projection(&w, "PA");
	dw_str(&w, DW_TAG(0x0020, 0x0062), "CS", "U");
	code_seq(&w, DW_TAG(0x0008, 0x2218), "51185008", "SCT", "Chest");
	mod_equipment(&w, "Bench Medical Systems", "BenchDR 43");
	mod_image(&w, 1, "20240612", "101100", "L\\F", "ORIGINAL\\PRIMARY");
	mod_pixel(&w, N, N, 1, "MONOCHROME2", 16, 14, 0);
	dw_str(&w, DW_TAG(0x0018, 0x7004), "CS", "SCINTILLATOR");
	dw_str(&w, DW_TAG(0x0018, 0x700a), "SH", "DET-43-0001");
	dw_seq_begin(&w, DW_TAG(0x0040, 0x0555), false); /* Acquisition Context: empty */
	dw_seq_end(&w);
	dw_str(&w, DW_TAG(0x0028, 0x0301), "CS", "NO");
	dw_str(&w, DW_TAG(0x0028, 0x1040), "CS", "LOG");
	dw_ss(&w, DW_TAG(0x0028, 0x1041), 1);
	dw_str(&w, DW_TAG(0x0028, 0x1050), "DS", "8192");
	dw_str(&w, DW_TAG(0x0028, 0x1051), "DS", "16384");
	dw_str(&w, DW_TAG(0x0028, 0x1052), "DS", "0");
	dw_str(&w, DW_TAG(0x0028, 0x1053), "DS", "1");
	dw_str(&w, DW_TAG(0x0028, 0x1054), "LO", "US");
	dw_str(&w, DW_TAG(0x0028, 0x2110), "CS", "00");
	dw_str(&w, DW_TAG(0x2050, 0x0020), "CS", "IDENTITY");
	pattern_rings(px, N, N, 2, 16383);
	dw_words(&w, DW_TAG(0x7fe0, 0x0010), "OW", px, (size_t)N * N);
	free(px);
	return sample_finish(g, &w, "DX-chest-2048.dcm", SOP_DX_PRES, uid, DW_UID_EXPLICIT_LE);
}

/* One ultrasound frame: a grey sector with speckle and a moving bright
 * disc, and a colour Doppler box (red towards, blue away). */
static void
us_frame(unsigned char *rgb, unsigned rows, unsigned cols, unsigned frame)
{
	double ax = cols / 2.0, ay = 30, rmax = rows - 50.0;
	double bx = ax + 60 * sin(frame * 0.6), by = 260;
	unsigned x, y;
	uint32_t h = 2463534242u;

	for (y = 0; y < rows; y++)
		for (x = 0; x < cols; x++) {
			unsigned char *p = rgb + ((size_t)y * cols + x) * 3;
			double dx = x - ax, dy = y - ay, r = sqrt(dx * dx + dy * dy);
			double ang = atan2(dx, dy);

			h ^= h << 13, h ^= h >> 17, h ^= h << 5; /* xorshift speckle */
			p[0] = p[1] = p[2] = 0;
			if (r < 40 || r > rmax || fabs(ang) > 0.62)
				continue;
			double v = 90 + (h & 63) - r * 0.08;

			if ((x - bx) * (x - bx) + (y - by) * (y - by) < 40 * 40)
				v = 230 - (h & 31);
			p[0] = p[1] = p[2] = (unsigned char)(v < 0 ? 0 : v);
			if (x > 280 && x < 360 && y > 140 && y < 220) {
				double flow = sin((y - 140) * 0.08 + frame * 0.9);

				if (flow > 0.3)
					p[0] = (unsigned char)(120 + 130 * flow), p[1] = p[2] = 20;
				else if (flow < -0.3)
					p[2] = (unsigned char)(120 - 130 * flow), p[0] = p[1] = 20;
			}
		}
}

int
gen_us(const struct gen *g)
{
	static const struct patient pat = {"Bench^Heart", "DCB0005", "19900302", "F"};
	struct study st = {.date = "20240501",
	                   .time = "110000",
	                   .id = "S0005",
	                   .accession = "ACC0005",
	                   .referrer = "Referrer^Rita^^Dr.",
	                   .description = "Echocardiography"};
	char study[UID_SIZE], series[UID_SIZE], uid[UID_SIZE];
	enum { ROWS = 480, COLS = 640, FRAMES = 10 };
	size_t fsize = (size_t)ROWS * COLS * 3;
	unsigned char *px = dw_xalloc(malloc(fsize * FRAMES));
	uint32_t fip = DW_TAG(0x0018, 0x1063);
	struct dw w;
	unsigned f;

	uids_one_image(g, "us", study, series, uid);
	st.uid = study;
	dw_init(&w, DW_EXPLICIT_LE);
	mod_sop(&w, SOP_US_MF, uid, NULL, "20240501", "110530");
	mod_patient(&w, &pat);
	mod_study(&w, &st);
	mod_series(&w, &st, "US", series, 1, "Parasternal long axis, colour");
	mod_equipment(&w, "Bench Medical Systems", "BenchSound 5");
	mod_image(&w, 1, "20240501", "110400", "", "ORIGINAL\\PRIMARY\\CARDIAC\\0011");
	mod_pixel(&w, ROWS, COLS, 3, "RGB", 8, 8, 0);
	dw_str(&w, DW_TAG(0x0028, 0x0008), "IS", "10");
	dw_at(&w, DW_TAG(0x0028, 0x0009), &fip, 1);
	dw_str(&w, DW_TAG(0x0018, 0x1063), "DS", "40");
	dw_str(&w, DW_TAG(0x0018, 0x0040), "IS", "25");
	dw_str(&w, DW_TAG(0x0028, 0x2110), "CS", "00");
	dw_str(&w, DW_TAG(0x0008, 0x2124), "IS", "1");
	/* Sequence of Ultrasound Regions: one 2D tissue region, in cm */
	dw_seq_begin(&w, DW_TAG(0x0018, 0x6011), true);
	dw_item_begin(&w, true);
	{
		double delta = 0.03;

		dw_us(&w, DW_TAG(0x0018, 0x6012), 1); /* sector */
		dw_us(&w, DW_TAG(0x0018, 0x6014), 1); /* tissue */
		dw_ul(&w, DW_TAG(0x0018, 0x6016), 0);
		dw_ul(&w, DW_TAG(0x0018, 0x6018), 40);
		dw_ul(&w, DW_TAG(0x0018, 0x601a), 30);
		dw_ul(&w, DW_TAG(0x0018, 0x601c), 600);
		dw_ul(&w, DW_TAG(0x0018, 0x601e), 460);
		dw_us(&w, DW_TAG(0x0018, 0x6024), 3); /* cm */
		dw_us(&w, DW_TAG(0x0018, 0x6026), 3);
		dw_fd(&w, DW_TAG(0x0018, 0x602c), &delta, 1);
		dw_fd(&w, DW_TAG(0x0018, 0x602e), &delta, 1);
	}
	dw_item_end(&w);
	dw_seq_end(&w);
	for (f = 0; f < FRAMES; f++)
		us_frame(px + f * fsize, ROWS, COLS, f);
	dw_raw(&w, DW_TAG(0x7fe0, 0x0010), "OB", px, (uint32_t)(fsize * FRAMES));
	free(px);
	return sample_finish(g, &w, "US-multiframe-rgb.dcm", SOP_US_MF, uid, DW_UID_EXPLICIT_LE);
}

int
gen_sc(const struct gen *g)
{
	/* UTF-8: "Dvořák^Antonín" needs ISO_IR 192 (ř is not in Latin-1) */
	static const struct patient pat = {"Dvo\xc5\x99\xc3\xa1k^Anton\xc3\xadn", "DCB0006",
	                                   "19410908", "M"};
	struct study st = {.date = "20240704",
	                   .time = "160000",
	                   .id = "S0006",
	                   .accession = "ACC0006",
	                   .referrer = "",
	                   .description = "Scanned test chart \xe2\x80\x93 colour bars"};
	char study[UID_SIZE], series[UID_SIZE], uid[UID_SIZE];
	enum { N = 512 };
	unsigned char *px = dw_xalloc(malloc(N * N * 3));
	static const unsigned char bars[8][3] = {
	    {255, 255, 255}, {255, 255, 0}, {0, 255, 255}, {0, 255, 0},
	    {255, 0, 255},   {255, 0, 0},   {0, 0, 255},   {0, 0, 0},
	};
	unsigned x, y;
	struct dw w;

	uids_one_image(g, "sc", study, series, uid);
	st.uid = study;
	dw_init(&w, DW_EXPLICIT_LE);
	mod_sop(&w, SOP_SC, uid, "ISO_IR 192", "20240704", "160210");
	mod_patient(&w, &pat);
	mod_study(&w, &st);
	mod_series(&w, &st, "OT", series, 1, "Colour bars");
	dw_str(&w, DW_TAG(0x0008, 0x0064), "CS", "WSD");
	mod_equipment(&w, "Bench Medical Systems", "BenchCapture");
	mod_image(&w, 1, "20240704", "160100", "", "DERIVED\\SECONDARY");
	mod_pixel(&w, N, N, 3, "RGB", 8, 8, 0);
	dw_str(&w, DW_TAG(0x0028, 0x2110), "CS", "00");
	for (y = 0; y < N; y++)
		for (x = 0; x < N; x++) {
			unsigned char *p = px + ((size_t)y * N + x) * 3;

			if (y < N * 2 / 3) {
				memcpy(p, bars[x * 8 / N], 3);
			} else {
				/* grey ramp, then red/green/blue ramps */
				unsigned band = (y - N * 2 / 3) * 4 / (N - N * 2 / 3);
				unsigned char v = (unsigned char)(x * 255 / (N - 1));

				p[0] = (band == 0 || band == 1) ? v : 0;
				p[1] = (band == 0 || band == 2) ? v : 0;
				p[2] = (band == 0 || band == 3) ? v : 0;
			}
		}
	dw_raw(&w, DW_TAG(0x7fe0, 0x0010), "OB", px, N * N * 3);
	free(px);
	return sample_finish(g, &w, "SC-rgb-utf8.dcm", SOP_SC, uid, DW_UID_EXPLICIT_LE);
}

int
gen_nm(const struct gen *g)
{
	static const struct patient pat = {"Bench^Nuclear", "DCB0007", "19630415", "F"};
	struct study st = {.date = "20240820",
	                   .time = "090000",
	                   .id = "S0007",
	                   .accession = "ACC0007",
	                   .referrer = "Referrer^Rita^^Dr.",
	                   .description = "Bone scan, static"};
	char study[UID_SIZE], series[UID_SIZE], uid[UID_SIZE], frame[UID_SIZE];
	enum { N = 256, FRAMES = 2 };
	uint16_t *px = dw_xalloc(malloc((size_t)N * N * 2 * FRAMES));
	uint32_t fip[2] = {DW_TAG(0x0054, 0x0010), DW_TAG(0x0054, 0x0020)};
	uint16_t ewv[FRAMES] = {1, 1}, dv[FRAMES] = {1, 2};
	unsigned x, y, f;
	struct dw w;

	uids_one_image(g, "nm", study, series, uid);
	uid_make(frame, g->seed, "nm frame of reference");
	st.uid = study;
	dw_init(&w, DW_EXPLICIT_LE);
	mod_sop(&w, SOP_NM, uid, NULL, "20240820", "093000");
	mod_patient(&w, &pat);
	mod_study(&w, &st);
	mod_series(&w, &st, "NM", series, 1, "Static anterior/posterior");
	dw_str(&w, DW_TAG(0x0020, 0x0052), "UI", frame);
	dw_str(&w, DW_TAG(0x0020, 0x1040), "LO", "");
	mod_equipment(&w, "Bench Medical Systems", "BenchGamma 2");
	mod_image(&w, 1, "20240820", "091500", "", "ORIGINAL\\PRIMARY\\STATIC\\EMISSION");
	mod_pixel(&w, N, N, 1, "MONOCHROME2", 16, 16, 0);
	dw_str(&w, DW_TAG(0x0028, 0x0030), "DS", "2.2\\2.2");
	dw_str(&w, DW_TAG(0x0028, 0x0008), "IS", "2");
	dw_at(&w, DW_TAG(0x0028, 0x0009), fip, 2);
	dw_words(&w, DW_TAG(0x0054, 0x0010), "US", ewv, FRAMES);
	dw_us(&w, DW_TAG(0x0054, 0x0011), 1);
	dw_words(&w, DW_TAG(0x0054, 0x0020), "US", dv, FRAMES);
	dw_us(&w, DW_TAG(0x0054, 0x0021), 2);
	dw_str(&w, DW_TAG(0x0018, 0x0070), "IS", "1500000");
	dw_str(&w, DW_TAG(0x0018, 0x1242), "IS", "300000");
	dw_str(&w, DW_TAG(0x0028, 0x2110), "CS", "00");
	/* Energy Window Information: one window, 140 keV ± 10 % */
	dw_seq_begin(&w, DW_TAG(0x0054, 0x0012), true);
	dw_item_begin(&w, false);
	dw_seq_begin(&w, DW_TAG(0x0054, 0x0013), false);
	dw_item_begin(&w, true);
	dw_str(&w, DW_TAG(0x0054, 0x0014), "DS", "126");
	dw_str(&w, DW_TAG(0x0054, 0x0015), "DS", "154");
	dw_item_end(&w);
	dw_seq_end(&w);
	dw_str(&w, DW_TAG(0x0054, 0x0018), "SH", "Tc99m");
	dw_item_end(&w);
	dw_seq_end(&w);
	/* Radiopharmaceutical Information: Tc-99m medronate */
	dw_seq_begin(&w, DW_TAG(0x0054, 0x0016), false);
	dw_item_begin(&w, false);
	dw_str(&w, DW_TAG(0x0018, 0x0031), "LO", "Tc-99m MDP");
	dw_str(&w, DW_TAG(0x0018, 0x1074), "DS", "740");
	code_seq(&w, DW_TAG(0x0054, 0x0300), "C-163A8", "SRT", "^99m^Technetium");
	dw_item_end(&w);
	dw_seq_end(&w);
	/* Detector Information: two heads */
	dw_seq_begin(&w, DW_TAG(0x0054, 0x0022), true);
	for (f = 0; f < FRAMES; f++) {
		dw_item_begin(&w, f == 0);
		dw_str(&w, DW_TAG(0x0018, 0x1180), "SH", "LEHR");
		dw_str(&w, DW_TAG(0x0018, 0x1181), "CS", "PARA");
		/* head 1 looks at the patient from the front, head 2 from behind */
		dw_str(&w, DW_TAG(0x0020, 0x0032), "DS",
		       f == 0 ? "-281.6\\-250\\281.6" : "281.6\\250\\281.6");
		dw_str(&w, DW_TAG(0x0020, 0x0037), "DS",
		       f == 0 ? "1\\0\\0\\0\\0\\-1" : "-1\\0\\0\\0\\0\\-1");
		code_seq(&w, DW_TAG(0x0054, 0x0220), f == 0 ? "399348003" : "399075003", "SCT",
		         f == 0 ? "antero-posterior" : "postero-anterior");
		dw_item_end(&w);
	}
	dw_seq_end(&w);
	dw_seq_begin(&w, DW_TAG(0x0054, 0x0410), false);
	dw_item_begin(&w, false);
	code_item(&w, "102538003", "SCT", "recumbent");
	dw_item_end(&w);
	dw_seq_end(&w);
	dw_seq_begin(&w, DW_TAG(0x0054, 0x0414), false);
	dw_item_begin(&w, false);
	code_item(&w, "102540008", "SCT", "headfirst");
	dw_item_end(&w);
	dw_seq_end(&w);
	/* hot spots on a warm body outline; the posterior view mirrored */
	for (f = 0; f < FRAMES; f++)
		for (y = 0; y < N; y++)
			for (x = 0; x < N; x++) {
				unsigned xx = f ? N - 1 - x : x;
				double dx = (xx - N / 2.0) / (N * 0.22),
				       dy = (y - N / 2.0) / (N * 0.45);
				double v = dx * dx + dy * dy < 1 ? 40 : 2;
				double s1 = hypot(xx - N * 0.4, y - N * 0.3),
				       s2 = hypot(xx - N * 0.6, y - N * 0.7);

				v += 900 * exp(-s1 * s1 / 40) + 500 * exp(-s2 * s2 / 60);
				px[(size_t)f * N * N + (size_t)y * N + x] = (uint16_t)v;
			}
	dw_words(&w, DW_TAG(0x7fe0, 0x0010), "OW", px, (size_t)N * N * FRAMES);
	free(px);
	return sample_finish(g, &w, "NM-static-2frames.dcm", SOP_NM, uid, DW_UID_EXPLICIT_LE);
}
