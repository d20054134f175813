/* peers.c — the AE table as one setting (peers.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../src/i18n.h"
#include "peers.h"

int
ui_peers_parse(const char *list, struct dcb_ae_table *t, char *msg, size_t msgsize)
{
	int rc = 0;

	for (const char *s = list; *s != '\0';) {
		const char *end = strchr(s, '\\');
		size_t n = end != NULL ? (size_t)(end - s) : strlen(s);
		char one[300];
		struct dcb_peer p;
		struct dcb_error err = {0};

		snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), s);
		s += n + (end != NULL);
		if (one[0] == '\0')
			continue;
		if (dcb_peer_parse(one, &p, &err) < 0 || dcb_ae_table_put(t, &p, &err) < 0) {
			if (rc == 0)
				snprintf(msg, msgsize, _("peer '%s': %s"), one, err.message);
			rc = -1;
		}
	}
	return rc;
}

int
ui_peers_format(const struct dcb_ae_table *t, char *list, size_t size)
{
	size_t n = 0;

	list[0] = '\0';
	for (size_t i = 0; i < t->n; i++) {
		char one[300];
		dcb_peer_format(&t->peers[i], one, sizeof one);
		size_t len = strlen(one) + (n > 0);
		if (n + len + 1 > size)
			return -1;
		snprintf(list + n, size - n, "%s%s", n > 0 ? "\\" : "", one);
		n += len;
	}
	return 0;
}
