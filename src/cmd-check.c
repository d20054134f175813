/* cmd-check.c — `dicombench check`: conformance findings for DICOM files.
 *
 *   dicombench check [--json] FILE|DIR...   check files (directories recursively)
 *   dicombench check --explain CODE         what a finding code means
 *   dicombench check --list                 all finding codes
 *
 * Exit status: 0 no errors, 1 errors found, 2 a file could not be read (or
 * bad usage). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "conform.h"
#include "dict.h"
#include "findings.h"
#include "i18n.h"

#define MAX_DIR_DEPTH 64

struct run {
	bool json;
	unsigned files, unreadable, skipped;
	unsigned counts[3];
	unsigned file_findings; /* findings of the current file (JSON commas) */
	const char *path;       /* file being checked */
	bool first_file;
};

static void
usage(FILE *out)
{
	fprintf(out,
	        _("Usage: %s check [--json] FILE|DIR...\n"
	          "       %s check --explain CODE\n"
	          "       %s check --list\n"),
	        PACKAGE, PACKAGE, PACKAGE);
	fputs(_("\nChecks DICOM files (directories recursively) against the standard and\n"
	        "prints one line per finding: FILE:OFFSET: SEVERITY: CODE: MESSAGE.\n\n"
	        "  --json          one JSON document with all files and findings\n"
	        "  --explain CODE  what a finding means and what to do about it\n"
	        "  --list          list all finding codes\n"
	        "  -h, --help      show this help\n\n"
	        "Exit status: 0 no errors, 1 errors found, 2 a file could not be read.\n"),
	      out);
}

/* ---- JSON ---- */

/* Length of a valid UTF-8 sequence at s, 0 when invalid. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Writes s as a JSON string: quotes, backslashes and control characters
 * escaped, bytes that are not UTF-8 replaced by U+FFFD. */
static void
json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putc('"', out);
	while (*p != '\0') {
		size_t n;
		if (*p == '"' || *p == '\\') {
			fprintf(out, "\\%c", *p);
			p++;
		} else if (*p == '\n') {
			fputs("\\n", out);
			p++;
		} else if (*p == '\t') {
			fputs("\\t", out);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(out, "\\u%04x", *p);
			p++;
		} else if ((n = utf8_len(p)) == 0) {
			fputs("\\ufffd", out);
			p++;
		} else {
			fwrite(p, 1, n, out);
			p += n;
		}
	}
	putc('"', out);
}

static const char *
severity_id(enum dcb_severity s)
{
	switch (s) {
	case DCB_SEV_ERROR:
		return "error";
	case DCB_SEV_WARNING:
		return "warning";
	case DCB_SEV_INFO:
		return "info";
	}
	return "error";
}

/* ---- findings ---- */

static void
on_finding(const struct dcb_finding *f, void *user)
{
	struct run *run = user;
	const struct dcb_dict_entry *d = f->tag != 0 ? dcb_dict_lookup(f->tag) : NULL;
	const char *keyword = d != NULL ? d->keyword : NULL;

	if ((unsigned)f->severity < 3)
		run->counts[f->severity]++;
	if (run->json) {
		printf("%s\n      {\"code\": \"%s\", \"severity\": \"%s\", \"offset\": %lld, ",
		       run->file_findings > 0 ? "," : "", f->code, severity_id(f->severity),
		       (long long)f->offset);
		if (f->tag != 0)
			printf("\"tag\": \"(%04X,%04X)\", ", DCB_TAG_GROUP(f->tag),
			       DCB_TAG_ELEMENT(f->tag));
		else
			fputs("\"tag\": null, ", stdout);
		fputs("\"keyword\": ", stdout);
		if (keyword != NULL)
			json_string(stdout, keyword);
		else
			fputs("null", stdout);
		fputs(", \"where\": ", stdout);
		json_string(stdout, f->where);
		fputs(", \"message\": ", stdout);
		json_string(stdout, f->message);
		putchar('}');
		run->file_findings++;
		return;
	}
	if (f->offset >= 0)
		printf("%s:%lld: ", run->path, (long long)f->offset);
	else
		printf("%s: ", run->path);
	printf("%s: %s: %s", dcb_severity_name(f->severity), f->code, f->message);
	if (f->where[0] != '\0' && keyword != NULL)
		printf(" (%s %s)", f->where, keyword);
	else if (f->where[0] != '\0')
		printf(" (%s)", f->where);
	putchar('\n');
}

static void
check_one(struct run *run, const char *path)
{
	struct dcb_error err = {0, -1, ""};
	int rc;

	run->files++;
	run->path = path;
	run->file_findings = 0;
	if (run->json) {
		printf("%s\n    {\"path\": ", run->first_file ? "" : ",");
		json_string(stdout, path);
		fputs(", \"findings\": [", stdout);
		run->first_file = false;
	}
	fflush(stdout);
	rc = dcb_check_file(path, on_finding, run, &err);
	if (rc < 0) {
		run->unreadable++;
		if (err.message[0] == '\0')
			snprintf(err.message, sizeof err.message, "%s", dcb_strerror(rc));
	}
	if (run->json) {
		printf("%s], \"status\": \"%s\"", run->file_findings > 0 ? "\n    " : "",
		       rc < 0 ? "unreadable" : "ok");
		if (rc < 0) {
			printf(", \"error\": {\"offset\": %lld, \"message\": ",
			       (long long)err.offset);
			json_string(stdout, err.message);
			putchar('}');
		}
		putchar('}');
	} else if (rc < 0) {
		fflush(stdout);
		if (err.offset >= 0)
			fprintf(stderr, _("%s:%lld: cannot read: %s\n"), path,
			        (long long)err.offset, err.message);
		else
			fprintf(stderr, _("%s: cannot read: %s\n"), path, err.message);
	}
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_path(struct run *run, const char *path, unsigned depth);

/* True when the file's first bytes look like DICOM (or cannot be read:
 * then the reader reports why). */
static bool
dicom_head(const char *path)
{
	unsigned char head[132];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return true;
	n = fread(head, 1, sizeof head, f);
	fclose(f);
	return dcb_check_head_is_dicom(head, n);
}

/* Checks every regular file below dir that looks like DICOM (names
 * starting with '.' are passed over), in name order. */
static void
check_dir(struct run *run, const char *dir, unsigned depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (d == NULL) {
		run->files++;
		run->unreadable++;
		fprintf(stderr, _("%s: cannot read directory: %s\n"), dir, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **p = realloc(names, ncap * sizeof *p);
			if (p == NULL)
				break;
			names = p;
			cap = ncap;
		}
		size_t len = strlen(dir) + strlen(de->d_name) + 2;
		if ((names[n] = malloc(len)) == NULL)
			break;
		snprintf(names[n], len, "%s%s%s", dir,
		         dir[0] != '\0' && dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, compare_names);
	for (size_t i = 0; i < n; i++) {
		check_path(run, names[i], depth + 1);
		free(names[i]);
	}
	free(names);
}

static void
check_path(struct run *run, const char *path, unsigned depth)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (depth < MAX_DIR_DEPTH)
			check_dir(run, path, depth);
		else
			fprintf(stderr, _("%s: directories nested too deep, skipped\n"), path);
		return;
	}
	/* in a directory walk only regular files that look like DICOM are
	 * checked; a file named on the command line is always tried (and
	 * reported when unreadable) */
	if (depth > 0 && (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !dicom_head(path))) {
		run->skipped++;
		return;
	}
	check_one(run, path);
}

/* ---- --explain and --list ---- */

static int
explain(const char *text)
{
	const struct dcb_finding_def *d = dcb_finding_parse(text);
	char code[8];

	if (d == NULL) {
		fprintf(stderr,
		        _("%s check: '%s' is not a finding code; '%s check --list' shows "
		          "them all\n"),
		        PACKAGE, text, PACKAGE);
		return 2;
	}
	dcb_finding_code_str(d->code, code);
	printf("%s (%s): %s\n\n%s\n\n", code, dcb_severity_name(d->severity), dcb_finding_title(d),
	       dcb_finding_explanation(d));
	printf(_("Reference: %s\n"), d->reference);
	return 0;
}

static int
list(void)
{
	const struct dcb_finding_def *d;

	for (unsigned i = 0; (d = dcb_finding_nth(i)) != NULL; i++) {
		char code[8];
		dcb_finding_code_str(d->code, code);
		printf("%s  %-8s  %s\n", code, dcb_severity_name(d->severity),
		       dcb_finding_title(d));
	}
	return 0;
}

int
cmd_check(int argc, char **argv)
{
	struct run run = {.first_file = true};
	int first_path = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			first_path = i + 1;
			break;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--json") == 0) {
			run.json = true;
		} else if (strcmp(a, "--list") == 0) {
			return list();
		} else if (strcmp(a, "--explain") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr,
				        _("%s check: --explain needs a code, e.g. DCB106\n"),
				        PACKAGE);
				return 2;
			}
			return explain(argv[i + 1]);
		} else if (strncmp(a, "--explain=", 10) == 0) {
			return explain(a + 10);
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, _("%s check: unknown option '%s'\n"), PACKAGE, a);
			usage(stderr);
			return 2;
		} else {
			first_path = i;
			break;
		}
	}
	if (first_path == 0 || first_path >= argc) {
		fprintf(stderr, _("%s check: no file or directory given\n"), PACKAGE);
		usage(stderr);
		return 2;
	}
	if (run.json)
		fputs("{\n  \"files\": [", stdout);
	for (int i = first_path; i < argc; i++)
		check_path(&run, argv[i], 0);
	if (run.json) {
		printf("%s],\n  \"summary\": {\"files\": %u, \"errors\": %u, \"warnings\": %u, "
		       "\"info\": %u, \"unreadable\": %u, \"skipped\": %u}\n}\n",
		       run.files > 0 ? "\n  " : "", run.files, run.counts[DCB_SEV_ERROR],
		       run.counts[DCB_SEV_WARNING], run.counts[DCB_SEV_INFO], run.unreadable,
		       run.skipped);
	} else {
		printf(P_("%u file checked", "%u files checked", run.files), run.files);
		printf(_(": errors %u, warnings %u, info %u, unreadable %u\n"),
		       run.counts[DCB_SEV_ERROR], run.counts[DCB_SEV_WARNING],
		       run.counts[DCB_SEV_INFO], run.unreadable);
		if (run.skipped > 0)
			printf(P_("%u file in the folders skipped: not DICOM\n",
			          "%u files in the folders skipped: not DICOM\n", run.skipped),
			       run.skipped);
	}
	if (run.unreadable > 0)
		return 2;
	return run.counts[DCB_SEV_ERROR] > 0 ? 1 : 0;
}
