/* lesson.c — a lesson's script parsed into steps (lesson.h). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "lesson.h"

#define LESSON_FILE_MAX (1024 * 1024)

/* The step words: a step is a word, then its argument. */
static const struct word {
	const char *name;
	enum dcb_lesson_kind kind;
	int arg; /* 0 none, 1 needed */
} words[] = {
    {"say:", DCB_LESSON_SAY, 1},     {"echo", DCB_LESSON_ECHO, 0},
    {"send", DCB_LESSON_SEND, 1},    {"tls", DCB_LESSON_TLS, 1},
    {"ladder", DCB_LESSON_LADDER, 0}, {"list", DCB_LESSON_LIST, 0},
    {"query", DCB_LESSON_QUERY, 1},  {"move", DCB_LESSON_MOVE, 1},
    {"commit", DCB_LESSON_COMMIT, 1}, {"scenario", DCB_LESSON_SCENARIO, 1},
};

static const struct word *
word_of(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i].name) == n && strncmp(words[i].name, s, n) == 0)
			return &words[i];
	return NULL;
}

static int
add_step(struct dcb_lesson *l, const struct dcb_lesson_step *st)
{
	struct dcb_lesson_step *p = realloc(l->steps, (l->n + 1) * sizeof *p);

	if (p == NULL)
		return DCB_ERR_NOMEM;
	l->steps = p;
	l->steps[l->n++] = *st;
	return 0;
}

/* The keys a query step may give (the dashboard's query dialog's). */
static const char *const query_keys[] = {"PatientName",     "PatientID",
                                             "StudyDate",       "Modality",
                                             "AccessionNumber", "StudyInstanceUID",
                                             NULL};

static bool
is_level(const char *s, size_t n)
{
	static const char *const levels[] = {"PATIENT", "STUDY", "SERIES", "IMAGE", "WORKLIST"};

	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (strlen(levels[i]) == n && strncasecmp(levels[i], s, n) == 0)
			return true;
	return false;
}

/* query LEVEL KEY=VALUE...; move [LEVEL] DEST: checked when the lesson is
 * read, so that a class never meets a typing error. */
static int
check_qr(enum dcb_lesson_kind kind, const char *arg, size_t alen, int line, struct dcb_error *err)
{
	size_t i = 0, nwords = 0;

	while (i < alen) {
		size_t b = i;
		while (i < alen && arg[i] != ' ' && arg[i] != '\t')
			i++;
		const char *w = arg + b, *eq = memchr(w, '=', i - b);
		size_t n = i - b;
		if (kind == DCB_LESSON_QUERY && nwords == 0 && !is_level(w, n))
			return dcb_error_set(err, DCB_ERR_MALFORMED, line,
			                     N_("line %d: 'query' starts with a level (PATIENT, STUDY, "
			                        "SERIES, IMAGE or WORKLIST), not '%.*s'"),
			                     line, (int)n, w);
		if (kind == DCB_LESSON_QUERY && nwords > 0) {
			bool known = false;
			for (size_t k = 0; eq != NULL && query_keys[k] != NULL; k++)
				known |= strlen(query_keys[k]) == (size_t)(eq - w) &&
				         strncmp(query_keys[k], w, (size_t)(eq - w)) == 0;
			if (!known)
				return dcb_error_set(
				    err, DCB_ERR_MALFORMED, line,
				    N_("line %d: '%.*s' is no KEY=VALUE of PatientName, PatientID, "
				       "StudyDate, Modality, AccessionNumber, StudyInstanceUID"),
				    line, (int)n, w);
		}
		nwords++;
		while (i < alen && (arg[i] == ' ' || arg[i] == '\t'))
			i++;
	}
	if (kind == DCB_LESSON_MOVE && (nwords == 0 || nwords > 2))
		return dcb_error_set(err, DCB_ERR_MALFORMED, line,
		                     N_("line %d: 'move' takes a level (optional) and the "
		                        "destination's AE title"),
		                     line);
	return 0;
}

/* One line (no newline, comments and outer blanks gone) into a step. */
static int
parse_line(struct dcb_lesson *l, const char *s, size_t n, int line, struct dcb_error *err)
{
	struct dcb_lesson_step st;
	size_t w = 0;

	while (w < n && s[w] != ' ' && s[w] != '\t')
		w++;
	const struct word *wd = word_of(s, w);
	const char *arg = s + w;
	size_t alen = n - w;
	while (alen > 0 && (*arg == ' ' || *arg == '\t')) {
		arg++;
		alen--;
	}
	if (wd == NULL)
		return dcb_error_set(err, DCB_ERR_MALFORMED, line,
		                     N_("line %d: unknown step '%.*s' (say:, echo, send, tls, "
		                        "ladder, list, query, move, commit, scenario)"),
		                     line, (int)w, s);
	if (wd->arg == 1 && alen == 0)
		return dcb_error_set(err, DCB_ERR_MALFORMED, line, N_("line %d: '%s' needs %s"),
		                     line, wd->name,
		                     wd->kind == DCB_LESSON_SAY     ? dcb_tr(N_("the words to say"))
		                     : wd->kind == DCB_LESSON_TLS   ? "on | off"
		                     : wd->kind == DCB_LESSON_QUERY ? dcb_tr(N_("a level and keys"))
		                     : wd->kind == DCB_LESSON_MOVE  ? dcb_tr(N_("a destination AE title"))
		                     : wd->kind == DCB_LESSON_SCENARIO
		                         ? dcb_tr(N_("storescp's fault-injection options, or off"))
		                                                    : dcb_tr(N_("a file")));
	if (wd->kind == DCB_LESSON_QUERY || wd->kind == DCB_LESSON_MOVE) {
		int rc = check_qr(wd->kind, arg, alen, line, err);
		if (rc < 0)
			return rc;
	}
	memset(&st, 0, sizeof st);
	st.kind = wd->kind;
	st.line = line;
	if (wd->kind == DCB_LESSON_TLS) {
		if (alen == 2 && strncmp(arg, "on", 2) == 0)
			st.on = 1;
		else if (!(alen == 3 && strncmp(arg, "off", 3) == 0))
			return dcb_error_set(err, DCB_ERR_MALFORMED, line,
			                     N_("line %d: 'tls' takes on or off, not '%.*s'"), line,
			                     (int)alen, arg);
	}
	snprintf(st.arg, sizeof st.arg, "%.*s", (int)alen, arg);
	if (wd->kind == DCB_LESSON_SAY && l->title[0] == '\0')
		snprintf(l->title, sizeof l->title, "%.255s", st.arg);
	return add_step(l, &st);
}

int
dcb_lesson_parse(const char *text, size_t len, struct dcb_lesson *out, struct dcb_error *err)
{
	int line = 0, rc;

	memset(out, 0, sizeof *out);
	for (size_t off = 0; off < len;) {
		const char *s = text + off, *nl = memchr(s, '\n', len - off);
		size_t n = nl != NULL ? (size_t)(nl - s) : len - off;
		off += n + (nl != NULL);
		line++;
		const char *hash = memchr(s, '#', n);
		if (hash != NULL && !(n >= 4 && strncmp(s, "say:", 4) == 0))
			n = (size_t)(hash - s); /* a "say:" keeps its '#' */
		while (n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		if ((rc = parse_line(out, s, n, line, err)) < 0) {
			dcb_lesson_clear(out);
			return rc;
		}
	}
	if (out->n == 0)
		return dcb_error_set(err, DCB_ERR_MALFORMED, -1, "%s",
		                     dcb_tr(N_("the lesson has no steps")));
	return 0;
}

int
dcb_lesson_load(const char *path, struct dcb_lesson *out, struct dcb_error *err)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;
	int rc;

	memset(out, 0, sizeof *out);
	if (f == NULL)
		return dcb_error_set(err, DCB_ERR_IO, -1, N_("%s: cannot read: %s"), path,
		                     strerror(errno));
	buf = malloc(LESSON_FILE_MAX);
	if (buf == NULL) {
		fclose(f);
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, "%s", dcb_tr(N_("out of memory")));
	}
	n = fread(buf, 1, LESSON_FILE_MAX, f);
	fclose(f);
	rc = dcb_lesson_parse(buf, n, out, err);
	free(buf);
	if (rc == 0 && out->title[0] == '\0') {
		const char *base = strrchr(path, '/');
		snprintf(out->title, sizeof out->title, "%s", base != NULL ? base + 1 : path);
	}
	return rc;
}

void
dcb_lesson_clear(struct dcb_lesson *l)
{
	free(l->steps);
	memset(l, 0, sizeof *l);
}
