/* app.c — placeholder for the dashboard. */
#include "config.h"

#include <stdio.h>

#include "../src/commands.h"
#include "../src/i18n.h"

int
cmd_ui(int argc, char **argv)
{
	fprintf(stderr, _("%s: '%s' is not built yet\n"), PACKAGE, "ui");
	return 2;
}
