//! What each type and operation is used for, decided once the model is
//! built: which types callers send (they get constructors and setters),
//! which bodies parse themselves from `--body`, which operations are
//! paginated and where their pages keep their items.

use super::{Api, BodyKind, Operation, ResponseBody, TypeDef, TypeKind, TypeRef};

/// Fills [`TypeDef::input`], [`TypeDef::body_parser`] and each operation's
/// roles: pagination (`pages.rs`), live streams, one resource.
pub(super) fn assign(api: &mut Api) {
    let mut input = vec![false; api.types.len()];
    let mut body_parser = vec![false; api.types.len()];
    for op in &api.operations {
        for param in op.request_fields() {
            mark_reachable(&api.types, &param.ty, &mut input);
        }
        let Some(body) = &op.body else { continue };
        if let BodyKind::Json(ty) | BodyKind::UrlEncoded(ty) = &body.kind {
            mark_reachable(&api.types, ty, &mut input);
        }
        // A JSON body, or a form of an object, is read by the CLI's
        // `WithBody`; any other form-encoded one by its type's own parser.
        if let (BodyKind::UrlEncoded(TypeRef::Named(index)), false) = (&body.kind, body.merged) {
            let parses = api.types.get(index.index()).is_some_and(|def| {
                matches!(def.kind, TypeKind::Struct { .. } | TypeKind::Union { .. })
            });
            if parses {
                body_parser[index.index()] = true;
            }
        }
    }
    for ((def, input), body_parser) in api.types.iter_mut().zip(input).zip(body_parser) {
        def.input = input;
        def.body_parser = body_parser;
        // A struct callers send keeps the fields the spec does not name,
        // where it allows them: decoded, changed and sent back, it loses none.
        if let TypeKind::Struct {
            additional: additional @ None,
            open: true,
            ..
        } = &mut def.kind
        {
            if input {
                *additional = Some(TypeRef::Json);
            }
        }
    }
    for op in &mut api.operations {
        let declared = op.roles.declared_pages.take();
        let example = op.roles.page_example.take();
        op.roles.pagination = super::pages::recognise(
            &api.types,
            op,
            declared.as_ref(),
            example.as_ref(),
            &mut api.warnings,
        );
        let event_stream = op.successes().any(|r| {
            r.media_type
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case(EVENT_STREAM))
        });
        op.roles.event_stream = event_stream;
        op.roles.one_resource = one_resource(op);
    }
}

/// Whether a success is one resource rather than a list, by REST's
/// convention: a GET of a path ending in a parameter (`/allocations/{id}`),
/// or what a POST, PUT, PATCH or DELETE answers; never a paginated one, and
/// only when a success has a JSON body.
fn one_resource(op: &Operation) -> bool {
    use super::{Method, PathPart};
    let json = op
        .successes()
        .any(|r| matches!(r.body, ResponseBody::Json(_)));
    let by_id = matches!(op.path_parts.last(), Some(PathPart::Param(_)));
    json && !op.paginated() && (op.method != Method::Get || by_id)
}

/// The media type of a live stream of server-sent events.
pub const EVENT_STREAM: &str = "text/event-stream";

/// Marks every named type `ty` reaches through fields, items, variants and aliases.
fn mark_reachable(types: &[TypeDef], ty: &TypeRef, marked: &mut [bool]) {
    let mut pending = vec![ty.clone()];
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                pending.push(*inner)
            }
            TypeRef::Named(index) => {
                let Some(seen) = marked.get_mut(index.index()) else {
                    continue;
                };
                if std::mem::replace(seen, true) {
                    continue;
                }
                match types.get(index.index()).map(|def| &def.kind) {
                    Some(TypeKind::Struct {
                        fields, additional, ..
                    }) => {
                        pending.extend(fields.iter().map(|f| f.ty.clone()));
                        pending.extend(additional.clone());
                    }
                    Some(TypeKind::Union { variants }) => {
                        pending.extend(variants.iter().map(|v| v.ty.clone()))
                    }
                    Some(TypeKind::Alias(inner)) => pending.push(inner.clone()),
                    Some(TypeKind::Enum { .. }) | None => {}
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, TypeId};

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            gate: crate::model::Gate::Always,
            name: crate::naming::RustName::for_test(name),
            doc: None,
            pointer: String::new(),
            kind,
            input: false,
            body_parser: false,
        }
    }

    fn field(name: &str, ty: TypeRef, required: bool) -> Field {
        Field {
            deprecated: false,
            name: crate::naming::RustName::for_test(name),
            wire: name.to_string(),
            ty,
            required,
            boxed: false,
            doc: None,
            format: None,
        }
    }

    #[test]
    fn reachable_types_are_marked_through_every_shape_and_cycles_end() {
        let types = vec![
            def(
                "Outer",
                TypeKind::Struct {
                    fields: vec![field(
                        "items",
                        TypeRef::Vec(Box::new(TypeRef::Named(TypeId(1)))),
                        true,
                    )],
                    additional: None,
                    open: false,
                },
            ),
            def("Alias", TypeKind::Alias(TypeRef::Named(TypeId(2)))),
            def(
                "Node",
                TypeKind::Struct {
                    fields: vec![field(
                        "next",
                        TypeRef::Option(Box::new(TypeRef::Named(TypeId(2)))),
                        false,
                    )],
                    additional: None,
                    open: false,
                },
            ),
            def("Unrelated", TypeKind::Alias(TypeRef::String)),
        ];
        let mut marked = vec![false; types.len()];
        mark_reachable(&types, &TypeRef::Named(TypeId(0)), &mut marked);
        assert_eq!(marked, vec![true, true, true, false]);
    }
}
