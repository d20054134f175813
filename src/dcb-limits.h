/* dcb-limits.h — every limit of the upper-layer and DIMSE codecs, in one place.
 *
 * The PDU decoder, the PDU reader, the negotiator and the DIMSE codec take
 * their bounds from here, so a reviewer can see at a glance what hostile
 * input can cost.  Changing a number here changes the size of the decoded
 * structs (struct dcb_assoc is about 300 KiB: allocate it on the heap). */
#ifndef DCB_LIMITS_H
#define DCB_LIMITS_H

/* Strings as they appear in PDUs and command sets. */
#ifndef DCB_UID_MAX
#define DCB_UID_MAX 64                  /* PS3.5 §9.1 */
#endif
#define DCB_UID_SIZE (DCB_UID_MAX + 1)  /* with the NUL */
#define DCB_AE_MAX 16                   /* AE title, PS3.5 Table 6.2-1 */
#define DCB_AE_SIZE (DCB_AE_MAX + 1)
#define DCB_IMPL_VERSION_MAX 16         /* implementation version name */

/* A-ASSOCIATE-RQ/AC content. */
#define DCB_MAX_CONTEXTS 128            /* odd IDs 1..255: PS3.8 §9.3.2.2 */
#define DCB_MAX_TS_PER_CONTEXT 32       /* more are kept out and counted */
#define DCB_MAX_ROLES 128               /* SCP/SCU role selection items */
#define DCB_MAX_EXT_NEG 64              /* SOP class extended negotiation items */
#define DCB_MAX_EXT_NEG_INFO 64         /* bytes of service-class-application-information kept */
#define DCB_MAX_COMMON_EXT_NEG 32       /* SOP class common extended negotiation items */
#define DCB_MAX_RELATED_CLASSES 8       /* related general SOP classes per item */
#define DCB_MAX_IDENTITY 2048           /* user identity field bytes kept (longer: counted) */
#define DCB_MAX_PDU_NOTES 32            /* anomalies recorded per decoded PDU */

/* PDU sizes. */
#define DCB_PDU_HEADER 6                /* type, reserved, 32-bit length */
#define DCB_PDV_HEADER 6                /* 32-bit item length, context ID, control header */
#define DCB_PDU_MIN_MAX 4096            /* dcmtk's -pdu lower bound */
#define DCB_PDU_DEFAULT_MAX 16384       /* dcmtk's default receive maximum */
#define DCB_PDU_LARGE_MAX 131072        /* dcmtk's -pdu upper bound */
#define DCB_PDU_SEND_UNLIMITED_CAP (1u << 20) /* what we send when the peer says 0 = unlimited */
#define DCB_PDU_CONTROL_MAX (1u << 20)  /* largest non-P-DATA PDU the reader buffers */
#define DCB_PDATA_SUMMARY_PDVS 4        /* PDV headers kept per P-DATA-TF for the trace */

/* DIMSE. */
#define DCB_DIMSE_CMD_MAX 16384         /* largest command set accepted (bytes) */
#define DCB_DIMSE_COMMENT_SIZE 65       /* Error Comment, LO: 64 chars */
#define DCB_DIMSE_MAX_OFFENDING 16      /* Offending Element tags kept */
#define DCB_DIMSE_MAX_ATTRIBUTE_IDS 128 /* Attribute Identifier List tags kept (N-GET) */

/* Data sets held in memory (C-FIND identifiers, worklist answers, N-service
 * data sets): small by nature, so bounded tightly. */
#define DCB_DSET_MAX_BYTES (1u << 20)   /* encoded size, and input accepted */
#define DCB_DSET_MAX_ELEMENTS 8192      /* elements and items in one data set, nested ones included */
#define DCB_DSET_MAX_DEPTH 16           /* sequences within sequences */
#define DCB_DSET_MAX_SHORT_VALUE 0xfffe /* longest value of a VR with a 16-bit length */

/* Pixel data (src/pixel-*.c): checked before any decoder or library sees
 * the bytes, so a hostile file costs at most one bounded frame. */
#define DCB_PIXEL_MAX_DIM 65535u              /* rows, columns: US */
#define DCB_PIXEL_MAX_SAMPLES (1u << 26)      /* rows x columns x samples per frame */
#define DCB_PIXEL_MAX_FRAMES 65536u           /* Number of Frames accepted */
#define DCB_PIXEL_MAX_FRAGMENTS (1u << 20)    /* fragments of encapsulated pixel data */
#define DCB_PIXEL_MAX_FRAME_BYTES (1u << 28)  /* compressed bytes of one frame */
#define DCB_PIXEL_MAX_LUT 65536u              /* entries of a palette, modality or VOI LUT */
#define DCB_PIXEL_MAX_WINDOWS 16u             /* window center/width pairs kept */

#endif
