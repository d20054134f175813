/* cmd-storescp.c — placeholder until the command is built. */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "i18n.h"

int
cmd_storescp(int argc, char **argv)
{
	fprintf(stderr, _("%s: '%s' is not built yet\n"), PACKAGE, "storescp");
	return 2;
}
