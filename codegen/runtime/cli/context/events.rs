//! Live streams on the command line: each event printed as it arrives.

use futures_util::StreamExt;

use super::super::super::request::Request;
use super::super::failure::Failure;
use super::{Context, Op};

impl Context {
    /// Prints a live stream's events as they arrive: each event's data as
    /// JSON (through `--jq`, `--fields` and the format) where it parses,
    /// as text where it does not.
    pub(super) async fn print_events(&self, op: &Op, request: &Request) -> Result<(), Failure> {
        self.trace(request)?;
        let events = self
            .client
            .execute_events(request)
            .await
            .map_err(|e| Failure::transport(&e, false))?;
        let mut events = match events {
            Ok(events) => events,
            Err(response) => {
                let body = self.checked(op, request, response)?;
                return self.print_json_or_text(&body, op.one_resource);
            }
        };
        while let Some(event) = events.next().await {
            let event = event.map_err(|e| Failure::error(e.to_string()))?;
            match serde_json::from_str::<serde_json::Value>(&event.data) {
                Ok(value) => self.print_value(value)?,
                Err(_) => self.write(&format!("{}\n", event.data))?,
            }
        }
        Ok(())
    }
}
