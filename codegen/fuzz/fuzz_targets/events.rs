//! An event stream's bytes, split into chunks anywhere (each 0xFF byte
//! ends a chunk): events or a stop, never a panic or a hang.

#![no_main]

use dci::runtime::cli::fuzz;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let chunks: Vec<Vec<u8>> = data.split(|b| *b == 0xff).map(<[u8]>::to_vec).collect();
    let whole: Vec<u8> = chunks.concat();
    let events = fuzz::events(chunks);
    // However the bytes were split, the same events.
    assert_eq!(events, fuzz::events(vec![whole]));
});
