/* Databases: create, attach, open, close, detach (data-ddl §4; S-THD-03, S-NAM-03, S-STO-01..05,
 * S-BAD-01). */
#include "check.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

static void write_file(const char *path, const void *data, size_t n) {
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    CHECK(fd >= 0);
    if (fd < 0) return;
    CHECK_EQ(write(fd, data, n), (long long)n);
    close(fd);
}

/* The bytes of a file, for "never written" checks (at most 64 KiB). */
static size_t read_file(const char *path, unsigned char *buf, size_t max) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, max);
    close(fd);
    return n < 0 ? 0 : (size_t)n;
}

TEST(db_create_open_close_detach_attach) {
    /* data-ddl 4.2-4.6; S-THD-03 */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    const char *path = fixture_path("a.edb");
    JET_DBID dbid = 12345;
    CHECK_OK(JetCreateDatabase(s, path, NULL, &dbid, 0));
    CHECK(dbid >= 1 && dbid <= 6);
    CHECK(exists(path));
    /* Created means attached and opened once: detaching needs a close first. */
    CHECK_ERR(JET_errDatabaseInUse, JetDetachDatabase(s, path));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_ERR(JET_errInvalidDatabaseId, JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, path));
    CHECK_ERR(JET_errDatabaseNotFound, JetDetachDatabase(s, path));
    /* Attach, then open twice (two closes), the same dbid for every session. */
    CHECK_OK(JetAttachDatabase(s, path, 0));
    CHECK_ERR(JET_wrnDatabaseAttached, JetAttachDatabase(s, path, 0));
    JET_DBID d1 = 0, d2 = 0, d3 = 0;
    CHECK_OK(JetOpenDatabase(s, path, NULL, &d1, 0));
    CHECK_OK(JetOpenDatabase(s, path, "ignored", &d2, 0));
    CHECK_EQ(d1, d2);
    JET_SESID other = fixture_session(inst);
    CHECK_OK(JetOpenDatabase(other, path, NULL, &d3, 0));
    CHECK_EQ(d1, d3);
    CHECK_OK(JetCloseDatabase(s, d1, 0));
    CHECK_ERR(JET_errDatabaseInUse, JetDetachDatabase(s, path));
    CHECK_OK(JetCloseDatabase(s, d1, 0xFFFFFFFF)); /* the grbit is ignored */
    CHECK_ERR(JET_errInvalidDatabaseId, JetCloseDatabase(s, d1, 0));
    CHECK_ERR(JET_errDatabaseInUse, JetDetachDatabase(s, path)); /* `other` still has it */
    CHECK_OK(JetEndSession(other, 0));                           /* which closes it */
    CHECK_OK(JetDetachDatabase2(s, path, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(db_create_codes) {
    /* data-ddl 4.2 steps 3-10; S-BAD-01 */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID dbid = 77;
    const char *path = fixture_path("c.edb");
    CHECK_ERR(JET_errInvalidSesid, JetCreateDatabase(0, path, NULL, &dbid, 0));
    CHECK_ERR(JET_errInvalidSesid, JetCreateDatabase(s + 1, "\xff", NULL, &dbid, 0));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateDatabase(s, "\xff", NULL, &dbid, 0));
    CHECK_ERR(JET_errDatabaseInvalidPath, JetCreateDatabase(s, NULL, NULL, &dbid, 0));
    CHECK_ERR(JET_errDatabaseInvalidPath, JetCreateDatabase(s, "", NULL, &dbid, 0));
    CHECK_ERR(JET_errCannotDisableVersioning, JetCreateDatabase(s, path, NULL, &dbid, 0x40 /* JET_bitDbVersioningOff, private */));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errInTransaction, JetCreateDatabase(s, path, NULL, &dbid, 0));
    CHECK_OK(JetRollback(s, 0));
    /* A NULL pdbid is refused before any file is made. */
    CHECK_ERR(JET_errInvalidParameter, JetCreateDatabase(s, path, NULL, NULL, 0));
    CHECK(!exists(path));
    CHECK_EQ(dbid, 77); /* written on success only */
    CHECK_OK(JetCreateDatabase(s, path, NULL, &dbid, 0));
    CHECK_ERR(JET_errDatabaseDuplicate, JetCreateDatabase(s, path, NULL, &dbid, 0));
    CHECK_ERR(JET_errDatabaseDuplicate, JetCreateDatabase(s, path, NULL, &dbid, JET_bitDbOverwriteExisting));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, path));
    /* The file exists: a duplicate, unless overwriting. */
    CHECK_ERR(JET_errDatabaseDuplicate, JetCreateDatabase(s, path, NULL, &dbid, 0));
    CHECK_OK(JetCreateDatabase(s, path, NULL, &dbid, JET_bitDbOverwriteExisting));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    /* A directory that does not exist. */
    CHECK_ERR(JET_errInvalidPath, JetCreateDatabase(s, fixture_path("no/such/dir.edb"), NULL, &dbid, 0));
    CHECK_ERR(JET_errInvalidPath, JetCreateDatabase(s, fixture_dir(), NULL, &dbid, JET_bitDbOverwriteExisting));
    CHECK_OK(JetTerm(inst));
}

TEST(db_six_user_databases_at_most) {
    /* data-ddl 4.1: dbids 1-6; a seventh -> JET_errTooManyAttachedDatabases */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    int seen[8] = {0};
    for (int i = 0; i < 6; i++) {
        char name[32];
        snprintf(name, sizeof name, "six%d.edb", i);
        JET_DBID dbid = 0;
        CHECK_OK(JetCreateDatabase(s, fixture_path(name), NULL, &dbid, 0));
        CHECK(dbid >= 1 && dbid <= 6);
        if (dbid < 8) seen[dbid]++;
    }
    for (int d = 1; d <= 6; d++) CHECK_EQ(seen[d], 1);
    JET_DBID dbid = 99;
    CHECK_ERR(JET_errTooManyAttachedDatabases, JetCreateDatabase(s, fixture_path("seventh.edb"), NULL, &dbid, 0));
    CHECK(!exists(fixture_path("seventh.edb")));
    /* Attaching a seventh file: free a place, fill it with another database, then attach. */
    CHECK_OK(JetOpenDatabase(s, fixture_path("six0.edb"), NULL, &dbid, 0));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, fixture_path("six0.edb")));
    CHECK_OK(JetCreateDatabase(s, fixture_path("seventh.edb"), NULL, &dbid, 0));
    CHECK_ERR(JET_errTooManyAttachedDatabases, JetAttachDatabase(s, fixture_path("six0.edb"), 0));
    CHECK_OK(JetTerm(inst));
}

TEST(db_attach_codes) {
    /* data-ddl 4.3 steps 3-14; S-STO-01 */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    const char *path = fixture_path("att.edb");
    CHECK_ERR(JET_errDatabaseInvalidPath, JetAttachDatabase(s, NULL, 0));
    CHECK_ERR(JET_errDatabaseInvalidPath, JetAttachDatabase(s, "", 0));
    CHECK_ERR(JET_errFileNotFound, JetAttachDatabase(s, path, 0));
    CHECK_ERR(JET_errDatabaseInvalidPath, JetAttachDatabase(s, fixture_dir(), 0));
    CHECK_ERR(JET_errInvalidGrbit, JetAttachDatabase(s, path, JET_bitDbReadOnly | JET_bitDbDeleteUnicodeIndexes));
    CHECK_ERR(JET_errCannotDisableVersioning, JetAttachDatabase(s, path, 0x40 /* JET_bitDbVersioningOff, private */));
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(s, path, NULL, &dbid, 0));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, path));
    CHECK_OK(JetBeginTransaction(s));
    CHECK_ERR(JET_errInTransaction, JetAttachDatabase(s, path, 0));
    CHECK_ERR(JET_errInTransaction, JetDetachDatabase(s, path));
    CHECK_OK(JetCommitTransaction(s, 0));
    /* A file the OS only lets us read: -1008 unless attached read-only. */
    CHECK_EQ(chmod(path, 0444), 0);
    CHECK_ERR(JET_errDatabaseFileReadOnly, JetAttachDatabase(s, path, 0));
    CHECK_OK(JetAttachDatabase(s, path, JET_bitDbReadOnly));
    CHECK_ERR(JET_wrnFileOpenReadOnly, JetOpenDatabase(s, path, NULL, &dbid, 0));
    CHECK(dbid >= 1 && dbid <= 6); /* the warning comes with the dbid */
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetOpenDatabase(s, path, NULL, &dbid, JET_bitDbReadOnly));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, path));
    CHECK_OK(JetTerm(inst));
}

TEST(db_files_that_are_not_ours_are_refused_and_never_written) {
    /* S-STO-01: a Windows .edb -> -1209; empty, random, truncated, flipped -> -1206 */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    unsigned char ese[8192] = {0};
    ese[4] = 0xEF, ese[5] = 0xCD, ese[6] = 0xAB, ese[7] = 0x89; /* ulMagic 0x89ABCDEF */
    write_file(fixture_path("windows.edb"), ese, sizeof ese);
    write_file(fixture_path("empty.edb"), "", 0);
    unsigned char noise[10000];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof noise; i++) noise[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 16);
    write_file(fixture_path("noise.edb"), noise, sizeof noise);
    /* One of ours, then cut short. */
    JET_DBID dbid = 0;
    const char *ours = fixture_path("ours.edb");
    CHECK_OK(JetCreateDatabase(s, ours, NULL, &dbid, 0));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, ours));
    static unsigned char whole[1 << 16];
    size_t n = read_file(ours, whole, sizeof whole);
    CHECK(n > 4096);
    write_file(fixture_path("truncated.edb"), whole, n / 2);
    struct { const char *name; JET_ERR code; } cases[] = {
        {"windows.edb", JET_errInvalidDatabaseVersion},
        {"empty.edb", JET_errDatabaseCorrupted},
        {"noise.edb", JET_errDatabaseCorrupted},
        {"truncated.edb", JET_errDatabaseCorrupted},
    };
    static unsigned char before[1 << 16], after[1 << 16];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *p = fixture_path(cases[i].name);
        size_t nb = read_file(p, before, sizeof before);
        CHECK_ERR(cases[i].code, JetAttachDatabase(s, p, 0));
        CHECK_ERR(cases[i].code, JetAttachDatabase(s, p, JET_bitDbReadOnly));
        size_t na = read_file(p, after, sizeof after);
        CHECK_EQ(na, nb);
        CHECK(memcmp(before, after, nb) == 0);
        /* A refused file is not attached: opening it finds nothing. */
        CHECK_ERR(JET_errDatabaseNotFound, JetOpenDatabase(s, p, NULL, &dbid, 0));
    }
    /* The whole file still attaches. */
    CHECK_OK(JetAttachDatabase(s, ours, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(db_open_codes) {
    /* data-ddl 4.5; S-THD-03 */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID a = fixture_session(inst), b = fixture_session(inst);
    const char *path = fixture_path("open.edb");
    JET_DBID dbid = 5;
    CHECK_ERR(JET_errInvalidParameter, JetOpenDatabase(a, path, NULL, NULL, 0));
    CHECK_ERR(JET_errDatabaseInvalidPath, JetOpenDatabase(a, NULL, NULL, &dbid, 0));
    CHECK_EQ(dbid, JET_dbidNil); /* nil first, and it stays nil on an error */
    CHECK_ERR(JET_errDatabaseNotFound, JetOpenDatabase(a, path, NULL, &dbid, 0));
    CHECK_OK(JetCreateDatabase(a, path, NULL, &dbid, 0));
    /* A file that exists but is not attached is "not found" too. */
    JET_DBID other = 0;
    const char *loose = fixture_path("loose.edb");
    CHECK_OK(JetCreateDatabase(b, loose, NULL, &other, 0));
    CHECK_OK(JetCloseDatabase(b, other, 0));
    CHECK_OK(JetDetachDatabase(b, loose));
    CHECK(exists(loose));
    CHECK_ERR(JET_errDatabaseNotFound, JetOpenDatabase(b, loose, NULL, &other, 0));
    /* Exclusive: refused while any session (the caller too) has it open. */
    CHECK_ERR(JET_errDatabaseInUse, JetOpenDatabase(a, path, NULL, &other, JET_bitDbExclusive));
    CHECK_OK(JetCloseDatabase(a, dbid, 0));
    CHECK_OK(JetOpenDatabase(a, path, NULL, &dbid, JET_bitDbExclusive));
    CHECK_ERR(JET_errDatabaseLocked, JetOpenDatabase(b, path, NULL, &other, 0));
    CHECK_OK(JetOpenDatabase(a, path, NULL, &other, 0)); /* the holder may open it again */
    CHECK_OK(JetCloseDatabase(a, dbid, 0));
    CHECK_ERR(JET_errDatabaseLocked, JetOpenDatabase(b, path, NULL, &other, 0));
    CHECK_OK(JetCloseDatabase(a, dbid, 0));
    CHECK_OK(JetOpenDatabase(b, path, NULL, &other, 0));
    /* Any transaction level may open and close. */
    CHECK_OK(JetBeginTransaction(b));
    CHECK_OK(JetOpenDatabase(b, path, NULL, &other, 0));
    CHECK_OK(JetCloseDatabase(b, other, 0));
    CHECK_OK(JetCommitTransaction(b, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(db_dbid_is_per_session) {
    /* S-THD-03: a dbid is good for a session only while that session has it open */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID a = fixture_session(inst), b = fixture_session(inst);
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(a, fixture_path("per.edb"), NULL, &dbid, 0));
    CHECK_ERR(JET_errInvalidDatabaseId, JetCloseDatabase(b, dbid, 0));
    for (JET_DBID bad = 0; bad < 10; bad++)
        if (bad != dbid) CHECK_ERR(JET_errInvalidDatabaseId, JetCloseDatabase(a, bad, 0));
    CHECK_ERR(JET_errInvalidDatabaseId, JetCloseDatabase(a, JET_dbidNil, 0));
    CHECK_ERR(JET_errInvalidSesid, JetCloseDatabase(0, dbid, 0));
    CHECK_OK(JetCloseDatabase(a, dbid, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(db_one_database_per_session) {
    /* data-ddl 4.5 step 5: JET_paramOneDatabasePerSession */
    JET_INSTANCE inst = fixture_created("db");
    CHECK_OK(JetSetSystemParameter(&inst, 0, JET_paramOneDatabasePerSession, 1, NULL));
    CHECK_OK(JetInit(&inst));
    JET_SESID s = fixture_session(inst);
    JET_DBID d1 = 0, d2 = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("one.edb"), NULL, &d1, 0));
    CHECK_OK(JetCreateDatabase(s, fixture_path("two.edb"), NULL, &d2, 0)); /* create is not an open */
    CHECK_OK(JetCloseDatabase(s, d2, 0));
    CHECK_ERR(JET_errOneDatabasePerSession, JetOpenDatabase(s, fixture_path("two.edb"), NULL, &d2, 0));
    CHECK_OK(JetOpenDatabase(s, fixture_path("one.edb"), NULL, &d2, 0)); /* the same one is fine */
    CHECK_OK(JetTerm(inst));
}

TEST(db_two_instances_of_one_process_share_no_file) {
    /* S-STO-04: another instance of the process -> JET_errDatabaseSharingViolation */
    JET_INSTANCE i1 = fixture_running("db1", -1), i2 = fixture_running("db2", -1);
    JET_SESID s1 = fixture_session(i1), s2 = fixture_session(i2);
    const char *path = fixture_path("shared.edb");
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(s1, path, NULL, &dbid, 0));
    CHECK_ERR(JET_errDatabaseSharingViolation, JetAttachDatabase(s2, path, 0));
    CHECK_ERR(JET_errDatabaseSharingViolation, JetCreateDatabase(s2, path, NULL, &dbid, JET_bitDbOverwriteExisting));
    CHECK_ERR(JET_errDatabaseNotFound, JetOpenDatabase(s2, path, NULL, &dbid, 0));
    /* JetTerm detaches everything: the other instance can attach it then. */
    CHECK_OK(JetTerm(i1));
    CHECK_OK(JetAttachDatabase(s2, path, 0));
    CHECK_OK(JetTerm(i2));
}

TEST(db_another_process_holding_the_file) {
    /* S-STO-04: another process -> JET_errFileAccessDenied, and the file is not touched */
    const char *path = fixture_path("proc.edb");
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(s, path, NULL, &dbid, 0));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, path));
    int ready[2];
    CHECK_EQ(pipe(ready), 0);
    pid_t pid = fork();
    if (pid == 0) {
        /* The child's library starts fresh (S-LIF-02): its own instance holds the file. */
        JET_INSTANCE ci = 0;
        JET_SESID cs = 0;
        char ok = JetCreateInstance(&ci, "child") == 0 && JetInit(&ci) == 0 &&
                          JetBeginSession(ci, &cs, NULL, NULL) == 0 && JetAttachDatabase(cs, path, 0) == 0
                      ? 'y'
                      : 'n';
        if (write(ready[1], &ok, 1) != 1) _exit(2);
        pause();
        _exit(0);
    }
    char ok = 0;
    CHECK_EQ(read(ready[0], &ok, 1), 1);
    CHECK_EQ(ok, 'y');
    CHECK_ERR(JET_errFileAccessDenied, JetAttachDatabase(s, path, 0));
    CHECK_ERR(JET_errFileAccessDenied, JetAttachDatabase(s, path, JET_bitDbReadOnly));
    CHECK_ERR(JET_errFileAccessDenied, JetCreateDatabase(s, path, NULL, &dbid, JET_bitDbOverwriteExisting));
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    /* Once the holder is gone, it attaches cleanly (its last state was committed). */
    CHECK_OK(JetAttachDatabase(s, path, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(db_backslash_is_a_separator_and_relative_paths_use_the_working_directory) {
    /* S-NAM-03 */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_EQ(mkdir(fixture_path("sub"), 0755), 0);
    CHECK_EQ(chdir(fixture_dir()), 0);
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(s, ".\\sub\\win.edb", NULL, &dbid, 0));
    CHECK(exists(fixture_path("sub/win.edb")));
    /* The same file under other spellings is the same attachment. */
    CHECK_ERR(JET_errDatabaseDuplicate, JetCreateDatabase(s, fixture_path("sub/win.edb"), NULL, &dbid, 0));
    CHECK_ERR(JET_wrnDatabaseAttached, JetAttachDatabase(s, "sub/../sub/win.edb", 0));
    JET_DBID again = 0;
    CHECK_OK(JetOpenDatabase(s, "sub/win.edb", NULL, &again, 0));
    CHECK_EQ(again, dbid);
    CHECK_OK(JetCloseDatabase(s, again, 0));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, "./sub/win.edb"));
    CHECK_OK(JetTerm(inst));
}

TEST(db_backslash_paths_as_windows_programs_write_them) {
    /* S-NAM-03: the paths BookStoreSample and SvcInitSample pass: system, log and temp paths
     * ".\\" and ".\\Dir\\", W database names ".\\Dir\\x.edb"; a temporary table lands in
     * the temp path's directory (so a missing one fails) */
    CHECK_EQ(chdir(fixture_dir()), 0);
    CHECK_EQ(mkdir("DirX", 0755), 0);
    JET_INSTANCE inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "paths"));
    CHECK_OK(JetSetSystemParameterA(&inst, 0, JET_paramSystemPath, 0, ".\\DirX"));
    CHECK_OK(JetSetSystemParameterA(&inst, 0, JET_paramLogFilePath, 0, ".\\"));
    CHECK_OK(JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, ".\\DirX\\"));
    CHECK_OK(JetInit(&inst));
    JET_SESID s = fixture_session(inst);
    static const WCHAR wname[] = {'.', '\\', 'D', 'i', 'r', 'X', '\\', 'x', '.', 'e', 'd', 'b', 0};
    CHECK_ERR(JET_errFileNotFound, JetAttachDatabaseW(s, wname, 0));
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabaseW(s, wname, NULL, &dbid, 0));
    CHECK(exists("DirX/x.edb"));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabaseW(s, wname));
    CHECK_OK(JetAttachDatabaseA(s, "DirX\\x.edb", 0));
    CHECK_OK(JetOpenDatabaseA(s, ".\\DirX\\x.edb", "", &dbid, 0));
    JET_COLUMNDEF c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.coltyp = JET_coltypLong;
    c.grbit = JET_bitColumnTTKey;
    JET_TABLEID tt = 0;
    JET_COLUMNID id = 0;
    CHECK_OK(JetOpenTempTable(s, &c, 1, 0, &tt, &id));
    CHECK_OK(JetCloseTable(s, tt));
    CHECK_OK(JetTerm(inst));
    /* the same temp path naming a directory that does not exist: no temporary table */
    inst = 0;
    CHECK_OK(JetCreateInstance(&inst, "paths2"));
    CHECK_OK(JetSetSystemParameterA(&inst, 0, JET_paramTempPath, 0, ".\\NoSuchDir\\"));
    CHECK_OK(JetInit(&inst));
    s = fixture_session(inst);
    CHECK(JetOpenTempTable(s, &c, 1, 0, &tt, &id) < 0);
    CHECK_OK(JetTerm(inst));
}

TEST(db_wide_forms) {
    /* S-ABI-06 with data-ddl 4.2-4.5: the W functions take UTF-16 paths */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    const char *path = fixture_path("wide-\xc3\xa9.edb");
    WCHAR wpath[300];
    /* UTF-8 to UTF-16 for this path (ASCII plus one two-byte character). */
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == 0xc3) {
            wpath[n++] = (WCHAR)(((p[0] & 0x1f) << 6) | (p[1] & 0x3f));
            p++;
        } else {
            wpath[n++] = *p;
        }
    }
    wpath[n] = 0;
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabaseW(s, wpath, NULL, &dbid, 0));
    CHECK(exists(path));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabaseW(s, wpath));
    CHECK_OK(JetAttachDatabaseW(s, wpath, 0));
    CHECK_OK(JetOpenDatabaseW(s, wpath, NULL, &dbid, 0));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase2W(s, wpath, 0));
    const WCHAR bad[] = {0xD800, 0};
    CHECK_ERR(JET_errUnicodeTranslationFail, JetAttachDatabaseW(s, bad, 0));
    CHECK_ERR(JET_errUnicodeTranslationFail, JetCreateDatabase2W(s, bad, 0, &dbid, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(db_detach_codes) {
    /* data-ddl 4.4 */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID d1 = 0, d2 = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("x.edb"), NULL, &d1, 0));
    CHECK_OK(JetCreateDatabase(s, fixture_path("y.edb"), NULL, &d2, 0));
    CHECK_ERR(JET_errForceDetachNotAllowed, JetDetachDatabase2(s, fixture_path("x.edb"), JET_bitForceDetach));
    CHECK_ERR(JET_errForceDetachNotAllowed, JetDetachDatabase2(s, NULL, JET_bitForceCloseAndDetach));
    CHECK_ERR(JET_errDatabaseInUse, JetDetachDatabase(s, NULL));
    CHECK_OK(JetCloseDatabase(s, d1, 0));
    CHECK_ERR(JET_errDatabaseInUse, JetDetachDatabase(s, ""));
    CHECK_OK(JetCloseDatabase(s, d2, 0));
    /* NULL or empty detaches every database of the instance. */
    CHECK_OK(JetDetachDatabase(s, NULL));
    CHECK_ERR(JET_errDatabaseNotFound, JetDetachDatabase(s, fixture_path("x.edb")));
    CHECK_ERR(JET_errDatabaseNotFound, JetDetachDatabase(s, fixture_path("y.edb")));
    CHECK_OK(JetDetachDatabase(s, NULL)); /* nothing attached: nothing to do */
    CHECK_OK(JetTerm(inst));
}

TEST(db_stop_service_and_term) {
    /* S-INST-10 with data-ddl 4.4/4.6: close and detach work after a stop, create does not;
     * JetTerm detaches what is attached (S-INST-06) */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("st.edb"), NULL, &dbid, 0));
    CHECK_OK(JetStopServiceInstance(inst));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCreateDatabase(s, fixture_path("st2.edb"), NULL, &dbid, 0));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetOpenDatabase(s, fixture_path("st.edb"), NULL, &dbid, 0));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, fixture_path("st.edb")));
    CHECK_OK(JetTerm(inst));
    /* Termed with a database attached and open: the next instance attaches it at once. */
    JET_INSTANCE again = fixture_running("db", -1);
    JET_SESID s2 = fixture_session(again);
    CHECK_OK(JetAttachDatabase(s2, fixture_path("st.edb"), 0));
    CHECK_OK(JetOpenDatabase(s2, fixture_path("st.edb"), NULL, &dbid, 0));
    CHECK_OK(JetTerm(again));
    JET_INSTANCE third = fixture_running("db", -1);
    JET_SESID s3 = fixture_session(third);
    CHECK_OK(JetAttachDatabase(s3, fixture_path("st.edb"), 0));
    CHECK_OK(JetTerm(third));
}

TEST(db_instance_info_lists_attached_databases) {
    /* S-INST-12 with data-ddl 4.1 */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("i1.edb"), NULL, &dbid, 0));
    CHECK_OK(JetCreateDatabase(s, fixture_path("i2.edb"), NULL, &dbid, 0));
    unsigned long long c = 0;
    uint32_t count = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    CHECK_OK(JetGetInstanceInfoA(&count, &info));
    CHECK_EQ(count, 1);
    if (count == 1 && info) {
        c = info[0].cDatabases;
        CHECK_EQ(c, 2);
        int found = 0;
        for (unsigned long long i = 0; i < c; i++) {
            CHECK(info[0].szDatabaseFileName[i][0] == '/');
            CHECK(strcmp(info[0].szDatabaseFileName[i], info[0].szDatabaseDisplayName[i]) == 0);
            found += strstr(info[0].szDatabaseFileName[i], "/i1.edb") != NULL;
            found += strstr(info[0].szDatabaseFileName[i], "/i2.edb") != NULL;
        }
        CHECK_EQ(found, 2);
        CHECK(info[0].szDatabaseSLVFileName_Obsolete == NULL);
    }
    CHECK_OK(JetFreeBuffer((char *)info));
    JET_INSTANCE_INFO_W *winfo = NULL;
    CHECK_OK(JetGetInstanceInfoW(&count, &winfo));
    if (count == 1 && winfo) {
        CHECK_EQ(winfo[0].cDatabases, 2);
        CHECK(winfo[0].szDatabaseFileName[0][0] == '/');
    }
    CHECK_OK(JetFreeBuffer((char *)winfo));
    CHECK_OK(JetTerm(inst));
}

TEST(db_disk_full_and_io_errors_make_nothing) {
    /* S-STO-05: a create that meets a full disk or an I/O error leaves no file and the
     * instance usable */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID dbid = 0;
    CHECK_OK(hook_failpoint("store.write@full.edb", "errno:28", 1000));
    CHECK_ERR(JET_errDiskFull, JetCreateDatabase(s, fixture_path("full.edb"), NULL, &dbid, 0));
    CHECK_OK(hook_failpoint("store.write@full.edb", "errno:28", 0));
    CHECK(!exists(fixture_path("full.edb")));
    CHECK_OK(hook_failpoint("store.sync@full.edb", "errno:5", 1000));
    CHECK_ERR(JET_errDiskIO, JetCreateDatabase(s, fixture_path("full.edb"), NULL, &dbid, 0));
    CHECK_OK(hook_failpoint("store.sync@full.edb", "errno:5", 0));
    CHECK(!exists(fixture_path("full.edb")));
    /* No temporary file left either. */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -A %s | grep -q libesent-new", fixture_dir());
    CHECK(system(cmd) != 0);
    CHECK_OK(JetCreateDatabase(s, fixture_path("full.edb"), NULL, &dbid, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(db_kill_minus_nine_while_creating) {
    /* S-STO-02/03 and data-ddl 4.2: a child creates databases and reports each; killed at
     * random moments. Every reported database attaches cleanly, and no half-made file is at
     * any path (a file is either absent or a whole database). */
    unsigned seed = (unsigned)getpid();
    for (int round = 0; round < 12; round++) {
        int fds[2];
        CHECK_EQ(pipe(fds), 0);
        char dir[300];
        snprintf(dir, sizeof dir, "%s/round%d", fixture_dir(), round);
        CHECK_EQ(mkdir(dir, 0755), 0);
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            JET_INSTANCE ci = 0;
            JET_SESID cs = 0;
            if (JetCreateInstance(&ci, "crash") || JetInit(&ci) || JetBeginSession(ci, &cs, NULL, NULL)) _exit(2);
            for (int i = 0;; i++) {
                char p[400];
                snprintf(p, sizeof p, "%s/d%d.edb", dir, i);
                JET_DBID d = 0;
                if (JetCreateDatabase(cs, p, NULL, &d, 0) || JetCloseDatabase(cs, d, 0) || JetDetachDatabase(cs, p))
                    _exit(3);
                if (write(fds[1], &i, sizeof i) != sizeof i) _exit(4);
            }
        }
        close(fds[1]);
        seed = seed * 1103515245u + 12345u;
        usleep(20000 + (seed >> 8) % 200000);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        int last = -1, v;
        while (read(fds[0], &v, sizeof v) == (ssize_t)sizeof v) last = v;
        close(fds[0]);
        CHECK(WIFSIGNALED(status));
        JET_INSTANCE inst = fixture_running("check", -1);
        JET_SESID s = fixture_session(inst);
        for (int i = 0; i <= last + 1; i++) {
            char p[400];
            snprintf(p, sizeof p, "%s/d%d.edb", dir, i);
            if (i <= last) {
                CHECK_OK(JetAttachDatabase(s, p, 0));
                CHECK_OK(JetDetachDatabase(s, p));
            } else if (exists(p)) {
                /* The one being made when the kill came: whole, or not there at all. */
                JET_ERR e = JetAttachDatabase(s, p, 0);
                CHECK_OK(e);
                if (e == 0) CHECK_OK(JetDetachDatabase(s, p));
            }
        }
        CHECK_OK(JetTerm(inst));
    }
}

TEST(db_unavailable_instance) {
    /* S-INST-13: the database functions of an unavailable instance return -1090; JetTerm
     * still detaches what it had */
    REQUIRE_HOOKS();
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("u.edb"), NULL, &dbid, 0));
    CHECK_OK(hook_failpoint("session.enter", "unavailable", 1));
    CHECK_ERR(JET_errInstanceUnavailable, JetCloseDatabase(s, dbid, 0));
    CHECK_ERR(JET_errInstanceUnavailable, JetCreateDatabase(s, fixture_path("v.edb"), NULL, &dbid, 0));
    CHECK_ERR(JET_errInstanceUnavailable, JetAttachDatabase(s, fixture_path("u.edb"), 0));
    CHECK_ERR(JET_errInstanceUnavailable, JetOpenDatabase(s, fixture_path("u.edb"), NULL, &dbid, 0));
    CHECK_ERR(JET_errInstanceUnavailable, JetDetachDatabase(s, fixture_path("u.edb")));
    CHECK(!exists(fixture_path("v.edb")));
    CHECK_OK(JetTerm(inst));
    JET_INSTANCE again = fixture_running("db", -1);
    JET_SESID s2 = fixture_session(again);
    CHECK_OK(JetAttachDatabase(s2, fixture_path("u.edb"), 0));
    CHECK_OK(JetTerm(again));
}

TEST(db_get_database_info_levels) {
    /* data-ddl 4.7 */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst), other = fixture_session(inst);
    const char *path = fixture_path("info.edb");
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(s, path, NULL, &dbid, 0));
    uint32_t v = 0;
    CHECK_ERR(JET_errInvalidDatabaseId, JetGetDatabaseInfo(other, dbid, &v, 4, JET_DbInfoCp));
    CHECK_ERR(JET_errInvalidSesid, JetGetDatabaseInfo(0, dbid, &v, 4, JET_DbInfoCp));
    struct { uint32_t level; uint32_t want; } fixed[] = {
        {JET_DbInfoCountry, 1}, {JET_DbInfoLCID, 0x409}, {JET_DbInfoCp, 1252}, {JET_DbInfoCollate, 0},
        {JET_DbInfoOptions, 0}, {JET_DbInfoTransactions, 7}, {JET_DbInfoVersion, 0x620},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        v = 12345;
        CHECK_OK(JetGetDatabaseInfo(s, dbid, &v, 4, fixed[i].level));
        CHECK_EQ(v, fixed[i].want);
        CHECK_ERR(JET_errInvalidBufferSize, JetGetDatabaseInfo(s, dbid, &v, 8, fixed[i].level));
        CHECK_ERR(JET_errInvalidBufferSize, JetGetDatabaseInfo(s, dbid, &v, 3, fixed[i].level));
    }
    /* The obsolete cached-result flag is ignored. */
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &v, 4, JET_DbInfoCp | 0x40000000 /* JET_DbInfoUseCachedResult, private */));
    CHECK_EQ(v, 1252);
    CHECK_ERR(JET_errInvalidParameter, JetGetDatabaseInfo(s, dbid, NULL, 4, JET_DbInfoCp));
    CHECK_ERR(JET_errFeatureNotAvailable, JetGetDatabaseInfo(s, dbid, &v, 4, JET_DbInfoIsam));
    CHECK_ERR(JET_errInvalidParameter, JetGetDatabaseInfo(s, dbid, &v, 4, JET_DbInfoUpgrade));
    CHECK_ERR(JET_errInvalidParameter, JetGetDatabaseInfo(s, dbid, &v, 4, JET_DbInfoFileType));
    CHECK_ERR(JET_errInvalidParameter, JetGetDatabaseInfo(s, dbid, &v, 4, 999));
    /* Page size: -1038 (not -1047) for a wrong size. */
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &v, 4, JET_DbInfoPageSize));
    uint32_t page = v;
    CHECK(page >= 4096 && (page & (page - 1)) == 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetDatabaseInfo(s, dbid, &v, 2, JET_DbInfoPageSize));
    /* Space figures, in pages, from the file. */
    uint32_t pages = 0, owned = 0, avail = 0, ondisk = 0;
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &pages, 4, JET_DbInfoFilesize));
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &owned, 4, JET_DbInfoSpaceOwned));
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &avail, 4, JET_DbInfoSpaceAvailable));
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &ondisk, 4, JET_DbInfoFilesizeOnDisk));
    struct stat st;
    CHECK_EQ(stat(path, &st), 0);
    CHECK_EQ(pages, (uint32_t)(st.st_size / page));
    CHECK(pages > 0 && owned == pages && avail <= owned);
    CHECK_ERR(JET_errInvalidBufferSize, JetGetDatabaseInfo(s, dbid, &pages, 8, JET_DbInfoFilesize));
    /* The file name: absolute, whole or -1038. */
    char name[512];
    CHECK_OK(JetGetDatabaseInfoA(s, dbid, name, sizeof name, JET_DbInfoFilename));
    CHECK(name[0] == '/' && strstr(name, "/info.edb") != NULL);
    CHECK_ERR(JET_errBufferTooSmall, JetGetDatabaseInfoA(s, dbid, name, (uint32_t)strlen(name), JET_DbInfoFilename));
    WCHAR wname[512];
    CHECK_OK(JetGetDatabaseInfoW(s, dbid, wname, sizeof wname, JET_DbInfoFilename));
    CHECK(wname[0] == '/');
    CHECK_ERR(JET_errBufferTooSmall, JetGetDatabaseInfoW(s, dbid, wname, 2 * (uint32_t)strlen(name), JET_DbInfoFilename));
    char connect[4] = "xyz";
    CHECK_OK(JetGetDatabaseInfoA(s, dbid, connect, 4, JET_DbInfoConnect));
    CHECK_EQ(connect[0], 0);
    CHECK_ERR(JET_errBufferTooSmall, JetGetDatabaseInfoA(s, dbid, connect, 0, JET_DbInfoConnect));
    /* The header, as each JET_DBINFOMISC version. */
    JET_DBINFOMISC7 misc;
    memset(&misc, 0xAB, sizeof misc);
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &misc, sizeof misc, JET_DbInfoMisc));
    CHECK_EQ(misc.dbstate, JET_dbstateCleanShutdown);
    CHECK_EQ(misc.cbPageSize, page);
    CHECK_EQ(misc.ulVersion, 0x620);
    CHECK(misc.signDb.logtimeCreate.bYear >= 120 && misc.signDb.logtimeCreate.bMonth >= 1);
    JET_DBINFOMISC m1;
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &m1, sizeof m1, JET_DbInfoMisc));
    CHECK_EQ(m1.signDb.ulRandom, misc.signDb.ulRandom);
    CHECK_ERR(JET_errInvalidBufferSize, JetGetDatabaseInfo(s, dbid, &misc, sizeof m1 + 4, JET_DbInfoMisc));
    /* Options: the exclusive holder sees the bit. */
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetOpenDatabase(s, path, NULL, &dbid, JET_bitDbExclusive));
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &v, 4, JET_DbInfoOptions));
    CHECK_EQ(v, JET_bitDbExclusive);
    CHECK_OK(JetTerm(inst));
}

TEST(db_get_database_file_info) {
    /* data-ddl 4.8: no instance needed; attached or not */
    const char *path = fixture_path("file.edb");
    uint64_t size = 0;
    CHECK_ERR(JET_errFileNotFound, JetGetDatabaseFileInfo(path, &size, 8, JET_DbInfoFilesize));
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(s, path, NULL, &dbid, 0));
    uint32_t in_use = 9;
    CHECK_OK(JetGetDatabaseFileInfo(path, &in_use, 4, JET_DbInfoDBInUse));
    CHECK_EQ(in_use, 1);
    JET_DBINFOMISC misc;
    CHECK_OK(JetGetDatabaseFileInfo(path, &misc, sizeof misc, JET_DbInfoMisc)); /* from the attachment */
    CHECK_EQ(misc.dbstate, JET_dbstateCleanShutdown);
    CHECK_OK(JetTerm(inst));
    CHECK_OK(JetGetDatabaseFileInfo(path, &in_use, 4, JET_DbInfoDBInUse));
    CHECK_EQ(in_use, 0);
    struct stat st;
    CHECK_EQ(stat(path, &st), 0);
    CHECK_OK(JetGetDatabaseFileInfo(path, &size, 8, JET_DbInfoFilesize));
    CHECK_EQ(size, (uint64_t)st.st_size);
    CHECK_OK(JetGetDatabaseFileInfo(path, &size, 8, JET_DbInfoFilesizeOnDisk));
    CHECK_EQ(size, (uint64_t)st.st_blocks * 512);
    CHECK_ERR(JET_errInvalidBufferSize, JetGetDatabaseFileInfo(path, &size, 4, JET_DbInfoFilesize));
    JET_DBINFOMISC again;
    CHECK_OK(JetGetDatabaseFileInfo(path, &again, sizeof again, JET_DbInfoMisc)); /* from the file */
    CHECK_EQ(again.signDb.ulRandom, misc.signDb.ulRandom);
    uint32_t v = 0;
    CHECK_OK(JetGetDatabaseFileInfo(path, &v, 4, JET_DbInfoPageSize));
    CHECK_EQ(v, misc.cbPageSize);
    CHECK_OK(JetGetDatabaseFileInfo(path, &v, 4, JET_DbInfoFileType));
    CHECK_EQ(v, JET_filetypeDatabase);
    JET_DBINFOUPGRADE up;
    memset(&up, 0, sizeof up);
    CHECK_ERR(JET_errInvalidParameter, JetGetDatabaseFileInfo(path, &up, sizeof up, JET_DbInfoUpgrade));
    up.cbStruct = sizeof up;
    CHECK_OK(JetGetDatabaseFileInfo(path, &up, sizeof up, JET_DbInfoUpgrade));
    CHECK_EQ(up.cbFilesizeLow, (uint32_t)st.st_size);
    CHECK_ERR(JET_errInvalidParameter, JetGetDatabaseFileInfo(path, &v, 4, JET_DbInfoCp));
    CHECK_ERR(JET_errInvalidParameter, JetGetDatabaseFileInfo(path, NULL, 4, JET_DbInfoPageSize));
    CHECK_ERR(JET_errDatabaseInvalidPath, JetGetDatabaseFileInfo(NULL, &v, 4, JET_DbInfoPageSize));
    /* Not ours: refused, not written. */
    unsigned char ese[8192] = {0};
    ese[4] = 0xEF, ese[5] = 0xCD, ese[6] = 0xAB, ese[7] = 0x89;
    write_file(fixture_path("w.edb"), ese, sizeof ese);
    CHECK_ERR(JET_errInvalidDatabaseVersion, JetGetDatabaseFileInfo(fixture_path("w.edb"), &misc, sizeof misc, JET_DbInfoMisc));
    WCHAR wpath[300];
    size_t n = 0;
    for (const char *p = path; *p; p++) wpath[n++] = (WCHAR)*p;
    wpath[n] = 0;
    CHECK_OK(JetGetDatabaseFileInfoW(wpath, &v, 4, JET_DbInfoPageSize));
}

TEST(db_size_limit) {
    /* data-ddl 4.2: cpgDatabaseSizeMax; a limit too small for the new file -> -1012 and no file
     * (libesent's smallest database is 32 pages of 4 KiB) */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    JET_DBID dbid = 0;
    CHECK_ERR(JET_errOutOfDatabaseSpace, JetCreateDatabase2(s, fixture_path("tiny.edb"), 1, &dbid, 0));
    CHECK(!exists(fixture_path("tiny.edb")));
    CHECK_OK(JetCreateDatabase2(s, fixture_path("small.edb"), 1024, &dbid, 0));
    uint32_t pages = 0;
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &pages, 4, JET_DbInfoFilesize));
    CHECK(pages <= 1024);
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetDetachDatabase(s, fixture_path("small.edb")));
    CHECK_OK(JetAttachDatabase2(s, fixture_path("small.edb"), 1024, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(db_forked_child_sees_parent_files_as_another_process) {
    /* S-LIF-02 with S-STO-04: in a forked child the parent's attached files are another
     * process's (-1032), its dbids and handles stale; the parent's database is untouched */
    JET_INSTANCE inst = fixture_running("db", -1);
    JET_SESID s = fixture_session(inst);
    const char *path = fixture_path("forked.edb");
    JET_DBID dbid = 0;
    CHECK_OK(JetCreateDatabase(s, path, NULL, &dbid, 0));
    int fds[2];
    CHECK_EQ(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        JET_ERR out[4];
        JET_INSTANCE ci = 0;
        JET_SESID cs = 0;
        out[0] = JetCloseDatabase(s, dbid, 0);
        out[1] = JetCreateInstance(&ci, "child") || JetInit(&ci) || JetBeginSession(ci, &cs, NULL, NULL);
        out[2] = JetAttachDatabase(cs, path, 0);
        out[3] = JetTerm(ci);
        _exit(write(fds[1], out, sizeof out) == (ssize_t)sizeof out ? 0 : 1);
    }
    JET_ERR got[4] = {1, 1, 1, 1};
    CHECK_EQ(read(fds[0], got, sizeof got), (long long)sizeof got);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_ERR(JET_errInvalidSesid, got[0]);
    CHECK_OK(got[1]);
    CHECK_ERR(JET_errFileAccessDenied, got[2]);
    CHECK_OK(got[3]);
    uint32_t v = 0;
    CHECK_OK(JetGetDatabaseInfo(s, dbid, &v, 4, JET_DbInfoCp));
    CHECK_OK(JetCloseDatabase(s, dbid, 0));
    CHECK_OK(JetTerm(inst));
    CHECK_OK(JetGetDatabaseFileInfo(path, &v, 4, JET_DbInfoPageSize));
}

TEST(db_single_instance_mode_and_stop_service) {
    /* S-INST-08, S-INST-10 with data-ddl 4.2-4.6 in single-instance mode: JetStopService stops
     * database creation and opens; closing and detaching still work; JetTerm detaches the rest */
    JET_INSTANCE inst = 0;
    CHECK_OK(JetInit(&inst));
    JET_SESID s = 0;
    CHECK_OK(JetBeginSession(0, &s, NULL, NULL));
    JET_DBID a = 0, b = 0;
    CHECK_OK(JetCreateDatabase(s, fixture_path("single-a.edb"), NULL, &a, 0));
    CHECK_OK(JetCreateDatabase(s, fixture_path("single-b.edb"), NULL, &b, 0));
    CHECK_OK(JetStopService());
    CHECK_ERR(JET_errClientRequestToStopJetService, JetCreateDatabase(s, fixture_path("single-c.edb"), NULL, &a, 0));
    CHECK_ERR(JET_errClientRequestToStopJetService, JetAttachDatabase(s, fixture_path("single-a.edb"), 0));
    CHECK(!exists(fixture_path("single-c.edb")));
    CHECK_OK(JetCloseDatabase(s, a, 0));
    CHECK_OK(JetDetachDatabase(s, fixture_path("single-a.edb")));
    CHECK_OK(JetTerm(0));
    /* b was attached and open at JetTerm: free for the next instance. */
    CHECK_OK(JetInit(&inst));
    CHECK_OK(JetBeginSession(0, &s, NULL, NULL));
    CHECK_OK(JetAttachDatabase(s, fixture_path("single-b.edb"), 0));
    CHECK_OK(JetAttachDatabase(s, fixture_path("single-a.edb"), 0));
    CHECK_OK(JetTerm(0));
}
