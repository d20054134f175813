/* qr-scp.h — the Query/Retrieve SCP (PS3.4 Annex C) of a small PACS:
 * C-FIND, C-MOVE and C-GET over the archive index, in the Patient Root
 * and Study Root information models.
 *
 * What it serves is a site: one or more areas (a called AE title, its
 * folder and that folder's index), the peers it knows (C-MOVE
 * destinations, the calling AE titles an area serves) and its matching
 * policy.  The engine is given the site (struct dcb_engine_config.qr) and
 * a service table holding dcb_service_qr; the storage service then files
 * each object into the area of the called AE title and indexes it. */
#ifndef DCB_QR_SCP_H
#define DCB_QR_SCP_H

#include <stdbool.h>
#include <stddef.h>

#include "aetable.h"
#include "archive.h"

struct dcb_engine;

struct dcb_qr_site_area {
	char ae[DCB_AE_TITLE_MAX + 1];
	const char *dir;             /* borrowed */
	struct dcb_archive *archive; /* borrowed; its index */
	bool readable, writable;
	/* calling AE titles served; NULL: any */
	const char (*peers)[DCB_AE_TITLE_MAX + 1];
	size_t n_peers;
};

struct dcb_qr_site {
	struct dcb_qr_site_area *areas; /* the first also serves any called AE title
	                                 * when check_called is off */
	size_t n_areas;
	const struct dcb_ae_table *peers; /* C-MOVE destinations */
	bool pn_ignore_case;              /* match PN as Orthanc does, not as dcmtk */
	bool check_called;                /* reject called AE titles of no area */
	bool no_patient_root, no_study_root, no_get; /* models not offered (-QP, -QS, --disable-get) */
	int own_port;                     /* where this SCP listens (to refuse a move loop) */
};

/* The area of the association's called AE title, or NULL when there is none
 * (with check_called off: the first area). */
const struct dcb_qr_site_area *dcb_qr_site_area(const struct dcb_qr_site *s,
                                                const char *called_ae);

/* True when the area serves a peer calling as calling_ae. */
bool dcb_qr_site_area_serves(const struct dcb_qr_site_area *area, const char *calling_ae);

/* A site of one area: AE title ae, folder dir (borrowed), readable and
 * writable by any peer; what storescp's -aet/-od and the dashboard's SCP
 * make.  0 or DCB_ERR_NOMEM; dcb_qr_site_close() frees it. */
int dcb_qr_site_one_area(struct dcb_qr_site *s, const char *ae, const char *dir,
                         bool check_called, struct dcb_error *err);

/* Opens the archive index of an area's folder (archive.h's
 * dcb_archive_open(), with its progress and note).  0, DCB_ERR_USAGE when
 * the folder does not exist (err says how to make it), or
 * dcb_archive_open()'s errors. */
int dcb_qr_site_open_area(struct dcb_qr_site_area *area, dcb_archive_progress_fn progress,
                          void *user, char *note, size_t note_size, struct dcb_error *err);

/* Closes the areas' indexes and frees the areas (the site's other fields
 * are left as they are). */
void dcb_qr_site_close(struct dcb_qr_site *s);

/* The information models and their SOP classes. */
#define DCB_UID_PATIENT_ROOT_FIND "1.2.840.10008.5.1.4.1.2.1.1"
#define DCB_UID_PATIENT_ROOT_MOVE "1.2.840.10008.5.1.4.1.2.1.2"
#define DCB_UID_PATIENT_ROOT_GET "1.2.840.10008.5.1.4.1.2.1.3"
#define DCB_UID_STUDY_ROOT_FIND "1.2.840.10008.5.1.4.1.2.2.1"
#define DCB_UID_MWL_FIND "1.2.840.10008.5.1.4.31" /* Modality Worklist - FIND */
#define DCB_UID_STUDY_ROOT_MOVE "1.2.840.10008.5.1.4.1.2.2.2"
#define DCB_UID_STUDY_ROOT_GET "1.2.840.10008.5.1.4.1.2.2.3"

#endif
