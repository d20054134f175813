/* qr-config.c — dcmqrscp.cfg (qr-config.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filebuf.h"
#include "i18n.h"
#include "qr-config.h"

/* The largest file read: configuration files are a few kilobytes. */
#define QR_CONFIG_MAX (1024 * 1024)

/* A HostTable symbol: the AE titles it stands for. */
struct symbol {
	char name[64];
	char (*aes)[DCB_AE_TITLE_MAX + 1];
	size_t n;
};

struct parser {
	const char *name;
	unsigned line;
	struct dcb_qr_config *c;
	struct symbol *syms;
	size_t n_syms;
	struct dcb_error *err;
};

static int
fail(struct parser *p, const char *what, const char *text)
{
	return dcb_error_set(p->err, DCB_ERR_MALFORMED, -1, N_("%s line %u: %s: '%s'"), p->name,
	                     p->line, what, text);
}

static char *
trim(char *s)
{
	char *e = s + strlen(s);

	while (isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Removes surrounding double quotes. */
static char *
unquote(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		return s + 1;
	}
	return s;
}

static int
add_ae(char (**list)[DCB_AE_TITLE_MAX + 1], size_t *n, const char *ae)
{
	char(*grown)[DCB_AE_TITLE_MAX + 1] = realloc(*list, (*n + 1) * sizeof **list);

	if (grown == NULL)
		return DCB_ERR_NOMEM;
	*list = grown;
	snprintf(grown[*n], sizeof grown[*n], "%s", ae);
	(*n)++;
	return 0;
}

static struct symbol *
symbol(struct parser *p, const char *name)
{
	for (size_t i = 0; i < p->n_syms; i++)
		if (strcmp(p->syms[i].name, name) == 0)
			return &p->syms[i];
	return NULL;
}

/* One "(a, b, c)" triple from *s on; its three parts trimmed. */
static int
triple(struct parser *p, char **s, char *part[3])
{
	char *open = strchr(*s, '('), *close;

	if (open == NULL || (close = strchr(open, ')')) == NULL)
		return fail(p, _("expected (name, name, port)"), *s);
	*close = '\0';
	part[0] = open + 1;
	for (int i = 1; i < 3; i++) {
		char *comma = strchr(part[i - 1], ',');
		if (comma == NULL)
			return fail(p, _("expected three values in parentheses"), open + 1);
		*comma = '\0';
		part[i] = comma + 1;
	}
	for (int i = 0; i < 3; i++)
		part[i] = trim(part[i]);
	*s = close + 1;
	return 0;
}

static int
peer_of(struct parser *p, const char *ae, const char *host, const char *port_text,
        struct dcb_peer *out)
{
	char *end;
	long port;

	struct dcb_error why = {0};

	memset(out, 0, sizeof *out);
	if (dcb_ae_title_check(ae, out->ae, &why) < 0)
		return fail(p, why.message, ae);
	errno = 0;
	port = strtol(port_text, &end, 10);
	if (*end != '\0' || errno != 0 || port < 1 || port > 65535)
		return fail(p, _("not a port number"), port_text);
	snprintf(out->host, sizeof out->host, "%s", host);
	out->port = (int)port;
	return 0;
}

/* HostTable: name = (AE, host, port), ...  or  name = symbol, symbol, ... */
static int
host_entry(struct parser *p, char *line)
{
	char *eq = strchr(line, '='), *rhs;
	struct symbol *sym;
	int rc = 0;

	if (eq == NULL)
		return fail(p, _("expected name = (AE title, host, port)"), line);
	*eq = '\0';
	rhs = trim(eq + 1);
	line = trim(line);
	if (symbol(p, line) != NULL)
		return fail(p, _("a name defined twice"), line);
	sym = realloc(p->syms, (p->n_syms + 1) * sizeof *sym);
	if (sym == NULL)
		return DCB_ERR_NOMEM;
	p->syms = sym;
	sym = &p->syms[p->n_syms++];
	memset(sym, 0, sizeof *sym);
	snprintf(sym->name, sizeof sym->name, "%s", line);
	while (rc == 0 && *(rhs = trim(rhs)) != '\0') {
		if (*rhs == ',') {
			rhs++;
			continue;
		}
		if (*rhs == '(') {
			char *part[3];
			struct dcb_peer peer;
			if ((rc = triple(p, &rhs, part)) < 0 ||
			    (rc = peer_of(p, part[0], part[1], part[2], &peer)) < 0)
				break;
			if ((rc = dcb_ae_table_put(&p->c->hosts, &peer, p->err)) == 0)
				rc = add_ae(&sym->aes, &sym->n, peer.ae);
		} else {
			char *comma = strchr(rhs, ','), *next = comma ? comma + 1 : rhs + strlen(rhs);
			const struct symbol *other;
			if (comma != NULL)
				*comma = '\0';
			other = symbol(p, trim(rhs));
			if (other == NULL)
				return fail(p, _("not a name defined above in the HostTable"), trim(rhs));
			for (size_t i = 0; rc == 0 && i < other->n; i++)
				rc = add_ae(&sym->aes, &sym->n, other->aes[i]);
			rhs = next;
		}
	}
	return rc;
}

static int
quota(struct parser *p, char **s, struct dcb_qr_area *a)
{
	char *open = strchr(*s, '('), *close, *comma, *end;
	unsigned long long n;

	if (open == NULL || (close = strchr(open, ')')) == NULL ||
	    (comma = memchr(open, ',', (size_t)(close - open))) == NULL)
		return fail(p, _("expected a quota (max studies, max bytes per study)"), *s);
	*close = '\0';
	*comma = '\0';
	a->max_studies = (unsigned)strtoul(trim(open + 1), &end, 10);
	if (*end != '\0')
		return fail(p, _("not a number of studies"), open + 1);
	n = strtoull(trim(comma + 1), &end, 10);
	if (strcasecmp(end, "kb") == 0)
		n <<= 10;
	else if (strcasecmp(end, "mb") == 0)
		n <<= 20;
	else if (strcasecmp(end, "gb") == 0)
		n <<= 30;
	else if (*end != '\0')
		return fail(p, _("not a size (a number with kb, mb or gb)"), comma + 1);
	a->max_bytes_per_study = n;
	*s = close + 1;
	return 0;
}

/* Splits off the next word of *s ("a quoted one" with its quotes). */
static char *
word(char **s)
{
	char *w = *s, *e;

	while (isspace((unsigned char)*w))
		w++;
	e = w;
	if (*e == '"' && strchr(e + 1, '"') != NULL)
		e = strchr(e + 1, '"') + 1;
	while (*e != '\0' && !isspace((unsigned char)*e))
		e++;
	if (*e != '\0')
		*e++ = '\0';
	*s = e;
	return w;
}

/* AETable: AE  StorageArea  Access  (maxStudies, maxBytesPerStudy)  Peers */
static int
ae_entry(struct parser *p, char *line)
{
	struct dcb_qr_config *c = p->c;
	struct dcb_qr_area *a = realloc(c->areas, (c->n_areas + 1) * sizeof *a);
	struct dcb_error why = {0};
	char *ae, *dir, *access, *rest;
	int rc;

	if (a == NULL)
		return DCB_ERR_NOMEM;
	c->areas = a;
	a = &c->areas[c->n_areas++];
	memset(a, 0, sizeof *a);
	rest = line;
	ae = word(&rest);
	dir = unquote(word(&rest));
	access = word(&rest);
	if (*dir == '\0' || *access == '\0')
		return fail(p, _("expected AE title, storage area, access, quota and peers"), line);
	if (dcb_ae_title_check(ae, a->ae, &why) < 0)
		return fail(p, why.message, ae);
	if (dcb_qr_config_area(c, a->ae) != a)
		return fail(p, _("an AE title given twice"), ae);
	snprintf(a->dir, sizeof a->dir, "%s", dir);
	if (strcmp(access, "R") == 0)
		a->readable = true;
	else if (strcmp(access, "RW") == 0)
		a->readable = a->writable = true;
	else if (strcmp(access, "W") == 0)
		a->writable = true;
	else
		return fail(p, _("access must be R, RW or W"), access);
	if ((rc = quota(p, &rest, a)) < 0)
		return rc;
	rest = trim(rest);
	if (strcmp(rest, "ANY") == 0) {
		a->any_peer = true;
		return 0;
	}
	while (*(rest = trim(rest)) != '\0') {
		if (*rest == ',') {
			rest++;
			continue;
		}
		if (*rest == '(') {
			/* inline: (host, AE title, port) as dcmtk's sample says */
			char *part[3];
			struct dcb_peer peer;
			if ((rc = triple(p, &rest, part)) < 0 ||
			    (rc = peer_of(p, part[1], part[0], part[2], &peer)) < 0 ||
			    (rc = add_ae(&a->peers, &a->n_peers, peer.ae)) < 0)
				return rc;
		} else {
			char *w = word(&rest);
			size_t n = strlen(w);
			if (n > 0 && w[n - 1] == ',')
				w[n - 1] = '\0';
			const struct symbol *sym = symbol(p, w);
			if (sym == NULL)
				return fail(p, _("peers must be ANY, a HostTable name or (host, AE "
				                 "title, port)"),
				            w);
			for (size_t i = 0; i < sym->n; i++)
				if ((rc = add_ae(&a->peers, &a->n_peers, sym->aes[i])) < 0)
					return rc;
		}
	}
	return 0;
}

static int
global(struct parser *p, char *line)
{
	char *eq = strchr(line, '='), *key, *value, *end;
	unsigned long v;

	if (eq == NULL)
		return fail(p, _("expected Name = value or a table's BEGIN"), line);
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (strcmp(key, "NetworkTCPPort") != 0 && strcmp(key, "MaxPDUSize") != 0 &&
	    strcmp(key, "MaxAssociations") != 0)
		return 0; /* UserName, GroupName, SpecificCharacterSet, ... */
	errno = 0;
	v = strtoul(value, &end, 10);
	if (*end != '\0' || errno != 0 || v > UINT32_MAX)
		return fail(p, _("not a number"), value);
	if (strcmp(key, "NetworkTCPPort") == 0)
		p->c->port = (int)v;
	else if (strcmp(key, "MaxPDUSize") == 0)
		p->c->max_pdu = (uint32_t)v;
	else
		p->c->max_associations = (unsigned)v;
	return 0;
}

int
dcb_qr_config_parse(const char *text, const char *name, struct dcb_qr_config *out,
                    struct dcb_error *err)
{
	struct parser p = {.name = name, .c = out, .err = err};
	enum { GLOBAL, HOSTS, VENDORS, AES } in = GLOBAL;
	char *copy = strdup(text), *line;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (copy == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	for (char *s = copy; rc == 0 && (line = strsep(&s, "\n")) != NULL;) {
		char *hash = strchr(line, '#');
		p.line++;
		if (hash != NULL)
			*hash = '\0';
		line = trim(line);
		if (*line == '\0')
			continue;
		if (in == GLOBAL && strcmp(line, "HostTable BEGIN") == 0)
			in = HOSTS;
		else if (in == GLOBAL && strcmp(line, "VendorTable BEGIN") == 0)
			in = VENDORS;
		else if (in == GLOBAL && strcmp(line, "AETable BEGIN") == 0)
			in = AES;
		else if ((in == HOSTS && strcmp(line, "HostTable END") == 0) ||
		         (in == VENDORS && strcmp(line, "VendorTable END") == 0) ||
		         (in == AES && strcmp(line, "AETable END") == 0))
			in = GLOBAL;
		else if (in == HOSTS)
			rc = host_entry(&p, line);
		else if (in == AES)
			rc = ae_entry(&p, line);
		else if (in == GLOBAL)
			rc = global(&p, line);
	}
	if (rc == 0 && in != GLOBAL)
		rc = dcb_error_set(err, DCB_ERR_MALFORMED, -1,
		                   N_("%s: a table has BEGIN but no END"), name);
	if (rc == DCB_ERR_NOMEM)
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	for (size_t i = 0; i < p.n_syms; i++)
		free(p.syms[i].aes);
	free(p.syms);
	free(copy);
	return rc;
}

int
dcb_qr_config_read(const char *path, struct dcb_qr_config *out, struct dcb_error *err)
{
	uint8_t *text;
	size_t n;
	int rc;

	memset(out, 0, sizeof *out);
	rc = dcb_file_read_all(path, QR_CONFIG_MAX, &text, &n, err);
	if (rc < 0)
		return rc;
	rc = dcb_qr_config_parse((const char *)text, path, out, err);
	free(text);
	return rc;
}

void
dcb_qr_config_clear(struct dcb_qr_config *c)
{
	for (size_t i = 0; i < c->n_areas; i++)
		free(c->areas[i].peers);
	free(c->areas);
	dcb_ae_table_clear(&c->hosts);
	memset(c, 0, sizeof *c);
}

const struct dcb_qr_area *
dcb_qr_config_area(const struct dcb_qr_config *c, const char *ae)
{
	char want[DCB_AE_TITLE_MAX + 1];

	if (dcb_ae_title_check(ae, want, NULL) < 0)
		return NULL;
	for (size_t i = 0; i < c->n_areas; i++)
		if (strcmp(c->areas[i].ae, want) == 0)
			return &c->areas[i];
	return NULL;
}

bool
dcb_qr_area_serves(const struct dcb_qr_area *a, const char *calling_ae)
{
	return a->any_peer ||
	       dcb_ae_in_list((const char(*)[DCB_AE_TITLE_MAX + 1])a->peers, a->n_peers,
	                      calling_ae);
}
