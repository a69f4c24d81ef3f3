/*
 * bookstore.c: a small catalogue of books, written the way an ESE application is written.
 *
 * It creates a database with two tables:
 *   Authors  AuthorId (long, autoincrement), Name (text), Country (text)
 *   Books    BookId (long, autoincrement), AuthorId (long), Title (Unicode text), Year (long),
 *            PriceCents (long), Tags (tagged, multi-valued text), Blurb (long text)
 * with a primary index on each id and secondary indexes on Authors.Name, Books.AuthorId+Year,
 * Books.Year and Books.Tags (one entry per tag). Then it inserts inside transactions, seeks
 * (JetMakeKey + JetSeek), walks an index range (JetSetIndexRange), shows a rollback undoing
 * an insert and a delete, sorts through a temporary table, and prints what it found.
 *
 *   bookstore          works in a fresh temporary directory and removes it at the end
 *   bookstore DIR      leaves the database in DIR/bookstore.edb (DIR must exist), for
 *                      looking at it afterwards, e.g. with esent-dump
 *
 * Every call is checked; on an error the program names the call and the code and exits 1.
 */
#define _XOPEN_SOURCE 700
#include <esent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>
#include <unistd.h>

static const char *code_name(JET_ERR err) {
    static char text[256];
    JET_API_PTR code = (JET_API_PTR)(intptr_t)err;
    if (JetGetSystemParameterA(0, 0, JET_paramErrorToString, &code, text, sizeof text) < 0)
        snprintf(text, sizeof text, "%d", (int)err);
    char *comma = strchr(text, ',');
    if (comma) *comma = 0;
    return text;
}

/* Every call goes through here: a negative code (an error) ends the program. */
#define CALL(expr)                                                                            \
    do {                                                                                      \
        JET_ERR err_ = (expr);                                                                \
        if (err_ < 0) {                                                                       \
            fprintf(stderr, "bookstore: %s failed: %s (%d)\n", #expr, code_name(err_), (int)err_); \
            exit(1);                                                                          \
        }                                                                                     \
    } while (0)

static JET_SESID ses;
static JET_TABLEID authors, books;

/* Column ids, filled in when the tables are made. */
static JET_COLUMNID a_id, a_name, a_country;
static JET_COLUMNID b_id, b_author, b_title, b_year, b_price, b_tags, b_blurb;

static JET_COLUMNID add_column(JET_TABLEID t, const char *name, JET_COLTYP coltyp, uint32_t cbMax,
                               JET_GRBIT grbit, uint16_t cp) {
    JET_COLUMNDEF def;
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = coltyp;
    def.cbMax = cbMax;
    def.grbit = grbit;
    def.cp = cp;
    JET_COLUMNID id = 0;
    CALL(JetAddColumn(ses, t, name, &def, NULL, 0, &id));
    return id;
}

/* An index key description is a list of NUL-terminated "+Column" / "-Column" strings ending
 * with an empty one; `n` is its full length, both NULs included. */
static void add_index(JET_TABLEID t, const char *name, JET_GRBIT grbit, const char *key, uint32_t n) {
    CALL(JetCreateIndex(ses, t, name, grbit, key, n, 90));
}

static void create_schema(JET_DBID db) {
    CALL(JetCreateTable(ses, db, "Authors", 4, 90, &authors));
    a_id = add_column(authors, "AuthorId", JET_coltypLong, 0, JET_bitColumnAutoincrement, 0);
    a_name = add_column(authors, "Name", JET_coltypText, 100, JET_bitColumnNotNULL, 1252);
    a_country = add_column(authors, "Country", JET_coltypText, 40, 0, 1252);
    add_index(authors, "by_id", JET_bitIndexPrimary, "+AuthorId\0", 11);
    add_index(authors, "by_name", JET_bitIndexUnique, "+Name\0", 7);

    CALL(JetCreateTable(ses, db, "Books", 4, 90, &books));
    b_id = add_column(books, "BookId", JET_coltypLong, 0, JET_bitColumnAutoincrement, 0);
    b_author = add_column(books, "AuthorId", JET_coltypLong, 0, JET_bitColumnNotNULL, 0);
    b_title = add_column(books, "Title", JET_coltypText, 200, JET_bitColumnNotNULL, 1200);
    b_year = add_column(books, "Year", JET_coltypLong, 0, 0, 0);
    b_price = add_column(books, "PriceCents", JET_coltypLong, 0, 0, 0);
    b_tags = add_column(books, "Tags", JET_coltypText, 32, JET_bitColumnTagged | JET_bitColumnMultiValued, 1252);
    b_blurb = add_column(books, "Blurb", JET_coltypLongText, 0, 0, 1252);
    add_index(books, "by_id", JET_bitIndexPrimary, "+BookId\0", 9);
    add_index(books, "by_author_year", 0, "+AuthorId\0+Year\0", 17);
    add_index(books, "by_year", 0, "+Year\0", 7);
    add_index(books, "by_tag", JET_bitIndexIgnoreNull, "+Tags\0", 7);
}

static void set_text(JET_TABLEID t, JET_COLUMNID c, const char *s) {
    CALL(JetSetColumn(ses, t, c, s, (uint32_t)strlen(s), 0, NULL));
}

static void set_long(JET_TABLEID t, JET_COLUMNID c, int32_t v) {
    CALL(JetSetColumn(ses, t, c, &v, sizeof v, 0, NULL));
}

/* A UTF-16 string's length in bytes, without its terminator. */
static uint32_t u16_bytes(const char16_t *s) {
    uint32_t n = 0;
    while (s[n]) n++;
    return n * 2;
}

/* A value read back: the autoincrement id the engine gave the record being inserted. */
static int32_t new_id(JET_TABLEID t, JET_COLUMNID c) {
    int32_t v = 0;
    uint32_t cb = 0;
    CALL(JetRetrieveColumn(ses, t, c, &v, sizeof v, &cb, JET_bitRetrieveCopy, NULL));
    return v;
}

static int32_t add_author(const char *name, const char *country) {
    CALL(JetPrepareUpdate(ses, authors, JET_prepInsert));
    int32_t id = new_id(authors, a_id);
    set_text(authors, a_name, name);
    set_text(authors, a_country, country);
    CALL(JetUpdate(ses, authors, NULL, 0, NULL));
    return id;
}

/* `tags` is a comma-separated list, each tag stored as one value of the multi-valued column. */
static int32_t add_book(int32_t author, const char16_t *title, int32_t year, int32_t price,
                        const char *tags, const char *blurb) {
    CALL(JetPrepareUpdate(ses, books, JET_prepInsert));
    int32_t id = new_id(books, b_id);
    set_long(books, b_author, author);
    CALL(JetSetColumn(ses, books, b_title, title, u16_bytes(title), 0, NULL));
    set_long(books, b_year, year);
    set_long(books, b_price, price);
    char list[128];
    snprintf(list, sizeof list, "%s", tags);
    for (char *tag = strtok(list, ","); tag; tag = strtok(NULL, ",")) {
        /* itagSequence 0: add a value rather than replace the first one. */
        JET_SETINFO si = {sizeof si, 0, 0};
        CALL(JetSetColumn(ses, books, b_tags, tag, (uint32_t)strlen(tag), 0, &si));
    }
    if (blurb) set_text(books, b_blurb, blurb);
    CALL(JetUpdate(ses, books, NULL, 0, NULL));
    return id;
}

/* The current book's title, converted from UTF-16 to UTF-8 for printing. */
static const char *title_of(JET_TABLEID t) {
    static char out[400];
    char16_t w[200];
    uint32_t cb = 0;
    CALL(JetRetrieveColumn(ses, t, b_title, w, sizeof w, &cb, 0, NULL));
    size_t o = 0;
    for (uint32_t i = 0; i < cb / 2 && o + 4 < sizeof out; i++) {
        uint32_t c = w[i];
        if (c < 0x80) {
            out[o++] = (char)c;
        } else if (c < 0x800) {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else { /* the titles here have no characters outside the BMP */
            out[o++] = (char)(0xE0 | (c >> 12));
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = 0;
    return out;
}

static int32_t long_of(JET_TABLEID t, JET_COLUMNID c) {
    int32_t v = 0;
    uint32_t cb = 0;
    CALL(JetRetrieveColumn(ses, t, c, &v, sizeof v, &cb, 0, NULL));
    return v;
}

/* All values of the current book's Tags, joined with ", ". */
static const char *tags_of(JET_TABLEID t) {
    static char out[256];
    out[0] = 0;
    for (uint32_t itag = 1;; itag++) {
        char tag[64];
        uint32_t cb = 0;
        JET_RETINFO ri = {sizeof ri, 0, itag, 0};
        JET_ERR err = JetRetrieveColumn(ses, t, b_tags, tag, sizeof tag - 1, &cb, 0, &ri);
        CALL(err);
        if (err == JET_wrnColumnNull) break; /* no value at this itag: that was the last */
        tag[cb] = 0;
        if (out[0]) strncat(out, ", ", sizeof out - strlen(out) - 1);
        strncat(out, tag, sizeof out - strlen(out) - 1);
    }
    return out;
}

/* Prints a UTF-8 string padded to `width` characters (not bytes). */
static void print_padded(const char *s, int width) {
    int chars = 0;
    for (const char *p = s; *p; p++)
        if ((*p & 0xC0) != 0x80) chars++;
    printf("%s%*s", s, width > chars ? width - chars : 0, "");
}

static void print_book(JET_TABLEID t) {
    int32_t price = long_of(t, b_price);
    printf("  #%d ", (int)long_of(t, b_id));
    print_padded(title_of(t), 34);
    printf(" %d  $%2d.%02d  [%s]\n", (int)long_of(t, b_year), (int)(price / 100), (int)(price % 100), tags_of(t));
}

/* How many entries the current index has (inside the current range, if one is set). */
static uint32_t count_entries(JET_TABLEID t) {
    uint32_t n = 0;
    JET_ERR err = JetMove(ses, t, JET_MoveFirst, 0);
    if (err == JET_errNoCurrentRecord) return 0;
    CALL(err);
    CALL(JetIndexRecordCount(ses, t, &n, 0));
    return n;
}

static void seek_book(int32_t id) {
    CALL(JetSetCurrentIndex(ses, books, "by_id"));
    CALL(JetMakeKey(ses, books, &id, sizeof id, JET_bitNewKey));
    JET_ERR err = JetSeek(ses, books, JET_bitSeekEQ);
    if (err == JET_errRecordNotFound) {
        printf("  book #%d: not found\n", (int)id);
        return;
    }
    CALL(err);
    print_book(books);
}

/* Walks by_year from `from` to `to`, both included: seek to the first entry at or after the
 * lower key, then make the upper key and set it as an inclusive upper limit. */
static void books_between(int32_t from, int32_t to) {
    CALL(JetSetCurrentIndex(ses, books, "by_year"));
    CALL(JetMakeKey(ses, books, &from, sizeof from, JET_bitNewKey));
    JET_ERR err = JetSeek(ses, books, JET_bitSeekGE);
    if (err == JET_errRecordNotFound) return;
    CALL(err);
    CALL(JetMakeKey(ses, books, &to, sizeof to, JET_bitNewKey));
    err = JetSetIndexRange(ses, books, JET_bitRangeUpperLimit | JET_bitRangeInclusive);
    if (err == JET_errNoCurrentRecord) return; /* the first entry is already past the limit */
    CALL(err);
    do {
        print_book(books);
    } while ((err = JetMove(ses, books, JET_MoveNext, 0)) == JET_errSuccess);
    if (err != JET_errNoCurrentRecord) CALL(err);
}

/* The books carrying one tag: an exact-match range on the multi-valued index. */
static void books_tagged(const char *tag) {
    CALL(JetSetCurrentIndex(ses, books, "by_tag"));
    CALL(JetMakeKey(ses, books, tag, (uint32_t)strlen(tag), JET_bitNewKey));
    JET_ERR err = JetSeek(ses, books, JET_bitSeekEQ | JET_bitSetIndexRange);
    if (err == JET_errRecordNotFound) {
        printf("  (none)\n");
        return;
    }
    CALL(err);
    do {
        print_book(books);
    } while ((err = JetMove(ses, books, JET_MoveNext, 0)) == JET_errSuccess);
    if (err != JET_errNoCurrentRecord) CALL(err);
}

static void author_of_book(int32_t book) {
    CALL(JetSetCurrentIndex(ses, books, "by_id"));
    CALL(JetMakeKey(ses, books, &book, sizeof book, JET_bitNewKey));
    CALL(JetSeek(ses, books, JET_bitSeekEQ));
    int32_t author = long_of(books, b_author);
    CALL(JetSetCurrentIndex(ses, authors, "by_id"));
    CALL(JetMakeKey(ses, authors, &author, sizeof author, JET_bitNewKey));
    CALL(JetSeek(ses, authors, JET_bitSeekEQ));
    char name[101];
    uint32_t cb = 0;
    CALL(JetRetrieveColumn(ses, authors, a_name, name, sizeof name - 1, &cb, 0, NULL));
    name[cb] = 0;
    printf("  %s wrote \"%s\"\n", name, title_of(books));
}

/* A temporary table used as a sort: key columns price (descending) then title; one row per
 * book, read back in key order once the inserts are done. */
static void sort_by_price(void) {
    JET_COLUMNDEF cols[3];
    memset(cols, 0, sizeof cols);
    for (int i = 0; i < 3; i++) cols[i].cbStruct = sizeof cols[i];
    cols[0].coltyp = JET_coltypLong;
    cols[0].grbit = JET_bitColumnTTKey | JET_bitColumnTTDescending;
    cols[1].coltyp = JET_coltypText;
    cols[1].cp = 1200;
    cols[1].cbMax = 200;
    cols[1].grbit = JET_bitColumnTTKey;
    cols[2].coltyp = JET_coltypLong;
    JET_COLUMNID ids[3];
    JET_TABLEID sort = 0;
    CALL(JetOpenTempTable(ses, cols, 3, JET_bitTTSortNullsHigh, &sort, ids));

    CALL(JetSetCurrentIndex(ses, books, NULL)); /* the primary index */
    JET_ERR err = JetMove(ses, books, JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
        int32_t price = long_of(books, b_price), id = long_of(books, b_id);
        char16_t w[200];
        uint32_t cb = 0;
        CALL(JetRetrieveColumn(ses, books, b_title, w, sizeof w, &cb, 0, NULL));
        CALL(JetPrepareUpdate(ses, sort, JET_prepInsert));
        CALL(JetSetColumn(ses, sort, ids[0], &price, sizeof price, 0, NULL));
        CALL(JetSetColumn(ses, sort, ids[1], w, cb, 0, NULL));
        CALL(JetSetColumn(ses, sort, ids[2], &id, sizeof id, 0, NULL));
        CALL(JetUpdate(ses, sort, NULL, 0, NULL));
        err = JetMove(ses, books, JET_MoveNext, 0);
    }
    if (err != JET_errNoCurrentRecord) CALL(err);

    /* The first move ends the insert phase and returns the rows sorted. */
    int rank = 0;
    err = JetMove(ses, sort, JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
        int32_t price = 0, id = 0;
        uint32_t cb = 0;
        CALL(JetRetrieveColumn(ses, sort, ids[0], &price, sizeof price, &cb, 0, NULL));
        CALL(JetRetrieveColumn(ses, sort, ids[2], &id, sizeof id, &cb, 0, NULL));
        CALL(JetSetCurrentIndex(ses, books, "by_id"));
        CALL(JetMakeKey(ses, books, &id, sizeof id, JET_bitNewKey));
        CALL(JetSeek(ses, books, JET_bitSeekEQ));
        printf("  %d. $%2d.%02d  %s\n", ++rank, (int)(price / 100), (int)(price % 100), title_of(books));
        err = JetMove(ses, sort, JET_MoveNext, 0);
    }
    if (err != JET_errNoCurrentRecord) CALL(err);
    CALL(JetCloseTable(ses, sort));
}

static void show_long_value(int32_t book) {
    CALL(JetSetCurrentIndex(ses, books, "by_id"));
    CALL(JetMakeKey(ses, books, &book, sizeof book, JET_bitNewKey));
    CALL(JetSeek(ses, books, JET_bitSeekEQ));
    /* With no buffer, the call only says how long the value is (a warning: truncated). */
    uint32_t size = 0;
    JET_ERR err = JetRetrieveColumn(ses, books, b_blurb, NULL, 0, &size, 0, NULL);
    CALL(err);
    char head[41];
    uint32_t cb = 0;
    CALL(JetRetrieveColumn(ses, books, b_blurb, head, 40, &cb, 0, NULL));
    head[cb < 40 ? cb : 40] = 0;
    /* A piece from the middle, through the long-value offset. */
    char middle[13];
    JET_RETINFO ri = {sizeof ri, 2000, 1, 0};
    CALL(JetRetrieveColumn(ses, books, b_blurb, middle, 12, &cb, 0, &ri));
    middle[cb < 12 ? cb : 12] = 0;
    printf("  \"%s\" has a blurb of %u bytes (%s)\n", title_of(books), (unsigned)size,
           err == JET_wrnBufferTruncated ? "the size query warned JET_wrnBufferTruncated" : "read whole");
    printf("  it starts \"%s...\"; bytes 2000-2011 are \"%s\"\n", head, middle);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int main(int argc, char **argv) {
    if (argc > 2 || (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))) {
        fprintf(stderr, "usage: bookstore [DIR]   (DIR: keep the database as DIR/bookstore.edb)\n");
        return 2;
    }
    char dir[4096];
    int keep = argc == 2;
    if (keep) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/bookstore-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir)) {
            perror("bookstore: mkdtemp");
            return 1;
        }
    }
    char path[4200], folder[4200];
    snprintf(path, sizeof path, "%s/bookstore.edb", dir);
    snprintf(folder, sizeof folder, "%s/", dir);

    JET_INSTANCE inst = JET_instanceNil;
    CALL(JetCreateInstance(&inst, "bookstore"));
    /* Everything the instance might write goes into the one directory. */
    CALL(JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, folder));
    CALL(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, folder));
    CALL(JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, folder));
    CALL(JetInit(&inst));
    CALL(JetBeginSession(inst, &ses, NULL, NULL));

    JET_DBID db = 0;
    CALL(JetCreateDatabase(ses, path, NULL, &db, keep ? JET_bitDbOverwriteExisting : 0));
    /* DDL in a transaction: the schema appears whole or not at all. */
    CALL(JetBeginTransaction(ses));
    create_schema(db);
    CALL(JetCommitTransaction(ses, 0));
    puts("== schema");
    puts("  Authors: AuthorId (autoincrement), Name, Country; indexes by_id (primary), by_name (unique)");
    puts("  Books: BookId (autoincrement), AuthorId, Title (Unicode), Year, PriceCents, Tags (multi-valued),");
    puts("         Blurb (long text); indexes by_id (primary), by_author_year, by_year, by_tag");

    /* One transaction per batch: the authors, then the books. */
    CALL(JetBeginTransaction(ses));
    int32_t eco = add_author("Umberto Eco", "Italy");
    int32_t garcia = add_author("Gabriel Garcia Marquez", "Colombia");
    int32_t woolf = add_author("Virginia Woolf", "England");
    int32_t calvino = add_author("Italo Calvino", "Italy");
    CALL(JetCommitTransaction(ses, 0));

    char blurb[4096];
    size_t n = 0;
    while (n + 60 < sizeof blurb)
        n += (size_t)snprintf(blurb + n, sizeof blurb - n, "A winter night, a reader, a book that breaks off. ");
    CALL(JetBeginTransaction(ses));
    add_book(eco, u"The Name of the Rose", 1980, 1850, "novel,mystery,history", NULL);
    add_book(eco, u"Foucault's Pendulum", 1988, 1699, "novel,mystery", NULL);
    int32_t solitude = add_book(garcia, u"Cien años de soledad", 1967, 1499, "novel,classic", NULL);
    add_book(woolf, u"Mrs Dalloway", 1925, 999, "novel,classic", NULL);
    add_book(woolf, u"A Room of One's Own", 1929, 850, "essay,classic", NULL);
    int32_t winter = add_book(calvino, u"If on a winter's night a traveler", 1979, 1250, "novel", blurb);
    CALL(JetCommitTransaction(ses, JET_bitCommitLazyFlush));

    puts("== after two committed transactions");
    CALL(JetSetCurrentIndex(ses, authors, NULL));
    CALL(JetSetCurrentIndex(ses, books, NULL));
    printf("  %u authors, %u books\n", (unsigned)count_entries(authors), (unsigned)count_entries(books));

    puts("== a transaction rolled back: two books added, one deleted, then JetRollback");
    CALL(JetBeginTransaction(ses));
    int32_t cities = add_book(calvino, u"Invisible Cities", 1972, 1100, "novel", NULL);
    add_book(calvino, u"The Baron in the Trees", 1957, 1050, "novel", NULL);
    CALL(JetSetCurrentIndex(ses, books, "by_id"));
    CALL(JetMakeKey(ses, books, &solitude, sizeof solitude, JET_bitNewKey));
    CALL(JetSeek(ses, books, JET_bitSeekEQ));
    CALL(JetDelete(ses, books));
    CALL(JetSetCurrentIndex(ses, books, NULL));
    printf("  inside the transaction: %u books\n", (unsigned)count_entries(books));
    CALL(JetRollback(ses, 0));
    CALL(JetSetCurrentIndex(ses, books, NULL));
    printf("  after the rollback: %u books; the deleted one is back, the added ones are gone:\n",
           (unsigned)count_entries(books));
    seek_book(solitude);
    seek_book(cities);

    puts("== seek on the primary index (JetMakeKey + JetSeek EQ)");
    seek_book(2);
    seek_book(42);

    puts("== index range on by_year: 1920 to 1970");
    books_between(1920, 1970);

    puts("== the multi-valued index by_tag: tag \"classic\"");
    books_tagged("classic");
    puts("== tag \"mystery\"");
    books_tagged("mystery");

    puts("== a join by hand: seek Books, then Authors");
    author_of_book(winter);

    puts("== a temporary table as a sort: by price, highest first");
    sort_by_price();

    puts("== a long value");
    show_long_value(winter);

    CALL(JetCloseTable(ses, books));
    CALL(JetCloseTable(ses, authors));
    CALL(JetCloseDatabase(ses, db, 0));
    CALL(JetDetachDatabase(ses, path));
    CALL(JetEndSession(ses, 0));
    CALL(JetTerm(inst));

    if (keep) {
        printf("== the database is in %s\n", path);
    } else {
        if (nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS) != 0) {
            perror("bookstore: removing the temporary directory");
            return 1;
        }
        puts("== done; the temporary directory is removed");
    }
    return 0;
}
