//! A property per parser of outside input (issue 33), beside the fuzz
//! targets of `codegen/fuzz`: inputs made from a model, and what dci makes
//! of them checked against the model. The body merge's property: what the
//! user wrote is what is sent, field for field and number for number.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use dci::runtime::cli::fuzz;
use proptest::prelude::*;
use serde_json::value::RawValue;

/// JSON as text, numbers and strings as their written text: what a reader
/// of the bytes sent sees, with object members in their order.
#[derive(Clone, Debug)]
enum Text {
    Object(Vec<(String, Text)>),
    List(Vec<Text>),
    Leaf(String),
}

impl Text {
    /// `raw` read with no number going through a float.
    fn read(raw: &str) -> Text {
        let raw = raw.trim();
        if raw.starts_with('{') {
            let members: Members = serde_json::from_str(raw).unwrap();
            Text::Object(
                members
                    .0
                    .into_iter()
                    .map(|(k, v)| (k, Text::read(v.get())))
                    .collect(),
            )
        } else if raw.starts_with('[') {
            let items: Vec<Box<RawValue>> = serde_json::from_str(raw).unwrap();
            Text::List(items.iter().map(|v| Text::read(v.get())).collect())
        } else {
            Text::Leaf(raw.to_string())
        }
    }

    /// Written as JSON, `gap` between tokens.
    fn write(&self, gap: &str) -> String {
        match self {
            Text::Leaf(text) => text.clone(),
            Text::List(items) => {
                let items: Vec<String> = items.iter().map(|i| i.write(gap)).collect();
                format!("[{gap}{}{gap}]", items.join(&format!(",{gap}")))
            }
            Text::Object(members) => {
                let members: Vec<String> = members
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{}:{gap}{}",
                            serde_json::to_string(k).unwrap(),
                            v.write(gap)
                        )
                    })
                    .collect();
                format!("{{{gap}{}{gap}}}", members.join(&format!(",{gap}")))
            }
        }
    }

    /// The same JSON, numbers digit for digit, strings as they decode.
    fn same(&self, other: &Text) -> bool {
        match (self, other) {
            (Text::Leaf(a), Text::Leaf(b)) if a.starts_with('"') => {
                serde_json::from_str::<String>(a).ok() == serde_json::from_str::<String>(b).ok()
            }
            (Text::Leaf(a), Text::Leaf(b)) => a == b,
            (Text::List(a), Text::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.same(b))
            }
            (Text::Object(a), Text::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && va.same(vb))
            }
            _ => false,
        }
    }

    /// Puts `value` at `path` as shorthand does: objects made where
    /// nothing (or null) was; none through a value that is not one.
    fn assign(&mut self, path: &[String], value: Text) -> Result<(), ()> {
        let Some((key, rest)) = path.split_first() else {
            *self = value;
            return Ok(());
        };
        if matches!(self, Text::Leaf(t) if t == "null") {
            *self = Text::Object(Vec::new());
        }
        let Text::Object(members) = self else {
            return Err(());
        };
        let at = match members.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                members.push((key.clone(), Text::Leaf("null".into())));
                members.len() - 1
            }
        };
        members[at].1.assign(rest, value)
    }
}

/// An object's members in the order written.
struct Members(Vec<(String, Box<RawValue>)>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// A JSON number as people write them: big integers, decimals with
/// trailing zeros, exponents.
fn number() -> impl Strategy<Value = String> {
    "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,6})?([eE][+-]?[0-9]{1,2})?"
}

fn key() -> impl Strategy<Value = String> {
    "[a-d]{1,2}"
}

/// A leaf of a written body: a number, a string, true or null.
fn leaf() -> impl Strategy<Value = Text> {
    prop_oneof![
        number().prop_map(Text::Leaf),
        "[a-z é\"\\\\]{0,6}".prop_map(|s| Text::Leaf(serde_json::to_string(&s).unwrap())),
        Just(Text::Leaf("true".into())),
        Just(Text::Leaf("null".into())),
    ]
}

/// A body as written with `--body`: an object, members unique.
fn written() -> impl Strategy<Value = Text> {
    let value = leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Text::List),
            prop::collection::btree_map(key(), inner, 0..4)
                .prop_map(|m| Text::Object(m.into_iter().collect())),
        ]
    });
    prop::collection::btree_map(key(), value, 0..5)
        .prop_map(|m| Text::Object(m.into_iter().collect()))
}

/// A shorthand field: its path, and its value as typed (a number or a
/// word that stays a string).
fn field() -> impl Strategy<Value = (Vec<String>, String)> {
    (
        prop::collection::vec(key(), 1..4),
        prop_oneof![number(), "w[a-z]{0,5}"],
    )
}

/// The value a shorthand word or number stands for, as JSON text.
fn typed(value: &str) -> Text {
    if value.starts_with('w') {
        Text::Leaf(serde_json::to_string(value).unwrap())
    } else {
        Text::Leaf(value.to_string())
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        // A failure prints its smallest input; nothing is written beside the tests.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// `--body` and shorthand: the body sent is the body written with each
    /// field put where it says, every number with the digits typed, every
    /// member in place; a field through a value that is not an object is
    /// an error, never a guess.
    #[test]
    fn the_body_sent_is_the_body_written(
        body in prop::option::of(written()),
        fields in prop::collection::vec(field(), 0..5),
        pretty in any::<bool>(),
        one_argument in any::<bool>(),
    ) {
        let gap = if pretty { "\n  " } else { "" };
        let text = body.as_ref().map(|b| b.write(gap));
        let typed_fields: Vec<String> = fields
            .iter()
            .map(|(path, value)| format!("{}:{value}", path.join(".")))
            .collect();
        let arguments = if one_argument { vec![typed_fields.join(", ")] } else { typed_fields };
        let arguments: Vec<&str> = arguments.iter().map(String::as_str).filter(|a| !a.is_empty()).collect();

        let mut expected = body.clone().unwrap_or(Text::Leaf("null".into()));
        let fits = fields.iter().try_for_each(|(path, value)| expected.assign(path, typed(value)));
        let sent = fuzz::body(text.as_deref().map(str::as_bytes), &arguments);
        match (fits, sent) {
            (Ok(()), Ok(sent)) => {
                let sent = String::from_utf8(sent).unwrap();
                let read = Text::read(&sent);
                prop_assert!(read.same(&expected), "sent {sent}\nwanted {}", expected.write(""));
                if let (true, Some(text)) = (arguments.is_empty(), &text) {
                    prop_assert_eq!(sent.as_str(), text.trim());
                }
            }
            (Err(()), Err(why)) => prop_assert!(why.contains("the body field"), "{why}"),
            (fits, sent) => prop_assert!(false, "model {fits:?}, dci {sent:?}"),
        }
    }

    /// A config file that dci wrote reads back as the same settings; any
    /// bytes at all are settings or a reason, never a panic.
    #[test]
    fn config_files_read_back(
        settings in prop::collection::btree_map("[a-z_-]{1,12}", "\\PC{0,20}", 0..6),
        noise in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let text = serde_json::to_string_pretty(&settings).unwrap();
        prop_assert_eq!(fuzz::config(text.as_bytes()).unwrap(), settings);
        let _ = fuzz::config(&noise);
    }

    /// `Link` headers: every link read with its rel, whatever the spacing,
    /// and the next page is the `rel="next"` one (case aside).
    #[test]
    fn link_headers_give_each_link_and_the_next_page(
        links in prop::collection::vec(
            ("https://api\\.example\\.com/items\\?page=[0-9]{1,4}(&per_page=[0-9]{2})?",
             prop::sample::select(vec!["next", "prev", "last", "first", "NEXT"])),
            0..5),
        spaces in "[ ]{0,2}",
    ) {
        let header: Vec<String> = links
            .iter()
            .map(|(url, rel)| format!("<{url}>;{spaces}rel=\"{rel}\""))
            .collect();
        let header = header.join(&format!(",{spaces}"));
        let (read, next) = fuzz::link(&header);
        let wanted: Vec<(String, String)> =
            links.iter().map(|(u, r)| (u.clone(), r.to_string())).collect();
        prop_assert_eq!(read, wanted);
        let first_next = links.iter().find(|(_, r)| r.eq_ignore_ascii_case("next"));
        prop_assert_eq!(next, first_next.map(|(u, _)| u.clone()));
    }

    /// Download names: a plain name offered by the server is kept; any
    /// header and path at all give a name that stays in the directory.
    #[test]
    fn download_names_stay_in_the_directory(
        plain in "[A-Za-z0-9][A-Za-z0-9 _-]{0,30}\\.(csv|json|pdf)",
        header in "\\PC{0,80}",
        path in "(/[^/?#]{0,12}){0,4}(\\?[a-z=&]{0,8})?",
    ) {
        let offered = format!("attachment; filename=\"{plain}\"");
        prop_assert_eq!(fuzz::download_name(Some(&offered), "/x"), plain.clone());
        let encoded = format!("attachment; filename*=UTF-8''{}", plain.replace(' ', "%20"));
        prop_assert_eq!(fuzz::download_name(Some(&encoded), "/x"), plain);
        for name in [fuzz::download_name(Some(&header), &path), fuzz::download_name(None, &path)] {
            prop_assert!(!name.is_empty() && name.len() <= 200, "{name:?}");
            prop_assert!(!name.contains(['/', '\\']) && !name.starts_with('.'), "{name:?}");
            prop_assert!(!name.chars().any(char::is_control), "{name:?}");
        }
    }

    /// The sign-in listener: the code of an answer with this sign-in's
    /// state; another state refused; an error page's text shown escaped.
    #[test]
    fn the_sign_in_listener_takes_only_its_own_answer(
        code in "[A-Za-z0-9._~-]{1,40}",
        state in "[A-Za-z0-9]{8,16}",
        error in "\\PC{0,30}|[\\x00-\\x1f\\x7f]{1,4}",
    ) {
        let request = format!("GET /callback?code={code}&state={state} HTTP/1.1\r\nHost: x\r\n\r\n");
        prop_assert_eq!(fuzz::callback(request.as_bytes(), &state), Ok(code.clone()));
        prop_assert!(fuzz::callback(request.as_bytes(), "another").is_err());
        let error: String = error.bytes().map(|b| format!("%{b:02X}")).collect();
        let refused = format!("GET /callback?error={error}&state={state} HTTP/1.1\r\n\r\n");
        let why = fuzz::callback(refused.as_bytes(), &state).unwrap_err();
        prop_assert!(!why.chars().any(char::is_control), "{why:?}");
    }

    /// Events: however the stream is cut into chunks, the events sent, each
    /// with its type, data lines and id.
    #[test]
    fn events_come_whole_however_the_stream_is_cut(
        events in prop::collection::vec(
            ("[a-z]{0,6}", prop::collection::vec("[^\r\n]{0,12}", 1..3), "[0-9]{0,3}"),
            0..6),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
        crlf in any::<bool>(),
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut stream = String::new();
        for (event, data, id) in &events {
            if !event.is_empty() {
                stream += &format!("event: {event}{end}");
            }
            for line in data {
                stream += &format!("data: {line}{end}");
            }
            if !id.is_empty() {
                stream += &format!("id: {id}{end}");
            }
            stream += end;
        }
        let bytes = stream.as_bytes();
        let mut at: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        at.sort_unstable();
        let mut chunks = Vec::new();
        let mut from = 0;
        for to in at.into_iter().chain([bytes.len()]) {
            chunks.push(bytes[from..to].to_vec());
            from = to;
        }
        let read = dci_events(chunks);
        let mut last_id = String::new();
        let wanted: Vec<(String, String, String)> = events
            .iter()
            .map(|(event, data, id)| {
                if !id.is_empty() {
                    last_id.clone_from(id);
                }
                let event = if event.is_empty() { "message" } else { event };
                (event.to_string(), data.join("\n"), last_id.clone())
            })
            .collect();
        prop_assert_eq!(read, wanted);
    }
}

fn dci_events(chunks: Vec<Vec<u8>>) -> Vec<(String, String, String)> {
    fuzz::events(chunks)
        .into_iter()
        .map(|e| e.expect("an event"))
        .collect()
}

/// Shorthand's JSON text as written reads back as its value, for each
/// kind of value shorthand takes.
#[test]
fn shorthand_keeps_each_value_as_written() {
    let arg = r#"a:1.50, b:-0.0e+1, c:"x,y", d:[1, 2.0], e:{"f": 10000000000000000000001}, g:true, h:null, i:word"#;
    let fields = fuzz::shorthand(arg, &[]).unwrap();
    let raws: Vec<Option<&str>> = fields.iter().map(|(_, _, raw)| raw.as_deref()).collect();
    assert_eq!(
        raws,
        [
            Some("1.50"),
            Some("-0.0e+1"),
            Some(r#""x,y""#),
            Some("[1, 2.0]"),
            Some(r#"{"f": 10000000000000000000001}"#),
            Some("true"),
            Some("null"),
            None
        ]
    );
    for (path, value, raw) in fields {
        if let Some(raw) = raw {
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&raw).unwrap(),
                value,
                "{path}"
            );
        }
    }
}
