//! Raw bytes as a spec: the generator returns a refusal or output whose
//! Rust parses. Anything else (a panic, a hang, a crash) is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // The generator catches openapiv3's panics in one guarded place;
        // any other panic is a finding.
        std::panic::set_hook(Box::new(|info| {
            if !codegen::load::in_guarded_parse() {
                eprintln!("{info}");
                std::process::abort();
            }
        }));
    },
    |data: &[u8]| {
    let Ok(spec) = codegen::load::parse(data, "fuzz") else {
        return;
    };
    let config = codegen::Config::new("fuzz", "fuzz");
    if let Ok(output) = codegen::generate_from(&spec, &config) {
        for file in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(e) = syn::parse_file(&file.contents) {
                panic!("{}: {e}", file.path);
            }
        }
    }
});
