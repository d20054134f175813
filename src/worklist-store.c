/* worklist-store.c — .wl files written, MPPS steps read back, a step's
 * entry (worklist-store.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "commit.h"
#include "dict.h"
#include "dset.h"
#include "i18n.h"
#include "mpps.h"
#include "part10.h"
#include "worklist-store.h"
#include "worklist.h"

void
dcb_worklist_new_uid(char *out)
{
	uint8_t rnd[16];

	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
		/* no entropy: the clock and the process make it unique enough */
		struct timespec ts;
		uint64_t a, b;
		clock_gettime(CLOCK_REALTIME, &ts);
		a = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		b = (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)out;
		memcpy(rnd, &a, 8);
		memcpy(rnd + 8, &b, 8);
	}
	dcb_commit_uid_from_random(rnd, out);
}

int
dcb_worklist_write_file(const char *path, const struct dcb_dset *ds, struct dcb_error *err)
{
	char tmp[4200], uid[65];
	const char *slash = strrchr(path, '/');
	uint8_t meta[512], *body = NULL;
	size_t n = 0;
	long h;
	int fd, rc;

	if (slash != NULL)
		snprintf(tmp, sizeof tmp, "%.*s/.%s.part", (int)(slash - path), path, slash + 1);
	else
		snprintf(tmp, sizeof tmp, ".%s.part", path);
	dcb_worklist_new_uid(uid);
	h = dcb_meta_encode(meta, sizeof meta, DCB_UID_WL_FILE, uid, "1.2.840.10008.1.2.1", NULL);
	if (h <= 0)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("%s: the file header cannot be made"),
		                     path);
	rc = dcb_dset_encode_alloc(ds, DCB_DSET_EXPLICIT_LE, &body, &n, err);
	if (rc < 0)
		return rc;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = errno;
		free(body);
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("%s: cannot be written: %s"), tmp,
		                     strerror(rc));
	}
	bool ok = write(fd, meta, (size_t)h) == h && write(fd, body, n) == (ssize_t)n;
	rc = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		rc = errno;
	}
	free(body);
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		rc = errno;
	}
	if (!ok) {
		unlink(tmp);
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("%s: cannot be written: %s"), path,
		                     strerror(rc));
	}
	return 0;
}

void
dcb_mpps_dir(const char *root, char *out, size_t size)
{
	snprintf(out, size, "%s/.dicombench/mpps", root);
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
step_file(const struct dirent *de)
{
	size_t len = strlen(de->d_name);

	return de->d_name[0] != '.' && len > 4 && len - 4 < 65 &&
	       strcmp(de->d_name + len - 4, ".dcm") == 0;
}

int
dcb_mpps_load_dir(struct dcb_mpps_list *l, const char *root, dcb_mpps_load_fail_fn fail,
                  void *user)
{
	char dir[4096], path[4400], uid[65];
	struct dirent **names = NULL;
	int n, taken = 0;

	dcb_mpps_dir(root, dir, sizeof dir);
	n = scandir(dir, &names, step_file, by_name);
	if (n < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);
		struct dcb_error err = {0};
		struct dcb_dset *ds = NULL;
		int rc;

		memcpy(uid, names[i]->d_name, len - 4);
		uid[len - 4] = '\0';
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		rc = dcb_worklist_read_file(path, &ds, &err);
		if (rc == 0)
			rc = dcb_mpps_restore(l, uid, ds);
		if (rc == 0)
			taken++;
		else if (fail != NULL)
			fail(path, err.message[0] ? err.message : dcb_strerror(rc), user);
		dcb_dset_free(ds);
		free(names[i]);
	}
	free(names);
	return taken;
}

/* ds's value of tag equals want. */
static bool
same(const struct dcb_dset *ds, uint32_t tag, const char *want)
{
	char v[80];

	return ds != NULL && dcb_dset_get_str(ds, tag, v, sizeof v) >= 0 && strcmp(v, want) == 0;
}

const struct dcb_wl_entry *
dcb_worklist_step_entry(const struct dcb_worklist *wl, const char *study_uid,
                        const char *accession, const char *sps_id)
{
	if (wl == NULL || study_uid[0] == '\0')
		return NULL;
	for (size_t k = 0;; k++) {
		/* every AE folder: the modality may call another title for MPPS */
		const struct dcb_wl_entry *w = dcb_worklist_nth_any(wl, k);

		if (w == NULL)
			return NULL;
		if (!same(w->ds, DCB_TAG(0x0020, 0x000D), study_uid))
			continue;
		if (accession[0] != '\0' && !same(w->ds, DCB_TAG(0x0008, 0x0050), accession))
			continue;
		if (sps_id[0] != '\0' &&
		    !same(dcb_dset_item(w->ds, DCB_TAG(0x0040, 0x0100), 0), DCB_TAG(0x0040, 0x0009),
		          sps_id))
			continue;
		return w;
	}
}
