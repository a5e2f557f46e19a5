//! `--body` and shorthand arguments merged (bytes: the body, a NUL, then
//! arguments a line each): an error, or JSON that reads back as the body
//! the arguments make; `--body` alone is sent byte for byte.

#![no_main]

use dci::runtime::cli::fuzz;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |b| *b == 0);
    let written = parts.next().unwrap_or_default();
    let arguments = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let arguments: Vec<&str> = arguments.lines().take(8).collect();
    let written = (!written.is_empty()).then_some(written);
    let Ok(sent) = fuzz::body(written, &arguments) else {
        return;
    };
    let read: serde_json::Value = serde_json::from_slice(&sent)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&sent)));
    let _ = read;
    if let (true, Some(written)) = (arguments.is_empty(), written) {
        assert_eq!(&sent[..], written.trim_ascii());
    }
});
