/* Loads libesent by path, the way a plugin host would, resolves every exported name, and walks
 * a short lifecycle through the resolved pointers (S-ABI-05, S-ABI-07, S-ABI-09). */
#include <esent.h>

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef JET_ERR (*create_fn)(JET_INSTANCE *, JET_PCSTR);
typedef JET_ERR (*init_fn)(JET_INSTANCE *);
typedef JET_ERR (*begin_fn)(JET_INSTANCE, JET_SESID *, JET_PCSTR, JET_PCSTR);
typedef JET_ERR (*end_fn)(JET_SESID, JET_GRBIT);
typedef JET_ERR (*term_fn)(JET_INSTANCE);

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s /path/to/libesent.so exports.txt\n", argv[0]);
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
    return missing == 0 && resolved > 0 && lifecycle_ok ? 0 : 1;
}
