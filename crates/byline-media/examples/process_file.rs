//! Processes one image file as an upload would be, and prints each variant's
//! size and the time taken; for benchmarks and for looking at the results.
//!
//! cargo run --release -p byline-media --example process_file -- PHOTO [--out DIR]
//!
//! With `--out DIR`, every variant is written there as `WIDTHxHEIGHT.EXT`.
#![expect(clippy::expect_used, reason = "an example should fail loudly")]

use std::time::Instant;

use byline_media::{Limits, process};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: process_file PHOTO [--out DIR]");
        std::process::exit(2);
    };
    let out = match args.get(1).map(String::as_str) {
        Some("--out") => Some(args.get(2).expect("--out DIR")),
        _ => None,
    };
    let bytes = std::fs::read(path).expect("read the photo");
    let started = Instant::now();
    let processed = match process(&bytes, &Limits::default()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{path}: refused ({}): {e}", e.code());
            std::process::exit(1);
        }
    };
    let elapsed = started.elapsed();
    println!("{path}: {} KB {} {}×{}", bytes.len() / 1024, processed.format, processed.width, processed.height);
    for v in &processed.variants {
        println!("  {:>4}×{:<4} {:<4} {:>7} bytes", v.width, v.height, v.format.as_str(), v.bytes.len());
        if let Some(dir) = out {
            let name = format!("{dir}/{}x{}.{}", v.width, v.height, v.format.extension());
            std::fs::write(&name, &v.bytes).expect("write a variant");
        }
    }
    println!("processed in {:.0} ms", elapsed.as_secs_f64() * 1000.0);
}
