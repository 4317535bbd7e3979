//! The `terugkeer` binary as a user runs it: the assess contract, exit codes, policy commands.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

mod common;
use common::{pg_database, scalar};

/// The binary, with a data directory of this test run's own (a key made on first use lands there, not in the
/// developer's home) and no key from the environment.
fn bin() -> Command {
    let data = std::env::temp_dir().join(format!("terugkeer-cli-data-{}", std::process::id()));
    std::fs::create_dir_all(&data).unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_terugkeer"));
    c.env("XDG_DATA_HOME", &data)
        .env_remove("TERUGKEER_KEY")
        .env_remove("TERUGKEER_KEY_FILE")
        .env_remove("TERUGKEER_DB");
    c
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Write from another thread: the child writes while it reads, and a full pipe would deadlock.
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn assess_one_case_as_json() {
    let o = bin()
        .args(["assess", "--format", "json"])
        .arg(root().join("examples/azc-2016.json"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["eligibility"]["eligible"], true);
    assert_eq!(v["deadlines"]["departure_term_end"], "2016-05-30");
    assert_eq!(v["deadlines"]["support_in_nl_end"], "2016-08-22");
    assert_eq!(v["tipping_point"]["status"], "voluntary");
}

#[test]
fn a_pretty_printed_case_and_an_array_and_json_lines() {
    let o = bin()
        .args(["assess", "--format", "json"])
        .arg(root().join("examples/vbl-2026.json"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Accelerated procedure under the 2026 rules: the appeal does not suspend.
    assert_eq!(v["deadlines"]["term_start"], "2026-06-15");
    assert_eq!(
        v["handreiking"]["awaiting"],
        serde_json::json!(["senior_regievoerder", "afdelingsmanager"])
    );

    let arr = r#"[{"as_of":"2016-06-01","country":"AF"},{"as_of":"2016-06-01","country":"AL","asylum_rejected_on":"2016-05-01"}]"#;
    let o = run_stdin(&["assess", "--format", "json", "-"], arr);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(
        v[1]["eligibility"]["failed"],
        serde_json::json!(["excluded_country"])
    );

    let o = bin()
        .args(["assess", "--format", "json"])
        .arg(root().join("examples/caseload.jsonl"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[1]["eligibility"]["failed"],
        serde_json::json!(["excluded_country"])
    );
    assert_eq!(lines[2]["eligibility"]["eligible"], false);
    assert_eq!(lines[3]["tipping_point"]["status"], "forced_return");
    assert_eq!(lines[4]["monitoring"]["first_due"], "2026-02-28");
}

#[test]
fn outcomes_only_keeps_every_citation_and_drops_the_trace() {
    let full = bin()
        .args(["assess", "--format", "json"])
        .arg(root().join("examples/azc-2016.json"))
        .output()
        .unwrap();
    let brief = bin()
        .args(["assess", "--format", "json", "--detail", "outcomes"])
        .arg(root().join("examples/azc-2016.json"))
        .output()
        .unwrap();
    let full: serde_json::Value = serde_json::from_slice(&full.stdout).unwrap();
    let brief: serde_json::Value = serde_json::from_slice(&brief.stdout).unwrap();
    assert!(full["policy_used"].as_array().unwrap().len() > 10);
    assert!(full["eligibility"]["checks"][0]["facts"].is_object());
    assert!(brief.get("policy_used").is_none() && brief.get("trace").is_none());
    assert!(brief["eligibility"]["checks"][0].get("facts").is_none());
    for c in brief["eligibility"]["checks"].as_array().unwrap() {
        assert!(!c["citation"].as_str().unwrap().is_empty() && !c["reason"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        brief["deadlines"]["departure_term_end"],
        full["deadlines"]["departure_term_end"]
    );
    assert_eq!(brief["receipt"], full["receipt"]);
}

#[test]
fn text_output_in_dutch_and_english() {
    let o = bin()
        .args(["assess", "--format", "text"])
        .arg(root().join("examples/azc-2016.json"))
        .output()
        .unwrap();
    let t = String::from_utf8(o.stdout).unwrap();
    assert!(t.contains("Deelname aan een terugkeerproject: JA"), "{t}");
    let o = bin()
        .args(["assess", "--format", "text", "--lang", "en"])
        .arg(root().join("examples/azc-2016.json"))
        .output()
        .unwrap();
    let t = String::from_utf8(o.stdout).unwrap();
    assert!(t.contains("Joining a return project: YES"), "{t}");
}

#[test]
fn invalid_input_exits_2_with_one_line_naming_the_field() {
    for (input, field) in [
        (
            r#"{"as_of":"2016-06-01","country":"AF","colour":"red"}"#,
            "colour",
        ),
        (r#"{"as_of":"2016-06-01","country":"ZZ"}"#, "country"),
        (r#"{"as_of":"2016-02-30","country":"AF"}"#, "as_of"),
        (
            r#"{"as_of":"2016-06-01","country":"AF","refusals":"many"}"#,
            "refusals",
        ),
        (
            r#"{"as_of":"2016-06-01","country":"AF","asylum_rejected_on":"2016-05-02","appeal":{"lodged_on":"2016-04-01"}}"#,
            "appeal.lodged_on",
        ),
        (r#"{"as_of":"2015-06-01","country":"AF"}"#, "as_of"),
        (
            "{\"as_of\":\"2016-06-01\",\"country\":\"AF\"}\n{\"as_of\":\"2016-06-01\",\"country\":\"AF\",\"setting\":\"hotel\"}",
            "line 2: setting",
        ),
        (
            r#"[{"as_of":"2016-06-01","country":"AF"},{"as_of":"2016-06-01"}]"#,
            "[1].country",
        ),
        ("not json", "(input)"),
        ("", "(input)"),
    ] {
        let o = run_stdin(&["assess", "--format", "json", "-"], input);
        assert_eq!(o.status.code(), Some(2), "{input}: {}", stderr(&o));
        let e = stderr(&o);
        assert_eq!(e.trim_end().lines().count(), 1, "{e}");
        assert!(e.contains(field), "{input}: {e} should name {field}");
        assert!(!e.contains("panicked"), "{e}");
    }
    // An invalid array case leaves no partial output.
    let o = run_stdin(
        &["assess", "--format", "json", "-"],
        r#"[{"as_of":"2016-06-01","country":"AF"},{"as_of":"x"}]"#,
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn policy_show_check_and_diff() {
    let o = bin()
        .args(["policy", "show", "--as-of", "2026-07-01", "--lang", "en"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let t = String::from_utf8(o.stdout).unwrap();
    assert!(t.contains("art. 62 lid 4 Vw 2000"), "{t}");
    assert!(t.contains("OZV 2023"));

    let o = bin()
        .args(["policy", "check"])
        .arg(root().join("policy"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8(o.stdout).unwrap().starts_with("ok: "));

    let dir = std::env::temp_dir().join(format!("terugkeer-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(root().join("policy")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&p).unwrap();
            let text = text.replace("value = 28\n", "value = 28\ncitatoin = \"typo\"\n");
            std::fs::write(dir.join(p.file_name().unwrap()), text).unwrap();
        }
    }
    let o = bin().args(["policy", "check"]).arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("vertrektermijn.toml:") && e.contains("citatoin"),
        "{e}"
    );
    let o = bin()
        .args(["assess", "--policy"])
        .arg(&dir)
        .arg(root().join("examples/azc-2016.json"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();

    let o = bin()
        .args(["policy", "diff", "2016-06-01", "2026-07-01"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let t = String::from_utf8(o.stdout).unwrap();
    for changed in [
        "term_extension_max_days",
        "appeal_suspension",
        "in_kind_max_eur_adult",
        "country_rule",
        "local_consultation_body",
    ] {
        assert!(t.contains(changed), "{changed} missing from diff: {t}");
    }
    assert!(!t.contains("\nvbl_weeks"), "vbl_weeks did not change: {t}");
}

#[test]
fn generate_is_deterministic_and_assessable() {
    let a = bin()
        .args(["generate", "-n", "200", "--seed", "5"])
        .output()
        .unwrap();
    let b = bin()
        .args(["generate", "-n", "200", "--seed", "5"])
        .output()
        .unwrap();
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(String::from_utf8_lossy(&a.stdout).lines().count(), 200);
    let o = run_stdin(
        &["assess", "--format", "json", "-"],
        &String::from_utf8(a.stdout).unwrap(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 200);
}

#[test]
fn policy_impact_lists_whose_outcome_moved() {
    // A 30-day term instead of 28 moves every running term's end, and nothing else.
    let dir = std::env::temp_dir().join(format!("terugkeer-impact-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(root().join("policy")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&p)
                .unwrap()
                .replace("value = 28\n", "value = 30\n");
            std::fs::write(dir.join(p.file_name().unwrap()), text).unwrap();
        }
    }
    let o = bin()
        .args(["policy", "impact", "--policy"])
        .arg(&dir)
        .arg(root().join("examples/caseload.jsonl"))
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Line 2's term ends on Saturday 2016-04-30 (moved by the Atw to Monday 2 May) and now on Monday 2 May:
    // no change. Line 3's appeal is pending: no term. Lines 1, 4 and 5 move by two days.
    let lines: Vec<u64> = rows.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![1, 4, 5]);
    assert_eq!(rows[0]["changes"][0]["field"], "deadlines.departure_term_end");
    assert_eq!(rows[0]["changes"][0]["before"], "2016-05-30");
    assert_eq!(rows[0]["changes"][0]["after"], "2016-06-01");
    assert_eq!(rows[0]["changes"][1]["field"], "deadlines.reception_end");
    assert_eq!(rows[2]["changes"][0]["after"], "2024-10-31");
    assert_ne!(rows[0]["before_policy"]["hash"], rows[0]["after_policy"]["hash"]);
    assert!(
        stderr(&o).contains("5 zaken, 3 met een andere uitkomst"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn migrate_creates_and_upgrades_a_sqlite_database() {
    let dir = std::env::temp_dir().join(format!("terugkeer-migrate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("case.db").display());
    for _ in 0..2 {
        let o = bin().args(["migrate", "--db", &url]).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(dir.join("case.db").exists());
    let o = bin()
        .args(["migrate", "--db", "mysql://nowhere"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--db"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn audit_verify_finds_an_edited_entry() {
    let dir = std::env::temp_dir().join(format!("terugkeer-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("audit.db");
    let url = format!("sqlite://{}", file.display());
    let o = bin().args(["migrate", "--db", &url]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = bin()
        .args(["generate", "--clients", "20", "--db", &url, "--seed", "3"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = bin().args(["audit", "verify", "--db", &url]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "audit log intact: 20 entries"
    );
    // Someone with the file drops the guard and edits entry 7.
    let py = format!(
        "import sqlite3; c = sqlite3.connect({:?}); c.execute('DROP TRIGGER audit_log_no_update'); \
         c.execute(\"UPDATE audit_log SET detail = '{{}}' WHERE seq = 7\"); c.commit()",
        file.display().to_string()
    );
    let o = Command::new("python3").args(["-c", &py]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = bin().args(["audit", "verify", "--db", &url]).output().unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("broken at entry 7"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_wrong_key_is_refused_by_name_and_rotation_moves_to_a_new_one() {
    let dir = std::env::temp_dir().join(format!("terugkeer-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("k.db").display());
    let (a, b) = (dir.join("a.key"), dir.join("b.key"));
    for k in [&a, &b] {
        let o = bin()
            .args(["key", "new", "--out", k.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    // An existing key file is never overwritten.
    let o = bin()
        .args(["key", "new", "--out", a.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let key_a = std::fs::read_to_string(&a).unwrap();
    assert!(
        bin()
            .args(["migrate", "--db", &url])
            .output()
            .unwrap()
            .status
            .success()
    );
    let o = bin()
        .args([
            "--key-file",
            a.to_str().unwrap(),
            "generate",
            "--clients",
            "5",
            "--db",
            &url,
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    // Key b does not open what a sealed: exit 2, naming the key the data wants.
    let o = bin()
        .args([
            "--key-file",
            b.to_str().unwrap(),
            "generate",
            "--clients",
            "1",
            "--db",
            &url,
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("sealed with key"), "{}", stderr(&o));
    // A malformed key names where it came from.
    let o = bin()
        .env("TERUGKEER_KEY", "not-a-key")
        .args(["generate", "--clients", "1", "--db", &url])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("TERUGKEER_KEY"), "{}", stderr(&o));
    // Rotate from a to b; then b opens it and a does not.
    let o = bin()
        .env("TERUGKEER_KEY", key_a.trim())
        .args([
            "key",
            "rotate",
            "--db",
            &url,
            "--new-key-file",
            b.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("re-sealed 5 clients"));
    let with = |k: &std::path::Path| {
        bin()
            .args([
                "--key-file",
                k.to_str().unwrap(),
                "generate",
                "--clients",
                "1",
                "--db",
                &url,
            ])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(with(&a), Some(2));
    assert_eq!(with(&b), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn retention_lists_then_anonymises_once() {
    let dir = std::env::temp_dir().join(format!("terugkeer-retention-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("r.db").display());
    assert!(
        bin()
            .args(["migrate", "--db", &url])
            .output()
            .unwrap()
            .status
            .success()
    );
    let o = bin()
        .args([
            "generate",
            "--clients",
            "400",
            "--db",
            &url,
            "--seed",
            "9",
            "--as-of",
            "2024-06-01",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = |o: &Output| String::from_utf8_lossy(&o.stdout).lines().skip(1).count();
    // A period of one month makes every file closed before today due.
    let dry = bin()
        .args(["retention", "run", "--db", &url, "--dry-run", "--months", "1"])
        .output()
        .unwrap();
    assert!(dry.status.success(), "{}", stderr(&dry));
    let due = rows(&dry);
    assert!(
        due > 0,
        "the generated caseload has closed files: {}",
        stderr(&dry)
    );
    assert!(stderr(&dry).contains(&format!("{due} closed files would be anonymised")));
    let run = bin()
        .args(["retention", "run", "--db", &url, "--months", "1"])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains(&format!("anonymised {due} closed files")),
        "{}",
        stderr(&run)
    );
    let again = bin()
        .args(["retention", "run", "--db", &url, "--dry-run", "--months", "1"])
        .output()
        .unwrap();
    assert_eq!(rows(&again), 0);
    let o = bin().args(["audit", "verify", "--db", &url]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = bin()
        .args(["retention", "run", "--db", &url, "--months", "0"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn token_create_gives_a_role_the_user_may_hand_on() {
    let dir = std::env::temp_dir().join(format!("terugkeer-tokens-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("tokens.db").display());
    assert!(
        bin()
            .args(["migrate", "--db", &url])
            .output()
            .unwrap()
            .status
            .success()
    );
    let o = bin()
        .args(["generate", "--clients", "5", "--db", &url, "--seed", "4"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let token = |role: &str| {
        bin()
            .args([
                "token",
                "create",
                "--db",
                &url,
                "--username",
                "coordinator-4",
                "--role",
                role,
            ])
            .output()
            .unwrap()
    };
    for (role, says) in [
        ("admin", "--role: a coordinator may not"),
        ("chief", "--role: \"chief\" is not a role"),
    ] {
        let o = token(role);
        assert_eq!(o.status.code(), Some(2), "{role}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{role}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
    let o = token("auditor");
    assert!(o.status.success(), "{}", stderr(&o));
    let secret = String::from_utf8_lossy(&o.stdout).trim().to_owned();
    assert!(secret.len() >= 40, "{secret}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn backup_and_restore(live: &str, restored: &str, dir: &std::path::Path, file: &str) {
    assert!(
        bin()
            .args(["migrate", "--db", live])
            .output()
            .unwrap()
            .status
            .success()
    );
    let o = bin()
        .args(["generate", "--clients", "30", "--db", live, "--seed", "8"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.join(file);
    let out = out.to_str().unwrap();
    let o = bin()
        .args(["backup", "--db", live, "--out", out])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("backup: "));
    // Never over an existing file.
    let again = bin()
        .args(["backup", "--db", live, "--out", out])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("--out:"), "{}", stderr(&again));
    // Written to after the backup: the restore is the moment of the backup.
    let o = bin()
        .args(["generate", "--clients", "5", "--db", live, "--seed", "9"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));

    let o = bin()
        .args(["restore", "--from", out, "--db", restored])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("chain intact"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(scalar(restored, "SELECT COUNT(*) FROM client"), 30);
    assert_eq!(scalar(live, "SELECT COUNT(*) FROM client"), 35);
    assert_eq!(
        scalar(restored, "SELECT COUNT(*) FROM record"),
        scalar(
            live,
            "SELECT COUNT(*) FROM record WHERE client_id IN (SELECT id FROM client ORDER BY id LIMIT 30)"
        )
    );
    // Not over a database that holds data; nothing changes.
    let o = bin()
        .args(["restore", "--from", out, "--db", restored])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(scalar(restored, "SELECT COUNT(*) FROM client"), 30);
    let a = bin()
        .args(["audit", "verify", "--db", restored])
        .output()
        .unwrap();
    assert!(a.status.success(), "{}", stderr(&a));
}

#[test]
fn backup_and_restore_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("terugkeer-e2e-backup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let live = format!("sqlite://{}", dir.join("live.db").display());
    let restored = format!("sqlite://{}", dir.join("restored.db").display());
    backup_and_restore(&live, &restored, &dir, "backup.db");
    // Something that is not a backup is refused by name.
    let junk = dir.join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let o = bin()
        .args([
            "restore",
            "--from",
            junk.to_str().unwrap(),
            "--db",
            &format!("sqlite://{}", dir.join("other.db").display()),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--from:"), "{}", stderr(&o));
    assert!(!dir.join("other.db").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn backup_and_restore_on_postgres() {
    let dir = std::env::temp_dir().join(format!("terugkeer-e2e-pgbackup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let live = pg_database("backup_live");
    let restored = pg_database("backup_restored");
    backup_and_restore(&live, &restored, &dir, "backup.pgdump");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn import_a_spreadsheet(url: &str, dir: &std::path::Path) {
    assert!(
        bin()
            .args(["migrate", "--db", url])
            .output()
            .unwrap()
            .status
            .success()
    );
    // An organisation with a caseworker (generate makes "Demo (fictief) 5" with caseworker-1-5).
    let o = bin()
        .args(["generate", "--clients", "2", "--db", url, "--seed", "5"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let org = String::from_utf8_lossy(&o.stdout)
        .split("organisation ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .to_owned();
    let mapping = dir.join("mapping.toml");
    std::fs::write(
        &mapping,
        "[columns]\nfamily_name = \"Achternaam\"\ngiven_names = \"Voornamen\"\ndate_of_birth = \"Geboortedatum\"\n\
         v_number = \"V-nummer\"\ncountry_of_return = \"Land\"\n[records]\nasylum_rejected_on = \"Afwijzing\"\n\
         caseworker = \"Begeleider\"\n[format]\ndate = \"dd-mm-yyyy\"\n",
    )
    .unwrap();
    let import = |file: &std::path::Path, dry: bool| {
        let mut args = vec![
            "import".to_owned(),
            "--db".into(),
            url.to_owned(),
            "--organisation".into(),
            org.clone(),
            "--mapping".into(),
            mapping.to_str().unwrap().to_owned(),
        ];
        if dry {
            args.push("--dry-run".into());
        }
        args.push(file.to_str().unwrap().to_owned());
        bin().args(&args).output().unwrap()
    };
    let count = || scalar(url, "SELECT COUNT(*) FROM client");
    let before = count();
    // A file with problems: every one listed by row and column, nothing written, not even the good rows.
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "Achternaam;Voornamen;Geboortedatum;V-nummer;Land;Afwijzing;Begeleider\n\
         Haidari;Ali;01-02-1990;9900000001;AF;02-05-2016;caseworker-1-5\n\
         Karimi;Sara;31-02-1990;9900000002;IR;;caseworker-1-5\n\
         ;Naamloos;;9900000003;IQ;;\n\
         Noori;Omid;;9900000004;SY;;niemand\n",
    )
    .unwrap();
    for dry in [true, false] {
        let o = import(&bad, dry);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(out.contains("row 3, column \"Geboortedatum\""), "{out}");
        assert!(out.contains("row 4, column \"Achternaam\": is required"), "{out}");
        assert!(
            out.contains("row 5, column \"Begeleider\": no caseworker \"niemand\""),
            "{out}"
        );
        assert!(out.contains("nothing written"), "{out}");
        assert_eq!(count(), before, "nothing half-lands");
    }
    // Fixed: the dry run passes and writes nothing; the import writes all four; again changes nothing.
    let good = dir.join("good.csv");
    std::fs::write(
        &good,
        "Achternaam;Voornamen;Geboortedatum;V-nummer;Land;Afwijzing;Begeleider\n\
         Haidari;Ali;01-02-1990;9900000001;AF;02-05-2016;caseworker-1-5\n\
         Karimi;Sara;28-02-1990;9900000002;IR;;caseworker-1-5\n\
         Naamloos;Iemand;;9900000003;IQ;;\n\
         Noori;Omid;;9900000004;SY;;\n",
    )
    .unwrap();
    let o = import(&good, true);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("4 new"));
    assert_eq!(count(), before);
    let o = import(&good, false);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("imported 4 new clients"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("\nstatistics refreshed in "));
    assert_eq!(count(), before + 4);
    assert_eq!(
        scalar(
            url,
            "SELECT COUNT(*) FROM record r JOIN client c ON c.id = r.client_id WHERE c.v_number = '9900000001' AND r.kind = 'procedure_event'"
        ),
        1
    );
    let o = import(&good, false);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("imported 0 new clients; 4 already on file"));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("other values"));
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("statistics refreshed"),
        "nothing loaded"
    );
    assert_eq!(count(), before + 4);
    // A corrected sheet: Karimi's birth date and Noori's country changed, Naamloos's cells emptied (an empty cell
    // says nothing). Nothing is overwritten, and the two rows are named with their columns, never the values.
    let corrected = dir.join("corrected.csv");
    std::fs::write(
        &corrected,
        "Achternaam;Voornamen;Geboortedatum;V-nummer;Land;Afwijzing;Begeleider\n\
         Haidari;Ali;01-02-1990;9900000001;AF;02-05-2016;caseworker-1-5\n\
         Karimi;Sara;27-02-1990;9900000002;IR;;caseworker-1-5\n\
         Naamloos;;;9900000003;;;\n\
         Noori;Omid;;9900000004;AF;;\n",
    )
    .unwrap();
    let birth = "SELECT COUNT(*) FROM client WHERE v_number = '9900000002' AND data LIKE '%1990-02-28%'";
    assert_eq!(scalar(url, birth), 1);
    for dry in [true, false] {
        let o = import(&corrected, dry);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(
            out.contains(
                "row 3: V-number 9900000002 is on file with other values in column \"Geboortedatum\" —"
            ),
            "{out}"
        );
        assert!(
            out.contains("row 5: V-number 9900000004 is on file with other values in column \"Land\" —"),
            "{out}"
        );
        assert!(!out.contains("row 2:") && !out.contains("row 4:"), "{out}");
        assert!(
            !out.contains("1990-02-27") && !out.contains("27-02-1990") && !out.contains("SY"),
            "{out}"
        );
        assert!(
            out.contains("4 already on file (by V-number, 2 of them with other values"),
            "{out}"
        );
        assert_eq!(count(), before + 4);
        assert_eq!(scalar(url, birth), 1, "never overwritten");
    }
    // A dry run where the key is not: it cannot open the stored clients, says it did not compare them, and
    // still checks the sheet.
    let nokey = dir.join("no-key-here");
    std::fs::create_dir_all(&nokey).unwrap();
    let o = bin()
        .env("XDG_DATA_HOME", &nokey)
        .args(["import", "--db", url, "--organisation", &org, "--mapping"])
        .args([
            mapping.to_str().unwrap(),
            "--dry-run",
            corrected.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.contains("not compared with the stored clients: no encryption key"),
        "{out}"
    );
    assert!(
        out.contains("4 already on file (by V-number), 0 problems"),
        "{out}"
    );
    // An XLSX, written by openpyxl with a real date cell: one more.
    let xlsx = dir.join("more.xlsx");
    let o = Command::new("python3")
        .args([
            "-c",
            "import sys, datetime, openpyxl\n\
             wb = openpyxl.Workbook(); ws = wb.active\n\
             ws.append(['Achternaam', 'Voornamen', 'Geboortedatum', 'V-nummer', 'Land', 'Afwijzing', 'Begeleider'])\n\
             ws.append(['Ahmadi', 'Reza', datetime.date(1985, 7, 3), 9900000005, 'AF', '10-03-2016', None])\n\
             wb.save(sys.argv[1])\n",
            xlsx.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = import(&xlsx, false);
    assert!(
        o.status.success(),
        "{} {}",
        stderr(&o),
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(count(), before + 5);
    assert_eq!(
        scalar(
            url,
            "SELECT COUNT(*) FROM client WHERE v_number = '9900000005' AND date_of_birth = '1985-07-03'"
        ),
        1
    );
    let a = bin().args(["audit", "verify", "--db", url]).output().unwrap();
    assert!(a.status.success(), "{}", stderr(&a));
}

#[test]
fn import_a_spreadsheet_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("terugkeer-e2e-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    import_a_spreadsheet(&format!("sqlite://{}", dir.join("import.db").display()), &dir);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn import_a_spreadsheet_on_postgres() {
    let dir = std::env::temp_dir().join(format!("terugkeer-e2e-pgimport-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    import_a_spreadsheet(&pg_database("import"), &dir);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// After a policy change every summary is stale: `reassess` recomputes the ones computed under another policy
/// (here made stale by hand: moved back to intake and marked with an old policy), restores what the rules
/// say, and leaves nothing to do the second time; `--all` recomputes every client.
fn reassess_restores_stale_summaries(url: &str) {
    let ok = |args: &[&str]| {
        let o = bin().args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    ok(&["migrate", "--db", url]);
    ok(&["generate", "--clients", "300", "--db", url, "--seed", "12"]);
    let moved = "SELECT COUNT(*) FROM client WHERE stage <> 'intake'";
    let staged = scalar(url, moved);
    assert!(staged > 100, "{staged}");
    let stale = "UPDATE client SET stage = 'intake', summary_policy = 'old'";
    let o = if let Some(path) = url.strip_prefix("sqlite://") {
        let py = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()";
        Command::new("python3")
            .args(["-c", py, path, stale])
            .output()
            .unwrap()
    } else {
        Command::new("psql").args([url, "-qc", stale]).output().unwrap()
    };
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(scalar(url, moved), 0);
    assert!(ok(&["reassess", "--db", url]).starts_with("re-assessed 300 clients in "));
    assert_eq!(scalar(url, moved), staged);
    assert!(ok(&["reassess", "--db", url]).starts_with("re-assessed 0 clients"));
    let all = ok(&["reassess", "--db", url, "--all"]);
    assert!(all.starts_with("re-assessed 300 clients"), "{all}");
    // Every row rewritten: the statistics (and on PostgreSQL the visibility map) are refreshed after.
    assert!(all.contains("\nstatistics refreshed in "), "{all}");
    assert_eq!(scalar(url, moved), staged);
}

#[test]
fn reassess_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("terugkeer-reassess-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    reassess_restores_stale_summaries(&format!("sqlite://{}", dir.join("r.db").display()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reassess_on_postgres() {
    reassess_restores_stale_summaries(&pg_database("reassess"));
}

/// Runs SQL statements on the database behind `url` (SQLite through Python's sqlite3, PostgreSQL through psql).
fn raw_sql(url: &str, statements: &[&str]) {
    let o = if let Some(path) = url.strip_prefix("sqlite://") {
        let py = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1])\nfor s in sys.argv[2:]: c.execute(s)\nc.commit()";
        Command::new("python3")
            .args(["-c", py, path])
            .args(statements)
            .output()
            .unwrap()
    } else {
        Command::new("psql")
            .arg(url)
            .args(statements.iter().flat_map(|s| ["-qc", s]))
            .output()
            .unwrap()
    };
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Issue 24 part 7: someone with the database cuts the last three entries off and rewrites the head. The chain
/// alone is whole again (`audit verify` cannot tell); a checkpoint taken before, kept outside the database,
/// names the entry that is gone — and a checkpoint line edited without the key is refused as forged.
fn checkpoints_find_a_cut_tail(url: &str, dir: &std::path::Path) {
    let ok = |args: &[&str]| {
        let o = bin().args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    ok(&["migrate", "--db", url]);
    ok(&["generate", "--clients", "20", "--db", url, "--seed", "5"]);
    let file = dir.join("checkpoints.txt");
    let f = file.display().to_string();
    let first = ok(&["audit", "checkpoint", "--db", url, "--file", &f]);
    assert!(first.starts_with("checkpoint: entry 20 at "), "{first}");
    assert!(
        ok(&["audit", "verify", "--db", url, "--checkpoint", &f]).contains("20 entries, 1 checkpoints hold")
    );
    ok(&["generate", "--clients", "5", "--db", url, "--seed", "6"]);
    let head = scalar(url, "SELECT seq FROM audit_head WHERE id = 1");
    assert_eq!(head, 25);
    ok(&["audit", "checkpoint", "--db", url, "--file", &f]);

    // The cut: entries 23–25 deleted, the head moved back to 22.
    let drop_guard = if url.starts_with("sqlite://") {
        "DROP TRIGGER audit_log_no_delete"
    } else {
        "DROP TRIGGER audit_log_no_change ON audit_log"
    };
    raw_sql(
        url,
        &[
            drop_guard,
            "DELETE FROM audit_log WHERE seq > 22",
            "UPDATE audit_head SET seq = 22, hash = (SELECT hash FROM audit_log WHERE seq = 22) WHERE id = 1",
        ],
    );
    let plain = ok(&["audit", "verify", "--db", url]);
    assert_eq!(
        plain.trim(),
        "audit log intact: 22 entries",
        "the chain alone cannot tell"
    );
    let o = bin()
        .args(["audit", "verify", "--db", url, "--checkpoint", &f])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("checkpoint 2") && stderr(&o).contains("entry 25"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("gone"), "{}", stderr(&o));

    // A checkpoint moved back by hand, without the key, is not one the key made.
    let text = std::fs::read_to_string(&file).unwrap();
    let second = text.lines().nth(1).unwrap();
    let forged = second.replacen("25 ", "22 ", 1);
    std::fs::write(&file, format!("{}\n{forged}\n", text.lines().next().unwrap())).unwrap();
    let o = bin()
        .args(["audit", "verify", "--db", url, "--checkpoint", &f])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("forged or edited"), "{}", stderr(&o));
    // A line that is no checkpoint at all is refused by its line.
    std::fs::write(&file, "nonsense\n").unwrap();
    let o = bin()
        .args(["audit", "verify", "--db", url, "--checkpoint", &f])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("checkpoints.txt:1"), "{}", stderr(&o));
}

#[test]
fn audit_checkpoints_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("terugkeer-checkpoint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    checkpoints_find_a_cut_tail(&format!("sqlite://{}", dir.join("a.db").display()), &dir);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn audit_checkpoints_on_postgres() {
    let dir = std::env::temp_dir().join(format!("terugkeer-checkpoint-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    checkpoints_find_a_cut_tail(&pg_database("checkpoint"), &dir);
    std::fs::remove_dir_all(&dir).unwrap();
}
