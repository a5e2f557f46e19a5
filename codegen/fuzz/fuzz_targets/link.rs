//! A `Link` header value: links (target, rel), never a panic; the next
//! page's target is one of them.

#![no_main]

use dci::runtime::cli::fuzz;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (links, next) = fuzz::link(&text);
    if let Some(next) = next {
        assert!(links.iter().any(|(target, _)| *target == next), "{text:?}");
    }
});
