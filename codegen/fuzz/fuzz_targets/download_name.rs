//! A `Content-Disposition` header and a request path: the file name a
//! download gets is one safe name in the directory, never a path.

#![no_main]

use dci::runtime::cli::fuzz;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (header, path) = text.split_once('\n').unwrap_or((&text, "/"));
    let name = fuzz::download_name(Some(header), path);
    assert!(!name.is_empty() && name.len() <= 200, "{name:?}");
    assert!(!name.contains(['/', '\\']) && !name.starts_with('.'), "{name:?}");
    assert!(!name.chars().any(char::is_control), "{name:?}");
});
