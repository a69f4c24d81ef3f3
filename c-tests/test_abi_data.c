/* The C declarations of the data layer: every struct's size and the offsets that matter, the
 * anonymous unions a Windows program names directly, and a sample of the constants. The numbers
 * are literals from the Windows header (jethdr.w) and the layout tables of data-ddl 3 and
 * data-records 2.3, not values read from the library: this proves the header (S-ABI-02..04,
 * S-ABI-08). src/abi/data.rs asserts the same sizes and offsets on the library's side. */
#include "check.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SIZE(type, n) CHECK_EQ(sizeof(type), n)
#define OFF(type, field, n) CHECK_EQ(offsetof(type, field), n)

TEST(abi_data_scalar_types) {
    /* data-ddl 2.1: JET_COLUMNID, JET_OBJTYP, JET_COLTYP, JET_CBTYP are unsigned 32-bit;
     * JET_DATESERIAL a double; JET_TABLEID pointer-sized. S-ABI-02 S-ABI-03 */
    SIZE(JET_COLUMNID, 4);
    CHECK((JET_COLUMNID)-1 > 0);
    SIZE(JET_OBJTYP, 4);
    SIZE(JET_COLTYP, 4);
    SIZE(JET_CBTYP, 4);
    SIZE(JET_DATESERIAL, 8);
    CHECK((JET_DATESERIAL)0.5 > 0);
    SIZE(JET_TABLEID, sizeof(void *));
    SIZE(JET_RELOP, 4);
    SIZE(JET_INDEXCHECKING, 4);
    SIZE(JET_PFNREALLOC, sizeof(void *));
    SIZE(JET_CALLBACK, sizeof(void *));
}

TEST(abi_data_column_structs) {
    /* data-ddl 3.1 */
    SIZE(JET_COLUMNDEF, 28);
    OFF(JET_COLUMNDEF, columnid, 4);
    OFF(JET_COLUMNDEF, coltyp, 8);
    OFF(JET_COLUMNDEF, wCountry, 12);
    OFF(JET_COLUMNDEF, langid, 14);
    OFF(JET_COLUMNDEF, cp, 16);
    OFF(JET_COLUMNDEF, wCollate, 18);
    OFF(JET_COLUMNDEF, cbMax, 20);
    OFF(JET_COLUMNDEF, grbit, 24);
    /* data-ddl 3.2 */
    SIZE(JET_COLUMNCREATE_A, 56);
    SIZE(JET_COLUMNCREATE_W, 56);
    OFF(JET_COLUMNCREATE_A, szColumnName, 8);
    OFF(JET_COLUMNCREATE_A, coltyp, 16);
    OFF(JET_COLUMNCREATE_A, cbMax, 20);
    OFF(JET_COLUMNCREATE_A, grbit, 24);
    OFF(JET_COLUMNCREATE_A, pvDefault, 32);
    OFF(JET_COLUMNCREATE_A, cbDefault, 40);
    OFF(JET_COLUMNCREATE_A, cp, 44);
    OFF(JET_COLUMNCREATE_A, columnid, 48);
    OFF(JET_COLUMNCREATE_A, err, 52);
    OFF(JET_COLUMNCREATE_W, pvDefault, 32);
    OFF(JET_COLUMNCREATE_W, err, 52);
    /* data-ddl 3.3 */
    SIZE(JET_USERDEFINEDDEFAULT_A, 32);
    SIZE(JET_USERDEFINEDDEFAULT_W, 32);
    OFF(JET_USERDEFINEDDEFAULT_A, pbUserData, 8);
    OFF(JET_USERDEFINEDDEFAULT_A, cbUserData, 16);
    OFF(JET_USERDEFINEDDEFAULT_W, szDependantColumns, 24);
    /* data-ddl 3.4 */
    SIZE(JET_CONDITIONALCOLUMN_A, 24);
    SIZE(JET_CONDITIONALCOLUMN_W, 24);
    OFF(JET_CONDITIONALCOLUMN_A, szColumnName, 8);
    OFF(JET_CONDITIONALCOLUMN_W, grbit, 16);
    /* data-ddl 3.10: JET_COLUMNBASE_W is the one pair whose A and W sizes differ */
    SIZE(JET_COLUMNBASE_A, 540);
    OFF(JET_COLUMNBASE_A, wFiller, 18);
    OFF(JET_COLUMNBASE_A, cbMax, 20);
    OFF(JET_COLUMNBASE_A, szBaseTableName, 28);
    OFF(JET_COLUMNBASE_A, szBaseColumnName, 284);
    SIZE(JET_COLUMNBASE_W, 1052);
    OFF(JET_COLUMNBASE_W, szBaseTableName, 28);
    OFF(JET_COLUMNBASE_W, szBaseColumnName, 540);
}

TEST(abi_data_index_structs) {
    /* data-ddl 3.5 3.6 3.7 */
    SIZE(JET_UNICODEINDEX, 8);
    OFF(JET_UNICODEINDEX, dwMapFlags, 4);
    SIZE(JET_UNICODEINDEX2, 16);
    OFF(JET_UNICODEINDEX2, dwMapFlags, 8);
    SIZE(JET_TUPLELIMITS, 20);
    OFF(JET_TUPLELIMITS, cchIncrement, 12);
    OFF(JET_TUPLELIMITS, ichStart, 16);
    SIZE(JET_SPACEHINTS, 32);
    OFF(JET_SPACEHINTS, grbit, 12);
    OFF(JET_SPACEHINTS, cbMaxExtent, 28);
    /* data-ddl 3.8: 80 bytes, padding at 4, 36 and 76; the unions at 40 and 48 */
    SIZE(JET_INDEXCREATE_A, 80);
    SIZE(JET_INDEXCREATE_W, 80);
    OFF(JET_INDEXCREATE_A, szIndexName, 8);
    OFF(JET_INDEXCREATE_A, szKey, 16);
    OFF(JET_INDEXCREATE_A, cbKey, 24);
    OFF(JET_INDEXCREATE_A, grbit, 28);
    OFF(JET_INDEXCREATE_A, ulDensity, 32);
    OFF(JET_INDEXCREATE_A, lcid, 40);
    OFF(JET_INDEXCREATE_A, pidxunicode, 40);
    OFF(JET_INDEXCREATE_A, cbVarSegMac, 48);
    OFF(JET_INDEXCREATE_A, ptuplelimits, 48);
    OFF(JET_INDEXCREATE_A, rgconditionalcolumn, 56);
    OFF(JET_INDEXCREATE_A, cConditionalColumn, 64);
    OFF(JET_INDEXCREATE_A, err, 68);
    OFF(JET_INDEXCREATE_A, cbKeyMost, 72);
    OFF(JET_INDEXCREATE_W, lcid, 40);
    OFF(JET_INDEXCREATE_W, cbKeyMost, 72);
    SIZE(JET_INDEXCREATE2_A, 88);
    SIZE(JET_INDEXCREATE2_W, 88);
    OFF(JET_INDEXCREATE2_A, pidxunicode, 40);
    OFF(JET_INDEXCREATE2_A, cbKeyMost, 72);
    OFF(JET_INDEXCREATE2_A, pSpacehints, 80);
    OFF(JET_INDEXCREATE2_W, pSpacehints, 80);
    SIZE(JET_INDEXCREATE3_A, 88);
    SIZE(JET_INDEXCREATE3_W, 88);
    OFF(JET_INDEXCREATE3_A, pidxunicode, 40);
    OFF(JET_INDEXCREATE3_A, cbVarSegMac, 48);
    OFF(JET_INDEXCREATE3_A, err, 68);
    OFF(JET_INDEXCREATE3_W, pSpacehints, 80);
}

TEST(abi_data_index_unions_overlay_as_on_windows) {
    /* data-ddl 3.8: each union overlays a 32-bit member on the low 4 bytes of a pointer, so a
     * program that sets only lcid (or cbVarSegMac) leaves the rest of the pointer as it was. */
    JET_INDEXCREATE_A ic;
    JET_INDEXCREATE2_W ic2;
    JET_UNICODEINDEX ui;
    JET_TUPLELIMITS tl;
    memset(&ic, 0, sizeof ic);
    ic.pidxunicode = NULL;
    ic.lcid = 0x409;
    CHECK_EQ((uintptr_t)ic.pidxunicode, 0x409);
    ic.pidxunicode = &ui;
    CHECK(ic.pidxunicode == &ui);
    CHECK_EQ(ic.lcid, (uint32_t)(uintptr_t)&ui);
    ic.ptuplelimits = NULL;
    ic.cbVarSegMac = 12;
    CHECK_EQ((uintptr_t)ic.ptuplelimits, 12);
    ic.ptuplelimits = &tl;
    CHECK(ic.ptuplelimits == &tl);
    memset(&ic2, 0, sizeof ic2);
    ic2.lcid = 0x40C;
    CHECK_EQ((uintptr_t)ic2.pidxunicode, 0x40C);
}

TEST(abi_data_table_structs) {
    /* data-ddl 3.9 */
    SIZE(JET_TABLECREATE_A, 80);
    SIZE(JET_TABLECREATE_W, 80);
    OFF(JET_TABLECREATE_A, szTableName, 8);
    OFF(JET_TABLECREATE_A, szTemplateTableName, 16);
    OFF(JET_TABLECREATE_A, ulPages, 24);
    OFF(JET_TABLECREATE_A, ulDensity, 28);
    OFF(JET_TABLECREATE_A, rgcolumncreate, 32);
    OFF(JET_TABLECREATE_A, cColumns, 40);
    OFF(JET_TABLECREATE_A, rgindexcreate, 48);
    OFF(JET_TABLECREATE_A, cIndexes, 56);
    OFF(JET_TABLECREATE_A, grbit, 60);
    OFF(JET_TABLECREATE_A, tableid, 64);
    OFF(JET_TABLECREATE_A, cCreated, 72);
    OFF(JET_TABLECREATE_W, tableid, 64);
    SIZE(JET_TABLECREATE2_A, 96);
    SIZE(JET_TABLECREATE2_W, 96);
    OFF(JET_TABLECREATE2_A, szCallback, 64);
    OFF(JET_TABLECREATE2_A, cbtyp, 72);
    OFF(JET_TABLECREATE2_A, grbit, 76);
    OFF(JET_TABLECREATE2_A, tableid, 80);
    OFF(JET_TABLECREATE2_A, cCreated, 88);
    OFF(JET_TABLECREATE2_W, cCreated, 88);
    SIZE(JET_TABLECREATE3_A, 120);
    SIZE(JET_TABLECREATE3_W, 120);
    OFF(JET_TABLECREATE3_A, grbit, 76);
    OFF(JET_TABLECREATE3_A, pSeqSpacehints, 80);
    OFF(JET_TABLECREATE3_A, pLVSpacehints, 88);
    OFF(JET_TABLECREATE3_A, cbSeparateLV, 96);
    OFF(JET_TABLECREATE3_A, tableid, 104);
    OFF(JET_TABLECREATE3_A, cCreated, 112);
    OFF(JET_TABLECREATE3_W, tableid, 104);
    SIZE(JET_TABLECREATE4_A, 120);
    SIZE(JET_TABLECREATE4_W, 120);
    OFF(JET_TABLECREATE4_A, rgindexcreate, 48);
    OFF(JET_TABLECREATE4_A, tableid, 104);
    OFF(JET_TABLECREATE4_W, cCreated, 112);
}

TEST(abi_data_catalog_structs) {
    /* data-ddl 3.10 */
    SIZE(JET_OBJECTINFO, 40);
    OFF(JET_OBJECTINFO, objtyp, 4);
    OFF(JET_OBJECTINFO, dtCreate, 8);
    OFF(JET_OBJECTINFO, dtUpdate, 16);
    OFF(JET_OBJECTINFO, grbit, 24);
    OFF(JET_OBJECTINFO, flags, 28);
    OFF(JET_OBJECTINFO, cRecord, 32);
    OFF(JET_OBJECTINFO, cPage, 36);
    SIZE(JET_OBJECTLIST, 56);
    OFF(JET_OBJECTLIST, tableid, 8);
    OFF(JET_OBJECTLIST, cRecord, 16);
    OFF(JET_OBJECTLIST, columnidcontainername, 20);
    OFF(JET_OBJECTLIST, columnidcPage, 52);
    SIZE(JET_COLUMNLIST, 80);
    OFF(JET_COLUMNLIST, columnidPresentationOrder, 20);
    OFF(JET_COLUMNLIST, columnidgrbit, 20 + 4 * 9);
    OFF(JET_COLUMNLIST, columnidDefinitionName, 72);
    SIZE(JET_INDEXLIST, 88);
    OFF(JET_INDEXLIST, columnidindexname, 20);
    OFF(JET_INDEXLIST, columnidcolumnname, 20 + 4 * 14);
    OFF(JET_INDEXLIST, columnidLCMapFlags, 80);
    SIZE(JET_INDEXID, 20);
    OFF(JET_INDEXID, rgbIndexId, 4);
    SIZE(((JET_INDEXID *)0)->rgbIndexId, 16);
}

TEST(abi_data_database_info_structs) {
    /* data-ddl 3.11 */
    SIZE(JET_LGPOS, 8);
    OFF(JET_LGPOS, lGeneration, 4);
    SIZE(JET_BKLOGTIME, 8);
    SIZE(JET_BKINFO, 24);
    OFF(JET_BKINFO, logtimeMark, 8);
    OFF(JET_BKINFO, bklogtimeMark, 8);
    OFF(JET_BKINFO, genLow, 16);
    OFF(JET_BKINFO, genHigh, 20);
    SIZE(JET_DBINFOMISC, 216);
    OFF(JET_DBINFOMISC, signDb, 8);
    OFF(JET_DBINFOMISC, dbstate, 36);
    OFF(JET_DBINFOMISC, lgposConsistent, 40);
    OFF(JET_DBINFOMISC, logtimeConsistent, 48);
    OFF(JET_DBINFOMISC, logtimeAttach, 56);
    OFF(JET_DBINFOMISC, lgposAttach, 64);
    OFF(JET_DBINFOMISC, logtimeDetach, 72);
    OFF(JET_DBINFOMISC, lgposDetach, 80);
    OFF(JET_DBINFOMISC, signLog, 88);
    OFF(JET_DBINFOMISC, bkinfoFullPrev, 116);
    OFF(JET_DBINFOMISC, bkinfoIncPrev, 140);
    OFF(JET_DBINFOMISC, bkinfoFullCur, 164);
    OFF(JET_DBINFOMISC, fShadowingDisabled, 188);
    OFF(JET_DBINFOMISC, fUpgradeDb, 192);
    OFF(JET_DBINFOMISC, dwMajorVersion, 196);
    OFF(JET_DBINFOMISC, dwMinorVersion, 200);
    OFF(JET_DBINFOMISC, dwBuildNumber, 204);
    OFF(JET_DBINFOMISC, lSPNumber, 208);
    OFF(JET_DBINFOMISC, cbPageSize, 212);
    /* The later versions (jethdr.w:2216-2655; data-ddl 13 leaves them TODO): each is the one
     * before plus the members it adds, every member 4-byte aligned. */
    SIZE(JET_DBINFOMISC2, 296);
    OFF(JET_DBINFOMISC2, cbPageSize, 212);
    OFF(JET_DBINFOMISC2, genMinRequired, 216);
    OFF(JET_DBINFOMISC2, logtimeGenMaxCreate, 224);
    OFF(JET_DBINFOMISC2, ulBadChecksumOld, 292);
    SIZE(JET_DBINFOMISC3, 300);
    OFF(JET_DBINFOMISC3, genCommitted, 296);
    SIZE(JET_DBINFOMISC4, 348);
    OFF(JET_DBINFOMISC4, bkinfoCopyPrev, 300);
    OFF(JET_DBINFOMISC4, bkinfoDiffPrev, 324);
    SIZE(JET_DBINFOMISC5, 380);
    OFF(JET_DBINFOMISC5, ulIncrementalReseedCount, 348);
    OFF(JET_DBINFOMISC5, ulPagePatchCountOld, 376);
    SIZE(JET_DBINFOMISC6, 400);
    OFF(JET_DBINFOMISC6, logtimeChecksumPrev, 380);
    OFF(JET_DBINFOMISC6, cpgDatabaseChecked, 396);
    SIZE(JET_DBINFOMISC7, 416);
    OFF(JET_DBINFOMISC7, logtimeLastReAttach, 400);
    OFF(JET_DBINFOMISC7, lgposLastReAttach, 408);
    /* JET_DbInfoUpgrade's struct */
    SIZE(JET_DBINFOUPGRADE, 28);
    OFF(JET_DBINFOUPGRADE, csecToUpgrade, 20);
    OFF(JET_DBINFOUPGRADE, ulFlags, 24);
}

TEST(abi_data_database_info_bit_fields) {
    /* data-ddl 3.11: fUpgradable and fAlreadyUpgraded are bits 0 and 1 of ulFlags; a backup's
     * bklogtimeMark is its logtimeMark, fOSSnapshot bit 0 of bFiller2 (jethdr.w:2104-2171). */
    JET_DBINFOUPGRADE u;
    JET_BKINFO bk;
    memset(&u, 0, sizeof u);
    u.fUpgradable = 1;
    CHECK_EQ(u.ulFlags, 1);
    u.fAlreadyUpgraded = 1;
    CHECK_EQ(u.ulFlags, 3);
    u.fUpgradable = 0;
    CHECK_EQ(u.ulFlags, 2);
    memset(&bk, 0, sizeof bk);
    bk.logtimeMark.bYear = 125;
    CHECK_EQ(bk.bklogtimeMark.bYear, 125);
    bk.bklogtimeMark.fOSSnapshot = 1;
    CHECK_EQ(bk.logtimeMark.bFiller2, 1);
    CHECK_EQ(bk.logtimeMark.fReserved, 1);
    bk.bklogtimeMark.bMillisecondsHigh = 7;
    CHECK_EQ(bk.logtimeMark.bMillisecondsHigh, 7);
    CHECK_EQ(bk.logtimeMark.bFiller2, 0x0F);
}

TEST(abi_data_record_and_cursor_structs) {
    /* data-records 2.3 */
    SIZE(JET_SETCOLUMN, 40);
    OFF(JET_SETCOLUMN, pvData, 8);
    OFF(JET_SETCOLUMN, cbData, 16);
    OFF(JET_SETCOLUMN, grbit, 20);
    OFF(JET_SETCOLUMN, ibLongValue, 24);
    OFF(JET_SETCOLUMN, itagSequence, 28);
    OFF(JET_SETCOLUMN, err, 32);
    SIZE(JET_SETINFO, 12);
    OFF(JET_SETINFO, ibLongValue, 4);
    OFF(JET_SETINFO, itagSequence, 8);
    SIZE(JET_RETRIEVECOLUMN, 48);
    OFF(JET_RETRIEVECOLUMN, pvData, 8);
    OFF(JET_RETRIEVECOLUMN, cbData, 16);
    OFF(JET_RETRIEVECOLUMN, cbActual, 20);
    OFF(JET_RETRIEVECOLUMN, grbit, 24);
    OFF(JET_RETRIEVECOLUMN, ibLongValue, 28);
    OFF(JET_RETRIEVECOLUMN, itagSequence, 32);
    OFF(JET_RETRIEVECOLUMN, columnidNextTagged, 36);
    OFF(JET_RETRIEVECOLUMN, err, 40);
    SIZE(JET_RETINFO, 16);
    OFF(JET_RETINFO, columnidNextTagged, 12);
    SIZE(JET_RECPOS, 16);
    OFF(JET_RECPOS, centriesLT, 4);
    OFF(JET_RECPOS, centriesInRange, 8);
    OFF(JET_RECPOS, centriesTotal, 12);
    SIZE(JET_RECPOS2, 32);
    OFF(JET_RECPOS2, centriesTotalDeprecated, 12);
    OFF(JET_RECPOS2, centriesLT, 16);
    OFF(JET_RECPOS2, centriesTotal, 24);
    SIZE(JET_INDEXRANGE, 24);
    OFF(JET_INDEXRANGE, tableid, 8);
    OFF(JET_INDEXRANGE, grbit, 16);
    SIZE(JET_RECORDLIST, 24);
    OFF(JET_RECORDLIST, tableid, 8);
    OFF(JET_RECORDLIST, cRecord, 16);
    OFF(JET_RECORDLIST, columnidBookmark, 20);
    /* jethdr.w:1871-1885 (data-records 2.3 does not list them) */
    SIZE(JET_INDEX_COLUMN, 24);
    OFF(JET_INDEX_COLUMN, relop, 4);
    OFF(JET_INDEX_COLUMN, pv, 8);
    OFF(JET_INDEX_COLUMN, cb, 16);
    OFF(JET_INDEX_COLUMN, grbit, 20);
    SIZE(JET_INDEX_RANGE, 32);
    OFF(JET_INDEX_RANGE, cStartColumns, 8);
    OFF(JET_INDEX_RANGE, rgEndColumns, 16);
    OFF(JET_INDEX_RANGE, cEndColumns, 24);
    /* jethdr.w:5165-5209 */
    SIZE(JET_RECSIZE, 64);
    OFF(JET_RECSIZE, cMultiValues, 56);
    SIZE(JET_RECSIZE2, 88);
    OFF(JET_RECSIZE2, cbLongValueDataCompressed, 80);
}

TEST(abi_data_enumerate_structs) {
    /* data-records 2.3: JET_ENUMCOLUMN's union at 8 holds either the value array or, when err
     * is JET_wrnColumnSingleValue, the single value, under the names Windows gives them. */
    JET_ENUMCOLUMN ec;
    JET_ENUMCOLUMNVALUE v;
    SIZE(JET_ENUMCOLUMNID, 16);
    OFF(JET_ENUMCOLUMNID, ctagSequence, 4);
    OFF(JET_ENUMCOLUMNID, rgtagSequence, 8);
    SIZE(JET_ENUMCOLUMNVALUE, 24);
    OFF(JET_ENUMCOLUMNVALUE, err, 4);
    OFF(JET_ENUMCOLUMNVALUE, cbData, 8);
    OFF(JET_ENUMCOLUMNVALUE, pvData, 16);
    SIZE(JET_ENUMCOLUMN, 24);
    OFF(JET_ENUMCOLUMN, err, 4);
    OFF(JET_ENUMCOLUMN, cEnumColumnValue, 8);
    OFF(JET_ENUMCOLUMN, rgEnumColumnValue, 16);
    OFF(JET_ENUMCOLUMN, cbData, 8);
    OFF(JET_ENUMCOLUMN, pvData, 16);
    memset(&ec, 0, sizeof ec);
    ec.cEnumColumnValue = 3;
    ec.rgEnumColumnValue = &v;
    CHECK_EQ(ec.cbData, 3);
    CHECK(ec.pvData == (void *)&v);
}

TEST(abi_data_temporary_table_structs) {
    /* data-records 2.3 */
    SIZE(JET_OPENTEMPORARYTABLE, 64);
    OFF(JET_OPENTEMPORARYTABLE, prgcolumndef, 8);
    OFF(JET_OPENTEMPORARYTABLE, ccolumn, 16);
    OFF(JET_OPENTEMPORARYTABLE, pidxunicode, 24);
    OFF(JET_OPENTEMPORARYTABLE, grbit, 32);
    OFF(JET_OPENTEMPORARYTABLE, prgcolumnid, 40);
    OFF(JET_OPENTEMPORARYTABLE, cbKeyMost, 48);
    OFF(JET_OPENTEMPORARYTABLE, cbVarSegMac, 52);
    OFF(JET_OPENTEMPORARYTABLE, tableid, 56);
    SIZE(JET_OPENTEMPORARYTABLE2, 64);
    OFF(JET_OPENTEMPORARYTABLE2, pidxunicode, 24);
    OFF(JET_OPENTEMPORARYTABLE2, tableid, 56);
}

TEST(abi_data_unsuffixed_names_are_the_narrow_forms) {
    /* S-ABI-07: without JET_UNICODE the unsuffixed struct names are the A forms, and the name
     * limits are the narrow ones (jethdr.w:3593-3605). JET_COLUMNBASE is the pair that tells
     * A from W by size; the others by the type of their name pointer. */
    JET_COLUMNCREATE cc;
    JET_INDEXCREATE3 ic3;
    JET_TABLECREATE2 tc2;
    JET_CONDITIONALCOLUMN cond;
    JET_USERDEFINEDDEFAULT udd;
    char narrow[2] = "x";
    SIZE(JET_COLUMNBASE, 540);
    SIZE(JET_INDEXCREATE, 80);
    SIZE(JET_INDEXCREATE2, 88);
    SIZE(JET_TABLECREATE, 80);
    SIZE(JET_TABLECREATE3, 120);
    SIZE(JET_TABLECREATE4, 120);
    cc.szColumnName = narrow;
    ic3.szIndexName = narrow;
    tc2.szCallback = narrow;
    cond.szColumnName = narrow;
    udd.szDependantColumns = narrow;
    CHECK(cc.szColumnName[0] == 'x' && ic3.szIndexName == narrow && tc2.szCallback == narrow &&
          cond.szColumnName == narrow && udd.szDependantColumns == narrow);
    CHECK_EQ(JET_cbNameMost, 64);
    CHECK_EQ(JET_cbFullNameMost, 255);
}

TEST(abi_data_constants) {
    /* S-ABI-08: a sample of every family, compared with the literal values of jethdr.w
     * (line numbers in data/jet-constants-extra.tsv; data-ddl 2.5 2.8, data-records 2.2). */
    JET_ERR move_first = JET_MoveFirst;
    CHECK_EQ(move_first, INT32_MIN);
    CHECK_EQ(JET_MovePrevious, -1);
    CHECK_EQ(JET_MoveNext, 1);
    CHECK_EQ(JET_MoveLast, 0x7fffffff);
    CHECK_EQ(JET_prepInsert, 0);
    CHECK_EQ(JET_prepReplace, 2);
    CHECK_EQ(JET_prepCancel, 3);
    CHECK_EQ(JET_prepReplaceNoLock, 4);
    CHECK_EQ(JET_prepInsertCopy, 5);
    CHECK_EQ(JET_prepInsertCopyDeleteOriginal, 7);
    CHECK_EQ(JET_prepInsertCopyReplaceOriginal, 9);
    CHECK_EQ(JET_DbInfoFilename, 0);
    CHECK_EQ(JET_DbInfoLCID, 3);
    CHECK_EQ(JET_DbInfoLangid, JET_DbInfoLCID);
    CHECK_EQ(JET_DbInfoMisc, 14);
    CHECK_EQ(JET_DbInfoPageSize, 17);
    CHECK_EQ(JET_DbInfoFileType, 19);
    CHECK_EQ(JET_DbInfoFilesizeOnDisk, 21);
    CHECK_EQ(JET_dbstateJustCreated, 1);
    CHECK_EQ(JET_dbstateCleanShutdown, 3);
    CHECK_EQ(JET_dbstateForceDetach, 5);
    CHECK_EQ(JET_filetypeDatabase, 1);
    CHECK_EQ(JET_filetypeLog, 3);
    CHECK_EQ(JET_filetypeFlushMap, 7);
    CHECK_EQ(JET_ObjInfo, 0);
    CHECK_EQ(JET_ObjInfoList, 2);
    CHECK_EQ(JET_ObjInfoMax, 8);
    CHECK_EQ(JET_TblInfoName, 1);
    CHECK_EQ(JET_TblInfoTemplateTableName, 12);
    CHECK_EQ(JET_TblInfoSpaceAvailableLV, 18);
    CHECK_EQ(JET_IdxInfoList, 1);
    CHECK_EQ(JET_IdxInfoLangid, 6);
    CHECK_EQ(JET_IdxInfoKeyMost, 10);
    CHECK_EQ(JET_IdxInfoCreateIndex3, 13);
    CHECK_EQ(JET_IdxInfoSpaceAvailable, 19);
    CHECK_EQ(JET_ColInfoList, 1);
    CHECK_EQ(JET_ColInfoSysTabCursor, 3);
    CHECK_EQ(JET_ColInfoBaseByColid, 8);
    CHECK_EQ(JET_ColInfoGrbitNonDerivedColumnsOnly, 0x80000000u);
    CHECK_EQ(JET_ColInfoGrbitSortByColumnid, 0x20000000);
    CHECK_EQ(JET_objtypNil, 0);
    CHECK_EQ(JET_objtypTable, 1);
    CHECK_EQ(JET_cbtypBeforeInsert, 0x2);
    CHECK_EQ(JET_cbtypUserDefinedDefaultValue, 0x80);
    CHECK_EQ(JET_cbtypFreeTableLS, 0x400);
    CHECK_EQ(cObjectInfoCols, 9);
    CHECK_EQ(cColumnInfoCols, 14);
    CHECK_EQ(cIndexInfoCols, 15);
    CHECK_EQ(JET_relopEquals, 0);
    CHECK_EQ(JET_relopPrefixEquals, 1);
    CHECK_EQ(JET_relopBitmaskNotEqualsZero, 8);
    CHECK_EQ(JET_IndexCheckingOff, 0);
    CHECK_EQ(JET_IndexCheckingDeferToOpenTable, 2);
    CHECK_EQ(JET_IndexCheckingMax, 3);
    /* limits (data-ddl 2.5) */
    CHECK_EQ(JET_cbBookmarkMost, 256);
    CHECK_EQ(JET_cbColumnLVPageOverhead, 82);
    CHECK_EQ(JET_cbLVDefaultValueMost, 255);
    CHECK_EQ(JET_cbKeyMostMost, 2000);
    CHECK_EQ(JET_cbKeyMost4KBytePage, 1000);
    CHECK_EQ(JET_ccolKeyMost, 16);
    CHECK_EQ(JET_ccolFixedMost, 127);
    CHECK_EQ(JET_ccolVarMost, 128);
    CHECK_EQ(JET_ccolTaggedMost, 0xfee0 - 0xff);
    CHECK_EQ(JET_coltypUnsignedLongLong, 18);
    /* grbits of the shared table the data layer uses (data-ddl 2.3 2.7; data-records 2.2) */
    CHECK_EQ(JET_bitColumnMultiValued, 0x400);
    CHECK_EQ(JET_bitIndexUnique, 0x1);
    CHECK_EQ(JET_bitIndexTupleLimits, 0x2000);
    CHECK_EQ(JET_bitSetSeparateLV, 0x40);
    CHECK_EQ(JET_bitRetrieveTag, 0x8);
    CHECK_EQ(JET_bitSeekGE, 0x8);
    CHECK_EQ(JET_bitMoveKeyNE, 0x1);
    CHECK_EQ(JET_bitNewKey, 0x1);
    CHECK_EQ(JET_bitEscrowNoRollback, 0x1);
    CHECK(JET_tableidNil == ~(JET_TABLEID)0);
}
