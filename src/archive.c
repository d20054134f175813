/* archive.c — the archive index in SQLite: opening it (and setting a bad
 * one aside), adding and dropping files, the reconcile with the folder and
 * the queries the Query/Retrieve and Storage Commitment services ask. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive-keys.h"
#include "archive.h"
#include "dict.h"
#include "dset.h"
#include "i18n.h"
#include "textbuf.h"

/* "DCBI" in PRAGMA application_id: this file is dicombench's index. */
#define APPLICATION_ID 0x44434249
/* PRAGMA user_version: the schema below.  Another value: the index is set
 * aside and rebuilt (it is derived data). */
#define SCHEMA_VERSION 1
#define BATCH_CHANGES 64    /* changes per transaction at most ... */
#define BATCH_MS 200        /* ... and no change waits longer for a later one */
#define PROGRESS_EVERY 64   /* files between progress calls */
#define MAX_DEPTH 64        /* folders within folders a reconcile enters */
#define SCP_TEMP_PREFIX ".dicombench-"
#define SCP_TEMP_SUFFIX ".part"

static const char schema[] =
    "CREATE TABLE patient ("
    " id INTEGER PRIMARY KEY,"
    " pkey TEXT NOT NULL UNIQUE," /* Patient ID \ Issuer, or \\ Patient's Name */
    " patient_id TEXT NOT NULL,"
    " keys BLOB NOT NULL);"
    "CREATE INDEX patient_by_id ON patient(patient_id);"
    "CREATE TABLE study ("
    " id INTEGER PRIMARY KEY,"
    " patient INTEGER NOT NULL REFERENCES patient(id),"
    " study_uid TEXT NOT NULL UNIQUE,"
    " keys BLOB NOT NULL);"
    "CREATE INDEX study_by_patient ON study(patient);"
    "CREATE TABLE series ("
    " id INTEGER PRIMARY KEY,"
    " study INTEGER NOT NULL REFERENCES study(id),"
    " series_uid TEXT NOT NULL UNIQUE,"
    " modality TEXT NOT NULL,"
    " keys BLOB NOT NULL);"
    "CREATE INDEX series_by_study ON series(study);"
    "CREATE TABLE instance ("
    " id INTEGER PRIMARY KEY,"
    " series INTEGER NOT NULL REFERENCES series(id),"
    " sop_uid TEXT NOT NULL UNIQUE,"
    " sop_class_uid TEXT NOT NULL,"
    " transfer_syntax_uid TEXT NOT NULL,"
    " path TEXT NOT NULL UNIQUE," /* inside the folder */
    " size INTEGER NOT NULL,"
    " mtime_ns INTEGER NOT NULL,"
    " keys BLOB NOT NULL);"
    "CREATE INDEX instance_by_series ON instance(series);";

/* The statements, prepared once.  Parameters of the level statements:
 * ?1 the level's unique key, ?2 the parent's id, ?3 the keys, ?4 the extra
 * column (Patient ID, Modality), ?5 the row's id. */
enum stmt {
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_PAT_GET,
	S_PAT_ADD,
	S_PAT_SET,
	S_STU_GET,
	S_STU_ADD,
	S_STU_SET,
	S_SER_GET,
	S_SER_ADD,
	S_SER_SET,
	S_INST_GET,
	S_INST_ADD,
	S_INST_SET,
	S_INST_DROP_PATH, /* the entry of a path, but another instance's */
	S_INST_DROP,      /* the entry of a path */
	S_PRUNE_SERIES,
	S_PRUNE_STUDY,
	S_PRUNE_PATIENT,
	S_COUNT_PATIENT,
	S_COUNT_STUDY,
	S_MODALITIES,
	S_CLASSES,
	S_COUNT_SERIES,
	S_COUNTS,
	S_HAS,
	S_LIST,
	N_STMT
};

static const char *const sql[N_STMT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_PAT_GET] = "SELECT id, 0, keys FROM patient WHERE pkey = ?1",
    [S_PAT_ADD] = "INSERT INTO patient(pkey, patient_id, keys) VALUES (?1, ?4, ?3)",
    [S_PAT_SET] = "UPDATE patient SET keys = ?3 WHERE id = ?5",
    [S_STU_GET] = "SELECT id, patient, keys FROM study WHERE study_uid = ?1",
    [S_STU_ADD] = "INSERT INTO study(study_uid, patient, keys) VALUES (?1, ?2, ?3)",
    [S_STU_SET] = "UPDATE study SET patient = ?2, keys = ?3 WHERE id = ?5",
    [S_SER_GET] = "SELECT id, study, keys FROM series WHERE series_uid = ?1",
    [S_SER_ADD] = "INSERT INTO series(series_uid, study, keys, modality) VALUES (?1, ?2, ?3, ?4)",
    [S_SER_SET] = "UPDATE series SET study = ?2, keys = ?3, modality = ?4 WHERE id = ?5",
    [S_INST_GET] = "SELECT id, series FROM instance WHERE sop_uid = ?1",
    [S_INST_ADD] = "INSERT INTO instance(sop_uid, series, keys, sop_class_uid, "
                   "transfer_syntax_uid, path, size, mtime_ns) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_INST_SET] = "UPDATE instance SET series = ?2, keys = ?3, sop_class_uid = ?4, "
                   "transfer_syntax_uid = ?5, path = ?6, size = ?7, mtime_ns = ?8 "
                   "WHERE sop_uid = ?1",
    [S_INST_DROP_PATH] = "DELETE FROM instance WHERE path = ?1 AND sop_uid <> ?2 RETURNING series",
    [S_INST_DROP] = "DELETE FROM instance WHERE path = ?1 RETURNING series",
    [S_PRUNE_SERIES] = "DELETE FROM series WHERE id = ?1 AND NOT EXISTS "
                       "(SELECT 1 FROM instance WHERE series = ?1) RETURNING study",
    [S_PRUNE_STUDY] = "DELETE FROM study WHERE id = ?1 AND NOT EXISTS "
                      "(SELECT 1 FROM series WHERE study = ?1) RETURNING patient",
    [S_PRUNE_PATIENT] = "DELETE FROM patient WHERE id = ?1 AND NOT EXISTS "
                        "(SELECT 1 FROM study WHERE patient = ?1)",
    [S_COUNT_PATIENT] = "SELECT (SELECT count(*) FROM study WHERE patient = ?1),"
                        " (SELECT count(*) FROM series se JOIN study st ON se.study = st.id"
                        "  WHERE st.patient = ?1),"
                        " (SELECT count(*) FROM instance i JOIN series se ON i.series = se.id"
                        "  JOIN study st ON se.study = st.id WHERE st.patient = ?1)",
    [S_COUNT_STUDY] = "SELECT (SELECT count(*) FROM series WHERE study = ?1),"
                      " (SELECT count(*) FROM instance i JOIN series se ON i.series = se.id"
                      "  WHERE se.study = ?1)",
    [S_MODALITIES] = "SELECT DISTINCT modality FROM series WHERE study = ?1 AND modality <> ''"
                     " ORDER BY 1",
    [S_CLASSES] = "SELECT DISTINCT i.sop_class_uid FROM instance i JOIN series se"
                  " ON i.series = se.id WHERE se.study = ?1 ORDER BY 1",
    [S_COUNT_SERIES] = "SELECT count(*) FROM instance WHERE series = ?1",
    [S_COUNTS] = "SELECT (SELECT count(*) FROM patient), (SELECT count(*) FROM study),"
                 " (SELECT count(*) FROM series), (SELECT count(*) FROM instance)",
    [S_HAS] = "SELECT path FROM instance WHERE sop_uid = ?1 AND sop_class_uid = ?2",
    [S_LIST] = "SELECT path, size, mtime_ns FROM instance ORDER BY path",
};

/* The statements of the patient, study and series levels. */
static const enum stmt level_get[3] = {S_PAT_GET, S_STU_GET, S_SER_GET};
static const enum stmt level_add[3] = {S_PAT_ADD, S_STU_ADD, S_SER_ADD};
static const enum stmt level_set[3] = {S_PAT_SET, S_STU_SET, S_SER_SET};

struct dcb_archive {
	sqlite3 *db;
	char *folder; /* as given, without a trailing slash */
	char *real;   /* its real path */
	char dbpath[PATH_MAX - 64]; /* room for the suffix of a copy set aside */
	sqlite3_stmt *st[N_STMT];
	sqlite3_stmt *each_st[4][16]; /* by level and the filter's keys (bits) */
	struct dcb_archive_reconcile rec;
	size_t counts[4];
	bool counts_ok;
	/* the records of the upper levels, decoded, for queries without a
	 * unique key to narrow them (most C-FINDs): a scan then costs a
	 * match per record, not a row, two decodes and a merge; dropped with
	 * any change */
	struct rec_cache {
		bool valid, computed;
		struct dcb_dset **recs;
		size_t n, cap;
	} cache[3][2]; /* by level (patient, study, series) and patient_root */
	bool in_tx;               /* a transaction of changes is open */
	unsigned pending;         /* changes in it */
	struct timespec since;    /* when it began */
};

/* --- the record cache ------------------------------------------------------ */

static void
cache_clear(struct rec_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		dcb_dset_free(c->recs[i]);
	free(c->recs);
	memset(c, 0, sizeof *c);
}

/* Something changed: every cached record may be wrong. */
static void
cache_drop(struct dcb_archive *a)
{
	for (int lv = 0; lv < 3; lv++)
		for (int root = 0; root < 2; root++)
			if (a->cache[lv][root].valid || a->cache[lv][root].n > 0)
				cache_clear(&a->cache[lv][root]);
}

/* --- SQLite in small steps ----------------------------------------------- */

static int
db_error(struct dcb_archive *a, struct dcb_error *err)
{
	return dcb_error_set(err, DCB_ERR_IO, -1,
	                     N_("archive index '%s': %s; check that the folder is writable and "
	                        "has room (the index can always be rebuilt from the files: "
	                        "remove it and start again)"),
	                     a->dbpath, sqlite3_errmsg(a->db));
}

/* Binds parameter i when st has it. */
static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (i <= sqlite3_bind_parameter_count(st))
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void
bind_int(sqlite3_stmt *st, int i, int64_t v)
{
	if (i <= sqlite3_bind_parameter_count(st))
		sqlite3_bind_int64(st, i, v);
}

/* Runs statement s to its end: 1 with *first (may be NULL) the first
 * column of its first row, 0 when it gave no row, or DCB_ERR_IO.  The
 * statement is reset and its parameters cleared. */
static int
run(struct dcb_archive *a, enum stmt s, int64_t *first, struct dcb_error *err)
{
	sqlite3_stmt *st = a->st[s];
	int got = 0, rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (got++ == 0 && first != NULL)
			*first = sqlite3_column_int64(st, 0);
	if (rc != SQLITE_DONE) {
		db_error(a, err);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return DCB_ERR_IO;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return got > 0;
}

static int
exec(struct dcb_archive *a, const char *what, struct dcb_error *err)
{
	return sqlite3_exec(a->db, what, NULL, NULL, NULL) == SQLITE_OK ? 0 : db_error(a, err);
}

/* Changes are grouped: the first opens a transaction, which is committed
 * after BATCH_CHANGES changes, after BATCH_MS, or by dcb_archive_sync().
 * A commit is a few system calls (locks, WAL pages), an add without one
 * some tens of microseconds.  Until the commit, this connection sees the
 * changes and others do not; a crash loses them from the index, which the
 * next open's reconcile puts right (the files are the truth). */
static int
batch_begin(struct dcb_archive *a, struct dcb_error *err)
{
	if (a->in_tx)
		return 0;
	if (run(a, S_BEGIN, NULL, err) < 0)
		return DCB_ERR_IO;
	a->in_tx = true;
	a->pending = 0;
	clock_gettime(CLOCK_MONOTONIC, &a->since);
	return 0;
}

/* After a change (rc: how it went): commits a full or old batch; an
 * error rolls the whole batch back. */
static int
batch_end(struct dcb_archive *a, int rc, struct dcb_error *err)
{
	struct timespec now;

	if (!a->in_tx)
		return rc;
	if (rc < 0) {
		run(a, S_ROLLBACK, NULL, NULL);
		a->in_tx = false;
		return rc;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (++a->pending >= BATCH_CHANGES ||
	    (now.tv_sec - a->since.tv_sec) * 1000 + (now.tv_nsec - a->since.tv_nsec) / 1000000 >=
	        BATCH_MS)
		return dcb_archive_sync(a, err);
	return 0;
}

int
dcb_archive_sync(struct dcb_archive *a, struct dcb_error *err)
{
	if (!a->in_tx)
		return 0;
	a->in_tx = false;
	if (run(a, S_COMMIT, NULL, err) >= 0)
		return 0;
	run(a, S_ROLLBACK, NULL, NULL);
	return DCB_ERR_IO;
}

/* Steps statement s (its parameters bound) to its first row: 1 with the
 * first two columns in v[0] and v[1], 0 when there is none, or DCB_ERR_IO. */
static int
row2(struct dcb_archive *a, enum stmt s, int64_t v[2], struct dcb_error *err)
{
	sqlite3_stmt *st = a->st[s];
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		v[0] = sqlite3_column_int64(st, 0);
		v[1] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(a, err);
	return rc == SQLITE_ROW;
}

/* --- writing ------------------------------------------------------------- */

/* Drops series id when no instance is left in it, then its study and its
 * patient when they are left empty too. */
static int
prune(struct dcb_archive *a, enum dcb_qr_level level, int64_t id, struct dcb_error *err)
{
	static const enum stmt by_level[3] = {S_PRUNE_PATIENT, S_PRUNE_STUDY, S_PRUNE_SERIES};
	int rc = 1;

	for (int lv = (int)level; lv >= 0 && rc == 1; lv--) {
		sqlite3_bind_int64(a->st[by_level[lv]], 1, id);
		rc = run(a, by_level[lv], &id, err);
	}
	return rc < 0 ? rc : 0;
}

/* Makes the row of a patient, study or series say what the file says:
 * *id its row, *moved its former parent when it had another (else 0). */
static int
level_put(struct dcb_archive *a, enum dcb_qr_level lv, const char *key, int64_t parent,
          const char *extra, const uint8_t *keys, size_t n, int64_t *id, int64_t *moved,
          struct dcb_error *err)
{
	sqlite3_stmt *get = a->st[level_get[lv]], *put;
	int rc;

	*moved = 0;
	sqlite3_bind_text(get, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(get);
	if (rc == SQLITE_ROW) {
		int64_t was = sqlite3_column_int64(get, 1);
		const void *old = sqlite3_column_blob(get, 2);
		bool same = was == parent && (size_t)sqlite3_column_bytes(get, 2) == n &&
		            (n == 0 || memcmp(old, keys, n) == 0);
		*id = sqlite3_column_int64(get, 0);
		sqlite3_reset(get);
		if (same)
			return 0;
		if (was != parent)
			*moved = was;
		put = a->st[level_set[lv]];
	} else {
		sqlite3_reset(get);
		if (rc != SQLITE_DONE)
			return db_error(a, err);
		put = a->st[level_add[lv]];
	}
	bind_text(put, 1, key);
	bind_int(put, 2, parent);
	sqlite3_bind_blob(put, 3, keys, (int)n, SQLITE_STATIC);
	bind_text(put, 4, extra);
	bind_int(put, 5, *id);
	if (run(a, put == a->st[level_add[lv]] ? level_add[lv] : level_set[lv], NULL, err) < 0)
		return DCB_ERR_IO;
	if (put == a->st[level_add[lv]])
		*id = sqlite3_last_insert_rowid(a->db);
	return 0;
}

/* Puts the file read into f at rel, inside a transaction of the caller. */
static int
place(struct dcb_archive *a, const char *rel, const struct archive_file *f,
      uint8_t *const keys[4], const size_t n[4], struct dcb_error *err)
{
	const char *unique[3] = {f->patient_key, f->study_uid, f->series_uid};
	const char *extra[3] = {f->patient_id, NULL, f->modality};
	int64_t id[3] = {0, 0, 0}, moved[3] = {0, 0, 0}, old[2] = {0, 0}, other_series = 0;
	int64_t parent = 0;
	sqlite3_stmt *st;
	int rc = batch_begin(a, err);

	if (rc < 0)
		return rc;
	a->counts_ok = false;
	cache_drop(a);
	for (int lv = 0; lv < 3; lv++) {
		rc = level_put(a, (enum dcb_qr_level)lv, unique[lv], parent, extra[lv], keys[lv],
		               n[lv], &id[lv], &moved[lv], err);
		if (rc < 0)
			return rc;
		parent = id[lv];
	}
	/* Another instance's entry under this path: the file was replaced. */
	sqlite3_bind_text(a->st[S_INST_DROP_PATH], 1, rel, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->st[S_INST_DROP_PATH], 2, f->sop_uid, -1, SQLITE_STATIC);
	if (run(a, S_INST_DROP_PATH, &other_series, err) < 0)
		return DCB_ERR_IO;
	sqlite3_bind_text(a->st[S_INST_GET], 1, f->sop_uid, -1, SQLITE_STATIC);
	rc = row2(a, S_INST_GET, old, err); /* the same instance again: where was it? */
	if (rc < 0)
		return rc;
	st = a->st[rc == 1 ? S_INST_SET : S_INST_ADD];
	sqlite3_bind_text(st, 1, f->sop_uid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id[2]);
	sqlite3_bind_blob(st, 3, keys[3], (int)n[3], SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->sop_class_uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, f->ts_uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, rel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (int64_t)f->size);
	sqlite3_bind_int64(st, 8, f->mtime_ns);
	if (run(a, rc == 1 ? S_INST_SET : S_INST_ADD, NULL, err) < 0)
		return DCB_ERR_IO;
	/* What the file moved away from, when left empty. */
	rc = 0;
	if (old[1] != 0 && old[1] != id[2])
		rc = prune(a, DCB_QR_SERIES, old[1], err);
	if (rc == 0 && other_series != 0 && other_series != id[2])
		rc = prune(a, DCB_QR_SERIES, other_series, err);
	if (rc == 0 && moved[2] != 0)
		rc = prune(a, DCB_QR_STUDY, moved[2], err);
	if (rc == 0 && moved[1] != 0)
		rc = prune(a, DCB_QR_PATIENT, moved[1], err);
	return rc;
}

/* Reads the file at path and puts it in the index at rel, inside a
 * transaction of the caller.  *unusable: the file was the problem (not
 * DICOM, unreadable), not the index. */
static int
index_file(struct dcb_archive *a, const char *rel, const char *path, bool *unusable,
           struct dcb_error *err)
{
	struct archive_file f;
	uint8_t *keys[4] = {NULL, NULL, NULL, NULL};
	size_t n[4] = {0, 0, 0, 0};
	int rc = archive_file_read(path, &f, err);

	*unusable = rc < 0 && rc != DCB_ERR_NOMEM;
	for (int lv = 0; lv < 4 && rc == 0; lv++)
		rc = dcb_dset_encode_alloc(f.keys[lv], DCB_DSET_EXPLICIT_LE, &keys[lv], &n[lv], err);
	if (rc == 0)
		rc = place(a, rel, &f, keys, n, err);
	for (int lv = 0; lv < 4; lv++)
		free(keys[lv]);
	archive_file_clear(&f);
	return rc;
}

/* Drops the entry of rel.  1 when there was one, 0, or DCB_ERR_IO. */
static int
drop(struct dcb_archive *a, const char *rel, struct dcb_error *err)
{
	int64_t series = 0;
	int rc = batch_begin(a, err);

	if (rc < 0)
		return rc;
	a->counts_ok = false;
	cache_drop(a);
	sqlite3_bind_text(a->st[S_INST_DROP], 1, rel, -1, SQLITE_STATIC);
	rc = run(a, S_INST_DROP, &series, err);
	if (rc == 1 && prune(a, DCB_QR_SERIES, series, err) < 0)
		return DCB_ERR_IO;
	return rc;
}

/* The path of path inside the folder into rel[size]: after the folder as
 * it was given, or else after its real path.  DCB_ERR_USAGE when outside. */
static int
rel_of(const struct dcb_archive *a, const char *path, char *rel, size_t size,
       struct dcb_error *err)
{
	size_t n = strlen(a->folder);
	const char *r = NULL;
	char *real = NULL;
	int rc = 0;

	if (strncmp(path, a->folder, n) == 0 && path[n] == '/' && strstr(path + n, "/../") == NULL)
		r = path + n;
	else if ((real = realpath(path, NULL)) != NULL && strncmp(real, a->real, strlen(a->real)) == 0 &&
	         real[strlen(a->real)] == '/')
		r = real + strlen(a->real);
	while (r != NULL && (r[0] == '/' || (r[0] == '.' && r[1] == '/')))
		r += r[0] == '/' ? 1 : 2;
	if (r == NULL || r[0] == '\0' ||
	    strncmp(r, DCB_ARCHIVE_DIR "/", sizeof DCB_ARCHIVE_DIR) == 0)
		rc = dcb_error_set(err, DCB_ERR_USAGE, -1,
		                   N_("'%s' is not a file inside the archive's folder '%s'"), path,
		                   a->folder);
	else if ((size_t)snprintf(rel, size, "%s", r) >= size)
		rc = dcb_error_set(err, DCB_ERR_LIMIT, -1, N_("path too long: %s"), path);
	free(real);
	return rc;
}

int
dcb_archive_add_file(struct dcb_archive *a, const char *path, struct dcb_error *err)
{
	char rel[PATH_MAX];
	bool unusable;
	int rc = rel_of(a, path, rel, sizeof rel, err);

	if (rc < 0)
		return rc;
	rc = index_file(a, rel, path, &unusable, err);
	return rc < 0 && unusable ? rc : batch_end(a, rc, err);
}

int
dcb_archive_remove_file(struct dcb_archive *a, const char *path, struct dcb_error *err)
{
	char rel[PATH_MAX];
	int found, rc = rel_of(a, path, rel, sizeof rel, err);

	if (rc < 0)
		return rc;
	found = drop(a, rel, err);
	rc = batch_end(a, found < 0 ? found : 0, err);
	if (rc == 0 && found == 0)
		rc = dcb_error_set(err, DCB_ERR_NOTFOUND, -1,
		                   N_("'%s' is not in the archive index"), path);
	return rc;
}

/* --- reconcile ----------------------------------------------------------- */

struct file_entry {
	char *rel;
	uint64_t size;
	int64_t mtime_ns;
	bool seen;
};

struct file_list {
	struct file_entry *v;
	size_t n, cap;
};

static void
list_clear(struct file_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].rel);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int
list_add(struct file_list *l, const char *rel, uint64_t size, int64_t mtime_ns)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct file_entry *v = realloc(l->v, cap * sizeof *v);
		if (v == NULL)
			return DCB_ERR_NOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].rel = strdup(rel);
	if (l->v[l->n].rel == NULL)
		return DCB_ERR_NOMEM;
	l->v[l->n].size = size;
	l->v[l->n].mtime_ns = mtime_ns;
	l->v[l->n].seen = false;
	l->n++;
	return 0;
}

static int
by_rel(const void *x, const void *y)
{
	return strcmp(((const struct file_entry *)x)->rel, ((const struct file_entry *)y)->rel);
}

struct walk {
	struct dcb_archive *a;
	dcb_archive_progress_fn progress;
	void *user;
	struct file_list files;
};

static bool
scp_temp_file(const char *name)
{
	size_t n = strlen(name);

	return strncmp(name, SCP_TEMP_PREFIX, strlen(SCP_TEMP_PREFIX)) == 0 &&
	       n >= strlen(SCP_TEMP_SUFFIX) &&
	       strcmp(name + n - strlen(SCP_TEMP_SUFFIX), SCP_TEMP_SUFFIX) == 0;
}

/* Lists the regular files under folder/rel ("" for the folder itself). */
static int
walk(struct walk *w, char *rel, size_t len, size_t size, unsigned depth, struct dcb_error *err)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int rc = 0;

	snprintf(path, sizeof path, "%s/%s", w->a->folder, rel);
	d = opendir(path);
	if (d == NULL)
		return depth == 0 ? dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot read folder '%s': %s"),
		                                  path, strerror(errno))
		                  : 0; /* a folder we may not read: its files are not ours */
	while (rc == 0 && (de = readdir(d)) != NULL) {
		const char *name = de->d_name;
		struct stat st;
		size_t k = strlen(name);
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || scp_temp_file(name))
			continue;
		if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (len + k + 2 > size)
			continue;
		snprintf(rel + len, size - len, "%s%s", len > 0 ? "/" : "", name);
		if (S_ISDIR(st.st_mode) && strcmp(name, DCB_ARCHIVE_DIR) != 0 && depth < MAX_DEPTH) {
			rc = walk(w, rel, strlen(rel), size, depth + 1, err);
		} else if (S_ISREG(st.st_mode)) {
			rc = list_add(&w->files, rel, (uint64_t)st.st_size,
			              (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
			if (rc < 0)
				rc = dcb_error_set(err, rc, -1, N_("out of memory"));
			else if (w->progress != NULL && w->files.n % (PROGRESS_EVERY * 4) == 0)
				w->progress(w->user, w->files.n, 0, rel);
		}
		rel[len] = '\0';
	}
	closedir(d);
	return rc;
}

/* The index's entries, sorted by path. */
static int
load_index(struct dcb_archive *a, struct file_list *l, struct dcb_error *err)
{
	sqlite3_stmt *st = a->st[S_LIST];
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (list_add(l, (const char *)sqlite3_column_text(st, 0),
		             (uint64_t)sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2)) < 0) {
			sqlite3_reset(st);
			return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(a, err);
	/* ORDER BY compares bytes, as strcmp() does: sorted already. */
	return 0;
}

static void
note_skipped(struct dcb_archive_reconcile *r, const char *rel, const struct dcb_error *why)
{
	if (r->skipped++ == 0) {
		dcb_copy_cut(r->first_skipped, sizeof r->first_skipped, rel);
		dcb_copy_cut(r->why_skipped, sizeof r->why_skipped, why->message);
	}
}

/* Looks at one file of the folder against the index's entry e (or NULL).
 * Returns 1 when it changed the index, 0, or an error of the index. */
static int
reconcile_file(struct dcb_archive *a, const struct file_entry *f, struct file_entry *e,
               struct dcb_error *err)
{
	struct dcb_archive_reconcile *r = &a->rec;
	struct dcb_error why = {0};
	char path[PATH_MAX];
	bool unusable;
	int rc;

	if (e != NULL && e->size == f->size && e->mtime_ns == f->mtime_ns) {
		e->seen = true;
		r->unchanged++;
		return 0;
	}
	snprintf(path, sizeof path, "%s/%s", a->folder, f->rel);
	rc = index_file(a, f->rel, path, &unusable, &why);
	if (rc == 0) {
		if (e != NULL)
			e->seen = true;
		if (e != NULL)
			r->reread++;
		else
			r->added++;
		return 1;
	}
	if (!unusable) {
		*err = why;
		return rc;
	}
	note_skipped(r, f->rel, &why); /* an entry it had is dropped below */
	return 0;
}

static int
reconcile(struct dcb_archive *a, dcb_archive_progress_fn progress, void *user,
          struct dcb_error *err)
{
	struct walk w = {.a = a, .progress = progress, .user = user};
	struct file_list idx = {0};
	char rel[PATH_MAX] = "";
	size_t done = 0;
	int rc;

	memset(&a->rec, 0, sizeof a->rec);
	if (progress != NULL)
		progress(user, 0, 0, a->folder);
	rc = walk(&w, rel, 0, sizeof rel, 0, err);
	if (rc == 0)
		rc = load_index(a, &idx, err);
	if (rc < 0)
		goto out;
	if (w.files.n > 1)
		qsort(w.files.v, w.files.n, sizeof *w.files.v, by_rel);
	a->rec.files = w.files.n;
	for (done = 0; done < w.files.n && rc == 0; done++) {
		struct file_entry *f = &w.files.v[done];
		struct file_entry *e =
		    idx.n > 0 ? bsearch(f, idx.v, idx.n, sizeof *idx.v, by_rel) : NULL;
		rc = reconcile_file(a, f, e, err);
		if (rc != 0)
			rc = batch_end(a, rc, err);
		if (progress != NULL && (done + 1) % PROGRESS_EVERY == 0)
			progress(user, done + 1, w.files.n, f->rel);
	}
	for (size_t i = 0; i < idx.n && rc == 0; i++) {
		if (idx.v[i].seen)
			continue;
		rc = drop(a, idx.v[i].rel, err);
		if (rc > 0)
			a->rec.dropped++;
		rc = batch_end(a, rc < 0 ? rc : 0, err);
	}
	if (rc == 0)
		rc = dcb_archive_sync(a, err);
	if (rc == 0 && progress != NULL)
		progress(user, w.files.n, w.files.n, a->folder);
out:
	list_clear(&w.files);
	list_clear(&idx);
	return rc;
}

const struct dcb_archive_reconcile *
dcb_archive_last_reconcile(const struct dcb_archive *a)
{
	return &a->rec;
}

void
dcb_archive_describe_reconcile(const struct dcb_archive *a, char *buf, size_t size)
{
	const struct dcb_archive_reconcile *r = &a->rec;
	int n = snprintf(buf, size,
	                 dcb_tr(N_("archive index of %s: %zu files, %zu unchanged, %zu added, "
	                           "%zu read again, %zu dropped, %zu skipped")),
	                 a->folder, r->files, r->unchanged, r->added, r->reread, r->dropped,
	                 r->skipped);

	if (r->skipped > 0 && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, dcb_tr(N_(" (the first: %s: %s)")),
		         r->first_skipped, r->why_skipped);
}

/* --- opening ------------------------------------------------------------- */

enum verdict { V_GOOD, V_NEW, V_DAMAGED, V_FOREIGN, V_OTHER_SCHEMA };

/* One integer from a pragma or query: 0 or the SQLite error code. */
static int
query_int(sqlite3 *db, const char *q, int64_t *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, q, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static bool
damage(int rc)
{
	return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT;
}

/* What the file at a->dbpath is.  why[size]: what SQLite said of damage.
 * Returns the verdict, or DCB_ERR_IO when it cannot even be looked at. */
static int
examine(struct dcb_archive *a, int64_t *version, char *why, size_t size, struct dcb_error *err)
{
	int64_t app = 0, tables = 0;
	sqlite3_stmt *st;
	int rc = query_int(a->db, "PRAGMA application_id", &app);

	if (rc == SQLITE_OK)
		rc = query_int(a->db, "PRAGMA user_version", version);
	if (rc == SQLITE_OK)
		rc = query_int(a->db, "SELECT count(*) FROM sqlite_master", &tables);
	if (rc == SQLITE_OK && app == 0 && tables == 0)
		return V_NEW;
	if (rc == SQLITE_OK && app != APPLICATION_ID)
		return V_FOREIGN;
	if (rc == SQLITE_OK && *version != SCHEMA_VERSION)
		return V_OTHER_SCHEMA;
	if (rc == SQLITE_OK && (rc = sqlite3_prepare_v2(a->db, "PRAGMA quick_check(1)", -1, &st,
	                                                NULL)) == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW &&
		    strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
			snprintf(why, size, "%s", (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
			return V_DAMAGED;
		}
		sqlite3_finalize(st);
		rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
	}
	if (damage(rc)) {
		snprintf(why, size, "%s", sqlite3_errstr(rc));
		return V_DAMAGED;
	}
	return rc == SQLITE_OK ? V_GOOD : db_error(a, err);
}

/* A free name beside the index: index.sqlite.bad-YYYYmmdd-HHMMSS[-N]. */
static void
aside_name(const struct dcb_archive *a, char *out, size_t size)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	struct stat st;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	/* a->dbpath leaves room for the suffix (dcb_archive_open()) */
	if (snprintf(out, size, "%s.bad-%s", a->dbpath, stamp) >= (int)size)
		return;
	for (int i = 2; lstat(out, &st) == 0 && i < 1000; i++)
		if (snprintf(out, size, "%s.bad-%s-%d", a->dbpath, stamp, i) >= (int)size)
			return;
}

/* Renames the index and its journals aside; the shared-memory file is
 * only a cache of the WAL and goes. */
static int
move_aside(struct dcb_archive *a, char *aside, size_t size, struct dcb_error *err)
{
	static const char *const journals[] = {"-wal", "-journal"};
	char from[sizeof a->dbpath + 16], to[PATH_MAX + 16];

	aside_name(a, aside, size);
	if (rename(a->dbpath, aside) != 0)
		return dcb_error_set(err, DCB_ERR_IO, -1,
		                     N_("the archive index '%s' cannot be used and cannot be "
		                        "renamed aside to '%s': %s; move it away by hand"),
		                     a->dbpath, aside, strerror(errno));
	for (size_t i = 0; i < sizeof journals / sizeof journals[0]; i++) {
		snprintf(from, sizeof from, "%s%s", a->dbpath, journals[i]);
		snprintf(to, sizeof to, "%s%s", aside, journals[i]);
		rename(from, to);
	}
	snprintf(from, sizeof from, "%s-shm", a->dbpath);
	unlink(from);
	return 0;
}

static int
open_db(struct dcb_archive *a, struct dcb_error *err)
{
	int rc = sqlite3_open_v2(a->dbpath, &a->db,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW |
	                             SQLITE_OPEN_NOMUTEX, /* one thread uses it */
	                         NULL);

	if (rc != SQLITE_OK)
		return db_error(a, err);
	sqlite3_busy_timeout(a->db, 5000);
	return 0;
}

static void
close_db(struct dcb_archive *a)
{
	for (int i = 0; i < N_STMT; i++) {
		sqlite3_finalize(a->st[i]);
		a->st[i] = NULL;
	}
	for (int lv = 0; lv < 4; lv++)
		for (int m = 0; m < 16; m++) {
			sqlite3_finalize(a->each_st[lv][m]);
			a->each_st[lv][m] = NULL;
		}
	sqlite3_close(a->db);
	a->db = NULL;
}

/* The sentence for *note when the index was set aside. */
static void
say_aside(const struct dcb_archive *a, enum verdict v, int64_t version, const char *why,
          const char *aside, char *note, size_t size)
{
	if (note == NULL || size == 0)
		return;
	if (v == V_DAMAGED)
		snprintf(note, size,
		         dcb_tr(N_("The archive index %s is damaged (%s): it was renamed to %s and "
		                   "is rebuilt from the files in the folder.")),
		         a->dbpath, why, aside);
	else if (v == V_FOREIGN)
		snprintf(note, size,
		         dcb_tr(N_("%s is not a dicombench archive index (another program's "
		                   "database?): it was renamed to %s and a new index is built from "
		                   "the files in the folder.")),
		         a->dbpath, aside);
	else
		snprintf(note, size,
		         dcb_tr(N_("The archive index %s has schema version %lld, this dicombench "
		                   "uses %d: it was renamed to %s and is rebuilt from the files in "
		                   "the folder.")),
		         a->dbpath, (long long)version, SCHEMA_VERSION, aside);
}

/* Opens the index, setting a bad one aside, and makes it ready. */
static int
open_index(struct dcb_archive *a, char *note, size_t note_size, struct dcb_error *err)
{
	char why[256] = "", aside[PATH_MAX];
	int64_t version = 0;
	struct stat st;
	int v;

	if (lstat(a->dbpath, &st) == 0 && !S_ISREG(st.st_mode)) {
		v = V_FOREIGN; /* a link or a folder: never followed */
	} else {
		if (open_db(a, err) < 0)
			return DCB_ERR_IO;
		v = examine(a, &version, why, sizeof why, err);
		if (v < 0)
			return v;
	}
	if (v == V_DAMAGED || v == V_FOREIGN || v == V_OTHER_SCHEMA) {
		close_db(a);
		if (move_aside(a, aside, sizeof aside, err) < 0)
			return DCB_ERR_IO;
		say_aside(a, (enum verdict)v, version, why, aside, note, note_size);
		if (open_db(a, err) < 0)
			return DCB_ERR_IO;
		v = V_NEW;
	}
	if (exec(a, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	            "PRAGMA temp_store = MEMORY;", err) < 0)
		return DCB_ERR_IO;
	if (v == V_NEW) {
		char pragmas[128];
		snprintf(pragmas, sizeof pragmas,
		         "PRAGMA application_id = %d; PRAGMA user_version = %d;", APPLICATION_ID,
		         SCHEMA_VERSION);
		if (exec(a, "BEGIN IMMEDIATE", err) < 0)
			return DCB_ERR_IO;
		if (exec(a, schema, err) < 0 || exec(a, pragmas, err) < 0) {
			exec(a, "ROLLBACK", NULL);
			return DCB_ERR_IO;
		}
		if (exec(a, "COMMIT", err) < 0)
			return DCB_ERR_IO;
	}
	for (int i = 0; i < N_STMT; i++)
		if (sqlite3_prepare_v3(a->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &a->st[i],
		                       NULL) != SQLITE_OK)
			return db_error(a, err);
	return 0;
}

/* Makes folder/.dicombench, a real folder (never a link to elsewhere). */
static int
make_index_dir(const struct dcb_archive *a, struct dcb_error *err)
{
	char dir[PATH_MAX];
	struct stat st;

	snprintf(dir, sizeof dir, "%s/%s", a->folder, DCB_ARCHIVE_DIR);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return dcb_error_set(err, DCB_ERR_IO, -1,
		                     N_("cannot create '%s' for the archive index: %s; check that "
		                        "the folder is writable"),
		                     dir, strerror(errno));
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return dcb_error_set(err, DCB_ERR_IO, -1,
		                     N_("'%s' is not a folder (a link or a file?): the archive index "
		                        "is kept only in a real folder there; move it away"),
		                     dir);
	return 0;
}

int
dcb_archive_open(const char *folder, dcb_archive_progress_fn progress, void *user,
                 struct dcb_archive **out, char *note, size_t note_size,
                 struct dcb_error *err)
{
	struct dcb_archive *a;
	struct stat st;
	size_t n;
	int rc;

	*out = NULL;
	if (note != NULL && note_size > 0)
		note[0] = '\0';
	if (stat(folder, &st) != 0)
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("archive folder '%s': %s"), folder,
		                     strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("archive folder '%s' is not a folder"),
		                     folder);
	a = calloc(1, sizeof *a);
	if (a == NULL || (a->folder = strdup(folder)) == NULL ||
	    (a->real = realpath(folder, NULL)) == NULL) {
		rc = dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		goto fail;
	}
	for (n = strlen(a->folder); n > 1 && a->folder[n - 1] == '/'; n--)
		a->folder[n - 1] = '\0';
	if ((size_t)snprintf(a->dbpath, sizeof a->dbpath, "%s/%s/%s", a->folder, DCB_ARCHIVE_DIR,
	                     DCB_ARCHIVE_FILE) >= sizeof a->dbpath) {
		rc = dcb_error_set(err, DCB_ERR_USAGE, -1, N_("path too long: %s"), folder);
		goto fail;
	}
	rc = make_index_dir(a, err);
	if (rc == 0)
		rc = open_index(a, note, note_size, err);
	if (rc == 0)
		rc = reconcile(a, progress, user, err);
	if (rc < 0)
		goto fail;
	*out = a;
	return 0;
fail:
	dcb_archive_close(a);
	return rc;
}

void
dcb_archive_close(struct dcb_archive *a)
{
	if (a == NULL)
		return;
	if (a->db != NULL)
		dcb_archive_sync(a, NULL);
	cache_drop(a);
	close_db(a);
	free(a->folder);
	free(a->real);
	free(a);
}

const char *
dcb_archive_folder(const struct dcb_archive *a)
{
	return a->folder;
}

/* --- queries ------------------------------------------------------------- */

/* The columns of the level tables and their unique keys, by level. */
static const char *const alias[4] = {"p", "st", "se", "i"};
static const char *const join[4] = {
    "patient p",
    " JOIN study st ON st.patient = p.id",
    " JOIN series se ON se.study = st.id",
    " JOIN instance i ON i.series = se.id",
};
static const char *const match[4] = {"p.patient_id = ?1", "st.study_uid = ?2",
                                     "se.series_uid = ?3", "i.sop_uid = ?4"};

/* The query of level with the filter keys of mask (bit n: level n),
 * prepared once. */
static sqlite3_stmt *
each_stmt(struct dcb_archive *a, enum dcb_qr_level level, unsigned mask, struct dcb_error *err)
{
	char q[1024];
	size_t n = 0;
	int depth = (int)level;

	if (a->each_st[level][mask] != NULL)
		return a->each_st[level][mask];
	for (int lv = 0; lv < 4; lv++)
		if (mask & (1u << lv) && lv > depth)
			depth = lv; /* a key below the level: the rows holding it */
	n += (size_t)snprintf(q + n, sizeof q - n, "SELECT %s", depth > (int)level ? "DISTINCT " : "");
	for (int lv = 0; lv <= (int)level; lv++)
		n += (size_t)snprintf(q + n, sizeof q - n, "%s%s.id, %s.keys", lv ? ", " : "", alias[lv],
		                      alias[lv]);
	if (level == DCB_QR_IMAGE)
		n += (size_t)snprintf(q + n, sizeof q - n,
		                      ", i.path, i.sop_class_uid, i.sop_uid, i.transfer_syntax_uid, "
		                      "i.size");
	n += (size_t)snprintf(q + n, sizeof q - n, " FROM ");
	for (int lv = 0; lv <= depth; lv++)
		n += (size_t)snprintf(q + n, sizeof q - n, "%s", join[lv]);
	for (int lv = 0, k = 0; lv < 4; lv++)
		if (mask & (1u << lv))
			n += (size_t)snprintf(q + n, sizeof q - n, "%s%s", k++ ? " AND " : " WHERE ",
			                      match[lv]);
	n += (size_t)snprintf(q + n, sizeof q - n, " ORDER BY ");
	for (int lv = 0; lv <= (int)level; lv++)
		n += (size_t)snprintf(q + n, sizeof q - n, "%s%s.id", lv ? ", " : "", alias[lv]);
	if (sqlite3_prepare_v3(a->db, q, -1, SQLITE_PREPARE_PERSISTENT, &a->each_st[level][mask],
	                       NULL) != SQLITE_OK) {
		db_error(a, err);
		return NULL;
	}
	return a->each_st[level][mask];
}

/* Puts count as an IS value. */
static int
put_count(struct dcb_dset *ds, uint32_t tag, int64_t count, struct dcb_error *err)
{
	char v[24];

	snprintf(v, sizeof v, "%lld", (long long)count);
	return dcb_dset_put_str(ds, tag, "IS", v, err);
}

/* The values statement s gives for id, joined with backslashes, as tag. */
static int
put_list(struct dcb_archive *a, enum stmt s, int64_t id, struct dcb_dset *ds, uint32_t tag,
         const char *vr, struct dcb_error *err)
{
	sqlite3_stmt *st = a->st[s];
	char *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t k = strlen(t);
		if (n + k + 2 > cap) {
			char *nv = realloc(v, cap = (n + k + 2) * 2);
			if (nv == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			v = nv;
		}
		if (n > 0)
			v[n++] = '\\';
		memcpy(v + n, t, k);
		n += k;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_NOMEM)
		rc = dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	else if (rc != SQLITE_DONE)
		rc = db_error(a, err);
	else
		rc = dcb_dset_put(ds, tag, vr, v, n, err);
	free(v);
	return rc;
}

/* Adds the keys counted at level lv for the entity id to ds. */
static int
put_computed(struct dcb_archive *a, enum dcb_qr_level lv, int64_t id, struct dcb_dset *ds,
             struct dcb_error *err)
{
	static const uint32_t tags[3][3] = {
	    {DCB_TAG(0x0020, 0x1200), DCB_TAG(0x0020, 0x1202), DCB_TAG(0x0020, 0x1204)},
	    {DCB_TAG(0x0020, 0x1206), DCB_TAG(0x0020, 0x1208), 0},
	    {DCB_TAG(0x0020, 0x1209), 0, 0},
	};
	static const enum stmt counts[3] = {S_COUNT_PATIENT, S_COUNT_STUDY, S_COUNT_SERIES};
	sqlite3_stmt *st = a->st[counts[lv]];
	int64_t v[3] = {0, 0, 0};
	int rc;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	for (int i = 0; i < 3 && rc == SQLITE_ROW; i++)
		v[i] = sqlite3_column_int64(st, i);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_error(a, err);
	rc = 0;
	for (int i = 0; i < 3 && tags[lv][i] != 0 && rc == 0; i++)
		rc = put_count(ds, tags[lv][i], v[i], err);
	if (rc == 0 && lv == DCB_QR_STUDY)
		rc = put_list(a, S_MODALITIES, id, ds, DCB_TAG(0x0008, 0x0061), "CS", err);
	if (rc == 0 && lv == DCB_QR_STUDY)
		rc = put_list(a, S_CLASSES, id, ds, DCB_TAG(0x0008, 0x0062), "UI", err);
	return rc;
}

/* Copies every element of from into to (the keys hold no sequences). */
static int
merge(struct dcb_dset *to, const struct dcb_dset *from, struct dcb_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < dcb_dset_count(from) && rc == 0; i++) {
		const struct dcb_dset_elem *e = dcb_dset_nth(from, i);
		if (strcmp(e->vr, "SQ") != 0)
			rc = dcb_dset_put(to, e->tag, e->vr, e->value, e->len, err);
	}
	return rc;
}

/* The keys of one level of the current row, with the computed ones. */
static int
level_keys(struct dcb_archive *a, sqlite3_stmt *st, enum dcb_qr_level lv, bool computed,
           struct dcb_dset **out, struct dcb_error *err)
{
	const void *blob = sqlite3_column_blob(st, 2 * (int)lv + 1);
	int n = sqlite3_column_bytes(st, 2 * (int)lv + 1);
	int rc = dcb_dset_decode(blob != NULL ? blob : "", (size_t)n, DCB_DSET_EXPLICIT_LE, out,
	                         err);

	if (rc == 0 && lv != DCB_QR_IMAGE && computed)
		rc = put_computed(a, lv, sqlite3_column_int64(st, 2 * (int)lv), *out, err);
	return rc;
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t != NULL ? t : "";
}

static int
each_row(struct dcb_archive *a, const struct dcb_archive_filter *f, dcb_archive_each_fn cb,
         void *user, struct dcb_error *err)
{
	const char *keys[4] = {f->patient_id, f->study_uid, f->series_uid, f->sop_uid};
	struct dcb_dset *above[3] = {NULL, NULL, NULL};
	int64_t above_id[3] = {0, 0, 0};
	enum dcb_qr_level level = f->level;
	char path[PATH_MAX * 2];
	sqlite3_stmt *st;
	unsigned mask = 0;
	int rc = 0, step = SQLITE_DONE;

	if (level > DCB_QR_IMAGE || (level == DCB_QR_PATIENT && !f->patient_root))
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("the Study Root information model has no patient level"));
	for (int lv = 0; lv < 4; lv++)
		if (keys[lv] != NULL && keys[lv][0] != '\0')
			mask |= 1u << lv;
	st = each_stmt(a, level, mask, err);
	if (st == NULL)
		return DCB_ERR_IO;
	for (int lv = 0; lv < 4; lv++)
		if (mask & (1u << lv))
			sqlite3_bind_text(st, lv + 1, keys[lv], -1, SQLITE_STATIC);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct dcb_archive_object obj, *o = NULL;
		struct dcb_dset *rec = dcb_dset_new(), *own = NULL;
		if (rec == NULL) {
			rc = dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
			break;
		}
		for (int lv = 0; lv < (int)level && rc == 0; lv++) {
			int64_t id = sqlite3_column_int64(st, 2 * lv);
			if (above[lv] == NULL || above_id[lv] != id) {
				dcb_dset_free(above[lv]);
				above[lv] = NULL;
				rc = level_keys(a, st, (enum dcb_qr_level)lv, !f->no_computed, &above[lv], err);
				above_id[lv] = id;
			}
			if (rc == 0)
				rc = merge(rec, above[lv], err);
		}
		if (rc == 0)
			rc = level_keys(a, st, level, !f->no_computed, &own, err);
		if (rc == 0)
			rc = merge(rec, own, err);
		if (rc == 0 && level == DCB_QR_IMAGE) {
			int c = 2 * (int)level + 2;
			snprintf(path, sizeof path, "%s/%s", a->folder, col_text(st, c));
			obj = (struct dcb_archive_object){
			    .path = path,
			    .sop_class_uid = col_text(st, c + 1),
			    .sop_instance_uid = col_text(st, c + 2),
			    .transfer_syntax_uid = col_text(st, c + 3),
			    .size = (uint64_t)sqlite3_column_int64(st, c + 4),
			};
			o = &obj;
		}
		if (rc == 0)
			rc = cb(user, rec, o);
		dcb_dset_free(own);
		dcb_dset_free(rec);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(a, err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (int lv = 0; lv < 3; lv++)
		dcb_dset_free(above[lv]);
	return rc;
}

/* each_row's callback filling a cache: a copy of each record. */
static int
cache_add(void *user, const struct dcb_dset *rec, const struct dcb_archive_object *obj)
{
	struct rec_cache *c = user;
	struct dcb_dset *copy = dcb_dset_new();

	(void)obj;
	if (copy == NULL || dcb_dset_copy_into(copy, rec, NULL) < 0)
		goto nomem;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		struct dcb_dset **v = realloc(c->recs, cap * sizeof *v);
		if (v == NULL)
			goto nomem;
		c->recs = v;
		c->cap = cap;
	}
	c->recs[c->n++] = copy;
	return 0;
nomem:
	dcb_dset_free(copy);
	return DCB_ERR_NOMEM;
}

int
dcb_archive_each(struct dcb_archive *a, const struct dcb_archive_filter *f,
                 dcb_archive_each_fn cb, void *user, struct dcb_error *err)
{
	const char *keys[4] = {f->patient_id, f->study_uid, f->series_uid, f->sop_uid};
	struct rec_cache *c;
	int rc;

	for (int lv = 0; lv < 4; lv++)
		if (keys[lv] != NULL && keys[lv][0] != '\0')
			return each_row(a, f, cb, user, err); /* narrow: the index finds it */
	if (f->level == DCB_QR_IMAGE || (f->level == DCB_QR_PATIENT && !f->patient_root))
		return each_row(a, f, cb, user, err);
	c = &a->cache[f->level][f->patient_root];
	if (c->valid && c->computed != !f->no_computed)
		cache_clear(c);
	if (!c->valid) {
		rc = each_row(a, f, cache_add, c, err);
		if (rc == DCB_ERR_NOMEM)
			dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		if (rc < 0) {
			cache_clear(c);
			return rc;
		}
		c->valid = true;
		c->computed = !f->no_computed;
	}
	for (size_t i = 0; i < c->n; i++)
		if ((rc = cb(user, c->recs[i], NULL)) != 0)
			return rc;
	return 0;
}

bool
dcb_archive_has(struct dcb_archive *a, const char *sop_instance_uid, const char *sop_class_uid)
{
	sqlite3_stmt *st = a->st[S_HAS];
	char path[PATH_MAX * 2];
	bool found = false;

	sqlite3_bind_text(st, 1, sop_instance_uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sop_class_uid, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(path, sizeof path, "%s/%s", a->folder, col_text(st, 0));
		found = access(path, F_OK) == 0;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return found;
}

void
dcb_archive_counts(struct dcb_archive *a, size_t counts[4])
{
	sqlite3_stmt *st = a->st[S_COUNTS];

	if (!a->counts_ok) {
		memset(a->counts, 0, sizeof a->counts);
		if (sqlite3_step(st) == SQLITE_ROW) {
			for (int i = 0; i < 4; i++)
				a->counts[i] = (size_t)sqlite3_column_int64(st, i);
			a->counts_ok = true;
		}
		sqlite3_reset(st);
	}
	memcpy(counts, a->counts, sizeof a->counts);
}
