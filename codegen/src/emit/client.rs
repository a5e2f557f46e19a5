//! `client.rs`: a typed method per operation on the runtime client, then per
//! operation a request struct, how it is sent and decoded, and its error
//! enum when its errors carry different types.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, lexed, lit, rust_type};
use crate::model::{Api, BodyKind, Operation, ResponseBody, TypeRef};
use crate::naming::ident;
use crate::write::Emitted;

mod arg_attrs;
mod formatted;
mod inputs;

use inputs::{inputs, request_has_default, Input};

/// `client.rs`; in a crate with a feature per tag, with a module of its
/// own per tag (`client/<feature>.rs`, made when asked for), so that no
/// file is as large as the whole API.
pub fn emit(api: &Api) -> Box<dyn Iterator<Item = Emitted> + '_> {
    let shared = std::iter::once(Emitted::rust("client.rs".to_string(), tokens(api)));
    let modules = api.features.iter().map(move |feature| {
        Emitted::rust(
            format!("client/{}.rs", feature.module),
            feature_module(api, &feature.name),
        )
    });
    Box::new(shared.chain(modules))
}

/// Tokens for the shared part of `client.rs`, and every operation unless
/// each tag's are in a module of its own.
fn tokens(api: &Api) -> TokenStream {
    // A slice of the tags' features may use none of the types.
    let sliced = super::allow_in_slices(api, "unused_imports");
    let imports = uses_named_types(api).then(|| {
        quote!(
            #sliced
            use super::types::*;
        )
    });
    let (methods, operations) = if api.features.is_empty() {
        operations(api, api.operations.iter())
    } else {
        let modules = api.features.iter().map(|feature| {
            let module = ident(&feature.module);
            let feature = lit(&feature.name);
            let cfg = format!("#[cfg(feature = {feature})]");
            let text = [
                cfg.clone(),
                format!("mod {module};"),
                cfg,
                format!("pub use {module}::*;"),
            ];
            crate::write::preformatted::item(super::lines_text(&text), || {
                quote! {
                    #[cfg(feature = #feature)]
                    mod #module;
                    #[cfg(feature = #feature)]
                    pub use #module::*;
                }
            })
        });
        (quote!(), quote!(#(#modules)*))
    };
    // JSON bodies the CLI merges are read by `take_body`, named short so
    // that their fields' attributes fit on a line.
    let merged_bodies = api
        .operations
        .iter()
        .any(|op| op.body.as_ref().is_some_and(|b| b.merged));
    let take_body = merged_bodies.then(|| {
        quote!(
            #sliced
            #[cfg(feature = "cli")]
            use crate::runtime::cli::take_body;
        )
    });
    let headers = client_headers(api);
    let auth = super::auth::module(api);
    let resources = super::resources::module(api);
    quote! {
        #imports
        #sliced
        use crate::runtime::{self, Builder};
        #take_body

        #methods

        #headers

        #auth

        #resources

        #operations
    }
}

/// One tag's module: its operations, which `client.rs` compiles with the
/// tag's feature.
fn feature_module(api: &Api, feature: &str) -> TokenStream {
    let ops = api.operations.iter().filter(|op| op.gate.is_only(feature));
    let (methods, operations) = operations(api, ops);
    let imports = super::tag_module_imports();
    quote! {
        #imports

        #methods

        #operations
    }
}

/// The `Client` methods of `ops`, and each one's request, sending and
/// decoding.
fn operations<'a>(
    api: &Api,
    ops: impl Iterator<Item = &'a Operation>,
) -> (TokenStream, TokenStream) {
    let mut methods = Vec::new();
    let mut operations = Vec::new();
    for op in ops {
        let inputs = inputs(api, op);
        let default = request_has_default(&inputs);
        let text = formatted::method(op, &inputs, default);
        operations.push(operation(api, op, &inputs));
        methods.push((op, inputs, default, text));
    }
    // The whole block as text when every method is; else each method's
    // text in its place, and the block formatted from tokens.
    let block = formatted::methods_block(methods.iter().map(|(.., text)| text.as_deref()));
    let members = |placed: bool| -> Vec<TokenStream> {
        let member = |(op, inputs, default, text): &(&Operation, Vec<Input>, bool, _)| {
            let tokens = || method_tokens(op, inputs, *default);
            match placed {
                true => formatted::member(Option::clone(text), tokens),
                false => tokens(),
            }
        };
        methods.iter().map(member).collect()
    };
    let block_tokens = |members: Vec<TokenStream>| {
        quote! {
            /// One method per operation, taking its required inputs: set the
            /// optional ones on the returned builder, then `send()` it.
            // Required inputs are set on a default request one per line, the
            // shortest way to spell it.
            #[allow(clippy::field_reassign_with_default)]
            impl runtime::Client {
                #(#members)*
            }
        }
    };
    let methods = match block {
        Some(text) => formatted::item(Some(text), || block_tokens(members(false))),
        None => block_tokens(members(true)),
    };
    (methods, quote!(#(#operations)*))
}

/// Whether any operation mentions a named type directly.
pub(crate) fn uses_named_types(api: &Api) -> bool {
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => named(inner),
            _ => false,
        }
    }
    api.operations.iter().any(|op| {
        op.params.iter().any(|p| named(&p.ty))
            || op.body.as_ref().is_some_and(|b| match &b.kind {
                BodyKind::Json(ty) | BodyKind::UrlEncoded(ty) => named(ty),
                BodyKind::Multipart(parts) => parts.iter().any(|p| named(&p.ty)),
                _ => false,
            })
            || op
                .responses
                .iter()
                .any(|r| matches!(&r.body, ResponseBody::Json(ty) if named(ty)))
    })
}

/// A client builder setter for each header the spec sends on every request.
fn client_headers(api: &Api) -> Option<TokenStream> {
    if api.client_headers.is_empty() {
        return None;
    }
    let setters = api.client_headers.iter().map(|header| {
        let method = ident(&header.method);
        let wire = lit(&header.wire);
        let docs = doc(Some(&header.setter_doc()));
        quote! {
            #docs
            pub fn #method(self, value: impl Into<String>) -> Self {
                self.header(#wire, value)
            }
        }
    });
    Some(quote! {
        /// Headers the API takes on every request.
        impl runtime::ClientBuilder {
            #(#setters)*
        }
    })
}

/// The typed client method: the operation's required inputs in, a
/// [`runtime::Builder`] holding its request out.
fn method_tokens(op: &Operation, inputs: &[Input], default: bool) -> TokenStream {
    let name = ident(&op.names.type_name);
    let method = ident(&op.names.fn_name);
    let docs = doc(Some(&op.method_doc()));
    let args = inputs.iter().filter(|i| !i.ty.optional).map(|i| {
        let (field, ty) = (&i.field, i.ty.inner_tokens());
        quote!(#field: impl Into<#ty>)
    });
    let request = method_body(&name, inputs, default);
    let deprecated = op
        .docs
        .deprecated
        .then(|| quote!(#[deprecated = #DEPRECATED_OPERATION]));
    quote! {
        #docs
        #deprecated
        pub fn #method(&self, #(#args),*) -> Builder<'_, #name> {
            #request
        }
    }
}

/// What `#[deprecated]` says of an operation's method.
const DEPRECATED_OPERATION: &str = "the spec marks this operation deprecated";

/// A client method's body: its request, required inputs set, in a builder.
/// Optional inputs start out absent: from `Default` when the request has it.
fn method_body(name: &proc_macro2::Ident, inputs: &[Input], default: bool) -> TokenStream {
    if default {
        let values = inputs.iter().filter(|i| !i.ty.optional).map(|i| {
            let field = &i.field;
            quote!(request.#field = #field.into();)
        });
        let values: Vec<TokenStream> = values.collect();
        if values.is_empty() {
            quote!(Builder::new(self, #name::default()))
        } else {
            quote! {
                let mut request = #name::default();
                #(#values)*
                Builder::new(self, request)
            }
        }
    } else {
        let values = inputs.iter().map(|i| {
            let field = &i.field;
            if i.ty.optional {
                quote!(#field: None)
            } else {
                quote!(#field: #field.into())
            }
        });
        quote!(Builder::new(self, #name { #(#values),* }))
    }
}

/// An operation's request struct, its setters, its response enums, its
/// `runtime::Operation` impl and, for a list, its `runtime::Paginated` one;
/// the fixed shapes among them formatted here where they can be.
fn operation(api: &Api, op: &Operation, inputs: &[Input]) -> TokenStream {
    let name = ident(&op.names.type_name);
    let default = request_has_default(inputs);
    let command = arg_attrs::command_attrs(op);
    let request = formatted::item(
        formatted::request_struct(op, inputs, &command, default),
        || request_struct(op, inputs, &command, default),
    );
    let setters = inputs
        .iter()
        .any(|i| i.ty.optional)
        .then(|| formatted::item(formatted::setters(&name, inputs), || setters(&name, inputs)));
    let (output, success_enum) = super::responses::success(api, op);
    let (error_ty, error_enum) = super::responses::error(api, op);
    let implementation = OperationImpl {
        name: &name,
        output,
        error: error_ty,
        consts: super::consts::operation_consts(api, op),
        build: super::request::build_request(op),
        decode: super::responses::decode(op),
    };
    let implementation = formatted::item(implementation.text(), || implementation.tokens());
    let paginated = paginated(api, op);
    quote! {
        #request
        #setters
        #success_enum
        #error_enum
        #implementation
        #paginated
    }
}

fn request_struct(op: &Operation, inputs: &[Input], command: &str, default: bool) -> TokenStream {
    let command = lexed(command);
    let name = ident(&op.names.type_name);
    let struct_doc = doc(Some(&op.docs.long_about));
    let fields = inputs.iter().map(|i| {
        let (field, docs) = (&i.field, doc(i.doc.as_deref()));
        let (arg, ty) = (i.arg.as_deref().map(lexed), lexed(&i.ty.declared()));
        quote!(#docs #arg pub #field: #ty,)
    });
    let default = default.then(|| quote!(Default,));
    quote! {
        #struct_doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #command
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The setters of a request's optional inputs.
fn setters(name: &proc_macro2::Ident, inputs: &[Input]) -> TokenStream {
    let setters = inputs.iter().filter(|i| i.ty.optional).map(|i| {
        let (field, ty) = (&i.field, i.ty.inner_tokens());
        let docs = doc(Some(&i.summary));
        quote!(#docs #field: #ty,)
    });
    quote!(crate::runtime::request_setters!(#name { #(#setters)* });)
}

/// The parts of an operation's `runtime::Operation` impl.
struct OperationImpl<'a> {
    name: &'a proc_macro2::Ident,
    output: TokenStream,
    error: TokenStream,
    consts: Vec<super::consts::Const>,
    build: super::request::Chain,
    decode: TokenStream,
}

impl OperationImpl<'_> {
    fn tokens(&self) -> TokenStream {
        let OperationImpl {
            name,
            output,
            error,
            consts,
            build,
            decode,
        } = self;
        let consts = consts.iter().map(super::consts::Const::tokens);
        let build = lexed(&build.text());
        quote! {
            impl runtime::Operation for #name {
                type Output = #output;
                type Error = #error;
                #(#consts)*

                fn request(&self) -> runtime::Request {
                    #build
                }

                fn decode(response: &runtime::Response) -> runtime::Decoded<Self> {
                    #decode
                }
            }
        }
    }
}

/// The type of a paginated operation's items, which its builder streams.
fn paginated(api: &Api, op: &Operation) -> Option<TokenStream> {
    let item = op.roles.pagination.as_ref()?.item.as_ref()?;
    let name = ident(&op.names.type_name);
    let item = rust_type(api, item);
    Some(formatted::item(formatted::paginated(&name, &item), || {
        quote! {
            impl runtime::Paginated for #name {
                type Item = #item;
            }
        }
    }))
}
