/* bench.c — bench corpora: many valid objects of a chosen size, streamed.
 *
 * Each object is explicit VR little endian, 16-bit monochrome, with its own
 * SOP Instance UID (one study and series per corpus) and one sequence of
 * undefined length.  The pixel data is
 * written row by row, so memory stays flat whatever the size. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples.h"

static const struct bench_mod {
	const char *name, *sop_class;
} mods[] = {
    {"CT", SOP_CT}, {"MR", SOP_MR}, {"CR", SOP_CR}, {"DX", SOP_DX_PRES}, {"SC", SOP_SC},
};

/* The modality-specific Type 1/2 attributes of the object. */
static void
modality_attrs(struct dw *w, const char *mod, const char *frame)
{
	bool cross = strcmp(mod, "CT") == 0 || strcmp(mod, "MR") == 0;

	if (cross) {
		dw_str(w, DW_TAG(0x0018, 0x5100), "CS", "HFS");
		dw_str(w, DW_TAG(0x0020, 0x0052), "UI", frame);
		dw_str(w, DW_TAG(0x0020, 0x1040), "LO", "");
		dw_str(w, DW_TAG(0x0028, 0x0030), "DS", "0.5\\0.5");
		dw_str(w, DW_TAG(0x0020, 0x0037), "DS", "1\\0\\0\\0\\1\\0");
		dw_str(w, DW_TAG(0x0020, 0x0032), "DS", "0\\0\\0");
		dw_str(w, DW_TAG(0x0018, 0x0050), "DS", "1");
		dw_str(w, DW_TAG(0x0008, 0x0008), "CS", "ORIGINAL\\PRIMARY\\AXIAL");
	} else {
		dw_str(w, DW_TAG(0x0020, 0x0020), "CS", "L\\F");
	}
	if (strcmp(mod, "CT") == 0) {
		dw_str(w, DW_TAG(0x0018, 0x0060), "DS", "120");
		dw_is(w, DW_TAG(0x0020, 0x0012), 1);
		dw_str(w, DW_TAG(0x0028, 0x1052), "DS", "-1024");
		dw_str(w, DW_TAG(0x0028, 0x1053), "DS", "1");
	} else if (strcmp(mod, "MR") == 0) {
		dw_str(w, DW_TAG(0x0018, 0x0020), "CS", "SE");
		dw_str(w, DW_TAG(0x0018, 0x0021), "CS", "NONE");
		dw_str(w, DW_TAG(0x0018, 0x0022), "CS", "");
		dw_str(w, DW_TAG(0x0018, 0x0023), "CS", "2D");
		dw_str(w, DW_TAG(0x0018, 0x0080), "DS", "500");
		dw_str(w, DW_TAG(0x0018, 0x0081), "DS", "15");
		dw_str(w, DW_TAG(0x0018, 0x0091), "IS", "1");
	} else if (strcmp(mod, "CR") == 0) {
		dw_str(w, DW_TAG(0x0018, 0x0015), "CS", "CHEST");
		dw_str(w, DW_TAG(0x0018, 0x5101), "CS", "PA");
	} else if (strcmp(mod, "DX") == 0) {
		dw_str(w, DW_TAG(0x0008, 0x0068), "CS", "FOR PRESENTATION");
		dw_str(w, DW_TAG(0x0008, 0x0008), "CS", "ORIGINAL\\PRIMARY");
		dw_str(w, DW_TAG(0x0018, 0x1164), "DS", "0.15\\0.15");
		dw_str(w, DW_TAG(0x0018, 0x7004), "CS", "SCINTILLATOR");
		dw_str(w, DW_TAG(0x0020, 0x0062), "CS", "U");
		dw_seq_begin(w, DW_TAG(0x0040, 0x0555), false);
		dw_seq_end(w);
		dw_str(w, DW_TAG(0x0028, 0x0301), "CS", "NO");
		dw_str(w, DW_TAG(0x0028, 0x1040), "CS", "LIN");
		dw_ss(w, DW_TAG(0x0028, 0x1041), 1);
		dw_str(w, DW_TAG(0x0028, 0x1050), "DS", "2048");
		dw_str(w, DW_TAG(0x0028, 0x1051), "DS", "4096");
		dw_str(w, DW_TAG(0x0028, 0x1052), "DS", "0");
		dw_str(w, DW_TAG(0x0028, 0x1053), "DS", "1");
		dw_str(w, DW_TAG(0x0028, 0x1054), "LO", "US");
		dw_str(w, DW_TAG(0x0028, 0x2110), "CS", "00");
		dw_str(w, DW_TAG(0x2050, 0x0020), "CS", "IDENTITY");
	} else {
		dw_str(w, DW_TAG(0x0008, 0x0064), "CS", "WSD");
	}
	/* As many modalities write it: a sequence and item of undefined
	 * length, which normal storage gives explicit lengths. */
	dw_seq_begin(w, DW_TAG(0x0008, 0x1032), true);
	dw_item_begin(w, true);
	dw_str(w, DW_TAG(0x0008, 0x0100), "SH", "BENCH01");
	dw_str(w, DW_TAG(0x0008, 0x0102), "SH", "DCB");
	dw_str(w, DW_TAG(0x0008, 0x0104), "LO", "Bench procedure");
	dw_item_end(w);
	dw_seq_end(w);
}

/* Writes one object to path; rows × cols pixels are streamed. */
static int
bench_one(const char *path, const struct bench_mod *m, const struct study *st, const char *series,
          const char *frame, const char *uid, unsigned index, unsigned rows, unsigned cols)
{
	static const struct patient pat = {"Bench^Load", "DCBBENCH", "19800101", "O"};
	char impl[UID_SIZE];
	struct dw w, meta;
	unsigned char *row;
	unsigned x, y;
	FILE *f;
	int rc = 0;

	dw_init(&w, DW_EXPLICIT_LE);
	mod_sop(&w, m->sop_class, uid, NULL, st->date, st->time);
	mod_patient(&w, &pat);
	mod_study(&w, st);
	mod_series(&w, st, strcmp(m->name, "SC") == 0 ? "OT" : m->name, series, 1, "Bench corpus");
	mod_equipment(&w, "Bench Medical Systems", "mksamples --bench");
	mod_image(&w, (int)index, st->date, st->time, NULL, NULL);
	mod_pixel(&w, rows, cols, 1, "MONOCHROME2", 16, 12, 0);
	modality_attrs(&w, m->name, frame);
	dw_sort(&w);
	dw_header(&w, DW_TAG(0x7fe0, 0x0010), "OW", rows * cols * 2);

	uid_make(impl, SAMPLES_SEED, "implementation class");
	dw_init(&meta, DW_EXPLICIT_LE);
	dw_meta(&meta, &(struct dw_meta){.sop_class = m->sop_class,
	                                 .sop_instance = uid,
	                                 .transfer_syntax = DW_UID_EXPLICIT_LE,
	                                 .impl_class = impl,
	                                 .impl_version = "DICOMBENCH_010"});
	f = dw_open_file(path, &meta);
	dw_clear(&meta);
	if (!f) {
		dw_clear(&w);
		return -1;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	if (fwrite(w.buf, 1, w.len, f) != w.len)
		rc = -1;
	dw_clear(&w);
	row = dw_xalloc(malloc((size_t)cols * 2));
	for (y = 0; y < rows && rc == 0; y++) {
		/* a diagonal gradient, shifted per object so no two are alike */
		unsigned base = y + index * 13;

		for (x = 0; x < cols; x++) {
			unsigned v = (base + x) & 0x0fff;

			row[2 * x] = (unsigned char)v;
			row[2 * x + 1] = (unsigned char)(v >> 8);
		}
		if (fwrite(row, 1, (size_t)cols * 2, f) != (size_t)cols * 2)
			rc = -1;
	}
	free(row);
	if (fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		fprintf(stderr, "mksamples: cannot write %s\n", path);
	return rc;
}

int
bench_run(const char *dir, unsigned count, uint64_t size, const char *modality, uint64_t seed)
{
	const struct bench_mod *m = NULL;
	struct study st = {.date = "20240901",
	                   .time = "080000",
	                   .id = "BENCH",
	                   .accession = "BENCH",
	                   .referrer = "",
	                   .description = "Bench corpus"};
	char study[UID_SIZE], series[UID_SIZE], frame[UID_SIZE], uid[UID_SIZE], path[4096];
	const uint64_t overhead = 1400; /* preamble, meta and attributes, roughly */
	uint64_t pixels;
	unsigned rows, cols, i;
	size_t k;

	for (k = 0; k < sizeof(mods) / sizeof(mods[0]); k++)
		if (strcmp(modality, mods[k].name) == 0)
			m = &mods[k];
	if (!m) {
		fprintf(stderr, "mksamples: --modality must be CT, MR, CR, DX or SC, not '%s'\n",
		        modality);
		return -1;
	}
	if (size > 0xfff00000ULL) {
		fprintf(stderr,
		        "mksamples: --size at most 4 GB (pixel data has a 32-bit length)\n");
		return -1;
	}
	pixels = size > overhead + 2 * 16 * 16 ? (size - overhead) / 2 : 16 * 16;
	cols = (unsigned)sqrt((double)pixels);
	if (cols > 65535)
		cols = 65535;
	cols &= ~1u;
	if (cols < 16)
		cols = 16;
	rows = (unsigned)(pixels / cols);
	if (rows < 1)
		rows = 1;
	if (rows > 65535)
		rows = 65535;

	uid_makef(study, seed, "bench %s study", m->name);
	uid_makef(series, seed, "bench %s series", m->name);
	uid_makef(frame, seed, "bench %s frame of reference", m->name);
	st.uid = study;
	for (i = 1; i <= count; i++) {
		uid_makef(uid, seed, "bench %s instance %u", m->name, i);
		snprintf(path, sizeof(path), "%s/%s%06u.dcm", dir, m->name, i);
		if (bench_one(path, m, &st, series, frame, uid, i, rows, cols) < 0)
			return -1;
	}
	return 0;
}
