/*
 * context_handoff.c: moving an open transaction from one thread to another.
 *
 * By default a transaction belongs to the thread that began it: committing it from another
 * thread fails with JET_errSessionSharingViolation. To hand it over, begin it while a session
 * context is set (JetSetSessionContext), reset the context, and set the same context on the
 * thread that continues. This is how thread-pool servers carry one request across threads.
 */
#include <esent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define REQUEST_CONTEXT 0x1234

static JET_SESID session;

static void check(const char *what, JET_ERR err, JET_ERR expected) {
    printf("  %-58s -> %d%s\n", what, (int)err, err == expected ? "" : "  (unexpected!)");
    if (err != expected) exit(1);
}

static void *first_half(void *arg) {
    (void)arg;
    puts("thread A: sets the context, begins the transaction, lets go of the context");
    check("JetSetSessionContext(session, REQUEST_CONTEXT)", JetSetSessionContext(session, REQUEST_CONTEXT), 0);
    check("JetBeginTransaction(session)", JetBeginTransaction(session), 0);
    check("JetResetSessionContext(session)", JetResetSessionContext(session), 0);
    return NULL;
}

static void *second_half(void *arg) {
    (void)arg;
    puts("thread B: takes the same context and commits");
    check("JetSetSessionContext(session, REQUEST_CONTEXT)", JetSetSessionContext(session, REQUEST_CONTEXT), 0);
    check("JetCommitTransaction(session, 0)", JetCommitTransaction(session, 0), 0);
    check("JetResetSessionContext(session)", JetResetSessionContext(session), 0);
    return NULL;
}

static void *without_context(void *arg) {
    (void)arg;
    puts("thread C: commits a transaction thread main began without a context");
    check("JetCommitTransaction(session, 0)", JetCommitTransaction(session, 0), JET_errSessionSharingViolation);
    return NULL;
}

static void run(void *(*fn)(void *)) {
    pthread_t t;
    pthread_create(&t, NULL, fn, NULL);
    pthread_join(t, NULL);
}

int main(void) {
    JET_INSTANCE instance;
    check("JetCreateInstance(&instance, \"handoff\")", JetCreateInstance(&instance, "handoff"), 0);
    check("JetInit(&instance)", JetInit(&instance), 0);
    check("JetBeginSession(instance, &session, NULL, NULL)", JetBeginSession(instance, &session, NULL, NULL), 0);

    run(first_half);
    run(second_half);

    puts("main: begins a transaction without a context (it belongs to this thread)");
    check("JetBeginTransaction(session)", JetBeginTransaction(session), 0);
    run(without_context);
    puts("main: the transaction is untouched; main rolls it back");
    check("JetRollback(session, 0)", JetRollback(session, 0), 0);

    check("JetEndSession(session, 0)", JetEndSession(session, 0), 0);
    check("JetTerm(instance)", JetTerm(instance), 0);
    puts("done: run with ESENT_TRACE=1 to see why thread C was refused");
    return 0;
}
