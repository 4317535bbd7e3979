//! The OpenAPI 3 document of the JSON API, at `/api/openapi.json`: generated from the handlers' annotations and
//! the domain types' own schemas, so it cannot drift from the code (a test checks every route is in it). It sits
//! on top: it names every feature's API, and nothing imports it.

use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use terugkeer_domain::{ClientInput, Record};
use utoipa::OpenApi;

use crate::AppState;
use crate::kit::error::ApiError;

/// The route of the document.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(openapi))
}

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "terugkeer API",
        description = "Case files of clients guided towards independent return, and the rules engine's \
                       assessment of each. Dates are ISO 8601 (YYYY-MM-DD); money is integer cents.",
        license(name = "EUPL-1.2 OR MIT")
    ),
    paths(
        crate::healthz,
        crate::clients::api::list_clients,
        crate::clients::api::create_client,
        crate::clients::api::get_client,
        crate::clients::api::update_client,
        crate::clients::api::close_client,
        crate::clients::api::reopen_client,
        crate::clients::api::list_records,
        crate::clients::api::add_record,
        crate::clients::api::get_record,
        crate::clients::api::update_record,
        crate::clients::api::assessment,
        crate::verification::api_list,
        crate::verification::api_client_list,
        crate::verification::api_create,
        crate::verification::api_step,
        crate::progress::api_reports,
        crate::progress::api_draft,
        crate::progress::api_edit,
        crate::progress::api_send,
        crate::progress::api_ledger,
        crate::monitoring::api_visits,
        crate::monitoring::api_record,
        crate::extension::api_list,
        crate::extension::api_ask,
        crate::extension::api_decide,
        crate::in_kind::api_ledger,
        crate::in_kind::api_book,
        crate::in_kind::api_change,
        crate::handout::api_list,
        crate::handout::api_ask,
        crate::handout::api_sign,
        crate::handout::api_transparency,
        crate::message::api_list,
        crate::message::api_write,
        crate::project::api_list,
        crate::project::api_create,
        crate::project::api_report,
        crate::attachment::api_upload_item,
        crate::attachment::api_list,
        crate::attachment::api_download,
        crate::clients::export::api_export,
        crate::policy::api_list,
        crate::policy::api_add,
        crate::policy::api_preview,
        crate::policy::api_activate,
        crate::policy::api_withdraw
    ),
    components(schemas(
        ApiError,
        crate::clients::api::ClientOut,
        crate::clients::api::SummaryOut,
        crate::clients::api::ClientList,
        crate::clients::api::CreateClient,
        crate::clients::api::UpdateClient,
        crate::clients::api::CloseClient,
        crate::clients::api::ReopenClient,
        crate::clients::api::RecordOut,
        crate::clients::api::UpdateRecord,
        crate::Health,
        ClientInput,
        Record,
        crate::verification::VerificationOut,
        crate::verification::StepIn,
        crate::progress::ReportOut,
        crate::progress::ReportText,
        crate::progress::SendReport,
        crate::progress::ExchangeOut,
        crate::monitoring::VisitOut,
        crate::extension::ExtensionOut,
        crate::extension::AskIn,
        crate::extension::DecideIn,
        crate::in_kind::ItemOut,
        crate::in_kind::LedgerOut,
        crate::in_kind::ChangeItem,
        crate::handout::HandoutOut,
        crate::handout::SignIn,
        crate::handout::TransparencyOut,
        crate::message::MessageOut,
        terugkeer_domain::message::NewMessage,
        terugkeer_domain::message::Kind,
        terugkeer_domain::message::Source,
        terugkeer_domain::message::About,
        terugkeer_domain::message::AboutKind,
        terugkeer_domain::progress::Basis,
        crate::project::ProjectOut,
        crate::project::ReportOut,
        crate::attachment::AttachmentOut,
        crate::policy::NewVersion
    )),
    modifiers(&BearerAuth, &CommonAnswers),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The answers every operation can give, documented once instead of on each handler: 401 without a valid
/// token or session, 403 when the caller's role may not, 404 for an address with an id that is not there (or
/// not the caller's: the same answer), 400 for a body or parameter that cannot be read and 422 for one that is
/// refused — each with the `ApiError` body. A response without its own description gets the status's name
/// (the format requires one).
struct CommonAnswers;

impl utoipa::Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        let error = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ApiError")))
                            .build(),
                    )
                    .build(),
            )
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let ops = [
                (&mut item.get, false),
                (&mut item.put, true),
                (&mut item.post, true),
                (&mut item.delete, false),
                (&mut item.patch, true),
            ];
            for (op, writes) in ops {
                let Some(op) = op.as_mut() else { continue };
                let public = op
                    .security
                    .as_ref()
                    .is_some_and(|s| s.iter().all(|r| *r == Default::default()));
                let answers = &mut op.responses.responses;
                // The descriptions are `status_name`'s, the one table of them.
                let mut add = |code: &str| {
                    answers
                        .entry(code.to_owned())
                        .or_insert_with(|| error(status_name(code)));
                };
                if !public {
                    add("401");
                    add("403");
                }
                if path.contains('{') {
                    add("404");
                }
                if writes || op.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                    add("400");
                    add("422");
                }
                for (code, answer) in op.responses.responses.iter_mut() {
                    if let RefOr::T(r) = answer
                        && r.description.is_empty()
                    {
                        r.description = status_name(code).to_owned();
                    }
                }
            }
        }
    }
}

/// The name of an HTTP status, for a response that has no description of its own.
fn status_name(code: &str) -> &'static str {
    match code {
        "200" => "OK",
        "201" => "created",
        "202" => "accepted",
        "204" => "no content",
        "400" => "the body or a parameter cannot be read",
        "401" => "no valid token or session",
        "403" => "the caller's role may not do this",
        "404" => "not found, or not the caller's to see",
        "409" => "conflict: changed meanwhile, or a likely duplicate",
        "413" => "too large",
        "422" => "refused: `field` names what and `message` why",
        "503" => "unavailable",
        _ => "answer",
    }
}

async fn openapi() -> Response {
    match ApiDoc::openapi().to_json() {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}
