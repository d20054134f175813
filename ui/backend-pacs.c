/* backend-pacs.c — the dashboard's SCP as a small PACS (backend-pacs.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/archive.h"
#include "../src/i18n.h"
#include "../src/service.h"
#include "backend-pacs.h"

/* What `dicombench dcmqrscp` serves. */
static const struct dcb_service *const pacs_services[] = {
    &dcb_service_verification, &dcb_service_storage, &dcb_service_qr, &dcb_service_commit, NULL};

int
ui_pacs_open(struct ui_pacs *p, const struct ui_settings *cfg, struct dcb_engine_config *c,
             char *msg, size_t msgsize)
{
	struct dcb_error err = {0};
	char note[512] = "";

	memset(p, 0, sizeof *p);
	dcb_ae_table_init(&p->peers);
	if (dcb_qr_site_one_area(&p->site, cfg->scp_aet, cfg->scp_out, c->check_called_ae, &err) <
	        0 ||
	    dcb_qr_site_open_area(&p->site.areas[0], NULL, NULL, note, sizeof note, &err) < 0) {
		snprintf(msg, msgsize, _("The SCP answers no queries: %s"), err.message);
		dcb_qr_site_close(&p->site);
		return -1;
	}
	p->open = true;
	p->site.peers = &p->peers;
	c->qr = &p->site;
	c->services = pacs_services;
	c->policy.allow_requestor_scp = true; /* C-GET: the objects come back */
	snprintf(msg, msgsize, "%s", note);
	return 0;
}

static void
put_peer(struct ui_pacs *p, const char *ae, const char *host, int port)
{
	struct dcb_peer peer = {.port = port};

	if (dcb_ae_title_check(ae, peer.ae, NULL) < 0 || port <= 0)
		return;
	snprintf(peer.host, sizeof peer.host, "%s", host);
	(void)dcb_ae_table_put(&p->peers, &peer, NULL);
}

void
ui_pacs_listening(struct ui_pacs *p, const struct ui_settings *cfg, int port)
{
	if (!p->open)
		return;
	p->site.own_port = port;
	if (cfg->scu_port != 0 && cfg->scu_port != port)
		put_peer(p, cfg->scu_call, cfg->scu_host, cfg->scu_port);
	put_peer(p, cfg->scp_aet, "127.0.0.1", port);
}

bool
ui_pacs_count(struct ui_pacs *p, const struct dcb_event *ev, bool first, size_t counts[4])
{
	bool changed = first || ev->kind == DCB_EV_STORED ||
	               (ev->kind == DCB_EV_ASSOC_STATE && ev->u.assoc.state == 1);

	if (!p->open || !changed)
		return false;
	dcb_archive_counts(p->site.areas[0].archive, counts);
	return true;
}

void
ui_pacs_close(struct ui_pacs *p)
{
	dcb_qr_site_close(&p->site);
	dcb_ae_table_clear(&p->peers);
	p->open = false;
}
