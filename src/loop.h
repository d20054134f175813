/* loop.h — a small poll() loop: file descriptors with callbacks and a
 * thread-safe wakeup.
 *
 * One loop per thread.  Only dcb_loop_wake() may be called from another
 * thread; everything else belongs to the thread that runs the loop.
 * Timers are the owner's business: it passes the time to its next deadline
 * to dcb_loop_run_once() and checks its deadlines after each turn. */
#ifndef DCB_LOOP_H
#define DCB_LOOP_H

#include <stdint.h>

#include "error.h"

struct dcb_loop;

/* Called with the poll() revents of fd (POLLIN, POLLOUT, POLLERR, POLLHUP). */
typedef void (*dcb_loop_fn)(int fd, short revents, void *user);

/* Returns NULL with DCB_ERR_NOMEM or DCB_ERR_IO (no eventfd) in err. */
struct dcb_loop *dcb_loop_new(struct dcb_error *err);
void dcb_loop_free(struct dcb_loop *l);

/* Watches fd for events (POLLIN | POLLOUT).  Returns 0 or DCB_ERR_NOMEM,
 * DCB_ERR_EXISTS when fd is already watched. */
int dcb_loop_add(struct dcb_loop *l, int fd, short events, dcb_loop_fn fn, void *user);

/* Changes the events of a watched fd (0: keep it but do not poll it). */
void dcb_loop_set_events(struct dcb_loop *l, int fd, short events);

/* Stops watching fd; safe from inside a callback (the fd's entry is only
 * marked and dropped after the turn).  Does not close fd. */
void dcb_loop_remove(struct dcb_loop *l, int fd);

/* One turn: poll() up to timeout_ms (-1 forever), then call the callbacks
 * of ready fds.  Returns 1 when dcb_loop_wake() was called since the last
 * turn, 0 otherwise, or DCB_ERR_IO when poll() failed. */
int dcb_loop_run_once(struct dcb_loop *l, int timeout_ms);

/* Thread-safe, async-signal-safe: makes the current or next turn return. */
void dcb_loop_wake(struct dcb_loop *l);

/* Monotonic milliseconds. */
int64_t dcb_loop_now_ms(void);

#endif
