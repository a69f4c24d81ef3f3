/* Compiled (never run) by `make check-header` as C89, gnu89, C99, C11, C++98 and C++17, with
 * -Wall -Wextra -Werror -pedantic (and -Wold-style-cast in C++), with and without JET_UNICODE:
 * esent.h must survive being included twice and every macro and type it defines must expand
 * cleanly where a program uses it (S-ABI-03, S-ABI-07, S-ABI-08). Plain C89: no // comments, no
 * declarations after statements. */
#include <esent.h>
#include <esent.h>

#include <stddef.h>
#include <string.h>

#if ESENT_VERSION_MAJOR < 0 || ESENT_VERSION_MINOR < 0 || ESENT_VERSION_PATCH < 0
#error "ESENT_VERSION_* must be plain non-negative integers usable in #if"
#endif

/* The unsuffixed names, whichever of A or W they map to, are callable with these arguments. */
int esent_header_use(int argc);

int esent_header_use(int argc) {
    JET_INSTANCE inst = JET_instanceNil;
    JET_SESID sesid = JET_sesidNil;
    JET_TABLEID tableid = JET_tableidNil;
    JET_DBID dbid = JET_dbidNil;
    JET_GRBIT grbit = JET_bitNil;
    JET_ERR err = JET_errSuccess;
    JET_LOGTIME logtime;
    JET_SETSYSPARAM setsysparam;
    JET_RSTINFO rstinfo;
    JET_RSTMAP rstmap;
    JET_INSTANCE_INFO *info = NULL;
    uint32_t count = 0;
    const char *version = ESENT_VERSION_STRING;
    /* The data layer's unsuffixed struct names, whichever of A or W they map to, and the
     * members of the anonymous unions named as a Windows program names them. */
    JET_COLUMNCREATE columncreate;
    JET_CONDITIONALCOLUMN conditional;
    JET_UNICODEINDEX unicodeindex;
    JET_TUPLELIMITS tuplelimits;
    JET_SPACEHINTS spacehints;
    JET_INDEXCREATE indexcreate;
    JET_INDEXCREATE2 indexcreate2;
    JET_INDEXCREATE3 indexcreate3;
    JET_TABLECREATE tablecreate;
    JET_TABLECREATE4 tablecreate4;
    JET_USERDEFINEDDEFAULT udd;
    JET_COLUMNBASE columnbase;
    JET_ENUMCOLUMN enumcolumn;
    JET_DBINFOMISC dbinfomisc;
    JET_DBINFOUPGRADE upgrade;
    JET_INDEX_COLUMN indexcolumn;
    JET_RELOP relop = JET_relopEquals;
    JET_INDEXCHECKING checking = JET_IndexCheckingOff;
    JET_PFNREALLOC pfnrealloc = NULL;
    JET_CALLBACK callback = NULL;
    JET_COLUMNID columnid = 0;
    long crow = JET_MoveFirst;
    uint32_t prep = JET_prepInsert;
    char name[JET_cbNameMost + 1];

    memset(&logtime, 0, sizeof logtime);
    logtime.fTimeIsUTC = 1;
    logtime.bMillisecondsLow = 0x7F;
    logtime.bMillisecondsHigh = 7;
    logtime.fReserved = 0;
    logtime.fUnused = 0;
    memset(&setsysparam, 0, sizeof setsysparam);
    memset(&rstinfo, 0, sizeof rstinfo);
    memset(&rstmap, 0, sizeof rstmap);
    rstinfo.cbStruct = sizeof rstinfo;
    rstinfo.logtimeStop = logtime;
    memset(&columncreate, 0, sizeof columncreate);
    memset(&conditional, 0, sizeof conditional);
    memset(&unicodeindex, 0, sizeof unicodeindex);
    memset(&tuplelimits, 0, sizeof tuplelimits);
    memset(&spacehints, 0, sizeof spacehints);
    memset(&indexcreate, 0, sizeof indexcreate);
    memset(&indexcreate2, 0, sizeof indexcreate2);
    memset(&indexcreate3, 0, sizeof indexcreate3);
    memset(&tablecreate, 0, sizeof tablecreate);
    memset(&tablecreate4, 0, sizeof tablecreate4);
    memset(&udd, 0, sizeof udd);
    memset(&columnbase, 0, sizeof columnbase);
    memset(&enumcolumn, 0, sizeof enumcolumn);
    memset(&dbinfomisc, 0, sizeof dbinfomisc);
    memset(&upgrade, 0, sizeof upgrade);
    memset(&indexcolumn, 0, sizeof indexcolumn);
    memset(name, 0, sizeof name);
    columncreate.cbStruct = sizeof columncreate;
    columncreate.coltyp = JET_coltypLong;
    columncreate.szColumnName = columnbase.szBaseColumnName;
    conditional.cbStruct = sizeof conditional;
    conditional.grbit = JET_bitIndexColumnMustBeNull;
    indexcreate.cbStruct = sizeof indexcreate;
    indexcreate.lcid = 1033;
    indexcreate.pidxunicode = &unicodeindex;
    indexcreate.cbVarSegMac = 8;
    indexcreate.ptuplelimits = &tuplelimits;
    indexcreate.rgconditionalcolumn = &conditional;
    indexcreate.cConditionalColumn = 1;
    indexcreate2.lcid = 1033;
    indexcreate2.pSpacehints = &spacehints;
    indexcreate3.pidxunicode = NULL;
    indexcreate3.cbVarSegMac = 0;
    indexcreate3.pSpacehints = &spacehints;
    tablecreate.cbStruct = sizeof tablecreate;
    tablecreate.rgcolumncreate = &columncreate;
    tablecreate.cColumns = 1;
    tablecreate.rgindexcreate = &indexcreate;
    tablecreate.cIndexes = 1;
    tablecreate.tableid = JET_tableidNil;
    tablecreate4.rgindexcreate = &indexcreate3;
    tablecreate4.pSeqSpacehints = &spacehints;
    udd.szCallback = columnbase.szBaseTableName;
    enumcolumn.cEnumColumnValue = 0;
    enumcolumn.rgEnumColumnValue = NULL;
    enumcolumn.cbData = 0;
    enumcolumn.pvData = NULL;
    dbinfomisc.bkinfoFullPrev.logtimeMark = logtime;
    dbinfomisc.bkinfoFullPrev.bklogtimeMark.fOSSnapshot = 1;
    dbinfomisc.lgposConsistent.lGeneration = 1;
    upgrade.fUpgradable = 1;
    upgrade.fAlreadyUpgraded = 0;
    indexcolumn.relop = relop;
    indexcolumn.columnid = columnid;
    if (argc > 1000) {
        /* Never run: only compiled, so the calls need no library. */
        err = JetCreateInstance(&inst, NULL);
        err = JetInit3(&inst, &rstinfo, grbit);
        err = JetBeginSession(inst, &sesid, NULL, NULL);
        err = JetEnableMultiInstance(&setsysparam, 1, &count);
        err = JetGetInstanceInfo(&count, &info);
        err = JetSetSystemParameter(&inst, sesid, JET_paramMaxSessions, 16, NULL);
        err = JetGetSystemParameter(inst, sesid, JET_paramMaxSessions, NULL, NULL, 0);
        err = JetEndSession(sesid, JET_bitNil);
        err = JetTerm2(inst, JET_bitTermAbrupt);
        version = esent_version();
    }
    return (err == JET_errSuccess) + (tableid != 0) + (dbid != 0) + (logtime.bFiller1 != 0) +
           (logtime.bFiller2 != 0) + (version != NULL) + (rstmap.szDatabaseName == NULL) +
           (tablecreate.cCreated == 0) + (indexcreate2.err == 0) + (checking == 0) +
           (pfnrealloc == NULL) + (callback == NULL) + (crow != 0) + (prep == 0) +
           (name[0] == 0) + (upgrade.ulFlags != 0) + (udd.cbUserData == 0) +
           (tablecreate4.cbSeparateLV == 0);
}
