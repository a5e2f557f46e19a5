//! `dci`: the DoiT Cloud Intelligence command-line tool. Its commands and
//! client are generated from `spec/doit-api.yaml` at build time.

fn main() -> std::process::ExitCode {
    dci::app::main()
}
