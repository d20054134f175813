/* pane-browser.c — a folder of DICOM files: navigate, see each file's
 * metadata and findings count, mark files and folders for sending, open a
 * file's detail (element dump and findings). */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../src/i18n.h"
#include "app.h"
#include "colors.h"
#include "detail.h"
#include "preview.h"
#include "text.h"

struct entry {
	char *name;
	bool dir;
	bool described;
	struct ui_file_info info;
};

struct browser {
	struct ui_pane pane; /* first: the pane is the browser */
	char dir[UI_PATH_MAX];
	struct entry *e;
	int n;
	struct ui_list list;
	char **marks; /* full paths */
	size_t nmarks;
	struct ui_preview *preview; /* the file under the cursor, beside the list */
};

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->dir != y->dir)
		return x->dir ? -1 : 1;
	if (strcmp(x->name, "..") == 0)
		return -1;
	if (strcmp(y->name, "..") == 0)
		return 1;
	return strcmp(x->name, y->name);
}

static void
clear_entries(struct browser *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->e[i].name);
	free(b->e);
	b->e = NULL;
	b->n = 0;
}

static void
join(char *out, size_t size, const char *dir, const char *name)
{
	snprintf(out, size, "%.1000s%s%.255s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

static void
load(struct browser *b, const char *dir)
{
	char real[PATH_MAX];
	DIR *d;
	struct dirent *de;
	int cap = 0;

	if (realpath(dir, real) == NULL)
		snprintf(real, sizeof real, "%s", dir);
	d = opendir(real);
	if (d == NULL) {
		ui_app_status(b->pane.app, _("%s: cannot open the folder"), real);
		return;
	}
	clear_entries(b);
	snprintf(b->dir, sizeof b->dir, "%.1000s", real);
	while ((de = readdir(d)) != NULL) {
		char path[UI_PATH_MAX * 2];
		struct stat st;
		if (strcmp(de->d_name, ".") == 0)
			continue;
		if (strcmp(de->d_name, "..") == 0 && strcmp(real, "/") == 0)
			continue;
		if (de->d_name[0] == '.' && strcmp(de->d_name, "..") != 0)
			continue;
		join(path, sizeof path, real, de->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (b->n == cap) {
			cap = cap ? cap * 2 : 64;
			b->e = realloc(b->e, (size_t)cap * sizeof *b->e);
			if (b->e == NULL)
				abort();
		}
		memset(&b->e[b->n], 0, sizeof b->e[b->n]);
		b->e[b->n].name = strdup(de->d_name);
		if (b->e[b->n].name == NULL)
			abort();
		b->e[b->n].dir = S_ISDIR(st.st_mode);
		b->e[b->n].info.size = (uint64_t)st.st_size;
		b->n++;
	}
	closedir(d);
	if (b->n > 0)
		qsort(b->e, (size_t)b->n, sizeof *b->e, cmp_entry);
	b->list.count = b->n;
	b->list.cursor = b->n > 1 && strcmp(b->e[0].name, "..") == 0 ? 1 : 0;
	b->list.top = 0;
}

static bool
is_marked(const struct browser *b, const char *path, size_t *idx)
{
	for (size_t i = 0; i < b->nmarks; i++)
		if (strcmp(b->marks[i], path) == 0) {
			if (idx != NULL)
				*idx = i;
			return true;
		}
	return false;
}

static void
toggle_mark(struct browser *b, const char *path)
{
	size_t i;

	if (is_marked(b, path, &i)) {
		free(b->marks[i]);
		b->marks[i] = b->marks[--b->nmarks];
		return;
	}
	b->marks = realloc(b->marks, (b->nmarks + 1) * sizeof *b->marks);
	if (b->marks == NULL || (b->marks[b->nmarks] = strdup(path)) == NULL)
		abort();
	b->nmarks++;
}

struct finding_ctx {
	struct ui_app *app;
	const char *path;
};

static void
add_finding(const struct dcb_finding *f, void *user)
{
	struct finding_ctx *c = user;
	ui_model_add_file_finding(c->app->model, f, c->path);
}

static void
describe(struct browser *b, struct entry *e)
{
	char path[UI_PATH_MAX * 2];

	if (e->described || e->dir)
		return;
	join(path, sizeof path, b->dir, e->name);
	ui_backend_describe(path, &e->info);
	e->described = true;
	if (e->info.findings > 0) {
		struct finding_ctx c = {b->pane.app, path};
		ui_backend_check(path, add_finding, &c);
	}
}

/* One file line in columns that fit width: mark, name, modality,
 * transfer syntax, size, patient, (SOP class when wide), findings. */
static void
columns(char *out, size_t size, int width, const char *mark, const char *name,
        const struct ui_file_info *f, const char *bytes, const char *fnd)
{
	const char *ts =
	    f->transfer_syntax[0] ? f->transfer_syntax : (f->dicom ? "?" : _("not DICOM"));
	const char *cols[8];
	int w[8], n = 0;
	int fixed = 1 + 6 + 13 + 9 + 5 + 6; /* mark, modality, ts, size, findings, gaps */
	bool narrow = width - fixed < 30;   /* beside the preview: no ts, no patient */
	int rest = width - fixed + (narrow ? 14 : 0);
	bool sop = rest >= 70;
	if (sop)
		rest -= 26;
	int namew = narrow ? rest : rest * 62 / 100;
	char sizecol[32];

	snprintf(sizecol, sizeof sizecol, "%8s", bytes);
	cols[n] = mark, w[n++] = 1;
	cols[n] = name, w[n++] = namew;
	cols[n] = f->modality[0] ? f->modality : "-", w[n++] = 6;
	if (!narrow)
		cols[n] = ts, w[n++] = 13;
	cols[n] = sizecol, w[n++] = 9;
	if (!narrow)
		cols[n] = f->patient[0] ? f->patient : "-", w[n++] = rest - namew;
	if (sop)
		cols[n] = f->sop_class[0] ? f->sop_class : "-", w[n++] = 25;
	cols[n] = fnd, w[n++] = 5;
	size_t pos = 0;
	out[0] = '\0';
	for (int i = 0; i < n && pos + 1 < size; i++) {
		char cell[512];
		ui_text_pad(cell, sizeof cell, cols[i], w[i]);
		pos += (size_t)snprintf(out + pos, size - pos, "%s%s", i ? " " : "", cell);
	}
}

/* Columns of the preview beside the list: a third of a wide pane. */
static int
preview_width(const struct ui_pane *p)
{
	int iw = p->w - 2;

	return iw >= 56 && p->h >= 6 ? iw / 3 : 0;
}

static void
draw(struct ui_pane *p, WINDOW *w)
{
	struct browser *b = (struct browser *)p;
	char title[UI_PATH_MAX + 64], dirfit[256], line[1024], size[32], mark[8];
	int pw = preview_width(p), iw = p->w - 2 - (pw > 0 ? pw + 1 : 0), rows = p->h - 2;

	werase(w);
	ui_text_fit_left(dirfit, sizeof dirfit, b->dir, p->w / 2);
	if (p->app->layout.tabs) {
		snprintf(title, sizeof title, _("[Images] %s  ·  Findings (%u) F4"), dirfit,
		         ui_model_findings_count(p->app->model));
	} else {
		snprintf(title, sizeof title, _("Images  %s"), dirfit);
	}
	if (b->nmarks > 0) {
		snprintf(line, sizeof line, P_("%zu marked", "%zu marked", b->nmarks), b->nmarks);
		ui_draw_frame(w, p->focused, title, line);
	} else {
		ui_draw_frame(w, p->focused, title, NULL);
	}
	ui_list_clamp(&b->list, rows);
	for (int r = 0; r < rows && b->list.top + r < b->n; r++) {
		int i = b->list.top + r;
		struct entry *e = &b->e[i];
		char path[UI_PATH_MAX * 2];
		attr_t a = 0;

		join(path, sizeof path, b->dir, e->name);
		snprintf(mark, sizeof mark, "%s", is_marked(b, path, NULL) ? "*" : " ");
		if (e->dir) {
			snprintf(line, sizeof line, "%s %s/", mark, e->name);
		} else {
			describe(b, e);
			const struct ui_file_info *f = &e->info;
			char fnd[32];
			ui_fmt_bytes(size, sizeof size, f->size);
			if (!f->dicom && f->findings == 0)
				snprintf(fnd, sizeof fnd, "-");
			else if (f->findings < 0)
				snprintf(fnd, sizeof fnd, "?");
			else if (f->findings == 0)
				snprintf(fnd, sizeof fnd, "✓");
			else
				snprintf(fnd, sizeof fnd, "! %d", f->findings);
			columns(line, sizeof line, iw, mark, e->name, f, size, fnd);
			if (f->errors > 0)
				a = ui_color(UI_ROLE_WARN);
		}
		if (mark[0] == '*')
			a = ui_color(UI_ROLE_MARKED);
		if (p->focused && i == b->list.cursor)
			a = ui_color(UI_ROLE_CURSOR);
		else if (i == b->list.cursor)
			a |= A_UNDERLINE;
		char padded[1200];
		ui_text_pad(padded, sizeof padded, line, iw);
		ui_draw_text(w, 1 + r, 1, iw, a, padded);
	}
	if (b->n == 0)
		ui_draw_text(w, 1, 1, iw, ui_color(UI_ROLE_MUTED), _("(empty folder)"));
	if (pw > 0 && p->app->dialog == NULL) { /* a full-screen view holds it */
		char path[UI_PATH_MAX * 2] = "";
		mvwvline(w, 1, 1 + iw, ACS_VLINE, rows);
		if (b->n > 0 && !b->e[b->list.cursor].dir)
			join(path, sizeof path, b->dir, b->e[b->list.cursor].name);
		ui_preview_request(b->preview, path, pw, rows - 1);
		ui_preview_draw(b->preview, w, 1, 2 + iw, rows, pw);
	}
}

static unsigned
handle_key(struct ui_pane *p, int key, enum ui_action a)
{
	struct browser *b = (struct browser *)p;
	char path[UI_PATH_MAX * 2];
	int rows = p->h - 2;

	if (ui_list_move(&b->list, a, rows))
		return UI_R_HANDLED | UI_R_REDRAW;
	if (ui_preview_key(b->preview, a))
		return UI_R_HANDLED | UI_R_REDRAW;
	if (b->n == 0)
		return UI_R_NONE;
	struct entry *e = &b->e[b->list.cursor];
	join(path, sizeof path, b->dir, e->name);
	switch (a) {
	case UI_ACT_MARK:
		if (strcmp(e->name, "..") != 0)
			toggle_mark(b, path);
		ui_list_move(&b->list, UI_ACT_DOWN, rows);
		return UI_R_HANDLED | UI_R_REDRAW;
	case UI_ACT_BACK:
		join(path, sizeof path, b->dir, "..");
		load(b, path);
		return UI_R_HANDLED | UI_R_REDRAW;
	case UI_ACT_PICTURE:
		if (e->dir)
			return UI_R_NONE;
		ui_app_push_dialog(p->app, ui_preview_view_new(p->app, b->preview, path, e->name));
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	case UI_ACT_ENTER:
	case UI_ACT_DETAIL:
		if (e->dir) {
			load(b, path);
			return UI_R_HANDLED | UI_R_REDRAW;
		}
		ui_app_push_dialog(p->app, ui_detail_file_new(p->app, path));
		return UI_R_HANDLED | UI_R_REDRAW_ALL;
	default:
		return UI_R_NONE;
	}
}

static void
resize(struct ui_pane *p, int h, int w)
{
	struct browser *b = (struct browser *)p;

	p->h = h;
	p->w = w;
	ui_list_clamp(&b->list, h - 2);
}

bool
ui_browser_idle(struct ui_pane *p)
{
	struct browser *b = (struct browser *)p;

	if (ui_preview_poll(b->preview))
		p->app->redraw_all = true;
	for (int i = 0; i < b->n; i++)
		if (!b->e[i].dir && !b->e[i].described) {
			describe(b, &b->e[i]);
			return true;
		}
	return false;
}

void
ui_browser_clear_marks(struct ui_pane *p)
{
	struct browser *b = (struct browser *)p;

	for (size_t i = 0; i < b->nmarks; i++)
		free(b->marks[i]);
	free(b->marks);
	b->marks = NULL;
	b->nmarks = 0;
}

static void
pane_free(struct ui_pane *p)
{
	struct browser *b = (struct browser *)p;

	clear_entries(b);
	ui_browser_clear_marks(p);
	ui_preview_free(b->preview);
	free(b);
}

struct collect {
	char **v;
	size_t n, cap;
};

static void
add_path(struct collect *c, const char *path)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->v = realloc(c->v, c->cap * sizeof *c->v);
		if (c->v == NULL)
			abort();
	}
	if ((c->v[c->n++] = strdup(path)) == NULL)
		abort();
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds path, or every regular file under it (depth-limited). */
static void
collect(struct collect *c, const char *path, int depth)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return;
	if (S_ISREG(st.st_mode)) {
		add_path(c, path);
		return;
	}
	if (!S_ISDIR(st.st_mode) || depth > 16)
		return;
	DIR *d = opendir(path);
	struct dirent *de;
	size_t first = c->n;
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char sub[UI_PATH_MAX * 2];
		if (de->d_name[0] == '.')
			continue;
		join(sub, sizeof sub, path, de->d_name);
		collect(c, sub, depth + 1);
	}
	closedir(d);
	qsort(c->v + first, c->n - first, sizeof *c->v, cmp_str);
}

size_t
ui_browser_selection(struct ui_pane *p, char ***out)
{
	struct browser *b = (struct browser *)p;
	struct collect c = {NULL, 0, 0};

	if (b->nmarks > 0) {
		for (size_t i = 0; i < b->nmarks; i++)
			collect(&c, b->marks[i], 0);
	} else if (b->n > 0 && strcmp(b->e[b->list.cursor].name, "..") != 0) {
		char path[UI_PATH_MAX * 2];
		join(path, sizeof path, b->dir, b->e[b->list.cursor].name);
		collect(&c, path, 0);
	}
	*out = c.v;
	return c.n;
}

size_t
ui_browser_collect(const char *path, char ***out)
{
	struct collect c = {NULL, 0, 0};

	collect(&c, path, 0);
	*out = c.v;
	return c.n;
}

static const struct ui_pane_ops browser_ops = {
    .name = "browser",
    .draw = draw,
    .handle_key = handle_key,
    .resize = resize,
    .free = pane_free,
};

struct ui_pane *
ui_pane_browser_new(struct ui_app *app, const char *dir)
{
	struct browser *b = (struct browser *)ui_pane_alloc(sizeof *b, &browser_ops, app, 0);

	snprintf(b->dir, sizeof b->dir, "%s", dir);
	load(b, dir);
	b->preview = ui_preview_new();
	return &b->pane;
}
