/* Names of the Windows header that programs use, and libesent's own version.
 * The layout checks tie the header's hand-written JET_LOGTIME to the library's definition
 * (src/abi), whose Rust assertions pin the same size and offsets. */
#include "check.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* S-ABI-02: JET_LOGTIME is 8 bytes, byte-aligned, its fillers at offsets 6 and 7, as in the
 * Windows header (and so are the structs that embed it). */
_Static_assert(sizeof(JET_LOGTIME) == 8, "JET_LOGTIME is 8 bytes");
_Static_assert(_Alignof(JET_LOGTIME) == 1, "JET_LOGTIME is byte-aligned");
_Static_assert(offsetof(JET_LOGTIME, bYear) == 5, "bYear");
_Static_assert(offsetof(JET_LOGTIME, bFiller1) == 6, "bFiller1");
_Static_assert(offsetof(JET_LOGTIME, bFiller2) == 7, "bFiller2");
_Static_assert(offsetof(JET_SIGNATURE, logtimeCreate) == 4, "JET_SIGNATURE.logtimeCreate");
_Static_assert(offsetof(JET_SIGNATURE, szComputerName) == 12, "JET_SIGNATURE.szComputerName");
_Static_assert(sizeof(JET_SIGNATURE) == 28, "JET_SIGNATURE");
_Static_assert(sizeof(JET_COMMIT_ID) == 40, "JET_COMMIT_ID");

TEST(header_logtime_bit_fields_overlay_the_fillers) {
    /* S-ABI-02: the bit fields sit where Windows puts them, lowest bit first: fTimeIsUTC is bit 0
     * of bFiller1 and bMillisecondsLow its bits 1-7; fReserved is bit 0 of bFiller2,
     * bMillisecondsHigh bits 1-3, fUnused bits 4-7. */
    JET_LOGTIME t;
    memset(&t, 0, sizeof t);
    t.fTimeIsUTC = 1;
    CHECK_EQ(t.bFiller1, 0x01);
    t.bMillisecondsLow = 0x7F;
    CHECK_EQ(t.bFiller1, 0xFF);
    t.fTimeIsUTC = 0;
    CHECK_EQ(t.bFiller1, 0xFE);
    CHECK_EQ(t.bFiller2, 0);
    t.bMillisecondsHigh = 7;
    CHECK_EQ(t.bFiller2, 0x0E);
    t.fReserved = 1;
    CHECK_EQ(t.bFiller2, 0x0F);
    t.fUnused = 0xF;
    CHECK_EQ(t.bFiller2, 0xFF);
    /* 999 ms = (7 << 7) | 0x67 */
    memset(&t, 0, sizeof t);
    t.bMillisecondsHigh = 999 >> 7;
    t.bMillisecondsLow = 999 & 0x7F;
    CHECK_EQ((t.bMillisecondsHigh << 7) | t.bMillisecondsLow, 999);
    CHECK_EQ(t.bFiller1, (999 & 0x7F) << 1);
    CHECK_EQ(t.bFiller2, (999 >> 7) << 1);
}

TEST(header_logtime_in_rstinfo_is_accepted) {
    /* S-INST-03: a JET_RSTINFO whose cbStruct is the header's sizeof (with its JET_LOGTIME) is the
     * size the library expects, so JetInit3 accepts it; one byte less is refused. */
    JET_INSTANCE inst = fixture_created("logtime");
    JET_RSTINFO_A ri;
    memset(&ri, 0, sizeof ri);
    ri.logtimeStop.fTimeIsUTC = 1;
    ri.logtimeStop.bMillisecondsHigh = 3;
    ri.cbStruct = sizeof ri - 1;
    CHECK_ERR(JET_errInvalidParameter, JetInit3A(&inst, &ri, 0));
    ri.cbStruct = sizeof ri;
    CHECK_OK(JetInit3A(&inst, &ri, 0));
    CHECK_OK(JetTerm(inst));
}

TEST(header_bit_nil_is_the_empty_grbit) {
    /* S-TRX-02: JET_bitNil is the grbit 0 of the Windows header, accepted wherever 0 is. */
    _Static_assert(JET_bitNil == 0, "JET_bitNil is 0");
    JET_GRBIT nil = JET_bitNil;
    CHECK_EQ(nil, 0);
    CHECK_EQ(sizeof(JET_bitNil), sizeof(JET_GRBIT));
    JET_INSTANCE inst = fixture_running("bitnil", -1);
    JET_SESID s = fixture_session(inst);
    CHECK_OK(JetBeginTransaction2(s, JET_bitNil));
    CHECK_OK(JetCommitTransaction(s, JET_bitNil));
    CHECK_OK(JetEndSession(s, JET_bitNil));
    CHECK_OK(JetTerm2(inst, JET_bitNil));
}

TEST(header_version_macros_match_the_library) {
    /* The ESENT_VERSION_* macros of the header and esent_version() of the loaded library come
     * from the same Cargo.toml version: "MAJOR.MINOR.PATCH", equal to ESENT_VERSION_STRING. */
    const char *v = esent_version();
    CHECK(v != NULL);
    if (!v) return;
    CHECK(strcmp(v, ESENT_VERSION_STRING) == 0);
    char *end = NULL;
    long major = strtol(v, &end, 10);
    CHECK(*end == '.');
    long minor = strtol(end + 1, &end, 10);
    CHECK(*end == '.');
    long patch = strtol(end + 1, &end, 10);
    CHECK(*end == '\0');
    CHECK_EQ(major, ESENT_VERSION_MAJOR);
    CHECK_EQ(minor, ESENT_VERSION_MINOR);
    CHECK_EQ(patch, ESENT_VERSION_PATCH);
    /* Static and stable: the same pointer every call, usable before any instance exists. */
    CHECK(esent_version() == v);
}
