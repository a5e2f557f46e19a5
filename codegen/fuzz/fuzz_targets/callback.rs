//! A request to the sign-in listener: a code, or a reason free of control
//! characters (it is printed); never a panic.

#![no_main]

use dci::runtime::cli::fuzz;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = fuzz::callback(data, "state-1") {
        // What the page wrote reaches the terminal only escaped.
        assert!(!why.chars().any(char::is_control), "{why:?}");
    }
});
