use std::collections::BTreeMap;

use super::Custom;
use crate::model::{build, outline};

const ALERTS: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /v1/alerts:
    get:
      operationId: listAlerts
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/AlertList'}}}
  /v1/alerts/{alertId}:
    parameters:
      - {name: alertId, in: path, required: true, schema: {type: string}}
    get:
      operationId: getAlert
      responses: {'200': {description: ok}}
    delete:
      operationId: deleteAlert
      responses: {'204': {description: gone}}
  /v1/alerts/{alertId}/mute:
    post:
      operationId: muteAlert
      parameters:
        - {name: alertId, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: muted}}
  /users:
    get:
      operationId: listUsers
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/User'}}}}
  /users/{userId}:
    delete:
      operationId: deleteUser
      parameters:
        - {name: userId, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: gone}}
  /tickets:
    get:
      operationId: listTickets
      parameters:
        - {name: queue, in: query, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Ticket'}}}}
  /tickets/{id}:
    get:
      operationId: getTicket
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses: {'200': {description: ok}}
  /budgets:
    get:
      operationId: listBudgets
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Budget'}}}}
  /budgets/{id}:
    get:
      operationId: getBudget
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
  /notes:
    get:
      operationId: listNotes
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Note'}}}}
  /notes/{id}:
    get:
      operationId: getNote
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
components:
  schemas:
    AlertList:
      type: object
      properties:
        alerts: {type: array, items: {$ref: '#/components/schemas/Alert'}}
        pageToken: {type: string}
    Alert:
      type: object
      properties:
        id: {type: string}
        name: {type: string}
    User:
      type: object
      properties:
        userId: {type: string, format: uuid}
        displayName: {type: string}
    Ticket:
      type: object
      properties:
        id: {type: integer}
        title: {type: string}
    Note:
      type: object
      properties:
        id: {type: string}
        body: {type: string}
        heading: {type: string}
    Budget:
      type: object
      properties:
        id: {type: string}
        budgetName: {type: string}
";

fn resources(custom: &[(&str, Custom)]) -> Result<Vec<String>, String> {
    let spec = crate::load::parse(ALERTS.as_bytes(), "test.yaml").map_err(|e| e.to_string())?;
    let mut config = crate::Config::new("test.yaml", "t");
    config.resources = custom
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect::<BTreeMap<_, _>>();
    let api = build(&spec, &config).map_err(|e| e.to_string())?;
    Ok(outline(&api)
        .lines()
        .filter(|l| l.starts_with("  resource "))
        .map(|l| l.trim().to_string())
        .collect())
}

#[test]
fn a_list_of_named_items_and_operations_on_their_ids_make_a_resource() {
    assert_eq!(
        resources(&[]).unwrap(),
        [
            "resource alerts: listed by listAlerts at 'alerts', id id, name name; ids in getAlert.alertId, deleteAlert.alertId, muteAlert.alertId",
            "resource users: listed by listUsers at '', id userId (uuid), name displayName; ids in deleteUser.userId",
            "resource budgets: listed by listBudgets at '', id id, name budgetName; ids in getBudget.id",
        ],
        "tickets need a query parameter to list; notes have no name field"
    );
}

#[test]
fn the_customisation_corrects_adds_and_drops_resources() {
    let notes = Custom::Fields {
        list: "listNotes".into(),
        id: None,
        name: Some("heading".into()),
    };
    let found = resources(&[("notes", notes), ("users", Custom::Off(false))]).unwrap();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[2].starts_with(
            "resource notes: listed by listNotes at '', id id, name heading; ids in getNote.id"
        ),
        "{found:?}"
    );
    let wrong = Custom::Fields {
        list: "listTickets".into(),
        id: None,
        name: Some("title".into()),
    };
    let err = resources(&[("tickets", wrong)]).unwrap_err();
    assert!(
        err.contains("resources: tickets: 'listTickets' is not a list operation"),
        "{err}"
    );
}
