/* backend.h — the dashboard's adapter to the engines.
 *
 * The backend runs the SCP and SCU engines in their own threads; their
 * events go into a queue whose pipe wakes the dashboard's poll loop
 * (ui_backend_fd).  The dashboard drains the queue, folds the events into
 * its model, and calls the commands below, which never block on the
 * network.  The engines run over TCP, or, in_memory (--fake), over
 * socket pairs inside the process: no port is bound, nothing leaves it. */
#ifndef UI_BACKEND_H
#define UI_BACKEND_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../src/aetable.h"
#include "../src/events.h"
#include "qr-results.h"
#include "settings.h"

struct ui_backend;

struct ui_backend_ops {
	const char *name;
	/* (Re)start the SCP listeners with the current settings. */
	int (*start)(struct ui_backend *b);
	/* Send files (copied) to the SCU's peer as one job.  Returns the job's
	 * number (> 0; 0 when not known), which its events carry, or -1. */
	int (*send)(struct ui_backend *b, char *const *paths, size_t n);
	int (*echo)(struct ui_backend *b);
	/* A C-FIND or C-MOVE to the SCU's peer; its answers come as the SCU's
	 * DCB_EV_RESPONSE events and a DCB_EV_JOB_DONE. */
	int (*query)(struct ui_backend *b, const struct ui_qr_request *rq);
	/* An MPPS request to the SCU's peer: N-CREATE of SOP instance uid
	 * (create) or its N-SET, with data set ds (encoded at once); the
	 * answer comes as the SCU's DCB_EV_RESPONSE. */
	int (*mpps)(struct ui_backend *b, bool create, const char *uid, const struct dcb_dset *ds);
	/* A C-ECHO of one peer of the AE table. */
	int (*echo_peer)(struct ui_backend *b, const struct dcb_peer *peer);
	/* Stop all threads; no events come after it returns. */
	void (*stop)(struct ui_backend *b);
};

/* What the browser shows about a file. */
struct ui_file_info {
	bool dicom; /* a DICOM file (Part 10 or raw data set) */
	uint64_t size;
	char patient[65];
	char modality[17];
	char sop_class[80];       /* name, or the UID when unknown */
	char transfer_syntax[80]; /* short name */
	char sop_instance[65];
	int findings; /* -1 if not checked */
	int errors;   /* findings of severity error */
};

struct ui_backend {
	const struct ui_backend_ops *ops;
	struct ui_settings cfg; /* the backend's copy */
	void *impl;             /* implementation state */
	bool in_memory;         /* no network: associations go through socket pairs */
	/* Written by the engine threads, read by the dashboard. */
	atomic_int scp_port, scp_tls_port; /* ports actually bound, 0 if none */
	atomic_bool busy;                  /* an SCU job runs */
	/* The SCP's archive: patients, studies, series, instances; changed
	 * counts up on each change (ui_backend_set_archive()), 0: none. */
	atomic_size_t archive[4];
	atomic_uint archive_changed;
	atomic_bool archive_on;
	/* while the SCP's thread reconciles the index with the folder: files
	 * looked at of how many (0 while counting) */
	atomic_bool archive_indexing;
	atomic_size_t archive_done, archive_total;
	/* the queue (backend.c) */
	struct ui_queue *q;
};

/* Creates the backend; in_memory: without network (--fake), the SCU's
 * associations reach the SCP through socket pairs and no port is bound. */
struct ui_backend *ui_backend_new(const struct ui_settings *cfg, bool in_memory);
void ui_backend_free(struct ui_backend *b);

/* The fd that becomes readable when events wait. */
int ui_backend_fd(const struct ui_backend *b);

/* Calls fn for up to max queued events, oldest first, then drops them
 * from the queue; returns the count.  The events are read where they
 * are queued (no copy): fn must not keep the pointer. */
size_t ui_backend_drain(struct ui_backend *b, void (*fn)(const struct dcb_event *ev, void *user),
                        void *user, size_t max);

/* For implementations: queue one event (copied); thread-safe.  Progress
 * events are dropped when the queue is full; others wait for room. */
void ui_backend_emit(struct ui_backend *b, const struct dcb_event *ev);

/* Fills ev's header (kind, side, assoc, time now) and zeroes the payload. */
void ui_event_init(struct dcb_event *ev, enum dcb_event_kind kind, enum dcb_side side,
                   uint32_t assoc_id);

/* For implementations, any thread: the SCP's archive now holds counts
 * (patients, studies, series, instances); NULL: the SCP has no archive. */
void ui_backend_set_archive(struct ui_backend *b, const size_t counts[4]);
/* Any thread: the SCP's index is being reconciled with its folder, done
 * of total files looked at (total 0 while counting them). */
void ui_backend_set_archive_progress(struct ui_backend *b, size_t done, size_t total);

/* Describes a file for the browser (reads its head). Returns 0 or -1. */
int ui_backend_describe(const char *path, struct ui_file_info *info);

/* Checks a file's conformance; calls fn per finding.  Returns the count
 * or -1 when it cannot be checked. */
int ui_backend_check(const char *path, void (*fn)(const struct dcb_finding *f, void *user),
                     void *user);

/* The implementation (backend-engine.c). */
extern const struct ui_backend_ops ui_backend_engine_ops;

#endif
