//! Running a fixture's generated CLI in the test process, as its binary
//! would run it: parsed by clap with the global flags, against a local
//! server, its output written to a file (`-O`) and read back.

/// Defines `async fn $name(server: &MockServer, args: &[&str]) ->
/// Result<String, String>` running the fixture command enum `$command`:
/// what it wrote, or its error message. With `dir:`, the output goes to a
/// directory (`-O DIR`), and the function returns the files in it, by
/// name.
macro_rules! cli_runner {
    ($name:ident, $command:ty) => {
        async fn $name(server: &wiremock::MockServer, args: &[&str]) -> Result<String, String> {
            let dir = support::scratch_dir();
            let file = dir.join("out");
            let result = cli_runner!(@run server, $command, file.to_str().unwrap(), args)
                .map(|()| std::fs::read_to_string(&file).unwrap_or_default());
            let _ = std::fs::remove_dir_all(&dir);
            result
        }
    };
    (dir: $name:ident, $command:ty) => {
        async fn $name(
            server: &wiremock::MockServer,
            args: &[&str],
        ) -> Result<Vec<(String, Vec<u8>)>, String> {
            let dir = support::scratch_dir();
            let result = cli_runner!(@run server, $command, dir.to_str().unwrap(), args)
                .map(|()| support::files_in(&dir));
            let _ = std::fs::remove_dir_all(&dir);
            result
        }
    };
    (@run $server:expr, $command:ty, $out:expr, $args:expr) => {
        async {
            #[derive(clap::Parser)]
            struct Cli {
                #[command(flatten)]
                global: fixtures_compiled::runtime::cli::GlobalArgs,
                #[command(subcommand)]
                command: $command,
            }
            let mut argv = vec!["fixture", "-O", $out, "--retries", "0"];
            argv.extend_from_slice($args);
            let parsed = <Cli as clap::Parser>::try_parse_from(argv).map_err(|e| e.to_string())?;
            let settings = fixtures_compiled::runtime::cli::Settings {
                base_url: format!("{}/v1", $server.uri()),
                api_key: None,
                api_key_env: "FIXTURE_API_KEY",
                login_command: None,
                credentials: Vec::new(),
                headers: Vec::new(),
                global: parsed.global,
                confirmed: true,
                confirm_env: "FIXTURE_CONFIRM",
                agent: false,
                user_agent: "fixture".to_string(),
                cache: None,
            };
            let context =
                fixtures_compiled::runtime::cli::Context::new(settings).map_err(|e| e.message)?;
            parsed.command.run(&context).await.map_err(|e| e.message)
        }
        .await
    };
}

/// A new directory of this test process's own.
#[allow(dead_code)] // not every test file runs the CLI
pub fn scratch_dir() -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("fixture-cli-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The files in `dir`, by name, with their bytes.
#[allow(dead_code)] // not every test file runs the CLI into a directory
pub fn files_in(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
