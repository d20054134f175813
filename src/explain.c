/* explain.c — the explain key's table: one entry per field the PDU tree
 * names (pdu-tree.c), with where PS3.8 (PDUs, items and sub-items) or
 * PS3.7 (command elements, Annex E) defines it. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "i18n.h"
#include "pdu.h"

#define CMD(e) "cmd-0000-" #e

static const struct dcb_explain table[] = {
    /* ---- the PDUs (PS3.8 9.3) ---- */
    {"pdu-associate-rq", N_("A-ASSOCIATE-RQ PDU"),
     N_("The requestor asks to open an association: who calls whom (AE titles), the application "
        "context, every presentation context it proposes (an abstract syntax with the transfer "
        "syntaxes it can use) and the user information (maximum PDU length, implementation, "
        "roles, extended negotiation). The acceptor answers with A-ASSOCIATE-AC or -RJ."),
     "PS3.8 9.3.2, Table 9-11"},
    {"pdu-associate-ac", N_("A-ASSOCIATE-AC PDU"),
     N_("The acceptor takes the association: one result per proposed presentation context "
        "(accepted with the one transfer syntax it picked, or rejected with a reason) and its own "
        "user information. The AE title fields repeat the request's; their values are not to be "
        "tested."),
     "PS3.8 9.3.3, Table 9-17"},
    {"pdu-associate-rj", N_("A-ASSOCIATE-RJ PDU"),
     N_("The association is refused: a result (permanent or transient), who refused it (the "
        "service user or a provider) and a reason."),
     "PS3.8 9.3.4, Table 9-21"},
    {"pdu-p-data-tf", N_("P-DATA-TF PDU"),
     N_("Carries DIMSE messages: one or more presentation data values (PDVs), each a fragment of "
        "a command or of a data set on one presentation context."),
     "PS3.8 9.3.5, Table 9-22"},
    {"pdu-release-rq", N_("A-RELEASE-RQ PDU"),
     N_("One side asks to end the association in order; the other answers with A-RELEASE-RP and "
        "the requestor then closes the connection."),
     "PS3.8 9.3.6, Table 9-24"},
    {"pdu-release-rp", N_("A-RELEASE-RP PDU"),
     N_("The answer to A-RELEASE-RQ: the association is over."), "PS3.8 9.3.7, Table 9-25"},
    {"pdu-abort", N_("A-ABORT PDU"),
     N_("Ends the association at once, without an answer; whatever was under way is lost."),
     "PS3.8 9.3.8, Table 9-26"},
    {"pdu-unknown", N_("unknown PDU type"),
     N_("PS3.8 defines PDU types 01H to 07H only; an acceptor that receives another type aborts "
        "the association (a protocol error, state machine event 19)."),
     "PS3.8 9.3.1, 9.2 (Table 9-10)"},
    {"unknown-pdu", N_("unknown PDU type"),
     N_("The body of a PDU of an unknown type is not decoded: its structure is not defined."),
     "PS3.8 9.3.1"},

    /* ---- A-ASSOCIATE-RQ/AC fields and items ---- */
    {"protocol-version", N_("protocol version"),
     N_("A bit field; bit 0 set (0x0001) means version 1, the only version there is. An "
        "acceptor that supports none of the bits set rejects the association."),
     "PS3.8 Table 9-11"},
    {"called-ae-title", N_("called AE title"),
     N_("The application entity the requestor wants to reach, 16 characters, padded with "
        "spaces. Many SCPs accept only their own title and reject others (reason 7, called AE "
        "title not recognized)."),
     "PS3.8 Table 9-11"},
    {"calling-ae-title", N_("calling AE title"),
     N_("Who is calling, 16 characters, padded with spaces. An SCP may accept only the peers it "
        "knows (reason 3, calling AE title not recognized); a C-MOVE destination is looked up by "
        "AE title, not by this association's address."),
     "PS3.8 Table 9-11"},
    {"application-context", N_("application context"),
     N_("Names the set of rules the association follows; for DICOM it is always "
        "1.2.840.10008.3.1.1.1, the DICOM Application Context Name."),
     "PS3.8 9.3.2.1 (Table 9-12), PS3.7 Annex A"},
    {"presentation-context-rq", N_("presentation context (proposed)"),
     N_("One thing the requestor wants to talk about: an odd ID from 1 to 255, one abstract "
        "syntax (the SOP class) and one or more transfer syntaxes it can send or receive."),
     "PS3.8 9.3.2.2, Table 9-13"},
    {"presentation-context-ac", N_("presentation context (answered)"),
     N_("The acceptor's answer for one proposed context, by its ID: 0 acceptance with exactly one "
        "transfer syntax, 1 user rejection, 2 no reason, 3 abstract syntax not supported, 4 "
        "transfer syntaxes not supported."),
     "PS3.8 9.3.3.2, Table 9-18"},
    {"abstract-syntax", N_("abstract syntax"),
     N_("What the context is for: a SOP class UID (CT Image Storage, Verification, Study Root "
        "Query/Retrieve - FIND ...) or a Meta SOP class."),
     "PS3.8 9.3.2.2.1, Table 9-14"},
    {"transfer-syntax", N_("transfer syntax"),
     N_("How data sets are encoded on this context: byte order, explicit or implicit VR, "
        "compression. Proposed: any number; accepted: exactly one. Commands are always implicit "
        "VR little endian."),
     "PS3.8 9.3.2.2.2 (Table 9-15), 9.3.3.2.1 (Table 9-19); PS3.5 Section 10"},
    {"user-information-rq", N_("user information (proposed)"),
     N_("The requestor's sub-items: maximum length, implementation class UID and version, and "
        "the optional negotiations (asynchronous operations, roles, extended negotiation, user "
        "identity)."),
     "PS3.8 9.3.2.3 (Table 9-16), Annex D"},
    {"user-information-ac", N_("user information (answered)"),
     N_("The acceptor's sub-items: its maximum length and implementation, and its answers to the "
        "optional negotiations."),
     "PS3.8 9.3.3.3 (Table 9-20), Annex D"},
    {"maximum-length", N_("maximum length received"),
     N_("The largest P-DATA-TF PDU body this side can receive, in bytes; the other side must "
        "fragment to fit it. 0 means no limit."),
     "PS3.8 D.1 (Tables D.1-1, D.1-2)"},
    {"implementation-class-uid", N_("implementation class UID"),
     N_("Identifies the software that speaks (its maker and version line); required in every "
        "request and answer."),
     "PS3.8 D.3.3.2 (Tables D.3-1, D.3-2)"},
    {"implementation-version-name", N_("implementation version name"),
     N_("A free text of up to 16 characters naming the software's version; optional."),
     "PS3.8 D.3.3.2 (Tables D.3-3, D.3-4)"},
    {"asynchronous-operations-window", N_("asynchronous operations window"),
     N_("How many requests may be outstanding at once: invoked (sent by the requestor) and "
        "performed (by the acceptor). Absent or 1/1: one at a time, the default."),
     "PS3.8 D.3.3.3 (Tables D.3-7, D.3-8); PS3.7 D.3.3.3"},
    {"role-selection", N_("SCP/SCU role selection"),
     N_("Per SOP class, which roles the requestor proposes to play. Without it the requestor is "
        "SCU and the acceptor SCP; C-GET needs it, because the acceptor sends C-STOREs back and "
        "the requestor must be SCP of those storage classes."),
     "PS3.8 D.3.3.4 (Tables D.3-9, D.3-10); PS3.7 D.3.3.4"},
    {"role-selection-sop-class", N_("SOP class of the role selection"),
     N_("The SOP class the roles are about; it must match an abstract syntax of a proposed "
        "presentation context."),
     "PS3.8 D.3.3.4, Table D.3-9"},
    {"role-selection-roles", N_("SCU role, SCP role"),
     N_("1: this side may play the role; 0: it may not. In the answer, the acceptor may only "
        "keep or drop what was proposed."),
     "PS3.8 D.3.3.4 (Tables D.3-9, D.3-10)"},
    {"extended-negotiation", N_("SOP class extended negotiation"),
     N_("Service-specific options for one SOP class, in a layout its service class defines (for "
        "example relational queries or fuzzy matching for Query/Retrieve)."),
     "PS3.8 D.3.3.5 (Table D.3-11); PS3.4 (each service class)"},
    {"extended-negotiation-sop-class", N_("SOP class of the extended negotiation"),
     N_("The SOP class the options are for."), "PS3.8 D.3.3.5, Table D.3-11"},
    {"service-class-application-information", N_("service class application information"),
     N_("The option bytes; their meaning is given by the service class (PS3.4), not by PS3.8."),
     "PS3.8 D.3.3.5, Table D.3-11; PS3.4"},
    {"common-extended-negotiation", N_("SOP class common extended negotiation"),
     N_("Tells the acceptor which service class a (possibly private) SOP class belongs to, and "
        "which general SOP classes it is related to."),
     "PS3.8 D.3.3.6, Table D.3-12"},
    {"common-extended-negotiation-sop-class", N_("SOP class"),
     N_("The SOP class being described."), "PS3.8 D.3.3.6, Table D.3-12"},
    {"service-class-uid", N_("service class UID"),
     N_("The service class the SOP class belongs to (for example the Storage Service Class)."),
     "PS3.8 D.3.3.6, Table D.3-12"},
    {"related-general-sop-class", N_("related general SOP class"),
     N_("A standard SOP class the described one specializes; an acceptor that knows only the "
        "general one may accept the specialized one."),
     "PS3.8 D.3.3.6, Table D.3-13"},
    {"user-identity-rq", N_("user identity"),
     N_("Who the user is: a user name, a user name and passcode, a Kerberos ticket, a SAML "
        "assertion or a JSON web token; and whether a positive response is requested."),
     "PS3.8 D.3.3.7, Table D.3-14"},
    {"user-identity-primary", N_("primary field"),
     N_("The user name, or the ticket, assertion or token, as the identity type says."),
     "PS3.8 D.3.3.7, Table D.3-14"},
    {"user-identity-secondary", N_("secondary field"),
     N_("The passcode of the user name and passcode type; dicombench never shows it."),
     "PS3.8 D.3.3.7, Table D.3-14"},
    {"user-identity-ac", N_("user identity response"),
     N_("The acceptor's answer when a positive response was requested: a server response (a "
        "Kerberos or SAML answer, a JSON web token), or empty."),
     "PS3.8 D.3.3.7, Table D.3-15"},
    {"unknown-item", N_("unknown item"),
     N_("An item or sub-item type this decoder does not know; PS3.8 says to ignore it and go on."),
     "PS3.8 9.3.1, Annex D"},

    /* ---- A-ASSOCIATE-RJ, A-RELEASE, A-ABORT fields ---- */
    {"reject-result-source-reason", N_("result, source and reason"),
     N_("Result 1 permanent or 2 transient. Source 1 the service user (the other application: "
        "reasons 1 no reason, 2 application context not supported, 3 calling AE title not "
        "recognized, 7 called AE title not recognized), 2 the ACSE provider (1 no reason, 2 "
        "protocol version not supported), 3 the presentation provider (1 temporary congestion, 2 "
        "local limit exceeded)."),
     "PS3.8 Table 9-21"},
    {"abort-source-reason", N_("source and reason"),
     N_("Source 0 the service user (the other application: reason 0), 2 the service provider "
        "(reasons 0 not specified, 1 unrecognized PDU, 2 unexpected PDU, 4 unrecognized PDU "
        "parameter, 5 unexpected PDU parameter, 6 invalid PDU parameter value)."),
     "PS3.8 Table 9-26"},
    {"release-reserved", N_("reserved field"),
     N_("Four bytes sent as 0 and not tested on receipt."), "PS3.8 Tables 9-24, 9-25"},

    /* ---- P-DATA-TF ---- */
    {"pdv", N_("presentation data value"),
     N_("One fragment: its length, the presentation context ID it belongs to, and the message "
        "control header — bit 0 set: a command, else a data set; bit 1 set: the last fragment "
        "of it."),
     "PS3.8 9.3.5.1 (Table 9-23), Annex E"},
    {"not-command-element", N_("not a command element"),
     N_("A command carries group 0000 elements only, in implicit VR little endian; anything else "
        "means the fragment is not a command."),
     "PS3.7 6.3.1, Annex E"},

    /* ---- command elements (PS3.7 Annex E, Table E.1-1) ---- */
    {CMD(0000), N_("Command Group Length"),
     N_("The number of bytes of the command after this element; required."),
     "PS3.7 Table E.1-1"},
    {CMD(0002), N_("Affected SOP Class UID"),
     N_("The SOP class the operation is on (C-STORE: the image's class; C-FIND/MOVE/GET: the "
        "information model; N-CREATE/N-EVENT-REPORT: the SOP class of the instance)."),
     "PS3.7 Table E.1-1, Sections 9.3 and 10.3"},
    {CMD(0003), N_("Requested SOP Class UID"),
     N_("The SOP class of the instance an N-SET, N-GET, N-ACTION or N-DELETE is addressed to."),
     "PS3.7 Table E.1-1, Section 10.3"},
    {CMD(0100), N_("Command Field"),
     N_("Which message this is: 0x0001 C-STORE-RQ, 0x0020 C-FIND-RQ, 0x0010 C-GET-RQ, 0x0021 "
        "C-MOVE-RQ, 0x0030 C-ECHO-RQ, 0x0FFF C-CANCEL-RQ, 0x01x0 N-services; responses add "
        "0x8000."),
     "PS3.7 Table E.1-1, Sections 9.3 and 10.3"},
    {CMD(0110), N_("Message ID"),
     N_("Tells this request apart from the others on the association; its response repeats it "
        "as Message ID Being Responded To."),
     "PS3.7 Table E.1-1"},
    {CMD(0120), N_("Message ID Being Responded To"),
     N_("In a response (and in C-CANCEL-RQ): the Message ID of the request it answers."),
     "PS3.7 Table E.1-1"},
    {CMD(0600), N_("Move Destination"),
     N_("The AE title a C-MOVE's objects go to; the SCP looks up its address in its own table "
        "(unknown: 0xA801)."),
     "PS3.7 Table E.1-1, 9.3.4"},
    {CMD(0700), N_("Priority"),
     N_("0 medium, 1 high, 2 low; most SCPs ignore it."), "PS3.7 Table E.1-1"},
    {CMD(0800), N_("Command Data Set Type"),
     N_("0x0101 means no data set follows the command; any other value means one does."),
     "PS3.7 Table E.1-1"},
    {CMD(0900), N_("Status"),
     N_("The outcome: 0x0000 success, 0xFF00/0xFF01 pending, 0xFE00 cancel, 0xB000-0xBFFF "
        "warning, 0xA000-0xAFFF and 0xC000-0xCFFF failure (the service class says which), "
        "0x01xx/0x02xx general failures."),
     "PS3.7 Table E.1-1, Annex C"},
    {CMD(0901), N_("Offending Element"),
     N_("With a failure: the tags of the elements that caused it."), "PS3.7 Table E.1-1, Annex C"},
    {CMD(0902), N_("Error Comment"),
     N_("With a failure: free text of up to 64 characters on what went wrong."),
     "PS3.7 Table E.1-1, Annex C"},
    {CMD(0903), N_("Error ID"),
     N_("With a failure: an implementation-specific error code."), "PS3.7 Table E.1-1, Annex C"},
    {CMD(1000), N_("Affected SOP Instance UID"),
     N_("The instance the operation is on (C-STORE: the image's SOP Instance UID; N-CREATE-RSP: "
        "the instance the SCP made)."),
     "PS3.7 Table E.1-1"},
    {CMD(1001), N_("Requested SOP Instance UID"),
     N_("The instance an N-SET, N-GET, N-ACTION or N-DELETE is addressed to."),
     "PS3.7 Table E.1-1, Section 10.3"},
    {CMD(1002), N_("Event Type ID"),
     N_("Which event an N-EVENT-REPORT reports; the service class defines the values (storage "
        "commitment: 1 all committed, 2 some failed)."),
     "PS3.7 Table E.1-1, 10.3.1; PS3.4 J.3.3"},
    {CMD(1005), N_("Attribute Identifier List"),
     N_("The attributes an N-GET asks for (empty: all)."), "PS3.7 Table E.1-1, 10.3.2"},
    {CMD(1008), N_("Action Type ID"),
     N_("Which action an N-ACTION asks for; the service class defines the values (storage "
        "commitment: 1 request storage commitment)."),
     "PS3.7 Table E.1-1, 10.3.4; PS3.4 J.3.2"},
    {CMD(1020), N_("Number of Remaining Sub-operations"),
     N_("C-MOVE/C-GET: how many C-STOREs are still to come."), "PS3.7 Table E.1-1, 9.3.3, 9.3.4"},
    {CMD(1021), N_("Number of Completed Sub-operations"),
     N_("C-MOVE/C-GET: how many C-STOREs succeeded."), "PS3.7 Table E.1-1, 9.3.3, 9.3.4"},
    {CMD(1022), N_("Number of Failed Sub-operations"),
     N_("C-MOVE/C-GET: how many C-STOREs failed; the final response lists them in the Failed SOP "
        "Instance UID List."),
     "PS3.7 Table E.1-1, 9.3.3, 9.3.4"},
    {CMD(1023), N_("Number of Warning Sub-operations"),
     N_("C-MOVE/C-GET: how many C-STOREs ended with a warning status."),
     "PS3.7 Table E.1-1, 9.3.3, 9.3.4"},
    {CMD(1030), N_("Move Originator Application Entity Title"),
     N_("In the C-STORE-RQs of a C-MOVE's sub-association: the AE title that asked for the move; "
        "it links the two associations."),
     "PS3.7 Table E.1-1, 9.3.1.1"},
    {CMD(1031), N_("Move Originator Message ID"),
     N_("In the C-STORE-RQs of a C-MOVE's sub-association: the Message ID of the C-MOVE-RQ that "
        "caused them."),
     "PS3.7 Table E.1-1, 9.3.1.1"},
    {"cmd-retired", N_("retired command element"),
     N_("A command element of earlier editions of the standard (ACR-NEMA); no longer used."),
     "PS3.7 Table E.2-1"},
    {"cmd-unknown", N_("unknown command element"),
     N_("A group 0000 element that the command dictionary does not define."),
     "PS3.7 Annex E"},

    /* ---- what the decoder says about the bytes ---- */
    {"truncated", N_("truncated"),
     N_("The trace keeps only the first bytes of each PDU (enough for every header); the rest was "
        "sent or received but is not shown."),
     "dicombench"},
    {"malformed", N_("malformed"),
     N_("A length in the PDU points beyond its parent or its end: the sender encoded it wrong. A "
        "receiver aborts (invalid PDU parameter value)."),
     "PS3.8 9.3.1, Table 9-26"},
};

#define N_TABLE (sizeof table / sizeof table[0])

const struct dcb_explain *
dcb_explain_find(const char *key)
{
	if (key == NULL)
		return NULL;
	for (size_t i = 0; i < N_TABLE; i++)
		if (strcmp(table[i].key, key) == 0)
			return &table[i];
	return NULL;
}

const char *
dcb_explain_pdu_key(uint8_t pdu_type)
{
	switch (pdu_type) {
	case DCB_PDU_ASSOCIATE_RQ:
		return "pdu-associate-rq";
	case DCB_PDU_ASSOCIATE_AC:
		return "pdu-associate-ac";
	case DCB_PDU_ASSOCIATE_RJ:
		return "pdu-associate-rj";
	case DCB_PDU_P_DATA_TF:
		return "pdu-p-data-tf";
	case DCB_PDU_RELEASE_RQ:
		return "pdu-release-rq";
	case DCB_PDU_RELEASE_RP:
		return "pdu-release-rp";
	case DCB_PDU_ABORT:
		return "pdu-abort";
	}
	return "pdu-unknown";
}

/* Retired command elements (PS3.7 Table E.2-1). */
static const uint16_t retired[] = {
    0x0001, 0x4000, 0x5010, 0x5020, 0x5110, 0x5120, 0x5130, 0x5140,
    0x5150, 0x5160, 0x5170, 0x5180, 0x5190, 0x51a0, 0x51b0,
};

const char *
dcb_explain_command_key(uint32_t tag)
{
	char key[16];

	if ((tag >> 16) != 0x0000)
		return "not-command-element";
	snprintf(key, sizeof key, "cmd-0000-%04x", tag & 0xffff);
	for (size_t i = 0; i < N_TABLE; i++)
		if (strcmp(table[i].key, key) == 0)
			return table[i].key;
	for (size_t i = 0; i < sizeof retired / sizeof retired[0]; i++)
		if (retired[i] == (tag & 0xffff))
			return "cmd-retired";
	return "cmd-unknown";
}

const struct dcb_explain *
dcb_explain_table(unsigned *n)
{
	*n = (unsigned)N_TABLE;
	return table;
}
