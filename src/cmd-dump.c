/* cmd-dump.c — `dicombench dump FILE...`: one line per element, laid out
 * like dcmdump's output, streamed (memory stays flat for any file size). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "dataset-format.h"
#include "dict.h"
#include "i18n.h"
#include "part10.h"

#define VALUE_COLUMN 40 /* the value is padded to this width */
#define CHUNK 65536u    /* bytes of a big value formatted at once */
#define PEEK 4096u      /* bytes of a big value read for a short line */

struct dump {
	bool print_all;   /* +L */
	size_t max_value; /* shorten values to about this many characters */
	bool map_uids;    /* +Un */
	unsigned fmt_flags;
	char *text; /* formatting buffer */
	size_t text_size;
	uint8_t *chunk;
};

static void
usage(FILE *out)
{
	fprintf(out, _("Usage: %s dump [OPTIONS] FILE...\n"), PACKAGE);
	fputs(_("Print the elements of DICOM files (Part 10 files or raw data sets), one line\n"
	        "per element, the way dcmdump does.\n\n"
	        "Options:\n"
	        "  -h, --help            show this help\n"
	        "  +L, --print-all       print long values completely\n"
	        "  -L, --print-short     shorten long values with '...' (default)\n"
	        "      --max-value N     shorten values to about N characters (default 64)\n"
	        "  +Un, --map-uid-names  show well-known UIDs by name (default)\n"
	        "  -Un, --no-uid-names   show UIDs as numbers\n"
	        "  +Qo, --quote-as-octal quote non-ASCII bytes as \\ooo too\n"
	        "                        (control characters are always quoted)\n\n"
	        "Exit status: 0 if every file was read completely, 1 if a file could not\n"
	        "be read (the lines up to the error are printed), 2 on bad usage.\n"),
	      out);
}

static const char *
keyword_of(uint32_t tag)
{
	const struct dcb_dict_entry *e = dcb_dict_lookup(tag);

	return e != NULL ? e->keyword : "Unknown Tag & Data";
}

static void
print_line(unsigned level, uint32_t tag, const char *vr, const char *value, size_t value_len,
           const char *length, unsigned vm, const char *keyword)
{
	printf("%*s(%04x,%04x) %s %s", (int)(level * 2), "", DCB_TAG_GROUP(tag),
	       DCB_TAG_ELEMENT(tag), vr, value);
	if (value_len < VALUE_COLUMN)
		printf("%*s", (int)(VALUE_COLUMN - value_len), "");
	printf(" # %3s,%2u %s\n", length, vm, keyword);
}

static void
length_text(char buf[16], uint32_t length)
{
	if (length == DCB_UNDEFINED_LENGTH)
		strcpy(buf, "u/l");
	else
		snprintf(buf, 16, "%lu", (unsigned long)length);
}

/* Formats a loaded value (or the first bytes of one) into d->text with
 * dcmdump's brackets and ellipsis.  Returns the text length. */
static size_t
format_short(struct dump *d, const char *vr, bool be, const uint8_t *v, size_t n, bool more,
             const char *map)
{
	bool text = dcb_vr_is_text(vr), cut = false;
	size_t limit = d->print_all ? 0 : (text ? d->max_value + 2 : d->max_value);
	size_t len = 0;

	if (map != NULL) {
		snprintf(d->text, d->text_size, "=%s", map);
		return strlen(d->text);
	}
	if (text)
		d->text[len++] = '[';
	len += dcb_value_format(vr, be, v, n, limit, d->fmt_flags, d->text + len,
	                        d->text_size - len - 4, &cut);
	if (cut || more) {
		memcpy(d->text + len, "...", 4);
		len += 3;
	} else if (text) {
		memcpy(d->text + len, "]", 2);
		len += 1;
	}
	return len;
}

/* Prints a value too big to be loaded, in full, chunk by chunk. */
static int
print_streamed(struct dump *d, struct dcb_reader *r, const struct dcb_element *el, unsigned level,
               const char *vr, struct dcb_error *err)
{
	uint32_t left = el->length;
	bool text = dcb_vr_is_text(vr), first = true;
	char len[16];

	printf("%*s(%04x,%04x) %s %s", (int)(level * 2), "", DCB_TAG_GROUP(el->tag),
	       DCB_TAG_ELEMENT(el->tag), vr, text ? "[" : "");
	while (left > 0) {
		size_t want = left < CHUNK ? left : CHUNK;
		long got = dcb_reader_read_value(r, d->chunk, want, err);
		unsigned flags = d->fmt_flags;

		if (got <= 0) {
			putchar('\n');
			return got < 0 ? (int)got
			               : dcb_error_set(
			                     err, DCB_ERR_TRUNCATED, el->offset,
			                     N_("the value of element (%04X,%04X) ends early"),
			                     DCB_TAG_GROUP(el->tag), DCB_TAG_ELEMENT(el->tag));
		}
		left -= (uint32_t)got;
		if (left > 0)
			flags |= DCB_FMT_KEEP_PADDING;
		if (!first && !text)
			putchar('\\');
		dcb_value_format(vr, el->big_endian, d->chunk, (size_t)got, 0, flags, d->text,
		                 d->text_size, NULL);
		fputs(d->text, stdout);
		first = false;
	}
	length_text(len, el->length);
	printf("%s # %3s,%2u %s\n", text ? "]" : "", len,
	       text                                  ? 1u
	       : dcb_vr_unit(vr) > 1 && vr[0] != 'O' ? el->length / dcb_vr_unit(vr)
	                                             : 1u,
	       el->kind == DCB_EL_FRAGMENT ? "Item" : keyword_of(el->tag));
	return 0;
}

static int
print_value(struct dump *d, struct dcb_reader *r, const struct dcb_element *el, unsigned level,
            const char *vr, const char *keyword, struct dcb_error *err)
{
	char len[16];
	const uint8_t *v = el->value;
	size_t n = el->value_len, tlen;
	unsigned vm;
	const char *map = NULL;

	length_text(len, el->length);
	if (el->length == 0) {
		print_line(level, el->tag, vr, "(no value available)", 20, len, 0, keyword);
		return 0;
	}
	if (v == NULL && d->print_all)
		return print_streamed(d, r, el, level, vr, err);
	if (v == NULL) {
		long got = dcb_reader_read_value(r, d->chunk, PEEK, err);

		if (got < 0)
			return (int)got;
		v = d->chunk;
		n = (size_t)got;
		n -= dcb_vr_unit(vr) > 1 ? n % dcb_vr_unit(vr) : 0;
		vm = dcb_vr_is_text(vr) || vr[0] == 'O' || strcmp(vr, "UN") == 0
		         ? 1u
		         : el->length / dcb_vr_unit(vr);
	} else {
		vm = dcb_value_vm(vr, v, n);
		if (d->map_uids && strcmp(vr, "UI") == 0) {
			char uid[DCB_UID_MAX + 1];
			size_t k = n;
			const struct dcb_uid_entry *u;

			while (k > 0 && (v[k - 1] == '\0' || v[k - 1] == ' '))
				k--;
			if (k <= DCB_UID_MAX) {
				memcpy(uid, v, k);
				uid[k] = '\0';
				u = dcb_uid_lookup(uid);
				if (u != NULL)
					map = u->keyword;
			}
		}
	}
	tlen = format_short(d, vr, el->big_endian, v, n, el->value == NULL, map);
	print_line(level, el->tag, vr, d->text, tlen, len, vm, keyword);
	return 0;
}

static int
print_element(struct dump *d, struct dcb_reader *r, const struct dcb_element *el,
              struct dcb_error *err)
{
	char len[16];
	const char *what;

	length_text(len, el->length);
	switch (el->kind) {
	case DCB_EL_VALUE:
		return print_value(d, r, el, el->depth * 2, el->vr[0] != '\0' ? el->vr : "??",
		                   keyword_of(el->tag), err);
	case DCB_EL_SEQ_START:
		what = el->length == DCB_UNDEFINED_LENGTH ? _("(Sequence with undefined length)")
		                                          : _("(Sequence with explicit length)");
		print_line(el->depth * 2, el->tag, "SQ", what, strlen(what), len, 1,
		           keyword_of(el->tag));
		break;
	case DCB_EL_ITEM_START:
		what = el->length == DCB_UNDEFINED_LENGTH ? _("(Item with undefined length)")
		                                          : _("(Item with explicit length)");
		print_line(el->depth * 2 - 1, el->tag, "na", what, strlen(what), len, 1, "Item");
		break;
	case DCB_EL_ITEM_END:
		what = el->offset >= 0 ? "(ItemDelimitationItem)"
		                       : "(ItemDelimitationItem for re-encoding)";
		print_line(el->depth * 2 - 1, el->tag, "na", what, strlen(what), "0", 0,
		           "ItemDelimitationItem");
		break;
	case DCB_EL_SEQ_END:
	case DCB_EL_PIXEL_END:
		what = el->offset >= 0 ? "(SequenceDelimitationItem)"
		                       : "(SequenceDelimitationItem for re-encod.)";
		print_line(el->depth * 2, el->tag, "na", what, strlen(what), "0", 0,
		           "SequenceDelimitationItem");
		break;
	case DCB_EL_PIXEL_START:
		/* dcmdump calls encapsulated pixel data OB whatever the file says */
		what = "(PixelSequence)";
		print_line(el->depth * 2, el->tag, "OB", what, strlen(what), len, 1,
		           keyword_of(el->tag));
		break;
	case DCB_EL_FRAGMENT:
		return print_value(d, r, el, el->depth * 2 - 1, "pi", "Item", err);
	}
	return 0;
}

static const char *
data_set_ts(const struct dcb_meta *m)
{
	static const char *names[] = {
	    [DCB_TS_IMPLICIT_LE] = "1.2.840.10008.1.2",
	    [DCB_TS_EXPLICIT_LE] = "1.2.840.10008.1.2.1",
	    [DCB_TS_EXPLICIT_BE] = "1.2.840.10008.1.2.2",
	    [DCB_TS_DEFLATED_LE] = "1.2.840.10008.1.2.1.99",
	};

	if (!m->ts_detected)
		return dcb_ts_short_name(m->transfer_syntax_uid);
	return dcb_ts_short_name(names[m->ts]);
}

static void
report(const char *path, const struct dcb_error *err)
{
	fflush(stdout);
	if (err->offset >= 0)
		fprintf(stderr, "%s: %s:%lld: %s\n", PACKAGE, path, (long long)err->offset,
		        err->message);
	else
		fprintf(stderr, "%s: %s: %s\n", PACKAGE, path, err->message);
}

/* Dumps one file.  Returns 0, or 1 after reporting an error. */
static int
dump_file(struct dump *d, const char *path)
{
	struct dcb_error err = {0, -1, ""};
	struct dcb_reader *r = dcb_reader_open(path, NULL, &err);
	const struct dcb_meta *m;
	struct dcb_element el;
	bool in_data = false;
	int rc;

	if (r == NULL) {
		report(path, &err);
		return 1;
	}
	m = dcb_reader_meta(r);
	if (m->has_meta) {
		/* dcmdump's headings, kept verbatim so that tools can find them */
		printf("\n# Dicom-File-Format\n\n# Dicom-Meta-Information-Header\n");
		printf("# Used TransferSyntax: %s\n", dcb_ts_short_name("1.2.840.10008.1.2.1"));
	}
	while ((rc = dcb_reader_next(r, &el, &err)) > 0) {
		if (!in_data && (el.depth > 0 || DCB_TAG_GROUP(el.tag) != 0x0002 ||
		                 el.offset >= m->dataset_offset)) {
			printf("\n# Dicom-Data-Set\n# Used TransferSyntax: %s\n", data_set_ts(m));
			in_data = true;
		}
		rc = print_element(d, r, &el, &err);
		if (rc < 0)
			break;
	}
	if (rc == 0 && !in_data)
		printf("\n# Dicom-Data-Set\n# Used TransferSyntax: %s\n", data_set_ts(m));
	dcb_reader_free(r);
	if (rc < 0) {
		report(path, &err);
		return 1;
	}
	return 0;
}

int
cmd_dump(int argc, char **argv)
{
	struct dump d = {.max_value = 64, .map_uids = true};
	int first_file = argc, status = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			first_file = i + 1;
			break;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "+L") == 0 || strcmp(a, "--print-all") == 0) {
			d.print_all = true;
		} else if (strcmp(a, "-L") == 0 || strcmp(a, "--print-short") == 0) {
			d.print_all = false;
		} else if (strcmp(a, "+Un") == 0 || strcmp(a, "--map-uid-names") == 0) {
			d.map_uids = true;
		} else if (strcmp(a, "-Un") == 0 || strcmp(a, "--no-uid-names") == 0) {
			d.map_uids = false;
		} else if (strcmp(a, "+Qo") == 0 || strcmp(a, "--quote-as-octal") == 0) {
			d.fmt_flags |= DCB_FMT_QUOTE_NONASCII;
		} else if (strcmp(a, "--max-value") == 0) {
			char *end;
			unsigned long v;

			if (i + 1 >= argc) {
				fprintf(stderr, _("%s dump: --max-value needs a number\n"),
				        PACKAGE);
				return 2;
			}
			errno = 0;
			v = strtoul(argv[++i], &end, 10);
			if (errno != 0 || *end != '\0' || v < 1 || v > 1000000) {
				fprintf(stderr,
				        _("%s dump: --max-value takes a number from 1 to 1000000, "
				          "not '%s'\n"),
				        PACKAGE, argv[i]);
				return 2;
			}
			d.max_value = v;
		} else if ((a[0] == '-' || a[0] == '+') && a[1] != '\0') {
			fprintf(stderr, _("%s dump: unknown option '%s' (see '%s dump --help')\n"),
			        PACKAGE, a, PACKAGE);
			return 2;
		} else {
			first_file = i;
			break;
		}
	}
	if (first_file >= argc) {
		fprintf(stderr, _("%s dump: no file given (see '%s dump --help')\n"), PACKAGE,
		        PACKAGE);
		return 2;
	}
	d.text_size = 4 * (size_t)CHUNK + 4 * d.max_value + 64;
	d.text = malloc(d.text_size);
	d.chunk = malloc(CHUNK);
	if (d.text == NULL || d.chunk == NULL) {
		fprintf(stderr, _("%s dump: out of memory\n"), PACKAGE);
		free(d.text);
		free(d.chunk);
		return 1;
	}
	for (int i = first_file; i < argc; i++)
		if (dump_file(&d, argv[i]) != 0)
			status = 1;
	free(d.text);
	free(d.chunk);
	fflush(stdout);
	return status;
}
