/* cli-options.c — dcmtk-style option tables. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli-options.h"
#include "i18n.h"

static const struct dcb_cli_opt *
lookup(const char *arg, const struct dcb_cli_table *tables, size_t ntables,
       const struct dcb_cli_table **table)
{
	for (size_t t = 0; t < ntables; t++)
		for (const struct dcb_cli_opt *o = tables[t].opts; o->id != 0; o++)
			if ((o->short_name != NULL && strcmp(o->short_name, arg) == 0) ||
			    (o->long_name != NULL && strcmp(o->long_name, arg) == 0)) {
				*table = &tables[t];
				return o;
			}
	return NULL;
}

static bool
looks_like_option(const char *a)
{
	/* "-" alone is a file name; "-5" is not an option either. */
	if ((a[0] != '-' && a[0] != '+') || a[1] == '\0')
		return false;
	return !(a[0] == '-' && a[1] >= '0' && a[1] <= '9');
}

int
dcb_cli_parse(int argc, char **argv, const struct dcb_cli_table *tables, size_t ntables,
              int *npos, struct dcb_cli_notes *notes, struct dcb_error *err)
{
	int n = 0;
	bool only_pos = false;

	for (int i = 1; i < argc; i++) {
		const struct dcb_cli_table *t = NULL;
		const struct dcb_cli_opt *o;
		char *a = argv[i];
		int rc;

		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (only_pos || !looks_like_option(a)) {
			argv[1 + n++] = a;
			continue;
		}
		o = lookup(a, tables, ntables, &t);
		if (o == NULL)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("unknown option '%s'; see --help for the options "
			                        "this command supports"),
			                     a);
		if (i + o->nargs >= argc)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     o->nargs == 1 ? N_("option '%s' needs a value")
			                                   : N_("option '%s' needs two values"),
			                     a);
		rc = t->handler(t->ctx, o->id, argv + i + 1, err);
		if (rc < 0)
			return rc;
		if (o->note != NULL && notes != NULL && notes->n < DCB_CLI_MAX_NOTES) {
			notes->option[notes->n] = a;
			notes->note[notes->n++] = o->note;
		}
		i += o->nargs;
	}
	*npos = n;
	return 0;
}

void
dcb_cli_print_notes(FILE *out, const struct dcb_cli_notes *notes)
{
	for (size_t i = 0; i < notes->n; i++)
		fprintf(out, "I: %s: %s\n", notes->option[i], _(notes->note[i]));
}

void
dcb_cli_print_help(FILE *out, const struct dcb_cli_table *tables, size_t ntables)
{
	for (size_t t = 0; t < ntables; t++) {
		fprintf(out, "\n%s:\n", _(tables[t].title));
		for (const struct dcb_cli_opt *o = tables[t].opts; o->id != 0; o++) {
			char names[64];
			snprintf(names, sizeof names, "%s%s%s", o->short_name ? o->short_name : "",
			         o->short_name && o->long_name ? "  " : "",
			         o->long_name ? o->long_name : "");
			fprintf(out, "  %-28s %s\n", names, _(o->help));
			if (o->args_help != NULL)
				fprintf(out, "  %-28s   %s\n", "", _(o->args_help));
		}
	}
}

int
dcb_cli_int(const char *option, const char *s, long min, long max, long *out,
            struct dcb_error *err)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("invalid value '%s' for %s; give a number from %ld to %ld"), s,
		                     option, min, max);
	*out = v;
	return 0;
}

int
dcb_cli_ae(const char *option, const char *s, char out[17], struct dcb_error *err)
{
	size_t len = strlen(s);

	if (len == 0 || len > 16)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("invalid AE title '%s' for %s: it must have 1 to 16 "
		                        "characters"),
		                     s, option);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '\\' || (unsigned char)s[i] >= 0x7f)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("invalid AE title '%s' for %s: only printable ASCII "
			                        "characters without backslash are allowed"),
			                     s, option);
	memcpy(out, s, len + 1);
	return 0;
}

enum {
	COMMON_HELP = 1,
	COMMON_VERSION,
	COMMON_QUIET,
	COMMON_VERBOSE,
	COMMON_DEBUG,
	COMMON_TRACE,
	COMMON_LOG_LEVEL,
	COMMON_ARGUMENTS,
	COMMON_LOG_CONFIG,
	COMMON_VERBOSE_PC,
};

const struct dcb_cli_opt dcb_cli_common_opts[] = {
	{ "-h", "--help", 0, COMMON_HELP, NULL, N_("print this help text and exit"), NULL },
	{ NULL, "--version", 0, COMMON_VERSION, NULL, N_("print version information and exit"), NULL },
	{ "-q", "--quiet", 0, COMMON_QUIET, NULL, N_("quiet mode, print no warnings and errors"), NULL },
	{ "-v", "--verbose", 0, COMMON_VERBOSE, NULL, N_("verbose mode, print processing details"), NULL },
	{ "-d", "--debug", 0, COMMON_DEBUG, NULL,
	  N_("debug mode, print the decoded trace of every PDU"), NULL },
	{ "-dd", NULL, 0, COMMON_TRACE, NULL, N_("trace mode, add the bytes of every PDU in hex"), NULL },
	{ "-ll", "--log-level", 1, COMMON_LOG_LEVEL,
	  N_("[l]evel: fatal, error, warn, info, debug, trace"),
	  N_("use level l for the logger"), NULL },
	{ NULL, "--arguments", 0, COMMON_ARGUMENTS, NULL,
	  N_("print expanded command line arguments"),
	  N_("dicombench reads no argument files (@file), so the arguments are the ones "
	     "given; nothing to print") },
	{ "-lc", "--log-config", 1, COMMON_LOG_CONFIG, N_("[f]ilename: string"),
	  N_("use config file f for the logger"),
	  N_("dicombench has no logger configuration file; it logs to stderr at the level of "
	     "-q, -v, -d, -dd or -ll") },
	{ "+v", "--verbose-pc", 0, COMMON_VERBOSE_PC, NULL,
	  N_("show presentation contexts in verbose mode"), NULL },
	{ 0 },
};

int
dcb_cli_common_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct dcb_cli_common *c = ctx;
	static const struct {
		const char *name;
		enum dcb_log_level level;
	} levels[] = {
		{ "fatal", DCB_LOG_ERROR }, { "error", DCB_LOG_ERROR }, { "warn", DCB_LOG_WARN },
		{ "info", DCB_LOG_INFO },   { "debug", DCB_LOG_DEBUG }, { "trace", DCB_LOG_TRACE },
	};

	switch (id) {
	case COMMON_HELP:
		c->help = true;
		break;
	case COMMON_VERSION:
		c->version = true;
		break;
	case COMMON_QUIET:
		c->level = DCB_LOG_ERROR;
		break;
	case COMMON_VERBOSE:
		c->level = DCB_LOG_INFO;
		break;
	case COMMON_DEBUG:
		c->level = DCB_LOG_DEBUG;
		break;
	case COMMON_TRACE:
		c->level = DCB_LOG_TRACE;
		c->hex = true;
		break;
	case COMMON_VERBOSE_PC:
		c->verbose_pc = true;
		break;
	case COMMON_LOG_LEVEL:
		for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
			if (strcmp(args[0], levels[i].name) == 0) {
				c->level = levels[i].level;
				c->hex = c->level == DCB_LOG_TRACE;
				return 0;
			}
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("unknown log level '%s'; use fatal, error, warn, info, "
		                        "debug or trace"),
		                     args[0]);
	}
	return 0;
}

enum {
	NET_PDU = 1,
	NET_MAX_SEND_PDU,
	NET_TO,
	NET_TA,
	NET_TD,
	NET_DHL,
	NET_TS,
};

const struct dcb_cli_opt dcb_cli_net_opts[] = {
	{ "-pdu", "--max-pdu", 1, NET_PDU, N_("[n]umber of bytes: integer (4096..131072)"),
	  N_("set max receive pdu to n bytes (default: 16384)"), NULL },
	{ NULL, "--max-send-pdu", 1, NET_MAX_SEND_PDU,
	  N_("[n]umber of bytes: integer (4096..131072)"),
	  N_("restrict max send pdu to n bytes"), NULL },
	{ "-to", "--timeout", 1, NET_TO, N_("[s]econds: integer (default: unlimited)"),
	  N_("timeout for connection requests"), NULL },
	{ "-ta", "--acse-timeout", 1, NET_TA, N_("[s]econds: integer (default: 30)"),
	  N_("timeout for ACSE messages"), NULL },
	{ "-td", "--dimse-timeout", 1, NET_TD, N_("[s]econds: integer (default: unlimited)"),
	  N_("timeout for DIMSE messages"), NULL },
	{ "-dhl", "--disable-host-lookup", 0, NET_DHL, NULL,
	  N_("disable hostname lookup for peers"), NULL },
	{ "-ts", "--socket-timeout", 1, NET_TS, N_("[s]econds: integer (default: 60)"),
	  N_("timeout for network socket (0 for none)"),
	  N_("dicombench never waits on a blocked socket: one poll loop serves every "
	     "connection; -to, -ta and -td bound the waits") },
	{ 0 },
};

void
dcb_cli_net_defaults(struct dcb_cli_net *n)
{
	*n = (struct dcb_cli_net){ .max_pdu = 16384, .timeout_acse = 30 };
}

int
dcb_cli_net_handler(void *ctx, int id, char **args, struct dcb_error *err)
{
	struct dcb_cli_net *n = ctx;

	switch (id) {
	case NET_PDU:
		return dcb_cli_int("-pdu", args[0], 4096, 131072, &n->max_pdu, err);
	case NET_MAX_SEND_PDU:
		return dcb_cli_int("--max-send-pdu", args[0], 4096, 131072, &n->max_send_pdu, err);
	case NET_TO:
		return dcb_cli_int("-to", args[0], 1, 86400, &n->timeout_connect, err);
	case NET_TA:
		return dcb_cli_int("-ta", args[0], 1, 86400, &n->timeout_acse, err);
	case NET_TD:
		return dcb_cli_int("-td", args[0], 1, 86400, &n->timeout_dimse, err);
	case NET_DHL:
		n->no_dns = true;
		return 0;
	case NET_TS:
		return dcb_cli_int("-ts", args[0], 0, 86400, &n->socket_timeout, err);
	}
	return 0;
}
