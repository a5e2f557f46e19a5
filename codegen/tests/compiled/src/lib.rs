//! Every fixture spec's generated code, compiled against the real runtime.
//! A fixture whose output does not compile (or warns, under clippy's
//! `-D warnings`) fails the build.

#[path = "../../../runtime/mod.rs"]
pub mod runtime;

/// The generated modules of one fixture, as `dci` lays them out.
macro_rules! fixture {
    ($name:ident) => {
        #[allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        #[allow(missing_docs)] // what the spec does not describe has no doc comment
        pub mod $name {
            pub mod types {
                include!(concat!(
                    env!("OUT_DIR"),
                    "/",
                    stringify!($name),
                    "/types.rs"
                ));
            }
            pub mod client {
                include!(concat!(
                    env!("OUT_DIR"),
                    "/",
                    stringify!($name),
                    "/client.rs"
                ));
            }
            #[cfg(feature = "cli")]
            pub mod cli {
                include!(concat!(env!("OUT_DIR"), "/", stringify!($name), "/cli.rs"));
            }
        }
    };
}

fixture!(auth);
fixture!(bodies);
fixture!(cancel_invite);
fixture!(composition);
fixture!(enums);
fixture!(hostile);
fixture!(names);
fixture!(openapi_3_1);
fixture!(pagination);
fixture!(styles);

// Real-world specs (codegen/tests/real-world).
fixture!(amplify_ui_builder);
fixture!(telstra);
fixture!(twilio_fax);
fixture!(xkcd);
