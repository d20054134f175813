/* test-conform.c — the checker over element streams built here: a clean
 * CT object gives no finding, and each file, element, character set and
 * object level check is triggered by one change to it. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../src/conform.h"
#include "../src/dict.h"
#include "../src/findings.h"

#define CT_UID "1.2.840.10008.5.1.4.1.1.2"
#define AUTO_LENGTH ((size_t)-1)

/* One element: value is a C string unless len says otherwise.  The
 * kind field lets a list open and close sequences and items. */
struct ent {
	uint32_t tag;
	const char *vr;
	const char *value;
	size_t len;
	enum dcb_el_kind kind;
};

#define V(g, e, vr, value)                                                                         \
	{                                                                                          \
		DCB_TAG(0x##g, 0x##e), vr, value, AUTO_LENGTH, DCB_EL_VALUE                        \
	}
#define VB(g, e, vr, value, n)                                                                     \
	{                                                                                          \
		DCB_TAG(0x##g, 0x##e), vr, value, n, DCB_EL_VALUE                                  \
	}

static const struct ent ct[] = {
    VB(0002, 0000, "UL", NULL, 0), /* computed; len is added to it */
    VB(0002, 0001, "OB", "\0\1", 2),
    VB(0002, 0002, "UI", CT_UID, 26),
    VB(0002, 0003, "UI", "2.25.1234", 10),
    VB(0002, 0010, "UI", "1.2.840.10008.1.2.1", 20),
    VB(0002, 0012, "UI", "2.25.99", 8),
    V(0008, 0005, "CS", "ISO_IR 100"),
    V(0008, 0008, "CS", "ORIGINAL\\PRIMARY\\AXIAL"),
    VB(0008, 0016, "UI", CT_UID, 26),
    VB(0008, 0018, "UI", "2.25.1234", 10),
    V(0008, 0020, "DA", "20240101"),
    V(0008, 0030, "TM", "120000"),
    V(0008, 0050, "SH", ""),
    V(0008, 0060, "CS", "CT"),
    V(0008, 0070, "LO", "ACME"),
    V(0008, 0090, "PN", ""),
    V(0010, 0010, "PN", "Doe^John"),
    V(0010, 0020, "LO", "P1"),
    V(0010, 0030, "DA", ""),
    V(0010, 0040, "CS", "O "),
    V(0018, 0050, "DS", "1 "),
    V(0018, 0060, "DS", "120 "),
    V(0020, 000D, "UI", "2.25.5"),
    V(0020, 000E, "UI", "2.25.6"),
    V(0020, 0010, "SH", "S1"),
    V(0020, 0011, "IS", "1 "),
    V(0020, 0012, "IS", "1 "),
    V(0020, 0013, "IS", "1 "),
    V(0020, 0032, "DS", "0\\0\\0 "),
    V(0020, 0037, "DS", "1\\0\\0\\0\\1\\0 "),
    V(0020, 0052, "UI", "2.25.7"),
    V(0020, 1040, "LO", ""),
    VB(0028, 0002, "US", "\1\0", 2),
    V(0028, 0004, "CS", "MONOCHROME2 "),
    VB(0028, 0010, "US", "\2\0", 2),
    VB(0028, 0011, "US", "\2\0", 2),
    V(0028, 0030, "DS", "0.5\\0.5 "),
    VB(0028, 0100, "US", "\x10\0", 2),
    VB(0028, 0101, "US", "\x0c\0", 2),
    VB(0028, 0102, "US", "\x0b\0", 2),
    VB(0028, 0103, "US", "\0\0", 2),
    V(0028, 1052, "DS", "-1024 "),
    V(0028, 1053, "DS", "1 "),
    VB(7FE0, 0010, "OW", "\0\0\0\0\0\0\0\0", 8),
};

#define MAX_ENTS 80

/* A test's object: a copy of ct it may change, and its meta header. */
struct obj {
	struct ent e[MAX_ENTS];
	size_t n;
	struct dcb_meta meta;
	bool no_meta_call;
};

struct seen {
	struct dcb_finding f[128];
	unsigned n;
};

static void
collect(const struct dcb_finding *f, void *user)
{
	struct seen *s = user;

	if (s->n < 128)
		s->f[s->n++] = *f;
}

static void
obj_init(struct obj *o)
{
	memset(o, 0, sizeof *o);
	memcpy(o->e, ct, sizeof ct);
	o->n = sizeof ct / sizeof ct[0];
	o->meta.has_preamble = true;
	o->meta.has_meta = true;
	o->meta.meta_offset = 132;
	o->meta.meta_group_length = 0; /* filled by run() */
	strcpy(o->meta.media_sop_class_uid, CT_UID);
	strcpy(o->meta.media_sop_instance_uid, "2.25.1234");
	strcpy(o->meta.transfer_syntax_uid, "1.2.840.10008.1.2.1");
	strcpy(o->meta.impl_class_uid, "2.25.99");
	o->meta.ts = DCB_TS_EXPLICIT_LE;
}

static struct ent *
find(struct obj *o, uint32_t tag)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->e[i].tag == tag && o->e[i].kind == DCB_EL_VALUE)
			return &o->e[i];
	fail_msg("tag %08x not in the object", tag);
	return &o->e[0];
}

static void
drop(struct obj *o, uint32_t tag)
{
	struct ent *e = find(o, tag);
	size_t i = (size_t)(e - o->e);

	memmove(&o->e[i], &o->e[i + 1], (o->n - i - 1) * sizeof o->e[0]);
	o->n--;
}

static void
set(struct obj *o, uint32_t tag, const char *vr, const char *value, size_t len)
{
	struct ent *e = find(o, tag);

	e->vr = vr;
	e->value = value;
	e->len = len;
}

/* Inserts e before the first element with a larger tag at the top level
 * (or at index at, when at is not (size_t)-1). */
static void
insert_at(struct obj *o, size_t at, struct ent e)
{
	assert_true(o->n < MAX_ENTS);
	if (at == (size_t)-1)
		for (at = 0; at < o->n && o->e[at].tag < e.tag; at++)
			;
	memmove(&o->e[at + 1], &o->e[at], (o->n - at) * sizeof o->e[0]);
	o->e[at] = e;
	o->n++;
}

static void
insert(struct obj *o, struct ent e)
{
	insert_at(o, (size_t)-1, e);
}

static size_t
value_len(const struct ent *e)
{
	if (e->len != AUTO_LENGTH)
		return e->value == NULL ? 4 : e->len;
	return strlen(e->value);
}

static unsigned
header_len(const char *vr)
{
	static const char *const long_vrs[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
	                                       "UC", "UN", "UR", "UT", "SV", "UV"};
	for (size_t i = 0; i < sizeof long_vrs / sizeof long_vrs[0]; i++)
		if (strcmp(vr, long_vrs[i]) == 0)
			return 12;
	return 8;
}

/* Feeds the object to a checker as a reader would and collects findings. */
static void
run(struct obj *o, struct seen *s)
{
	struct dcb_checker *c = dcb_checker_new(collect, s);
	uint8_t gl[4];
	uint32_t path[8], items[8];
	unsigned depth = 0;
	int64_t pos = 132;
	int64_t gl_len = 0;
	bool gl_auto = false;

	assert_non_null(c);
	memset(s, 0, sizeof *s);
	/* the meta group length: the bytes of group 0002 after (0002,0000) */
	for (size_t i = 0; i < o->n && DCB_TAG_GROUP(o->e[i].tag) == 2; i++)
		if (o->e[i].tag != DCB_TAG(2, 0))
			gl_len += header_len(o->e[i].vr) + (int64_t)value_len(&o->e[i]);
	for (size_t i = 0; i < o->n; i++) {
		if (o->e[i].tag == DCB_TAG(2, 0) && o->e[i].value == NULL) {
			gl_auto = true;
			gl_len += (int64_t)o->e[i].len;
		}
	}
	o->meta.meta_group_length = gl_auto ? gl_len : -1;
	gl[0] = (uint8_t)gl_len;
	gl[1] = (uint8_t)(gl_len >> 8);
	gl[2] = (uint8_t)(gl_len >> 16);
	gl[3] = (uint8_t)(gl_len >> 24);

	if (!o->no_meta_call)
		dcb_checker_meta(c, &o->meta);
	for (size_t i = 0; i < o->n; i++) {
		const struct ent *e = &o->e[i];
		struct dcb_element el;

		memset(&el, 0, sizeof el);
		el.kind = e->kind;
		el.tag = e->tag;
		el.offset = pos;
		el.depth = depth;
		el.path = path;
		el.item_index = items;
		switch (e->kind) {
		case DCB_EL_VALUE:
			snprintf(el.vr, sizeof el.vr, "%s", e->vr);
			el.vr_explicit = true;
			el.length = (uint32_t)value_len(e);
			el.value_offset = pos + header_len(e->vr);
			el.value = e->value != NULL ? (const uint8_t *)e->value : gl;
			el.value_len = el.length;
			pos = el.value_offset + el.length;
			break;
		case DCB_EL_SEQ_START:
			strcpy(el.vr, "SQ");
			el.vr_explicit = true;
			el.length = DCB_UNDEFINED_LENGTH;
			el.value_offset = pos + 12;
			pos += 12;
			path[depth] = e->tag;
			items[depth] = 0;
			break;
		case DCB_EL_ITEM_START:
			items[depth]++;
			depth++;
			el.length = DCB_UNDEFINED_LENGTH;
			pos += 8;
			break;
		case DCB_EL_ITEM_END:
			depth--;
			pos += 8;
			break;
		case DCB_EL_SEQ_END:
			pos += 8;
			break;
		default:
			break;
		}
		dcb_checker_element(c, &el);
	}
	dcb_checker_end(c);
	dcb_checker_free(c);
}

static unsigned
count_code(const struct seen *s, enum dcb_code code)
{
	char want[8];
	unsigned n = 0;

	dcb_finding_code_str(code, want);
	for (unsigned i = 0; i < s->n; i++)
		if (strcmp(s->f[i].code, want) == 0)
			n++;
	return n;
}

static const struct dcb_finding *
first(const struct seen *s, enum dcb_code code)
{
	static const struct dcb_finding none = {"none", DCB_SEV_INFO, -2, 0, "", ""};
	char want[8];

	dcb_finding_code_str(code, want);
	for (unsigned i = 0; i < s->n; i++)
		if (strcmp(s->f[i].code, want) == 0)
			return &s->f[i];
	return &none;
}

static void
print_all(const struct seen *s)
{
	for (unsigned i = 0; i < s->n; i++)
		print_message("  %s %s %s\n", s->f[i].code, s->f[i].where, s->f[i].message);
}

/* Runs the clean object and the changed one: the clean one must not have
 * the code, the changed one must. */
#define EXPECT(o, code)                                                                            \
	do {                                                                                       \
		struct seen s_;                                                                    \
		run(o, &s_);                                                                       \
		if (count_code(&s_, code) == 0)                                                    \
			print_all(&s_);                                                            \
		assert_true(count_code(&s_, code) > 0);                                            \
	} while (0)

static void
clean_ct_has_no_findings(void **state)
{
	struct obj o;
	struct seen s;

	obj_init(&o);
	run(&o, &s);
	print_all(&s);
	assert_int_equal(s.n, 0);
}

static void
file_no_preamble(void **state)
{
	struct obj o;

	obj_init(&o);
	o.meta.has_preamble = false;
	EXPECT(&o, DCB_F_NO_PREAMBLE);
}

static void
file_head(void **state)
{
	uint8_t head[132];
	struct seen s;
	struct dcb_checker *c;

	memset(&s, 0, sizeof s);
	memset(head, 0, sizeof head);
	memcpy(head + 128, "DICM", 4);
	c = dcb_checker_new(collect, &s);
	dcb_checker_head(c, head, sizeof head);
	assert_int_equal(s.n, 0);
	dcb_checker_free(c);

	memcpy(head + 128, "DICN", 4);
	c = dcb_checker_new(collect, &s);
	dcb_checker_head(c, head, sizeof head);
	dcb_checker_free(c);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.f[0].code, "DCB002");
	assert_int_equal(s.f[0].offset, 128);

	/* text is neither a preamble nor an element: left to the reader */
	memset(head, 'x', sizeof head);
	s.n = 0;
	c = dcb_checker_new(collect, &s);
	dcb_checker_head(c, head, sizeof head);
	dcb_checker_free(c);
	assert_int_equal(s.n, 0);

	memset(head, 0, sizeof head);
	memcpy(head, "\x08\x00\x05\x00", 4);
	s.n = 0;
	c = dcb_checker_new(collect, &s);
	dcb_checker_head(c, head, sizeof head);
	/* a head was seen: the meta call does not repeat DCB001 */
	struct dcb_meta meta = {.has_preamble = false, .has_meta = false};
	dcb_checker_meta(c, &meta);
	dcb_checker_free(c);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.f[0].code, "DCB001");
	assert_string_equal(s.f[1].code, "DCB003");
}

static void
file_no_meta(void **state)
{
	struct obj o;

	obj_init(&o);
	for (int i = 0; i < 6; i++)
		drop(&o, o.e[0].tag);
	memset(&o.meta, 0, sizeof o.meta);
	o.meta.has_preamble = true;
	EXPECT(&o, DCB_F_NO_META);
}

static void
meta_length_missing(void **state)
{
	struct obj o;

	obj_init(&o);
	drop(&o, DCB_TAG(2, 0));
	EXPECT(&o, DCB_F_META_LENGTH_MISSING);
}

static void
meta_length_wrong(void **state)
{
	struct obj o;
	struct seen s;

	obj_init(&o);
	set(&o, DCB_TAG(2, 0), "UL", NULL, 6);
	run(&o, &s);
	assert_int_equal(count_code(&s, DCB_F_META_LENGTH_WRONG), 1);
	assert_non_null(strstr(first(&s, DCB_F_META_LENGTH_WRONG)->message, "says"));
	assert_int_equal(first(&s, DCB_F_META_LENGTH_WRONG)->offset, 132);
	set(&o, DCB_TAG(2, 0), "UL", NULL, (size_t)-4);
	EXPECT(&o, DCB_F_META_LENGTH_WRONG);
}

static void
meta_version(void **state)
{
	struct obj o;

	obj_init(&o);
	set(&o, DCB_TAG(2, 1), "OB", "\0\2", 2);
	EXPECT(&o, DCB_F_META_VERSION_WRONG);
	obj_init(&o);
	drop(&o, DCB_TAG(2, 1));
	EXPECT(&o, DCB_F_META_VERSION_MISSING);
}

static void
meta_elements_missing(void **state)
{
	struct obj o;

	obj_init(&o);
	o.meta.media_sop_class_uid[0] = '\0';
	EXPECT(&o, DCB_F_META_SOP_CLASS_MISSING);
	obj_init(&o);
	o.meta.media_sop_instance_uid[0] = '\0';
	EXPECT(&o, DCB_F_META_SOP_INSTANCE_MISSING);
	obj_init(&o);
	o.meta.transfer_syntax_uid[0] = '\0';
	EXPECT(&o, DCB_F_META_TS_MISSING);
	obj_init(&o);
	o.meta.impl_class_uid[0] = '\0';
	EXPECT(&o, DCB_F_META_IMPL_CLASS_MISSING);
}

static void
meta_mismatch(void **state)
{
	struct obj o;
	struct seen s;

	obj_init(&o);
	strcpy(o.meta.media_sop_instance_uid, "2.25.1235");
	run(&o, &s);
	assert_int_equal(count_code(&s, DCB_F_META_SOP_INSTANCE_MISMATCH), 1);
	assert_non_null(strstr(first(&s, DCB_F_META_SOP_INSTANCE_MISMATCH)->message, "2.25.1235"));
	obj_init(&o);
	strcpy(o.meta.media_sop_class_uid, "1.2.840.10008.5.1.4.1.1.7");
	EXPECT(&o, DCB_F_META_SOP_CLASS_MISMATCH);
}

static void
meta_transfer_syntax(void **state)
{
	struct obj o;

	obj_init(&o);
	strcpy(o.meta.transfer_syntax_uid, "1.2.840.10008.1.2.77");
	EXPECT(&o, DCB_F_TS_UNKNOWN);
	obj_init(&o);
	strcpy(o.meta.transfer_syntax_uid, "1.2.840.10008.1.2.2");
	EXPECT(&o, DCB_F_TS_RETIRED);
}

static void
meta_in_dataset(void **state)
{
	struct obj o;
	struct seen s;

	obj_init(&o);
	insert(&o, (struct ent){DCB_TAG(0x0040, 0x0275), "SQ", NULL, 0, DCB_EL_SEQ_START});
	size_t at = (size_t)(find(&o, DCB_TAG(0x7fe0, 0x0010)) - o.e);
	insert_at(&o, at++, (struct ent){0xfffee000, "", NULL, 0, DCB_EL_ITEM_START});
	insert_at(&o, at++, (struct ent)VB(0002, 0010, "UI", "1.2.840.10008.1.2.1", 20));
	insert_at(&o, at++, (struct ent){0xfffee00d, "", NULL, 0, DCB_EL_ITEM_END});
	insert_at(&o, at++, (struct ent){0xfffee0dd, "", NULL, 0, DCB_EL_SEQ_END});
	run(&o, &s);
	print_all(&s);
	assert_int_equal(count_code(&s, DCB_F_META_IN_DATASET), 1);
	assert_string_equal(first(&s, DCB_F_META_IN_DATASET)->where, "(0040,0275)[1].(0002,0010)");
	/* the sequence came after the pixel data: out of order */
	assert_int_equal(count_code(&s, DCB_F_TAG_ORDER), 0);
}

static void
odd_length(void **state)
{
	struct obj o;
	struct seen s;

	/* sample (a): a leading zero and an odd length without padding */
	obj_init(&o);
	set(&o, DCB_TAG(8, 0x18), "UI", "2.25.01234", 10);
	strcpy(o.meta.media_sop_instance_uid, "2.25.01234");
	run(&o, &s);
	assert_int_equal(count_code(&s, DCB_F_ODD_LENGTH), 0);
	assert_int_equal(count_code(&s, DCB_F_UI_LEADING_ZERO), 1);
	set(&o, DCB_TAG(8, 0x18), "UI", "2.25.012345", 11);
	strcpy(o.meta.media_sop_instance_uid, "2.25.012345");
	run(&o, &s);
	assert_int_equal(count_code(&s, DCB_F_ODD_LENGTH), 1);
	assert_int_equal(count_code(&s, DCB_F_UI_LEADING_ZERO), 1);
	assert_string_equal(first(&s, DCB_F_ODD_LENGTH)->where, "(0008,0018)");
	assert_int_equal(first(&s, DCB_F_ODD_LENGTH)->tag, DCB_TAG(8, 0x18));
	assert_true(first(&s, DCB_F_ODD_LENGTH)->offset > 132);
}

static void
value_rules_through_checker(void **state)
{
	struct obj o;
	struct seen s;

	/* sample (b): no Study Instance UID, empty Modality, bad date and time */
	obj_init(&o);
	drop(&o, DCB_TAG(0x20, 0x0d));
	set(&o, DCB_TAG(8, 0x60), "CS", "", 0);
	set(&o, DCB_TAG(8, 0x20), "DA", "2024-01-01", 10);
	set(&o, DCB_TAG(8, 0x30), "TM", "12ab56", 6);
	run(&o, &s);
	assert_int_equal(count_code(&s, DCB_F_NO_STUDY_UID), 1);
	assert_int_equal(count_code(&s, DCB_F_TYPE1_EMPTY), 1);
	assert_string_equal(first(&s, DCB_F_TYPE1_EMPTY)->where, "(0008,0060)");
	assert_int_equal(count_code(&s, DCB_F_DA_FORMAT), 1);
	assert_non_null(strstr(first(&s, DCB_F_DA_FORMAT)->message, "\"2024-01-01\""));
	assert_int_equal(count_code(&s, DCB_F_TM_FORMAT), 1);
	assert_int_equal(s.n, 4);
}

static void
vr_mismatch(void **state)
{
	struct obj o;

	obj_init(&o);
	set(&o, DCB_TAG(8, 0x20), "LO", "20240101", 8);
	EXPECT(&o, DCB_F_VR_MISMATCH);
}

static void
vm_mismatch(void **state)
{
	struct obj o;

	obj_init(&o);
	set(&o, DCB_TAG(0x28, 0x30), "DS", "0.5 ", 4);
	EXPECT(&o, DCB_F_VM_MISMATCH);
}

static void
group_length(void **state)
{
	struct obj o;
	struct seen s;

	/* (0018,0000): group 0018 is (0018,0050) 10 bytes + (0018,0060) 12 bytes */
	obj_init(&o);
	insert(&o, (struct ent)VB(0018, 0000, "UL", "\x16\0\0\0", 4));
	run(&o, &s);
	print_all(&s);
	assert_int_equal(count_code(&s, DCB_F_GROUP_LENGTH_PRESENT), 1);
	assert_int_equal(count_code(&s, DCB_F_GROUP_LENGTH_WRONG), 0);
	obj_init(&o);
	insert(&o, (struct ent)VB(0018, 0000, "UL", "\x18\0\0\0", 4));
	EXPECT(&o, DCB_F_GROUP_LENGTH_WRONG);
	/* the last group of the data set is checked at the end */
	obj_init(&o);
	insert(&o, (struct ent)VB(7FE0, 0000, "UL", "\x14\0\0\0", 4));
	run(&o, &s);
	assert_int_equal(count_code(&s, DCB_F_GROUP_LENGTH_WRONG), 0);
	obj_init(&o);
	insert(&o, (struct ent)VB(7FE0, 0000, "UL", "\x12\0\0\0", 4));
	EXPECT(&o, DCB_F_GROUP_LENGTH_WRONG);
}

static void
tag_order(void **state)
{
	struct obj o;
	struct seen s;

	obj_init(&o);
	struct ent *a = find(&o, DCB_TAG(0x20, 0x10)), t = *a;
	*a = a[1];
	a[1] = t;
	run(&o, &s);
	assert_int_equal(count_code(&s, DCB_F_TAG_ORDER), 1);
	assert_non_null(
	    strstr(first(&s, DCB_F_TAG_ORDER)->message, "(0020,0010) follows (0020,0011)"));
	obj_init(&o);
	insert(&o, (struct ent)V(0020, 0010, "SH", "S2"));
	EXPECT(&o, DCB_F_TAG_ORDER);
}

static void
retired(void **state)
{
	struct obj o;

	obj_init(&o);
	insert(&o, (struct ent)V(0028, 0040, "CS", "RECT"));
	EXPECT(&o, DCB_F_RETIRED);
}

static void
binary_length(void **state)
{
	struct obj o;

	obj_init(&o);
	set(&o, DCB_TAG(0x28, 0x10), "US", "\2\0\0\0\0\0", 6);
	EXPECT(&o, DCB_F_VM_MISMATCH);
	set(&o, DCB_TAG(0x28, 0x10), "US", "\2\0\0\0", 3);
	EXPECT(&o, DCB_F_BINARY_LENGTH);
}

static void
private_elements(void **state)
{
	struct obj o;
	struct seen s;

	obj_init(&o);
	insert(&o, (struct ent)V(0009, 0010, "LO", "ACME 1.0"));
	insert(&o, (struct ent)V(0009, 1001, "LO", "x "));
	run(&o, &s);
	assert_int_equal(s.n, 0);
	obj_init(&o);
	insert(&o, (struct ent)V(0009, 1001, "LO", "x "));
	EXPECT(&o, DCB_F_PRIVATE_NO_CREATOR);
	obj_init(&o);
	insert(&o, (struct ent)V(0007, 0010, "LO", "ACME 1.0"));
	EXPECT(&o, DCB_F_PRIVATE_GROUP_RESERVED);
}

static void
un_for_known_tag(void **state)
{
	struct obj o;

	obj_init(&o);
	insert(&o, (struct ent)VB(0008, 1010, "UN", "ST1 ", 4));
	EXPECT(&o, DCB_F_UN_KNOWN_TAG);
}

static void
object_uids(void **state)
{
	struct obj o;

	obj_init(&o);
	drop(&o, DCB_TAG(8, 0x16));
	EXPECT(&o, DCB_F_NO_SOP_CLASS);
	obj_init(&o);
	drop(&o, DCB_TAG(8, 0x18));
	EXPECT(&o, DCB_F_NO_SOP_INSTANCE);
	obj_init(&o);
	drop(&o, DCB_TAG(0x20, 0x0d));
	EXPECT(&o, DCB_F_NO_STUDY_UID);
	obj_init(&o);
	drop(&o, DCB_TAG(0x20, 0x0e));
	EXPECT(&o, DCB_F_NO_SERIES_UID);
	obj_init(&o);
	set(&o, DCB_TAG(0x20, 0x0e), "UI", "", 0);
	EXPECT(&o, DCB_F_TYPE1_EMPTY);
}

static void
iod_tables(void **state)
{
	struct obj o;
	struct seen s;

	obj_init(&o);
	drop(&o, DCB_TAG(0x28, 0x10));
	run(&o, &s);
	assert_int_equal(count_code(&s, DCB_F_TYPE1_MISSING), 1);
	assert_non_null(strstr(first(&s, DCB_F_TYPE1_MISSING)->message, "Rows"));
	assert_non_null(strstr(first(&s, DCB_F_TYPE1_MISSING)->message, "CT Image"));
	obj_init(&o);
	drop(&o, DCB_TAG(8, 0x90));
	EXPECT(&o, DCB_F_TYPE2_MISSING);
	obj_init(&o);
	set(&o, DCB_TAG(0x28, 0x04), "CS", "  ", 2);
	EXPECT(&o, DCB_F_TYPE1_EMPTY);
	/* a Type 2 attribute may be empty */
	obj_init(&o);
	set(&o, DCB_TAG(8, 0x90), "PN", "", 0);
	run(&o, &s);
	assert_int_equal(s.n, 0);
}

/* A Type 1 sequence with no item is empty; one with an item is not. */
static void
type1_sequences(void **state)
{
	static const char rtstruct[] = "1.2.840.10008.5.1.4.1.1.481.3";
	struct obj o;
	struct seen s;
	size_t at;

	obj_init(&o);
	set(&o, DCB_TAG(2, 2), "UI", rtstruct, 30);
	set(&o, DCB_TAG(8, 0x16), "UI", rtstruct, 30);
	strcpy(o.meta.media_sop_class_uid, rtstruct);
	set(&o, DCB_TAG(8, 0x60), "CS", "RTSTRUCT", 8);
	insert(&o, (struct ent)V(0008, 1070, "PN", ""));
	insert(&o, (struct ent)V(3006, 0002, "SH", "PHANTOM "));
	insert(&o, (struct ent)V(3006, 0008, "DA", "20240101"));
	insert(&o, (struct ent)V(3006, 0009, "TM", "120000"));
	at = o.n;
	insert_at(&o, at++, (struct ent){DCB_TAG(0x3006, 0x20), "SQ", NULL, 0, DCB_EL_SEQ_START});
	insert_at(&o, at++, (struct ent){0xfffee0dd, "", NULL, 0, DCB_EL_SEQ_END});
	insert_at(&o, at++, (struct ent){DCB_TAG(0x3006, 0x39), "SQ", NULL, 0, DCB_EL_SEQ_START});
	insert_at(&o, at++, (struct ent){0xfffee000, "", NULL, 0, DCB_EL_ITEM_START});
	insert_at(&o, at++, (struct ent)V(3006, 0084, "IS", "1 "));
	insert_at(&o, at++, (struct ent){0xfffee00d, "", NULL, 0, DCB_EL_ITEM_END});
	insert_at(&o, at++, (struct ent){0xfffee0dd, "", NULL, 0, DCB_EL_SEQ_END});
	insert_at(&o, at++, (struct ent){DCB_TAG(0x3006, 0x80), "SQ", NULL, 0, DCB_EL_SEQ_START});
	insert_at(&o, at++, (struct ent){0xfffee000, "", NULL, 0, DCB_EL_ITEM_START});
	insert_at(&o, at++, (struct ent)V(3006, 0084, "IS", "1 "));
	insert_at(&o, at++, (struct ent){0xfffee00d, "", NULL, 0, DCB_EL_ITEM_END});
	insert_at(&o, at++, (struct ent){0xfffee0dd, "", NULL, 0, DCB_EL_SEQ_END});
	/* the CT's pixel data comes last; move it behind group 3006 */
	struct ent px = *find(&o, DCB_TAG(0x7fe0, 0x10));
	drop(&o, DCB_TAG(0x7fe0, 0x10));
	insert_at(&o, o.n, px);
	run(&o, &s);
	print_all(&s);
	assert_int_equal(count_code(&s, DCB_F_TYPE1_EMPTY), 1);
	assert_string_equal(first(&s, DCB_F_TYPE1_EMPTY)->where, "(3006,0020)");
	assert_int_equal(count_code(&s, DCB_F_TYPE1_MISSING), 0);
	assert_int_equal(count_code(&s, DCB_F_TAG_ORDER), 0);
	assert_int_equal(s.n, 1);
}

static void
sop_class_unknown(void **state)
{
	struct obj o;
	struct seen s;

	obj_init(&o);
	set(&o, DCB_TAG(8, 0x16), "UI", "1.2.3.4.5.6", 12);
	strcpy(o.meta.media_sop_class_uid, "1.2.3.4.5.6");
	set(&o, DCB_TAG(2, 2), "UI", "1.2.3.4.5.6", 12);
	run(&o, &s);
	assert_int_equal(count_code(&s, DCB_F_SOP_CLASS_UNKNOWN), 1);
	/* no IOD table for it: no Type 1/2 findings */
	assert_int_equal(count_code(&s, DCB_F_TYPE2_MISSING), 0);
}

static void
charsets(void **state)
{
	struct obj o;

	obj_init(&o);
	set(&o, DCB_TAG(8, 5), "CS", "LATIN1", 6);
	EXPECT(&o, DCB_F_CHARSET_UNKNOWN);
	obj_init(&o);
	set(&o, DCB_TAG(8, 5), "CS", "ISO_IR 100\\ISO_IR 144", 22);
	EXPECT(&o, DCB_F_CHARSET_MULTI);
	obj_init(&o);
	drop(&o, DCB_TAG(8, 5));
	set(&o, DCB_TAG(0x10, 0x10), "PN", "M\xfcller", 6);
	EXPECT(&o, DCB_F_CHARSET_UNDECLARED);
	obj_init(&o);
	set(&o, DCB_TAG(0x10, 0x10), "PN", "\x1b$BX ", 6);
	EXPECT(&o, DCB_F_CHARSET_ESCAPE);
	obj_init(&o);
	set(&o, DCB_TAG(8, 5), "CS", "ISO_IR 192", 10);
	set(&o, DCB_TAG(0x10, 0x10), "PN", "M\xfcller", 6);
	EXPECT(&o, DCB_F_CHARSET_BAD_UTF8);
}

static void
item_inherits_and_overrides_charset(void **state)
{
	struct obj o;
	struct seen s;

	obj_init(&o);
	drop(&o, DCB_TAG(8, 5));
	size_t at = (size_t)(find(&o, DCB_TAG(0x7fe0, 0x10)) - o.e);
	insert_at(&o, at++, (struct ent){DCB_TAG(0x40, 0x275), "SQ", NULL, 0, DCB_EL_SEQ_START});
	insert_at(&o, at++, (struct ent){0xfffee000, "", NULL, 0, DCB_EL_ITEM_START});
	insert_at(&o, at++, (struct ent)V(0008, 0005, "CS", "ISO_IR 100"));
	insert_at(&o, at++,
	          (struct ent)VB(0008, 1040, "LO",
	                         "K\xfc"
	                         "che ",
	                         6));
	insert_at(&o, at++, (struct ent){0xfffee00d, "", NULL, 0, DCB_EL_ITEM_END});
	insert_at(&o, at++, (struct ent){0xfffee000, "", NULL, 0, DCB_EL_ITEM_START});
	insert_at(&o, at++,
	          (struct ent)VB(0008, 1040, "LO",
	                         "K\xfc"
	                         "che ",
	                         6));
	insert_at(&o, at++, (struct ent){0xfffee00d, "", NULL, 0, DCB_EL_ITEM_END});
	insert_at(&o, at++, (struct ent){0xfffee0dd, "", NULL, 0, DCB_EL_SEQ_END});
	/* the sequence sits before the pixel data but after (0028,xxxx): */
	run(&o, &s);
	print_all(&s);
	assert_int_equal(count_code(&s, DCB_F_CHARSET_UNDECLARED), 1);
	assert_string_equal(first(&s, DCB_F_CHARSET_UNDECLARED)->where,
	                    "(0040,0275)[2].(0008,1040)");
}

static void
counts(void **state)
{
	struct dcb_checker *c = dcb_checker_new(NULL, NULL);
	struct dcb_meta meta = {.has_preamble = false, .has_meta = false};

	dcb_checker_meta(c, &meta);
	assert_int_equal(dcb_checker_count(c, DCB_SEV_ERROR), 2);
	assert_int_equal(dcb_checker_count(c, DCB_SEV_WARNING), 0);
	dcb_checker_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(clean_ct_has_no_findings),
	    cmocka_unit_test(file_no_preamble),
	    cmocka_unit_test(file_head),
	    cmocka_unit_test(file_no_meta),
	    cmocka_unit_test(meta_length_missing),
	    cmocka_unit_test(meta_length_wrong),
	    cmocka_unit_test(meta_version),
	    cmocka_unit_test(meta_elements_missing),
	    cmocka_unit_test(meta_mismatch),
	    cmocka_unit_test(meta_transfer_syntax),
	    cmocka_unit_test(meta_in_dataset),
	    cmocka_unit_test(odd_length),
	    cmocka_unit_test(value_rules_through_checker),
	    cmocka_unit_test(vr_mismatch),
	    cmocka_unit_test(vm_mismatch),
	    cmocka_unit_test(group_length),
	    cmocka_unit_test(tag_order),
	    cmocka_unit_test(retired),
	    cmocka_unit_test(binary_length),
	    cmocka_unit_test(private_elements),
	    cmocka_unit_test(un_for_known_tag),
	    cmocka_unit_test(object_uids),
	    cmocka_unit_test(iod_tables),
	    cmocka_unit_test(type1_sequences),
	    cmocka_unit_test(sop_class_unknown),
	    cmocka_unit_test(charsets),
	    cmocka_unit_test(item_inherits_and_overrides_charset),
	    cmocka_unit_test(counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
