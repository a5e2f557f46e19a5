//! A shorthand argument (`a.b:1, tags[]:x`): a field list or an error
//! naming the character, never a panic; a value's JSON text, where kept,
//! reads back as the value.

#![no_main]

use dci::runtime::cli::fuzz;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for strings in [&[][..], &["a".to_string(), "tags[]".to_string()][..]] {
        if let Ok(fields) = fuzz::shorthand(&text, strings) {
            for (path, value, raw) in fields {
                if let Some(raw) = raw {
                    let read: serde_json::Value = serde_json::from_str(&raw)
                        .unwrap_or_else(|e| panic!("{path}: {raw:?} is not JSON: {e}"));
                    assert_eq!(read, value, "{path}: {raw:?}");
                }
            }
        }
    }
});
