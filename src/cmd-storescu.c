/* cmd-storescu.c — placeholder until the command is built. */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "i18n.h"

int
cmd_storescu(int argc, char **argv)
{
	fprintf(stderr, _("%s: '%s' is not built yet\n"), PACKAGE, "storescu");
	return 2;
}
