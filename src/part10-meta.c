/* part10-meta.c — transfer syntax helpers and the PS3.10 meta header writer.
 *
 * The reader lives in part10.c; this file holds what needs no reader:
 * mapping transfer syntax UIDs to encodings and writing the file meta
 * information of a stored file. */
#include "config.h"

#include <string.h>

#include "dict.h"
#include "i18n.h"
#include "part10.h"

/* Copies uid without trailing padding (NUL or space) into out. */
static bool
trimmed(const char *uid, char out[DCB_UID_MAX + 1])
{
	size_t n;

	if (uid == NULL)
		return false;
	n = strlen(uid);
	while (n > 0 && (uid[n - 1] == ' ' || uid[n - 1] == '\0'))
		n--;
	if (n == 0 || n > DCB_UID_MAX)
		return false;
	memcpy(out, uid, n);
	out[n] = '\0';
	return true;
}

/* Transfer syntaxes that need more than "explicit LE, encapsulated". */
static const struct {
	const char *uid;
	enum dcb_ts ts;
	bool encapsulated;
	const char *name; /* N_(), NULL: the UID dictionary's name */
} known_ts[] = {
    {"1.2.840.10008.1.2", DCB_TS_IMPLICIT_LE, false, N_("Implicit VR Little Endian")},
    {"1.2.840.10008.1.2.1", DCB_TS_EXPLICIT_LE, false, N_("Explicit VR Little Endian")},
    {"1.2.840.10008.1.2.2", DCB_TS_EXPLICIT_BE, false, N_("Explicit VR Big Endian")},
    {"1.2.840.10008.1.2.1.99", DCB_TS_DEFLATED_LE, false, N_("Deflated Explicit VR Little Endian")},
    {"1.2.840.10008.1.2.4.94", DCB_TS_EXPLICIT_LE, false, NULL}, /* JPIP Referenced */
    {"1.2.840.10008.1.2.4.95", DCB_TS_DEFLATED_LE, false, NULL}, /* JPIP Referenced Deflate */
    {"1.2.840.10008.1.2.4.50", DCB_TS_EXPLICIT_LE, true, N_("JPEG Baseline")},
    {"1.2.840.10008.1.2.4.70", DCB_TS_EXPLICIT_LE, true, N_("JPEG Lossless")},
    {"1.2.840.10008.1.2.4.90", DCB_TS_EXPLICIT_LE, true, N_("JPEG 2000 Lossless")},
    {"1.2.840.10008.1.2.4.91", DCB_TS_EXPLICIT_LE, true, N_("JPEG 2000")},
    {"1.2.840.10008.1.2.5", DCB_TS_EXPLICIT_LE, true, N_("RLE Lossless")},
};

bool
dcb_ts_from_uid(const char *uid, enum dcb_ts *ts, bool *encapsulated)
{
	char u[DCB_UID_MAX + 1];
	const struct dcb_uid_entry *e;
	enum dcb_ts t = DCB_TS_EXPLICIT_LE;
	bool enc = true; /* every other transfer syntax encapsulates pixel data */
	size_t i;

	if (!trimmed(uid, u))
		return false;
	for (i = 0; i < sizeof known_ts / sizeof known_ts[0]; i++)
		if (strcmp(u, known_ts[i].uid) == 0)
			break;
	if (i < sizeof known_ts / sizeof known_ts[0]) {
		t = known_ts[i].ts;
		enc = known_ts[i].encapsulated;
	} else {
		e = dcb_uid_lookup(u);
		if (e == NULL || e->kind != DCB_UID_TRANSFER_SYNTAX)
			return false;
	}
	if (ts != NULL)
		*ts = t;
	if (encapsulated != NULL)
		*encapsulated = enc;
	return true;
}

const char *
dcb_ts_short_name(const char *uid)
{
	char u[DCB_UID_MAX + 1];
	const struct dcb_uid_entry *e;

	if (!trimmed(uid, u))
		return dgettext(PACKAGE, N_("unknown transfer syntax"));
	for (size_t i = 0; i < sizeof known_ts / sizeof known_ts[0]; i++)
		if (strcmp(u, known_ts[i].uid) == 0 && known_ts[i].name != NULL)
			return dgettext(PACKAGE, known_ts[i].name);
	e = dcb_uid_lookup(u);
	if (e != NULL && e->kind == DCB_UID_TRANSFER_SYNTAX)
		return e->name;
	return dgettext(PACKAGE, N_("unknown transfer syntax"));
}

/* Appends one explicit VR little endian element; pad is the byte that
 * makes an odd value even (NUL for UI, space for text).  Returns the new
 * write position, or -1 when it does not fit. */
static long
put_element(uint8_t *buf, size_t size, long at, uint16_t element, const char *vr, const void *value,
            size_t len, uint8_t pad)
{
	size_t padded = len + (len & 1);
	bool long_form = strcmp(vr, "OB") == 0;
	size_t need = (long_form ? 12 : 8) + padded;
	uint8_t *p;

	if (at < 0 || (size_t)at + need > size || padded > 0xffff)
		return -1;
	p = buf + at;
	p[0] = 0x02;
	p[1] = 0x00;
	p[2] = (uint8_t)(element & 0xff);
	p[3] = (uint8_t)(element >> 8);
	p[4] = (uint8_t)vr[0];
	p[5] = (uint8_t)vr[1];
	if (long_form) {
		p[6] = p[7] = 0;
		p[8] = (uint8_t)(padded & 0xff);
		p[9] = (uint8_t)(padded >> 8);
		p[10] = p[11] = 0;
		p += 12;
	} else {
		p[6] = (uint8_t)(padded & 0xff);
		p[7] = (uint8_t)(padded >> 8);
		p += 8;
	}
	if (len > 0)
		memcpy(p, value, len);
	if (padded != len)
		p[len] = pad;
	return at + (long)need;
}

long
dcb_meta_encode(uint8_t *buf, size_t size, const char *sop_class_uid, const char *sop_instance_uid,
                const char *ts_uid, const char *source_ae)
{
	static const uint8_t version[2] = {0x00, 0x01};
	const char *uids[3] = {sop_class_uid, sop_instance_uid, ts_uid};
	long at, group_start;
	uint32_t glen;

	for (int i = 0; i < 3; i++)
		if (uids[i] == NULL || uids[i][0] == '\0' || strlen(uids[i]) > DCB_UID_MAX)
			return DCB_ERR_USAGE;
	if (source_ae != NULL && strlen(source_ae) > 16)
		return DCB_ERR_USAGE;
	if (size < 132 + 12)
		return DCB_ERR_LIMIT;
	memset(buf, 0, 128);
	memcpy(buf + 128, "DICM", 4);
	/* (0002,0000) comes first; its value is filled in at the end. */
	at = put_element(buf, size, 132, 0x0000, "UL", "\0\0\0\0", 4, 0);
	group_start = at;
	at = put_element(buf, size, at, 0x0001, "OB", version, 2, 0);
	at = put_element(buf, size, at, 0x0002, "UI", sop_class_uid, strlen(sop_class_uid), 0);
	at =
	    put_element(buf, size, at, 0x0003, "UI", sop_instance_uid, strlen(sop_instance_uid), 0);
	at = put_element(buf, size, at, 0x0010, "UI", ts_uid, strlen(ts_uid), 0);
	at = put_element(buf, size, at, 0x0012, "UI", DCB_IMPL_CLASS_UID,
	                 strlen(DCB_IMPL_CLASS_UID), 0);
	at = put_element(buf, size, at, 0x0013, "SH", DCB_IMPL_VERSION_NAME,
	                 strlen(DCB_IMPL_VERSION_NAME), ' ');
	if (source_ae != NULL && source_ae[0] != '\0')
		at = put_element(buf, size, at, 0x0016, "AE", source_ae, strlen(source_ae), ' ');
	if (at < 0)
		return DCB_ERR_LIMIT;
	glen = (uint32_t)(at - group_start);
	buf[140] = (uint8_t)(glen & 0xff);
	buf[141] = (uint8_t)((glen >> 8) & 0xff);
	buf[142] = (uint8_t)((glen >> 16) & 0xff);
	buf[143] = (uint8_t)(glen >> 24);
	return at;
}
