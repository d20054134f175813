/* worklist-view.c — the SCP's worklist as rows, with their MPPS states
 * (worklist-view.h); sample entries for the demo. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../src/dict.h"
#include "../src/dset.h"
#include "../src/i18n.h"
#include "../src/mpps.h"
#include "../src/utf8.h"
#include "../src/worklist-store.h"
#include "../src/worklist.h"
#include "settings.h"
#include "worklist-view.h"

#define T_SPS DCB_TAG(0x0040, 0x0100)

struct ui_wl_view {
	char root[UI_PATH_MAX], dir[UI_PATH_MAX + 32], ae[17];
	bool flat;
	struct dcb_worklist *wl;
	bool read_once;
	struct timespec mpps_mtime; /* of the steps' folder when last read */
	unsigned steps[3];
	struct ui_wl_row *rows;
	size_t n;
	char error[512];
};

struct ui_wl_view *
ui_wl_view_new(const char *root, bool flat, const char *ae)
{
	struct ui_wl_view *v = calloc(1, sizeof *v);

	if (v == NULL)
		abort();
	snprintf(v->root, sizeof v->root, "%s", root);
	snprintf(v->ae, sizeof v->ae, "%s", ae);
	v->flat = flat;
	if (flat)
		snprintf(v->dir, sizeof v->dir, "%s", root);
	else
		snprintf(v->dir, sizeof v->dir, "%s/%s", root, ae);
	v->wl = dcb_worklist_new(root, flat ? DCB_WL_FLAT : DCB_WL_PER_AE, NULL);
	if (v->wl == NULL)
		abort();
	/* the view shows what the SCP serves, incomplete entries marked */
	dcb_worklist_reject_incomplete(v->wl, false);
	return v;
}

void
ui_wl_view_free(struct ui_wl_view *v)
{
	if (v == NULL)
		return;
	dcb_worklist_free(v->wl);
	free(v->rows);
	free(v);
}

bool
ui_wl_view_is(const struct ui_wl_view *v, const char *root, bool flat, const char *ae)
{
	return strcmp(v->root, root) == 0 && v->flat == flat && strcmp(v->ae, ae) == 0;
}

const char *
ui_wl_view_dir(const struct ui_wl_view *v)
{
	return v->dir;
}

const char *
ui_wl_view_error(const struct ui_wl_view *v)
{
	return v->error;
}

size_t
ui_wl_view_count(const struct ui_wl_view *v)
{
	return v->n;
}

const struct ui_wl_row *
ui_wl_view_row(const struct ui_wl_view *v, size_t i)
{
	return i < v->n ? &v->rows[i] : NULL;
}

void
ui_wl_view_steps(const struct ui_wl_view *v, unsigned counts[3])
{
	memcpy(counts, v->steps, sizeof v->steps);
}

const char *
ui_wl_state_text(int mpps)
{
	return mpps < 0 ? "—" : dcb_mpps_state_name((enum dcb_mpps_state)mpps);
}

/* ---- reading ---------------------------------------------------------------- */

/* A text value as UTF-8: as it is in ISO_IR 192 and ASCII, from Latin-1
 * in ISO_IR 100, "?" for the bytes of any other set. */
static void
text_of(const struct dcb_dset *ds, uint32_t tag, const char *charset, char *out, size_t size)
{
	char raw[256];
	size_t o = 0;

	out[0] = '\0';
	if (ds == NULL || dcb_dset_get_str(ds, tag, raw, sizeof raw) < 0)
		return;
	bool utf8 = strstr(charset, "ISO_IR 192") != NULL;
	bool latin1 = strstr(charset, "ISO_IR 100") != NULL;
	for (const unsigned char *p = (const unsigned char *)raw; *p != '\0'; p++) {
		char enc[4];
		size_t k = 1;
		enc[0] = (char)*p;
		if (*p >= 0x80 && latin1)
			k = dcb_utf8_encode(*p, enc);
		else if (*p >= 0x80 && !utf8)
			enc[0] = '?';
		if (o + k >= size)
			break;
		memcpy(out + o, enc, k);
		o += k;
	}
	out[o] = '\0';
}

static void
fields_of(const struct dcb_dset *ds, struct ui_wl_fields *f)
{
	const struct dcb_dset *sps = ds != NULL ? dcb_dset_item(ds, T_SPS, 0) : NULL;
	char cs[80] = "";

	if (ds != NULL)
		dcb_dset_get_str(ds, DCB_TAG(0x0008, 0x0005), cs, sizeof cs);
	text_of(ds, DCB_TAG(0x0010, 0x0010), cs, f->patient, sizeof f->patient);
	text_of(ds, DCB_TAG(0x0010, 0x0020), cs, f->patient_id, sizeof f->patient_id);
	text_of(ds, DCB_TAG(0x0008, 0x0050), cs, f->accession, sizeof f->accession);
	text_of(ds, DCB_TAG(0x0032, 0x1060), cs, f->procedure, sizeof f->procedure);
	text_of(sps, DCB_TAG(0x0040, 0x0001), cs, f->station, sizeof f->station);
	text_of(sps, DCB_TAG(0x0008, 0x0060), cs, f->modality, sizeof f->modality);
	text_of(sps, DCB_TAG(0x0040, 0x0002), cs, f->date, sizeof f->date);
	text_of(sps, DCB_TAG(0x0040, 0x0003), cs, f->time, sizeof f->time);
	text_of(sps, DCB_TAG(0x0040, 0x0006), cs, f->physician, sizeof f->physician);
}

/* Which of two steps of one entry the row shows: one in progress, else
 * a completed one, else a discontinued one (a step discontinued and done
 * again shows the second). */
static int
rank(int state)
{
	return state == DCB_MPPS_IN_PROGRESS ? 3 : state == DCB_MPPS_COMPLETED ? 2
	       : state == DCB_MPPS_DISCONTINUED ? 1 : 0;
}

/* Rows again from the index; each entry's state from the steps on disk. */
static void
build_rows(struct ui_wl_view *v)
{
	size_t n = dcb_worklist_count(v->wl, v->ae);
	struct dcb_mpps_list *steps = dcb_mpps_list_new();

	free(v->rows);
	v->rows = calloc(n ? n : 1, sizeof *v->rows);
	if (v->rows == NULL || steps == NULL)
		abort();
	v->n = n;
	for (size_t i = 0; i < n; i++) {
		const struct dcb_wl_entry *w = dcb_worklist_nth(v->wl, v->ae, i);
		struct ui_wl_row *r = &v->rows[i];
		snprintf(r->file, sizeof r->file, "%s", w->name);
		snprintf(r->path, sizeof r->path, "%s", w->path);
		r->readable = w->ds != NULL;
		r->incomplete = w->incomplete;
		r->mpps = -1;
		fields_of(w->ds, &r->f);
	}
	memset(v->steps, 0, sizeof v->steps);
	dcb_mpps_load_dir(steps, v->root, NULL, NULL);
	for (size_t k = 0; k < dcb_mpps_count(steps); k++) {
		const struct dcb_mpps *p = dcb_mpps_nth(steps, k);
		const struct dcb_wl_entry *w =
		    dcb_worklist_step_entry(v->wl, p->study_uid, p->accession, p->sps_id);
		v->steps[p->state]++;
		for (size_t i = 0; w != NULL && i < n; i++)
			if (strcmp(v->rows[i].path, w->path) == 0 &&
			    rank((int)p->state) > rank(v->rows[i].mpps))
				v->rows[i].mpps = (int)p->state;
	}
	dcb_mpps_list_free(steps);
}

int
ui_wl_view_refresh(struct ui_wl_view *v)
{
	struct dcb_error err = {0};
	char dir[UI_PATH_MAX + 64];
	struct stat st;
	struct timespec mt = {0, 0};
	int n = dcb_worklist_refresh(v->wl, NULL, NULL, &err);

	if (n < 0) {
		snprintf(v->error, sizeof v->error, "%s", err.message);
		free(v->rows);
		v->rows = NULL;
		v->n = 0;
		return -1;
	}
	bool first = !v->read_once || v->error[0] != '\0';
	bool changed = n > 0 || first;
	v->error[0] = '\0';
	v->read_once = true;
	/* The steps' folder changes with every step written (a rename);
	 * a change in the same clock tick as the last look is looked for
	 * again the next time. */
	dcb_mpps_dir(v->root, dir, sizeof dir);
	if (stat(dir, &st) == 0)
		mt = st.st_mtim;
	if (mt.tv_sec != v->mpps_mtime.tv_sec || mt.tv_nsec != v->mpps_mtime.tv_nsec ||
	    time(NULL) - mt.tv_sec < 2)
		changed = true;
	v->mpps_mtime = mt;
	if (!changed)
		return 0;
	/* compare, so that a look that found nothing new says so */
	size_t old_n = v->n;
	struct ui_wl_row *old = v->rows;
	v->rows = NULL;
	build_rows(v);
	bool same = !first && old_n == v->n &&
	            (v->n == 0 || memcmp(old, v->rows, v->n * sizeof *v->rows) == 0);
	free(old);
	return same ? 0 : 1;
}

/* ---- writing ---------------------------------------------------------------- */

#define FD(name) offsetof(struct ui_wl_fields, name), sizeof(((struct ui_wl_fields *)0)->name)

const struct ui_wl_field_def ui_wl_field_defs[UI_WL_NFIELDS] = {
    {N_("Patient name"), FD(patient), 't'},
    {N_("Patient ID"), FD(patient_id), 't'},
    {N_("Accession number"), FD(accession), 't'},
    {N_("Requested procedure"), FD(procedure), 't'},
    {N_("Station AE title"), FD(station), 'a'},
    {N_("Modality"), FD(modality), 'c'},
    {N_("Start date (YYYYMMDD)"), FD(date), 'd'},
    {N_("Start time (HHMM)"), FD(time), 'h'},
    {N_("Performing physician"), FD(physician), 't'},
};

static bool
digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int
ui_wl_fields_from(const char *const values[UI_WL_NFIELDS], struct ui_wl_fields *out, int *bad,
                  char *msg, size_t size)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < UI_WL_NFIELDS; i++) {
		const struct ui_wl_field_def *d = &ui_wl_field_defs[i];
		const char *v = values[i];
		const char *label = _(d->label);

		*bad = i;
		if (strlen(v) >= d->size) {
			snprintf(msg, size, _("%s: at most %zu characters"), label, d->size - 1);
			return -1;
		}
		if (v[0] == '\0' && d->offset != offsetof(struct ui_wl_fields, physician)) {
			snprintf(msg, size,
			         _("%s is needed (dcmtk's wlmscpfs serves no entry without it)"), label);
			return -1;
		}
		if ((d->kind == 'd' && !digits(v, 8)) ||
		    (d->kind == 'h' && !digits(v, 4) && !digits(v, 6))) {
			snprintf(msg, size, _("%s: digits only, as the label shows"), label);
			return -1;
		}
		if ((d->kind == 'a' || d->kind == 'c') && strchr(v, '\\') != NULL) {
			snprintf(msg, size, _("%s: no backslash"), label);
			return -1;
		}
		memcpy((char *)out + d->offset, v, strlen(v) + 1);
	}
	return 0;
}

void
ui_wl_new_path(const char *dir, const char *accession, char *out, size_t size)
{
	char name[20];
	size_t k = 0;
	struct stat st;

	for (const char *p = accession; *p != '\0' && k + 1 < sizeof name; p++)
		name[k++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		                    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'
		                ? *p
		                : '_';
	name[k] = '\0';
	snprintf(out, size, "%s/%s.wl", dir, name);
	for (int n = 2; stat(out, &st) == 0 && n < 10000; n++)
		snprintf(out, size, "%s/%s-%d.wl", dir, name, n);
}

static int
put(struct dcb_dset *ds, uint32_t tag, const char *vr, const char *v)
{
	return dcb_dset_put_str(ds, tag, vr, v, NULL);
}

int
ui_wl_write_entry(const char *path, const struct ui_wl_fields *f, char *msg, size_t size)
{
	struct dcb_dset *ds = dcb_dset_new(), *sps = NULL;
	struct dcb_error err = {0};
	char uid[65], step_id[17], proc_id[17];
	int rc = -1;

	if (ds == NULL)
		abort();
	dcb_worklist_new_uid(uid);
	/* the step and procedure IDs follow the accession, as a RIS makes them */
	snprintf(step_id, sizeof step_id, "S%.15s", f->accession);
	snprintf(proc_id, sizeof proc_id, "P%.15s", f->accession);
	if (put(ds, DCB_TAG(0x0008, 0x0005), "CS", "ISO_IR 192") < 0 ||
	    put(ds, DCB_TAG(0x0008, 0x0050), "SH", f->accession) < 0 ||
	    dcb_dset_put_seq(ds, DCB_TAG(0x0008, 0x1110), NULL) < 0 ||
	    dcb_dset_put_seq(ds, DCB_TAG(0x0008, 0x1120), NULL) < 0 ||
	    put(ds, DCB_TAG(0x0010, 0x0010), "PN", f->patient) < 0 ||
	    put(ds, DCB_TAG(0x0010, 0x0020), "LO", f->patient_id) < 0 ||
	    put(ds, DCB_TAG(0x0020, 0x000D), "UI", uid) < 0 ||
	    put(ds, DCB_TAG(0x0032, 0x1060), "LO", f->procedure) < 0 ||
	    put(ds, DCB_TAG(0x0040, 0x1001), "SH", proc_id) < 0 ||
	    (sps = dcb_dset_seq_add_item(ds, T_SPS, NULL)) == NULL ||
	    put(sps, DCB_TAG(0x0008, 0x0060), "CS", f->modality) < 0 ||
	    put(sps, DCB_TAG(0x0040, 0x0001), "AE", f->station) < 0 ||
	    put(sps, DCB_TAG(0x0040, 0x0002), "DA", f->date) < 0 ||
	    put(sps, DCB_TAG(0x0040, 0x0003), "TM", f->time) < 0 ||
	    put(sps, DCB_TAG(0x0040, 0x0006), "PN", f->physician) < 0 ||
	    put(sps, DCB_TAG(0x0040, 0x0007), "LO", f->procedure) < 0 ||
	    put(sps, DCB_TAG(0x0040, 0x0009), "SH", step_id) < 0) {
		snprintf(msg, size, _("%s: the entry cannot be made"), path);
		goto out;
	}
	if (dcb_worklist_write_file(path, ds, &err) < 0) {
		snprintf(msg, size, "%s", err.message);
		goto out;
	}
	rc = 0;
out:
	dcb_dset_free(ds);
	return rc;
}

int
ui_wl_demo_entries(const struct ui_settings *cfg, char *msg, size_t size)
{
	static const struct {
		const char *patient, *id, *proc, *station, *modality, *time, *physician;
	} demo[] = {
	    {"Bench^Patient", "B001", "CT Chest", "CT1", "CT", "0800", "Grey^Meredith"},
	    {"Müller^Anna", "P003", "MR Knee", "MR1", "MR", "0930", "Weber^Jonas"},
	    {"Doe^John", "P004", "Chest X-ray", "CR1", "CR", "1100", "Grey^Meredith"},
	};
	char root[UI_PATH_MAX], dir[UI_PATH_MAX + 32], path[UI_PATH_MAX + 64];
	struct stat st;
	time_t now = time(NULL);
	struct tm tm;
	FILE *lock;

	ui_settings_worklist_dir(cfg, root, sizeof root);
	if (cfg->worklist[0] != '\0' || stat(root, &st) == 0)
		return 0;
	snprintf(dir, sizeof dir, "%s/%s", root, cfg->worklist_flat ? "" : cfg->scp_aet);
	if (ui_mkdirs(dir, 0755) < 0) {
		snprintf(msg, size, _("%s: cannot create the worklist folder: %s"), dir,
		         strerror(errno));
		return -1;
	}
	if (!cfg->worklist_flat) {
		/* dcmtk's wlmscpfs answers from a folder with a lockfile only */
		snprintf(path, sizeof path, "%s/lockfile", dir);
		lock = fopen(path, "w");
		if (lock != NULL)
			fclose(lock);
	}
	localtime_r(&now, &tm);
	for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
		struct ui_wl_fields f;
		memset(&f, 0, sizeof f);
		snprintf(f.patient, sizeof f.patient, "%s", demo[i].patient);
		snprintf(f.patient_id, sizeof f.patient_id, "%s", demo[i].id);
		snprintf(f.accession, sizeof f.accession, "DEMO%04zu", i + 1);
		snprintf(f.procedure, sizeof f.procedure, "%s", demo[i].proc);
		snprintf(f.station, sizeof f.station, "%s", demo[i].station);
		snprintf(f.modality, sizeof f.modality, "%s", demo[i].modality);
		strftime(f.date, sizeof f.date, "%Y%m%d", &tm);
		snprintf(f.time, sizeof f.time, "%s", demo[i].time);
		snprintf(f.physician, sizeof f.physician, "%s", demo[i].physician);
		snprintf(path, sizeof path, "%s/demo%zu.wl", dir, i + 1);
		if (ui_wl_write_entry(path, &f, msg, size) < 0)
			return -1;
	}
	snprintf(msg, size, _("Made three sample worklist entries in %s."), dir);
	return 1;
}
