#!/usr/bin/env python3
"""c-tests/python/smoke.py LIBRARY HEADER (from `make python-test`): libesent from another
language, through ctypes only, as a Python program would load it.

Loads the shared library by path (build/lib/libesent.so.0), reads the constants it needs from the
header rather than repeating their values, and runs one program's life: an instance, a session,
a database, a table with three columns, one record inserted in a transaction and read back, the
codes of a few calls that must fail, then everything closed and terminated. Handles are
uintptr_t (S-ABI-03) and JET_ERR int32_t (S-ABI-01); narrow strings are UTF-8 (S-ABI-06).
"""
import ctypes
import os
import re
import shutil
import sys
import tempfile

checks = 0


def fail(msg):
    print(f"python-test: FAIL: {msg}")
    sys.exit(1)


def check(cond, msg):
    global checks
    checks += 1
    if not cond:
        fail(msg)


if len(sys.argv) != 3:
    print("usage: smoke.py LIBRARY HEADER")
    sys.exit(2)
lib_path, header_path = sys.argv[1], sys.argv[2]

# Every '#define NAME value' of the header whose value is a plain (possibly negative) integer.
C = {}
with open(header_path, encoding="utf-8") as h:
    for line in h:
        m = re.match(r"#define (JET_\w+|ESENT_\w+) \(?(-?(?:0x[0-9A-Fa-f]+|\d+))\)?\s*$", line)
        if m:
            C[m.group(1)] = int(m.group(2), 0)
        m = re.match(r'#define (ESENT_VERSION_STRING) "(.*)"', line)
        if m:
            C[m.group(1)] = m.group(2)

lib = ctypes.CDLL(os.path.abspath(lib_path))

ERR = ctypes.c_int32
PTR = ctypes.c_size_t  # JET_API_PTR: uintptr_t; JET_INSTANCE, JET_SESID, JET_TABLEID are too
U32 = ctypes.c_uint32
VOIDP = ctypes.c_void_p
STR = ctypes.c_char_p


class COLUMNDEF(ctypes.Structure):
    _fields_ = [("cbStruct", U32), ("columnid", U32), ("coltyp", U32), ("wCountry", ctypes.c_uint16),
                ("langid", ctypes.c_uint16), ("cp", ctypes.c_uint16), ("wCollate", ctypes.c_uint16),
                ("cbMax", U32), ("grbit", U32)]


check(ctypes.sizeof(COLUMNDEF) == 28, "JET_COLUMNDEF is 28 bytes")

P = ctypes.POINTER
protos = {
    "JetCreateInstance": [P(PTR), STR],
    "JetSetSystemParameter": [P(PTR), PTR, U32, PTR, STR],
    "JetGetSystemParameter": [PTR, PTR, U32, P(PTR), ctypes.c_char_p, U32],
    "JetInit": [P(PTR)],
    "JetBeginSession": [PTR, P(PTR), STR, STR],
    "JetCreateDatabase": [PTR, STR, STR, P(U32), U32],
    "JetCreateTable": [PTR, U32, STR, U32, U32, P(PTR)],
    "JetAddColumn": [PTR, PTR, STR, P(COLUMNDEF), VOIDP, U32, P(U32)],
    "JetBeginTransaction": [PTR],
    "JetPrepareUpdate": [PTR, PTR, U32],
    "JetSetColumn": [PTR, PTR, U32, VOIDP, U32, U32, VOIDP],
    "JetUpdate": [PTR, PTR, VOIDP, U32, P(U32)],
    "JetCommitTransaction": [PTR, U32],
    "JetMove": [PTR, PTR, ctypes.c_int32, U32],
    "JetRetrieveColumn": [PTR, PTR, U32, VOIDP, U32, P(U32), U32, VOIDP],
    "JetOpenTable": [PTR, U32, STR, VOIDP, U32, U32, P(PTR)],
    "JetCloseTable": [PTR, PTR],
    "JetCloseDatabase": [PTR, U32, U32],
    "JetDetachDatabase": [PTR, STR],
    "JetEndSession": [PTR, U32],
    "JetTerm": [PTR],
}
for name, args in protos.items():
    fn = getattr(lib, name)
    fn.argtypes = args
    fn.restype = ERR
lib.esent_version.argtypes = []
lib.esent_version.restype = ctypes.c_char_p


def code_name(err):
    """The code's name, from the library itself (JET_paramErrorToString, S-PAR-04)."""
    code = PTR(err & (2**(8 * ctypes.sizeof(PTR)) - 1))
    buf = ctypes.create_string_buffer(256)
    if lib.JetGetSystemParameter(0, 0, C["JET_paramErrorToString"], ctypes.byref(code), buf, 256) < 0:
        return str(err)
    return buf.value.decode().split(",")[0]


def ok(err, what):
    global checks
    checks += 1
    if err < 0:
        fail(f"{what} returned {code_name(err)} ({err})")
    return err


def expect(code, err, what):
    check(err == code, f"{what} returned {code_name(err)} ({err}), expected {code_name(code)} ({code})")


version = lib.esent_version().decode()
check(version == C["ESENT_VERSION_STRING"], f"esent_version() is {version}, the header says {C['ESENT_VERSION_STRING']}")

work = tempfile.mkdtemp(prefix="libesent-python-")
try:
    folder = (work + "/").encode()
    inst = PTR(0)
    ok(lib.JetCreateInstance(ctypes.byref(inst), b"python"), "JetCreateInstance")
    for param in ("JET_paramSystemPath", "JET_paramLogFilePath", "JET_paramTempPath"):
        ok(lib.JetSetSystemParameter(ctypes.byref(inst), 0, C[param], 0, folder), f"JetSetSystemParameter({param})")
    ok(lib.JetInit(ctypes.byref(inst)), "JetInit")
    check(inst.value != 0, "JetInit left an instance handle")
    ses = PTR(0)
    ok(lib.JetBeginSession(inst, ctypes.byref(ses), None, None), "JetBeginSession")

    path = os.path.join(work, "python.edb").encode()
    dbid = U32(0)
    ok(lib.JetCreateDatabase(ses, path, None, ctypes.byref(dbid), 0), "JetCreateDatabase")
    table = PTR(0)
    ok(lib.JetCreateTable(ses, dbid, b"Things", 0, 100, ctypes.byref(table)), "JetCreateTable")

    def add_column(name, coltyp, cbmax=0, cp=0):
        d = COLUMNDEF(ctypes.sizeof(COLUMNDEF), 0, coltyp, 0, 0, cp, 0, cbmax, 0)
        colid = U32(0)
        ok(lib.JetAddColumn(ses, table, name, ctypes.byref(d), None, 0, ctypes.byref(colid)), f"JetAddColumn({name})")
        return colid.value

    c_num = add_column(b"Number", C["JET_coltypLong"])
    c_name = add_column(b"Name", C["JET_coltypText"], 64, 1252)
    c_blob = add_column(b"Blob", C["JET_coltypLongBinary"])
    check(len({c_num, c_name, c_blob}) == 3, "three distinct column ids")

    number = ctypes.c_int32(-123456)
    name = "naïve café".encode()  # UTF-8 bytes in an ASCII-code-page column are kept as given (S-NAM-02)
    blob = bytes(range(256)) * 20  # 5,120 bytes: a long value
    ok(lib.JetBeginTransaction(ses), "JetBeginTransaction")
    ok(lib.JetPrepareUpdate(ses, table, C["JET_prepInsert"]), "JetPrepareUpdate")
    ok(lib.JetSetColumn(ses, table, c_num, ctypes.byref(number), 4, 0, None), "JetSetColumn(Number)")
    ok(lib.JetSetColumn(ses, table, c_name, name, len(name), 0, None), "JetSetColumn(Name)")
    ok(lib.JetSetColumn(ses, table, c_blob, blob, len(blob), 0, None), "JetSetColumn(Blob)")
    ok(lib.JetUpdate(ses, table, None, 0, None), "JetUpdate")
    ok(lib.JetCommitTransaction(ses, 0), "JetCommitTransaction")

    ok(lib.JetMove(ses, table, C["JET_MoveFirst"] - 2**32 if C["JET_MoveFirst"] >= 2**31 else C["JET_MoveFirst"], 0),
       "JetMove(JET_MoveFirst)")
    got = ctypes.c_int32(0)
    cb = U32(0)
    ok(lib.JetRetrieveColumn(ses, table, c_num, ctypes.byref(got), 4, ctypes.byref(cb), 0, None), "JetRetrieveColumn(Number)")
    check(got.value == number.value and cb.value == 4, f"Number read back as {got.value} ({cb.value} bytes)")
    buf = ctypes.create_string_buffer(64)
    ok(lib.JetRetrieveColumn(ses, table, c_name, buf, 64, ctypes.byref(cb), 0, None), "JetRetrieveColumn(Name)")
    check(buf.raw[:cb.value] == name, f"Name read back as {buf.raw[:cb.value]!r}")
    # A buffer too small: the warning, the value's full size, and the first bytes.
    small = ctypes.create_string_buffer(10)
    err = lib.JetRetrieveColumn(ses, table, c_blob, small, 10, ctypes.byref(cb), 0, None)
    expect(C["JET_wrnBufferTruncated"], err, "JetRetrieveColumn(Blob) into 10 bytes")
    check(cb.value == len(blob) and small.raw == blob[:10], f"Blob: {cb.value} bytes reported")
    whole = ctypes.create_string_buffer(len(blob))
    ok(lib.JetRetrieveColumn(ses, table, c_blob, whole, len(blob), ctypes.byref(cb), 0, None), "JetRetrieveColumn(Blob)")
    check(whole.raw == blob, "Blob read back whole")
    # One record only.
    expect(C["JET_errNoCurrentRecord"], lib.JetMove(ses, table, C["JET_MoveNext"], 0), "JetMove(JET_MoveNext) past the end")
    # Codes of calls that must fail.
    other = PTR(0)
    expect(C["JET_errObjectNotFound"], lib.JetOpenTable(ses, dbid, b"Nothing", None, 0, 0, ctypes.byref(other)),
           "JetOpenTable of a table that does not exist")
    expect(C["JET_errInvalidSesid"], lib.JetBeginTransaction(0x12345), "JetBeginTransaction of a forged session")
    check(code_name(C["JET_errInvalidSesid"]) == "JET_errInvalidSesid", "JET_paramErrorToString names the code")

    ok(lib.JetCloseTable(ses, table), "JetCloseTable")
    ok(lib.JetCloseDatabase(ses, dbid, 0), "JetCloseDatabase")
    ok(lib.JetDetachDatabase(ses, path), "JetDetachDatabase")
    ok(lib.JetEndSession(ses, 0), "JetEndSession")
    ok(lib.JetTerm(inst), "JetTerm")
    expect(C["JET_errInvalidSesid"], lib.JetBeginTransaction(ses), "JetBeginTransaction after JetTerm")
    left = sorted(os.listdir(work))
    check(left == ["python.edb"], f"files left in the instance's directory: {left}")
finally:
    shutil.rmtree(work, ignore_errors=True)

print(f"python-test: ok ({checks} checks, libesent {version} through ctypes, Python {sys.version.split()[0]})")
