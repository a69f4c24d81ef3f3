/* Loads libesent by path, the way a plugin host would, resolves every exported name, and walks
 * a short lifecycle through the resolved pointers (S-ABI-05, S-ABI-07, S-ABI-09).
 *
 * With a third argument N, it then loads and unloads the library N more times, each time
 * running create, init, begin, end, term: nothing the library allocated may survive an unload
 * (S-LIF-03), so resident memory stays flat and, under valgrind, nothing leaks. */
#include <esent.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef JET_ERR (*create_fn)(JET_INSTANCE *, JET_PCSTR);
typedef JET_ERR (*init_fn)(JET_INSTANCE *);
typedef JET_ERR (*begin_fn)(JET_INSTANCE, JET_SESID *, JET_PCSTR, JET_PCSTR);
typedef JET_ERR (*end_fn)(JET_SESID, JET_GRBIT);
typedef JET_ERR (*term_fn)(JET_INSTANCE);

static long resident_kb(void) {
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return -1;
    if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = -1;
    fclose(f);
    return rss * 4;
}

/* One load, lifecycle and unload; 0 on success. */
static int cycle(const char *path) {
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) return 1;
    create_fn create = (create_fn)dlsym(lib, "JetCreateInstance");
    init_fn init = (init_fn)dlsym(lib, "JetInit");
    begin_fn begin = (begin_fn)dlsym(lib, "JetBeginSession");
    end_fn end = (end_fn)dlsym(lib, "JetEndSession");
    term_fn term = (term_fn)dlsym(lib, "JetTerm");
    int bad = !create || !init || !begin || !end || !term;
    if (!bad) {
        JET_INSTANCE inst = 0;
        JET_SESID sesid = 0;
        bad = create(&inst, "cycle") || init(&inst) || begin(inst, &sesid, NULL, NULL) || end(sesid, 0) ||
              term(inst);
    }
    dlclose(lib);
    return bad;
}

static int cycles(const char *path, int n) {
    long before = 0;
    for (int i = 0; i < n; i++) {
        if (cycle(path)) {
            printf("cycle %d failed\n", i);
            return 1;
        }
        if (i == n / 10) before = resident_kb();
    }
    long after = resident_kb();
    void *still = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    printf("dlopen cycles: %d, resident %ld KB -> %ld KB, library %s after dlclose\n", n, before, after,
           still ? "still mapped" : "unmapped");
    if (still) dlclose(still);
    /* A leak of the old size (330 KB a cycle) shows at once; allow allocator noise. Under
     * valgrind (which grows on its own) the leak checker judges instead. */
    if (getenv("ESENT_DLOPEN_NO_RSS")) return 0;
    return after - before > 2048 ? 1 : 0;
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: %s /path/to/libesent.so exports.txt [cycles]\n", argv[0]);
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    char name[256];
    int resolved = 0, missing = 0;
    while (fscanf(f, "%255s", name) == 1) {
        if (dlsym(lib, name)) {
            resolved++;
        } else {
            printf("missing: %s\n", name);
            missing++;
        }
    }
    fclose(f);

    /* The unsuffixed names are real symbols with the A behaviour. */
    create_fn create = (create_fn)dlsym(lib, "JetCreateInstance");
    init_fn init = (init_fn)dlsym(lib, "JetInit");
    begin_fn begin = (begin_fn)dlsym(lib, "JetBeginSession");
    end_fn end = (end_fn)dlsym(lib, "JetEndSession");
    term_fn term = (term_fn)dlsym(lib, "JetTerm");
    if (!create || !init || !begin || !end || !term) {
        printf("lifecycle symbols missing\n");
        return 1;
    }
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;
    JET_ERR e1 = create(&inst, "dlopen");
    JET_ERR e2 = init(&inst);
    JET_ERR e3 = begin(inst, &sesid, NULL, NULL);
    JET_ERR e4 = end(sesid, 0);
    JET_ERR e5 = term(inst);
    JET_ERR e6 = end(sesid, 0); /* stale now */
    int lifecycle_ok = e1 == 0 && e2 == 0 && e3 == 0 && e4 == 0 && e5 == 0 && e6 == JET_errInvalidSesid;
    if (!lifecycle_ok)
        printf("lifecycle: %d %d %d %d %d %d\n", (int)e1, (int)e2, (int)e3, (int)e4, (int)e5, (int)e6);
    if (dlsym(lib, "esent_test_failpoint")) {
        printf("the release library exports a test hook\n");
        missing++;
    }
    dlclose(lib);
    printf("dlopen: %d symbols resolved, %d missing, lifecycle %s\n", resolved, missing,
           lifecycle_ok ? "ok" : "FAILED");
    int ok = missing == 0 && resolved > 0 && lifecycle_ok;
    if (argc == 4 && cycles(argv[1], atoi(argv[3])) != 0) ok = 0;
    return ok ? 0 : 1;
}
