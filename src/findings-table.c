/* findings-table.c — every conformance finding code, in one table, and the
 * helpers that turn a code into a finding.  doc/findings.md is generated
 * from this table (tests/findings-md.c); keep the rows in ascending order. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "i18n.h"

#define E DCB_SEV_ERROR
#define W DCB_SEV_WARNING
#define I DCB_SEV_INFO

/* clang-format off */
static const struct dcb_finding_def table[] = {
	/* ---- file level ---- */
	{ DCB_F_NO_PREAMBLE, E, N_("no preamble and DICM prefix"),
	  N_("A DICOM file starts with a 128-byte preamble followed by the four bytes \"DICM\". "
	     "This file starts directly with data elements, so other tools may not recognise it. "
	     "Rewrite it as a Part 10 file (for example with 'dcmconv')."),
	  "PS3.10 §7.1" },
	{ DCB_F_NO_DICM, E, N_("DICM prefix missing after the preamble"),
	  N_("The file has 128 bytes of preamble, but the four bytes after it are not \"DICM\". "
	     "Readers cannot tell it is a DICOM file. Rewrite the file with a correct header."),
	  "PS3.10 §7.1" },
	{ DCB_F_NO_META, E, N_("no file meta information"),
	  N_("The file has no group 0002 (File Meta Information), so nothing says which transfer "
	     "syntax encodes the data set; the reader had to guess. Rewrite it as a Part 10 file "
	     "with a meta header."),
	  "PS3.10 §7.1" },
	{ DCB_F_META_LENGTH_MISSING, E, N_("File Meta Information Group Length missing"),
	  N_("(0002,0000) is Type 1: it tells a reader where the meta header ends. Without it a "
	     "reader must guess. Rewrite the meta header with the group length."),
	  "PS3.10 §7.1" },
	{ DCB_F_META_LENGTH_WRONG, E, N_("File Meta Information Group Length is wrong"),
	  N_("The value of (0002,0000) is not the number of bytes of the group 0002 elements "
	     "that follow it. Readers that trust it start the data set at the wrong byte. "
	     "Recompute the length when writing the meta header."),
	  "PS3.10 §7.1" },
	{ DCB_F_META_VERSION_MISSING, E, N_("File Meta Information Version missing"),
	  N_("(0002,0001) is Type 1 and holds the two bytes 00H 01H. Add it to the meta header."),
	  "PS3.10 §7.1" },
	{ DCB_F_META_SOP_CLASS_MISSING, E, N_("Media Storage SOP Class UID missing"),
	  N_("(0002,0002) is Type 1 and must equal the SOP Class UID (0008,0016) of the data set. "
	     "Add it to the meta header."),
	  "PS3.10 §7.1" },
	{ DCB_F_META_SOP_INSTANCE_MISSING, E, N_("Media Storage SOP Instance UID missing"),
	  N_("(0002,0003) is Type 1 and must equal the SOP Instance UID (0008,0018) of the data "
	     "set. Add it to the meta header."),
	  "PS3.10 §7.1" },
	{ DCB_F_META_TS_MISSING, E, N_("Transfer Syntax UID missing"),
	  N_("(0002,0010) is Type 1: without it nobody knows how the data set is encoded. "
	     "Add the transfer syntax the data set is actually written in."),
	  "PS3.10 §7.1" },
	{ DCB_F_META_IMPL_CLASS_MISSING, E, N_("Implementation Class UID missing"),
	  N_("(0002,0012) is Type 1 and names the software that wrote the file. Add the writing "
	     "implementation's class UID."),
	  "PS3.10 §7.1" },
	{ DCB_F_META_SOP_CLASS_MISMATCH, E, N_("meta SOP Class UID differs from the data set"),
	  N_("(0002,0002) Media Storage SOP Class UID must equal (0008,0016) SOP Class UID. "
	     "Archives index one and store the other; fix whichever is wrong."),
	  "PS3.10 §7.1" },
	{ DCB_F_META_SOP_INSTANCE_MISMATCH, E, N_("meta SOP Instance UID differs from the data set"),
	  N_("(0002,0003) Media Storage SOP Instance UID must equal (0008,0018) SOP Instance UID. "
	     "A receiver may file the object under the wrong identity; make them equal."),
	  "PS3.10 §7.1" },
	{ DCB_F_TS_UNKNOWN, E, N_("unknown transfer syntax"),
	  N_("(0002,0010) names no transfer syntax this dictionary knows. Check for typing errors, "
	     "trailing spaces or a private syntax; other tools will refuse the file."),
	  "PS3.5 §10, PS3.6 Annex A" },
	{ DCB_F_META_VERSION_WRONG, W, N_("File Meta Information Version is not 00H 01H"),
	  N_("(0002,0001) should be the two bytes 00H 01H (version 1 of the meta header)."),
	  "PS3.10 §7.1" },
	{ DCB_F_META_IN_DATASET, E, N_("group 0002 element inside the data set"),
	  N_("File Meta Information elements belong to the meta header only; they must not appear "
	     "in the data set or inside sequence items. Remove them from the data set."),
	  "PS3.10 §7.1, PS3.5 §7.1" },
	{ DCB_F_TS_RETIRED, W, N_("retired transfer syntax"),
	  N_("The transfer syntax is retired (for example Explicit VR Big Endian). Current "
	     "receivers may not accept it; convert the file to Explicit VR Little Endian."),
	  "PS3.5 Annex A, PS3.6 Annex A" },

	/* ---- element level ---- */
	{ DCB_F_UI_CHARS, E, N_("UID contains characters other than digits and periods"),
	  N_("A UID is made of digits 0-9 and '.' only, padded to even length with one NUL. "
	     "Spaces, letters or other bytes make it a different UID for every receiver."),
	  "PS3.5 §9.1" },
	{ DCB_F_UI_LENGTH, E, N_("UID longer than 64 characters"),
	  N_("A UID has at most 64 characters. Longer ones are cut or refused by receivers. "
	     "Generate shorter UIDs (for example 2.25.<uuid>, PS3.5 §B.2)."),
	  "PS3.5 §9.1" },
	{ DCB_F_UI_LEADING_ZERO, E, N_("UID component with a leading zero"),
	  N_("Each component of a UID is a number without leading zeros (\"0\" alone is allowed). "
	     "\"1.02.3\" is not a valid UID. Fix the UID generator."),
	  "PS3.5 §9.1" },
	{ DCB_F_UI_PADDING, E, N_("UID padded with something other than one NUL"),
	  N_("A UID of odd length is padded with a single trailing NUL (00H), never with a space "
	     "or several bytes. Receivers comparing UIDs byte by byte will not match it."),
	  "PS3.5 §9.1, §6.2" },
	{ DCB_F_UI_EMPTY_COMPONENT, E, N_("UID with an empty component"),
	  N_("A UID must not start or end with '.' and must not contain \"..\". Fix the UID "
	     "generator."),
	  "PS3.5 §9.1" },
	{ DCB_F_ODD_LENGTH, E, N_("odd value length"),
	  N_("Every value length is even; odd values are padded (text with a space, UIDs and "
	     "binary with a NUL). Odd lengths break readers that rely on alignment."),
	  "PS3.5 §7.1.1" },
	{ DCB_F_DA_FORMAT, E, N_("DA value is not a date YYYYMMDD"),
	  N_("A date is 8 digits YYYYMMDD with a real month and day. Forms like \"2024-01-01\" or "
	     "\"2024.01.01\" (ACR-NEMA) are not allowed in a stored object."),
	  "PS3.5 §6.2" },
	{ DCB_F_TM_FORMAT, E, N_("TM value is not a time HHMMSS.FFFFFF"),
	  N_("A time is HH, HHMM, HHMMSS or HHMMSS.FFFFFF with digits only (hours 00-23, "
	     "minutes 00-59, seconds 00-60). Letters and ':' separators are not allowed."),
	  "PS3.5 §6.2" },
	{ DCB_F_DT_FORMAT, E, N_("DT value is not a date-time"),
	  N_("A date-time is YYYYMMDDHHMMSS.FFFFFF with optional trailing parts left out and an "
	     "optional offset &ZZXX (+ or -)."),
	  "PS3.5 §6.2" },
	{ DCB_F_AS_FORMAT, E, N_("AS value is not an age nnnD/W/M/Y"),
	  N_("An age string is exactly three digits and one of D, W, M or Y, for example \"045Y\"."),
	  "PS3.5 §6.2" },
	{ DCB_F_IS_FORMAT, E, N_("IS value is not an integer string"),
	  N_("An integer string is an optional sign and digits (at most 12 characters, leading and "
	     "trailing spaces allowed) within -2^31..2^31-1."),
	  "PS3.5 §6.2" },
	{ DCB_F_DS_FORMAT, E, N_("DS value is not a decimal string"),
	  N_("A decimal string is a fixed or exponential decimal number of at most 16 characters "
	     "(digits, + - . E e, leading and trailing spaces). Commas are not decimal points."),
	  "PS3.5 §6.2" },
	{ DCB_F_VALUE_TOO_LONG, E, N_("value longer than its VR allows"),
	  N_("Each VR limits the length of one value (CS, AE and SH 16, LO 64, ST 1024, LT 10240 "
	     "characters, ...). Receivers may cut or reject longer values."),
	  "PS3.5 §6.2, Table 6.2-1" },
	{ DCB_F_VALUE_CHARS, E, N_("character not allowed in this VR"),
	  N_("The VR restricts the characters of its values: CS allows upper-case letters, digits, "
	     "space and '_'; AE, DA, TM and the numeric strings allow no control characters; "
	     "SH/LO/PN allow no control characters except ESC."),
	  "PS3.5 §6.2, §6.1" },
	{ DCB_F_PN_COMPONENTS, E, N_("PN value with too many components or groups"),
	  N_("A person name has at most 5 components separated by '^' (family, given, middle, "
	     "prefix, suffix) in at most 3 groups separated by '=' (alphabetic, ideographic, "
	     "phonetic); each group at most 64 characters."),
	  "PS3.5 §6.2.1" },
	{ DCB_F_VR_MISMATCH, E, N_("VR differs from the data dictionary"),
	  N_("The explicit VR of this standard attribute is not the VR the data dictionary gives. "
	     "Readers that trust the dictionary will decode the value wrongly. Write the "
	     "dictionary VR."),
	  "PS3.5 §7.1.2, PS3.6 §6" },
	{ DCB_F_VM_MISMATCH, W, N_("value multiplicity differs from the data dictionary"),
	  N_("The number of values is not what the data dictionary allows for this attribute "
	     "(for example two values where VM is 1). Check the backslashes in the value."),
	  "PS3.5 §6.4, PS3.6 §6" },
	{ DCB_F_GROUP_LENGTH_PRESENT, W, N_("group length element present"),
	  N_("Group length elements (gggg,0000) outside group 0002 are retired. Readers ignore "
	     "them, and editing tools often leave them wrong. Leave them out."),
	  "PS3.5 §7.2" },
	{ DCB_F_GROUP_LENGTH_WRONG, E, N_("group length does not match the group"),
	  N_("The value of (gggg,0000) is not the number of bytes of the group's elements that "
	     "follow. Remove the group length or recompute it."),
	  "PS3.5 §7.2" },
	{ DCB_F_TAG_ORDER, E, N_("elements not in ascending tag order"),
	  N_("Data elements of a data set (and of each item) appear in ascending tag order. Out "
	     "of order elements break streaming readers and duplicate lookups."),
	  "PS3.5 §7.1" },
	{ DCB_F_RETIRED, W, N_("retired attribute used"),
	  N_("The attribute is retired from the standard. New objects should not use it; "
	     "current receivers may ignore it."),
	  "PS3.6 §6, PS3.5 §7.1" },
	{ DCB_F_BINARY_LENGTH, E, N_("value length not a multiple of the VR's value size"),
	  N_("Binary VRs hold values of fixed size (US/SS 2, UL/SL/FL/AT 4, FD/SV/UV 8 bytes, "
	     "OW 2, OF/OL 4, OD/OV 8). A length that is not a multiple leaves a broken value."),
	  "PS3.5 §6.2" },
	{ DCB_F_PRIVATE_NO_CREATOR, E, N_("private element without a private creator"),
	  N_("A private element (gggg,xxee) needs the private creator (gggg,00xx) earlier in the "
	     "same data set; without it nobody can tell whose element it is."),
	  "PS3.5 §7.8.1" },
	{ DCB_F_PRIVATE_GROUP_RESERVED, E, N_("element in a group where private elements are forbidden"),
	  N_("Groups 0001, 0003, 0005, 0007 and FFFF must not be used for private data elements."),
	  "PS3.5 §7.8.1" },
	{ DCB_F_TEXT_NUL_PADDING, W, N_("text value padded with NUL instead of a space"),
	  N_("Text VRs are padded to even length with a trailing space; only UIDs (and binary "
	     "values) are padded with NUL."),
	  "PS3.5 §6.2" },
	{ DCB_F_UN_KNOWN_TAG, I, N_("known attribute encoded as UN"),
	  N_("The attribute is in the dictionary but was written with VR UN, usually by a "
	     "converter that did not know it. A reader can recover the VR from the dictionary."),
	  "PS3.5 §6.2.2" },
	{ DCB_F_AE_ALL_SPACES, E, N_("AE value consists of spaces only"),
	  N_("A value of all spaces is not allowed for an Application Entity title. Use a real "
	     "AE title or leave the value empty."),
	  "PS3.5 §6.2" },

	/* ---- object level ---- */
	{ DCB_F_NO_SOP_CLASS, E, N_("SOP Class UID missing"),
	  N_("(0008,0016) is Type 1 in the SOP Common module of every IOD: without it nobody can "
	     "tell what kind of object this is."),
	  "PS3.3 §C.12.1" },
	{ DCB_F_NO_SOP_INSTANCE, E, N_("SOP Instance UID missing"),
	  N_("(0008,0018) is Type 1 in the SOP Common module: it identifies the object."),
	  "PS3.3 §C.12.1" },
	{ DCB_F_NO_STUDY_UID, E, N_("Study Instance UID missing"),
	  N_("(0020,000D) is Type 1 in the General Study module of composite IODs; archives file "
	     "objects by it."),
	  "PS3.3 §C.7.2.1" },
	{ DCB_F_NO_SERIES_UID, E, N_("Series Instance UID missing"),
	  N_("(0020,000E) is Type 1 in the General Series module of composite IODs."),
	  "PS3.3 §C.7.3.1" },
	{ DCB_F_TYPE1_MISSING, E, N_("Type 1 attribute missing"),
	  N_("The IOD of this SOP class requires the attribute with a value (Type 1). Add it."),
	  "PS3.3 (IOD module tables), PS3.5 §7.4.1" },
	{ DCB_F_TYPE1_EMPTY, E, N_("Type 1 attribute empty"),
	  N_("The attribute is present but has no value, and the IOD requires a value (Type 1). "
	     "Fill it in."),
	  "PS3.3 (IOD module tables), PS3.5 §7.4.1" },
	{ DCB_F_TYPE2_MISSING, W, N_("Type 2 attribute missing"),
	  N_("The IOD requires the attribute to be present, but it may be empty (Type 2). Add "
	     "it, empty if the value is unknown."),
	  "PS3.3 (IOD module tables), PS3.5 §7.4.3" },
	{ DCB_F_SOP_CLASS_UNKNOWN, W, N_("unknown SOP Class UID"),
	  N_("The SOP Class UID is not in the dictionary. It may be private or mistyped; "
	     "receivers will refuse it unless they know it."),
	  "PS3.4, PS3.6 Annex A" },

	/* ---- character sets ---- */
	{ DCB_F_CHARSET_UNKNOWN, E, N_("Specific Character Set is not a defined term"),
	  N_("(0008,0005) names the character set of text values with defined terms such as "
	     "\"ISO_IR 100\" or \"ISO_IR 192\". An unknown term leaves text undecodable."),
	  "PS3.3 §C.12.1.1.2" },
	{ DCB_F_CHARSET_UNDECLARED, E, N_("non-ASCII text without Specific Character Set"),
	  N_("Text values contain bytes above 7FH but (0008,0005) is absent, so the default "
	     "repertoire (ASCII) applies and the text is undecodable. Declare the character set."),
	  "PS3.5 §6.1.2, PS3.3 §C.12.1.1.2" },
	{ DCB_F_CHARSET_ESCAPE, E, N_("ISO 2022 escape sequence without code extensions"),
	  N_("A text value contains ESC, but (0008,0005) does not declare ISO 2022 code extensions "
	     "(\"ISO 2022 IR ...\"). Declare the character sets the escapes switch to."),
	  "PS3.5 §6.1.2, PS3.3 §C.12.1.1.2" },
	{ DCB_F_CHARSET_MULTI, E, N_("several character sets without code extensions"),
	  N_("(0008,0005) has several values, but only ISO 2022 terms (\"ISO 2022 IR ...\") may be "
	     "combined. \"ISO_IR 192\", \"GB18030\" and \"GBK\" stand alone."),
	  "PS3.3 §C.12.1.1.2" },
	{ DCB_F_CHARSET_BAD_UTF8, E, N_("text is not valid UTF-8 under ISO_IR 192"),
	  N_("(0008,0005) declares ISO_IR 192 (UTF-8) but the text holds byte sequences that are "
	     "not UTF-8. Re-encode the text or declare the character set it is written in."),
	  "PS3.5 §6.1.2, PS3.3 §C.12.1.1.2" },

	/* ---- pixel data ---- */
	{ DCB_F_PIXEL_NO_DECODE, E, N_("pixel data does not decode"),
	  N_("A frame of the pixel data could not be decoded; the message gives the decoder's "
	     "own words. Viewers will show nothing or garbage. Check the transfer syntax against "
	     "the codec that wrote the frames, and re-encode the object (for example with "
	     "'dcmdjpeg' or 'dcmcjpeg') from a good copy."),
	  "PS3.5 §8.2, Annex A.4" },
	{ DCB_F_PIXEL_FRAME_COUNT, E, N_("frame count differs from Number of Frames"),
	  N_("The encapsulated pixel data holds a different number of frames than Number of "
	     "Frames (0028,0008) says (or than one, when it is absent). Receivers index frames by "
	     "that number and miss or invent some. Write the real count."),
	  "PS3.3 C.7.6.6, PS3.5 A.4" },
	{ DCB_F_PIXEL_LENGTH, E, N_("native Pixel Data length does not fit the image"),
	  N_("Native Pixel Data holds Rows x Columns x Samples per Pixel x Bits Allocated / 8 "
	     "bytes per frame, times Number of Frames, padded to an even length. A shorter value "
	     "loses pixels, a longer one hides data. Fix the attributes or the pixel data."),
	  "PS3.5 §8.1.1, PS3.3 C.7.6.3" },
	{ DCB_F_PIXEL_BITS_STORED, E, N_("Bits Stored greater than Bits Allocated"),
	  N_("Bits Stored (0028,0101) counts the bits of a pixel cell that hold the value; "
	     "it cannot exceed the cell, Bits Allocated (0028,0100). Correct whichever is wrong."),
	  "PS3.3 C.7.6.3.1" },
	{ DCB_F_PIXEL_HIGH_BIT, E, N_("High Bit does not fit"),
	  N_("High Bit (0028,0102) is the most significant bit of the stored value inside the "
	     "cell: it must lie between Bits Stored - 1 and Bits Allocated - 1 (and is Bits "
	     "Stored - 1 in most IODs). Readers that trust it read the wrong bits."),
	  "PS3.3 C.7.6.3.1, PS3.5 §8.1.1" },
	{ DCB_F_PIXEL_PHOTOMETRIC, E, N_("photometric interpretation does not fit Samples per Pixel"),
	  N_("MONOCHROME1, MONOCHROME2 and PALETTE COLOR have one sample per pixel; RGB and the "
	     "YBR interpretations have three. An unknown interpretation or the wrong count leaves "
	     "readers guessing the colours. Correct (0028,0004) or (0028,0002)."),
	  "PS3.3 C.7.6.3.1.2" },
	{ DCB_F_PIXEL_LOSSY_UNDECLARED, E, N_("lossy transfer syntax without Lossy Image Compression"),
	  N_("The pixel data is encoded with a lossy transfer syntax, but Lossy Image Compression "
	     "(0028,2110) is absent or not \"01\". Once pixels have been compressed lossily the "
	     "attribute must say so, for the diagnostic value of the image. Set it to 01 and add "
	     "Lossy Image Compression Ratio and Method."),
	  "PS3.3 C.7.6.1.1.5" },

	/* ---- wire level ---- */
	{ DCB_F_STORE_CLASS_MISMATCH, E, N_("C-STORE Affected SOP Class UID differs from the data set"),
	  N_("The Affected SOP Class UID (0000,0002) of a C-STORE request must equal the SOP Class "
	     "UID (0008,0016) of the data set it carries."),
	  "PS3.7 §9.1.1, PS3.4 §B.2" },
	{ DCB_F_STORE_INSTANCE_MISMATCH, E, N_("C-STORE Affected SOP Instance UID differs from the data set"),
	  N_("The Affected SOP Instance UID (0000,1000) of a C-STORE request must equal the SOP "
	     "Instance UID (0008,0018) of the data set it carries."),
	  "PS3.7 §9.1.1, PS3.4 §B.2" },
	{ DCB_F_TS_NOT_NEGOTIATED, E, N_("data set not in the negotiated transfer syntax"),
	  N_("A data set sent on a presentation context must be encoded in the transfer syntax "
	     "accepted for that context. Convert the data set or propose its syntax."),
	  "PS3.8 §7.1.1.13, §9.3.5" },
	{ DCB_F_WIRE_UID_PADDING, E, N_("UID on the wire with odd length or wrong padding"),
	  N_("A UID in a command set or an association item is padded to even length with one "
	     "NUL in command sets (none in A-ASSOCIATE items); a space or odd length is wrong."),
	  "PS3.5 §9.1, PS3.8 §9.3" },
	{ DCB_F_DIMSE_UNSUPPORTED, W, N_("request for a service this SCP does not offer"),
	  N_("The request names a DIMSE service (its command and the presentation context's SOP "
	     "class) that no service of this SCP provides. It is answered with status 0x0211 "
	     "(unrecognized operation) and the association goes on. Send it to an SCP that offers "
	     "the service, or check which SOP classes were proposed for it."),
	  "PS3.7 §9.1, Annex C" },
	{ DCB_F_DIMSE_UNKNOWN_COMMAND, E, N_("Command Field that PS3.7 does not define"),
	  N_("(0000,0100) Command Field holds a value that is no DIMSE message of PS3.7 Annex E. "
	     "It is answered with status 0x0211 (unrecognized operation) and the association goes "
	     "on. Check the sender's command set encoding."),
	  "PS3.7 §9.3, Annex E" },
	{ DCB_F_PDV_FLAGS, E, N_("invalid PDV message control header"),
	  N_("The message control header of a PDV uses bit 0 (command/data) and bit 1 (last "
	     "fragment) only; a data fragment may not come before the last command fragment."),
	  "PS3.8 Annex E.2" },
	{ DCB_F_PDU_TOO_LARGE, E, N_("PDU larger than the negotiated maximum"),
	  N_("A P-DATA-TF PDU must not be longer than the maximum length the receiver announced "
	     "in its A-ASSOCIATE. Lower the sender's maximum PDU size."),
	  "PS3.8 §9.3.5, Annex D.1" },
	{ DCB_F_PDU_ITEM_UNKNOWN, W, N_("unknown item in a PDU"),
	  N_("The PDU holds an item or sub-item type the standard does not define. Receivers "
	     "ignore unknown items, but it usually means a length error earlier."),
	  "PS3.8 §9.3" },
	{ DCB_F_AE_TITLE_CHARS, E, N_("AE title with invalid characters"),
	  N_("An AE title is up to 16 characters of the default repertoire without control "
	     "characters or backslash. Peers compare titles byte by byte."),
	  "PS3.5 §6.2, PS3.8 §9.3.2" },
	{ DCB_F_AE_TITLE_SPACES, W, N_("AE title with leading spaces or empty"),
	  N_("Leading spaces in an AE title are not significant but many peers compare them; "
	     "an AE title of only spaces is not allowed. Use titles without leading spaces."),
	  "PS3.5 §6.2, PS3.8 §9.3.2" },
	{ DCB_F_CONTEXT_REJECTED, W, N_("presentation context rejected"),
	  N_("The acceptor rejected a proposed presentation context (abstract syntax not "
	     "supported, or none of the transfer syntaxes). Objects of that SOP class cannot be "
	     "sent on this association."),
	  "PS3.8 §9.3.3.2" },
	{ DCB_F_QR_IDENTIFIER, E, N_("query or retrieve request this SCP cannot carry out"),
	  N_("The identifier of a C-FIND, C-MOVE or C-GET request could not be used: no or an "
	     "unknown Query/Retrieve Level (0008,0052), a level the information model does not "
	     "have, an unreadable data set, or a storage area that may not be read. The request "
	     "is answered with a failure status (0xA900, 0xA700 or 0xC000) and an error comment "
	     "that says which."),
	  "PS3.4 §C.4.1, §C.6" },
	{ DCB_F_QR_MOVE_DESTINATION_UNKNOWN, E, N_("C-MOVE destination not in the AE table"),
	  N_("A C-MOVE names its destination by AE title only; the SCP must know that AE "
	     "title's address. It is answered 0xA801 (move destination unknown). Add the "
	     "destination to the SCP's AE table (dicombench: --peer AE@HOST:PORT or the "
	     "HostTable of dcmqrscp.cfg), with the port on which it listens, not the port it "
	     "calls from."),
	  "PS3.4 §C.4.2.1.5" },
	{ DCB_F_QR_MOVE_LOOP, E, N_("C-MOVE destination is the SCP itself"),
	  N_("The move destination's address is this SCP's own: the objects would be sent back "
	     "to where they are stored. It is answered 0xA801. Name the AE title of the system "
	     "that is to receive the objects."),
	  "PS3.4 §C.4.2" },
	{ DCB_F_QR_GET_NO_ROLE, E, N_("C-GET sub-operation without a usable context"),
	  N_("C-GET sends the objects back on the same association, so the requestor must have "
	     "proposed a context for each object's SOP class and transfer syntax and taken the "
	     "SCP role for it in an SCP/SCU Role Selection item. Without it the sub-operation "
	     "fails and is listed in the Failed SOP Instance UID List."),
	  "PS3.4 §C.4.3, PS3.7 §D.3.3.4" },


	/* ---- services: the worklist folder ---- */
	{ DCB_F_WL_UNREADABLE, E, N_("worklist file cannot be read"),
	  N_("A .wl file in the worklist folder is not a DICOM file, is truncated, is encoded in "
	     "a transfer syntax other than implicit or explicit VR little endian, or holds no "
	     "data set. It is not served; the other entries are. Write it again, for example "
	     "with 'dump2dcm +te entry.dump entry.wl', and check it with 'dcmdump'."),
	  "PS3.10 §7; PS3.4 K.6" },
	{ DCB_F_WL_INCOMPLETE, W, N_("worklist entry lacks a required return key"),
	  N_("The entry lacks, or has empty, an attribute PS3.4 makes a Type 1 return key of a "
	     "worklist answer (Scheduled Procedure Step Sequence with one item holding Scheduled "
	     "Station AE Title, start date and time, Modality and Scheduled Procedure Step ID; "
	     "Requested Procedure ID, Study Instance UID, Patient's Name and ID; a description "
	     "or a code sequence for the scheduled and the requested procedure; the Referenced "
	     "Study and Patient Sequences). dcmtk's wlmscpfs ignores such a file unless started "
	     "with -dfr, and so does dicombench. Add the attribute to the entry."),
	  "PS3.4 K.6.1.2.2" },
	{ DCB_F_WL_NO_LOCKFILE, W, N_("worklist AE folder without lockfile"),
	  N_("In dcmtk's layout (wlmscpfs -dfp ROOT) every AE title folder holds a file named "
	     "'lockfile' that wlmscpfs locks while it reads; without it wlmscpfs answers every "
	     "query to that AE title with a failure. dicombench answers anyway. Create an empty "
	     "file named 'lockfile' in the folder."),
	  "PS3.4 K.4; dcmtk wlmscpfs" },

	/* ---- services: Modality Performed Procedure Step ---- */
	{ DCB_F_MPPS_CREATE_STATUS, E, N_("MPPS created in a state other than IN PROGRESS"),
	  N_("An N-CREATE of a Modality Performed Procedure Step must carry Performed Procedure "
	     "Step Status (0040,0252) IN PROGRESS; the step is completed or discontinued later "
	     "with N-SET. The SCP answers 0106H (invalid attribute value) and creates nothing."),
	  "PS3.4 F.7.2.1.3" },
	{ DCB_F_MPPS_FINAL, E, N_("N-SET of an MPPS that is already COMPLETED or DISCONTINUED"),
	  N_("Once Performed Procedure Step Status is COMPLETED or DISCONTINUED the step may no "
	     "longer be updated. The SCP answers 0110H (processing failure) with Error ID A710H. "
	     "A modality that retries the same N-SET after a lost response sees this; one that "
	     "sets a final state twice has a bug."),
	  "PS3.4 F.7.2.2.3, Table F.7.2-2" },
	{ DCB_F_MPPS_FINAL_MISSING, E, N_("MPPS final state without its required attributes"),
	  N_("When an N-SET makes the status COMPLETED or DISCONTINUED, the step must hold what "
	     "Table F.7.2-1 requires in the final state: Performed Procedure Step End Date and "
	     "End Time, and a Performed Series Sequence with at least one item whose Series "
	     "Instance UID and Protocol Name have values. The SCP answers 0120H (missing "
	     "attribute) or 0121H (missing attribute value) and keeps the step IN PROGRESS."),
	  "PS3.4 F.7.2, Table F.7.2-1" },
	{ DCB_F_MPPS_CREATE_MISSING, E, N_("MPPS N-CREATE without a required attribute"),
	  N_("The N-CREATE lacks an attribute Table F.7.2-1 requires (Type 1: a value; Type 2: "
	     "present, possibly empty), such as Performed Procedure Step ID, Performed Station AE "
	     "Title, Performed Procedure Step Start Date and Time, Modality, or the Scheduled "
	     "Step Attributes Sequence with the Study Instance UID. The SCP answers 0120H or "
	     "0121H and creates nothing."),
	  "PS3.4 F.7.2.1, Table F.7.2-1" },
	{ DCB_F_MPPS_NO_INSTANCE, E, N_("N-SET of an MPPS that does not exist"),
	  N_("The Requested SOP Instance UID of the N-SET names no step this SCP created. The "
	     "SCP answers 0112H (no such SOP instance). The N-CREATE may have failed, or gone to "
	     "another SCP."),
	  "PS3.7 10.1.3" },
	{ DCB_F_MPPS_DUPLICATE, E, N_("N-CREATE of an MPPS that already exists"),
	  N_("The Affected SOP Instance UID of the N-CREATE names a step this SCP already holds. "
	     "The SCP answers 0111H (duplicate SOP instance). A modality must make a new UID "
	     "for every step, or leave the UID to the SCP."),
	  "PS3.7 10.1.5" },
	{ DCB_F_MPPS_NOT_ALLOWED, W, N_("N-SET of an attribute that may not be set"),
	  N_("Table F.7.2-1 marks some attributes 'Not allowed' in N-SET (the patient, the "
	     "scheduled step, the start of the step). They are fixed by the N-CREATE. dicombench "
	     "ignores the new value, keeps the old one and answers the rest of the N-SET."),
	  "PS3.4 F.7.2, Table F.7.2-1" },
	{ DCB_F_MPPS_UNLINKED, I, N_("MPPS refers to no worklist entry"),
	  N_("None of the step's Scheduled Step Attributes Sequence items names a worklist entry "
	     "(by Study Instance UID, Accession Number and Scheduled Procedure Step ID). That is "
	     "allowed for an unscheduled procedure, where the items carry empty values; for a "
	     "scheduled one, the modality copied the wrong values from the worklist."),
	  "PS3.17 J.2" },
	{ DCB_F_MPPS_BAD_STATUS, E, N_("unknown Performed Procedure Step Status"),
	  N_("Performed Procedure Step Status (0040,0252) has the enumerated values IN PROGRESS, "
	     "COMPLETED and DISCONTINUED. The SCP answers 0106H (invalid attribute value)."),
	  "PS3.3 C.4.14" },
	{ DCB_F_COMMIT_REQUEST, E, N_("Storage commitment request not usable"),
	  N_("An N-ACTION-RQ of the Storage Commitment Push Model must have action type 1, the "
	     "well-known SOP instance 1.2.840.10008.1.20.1.1 and Action Information with a "
	     "Transaction UID (0008,1195) and a Referenced SOP Sequence (0008,1199) whose items "
	     "each name a Referenced SOP Class and Instance UID. The request is refused with the "
	     "status the message gives (0x0120 missing attribute, 0x0121 missing value, 0x0115 "
	     "invalid value, 0x0123 no such action) and no report follows."),
	  "PS3.4 §J.3.2" },
	{ DCB_F_COMMIT_REQUESTER_UNKNOWN, E, N_("Storage commitment requester not in the AE table"),
	  N_("The report must go on a new association (the requester's has ended, or the "
	     "scenario says so), and the SCP finds the requester's address by its calling AE "
	     "title. That AE title is not in the AE table, so no report is sent. Add it "
	     "(dicombench: --peer AE@HOST:PORT, or the HostTable of dcmqrscp.cfg) with the port "
	     "on which the requester accepts the report."),
	  "PS3.4 §J.3.3" },
	{ DCB_F_COMMIT_NO_SCP_ROLE, W, N_("Reverse association without the SCP role"),
	  N_("The SCP opened an association to send its storage commitment report and asked "
	     "for the SCP role in an SCP/SCU Role Selection item; the requester's A-ASSOCIATE-AC "
	     "did not grant it. The N-EVENT-REPORT is sent anyway, since many requesters expect "
	     "it, but strictly the requester should answer the role selection."),
	  "PS3.4 §J.3.3, PS3.7 §D.3.3.4" },
	{ DCB_F_COMMIT_REPORT, E, N_("Storage commitment report not usable"),
	  N_("An N-EVENT-REPORT-RQ of the Storage Commitment Push Model must have event type 1 "
	     "(all committed) or 2 (some failed) and Event Information with the request's "
	     "Transaction UID and the Referenced SOP Sequence and/or Failed SOP Sequence (each "
	     "failed item with a Failure Reason). This one cannot be matched to the request or "
	     "read, so the objects' fate stays unknown."),
	  "PS3.4 §J.3.3" },
	{ DCB_F_COMMIT_NOT_COMMITTED, E, N_("Object not committed"),
	  N_("The storage commitment report lists the object as failed, with its Failure "
	     "Reason: 0x0112 the SCP has no such object, 0x0119 it has it under another SOP "
	     "class, 0x0122 it does not support the class, 0x0110 processing failure. The "
	     "SCP takes no responsibility for it: send it again, or find out why it was lost."),
	  "PS3.4 §J.3.3.1.1" },
};
/* clang-format on */

#undef E
#undef W
#undef I

unsigned
dcb_finding_count(void)
{
	return sizeof table / sizeof table[0];
}

const struct dcb_finding_def *
dcb_finding_nth(unsigned i)
{
	return i < dcb_finding_count() ? &table[i] : NULL;
}

const struct dcb_finding_def *
dcb_finding_def(enum dcb_code code)
{
	for (unsigned i = 0; i < dcb_finding_count(); i++)
		if (table[i].code == code)
			return &table[i];
	return NULL;
}

const struct dcb_finding_def *
dcb_finding_parse(const char *text)
{
	if (text == NULL)
		return NULL;
	if (strncasecmp(text, "DCB", 3) == 0)
		text += 3;
	if (*text == '\0' || strlen(text) > 3)
		return NULL;
	for (const char *p = text; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return NULL;
	return dcb_finding_def((enum dcb_code)atoi(text));
}

void
dcb_finding_code_str(enum dcb_code code, char buf[8])
{
	unsigned n = (unsigned)code % 1000u;

	buf[0] = 'D';
	buf[1] = 'C';
	buf[2] = 'B';
	buf[3] = (char)('0' + n / 100);
	buf[4] = (char)('0' + n / 10 % 10);
	buf[5] = (char)('0' + n % 10);
	buf[6] = '\0';
}

const char *
dcb_finding_title(const struct dcb_finding_def *d)
{
	return dgettext(PACKAGE, d->title);
}

const char *
dcb_finding_explanation(const struct dcb_finding_def *d)
{
	return dgettext(PACKAGE, d->explanation);
}

const char *
dcb_severity_name(enum dcb_severity s)
{
	switch (s) {
	case DCB_SEV_INFO:
		return dgettext(PACKAGE, N_("info"));
	case DCB_SEV_WARNING:
		return dgettext(PACKAGE, N_("warning"));
	case DCB_SEV_ERROR:
		return dgettext(PACKAGE, N_("error"));
	}
	return "?";
}

void
dcb_finding_vmake(struct dcb_finding *f, enum dcb_code code, int64_t offset, uint32_t tag,
                  const char *where, const char *fmt, va_list ap)
{
	const struct dcb_finding_def *d = dcb_finding_def(code);

	memset(f, 0, sizeof *f);
	dcb_finding_code_str(code, f->code);
	f->severity = d != NULL ? d->severity : DCB_SEV_ERROR;
	f->offset = offset;
	f->tag = tag;
	if (where != NULL)
		snprintf(f->where, sizeof f->where, "%s", where);
	vsnprintf(f->message, sizeof f->message, dgettext(PACKAGE, fmt), ap);
}

void
dcb_finding_make(struct dcb_finding *f, enum dcb_code code, int64_t offset, uint32_t tag,
                 const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dcb_finding_vmake(f, code, offset, tag, where, fmt, ap);
	va_end(ap);
}

void
dcb_finding_emit(dcb_finding_fn fn, void *user, enum dcb_code code, int64_t offset, uint32_t tag,
                 const char *where, const char *fmt, ...)
{
	struct dcb_finding f;
	va_list ap;

	if (fn == NULL)
		return;
	va_start(ap, fmt);
	dcb_finding_vmake(&f, code, offset, tag, where, fmt, ap);
	va_end(ap);
	fn(&f, user);
}

void
dcb_finding_where(char *buf, size_t size, const uint32_t *path, const uint32_t *item_index,
                  unsigned depth, uint32_t tag)
{
	size_t used = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (unsigned i = 0; path != NULL && i < depth && used < size; i++) {
		int n = snprintf(buf + used, size - used, "(%04X,%04X)[%u].",
		                 (unsigned)(path[i] >> 16), (unsigned)(path[i] & 0xffff),
		                 item_index != NULL ? (unsigned)item_index[i] : 0u);
		if (n < 0)
			return;
		used += (size_t)n;
	}
	if (used < size)
		snprintf(buf + used, size - used, "(%04X,%04X)", (unsigned)(tag >> 16),
		         (unsigned)(tag & 0xffff));
}

void
dcb_finding_quote(char *buf, size_t size, const uint8_t *value, size_t len, size_t max)
{
	size_t used = 0;

	if (size == 0)
		return;
	for (size_t i = 0; value != NULL && i < len; i++) {
		char piece[8];
		if (i == max)
			snprintf(piece, sizeof piece, "...");
		else if (value[i] >= 0x20 && value[i] < 0x7f)
			snprintf(piece, sizeof piece, "%c", (char)value[i]);
		else
			snprintf(piece, sizeof piece, "\\x%02X", value[i]);
		size_t n = strlen(piece);
		if (used + n >= size)
			break;
		memcpy(buf + used, piece, n);
		used += n;
		if (i == max)
			break;
	}
	buf[used] = '\0';
}
