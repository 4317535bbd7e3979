//! Renders one document from a JSON file, for working on a template:
//! `cargo run -p terugkeer-documents --example render -- verification data.json out.pdf`.

#![allow(clippy::expect_used)]

use terugkeer_documents::Kind;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, name, data, out] = args.as_slice() else {
        eprintln!("usage: render <document> <data.json> <out.pdf>");
        std::process::exit(2);
    };
    let Some(kind) = Kind::ALL.into_iter().find(|k| k.name() == name) else {
        eprintln!("unknown document {name}");
        std::process::exit(2);
    };
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data).expect("read the data")).expect("JSON");
    let started = std::time::Instant::now();
    match terugkeer_documents::render(kind, data) {
        Ok(pdf) => {
            std::fs::write(out, pdf).expect("write the PDF");
            eprintln!("{name}: {:?}", started.elapsed());
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
