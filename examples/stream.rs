//! Every alert, across pages: `list_alerts().stream()` follows the page
//! tokens. `DCI_API_KEY=... cargo run --example stream`

use dci::runtime::{Client, Error};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url =
        std::env::var("DCI_API_BASE_URL").unwrap_or_else(|_| "https://api.doit.com".into());
    let client = Client::builder(base_url)
        .api_key(std::env::var("DCI_API_KEY")?)
        .build()?;
    let alerts = client.list_alerts().max_results(100).stream();
    let mut alerts = std::pin::pin!(alerts);
    while let Some(alert) = alerts.try_next().await? {
        println!("{}", alert.name);
    }
    // Documented errors carry their status and typed body.
    match client.get_alert("no-such-alert").send().await {
        Err(Error::Api { status: 404, .. }) => println!("no-such-alert: not found"),
        Err(other) => return Err(other.into()),
        Ok(found) => println!("{}", found.body.name),
    }
    Ok(())
}
