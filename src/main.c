/* main.c — the dicombench binary: picks a subcommand, or opens the
 * dashboard in demo mode when there is none. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "exe-dir.h"
#include "i18n.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;   /* N_() */
};

static const struct command commands[] = {
	{ "ui",       cmd_ui,       N_("open the dashboard (the default: demo mode)") },
	{ "lesson",   cmd_lesson,   N_("play a lesson in the dashboard, one step a key") },
	{ "storescp", cmd_storescp, N_("Storage SCP: receive objects (dcmtk options)") },
	{ "dcmqrscp", cmd_dcmqrscp, N_("a small PACS: storage, query/retrieve (dcmtk's dcmqrscp options)") },
	{ "storescu", cmd_storescu, N_("Storage SCU: send files (dcmtk options)") },
	{ "wlmscpfs", cmd_wlmscpfs, N_("Modality Worklist and MPPS SCP over .wl files (dcmtk options)") },
	{ "echoscu",  cmd_echoscu,  N_("Verification SCU: C-ECHO a peer (dcmtk options)") },
	{ "findscu",  cmd_findscu,  N_("Query SCU: C-FIND a PACS or worklist (dcmtk options)") },
	{ "movescu",  cmd_movescu,  N_("Retrieve SCU: C-MOVE objects (dcmtk options)") },
	{ "getscu",   cmd_getscu,   N_("Retrieve SCU: C-GET objects (dcmtk options)") },
	{ "mppsscu",  cmd_mppsscu,  N_("MPPS SCU: start and end a procedure step (N-CREATE, N-SET)") },
	{ "ca",       cmd_ca,       N_("make and inspect TLS certificates") },
	{ "check",    cmd_check,    N_("check DICOM files for conformance") },
	{ "dump",     cmd_dump,     N_("print the elements of a DICOM file") },
	{ "topng",    cmd_topng,    N_("write a frame of a DICOM image as PNG") },
};

static void
usage(FILE *out)
{
	fprintf(out, _("Usage: %s [COMMAND [OPTIONS...]]\n"), PACKAGE);
	fputs(_("\nWith no command, dicombench opens the dashboard in demo mode.\n\nCommands:\n"), out);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out, "  %-10s %s\n", "help", _("show this help"));
	fprintf(out, "  %-10s %s\n", "version", _("show the version"));
	fprintf(out, _("\nRun '%s COMMAND --help' for the options of a command.\n"), PACKAGE);
}

#ifdef ENABLE_NLS
/* The catalogues: DICOMBENCH_LOCALEDIR if set; the build tree's beside the
 * binary (make puts locale/LANG/LC_MESSAGES/dicombench.mo there), so that
 * the binary speaks German before anything is installed; else the
 * installed ones. */
static void
bind_catalogues(void)
{
	static char beside[4096];
	const char *dir = getenv("DICOMBENCH_LOCALEDIR");

	if (dir == NULL || dir[0] == '\0')
		dir = dcb_exe_dir_find("locale", beside, sizeof beside) ? beside : LOCALEDIR;
	bindtextdomain(PACKAGE, dir);
	textdomain(PACKAGE);
}
#endif

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	bind_catalogues();
#endif

	if (argc < 2)
		return cmd_ui(argc, argv);

	const char *name = argv[1];
	if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(name, "version") == 0 || strcmp(name, "--version") == 0) {
		printf("%s %s\n", PACKAGE, VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);

	fprintf(stderr, _("%s: unknown command '%s'\n"), PACKAGE, name);
	usage(stderr);
	return 2;
}
