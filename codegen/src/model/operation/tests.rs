//! Operations built from small specs: parameter precedence, names,
//! pagination and dry-run detection, each case a spec and the lines of
//! the model's outline it must produce.

use crate::model::{build, outline};

/// The outline of the model of a spec whose `paths` (and `components`) are
/// the given YAML.
fn model(paths: &str, components: &str) -> String {
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n{components}\n"
    );
    let spec = crate::load::parse(yaml.as_bytes(), "test.yaml").expect("the spec parses");
    let api = build(&spec, &crate::Config::new("test.yaml", "t")).expect("the model builds");
    outline(&api)
}

/// A case: what it shows, the spec's paths and components (YAML), lines
/// the outline must have and lines it must not.
type Case<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a [&'a str]);

/// Runs every case; each `expect`ed line must be in the outline, each
/// `absent` one must not. All failures are reported at once.
fn run(cases: &[Case]) {
    let mut failures = Vec::new();
    for (name, paths, components, expect, absent) in cases {
        let outline = model(paths, components);
        for line in *expect {
            if !outline.lines().any(|l| l.trim() == *line) {
                failures.push(format!("{name}: no line {line:?} in\n{outline}"));
            }
        }
        for line in *absent {
            if outline.lines().any(|l| l.trim() == *line) {
                failures.push(format!("{name}: unexpected {line:?} in\n{outline}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

const PAGE: &str = "  schemas:
    Page:
      type: object
      properties:
        items: {type: array, items: {type: string}}
        pageToken: {type: string}
";

#[test]
fn parameters_take_precedence_and_order() {
    run(&[
        (
            "an operation's parameter replaces the path item's of the same name and place",
            "  /a/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: limit, in: query, schema: {type: string}}
    get:
      operationId: getA
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}",
            "  {}",
            &[
                "path id -> id --id: String (scalar) required",
                "query limit -> limit --limit: i64 (scalar)",
            ],
            &["query limit -> limit --limit: String (scalar)"],
        ),
        (
            "path parameters follow the template's order; an undeclared one is a string",
            "  /{b}/x/{a}/{c}:
    get:
      operationId: getB
      parameters:
        - {name: a, in: path, required: true, schema: {type: integer}}
        - {name: b, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}",
            "  {}",
            &[
                "path b -> b --b: String (scalar) required",
                "path a -> a --a: i64 (scalar) required",
                "path c -> c --c: String (scalar) required",
            ],
            &[],
        ),
        (
            "transport headers are dropped; a flag named like a global one is renamed",
            "  /c:
    get:
      operationId: getC
      parameters:
        - {name: Content-Type, in: header, schema: {type: string}}
        - {name: output, in: query, schema: {type: string}}
        - {name: Idempotency-Key, in: header, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}",
            "  {}",
            &[
                "query output -> output_2 --output-2: String (scalar)",
                "header Idempotency-Key -> idempotency_key --idempotency-key: String (scalar) required idempotency-key",
            ],
            &["header Content-Type -> content_type --content-type: String (scalar)"],
        ),
    ]);
}

#[test]
fn names_commands_and_aliases() {
    run(&[
        (
            "an operation without an id is named from its method and path",
            "  /users/{id}/roles:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}",
            "  {}",
            &[
                "command get-users-id-roles (aliases getusersidroles) -> other/get-users-id-roles.md",
                "fn get_users_id_roles request GetUsersIdRoles variant GetUsersIdRoles success GetUsersIdRolesSuccess error GetUsersIdRolesError",
            ],
            &[],
        ),
        (
            "x-cli-name replaces the command and drops the squashed alias; tags name folders",
            "  /d:
    get:
      operationId: listDocuments
      x-cli-name: docs
      x-cli-aliases: [documents]
      tags: [Reports settings]
      responses: {'200': {description: ok}}",
            "  {}",
            &["command docs (aliases documents) -> reports-settings/docs.md"],
            &[],
        ),
        (
            "the tool's own commands (status, dci's customer-context) are never an operation's",
            "  /status:
    get:
      operationId: status
      responses: {'200': {description: ok}}
  /cc:
    get:
      operationId: customerContext
      responses: {'200': {description: ok}}",
            "  {}",
            &[
                "command status-2 -> other/status-2.md",
                "command customer-context-2 (aliases customercontext) -> other/customer-context-2.md",
            ],
            &[],
        ),
        (
            "responses are named by status; ranges and default too",
            "  /e:
    get:
      operationId: getE
      responses:
        '200': {description: ok}
        4XX: {description: bad}
        '418': {description: teapot}
        default: {description: other}",
            "  {}",
            &[
                "response 200 -> Ok: empty",
                "response 418 -> Status418: empty",
                "response 4XX -> Status4xx: empty",
                "response default -> Default: empty",
            ],
            &[],
        ),
    ]);
}

#[test]
fn pagination_and_dry_runs_are_detected() {
    run(&[
        (
            "a pageToken parameter and a page struct: paginated, items streamed",
            "  /p:
    get:
      operationId: listP
      parameters:
        - {name: pageToken, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}",
            PAGE,
            &["cli paginated (cursor, Convention): String at 'items'; local dry run"],
            &[],
        ),
        (
            "a token parameter without a token in the response is not paginated",
            "  /q:
    get:
      operationId: listQ
      parameters:
        - {name: pageToken, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {type: string}}}}}}",
            PAGE,
            &["cli local dry run"],
            &[],
        ),
        (
            "the API's own boolean dryRun query parameter is its dry run",
            "  /r:
    post:
      operationId: createR
      parameters:
        - {name: dry_run, in: query, schema: {type: boolean}}
      responses: {'200': {description: ok}}",
            "  {}",
            &["cli dry run by dry_run"],
            &["cli local dry run"],
        ),
        (
            "a string dryRun is no dry run (but takes the flag); a DELETE is destructive",
            "  /s:
    delete:
      operationId: deleteS
      parameters:
        - {name: dryRun, in: query, schema: {type: string}}
      responses: {'204': {description: gone}}",
            "  {}",
            &["query dryRun -> dry_run --dry-run: String (scalar)", "cli destructive"],
            &["cli dry run by dryRun"],
        ),
        (
            "x-destructive: true makes a POST destructive",
            "  /s/{id}/cancel:
    post:
      operationId: cancelS
      x-destructive: true
      responses: {'204': {description: cancelled}}",
            "  {}",
            &["cli destructive; local dry run"],
            &[],
        ),
        (
            "x-destructive: false leaves a POST as it was",
            "  /s/{id}/renew:
    post:
      operationId: renewS
      x-destructive: false
      responses: {'204': {description: renewed}}",
            "  {}",
            &["cli local dry run"],
            &["cli destructive; local dry run"],
        ),
        (
            "a parameter taking the --dry-run flag leaves the CLI without its own",
            "  /t:
    get:
      operationId: getT
      parameters:
        - {name: dry-run, in: header, schema: {type: string}}
      responses: {'200': {description: ok}}",
            "  {}",
            &["header dry-run -> dry_run --dry-run: String (scalar)"],
            &["cli local dry run"],
        ),
    ]);
}

#[test]
fn body_fields_are_flags_renamed_where_another_flag_has_the_name() {
    run(&[(
        "scalar, enum and list fields are flags; a taken name gets body-",
        "  /labels/{id}:
    post:
      operationId: createLabel
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                id: {type: string}
                limit: {type: integer}
                output: {type: boolean}
                color: {type: string, enum: [red, blue]}
                tags: {type: array, items: {type: string}}
                rule: {type: object, properties: {a: {type: string}}}
      responses:
        '200': {description: ok}",
        "  {}",
        &[
            "bodyfield name -> name --name: String (scalar) required",
            "bodyfield id -> id --id: String (scalar)",
            "bodyfield limit -> limit --body-limit: i64 (scalar)",
            "bodyfield output -> output --body-output: bool (switch)",
            "bodyfield color -> color --color: CreateLabelBodyColor (one of red|blue)",
            "bodyfield tags -> tags --tags: Vec<String> (list of scalar)",
        ],
        &["bodyfield rule -> rule --rule: CreateLabelBodyRule (json)"],
    )]);
}

#[test]
fn the_key_check_is_a_who_am_i_get_that_needs_only_the_credential() {
    let security = "  securitySchemes: {key: {type: http, scheme: bearer}}";
    let get = |id: &str, extra: &str| {
        format!(
            "    get: {{operationId: {id}, {extra}responses: {{'200': {{description: ok}}}}}}\n"
        )
    };
    let secured = "security: [{key: []}], ";
    run(&[
        (
            "the shortest who-am-i path wins",
            &format!(
                "  /users/{{id}}/me:\n{}  /me:\n{}  /v2/account:\n{}",
                get("meOf", secured).replace("responses", "parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses"),
                get("getMe", secured),
                get("getAccount", secured),
            ),
            security,
            &["key check getMe"],
            &[],
        ),
        (
            "an operation that needs no credential checks nothing",
            &format!("  /me:\n{}", get("getMe", "")),
            security,
            &[],
            &["key check getMe"],
        ),
        (
            "an address that does not name the caller is not guessed",
            &format!("  /alerts:\n{}", get("listAlerts", secured)),
            security,
            &[],
            &["key check listAlerts"],
        ),
    ]);
}

#[test]
fn x_mcp_ignore_keeps_an_operation_from_the_mcp_server() {
    let get = |id: &str, extra: &str| {
        format!(
            "    get: {{operationId: {id}, {extra}responses: {{'200': {{description: ok}}}}}}\n"
        )
    };
    run(&[
        (
            "x-mcp-ignore: true hides it",
            &format!("  /secret:\n{}", get("getSecret", "x-mcp-ignore: true, ")),
            "  schemas: {}",
            &["cli not an MCP tool; local dry run"],
            &[],
        ),
        (
            "false, or no mark, keeps it",
            &format!("  /open:\n{}", get("getOpen", "x-mcp-ignore: false, ")),
            "  schemas: {}",
            &["cli local dry run"],
            &["cli not an MCP tool; local dry run"],
        ),
    ]);
}

#[test]
fn a_customisation_naming_no_operation_is_warned_about() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: getA, responses: {'200': {description: ok}}}\n    delete: {operationId: deleteA, responses: {'204': {description: gone}}}\n";
    let spec = crate::load::parse(yaml.as_bytes(), "test.yaml").expect("the spec parses");
    let config = crate::Config {
        destructive: vec!["deleteA".to_string(), "delete_a".to_string()],
        mcp_ignore: vec!["getAA".to_string(), "getA".to_string()],
        ..crate::Config::new("test.yaml", "t")
    };
    let api = build(&spec, &config).expect("the model builds");
    let warnings: Vec<String> = api.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "customisation: destructive[1]: no operation has the operationId `delete_a`; it is ignored",
            "customisation: mcp_ignore[0]: no operation has the operationId `getAA`; it is ignored",
        ]
    );
    // The ids that do name an operation still apply.
    let outline = outline(&api);
    assert!(outline.contains("not an MCP tool"), "{outline}");
}
