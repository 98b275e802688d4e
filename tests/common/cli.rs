//! Running the built `tema` binary as scripts do: arguments in, stdout,
//! stderr and the exit code out (TEMA_PROJECT unset, so `-p` decides).

use std::process::{Command, Output};

pub fn tema(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tema"))
        .args(args)
        .env_remove("TEMA_PROJECT")
        .output()
        .unwrap()
}

/// Stdout of a command that must succeed.
pub fn ok(args: &[&str]) -> String {
    let out = tema(args);
    assert!(
        out.status.success(),
        "tema {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Stderr of a command that must fail.
pub fn fails(args: &[&str]) -> String {
    let out = tema(args);
    assert!(!out.status.success(), "tema {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

/// The JSON a `--json` command prints.
pub fn json(args: &[&str]) -> serde_json::Value {
    let stdout = ok(args);
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("tema {args:?} printed no JSON ({e}): {stdout}"))
}

/// `ok` on the project in `dir`.
pub fn ok_in(dir: &std::path::Path, args: &[&str]) -> String {
    let dir = dir.to_str().unwrap();
    ok(&[&["-p", dir], args].concat())
}

/// `json` on the project in `dir`.
pub fn json_in(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let dir = dir.to_str().unwrap();
    json(&[&["-p", dir], args].concat())
}
