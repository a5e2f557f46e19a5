//! The README's example: one call of the typed client, as a program.

use dci::runtime::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url =
        std::env::var("DCI_API_BASE_URL").unwrap_or_else(|_| "https://api.doit.com".into());
    let client = Client::builder(base_url)
        .api_key(std::env::var("DCI_API_KEY")?)
        .retries(2)
        .build()?;
    // The API's own dry run: validated and simulated, nothing changes.
    let response = client.cancel_invite("inv-123").dry_run(true).send().await?;
    println!("{}: {}", response.body.invite_id, response.body.message);
    Ok(())
}
