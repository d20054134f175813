/* cli-options.h — the dcmtk-style command-line parser shared by the
 * network commands.
 *
 * A command describes its options as tables; each table has a handler that
 * receives the option id and its arguments.  Tables compose: storescp passes
 * its own table, the shared logging/network tables, and (later) the TLS
 * table that the tls area provides, without any of them knowing the others.
 *
 * Options are dcmtk's: a short form ("-aet", "+B") and a long form
 * ("--aetitle"), each with a fixed number of arguments.  Options and
 * positional arguments may be mixed; "--" ends the options.  An unknown
 * option is refused with a message naming it.
 *
 * Every option of dcmtk's tools is taken, even where it makes no sense for
 * dicombench (a logger configuration, fork, tcp wrappers ...).  Such an
 * option carries a note, saying what dicombench does instead; the parser
 * collects the notes of the options given, and the command prints them
 * under -v. */
#ifndef DCB_CLI_OPTIONS_H
#define DCB_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "events.h"

struct dcb_cli_opt {
	const char *short_name; /* "-aet", "+B"; NULL if none */
	const char *long_name;  /* "--aetitle"; NULL if none */
	int nargs;              /* 0, 1 or 2 */
	int id;                 /* passed to the handler */
	const char *args_help;  /* N_("[a]etitle: string"), NULL if nargs == 0 */
	const char *help;       /* N_() one line */
	const char *note;       /* N_(): what dicombench does instead of what dcmtk
	                         * does, said under -v when given; NULL: as dcmtk */
};

/* The notes of the options given, in order. */
#define DCB_CLI_MAX_NOTES 32
struct dcb_cli_notes {
	const char *option[DCB_CLI_MAX_NOTES]; /* the name as given (borrowed from argv) */
	const char *note[DCB_CLI_MAX_NOTES];   /* untranslated */
	size_t n;
};

/* Returns 0, or a negative enum dcb_err with err filled (the message names
 * the option and says what was wrong with its value). */
typedef int (*dcb_cli_fn)(void *ctx, int id, char **args, struct dcb_error *err);

struct dcb_cli_table {
	const char *title;              /* N_() heading in --help */
	const struct dcb_cli_opt *opts; /* terminated by an entry with id 0 */
	dcb_cli_fn handler;
	void *ctx;
};

/* Parses argv[1..argc-1].  Positional arguments are moved, in order, to
 * the front of argv starting at argv[1]; *npos receives their count.  The
 * notes of the options given go to notes (may be NULL; past
 * DCB_CLI_MAX_NOTES they are dropped).  Returns 0 or DCB_ERR_USAGE (unknown
 * option, missing argument) or what a handler returned. */
int dcb_cli_parse(int argc, char **argv, const struct dcb_cli_table *tables, size_t ntables,
                  int *npos, struct dcb_cli_notes *notes, struct dcb_error *err);

/* Prints the notes as "I: OPTION: NOTE" lines to out. */
void dcb_cli_print_notes(FILE *out, const struct dcb_cli_notes *notes);

/* Prints the option tables, dcmtk-like. */
void dcb_cli_print_help(FILE *out, const struct dcb_cli_table *tables, size_t ntables);

/* Parses an integer in [min, max] for option name.  Returns 0 or
 * DCB_ERR_USAGE with a message. */
int dcb_cli_int(const char *option, const char *s, long min, long max, long *out,
                struct dcb_error *err);

/* Copies an AE title (1..16 characters, no backslash or control
 * characters) for option name.  Returns 0 or DCB_ERR_USAGE. */
int dcb_cli_ae(const char *option, const char *s, char out[17], struct dcb_error *err);

/* The logging options every network command shares: -q -v -d -dd
 * -ll/--log-level, and --help / --version through the flags below. */
struct dcb_cli_common {
	enum dcb_log_level level; /* default DCB_LOG_WARN */
	bool help, version;
	bool hex; /* -dd: add PDU hex to the trace */
	bool verbose_pc; /* +v: accepted presentation contexts under -v too */
};
extern const struct dcb_cli_opt dcb_cli_common_opts[];
int dcb_cli_common_handler(void *ctx, int id, char **args, struct dcb_error *err);

/* The network options shared by the commands (timeouts, PDU sizes). */
struct dcb_cli_net {
	long max_pdu;         /* -pdu: max PDU we receive */
	long max_send_pdu;    /* --max-send-pdu: cap on PDUs we send, 0 none */
	long timeout_connect; /* -to seconds, 0 unlimited (30 s for connect) */
	long timeout_acse;    /* -ta ARTIM seconds */
	long timeout_dimse;   /* -td seconds, 0 unlimited */
	bool no_dns;          /* -dhl */
	long socket_timeout;  /* -ts: taken, see its note */
};
extern const struct dcb_cli_opt dcb_cli_net_opts[];
int dcb_cli_net_handler(void *ctx, int id, char **args, struct dcb_error *err);
void dcb_cli_net_defaults(struct dcb_cli_net *n);

#endif
