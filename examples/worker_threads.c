/*
 * worker_threads.c: one session per worker thread, the pattern ESE is built for.
 *
 * A session takes one call at a time, and a transaction belongs to the thread that began it.
 * Giving each worker its own session (JetBeginSession, or JetDupSession from a session the
 * thread was handed) means no call ever waits for or collides with another thread.
 */
#include <esent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define WORKERS 4
#define TRANSACTIONS 10000

static JET_INSTANCE instance;

static void check(const char *what, JET_ERR err) {
    if (err < 0) {
        fprintf(stderr, "%s failed: %d\n", what, (int)err);
        exit(1);
    }
}

static void *worker(void *arg) {
    long id = (long)arg;
    JET_SESID session;
    check("JetBeginSession", JetBeginSession(instance, &session, NULL, NULL));
    for (int i = 0; i < TRANSACTIONS; i++) {
        check("JetBeginTransaction", JetBeginTransaction(session));
        check("JetBeginTransaction (nested)", JetBeginTransaction2(session, JET_bitTransactionReadOnly));
        check("JetCommitTransaction (nested)", JetCommitTransaction(session, 0));
        check("JetCommitTransaction", JetCommitTransaction(session, JET_bitCommitLazyFlush));
    }
    check("JetEndSession", JetEndSession(session, 0));
    printf("worker %ld: own session, %d transactions committed, session ended\n", id, TRANSACTIONS);
    return NULL;
}

int main(void) {
    check("JetCreateInstance", JetCreateInstance(&instance, "workers"));
    /* One session per worker, plus none to spare: the limit is exact in libesent. */
    check("JetSetSystemParameter", JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, WORKERS, NULL));
    check("JetInit", JetInit(&instance));
    printf("instance ready, JET_paramMaxSessions = %d\n", WORKERS);

    pthread_t threads[WORKERS];
    for (long i = 0; i < WORKERS; i++) pthread_create(&threads[i], NULL, worker, (void *)i);
    for (int i = 0; i < WORKERS; i++) pthread_join(threads[i], NULL);

    check("JetTerm", JetTerm(instance));
    printf("all %d workers done, instance terminated\n", WORKERS);
    return 0;
}
