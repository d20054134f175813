/* app.c — the dashboard: options, the loop that gathers events then
 * draws, key dispatch, and the windows. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../src/commands.h"
#include "../src/exe-dir.h"
#include "../src/i18n.h"
#include "app.h"
#include "colors.h"
#include "text.h"
#include "tlsinfo.h"
#include "worklist-view.h"

#define FRAME_MS 100 /* fast-changing numbers: at most 10 redraws a second */
#define DRAIN_BATCH 256
#define DRAIN_TURNS 8 /* batches folded per loop turn */
/* While events flow, the queue is looked at most this often: each look
 * empties it, and the next event would wake the loop (a pipe write and a
 * context switch in the engine's thread) once per PDU otherwise. */
#define GATHER_MS 10

static volatile sig_atomic_t resized;
static struct sigaction curses_winch;

static void
on_sigwinch(int sig)
{
	resized = 1;
	if (curses_winch.sa_handler != SIG_DFL && curses_winch.sa_handler != SIG_IGN &&
	    curses_winch.sa_handler != NULL)
		curses_winch.sa_handler(sig);
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ui_ts_seconds(&ts);
}

void
ui_app_status(struct ui_app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->status, sizeof app->status, fmt, ap);
	va_end(ap);
	app->model->dirty |= UI_DIRTY_STATUS;
}

void
ui_app_peer(const struct ui_app *app, char *buf, size_t size)
{
	int port = app->cfg.scu_port;

	if (port == 0 && app->backend->in_memory) {
		snprintf(buf, size, "%s @ %s", app->cfg.scu_call, _("in memory"));
		return;
	}
	if (port == 0)
		port = app->cfg.scu_tls ? app->backend->scp_tls_port : app->backend->scp_port;
	if (port == 0)
		port = app->cfg.scu_tls ? app->cfg.scp_tls_port : app->cfg.scp_port;
	snprintf(buf, size, "%s @ %.200s:%d", app->cfg.scu_call, app->cfg.scu_host, port);
}

/* ---- windows and layout ------------------------------------------------ */

static void
delete_windows(struct ui_app *app)
{
	for (int i = 0; i < UI_PANE_COUNT; i++)
		if (app->pane[i]->win != NULL) {
			delwin(app->pane[i]->win);
			app->pane[i]->win = NULL;
		}
	if (app->title_win != NULL)
		delwin(app->title_win);
	if (app->bar_win != NULL)
		delwin(app->bar_win);
	if (app->dialog_win != NULL)
		delwin(app->dialog_win);
	app->title_win = app->bar_win = app->dialog_win = NULL;
}

static WINDOW *
win_for(const struct ui_rect *r)
{
	if (r->h <= 0 || r->w <= 0)
		return NULL;
	WINDOW *w = newwin(r->h, r->w, r->y, r->x);
	if (w != NULL)
		keypad(w, TRUE);
	return w;
}

static const enum ui_area pane_area[UI_PANE_COUNT] = {
    [UI_PANE_SCP] = UI_AREA_SCP,         [UI_PANE_SCU] = UI_AREA_SCU,
    [UI_PANE_BROWSER] = UI_AREA_BROWSER, [UI_PANE_FINDINGS] = UI_AREA_FINDINGS,
    [UI_PANE_TRACE] = UI_AREA_TRACE,
};

static void
make_dialog_window(struct ui_app *app)
{
	struct ui_dialog *d = app->dialog;

	if (app->dialog_win != NULL) {
		delwin(app->dialog_win);
		app->dialog_win = NULL;
	}
	if (d == NULL)
		return;
	int h = d->h < LINES - 2 ? d->h : LINES - 2;
	int w = d->w < COLS - 4 ? d->w : COLS - 4;
	if (h < 3)
		h = 3;
	if (w < 20)
		w = 20;
	if (h > LINES || w > COLS)
		return;
	app->dialog_win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	if (app->dialog_win != NULL)
		keypad(app->dialog_win, TRUE);
}

static void
relayout(struct ui_app *app)
{
	delete_windows(app);
	ui_layout_compute(LINES, COLS, &app->layout);
	if (!app->layout.too_small) {
		app->title_win = win_for(&app->layout.area[UI_AREA_TITLE]);
		app->bar_win = win_for(&app->layout.area[UI_AREA_BAR]);
		for (int i = 0; i < UI_PANE_COUNT; i++) {
			const struct ui_rect *r = &app->layout.area[pane_area[i]];
			app->pane[i]->win = win_for(r);
			app->pane[i]->ops->resize(app->pane[i], r->h, r->w);
		}
	}
	make_dialog_window(app);
	app->redraw_all = true;
}

static void
handle_resize(struct ui_app *app)
{
	struct winsize ws;

	/* curses resizes itself before it returns KEY_RESIZE; without its
	 * handler we ask the terminal. */
	if (curses_winch.sa_handler == SIG_DFL && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_row > 0 && ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	clear();
	wnoutrefresh(stdscr);
	relayout(app);
}

/* ---- drawing ------------------------------------------------------------ */

static bool
pane_visible(const struct ui_app *app, int i)
{
	if (!app->layout.tabs)
		return true;
	if (i == UI_PANE_BROWSER)
		return !app->show_findings;
	if (i == UI_PANE_FINDINGS)
		return app->show_findings;
	return true;
}

static void
draw_title(struct ui_app *app)
{
	WINDOW *w = app->title_win;
	char left[UI_PATH_MAX + 128], dir[256];
	int cols = app->layout.cols;

	werase(w);
	wbkgd(w, ui_color(UI_ROLE_TITLE));
	ui_text_fit_left(dir, sizeof dir, app->cfg.images, cols / 3);
	snprintf(left, sizeof left, " dicombench  %s%s%s %s ", app->demo ? _("demo") : "",
	         app->demo ? " · " : "", _("images:"), dir);
	int lw = ui_draw_text(w, 0, 0, cols, ui_color(UI_ROLE_TITLE) | A_BOLD, left);
	if (app->ca_summary[0] != '\0' && cols >= 120) {
		char ca[256];
		snprintf(ca, sizeof ca, _("· TLS CA: %s "), app->ca_summary);
		lw += ui_draw_text(w, 0, lw, cols - lw, ui_color(UI_ROLE_TITLE), ca);
	}
	if (app->status[0] != '\0' && cols - lw - 2 > 3) {
		char st[600];
		ui_text_fit(st, sizeof st, app->status, cols - lw - 2);
		int sw = ui_text_width(st);
		ui_draw_text(w, 0, cols - sw - 1, sw, ui_color(UI_ROLE_TITLE), st);
	}
	wnoutrefresh(w);
}

static void
draw_bar(struct ui_app *app)
{
	WINDOW *w = app->bar_win;
	int cols = app->layout.cols, x = 0;

	werase(w);
	for (const struct ui_key_binding *b = ui_key_table; b->action != UI_ACT_NONE; b++) {
		if (b->bar_key == NULL)
			continue;
		const char *label = _(b->bar_label);
		if (b->action == UI_ACT_PAUSE && app->pane[UI_PANE_TRACE] != NULL &&
		    !ui_trace_following(app->pane[UI_PANE_TRACE]))
			label = _("Follow");
		int need = (int)strlen(b->bar_key) + ui_text_width(label) + 1;
		if (x + need > cols) {
			if (x < cols)
				ui_draw_text(w, 0, cols - 1, 1, 0, "…");
			break;
		}
		x += ui_draw_text(w, 0, x, cols - x, ui_color(UI_ROLE_BAR_KEY), b->bar_key);
		x += ui_draw_text(w, 0, x, cols - x, ui_color(UI_ROLE_BAR_LABEL), label);
		if (x < cols)
			x += ui_draw_text(w, 0, x, 1, 0, " ");
	}
	wnoutrefresh(w);
}

static void
draw(struct ui_app *app)
{
	unsigned dirty = app->model->dirty;
	bool all = app->redraw_all;

	/* Cleared first: what drawing itself marks (the browser checks the
	 * files it shows) is drawn in the next frame. */
	app->model->dirty = 0;
	app->redraw_all = false;

	if (app->layout.too_small) {
		erase();
		mvaddstr(0, 0, _("The terminal is too small: dicombench needs 80 × 24."));
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (all || (dirty & UI_DIRTY_STATUS))
		draw_title(app);
	if (all)
		draw_bar(app);
	for (int i = 0; i < UI_PANE_COUNT; i++) {
		struct ui_pane *p = app->pane[i];
		if (p->win == NULL || !pane_visible(app, i))
			continue;
		/* The browser's tab title counts findings. */
		bool want =
		    all || (dirty & p->model_bits) ||
		    (i == UI_PANE_BROWSER && app->layout.tabs && (dirty & UI_DIRTY_FINDINGS));
		if (!want)
			continue;
		p->focused = app->focus == i;
		p->ops->draw(p, p->win);
		wnoutrefresh(p->win);
		dirty |= 0x100; /* something under a dialog changed */
	}
	if (app->dialog != NULL && app->dialog_win != NULL &&
	    (all || (dirty & (0x100 | UI_DIRTY_STATUS)))) {
		app->dialog->ops->draw(app->dialog, app->dialog_win);
		touchwin(app->dialog_win);
		wnoutrefresh(app->dialog_win);
	}
	doupdate();
}

/* ---- commands ----------------------------------------------------------- */

struct ui_dialog *
ui_dialog_alloc(size_t size, const struct ui_dialog_ops *ops, struct ui_app *app, int h, int w)
{
	struct ui_dialog *d = calloc(1, size);

	if (d == NULL)
		abort();
	d->ops = ops;
	d->app = app;
	d->h = h;
	d->w = w;
	return d;
}

void
ui_dialog_free_plain(struct ui_dialog *d)
{
	free(d);
}

void
ui_app_push_dialog(struct ui_app *app, struct ui_dialog *d)
{
	d->below = app->dialog;
	app->dialog = d;
	make_dialog_window(app);
	app->redraw_all = true;
}

static void
pop_dialog(struct ui_app *app)
{
	struct ui_dialog *d = app->dialog;

	if (d == NULL)
		return;
	app->dialog = d->below;
	d->ops->free(d);
	make_dialog_window(app);
	app->redraw_all = true;
}

bool
ui_app_send_files(struct ui_app *app, char *const *paths, size_t n)
{
	char peer[256];
	uint64_t total = 0;

	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) == 0)
			total += (uint64_t)st.st_size;
	}
	ui_app_peer(app, peer, sizeof peer);
	/* The scenario's repeat: each file n times in a row, as storescu
	 * --repeat does it; the job and its counts are of objects. */
	unsigned repeat = app->cfg.scu_repeat > 1 ? app->cfg.scu_repeat : 1;
	char *const *list = paths;
	char **copy = NULL;
	if (repeat > 1) {
		copy = calloc(n * repeat, sizeof *copy);
		if (copy == NULL)
			abort();
		for (size_t i = 0; i < n; i++)
			for (unsigned k = 0; k < repeat; k++)
				copy[i * repeat + k] = paths[i];
		list = copy;
	}
	int rc = app->backend->ops->send(app->backend, list, n * repeat);
	free(copy);
	if (rc < 0) {
		ui_app_status(app, "%s", _("The SCU is busy: try again in a moment."));
		return false;
	}
	ui_model_scu_job(app->model, rc, (unsigned)n, repeat, total, peer);
	ui_app_status(app, P_("Sending %zu file to %s.", "Sending %zu files to %s.", n), n, peer);
	app->redraw_all = true;
	return true;
}

bool
ui_app_echo(struct ui_app *app)
{
	int job = app->backend->ops->echo(app->backend);

	if (job < 0)
		return false;
	ui_model_scu_echo(app->model, job);
	return true;
}

static void
free_paths(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

void
ui_app_send(struct ui_app *app)
{
	char **paths = NULL;
	size_t n;

	if (app->backend->busy) {
		ui_app_status(app, "%s", _("A transfer runs already: wait for it to end."));
		return;
	}
	n = ui_browser_selection(app->pane[UI_PANE_BROWSER], &paths);
	if (n == 0) {
		ui_app_status(
		    app, "%s",
		    _("Nothing to send: mark files with Space, or put the cursor on one."));
		free(paths);
		return;
	}
	if (ui_app_send_files(app, paths, n))
		ui_browser_clear_marks(app->pane[UI_PANE_BROWSER]);
	free_paths(paths, n);
}

bool
ui_app_send_path(struct ui_app *app, const char *path)
{
	char **paths = NULL;
	size_t n = ui_browser_collect(path, &paths);
	bool ok = false;

	if (n == 0)
		ui_app_status(app, _("%s: no files there."), path);
	else
		ok = ui_app_send_files(app, paths, n);
	free_paths(paths, n);
	return ok;
}

void
ui_app_apply_settings(struct ui_app *app)
{
	ui_tls_ca_summary(app->cfg.scp_ca, app->ca_summary, sizeof app->ca_summary);
	app->backend->cfg = app->cfg;
	app->model->scp.nlisten = 0;
	ui_qr_restarted(&app->model->qr);
	if (app->backend->ops->start(app->backend) < 0)
		ui_app_status(app, "%s", _("The SCP could not be restarted."));
	app->redraw_all = true;
}

static void
do_quit(struct ui_app *app)
{
	app->quit = true;
}

static void
focus(struct ui_app *app, int i)
{
	app->focus = i;
	if (i == UI_PANE_FINDINGS)
		app->show_findings = true;
	else if (i == UI_PANE_BROWSER)
		app->show_findings = false;
	app->redraw_all = true;
}

/* t: TLS of the focused side on or off without the dialog (the SCU when
 * the browser or another pane has the focus: it is what sends). */
void
ui_app_set_tls(struct ui_app *app, bool scp, bool tls)
{
	bool *on = scp ? &app->cfg.scp_tls : &app->cfg.scu_tls;

	*on = tls;
	ui_app_apply_settings(app);
	if (scp)
		ui_app_status(app, "%s", *on ? _("SCP: TLS on.") : _("SCP: TLS off."));
	else
		ui_app_status(app, "%s",
		              *on ? _("SCU: TLS on, F5 sends over TLS.")
		                  : _("SCU: TLS off, F5 sends in plain."));
}

static void
toggle_tls(struct ui_app *app)
{
	bool scp = app->focus == UI_PANE_SCP;

	ui_app_set_tls(app, scp, !(scp ? app->cfg.scp_tls : app->cfg.scu_tls));
}

static void
global_action(struct ui_app *app, enum ui_action a)
{
	switch (a) {
	case UI_ACT_HELP:
		ui_app_push_dialog(app, ui_dialog_help_new(app));
		break;
	case UI_ACT_TLS_NOW:
		toggle_tls(app);
		break;
	case UI_ACT_LESSON_NEXT:
		ui_lesson_next(app);
		break;
	case UI_ACT_TLS:
		ui_app_push_dialog(app, ui_dialog_tls_new(app, app->focus == UI_PANE_SCP
		                                                   ? DCB_SIDE_SCP
		                                                   : DCB_SIDE_SCU));
		break;
	case UI_ACT_FINDINGS:
		focus(app, app->focus == UI_PANE_FINDINGS ? UI_PANE_BROWSER : UI_PANE_FINDINGS);
		break;
	case UI_ACT_SEND:
		ui_app_send(app);
		break;
	case UI_ACT_ECHO:
		if (!ui_app_echo(app))
			ui_app_status(app, "%s", _("The SCU is busy: try again in a moment."));
		break;
	case UI_ACT_SCENARIO:
		ui_app_push_dialog(app, ui_dialog_scenario_new(app, app->focus == UI_PANE_SCP
		                                                       ? DCB_SIDE_SCP
		                                                       : DCB_SIDE_SCU));
		break;
	case UI_ACT_PAUSE:
		ui_trace_toggle_follow(app->pane[UI_PANE_TRACE]);
		app->redraw_all = true;
		break;
	case UI_ACT_SETTINGS:
		ui_app_push_dialog(app, ui_dialog_settings_new(app));
		break;
	case UI_ACT_QUERY:
		ui_app_push_dialog(app, ui_dialog_query_new(app));
		break;
	case UI_ACT_PEERS:
		ui_app_push_dialog(app, ui_dialog_peers_new(app));
		break;
	case UI_ACT_QUIT:
		if (app->backend->busy)
			ui_app_push_dialog(
			    app, ui_dialog_confirm_new(
			             app, _("A transfer runs. Quit anyway? (y/n)"), do_quit));
		else
			app->quit = true;
		break;
	case UI_ACT_NEXT_PANE:
	case UI_ACT_PREV_PANE: {
		int i = app->focus;
		do {
			i = (i + (a == UI_ACT_NEXT_PANE ? 1 : UI_PANE_COUNT - 1)) % UI_PANE_COUNT;
		} while (i == UI_PANE_SCP && false);
		focus(app, i);
		break;
	}
	case UI_ACT_REDRAW:
		clearok(curscr, TRUE);
		app->redraw_all = true;
		break;
	default:
		break;
	}
}

static void
handle_key(struct ui_app *app, int key)
{
	enum ui_action a = ui_key_action(key);
	unsigned r;

	if (key == KEY_RESIZE) {
		handle_resize(app);
		return;
	}
	if (app->dialog != NULL) {
		a = ui_key_action_in(app->dialog->ops->scope, key);
		r = app->dialog->ops->handle_key(app->dialog, key, a);
		if (r & UI_R_CLOSE)
			pop_dialog(app);
		else if (r & UI_R_REDRAW_ALL)
			make_dialog_window(app); /* it may have grown (v: another view) */
		if (r & (UI_R_REDRAW | UI_R_REDRAW_ALL))
			app->redraw_all = true;
		return;
	}
	if (app->layout.too_small) {
		if (a == UI_ACT_QUIT)
			app->quit = true;
		return;
	}
	/* Function keys, Tab, q and ? are global; the rest go to the focused pane. */
	bool global = a == UI_ACT_HELP || a == UI_ACT_TLS || a == UI_ACT_FINDINGS ||
	              a == UI_ACT_SEND || a == UI_ACT_ECHO || a == UI_ACT_SCENARIO ||
	              a == UI_ACT_PAUSE || a == UI_ACT_SETTINGS || a == UI_ACT_QUIT ||
	              a == UI_ACT_NEXT_PANE || a == UI_ACT_PREV_PANE || a == UI_ACT_REDRAW ||
	              a == UI_ACT_TLS_NOW || a == UI_ACT_QUERY || a == UI_ACT_PEERS ||
	              (a == UI_ACT_LESSON_NEXT && app->lesson.n > 0);
	if (global) {
		global_action(app, a);
		return;
	}
	struct ui_pane *p = app->pane[app->focus];
	r = p->ops->handle_key(p, key, a);
	if (r & UI_R_REDRAW_ALL)
		app->redraw_all = true;
	if (r & UI_R_REDRAW)
		app->model->dirty |= p->model_bits ? p->model_bits : UI_DIRTY_ALL;
	if (p->model_bits == 0 && (r & UI_R_REDRAW))
		app->redraw_all = true;
	if (r & UI_R_QUIT)
		app->quit = true;
}

/* ---- options ------------------------------------------------------------ */

static void
usage(FILE *out)
{
	fprintf(out, _("Usage: %s [ui] [OPTIONS]\n"), PACKAGE);
	fputs(_("\nThe dashboard: a Storage SCP and SCU side by side, a browser, the trace\n"
	        "and the findings.  With no options it runs in demo mode: sample images,\n"
	        "an SCP on loopback (plain and TLS), a demo CA.\n\nOptions:\n"),
	      out);
	fprintf(out, "  --config FILE       %s\n",
	        _("settings file (default ~/.config/dicombench/dicombench.conf)"));
	fprintf(out, "  --mono              %s\n", _("no colors (also when NO_COLOR is set)"));
	fprintf(out, "  --fake              %s\n",
	        _("no network: the SCU sends to the SCP in memory, no port is opened"));
	fprintf(out, "  --send PATH         %s\n",
	        _("send a file or the files of a folder at start, as F5 does"));
	fprintf(out, "  --lesson FILE       %s\n",
	        _("play a lesson: one step a key (n), see 'dicombench lesson'"));
	fprintf(out, "  --help              %s\n", _("show this help"));
	fputs(_("\nEvery setting (as in the settings file and the F9 dialog):\n"), out);
	for (const struct ui_setting_def *d = ui_setting_defs; d->key != NULL; d++) {
		char opt[64];
		snprintf(opt, sizeof opt, "--%s %s", d->key,
		         d->type == UI_SET_INT    ? "N"
		         : d->type == UI_SET_BOOL ? "yes|no"
		                                  : _("VALUE"));
		fprintf(out, "  %-27s %s\n", opt, _(d->label));
	}
}

/* Where the sample images are: DICOMBENCH_DATADIR, the build tree next to
 * the binary, then the installed data. */
static void
find_samples(char *out, size_t size)
{
	char path[PATH_MAX + 32];
	const char *env = getenv("DICOMBENCH_DATADIR");
	struct stat st;

	if (env != NULL && env[0] != '\0') {
		snprintf(path, sizeof path, "%.4000s/samples", env);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(out, size, "%.*s", (int)size - 1, path);
			return;
		}
	}
	if (dcb_exe_dir_find("data/samples", out, size))
		return;
	snprintf(path, sizeof path, "%.4000s/samples", PKGDATADIR);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(out, size, "%.*s", (int)size - 1, path);
		return;
	}
	if (getcwd(out, size) == NULL)
		snprintf(out, size, ".");
}

/* Returns 0 to run, 1 to exit 0 (help), 2 on a usage error. */
static int
parse_args(struct ui_app *app, int argc, char **argv)
{
	char msg[512];
	const char *config = NULL;
	bool images_set = false;

	/* The config file first, so the command line wins. */
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config = argv[i + 1];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			config = argv[i] + 9;
	if (config != NULL)
		snprintf(app->config_path, sizeof app->config_path, "%s", config);
	else
		ui_settings_default_path(app->config_path, sizeof app->config_path);
	int rc = ui_settings_load(&app->cfg, app->config_path, msg, sizeof msg);
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", PACKAGE, msg);
		return 2;
	}
	if (rc == 1 && config != NULL) {
		fprintf(stderr, _("%s: %s: no such settings file\n"), PACKAGE, config);
		return 2;
	}
	images_set = app->cfg.images[0] != '\0';
	char state_dir_before[UI_PATH_MAX];
	snprintf(state_dir_before, sizeof state_dir_before, "%s", app->cfg.state_dir);

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 1;
		}
		if (strcmp(a, "--mono") == 0) {
			app->mono = true;
			continue;
		}
		if (strcmp(a, "--fake") == 0) {
			app->in_memory = true;
			continue;
		}
		if (strcmp(a, "--send") == 0 || strncmp(a, "--send=", 7) == 0) {
			if (a[6] == '\0' && i + 1 >= argc) {
				fprintf(stderr, _("%s: option '%s' needs a value\n"), PACKAGE, a);
				return 2;
			}
			snprintf(app->send_at_start, sizeof app->send_at_start, "%s",
			         a[6] == '=' ? a + 7 : argv[++i]);
			continue;
		}
		if (strcmp(a, "--lesson") == 0) {
			struct dcb_error err = {0};
			if (i + 1 >= argc) {
				fprintf(stderr, _("%s: option '%s' needs a value\n"), PACKAGE, a);
				return 2;
			}
			if (dcb_lesson_load(argv[++i], &app->lesson, &err) < 0) {
				fprintf(stderr, "%s: %s: %s\n", PACKAGE, argv[i], err.message);
				return 2;
			}
			continue;
		}
		if (strncmp(a, "--", 2) != 0) {
			fprintf(stderr, _("%s: unexpected argument '%s'\n"), PACKAGE, a);
			return 2;
		}
		char key[64];
		const char *value, *eq = strchr(a, '=');
		if (eq != NULL) {
			snprintf(key, sizeof key, "%.*s", (int)(eq - a - 2), a + 2);
			value = eq + 1;
		} else {
			snprintf(key, sizeof key, "%s", a + 2);
			if (i + 1 >= argc) {
				fprintf(stderr, _("%s: option '%s' needs a value\n"), PACKAGE, a);
				return 2;
			}
			value = argv[++i];
		}
		if (strcmp(key, "config") == 0)
			continue;
		if (ui_setting_set(&app->cfg, key, value, msg, sizeof msg) < 0) {
			fprintf(stderr, "%s: %s\n", PACKAGE, msg);
			if (ui_setting_find(key) == NULL)
				fprintf(stderr, _("Run '%s ui --help' for the options.\n"),
				        PACKAGE);
			return 2;
		}
		if (strcmp(key, "images") == 0)
			images_set = true;
	}
	/* The output folder follows a state folder given without one. */
	char def_out[UI_PATH_MAX];
	snprintf(def_out, sizeof def_out, "%.1000s/received", state_dir_before);
	if (strcmp(app->cfg.scp_out, def_out) == 0 &&
	    strcmp(app->cfg.state_dir, state_dir_before) != 0)
		snprintf(app->cfg.scp_out, sizeof app->cfg.scp_out, "%.1000s/received",
		         app->cfg.state_dir);
	app->demo = !images_set;
	if (!images_set)
		find_samples(app->cfg.images, sizeof app->cfg.images);
	return 0;
}

/* ---- the loop ----------------------------------------------------------- */

static void
fold(const struct dcb_event *ev, void *user)
{
	struct ui_app *app = user;

	ui_model_apply(app->model, ev);
	ui_scp_event(app->pane[UI_PANE_SCP], ev); /* the worklist queries answered */
}

/* The SCP's archive counts, when the backend has news of them. */
static void
archive_news(struct ui_app *app)
{
	struct ui_backend *b = app->backend;
	unsigned changed = atomic_load(&b->archive_changed);
	size_t counts[4];

	if (changed == app->archive_seen)
		return;
	app->archive_seen = changed;
	if (atomic_load(&b->archive_indexing)) {
		ui_model_scp_archive_progress(app->model, atomic_load(&b->archive_done),
		                              atomic_load(&b->archive_total));
		return;
	}
	for (int i = 0; i < 4; i++)
		counts[i] = atomic_load(&b->archive[i]);
	ui_model_scp_archive(app->model, atomic_load(&b->archive_on) ? counts : NULL);
}

/* Folds queued events into the model; returns how many there were. */
static size_t
gather(struct ui_app *app)
{
	size_t n, total = 0;

	/* A bounded number per turn, so keys are answered while engines
	 * flood the queue; the queue's pipe stays readable for the rest. */
	for (int k = 0; k < DRAIN_TURNS; k++) {
		n = ui_backend_drain(app->backend, fold, app, DRAIN_BATCH);
		total += n;
		if (n < DRAIN_BATCH)
			break;
	}
	/* The model's news (job done, errors) goes to the status line. */
	if (app->model->status[0] != '\0') {
		snprintf(app->status, sizeof app->status, "%s", app->model->status);
		app->model->status[0] = '\0';
	}
	return total;
}

static void
run(struct ui_app *app)
{
	double last_draw = 0.0, last_gather = 0.0;
	bool flowing = false; /* the last look at the queue found events */

	relayout(app);
	while (!app->quit) {
		struct pollfd pfd[2] = {
		    {.fd = STDIN_FILENO, .events = POLLIN},
		    {.fd = ui_backend_fd(app->backend), .events = POLLIN},
		};
		double now = now_s();
		int wait_ms = FRAME_MS;
		if (app->model->dirty != 0) {
			double left = last_draw + FRAME_MS / 1000.0 - now;
			wait_ms = left > 0 ? (int)(left * 1000.0) + 1 : 0;
		}
		/* Events flowing: the queue waits for the next look (keys do
		 * not); idle: the first event wakes the loop at once. */
		double gather_left = last_gather + GATHER_MS / 1000.0 - now;
		if (flowing && gather_left > 0) {
			pfd[1].fd = -1;
			int ms = (int)(gather_left * 1000.0) + 1;
			if (ms < wait_ms)
				wait_ms = ms;
		}
		if (app->redraw_all || (app->idle_work && !flowing))
			wait_ms = 0;
		int r = poll(pfd, 2, wait_ms);
		if (r < 0 && errno != EINTR)
			break;
		bool winch = resized != 0;
		resized = 0;
		if (winch && curses_winch.sa_handler == SIG_DFL)
			handle_resize(app);
		bool key_seen = false;
		/* After SIGWINCH curses has a KEY_RESIZE for getch() even when
		 * no byte came. */
		if (winch || (r > 0 && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))) {
			int key;
			while ((key = getch()) != ERR) {
				handle_key(app, key);
				key_seen = true;
				if (app->quit)
					break;
			}
		}
		now = now_s();
		if ((r > 0 && (pfd[1].revents & POLLIN)) ||
		    (flowing && now - last_gather >= GATHER_MS / 1000.0)) {
			flowing = gather(app) > 0;
			last_gather = now;
		}
		/* Idle: check the folder's files one by one, between keys and
		 * not while the engines report (it would slow a transfer). */
		if (!key_seen && !flowing)
			app->idle_work = ui_browser_idle(app->pane[UI_PANE_BROWSER]);
		ui_scp_tick(app->pane[UI_PANE_SCP]);
		archive_news(app); /* also while no event comes: the index's reconcile */
		now = now_s();
		ui_model_tick(app->model, now);
		/* Keys are answered at once; engine news at most every FRAME_MS. */
		if (app->redraw_all || (app->model->dirty != 0 &&
		                        (key_seen || now - last_draw >= FRAME_MS / 1000.0))) {
			draw(app);
			last_draw = now;
		}
	}
}

int
cmd_ui(int argc, char **argv)
{
	struct ui_app app;
	struct sigaction sa;

	memset(&app, 0, sizeof app);
	ui_settings_defaults(&app.cfg);
	int rc = parse_args(&app, argc, argv);
	if (rc != 0) {
		dcb_lesson_clear(&app.lesson);
		return rc == 1 ? 0 : rc;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr,
		        _("%s: the dashboard needs a terminal; see '%s help' for the headless "
		          "commands\n"),
		        PACKAGE, PACKAGE);
		return 2;
	}
	if (ui_mkdirs(app.cfg.state_dir, 0700) < 0)
		fprintf(stderr, _("%s: %s: cannot create: %s\n"), PACKAGE, app.cfg.state_dir,
		        strerror(errno));

	/* First start: a demo CA and certificates for both sides, sample
	 * worklist entries. */
	char camsg[512] = "";
	if ((app.cfg.scp_key[0] == '\0' || app.cfg.scu_key[0] == '\0') &&
	    ui_tls_demo_ca(&app.cfg, true, camsg, sizeof camsg) < 0)
		fprintf(stderr, "%s: %s\n", PACKAGE, camsg);
	if (ui_wl_demo_entries(&app.cfg, camsg, sizeof camsg) < 0)
		fprintf(stderr, "%s: %s\n", PACKAGE, camsg);

	ui_tls_ca_summary(app.cfg.scp_ca, app.ca_summary, sizeof app.ca_summary);
	app.model = ui_model_new();
	app.backend = ui_backend_new(&app.cfg, app.in_memory);

	initscr();
	/* curses' own SIGWINCH handler only sets a flag and makes getch()
	 * return KEY_RESIZE; ours chains to it so that poll() wakes too. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigwinch;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, &curses_winch);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	ui_colors_init(app.mono);

	app.pane[UI_PANE_SCP] = ui_pane_scp_new(&app);
	app.pane[UI_PANE_SCU] = ui_pane_scu_new(&app);
	app.pane[UI_PANE_BROWSER] = ui_pane_browser_new(&app, app.cfg.images);
	app.pane[UI_PANE_FINDINGS] = ui_pane_findings_new(&app);
	app.pane[UI_PANE_TRACE] = ui_pane_trace_new(&app);
	app.focus = UI_PANE_BROWSER;
	ui_app_status(&app, "%s", _("Space marks files, F5 sends them to the SCP, F1 shows help."));
	if (app.backend->ops->start(app.backend) < 0)
		ui_app_status(&app, "%s", _("The SCP could not be started."));
	else if (app.send_at_start[0] != '\0')
		ui_app_send_path(&app, app.send_at_start);
	if (app.lesson.n > 0)
		ui_lesson_start(&app);

	run(&app);

	ui_backend_free(app.backend);
	while (app.dialog != NULL)
		pop_dialog(&app);
	delete_windows(&app);
	for (int i = 0; i < UI_PANE_COUNT; i++)
		app.pane[i]->ops->free(app.pane[i]);
	endwin();
	ui_model_free(app.model);
	dcb_lesson_clear(&app.lesson);
	return 0;
}
