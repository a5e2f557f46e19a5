//! How fast `dci mcp --dynamic`'s `search_tools` answers on a large API:
//! loads a generated crate's `tools.json` (`codegen generate` writes it
//! to `src/tools.json`), then times each query (best of 20).
//!
//! `cargo run --release --example mcp_search -- path/to/tools.json [QUERY...]`

use std::time::{Duration, Instant};

use dci::runtime::cli::ToolSearch;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: mcp_search TOOLS_JSON [QUERY...]")?;
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = [
            "list users",
            "get a user's manager",
            "send mail",
            "delete event",
            "x",
        ]
        .map(String::from)
        .to_vec();
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let start = Instant::now();
    let tools = ToolSearch::load(&text)?;
    println!(
        "{} tools ({:.1} MB of tools.json) loaded in {:.0} ms",
        tools.len(),
        text.len() as f64 / 1e6,
        start.elapsed().as_secs_f64() * 1e3
    );
    for query in &queries {
        let mut best = Duration::MAX;
        let mut found = Vec::new();
        for _ in 0..20 {
            let start = Instant::now();
            found = tools.search(query, 10);
            best = best.min(start.elapsed());
        }
        let top: Vec<&str> = found.into_iter().take(3).collect();
        println!(
            "{query:?}: {:.2} ms, best {}",
            best.as_secs_f64() * 1e3,
            top.join(", ")
        );
    }
    Ok(())
}
