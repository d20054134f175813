/* stub-data.c — TEMPORARY stand-ins for the data area's dictionary and
 * reader, so the checker tests link before that branch is merged. */
#include "config.h"

#include <string.h>

#include "../src/dict.h"
#include "../src/part10.h"

static const struct dcb_dict_entry dict[] = {
	{ 0x00020000, 0xffffffff, "UL", "1", "FileMetaInformationGroupLength", "", false },
	{ 0x00020001, 0xffffffff, "OB", "1", "FileMetaInformationVersion", "", false },
	{ 0x00020002, 0xffffffff, "UI", "1", "MediaStorageSOPClassUID", "", false },
	{ 0x00020003, 0xffffffff, "UI", "1", "MediaStorageSOPInstanceUID", "", false },
	{ 0x00020010, 0xffffffff, "UI", "1", "TransferSyntaxUID", "", false },
	{ 0x00020012, 0xffffffff, "UI", "1", "ImplementationClassUID", "", false },
	{ 0x00080005, 0xffffffff, "CS", "1-n", "SpecificCharacterSet", "", false },
	{ 0x00080008, 0xffffffff, "CS", "2-n", "ImageType", "", false },
	{ 0x00080016, 0xffffffff, "UI", "1", "SOPClassUID", "", false },
	{ 0x00080018, 0xffffffff, "UI", "1", "SOPInstanceUID", "", false },
	{ 0x00080020, 0xffffffff, "DA", "1", "StudyDate", "", false },
	{ 0x00080030, 0xffffffff, "TM", "1", "StudyTime", "", false },
	{ 0x00080060, 0xffffffff, "CS", "1", "Modality", "", false },
	{ 0x00081010, 0xffffffff, "SH", "1", "StationName", "", false },
	{ 0x00081040, 0xffffffff, "LO", "1", "InstitutionalDepartmentName", "", false },
	{ 0x00100010, 0xffffffff, "PN", "1", "PatientName", "", false },
	{ 0x0020000d, 0xffffffff, "UI", "1", "StudyInstanceUID", "", false },
	{ 0x0020000e, 0xffffffff, "UI", "1", "SeriesInstanceUID", "", false },
	{ 0x00280010, 0xffffffff, "US", "1", "Rows", "", false },
	{ 0x00280030, 0xffffffff, "DS", "2", "PixelSpacing", "", false },
	{ 0x00280040, 0xffffffff, "CS", "1", "ImageFormat", "", true },
	{ 0x00400275, 0xffffffff, "SQ", "1", "RequestAttributesSequence", "", false },
	{ 0x7fe00010, 0xffffffff, "OB or OW", "1", "PixelData", "", false },
};

const struct dcb_dict_entry *
dcb_dict_lookup(uint32_t tag)
{
	for (size_t i = 0; i < sizeof dict / sizeof dict[0]; i++)
		if (dict[i].tag == tag)
			return &dict[i];
	return NULL;
}

static const struct dcb_uid_entry uids[] = {
	{ "1.2.840.10008.1.2", "ImplicitVRLittleEndian", "Implicit VR Little Endian",
	  DCB_UID_TRANSFER_SYNTAX, false },
	{ "1.2.840.10008.1.2.1", "ExplicitVRLittleEndian", "Explicit VR Little Endian",
	  DCB_UID_TRANSFER_SYNTAX, false },
	{ "1.2.840.10008.1.2.2", "ExplicitVRBigEndian", "Explicit VR Big Endian",
	  DCB_UID_TRANSFER_SYNTAX, true },
	{ "1.2.840.10008.5.1.4.1.1.2", "CTImageStorage", "CT Image Storage", DCB_UID_SOP_CLASS,
	  false },
	{ "1.2.840.10008.5.1.4.1.1.7", "SecondaryCaptureImageStorage",
	  "Secondary Capture Image Storage", DCB_UID_SOP_CLASS, false },
};

const struct dcb_uid_entry *
dcb_uid_lookup(const char *uid)
{
	for (size_t i = 0; i < sizeof uids / sizeof uids[0]; i++)
		if (strcmp(uids[i].uid, uid) == 0)
			return &uids[i];
	return NULL;
}

bool
dcb_ts_from_uid(const char *uid, enum dcb_ts *ts, bool *encapsulated)
{
	const struct dcb_uid_entry *u = dcb_uid_lookup(uid);

	*encapsulated = false;
	*ts = DCB_TS_EXPLICIT_LE;
	return u != NULL && u->kind == DCB_UID_TRANSFER_SYNTAX;
}

struct dcb_reader *
dcb_reader_open_fd(int fd, const char *name, const struct dcb_reader_options *opts,
                   struct dcb_error *err)
{
	dcb_error_set(err, DCB_ERR_UNSUPPORTED, -1, "no reader in this test");
	return NULL;
}

void
dcb_reader_free(struct dcb_reader *r)
{
}

const struct dcb_meta *
dcb_reader_meta(const struct dcb_reader *r)
{
	return NULL;
}

int
dcb_reader_next(struct dcb_reader *r, struct dcb_element *el, struct dcb_error *err)
{
	return 0;
}
