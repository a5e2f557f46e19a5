//! The generated code does what the fixture specs say, not just compiles.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use fixtures_compiled::runtime::{self, Method, Operation, Response};
use fixtures_compiled::{bodies, cancel_invite, composition, enums};

/// A client for building requests (nothing here is sent).
fn client() -> runtime::Client {
    runtime::Client::new("http://localhost").expect("client")
}

fn response(status: u16, body: &str) -> Response {
    Response::new(status, Default::default(), body.as_bytes().to_vec())
}

#[test]
fn enum_values_round_trip_including_unknown_ones() {
    use enums::types::{FilterMode, Operator};
    let parsed: Vec<Operator> =
        serde_json::from_str(r#"[">", ">=", "<", "<=", "==", "!=", "~"]"#).expect("decode");
    assert_eq!(
        parsed,
        vec![
            Operator::Gt,
            Operator::Ge,
            Operator::Lt,
            Operator::Le,
            Operator::Eq,
            Operator::Ne,
            Operator::UnknownValue("~".into())
        ]
    );
    assert_eq!(
        serde_json::to_string(&parsed).expect("encode"),
        r#"[">",">=","<","<=","==","!=","~"]"#
    );
    let modes: Vec<FilterMode> = serde_json::from_str(
        r#"["", "a-b", "a_b", "aB", "unknownValue", "UnknownValue", "type", "Self"]"#,
    )
    .expect("decode");
    assert_eq!(modes[0], FilterMode::Empty);
    assert_eq!(modes[1], FilterMode::AB);
    assert_eq!(modes[2], FilterMode::AB2);
    assert_eq!(modes[3], FilterMode::AB3);
    assert_eq!(modes[4], FilterMode::UnknownValue2);
    assert_eq!(modes[5], FilterMode::UnknownValue3);
    assert_eq!(modes[7], FilterMode::SelfType);
    assert_eq!(Operator::from(">=").to_string(), ">=");
}

#[test]
fn cancel_invite_builds_its_request_and_tells_404_from_409() {
    use cancel_invite::client::CancelInvite;
    let client = client();
    let op = client
        .cancel_invite("a/b")
        .idempotency_key("k")
        .dry_run(true)
        .into_request();
    let request = op.request();
    assert_eq!(request.method, Method::POST);
    assert_eq!(request.path, "/iam/v1/users/a%2Fb/actions/cancel");
    assert_eq!(
        request.query,
        vec![("dryRun".to_string(), "true".to_string())]
    );
    assert_eq!(request.header_value("idempotency-key"), Some("k"));
    // A key given is kept; a missing one is made for each call.
    let kept = request
        .clone()
        .with_idempotency_key(CancelInvite::IDEMPOTENCY_KEY);
    assert_eq!(kept.header_value("idempotency-key"), Some("k"));
    let keyless = client.cancel_invite("a/b").dry_run(true).into_request();
    let [first, second] = [1, 2].map(|_| {
        keyless
            .request()
            .with_idempotency_key(CancelInvite::IDEMPOTENCY_KEY)
            .header_value("Idempotency-Key")
            .map(str::to_string)
    });
    assert_eq!(first.as_deref().map(str::len), Some(36), "{first:?}");
    assert_ne!(first, second, "each call has a key of its own");
    assert!(request.body.is_none());
    let ok = CancelInvite::decode(&response(200, r#"{"message":"done","inviteId":"x"}"#))
        .expect("decodes");
    assert_eq!(ok.expect("success").invite_id, "x");
    // Both errors carry the spec's `Error`; the status tells them apart.
    let not_found = runtime::decode::<CancelInvite>(response(404, r#"{"error":"nope"}"#));
    assert!(
        matches!(not_found, Err(runtime::Error::Api { status: 404, body, .. }) if body.error.as_deref() == Some("nope"))
    );
    let conflict = runtime::decode::<CancelInvite>(response(409, r#"{"error":"again"}"#));
    assert!(matches!(
        conflict,
        Err(runtime::Error::Api { status: 409, .. })
    ));
    assert!(
        CancelInvite::decode(&response(418, "")).is_err(),
        "undocumented status"
    );
    assert!(
        CancelInvite::decode(&response(200, r#"{"message":1}"#)).is_err(),
        "wrong shape"
    );
}

#[test]
fn recursive_and_merged_types_decode() {
    use composition::types::{NamedNode, Node, Shape};
    let node: Node = serde_json::from_str(
        r#"{"id":1,"parent":{"id":0},"children":[{"id":2}],"labels":{"a":"b"},"note":null}"#,
    )
    .expect("node");
    assert_eq!(node.parent.as_ref().map(|p| p.id), Some(0));
    assert_eq!(node.children.as_ref().map(Vec::len), Some(1));
    let named: NamedNode = serde_json::from_str(r#"{"id":1,"name":"n"}"#).expect("allOf merges");
    assert_eq!(named.name, "n");
    let shape: Shape = serde_json::from_str(r#"{"side":2,"corners":4}"#).expect("shape");
    match shape {
        Shape::Square(square) => assert_eq!(square.additional_properties.get("corners"), Some(&4)),
        other => panic!("expected a square, got {other:?}"),
    }
    // Optional fields that are absent are left out when sent.
    let node: Node = serde_json::from_str(r#"{"id":3}"#).expect("node");
    let sent = serde_json::to_string(&node).expect("encode");
    assert_eq!(sent, r#"{"id":3}"#);
}

/// A file part's media type: its own, else the spec's `encoding`, else
/// one guessed from its name, else `application/octet-stream`; a required
/// multipart body with no parts is refused, by the client and by clap.
#[test]
fn file_parts_carry_a_content_type_and_a_required_form_needs_a_part() {
    use fixtures_compiled::runtime::{Body, FilePart, Part};
    let client = client();
    let sent_type = |request: fixtures_compiled::runtime::Request| match request.body {
        Some(Body::Multipart(parts)) => parts.iter().find_map(|(_, part)| match part {
            Part::File(file) => file.content_type.clone(),
            Part::Text(_) => None,
        }),
        _ => None,
    };
    let encoded = client.upload_file(FilePart::new("a.csv", b"x".to_vec()));
    assert_eq!(
        sent_type(encoded.into_request().request()).as_deref(),
        Some("image/png")
    );
    let own =
        client.upload_file(FilePart::new("a.csv", b"x".to_vec()).with_content_type("text/plain"));
    assert_eq!(
        sent_type(own.into_request().request()).as_deref(),
        Some("text/plain")
    );
    let guessed = client
        .attach()
        .scan(FilePart::new("scan.pdf", b"%PDF".to_vec()));
    assert_eq!(
        sent_type(guessed.into_request().request()).as_deref(),
        Some("application/pdf")
    );
    let unknown = client
        .attach()
        .scan(FilePart::new("scan.zzz9", b"?".to_vec()));
    assert_eq!(
        sent_type(unknown.into_request().request()).as_deref(),
        Some("application/octet-stream")
    );
    let empty = client.attach().into_request().request();
    let refused = empty.check().expect_err("a required body with no parts");
    assert!(refused.to_string().contains("note, scan"), "{refused}");
    let error = parse::<bodies::cli::Command>(&["fixture", "attach"]).expect_err("clap refuses");
    assert_eq!(
        error.kind(),
        clap::error::ErrorKind::MissingRequiredArgument
    );
    assert!(error.to_string().contains("--scan"), "{error}");
}

#[test]
fn bodies_of_every_kind_are_encoded() {
    use bodies::client::{DeleteNote, PatchNote, PatchNoteSuccess, PutNoteText};
    use fixtures_compiled::runtime::FilePart;
    let client = client();
    let upload = client
        .upload_file(FilePart::new("a.csv", b"x,y".to_vec()))
        .provider("me")
        .into_request()
        .request();
    assert!(
        upload.header_value("X-Tenant-Id").is_none(),
        "client-wide header is not a parameter"
    );
    assert!(
        matches!(upload.body, Some(fixtures_compiled::runtime::Body::Multipart(ref parts)) if parts.len() == 2)
    );
    let patch = client
        .patch_note("n")
        .tags(vec!["a".to_string(), "b".to_string()])
        .into_request()
        .request();
    assert_eq!(patch.query.len(), 2, "array query parameters repeat");
    assert!(matches!(
        PatchNote::decode(&response(204, "")),
        Ok(Ok(PatchNoteSuccess::NoContent))
    ));
    assert!(matches!(
        PatchNote::decode(&response(202, r#"{"jobId":"j"}"#)),
        Ok(Ok(PatchNoteSuccess::Accepted(_)))
    ));
    assert!(
        matches!(
            PatchNote::decode(&response(503, r#"{"message":"m"}"#)),
            Ok(Err(_))
        ),
        "default catches the rest"
    );
    assert!(matches!(
        DeleteNote::decode(&response(422, "")),
        Ok(Err(()))
    ));
    let text = client.put_note_text("n", "hello").into_request().request();
    assert!(
        matches!(text.body, Some(fixtures_compiled::runtime::Body::Bytes { ref content_type, .. }) if content_type == "text/plain")
    );
    assert_eq!(
        PutNoteText::decode(&response(200, "data: 1\n\n"))
            .ok()
            .and_then(Result::ok)
            .as_deref(),
        Some("data: 1\n\n")
    );
}

#[test]
fn parameter_styles_and_url_encoded_bodies() {
    use fixtures_compiled::styles::types::{LoginBody, SearchFilter, SearchXTrace};
    let client = client();
    let search = client
        .search(Vec::new())
        .filter(SearchFilter::default().owner("me").size(2))
        .ids(vec![1, 2])
        .tags(vec!["a".to_string(), "b".to_string()])
        .session("s1")
        .x_trace(SearchXTrace::default().id("t"))
        .into_request()
        .request();
    let query: Vec<(&str, &str)> = search
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        query,
        vec![
            ("filter[owner]", "me"),
            ("filter[size]", "2"),
            ("ids", "1,2"),
            ("tags", "a|b")
        ]
    );
    assert_eq!(search.header_value("X-Trace"), Some(r#"{"id":"t"}"#));
    assert_eq!(
        search.cookies,
        vec![("session".to_string(), "s1".to_string())]
    );
    let login = client
        .login(LoginBody::new("u v").scopes(vec!["a".to_string(), "b".to_string()]))
        .into_request()
        .request();
    match login.body {
        Some(fixtures_compiled::runtime::Body::Bytes {
            bytes,
            content_type,
        }) => {
            assert_eq!(content_type, "application/x-www-form-urlencoded");
            assert_eq!(bytes, b"user=u+v&scopes=a&scopes=b");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn label_and_matrix_path_parameters() {
    let request = client()
        .get_styled_path(
            vec![3, 4],
            "a b",
            vec!["red".to_string(), "x/y".to_string()],
        )
        .into_request()
        .request();
    assert_eq!(
        request.path,
        "/things/.3.4/;key=a%20b;color=red;color=x%2Fy"
    );
}

#[test]
fn a_declared_accept_header_is_set_to_what_the_tool_decodes() {
    let client = client();
    let request = client.export_report("r1").into_request().request();
    assert_eq!(request.header_value("Accept"), Some("application/json"));
    let plain = client
        .get_styled_path(vec![1], "k", vec!["c".to_string()])
        .into_request()
        .request();
    assert_eq!(plain.header_value("Accept"), None);
}

#[test]
fn deep_object_form_fields_and_query_lists_use_brackets() {
    let client = client();
    let body: fixtures_compiled::styles::types::CreateCustomerBody =
        serde_json::from_value(serde_json::json!({
            "description": "hi",
            "metadata": {"plan": "gold", "tier": {"level": 2}},
            "expand": ["sources", "tax"],
            "items": [{"price": "p1", "quantity": 2}],
            "tags": ["x", "y"],
            "extra": {"kept": "as JSON"}
        }))
        .unwrap();
    let request = client
        .create_customer()
        .body(body)
        .expand(vec!["a".to_string(), "b".to_string()])
        .into_request()
        .request();
    assert_eq!(
        request.query,
        vec![
            ("expand[]".to_string(), "a".to_string()),
            ("expand[]".to_string(), "b".to_string())
        ]
    );
    let Some(fixtures_compiled::runtime::Body::Bytes { bytes, .. }) = request.body else {
        panic!("a form body");
    };
    let sent: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    let want = [
        ("description", "hi"),
        ("metadata[plan]", "gold"),
        ("metadata[tier][level]", "2"),
        ("expand[]", "sources"),
        ("expand[]", "tax"),
        ("items[0][price]", "p1"),
        ("items[0][quantity]", "2"),
        ("tags", "x,y"),
        ("extra", r#"{"kept":"as JSON"}"#),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(sent, want);
}

/// Builds one fixture's command tree and runs clap's own checks on it
/// (unique argument and group names, valid defaults), which clap otherwise
/// makes only when that command runs.
fn check_commands<S: clap::Subcommand>() -> clap::Command {
    let command = S::augment_subcommands(clap::Command::new("fixture"));
    command.clone().debug_assert();
    command
}

#[test]
fn every_fixture_command_tree_passes_clap_checks() {
    // `check_commands` runs clap's checks on each tree.
    assert_eq!(fixtures().len(), 14);
}

/// Each compiled fixture: its name, its command catalog and its command tree.
macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        vec![$((
            stringify!($name),
            fixtures_compiled::$name::cli::CATALOG,
            check_commands::<fixtures_compiled::$name::cli::Command>(),
        )),*]
    };
}

fn fixtures() -> Vec<(&'static str, &'static str, clap::Command)> {
    fixtures!(
        auth,
        bodies,
        cancel_invite,
        composition,
        enums,
        hostile,
        names,
        openapi_3_1,
        pagination,
        styles,
        amplify_ui_builder,
        telstra,
        twilio_fax,
        xkcd,
    )
}

#[path = "../../support/flag_texts.rs"]
mod flag_texts;

/// The reference pages under `dir`, read recursively (the index excluded).
fn pages(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("docs folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            // A schema's page (`docs/schemas/`) belongs to no command.
            if path.file_name().is_some_and(|n| n != "schemas") {
                found.extend(pages(&path));
            }
        } else if path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "README.md")
        {
            let text = std::fs::read_to_string(&path).expect("page");
            found.push((path, text));
        }
    }
    found
}

#[test]
fn every_fixture_page_lists_the_flags_and_texts_of_its_help() {
    let fixtures = fixtures();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (fixture, _, root) in &fixtures {
        let docs = std::path::Path::new(env!("OUT_DIR"))
            .join(fixture)
            .join("docs");
        let pages = pages(&docs);
        assert_eq!(
            pages.len(),
            root.get_subcommands().count(),
            "{fixture}: a page per command"
        );
        for (path, page) in pages {
            let name = page
                .lines()
                .find_map(|l| l.strip_prefix("# "))
                .unwrap_or_default();
            let command = root
                .find_subcommand(name)
                .unwrap_or_else(|| panic!("{}: no command '{name}'", path.display()));
            checked += 1;
            wrong.extend(flag_texts::mismatch(&page, command).map(|m| format!("{fixture}: {m}")));
        }
    }
    assert!(checked > 50, "only {checked} pages");
    assert!(
        wrong.is_empty(),
        "{} pages differ from --help:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[path = "../../support/catalog_check.rs"]
mod catalog_check;

/// Each fixture's generated catalog (`commands.json`, which its `commands
/// --json` prints) lists every command with the arguments and flags clap
/// parses, in `--help` order.
#[test]
fn every_fixture_catalog_agrees_with_its_command_tree() {
    let fixtures = fixtures();
    let mut compared = 0;
    let mut wrong = Vec::new();
    for (_, catalog, root) in &fixtures {
        let catalog: serde_json::Value =
            serde_json::from_str(catalog).expect("the catalog is JSON");
        let (mismatches, count) = catalog_check::mismatches(&catalog, root);
        compared += count;
        wrong.extend(mismatches);
    }
    assert!(
        compared > 100,
        "only {compared} arguments and flags compared"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every example of every fixture (the spec's `x-codeSamples` and the one
/// made of the required inputs) is a command line its tree parses.
#[test]
fn every_fixture_example_parses() {
    let mut parsed = 0;
    let mut wrong = Vec::new();
    // The file an example names (`--body @FILE`) is the reader's; here, one.
    let file = std::env::temp_dir().join(format!("fixture-example-{}", std::process::id()));
    std::fs::write(&file, "a,b\n").expect("a file");
    let file = file.display().to_string();
    for (fixture, catalog, root) in fixtures() {
        let catalog: serde_json::Value = serde_json::from_str(catalog).expect("JSON");
        for command in catalog["commands"].as_array().expect("commands") {
            let lines: Vec<&str> = match command["examples"].as_array() {
                Some(all) => all.iter().filter_map(|e| e["command"].as_str()).collect(),
                None => command["example"].as_str().into_iter().collect(),
            };
            for line in lines {
                let words: Vec<String> = shlex::split(line)
                    .expect("shell words")
                    .into_iter()
                    .map(|w| match w.as_str() {
                        "FILE" => file.clone(),
                        "@FILE" => format!("@{file}"),
                        _ => w,
                    })
                    .collect();
                match root.clone().try_get_matches_from(&words) {
                    Ok(_) => parsed += 1,
                    Err(e) => wrong.push(format!("{fixture}: {line}: {}", e.kind())),
                }
            }
        }
    }
    assert!(parsed >= 100, "only {parsed} examples");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Parses a command line into the fixture's `Command`.
fn parse<S: clap::Subcommand>(args: &[&str]) -> Result<S, clap::Error> {
    let matches = check_commands::<S>().try_get_matches_from(args)?;
    S::from_arg_matches(&matches)
}

#[test]
fn a_command_line_parses_into_the_typed_request() {
    use cancel_invite::cli::Command;
    let Ok(Command::CancelInvite(args)) =
        parse::<Command>(&["fixture", "cancel-invite", "inv-1", "--dry-run"])
    else {
        panic!("cancel-invite did not parse");
    };
    let request = args.request;
    assert_eq!(request.id, "inv-1");
    assert_eq!(request.dry_run, Some(true));
    // No key given: the runtime makes one when the request is sent.
    assert_eq!(request.idempotency_key, None);

    // A list of objects is one JSON flag; an enum flag takes only its values.
    use fixtures_compiled::styles::cli::Command as Styles;
    let parsed = parse::<Styles>(&[
        "fixture",
        "search",
        "--points",
        r#"[{"x": 1}, {"x": 2}]"#,
        "--region",
        r#"[{"name": "eu"}]"#,
        "--ids",
        "3",
        "--ids",
        "4",
    ]);
    let Ok(Styles::Search(search)) = parsed else {
        panic!("search did not parse: {parsed:?}");
    };
    let points = search.request.points.expect("points");
    assert_eq!(points.len(), 2);
    assert_eq!(points[1].x, Some(2));
    assert_eq!(search.request.region.len(), 1);
    assert_eq!(search.request.ids, Some(vec![3, 4]));
    let missing = parse::<Styles>(&["fixture", "search"]).expect_err("--region is required");
    assert_eq!(
        missing.kind(),
        clap::error::ErrorKind::MissingRequiredArgument
    );
    let bad = parse::<Styles>(&["fixture", "search", "--region", "[1]"]).expect_err("not objects");
    assert!(bad.to_string().contains("--region"), "{bad}");

    // A boolean body takes a value; a nullable required body is still required.
    use bodies::cli::Command as Bodies;
    let parsed = parse::<Bodies>(&["fixture", "put-flag", "--body", "true"]);
    let Ok(Bodies::PutFlag(flag)) = parsed else {
        panic!("put-flag did not parse: {parsed:?}");
    };
    assert!(flag.request.body);
    let err = parse::<Bodies>(&["fixture", "put-flag"]).expect_err("--body is required");
    assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
    let err = parse::<Bodies>(&["fixture", "set-maybe"]).expect_err("--body is required");
    assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
    let parsed = parse::<Bodies>(&["fixture", "set-maybe", "--body", r#"{"on": true}"#]);
    let Ok(Bodies::SetMaybe(maybe)) = parsed else {
        panic!("set-maybe did not parse: {parsed:?}");
    };
    assert_eq!(maybe.request.body.and_then(|b| b.on), Some(true));

    use enums::cli::Command as Enums;
    let parsed = parse::<Enums>(&[
        "fixture",
        "list-filters",
        "--operator",
        ">=",
        "--windows",
        "7d",
    ]);
    let Ok(Enums::ListFilters(filters)) = parsed else {
        panic!("list-filters did not parse: {parsed:?}");
    };
    assert_eq!(filters.request.operator, Some(enums::types::Operator::Ge));
    assert_eq!(filters.request.windows.map(|w| w.len()), Some(1));
    let err = parse::<Enums>(&["fixture", "list-filters", "--operator", "!!"])
        .expect_err("not one of the values");
    assert_eq!(err.kind(), clap::error::ErrorKind::InvalidValue);
    assert!(err.to_string().contains(">="), "{err}");
}
