//! Generates everything that is written once in `data/` and used in two places:
//!
//! * `data/jet-constants.tsv` and `data/jet-constants-extra.tsv` → Rust constants
//!   (`$OUT_DIR/constants.rs`) and the `#define` block of `include/esent.h`, so a value can
//!   never differ between the two (the extra table holds the families the shared table lacks:
//!   column types, sizes and limits);
//! * `data/errors.tsv` (+ the values above) → the error table behind `JET_paramErrorToString`;
//! * `data/sysparams.tsv` → the system parameter table;
//! * the Rust sources → `include/esent.h` through cbindgen;
//! * the crate version (Cargo.toml) → the `ESENT_VERSION_*` macros of the header.
//!
//! The header is written only when its text changes, so a build never touches an up-to-date
//! header (a fresh clone's checkout times do not matter: the Makefile does not treat the header
//! as an output of cargo). A copy goes to `target/<profile>/esent.h.generated` (see below).

use std::collections::HashMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Private constants that the contract puts in the public header all the same.
#[cfg(feature = "header")]
const PRIVATE_BUT_PUBLISHED: &[&str] = &["JET_bitForceSessionClosed", "JET_paramTransactionLevel"];

struct Constant {
    name: String,
    value: String,
    #[cfg_attr(not(feature = "header"), allow(dead_code))]
    public: bool,
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    for p in ["data", "src", "cbindgen.toml"] {
        println!("cargo:rerun-if-changed={p}");
    }

    let mut constants = read_constants(&root.join("data/jet-constants.tsv"));
    let descriptions = read_descriptions(&root.join("data/errors.tsv"), &constants);
    let extra = read_constants(&root.join("data/jet-constants-extra.tsv"));
    for c in &extra {
        assert!(!is_code(&c.name), "jet-constants-extra.tsv: codes belong in jet-constants.tsv: {}", c.name);
        assert!(constants.iter().all(|k| k.name != c.name), "constant listed twice: {}", c.name);
    }
    constants.extend(extra);

    fs::write(out.join("constants.rs"), rust_constants(&constants)).unwrap();
    fs::write(out.join("errors.rs"), rust_errors(&constants, &descriptions)).unwrap();
    fs::write(out.join("sysparams.rs"), rust_sysparams(&root.join("data/sysparams.tsv"))).unwrap();

    // The soname is what the dynamic linker records in programs; keep it at the ABI major.
    let abi = abi_version(&root);
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libesent.so.{abi}");
    }

    // The header needs cbindgen, an optional build dependency (feature `header`, on by
    // default): `make` leaves it out of the test-hook build, which then compiles about thirty
    // crates fewer, and the release build writes the header.
    #[cfg(feature = "header")]
    write_header(&root, &out, &constants);
    #[cfg(not(feature = "header"))]
    let _ = (out, constants);
}

/// `ESENT_VERSION_MAJOR`/`MINOR`/`PATCH`/`STRING`: the version the header belongs to, which
/// `esent_version()` returns at run time (both come from Cargo.toml's `version`).
#[cfg(feature = "header")]
fn c_version() -> String {
    let part = |k: &str| env::var(k).unwrap_or_else(|_| panic!("{k} is set by cargo"));
    let (major, minor, patch) =
        (part("CARGO_PKG_VERSION_MAJOR"), part("CARGO_PKG_VERSION_MINOR"), part("CARGO_PKG_VERSION_PATCH"));
    let mut s = String::from(
        "\n/* The libesent release this header belongs to (esent_version() gives the loaded library's). */\n",
    );
    writeln!(s, "#define ESENT_VERSION_MAJOR {major}").unwrap();
    writeln!(s, "#define ESENT_VERSION_MINOR {minor}").unwrap();
    writeln!(s, "#define ESENT_VERSION_PATCH {patch}").unwrap();
    writeln!(s, "#define ESENT_VERSION_STRING \"{}\"", part("CARGO_PKG_VERSION")).unwrap();
    s
}

fn abi_version(root: &Path) -> String {
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("abi-version"))
        .expect("Cargo.toml: [package.metadata.esent] abi-version");
    line.split('=').nth(1).unwrap().trim().trim_matches('"').to_string()
}

fn tsv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

fn read_constants(path: &Path) -> Vec<Constant> {
    tsv_rows(path)
        .into_iter()
        .map(|r| {
            assert_eq!(r.len(), 3, "{}: bad row {r:?}", path.display());
            // "manual": a Rust constant only; cbindgen.toml writes the #define by hand.
            assert!(
                ["public", "private", "manual"].contains(&r[2].as_str()),
                "{}: bad row {r:?}",
                path.display()
            );
            Constant { name: r[0].clone(), value: r[1].clone(), public: r[2] == "public" }
        })
        .collect()
}

fn read_descriptions(path: &Path, constants: &[Constant]) -> HashMap<String, String> {
    let map: HashMap<String, String> =
        tsv_rows(path).into_iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    for c in constants.iter().filter(|c| is_code(&c.name)) {
        assert!(map.contains_key(&c.name), "data/errors.tsv has no description for {}", c.name);
    }
    map
}

fn is_code(name: &str) -> bool {
    name.starts_with("JET_err") || name.starts_with("JET_wrn")
}

fn parse_int(v: &str) -> i128 {
    match v.strip_prefix("0x") {
        Some(hex) => i128::from_str_radix(hex, 16).unwrap(),
        None => v.parse().unwrap_or_else(|_| panic!("not a number: {v}")),
    }
}

/// Codes are `JET_ERR` (`i32`), and so are JetMove's row counts (a `long`); ids, grbits and
/// configuration values are `uint32_t`.
fn rust_type(name: &str) -> &'static str {
    if is_code(name) || name.starts_with("JET_Move") { "i32" } else { "u32" }
}

fn rust_constants(constants: &[Constant]) -> String {
    let mut s = String::from("// Generated by build.rs from data/jet-constants.tsv.\n");
    for c in constants {
        let ty = rust_type(&c.name);
        let v = parse_int(&c.value);
        let lit = if ty == "u32" && c.value.starts_with("0x") {
            c.value.clone()
        } else if ty == "i32" && v > i128::from(i32::MAX) {
            // A hex value with the top bit set (JET_MoveFirst): the same 32 bits, as C converts it.
            format!("{}_u32 as i32", c.value)
        } else {
            v.to_string()
        };
        writeln!(s, "pub const {}: {ty} = {lit};", c.name).unwrap();
    }
    s
}

fn rust_errors(constants: &[Constant], descriptions: &HashMap<String, String>) -> String {
    // One entry per value: where several names share a value, the first in the table names it.
    let mut seen = std::collections::HashSet::new();
    let mut rows: Vec<(i128, &str, &str)> = Vec::new();
    for c in constants.iter().filter(|c| is_code(&c.name)) {
        let v = parse_int(&c.value);
        if seen.insert(v) {
            rows.push((v, &c.name, &descriptions[&c.name]));
        }
    }
    rows.sort_by_key(|r| r.0);
    let mut s = String::from(
        "// Generated by build.rs from data/jet-constants.tsv and data/errors.tsv; sorted by code.\n\
         pub static ERROR_TABLE: &[ErrorInfo] = &[\n",
    );
    for (v, name, desc) in rows {
        writeln!(s, "    ErrorInfo {{ code: {v}, name: {name:?}, description: {desc:?} }},").unwrap();
    }
    s.push_str("];\n");
    s
}

fn rust_sysparams(path: &Path) -> String {
    let rows = tsv_rows(path);
    assert_eq!(rows.len(), 222, "data/sysparams.tsv must list ids 0..=221");
    let mut s = String::from(
        "// Generated by build.rs from data/sysparams.tsv; indexed by parameter id.\n\
         pub static PARAM_TABLE: [ParamDef; 222] = [\n",
    );
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), 12, "data/sysparams.tsv row {i}: {r:?}");
        assert_eq!(r[0].parse::<usize>().unwrap(), i, "data/sysparams.tsv: ids out of order");
        let kind = match r[3].as_str() {
            "normal" => "Normal",
            "ignored" => "Ignored",
            "custom" => "Custom",
            "readonly" => "ReadOnly",
            "illegal" => "Illegal",
            k => panic!("unknown kind {k}"),
        };
        let ty = match r[4].as_str() {
            "integer" => "Integer",
            "boolean" => "Boolean",
            "grbit" => "Grbit",
            "blocksize" => "BlockSize",
            "string" => "String",
            "path" => "Path",
            "folder" => "Folder",
            "pointer" => "Pointer",
            "userdefined" => "UserDefined",
            "-" => "None",
            t => panic!("unknown type {t}"),
        };
        let flag = |v: &str| v == "1";
        let bound = |v: &str| -> String {
            match v {
                "-" => "0".into(),
                "max" => "u64::MAX".into(),
                n => format!("{}", n.parse::<u64>().unwrap_or_else(|_| panic!("bound {n}"))),
            }
        };
        let default = match r[11].as_str() {
            "-" => "Default::None".to_string(),
            d if d.starts_with('"') => {
                let inner = &d[1..d.len() - 1];
                format!("Default::Str({inner:?})")
            }
            "max" => "Default::Int(u64::MAX)".to_string(),
            n => format!("Default::Int({})", n.parse::<u64>().unwrap_or_else(|_| panic!("default {n}"))),
        };
        writeln!(
            s,
            "    ParamDef {{ id: {i}, name: {:?}, kind: Kind::{kind}, ty: Type::{ty}, advanced: {}, global: {}, \
             lock_global: {}, lock_instance: {}, low: {}, high: {}, has_range: {}, default: {default} }},",
            r[1],
            flag(&r[5]),
            flag(&r[6]),
            flag(&r[7]),
            flag(&r[8]),
            bound(&r[9]),
            bound(&r[10]),
            r[9] != "-",
        )
        .unwrap();
    }
    s.push_str("];\n");
    s
}

/// The `#define` block of the header: every public constant, and the private ones the contract
/// names, grouped by family in table order.
#[cfg(feature = "header")]
fn c_constants(constants: &[Constant]) -> String {
    let groups = [
        ("JET_err", "Error codes (JET_ERR, negative)"),
        ("JET_wrn", "Warning codes (JET_ERR, positive; JET_wrnNyi is -1)"),
        ("JET_param", "System parameter ids (JetSetSystemParameter / JetGetSystemParameter)"),
        ("JET_sesparam", "Session parameter ids (JetSetSessionParameter / JetGetSessionParameter)"),
        ("JET_bit", "Option bits (JET_GRBIT)"),
        ("JET_config", "Configuration sets (JET_paramConfiguration)"),
        ("JET_coltyp", "Column types (JET_COLTYP)"),
        ("JET_cb", "Sizes in bytes"),
        ("JET_ccol", "Column counts"),
        ("c", "Columns of the JET_OBJECTLIST, JET_COLUMNLIST and JET_INDEXLIST tables"),
        ("JET_cbtyp", "Callback types (JET_CBTYP)"),
        ("JET_Move", "Row counts of JetMove (its cRow is int32_t)"),
        ("JET_prep", "JetPrepareUpdate options"),
        ("JET_DbInfo", "JetGetDatabaseInfo / JetGetDatabaseFileInfo levels"),
        ("JET_dbstate", "Database states (JET_DBINFOMISC dbstate)"),
        ("JET_filetype", "File types (JET_DbInfoFileType)"),
        ("JET_ObjInfo", "JetGetObjectInfo levels"),
        ("JET_TblInfo", "JetGetTableInfo / JetSetTableInfo levels"),
        ("JET_IdxInfo", "JetGetIndexInfo / JetGetTableIndexInfo levels"),
        ("JET_ColInfo", "JetGetColumnInfo / JetGetTableColumnInfo levels"),
        ("JET_ColInfoGrbit", "Flags ORed into a JetGetColumnInfo level"),
        ("JET_objtyp", "Object types (JET_OBJTYP)"),
    ];
    let mut s = String::new();
    for (prefix, title) in groups {
        writeln!(s, "\n/* {title} */").unwrap();
        for c in constants.iter().filter(|c| {
            (c.public || PRIVATE_BUT_PUBLISHED.contains(&c.name.as_str())) && family(&c.name) == prefix
        }) {
            let v = &c.value;
            let text = if v.starts_with('-') { format!("({v})") } else { v.clone() };
            writeln!(s, "#define {} {}", c.name, text).unwrap();
        }
    }
    s
}

#[cfg(feature = "header")]
fn family(name: &str) -> &'static str {
    [
        "JET_sesparam",
        "JET_param",
        "JET_config",
        "JET_err",
        "JET_wrn",
        "JET_bit",
        "JET_coltyp",
        "JET_columnid",
        "JET_cbtyp",
        "JET_cb",
        "JET_ccol",
        "JET_mask",
        "JET_Move",
        "JET_prep",
        "JET_DbInfo",
        "JET_dbstate",
        "JET_dbid",
        "JET_filetype",
        "JET_ObjInfo",
        "JET_TblInfo",
        "JET_IdxInfo",
        "JET_ColInfoGrbit",
        "JET_ColInfo",
        "JET_objtyp",
        "c",
    ]
    .into_iter()
    .find(|p| name.starts_with(p))
    .unwrap_or_else(|| panic!("constant of unknown family: {name}"))
}

#[cfg(feature = "header")]
fn write_header(root: &Path, out: &Path, constants: &[Constant]) {
    let mut config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut after = config.after_includes.take().unwrap_or_default();
    after.push_str(&c_version());
    after.push_str(&c_constants(constants));
    config.after_includes = Some(after);
    let bindings = match cbindgen::Builder::new().with_crate(root).with_config(config).generate() {
        Ok(b) => b,
        Err(e) => panic!("cbindgen: {e}"),
    };
    // write_to_file() leaves a file alone when nothing changed, so builds don't dirty the tree.
    bindings.write_to_file(root.join("include/esent.h"));
    // The same text beside the build's outputs (target/<profile>/esent.h.generated), which
    // `make check-header` compares with the committed header (catching a hand edit that no
    // build has overwritten) and from which `make` restores a deleted include/esent.h.
    if let Some(profile_dir) = out.ancestors().nth(3) {
        bindings.write_to_file(profile_dir.join("esent.h.generated"));
    }
}
