/* loop.c — poll() loop with an eventfd wakeup. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "loop.h"

struct watch {
	int fd;
	short events;
	bool dead;
	dcb_loop_fn fn;
	void *user;
};

struct dcb_loop {
	int wake_fd;
	struct watch *w;
	size_t n, cap;
	struct pollfd *pfd;
	size_t pfd_cap;
	bool dispatching;
};

int64_t
dcb_loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct dcb_loop *
dcb_loop_new(struct dcb_error *err)
{
	struct dcb_loop *l = calloc(1, sizeof *l);

	if (l == NULL) {
		dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory for the event loop"));
		return NULL;
	}
	l->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (l->wake_fd < 0) {
		dcb_error_set(err, DCB_ERR_IO, -1, N_("cannot create the loop's wakeup: %s"),
		              strerror(errno));
		free(l);
		return NULL;
	}
	return l;
}

void
dcb_loop_free(struct dcb_loop *l)
{
	if (l == NULL)
		return;
	close(l->wake_fd);
	free(l->w);
	free(l->pfd);
	free(l);
}

static struct watch *
find(struct dcb_loop *l, int fd)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->w[i].fd == fd && !l->w[i].dead)
			return &l->w[i];
	return NULL;
}

int
dcb_loop_add(struct dcb_loop *l, int fd, short events, dcb_loop_fn fn, void *user)
{
	if (find(l, fd) != NULL)
		return DCB_ERR_EXISTS;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct watch *w = realloc(l->w, cap * sizeof *w);
		if (w == NULL)
			return DCB_ERR_NOMEM;
		l->w = w;
		l->cap = cap;
	}
	l->w[l->n++] = (struct watch){.fd = fd, .events = events, .fn = fn, .user = user};
	return 0;
}

void
dcb_loop_set_events(struct dcb_loop *l, int fd, short events)
{
	struct watch *w = find(l, fd);

	if (w != NULL)
		w->events = events;
}

static void
compact(struct dcb_loop *l)
{
	size_t j = 0;

	for (size_t i = 0; i < l->n; i++)
		if (!l->w[i].dead)
			l->w[j++] = l->w[i];
	l->n = j;
}

void
dcb_loop_remove(struct dcb_loop *l, int fd)
{
	struct watch *w = find(l, fd);

	if (w == NULL)
		return;
	w->dead = true;
	if (!l->dispatching)
		compact(l);
}

int
dcb_loop_run_once(struct dcb_loop *l, int timeout_ms)
{
	size_t n = l->n, i;
	int r, woken = 0;

	if (l->pfd_cap < n + 1) {
		struct pollfd *p = realloc(l->pfd, (n + 1) * sizeof *p);
		if (p == NULL)
			return DCB_ERR_NOMEM;
		l->pfd = p;
		l->pfd_cap = n + 1;
	}
	l->pfd[0] = (struct pollfd){.fd = l->wake_fd, .events = POLLIN};
	for (i = 0; i < n; i++)
		l->pfd[i + 1] = (struct pollfd){.fd = l->w[i].events != 0 ? l->w[i].fd : -1,
		                                .events = l->w[i].events};
	r = poll(l->pfd, n + 1, timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : DCB_ERR_IO;
	if (l->pfd[0].revents & POLLIN) {
		uint64_t v;
		while (read(l->wake_fd, &v, sizeof v) > 0)
			;
		woken = 1;
	}
	l->dispatching = true;
	/* Watches added by callbacks sit past n and wait for the next turn;
	 * l->w may move (realloc) but indexes stay valid. */
	for (i = 0; i < n && r > 0; i++) {
		short rev = l->pfd[i + 1].revents;
		if (rev == 0 || l->w[i].dead)
			continue;
		l->w[i].fn(l->w[i].fd, rev, l->w[i].user);
	}
	l->dispatching = false;
	compact(l);
	return woken;
}

void
dcb_loop_wake(struct dcb_loop *l)
{
	uint64_t one = 1;
	ssize_t r = write(l->wake_fd, &one, sizeof one);

	(void)r;
}
