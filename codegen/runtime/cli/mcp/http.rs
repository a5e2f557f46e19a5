//! `mcp --http ADDR`: the server over Streamable HTTP at `/mcp`, on
//! loopback unless told otherwise. The server holds the user's
//! credentials, so every request must carry a bearer token (made up at
//! start and printed, or taken from `<TOOL>_MCP_TOKEN`), and `Host` and
//! `Origin` are checked against DNS rebinding as the MCP specification
//! requires (loopback names and origins only, plus the address bound).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::{Request, Response, StatusCode};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};

use super::super::failure::Failure;
use super::super::program::Program;
use super::Server;

/// The path the server answers on.
const PATH: &str = "/mcp";

type Service = StreamableHttpService<Server, LocalSessionManager>;

/// Serves `server` on `addr` until Ctrl-C.
pub(super) fn serve(server: Server, addr: &str, program: &Program) -> Result<(), Failure> {
    let addr = address(addr)?;
    let env = token_env(program);
    let (token, from_env) = match std::env::var(&env) {
        Ok(token) if !token.trim().is_empty() => (token, true),
        _ => (uuid::Uuid::new_v4().simple().to_string(), false),
    };
    super::server_runtime()?.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Failure::usage(format!("--http: cannot listen on {addr}: {e}")))?;
        let bound = listener.local_addr().unwrap_or(addr);
        let mut hosts = vec!["localhost".to_string(), "127.0.0.1".into(), "::1".into()];
        if !addr.ip().is_loopback() {
            hosts.push(addr.ip().to_string());
            eprintln!(
                "{} mcp: listening beyond this machine ({addr}); anyone who can reach it and has the token can use your credentials",
                program.name
            );
        }
        let config = StreamableHttpServerConfig::default()
            .with_allowed_hosts(hosts)
            .with_allowed_origins(["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"]);
        let service: Service =
            StreamableHttpService::new(move || Ok(server.clone()), Arc::default(), config);
        let shown = match from_env {
            true => format!("the token in {env}"),
            false => format!("Authorization: Bearer {token} (set {env} to choose it)"),
        };
        eprintln!(
            "{} mcp: Streamable HTTP at http://{bound}{PATH}; clients must send {shown}",
            program.name
        );
        let token: Arc<str> = Arc::from(token);
        // Ctrl-C, SIGTERM or SIGHUP stops the server (exit 0).
        let mut interrupt = std::pin::pin!(crate::runtime::cli::interrupted());
        loop {
            let stream = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => continue,
                },
                _ = &mut interrupt => return Ok(()),
            };
            let (service, token) = (service.clone(), token.clone());
            tokio::spawn(async move {
                let handler = hyper::service::service_fn(move |request| {
                    answer(request, service.clone(), token.clone())
                });
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, handler)
                    .await;
            });
        }
    })
}

/// `HOST:PORT`, or a port alone on 127.0.0.1.
fn address(addr: &str) -> Result<SocketAddr, Failure> {
    let text = match addr.parse::<u16>() {
        Ok(port) => format!("127.0.0.1:{port}"),
        Err(_) => addr.replace("localhost", "127.0.0.1"),
    };
    text.parse().map_err(|_| {
        Failure::usage(format!(
            "--http: '{addr}' is not an address; give HOST:PORT (127.0.0.1:8808) or a port"
        ))
    })
}

/// The variable holding the server's bearer token (`DCI_MCP_TOKEN`).
fn token_env(program: &Program) -> String {
    match program.api_key_env.strip_suffix("_API_KEY") {
        Some(prefix) => format!("{prefix}_MCP_TOKEN"),
        None => format!(
            "{}_MCP_TOKEN",
            program.name.to_ascii_uppercase().replace('-', "_")
        ),
    }
}

/// One request: refused without the token or off the path, else the MCP
/// service's answer.
async fn answer<B>(
    request: Request<B>,
    service: Service,
    token: Arc<str>,
) -> Result<Response<BoxBody<Bytes, Infallible>>, Infallible>
where
    B: hyper::body::Body + Send + 'static,
    B::Error: std::fmt::Display,
{
    let given = request
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|given| same(given.as_bytes(), token.as_bytes())) {
        let mut response = plain(
            StatusCode::UNAUTHORIZED,
            "missing or wrong bearer token: send the one the server printed at start",
        );
        response.headers_mut().insert(
            hyper::header::WWW_AUTHENTICATE,
            hyper::header::HeaderValue::from_static("Bearer"),
        );
        return Ok(response);
    }
    if request.uri().path() != PATH {
        return Ok(plain(StatusCode::NOT_FOUND, "the MCP endpoint is /mcp"));
    }
    Ok(service.handle(request).await)
}

/// Whether two tokens are the same, in a time that does not tell how
/// much of one matched.
fn same(given: &[u8], token: &[u8]) -> bool {
    given.len() == token.len() && given.iter().zip(token).fold(0, |d, (a, b)| d | (a ^ b)) == 0
}

/// A plain-text answer.
fn plain(status: StatusCode, text: &'static str) -> Response<BoxBody<Bytes, Infallible>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())).boxed());
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests {
    use super::{address, same};

    #[test]
    fn tokens_match_only_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abd", b"abc") && !same(b"ab", b"abc") && !same(b"", b"abc"));
    }

    #[test]
    fn an_address_is_a_port_or_host_and_port() {
        assert_eq!(address("8808").unwrap().to_string(), "127.0.0.1:8808");
        assert_eq!(address("localhost:9").unwrap().to_string(), "127.0.0.1:9");
        assert_eq!(address("0.0.0.0:80").unwrap().to_string(), "0.0.0.0:80");
        assert!(address("nowhere").is_err());
    }
}
