//! Load (issue 33): one `Client` shared by a thousand concurrent calls to a
//! local server that delays and fails some; `--all -o jsonl` across 10,000
//! pages and a live stream of a million events, each in bounded memory
//! (the child's peak resident memory, from the kernel). Each test prints
//! its figures (`cargo test --test load -- --nocapture`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[allow(dead_code)] // only the key and the config directory are used here
mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use dci::runtime::Client;
use http_body_util::Full;
use hyper::{Request, Response};

/// Connections accepted and requests answered by a [`serve`] server.
#[derive(Default)]
struct Counts {
    connections: AtomicUsize,
    requests: AtomicUsize,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

type Answer = Result<Response<Full<Bytes>>, std::io::Error>;

/// An HTTP/1.1 server on a local port answering each request with
/// `answer` (an `Err` drops the connection without an answer).
async fn serve<F, Fut>(answer: F) -> (SocketAddr, Arc<Counts>)
where
    F: Fn(Request<hyper::body::Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Answer> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let counts = Arc::new(Counts::default());
    let counted = counts.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counted.connections.fetch_add(1, Ordering::SeqCst);
            let (answer, counted) = (answer.clone(), counted.clone());
            let service = hyper::service::service_fn(move |request| {
                let (answer, counted) = (answer.clone(), counted.clone());
                async move {
                    counted.requests.fetch_add(1, Ordering::SeqCst);
                    let now = counted.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    counted.most_in_flight.fetch_max(now, Ordering::SeqCst);
                    let answered = answer(request).await;
                    counted.in_flight.fetch_sub(1, Ordering::SeqCst);
                    answered
                }
            });
            tokio::spawn(async move {
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await;
            });
        }
    });
    (addr, counts)
}

fn json(status: u16, body: String) -> Answer {
    Ok(Response::builder()
        .status(status)
        .header("Content-Type", "application/json")
        .header("Retry-After", "0")
        .body(Full::new(Bytes::from(body)))
        .unwrap())
}

/// The kernel's peak resident memory of this process, in MB.
fn own_peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// Alert `n` answers after `n % 40` ms: every tenth (n % 10 == 3) first
/// with a 503, every seventeenth (n % 17 == 5) first by dropping the
/// connection, and every twenty-third (n % 23 == 7) always with a 404.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_shared_by_a_thousand_concurrent_calls() {
    const CALLS: usize = 1000;
    let attempts: Arc<Mutex<HashMap<usize, usize>>> = Arc::default();
    let seen = attempts.clone();
    let (addr, counts) = serve(move |request| {
        let seen = seen.clone();
        async move {
            let n: usize = request
                .uri()
                .path()
                .rsplit('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let attempt = {
                let mut seen = seen.lock().unwrap();
                let count = seen.entry(n).or_default();
                *count += 1;
                *count
            };
            tokio::time::sleep(Duration::from_millis((n % 40) as u64)).await;
            match n {
                _ if n % 23 == 7 => json(404, r#"{"error": "not found"}"#.into()),
                _ if n % 10 == 3 && attempt == 1 => json(503, "{}".into()),
                _ if n % 17 == 5 && attempt == 1 => Err(std::io::Error::other("dropped")),
                _ => json(200, format!(r#"{{"id": "{n}", "name": "alert {n}"}}"#)),
            }
        }
    })
    .await;
    let client = Client::builder(format!("http://{addr}"))
        .api_key(common::KEY)
        .build()
        .unwrap();
    let started = Instant::now();
    let mut waves = Vec::new();
    for wave in 0..2 {
        let before = counts.connections.load(Ordering::SeqCst);
        let calls = (0..CALLS).map(|n| {
            let client = client.clone();
            tokio::spawn(async move { (n, client.get_alert(n.to_string()).send().await) })
        });
        let results = tokio::time::timeout(
            Duration::from_secs(60),
            futures_util::future::join_all(calls),
        )
        .await
        .expect("a thousand calls done within a minute: no deadlock");
        let mut failed = 0;
        for result in results {
            let (n, result) = result.unwrap();
            if n % 23 == 7 {
                let status = result.as_ref().err().and_then(|e| e.status());
                assert_eq!(status, Some(404), "alert {n}: {result:?}");
                failed += 1;
            } else {
                let alert = result.unwrap_or_else(|e| panic!("alert {n}: {e}")).body;
                assert_eq!(alert.id.as_deref(), Some(n.to_string().as_str()));
                assert_eq!(alert.name, format!("alert {n}"));
            }
        }
        let opened = counts.connections.load(Ordering::SeqCst) - before;
        waves.push((opened, failed));
        if wave == 0 {
            attempts.lock().unwrap().clear();
            // The pool takes a connection back when its task has seen the
            // answer end; on a loaded machine that lags the calls' ends.
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
    let requests = counts.requests.load(Ordering::SeqCst);
    let most = counts.most_in_flight.load(Ordering::SeqCst);
    println!(
        "{} calls in {:.2} s: {requests} requests, connections opened {} then {}, \
         at most {most} requests in flight, 404s {} per wave, peak memory {:.0} MB",
        2 * CALLS,
        started.elapsed().as_secs_f64(),
        waves[0].0,
        waves[1].0,
        waves[0].1,
        own_peak_mb()
    );
    // Retries: one more request per 503 and per dropped connection.
    let retried = (0..CALLS)
        .filter(|n| n % 23 != 7 && (n % 10 == 3 || n % 17 == 5))
        .count();
    assert_eq!(
        requests,
        2 * (CALLS + retried),
        "each call sent once, retries once"
    );
    // The calls ran together, not one by one.
    assert!(most > 100, "at most {most} requests in flight");
    // The second wave reuses the first's connections: without reuse it
    // would open one per call. It opens those the dropped answers closed,
    // and, where the first wave ran less in parallel (a loaded machine),
    // those the second needs beyond what the first left in the pool.
    let dropped = (0..CALLS).filter(|n| n % 23 != 7 && n % 17 == 5).count();
    assert!(
        waves[1].0 < CALLS / 4,
        "the second wave opened {} connections ({dropped} were dropped)",
        waves[1].0
    );
    assert!(own_peak_mb() < 500.0, "peak memory {:.0} MB", own_peak_mb());
}

/// Runs dci with `args` against `base_url`, counting its stdout's lines as
/// they come (each checked by `line`); its exit code, stderr and the
/// child's peak resident memory in MB.
fn run_counting(
    base_url: &str,
    cache: &std::path::Path,
    args: &[&str],
    mut line: impl FnMut(&str),
) -> (i32, String, f64) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("dci"))
        .env_clear()
        .env("DCI_API_BASE_URL", base_url)
        .env("DCI_API_KEY", common::KEY)
        .env("DCI_CONFIG_DIR", common::NO_CONFIG_DIR)
        .env("DCI_CACHE_DIR", cache)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    for text in BufReader::new(child.stdout.take().unwrap()).lines() {
        line(&text.unwrap());
    }
    let (code, peak_mb) = wait_measured(child);
    (code, errors.join().unwrap(), peak_mb)
}

/// Waits for `child`: its exit code and peak resident memory in MB.
fn wait_measured(child: Child) -> (i32, f64) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is a child of this process not yet waited for; the
    // pointers are to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    std::mem::forget(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    (code, usage.ru_maxrss as f64 / 1024.0)
}

/// `--all -o jsonl` prints 10,000 pages of five alerts as they come: every
/// alert once, in order, and the tool's memory stays under 50 MB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_pages_as_json_lines_in_bounded_memory() {
    const PAGES: usize = 10_000;
    const PER_PAGE: usize = 5;
    let (addr, counts) = serve(|request| async move {
        let query = request.uri().query().unwrap_or_default().to_string();
        let page: usize = query
            .split('&')
            .find_map(|p| p.strip_prefix("pageToken="))
            .map_or(0, |t| t.parse().unwrap());
        let alerts: Vec<String> = (0..PER_PAGE)
            .map(|i| {
                let n = page * PER_PAGE + i;
                format!(
                    r#"{{"id": "{n}", "name": "alert {n}", "recipients": ["ops@example.com"]}}"#
                )
            })
            .collect();
        let next = if page + 1 < PAGES {
            format!(r#", "pageToken": "{}""#, page + 1)
        } else {
            String::new()
        };
        json(
            200,
            format!(r#"{{"alerts": [{}]{next}}}"#, alerts.join(", ")),
        )
    })
    .await;
    let url = format!("http://{addr}");
    // The names cache where a user has it: each page's names go in it.
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = cache.path().to_path_buf();
    let started = Instant::now();
    let mut next = 0usize;
    let (code, stderr, peak_mb) = tokio::task::spawn_blocking(move || {
        run_counting(
            &url,
            &cache_dir,
            &["list-alerts", "--all", "-o", "jsonl"],
            |line| {
                let value: serde_json::Value = serde_json::from_str(line).unwrap();
                let ids: Vec<&str> = match &value["alerts"] {
                    serde_json::Value::Array(alerts) => {
                        alerts.iter().filter_map(|a| a["id"].as_str()).collect()
                    }
                    _ => vec![value["id"].as_str().unwrap()],
                };
                for id in ids {
                    assert_eq!(id, next.to_string(), "alerts out of order");
                    next += 1;
                }
            },
        )
    })
    .await
    .unwrap();
    let cached = std::fs::metadata(cache.path().join("names.json")).map_or(0, |m| m.len());
    println!(
        "{PAGES} pages in {:.1} s over {} connection(s), peak memory {peak_mb:.1} MB, \
         names cache {cached} bytes",
        started.elapsed().as_secs_f64(),
        counts.connections.load(Ordering::SeqCst),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts.requests.load(Ordering::SeqCst), PAGES);
    assert!(peak_mb < 50.0, "peak memory {peak_mb:.1} MB");
}

/// A raw server that answers one request with a live stream of `events`
/// events, then (when `endless` is some) one event of that many bytes
/// never ended.
fn stream_server(events: usize, endless: Option<usize>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 2 {
            line.clear();
        }
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
        let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut stream);
        let _ = out.write_all(head.as_bytes());
        for n in 0..events {
            let _ = write!(out, "id: {n}\ndata: {{\"n\": {n}}}\n\n");
        }
        if let Some(bytes) = endless {
            let _ = out.write_all(b"data: ");
            let block = vec![b'x'; 1 << 16];
            for _ in 0..bytes / block.len() {
                if out.write_all(&block).is_err() {
                    break;
                }
            }
        }
        let _ = out.flush();
    });
    url
}

const QUESTION: &str = r#"{"question": "What did we spend?"}"#;

/// A live stream of a million events is printed event by event, in
/// memory that does not grow with the stream.
#[test]
fn a_million_events_in_bounded_memory() {
    const EVENTS: usize = 1_000_000;
    let url = stream_server(EVENTS, None);
    let started = Instant::now();
    let mut next = 0usize;
    let (code, stderr, peak_mb) = run_counting(
        &url,
        std::path::Path::new(common::NO_CONFIG_DIR),
        &["ask-ava-streaming", "--body", QUESTION, "-o", "jsonl"],
        |line| {
            assert!(
                line.contains(&format!("{{\"n\": {next}}}"))
                    || line.contains(&format!("\"n\":{next}")),
                "event {next}: {line}"
            );
            next += 1;
        },
    );
    println!(
        "{EVENTS} events in {:.1} s, peak memory {peak_mb:.1} MB",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(next, EVENTS);
    assert!(peak_mb < 50.0, "peak memory {peak_mb:.1} MB");
}

/// A server that starts an event and never ends it (64 MiB and more) is
/// cut at 16 MiB with an error, not read into memory without end.
#[test]
fn an_event_that_never_ends_is_cut() {
    let url = stream_server(3, Some(64 << 20));
    let mut events = 0;
    let (code, stderr, peak_mb) = run_counting(
        &url,
        std::path::Path::new(common::NO_CONFIG_DIR),
        &["ask-ava-streaming", "--body", QUESTION, "-o", "jsonl"],
        |_| events += 1,
    );
    println!(
        "an endless event: exit {code}, peak memory {peak_mb:.1} MB: {}",
        stderr.trim()
    );
    assert_eq!(events, 3, "the events before it are printed");
    assert_ne!(code, 0);
    assert!(stderr.contains("longer than 16 MiB"), "{stderr}");
    assert!(peak_mb < 120.0, "peak memory {peak_mb:.1} MB");
}
