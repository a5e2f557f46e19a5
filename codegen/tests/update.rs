//! `codegen update` end to end: the real binary against a local HTTP server
//! serving two versions of a spec, and servers that answer 304, 500, HTML,
//! a truncated body or nothing at all. A refusal leaves the project's files
//! byte for byte as they were; a second run changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use assert_cmd::Command;

const V1: &str = "openapi: 3.0.3
info: {title: Demo, version: 1.0.0}
paths:
  /items:
    get:
      operationId: listItems
      responses:
        '200':
          description: the items
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Item'}}}}
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getItem
      responses:
        '200': {description: one item, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
    delete:
      operationId: deleteItem
      responses: {'204': {description: gone}}
components:
  schemas:
    Item:
      type: object
      properties:
        id: {type: string}
        name: {type: string}
";

/// V1 and an operation more: a minor release.
fn v2() -> String {
    V1.replace("1.0.0", "1.1.0").replace(
        "  /items/{id}:\n",
        "    post:\n      operationId: createItem\n      requestBody:\n        content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}\n      responses: {'201': {description: made}}\n  /items/{id}:\n",
    )
}

/// V2 without the DELETE: a break.
fn v3() -> String {
    v2().replace("1.1.0", "1.2.0").replace(
        "    delete:\n      operationId: deleteItem\n      responses: {'204': {description: gone}}\n",
        "",
    )
}

/// What the server answers next: a status line's code, headers, a body,
/// and how many body bytes to leave out while promising them.
#[derive(Clone)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    cut: usize,
    silent: bool,
}

impl Answer {
    fn spec(body: &str, etag: &str) -> Answer {
        Answer {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "application/yaml".into()),
                ("ETag".into(), etag.into()),
            ],
            body: body.as_bytes().to_vec(),
            cut: 0,
            silent: false,
        }
    }
    fn status(status: u16, content_type: &str, body: &str) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            ..Answer::spec(body, "")
        }
    }
}

/// A local HTTP server answering every request with the current answer;
/// with an ETag, a matching `If-None-Match` gets 304.
struct Server {
    url: String,
    answer: Arc<Mutex<Answer>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/openapi.yaml", listener.local_addr().unwrap());
        let answer = Arc::new(Mutex::new(Answer::status(404, "text/plain", "none yet")));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (a, r) = (answer.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let head = read_head(&mut stream);
                r.lock().unwrap().push(head.clone());
                let answer = a.lock().unwrap().clone();
                // Each answer on its own thread: a silent one holds only its own.
                std::thread::spawn(move || {
                    if answer.silent {
                        std::thread::sleep(std::time::Duration::from_secs(5));
                        return;
                    }
                    let _ = stream.write_all(&respond(&head, &answer));
                });
            }
        });
        Server {
            url,
            answer,
            requests,
        }
    }
    fn answer(&self, answer: Answer) {
        *self.answer.lock().unwrap() = answer;
    }
    fn last_request(&self) -> String {
        self.requests
            .lock()
            .unwrap()
            .last()
            .cloned()
            .unwrap_or_default()
    }
}

fn read_head(stream: &mut std::net::TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).map(|n| n == 1).unwrap_or(false) {
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

fn respond(head: &str, answer: &Answer) -> Vec<u8> {
    let etag = answer
        .headers
        .iter()
        .find(|(k, _)| k == "ETag")
        .map(|(_, v)| v.as_str())
        .filter(|e| !e.is_empty());
    let asked = head.lines().find_map(|l| {
        l.strip_prefix("if-none-match: ")
            .or(l.strip_prefix("If-None-Match: "))
    });
    if etag.is_some() && asked == etag {
        return b"HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_vec();
    }
    let mut out = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", answer.status);
    for (k, v) in answer.headers.iter().filter(|(_, v)| !v.is_empty()) {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", answer.body.len()));
    let mut out = out.into_bytes();
    out.extend_from_slice(&answer.body[..answer.body.len() - answer.cut]);
    out
}

/// A project as `codegen update` expects one, its spec at V1 and its
/// generated directory fresh.
struct Project {
    _dir: tempfile::TempDir,
    root: PathBuf,
    report: PathBuf,
}

impl Project {
    fn new(url: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("demo");
        let spec = root.join("spec");
        std::fs::create_dir_all(&spec).unwrap();
        std::fs::write(spec.join("api.yaml"), V1).unwrap();
        std::fs::write(
            spec.join("source.yaml"),
            format!(
                "# Where the spec comes from.\nspec: api.yaml\nurl: {url}\nprogram: demo\ncustomization: demo.yaml\ngenerated: ../generated\nmanifest: ../Cargo.toml\nchangelog: ../CHANGELOG.md\naccepted: accepted-changes.yaml\n\n# The copy.\nsha256: null\nbytes: {}\netag: null\n",
                V1.len()
            ),
        )
        .unwrap();
        std::fs::write(spec.join("demo.yaml"), "overlays: [demo.overlay.yaml]\n").unwrap();
        std::fs::write(
            spec.join("demo.overlay.yaml"),
            "overlay: 1.0.0\ninfo: {title: demo, version: 1.0.0}\nactions:\n  - target: $.paths['/items/{id}'].get\n    update: {x-destructive: true}\n",
        )
        .unwrap();
        std::fs::write(spec.join("accepted-changes.yaml"), "[]\n").unwrap();
        std::fs::write(
            root.join("Cargo.toml"),
            "[package]\nname = \"demo\"\nversion = \"1.4.2\"\n\n[dependencies]\nserde = { version = \"1\" }\n",
        )
        .unwrap();
        std::fs::write(
            root.join("Cargo.lock"),
            "version = 4\n\n[[package]]\nname = \"demo\"\nversion = \"1.4.2\"\n",
        )
        .unwrap();
        let config = codegen::Config::new("spec/api.yaml", "demo")
            .customize(&spec.join("demo.yaml"))
            .unwrap();
        let output = codegen::generate(&spec.join("api.yaml"), &config).unwrap();
        codegen::write::write_files(&root.join("generated"), &output.files).unwrap();
        let report = dir.path().join("out/report.md");
        Project {
            _dir: dir,
            root,
            report,
        }
    }

    fn update(&self, extra: &[&str]) -> (i32, String, String) {
        let output = Command::cargo_bin("codegen")
            .unwrap()
            .current_dir(&self.root)
            .args(["update", "--timeout", "2", "--report"])
            .arg(&self.report)
            .args(extra)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// Every file of the project, by path.
    fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        collect(&self.root, &self.root, &mut files);
        files
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root.join(path)).unwrap()
    }
}

fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let bytes = std::fs::read(&path).unwrap();
            files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
        }
    }
}

#[test]
fn a_new_release_is_fetched_regenerated_versioned_and_described_once() {
    let server = Server::start();
    let project = Project::new(&server.url);
    let before = project.files();
    server.answer(Answer::spec(&v2(), "\"v2\""));
    let (code, stdout, stderr) = project.update(&[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.ends_with("verdict: minor\n"), "{stdout}");
    assert!(
        stdout.contains("demo 1.4.2 -> 1.5.0 (verdict: minor)"),
        "{stdout}"
    );
    assert_eq!(project.read("spec/api.yaml"), v2(), "the vendor's bytes");
    assert!(project.read("Cargo.toml").contains("version = \"1.5.0\""));
    assert!(project
        .read("Cargo.lock")
        .contains("name = \"demo\"\nversion = \"1.5.0\""));
    let changelog = project.read("CHANGELOG.md");
    assert!(
        changelog.contains("## [Unreleased]\n\n## [1.5.0] - 20"),
        "{changelog}"
    );
    assert!(
        changelog.contains("### Added\n\n- `demo create-item` (`Client::create_item`)"),
        "{changelog}"
    );
    let source = project.read("spec/source.yaml");
    assert!(source.contains("etag: '\"v2\"'"), "{source}");
    assert!(
        source.contains(&format!("bytes: {}", v2().len())),
        "{source}"
    );
    assert!(
        source.starts_with("# Where the spec comes from.\nspec: api.yaml\n"),
        "comments kept"
    );
    let cli = project.read("generated/cli.rs");
    assert!(cli.contains("create-item"), "generated/ regenerated");
    assert!(cli.contains("GetItem") && before.len() < project.files().len());
    let report = std::fs::read_to_string(&project.report).unwrap();
    assert!(
        report.contains("**Verdict: minor.**")
            && report.contains("`create-item` (POST /items) was added")
            && report.contains("## Done\n\n- spec/api.yaml: replaced")
            && report.trim_end().ends_with("report.md"),
        "{report}"
    );

    // Again: the server answers 304 to the recorded ETag; nothing changes.
    let after = project.files();
    let (code, stdout, _) = project.update(&[]);
    assert_eq!(code, 0);
    assert!(server
        .last_request()
        .to_ascii_lowercase()
        .contains("if-none-match: \"v2\""));
    assert!(stdout.contains("not modified"), "{stdout}");
    assert_eq!(project.files(), after);

    // A server that ignores the condition and sends the same bytes: nothing.
    let mut same = Answer::spec(&v2(), "");
    same.headers.retain(|(k, _)| k != "ETag");
    server.answer(same);
    let (code, stdout, _) = project.update(&[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("is the vendored copy"), "{stdout}");
    assert_eq!(project.files(), after);

    // The next release breaks: applied for review, exit 3, a major bump.
    server.answer(Answer::spec(&v3(), "\"v3\""));
    let (code, stdout, stderr) = project.update(&[]);
    assert_eq!(code, 3, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("1.5.0 -> 2.0.0") && stdout.ends_with("verdict: major\n"),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 breaking change(s) are not in the accepted list"),
        "{stderr}"
    );
    let changelog = project.read("CHANGELOG.md");
    let (new, old) = (
        changelog.find("## [2.0.0]").unwrap(),
        changelog.find("## [1.5.0]").unwrap(),
    );
    assert!(
        new < old && changelog.contains("### Removed"),
        "{changelog}"
    );
}

/// Each bad answer is refused with its reason, and the tree is untouched.
#[test]
fn a_refused_update_changes_nothing() {
    let server = Server::start();
    let project = Project::new(&server.url);
    let before = project.files();
    let html = "<!DOCTYPE html><html><body>Sign in</body></html>";
    let mut truncated = Answer::spec(&v2(), "\"t\"");
    truncated.cut = 200;
    let mut silent = Answer::spec(&v2(), "");
    silent.silent = true;
    let older = V1
        .replace("1.0.0", "0.9.0")
        .replace("the items", "all the items");
    let no_target = v2().replace(
        "    get:\n      operationId: getItem",
        "    head:\n      operationId: headItem",
    );
    let cases = [
        (
            Answer::status(500, "text/plain", "oops"),
            "answered HTTP 500",
        ),
        (Answer::status(200, "text/html", html), "HTML"),
        (truncated, "cut short"),
        (silent, "no answer within 2 s"),
        (Answer::spec("openapi: [", ""), "not valid YAML"),
        (
            Answer::spec(&older, ""),
            "info.version 0.9.0 is older than the vendored copy's 1.0.0",
        ),
        (Answer::spec(&no_target, ""), "actions[0]"),
    ];
    for (answer, reason) in cases {
        server.answer(answer);
        let (code, stdout, stderr) = project.update(&[]);
        assert_eq!(code, 1, "{reason}: {stdout}\n{stderr}");
        assert!(
            stderr.contains(reason) && stderr.contains("nothing changed"),
            "{reason}: {stderr}"
        );
        assert_eq!(project.files(), before, "{reason}: the tree changed");
        assert!(!project.report.exists());
    }
}

/// A step failing after the files were written puts them all back.
#[test]
fn a_failing_after_step_puts_every_file_back() {
    let server = Server::start();
    let project = Project::new(&server.url);
    let source = project.root.join("spec/source.yaml");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        text.replace(
            "\n# The copy.",
            "\nafter:\n  - [sh, -c, 'touch generated/new-file && echo failing on purpose >&2 && exit 7']\n\n# The copy.",
        ),
    )
    .unwrap();
    let before = project.files();
    server.answer(Answer::spec(&v2(), "\"v2\""));
    let (code, _, stderr) = project.update(&[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("failing on purpose"), "{stderr}");
    assert_eq!(project.files(), before);

    // From a file instead of the URL, with the step mended: it lands.
    std::fs::write(&source, text).unwrap();
    let file = project.root.join("../v2.yaml");
    std::fs::write(&file, v2()).unwrap();
    let (code, stdout, stderr) = project.update(&["--from", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(project.read("spec/api.yaml"), v2());
    assert!(project.read("spec/source.yaml").contains("etag: null"));
}
