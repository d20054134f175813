/* aetable.c — the peers this bench knows (aetable.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aetable.h"
#include "i18n.h"

void
dcb_ae_table_init(struct dcb_ae_table *t)
{
	memset(t, 0, sizeof *t);
}

void
dcb_ae_table_clear(struct dcb_ae_table *t)
{
	free(t->peers);
	dcb_ae_table_init(t);
}

int
dcb_ae_title_check(const char *ae, char *out, struct dcb_error *err)
{
	size_t b = 0, e = strlen(ae);

	while (ae[b] == ' ')
		b++;
	while (e > b && ae[e - 1] == ' ')
		e--;
	if (e == b)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("an AE title must not be empty (1 to 16 characters)"));
	if (e - b > DCB_AE_TITLE_MAX)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("AE title '%s' is longer than 16 characters"), ae);
	for (size_t i = b; i < e; i++)
		if ((unsigned char)ae[i] < 0x20 || (unsigned char)ae[i] > 0x7e || ae[i] == '\\')
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("AE title '%s' has a character PS3.5 does not allow "
			                        "there (control characters, backslash, non-ASCII)"),
			                     ae);
	memcpy(out, ae + b, e - b);
	out[e - b] = '\0';
	return 0;
}

int
dcb_peer_parse(const char *spec, struct dcb_peer *out, struct dcb_error *err)
{
	const char *at = strchr(spec, '@'), *host, *colon;
	char ae[64], *end;
	size_t host_len;
	long port;

	memset(out, 0, sizeof *out);
	if (at == NULL || (size_t)(at - spec) >= sizeof ae)
		goto bad;
	memcpy(ae, spec, (size_t)(at - spec));
	ae[at - spec] = '\0';
	if (dcb_ae_title_check(ae, out->ae, err) < 0)
		return DCB_ERR_USAGE;
	host = at + 1;
	if (*host == '[') {
		const char *close = strchr(host, ']');
		if (close == NULL || close[1] != ':')
			goto bad;
		host++;
		host_len = (size_t)(close - host);
		colon = close + 1;
	} else {
		colon = strrchr(host, ':');
		if (colon == NULL)
			goto bad;
		host_len = (size_t)(colon - host);
	}
	if (host_len == 0 || host_len >= sizeof out->host)
		goto bad;
	memcpy(out->host, host, host_len);
	out->host[host_len] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || errno != 0 || port < 1 || port > 65535)
		goto bad;
	if (strcmp(end, "+tls") == 0)
		out->tls = true;
	else if (*end != '\0')
		goto bad;
	out->port = (int)port;
	return 0;
bad:
	return dcb_error_set(err, DCB_ERR_USAGE, -1,
	                     N_("'%s' is not a peer; write AE@HOST:PORT, e.g. "
	                        "PACS@127.0.0.1:11112 (add +tls to speak TLS to it)"),
	                     spec);
}

void
dcb_peer_format(const struct dcb_peer *p, char *out, size_t size)
{
	bool v6 = strchr(p->host, ':') != NULL;

	snprintf(out, size, "%s@%s%s%s:%d%s", p->ae, v6 ? "[" : "", p->host, v6 ? "]" : "",
	         p->port, p->tls ? "+tls" : "");
}

static struct dcb_peer *
find(const struct dcb_ae_table *t, const char *ae)
{
	char want[DCB_AE_TITLE_MAX + 1];

	if (dcb_ae_title_check(ae, want, NULL) < 0)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->peers[i].ae, want) == 0)
			return &t->peers[i];
	return NULL;
}

const struct dcb_peer *
dcb_ae_table_find(const struct dcb_ae_table *t, const char *ae)
{
	return find(t, ae);
}

int
dcb_ae_table_put(struct dcb_ae_table *t, const struct dcb_peer *p, struct dcb_error *err)
{
	struct dcb_peer *have = find(t, p->ae);

	if (have != NULL) {
		*have = *p;
		return 0;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 8;
		struct dcb_peer *n = realloc(t->peers, cap * sizeof *n);
		if (n == NULL)
			return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		t->peers = n;
		t->cap = cap;
	}
	t->peers[t->n++] = *p;
	return 0;
}

bool
dcb_ae_table_remove(struct dcb_ae_table *t, const char *ae)
{
	struct dcb_peer *p = find(t, ae);

	if (p == NULL)
		return false;
	memmove(p, p + 1, (size_t)(t->peers + t->n - (p + 1)) * sizeof *p);
	t->n--;
	return true;
}

bool
dcb_ae_in_list(const char (*list)[DCB_AE_TITLE_MAX + 1], size_t n, const char *ae)
{
	char want[DCB_AE_TITLE_MAX + 1];

	if (dcb_ae_title_check(ae, want, NULL) < 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], want) == 0)
			return true;
	return false;
}
