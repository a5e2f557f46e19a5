//! Responses: one per documented status, named after it, with how its
//! body decodes.

use openapiv3::{Operation as SpecOperation, StatusCode};

use super::media::{self, Media};
use super::OperationBuilder;
use crate::error::{pointer_token, Error};
use crate::model::{resolve, Response, ResponseBody, ResponseHeader, Status, TypeRef};
use crate::naming::{self, Namespace};

impl<'a> OperationBuilder<'_, 'a> {
    /// The documented responses, ascending by status, `default` last.
    pub(super) fn responses(&mut self, op: &'a SpecOperation) -> Result<Vec<Response>, Error> {
        let at = format!("{}/responses", self.pointer);
        let mut variants = Namespace::camel();
        let mut responses = Vec::new();
        let listed = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(code) => Status::Code(*code),
                    StatusCode::Range(class) => Status::Range(*class),
                };
                (status, r)
            })
            .chain(op.responses.default.iter().map(|r| (Status::Default, r)));
        for (status, response) in listed {
            let pointer = format!("{at}/{status}");
            let response = resolve::response(self.spec, response, &pointer)?;
            let variant = variant(status);
            let success = matches!(status, Status::Code(200..=299) | Status::Range(2));
            let hint = if success {
                self.hints.response()
            } else {
                self.hints.error(&variant)
            };
            let picked = media::pick(&response.content);
            let schema_doc = picked
                .and_then(|(_, content)| content.schema.as_ref())
                .map(|s| self.docs.render(s));
            let body = match picked {
                None => ResponseBody::Empty,
                Some((media_type, content)) => match Media::of(media_type) {
                    media if media.is_json() => ResponseBody::Json(match &content.schema {
                        Some(schema) => self.types.convert(
                            schema,
                            &hint,
                            &format!("{pointer}/content/{}/schema", pointer_token(media_type)),
                        ),
                        None => TypeRef::Json,
                    }),
                    Media::Text => ResponseBody::Text,
                    _ => ResponseBody::Bytes,
                },
            };
            let headers = response
                .headers
                .iter()
                .map(|(name, header)| ResponseHeader {
                    name: name.clone(),
                    required: resolve::header(self.spec, header, &pointer)
                        .is_ok_and(|h| h.required),
                })
                .collect();
            responses.push(Response {
                headers,
                schema_doc,
                status,
                description: response.description.clone(),
                media_type: picked.map(|(media_type, _)| media_type.clone()),
                body,
                variant: variants.claim_name(variant),
            });
        }
        responses.sort_by_key(|r| r.status.sort_key());
        Ok(responses)
    }
}

/// The variant a response is named by in its operation's enums.
fn variant(status: Status) -> String {
    match status {
        Status::Code(code) => naming::status_variant(code),
        Status::Range(class) => naming::range_variant(class),
        Status::Default => naming::DEFAULT_VARIANT.to_string(),
    }
}

/// The first JSON success's example (`example`, else the first of
/// `examples`), if it gives one.
pub(super) fn success_example(
    spec: &openapiv3::OpenAPI,
    op: &SpecOperation,
) -> Option<serde_json::Value> {
    op.responses
        .responses
        .iter()
        .filter(|(code, _)| match code {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(class) => *class == 2,
        })
        .find_map(|(_, response)| {
            let response = resolve::response(spec, response, "").ok()?;
            let (media_type, content) = media::pick(&response.content)?;
            if !Media::of(media_type).is_json() {
                return None;
            }
            content.example.clone().or_else(|| {
                content.examples.values().find_map(|example| match example {
                    openapiv3::ReferenceOr::Item(example) => example.value.clone(),
                    openapiv3::ReferenceOr::Reference { .. } => None,
                })
            })
        })
}
