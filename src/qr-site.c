/* qr-site.c — the areas of a Query/Retrieve site (qr-scp.h), apart from
 * the service: the acceptor asks them before any service is involved. */
#include "config.h"

#include <string.h>

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
