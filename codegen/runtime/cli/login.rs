//! `login` and `logout`: the spec's OAuth 2 authorization code flow with
//! PKCE. A loopback listener on 127.0.0.1 (a random port) takes the
//! redirect, its `state` checked; the code is exchanged at the token URL;
//! the token is kept in the OS keychain where one answers, else in the
//! config file (readable by its owner only), and renewed with its refresh
//! token when it expires. The API key's variable wins over a saved token.

mod keychain;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine;
use sha2::Digest;

use super::config::ConfigFile;
use super::failure::{ErrorCode, Failure};
use crate::runtime::Login;
use keychain::{Secrets, Slot};

/// The config file's keys of a saved sign-in.
const TOKEN: &str = "login_token";
const REFRESH: &str = "login_refresh_token";
const EXPIRES: &str = "login_expires_at";
/// The config file's note of where the token is: [`IN_KEYCHAIN`], or
/// absent when the file has it.
const STORE: &str = "login_store";
const IN_KEYCHAIN: &str = "keychain";

/// How long the listener waits for the browser to come back.
const WAIT: Duration = Duration::from_secs(300);

/// A token a little before it expires counts as expired.
const MARGIN_SECS: u64 = 60;

/// A URL of the flow with its `${NAME}` placeholders filled from their
/// variables, else their defaults.
fn fill(url: &str, login: &Login) -> Result<String, Failure> {
    let mut url = url.to_string();
    for (name, env, default) in login.variables {
        let placeholder = format!("${{{name}}}");
        if !url.contains(&placeholder) {
            continue;
        }
        let value = std::env::var(env)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .or_else(|| default.map(str::to_string))
            .ok_or_else(|| {
                Failure::config(format!("{env} is not set: the sign-in URL needs it"))
                    .with_hint(format!("export {env}"))
            })?;
        url = url.replace(&placeholder, value.trim_end_matches('/'));
    }
    Ok(url)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn random() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// What a token endpoint answers.
#[derive(serde::Deserialize)]
struct Token {
    access_token: String,
    refresh_token: Option<String>,
    expires_in: Option<u64>,
}

/// Posts `form` to the token URL; the token, or why not (exit 10).
async fn exchange(login: &Login, form: &[(&str, &str)]) -> Result<Token, Failure> {
    let url = fill(login.token_url, login)?;
    let refused = |why: String| Failure::new(ErrorCode::AuthInvalid, why);
    let response = reqwest::Client::new()
        .post(&url)
        .form(form)
        .send()
        .await
        .map_err(|e| refused(format!("cannot reach the token URL {url}: {e}")))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if !status.is_success() {
        let said: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let error = said["error"].as_str().unwrap_or("no reason given");
        return Err(refused(format!(
            "the token URL refused ({}): {error}",
            status.as_u16()
        )));
    }
    serde_json::from_str(&body)
        .map_err(|e| refused(format!("the token URL's answer is not a token: {e}")))
}

/// Where a sign-in's secrets are kept.
#[derive(Clone, Copy)]
pub enum Kept {
    Keychain,
    File,
}

impl Kept {
    /// Its name in `status --json`, and in words.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Kept::Keychain => ("keychain", keychain::NAME),
            Kept::File => ("file", "the config file, readable by you only"),
        }
    }
}

/// Keeps a token, for a save of the config file after: in the keychain
/// where it answers, else (with a warning saying why, a JSON one for
/// programs) in the file.
fn remember(config: &mut ConfigFile, program: &str, json: bool, token: &Token) -> Kept {
    match token.expires_in {
        Some(seconds) => config.set(EXPIRES, &(now() + seconds).to_string()),
        None => {
            config.remove(EXPIRES);
        }
    }
    let secrets = Secrets {
        token: token.access_token.clone(),
        refresh: token.refresh_token.clone(),
    };
    match config.path().map(|path| Slot::new(program, path).save(&secrets)) {
        Some(Ok(())) => {
            config.set(STORE, IN_KEYCHAIN);
            config.remove(TOKEN);
            config.remove(REFRESH);
            return Kept::Keychain;
        }
        Some(Err(why)) => super::context::warn(
            "KEYCHAIN",
            &format!(
                "cannot keep the sign-in in {}: {why}; the config file keeps it, readable by you only.",
                keychain::NAME
            ),
            json,
        ),
        None => {}
    }
    config.remove(STORE);
    config.set(TOKEN, &secrets.token);
    match &secrets.refresh {
        Some(refresh) => config.set(REFRESH, refresh),
        None => {
            config.remove(REFRESH);
        }
    }
    Kept::File
}

/// Signs in: prints the authorization URL (and opens it where a browser
/// can be), waits for the redirect, exchanges the code, saves the token.
pub async fn login(login: &Login, config: &mut ConfigFile, program: &str) -> Result<(), Failure> {
    // A signal while waiting ends the sign-in with 128 + its number, and one
    // while the token is saved waits for the file to be whole.
    super::super::output::signals::install();
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Failure::error(format!("cannot listen on 127.0.0.1: {e}")))?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let (verifier, state) = (format!("{}{}", random(), random()), random());
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()));
    let mut url = reqwest::Url::parse(&fill(login.authorize_url, login)?)
        .map_err(|e| Failure::config(format!("the sign-in URL is not a URL: {e}")))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", login.client_id)
        .append_pair("redirect_uri", &redirect)
        .append_pair("scope", &login.scopes.join(" "))
        .append_pair("state", &state)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
    eprintln!("Open this page to sign in (waiting for it on {redirect}):\n  {url}");
    eprintln!("Signing in from another machine's browser? Paste here the address it ends on (it begins {redirect}), then Enter.");
    open_browser(url.as_str());
    let answer = wait_for_redirect(&listener, &redirect)?;
    let code = authorization_code(&answer, &state)
        .map_err(|why| Failure::new(ErrorCode::AuthInvalid, why))?;
    let token = exchange(
        login,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
            ("client_id", login.client_id),
            ("code_verifier", &verifier),
        ],
    )
    .await?;
    super::super::output::hide(&token.access_token);
    let kept = remember(config, program, false, &token);
    config.save()?;
    let path = config
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    match kept {
        Kept::Keychain => eprintln!(
            "Signed in; the token is kept in {}. `{program} logout` removes it.",
            keychain::NAME
        ),
        Kept::File => eprintln!("Signed in; the token is saved in {path} (readable by you only). `{program} logout` removes it."),
    }
    Ok(())
}

/// The code of the sign-in page's answer (the redirect's query), or why
/// there is none: the page's `error`, a `state` not this sign-in's, no
/// `code`. What the page wrote is shown with its control characters
/// escaped.
pub(super) fn authorization_code(answer: &reqwest::Url, state: &str) -> Result<String, String> {
    let pair = |key: &str| {
        answer
            .query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    if let Some(error) = pair("error") {
        let shown: String = error.chars().flat_map(char::escape_debug).collect();
        return Err(format!("sign-in refused: {shown}; nothing was saved"));
    }
    if pair("state").as_deref() != Some(state) {
        return Err(
            "the sign-in answer's state does not match this sign-in; nothing was saved".into(),
        );
    }
    pair("code").ok_or_else(|| "the sign-in answer has no code".to_string())
}

/// The longest request line the redirect listener reads.
const MAX_REQUEST_LINE: u64 = 16 * 1024;

/// The URL a request to the redirect listener asks for, from its first
/// line (`GET /callback?code=..&state=.. HTTP/1.1`): `None` when it names
/// none. At most [`MAX_REQUEST_LINE`] bytes are read.
pub(super) fn request_target(request: impl std::io::Read) -> Option<reqwest::Url> {
    let mut line = Vec::new();
    let _ = BufReader::new(request.take(MAX_REQUEST_LINE)).read_until(b'\n', &mut line);
    let line = String::from_utf8_lossy(&line);
    let target = line.split_whitespace().nth(1)?;
    if !target.starts_with('/') {
        return None;
    }
    reqwest::Url::parse(&format!("http://127.0.0.1{target}")).ok()
}

/// The lines typed on stdin, as they come (a thread reads them).
fn typed_lines() -> std::sync::mpsc::Receiver<String> {
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// Waits for the browser's redirect, or for the address it ended on
/// pasted on stdin (a browser on another machine cannot reach this one's
/// 127.0.0.1); answers a redirect with a page, and returns its URL.
fn wait_for_redirect(listener: &TcpListener, redirect: &str) -> Result<reqwest::Url, Failure> {
    let deadline = Instant::now() + WAIT;
    let _ = listener.set_nonblocking(true);
    let pasted = typed_lines();
    loop {
        if let Ok(line) = pasted.try_recv() {
            match reqwest::Url::parse(line.trim()) {
                Ok(url) if line.trim().starts_with(redirect) => return Ok(url),
                _ => eprintln!("That is not the address the sign-in page sent you to (it begins {redirect}); paste it again, or finish in the browser."),
            }
        }
        match listener.accept() {
            Ok((mut stream, _)) => {
                let _ = stream.set_nonblocking(false);
                // A client that sends nothing does not hold the sign-in up.
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let Some(url) = request_target(&stream) else {
                    let _ =
                        stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
                    continue;
                };
                if url.path() != "/callback" {
                    let _ =
                        stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                    continue;
                }
                let page = "You can close this window and go back to the terminal.";
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                    page.len()
                );
                return Ok(url);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() > deadline {
                    return Err(Failure::new(
                        ErrorCode::AuthInvalid,
                        "no answer from the sign-in page in 5 minutes; nothing was saved",
                    ));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => {
                return Err(Failure::error(format!(
                    "cannot take the sign-in answer: {e}"
                )))
            }
        }
    }
}

/// Opens `url` in a browser, where the session has one to show it on.
fn open_browser(url: &str) {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return;
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// Removes a saved sign-in, from the keychain and the config file;
/// whether there was one. A keychain that cannot remove the one it keeps
/// is a warning.
pub fn logout(config: &mut ConfigFile, program: &str) -> Result<bool, Failure> {
    let in_keychain = config.get(STORE) == Some(IN_KEYCHAIN);
    let mut had = config.remove(TOKEN);
    for key in [REFRESH, EXPIRES, STORE] {
        had |= config.remove(key);
    }
    if had {
        config.save()?;
    }
    let removed = config.path().map(|path| Slot::new(program, path).delete());
    match removed {
        Some(Ok(true)) => had = true,
        Some(Err(why)) if in_keychain => eprintln!(
            "Warning: cannot remove the sign-in from {}: {why}; its entry there is named {program}.",
            keychain::NAME
        ),
        _ => {}
    }
    Ok(had)
}

/// Where the saved sign-in is kept; `None` without one.
pub fn kept(config: &ConfigFile) -> Option<Kept> {
    match (config.get(STORE), config.get(TOKEN)) {
        (Some(IN_KEYCHAIN), _) => Some(Kept::Keychain),
        (_, Some(_)) => Some(Kept::File),
        _ => None,
    }
}

/// A saved sign-in: none, a token, or an expired one with its refresh
/// token if any.
enum Saved {
    None,
    Valid(String),
    Expired(Option<String>),
}

/// The saved sign-in, from the keychain or the config file; a keychain
/// that cannot give the one it keeps is exit 10.
fn saved(config: &ConfigFile, program: &str) -> Result<Saved, Failure> {
    let secrets = match (kept(config), config.path()) {
        (None, _) => return Ok(Saved::None),
        (Some(Kept::Keychain), Some(path)) => {
            let cannot = |why: String| {
                Failure::new(
                    ErrorCode::AuthInvalid,
                    format!("the sign-in is kept in {}, which {why}", keychain::NAME),
                )
                .with_hint(format!("unlock it, or run `{program} login` again"))
            };
            Slot::new(program, path)
                .load()
                .map_err(|why| cannot(format!("cannot give it: {why}")))?
                .ok_or_else(|| cannot("no longer has it".to_string()))?
        }
        _ => Secrets {
            token: config.get(TOKEN).unwrap_or_default().to_string(),
            refresh: config.get(REFRESH).map(str::to_string),
        },
    };
    super::super::output::hide(&secrets.token);
    let expires = config.get(EXPIRES).and_then(|e| e.parse::<u64>().ok());
    Ok(match expires.is_none_or(|at| at > now() + MARGIN_SECS) {
        true => Saved::Valid(secrets.token),
        false => Saved::Expired(secrets.refresh),
    })
}

/// The saved token, renewed first when it has expired; `None` when none
/// is saved. A renewal the token URL refuses is exit 10. The config
/// directory is locked while renewing, and the file read again first: of
/// processes finding the token expired at once, one renews it and the
/// others take its new token (a refresh token that works once is not
/// spent twice). A warning is JSON where `json` (output for programs).
pub async fn saved_token(
    login: &Login,
    config: &mut ConfigFile,
    program: &str,
    json: bool,
) -> Result<Option<String>, Failure> {
    match saved(config, program)? {
        Saved::None => return Ok(None),
        Saved::Valid(token) => return Ok(Some(token)),
        Saved::Expired(_) => {}
    }
    let locked = config.lock()?;
    config.reread()?;
    let refresh = match saved(config, program)? {
        Saved::None => return Ok(None),
        Saved::Valid(token) => return Ok(Some(token)),
        Saved::Expired(refresh) => refresh,
    };
    let hint = format!("run `{program} login` again");
    let Some(refresh) = refresh else {
        return Err(
            Failure::new(ErrorCode::AuthInvalid, "the saved sign-in has expired").with_hint(hint),
        );
    };
    super::super::output::hide(&refresh);
    let mut renewed = exchange(
        login,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("client_id", login.client_id),
        ],
    )
    .await
    .map_err(|failure| {
        Failure::new(
            ErrorCode::AuthInvalid,
            format!(
                "the saved sign-in has expired and could not be renewed: {}",
                failure.message
            ),
        )
        .with_hint(hint)
    })?;
    super::super::output::hide(&renewed.access_token);
    // A server that renews without a new refresh token keeps the old one.
    renewed.refresh_token.get_or_insert(refresh);
    remember(config, program, json, &renewed);
    config.save_locked(&locked)?;
    Ok(Some(renewed.access_token))
}
