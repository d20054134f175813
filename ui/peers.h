/* peers.h — the dashboard's AE table as one setting: "peers", entries
 * AE@HOST:PORT[+tls] (as --peer takes them) separated by backslashes (the
 * one character an AE title cannot hold).  Plain C, no curses. */
#ifndef UI_PEERS_H
#define UI_PEERS_H

#include <stddef.h>

#include "../src/aetable.h"

/* Adds the entries of list to t (a later one replaces an earlier of the
 * same AE title).  Returns 0, or -1 with a translated message naming the
 * first entry that cannot be read (the others are added). */
int ui_peers_parse(const char *list, struct dcb_ae_table *t, char *msg, size_t msgsize);

/* Writes t as list[size]; -1 when it does not fit (list then holds the
 * entries that do). */
int ui_peers_format(const struct dcb_ae_table *t, char *list, size_t size);

#endif
