/* worklist-view.h — the SCP's worklist as the dashboard shows it: one row
 * per .wl file the SCP serves (patient, accession, procedure, station AE,
 * modality, start date and time) with the state of the MPPS step that
 * performs it (none, IN PROGRESS, COMPLETED, DISCONTINUED).
 *
 * The view reads the folder itself, with an index of its own (the engine's
 * is its thread's), and the steps the MPPS SCP writes under
 * ROOT/.dicombench/mpps; ui_wl_view_refresh() costs a stat per file and
 * reads again only what changed.  Plain C, no curses. */
#ifndef UI_WORKLIST_VIEW_H
#define UI_WORKLIST_VIEW_H

#include <stdbool.h>
#include <stddef.h>

struct ui_wl_view;

/* What an entry says, as text (UTF-8), and the fields the form edits. */
struct ui_wl_fields {
	char patient[65];    /* (0010,0010) */
	char patient_id[65]; /* (0010,0020) */
	char accession[17];  /* (0008,0050) */
	char procedure[65];  /* (0032,1060) Requested Procedure Description */
	char station[17];    /* SPS (0040,0001) Scheduled Station AE Title */
	char modality[17];   /* SPS (0008,0060) */
	char date[9];        /* SPS (0040,0002) YYYYMMDD */
	char time[15];       /* SPS (0040,0003) HHMM[SS] */
	char physician[65];  /* SPS (0040,0006) Scheduled Performing Physician */
};

/* The fields in form order, with their labels (N_()) and limits. */
struct ui_wl_field_def {
	const char *label;
	size_t offset, size; /* in struct ui_wl_fields */
	char kind;           /* 't' text, 'd' date YYYYMMDD, 'h' time HHMM[SS],
	                      * 'a' AE title, 'c' code string */
};
#define UI_WL_NFIELDS 9
extern const struct ui_wl_field_def ui_wl_field_defs[UI_WL_NFIELDS];

/* Fills out from the form's values (in ui_wl_field_defs order) when each
 * has a value that fits its field and kind; else -1, *bad the field and a
 * translated message. */
int ui_wl_fields_from(const char *const values[UI_WL_NFIELDS], struct ui_wl_fields *out, int *bad,
                      char *msg, size_t size);

/* A new entry's file name in dir: ACCESSION.wl (characters other than
 * letters, digits, - and _ as _), ACCESSION-2.wl ... when taken. */
void ui_wl_new_path(const char *dir, const char *accession, char *out, size_t size);

struct ui_wl_row {
	struct ui_wl_fields f;
	char file[256]; /* its file name, "0001.wl" */
	char path[1200];
	bool readable;  /* false: not a worklist file (the SCP says why) */
	bool incomplete; /* lacks a return key dcmtk's -efr check wants: not served */
	int mpps;       /* -1: no step; else enum dcb_mpps_state (of several steps:
	                 * one in progress, else completed, else discontinued) */
};

/* A view over root (copied) in dcmtk's layout (entries of
 * ROOT/<ae>/) or flat (Orthanc's); not read yet.  Aborts when out of memory. */
struct ui_wl_view *ui_wl_view_new(const char *root, bool flat, const char *ae);
void ui_wl_view_free(struct ui_wl_view *v);

/* True when v is over root, layout and ae already. */
bool ui_wl_view_is(const struct ui_wl_view *v, const char *root, bool flat, const char *ae);

/* The folder the entries lie in (ROOT/<ae> or ROOT). */
const char *ui_wl_view_dir(const struct ui_wl_view *v);

/* Looks at the folder and the MPPS steps again.  Returns 1 when the rows
 * changed, 0 when not, -1 when the folder cannot be read (then
 * ui_wl_view_error() says why, and the rows are gone). */
int ui_wl_view_refresh(struct ui_wl_view *v);
const char *ui_wl_view_error(const struct ui_wl_view *v);

size_t ui_wl_view_count(const struct ui_wl_view *v);
const struct ui_wl_row *ui_wl_view_row(const struct ui_wl_view *v, size_t i);

/* Steps in each state: counts[0..2] as enum dcb_mpps_state. */
void ui_wl_view_steps(const struct ui_wl_view *v, unsigned counts[3]);

/* The words of a row's MPPS state: "—" or the state's name. */
const char *ui_wl_state_text(int mpps);

/* Writes an entry with f's values (and a new Study Instance UID, the
 * return keys dcmtk's wlmscpfs wants) as path, atomically.  Returns 0, or
 * -1 with a translated message. */
int ui_wl_write_entry(const char *path, const struct ui_wl_fields *f, char *msg, size_t size);

struct ui_settings;

/* First start: when the worklist folder is the default one
 * (STATE/worklist) and does not exist, makes it (ROOT/<SCP AE>/ with its
 * lockfile, or flat) with three sample entries scheduled today.  Returns
 * 1 when made, 0 when not needed, -1 with a translated message. */
int ui_wl_demo_entries(const struct ui_settings *cfg, char *msg, size_t size);

#endif
