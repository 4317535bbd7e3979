//! Fuzzes the JSON facts parser and, for every case it accepts, the full assessment and its serialisation.
//! Run: `cargo +nightly fuzz run facts_json` in this folder. Any crash found is kept as a regression test in
//! `crates/rules/tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static POLICY: LazyLock<terugkeer_rules::Policy> =
    LazyLock::new(|| terugkeer_rules::policy::builtin().expect("built-in policy"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(f) = terugkeer_rules::Facts::from_json(text) {
        if let Ok(a) = terugkeer_rules::assess(&f, &POLICY, terugkeer_rules::Lang::Nl) {
            let _ = serde_json::to_string(&a);
            let mut buf = Vec::new();
            terugkeer_rules::json::write_assessment(&a, terugkeer_rules::json::Detail::Trace, &mut buf);
            assert!(serde_json::from_slice::<serde_json::Value>(&buf).is_ok(), "direct JSON must parse");
            let _ = terugkeer_rules::explain::render(&a);
        }
    }
});
