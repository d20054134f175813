/* cmd-ca.c — placeholder until the command is built. */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "i18n.h"

int
cmd_ca(int argc, char **argv)
{
	fprintf(stderr, _("%s: '%s' is not built yet\n"), PACKAGE, "ca");
	return 2;
}
