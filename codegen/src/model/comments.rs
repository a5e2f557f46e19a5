//! The doc comments of generated items, decided here so that every
//! emitter says the same thing of the same item. (`--help` texts are in
//! `help`; these are for readers of the code and of rustdoc.)

use super::{Body, ClientHeader, Operation, Param, Response};

/// The doc of a body field whose spec says nothing of it.
const BODY_DOC: &str = "Request body.";

impl Param {
    /// The one line of its builder setter.
    pub fn setter_summary(&self) -> String {
        if self.help.is_empty() {
            format!("Sets `{}`.", self.wire)
        } else {
            self.help.clone()
        }
    }
}

impl Body {
    /// The doc comment of the request's `body` field.
    pub fn doc_comment(&self) -> &str {
        self.doc.as_deref().unwrap_or(BODY_DOC)
    }
}

impl Operation {
    /// The doc of its client method: the summary and the HTTP call.
    pub fn method_doc(&self) -> String {
        let title = self.docs.summary.as_deref().unwrap_or(&self.operation_id);
        format!("{title} (`{} {}`).", self.method.as_str(), self.path)
    }

    /// The doc of its success enum.
    pub fn success_enum_doc(&self) -> String {
        format!("Success responses of [`{}`].", self.names.type_name)
    }

    /// The doc of its error enum.
    pub fn error_enum_doc(&self) -> String {
        format!(
            "Error responses documented for [`{}`].",
            self.names.type_name
        )
    }
}

impl Response {
    /// The doc of its variant: the status and what the spec says of it.
    pub fn variant_doc(&self) -> String {
        format!("{}: {}", self.status, self.description)
    }
}

impl ClientHeader {
    /// The doc of its client builder setter.
    pub fn setter_doc(&self) -> String {
        format!(
            "Sends `{}` on every request (an API key header of the spec).",
            self.wire
        )
    }
}
