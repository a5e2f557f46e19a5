//! Each kind of change from a minimal edit of one spec, with its verdict;
//! the reports' exact shape.

use super::*;

const BASE: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "https://api.example.com"}]
security: [{key: []}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    other: {type: http, scheme: bearer}
paths:
  /items/{id}:
    get:
      operationId: getItem
      x-cli-aliases: [fetch-item]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}
      responses:
        "200":
          description: ok
          headers:
            X-Rate: {required: true, schema: {type: integer}}
            X-Trace: {schema: {type: string}}
          content:
            application/json:
              schema:
                type: object
                required: [title, size, rank]
                properties:
                  title: {type: string}
                  size: {type: integer}
                  kind: {type: string, enum: [a, b]}
                  tags: {type: array, items: {type: string, enum: [x, y]}}
        "404": {description: missing}
  /items:
    post:
      operationId: createItem
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name, size]
              properties:
                name: {type: string}
                color: {type: string, enum: [red, blue]}
                note: {type: string, maxLength: 10, pattern: "^a"}
                mass: {type: number}
                count: {type: integer, nullable: true}
                secret: {type: string}
      responses:
        "201": {description: created}
"#;

const LIMIT: &str = "        - {name: limit, in: query, schema: {type: integer}}\n";
const NAME: &str = "                name: {type: string}\n";
const SIZE: &str = "                  size: {type: integer}\n";
const COLORS: &str = r#"  /colors:
    get:
      operationId: listColors
      responses:
        "200": {description: ok}
"#;

fn api(text: &str) -> Api {
    let spec = crate::load::parse(text.as_bytes(), "spec.yaml").expect("parses");
    crate::model::build(&spec, &crate::Config::new("spec.yaml", "api")).expect("builds")
}

/// The changes from BASE to BASE with `from` replaced by `to`.
fn edited(from: &str, to: &str) -> Vec<Change> {
    assert!(BASE.contains(from), "BASE contains {from:?}");
    diff(&api(BASE), &api(&BASE.replacen(from, to, 1)))
}

/// One edit of BASE and the kinds and verdicts it reports, in order.
type Case = (
    &'static str,
    &'static str,
    String,
    Vec<(ChangeKind, Verdict)>,
);

fn cases() -> Vec<Case> {
    use ChangeKind::*;
    use Verdict as V;
    let to = |s: &str| s.to_string();
    let param = |p: &str| format!("        - {{{p}}}\n");
    vec![
        (
            "operation removed",
            "    post:\n",
            to("    x-post:\n"),
            vec![(OperationRemoved, V::BOTH)],
        ),
        (
            "operation added",
            "  /items:\n",
            format!("{COLORS}  /items:\n"),
            vec![(OperationAdded, V::NONE)],
        ),
        (
            "command renamed (its implicit alias goes too)",
            "operationId: getItem\n",
            to("operationId: getItem\n      x-cli-name: item\n"),
            vec![(CommandRenamed, V::CLI), (AliasRemoved, V::CLI)],
        ),
        (
            "endpoint changed",
            "/items/{id}:",
            to("/things/{id}:"),
            vec![(EndpointChanged, V::CLIENT)],
        ),
        (
            "alias removed",
            "[fetch-item]",
            to("[]"),
            vec![(AliasRemoved, V::CLI)],
        ),
        (
            "operation deprecated",
            "operationId: getItem\n",
            to("operationId: getItem\n      deprecated: true\n"),
            vec![(OperationDeprecated, V::NONE)],
        ),
        (
            "security added where there was none",
            "      security: []\n",
            to("      security: [{key: []}]\n"),
            vec![(SecurityAdded, V::BOTH)],
        ),
        (
            "security removed",
            "security: [{key: []}]\n",
            to("security: []\n"),
            vec![(SecurityRemoved, V::NONE)],
        ),
        (
            "security changed: the old credential no longer works",
            "security: [{key: []}]\n",
            to("security: [{other: []}]\n"),
            vec![(SecurityChanged, V::BOTH)],
        ),
        (
            "security changed: another credential works too",
            "security: [{key: []}]\n",
            to("security: [{key: []}, {other: []}]\n"),
            vec![(SecurityChanged, V::NONE)],
        ),
        (
            "parameter deprecated",
            "limit, in: query,",
            to("limit, in: query, deprecated: true,"),
            vec![(ParameterDeprecated, V::NONE)],
        ),
        (
            "parameter removed",
            LIMIT,
            to(""),
            vec![(ParameterRemoved, V::BOTH)],
        ),
        (
            "required parameter added",
            LIMIT,
            param("name: team, in: query, required: true, schema: {type: string}") + LIMIT,
            vec![(RequiredParameterAdded, V::BOTH)],
        ),
        (
            "optional parameter added",
            LIMIT,
            param("name: team, in: query, schema: {type: string}") + LIMIT,
            vec![(ParameterAdded, V::NONE)],
        ),
        (
            "parameter made required",
            "limit, in: query,",
            to("limit, in: query, required: true,"),
            vec![(ParameterMadeRequired, V::BOTH)],
        ),
        (
            "parameter type changed",
            "limit, in: query, schema: {type: integer}",
            to("limit, in: query, schema: {type: string}"),
            vec![(ParameterTypeChanged, V::BOTH)],
        ),
        (
            "flag renamed (a new header parameter takes --limit first)",
            LIMIT,
            param("name: limit, in: header, schema: {type: string}") + LIMIT,
            vec![(ParameterAdded, V::NONE), (FlagRenamed, V::CLI)],
        ),
        (
            "parameter enum value removed",
            "[asc, desc]",
            to("[asc]"),
            vec![(EnumValueRemoved, V::BOTH)],
        ),
        (
            "parameter enum value added",
            "[asc, desc]",
            to("[asc, desc, rank]"),
            vec![(EnumValueAdded, V::NONE)],
        ),
        (
            "request enum value removed",
            "[red, blue]",
            to("[red]"),
            vec![(EnumValueRemoved, V::BOTH)],
        ),
        // Its variant leaves the generated enum: callers naming it break.
        (
            "response enum value removed",
            "[a, b]",
            to("[a]"),
            vec![(EnumValueRemoved, V::CLIENT)],
        ),
        (
            "response item enum value removed",
            "[x, y]",
            to("[x]"),
            vec![(EnumValueRemoved, V::CLIENT)],
        ),
        (
            "response enum value added",
            "[a, b]",
            to("[a, b, c]"),
            vec![(EnumValueAdded, V::NONE)],
        ),
        (
            "error status removed",
            "        \"404\": {description: missing}\n",
            to(""),
            vec![(StatusRemoved, V::NONE)],
        ),
        (
            "success status replaced by an error status",
            "\"201\": {description: created}",
            to("\"409\": {description: conflict}"),
            vec![(StatusRemoved, V::CLIENT), (StatusAdded, V::NONE)],
        ),
        (
            "success status added",
            "\"404\"",
            to("\"202\": {description: accepted}\n        \"404\""),
            vec![(StatusAdded, V::CLIENT)],
        ),
        (
            "default status added",
            "\"404\"",
            to("default: {description: other}\n        \"404\""),
            vec![(StatusAdded, V::NONE)],
        ),
        (
            "request type changed",
            NAME,
            NAME.replace("string", "integer"),
            vec![(TypeChanged, V::BOTH)],
        ),
        (
            "response field removed",
            SIZE,
            to(""),
            vec![(FieldRemoved, V::CLIENT)],
        ),
        (
            "required request field added",
            NAME,
            NAME.to_string() + &NAME.replace("name", "size"),
            vec![(RequiredFieldAdded, V::BOTH)],
        ),
        (
            "required response field added",
            SIZE,
            SIZE.to_string() + &SIZE.replace("size", "rank"),
            vec![(RequiredFieldAdded, V::NONE)],
        ),
        (
            "optional request field added",
            NAME,
            NAME.to_string() + &NAME.replace("name", "weight"),
            vec![(FieldAdded, V::NONE)],
        ),
        (
            "request field made required",
            "required: [name, size]",
            to("required: [name, size, color]"),
            vec![(FieldMadeRequired, V::BOTH)],
        ),
        (
            "response field made optional",
            "required: [title, size, rank]",
            to("required: [title, rank]"),
            vec![(FieldMadeOptional, V::CLIENT)],
        ),
        (
            "request bound tightened",
            "maxLength: 10",
            to("maxLength: 5"),
            vec![(ConstraintTightened, V::BOTH)],
        ),
        (
            "request bound loosened",
            "maxLength: 10",
            to("maxLength: 20"),
            vec![(ConstraintLoosened, V::NONE)],
        ),
        (
            "parameter bound added",
            "limit, in: query, schema: {type: integer}",
            to("limit, in: query, schema: {type: integer, maximum: 100}"),
            vec![(ConstraintTightened, V::BOTH)],
        ),
        (
            "request pattern removed",
            r#", pattern: "^a""#,
            to(""),
            vec![(ConstraintLoosened, V::NONE)],
        ),
        (
            "response bound tightened",
            "title: {type: string}",
            to("title: {type: string, maxLength: 3}"),
            vec![(ConstraintTightened, V::NONE)],
        ),
        (
            "request format added that changes the Rust type",
            "mass: {type: number}",
            to("mass: {type: number, format: float}"),
            vec![(FormatChanged, V::BOTH)],
        ),
        (
            "response format added, the same Rust type",
            "title: {type: string}",
            to("title: {type: string, format: email}"),
            vec![(FormatChanged, V::NONE)],
        ),
        (
            "request field may no longer be null",
            "count: {type: integer, nullable: true}",
            to("count: {type: integer}"),
            vec![(NullableChanged, V::BOTH)],
        ),
        (
            "required response field may now be null (T becomes Option<T>)",
            "size: {type: integer}",
            to("size: {type: integer, nullable: true}"),
            vec![(NullableChanged, V::CLIENT)],
        ),
        (
            "request field made read-only",
            "secret: {type: string}",
            to("secret: {type: string, readOnly: true}"),
            vec![(ReadOnlyChanged, V::BOTH)],
        ),
        (
            "required response field made write-only",
            "title: {type: string}",
            to("title: {type: string, writeOnly: true}"),
            vec![(WriteOnlyChanged, V::CLIENT)],
        ),
        (
            "request field deprecated",
            "[red, blue]}",
            to("[red, blue], deprecated: true}"),
            vec![(FieldDeprecated, V::NONE)],
        ),
        (
            "required response header removed",
            "            X-Rate: {required: true, schema: {type: integer}}\n",
            to(""),
            vec![(ResponseHeaderRemoved, V::CLIENT)],
        ),
        (
            "response header added",
            "            X-Rate:",
            to("            X-Next: {schema: {type: string}}\n            X-Rate:"),
            vec![(ResponseHeaderAdded, V::NONE)],
        ),
        (
            "default server replaced",
            "https://api.example.com",
            to("https://api.example.org"),
            vec![(ServerRemoved, V::BOTH), (ServerAdded, V::NONE)],
        ),
        (
            "another server listed",
            r#"servers: [{url: "https://api.example.com"}]"#,
            to(r#"servers: [{url: "https://api.example.com"}, {url: "https://eu.example.com"}]"#),
            vec![(ServerAdded, V::NONE)],
        ),
    ]
}

#[test]
fn each_kind_of_change_has_its_verdict() {
    for (name, from, to, expected) in cases() {
        let got: Vec<(ChangeKind, Verdict)> = edited(from, &to)
            .into_iter()
            .map(|c| (c.kind, c.verdict))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn every_kind_has_a_case() {
    let cases = cases();
    for kind in ChangeKind::ALL {
        assert!(
            cases
                .iter()
                .any(|(_, _, _, expected)| expected.iter().any(|(k, _)| k == kind)),
            "no case reports {kind}"
        );
    }
}

#[test]
fn nested_changes_point_at_their_node() {
    let changes = edited("[x, y]", "[x]");
    assert_eq!(
        changes[0].location,
        "#/paths/~1items~1{id}/get/responses/200/properties/tags/items"
    );
    assert_eq!(
        changes[0].message,
        "response 200 field `tags` items: value \"y\" was removed"
    );
}
