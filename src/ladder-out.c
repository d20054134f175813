/* ladder-out.c — a ladder written out as text and as SVG (ladder-out.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ladder-out.h"

#define TEXT_MIN 20     /* cells between two lifelines in the text ladder: at least, */
#define TEXT_MAX 64     /* at most */
#define MAX_CELLS 512
#define SVG_COL 220     /* pixels between two lifelines */
#define SVG_LEFT 170    /* room for the time and the links on the left */
#define SVG_ROW 26
#define SVG_TOP 60

/* --- text -------------------------------------------------------------------- */

struct cells {
	unsigned n;
	char c[MAX_CELLS][5]; /* one UTF-8 character each */
};

static void
put(struct cells *cl, unsigned at, const char *ch)
{
	if (at < MAX_CELLS) {
		snprintf(cl->c[at], sizeof cl->c[at], "%s", ch);
		if (at + 1 > cl->n)
			cl->n = at + 1;
	}
}

/* Writes s from cell at on, one character a cell; returns the cells used. */
static unsigned
put_text(struct cells *cl, unsigned at, const char *s)
{
	unsigned k = 0;

	while (*s != '\0') {
		char ch[5] = {0};
		size_t len = 1;
		while (len < 4 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len++;
		memcpy(ch, s, len);
		put(cl, at + k++, ch);
		s += len;
	}
	return k;
}

static unsigned
utf8_len(const char *s)
{
	unsigned n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

size_t
dcb_ladder_row_text(const struct dcb_ladder *l, size_t row, unsigned width, char *buf,
                    size_t size)
{
	const struct dcb_ladder_row *r = &l->rows[row];
	struct cells cl;
	unsigned from = (unsigned)r->from * width + width / 2;
	unsigned to = (unsigned)r->to * width + width / 2;
	size_t len = 0;

	memset(&cl, 0, sizeof cl);
	for (unsigned c = 0; c < l->ncols; c++)
		put(&cl, c * width + width / 2, "│");
	if (r->kind == DCB_LADDER_NOTE) {
		put(&cl, from, "├");
		put_text(&cl, from + 2, r->label);
	} else {
		unsigned lo = from < to ? from : to, hi = from < to ? to : from;
		const char *line = r->kind == DCB_LADDER_DATA ? "═" : "─";
		for (unsigned x = lo + 1; x < hi; x++)
			put(&cl, x, line);
		put(&cl, to < from ? lo + 1 : hi - 1, to < from ? "◀" : "▶");
		unsigned n = utf8_len(r->label) + 2;
		unsigned start = hi - lo > n + 3 ? lo + (hi - lo - n) / 2 : lo + 2;
		put(&cl, start, " ");
		put_text(&cl, start + 1, r->label);
		put(&cl, start + n - 1, " ");
	}
	for (unsigned i = 0; i < cl.n && len + 5 < size; i++) {
		const char *ch = cl.c[i][0] != '\0' ? cl.c[i] : " ";
		len += (size_t)snprintf(buf + len, size - len, "%s", ch);
	}
	while (len > 0 && buf[len - 1] == ' ')
		buf[--len] = '\0';
	return len;
}

static void
time_of(const struct timespec *t, char *buf, size_t size)
{
	struct tm tm;
	time_t s = t->tv_sec;
	char hms[16];

	localtime_r(&s, &tm);
	strftime(hms, sizeof hms, "%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%03ld", hms, t->tv_nsec / 1000000);
}

/* Room for the longest arrow's label between two lifelines. */
static unsigned
text_width(const struct dcb_ladder *l)
{
	unsigned w = TEXT_MIN;

	for (size_t i = 0; i < l->nrows; i++)
		if (l->rows[i].kind != DCB_LADDER_NOTE && utf8_len(l->rows[i].label) + 8 > w)
			w = utf8_len(l->rows[i].label) + 8;
	return w < TEXT_MAX ? w : TEXT_MAX;
}

int
dcb_ladder_write_text(FILE *out, const struct dcb_ladder *l)
{
	char line[MAX_CELLS * 4 + 1], when[32];
	unsigned width = text_width(l);

	/* the column names, centred over their lifelines */
	fprintf(out, "%*s", 19, "");
	for (unsigned c = 0; c < l->ncols; c++) {
		unsigned n = utf8_len(l->cols[c]);
		unsigned pad = n / 2 < width / 2 ? width / 2 - n / 2 : 0;
		fprintf(out, "%*s%s%*s", (int)pad, "", l->cols[c],
		        (int)(width > pad + n ? width - pad - n : 0), "");
	}
	fputc('\n', out);
	for (size_t i = 0; i < l->nrows; i++) {
		const struct dcb_ladder_row *r = &l->rows[i];
		time_of(&r->time, when, sizeof when);
		dcb_ladder_row_text(l, i, width, line, sizeof line);
		fprintf(out, "%4zu %s %s%s", i + 1, when, r->depth > 0 ? "↳" : " ", line);
		if (r->link >= 0)
			/* TRANSLATORS: after a ladder row: the row it answers or
			 * was caused by, and the seconds since */
			fprintf(out, dcb_tr(N_("  (%.3f s after %d)")), r->link_seconds,
			        r->link + 1);
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

/* --- SVG ----------------------------------------------------------------------- */

static void
xml_text(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out); break;
		}
	}
}

static int
col_x(int c)
{
	return SVG_LEFT + c * SVG_COL + SVG_COL / 2;
}

int
dcb_ladder_write_svg(FILE *out, const struct dcb_ladder *l)
{
	int w = SVG_LEFT + (int)l->ncols * SVG_COL + 20;
	int h = SVG_TOP + (int)l->nrows * SVG_ROW + 30;
	char when[32];

	fprintf(out,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
	        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
	        "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
	        "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>\n"
	        "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
	        w, h, w, h);
	for (unsigned c = 0; c < l->ncols; c++) {
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">",
		        col_x((int)c), SVG_TOP - 25);
		xml_text(out, l->cols[c]);
		fprintf(out, "</text>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		             "stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n",
		        col_x((int)c), SVG_TOP - 15, col_x((int)c), h - 10);
	}
	for (size_t i = 0; i < l->nrows; i++) {
		const struct dcb_ladder_row *r = &l->rows[i];
		int y = SVG_TOP + (int)i * SVG_ROW + SVG_ROW / 2;
		int x1 = col_x(r->from), x2 = col_x(r->to);

		time_of(&r->time, when, sizeof when);
		fprintf(out, "<text x=\"8\" y=\"%d\" fill=\"#666\">%s</text>\n", y + 4, when);
		if (r->depth > 0)
			fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			             "fill=\"#eef4ff\"/>\n",
			        SVG_LEFT - 10 + 8 * (r->depth - 1), y - SVG_ROW / 2,
			        (int)l->ncols * SVG_COL + 10, SVG_ROW);
		if (r->link >= 0) {
			int ly = SVG_TOP + r->link * SVG_ROW + SVG_ROW / 2;
			fprintf(out, "<path d=\"M%d,%d C%d,%d %d,%d %d,%d\" fill=\"none\" "
			             "stroke=\"#c60\" stroke-dasharray=\"3 2\"/>\n"
			             "<text x=\"%d\" y=\"%d\" fill=\"#c60\" font-size=\"10\">%.3f s</text>\n",
			        SVG_LEFT - 12, ly, SVG_LEFT - 40, ly, SVG_LEFT - 40, y, SVG_LEFT - 12, y,
			        SVG_LEFT - 95, (ly + y) / 2, r->link_seconds);
		}
		if (r->kind == DCB_LADDER_NOTE) {
			fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#666\" font-size=\"10\">",
			        x1 + 6, y + 4);
			xml_text(out, r->label);
			fputs("</text>\n", out);
			continue;
		}
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" "
		             "stroke-width=\"%d\" marker-end=\"url(#arrow)\"/>\n",
		        x1, y + 6, x2, y + 6, r->kind == DCB_LADDER_DATA ? 4 : 1);
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", (x1 + x2) / 2, y + 1);
		xml_text(out, r->label);
		fputs("</text>\n", out);
	}
	fputs("</svg>\n", out);
	return ferror(out) ? -1 : 0;
}
