//! How a generated struct is written and read (serde's `Serialize` and
//! `Deserialize`), made by one `serde_fields!` call that names each field's
//! key on the wire. serde's derives would make the same JSON, but their
//! code costs rustc almost twice as much to check (GitHub's types crate:
//! 19.0 s against 10.9 s): a field-name enum and visitor, a sequence
//! visitor and, for a struct keeping unlisted properties, a buffer of every
//! value. Here each field is one arm of one match, and the
//! work is done by the few functions below, checked once.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// What a key of a struct's map is to that struct.
#[non_exhaustive]
pub enum Key {
    /// The field at this index of the struct's keys.
    Field(usize),
    /// A key the struct does not list, kept with its value.
    Other(String),
    /// A key the struct does not list, whose value is skipped.
    Ignored,
}

/// Reads a key and finds it among a struct's keys: first the one after
/// the last key found (APIs mostly send fields in the order their spec
/// lists them), then each in turn.
pub struct KeySeed {
    keys: &'static [&'static str],
    keep: bool,
    next: usize,
}

impl KeySeed {
    /// A seed for a struct with these keys (in field order), keeping the
    /// keys it does not list when `keep`, trying the key at `next` first.
    pub const fn new(keys: &'static [&'static str], keep: bool, next: usize) -> Self {
        KeySeed { keys, keep, next }
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        if self.keys.get(self.next) == Some(&key) {
            return Ok(Key::Field(self.next));
        }
        // Keys of one length and first byte are few: most are passed over
        // without comparing their text.
        let (length, first) = (key.len(), key.as_bytes().first());
        let found = self
            .keys
            .iter()
            .position(|k| k.len() == length && k.as_bytes().first() == first && *k == key);
        Ok(match found {
            Some(index) => Key::Field(index),
            None if self.keep => Key::Other(key.to_string()),
            None => Key::Ignored,
        })
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Key, E> {
        self.visit_str(&String::from_utf8_lossy(key))
    }

    // A YAML body may have numbers for keys: they are names like any other.
    fn visit_u64<E: de::Error>(self, key: u64) -> Result<Key, E> {
        self.visit_str(&key.to_string())
    }

    fn visit_i64<E: de::Error>(self, key: i64) -> Result<Key, E> {
        self.visit_str(&key.to_string())
    }
}

/// Whether a field marked `optional` in `serde_fields!` is left out when
/// written: it is `None`. The marker is this function's name, so that the
/// macro's expansion calls it directly: the macro calling itself again
/// twice for each field, as it did, made GitHub's types crate expand some
/// 42,000 more macro calls, seconds of every `cargo check` of it.
pub fn optional<T>(value: &Option<T>) -> bool {
    value.is_none()
}

/// Reads the value of the field `key` into its slot; a key given twice is
/// an error, as serde's derive makes it.
pub fn put<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of the field `key` once the map is read: an absent field is
/// `None` when its type is an `Option`, else the error "missing field".
pub fn take<'de, T: Deserialize<'de>, E: de::Error>(
    slot: Option<T>,
    key: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(key, PhantomData)),
    }
}

/// The value of an absent field: `None` to an `Option`, an error to any
/// other type.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple tuple_struct
        map struct enum identifier ignored_any
    }
}

/// A generated struct's `Serialize` and `Deserialize`, from its fields in
/// order, each with its index and its key on the wire: `optional` after the
/// key marks a field left out when `None`; a name after the braces is the map
/// of properties not listed (serde's `flatten`). Written as a map, in field
/// order, then the unlisted properties; read from a map, in any order, an
/// unknown key skipped (or kept), an absent `Option` field `None`.
// Generated crates whose spec has no structs never invoke it.
#[allow(unused_macros)]
macro_rules! serde_fields {
    ($name:ident { $($index:literal $field:ident = $key:literal $($optional:ident)?),* $(,)? } $($rest:ident)?) => {
        // Deprecated fields are still the struct's own to read and write.
        #[allow(deprecated)]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                // A field counts one, less one where `optional` finds it
                // left out; `$optional` is that function's name (see it).
                let len = 0 $(+ 1 $(- usize::from($crate::runtime::fields::$optional(&self.$field)))?)*
                    $(+ self.$rest.len())?;
                // A struct without fields writes no entry.
                #[allow(unused_mut)]
                let mut map = serializer.serialize_map(Some(len))?;
                $({
                    let left_out = false $(|| $crate::runtime::fields::$optional(&self.$field))?;
                    if !left_out {
                        map.serialize_entry($key, &self.$field)?;
                    }
                })*
                $(for (key, value) in &self.$rest {
                    map.serialize_entry(key, value)?;
                })?
                map.end()
            }
        }

        #[allow(deprecated)]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Names no generated type can have (theirs are alphanumeric),
                // so that `$name` is never shadowed here.
                struct __Visitor;
                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<__A: serde::de::MapAccess<'de>>(self, mut map: __A) -> Result<$name, __A::Error> {
                        const KEYS: &[&str] = &[$($key),*];
                        // Unlisted properties are kept where the struct has a map for them.
                        const KEEP: bool = false $(|| !stringify!($rest).is_empty())?;
                        $(let mut $field = None;)*
                        $(let mut $rest = std::collections::BTreeMap::new();)?
                        let mut next = 0;
                        while let Some(key) = map.next_key_seed($crate::runtime::fields::KeySeed::new(KEYS, KEEP, next))? {
                            if let $crate::runtime::fields::Key::Field(index) = key {
                                next = index + 1;
                            }
                            match key {
                                $($crate::runtime::fields::Key::Field($index) => {
                                    $crate::runtime::fields::put(&mut $field, &mut map, $key)?
                                })*
                                $($crate::runtime::fields::Key::Other(key) => {
                                    $rest.insert(key, map.next_value()?);
                                })?
                                _ => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok($name {
                            $($field: $crate::runtime::fields::take($field, $key)?,)*
                            $($rest,)?
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use serde_fields;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    /// A struct as the generator writes it: a required field, an optional
    /// one, a required one that may be null, a renamed one, a deprecated one.
    #[derive(Debug, Clone, PartialEq)]
    struct Ours {
        id: String,
        size: Option<i64>,
        note: Option<String>,
        r#type: Option<Vec<String>>,
        #[deprecated = "the spec marks this field deprecated"]
        old: Option<bool>,
    }
    serde_fields!(Ours { 0 id = "id", 1 size = "size" optional, 2 note = "note", 3 r#type = "type" optional, 4 old = "oldName" optional });

    /// The same struct, by serde's derives, as the generator wrote it before.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Theirs {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        size: Option<i64>,
        note: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        r#type: Option<Vec<String>>,
        #[serde(rename = "oldName", skip_serializing_if = "Option::is_none")]
        old: Option<bool>,
    }

    /// A struct keeping the properties it does not list.
    #[derive(Debug, Clone, PartialEq)]
    struct OursOpen {
        id: Option<i64>,
        additional_properties: BTreeMap<String, Value>,
    }
    serde_fields!(OursOpen { 0 id = "id" optional } additional_properties);

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct TheirsOpen {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<i64>,
        #[serde(flatten)]
        additional_properties: BTreeMap<String, Value>,
    }

    /// Unlisted properties of one type: one of another type is an error.
    #[derive(Debug, Clone, PartialEq)]
    struct OursCounts {
        additional_properties: BTreeMap<String, i64>,
    }
    serde_fields!(OursCounts {} additional_properties);

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct TheirsCounts {
        #[serde(flatten)]
        additional_properties: BTreeMap<String, i64>,
    }

    /// Types named like the generic parameters and items a macro might
    /// declare.
    #[derive(Debug, Clone, PartialEq)]
    struct A {
        a: Option<i64>,
    }
    serde_fields!(A { 0 a = "a" optional });

    #[derive(Debug, Clone, PartialEq)]
    struct Fields {
        map: A,
        key: Option<String>,
    }
    serde_fields!(Fields { 0 map = "map", 1 key = "key" optional });

    #[test]
    fn a_struct_may_be_named_like_what_the_macro_declares() {
        let json = r#"{"map":{"a":1},"key":"k"}"#;
        let fields: Fields = serde_json::from_str(json).unwrap();
        assert_eq!(fields.map.a, Some(1));
        assert_eq!(serde_json::to_string(&fields).unwrap(), json);
    }

    #[derive(Debug, Clone, PartialEq)]
    struct OursEmpty {}
    serde_fields!(OursEmpty {});

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct TheirsEmpty {}

    /// What reading `json` gives, written back, or the error's message with
    /// the struct's name left out. For a struct with `flatten`, only that it
    /// is an error: serde's derive reads such a map whole before any field,
    /// so it reports a later syntax error first, and a wrong value at the
    /// map's end; here a wrong value is reported where it is.
    fn outcome<T: serde::de::DeserializeOwned + Serialize>(json: &str, name: &str) -> String {
        match serde_json::from_str::<T>(json) {
            Ok(value) => serde_json::to_string(&value).unwrap_or_else(|e| e.to_string()),
            Err(_) if name.contains("Open") || name.contains("Counts") => "error".to_string(),
            Err(e) => format!("error: {}", e.to_string().replace(name, "T")),
        }
    }

    const INPUTS: &[&str] = &[
        r#"{"id": "a", "size": 3, "note": "n", "type": ["x"], "oldName": true}"#,
        r#"{"oldName": false, "type": [], "note": null, "size": null, "id": "b"}"#,
        r#"{"id": "c"}"#,
        r#"{"id": "c", "note": null}"#,
        r#"{"size": 3}"#,
        r#"{"id": "d", "id": "e"}"#,
        r#"{"id": "f", "unknown": {"deep": [1, 2]}, "more": null}"#,
        r#"{"id": 7}"#,
        r#"{"id": "g", "size": "big"}"#,
        r#""text""#,
        r#"null"#,
        r#"{}"#,
        r#"{"id": "i""#,
        r#"{"id": "\u00e9t\u00e9", "note": "caf\u00e9"}"#,
        r#"{"id": 1, "x": "y", "z": 2}"#,
        r#"{"a": 1, "b": 2, "id": null}"#,
    ];

    /// `input` read by the struct made by the macro and by its twin made by
    /// serde's derives: the same outcome.
    fn same<O, T>(input: &str, ours: &str, theirs: &str)
    where
        O: serde::de::DeserializeOwned + Serialize,
        T: serde::de::DeserializeOwned + Serialize,
    {
        assert_eq!(outcome::<O>(input, ours), outcome::<T>(input, theirs), "{input}");
    }

    #[test]
    fn a_struct_reads_and_writes_as_serde_s_derives_make_it() {
        for input in INPUTS {
            same::<Ours, Theirs>(input, "Ours", "Theirs");
            same::<OursOpen, TheirsOpen>(input, "OursOpen", "TheirsOpen");
            same::<OursCounts, TheirsCounts>(input, "OursCounts", "TheirsCounts");
            same::<OursEmpty, TheirsEmpty>(input, "OursEmpty", "TheirsEmpty");
        }
    }


    /// serde's derive reads a struct without `flatten` from a sequence too,
    /// its fields in order; a JSON API sends objects, and an array here is
    /// an error.
    #[test]
    fn a_struct_is_not_read_from_a_sequence() {
        let error = serde_json::from_str::<Ours>(r#"["h", 1, null, null, null]"#).unwrap_err();
        assert!(error.to_string().starts_with("invalid type: sequence, expected struct Ours"), "{error}");
        assert!(serde_json::from_str::<Theirs>(r#"["h", 1, null, null, null]"#).is_ok());
    }

    #[test]
    fn a_wrong_value_is_reported_where_it_is() {
        let error = serde_json::from_str::<OursOpen>("{\"id\": \"a\",\n \"b\": 1}").unwrap_err();
        assert_eq!((error.line(), error.column()), (1, 10), "{error}");
    }

    #[test]
    fn a_struct_is_written_in_field_order_then_its_other_properties() {
        let open = OursOpen {
            id: Some(1),
            additional_properties: [("b".to_string(), Value::from(2)), ("a".to_string(), Value::Null)]
                .into_iter()
                .collect(),
        };
        assert_eq!(serde_json::to_string(&open).unwrap(), r#"{"id":1,"a":null,"b":2}"#);
        #[allow(deprecated)]
        let ours = Ours {
            id: "x".into(),
            size: None,
            note: None,
            r#type: None,
            old: Some(false),
        };
        // A required field that may be null is written as null; an absent
        // optional one is left out.
        assert_eq!(serde_json::to_string(&ours).unwrap(), r#"{"id":"x","note":null,"oldName":false}"#);
        assert_eq!(serde_json::to_value(&ours).unwrap()["oldName"], Value::Bool(false));
    }

    #[test]
    fn a_struct_reads_from_a_value_and_from_yaml_as_from_json() {
        let value = serde_json::json!({"id": "v", "size": 2, "note": null, "extra": 1});
        let ours: Ours = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&ours).unwrap(), serde_json::json!({"id": "v", "size": 2, "note": null}));
        let open: OursOpen = serde_json::from_value(serde_json::json!({"id": 4, "b": [true]})).unwrap();
        assert_eq!((open.id, open.additional_properties.len()), (Some(4), 1));
        let yaml: Ours = serde_yaml::from_str("id: y\n3: three\nnote: ~\n").unwrap();
        assert_eq!(yaml.id, "y");
        let yaml: OursOpen = serde_yaml::from_str("7: seven\n").unwrap();
        assert_eq!(yaml.additional_properties["7"], Value::from("seven"));
    }
}
