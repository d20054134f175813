/* conform-iod.c — module tables of the common storage IODs (PS3.3 Part A
 * and the module definitions of Part C), reduced to their Type 1 and Type 2
 * attributes that do not depend on a condition. */
#include "config.h"

#include <string.h>

#include "conform-iod.h"
#include "dict.h"

/* clang-format off */
#define A(g, e, kw, type) { DCB_TAG(0x##g, 0x##e), kw, type }
#define END { 0, NULL, 0 }

/* Patient (C.7.1.1) */
static const struct dcb_iod_attr patient[] = {
	A(0010, 0010, "PatientName", 2),
	A(0010, 0020, "PatientID", 2),
	A(0010, 0030, "PatientBirthDate", 2),
	A(0010, 0040, "PatientSex", 2),
	END,
};

/* General Study (C.7.2.1); the Study Instance UID is checked for all */
static const struct dcb_iod_attr study[] = {
	A(0008, 0020, "StudyDate", 2),
	A(0008, 0030, "StudyTime", 2),
	A(0008, 0050, "AccessionNumber", 2),
	A(0008, 0090, "ReferringPhysicianName", 2),
	A(0020, 0010, "StudyID", 2),
	END,
};

/* General Series (C.7.3.1) */
static const struct dcb_iod_attr series[] = {
	A(0008, 0060, "Modality", 1),
	A(0020, 0011, "SeriesNumber", 2),
	END,
};

/* General Equipment (C.7.5.1) */
static const struct dcb_iod_attr equipment[] = {
	A(0008, 0070, "Manufacturer", 2),
	END,
};

/* Frame of Reference (C.7.4.1) */
static const struct dcb_iod_attr frame_of_reference[] = {
	A(0020, 0052, "FrameOfReferenceUID", 1),
	A(0020, 1040, "PositionReferenceIndicator", 2),
	END,
};

/* General Image (C.7.6.1) */
static const struct dcb_iod_attr image[] = {
	A(0020, 0013, "InstanceNumber", 2),
	END,
};

/* Image Pixel (C.7.6.3) */
static const struct dcb_iod_attr pixel[] = {
	A(0028, 0002, "SamplesPerPixel", 1),
	A(0028, 0004, "PhotometricInterpretation", 1),
	A(0028, 0010, "Rows", 1),
	A(0028, 0011, "Columns", 1),
	A(0028, 0100, "BitsAllocated", 1),
	A(0028, 0101, "BitsStored", 1),
	A(0028, 0102, "HighBit", 1),
	A(0028, 0103, "PixelRepresentation", 1),
	A(7FE0, 0010, "PixelData", 1),
	END,
};

/* Image Plane (C.7.6.2) */
static const struct dcb_iod_attr plane[] = {
	A(0018, 0050, "SliceThickness", 2),
	A(0020, 0032, "ImagePositionPatient", 1),
	A(0020, 0037, "ImageOrientationPatient", 1),
	A(0028, 0030, "PixelSpacing", 1),
	END,
};

/* CT Image (C.8.2.1) */
static const struct dcb_iod_attr ct[] = {
	A(0008, 0008, "ImageType", 1),
	A(0018, 0060, "KVP", 2),
	A(0020, 0012, "AcquisitionNumber", 2),
	A(0028, 1052, "RescaleIntercept", 1),
	A(0028, 1053, "RescaleSlope", 1),
	END,
};

/* MR Image (C.8.3.1) */
static const struct dcb_iod_attr mr[] = {
	A(0008, 0008, "ImageType", 1),
	A(0018, 0020, "ScanningSequence", 1),
	A(0018, 0021, "SequenceVariant", 1),
	A(0018, 0022, "ScanOptions", 2),
	A(0018, 0023, "MRAcquisitionType", 2),
	A(0018, 0081, "EchoTime", 2),
	A(0018, 0091, "EchoTrainLength", 2),
	END,
};

/* CR Series and CR Image (C.8.1) */
static const struct dcb_iod_attr cr[] = {
	A(0018, 0015, "BodyPartExamined", 2),
	A(0018, 5101, "ViewPosition", 2),
	END,
};

/* DX Series, DX Image, DX Detector (C.8.11) */
static const struct dcb_iod_attr dx[] = {
	A(0008, 0008, "ImageType", 1),
	A(0008, 0068, "PresentationIntentType", 1),
	A(0018, 7004, "DetectorType", 2),
	A(0028, 1040, "PixelIntensityRelationship", 1),
	A(0028, 1041, "PixelIntensityRelationshipSign", 1),
	A(0028, 1052, "RescaleIntercept", 1),
	A(0028, 1053, "RescaleSlope", 1),
	A(0028, 1054, "RescaleType", 1),
	END,
};

/* US Image (C.8.5.6) */
static const struct dcb_iod_attr us[] = {
	A(0008, 0008, "ImageType", 2),
	END,
};

/* SC Equipment (C.8.6.1) */
static const struct dcb_iod_attr sc[] = {
	A(0008, 0064, "ConversionType", 1),
	END,
};

/* RT Series (C.8.8.1) */
static const struct dcb_iod_attr rt_series[] = {
	A(0008, 0060, "Modality", 1),
	A(0008, 1070, "OperatorsName", 2),
	A(0020, 0011, "SeriesNumber", 2),
	END,
};

/* RT Image (C.8.8.2) */
static const struct dcb_iod_attr rt_image[] = {
	A(0008, 0008, "ImageType", 1),
	A(0028, 0002, "SamplesPerPixel", 1),
	A(0028, 0004, "PhotometricInterpretation", 1),
	A(0028, 0100, "BitsAllocated", 1),
	A(0028, 0101, "BitsStored", 1),
	A(0028, 0102, "HighBit", 1),
	A(0028, 0103, "PixelRepresentation", 1),
	A(3002, 0002, "RTImageLabel", 1),
	A(3002, 000C, "RTImagePlane", 1),
	END,
};

/* RT Dose (C.8.8.3) */
static const struct dcb_iod_attr rt_dose[] = {
	A(3004, 0002, "DoseUnits", 1),
	A(3004, 0004, "DoseType", 1),
	A(3004, 000A, "DoseSummationType", 1),
	END,
};

/* Structure Set, ROI Contour, RT ROI Observations (C.8.8.5, .6, .8) */
static const struct dcb_iod_attr rt_struct[] = {
	A(3006, 0002, "StructureSetLabel", 1),
	A(3006, 0008, "StructureSetDate", 2),
	A(3006, 0009, "StructureSetTime", 2),
	A(3006, 0020, "StructureSetROISequence", 1),
	A(3006, 0039, "ROIContourSequence", 1),
	A(3006, 0080, "RTROIObservationsSequence", 1),
	END,
};

/* RT General Plan (C.8.8.9) */
static const struct dcb_iod_attr rt_plan[] = {
	A(300A, 0002, "RTPlanLabel", 1),
	A(300A, 0006, "RTPlanDate", 2),
	A(300A, 0007, "RTPlanTime", 2),
	A(300A, 000C, "RTPlanGeometry", 1),
	END,
};

/* SR Document Series, SR Document General, SR Document Content (C.17) */
static const struct dcb_iod_attr sr[] = {
	A(0008, 0023, "ContentDate", 1),
	A(0008, 0033, "ContentTime", 1),
	A(0008, 0060, "Modality", 1),
	A(0008, 1111, "ReferencedPerformedProcedureStepSequence", 2),
	A(0020, 0011, "SeriesNumber", 1),
	A(0020, 0013, "InstanceNumber", 1),
	A(0040, A040, "ValueType", 1),
	A(0040, A043, "ConceptNameCodeSequence", 1),
	A(0040, A050, "ContinuityOfContent", 1),
	A(0040, A372, "PerformedProcedureCodeSequence", 2),
	A(0040, A491, "CompletionFlag", 1),
	A(0040, A493, "VerificationFlag", 1),
	END,
};

#undef A
#undef END
/* clang-format on */

#define MAX_MODULES 10

struct dcb_iod {
	const char *name;
	const char *uids[5];
	const struct dcb_iod_attr *modules[MAX_MODULES];
};

/* clang-format off */
static const struct dcb_iod iods[] = {
	{ "CT Image", { "1.2.840.10008.5.1.4.1.1.2" },
	  { patient, study, series, frame_of_reference, equipment, image, plane, pixel, ct } },
	{ "MR Image", { "1.2.840.10008.5.1.4.1.1.4" },
	  { patient, study, series, frame_of_reference, equipment, image, plane, pixel, mr } },
	{ "CR Image", { "1.2.840.10008.5.1.4.1.1.1" },
	  { patient, study, series, equipment, image, pixel, cr } },
	{ "Digital X-Ray Image",
	  { "1.2.840.10008.5.1.4.1.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1.1",
	    "1.2.840.10008.5.1.4.1.1.1.2", "1.2.840.10008.5.1.4.1.1.1.2.1" },
	  { patient, study, series, equipment, image, pixel, dx } },
	{ "US Image", { "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.3.1" },
	  { patient, study, series, equipment, image, pixel, us } },
	{ "SC Image", { "1.2.840.10008.5.1.4.1.1.7" },
	  { patient, study, series, equipment, image, pixel, sc } },
	{ "RT Image", { "1.2.840.10008.5.1.4.1.1.481.1" },
	  { patient, study, rt_series, equipment, image, rt_image } },
	{ "RT Dose", { "1.2.840.10008.5.1.4.1.1.481.2" },
	  { patient, study, rt_series, frame_of_reference, equipment, rt_dose } },
	{ "RT Structure Set", { "1.2.840.10008.5.1.4.1.1.481.3" },
	  { patient, study, rt_series, equipment, rt_struct } },
	{ "RT Plan", { "1.2.840.10008.5.1.4.1.1.481.5" },
	  { patient, study, rt_series, equipment, rt_plan } },
	{ "Structured Report",
	  { "1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.88.22",
	    "1.2.840.10008.5.1.4.1.1.88.33", "1.2.840.10008.5.1.4.1.1.88.34" },
	  { patient, study, equipment, sr } },
};
/* clang-format on */

const struct dcb_iod *
dcb_iod_for_sop_class(const char *uid)
{
	for (size_t i = 0; uid != NULL && i < sizeof iods / sizeof iods[0]; i++)
		for (size_t u = 0; u < 5 && iods[i].uids[u] != NULL; u++)
			if (strcmp(iods[i].uids[u], uid) == 0)
				return &iods[i];
	return NULL;
}

const char *
dcb_iod_name(const struct dcb_iod *iod)
{
	return iod->name;
}

const struct dcb_iod_attr *
dcb_iod_attr(const struct dcb_iod *iod, unsigned i)
{
	for (size_t m = 0; m < MAX_MODULES && iod->modules[m] != NULL; m++) {
		const struct dcb_iod_attr *a = iod->modules[m];
		for (; a->keyword != NULL; a++)
			if (i-- == 0)
				return a;
	}
	return NULL;
}
