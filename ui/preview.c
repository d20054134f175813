/* preview.c — decode off the UI thread, draw in half-blocks. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/pixel-display.h"
#include "../src/pixel-file.h"
#include "colors.h"
#include "pane.h"
#include "preview.h"
#include "text.h"

#define PATH_SIZE 4096
#define LEVELS 26                 /* black, the 24 greys of the ramp, white */
#define PAIR_BASE 64              /* colour pairs after the roles' */
#define HALF_BLOCK "\xe2\x96\x80" /* ▀: top pixel in the foreground */

static const struct preset {
	const char *name; /* N_() */
	enum dcb_window_mode mode;
	double center, width;
} presets[] = {
    /* TRANSLATORS: window presets of the image preview */
    {N_("file"), DCB_WINDOW_FILE, 0, 0},
    {N_("lung"), DCB_WINDOW_GIVEN, -600, 1500},
    {N_("bone"), DCB_WINDOW_GIVEN, 300, 1500},
    {N_("brain"), DCB_WINDOW_GIVEN, 40, 80},
    {N_("soft tissue"), DCB_WINDOW_GIVEN, 40, 400},
    {N_("min/max"), DCB_WINDOW_MINMAX, 0, 0},
};
#define PRESETS ((int)(sizeof presets / sizeof presets[0]))

struct request {
	char path[PATH_SIZE];
	unsigned frame;
	int preset;
	int cols, rows; /* cells for the picture */
	unsigned gen;
};

struct result {
	unsigned gen;
	int w, h;      /* pixels: w columns, h half-rows */
	uint8_t *grey; /* w x h */
	unsigned frames;
	char caption[160];
	char error[sizeof((struct dcb_error *)0)->message];
};

struct ui_preview {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool quit;
	struct request want;   /* under lock */
	struct result done;    /* under lock */
	bool fresh;            /* under lock: done changed since the last poll */
	unsigned frames_known; /* UI thread: frames of want.path, 0 unknown */
	bool pair_ready[LEVELS * LEVELS];
};

/* Averages the picture over blocks into a w x h grey image. */
static uint8_t *
shrink(const struct dcb_picture *p, int w, int h)
{
	uint8_t *out = malloc((size_t)w * h);

	if (out == NULL)
		return NULL;
	for (int oy = 0; oy < h; oy++) {
		unsigned y0 = (unsigned)((uint64_t)oy * p->rows / h);
		unsigned y1 = (unsigned)((uint64_t)(oy + 1) * p->rows / h);
		if (y1 <= y0)
			y1 = y0 + 1;
		for (int ox = 0; ox < w; ox++) {
			unsigned x0 = (unsigned)((uint64_t)ox * p->cols / w);
			unsigned x1 = (unsigned)((uint64_t)(ox + 1) * p->cols / w);
			uint64_t sum = 0, n = 0;
			if (x1 <= x0)
				x1 = x0 + 1;
			for (unsigned y = y0; y < y1 && y < p->rows; y++) {
				const uint8_t *row = p->px + (size_t)y * p->cols * p->channels;
				for (unsigned x = x0; x < x1 && x < p->cols; x++, n++) {
					const uint8_t *s = row + (size_t)x * p->channels;
					sum += p->channels == 1
					           ? s[0]
					           : (77u * s[0] + 150u * s[1] + 29u * s[2]) >> 8;
				}
			}
			out[(size_t)oy * w + ox] = (uint8_t)(n ? sum / n : 0);
		}
	}
	return out;
}

static void
caption(struct result *res, const struct request *rq, const struct dcb_pixel_info *info,
        const struct dcb_window_used *used)
{
	char win[80];

	if (used->colour)
		snprintf(win, sizeof win, "%s", _("colour"));
	else if (used->lut)
		snprintf(win, sizeof win, "%s", _("VOI LUT"));
	else
		snprintf(win, sizeof win, _("C %g W %g"), used->center, used->width);
	/* TRANSLATORS: frame 2 of 10, window preset, window: "2/10 lung C -600 W 1500" */
	snprintf(res->caption, sizeof res->caption, _("%u/%u %s %s"), rq->frame + 1, info->frames,
	         _(presets[rq->preset].name), win);
}

/* Decodes and renders one request (no lock held). */
static void
render(const struct request *rq, struct result *res)
{
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_picture pic = {0};
	struct dcb_window win = {.mode = presets[rq->preset].mode,
	                         .center = presets[rq->preset].center,
	                         .width = presets[rq->preset].width};
	struct dcb_window_used used;
	struct dcb_error err = {0};
	int rc;

	memset(res, 0, sizeof *res);
	res->gen = rq->gen;
	rc = dcb_pixel_read_frame(rq->path, rq->frame, &info, &f, &err);
	res->frames = info.frames;
	if (rc == 0)
		rc = dcb_display_render(&info, &f, &win, &pic, &used, &err);
	if (rc < 0) {
		snprintf(res->error, sizeof res->error, "%s", err.message);
	} else {
		/* two pixels a cell vertically: a square pixel for 1:2 cells */
		double sx = (double)rq->cols / pic.cols, sy = 2.0 * rq->rows / pic.rows;
		double s = sx < sy ? sx : sy;
		res->w = (int)(pic.cols * s);
		res->h = (int)(pic.rows * s);
		res->w = res->w < 1 ? 1 : res->w > rq->cols ? rq->cols : res->w;
		res->h = res->h < 1 ? 1 : res->h > 2 * rq->rows ? 2 * rq->rows : res->h;
		res->grey = shrink(&pic, res->w, res->h);
		if (res->grey == NULL)
			snprintf(res->error, sizeof res->error, "%s", _("out of memory"));
		caption(res, rq, &info, &used);
	}
	dcb_picture_clear(&pic);
	dcb_frame_clear(&f);
	dcb_pixel_info_clear(&info);
}

static void *
worker(void *arg)
{
	struct ui_preview *pv = arg;
	unsigned handled = 0;

	pthread_mutex_lock(&pv->lock);
	for (;;) {
		while (!pv->quit && (pv->want.gen == handled || pv->want.path[0] == '\0'))
			pthread_cond_wait(&pv->wake, &pv->lock);
		if (pv->quit)
			break;
		struct request rq = pv->want;
		struct result res;
		handled = rq.gen;
		pthread_mutex_unlock(&pv->lock);
		render(&rq, &res);
		pthread_mutex_lock(&pv->lock);
		if (pv->want.gen == res.gen) {
			free(pv->done.grey);
			pv->done = res;
			pv->fresh = true;
		} else {
			free(res.grey); /* the cursor has moved on: dropped */
		}
	}
	pthread_mutex_unlock(&pv->lock);
	return NULL;
}

struct ui_preview *
ui_preview_new(void)
{
	struct ui_preview *pv = calloc(1, sizeof *pv);

	if (pv == NULL || pthread_mutex_init(&pv->lock, NULL) != 0 ||
	    pthread_cond_init(&pv->wake, NULL) != 0 ||
	    pthread_create(&pv->thread, NULL, worker, pv) != 0)
		abort();
	return pv;
}

void
ui_preview_free(struct ui_preview *pv)
{
	if (pv == NULL)
		return;
	pthread_mutex_lock(&pv->lock);
	pv->quit = true;
	pthread_cond_signal(&pv->wake);
	pthread_mutex_unlock(&pv->lock);
	pthread_join(pv->thread, NULL);
	free(pv->done.grey);
	pthread_cond_destroy(&pv->wake);
	pthread_mutex_destroy(&pv->lock);
	free(pv);
}

/* A new generation of the request (lock held). */
static void
renew(struct ui_preview *pv)
{
	pv->want.gen++;
	pthread_cond_signal(&pv->wake);
}

void
ui_preview_request(struct ui_preview *pv, const char *path, int cols, int rows)
{
	if (path == NULL)
		path = "";
	pthread_mutex_lock(&pv->lock);
	if (strcmp(path, pv->want.path) != 0) {
		snprintf(pv->want.path, sizeof pv->want.path, "%s", path);
		free(pv->done.grey); /* another file's picture is never shown */
		memset(&pv->done, 0, sizeof pv->done);
		pv->want.frame = 0;
		pv->want.preset = 0;
		pv->frames_known = 0;
		pv->want.cols = cols;
		pv->want.rows = rows;
		renew(pv);
	} else if (cols != pv->want.cols || rows != pv->want.rows) {
		pv->want.cols = cols;
		pv->want.rows = rows;
		renew(pv);
	}
	pthread_mutex_unlock(&pv->lock);
}

bool
ui_preview_key(struct ui_preview *pv, enum ui_action a)
{
	bool used = true;

	pthread_mutex_lock(&pv->lock);
	if (pv->done.gen == pv->want.gen)
		pv->frames_known = pv->done.frames;
	switch (a) {
	case UI_ACT_WINDOW_NEXT:
		pv->want.preset = (pv->want.preset + 1) % PRESETS;
		break;
	case UI_ACT_WINDOW_PREV:
		pv->want.preset = (pv->want.preset + PRESETS - 1) % PRESETS;
		break;
	case UI_ACT_FRAME_NEXT:
		if (pv->frames_known > 1)
			pv->want.frame = (pv->want.frame + 1) % pv->frames_known;
		break;
	case UI_ACT_FRAME_PREV:
		if (pv->frames_known > 1)
			pv->want.frame = (pv->want.frame + pv->frames_known - 1) % pv->frames_known;
		break;
	default:
		used = false;
	}
	if (used && pv->want.path[0] != '\0')
		renew(pv);
	pthread_mutex_unlock(&pv->lock);
	return used;
}

bool
ui_preview_poll(struct ui_preview *pv)
{
	bool fresh;

	pthread_mutex_lock(&pv->lock);
	fresh = pv->fresh;
	pv->fresh = false;
	pthread_mutex_unlock(&pv->lock);
	return fresh;
}

/* 0..LEVELS-1 for a grey value, and the colour of a level: 16 is black,
 * 232..255 the ramp, 231 white. */
static int
level(uint8_t g)
{
	return (g * (LEVELS - 1) + 127) / 255;
}

static short
level_colour(int l)
{
	return (short)(l == 0 ? 16 : l == LEVELS - 1 ? 231 : 231 + l);
}

static bool
grey_ramp(void)
{
	/* the colour scheme is on (not monochrome) and the terminal has 256 */
	return PAIR_NUMBER(ui_color(UI_ROLE_TITLE)) != 0 && COLORS >= 256 &&
	       COLOR_PAIRS >= PAIR_BASE + LEVELS * LEVELS;
}

static void
cell(struct ui_preview *pv, WINDOW *win, int y, int x, int top, int bottom, bool ramp)
{
	if (ramp) {
		int pair = top * LEVELS + bottom;
		if (!pv->pair_ready[pair]) {
			init_pair((short)(PAIR_BASE + pair), level_colour(top),
			          level_colour(bottom));
			pv->pair_ready[pair] = true;
		}
		wattrset(win, COLOR_PAIR(PAIR_BASE + pair));
		mvwaddstr(win, y, x, HALF_BLOCK);
		return;
	}
	static const char shades[] = " .:-=+*#%@";
	int l = (top + bottom) * 9 / (2 * (LEVELS - 1));
	wattrset(win, A_NORMAL);
	mvwaddch(win, y, x, (chtype)shades[l]);
}

/* text over up to h lines of w columns, broken at spaces. */
static void
draw_wrapped(WINDOW *win, int y, int x, int h, int w, attr_t a, const char *text)
{
	char line[512];

	for (int r = 0; r < h && *text != '\0'; r++) {
		size_t n = strlen(text), cut = 0;

		for (size_t i = 1; i <= n; i++)
			if ((text[i] == ' ' || text[i] == '\0') && ui_text_width_n(text, i) <= w)
				cut = i;
		if (cut == 0 || r == h - 1)
			cut = n; /* one word too long, or the last line: cut with "…" */
		snprintf(line, sizeof line, "%.*s", (int)cut, text);
		ui_draw_text(win, y + r, x, w, a, line);
		text += cut;
		while (*text == ' ')
			text++;
	}
}

void
ui_preview_draw(struct ui_preview *pv, WINDOW *win, int y, int x, int h, int w)
{
	bool ramp = grey_ramp();
	struct result *r;

	if (h < 2 || w < 4)
		return;
	pthread_mutex_lock(&pv->lock);
	r = &pv->done;
	if (pv->want.path[0] == '\0') {
		ui_draw_text(win, y + h - 1, x, w, ui_color(UI_ROLE_MUTED), _("(no image)"));
	} else if (r->gen != pv->want.gen && r->grey == NULL && r->error[0] == '\0') {
		ui_draw_text(win, y + h - 1, x, w, ui_color(UI_ROLE_MUTED), _("decoding…"));
	} else if (r->error[0] != '\0') {
		ui_draw_text(win, y, x, w, ui_color(UI_ROLE_MUTED), _("no preview:"));
		draw_wrapped(win, y + 1, x, h - 1, w, ui_color(UI_ROLE_MUTED), r->error);
	} else if (r->grey != NULL) {
		int ox = x + (w - r->w) / 2, cells = (r->h + 1) / 2;
		int oy = y + (h - 1 - cells) / 2;
		for (int cy = 0; cy < cells && cy < h - 1; cy++)
			for (int cx = 0; cx < r->w && cx < w; cx++) {
				int top = level(r->grey[(size_t)2 * cy * r->w + cx]);
				int bottom = 2 * cy + 1 < r->h
				                 ? level(r->grey[(size_t)(2 * cy + 1) * r->w + cx])
				                 : 0;
				cell(pv, win, oy + cy, ox + cx, top, bottom, ramp);
			}
		wattrset(win, A_NORMAL);
		ui_draw_text(win, y + h - 1, x, w,
		             ui_color(r->gen == pv->want.gen ? UI_ROLE_NORMAL : UI_ROLE_MUTED),
		             r->gen == pv->want.gen ? r->caption : _("decoding…"));
	}
	pthread_mutex_unlock(&pv->lock);
}
