/* dset-text.c — a data set held in memory, printed as dcmtk prints one. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dataset-format.h"
#include "dict.h"
#include "dset-text.h"
#include "dset.h"

#define VALUE_COLUMN 40 /* the value is padded to this width */
#define MAX_VALUE 64    /* longer values are shortened with "..." */

struct printer {
	dcb_dset_line_fn fn;
	void *user;
};

static const char *
keyword_of(uint32_t tag)
{
	const struct dcb_dict_entry *d = dcb_dict_lookup(tag);

	return d != NULL ? d->keyword : "Unknown Tag & Data";
}

static void
emit(struct printer *p, unsigned indent, uint32_t tag, const char *vr, const char *value,
     unsigned long length, unsigned vm, const char *keyword)
{
	char line[512];
	size_t vlen = strlen(value);

	snprintf(line, sizeof line, "%*s(%04x,%04x) %s %s%*s # %3lu,%2u %s", (int)indent, "",
	         DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag), vr, value,
	         vlen < VALUE_COLUMN ? (int)(VALUE_COLUMN - vlen) : 0, "", length, vm, keyword);
	p->fn(p->user, line);
}

/* A value as dcmtk shows it: [text] or numbers, =Name for a known UID. */
static void
format_value(const struct dcb_dset_elem *el, char *out, size_t size)
{
	bool text = dcb_vr_is_text(el->vr), cut = false;
	size_t n = el->len, len = 0;

	if (strcmp(el->vr, "UI") == 0) {
		char uid[80];
		while (n > 0 && (el->value[n - 1] == '\0' || el->value[n - 1] == ' '))
			n--;
		if (n < sizeof uid) {
			const struct dcb_uid_entry *u;
			memcpy(uid, el->value, n);
			uid[n] = '\0';
			u = dcb_uid_lookup(uid);
			if (u != NULL) {
				snprintf(out, size, "=%s", u->keyword);
				return;
			}
		}
		n = el->len;
		while (n > 0 && el->value[n - 1] == '\0')
			n--;
	}
	if (text)
		out[len++] = '[';
	len += dcb_value_format(el->vr, false, el->value, n, text ? MAX_VALUE + 2 : MAX_VALUE,
	                        DCB_FMT_KEEP_PADDING, out + len, size - len - 4, &cut);
	snprintf(out + len, size - len, "%s", cut ? "..." : text ? "]" : "");
}

static unsigned long
item_length(const struct dcb_dset *item)
{
	ssize_t n = dcb_dset_encoded_size(item, DCB_DSET_EXPLICIT_LE, NULL);

	return n > 0 ? (unsigned long)n : 0;
}

static void print_level(struct printer *p, const struct dcb_dset *ds, unsigned indent);

static void
print_sequence(struct printer *p, const struct dcb_dset_elem *el, unsigned indent)
{
	unsigned long total = 0;
	char what[64];

	for (uint32_t i = 0; i < el->n_items; i++)
		total += 8 + item_length(el->items[i]);
	snprintf(what, sizeof what, "(Sequence with explicit length #=%u)", el->n_items);
	emit(p, indent, el->tag, "SQ", what, total, 1, keyword_of(el->tag));
	for (uint32_t i = 0; i < el->n_items; i++) {
		snprintf(what, sizeof what, "(Item with explicit length #=%zu)",
		         dcb_dset_count(el->items[i]));
		emit(p, indent + 2, DCB_TAG(0xfffe, 0xe000), "na", what, item_length(el->items[i]),
		     1, "Item");
		print_level(p, el->items[i], indent + 4);
		emit(p, indent + 2, DCB_TAG(0xfffe, 0xe00d), "na",
		     "(ItemDelimitationItem for re-encoding)", 0, 0, "ItemDelimitationItem");
	}
	emit(p, indent, DCB_TAG(0xfffe, 0xe0dd), "na", "(SequenceDelimitationItem for re-encod.)",
	     0, 0, "SequenceDelimitationItem");
}

static void
print_level(struct printer *p, const struct dcb_dset *ds, unsigned indent)
{
	char value[256];

	for (size_t i = 0; i < dcb_dset_count(ds); i++) {
		const struct dcb_dset_elem *el = dcb_dset_nth(ds, i);
		if (strcmp(el->vr, "SQ") == 0) {
			print_sequence(p, el, indent);
			continue;
		}
		if (el->len == 0) {
			emit(p, indent, el->tag, el->vr, "(no value available)", 0, 0,
			     keyword_of(el->tag));
			continue;
		}
		format_value(el, value, sizeof value);
		emit(p, indent, el->tag, el->vr, value, (unsigned long)(el->len + (el->len & 1)),
		     dcb_value_vm(el->vr, el->value, el->len), keyword_of(el->tag));
	}
}

void
dcb_dset_print(const struct dcb_dset *ds, dcb_dset_line_fn fn, void *user)
{
	struct printer p = {.fn = fn, .user = user};

	print_level(&p, ds, 0);
}
