/* conform-wire.c — wire-level findings for the network code. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "conform-wire.h"
#include "i18n.h"
#include "part10.h"

void
dcb_wire_emit(dcb_finding_fn fn, void *user, enum dcb_code code, int64_t offset, const char *where,
              const char *fmt, ...)
{
	struct dcb_finding f;
	va_list ap;

	if (fn == NULL)
		return;
	va_start(ap, fmt);
	dcb_finding_vmake(&f, code, offset, 0, where, fmt, ap);
	va_end(ap);
	fn(&f, user);
}

/* Length of s without trailing NUL and space padding. */
static size_t
unpadded(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\0'))
		n--;
	return n;
}

static bool
same_uid(const char *a, const char *b)
{
	size_t na = unpadded(a), nb = unpadded(b);

	return na == nb && memcmp(a, b, na) == 0;
}

int
dcb_wire_check_store(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                     const char *affected_class, const char *affected_instance,
                     const char *dataset_class, const char *dataset_instance)
{
	int n = 0;

	if (affected_class != NULL && dataset_class != NULL && unpadded(dataset_class) > 0 &&
	    !same_uid(affected_class, dataset_class)) {
		dcb_wire_emit(
		    fn, user, DCB_F_STORE_CLASS_MISMATCH, offset, where,
		    N_("Affected SOP Class UID is \"%s\" but the data set's SOP Class UID "
		       "is \"%s\""),
		    affected_class, dataset_class);
		n++;
	}
	if (affected_instance != NULL && dataset_instance != NULL &&
	    unpadded(dataset_instance) > 0 && !same_uid(affected_instance, dataset_instance)) {
		dcb_wire_emit(fn, user, DCB_F_STORE_INSTANCE_MISMATCH, offset, where,
		              N_("Affected SOP Instance UID is \"%s\" but the data set's SOP "
		                 "Instance UID is \"%s\""),
		              affected_instance, dataset_instance);
		n++;
	}
	return n;
}

int
dcb_wire_check_ts(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                  const char *negotiated_ts, const char *dataset_ts)
{
	if (negotiated_ts == NULL || dataset_ts == NULL || unpadded(dataset_ts) == 0 ||
	    same_uid(negotiated_ts, dataset_ts))
		return 0;
	dcb_wire_emit(fn, user, DCB_F_TS_NOT_NEGOTIATED, offset, where,
	              N_("the data set is encoded in %s but the presentation context accepted %s"),
	              dataset_ts, negotiated_ts);
	return 1;
}

int
dcb_wire_check_dataset_ts(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                          const char *negotiated_ts, const uint8_t *head, size_t n)
{
	static const char *const uid[] = {
	    [DCB_TS_IMPLICIT_LE] = "1.2.840.10008.1.2",
	    [DCB_TS_EXPLICIT_LE] = "1.2.840.10008.1.2.1",
	    [DCB_TS_EXPLICIT_BE] = "1.2.840.10008.1.2.2",
	};
	enum dcb_ts want, seen;
	bool encapsulated;

	if (negotiated_ts == NULL || !dcb_ts_from_uid(negotiated_ts, &want, &encapsulated) ||
	    want == DCB_TS_DEFLATED_LE || !dcb_ts_detect(head, n, &seen) || seen == want)
		return 0;
	return dcb_wire_check_ts(fn, user, offset, where, negotiated_ts, uid[seen]);
}

int
dcb_wire_check_uid(dcb_finding_fn fn, void *user, int64_t offset, const char *where, uint32_t tag,
                   const uint8_t *value, size_t len, bool nul_padding)
{
	struct dcb_finding f;
	char q[300];
	unsigned long n = (unsigned long)len;

	if (value == NULL || len == 0)
		return 0;
	dcb_finding_quote(q, sizeof q, value, len, 64);
	if (len % 2 != 0 && nul_padding)
		dcb_finding_make(&f, DCB_F_WIRE_UID_PADDING, offset, tag, where,
		                 N_("UID \"%s\" has odd length %lu"), q, n);
	else if (value[len - 1] == ' ')
		dcb_finding_make(&f, DCB_F_WIRE_UID_PADDING, offset, tag, where,
		                 N_("UID \"%s\" is padded with a space"), q);
	else if (value[len - 1] == '\0' && (!nul_padding || (len >= 2 && value[len - 2] == '\0')))
		dcb_finding_make(&f, DCB_F_WIRE_UID_PADDING, offset, tag, where,
		                 N_("UID \"%s\" is padded with NUL where none belongs"), q);
	else
		return 0;
	if (fn != NULL)
		fn(&f, user);
	return 1;
}

int
dcb_wire_check_ae_title(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                        const char *role, const uint8_t ae[16])
{
	char q[80];
	bool bad = false, blank = true;
	int n = 0;

	for (size_t i = 0; i < 16; i++) {
		if (ae[i] < 0x20 || ae[i] >= 0x7f || ae[i] == '\\')
			bad = true;
		if (ae[i] != ' ')
			blank = false;
	}
	dcb_finding_quote(q, sizeof q, ae, 16, 16);
	if (bad) {
		dcb_wire_emit(fn, user, DCB_F_AE_TITLE_CHARS, offset, where,
		              N_("%s \"%s\" contains control characters, backslash or non-ASCII "
		                 "bytes"),
		              role, q);
		n++;
	}
	if (blank) {
		dcb_wire_emit(fn, user, DCB_F_AE_TITLE_SPACES, offset, where,
		              N_("%s consists of spaces only"), role);
		n++;
	} else if (ae[0] == ' ') {
		dcb_wire_emit(fn, user, DCB_F_AE_TITLE_SPACES, offset, where,
		              N_("%s \"%s\" starts with a space"), role, q);
		n++;
	}
	return n;
}

int
dcb_wire_check_pdv_header(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                          uint8_t header, bool *in_data)
{
	bool command = (header & 0x01) != 0, last = (header & 0x02) != 0;

	if ((header & 0xfc) != 0) {
		dcb_wire_emit(fn, user, DCB_F_PDV_FLAGS, offset, where,
		              N_("message control header %02XH has reserved bits set"), header);
		return 1;
	}
	if (command && *in_data) {
		dcb_wire_emit(fn, user, DCB_F_PDV_FLAGS, offset, where,
		              N_("command fragment after the command ended (header %02XH)"),
		              header);
		return 1;
	}
	if (!command && !*in_data) {
		dcb_wire_emit(fn, user, DCB_F_PDV_FLAGS, offset, where,
		              N_("data fragment before the last command fragment (header %02XH)"),
		              header);
		return 1;
	}
	if (command && last)
		*in_data = true;
	return 0;
}

int
dcb_wire_check_pdu_length(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                          uint32_t pdu_length, uint32_t max_length)
{
	if (max_length == 0 || pdu_length <= max_length)
		return 0;
	dcb_wire_emit(fn, user, DCB_F_PDU_TOO_LARGE, offset, where,
	              N_("PDU of %lu bytes, but the receiver's maximum is %lu"),
	              (unsigned long)pdu_length, (unsigned long)max_length);
	return 1;
}

int
dcb_wire_context_rejected(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                          unsigned context_id, const char *abstract_syntax, unsigned result)
{
	const char *why;

	switch (result) {
	case 1:
		why = N_("rejected by the user");
		break;
	case 2:
		why = N_("rejected, no reason given");
		break;
	case 3:
		why = N_("abstract syntax not supported");
		break;
	case 4:
		why = N_("none of the transfer syntaxes supported");
		break;
	default:
		why = N_("unknown result");
		break;
	}
	dcb_wire_emit(fn, user, DCB_F_CONTEXT_REJECTED, offset, where,
	              N_("presentation context %u (%s): %s (result %u)"), context_id,
	              abstract_syntax != NULL ? abstract_syntax : "?", dgettext(PACKAGE, why),
	              result);
	return 1;
}

int
dcb_wire_unknown_item(dcb_finding_fn fn, void *user, int64_t offset, const char *where,
                      unsigned item_type)
{
	dcb_wire_emit(fn, user, DCB_F_PDU_ITEM_UNKNOWN, offset, where,
	              N_("item type %02XH is not defined"), item_type);
	return 1;
}
