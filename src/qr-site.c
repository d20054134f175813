/* qr-site.c — the areas of a Query/Retrieve site (qr-scp.h), apart from
 * the service: the acceptor asks them before any service is involved. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive.h"
#include "i18n.h"
#include "qr-scp.h"

const struct dcb_qr_site_area *
dcb_qr_site_area(const struct dcb_qr_site *s, const char *called_ae)
{
	char want[DCB_AE_TITLE_MAX + 1];

	if (s == NULL || s->n_areas == 0)
		return NULL;
	if (dcb_ae_title_check(called_ae, want, NULL) == 0)
		for (size_t i = 0; i < s->n_areas; i++)
			if (strcmp(s->areas[i].ae, want) == 0)
				return &s->areas[i];
	return s->check_called ? NULL : &s->areas[0];
}

bool
dcb_qr_site_area_serves(const struct dcb_qr_site_area *area, const char *calling_ae)
{
	return area->peers == NULL || dcb_ae_in_list(area->peers, area->n_peers, calling_ae);
}

int
dcb_qr_site_one_area(struct dcb_qr_site *s, const char *ae, const char *dir, bool check_called,
                     struct dcb_error *err)
{
	s->areas = calloc(1, sizeof *s->areas);
	if (s->areas == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	snprintf(s->areas[0].ae, sizeof s->areas[0].ae, "%s", ae);
	s->areas[0].dir = dir;
	s->areas[0].readable = s->areas[0].writable = true;
	s->n_areas = 1;
	s->check_called = check_called;
	return 0;
}

int
dcb_qr_site_open_area(struct dcb_qr_site_area *area, dcb_archive_progress_fn progress,
                      void *user, char *note, size_t note_size, struct dcb_error *err)
{
	struct stat st;

	if (stat(area->dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("storage area '%s' of AE title %s does not exist; create it "
		                        "(mkdir -p '%s') or change the configuration"),
		                     area->dir, area->ae, area->dir);
	return dcb_archive_open(area->dir, progress, user, &area->archive, note, note_size, err);
}

void
dcb_qr_site_close(struct dcb_qr_site *s)
{
	for (size_t i = 0; i < s->n_areas; i++)
		dcb_archive_close(s->areas[i].archive);
	free(s->areas);
	s->areas = NULL;
	s->n_areas = 0;
}
