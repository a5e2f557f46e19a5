//! A config file's bytes: settings or a reason, never a panic; settings
//! written back read as the same settings.

#![no_main]

use dci::runtime::cli::fuzz;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(settings) = fuzz::config(data) {
        let text = serde_json::to_string_pretty(&settings).unwrap();
        assert_eq!(fuzz::config(text.as_bytes()).unwrap(), settings);
    }
});
