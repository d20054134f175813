/* dialog-peers.c — a: the AE table, the peers every service of the
 * dashboard knows (the SCP's C-MOVE destinations): add, change, delete,
 * echo.  Each change is saved to the settings file ("peers", peers.h) and
 * applied at once (the engines restart, as with F9).  Keys and footer come
 * from the key table (UI_SCOPE_PEERS). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/i18n.h"
#include "app.h"
#include "colors.h"
#include "peers.h"
#include "text.h"

static const struct ui_footer_item footer[] = {
    {{UI_ACT_ADD}, N_("add")},
    {{UI_ACT_OK}, N_("change")},
    {{UI_ACT_DELETE}, N_("delete")},
    {{UI_ACT_ECHO}, N_("echo")},
    {{UI_ACT_CANCEL}, N_("close")},
};

struct peers_dialog {
	struct ui_dialog d;
	struct dcb_ae_table t;
	int cursor;
	char editing[DCB_AE_TITLE_MAX + 1]; /* the AE title being changed, "" adding */
	char note[512];                     /* what is wrong with the setting, "" */
};

static void
peers_draw(struct ui_dialog *d, WINDOW *w)
{
	struct peers_dialog *p = (struct peers_dialog *)d;
	char line[512];
	int h, wd, y = 1;

	getmaxyx(w, h, wd);
	werase(w);
	wbkgd(w, ui_color(UI_ROLE_DIALOG));
	ui_draw_frame(w, true, _("AE table (peers)"), NULL);
	if (p->t.n == 0) {
		char add[64];
		ui_key_name(add, sizeof add, UI_SCOPE_PEERS, UI_ACT_ADD);
		/* TRANSLATORS: %s is the key that adds a peer (a). */
		snprintf(line, sizeof line, _("No peers yet: %s adds one (AE@HOST:PORT, +tls for TLS)."),
		         add);
		ui_draw_text(w, y++, 2, wd - 4, ui_color(UI_ROLE_MUTED), line);
	}
	for (size_t i = 0; i < p->t.n && y < h - 3; i++) {
		const struct dcb_peer *peer = &p->t.peers[i];
		snprintf(line, sizeof line, "%-16s %s:%d%s", peer->ae, peer->host, peer->port,
		         peer->tls ? "  TLS" : "");
		ui_draw_text(w, y++, 2, wd - 4, (int)i == p->cursor ? ui_color(UI_ROLE_CURSOR) : 0,
		             line);
	}
	if (p->note[0] != '\0')
		ui_draw_text(w, h - 3, 2, wd - 4, ui_color(UI_ROLE_ERROR), p->note);
	ui_qr_echo_text(&d->app->model->qr, line, sizeof line);
	ui_draw_text(w, h - 2, 2, wd - 4,
	             ui_color(d->app->model->qr.echo == UI_QR_FAILED ? UI_ROLE_ERROR : UI_ROLE_OK),
	             line);
	ui_key_footer(line, sizeof line, UI_SCOPE_PEERS, footer, sizeof footer / sizeof footer[0]);
	ui_draw_text(w, h - 1, 2, wd - 4, ui_color(UI_ROLE_BORDER_FOCUS), line);
}

/* The table into the settings, the settings file and the engines. */
static void
save(struct peers_dialog *p)
{
	struct ui_app *app = p->d.app;
	char msg[512];

	if (ui_peers_format(&p->t, app->cfg.peers, sizeof app->cfg.peers) < 0) {
		ui_app_status(app, "%s", _("The AE table is too long for the settings file."));
		return;
	}
	p->note[0] = '\0';
	ui_app_apply_settings(app);
	if (ui_settings_save(&app->cfg, app->config_path, msg, sizeof msg) < 0)
		ui_app_status(app, "%s", msg);
	else
		ui_app_status(app, _("AE table saved to %s."), app->config_path);
}

/* The prompt's answer: a new peer, or the changed one. */
static void
entered(struct ui_app *app, const char *text, void *user)
{
	struct peers_dialog *p = user;
	struct dcb_peer peer;
	struct dcb_error err = {0};

	if (dcb_peer_parse(text, &peer, &err) < 0) {
		ui_app_status(app, "%s", err.message);
		return;
	}
	if (p->editing[0] != '\0')
		dcb_ae_table_remove(&p->t, p->editing);
	if (dcb_ae_table_put(&p->t, &peer, &err) < 0) {
		ui_app_status(app, "%s", err.message);
		return;
	}
	for (size_t i = 0; i < p->t.n; i++)
		if (strcmp(p->t.peers[i].ae, peer.ae) == 0)
			p->cursor = (int)i;
	save(p);
}

static void
ask(struct peers_dialog *p, const char *title, const struct dcb_peer *peer)
{
	char text[300] = "";

	if (peer != NULL)
		dcb_peer_format(peer, text, sizeof text);
	snprintf(p->editing, sizeof p->editing, "%s", peer != NULL ? peer->ae : "");
	ui_app_push_dialog(p->d.app, ui_dialog_prompt_new(p->d.app, title, text, entered, p));
}

static void
echo_peer(struct peers_dialog *p, const struct dcb_peer *peer)
{
	struct ui_app *app = p->d.app;
	struct ui_backend *b = app->backend;

	if (b->ops->echo_peer(b, peer) == 0)
		ui_qr_begin_echo(&app->model->qr, peer->ae);
}

static void
delete_peer(struct peers_dialog *p, const struct dcb_peer *peer)
{
	char ae[DCB_AE_TITLE_MAX + 1];

	snprintf(ae, sizeof ae, "%s", peer->ae);
	dcb_ae_table_remove(&p->t, ae);
	if (p->cursor > 0 && p->cursor >= (int)p->t.n)
		p->cursor--;
	save(p);
}

static unsigned
peers_key(struct ui_dialog *d, int key, enum ui_action a)
{
	struct peers_dialog *p = (struct peers_dialog *)d;
	const struct dcb_peer *cur = p->cursor < (int)p->t.n ? &p->t.peers[p->cursor] : NULL;

	if (a == UI_ACT_CANCEL || a == UI_ACT_QUIT)
		return UI_R_CLOSE | UI_R_HANDLED;
	if (a == UI_ACT_UP && p->cursor > 0)
		p->cursor--;
	else if (a == UI_ACT_DOWN && p->cursor + 1 < (int)p->t.n)
		p->cursor++;
	else if (a == UI_ACT_ADD)
		ask(p, _("Add a peer: AE@HOST:PORT (+tls)"), NULL);
	else if (a == UI_ACT_OK && cur != NULL)
		ask(p, _("Change the peer: AE@HOST:PORT (+tls)"), cur);
	else if (a == UI_ACT_DELETE && cur != NULL)
		delete_peer(p, cur);
	else if (a == UI_ACT_ECHO && cur != NULL)
		echo_peer(p, cur);
	return UI_R_HANDLED | UI_R_REDRAW;
}

static void
peers_free(struct ui_dialog *d)
{
	struct peers_dialog *p = (struct peers_dialog *)d;

	dcb_ae_table_clear(&p->t);
	ui_dialog_free_plain(d);
}

static const struct ui_dialog_ops peers_ops = {
    .scope = UI_SCOPE_PEERS,
    .draw = peers_draw,
    .handle_key = peers_key,
    .free = peers_free,
};

struct ui_dialog *
ui_dialog_peers_new(struct ui_app *app)
{
	struct peers_dialog *p =
	    (struct peers_dialog *)ui_dialog_alloc(sizeof *p, &peers_ops, app, 16, 72);

	dcb_ae_table_init(&p->t);
	(void)ui_peers_parse(app->cfg.peers, &p->t, p->note, sizeof p->note);
	return &p->d;
}
