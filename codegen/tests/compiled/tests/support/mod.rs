//! Running a fixture's generated CLI in the test process, as its binary
//! would run it: parsed by clap with the global flags, against a local
//! server, its output written to a file (`-O`) and read back.

/// Defines `async fn $name(server: &MockServer, args: &[&str]) ->
/// Result<String, String>` running the fixture command enum `$command`:
/// what it wrote, or its error message.
macro_rules! cli_runner {
    ($name:ident, $command:ty) => {
        async fn $name(server: &wiremock::MockServer, args: &[&str]) -> Result<String, String> {
            #[derive(clap::Parser)]
            struct Cli {
                #[command(flatten)]
                global: fixtures_compiled::runtime::cli::GlobalArgs,
                #[command(subcommand)]
                command: $command,
            }
            static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!("fixture-cli-{}-{n}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join("out");
            let mut argv = vec!["fixture", "-O", file.to_str().unwrap(), "--retries", "0"];
            argv.extend_from_slice(args);
            let result = async {
                let parsed =
                    <Cli as clap::Parser>::try_parse_from(argv).map_err(|e| e.to_string())?;
                let settings = fixtures_compiled::runtime::cli::Settings {
                    base_url: format!("{}/v1", server.uri()),
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
                let context = fixtures_compiled::runtime::cli::Context::new(settings)
                    .map_err(|e| e.message)?;
                parsed.command.run(&context).await.map_err(|e| e.message)?;
                Ok(std::fs::read_to_string(&file).unwrap_or_default())
            }
            .await;
            let _ = std::fs::remove_dir_all(&dir);
            result
        }
    };
}
