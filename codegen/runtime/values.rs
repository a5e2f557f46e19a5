// The `value` module and the macros the generated types call. Included by
// `mod.rs` (and by a types crate's runtime module): items, not a module.
// What `serde_fields!` expands to calls; not an API of its own.
#[doc(hidden)]
pub mod fields;
pub mod value;
#[allow(unused_imports)]
pub(crate) use fields::serde_fields;
#[allow(unused_imports)]
pub(crate) use value::{body_parser, setters, string_enum};
