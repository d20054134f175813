/* backend.c — the event queue between the engine threads and the
 * dashboard's loop, and the parts of the backend that do not depend on
 * which engine runs. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"

#define QUEUE_CAP 2048

struct ui_queue {
	pthread_mutex_t lock;
	pthread_cond_t room;
	struct dcb_event *ev;
	size_t head, count;
	int pipe[2];
	bool closed;
};

void
ui_event_init(struct dcb_event *ev, enum dcb_event_kind kind, enum dcb_side side, uint32_t assoc_id)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = kind;
	ev->side = side;
	ev->assoc_id = assoc_id;
	clock_gettime(CLOCK_REALTIME, &ev->time);
}

void
ui_backend_set_archive(struct ui_backend *b, const size_t counts[4])
{
	for (int i = 0; i < 4; i++)
		atomic_store(&b->archive[i], counts != NULL ? counts[i] : 0);
	atomic_store(&b->archive_on, counts != NULL);
	atomic_store(&b->archive_indexing, false);
	atomic_fetch_add(&b->archive_changed, 1);
}

void
ui_backend_set_archive_progress(struct ui_backend *b, size_t done, size_t total)
{
	atomic_store(&b->archive_done, done);
	atomic_store(&b->archive_total, total);
	atomic_store(&b->archive_indexing, true);
	atomic_fetch_add(&b->archive_changed, 1);
}

struct ui_backend *
ui_backend_new(const struct ui_settings *cfg, bool in_memory)
{
	struct ui_backend *b = calloc(1, sizeof *b);
	struct ui_queue *q = calloc(1, sizeof *q);

	if (b == NULL || q == NULL)
		abort();
	q->ev = calloc(QUEUE_CAP, sizeof *q->ev);
	if (q->ev == NULL || pipe(q->pipe) < 0)
		abort();
	for (int i = 0; i < 2; i++) {
		fcntl(q->pipe[i], F_SETFL, fcntl(q->pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(q->pipe[i], F_SETFD, FD_CLOEXEC);
	}
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->room, NULL);
	b->q = q;
	b->cfg = *cfg;
	b->in_memory = in_memory;
	b->ops = &ui_backend_engine_ops;
	return b;
}

void
ui_backend_free(struct ui_backend *b)
{
	if (b == NULL)
		return;
	pthread_mutex_lock(&b->q->lock);
	b->q->closed = true;
	pthread_cond_broadcast(&b->q->room);
	pthread_mutex_unlock(&b->q->lock);
	if (b->ops != NULL && b->ops->stop != NULL)
		b->ops->stop(b);
	close(b->q->pipe[0]);
	close(b->q->pipe[1]);
	pthread_mutex_destroy(&b->q->lock);
	pthread_cond_destroy(&b->q->room);
	free(b->q->ev);
	free(b->q);
	free(b);
}

int
ui_backend_fd(const struct ui_backend *b)
{
	return b->q->pipe[0];
}

void
ui_backend_emit(struct ui_backend *b, const struct dcb_event *ev)
{
	struct ui_queue *q = b->q;
	bool wake;

	pthread_mutex_lock(&q->lock);
	while (q->count == QUEUE_CAP && !q->closed) {
		if (ev->kind == DCB_EV_PROGRESS) {
			pthread_mutex_unlock(&q->lock);
			return;
		}
		pthread_cond_wait(&q->room, &q->lock);
	}
	if (q->closed) {
		pthread_mutex_unlock(&q->lock);
		return;
	}
	q->ev[(q->head + q->count) % QUEUE_CAP] = *ev;
	wake = q->count++ == 0;
	pthread_mutex_unlock(&q->lock);
	if (wake) {
		ssize_t r = write(q->pipe[1], "e", 1);
		(void)r; /* a full pipe already wakes the reader */
	}
}

size_t
ui_backend_drain(struct ui_backend *b, void (*fn)(const struct dcb_event *ev, void *user),
                 void *user, size_t max)
{
	struct ui_queue *q = b->q;
	char buf[64];
	size_t head, n;

	while (read(q->pipe[0], buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&q->lock);
	head = q->head;
	n = q->count < max ? q->count : max;
	pthread_mutex_unlock(&q->lock);
	/* In place, without the lock: the engines only write behind the
	 * queued events, and these stay queued until they are folded. */
	for (size_t i = 0; i < n; i++)
		fn(&q->ev[(head + i) % QUEUE_CAP], user);
	pthread_mutex_lock(&q->lock);
	q->head = (q->head + n) % QUEUE_CAP;
	q->count -= n;
	if (q->count > 0) {
		ssize_t r = write(q->pipe[1], "e", 1); /* more to come: stay readable */
		(void)r;
	}
	if (n > 0)
		pthread_cond_broadcast(&q->room);
	pthread_mutex_unlock(&q->lock);
	return n;
}
