/* dict.c — look-ups in the data dictionary and the UID dictionary.
 *
 * The tables come from dict-table.c (generated from the .tsv files in data/).  Tag
 * look-up is a binary search over the exact entries, then a scan of the
 * few repeating-group entries; private tags only ever match the two
 * private conventions of PS3.5 §7.8 (group length, private creator). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dict-table.h"
#include "dict.h"

/* Conventions of PS3.5 that PS3.6 does not list tag by tag. */
static const struct dcb_dict_entry group_length = {
    0x00000000u, 0x0000ffffu, "UL", "1", "GenericGroupLength", "Group Length", true,
};
static const struct dcb_dict_entry private_group_length = {
    0x00010000u, 0x0001ffffu, "UL", "1", "PrivateGroupLength", "Private Group Length", true,
};
static const struct dcb_dict_entry private_creator = {
    0x00010010u, 0x0001ff00u, "LO", "1", "PrivateCreator", "Private Creator", false,
};

const struct dcb_dict_entry *
dcb_dict_lookup(uint32_t tag)
{
	size_t lo = 0, hi = dcb_dict_exact_count;
	uint16_t group = DCB_TAG_GROUP(tag), element = DCB_TAG_ELEMENT(tag);

	if (group & 1) {
		if (group <= 0x0007 || group == 0xffff)
			return NULL; /* illegal groups */
		if (element == 0x0000)
			return &private_group_length;
		if (element >= 0x0010 && element <= 0x00ff)
			return &private_creator;
		return NULL;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (dcb_dict_exact[mid].tag == tag)
			return &dcb_dict_exact[mid];
		if (dcb_dict_exact[mid].tag < tag)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < dcb_dict_masked_count; i++)
		if ((tag & dcb_dict_masked[i].mask) == dcb_dict_masked[i].tag)
			return &dcb_dict_masked[i];
	if (element == 0x0000)
		return &group_length;
	return NULL;
}

const struct dcb_dict_entry *
dcb_dict_by_keyword(const char *keyword)
{
	if (keyword == NULL)
		return NULL;
	for (size_t i = 0; i < dcb_dict_exact_count; i++)
		if (strcmp(dcb_dict_exact[i].keyword, keyword) == 0)
			return &dcb_dict_exact[i];
	for (size_t i = 0; i < dcb_dict_masked_count; i++)
		if (strcmp(dcb_dict_masked[i].keyword, keyword) == 0)
			return &dcb_dict_masked[i];
	return NULL;
}

static int
uid_cmp(const void *key, const void *member)
{
	const struct dcb_uid_entry *e = member;

	return strcmp(key, e->uid);
}

const struct dcb_uid_entry *
dcb_uid_lookup(const char *uid)
{
	if (uid == NULL)
		return NULL;
	return bsearch(uid, dcb_uid_table, dcb_uid_count, sizeof dcb_uid_table[0], uid_cmp);
}

const struct dcb_uid_entry *
dcb_uid_nth(enum dcb_uid_kind kind, unsigned i)
{
	const unsigned short *index;
	size_t n;

	switch (kind) {
	case DCB_UID_SOP_CLASS:
		index = dcb_uid_by_kind_0;
		n = dcb_uid_by_kind_0_count;
		break;
	case DCB_UID_TRANSFER_SYNTAX:
		index = dcb_uid_by_kind_1;
		n = dcb_uid_by_kind_1_count;
		break;
	case DCB_UID_OTHER:
		index = dcb_uid_by_kind_2;
		n = dcb_uid_by_kind_2_count;
		break;
	default:
		return NULL;
	}
	return i < n ? &dcb_uid_table[index[i]] : NULL;
}

/* File-name prefixes as dcmtk's storescp writes them (modality code, with a
 * lower-case letter telling related SOP classes apart), keyed by the SOP
 * class keyword of data/uids.tsv. */
static const struct {
	const char *keyword;
	const char *prefix;
} file_prefixes[] = {
    {"ComputedRadiographyImageStorage", "CR"},
    {"CTImageStorage", "CT"},
    {"EnhancedCTImageStorage", "CTe"},
    {"MRImageStorage", "MR"},
    {"EnhancedMRImageStorage", "MRe"},
    {"EnhancedMRColorImageStorage", "MRc"},
    {"MRSpectroscopyStorage", "MRs"},
    {"UltrasoundImageStorage", "US"},
    {"UltrasoundMultiFrameImageStorage", "USm"},
    {"EnhancedUSVolumeStorage", "USe"},
    {"SecondaryCaptureImageStorage", "SC"},
    {"MultiFrameSingleBitSecondaryCaptureImageStorage", "SCs"},
    {"MultiFrameGrayscaleByteSecondaryCaptureImageStorage", "SCb"},
    {"MultiFrameGrayscaleWordSecondaryCaptureImageStorage", "SCw"},
    {"MultiFrameTrueColorSecondaryCaptureImageStorage", "SCc"},
    {"DigitalXRayImageStorageForPresentation", "DX"},
    {"DigitalXRayImageStorageForProcessing", "DP"},
    {"DigitalMammographyXRayImageStorageForPresentation", "DXm"},
    {"DigitalMammographyXRayImageStorageForProcessing", "DPm"},
    {"DigitalIntraOralXRayImageStorageForPresentation", "DXo"},
    {"DigitalIntraOralXRayImageStorageForProcessing", "DPo"},
    {"NuclearMedicineImageStorage", "NM"},
    {"PositronEmissionTomographyImageStorage", "PI"},
    {"EnhancedPETImageStorage", "PIe"},
    {"XRayAngiographicImageStorage", "XA"},
    {"EnhancedXAImageStorage", "XAe"},
    {"XRayRadiofluoroscopicImageStorage", "RF"},
    {"EnhancedXRFImageStorage", "RFe"},
    {"BreastTomosynthesisImageStorage", "BT"},
    {"RTImageStorage", "RI"},
    {"RTDoseStorage", "RD"},
    {"RTStructureSetStorage", "RS"},
    {"RTPlanStorage", "RP"},
    {"RTIonPlanStorage", "RPi"},
    {"RTBeamsTreatmentRecordStorage", "RTb"},
    {"RTBrachyTreatmentRecordStorage", "RTr"},
    {"RTTreatmentSummaryRecordStorage", "RTs"},
    {"RTIonBeamsTreatmentRecordStorage", "RTi"},
    {"BasicTextSRStorage", "SRt"},
    {"EnhancedSRStorage", "SRe"},
    {"ComprehensiveSRStorage", "SRc"},
    {"KeyObjectSelectionDocumentStorage", "KO"},
    {"XRayRadiationDoseSRStorage", "SRd"},
    {"MammographyCADSRStorage", "SRm"},
    {"GrayscaleSoftcopyPresentationStateStorage", "PSg"},
    {"ColorSoftcopyPresentationStateStorage", "PSc"},
    {"SegmentationStorage", "SG"},
    {"SpatialRegistrationStorage", "RGs"},
    {"EncapsulatedPDFStorage", "PDF"},
    {"EncapsulatedCDAStorage", "CDA"},
    {"RawDataStorage", "RAW"},
    {"VLEndoscopicImageStorage", "VLe"},
    {"VLMicroscopicImageStorage", "VLm"},
    {"VLPhotographicImageStorage", "VLp"},
    {"VLWholeSlideMicroscopyImageStorage", "VLw"},
    {"TwelveLeadECGWaveformStorage", "TLE"},
    {"GeneralECGWaveformStorage", "ECG"},
};

const char *
dcb_uid_file_prefix(const char *sop_class_uid)
{
	const struct dcb_uid_entry *e = dcb_uid_lookup(sop_class_uid);

	if (e != NULL && e->kind == DCB_UID_SOP_CLASS)
		for (size_t i = 0; i < sizeof file_prefixes / sizeof file_prefixes[0]; i++)
			if (strcmp(file_prefixes[i].keyword, e->keyword) == 0)
				return file_prefixes[i].prefix;
	return "UNKNOWN";
}
