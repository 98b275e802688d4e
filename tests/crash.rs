//! Nothing is ever lost: a process killed in the middle of a large import
//! leaves a project that opens and passes `tema check`, holding either all
//! of the batch or none of it.

use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn killing_an_import_midway_leaves_a_sound_project() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("studie");
    let tema = env!("CARGO_BIN_EXE_tema");
    assert!(
        Command::new(tema)
            .args(["new", dir.to_str().unwrap()])
            .status()
            .unwrap()
            .success()
    );
    let files = tema::bench::corpus::write_corpus(&tmp.path().join("corpus"), 60, 55_000).unwrap();

    for delay_ms in [50, 150, 400] {
        let mut child = Command::new(tema)
            .arg("import")
            .arg("-p")
            .arg(&dir)
            .arg("--allow-duplicate")
            .args(&files)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL on Unix: no destructors, no cleanup
        child.wait().unwrap();

        let check = Command::new(tema)
            .args(["check", "-p", dir.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "after a kill at {delay_ms} ms: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        let project = tema::Project::open(&dir).unwrap();
        let n = project.documents().unwrap().len();
        assert_eq!(
            n % files.len(),
            0,
            "a batch is imported whole or not at all, found {n} documents"
        );
    }
}
