/*
 * esent-dump: looks inside a libesent database through the public JET API, read-only.
 *
 *   esent-dump DATABASE [info]              the file, its header and its space figures
 *   esent-dump DATABASE tables              the tables, with record, column and index counts
 *   esent-dump DATABASE schema [TABLE]      columns and indexes of every table (or of one)
 *   esent-dump DATABASE columns TABLE       id, name, type, size, flags and default of each column
 *   esent-dump DATABASE indexes TABLE       name, key segments and flags of each index
 *   esent-dump DATABASE records TABLE       the records as text, CSV or JSON (--format), in the
 *                                           primary index's order or another's (--index)
 *
 * The database is attached and opened with JET_bitDbReadOnly and every table with
 * JET_bitTableReadOnly: the tool never writes it. It uses nothing but esent.h, so it doubles as
 * an example of the information calls (JetGetDatabaseFileInfo, JetGetDatabaseInfo,
 * JetGetObjectInfo, JetGetTableColumnInfo, JetGetTableIndexInfo) and of reading every column
 * type, multi-valued tagged columns and long values.
 *
 * Exit status: 0 done, 1 a JET call failed (its code is named on stderr), 2 a usage error.
 */
#define _GNU_SOURCE
#include <esent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum format { FMT_TEXT, FMT_CSV, FMT_JSON };

static const char *prog = "esent-dump";
static JET_INSTANCE inst = JET_instanceNil;
static JET_SESID ses = JET_sesidNil;
static JET_DBID dbid = JET_dbidNil;
static const char *dbpath;

/* ---- errors ---------------------------------------------------------------------------- */

/* "JET_errObjectNotFound (-1305): <what the library says about it>" */
static const char *code_text(JET_ERR err) {
    static char text[512], out[600];
    JET_API_PTR code = (JET_API_PTR)(intptr_t)err;
    if (JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, text, sizeof text) < 0) {
        snprintf(out, sizeof out, "error %d", (int)err);
        return out;
    }
    char *comma = strstr(text, ", ");
    if (comma) {
        *comma = 0;
        snprintf(out, sizeof out, "%s (%d): %s", text, (int)err, comma + 2);
    } else {
        snprintf(out, sizeof out, "%s (%d)", text, (int)err);
    }
    return out;
}

static void shutdown_engine(void) {
    if (inst != JET_instanceNil) {
        /* JetTerm closes what is still open; the database was attached read-only. */
        JetTerm2(inst, JET_bitTermAbrupt);
        inst = JET_instanceNil;
    }
}

static _Noreturn void fail_jet(JET_ERR err, const char *fmt, ...) {
    fflush(stdout);
    fprintf(stderr, "%s: ", prog);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, ": %s\n", code_text(err));
    shutdown_engine();
    exit(1);
}

/* Checks a call whose errors end the run; warnings pass. */
#define JET(call, ...)                                                                            \
    do {                                                                                          \
        JET_ERR err_ = (call);                                                                    \
        if (err_ < 0) fail_jet(err_, __VA_ARGS__);                                                \
    } while (0)

static _Noreturn void usage_error(const char *fmt, ...) {
    fprintf(stderr, "%s: ", prog);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help'.\n", prog);
    exit(2);
}

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "%s: out of memory\n", prog);
        shutdown_engine();
        exit(1);
    }
    return q;
}

/* ---- reading columns ------------------------------------------------------------------- */

struct buf {
    unsigned char *p;
    uint32_t cap, len;  /* bytes held, bytes read */
    uint32_t full;      /* the value's whole length (more than len when cut at a limit) */
};

static void buf_reserve(struct buf *b, uint32_t n) {
    if (b->cap < n) {
        b->p = xrealloc(b->p, n);
        b->cap = n;
    }
}

/* Reads value `itag` (1-based) of a column of the current row into `b`, at most `limit` bytes
 * (0: all of it). Returns 0 when there is no value (NULL, or no value at that itag). */
static int read_value(JET_TABLEID t, JET_COLUMNID c, uint32_t itag, uint32_t limit, struct buf *b) {
    buf_reserve(b, limit ? limit : 256);
    for (;;) {
        JET_RETINFO ri = {sizeof ri, 0, itag, 0};
        uint32_t cb = 0, room = limit ? limit : b->cap;
        JET_ERR err = JetRetrieveColumn(ses, t, c, b->p, room, &cb, 0, &ri);
        if (err == JET_wrnColumnNull) return 0;
        JET(err, "JetRetrieveColumn (column id %u, value %u)", (unsigned)c, (unsigned)itag);
        b->full = cb;
        if (err != JET_wrnBufferTruncated) {
            b->len = cb;
            return 1;
        }
        if (limit) {
            b->len = limit;
            return 1;
        }
        buf_reserve(b, cb); /* the whole value, then again */
    }
}

static uint32_t ret_u32(JET_TABLEID t, JET_COLUMNID c) {
    uint32_t v = 0, cb = 0;
    JET(JetRetrieveColumn(ses, t, c, &v, sizeof v, &cb, 0, NULL), "JetRetrieveColumn (list column %u)", (unsigned)c);
    return v;
}

static uint16_t ret_u16(JET_TABLEID t, JET_COLUMNID c) {
    uint16_t v = 0;
    uint32_t cb = 0;
    JET(JetRetrieveColumn(ses, t, c, &v, sizeof v, &cb, 0, NULL), "JetRetrieveColumn (list column %u)", (unsigned)c);
    return v;
}

/* A name column of an information list (UTF-8 for the A functions), NUL-terminated. */
static void ret_name(JET_TABLEID t, JET_COLUMNID c, char *out, size_t size) {
    uint32_t cb = 0;
    JET_ERR err = JetRetrieveColumn(ses, t, c, out, (uint32_t)size - 1, &cb, 0, NULL);
    JET(err, "JetRetrieveColumn (list column %u)", (unsigned)c);
    if (err == JET_wrnColumnNull) cb = 0;
    out[cb < size - 1 ? cb : size - 1] = 0;
}

/* ---- schema ---------------------------------------------------------------------------- */

#define NAME_MAX_BYTES 260

struct column {
    char name[NAME_MAX_BYTES];
    JET_COLUMNID id;
    JET_COLTYP coltyp;
    uint32_t cbMax;
    JET_GRBIT grbit;
    uint16_t cp;
    struct buf dflt; /* the default value, when has_default */
    int has_default;
};

struct segment {
    char column[NAME_MAX_BYTES];
    int descending;
};

struct index {
    char name[NAME_MAX_BYTES];
    JET_GRBIT grbit;
    uint32_t nseg;
    struct segment seg[JET_ccolKeyMost];
};

/* The columns of an open table, in column id order (fixed, variable, then tagged). */
static struct column *load_columns(JET_TABLEID t, const char *table, uint32_t *count) {
    JET_COLUMNLIST cl;
    memset(&cl, 0, sizeof cl);
    JET(JetGetTableColumnInfo(ses, t, NULL, &cl, sizeof cl, JET_ColInfoListSortColumnid),
        "JetGetTableColumnInfo(\"%s\", JET_ColInfoListSortColumnid)", table);
    struct column *cols = xrealloc(NULL, sizeof *cols * (cl.cRecord ? cl.cRecord : 1));
    uint32_t n = 0;
    JET_ERR err = JetMove(ses, cl.tableid, JET_MoveFirst, 0);
    while (err == JET_errSuccess && n < cl.cRecord) {
        struct column *c = &cols[n++];
        memset(c, 0, sizeof *c);
        ret_name(cl.tableid, cl.columnidcolumnname, c->name, sizeof c->name);
        c->id = ret_u32(cl.tableid, cl.columnidcolumnid);
        c->coltyp = ret_u32(cl.tableid, cl.columnidcoltyp);
        c->cbMax = ret_u32(cl.tableid, cl.columnidcbMax);
        c->grbit = ret_u32(cl.tableid, cl.columnidgrbit);
        c->cp = ret_u16(cl.tableid, cl.columnidCp);
        c->has_default = read_value(cl.tableid, cl.columnidDefault, 1, 0, &c->dflt);
        err = JetMove(ses, cl.tableid, JET_MoveNext, 0);
    }
    if (err != JET_errNoCurrentRecord && err != JET_errSuccess) fail_jet(err, "JetMove (column list of \"%s\")", table);
    JET(JetCloseTable(ses, cl.tableid), "JetCloseTable (column list)");
    *count = n;
    return cols;
}

static void free_columns(struct column *cols, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) free(cols[i].dflt.p);
    free(cols);
}

/* The indexes of an open table, by name: the list has one row per key segment. */
static struct index *load_indexes(JET_TABLEID t, const char *table, uint32_t *count) {
    JET_INDEXLIST il;
    memset(&il, 0, sizeof il);
    JET(JetGetTableIndexInfo(ses, t, NULL, &il, sizeof il, JET_IdxInfoList), "JetGetTableIndexInfo(\"%s\", JET_IdxInfoList)",
        table);
    struct index *ix = NULL;
    uint32_t n = 0;
    JET_ERR err = il.cRecord ? JetMove(ses, il.tableid, JET_MoveFirst, 0) : JET_errNoCurrentRecord;
    while (err == JET_errSuccess) {
        char name[NAME_MAX_BYTES];
        ret_name(il.tableid, il.columnidindexname, name, sizeof name);
        if (n == 0 || strcmp(ix[n - 1].name, name) != 0) {
            ix = xrealloc(ix, sizeof *ix * (n + 1));
            memset(&ix[n], 0, sizeof ix[n]);
            snprintf(ix[n].name, sizeof ix[n].name, "%s", name);
            ix[n].grbit = ret_u32(il.tableid, il.columnidgrbitIndex);
            ix[n].nseg = ret_u32(il.tableid, il.columnidcColumn);
            if (ix[n].nseg > JET_ccolKeyMost) ix[n].nseg = JET_ccolKeyMost;
            n++;
        }
        uint32_t i = ret_u32(il.tableid, il.columnidiColumn);
        if (i < ix[n - 1].nseg) {
            struct segment *s = &ix[n - 1].seg[i];
            ret_name(il.tableid, il.columnidcolumnname, s->column, sizeof s->column);
            s->descending = (ret_u32(il.tableid, il.columnidgrbitColumn) & JET_bitKeyDescending) != 0;
        }
        err = JetMove(ses, il.tableid, JET_MoveNext, 0);
    }
    if (err != JET_errNoCurrentRecord) fail_jet(err, "JetMove (index list of \"%s\")", table);
    JET(JetCloseTable(ses, il.tableid), "JetCloseTable (index list)");
    *count = n;
    return ix;
}

/* The tables of the database, sorted by name as the object list gives them. */
static char **load_tables(uint32_t *count) {
    JET_OBJECTLIST ol;
    memset(&ol, 0, sizeof ol);
    JET(JetGetObjectInfo(ses, dbid, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoListNoStats),
        "JetGetObjectInfo(JET_ObjInfoListNoStats)");
    char **names = xrealloc(NULL, sizeof *names * (ol.cRecord ? ol.cRecord : 1));
    uint32_t n = 0;
    JET_ERR err = ol.cRecord ? JetMove(ses, ol.tableid, JET_MoveFirst, 0) : JET_errNoCurrentRecord;
    while (err == JET_errSuccess && n < ol.cRecord) {
        char name[NAME_MAX_BYTES];
        ret_name(ol.tableid, ol.columnidobjectname, name, sizeof name);
        uint32_t flags = ret_u32(ol.tableid, ol.columnidflags);
        if (!(flags & JET_bitObjectSystem)) {
            names[n] = xrealloc(NULL, strlen(name) + 1);
            strcpy(names[n++], name);
        }
        err = JetMove(ses, ol.tableid, JET_MoveNext, 0);
    }
    if (err != JET_errNoCurrentRecord && err != JET_errSuccess) fail_jet(err, "JetMove (object list)");
    JET(JetCloseTable(ses, ol.tableid), "JetCloseTable (object list)");
    *count = n;
    return names;
}

static JET_TABLEID open_table(const char *name) {
    JET_TABLEID t = JET_tableidNil;
    JET(JetOpenTable(ses, dbid, name, NULL, 0, JET_bitTableReadOnly, &t), "JetOpenTable(\"%s\")", name);
    return t;
}

static const char *type_name(JET_COLTYP t) {
    static const char *names[] = {"Nil",      "Bit",    "UnsignedByte", "Short",        "Long",
                                  "Currency", "IEEESingle", "IEEEDouble", "DateTime",   "Binary",
                                  "Text",     "LongBinary", "LongText",   "SLV",        "UnsignedLong",
                                  "LongLong", "GUID",       "UnsignedShort", "UnsignedLongLong"};
    static char other[24];
    if (t < sizeof names / sizeof names[0]) return names[t];
    snprintf(other, sizeof other, "coltyp %u", (unsigned)t);
    return other;
}

struct flag {
    uint32_t bit;
    const char *name;
};

static const struct flag column_flags[] = {
    {JET_bitColumnFixed, "Fixed"},
    {JET_bitColumnTagged, "Tagged"},
    {JET_bitColumnNotNULL, "NotNULL"},
    {JET_bitColumnVersion, "Version"},
    {JET_bitColumnAutoincrement, "Autoincrement"},
    {JET_bitColumnUpdatable, "Updatable"},
    {JET_bitColumnTTKey, "TTKey"},
    {JET_bitColumnTTDescending, "TTDescending"},
    {JET_bitColumnMultiValued, "MultiValued"},
    {JET_bitColumnEscrowUpdate, "EscrowUpdate"},
    {JET_bitColumnUnversioned, "Unversioned"},
    {JET_bitColumnMaybeNull, "MaybeNull"},
    {JET_bitColumnFinalize, "Finalize"},
    {JET_bitColumnUserDefinedDefault, "UserDefinedDefault"},
    {JET_bitColumnDeleteOnZero, "DeleteOnZero"},
    {JET_bitColumnCompressed, "Compressed"},
    {0, NULL},
};

static const struct flag index_flags[] = {
    {JET_bitIndexPrimary, "Primary"},
    {JET_bitIndexUnique, "Unique"},
    {JET_bitIndexDisallowNull, "DisallowNull"},
    {JET_bitIndexIgnoreNull, "IgnoreNull"},
    {JET_bitIndexIgnoreAnyNull, "IgnoreAnyNull"},
    {JET_bitIndexIgnoreFirstNull, "IgnoreFirstNull"},
    {JET_bitIndexLazyFlush, "LazyFlush"},
    {JET_bitIndexEmpty, "Empty"},
    {JET_bitIndexUnversioned, "Unversioned"},
    {JET_bitIndexSortNullsHigh, "SortNullsHigh"},
    {JET_bitIndexUnicode, "Unicode"},
    {JET_bitIndexTuples, "Tuples"},
    {JET_bitIndexTupleLimits, "TupleLimits"},
    {JET_bitIndexCrossProduct, "CrossProduct"},
    {JET_bitIndexKeyMost, "KeyMost"},
    {JET_bitIndexDisallowTruncation, "DisallowTruncation"},
    {JET_bitIndexNestedTable, "NestedTable"},
    {JET_bitIndexDotNetGuid, "DotNetGuid"},
    {JET_bitIndexImmutableStructure, "ImmutableStructure"},
    {0, NULL},
};

static const char *flag_names(uint32_t bits, const struct flag *table) {
    static char out[512];
    out[0] = 0;
    for (const struct flag *f = table; f->name; f++) {
        if (bits & f->bit) {
            if (out[0]) strcat(out, " ");
            strcat(out, f->name);
            bits &= ~f->bit;
        }
    }
    if (bits) snprintf(out + strlen(out), sizeof out - strlen(out), "%s0x%x", out[0] ? " " : "", (unsigned)bits);
    return out[0] ? out : "-";
}

static int is_text(JET_COLTYP t) { return t == JET_coltypText || t == JET_coltypLongText; }

/* "Text cp1200", "Long", ... */
static const char *type_label(const struct column *c) {
    static char out[48];
    if (is_text(c->coltyp))
        snprintf(out, sizeof out, "%s cp%u", type_name(c->coltyp), (unsigned)c->cp);
    else
        snprintf(out, sizeof out, "%s", type_name(c->coltyp));
    return out;
}

/* ---- values ---------------------------------------------------------------------------- */

/* Writes the UTF-8 of code point u. */
static size_t utf8_put(unsigned char *o, uint32_t u) {
    if (u < 0x80) {
        o[0] = (unsigned char)u;
        return 1;
    }
    if (u < 0x800) {
        o[0] = (unsigned char)(0xC0 | (u >> 6));
        o[1] = (unsigned char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (u >> 12));
        o[1] = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (u & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (u >> 18));
    o[1] = (unsigned char)(0x80 | ((u >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (u & 0x3F));
    return 4;
}

/* UTF-16LE (a Unicode text column) to UTF-8; an unpaired surrogate or an odd last byte
 * becomes U+FFFD. */
static void utf16_to_utf8(const unsigned char *p, uint32_t n, struct buf *out) {
    buf_reserve(out, n / 2 * 3 + 4);
    uint32_t o = 0;
    for (uint32_t i = 0; i + 1 < n; i += 2) {
        uint32_t u = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8;
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
            uint32_t lo = (uint32_t)p[i + 2] | (uint32_t)p[i + 3] << 8;
            if (lo >= 0xDC00 && lo < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            } else {
                u = 0xFFFD;
            }
        } else if (u >= 0xD800 && u < 0xE000) {
            u = 0xFFFD;
        }
        o += (uint32_t)utf8_put(out->p + o, u);
    }
    if (n % 2) o += (uint32_t)utf8_put(out->p + o, 0xFFFD);
    out->len = o;
}

/* The length of the valid UTF-8 sequence at p (at most n bytes), or 0 if there is none. */
static size_t utf8_len(const unsigned char *p, size_t n) {
    unsigned char c = p[0];
    size_t len;
    uint32_t u, min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) len = 2, u = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, u = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, u = c & 0x07, min = 0x10000;
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        u = u << 6 | (p[i] & 0x3F);
    }
    if (u < min || u > 0x10FFFF || (u >= 0xD800 && u < 0xE000)) return 0;
    return len;
}

/* Inside a CSV field holding a multi-valued column's values, the field is quoted once around
 * all of them: the values themselves are written without quotes of their own. */
static int bare;

/* The quote around a value that is not a number: always in CSV and JSON, for strings only in
 * text. */
static void quote(enum format f, int is_string) {
    if (!bare && (f != FMT_TEXT || is_string)) putchar('"');
}

/* Writes text (UTF-8 bytes) quoted for the format: text and JSON with backslash escapes, CSV
 * with doubled quotes (and, in a multi-valued field, '\' before '|' and '\'). A byte that is
 * not part of valid UTF-8 is written as the four characters \xNN. */
static void put_string(const unsigned char *p, size_t n, enum format f, int mv_csv) {
    quote(f, 1);
    for (size_t i = 0; i < n;) {
        size_t len = utf8_len(p + i, n - i);
        if (len == 0) {
            printf(f == FMT_JSON ? "\\\\x%02x" : "\\x%02x", p[i]);
            i++;
            continue;
        }
        unsigned char c = p[i];
        if (len == 1) {
            if (c == '"') {
                fputs(f == FMT_CSV ? "\"\"" : "\\\"", stdout);
            } else if (c == '\\') {
                fputs(f == FMT_CSV && !mv_csv ? "\\" : "\\\\", stdout);
            } else if (c == '|' && mv_csv) {
                fputs("\\|", stdout);
            } else if (c < 0x20 || c == 0x7F) {
                if (f == FMT_CSV && (c == '\n' || c == '\r' || c == '\t')) putchar(c);
                else if (c == '\n') fputs("\\n", stdout);
                else if (c == '\r') fputs("\\r", stdout);
                else if (c == '\t') fputs("\\t", stdout);
                else if (f == FMT_JSON) printf("\\u%04x", c);
                else printf("\\x%02x", c);
            } else {
                putchar(c);
            }
        } else {
            fwrite(p + i, 1, len, stdout);
        }
        i += len;
    }
    quote(f, 1);
}

static void put_hex(const unsigned char *p, size_t n, enum format f) {
    quote(f, 0);
    if (f == FMT_TEXT) fputs("0x", stdout);
    for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
    quote(f, 0);
}

/* The shortest decimal form that reads back as the same value. */
static void put_double(double v, int single, enum format f) {
    if (isnan(v) || isinf(v)) {
        quote(f, 0);
        fputs(isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity", stdout);
        quote(f, 0);
        return;
    }
    char s[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(s, sizeof s, "%.*g", prec, v);
        double back = strtod(s, NULL);
        if (single ? (float)back == (float)v : back == v) break;
    }
    fputs(s, stdout);
}

/* An OLE Automation date (days since 1899-12-30; the fraction is the time of day, forward
 * also for negative days) as "YYYY-MM-DD HH:MM:SS[.mmm]". */
static void put_datetime(double v, enum format f) {
    if (!(fabs(v) < 2958466.0)) { /* beyond 9999-12-31, or NaN */
        put_double(v, 0, f);
        return;
    }
    double day = trunc(v);
    long long ms = llround(fabs(v - day) * 86400000.0);
    long long days = (long long)day;
    if (ms >= 86400000LL) {
        ms -= 86400000LL;
        days += v < 0 ? -1 : 1;
    }
    /* Days since 1970-01-01, then the civil date (the proleptic Gregorian calendar). */
    long long z = days - 25569 + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long d = doy - (153 * mp + 2) / 5 + 1;
    long long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    quote(f, 0);
    printf("%04lld-%02lld-%02lld %02lld:%02lld:%02lld", y, m, d, ms / 3600000, ms / 60000 % 60, ms / 1000 % 60);
    if (ms % 1000) printf(".%03lld", ms % 1000);
    quote(f, 0);
}

static uint64_t le(const unsigned char *p, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

/* The size a fixed type's value has; 0 for the variable ones. */
static uint32_t fixed_size(JET_COLTYP t) {
    switch (t) {
    case JET_coltypBit:
    case JET_coltypUnsignedByte: return 1;
    case JET_coltypShort:
    case JET_coltypUnsignedShort: return 2;
    case JET_coltypLong:
    case JET_coltypUnsignedLong:
    case JET_coltypIEEESingle: return 4;
    case JET_coltypCurrency:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
    case JET_coltypLongLong:
    case JET_coltypUnsignedLongLong: return 8;
    case JET_coltypGUID: return 16;
    default: return 0;
    }
}

static struct buf scratch; /* UTF-16 converted to UTF-8 */

/* One value of a column, written for the format. `b->full` > `b->len` means it was cut. */
static void put_value(const struct column *c, const struct buf *b, enum format f, int mv_csv) {
    const unsigned char *p = b->p;
    uint32_t n = b->len;
    uint32_t fs = fixed_size(c->coltyp);
    if (fs && n != fs) { /* not the size the type has: show the bytes */
        put_hex(p, n, f);
        return;
    }
    switch (c->coltyp) {
    case JET_coltypBit: fputs(p[0] ? "true" : "false", stdout); return;
    case JET_coltypUnsignedByte: printf("%u", (unsigned)p[0]); return;
    case JET_coltypShort: printf("%d", (int)(int16_t)le(p, 2)); return;
    case JET_coltypUnsignedShort: printf("%u", (unsigned)le(p, 2)); return;
    case JET_coltypLong: printf("%ld", (long)(int32_t)le(p, 4)); return;
    case JET_coltypUnsignedLong: printf("%lu", (unsigned long)le(p, 4)); return;
    case JET_coltypLongLong: printf("%lld", (long long)(int64_t)le(p, 8)); return;
    case JET_coltypUnsignedLongLong: printf("%llu", (unsigned long long)le(p, 8)); return;
    case JET_coltypCurrency: { /* 1/10,000ths of a unit */
        int64_t v = (int64_t)le(p, 8);
        uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        printf("%s%llu.%04llu", v < 0 ? "-" : "", (unsigned long long)(a / 10000), (unsigned long long)(a % 10000));
        return;
    }
    case JET_coltypIEEESingle: {
        float v;
        memcpy(&v, p, 4);
        put_double(v, 1, f);
        return;
    }
    case JET_coltypIEEEDouble: {
        double v;
        memcpy(&v, p, 8);
        put_double(v, 0, f);
        return;
    }
    case JET_coltypDateTime: {
        double v;
        memcpy(&v, p, 8);
        put_datetime(v, f);
        return;
    }
    case JET_coltypGUID: /* Data1, Data2, Data3 little-endian, then 8 bytes in order */
        quote(f, 0);
        printf("%08x-%04x-%04x-", (unsigned)le(p, 4), (unsigned)le(p + 4, 2), (unsigned)le(p + 6, 2));
        printf("%02x%02x-%02x%02x%02x%02x%02x%02x", p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
        quote(f, 0);
        return;
    case JET_coltypText:
    case JET_coltypLongText:
        if (c->cp == 1200) {
            utf16_to_utf8(p, n & ~1u, &scratch);
            put_string(scratch.p, scratch.len, f, mv_csv);
        } else {
            size_t m = n;
            if (b->full > n) { /* cut at the limit: drop a sequence left incomplete */
                size_t k = n;
                while (k > 0 && n - k < 3 && (p[k - 1] & 0xC0) == 0x80) k--;
                if (k > 0 && p[k - 1] >= 0xC0 && utf8_len(p + k - 1, n - k + 1) == 0) m = k - 1;
            }
            put_string(p, m, f, mv_csv);
        }
        return;
    default: /* Binary, LongBinary, SLV, unknown types */
        put_hex(p, n, f);
        return;
    }
}

/* ---- commands -------------------------------------------------------------------------- */

static const char *dbstate_name(uint32_t s) {
    switch (s) {
    case JET_dbstateJustCreated: return "just created";
    case JET_dbstateDirtyShutdown: return "dirty shutdown";
    case JET_dbstateCleanShutdown: return "clean shutdown";
    case JET_dbstateBeingConverted: return "being converted";
    case JET_dbstateForceDetach: return "force detach";
    default: return "unknown";
    }
}

static void put_logtime(const JET_LOGTIME *t) {
    if (!t->bYear && !t->bMonth && !t->bDay) {
        fputs("(none)", stdout);
        return;
    }
    printf("%04d-%02d-%02d %02d:%02d:%02d", 1900 + (unsigned char)t->bYear, t->bMonth, t->bDay, t->bHours, t->bMinutes,
           t->bSeconds);
    if (t->fTimeIsUTC) fputs(" UTC", stdout);
}

/* Before the engine starts: what JetGetDatabaseFileInfo reads from the file alone. */
static void info_file(const char *path) {
    uint64_t size = 0, ondisk = 0;
    uint32_t pagesize = 0, filetype = 0, inuse = 0;
    JET_DBINFOMISC misc;
    memset(&misc, 0, sizeof misc);
    JET(JetGetDatabaseFileInfo(path, &size, sizeof size, JET_DbInfoFilesize), "%s: JetGetDatabaseFileInfo(JET_DbInfoFilesize)",
        path);
    JET(JetGetDatabaseFileInfo(path, &ondisk, sizeof ondisk, JET_DbInfoFilesizeOnDisk),
        "%s: JetGetDatabaseFileInfo(JET_DbInfoFilesizeOnDisk)", path);
    JET(JetGetDatabaseFileInfo(path, &pagesize, sizeof pagesize, JET_DbInfoPageSize),
        "%s: JetGetDatabaseFileInfo(JET_DbInfoPageSize)", path);
    JET(JetGetDatabaseFileInfo(path, &filetype, sizeof filetype, JET_DbInfoFileType),
        "%s: JetGetDatabaseFileInfo(JET_DbInfoFileType)", path);
    JET(JetGetDatabaseFileInfo(path, &inuse, sizeof inuse, JET_DbInfoDBInUse), "%s: JetGetDatabaseFileInfo(JET_DbInfoDBInUse)",
        path);
    JET(JetGetDatabaseFileInfo(path, &misc, sizeof misc, JET_DbInfoMisc), "%s: JetGetDatabaseFileInfo(JET_DbInfoMisc)", path);
    JET_DBINFOUPGRADE up;
    memset(&up, 0, sizeof up);
    up.cbStruct = sizeof up;
    JET(JetGetDatabaseFileInfo(path, &up, sizeof up, JET_DbInfoUpgrade), "%s: JetGetDatabaseFileInfo(JET_DbInfoUpgrade)",
        path);
    puts("== file (JetGetDatabaseFileInfo)");
    printf("file type        %s\n", filetype == JET_filetypeDatabase ? "database" : "other");
    printf("file size        %llu bytes\n", (unsigned long long)size);
    printf("size on disk     %llu bytes\n", (unsigned long long)ondisk);
    printf("page size        %u bytes\n", (unsigned)pagesize);
    printf("in use           %s\n", inuse ? "yes, by this process" : "no");
    printf("state            %s\n", dbstate_name(misc.dbstate));
    printf("format           version 0x%x, update 0x%x\n", (unsigned)misc.ulVersion, (unsigned)misc.ulUpdate);
    printf("engine           %u.%u.%u, service pack %d\n", (unsigned)misc.dwMajorVersion, (unsigned)misc.dwMinorVersion,
           (unsigned)misc.dwBuildNumber, (int)misc.lSPNumber);
    printf("signature        0x%08x, created ", (unsigned)misc.signDb.ulRandom);
    put_logtime(&misc.signDb.logtimeCreate);
    if (misc.signDb.szComputerName[0]) printf(" on %.16s", misc.signDb.szComputerName);
    putchar('\n');
    printf("header page size %u bytes\n", (unsigned)(misc.cbPageSize ? misc.cbPageSize : 4096));
    printf("upgrade          %s", up.fAlreadyUpgraded ? "already upgraded" : up.fUpgradable ? "upgradable" : "nothing to upgrade");
    if (up.fUpgradable) printf(", %u s, %llu bytes free needed", (unsigned)up.csecToUpgrade,
                               (unsigned long long)up.cbFreeSpaceRequiredHigh << 32 | up.cbFreeSpaceRequiredLow);
    putchar('\n');
}

static uint32_t dbinfo_u32(uint32_t level, const char *name) {
    uint32_t v = 0;
    JET(JetGetDatabaseInfo(ses, dbid, &v, sizeof v, level), "JetGetDatabaseInfo(%s)", name);
    return v;
}

static void info_attached(void) {
    char filename[4200];
    JET(JetGetDatabaseInfo(ses, dbid, filename, sizeof filename, JET_DbInfoFilename), "JetGetDatabaseInfo(JET_DbInfoFilename)");
    puts("== attached read-only (JetGetDatabaseInfo)");
    printf("file name        %s\n", filename);
    printf("page size        %u bytes\n", (unsigned)dbinfo_u32(JET_DbInfoPageSize, "JET_DbInfoPageSize"));
    printf("size             %u pages\n", (unsigned)dbinfo_u32(JET_DbInfoFilesize, "JET_DbInfoFilesize"));
    printf("size on disk     %u pages\n", (unsigned)dbinfo_u32(JET_DbInfoFilesizeOnDisk, "JET_DbInfoFilesizeOnDisk"));
    printf("space owned      %u pages\n", (unsigned)dbinfo_u32(JET_DbInfoSpaceOwned, "JET_DbInfoSpaceOwned"));
    printf("space available  %u pages\n", (unsigned)dbinfo_u32(JET_DbInfoSpaceAvailable, "JET_DbInfoSpaceAvailable"));
    printf("version          0x%x\n", (unsigned)dbinfo_u32(JET_DbInfoVersion, "JET_DbInfoVersion"));
    printf("transactions     %u levels\n", (unsigned)dbinfo_u32(JET_DbInfoTransactions, "JET_DbInfoTransactions"));
    printf("locale           LCID 0x%x, code page %u, country %u, collation %u\n",
           (unsigned)dbinfo_u32(JET_DbInfoLCID, "JET_DbInfoLCID"), (unsigned)dbinfo_u32(JET_DbInfoCp, "JET_DbInfoCp"),
           (unsigned)dbinfo_u32(JET_DbInfoCountry, "JET_DbInfoCountry"),
           (unsigned)dbinfo_u32(JET_DbInfoCollate, "JET_DbInfoCollate"));
    uint32_t opts = dbinfo_u32(JET_DbInfoOptions, "JET_DbInfoOptions");
    printf("open options     0x%x%s\n", (unsigned)opts, opts & JET_bitDbExclusive ? " (exclusive)" : "");
    uint32_t n = 0;
    char **tables = load_tables(&n);
    printf("tables           %u\n", (unsigned)n);
    for (uint32_t i = 0; i < n; i++) free(tables[i]);
    free(tables);
}

/* Entries of the table's current index (every record, for the primary index). */
static uint32_t count_records(JET_TABLEID t) {
    uint32_t n = 0;
    JET_ERR err = JetMove(ses, t, JET_MoveFirst, 0);
    if (err == JET_errNoCurrentRecord) return 0;
    JET(err, "JetMove");
    JET(JetIndexRecordCount(ses, t, &n, 0), "JetIndexRecordCount");
    return n;
}

static void cmd_tables(void) {
    uint32_t n = 0;
    char **tables = load_tables(&n);
    size_t w = 5;
    for (uint32_t i = 0; i < n; i++)
        if (strlen(tables[i]) > w) w = strlen(tables[i]);
    printf("%-*s  %8s  %7s  %7s\n", (int)w, "table", "records", "columns", "indexes");
    for (uint32_t i = 0; i < n; i++) {
        JET_TABLEID t = open_table(tables[i]);
        uint32_t nc = 0, ni = 0;
        free_columns(load_columns(t, tables[i], &nc), nc);
        free(load_indexes(t, tables[i], &ni));
        printf("%-*s  %8u  %7u  %7u\n", (int)w, tables[i], (unsigned)count_records(t), (unsigned)nc, (unsigned)ni);
        JET(JetCloseTable(ses, t), "JetCloseTable(\"%s\")", tables[i]);
        free(tables[i]);
    }
    free(tables);
}

static void print_columns(const char *table, const struct column *cols, uint32_t n) {
    int wn = 4, wt = 4;
    for (uint32_t i = 0; i < n; i++) {
        if ((int)strlen(cols[i].name) > wn) wn = (int)strlen(cols[i].name);
        if ((int)strlen(type_label(&cols[i])) > wt) wt = (int)strlen(type_label(&cols[i]));
    }
    printf("%s: %u column%s\n", table, (unsigned)n, n == 1 ? "" : "s");
    printf("  %-5s  %-*s  %-*s  %6s  %s\n", "id", wn, "name", wt, "type", "size", "flags");
    for (uint32_t i = 0; i < n; i++) {
        const struct column *c = &cols[i];
        printf("  %-5u  %-*s  %-*s  %6u  %s", (unsigned)c->id, wn, c->name, wt, type_label(c), (unsigned)c->cbMax,
               flag_names(c->grbit, column_flags));
        if (c->has_default) {
            fputs("  default ", stdout);
            put_value(c, &c->dflt, FMT_TEXT, 0);
        }
        putchar('\n');
    }
}

/* "+AuthorId +Year": the key segments, each with its direction. */
static const char *key_text(const struct index *ix) {
    static char key[JET_ccolKeyMost * (NAME_MAX_BYTES + 2)];
    key[0] = 0;
    for (uint32_t s = 0; s < ix->nseg; s++) {
        size_t l = strlen(key);
        snprintf(key + l, sizeof key - l, "%s%c%s", s ? " " : "", ix->seg[s].descending ? '-' : '+', ix->seg[s].column);
    }
    return key;
}

static void print_indexes(const char *table, const struct index *ix, uint32_t n) {
    int wn = 4, wk = 3;
    for (uint32_t i = 0; i < n; i++) {
        if ((int)strlen(ix[i].name) > wn) wn = (int)strlen(ix[i].name);
        if ((int)strlen(key_text(&ix[i])) > wk) wk = (int)strlen(key_text(&ix[i]));
    }
    printf("%s: %u index%s\n", table, (unsigned)n, n == 1 ? "" : "es");
    if (n) printf("  %-*s  %-*s  %s\n", wn, "name", wk, "key", "flags");
    for (uint32_t i = 0; i < n; i++)
        printf("  %-*s  %-*s  %s\n", wn, ix[i].name, wk, key_text(&ix[i]), flag_names(ix[i].grbit, index_flags));
}

static void show_schema(const char *table) {
    JET_TABLEID t = open_table(table);
    uint32_t nc = 0, ni = 0;
    struct column *cols = load_columns(t, table, &nc);
    struct index *ix = load_indexes(t, table, &ni);
    print_columns(table, cols, nc);
    print_indexes(table, ix, ni);
    free_columns(cols, nc);
    free(ix);
    JET(JetCloseTable(ses, t), "JetCloseTable(\"%s\")", table);
}

static void cmd_schema(const char *table) {
    if (table) {
        show_schema(table);
        return;
    }
    uint32_t n = 0;
    char **tables = load_tables(&n);
    for (uint32_t i = 0; i < n; i++) {
        if (i) putchar('\n');
        show_schema(tables[i]);
        free(tables[i]);
    }
    free(tables);
}

static void cmd_columns(const char *table) {
    JET_TABLEID t = open_table(table);
    uint32_t n = 0;
    struct column *cols = load_columns(t, table, &n);
    print_columns(table, cols, n);
    free_columns(cols, n);
    JET(JetCloseTable(ses, t), "JetCloseTable(\"%s\")", table);
}

static void cmd_indexes(const char *table) {
    JET_TABLEID t = open_table(table);
    uint32_t n = 0;
    struct index *ix = load_indexes(t, table, &n);
    print_indexes(table, ix, n);
    free(ix);
    JET(JetCloseTable(ses, t), "JetCloseTable(\"%s\")", table);
}

static int variable_type(JET_COLTYP t) { return fixed_size(t) == 0; }

/* Every value of one column of the current record: a multi-valued column's values are
 * itag 1, 2, ... up to the first that is not there. */
static void put_column(JET_TABLEID t, const struct column *c, enum format f, uint32_t max_value, struct buf *b) {
    int mv = (c->grbit & JET_bitColumnMultiValued) != 0;
    int mv_csv = mv && f == FMT_CSV;
    uint32_t limit = f == FMT_TEXT && variable_type(c->coltyp) ? max_value : 0;
    uint32_t count = 0;
    for (uint32_t itag = 1;; itag++) {
        if (!read_value(t, c->id, itag, limit, b)) break;
        if (count == 0 && mv && f == FMT_JSON) putchar('[');
        if (count == 0 && mv_csv) {
            putchar('"');
            bare = 1;
        }
        if (count > 0) fputs(f == FMT_CSV ? "|" : ", ", stdout);
        put_value(c, b, f, mv_csv);
        if (b->full > b->len) printf(" ... (%u bytes)", (unsigned)b->full);
        count++;
        if (!mv) break;
    }
    bare = 0;
    if (count == 0) {
        if (f == FMT_JSON) fputs(mv ? "[]" : "null", stdout);
        else if (f == FMT_TEXT) fputs("NULL", stdout);
    } else if (mv && f == FMT_JSON) {
        putchar(']');
    } else if (mv_csv) {
        putchar('"');
    }
}

static void put_csv_name(const char *s) {
    put_string((const unsigned char *)s, strlen(s), FMT_CSV, 0);
}

/* Text format, walking a secondary index: the key columns' values of the entry, read from the
 * index itself (JET_bitRetrieveFromIndex), so that a multi-valued index shows which value each
 * entry is for. A segment the index cannot give back is shown as '?'. */
static void put_entry_key(JET_TABLEID t, const struct index *ix, const struct column *cols, uint32_t n, struct buf *b) {
    for (uint32_t s = 0; s < ix->nseg; s++) {
        const struct column *c = NULL;
        for (uint32_t i = 0; i < n && !c; i++)
            if (!strcmp(cols[i].name, ix->seg[s].column)) c = &cols[i];
        printf("%s%s = ", s ? ", " : "", ix->seg[s].column);
        if (!c) {
            putchar('?');
            continue;
        }
        buf_reserve(b, 256);
        uint32_t cb = 0;
        JET_ERR err = JetRetrieveColumn(ses, t, c->id, b->p, b->cap, &cb, JET_bitRetrieveFromIndex, NULL);
        if (err == JET_wrnColumnNull) {
            fputs("NULL", stdout);
        } else if (err != JET_errSuccess && err != JET_wrnBufferTruncated) {
            putchar('?');
        } else {
            b->full = cb;
            b->len = cb < b->cap ? cb : b->cap;
            put_value(c, b, FMT_TEXT, 0);
            if (b->full > b->len) printf(" ... (%u bytes)", (unsigned)b->full);
        }
    }
}

static void cmd_records(const char *asked, const char *index, enum format f, long long limit, uint32_t max_value) {
    JET_TABLEID t = open_table(asked);
    char table[NAME_MAX_BYTES]; /* the name as the table spells it (names match case-insensitively) */
    JET(JetGetTableInfo(ses, t, table, sizeof table, JET_TblInfoName), "JetGetTableInfo(\"%s\", JET_TblInfoName)", asked);
    uint32_t n = 0, nix = 0;
    struct column *cols = load_columns(t, table, &n);
    struct index *ixs = NULL, *ix = NULL;
    if (index) {
        JET(JetSetCurrentIndex(ses, t, index), "JetSetCurrentIndex(\"%s\", \"%s\")", table, index);
        ixs = load_indexes(t, table, &nix);
        for (uint32_t i = 0; i < nix && !ix; i++)
            if (!strcasecmp(ixs[i].name, index)) ix = &ixs[i];
    }
    struct buf b = {0};
    int wn = 4;
    for (uint32_t i = 0; i < n; i++)
        if ((int)strlen(cols[i].name) > wn) wn = (int)strlen(cols[i].name);

    if (f == FMT_CSV) {
        for (uint32_t i = 0; i < n; i++) {
            if (i) putchar(',');
            put_csv_name(cols[i].name);
        }
        putchar('\n');
    } else if (f == FMT_JSON) {
        putchar('[');
    }
    long long count = 0;
    JET_ERR err = JetMove(ses, t, JET_MoveFirst, 0);
    while (err == JET_errSuccess && (limit < 0 || count < limit)) {
        count++;
        if (f == FMT_TEXT) {
            printf("%s-- %s record %lld", count > 1 ? "\n" : "", table, count);
            if (ix) {
                printf(" (%s: ", ix->name);
                put_entry_key(t, ix, cols, n, &b);
                putchar(')');
            }
            putchar('\n');
            for (uint32_t i = 0; i < n; i++) {
                printf("  %-*s  ", wn, cols[i].name);
                put_column(t, &cols[i], f, max_value, &b);
                putchar('\n');
            }
        } else if (f == FMT_CSV) {
            for (uint32_t i = 0; i < n; i++) {
                if (i) putchar(',');
                put_column(t, &cols[i], f, max_value, &b);
            }
            putchar('\n');
        } else {
            fputs(count > 1 ? ",\n  {" : "\n  {", stdout);
            for (uint32_t i = 0; i < n; i++) {
                if (i) fputs(", ", stdout);
                put_string((const unsigned char *)cols[i].name, strlen(cols[i].name), FMT_JSON, 0);
                fputs(": ", stdout);
                put_column(t, &cols[i], f, max_value, &b);
            }
            putchar('}');
        }
        err = JetMove(ses, t, JET_MoveNext, 0);
    }
    if (err != JET_errSuccess && err != JET_errNoCurrentRecord) fail_jet(err, "JetMove(\"%s\")", table);
    if (f == FMT_JSON) fputs(count ? "\n]\n" : "]\n", stdout);
    if (f == FMT_TEXT)
        printf("%s(%lld record%s, in the order of %s%s)\n", count ? "\n" : "", count, count == 1 ? "" : "s",
               index ? "index " : "the primary index", index ? (ix ? ix->name : index) : "");
    free(ixs);
    free(b.p);
    free_columns(cols, n);
    JET(JetCloseTable(ses, t), "JetCloseTable(\"%s\")", table);
}

/* ---- main ------------------------------------------------------------------------------ */

static void help(void) {
    printf("usage: %s [OPTIONS] DATABASE [COMMAND [TABLE]]\n"
           "\n"
           "Shows what a libesent database holds, opened read-only through the JET API.\n"
           "\n"
           "Commands:\n"
           "  info              the file and its header; size and space in pages (the default)\n"
           "  tables            the tables, with their record, column and index counts\n"
           "  schema [TABLE]    the columns and indexes of every table, or of one\n"
           "  columns TABLE     the columns: id, name, type, size, flags, default value\n"
           "  indexes TABLE     the indexes: name, key segments (+ ascending, - descending), flags\n"
           "  records TABLE     the records, in primary index order (or --index's)\n"
           "\n"
           "Options:\n"
           "  -f, --format=FMT     records as text (the default), csv or json\n"
           "  -i, --index=NAME     walk the records in this index's order (a multi-valued\n"
           "                       index gives a record once per value)\n"
           "  -n, --limit=N        at most N records\n"
           "  -w, --max-value=N    text format: at most N bytes of a text or binary value, then\n"
           "                       its full size (default 256; 0 shows every byte)\n"
           "  -h, --help           this text\n"
           "  -V, --version        the versions of the tool and of the library\n"
           "\n"
           "Values: numbers as decimals, Currency with four decimals, DateTime as\n"
           "YYYY-MM-DD HH:MM:SS, GUIDs in their usual form, binary as hex, text as UTF-8\n"
           "(bytes that are not UTF-8 as \\xNN). A multi-valued column lists its values: a\n"
           "JSON array, or one CSV field with the values separated by '|' (with '\\' before a\n"
           "'|' or '\\' inside them). NULL is NULL in text, null in JSON, an empty CSV field.\n"
           "\n"
           "Exit status: 0 done, 1 the database could not be read (the JET code is named on\n"
           "stderr), 2 a usage error.\n",
           prog);
}

static unsigned long long parse_count(const char *s, const char *opt) {
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno || s[0] == '-') usage_error("%s needs a number, not '%s'", opt, s);
    return v;
}

int main(int argc, char **argv) {
    enum format f = FMT_TEXT;
    int format_given = 0;
    const char *index = NULL;
    long long limit = -1;
    uint32_t max_value = 256;
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'}, {"index", required_argument, NULL, 'i'},
        {"limit", required_argument, NULL, 'n'},  {"max-value", required_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    int o;
    while ((o = getopt_long(argc, argv, ":f:i:n:w:hV", opts, NULL)) != -1) {
        switch (o) {
        case 'f':
            format_given = 1;
            if (!strcmp(optarg, "text")) f = FMT_TEXT;
            else if (!strcmp(optarg, "csv")) f = FMT_CSV;
            else if (!strcmp(optarg, "json")) f = FMT_JSON;
            else usage_error("unknown format '%s' (text, csv or json)", optarg);
            break;
        case 'i': index = optarg; break;
        case 'n': limit = (long long)parse_count(optarg, "--limit"); break;
        case 'w': {
            unsigned long long v = parse_count(optarg, "--max-value");
            max_value = v > 0x7FFFFFFF ? 0x7FFFFFFF : (uint32_t)v;
            break;
        }
        case 'h': help(); return 0;
        case 'V': printf("esent-dump %s (libesent %s)\n", ESENT_VERSION_STRING, esent_version()); return 0;
        case ':': usage_error("option '%s' needs a value", argv[optind - 1]);
        default: usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    int nargs = argc - optind;
    if (nargs < 1) usage_error("no database named");
    dbpath = argv[optind];
    const char *cmd = nargs >= 2 ? argv[optind + 1] : "info";
    const char *table = nargs >= 3 ? argv[optind + 2] : NULL;
    int needs_table = !strcmp(cmd, "columns") || !strcmp(cmd, "indexes") || !strcmp(cmd, "records");
    int takes_table = needs_table || !strcmp(cmd, "schema");
    if (!needs_table && !takes_table && strcmp(cmd, "info") && strcmp(cmd, "tables")) usage_error("unknown command '%s'", cmd);
    if (needs_table && !table) usage_error("%s needs a table name", cmd);
    if (nargs > (takes_table ? 3 : 2)) usage_error("too many arguments");
    if (strcmp(cmd, "records") && (format_given || index || limit >= 0))
        usage_error("--format, --index and --limit go with the records command");

    if (!strcmp(cmd, "info")) info_file(dbpath);

    /* The engine: one instance whose scratch files (temporary tables: the information lists)
     * go to TMPDIR, one session, the database attached and opened read-only. */
    const char *tmp = getenv("TMPDIR");
    char tmpdir[4096];
    snprintf(tmpdir, sizeof tmpdir, "%s/", tmp && *tmp ? tmp : "/tmp");
    JET(JetCreateInstance(&inst, "esent-dump"), "JetCreateInstance");
    JET(JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, tmpdir), "JetSetSystemParameter(JET_paramTempPath, \"%s\")",
        tmpdir);
    JET(JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, tmpdir), "JetSetSystemParameter(JET_paramSystemPath)");
    JET(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, tmpdir), "JetSetSystemParameter(JET_paramLogFilePath)");
    JET(JetInit(&inst), "JetInit");
    JET(JetBeginSession(inst, &ses, NULL, NULL), "JetBeginSession");
    JET(JetAttachDatabase2(ses, dbpath, 0, JET_bitDbReadOnly), "%s: JetAttachDatabase2(JET_bitDbReadOnly)", dbpath);
    JET(JetOpenDatabase(ses, dbpath, NULL, &dbid, JET_bitDbReadOnly), "%s: JetOpenDatabase(JET_bitDbReadOnly)", dbpath);

    if (!strcmp(cmd, "info")) info_attached();
    else if (!strcmp(cmd, "tables")) cmd_tables();
    else if (!strcmp(cmd, "schema")) cmd_schema(table);
    else if (!strcmp(cmd, "columns")) cmd_columns(table);
    else if (!strcmp(cmd, "indexes")) cmd_indexes(table);
    else cmd_records(table, index, f, limit, max_value);

    free(scratch.p);
    JET(JetCloseDatabase(ses, dbid, 0), "JetCloseDatabase");
    JET(JetDetachDatabase(ses, dbpath), "JetDetachDatabase");
    JET(JetEndSession(ses, 0), "JetEndSession");
    JET_ERR err = JetTerm(inst);
    inst = JET_instanceNil;
    if (err < 0) fail_jet(err, "JetTerm");
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: writing the output: %s\n", prog, strerror(errno));
        return 1;
    }
    return 0;
}
