/* worklist.c — the worklist folder indexed in memory (worklist.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dcb-limits.h"
#include "dict.h"
#include "dset.h"
#include "findings.h"
#include "i18n.h"
#include "part10.h"
#include "loop.h"
#include "worklist.h"

/* What a file or folder looked like when it was last read. */
struct stamp {
	struct timespec mtime;
	off_t size;
	ino_t ino;
	bool racy; /* changed so recently that another change in the same clock
	            * tick would leave the stamp as it is: look again next time */
};

struct wl_file {
	char *name, *path;
	struct stamp st;
	bool read; /* st is the stamp of what was read */
	struct dcb_dset *ds;
	struct dcb_wl_entry pub;
};

struct wl_dir {
	char *ae, *path;
	struct stamp st;
	bool listed;
	bool no_lockfile_said;
	struct wl_file *files; /* sorted by name */
	size_t n;
};

struct dcb_worklist {
	char *root;
	enum dcb_wl_layout layout;
	bool reject;
	struct stamp st;
	bool listed;
	struct wl_dir *dirs; /* sorted by AE; flat: one, ae "" */
	size_t n_dirs;
	unsigned sweep_ms;  /* dcb_worklist_set_sweep() */
	int64_t swept_at;   /* when the files were last looked at (monotonic ms) */
	bool sweeping;      /* this refresh looks at every file */
};

/* --- reading one file ------------------------------------------------------ */

static int
read_fd(int fd, struct dcb_dset **out, struct dcb_error *err)
{
	struct dcb_reader_options ro = {.meta_only = true};
	struct dcb_reader *r;
	const struct dcb_meta *m;
	enum dcb_dset_syntax syn;
	struct stat sb;
	uint8_t *buf;
	size_t len, got = 0;
	int64_t off;
	int rc;

	*out = NULL;
	r = dcb_reader_open_fd(fd, NULL, &ro, err);
	if (r == NULL)
		return err != NULL && err->code < 0 ? err->code : DCB_ERR_MALFORMED;
	m = dcb_reader_meta(r);
	off = m->dataset_offset;
	switch (m->ts) {
	case DCB_TS_IMPLICIT_LE:
		syn = DCB_DSET_IMPLICIT_LE;
		break;
	case DCB_TS_EXPLICIT_LE:
		syn = DCB_DSET_EXPLICIT_LE;
		break;
	default:
		rc = dcb_error_set(err, DCB_ERR_UNSUPPORTED, off,
		                   N_("its transfer syntax %s is not implicit or explicit VR little "
		                      "endian; rewrite it with dump2dcm (+te) or dcmconv +te"),
		                   m->transfer_syntax_uid[0] ? m->transfer_syntax_uid : "?");
		dcb_reader_free(r);
		return rc;
	}
	if (m->encapsulated) {
		dcb_reader_free(r);
		return dcb_error_set(err, DCB_ERR_UNSUPPORTED, off,
		                     N_("its transfer syntax %s is a compressed one"),
		                     m->transfer_syntax_uid);
	}
	dcb_reader_free(r);
	if (fstat(fd, &sb) != 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot read it: %s"), strerror(errno));
	if (sb.st_size <= off)
		return dcb_error_set(err, DCB_ERR_UNSUPPORTED, off,
		                     N_("its data set is empty (only a meta header)"));
	if ((uint64_t)(sb.st_size - off) > DCB_DSET_MAX_BYTES)
		return dcb_error_set(err, DCB_ERR_LIMIT, off,
		                     N_("its data set has %lld bytes, more than the %u a worklist "
		                        "entry may have"),
		                     (long long)(sb.st_size - off), DCB_DSET_MAX_BYTES);
	len = (size_t)(sb.st_size - off);
	buf = malloc(len);
	if (buf == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return dcb_error_set(err, n < 0 ? DCB_ERR_IO : DCB_ERR_TRUNCATED,
			                     off + (int64_t)got, N_("cannot read it: %s"),
			                     n < 0 ? strerror(errno) : _("it became shorter"));
		}
		got += (size_t)n;
	}
	rc = dcb_dset_decode(buf, len, syn, out, err);
	free(buf);
	if (rc < 0 && err != NULL && err->offset >= 0)
		err->offset += off; /* an offset in the file, not in the data set */
	return rc;
}

int
dcb_worklist_read_file(const char *path, struct dcb_dset **out, struct dcb_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	*out = NULL;
	if (fd < 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot open it: %s"), strerror(errno));
	rc = read_fd(fd, out, err);
	close(fd);
	return rc;
}

int
dcb_worklist_read_bytes(const uint8_t *p, size_t n, struct dcb_dset **out, struct dcb_error *err)
{
	int fd = memfd_create("wl", MFD_CLOEXEC);
	size_t done = 0;
	int rc;

	*out = NULL;
	if (fd < 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot make a memory file: %s"),
		                     strerror(errno));
	while (done < n) {
		ssize_t w = write(fd, p + done, n - done);
		if (w <= 0) {
			close(fd);
			return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot make a memory file: %s"),
			                     strerror(errno));
		}
		done += (size_t)w;
	}
	lseek(fd, 0, SEEK_SET);
	rc = read_fd(fd, out, err);
	close(fd);
	return rc;
}

/* --- completeness: dcmtk's -efr check (PS3.4 K.6.1.2.2, Type 1 return keys) --- */

#define T_SPS DCB_TAG(0x0040, 0x0100)

static bool
empty(const struct dcb_dset *ds, uint32_t tag)
{
	char v[8];
	int rc = dcb_dset_get_str(ds, tag, v, sizeof v);

	return rc == 0 || rc == DCB_ERR_NOTFOUND;
}

static void
say_missing(char *why, size_t size, uint32_t seq, uint32_t tag, const char *what)
{
	const struct dcb_dict_entry *d = dcb_dict_lookup(tag);
	const char *name = d != NULL ? d->name : "?";
	const char *fmt = dcb_tr(what);

	if (seq != 0) {
		const struct dcb_dict_entry *s = dcb_dict_lookup(seq);
		int n = snprintf(why, size, "(%04X,%04X) %s > ", DCB_TAG_GROUP(seq),
		                 DCB_TAG_ELEMENT(seq), s != NULL ? s->name : "?");
		if (n > 0 && (size_t)n < size) {
			why += n;
			size -= (size_t)n;
		}
	}
	snprintf(why, size, "(%04X,%04X) %s %s", DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag), name,
	         fmt);
}

/* A code sequence with at least one item, each with Code Value and Coding
 * Scheme Designator. */
static bool
codes_complete(const struct dcb_dset *ds, uint32_t seq)
{
	const struct dcb_dset_elem *e = dcb_dset_get(ds, seq);

	if (e == NULL || e->n_items == 0)
		return false;
	for (uint32_t i = 0; i < e->n_items; i++)
		if (empty(e->items[i], DCB_TAG(0x0008, 0x0100)) ||
		    empty(e->items[i], DCB_TAG(0x0008, 0x0102)))
			return false;
	return true;
}

/* A reference sequence: each item it has names a class and an instance.
 * Absent is fine: dcmtk's wlmscpfs serves such entries (and answers the
 * key empty when asked). */
static bool
refs_complete(const struct dcb_dset *ds, uint32_t seq)
{
	const struct dcb_dset_elem *e = dcb_dset_get(ds, seq);

	if (e == NULL)
		return true;
	for (uint32_t i = 0; i < e->n_items; i++)
		if (empty(e->items[i], DCB_TAG(0x0008, 0x1150)) ||
		    empty(e->items[i], DCB_TAG(0x0008, 0x1155)))
			return false;
	return true;
}

bool
dcb_worklist_incomplete(const struct dcb_dset *ds, char *why, size_t size)
{
	static const uint32_t in_sps[] = {
	    DCB_TAG(0x0040, 0x0001), DCB_TAG(0x0040, 0x0002), DCB_TAG(0x0040, 0x0003),
	    DCB_TAG(0x0008, 0x0060), DCB_TAG(0x0040, 0x0009),
	};
	static const uint32_t top[] = {
	    DCB_TAG(0x0040, 0x1001), DCB_TAG(0x0020, 0x000D), DCB_TAG(0x0010, 0x0010),
	    DCB_TAG(0x0010, 0x0020),
	};
	static const char missing[] = N_("missing or empty");
	const struct dcb_dset_elem *sps = dcb_dset_get(ds, T_SPS);
	const struct dcb_dset *item;

	if (sps == NULL || sps->n_items != 1) {
		say_missing(why, size, 0, T_SPS, N_("missing, or without exactly one item"));
		return true;
	}
	item = sps->items[0];
	for (size_t i = 0; i < sizeof in_sps / sizeof in_sps[0]; i++)
		if (empty(item, in_sps[i])) {
			say_missing(why, size, T_SPS, in_sps[i], missing);
			return true;
		}
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
		if (empty(ds, top[i])) {
			say_missing(why, size, 0, top[i], missing);
			return true;
		}
	if (empty(item, DCB_TAG(0x0040, 0x0007)) && !codes_complete(item, DCB_TAG(0x0040, 0x0008))) {
		say_missing(why, size, T_SPS, DCB_TAG(0x0040, 0x0007),
		            N_("empty, and no complete Scheduled Protocol Code Sequence"));
		return true;
	}
	if (empty(ds, DCB_TAG(0x0032, 0x1060)) && !codes_complete(ds, DCB_TAG(0x0032, 0x1064))) {
		say_missing(why, size, 0, DCB_TAG(0x0032, 0x1060),
		            N_("empty, and no complete Requested Procedure Code Sequence"));
		return true;
	}
	for (uint32_t seq = DCB_TAG(0x0008, 0x1110); seq <= DCB_TAG(0x0008, 0x1120); seq += 0x10)
		if (!refs_complete(ds, seq)) {
			say_missing(why, size, 0, seq,
			            N_("an item without Referenced SOP Class and Instance UID"));
			return true;
		}
	return false;
}

/* --- the index ------------------------------------------------------------- */

static char *
join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = malloc(na + nb + 2);

	if (s != NULL) {
		memcpy(s, a, na);
		s[na] = '/';
		memcpy(s + na + 1, b, nb + 1);
	}
	return s;
}

/* The stamp of what st describes; racy when it changed within the last
 * two seconds (file system clocks tick coarsely). */
static struct stamp
stamp_of(const struct stat *st)
{
	struct timespec now;
	struct stamp s = {.mtime = st->st_mtim, .size = st->st_size, .ino = st->st_ino};

	clock_gettime(CLOCK_REALTIME, &now);
	s.racy = st->st_mtim.tv_sec + 2 >= now.tv_sec;
	return s;
}

static bool
same_stamp(const struct stamp *a, const struct stamp *b)
{
	return !a->racy && a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec && a->size == b->size && a->ino == b->ino;
}

static void
file_clear(struct wl_file *f)
{
	free(f->name);
	free(f->path);
	dcb_dset_free(f->ds);
	memset(f, 0, sizeof *f);
}

static void
dir_clear(struct wl_dir *d)
{
	for (size_t i = 0; i < d->n; i++)
		file_clear(&d->files[i]);
	free(d->files);
	free(d->ae);
	free(d->path);
	memset(d, 0, sizeof *d);
}

struct dcb_worklist *
dcb_worklist_new(const char *root, enum dcb_wl_layout layout, struct dcb_error *err)
{
	struct dcb_worklist *wl = calloc(1, sizeof *wl);

	if (wl == NULL || (wl->root = strdup(root)) == NULL) {
		free(wl);
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		return NULL;
	}
	wl->layout = layout;
	wl->reject = true;
	return wl;
}

void
dcb_worklist_free(struct dcb_worklist *wl)
{
	if (wl == NULL)
		return;
	for (size_t i = 0; i < wl->n_dirs; i++)
		dir_clear(&wl->dirs[i]);
	free(wl->dirs);
	free(wl->root);
	free(wl);
}

void
dcb_worklist_reject_incomplete(struct dcb_worklist *wl, bool reject)
{
	wl->reject = reject;
}

void
dcb_worklist_set_sweep(struct dcb_worklist *wl, unsigned ms)
{
	wl->sweep_ms = ms;
}

enum dcb_wl_layout
dcb_worklist_layout(const struct dcb_worklist *wl)
{
	return wl->layout;
}

const char *
dcb_worklist_root(const struct dcb_worklist *wl)
{
	return wl->root;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in folder path that pass keep(), sorted, into *names (the
 * caller frees each and the array); 0 or a negative enum dcb_err. */
static int
list(const char *path, bool (*keep)(const struct dirent *, const char *), char ***names,
     size_t *n, struct dcb_error *err)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	if (d == NULL)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot list the worklist folder %s: %s"),
		                     path, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !keep(de, path))
			continue;
		if (*n == cap) {
			char **nv = realloc(v, (cap ? cap * 2 : 16) * sizeof *v);
			if (nv == NULL)
				goto nomem;
			v = nv;
			cap = cap ? cap * 2 : 16;
		}
		if ((v[*n] = strdup(de->d_name)) == NULL)
			goto nomem;
		(*n)++;
	}
	closedir(d);
	if (*n > 0)
		qsort(v, *n, sizeof *v, by_name);
	*names = v;
	return 0;
nomem:
	closedir(d);
	for (size_t i = 0; i < *n; i++)
		free(v[i]);
	free(v);
	*n = 0;
	return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
}

static void
free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static bool
is_type(const struct dirent *de, const char *dir, mode_t type)
{
	struct stat st;
	char *p;
	bool ok;

	if (de->d_type != DT_UNKNOWN && de->d_type != DT_LNK)
		return (de->d_type == DT_DIR) == (type == S_IFDIR) &&
		       (de->d_type == DT_REG) == (type == S_IFREG);
	p = join(dir, de->d_name);
	ok = p != NULL && stat(p, &st) == 0 && (st.st_mode & S_IFMT) == type;
	free(p);
	return ok;
}

static bool
keep_dir(const struct dirent *de, const char *dir)
{
	return is_type(de, dir, S_IFDIR);
}

/* dcmtk takes names ending in ".wl" exactly; Orthanc's plugin any case. */
static bool
keep_wl_exact(const struct dirent *de, const char *dir)
{
	size_t n = strlen(de->d_name);

	return n > 3 && strcmp(de->d_name + n - 3, ".wl") == 0 && is_type(de, dir, S_IFREG);
}

static bool
keep_wl_any_case(const struct dirent *de, const char *dir)
{
	size_t n = strlen(de->d_name);

	return n > 3 && strcasecmp(de->d_name + n - 3, ".wl") == 0 && is_type(de, dir, S_IFREG);
}

/* Makes out[0..n) (zeroed, elem bytes each) the records for names[0..n)
 * (sorted): a record of old[0..n_old) (sorted the same way; its name is
 * the char * at name_off) whose name is still there moves over, a new
 * one takes its name from names; the others are cleared.  The names not
 * taken are freed, and names itself.  Returns the weight of the records
 * dropped. */
static int
merge(char **names, size_t n, void *old, size_t n_old, size_t elem, size_t name_off,
      void (*clear)(void *), int (*weight)(const void *), void *out)
{
	char *o = old, *w = out;
	size_t j = 0;
	int dropped = 0;

#define NAME_AT(rec) (*(char **)((rec) + name_off))
	for (size_t i = 0; i < n; i++) {
		while (j < n_old && strcmp(NAME_AT(o + j * elem), names[i]) < 0) {
			dropped += weight(o + j * elem);
			clear(o + j++ * elem);
		}
		if (j < n_old && strcmp(NAME_AT(o + j * elem), names[i]) == 0) {
			memcpy(w + i * elem, o + j * elem, elem);
			memset(o + j++ * elem, 0, elem);
			free(names[i]);
		} else {
			NAME_AT(w + i * elem) = names[i];
		}
	}
#undef NAME_AT
	for (; j < n_old; j++) {
		dropped += weight(o + j * elem);
		clear(o + j * elem);
	}
	free(names);
	return dropped;
}

static void
clear_file(void *f)
{
	file_clear(f);
}

static int
one(const void *f)
{
	(void)f;
	return 1;
}

static void
clear_dir(void *d)
{
	dir_clear(d);
}

static int
files_in(const void *d)
{
	return (int)((const struct wl_dir *)d)->n;
}

/* Lists path again (the names keep() takes) into new records *out (*n of
 * them; merge() moves the old ones over).  Returns the weight of the
 * records dropped, or a negative enum dcb_err (old untouched). */
static int
relisted(const char *path, bool (*keep)(const struct dirent *, const char *), void *old,
         size_t n_old, size_t elem, size_t name_off, void (*clear)(void *),
         int (*weight)(const void *), void **out, size_t *n, struct dcb_error *err)
{
	char **names;
	int rc = list(path, keep, &names, n, err);

	if (rc < 0)
		return rc;
	*out = calloc(*n ? *n : 1, elem);
	if (*out == NULL) {
		free_names(names, *n);
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	}
	return merge(names, *n, old, n_old, elem, name_off, clear, weight, *out);
}

/* Lists d again, keeping the records of names still there. */
static int
relist(struct dcb_worklist *wl, struct wl_dir *d, dcb_finding_fn fn, void *user,
       struct dcb_error *err)
{
	struct wl_file *files;
	size_t n;
	int changes;

	changes = relisted(d->path, wl->layout == DCB_WL_FLAT ? keep_wl_any_case : keep_wl_exact,
	                   d->files, d->n, sizeof *files, offsetof(struct wl_file, name), clear_file,
	                   one, (void **)&files, &n, err);
	if (changes < 0)
		return changes;
	free(d->files);
	d->files = files;
	d->n = n;
	d->listed = true;
	for (size_t i = 0; i < n; i++)
		if (files[i].path == NULL && (files[i].path = join(d->path, files[i].name)) == NULL)
			return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	if (wl->layout == DCB_WL_PER_AE && !d->no_lockfile_said) {
		char *lock = join(d->path, "lockfile");
		if (lock != NULL && access(lock, F_OK) != 0 && fn != NULL) {
			struct dcb_finding f;
			dcb_finding_make(&f, DCB_F_WL_NO_LOCKFILE, -1, 0, d->path,
			                 N_("worklist folder %s has no file named 'lockfile': dcmtk's "
			                    "wlmscpfs fails every query to AE title %s without it "
			                    "(dicombench answers)"),
			                 d->path, d->ae);
			fn(&f, user);
		}
		d->no_lockfile_said = true;
		free(lock);
	}
	return changes;
}

/* Reads f again when it changed. */
static int
refresh_file(struct dcb_worklist *wl, struct wl_dir *d, struct wl_file *f, dcb_finding_fn fn,
             void *user)
{
	struct dcb_error e = {0};
	struct dcb_finding fd;
	struct stat st;
	struct stamp now;
	char why[256];
	int rc;

	if (stat(f->path, &st) != 0)
		memset(&st, 0, sizeof st);
	now = stamp_of(&st);
	if (f->read && same_stamp(&f->st, &now)) {
		f->pub.served = f->ds != NULL && (!f->pub.incomplete || !wl->reject);
		return 0;
	}
	dcb_dset_free(f->ds);
	f->ds = NULL;
	f->read = true;
	f->st = now;
	rc = dcb_worklist_read_file(f->path, &f->ds, &e);
	f->pub = (struct dcb_wl_entry){.ae = d->ae, .name = f->name, .path = f->path};
	if (rc < 0) {
		if (fn != NULL) {
			dcb_finding_make(&fd, DCB_F_WL_UNREADABLE, e.offset, 0, f->path,
			                 N_("worklist file %s is not served: %s"), f->path, e.message);
			fn(&fd, user);
		}
		return 1;
	}
	f->pub.ds = f->ds;
	f->pub.incomplete = dcb_worklist_incomplete(f->ds, why, sizeof why);
	f->pub.served = !f->pub.incomplete || !wl->reject;
	if (f->pub.incomplete && fn != NULL) {
		dcb_finding_make(&fd, DCB_F_WL_INCOMPLETE, -1, 0, f->path,
		                 wl->reject ? N_("worklist file %s is incomplete and not served "
		                                 "(-dfr serves it): %s")
		                            : N_("worklist file %s is incomplete (served, as -dfr "
		                                 "asks): %s"),
		                 f->path, why);
		fn(&fd, user);
	}
	return 1;
}

static int
refresh_dir(struct dcb_worklist *wl, struct wl_dir *d, dcb_finding_fn fn, void *user,
            struct dcb_error *err)
{
	struct stat st;
	struct stamp now;
	int changes = 0, rc;

	if (stat(d->path, &st) != 0)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot read the worklist folder %s: %s"),
		                     d->path, strerror(errno));
	bool sweep = wl->sweeping;

	now = stamp_of(&st);
	now.size = 0; /* a folder's size says nothing more than its mtime */
	if (!d->listed || !same_stamp(&d->st, &now)) {
		rc = relist(wl, d, fn, user, err);
		if (rc < 0)
			return rc;
		changes += rc;
		d->st = now;
		sweep = true; /* new files are read below */
	}
	for (size_t i = 0; sweep && i < d->n; i++)
		changes += refresh_file(wl, d, &d->files[i], fn, user);
	return changes;
}

/* Per-AE layout: the AE folders of root, as they are now. */
static int
relist_root(struct dcb_worklist *wl, struct dcb_error *err)
{
	struct wl_dir *dirs;
	size_t n;
	int changes;

	changes = relisted(wl->root, keep_dir, wl->dirs, wl->n_dirs, sizeof *dirs,
	                   offsetof(struct wl_dir, ae), clear_dir, files_in, (void **)&dirs, &n, err);
	if (changes < 0)
		return changes;
	free(wl->dirs);
	wl->dirs = dirs;
	wl->n_dirs = n;
	for (size_t i = 0; i < n; i++)
		if (dirs[i].path == NULL && (dirs[i].path = join(wl->root, dirs[i].ae)) == NULL)
			return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	return changes;
}

int
dcb_worklist_refresh(struct dcb_worklist *wl, dcb_finding_fn fn, void *user,
                     struct dcb_error *err)
{
	struct stat st;
	struct stamp now;
	int changes = 0, rc;
	int64_t t = dcb_loop_now_ms();

	wl->sweeping = wl->sweep_ms == 0 || t - wl->swept_at >= (int64_t)wl->sweep_ms;
	if (wl->sweeping)
		wl->swept_at = t;
	int gone = stat(wl->root, &st) != 0 ? errno : 0;
	if (gone != 0 || !S_ISDIR(st.st_mode))
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot read the worklist folder %s: %s"),
		                     wl->root, gone != 0 ? strerror(gone) : _("not a folder"));
	if (wl->layout == DCB_WL_FLAT) {
		if (wl->n_dirs == 0) {
			wl->dirs = calloc(1, sizeof *wl->dirs);
			if (wl->dirs == NULL || (wl->dirs[0].ae = strdup("")) == NULL ||
			    (wl->dirs[0].path = strdup(wl->root)) == NULL) {
				if (wl->dirs != NULL)
					dir_clear(&wl->dirs[0]);
				free(wl->dirs);
				wl->dirs = NULL;
				return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
			}
			wl->n_dirs = 1;
		}
	} else {
		now = stamp_of(&st);
		now.size = 0;
		if (!wl->listed || !same_stamp(&wl->st, &now)) {
			rc = relist_root(wl, err);
			if (rc < 0)
				return rc;
			changes += rc;
			wl->st = now;
			wl->listed = true;
		}
	}
	for (size_t i = 0; i < wl->n_dirs; i++) {
		rc = refresh_dir(wl, &wl->dirs[i], fn, user, err);
		if (rc < 0)
			return rc;
		changes += rc;
	}
	return changes;
}

static const struct wl_dir *
dir_of(const struct dcb_worklist *wl, const char *ae)
{
	if (wl->layout == DCB_WL_FLAT)
		return wl->n_dirs > 0 ? &wl->dirs[0] : NULL;
	for (size_t i = 0; ae != NULL && i < wl->n_dirs; i++)
		if (strcmp(wl->dirs[i].ae, ae) == 0)
			return &wl->dirs[i];
	return NULL;
}

bool
dcb_worklist_has_ae(const struct dcb_worklist *wl, const char *ae)
{
	return wl->layout == DCB_WL_FLAT || dir_of(wl, ae) != NULL;
}

size_t
dcb_worklist_count(const struct dcb_worklist *wl, const char *ae)
{
	const struct wl_dir *d = dir_of(wl, ae);

	return d != NULL ? d->n : 0;
}

const struct dcb_wl_entry *
dcb_worklist_nth(const struct dcb_worklist *wl, const char *ae, size_t i)
{
	const struct wl_dir *d = dir_of(wl, ae);

	return d != NULL && i < d->n ? &d->files[i].pub : NULL;
}

const struct dcb_wl_entry *
dcb_worklist_nth_any(const struct dcb_worklist *wl, size_t i)
{
	for (size_t d = 0; d < wl->n_dirs; d++) {
		if (i < wl->dirs[d].n)
			return &wl->dirs[d].files[i].pub;
		i -= wl->dirs[d].n;
	}
	return NULL;
}
