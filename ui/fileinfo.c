/* fileinfo.c — what the browser and the detail view show about a file:
 * metadata, findings and the element dump, from the core's Part 10 reader
 * and dictionary. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../src/conform.h"
#include "../src/dict.h"
#include "../src/findings.h"
#include "../src/i18n.h"
#include "../src/part10.h"
#include "backend.h"
#include "colors.h"
#include "dump.h"

#define TAG_MODALITY 0x00080060u
#define TAG_SOP_CLASS 0x00080016u
#define TAG_SOP_INSTANCE 0x00080018u
#define TAG_PATIENT_NAME 0x00100010u

static bool
valid_utf8(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = p[i], len = c < 0x80         ? 1
		                         : (c >> 5) == 6  ? 2
		                         : (c >> 4) == 14 ? 3
		                         : (c >> 3) == 30 ? 4
		                                          : 0;
		if (len == 0 || i + len > n)
			return false;
		for (unsigned k = 1; k < len; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

/* Whether the file starts like DICOM: a preamble and DICM, or a tag of
 * group 0002 or 0008 without one. */
static bool
looks_dicom(const char *path)
{
	uint8_t h[132];
	FILE *f = fopen(path, "rb");
	size_t n = f != NULL ? fread(h, 1, sizeof h, f) : 0;

	if (f != NULL)
		fclose(f);
	if (n == sizeof h && memcmp(h + 128, "DICM", 4) == 0)
		return true;
	return n >= 4 && ((h[0] == 0x02 || h[0] == 0x08) && h[1] == 0x00);
}

/* A string value without padding, printable. */
static void
str_value(const struct dcb_element *el, char *out, size_t size)
{
	size_t n = 0;

	if (el->value == NULL) {
		snprintf(out, size, "(%u bytes)", el->length);
		return;
	}
	size_t len = el->value_len;
	/* Padding (a space, or a NUL after a UI) is not part of the value. */
	while (len > 0 && (el->value[len - 1] == ' ' || el->value[len - 1] == '\0'))
		len--;
	bool utf8 = valid_utf8(el->value, len);
	for (size_t i = 0; i < len && n + 2 < size; i++) {
		unsigned char c = el->value[i];
		if (c >= 0x80 && !utf8) {
			/* Not UTF-8: most likely ISO_IR 100 (Latin-1). */
			out[n++] = (char)(0xc0 | (c >> 6));
			out[n++] = (char)(0x80 | (c & 0x3f));
			continue;
		}
		out[n++] = (c < 0x20 && c != '\t') || c == 0x7f ? '.' : (char)c;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\0'))
		n--;
	out[n] = '\0';
}

struct counter {
	int n;
	void (*fn)(const struct dcb_finding *f, void *user);
	void *user;
};

static void
counted(const struct dcb_finding *f, void *user)
{
	struct counter *c = user;

	c->n++;
	if (c->fn != NULL)
		c->fn(f, c->user);
}

/* Turns a reader error into a finding, so a broken file shows why. */
static void
read_finding(const struct dcb_error *err, struct dcb_finding *f)
{
	memset(f, 0, sizeof *f);
	snprintf(f->code, sizeof f->code, "READ");
	f->severity = DCB_SEV_ERROR;
	f->offset = err->offset;
	if (err->offset >= 0)
		snprintf(f->where, sizeof f->where, _("offset %lld"), (long long)err->offset);
	snprintf(f->message, sizeof f->message, "%.255s", err->message);
}

/* Reads the whole file once: metadata into info (may be NULL), every
 * finding of the conformance checker to fn (may be NULL).  Returns the
 * number of findings, or -1 when the file is not DICOM at all. */
static int
read_all(const char *path, struct ui_file_info *info,
         void (*fn)(const struct dcb_finding *f, void *user), void *user)
{
	struct dcb_reader_options opts = {.value_limit = 4096};
	struct dcb_error err;
	struct dcb_element el;
	struct dcb_finding f;
	struct counter cnt = {0, fn, user};
	struct dcb_reader *r;
	struct dcb_checker *c;
	uint8_t head[132];
	size_t nhead = 0;
	int rc;

	if (!looks_dicom(path))
		return -1; /* not DICOM at all: nothing to find */
	FILE *fh = fopen(path, "rb");
	if (fh != NULL) {
		nhead = fread(head, 1, sizeof head, fh);
		fclose(fh);
	}
	r = dcb_reader_open(path, &opts, &err);
	if (r == NULL) {
		read_finding(&err, &f);
		counted(&f, &cnt);
		return cnt.n;
	}
	c = dcb_checker_new(counted, &cnt);
	if (c == NULL)
		abort();
	dcb_checker_head(c, head, nhead);
	const struct dcb_meta *meta = dcb_reader_meta(r);
	dcb_checker_meta(c, meta);
	if (info != NULL) {
		info->dicom = true;
		if (meta->transfer_syntax_uid[0] != '\0')
			snprintf(info->transfer_syntax, sizeof info->transfer_syntax, "%s",
			         ui_uid_short(meta->transfer_syntax_uid));
		if (meta->media_sop_class_uid[0] != '\0')
			snprintf(info->sop_class, sizeof info->sop_class, "%s",
			         ui_uid_short(meta->media_sop_class_uid));
	}
	while ((rc = dcb_reader_next(r, &el, &err)) > 0) {
		dcb_checker_element(c, &el);
		if (info == NULL || el.depth != 0 || el.kind != DCB_EL_VALUE)
			continue;
		char v[80];
		switch (el.tag) {
		case TAG_MODALITY:
			str_value(&el, info->modality, sizeof info->modality);
			break;
		case TAG_PATIENT_NAME:
			str_value(&el, info->patient, sizeof info->patient);
			break;
		case TAG_SOP_CLASS:
			if (info->sop_class[0] == '\0') {
				str_value(&el, v, sizeof v);
				snprintf(info->sop_class, sizeof info->sop_class, "%s",
				         ui_uid_short(v));
			}
			break;
		case TAG_SOP_INSTANCE:
			str_value(&el, info->sop_instance, sizeof info->sop_instance);
			break;
		default:
			break;
		}
	}
	if (rc < 0) {
		read_finding(&err, &f);
		counted(&f, &cnt);
	} else {
		dcb_checker_end(c);
	}
	dcb_checker_free(c);
	dcb_reader_free(r);
	return cnt.n;
}

static void
count(const struct dcb_finding *f, void *user)
{
	struct ui_file_info *info = user;

	if (f->severity == DCB_SEV_ERROR)
		info->errors++;
}

int
ui_backend_describe(const char *path, struct ui_file_info *info)
{
	struct stat st;

	memset(info, 0, sizeof *info);
	if (stat(path, &st) < 0)
		return -1;
	info->size = (uint64_t)st.st_size;
	info->findings = read_all(path, info, count, info);
	if (info->findings < 0)
		info->findings = 0;
	return 0;
}

int
ui_backend_check(const char *path, void (*fn)(const struct dcb_finding *f, void *user), void *user)
{
	return read_all(path, NULL, fn, user);
}

/* ---- dump ---------------------------------------------------------------- */

static bool
is_text_vr(const char *vr)
{
	static const char *const text[] = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT",
	                                   "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (strcmp(vr, text[i]) == 0)
			return true;
	return false;
}

static uint32_t
get(const uint8_t *p, unsigned n, bool be)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint32_t)p[be ? n - 1 - i : i] << (8 * (be ? i : i));
	return v;
}

static void
format_value(const struct dcb_element *el, char *out, size_t size)
{
	size_t pos = 0;

	if (el->value == NULL) {
		snprintf(out, size, _("(%u bytes)"), el->length);
		return;
	}
	if (is_text_vr(el->vr)) {
		char v[200];
		str_value(el, v, sizeof v);
		snprintf(out, size, "[%s]", v);
		return;
	}
	unsigned w = strcmp(el->vr, "US") == 0 || strcmp(el->vr, "SS") == 0   ? 2
	             : strcmp(el->vr, "UL") == 0 || strcmp(el->vr, "SL") == 0 ? 4
	                                                                      : 0;
	if (strcmp(el->vr, "AT") == 0)
		w = 4;
	if (w == 0) {
		snprintf(out, size, _("(%u bytes)"), el->length);
		return;
	}
	out[0] = '\0';
	for (size_t i = 0; i + w <= el->value_len && i < 8 * w && pos + 16 < size; i += w) {
		uint32_t v = get(el->value + i, w, el->big_endian);
		if (strcmp(el->vr, "AT") == 0)
			pos += (size_t)snprintf(out + pos, size - pos, "%s(%04x,%04x)",
			                        i ? "\\" : "", v >> 16, v & 0xffff);
		else if (el->vr[0] == 'S')
			pos += (size_t)snprintf(out + pos, size - pos, "%s%d", i ? "\\" : "",
			                        w == 2 ? (int)(int16_t)v : (int)(int32_t)v);
		else
			pos += (size_t)snprintf(out + pos, size - pos, "%s%u", i ? "\\" : "", v);
	}
	if (el->value_len > 8 * w && pos + 4 < size)
		snprintf(out + pos, size - pos, "\\…");
}

void
ui_dump_file(const char *path, struct ui_dialog *d)
{
	struct dcb_reader_options opts = {.value_limit = 1024};
	struct dcb_error err;
	struct dcb_element el;
	struct dcb_reader *r = dcb_reader_open(path, &opts, &err);
	int rc, lines = 0;

	if (r == NULL) {
		ui_dialog_text_add(d, UI_ROLE_ERROR, "%s", err.message);
		return;
	}
	while ((rc = dcb_reader_next(r, &el, &err)) > 0 && lines < 5000) {
		char value[400];
		const struct dcb_dict_entry *de = dcb_dict_lookup(el.tag);
		const char *name = de != NULL ? de->keyword : "";
		int indent = (int)el.depth * 2;
		lines++;
		switch (el.kind) {
		case DCB_EL_VALUE:
			format_value(&el, value, sizeof value);
			ui_dialog_text_add(d, 0, "%*s(%04x,%04x) %-2s %-28s %s", indent, "",
			                   el.tag >> 16, el.tag & 0xffff, el.vr, name, value);
			break;
		case DCB_EL_SEQ_START:
			ui_dialog_text_add(d, 0, "%*s(%04x,%04x) SQ %s", indent, "", el.tag >> 16,
			                   el.tag & 0xffff, name);
			break;
		case DCB_EL_ITEM_START:
			ui_dialog_text_add(d, UI_ROLE_MUTED, "%*s  %s", indent, "", _("item"));
			break;
		case DCB_EL_PIXEL_START:
			ui_dialog_text_add(d, 0, "%*s(7fe0,0010) %s", indent, "",
			                   _("encapsulated pixel data"));
			break;
		case DCB_EL_FRAGMENT:
			ui_dialog_text_add(d, UI_ROLE_MUTED, "%*s  %s (%u bytes)", indent, "",
			                   _("fragment"), el.length);
			break;
		default:
			lines--;
			break;
		}
	}
	if (rc < 0)
		ui_dialog_text_add(d, UI_ROLE_ERROR, "✗ %s", err.message);
	else if (rc > 0)
		ui_dialog_text_add(d, UI_ROLE_MUTED, "%s",
		                   _("… (the dump stops after 5000 elements)"));
	dcb_reader_free(r);
}

void
ui_explain(const char *code, struct ui_dialog *d)
{
	const struct dcb_finding_def *def = dcb_finding_parse(code);

	if (def != NULL) {
		char text[4096];
		snprintf(text, sizeof text, "%s", dcb_finding_explanation(def));
		ui_dialog_text_add(d, UI_ROLE_HEADER, "%s", dcb_finding_title(def));
		/* Wrap the explanation at about 72 columns. */
		char *p = text;
		while (*p != '\0') {
			size_t n = strlen(p);
			if (n > 72) {
				size_t cut = 72;
				while (cut > 20 && p[cut] != ' ')
					cut--;
				if (p[cut] == ' ') {
					p[cut] = '\0';
					ui_dialog_text_add(d, 0, "%s", p);
					p += cut + 1;
					continue;
				}
			}
			ui_dialog_text_add(d, 0, "%s", p);
			break;
		}
		if (def->reference != NULL && def->reference[0] != '\0')
			ui_dialog_text_add(d, UI_ROLE_MUTED, _("See %s."), def->reference);
		return;
	}
	if (strcmp(code, "READ") == 0) {
		ui_dialog_text_add(d, 0, "%s",
		                   _("The file cannot be read as DICOM: the message says where the "
		                     "bytes stop making sense."));
		return;
	}
	ui_dialog_text_add(d, 0, _("See 'dicombench check --explain %s'."), code);
}
