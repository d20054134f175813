/* match.h — attribute matching for C-FIND and the worklist (PS3.4 C.2.2.2):
 * does a candidate data set (an entry the SCP manages) match the keys of a
 * query identifier, and the answer to send back for it.  Pure: no I/O.
 *
 * Keys (every element of the query but (0008,0005), (0008,0052), groups
 * 0000 and 0002 and group lengths) are matched by the query's VR (the
 * candidate's when the query says UN):
 *
 *   universal   a key of zero length (or only spaces) matches every entry,
 *               also one without the attribute; so does a value of only
 *               "*" where wild cards apply (C.2.2.2.4 note 1).
 *   wild card   AE CS LO LT PN SH ST UC UR UT: "*" any run of characters,
 *               "?" exactly one character (not one byte).  Without wild
 *               cards this is single value matching.  Cost: O(V x P) steps
 *               for a value of V and a pattern of P characters, in no
 *               extra memory (the greedy matcher that backtracks only to
 *               the last "*"), never exponential.
 *   single      everything else: the text values equal; binary values
 *               (US, UL, FD, ...) equal value by value.
 *   spaces      trailing spaces never count; leading spaces do not count
 *               for AE CS DS IS LO PN SH (PS3.5 Table 6.2-1) and do for
 *               LT ST UC UR UT.  UI values lose trailing NULs and spaces.
 *   PN case     case-sensitive (dcmtk); with pn_ignore_case ASCII and
 *               Latin-1 letters fold (Orthanc), in Latin-1 and in UTF-8.
 *   range       DA TM DT: "A-B", "-B", "A-" inclusive, or one value, by
 *               meaning (TM "2230" equals "223000", DT offsets counted).
 *               Missing parts of a time are zero and of a date-time the
 *               start (month 01, hour 00, ...), as in dcmtk, so "-12"
 *               matches 11:59 but not 12:30.  TM takes 1-6 fraction
 *               digits and the old "HH:MM:SS" form; DT without an offset
 *               counts as UTC.  A candidate value that does not parse
 *               matches no range or date.
 *   date+time   by default each of a DA and TM key pair is matched on its
 *               own (PS3.4 without extended negotiation: 0800-1000 on each
 *               day of the date range).  With combine_date_time, the pairs
 *               in the table in match.c (Study, Series, Acquisition,
 *               Content, Scheduled/Performed Procedure Step start/end)
 *               that have the same form (both single, or both ranges open
 *               on the same sides) match as one DT, as C.2.2.2.5.4 and
 *               dcmtk's combined matching do; other pairs fall back to
 *               separate matching.
 *   UID list    UI: the query may list UIDs separated by "\"; any may
 *               match.
 *   multiple    a key matches when any value of the query matches any
 *               value of the candidate (C.2.2.3; dcmtk's element matching
 *               does this for every VR: query "CT\MR" matches an entry
 *               with "MR", and "MR" matches Modalities in Study "CT\MR").
 *               LT ST UT UR are single-valued: "\" is text there.
 *   sequence    a key of VR SQ with no item or an empty first item is
 *               universal; otherwise some item of the candidate's
 *               sequence must match every key of the query's first item
 *               (C.2.2.2.6), recursively.  Further query items are
 *               ignored (PS3.4 allows one).
 *   absent      a candidate without the attribute, or with a zero-length
 *               value, does not match a non-universal key (dcmtk,
 *               Orthanc); with empty_is_unknown it does (C.2.2.1.2: a
 *               zero-length value in the entry is unknown and matches).
 *   charset     (0008,0005) of query and candidate (and of an item that
 *               has its own) say how SH LO ST LT UC UT PN are encoded:
 *               absent = ASCII, "ISO_IR 100" = Latin-1, "ISO_IR 192" =
 *               UTF-8.  Both sides are decoded to Unicode characters and
 *               compared as such, so a UTF-8 query "Müller" matches a
 *               Latin-1 entry "M\xfcller".  Bytes of any other character
 *               set (or invalid UTF-8, or 8-bit bytes in ASCII) are
 *               compared as bytes and never equal a decoded character.
 *
 * The answer carries the candidate's values as they are, so it is in the
 * candidate's character set and says so with the candidate's (0008,0005);
 * an SCU that queried in another set (a UTF-8 query, a Latin-1 entry) gets
 * the entry's encoding back, not its own.  Nothing in the answer is
 * converted. */
#ifndef DCB_MATCH_H
#define DCB_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dset.h"
#include "error.h"

/* NULL means all false. */
struct dcb_match_opts {
	bool pn_ignore_case;    /* Orthanc's way; dcmtk (default false) matches PN case-sensitively */
	bool combine_date_time; /* DA + TM pairs as one DT range (C.2.2.2.5.4) */
	bool empty_is_unknown;  /* a zero-length or absent value in cand matches any key */
};

/* The first key that failed, for "why did my entry not match?" */
struct dcb_match_miss {
	uint32_t tag;          /* the key */
	uint32_t seq_tag;      /* the sequence it sits in, 0 at the top level */
	char want[128];        /* the query's value as given (cut to fit), in UTF-8 */
	char have[128];        /* the candidate's value, "" when absent, in UTF-8 */
	bool absent;           /* cand has no value (or no item) for the key */
};

/* True when cand matches every matching key of query (PS3.4 C.2.2.2). Keys absent
 * from query or of zero length are universal; (0008,0005) Specific Character Set,
 * (0008,0052) Query/Retrieve Level and groups 0000/0002 are not matching keys.
 * o may be NULL (all options off).  miss (may be NULL) receives the first key
 * that failed: for a key inside a sequence, the key in the first item of
 * cand's sequence that failed (seq_tag the innermost sequence); for a
 * sequence cand lacks or has no item of, the sequence itself with absent
 * set.  Both data sets are only read. */
bool dcb_match(const struct dcb_dset *query, const struct dcb_dset *cand,
               const struct dcb_match_opts *o, struct dcb_match_miss *miss);

/* The answer to query from cand: every key of query (in query's order) with cand's
 * value, zero-length when cand lacks it; a sequence key gives cand's items that
 * match the query's item, each reduced to that item's keys (all of cand's items,
 * whole, when the query's item is empty or missing); (0008,0005) of cand when
 * cand has one (never the query's: the values are cand's, unconverted, see
 * above); (0008,0052) copied from the query.  Matching inside sequences uses
 * the default options.  *out is new, the caller frees it.  Returns 0, or
 * (*out NULL, err filled) DCB_ERR_LIMIT when the answer passes the data set
 * limits, DCB_ERR_NOMEM. */
int dcb_match_answer(const struct dcb_dset *query, const struct dcb_dset *cand,
                     struct dcb_dset **out, struct dcb_error *err);

/* The same with options for the matching inside sequences (o may be NULL). */
int dcb_match_answer_opts(const struct dcb_dset *query, const struct dcb_dset *cand,
                          const struct dcb_match_opts *o, struct dcb_dset **out,
                          struct dcb_error *err);

/* Words for a miss, translated: "(0010,0010) PatientName: wanted 'DOE^J*', entry has 'SMITH^A'"
 * (the keyword from the dictionary; a key in a sequence is named after it,
 * "(0040,0100) ScheduledProcedureStepSequence > (0008,0060) Modality: ...").
 * out is always terminated (cut to size). */
void dcb_match_miss_describe(const struct dcb_match_miss *m, char *out, size_t size);

#endif
