/*
 * alltypes.c DIR: makes DIR/alltypes.edb for the esent-dump test (tools/tests/run.sh).
 *
 * Table "Types" has a column of every type (fixed, variable, long values, tagged multi-valued
 * text and numbers), a default value, a descending index, a two-segment index and a
 * multi-valued index; its three records hold ordinary values, NULLs, and edge cases (limits of
 * the integer types, text that CSV and JSON must escape, UTF-16 outside the BMP, bytes that are
 * not UTF-8, long values longer than the text format's cut). Table "Empty" has one column, no
 * index and no record.
 */
#include <esent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CALL(expr)                                                                                \
    do {                                                                                          \
        JET_ERR err_ = (expr);                                                                    \
        if (err_ < 0) {                                                                           \
            fprintf(stderr, "alltypes: %s failed: %d\n", #expr, (int)err_);                       \
            exit(1);                                                                              \
        }                                                                                         \
    } while (0)

enum { ID, FLAG, BYTE, SHORT, USHORT, LONG, ULONG, LONGLONG, ULONGLONG, MONEY, SINGLE, DOUBLE, WHEN,
       GUID, BIN, ASCII, UNICODE, BLOB, MEMO, WORDS, NUMBERS, NCOL };

static const struct {
    const char *name;
    JET_COLTYP coltyp;
    uint32_t cbMax;
    JET_GRBIT grbit;
    uint16_t cp;
} defs[NCOL] = {
    {"Id", JET_coltypLong, 0, JET_bitColumnAutoincrement, 0},
    {"Flag", JET_coltypBit, 0, 0, 0},
    {"Byte", JET_coltypUnsignedByte, 0, 0, 0},
    {"Short", JET_coltypShort, 0, 0, 0},
    {"UShort", JET_coltypUnsignedShort, 0, 0, 0},
    {"Long", JET_coltypLong, 0, 0, 0},
    {"ULong", JET_coltypUnsignedLong, 0, 0, 0},
    {"LongLong", JET_coltypLongLong, 0, 0, 0},
    {"ULongLong", JET_coltypUnsignedLongLong, 0, 0, 0},
    {"Money", JET_coltypCurrency, 0, 0, 0},
    {"Single", JET_coltypIEEESingle, 0, 0, 0},
    {"Double", JET_coltypIEEEDouble, 0, 0, 0},
    {"When", JET_coltypDateTime, 0, 0, 0},
    {"Guid", JET_coltypGUID, 0, 0, 0},
    {"Bin", JET_coltypBinary, 16, 0, 0},
    {"Ascii", JET_coltypText, 100, 0, 1252},
    {"Unicode", JET_coltypText, 100, 0, 1200},
    {"Blob", JET_coltypLongBinary, 0, 0, 0},
    {"Memo", JET_coltypLongText, 0, 0, 1252},
    {"Words", JET_coltypText, 40, JET_bitColumnTagged | JET_bitColumnMultiValued, 1252},
    {"Numbers", JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued, 0},
};

static JET_SESID s;
static JET_TABLEID t;
static JET_COLUMNID id[NCOL];

static void set(int c, const void *p, uint32_t n) { CALL(JetSetColumn(s, t, id[c], p, n, 0, NULL)); }
static void add(int c, const void *p, uint32_t n) {
    JET_SETINFO si = {sizeof si, 0, 0}; /* itag 0: a new value */
    CALL(JetSetColumn(s, t, id[c], p, n, 0, &si));
}
#define SETV(c, type, v)                                                                          \
    do {                                                                                          \
        type v_ = (v);                                                                            \
        set(c, &v_, sizeof v_);                                                                   \
    } while (0)
static void set_str(int c, const char *str) { set(c, str, (uint32_t)strlen(str)); }

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: alltypes DIR\n");
        return 2;
    }
    char path[4200], folder[4200];
    snprintf(path, sizeof path, "%s/alltypes.edb", argv[1]);
    snprintf(folder, sizeof folder, "%s/", argv[1]);
    JET_INSTANCE inst = 0;
    CALL(JetCreateInstance(&inst, "alltypes"));
    CALL(JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, folder));
    CALL(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, folder));
    CALL(JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, folder));
    CALL(JetInit(&inst));
    CALL(JetBeginSession(inst, &s, NULL, NULL));
    JET_DBID db = 0;
    CALL(JetCreateDatabase(s, path, NULL, &db, JET_bitDbOverwriteExisting));

    CALL(JetCreateTable(s, db, "Types", 1, 100, &t));
    for (int c = 0; c < NCOL; c++) {
        JET_COLUMNDEF d;
        memset(&d, 0, sizeof d);
        d.cbStruct = sizeof d;
        d.coltyp = defs[c].coltyp;
        d.cbMax = defs[c].cbMax;
        d.grbit = defs[c].grbit;
        d.cp = defs[c].cp;
        if (c == ASCII)
            CALL(JetAddColumn(s, t, defs[c].name, &d, "none", 4, &id[c]));
        else
            CALL(JetAddColumn(s, t, defs[c].name, &d, NULL, 0, &id[c]));
    }
    CALL(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+Id\0", 5, 100));
    CALL(JetCreateIndex(s, t, "by_long_desc", 0, "-Long\0", 7, 100));
    CALL(JetCreateIndex(s, t, "by_ascii_short", JET_bitIndexIgnoreAnyNull, "+Ascii\0-Short\0", 15, 100));
    CALL(JetCreateIndex(s, t, "by_words", JET_bitIndexIgnoreNull, "+Words\0", 8, 100));

    CALL(JetBeginTransaction(s));
    /* 1: ordinary values; long values longer than 256 bytes. */
    CALL(JetPrepareUpdate(s, t, JET_prepInsert));
    SETV(FLAG, unsigned char, 0xFF);
    SETV(BYTE, unsigned char, 200);
    SETV(SHORT, int16_t, -12);
    SETV(USHORT, uint16_t, 65000);
    SETV(LONG, int32_t, 42);
    SETV(ULONG, uint32_t, 4000000000u);
    SETV(LONGLONG, int64_t, 1234567890123LL);
    SETV(ULONGLONG, uint64_t, 18000000000000000000ULL);
    SETV(MONEY, int64_t, 123456); /* 12.3456 */
    SETV(SINGLE, float, 0.1f);
    SETV(DOUBLE, double, 2.5);
    SETV(WHEN, double, 45000.5); /* 2023-03-15 12:00 */
    const unsigned char guid[16] = {0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    set(GUID, guid, 16);
    set(BIN, "\x00\x01\xfe\xff", 4);
    set_str(ASCII, "plain text");
    const uint16_t u[] = {'c', 'a', 'f', 0xE9}; /* café */
    set(UNICODE, u, sizeof u);
    unsigned char blob[300];
    for (int i = 0; i < 300; i++) blob[i] = (unsigned char)i;
    set(BLOB, blob, sizeof blob);
    char memo[3001];
    for (int i = 0; i < 3000; i++) memo[i] = (char)('a' + i % 26);
    memo[3000] = 0;
    set_str(MEMO, memo);
    add(WORDS, "alpha", 5);
    add(WORDS, "be|ta", 5);
    add(WORDS, "ga\"mma", 6);
    int32_t n1 = 7, n2 = -7;
    add(NUMBERS, &n1, 4);
    add(NUMBERS, &n2, 4);
    CALL(JetUpdate(s, t, NULL, 0, NULL));

    /* 2: nothing set: NULL everywhere, the default for Ascii. */
    CALL(JetPrepareUpdate(s, t, JET_prepInsert));
    CALL(JetUpdate(s, t, NULL, 0, NULL));

    /* 3: edge cases. */
    CALL(JetPrepareUpdate(s, t, JET_prepInsert));
    SETV(FLAG, unsigned char, 0);
    SETV(BYTE, unsigned char, 0);
    SETV(SHORT, int16_t, -32768);
    SETV(USHORT, uint16_t, 0);
    SETV(LONG, int32_t, -2147483647 - 1);
    SETV(ULONG, uint32_t, 0xFFFFFFFFu);
    SETV(LONGLONG, int64_t, -9223372036854775807LL - 1);
    SETV(ULONGLONG, uint64_t, 0xFFFFFFFFFFFFFFFFULL);
    SETV(MONEY, int64_t, -5); /* -0.0005 */
    SETV(SINGLE, float, -1.5e-7f);
    SETV(DOUBLE, double, 1.0 / 3.0);
    SETV(WHEN, double, -1.25); /* 1899-12-29 06:00 */
    CALL(JetSetColumn(s, t, id[BIN], "", 0, JET_bitSetZeroLength, NULL)); /* empty, not NULL */
    set_str(ASCII, "a,b \"q\" \\ tab\there\nnew line \xe9 caf\xc3\xa9");
    const uint16_t v[] = {'x', 0xD83D, 0xDE00, 'y', 0xDC00}; /* x, U+1F600, y, an unpaired low surrogate */
    set(UNICODE, v, sizeof v);
    set(BLOB, "\x01", 1);
    set_str(MEMO, "short memo");
    add(WORDS, "back\\slash", 10);
    int32_t n3 = 0;
    add(NUMBERS, &n3, 4);
    CALL(JetUpdate(s, t, NULL, 0, NULL));
    CALL(JetCommitTransaction(s, 0));
    CALL(JetCloseTable(s, t));

    CALL(JetCreateTable(s, db, "Empty", 1, 100, &t));
    JET_COLUMNDEF d;
    memset(&d, 0, sizeof d);
    d.cbStruct = sizeof d;
    d.coltyp = JET_coltypLong;
    JET_COLUMNID only = 0;
    CALL(JetAddColumn(s, t, "Nothing", &d, NULL, 0, &only));
    CALL(JetCloseTable(s, t));

    CALL(JetCloseDatabase(s, db, 0));
    CALL(JetDetachDatabase(s, path));
    CALL(JetEndSession(s, 0));
    CALL(JetTerm(inst));
    return 0;
}
