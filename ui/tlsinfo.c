/* tlsinfo.c — certificate details and the demo CA (placeholder until the
 * PKI module is merged). */
#include "config.h"

#include <stdio.h>
#include <sys/stat.h>

#include "../src/i18n.h"
#include "tlsinfo.h"

void
ui_tls_describe_cert(const char *path, char *buf, size_t size)
{
	struct stat st;

	if (path[0] == '\0')
		snprintf(buf, size, "%s", _("no certificate chosen"));
	else if (stat(path, &st) < 0)
		snprintf(buf, size, _("%s: no such file"), path);
	else
		snprintf(buf, size, "%s", _("certificate details need the PKI module (not built in)"));
}

int
ui_tls_demo_ca(struct ui_settings *cfg, char *msg, size_t size)
{
	snprintf(msg, size, "%s", _("The demo CA needs the PKI module (not built in)."));
	return -1;
}
