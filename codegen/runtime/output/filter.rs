//! `--jq` filters, run by jaq.

use serde_json::Value;

/// A compiled `--jq` filter.
pub struct Filter {
    filter: jaq_core::Filter<jaq_core::Native<jaq_json::Val>>,
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Filter")
    }
}

impl Filter {
    /// Compiles `code`; the error is one line saying what is wrong.
    pub fn compile(code: &str) -> Result<Filter, String> {
        use jaq_core::load::{Arena, File, Loader};
        let loader = Loader::new(jaq_std::defs().chain(jaq_json::defs()));
        let arena = Arena::default();
        let modules = loader
            .load(&arena, File { code, path: () })
            .map_err(|errors| format!("cannot parse the filter ({} error(s))", errors.len()))?;
        let filter = jaq_core::Compiler::default()
            .with_funs(jaq_std::funs().chain(jaq_json::funs()))
            .compile(modules)
            .map_err(|errors| {
                let names: Vec<String> = errors
                    .into_iter()
                    .flat_map(|(_, errs)| errs.into_iter().map(|(name, _)| name.to_string()))
                    .collect();
                format!("unknown name(s) in the filter: {}", names.join(", "))
            })?;
        Ok(Filter { filter })
    }

    /// Runs the filter on `input`: every output value, or the first error.
    pub fn run(&self, input: Value) -> Result<Vec<Value>, String> {
        use jaq_core::{Ctx, RcIter};
        let inputs = RcIter::new(core::iter::empty());
        self.filter
            .run((Ctx::new([], &inputs), jaq_json::Val::from(input)))
            .map(|out| {
                out.map(Value::from)
                    .map_err(|e| format!("the filter failed: {e}"))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jq_filters_values_and_bad_filters_are_errors() {
        let filter = Filter::compile(".users[] | .email").expect("compiles");
        let out = filter
            .run(json!({"users": [{"email": "a"}, {"email": "b"}]}))
            .expect("runs");
        assert_eq!(out, vec![json!("a"), json!("b")]);
        assert!(Filter::compile(".[").is_err());
        assert!(Filter::compile("nosuchfunction").is_err());
    }
}
