/* explain.h — what each field of a decoded PDU is for, for a learner: the
 * explain key of the trace's detail view.
 *
 * The tree (pdu-tree.h, dcb_pdu_tree_keyed) names the field of each line
 * by a key; this table gives, per key, a title, what the field is for and
 * its values, and where the standard defines it (PS3.8 for PDUs and their
 * items, PS3.7 for command elements).  Everything is in the program; no
 * network is needed.  Texts are translated at the time of the call. */
#ifndef DCB_EXPLAIN_H
#define DCB_EXPLAIN_H

#include <stdint.h>

struct dcb_explain {
	const char *key;   /* "called-ae-title", "cmd-0000-0100", ... */
	const char *title; /* N_() */
	const char *what;  /* N_(): what it is for, its values */
	const char *where; /* the section and table of the standard (not translated) */
};

/* The explanation of key, NULL if there is none (or key is NULL). */
const struct dcb_explain *dcb_explain_find(const char *key);

/* The key of a PDU's first line by its type (unknown types included). */
const char *dcb_explain_pdu_key(uint8_t pdu_type);

/* The key of a command element by its tag ("cmd-unknown" for one the
 * table does not know). */
const char *dcb_explain_command_key(uint32_t tag);

/* For tests: the table, and its length. */
const struct dcb_explain *dcb_explain_table(unsigned *n);

#endif
