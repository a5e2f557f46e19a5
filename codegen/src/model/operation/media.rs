//! Media types, read once: what a `Content-Type` means for encoding a
//! body, and which of several offered types to use.

use indexmap::IndexMap;
use openapiv3::MediaType;

/// What a media type is, for the generator's purposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Media {
    /// `application/json` itself.
    Json,
    /// Another JSON media type (`application/problem+json`, `text/json`).
    JsonLike,
    /// `multipart/form-data`.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    UrlEncoded,
    /// Any `text/*`.
    Text,
    /// `application/octet-stream`.
    OctetStream,
    /// Anything else: sent and read as raw bytes.
    Other,
}

impl Media {
    /// Classifies a media type by its essence (parameters and case ignored).
    pub(super) fn of(media_type: &str) -> Media {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/json" => Media::Json,
            e if e.ends_with("+json") || e.ends_with("/json") => Media::JsonLike,
            "multipart/form-data" => Media::Multipart,
            "application/x-www-form-urlencoded" => Media::UrlEncoded,
            e if e.starts_with("text/") => Media::Text,
            "application/octet-stream" => Media::OctetStream,
            _ => Media::Other,
        }
    }

    /// Whether bodies of this type are JSON.
    pub(super) fn is_json(self) -> bool {
        matches!(self, Media::Json | Media::JsonLike)
    }

    /// Preference when several types are offered: lower is better.
    fn rank(self) -> u8 {
        match self {
            Media::Json => 0,
            Media::JsonLike => 1,
            Media::Multipart | Media::UrlEncoded => 2,
            Media::Text => 3,
            Media::OctetStream | Media::Other => 4,
        }
    }
}

/// The media type used when several are offered: JSON first, then forms,
/// text, bytes; the first listed among equals.
pub(super) fn pick(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .min_by_key(|(media, _)| Media::of(media).rank())
}

#[cfg(test)]
mod tests {
    use super::Media;

    #[test]
    fn media_types_are_read_by_their_essence() {
        let cases = [
            ("application/json", Media::Json),
            ("Application/JSON; charset=utf-8", Media::Json),
            ("application/problem+json", Media::JsonLike),
            ("text/json", Media::JsonLike),
            ("multipart/form-data; boundary=x", Media::Multipart),
            ("application/x-www-form-urlencoded", Media::UrlEncoded),
            ("text/plain", Media::Text),
            ("text/event-stream", Media::Text),
            ("application/octet-stream", Media::OctetStream),
            ("image/png", Media::Other),
            ("", Media::Other),
        ];
        for (media, expected) in cases {
            assert_eq!(Media::of(media), expected, "{media}");
        }
    }

    #[test]
    fn json_is_preferred_then_forms_then_text() {
        let content = |types: &[&str]| {
            types
                .iter()
                .map(|t| (t.to_string(), openapiv3::MediaType::default()))
                .collect::<indexmap::IndexMap<_, _>>()
        };
        let cases: [(&[&str], &str); 4] = [
            (&["text/plain", "application/json"], "application/json"),
            (
                &["application/xml", "application/hal+json"],
                "application/hal+json",
            ),
            (
                &["text/plain", "multipart/form-data"],
                "multipart/form-data",
            ),
            (&["image/png", "application/octet-stream"], "image/png"),
        ];
        for (offered, expected) in cases {
            let content = content(offered);
            let picked = super::pick(&content).map(|(m, _)| m.as_str());
            assert_eq!(picked, Some(expected), "{offered:?}");
        }
    }
}
