/* samples.h — shared pieces of the sample generator (mksamples).
 *
 * UIDs, the common IOD modules (patient, study, series, equipment, SOP
 * common, image pixel), pixel patterns, and saving one object as a Part 10
 * file.  Every sample builder fills a struct dw in any top-level order and
 * calls sample_save(), which sorts the top-level elements by tag. */
#ifndef DCB_SAMPLES_H
#define DCB_SAMPLES_H

#include <stdbool.h>
#include <stdint.h>

#include "dcmwrite.h"

#define UID_SIZE 65

/* SOP classes (PS3.4 B.5) */
#define SOP_CT "1.2.840.10008.5.1.4.1.1.2"
#define SOP_MR "1.2.840.10008.5.1.4.1.1.4"
#define SOP_CR "1.2.840.10008.5.1.4.1.1.1"
#define SOP_DX_PRES "1.2.840.10008.5.1.4.1.1.1.1"
#define SOP_US_MF "1.2.840.10008.5.1.4.1.1.3.1"
#define SOP_SC "1.2.840.10008.5.1.4.1.1.7"
#define SOP_NM "1.2.840.10008.5.1.4.1.1.20"
#define SOP_RTDOSE "1.2.840.10008.5.1.4.1.1.481.2"
#define SOP_RTSTRUCT "1.2.840.10008.5.1.4.1.1.481.3"
#define SOP_RTPLAN "1.2.840.10008.5.1.4.1.1.481.5"
#define SOP_SR_TEXT "1.2.840.10008.5.1.4.1.1.88.11"

/* The fixed seed of the teaching set: same seed, same UIDs, every build. */
#define SAMPLES_SEED 0x6469636f6d62656eULL /* "dicomben" */

/* A UID under 2.25 (PS3.5 B.2): the decimal value of a 128-bit UUID
 * (version 8, RFC 9562 variant) derived from seed and name, so that the
 * same seed and name always give the same UID. */
void uid_make(char out[UID_SIZE], uint64_t seed, const char *name);
/* The same with a formatted name. */
void uid_makef(char out[UID_SIZE], uint64_t seed, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

struct patient {
	const char *name, *id, *birth, *sex;
};

struct study {
	const char *uid, *date, *time, *id, *accession, *referrer, *description;
};

void mod_patient(struct dw *w, const struct patient *p);
void mod_study(struct dw *w, const struct study *s);
/* General (or modality) series: modality, UID, number, description, and
 * the study date/time repeated as series date/time. */
void mod_series(struct dw *w, const struct study *st, const char *modality, const char *uid,
                int number, const char *description);
void mod_equipment(struct dw *w, const char *manufacturer, const char *model);
/* SOP common; charset NULL leaves Specific Character Set out (ASCII). */
void mod_sop(struct dw *w, const char *sop_class, const char *sop_instance, const char *charset,
             const char *date, const char *time);
/* Image Pixel module without the pixel data itself. */
void mod_pixel(struct dw *w, unsigned rows, unsigned cols, unsigned spp, const char *photometric,
               unsigned bits_alloc, unsigned bits_stored, unsigned pixrep);
/* Instance number, content date/time, patient orientation (may be "") */
void mod_image(struct dw *w, int number, const char *date, const char *time,
               const char *orientation, const char *image_type);
/* A code sequence item's three attributes, in tag order. */
void code_item(struct dw *w, const char *value, const char *scheme, const char *meaning);
/* A one-item code sequence (defined lengths). */
void code_seq(struct dw *w, uint32_t tag, const char *value, const char *scheme,
              const char *meaning);
/* An integer / decimal string element. */
void dw_is(struct dw *w, uint32_t tag, long v);
void dw_ds(struct dw *w, uint32_t tag, double v);

/* Sorts the top-level elements of ds by tag, writes meta + ds to dir/name
 * in transfer syntax ts (deflated when ts is the deflated one).
 * meta_sop_instance NULL means sop_instance.  Returns 0 or -1. */
struct save {
	const char *dir, *name;
	const char *sop_class, *sop_instance, *ts;
	const char *meta_sop_instance;
	int32_t group_len_delta;
};
int sample_save(const struct save *s, struct dw *ds);

/* The writer encoding for transfer syntax ts. */
enum dw_ts ts_encoding(const char *ts);

/* Pixel patterns, 16-bit: a CT-like phantom in stored values (HU + 1024)
 * with rows × cols pixels; variant shifts the inner circles. */
void pattern_phantom(uint16_t *px, unsigned rows, unsigned cols, int variant, unsigned maxval);
/* A diagonal gradient with concentric rings, values 0..maxval. */
void pattern_rings(uint16_t *px, unsigned rows, unsigned cols, int variant, unsigned maxval);

/* The sample builders; each writes one file and returns 0 or -1. */
struct gen {
	const char *dir;
	uint64_t seed;
};
int gen_ct_series(const struct gen *g);
int gen_mr(const struct gen *g);
int gen_cr(const struct gen *g);
int gen_dx(const struct gen *g);
int gen_us(const struct gen *g);
int gen_sc(const struct gen *g);
int gen_nm(const struct gen *g);
int gen_rtstruct(const struct gen *g);
int gen_rtdose(const struct gen *g);
int gen_sr(const struct gen *g);
int gen_faulty(const struct gen *g);

/* The tail of a builder: sample_save() of ds as g->dir/name with the usual
 * fields, then dw_clear(ds).  Returns what sample_save() returns. */
int sample_finish(const struct gen *g, struct dw *ds, const char *name, const char *sop_class,
                  const char *sop_instance, const char *ts);
/* The UIDs of a one-image sample, from the names "<key> study",
 * "<key> series 1" and "<key> image 1". */
void uids_one_image(const struct gen *g, const char *key, char study[UID_SIZE],
                    char series[UID_SIZE], char image[UID_SIZE]);

/* The CT study all RT and SR samples refer to. */
#define CT_SLICES 4
struct ct_refs {
	char study[UID_SIZE], series[UID_SIZE], frame_of_ref[UID_SIZE];
	char images[CT_SLICES][UID_SIZE];
	double z[CT_SLICES];
};
void ct_refs(const struct gen *g, struct ct_refs *r);
extern const struct patient ct_patient;
extern const struct study ct_study_fields; /* uid filled by ct_refs() users */

/* CT geometry shared by CT, RT Structure Set and RT Dose. */
#define CT_SIZE 512
#define CT_SPACING 0.78125 /* mm: 400 mm field of view */

/* Bench corpora (bench.c). */
int bench_run(const char *dir, unsigned count, uint64_t size, const char *modality, uint64_t seed);

#endif
