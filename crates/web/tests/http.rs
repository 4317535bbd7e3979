//! The real router, on SQLite and on PostgreSQL, driven request by request: login and sessions, forms with
//! errors beside the field, duplicates, stale updates (409), CSRF, the API with tokens, its errors and the
//! assessment, and malformed input that must never give a 500 or store anything.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jiff::Timestamp;
use terugkeer_store::{Store, Tenant};
use terugkeer_web::{AppState, auth, router};
use tower::ServiceExt;

const PASSWORD: &str = "een lang wachtwoord";

fn now() -> Timestamp {
    "2026-11-29T10:00:00Z".parse().unwrap()
}

struct App {
    router: Router,
    store: Store,
    tenant: Tenant,
    cookie: String,
    csrf: String,
    token: String,
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

async fn send(router: &Router, req: Request<Body>) -> Reply {
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

impl App {
    async fn new(store: Store) -> App {
        let tenant = store.create_organisation("Stichting Test", now()).await.unwrap();
        let hash = auth::hash_password(PASSWORD).unwrap();
        let user = store
            .create_user(
                tenant,
                "anna",
                "Anna Begeleider",
                "caseworker",
                Some(&hash),
                now(),
            )
            .await
            .unwrap();
        let token = "test-token-0123456789";
        let later: Timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
        store
            .create_token(
                tenant,
                None,
                &terugkeer_store::NewToken {
                    user_id: user,
                    name: "tests",
                    token_hash: &auth::secret_hash(token),
                    role: None,
                    expires: later,
                },
                now(),
            )
            .await
            .unwrap();
        let router = router(AppState::new(store.clone(), Arc::new(now)));
        let mut app = App {
            router,
            store,
            tenant,
            cookie: String::new(),
            csrf: String::new(),
            token: token.into(),
        };
        let r = app
            .post_login(&format!("username=anna&password={}", PASSWORD.replace(' ', "+")))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let set = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Strict"),
            "{set}"
        );
        app.cookie = set.split(';').next().unwrap().to_owned();
        let page = app.get("/dashboard").await;
        assert_eq!(page.status, StatusCode::OK);
        app.csrf = page
            .body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_owned();
        app
    }

    async fn get(&self, path: &str) -> Reply {
        let req = Request::get(path)
            .header(header::COOKIE, &self.cookie)
            .body(Body::empty())
            .unwrap();
        send(&self.router, req).await
    }

    async fn post_form(&self, path: &str, body: &str) -> Reply {
        let req = Request::post(path)
            .header(header::COOKIE, &self.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_owned()))
            .unwrap();
        send(&self.router, req).await
    }

    /// A post to the login form as a browser sends it: with the login cookie and the same token in the form
    /// (the form's own token; any value the browser holds in both works, which is the point of the check).
    async fn post_login(&self, body: &str) -> Reply {
        let req = Request::post("/login")
            .header(header::COOKIE, "terugkeer_login=login-form-token")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf=login-form-token&{body}")))
            .unwrap();
        send(&self.router, req).await
    }

    /// A form post with the session's CSRF token.
    async fn submit(&self, path: &str, body: &str) -> Reply {
        self.post_form(path, &format!("csrf={}&{body}", self.csrf)).await
    }

    async fn api(&self, method: &str, path: &str, body: Option<&str>) -> Reply {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
            .unwrap();
        send(&self.router, req).await
    }

    async fn client_count(&self) -> i64 {
        self.store
            .list_clients(
                &self.store.org_access(self.tenant),
                &terugkeer_store::ClientQuery {
                    limit: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .total
    }
}

fn location(r: &Reply) -> String {
    r.headers
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name(terugkeer_store::testing::sqlite().await.unwrap()).await;
            }
            #[tokio::test]
            async fn postgres() {
                super::$name(
                    terugkeer_store::testing::postgres()
                        .await
                        .expect("PostgreSQL must be reachable"),
                )
                .await;
            }
        }
    };
}

both!(login_and_logout);
async fn login_and_logout(store: Store) {
    let app = App::new(store).await;
    // A wrong password is refused with the same message as an unknown user.
    let wrong = app.post_login("username=anna&password=fout").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let unknown = app.post_login("username=nobody&password=fout").await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong
            .body
            .contains("Onbekende gebruikersnaam of onjuist wachtwoord")
    );
    assert!(
        unknown
            .body
            .contains("Onbekende gebruikersnaam of onjuist wachtwoord")
    );
    // Without a session, pages redirect to the login and the API answers 401 JSON.
    let anon = send(
        &app.router,
        Request::get("/dashboard").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&anon), "/login");
    let api = send(
        &app.router,
        Request::get("/api/v1/clients").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.json()["code"], "unauthorized");
    // Logging out ends the session on the server, not only in the browser.
    let out = app.submit("/logout", "").await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/dashboard").await.status, StatusCode::SEE_OTHER);
}

both!(the_login_form_carries_its_own_token);
/// Login CSRF: a post to `/login` whose token is missing or not the one in the login cookie is refused before
/// the password is tried (no session, no failure counted), with a new form and the username kept; the form
/// itself sets the cookie and carries the token; a successful login clears the cookie.
async fn the_login_form_carries_its_own_token(store: Store) {
    let app = App::new(store).await;
    let good = format!("username=anna&password={}", PASSWORD.replace(' ', "+"));
    let form = send(&app.router, Request::get("/login").body(Body::empty()).unwrap()).await;
    assert_eq!(form.status, StatusCode::OK);
    let set = form
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set.starts_with("terugkeer_login=") && set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let token = set
        .split(';')
        .next()
        .unwrap()
        .split('=')
        .nth(1)
        .unwrap()
        .to_owned();
    assert_eq!(token.len(), 43, "{token}");
    assert!(
        form.body.contains(&format!("name=\"csrf\" value=\"{token}\"")),
        "{}",
        form.body
    );
    let post = |cookie: Option<String>, body: String| {
        let mut req =
            Request::post("/login").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        send(&app.router, req.body(Body::from(body)).unwrap())
    };
    let attempts = || async {
        let sql = "SELECT COUNT(*) FROM login_attempt";
        match app.store.db() {
            terugkeer_store::Db::Sqlite(p) => sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await.unwrap(),
            terugkeer_store::Db::Postgres(p) => sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await.unwrap(),
        }
    };
    let before = attempts().await;
    // Forged: no cookie (another site's form), a wrong token, an empty token in both.
    for (cookie, body) in [
        (None, format!("csrf={token}&{good}")),
        (
            Some(format!("terugkeer_login={token}")),
            format!("csrf=other&{good}"),
        ),
        (Some(format!("terugkeer_login={token}")), good.clone()),
        (Some("terugkeer_login=".to_owned()), format!("csrf=&{good}")),
    ] {
        let r = post(cookie.clone(), body.clone()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{cookie:?} {body}: {}", r.body);
        assert!(r.body.contains("Het inlogformulier was verlopen"), "{}", r.body);
        assert!(
            r.body.contains("value=\"anna\""),
            "the username is kept: {}",
            r.body
        );
        assert!(!r.headers.contains_key("location"), "no session: {:?}", r.headers);
        let renewed = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
        assert!(
            renewed.starts_with("terugkeer_login=") && !renewed.contains(&token),
            "{renewed}"
        );
    }
    // Nothing was counted or tried; a real attempt with the form's token is.
    assert_eq!(attempts().await, before);
    let r = post(
        Some(format!("terugkeer_login={token}")),
        format!("csrf={token}&username=anna&password=fout"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert_eq!(attempts().await, before + 1);
}

both!(a_successful_login_clears_the_login_cookie);
async fn a_successful_login_clears_the_login_cookie(store: Store) {
    let app = App::new(store).await;
    let r = app
        .post_login(&format!("username=anna&password={}", PASSWORD.replace(' ', "+")))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let set: Vec<&str> = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(set.iter().any(|c| c.starts_with("terugkeer_session=")), "{set:?}");
    assert!(
        set.iter()
            .any(|c| c.starts_with("terugkeer_login=;") && c.contains("Max-Age=0")),
        "{set:?}"
    );
}

both!(a_remembered_session_is_checked_with_the_page);
/// The client page is read with the session the server last found for its cookie and checks it in the same
/// statement: a session ended or changed elsewhere (another server, the command line) shows no page.
async fn a_remembered_session_is_checked_with_the_page(store: Store) {
    let app = App::new(store).await;
    let page = location(
        &app.submit("/clients", "family_name=Sessie&given_names=Sara")
            .await,
    );
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let reads = |app: &App| {
        let (store, all) = (app.store.clone(), app.store.org_access(app.tenant));
        async move {
            let history = store.disclosures(&all, id, 100).await.unwrap();
            history.iter().filter(|h| h.action == "read").count()
        }
    };
    let shown = app.get(&page).await;
    assert!(shown.status == StatusCode::OK && shown.body.contains("Sessie"));
    assert_eq!(reads(&app).await, 1);
    let hash = auth::secret_hash(app.cookie.split_once('=').unwrap().1);
    // A forced password change made elsewhere: the page sends the user to their account instead.
    let user = app.store.user_by_username("anna").await.unwrap().unwrap();
    app.store.require_password_change(user.id).await.unwrap();
    let r = app.get(&page).await;
    assert_eq!(
        (r.status, location(&r)),
        (StatusCode::SEE_OTHER, "/account".to_owned())
    );
    // The session ended elsewhere: back to the login, no page, no read recorded.
    app.store.end_session(&hash, now()).await.unwrap();
    let r = app.get(&page).await;
    assert_eq!(
        (r.status, location(&r)),
        (StatusCode::SEE_OTHER, "/login".to_owned())
    );
    assert!(!r.body.contains("Sessie"));
    assert_eq!(reads(&app).await, 1);
}

both!(a_remembered_session_is_checked_with_the_dashboard);
async fn a_remembered_session_is_checked_with_the_dashboard(store: Store) {
    remembered_session_is_checked(store, &["/dashboard"]).await;
}

both!(a_remembered_session_is_checked_with_the_list);
async fn a_remembered_session_is_checked_with_the_list(store: Store) {
    // A name search's first page (both parts in one statement), then the plain list.
    remembered_session_is_checked(store, &["/clients?q=sess", "/clients"]).await;
}

/// The dashboard and the client list, too, are read in one statement with the remembered session: once the
/// session has ended or changed elsewhere, the next page is not shown under it.
async fn remembered_session_is_checked(store: Store, pages: &[&str]) {
    let app = App::new(store).await;
    app.submit("/clients", "family_name=Sessie&given_names=Sara")
        .await;
    for page in pages {
        // Twice: the first finds the session the ordinary way and remembers it, the second reads with it.
        for _ in 0..2 {
            let r = app.get(page).await;
            assert_eq!(r.status, StatusCode::OK, "{page}");
            assert!(r.body.contains("Sessie"), "{page}: {}", r.body);
        }
    }
    let page = pages[0];
    let user = app.store.user_by_username("anna").await.unwrap().unwrap();
    app.store.require_password_change(user.id).await.unwrap();
    let r = app.get(page).await;
    assert_eq!(
        (r.status, location(&r)),
        (StatusCode::SEE_OTHER, "/account".to_owned()),
        "{page}"
    );
    assert!(!r.body.contains("Sessie"));
    // Ended elsewhere while remembered as good (a coordinator's, who sees the organisation's clients): the
    // login page, no clients.
    let coordinator = app.as_user("bert", "coordinator").await;
    assert!(coordinator.get(page).await.body.contains("Sessie"), "{page}");
    let hash = auth::secret_hash(coordinator.cookie.split_once('=').unwrap().1);
    app.store.end_session(&hash, now()).await.unwrap();
    let r = coordinator.get(page).await;
    assert_eq!(
        (r.status, location(&r)),
        (StatusCode::SEE_OTHER, "/login".to_owned()),
        "{page}"
    );
    assert!(!r.body.contains("Sessie"));
}

both!(forms_validate_beside_the_field);
async fn forms_validate_beside_the_field(store: Store) {
    let app = App::new(store).await;
    // Missing family name: 422, the message beside the field, the other values kept, nothing stored.
    let r = app
        .submit("/clients", "family_name=&given_names=Amina&v_number=12345")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"client-family_name-error\""), "{}", r.body);
    assert!(r.body.contains("value=\"Amina\""));
    assert_eq!(app.client_count().await, 0);
    // A bad V-number and a date in the future name their fields.
    let r = app.submit("/clients", "family_name=Haile&v_number=12345").await;
    assert!(r.body.contains("id=\"client-v_number-error\""));
    let r = app
        .submit("/clients", "family_name=Haile&date_of_birth=2030-01-01")
        .await;
    assert!(r.body.contains("id=\"client-date_of_birth-error\""));
    assert_eq!(app.client_count().await, 0);
    // A valid client is saved and the browser is sent to its page.
    let r = app
        .submit("/clients", "family_name=Haile&given_names=Yonas&date_of_birth=1990-03-01&v_number=1234567890&country_of_return=er")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = location(&r);
    // A likely duplicate (same birth date, a name spelled otherwise) is shown before saving (409) ...
    let dup = app
        .submit(
            "/clients",
            "family_name=Haille&given_names=Yonas&date_of_birth=1990-03-01",
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert!(dup.body.contains(&format!("href=\"{page}\"")), "{}", dup.body);
    assert_eq!(app.client_count().await, 1);
    // ... and saved when the caseworker confirms.
    let ok = app
        .submit(
            "/clients",
            "family_name=Haille&given_names=Yonas&date_of_birth=1990-03-01&confirm_duplicate=1",
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(app.client_count().await, 2);

    // A record with a bad date is refused beside its field; nothing is stored.
    let bad = app
        .submit(
            &format!("{page}/records"),
            "kind=procedure_event&event=asylum_rejected&on=2026-02-30",
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("id=\"procedure_event-on-error\""),
        "{}",
        bad.body
    );
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    assert!(
        app.store
            .records(&app.store.org_access(app.tenant), id)
            .await
            .unwrap()
            .is_empty()
    );
    // Entering the rejection makes the departure deadline appear: 2026-11-02 + 28 days = 2026-11-30.
    let good = app
        .submit(
            &format!("{page}/records"),
            "kind=procedure_event&event=asylum_rejected&on=2026-11-02",
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER);
    let shown = app.get(&page).await;
    assert!(shown.body.contains("30 november 2026"), "{}", shown.body);
    assert!(shown.body.contains("art. 62 lid 1 Vw 2000"));
    let dashboard = app.get("/dashboard").await;
    assert!(dashboard.body.contains("30 november 2026"), "{}", dashboard.body);
    // The printable summary holds the same.
    let summary = app.get(&format!("{page}/summary")).await;
    assert_eq!(summary.status, StatusCode::OK);
    assert!(summary.body.contains("30 november 2026"), "{}", summary.body);
    // English on request.
    let en = Request::get(&page)
        .header(header::COOKIE, format!("{}; terugkeer_lang=en", app.cookie))
        .body(Body::empty())
        .unwrap();
    let en = send(&app.router, en).await;
    assert!(en.body.contains("lang=\"en\"") && en.body.contains("Deadlines"));
}

both!(stale_updates_are_refused);
async fn stale_updates_are_refused(store: Store) {
    let app = App::new(store).await;
    let r = app
        .submit("/clients", "family_name=Noorzai&country_of_return=AF")
        .await;
    let page = location(&r);
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    // Two people open the form at version 1; the first saves, the second is refused with the newer data.
    let first = app
        .submit(
            &page,
            "version=1&family_name=Noorzai&phone=0612345678&country_of_return=AF",
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = app
        .submit(
            &page,
            "version=1&family_name=Noorzai&phone=0000&country_of_return=AF",
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(
        second.body.contains("value=\"0612345678\""),
        "the newer data is shown"
    );
    assert_eq!(
        app.store
            .client(&app.store.org_access(app.tenant), id)
            .await
            .unwrap()
            .unwrap()
            .data
            .phone,
        "0612345678"
    );
    // The API does the same, with the current client in the error.
    let body = r#"{"version": 1, "client": {"family_name": "Noorzai", "phone": "1111"}}"#;
    let api = app.api("PUT", &format!("/api/v1/clients/{id}"), Some(body)).await;
    assert_eq!(api.status, StatusCode::CONFLICT);
    let v = api.json();
    assert_eq!(
        (v["code"].as_str(), v["current"]["version"].as_i64()),
        (Some("stale"), Some(2))
    );
    assert_eq!(v["current"]["client"]["phone"], "0612345678");
}

both!(forms_need_the_csrf_token);
async fn forms_need_the_csrf_token(store: Store) {
    let app = App::new(store).await;
    let r = app.post_form("/clients", "family_name=Forged").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.post_form("/clients", "csrf=wrong&family_name=Forged").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.client_count().await, 0);
    // An API write with the session cookie and without the header is refused too.
    let req = Request::post("/api/v1/clients")
        .header(header::COOKIE, &app.cookie)
        .body(Body::from(r#"{"client": {"family_name": "Forged"}}"#))
        .unwrap();
    assert_eq!(send(&app.router, req).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.client_count().await, 0);
}

both!(the_api);
async fn the_api(store: Store) {
    let app = App::new(store).await;
    // Malformed JSON: 400 naming the body; a wrong value: 422 naming the field; nothing stored.
    let r = app.api("POST", "/api/v1/clients", Some("{not json")).await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("body"))
    );
    let r = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(r#"{"client": {"family_name": "X", "date_of_birth": "1990-13-01"}}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["field"], "client.date_of_birth", "{}", r.body);
    let r = app
        .api("POST", "/api/v1/clients", Some(r#"{"client": {"family_name": "X"}, "records": [{"kind": "stay", "setting": "hotel", "from": "2026-01-01"}]}"#))
        .await;
    assert_eq!(r.json()["field"], "records[0].setting", "{}", r.body);
    let r = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(r#"{"client": {"family_name": ""}}"#),
        )
        .await;
    assert_eq!(r.json()["field"], "client.family_name");
    assert_eq!(app.client_count().await, 0);

    // A client with its file, all at once: the contract example (AZC, rejected 2016-05-02).
    let body = r#"{"client": {"family_name": "Ahmadi", "given_names": "Farid", "country_of_return": "AF",
        "dublin_claimant": false, "criminal_record": false, "entry_ban": "none", "article_1f": false,
        "currently_participating": false},
      "records": [{"kind": "procedure_event", "event": "asylum_rejected", "on": "2016-05-02"},
                  {"kind": "stay", "setting": "azc", "from": "2015-02-01"},
                  {"kind": "contact", "on": "2016-05-20", "mode": "in_person", "cooperating": true}]}"#;
    let r = app.api("POST", "/api/v1/clients", Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(location(&r), format!("/api/v1/clients/{id}"));
    // The assessment is the assess contract's JSON for the stored facts, the same the CLI gives.
    let a = app
        .api(
            "GET",
            &format!("/api/v1/clients/{id}/assessment?as_of=2016-06-01"),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    assert_eq!(v["eligibility"]["eligible"], true);
    assert_eq!(v["deadlines"]["departure_term_end"], "2016-05-30");
    assert_eq!(v["deadlines"]["support_in_nl_end"], "2016-08-22");
    let facts = app
        .store
        .facts(
            &app.store.org_access(app.tenant),
            id,
            terugkeer_rules::Date::parse("2016-06-01").unwrap(),
        )
        .await
        .unwrap();
    let engine = terugkeer_rules::assess(&facts, app.store.policy(), terugkeer_rules::Lang::Nl).unwrap();
    let mut direct = Vec::new();
    terugkeer_rules::json::write_assessment(&engine, terugkeer_rules::json::Detail::Trace, &mut direct);
    assert_eq!(
        a.body.as_bytes(),
        direct.as_slice(),
        "the API returns the engine's own output"
    );
    let r = app
        .api(
            "GET",
            &format!("/api/v1/clients/{id}/assessment?as_of=2016-02-30"),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("as_of"))
    );

    // Records: add, read, update with a version; a stale update is refused with the current record.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/records"),
            Some(r#"{"kind": "refusal", "on": "2016-06-10"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rid = r.json()["id"].as_i64().unwrap();
    let upd = r#"{"version": 1, "record": {"kind": "refusal", "on": "2016-06-11", "notes": "telefonisch"}}"#;
    let r = app
        .api("PUT", &format!("/api/v1/clients/{id}/records/{rid}"), Some(upd))
        .await;
    assert_eq!(
        (r.status, r.json()["version"].as_i64()),
        (StatusCode::OK, Some(2))
    );
    let r = app
        .api("PUT", &format!("/api/v1/clients/{id}/records/{rid}"), Some(upd))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["current"]["record"]["notes"], "telefonisch");
    let r = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/records"),
            Some(r#"{"kind": "refusal", "on": "2016-06-31"}"#),
        )
        .await;
    assert_eq!(r.json()["field"], "on");
    let r = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/records"),
            Some(r#"{"kind": "visit", "on": "2016-06-01"}"#),
        )
        .await;
    assert_eq!(r.json()["field"], "kind");
    assert_eq!(
        app.api("GET", &format!("/api/v1/clients/{id}/records"), None)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // List, search and sort.
    let r = app
        .api("GET", "/api/v1/clients?search=ahm&sort=deadline", None)
        .await;
    assert_eq!(r.json()["total"], 1);
    assert_eq!(
        app.api("GET", "/api/v1/clients?limit=0", None).await.json()["field"],
        "limit"
    );
    assert_eq!(
        app.api("GET", "/api/v1/clients?limit=abc", None).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // A departure must say who organised it (with IOM, the NGO, or on own means); nothing changes.
    let unorganised = r#"{"version": 1, "closure": {"kind": "closure", "outcome": "departed", "on": "2016-07-01", "destination": "Kabul"}}"#;
    let r = app
        .api("POST", &format!("/api/v1/clients/{id}/close"), Some(unorganised))
        .await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("closure.departed_with")),
        "{}",
        r.body
    );
    // Closing: the closure and the status together.
    let close = r#"{"version": 1, "closure": {"kind": "closure", "outcome": "departed", "on": "2016-07-01", "destination": "Kabul", "departed_with": "iom"}}"#;
    let r = app
        .api("POST", &format!("/api/v1/clients/{id}/close"), Some(close))
        .await;
    assert_eq!(
        (r.status, r.json()["status"].as_str()),
        (StatusCode::OK, Some("closed")),
        "{}",
        r.body
    );

    // Another organisation's client does not exist for this token.
    let other = app.store.create_organisation("Ander", now()).await.unwrap();
    let theirs = app
        .store
        .create_client(
            &app.store.org_access(other),
            &terugkeer_domain::ClientInput {
                family_name: "Elders".into(),
                ..Default::default()
            },
            now(),
        )
        .await
        .unwrap();
    assert_eq!(
        app.api("GET", &format!("/api/v1/clients/{}", theirs.id), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/clients/{}", theirs.id)).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .api(
            "POST",
            &format!("/api/v1/clients/{}/records", theirs.id),
            Some(r#"{"kind": "refusal", "on": "2016-06-10"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        app.store
            .records(&app.store.org_access(other), theirs.id)
            .await
            .unwrap()
            .is_empty()
    );

    // An expired or unknown token is refused.
    let req = Request::get("/api/v1/clients")
        .header(header::AUTHORIZATION, "Bearer nope")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app.router, req).await.status, StatusCode::UNAUTHORIZED);
}

both!(malformed_input_never_gives_a_500);
async fn malformed_input_never_gives_a_500(store: Store) {
    let app = App::new(store).await;
    let r = app
        .submit("/clients", "family_name=Warsame&country_of_return=SO")
        .await;
    let page = location(&r);
    let id = page.rsplit('/').next().unwrap().to_owned();
    let bodies = [
        "",
        "{",
        "[]",
        "null",
        "\"x\"",
        "{\"client\": 5}",
        "{\"version\": \"1\"}",
        "\u{0}\u{ff}",
        "{\"kind\": \"stay\"}",
        "{\"kind\": 7}",
        "{\"version\": 1, \"record\": null}",
        "{\"version\": 1, \"closure\": {\"kind\": \"refusal\", \"on\": \"2026-01-01\"}}",
        "{\"client\": {\"family_name\": \"x\", \"unknown\": 1}}",
    ];
    let paths = [
        "/api/v1/clients".to_owned(),
        format!("/api/v1/clients/{id}"),
        format!("/api/v1/clients/{id}/records"),
        format!("/api/v1/clients/{id}/records/999999"),
        format!("/api/v1/clients/{id}/close"),
        "/api/v1/clients/notanumber/records".to_owned(),
    ];
    for path in &paths {
        for method in ["POST", "PUT"] {
            for b in bodies {
                let r = app.api(method, path, Some(b)).await;
                assert!(
                    r.status.is_client_error(),
                    "{method} {path} {b:?} gave {}: {}",
                    r.status,
                    r.body
                );
                if r.status != StatusCode::METHOD_NOT_ALLOWED && r.status != StatusCode::NOT_FOUND {
                    assert!(r.json()["code"].is_string(), "{method} {path} {b:?}: {}", r.body);
                }
            }
        }
    }
    let forms = [
        "",
        "kind=",
        "kind=stay",
        "kind=stay&setting=azc&from=x",
        "kind=trajectory&in_kind_cents=-5",
        "kind=decision&by=king",
        "version=abc",
        "%zz",
        "kind=closure&outcome=departed&on=2026-01-01",
        "kind=contact&on=2026-01-01&mode=phone&cooperating=perhaps",
    ];
    for path in [
        format!("{page}/records"),
        page.clone(),
        format!("{page}/close"),
        format!("{page}/assign"),
        "/clients".into(),
    ] {
        for f in forms {
            let r = app.submit(&path, f).await;
            assert!(
                r.status.is_client_error() || r.status == StatusCode::SEE_OTHER,
                "{path} {f:?} gave {}",
                r.status
            );
        }
    }
    // Nothing of that was stored: the client has no records and is still open, at version 1 or changed only
    // by a valid edit.
    let n: i64 = id.parse().unwrap();
    let records = app
        .store
        .records(&app.store.org_access(app.tenant), n)
        .await
        .unwrap();
    assert!(records.is_empty(), "{records:?}");
    assert_eq!(
        app.store
            .client(&app.store.org_access(app.tenant), n)
            .await
            .unwrap()
            .unwrap()
            .status,
        "open"
    );
}

/// `/healthz` is what a load balancer asks: 200 with `ok` while the database answers, on either backend.
async fn health_on_both_backends(store: terugkeer_store::Store) {
    let backend = store.backend();
    let app = App::new(store).await;
    let h = send(&app.router, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(
        (
            h.status,
            h.json()["status"].as_str(),
            h.json()["database"].as_str()
        ),
        (StatusCode::OK, Some("ok"), Some(backend))
    );
}
both!(health_on_both_backends);

/// A decision with an absurd number of days (2^32 − 1: a partner's typo or a probe) is refused at the edge,
/// naming the field and the value, and the client's assessment and deadlines go on working.
async fn decision_days_are_bounded(store: terugkeer_store::Store) {
    let app = App::new(store).await;
    let body = r#"{"client": {"family_name": "Grens", "given_names": "Test", "country_of_return": "AF"}}"#;
    let id = app.api("POST", "/api/v1/clients", Some(body)).await.json()["id"]
        .as_i64()
        .unwrap();
    let decision = |days: u64| {
        format!(
            r#"{{"kind": "decision", "decision": "term_extension", "by": ["regievoerder"], "on": "2026-11-20", "outcome": "granted", "days": {days}}}"#
        )
    };
    let records = format!("/api/v1/clients/{id}/records");
    let r = app.api("POST", &records, Some(&decision(4_294_967_295))).await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("days")),
        "{}",
        r.body
    );
    assert!(
        r.json()["message"].as_str().unwrap().contains("4294967295"),
        "{}",
        r.body
    );
    let r = app.api("POST", &records, Some(&decision(3651))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // At the bound it is taken, and the assessment still answers.
    let r = app.api("POST", &records, Some(&decision(3650))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let a = app
        .api("GET", &format!("/api/v1/clients/{id}/assessment"), None)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}
both!(decision_days_are_bounded);

#[tokio::test]
async fn health_and_the_openapi_document() {
    let app = App::new(terugkeer_store::testing::sqlite().await.unwrap()).await;
    let h = send(&app.router, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(
        (h.status, h.json()["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    assert_eq!(h.headers.get("x-content-type-options").unwrap(), "nosniff");
    // No cache keeps what carries personal data (issue 24); the style sheet may be kept.
    assert_eq!(h.headers.get("cache-control").unwrap(), "no-store");
    let page = app.get("/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers.get("cache-control").unwrap(), "no-store");
    let list = app.api("GET", "/api/v1/clients", None).await;
    assert_eq!(list.headers.get("cache-control").unwrap(), "no-store");
    let css = send(
        &app.router,
        Request::get("/static/app.css").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(css.headers.get("cache-control").unwrap(), "public, max-age=3600");
    assert!(
        h.headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    let doc = send(
        &app.router,
        Request::get("/api/openapi.json").body(Body::empty()).unwrap(),
    )
    .await;
    let v = doc.json();
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for (path, method) in [
        ("/api/v1/clients", "get"),
        ("/api/v1/clients", "post"),
        ("/api/v1/clients/{id}", "get"),
        ("/api/v1/clients/{id}", "put"),
        ("/api/v1/clients/{id}/close", "post"),
        ("/api/v1/clients/{id}/records", "get"),
        ("/api/v1/clients/{id}/records", "post"),
        ("/api/v1/clients/{id}/records/{record_id}", "get"),
        ("/api/v1/clients/{id}/records/{record_id}", "put"),
        ("/api/v1/clients/{id}/assessment", "get"),
        ("/healthz", "get"),
    ] {
        assert!(
            v["paths"][path][method].is_object(),
            "{method} {path} missing from the OpenAPI document"
        );
    }
    // The domain's own types are in the document: a record's kinds and a client's fields.
    let schemas = &v["components"]["schemas"];
    assert!(schemas["Record"].to_string().contains("procedure_event"));
    assert!(schemas["ClientInput"]["properties"]["v_number"].is_object());
    // Both reports have their own schema (they were both named ReportOut, and one hid the other).
    assert!(
        schemas["ReportOut"]["properties"]["period_start"].is_object(),
        "{}",
        schemas["ReportOut"]
    );
    assert!(schemas["ProjectReport"]["properties"]["costs"].is_object());
    // Query parameters are documented as such, and every secured operation documents 401 with its body.
    let period = &v["paths"]["/api/v1/projects/{id}/report"]["get"]["parameters"];
    assert!(
        period
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "period" && p["in"] == "query"),
        "{period}"
    );
    assert_eq!(
        v["paths"]["/api/v1/clients"]["get"]["responses"]["401"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ApiError"
    );
    assert!(v["paths"]["/api/v1/clients/{id}"]["get"]["responses"]["404"].is_object());
    // The document is valid OpenAPI 3.1, as an independent validator reads it (openapi-spec-validator,
    // e2e/requirements.txt): unique operation ids, a description on every response, path parameters that are in
    // the path.
    let file = std::env::temp_dir().join(format!("terugkeer-test-openapi-{}.json", std::process::id()));
    std::fs::write(&file, &doc.body).unwrap();
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import json, sys\n\
             from openapi_spec_validator import OpenAPIV31SpecValidator\n\
             errors = list(OpenAPIV31SpecValidator(json.load(open(sys.argv[1]))).iter_errors())\n\
             for e in errors[:20]: print(e.message.splitlines()[0], list(e.path)[:5])\n\
             sys.exit(1 if errors else 0)",
        ])
        .arg(&file)
        .output()
        .expect("python3 with openapi-spec-validator (e2e/requirements.txt)");
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "the OpenAPI document is not valid:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

both!(reads_and_changes_are_in_the_disclosure_history);
async fn reads_and_changes_are_in_the_disclosure_history(store: Store) {
    let app = App::new(store).await;
    let r = app
        .submit(
            "/clients",
            "family_name=Osman&given_names=Idris&country_of_return=SD",
        )
        .await;
    let page = location(&r);
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(app.get(&page).await.status, StatusCode::OK);
    let r = app
        .api("GET", &format!("/api/v1/clients/{id}/assessment"), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // A page that does not exist for this user is no read.
    assert_eq!(app.get("/clients/999999").await.status, StatusCode::NOT_FOUND);
    let all = app.store.org_access(app.tenant);
    let history = app.store.disclosures(&all, id, 50).await.unwrap();
    let seen: Vec<(&str, &str)> = history
        .iter()
        .map(|h| (h.action.as_str(), h.who.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("read", "Anna Begeleider"),
            ("read", "Anna Begeleider"),
            ("create", "Anna Begeleider")
        ]
    );
    assert!(history[0].detail.contains("/assessment"), "{}", history[0].detail);
    assert!(history[1].detail.contains(&format!("GET {page}")));
    // The client page shows it.
    let body = app.get(&page).await.body;
    assert!(body.contains("Inzage- en verstrekkingshistorie"), "{body}");
    assert!(body.contains(&format!("GET /api/v1/clients/{id}/assessment")));
    assert_eq!(app.store.verify_audit().await.unwrap().first_bad, None);
}

both!(verification_with_dtv);
/// A registration with DT&V in the browser and through the API: drafted, sent (the answer due five working
/// days later, with its rule), an impossible or malformed step refused with nothing changed, the form as
/// JSON (only what DT&V needs) and PDF, DT&V's partner recording the answer, and the verification list.
async fn verification_with_dtv(store: Store) {
    let app = App::new(store).await;
    let created = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(
                r#"{"client": {"family_name": "Haidari", "given_names": "Omid", "v_number": "1234567890",
                    "nationality": "AF", "country_of_return": "AF", "phone": "0612345678", "criminal_record": false},
                   "records": [{"kind": "household_member", "name": "Sara", "date_of_birth": "2015-05-05"},
                               {"kind": "trajectory", "trajectory": "return", "project": "Met Opgeheven Hoofd", "on": "2026-11-01"}]}"#,
            ),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    let app = &app;
    let page = || {
        let path = format!("/clients/{id}");
        async move { app.get(&path).await.body }
    };
    assert!(page().await.contains("Nieuw verificatieformulier"));
    let r = app.submit(&format!("/clients/{id}/verifications"), "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let vid = app
        .store
        .verifications(&app.store.org_access(app.tenant), id)
        .await
        .unwrap()[0]
        .id;
    let step_path = format!("/clients/{id}/verifications/{vid}");
    let r = app
        .submit(
            &step_path,
            "version=1&step=submit&on=2026-11-23&to=DT%26V+Ter+Apel",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let body = page().await;
    assert!(
        body.contains("verstuurd") && body.contains("30 november 2026"),
        "{body}"
    );
    assert!(body.contains("5 werkdagen"), "the rule is cited");
    assert!(
        !body.contains("Nieuw verificatieformulier"),
        "one open registration at a time"
    );

    // Refused, nothing changed: sending twice, a date that does not exist, an unknown step.
    let stored = || async {
        app.store
            .verifications(&app.store.org_access(app.tenant), id)
            .await
            .unwrap()
    };
    let before = stored().await;
    for (form, says) in [
        // (in Dutch: the page's language; the API says it in English)
        (
            "version=2&step=submit&on=2026-11-24&to=X",
            "kan niet worden verstuurd",
        ),
        ("version=2&step=verify&on=2026-13-01", "Datum:"),
        ("version=2&step=celebrate&on=2026-11-24", "Stap:"),
    ] {
        let r = app.submit(&step_path, form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}");
        assert!(r.body.contains(says), "{form}: {says}");
    }
    assert_eq!(stored().await, before);
    // Until DT&V answers, the outcome is the organisation's own; the country check an indication only.
    let body = page().await;
    assert!(body.contains("Eigen inschatting van de organisatie"), "{body}");
    assert!(
        body.contains("voldoet waarschijnlijk") && body.contains("Afghanistan staat op de OESO-DAC-lijst"),
        "{body}"
    );
    assert!(
        !body.contains("Vastgesteld door") && !body.contains("--policy"),
        "{body}"
    );

    // The form: identity, country, household, trajectory — no phone, no criminal data.
    let json = app.get(&format!("{step_path}/form.json")).await;
    assert_eq!(json.status, StatusCode::OK);
    let form = json.json();
    assert_eq!(form["participant"]["v_number"], "1234567890");
    assert_eq!(form["household"][0][0], "Sara");
    assert_eq!(form["trajectory"]["project"], "Met Opgeheven Hoofd");
    assert_eq!(form["organisation"], "Stichting Test");
    assert!(
        !json.body.contains("0612345678") && !json.body.contains("criminal"),
        "{}",
        json.body
    );
    let pdf = app.get(&format!("{step_path}/form.pdf")).await;
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    let (status, pdf) = bytes_of(app, &format!("{step_path}/form.pdf")).await;
    assert_eq!(status, StatusCode::OK);
    let (text, _, _) = read_pdf(&pdf);
    assert!(
        text.contains("1234567890") && text.contains("Afghanistan") && text.contains("Sara"),
        "{text}"
    );
    assert!(!text.contains("0612345678"), "no phone number on the form");

    // DT&V's regievoerder, once the trajectory is registered with them, records the answer by the API —
    // and may not start a registration.
    let dtv = app
        .store
        .create_organisation("DT&V Ter Apel", now())
        .await
        .unwrap();
    let regie = app
        .store
        .create_user(dtv, "regie", "Regie", "partner", None, now())
        .await
        .unwrap();
    let later: Timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
    let new = terugkeer_store::NewToken {
        user_id: regie,
        name: "dtv",
        token_hash: &auth::secret_hash("partner-token-0123456789"),
        role: None,
        expires: later,
    };
    app.store.create_token(dtv, None, &new, now()).await.unwrap();
    let anna = terugkeer_store::testing::access_of(
        &app.store,
        app.store.user_by_username("anna").await.unwrap().unwrap().id,
    )
    .await
    .unwrap();
    let version = app.store.client(&anna, id).await.unwrap().unwrap().version;
    app.store
        .register_with_dtv(&anna, id, version, Some(regie), now())
        .await
        .unwrap();
    let partner = App {
        token: "partner-token-0123456789".into(),
        router: app.router.clone(),
        store: app.store.clone(),
        tenant: dtv,
        cookie: String::new(),
        csrf: String::new(),
    };
    let steps = format!("/api/v1/clients/{id}/verifications/{vid}/steps");
    let r = partner
        .api(
            "POST",
            &steps,
            Some(r#"{"version": 1, "step": {"step": "verify", "on": "2026-11-26"}}"#),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["code"].as_str()),
        (StatusCode::CONFLICT, Some("stale"))
    );
    let r = partner
        .api(
            "POST",
            &steps,
            Some(r#"{"version": 2, "step": {"step": "verify", "on": "2026-11-26", "by": "M. Jansen"}}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["verification"]["status"], "verified");
    assert_eq!(r.json()["verification"]["answered_by"], "M. Jansen");
    // DT&V's verdict is now an input: the thresholds it checks are DT&V's, named with who and when.
    let body = page().await.replace("&#38;", "&").replace("&amp;", "&");
    assert!(
        body.contains("Vastgesteld door DT&V (regievoerder M. Jansen, 26 november 2026): voldoet."),
        "{body}"
    );
    assert!(body.contains("DT&V heeft geantwoord"), "{body}");
    assert!(
        !body.contains("voldoet waarschijnlijk"),
        "DT&V decided the country: {body}"
    );
    assert_eq!(r.json()["answer_due"], serde_json::Value::Null);
    let r = partner
        .api("POST", &format!("/api/v1/clients/{id}/verifications"), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = partner
        .api(
            "POST",
            &steps,
            Some(r#"{"version": 3, "step": {"step": "withdraw", "on": "2026-11-27", "reason": " "}}"#),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );

    // The NGO's verification list, in the browser and the API.
    let list = app.get("/verifications").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("Haidari, Omid") && list.body.contains("geverifieerd"),
        "{}",
        list.body
    );
    let api = app
        .api("GET", "/api/v1/verifications?status=verified", None)
        .await;
    assert_eq!(api.json().as_array().map(Vec::len), Some(1));
    let api = app.api("GET", "/api/v1/verifications?status=lost", None).await;
    assert_eq!(
        (api.status, api.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("status"))
    );
}

both!(progress_to_dtv);
/// Monthly progress in the browser: the period owed on the client page and the dashboard, a draft composed
/// and edited, a send without a legal basis refused with the draft unchanged, a send with one recorded in the
/// ledger beside the verification's lines.
async fn progress_to_dtv(store: Store) {
    let app = App::new(store).await;
    let created = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(
                r#"{"client": {"family_name": "Rahimi", "given_names": "Laila"},
                   "records": [{"kind": "trajectory", "trajectory": "return", "project": "Met Opgeheven Hoofd", "on": "2026-10-05"},
                               {"kind": "contact", "on": "2026-10-12", "mode": "in_person", "cooperating": true, "notes": "privé"}]}"#,
            ),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    let app = &app;
    let page = || {
        let path = format!("/clients/{id}");
        async move { app.get(&path).await.body }
    };
    let body = page().await;
    assert!(
        body.contains("Volgende rapportage: <strong>oktober 2026</strong>, uiterlijk 31 oktober 2026"),
        "{body}"
    );
    let dashboard = app.get("/dashboard").await.body;
    assert!(
        dashboard.contains("Rahimi, Laila</a>: oktober 2026, uiterlijk 31 oktober 2026"),
        "{dashboard}"
    );
    let r = app.submit(&format!("/clients/{id}/reports"), "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reports = app
        .store
        .reports(&app.store.org_access(app.tenant), id)
        .await
        .unwrap();
    let draft = &reports[0];
    assert!(
        draft.body.starts_with("Voortgang oktober 2026\n")
            && draft.body.contains("- 12 oktober 2026, persoonlijk, werkt mee")
            && !draft.body.contains("privé"),
        "{}",
        draft.body
    );
    let path = format!("/clients/{id}/reports/{}", draft.id);
    // An override without a reason: refused, nothing written (not even the edited text).
    let r = app
        .submit(
            &path,
            "version=1&body=Bewerkt&action=send&on=2026-11-02&to=DT%26V&basis=override&reason=",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Reden:"), "{}", r.body);
    let again = app
        .store
        .reports(&app.store.org_access(app.tenant), id)
        .await
        .unwrap();
    assert_eq!(again, reports);
    let r = app
        .submit(&path, "version=1&body=Voortgang+oktober%3A+goed.&action=send&on=2026-11-02&to=DT%26V+Ter+Apel&basis=subsidy_obligation")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let body = page().await;
    assert!(body.contains("Voortgang oktober: goed."), "the sent text");
    assert!(
        body.contains("voortgangsrapportage oktober 2026") && body.contains("naar DT&#38;V"),
        "{body}"
    );
    assert!(
        body.contains("Volgende rapportage: <strong>november 2026</strong>"),
        "the next period"
    );
}

both!(calendar_feed);
/// The calendar feed: made on the account page, read by a real iCalendar parser (Python's `icalendar`, as
/// Outlook and Google Calendar read RFC 5545), listing the report due and DT&V's answer due without the
/// client's name; a new address revokes the old, and a revoked one is not found.
async fn calendar_feed(store: Store) {
    let app = App::new(store).await;
    let created = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(
                r#"{"client": {"family_name": "Geheimnaam", "given_names": "Laila"},
                   "records": [{"kind": "trajectory", "trajectory": "return", "project": "Met Opgeheven Hoofd", "on": "2026-11-05"}]}"#,
            ),
        )
        .await;
    let id = created.json()["id"].as_i64().unwrap();
    assert_eq!(
        app.submit(&format!("/clients/{id}/verifications"), "")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let vid = app
        .store
        .verifications(&app.store.org_access(app.tenant), id)
        .await
        .unwrap()[0]
        .id;
    let r = app
        .submit(
            &format!("/clients/{id}/verifications/{vid}"),
            "version=1&step=submit&on=2026-11-23&to=DT%26V",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // A returnee (departed 2026-05-15) whose 6-month conversation is held: only the 12-month moment is due.
    let returnee = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(r#"{"client": {"family_name": "Teruggekeerd", "given_names": "Omid"}}"#),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let closed = app
        .api(
            "POST",
            &format!("/api/v1/clients/{returnee}/close"),
            Some(r#"{"version": 1, "closure": {"kind": "closure", "outcome": "departed", "on": "2026-05-15", "destination": "Herat", "departed_with": "iom"}}"#),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    let visit = "months=6&held_on=2026-11-20&in_person=0&category=not_realised_good_prospects&factors=geen+vergunning\
                 &prospects=vergunning+aangevraagd&appreciation=4&appreciation_motivation=goed+geholpen";
    let r = app
        .submit(&format!("/clients/{returnee}/monitoring"), visit)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let made = app.submit("/account/calendar", "").await;
    assert_eq!(made.status, StatusCode::CREATED);
    let url = made
        .body
        .split("id=\"calendar-url\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let path = url.split_once("://").unwrap().1.split_once('/').unwrap().1;
    let path = format!("/{path}");
    let feed = app.get(&path).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(
        !feed.body.contains("Geheimnaam") && !feed.body.contains("Laila"),
        "no names in the feed"
    );
    // A real parser reads it: the report for 2026-11 due on the 30th, DT&V's answer due 2026-11-30.
    let script = "import sys, icalendar\n\
        cal = icalendar.Calendar.from_ical(sys.stdin.read())\n\
        for e in cal.walk('VEVENT'):\n\
        \x20   print(e.get('DTSTART').dt.isoformat(), e.get('UID'), str(e.get('SUMMARY')), sep='|')\n";
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with icalendar (.ci/run installs it)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(feed.body.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "icalendar refused the feed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = String::from_utf8(out.stdout).unwrap();
    assert!(
        events.contains(&format!(
            "2026-11-30|report-{id}-2026-11-01@terugkeer|Voortgangsrapportage november 2026"
        )),
        "{events}"
    );
    assert!(
        events.contains(&format!("2026-11-30|verification-{vid}@terugkeer|Antwoord DT&V")),
        "{events}"
    );
    assert!(
        events.contains(&format!(
            "2027-05-15|monitoring-{returnee}-12@terugkeer|Monitoring 12 maanden na terugkeer"
        )),
        "{events}"
    );
    assert!(
        !events.contains(&format!("monitoring-{returnee}-6@")),
        "a held moment is not due: {events}"
    );
    assert!(!feed.body.contains("Teruggekeerd") && !feed.body.contains("Omid"));

    // A new address revokes the old; revoking leaves none.
    let again = app.submit("/account/calendar", "").await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    let url2 = again
        .body
        .split("id=\"calendar-url\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let path2 = format!(
        "/{}",
        url2.split_once("://").unwrap().1.split_once('/').unwrap().1
    );
    assert_eq!(app.get(&path2).await.status, StatusCode::OK);
    assert_eq!(
        app.submit("/account/calendar/off", "").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.get(&path2).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/calendar/guessed.ics").await.status,
        StatusCode::NOT_FOUND
    );
}

both!(monitoring_after_return);
/// Monitoring in the browser: refused before departure (nothing written); after a departure the moments at 6
/// and 12 months, the first conversation recorded with its scores, the same moment refused a second time.
async fn monitoring_after_return(store: Store) {
    let app = App::new(store).await;
    let created = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(r#"{"client": {"family_name": "Noori", "given_names": "Ali"}}"#),
        )
        .await;
    let id = created.json()["id"].as_i64().unwrap();
    let visit = "months=6&held_on=2026-11-20&in_person=0&category=not_realised_good_prospects&factors=geen+vergunning\
                 &prospects=vergunning+aangevraagd&appreciation=4&appreciation_motivation=goed+geholpen\
                 &rss_income_sources=2&rss_housing=5&rss_stay=4";
    let path = format!("/clients/{id}/monitoring");
    let r = app.submit(&path, visit).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("er is geen vertrek vastgelegd"), "{}", r.body);
    let closed = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/close"),
            Some(r#"{"version": 1, "closure": {"kind": "closure", "outcome": "departed", "on": "2026-05-15", "destination": "Herat", "departed_with": "ngo"}}"#),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    let page = app.get(&format!("/clients/{id}")).await.body;
    assert!(
        page.contains("6 maanden (15 november 2026)") && page.contains("12 maanden (15 mei 2027)"),
        "{page}"
    );
    let r = app.submit(&path, visit).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/clients/{id}")).await.body;
    // By hand: economic 2 → 0.250, social 5 → 1.000, psychosocial 4 → 0.750, overall (250+1000+750)/3 = 0.667.
    assert!(
        page.contains("economisch 0,250 · sociaal 1,000 · psychosociaal 0,750 · totaal 0,667"),
        "{page}"
    );
    let r = app.submit(&path, visit).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("is al vastgelegd"));
}

both!(one_client_through_the_api);
/// One client from intake to the 12-month monitoring through the API alone: created with a rejection,
/// registered with DT&V (sent, verified), a trajectory with its first report drafted, edited and sent on a
/// legal basis (in the ledger beside the verification's lines), the departure, both monitoring moments —
/// and the impossible steps on the way refused by name.
async fn one_client_through_the_api(store: Store) {
    let app = App::new(store).await;
    let ok = |r: &Reply, status: StatusCode| assert_eq!(r.status, status, "{}", r.body);
    let created = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(
                r#"{"client": {"family_name": "Api", "given_names": "Walk", "date_of_birth": "1990-01-01", "country_of_return": "AF"},
                   "records": [{"kind": "procedure_event", "event": "asylum_rejected", "on": "2016-05-02"}]}"#,
            ),
        )
        .await;
    ok(&created, StatusCode::CREATED);
    let id = created.json()["id"].as_i64().unwrap();
    let c = |p: &str| format!("/api/v1/clients/{id}{p}");

    // Monitoring before departure: refused.
    let visit = |months: u32| {
        format!(
            r#"{{"months": {months}, "held_on": "2017-07-10", "in_person": true, "category": "fully_realised",
                "factors": "eigen zaak", "appreciation": 5, "appreciation_motivation": "goed",
                "answers": [["income_sources", 5], ["housing", 4], ["stay", 5]]}}"#
        )
    };
    let r = app.api("POST", &c("/monitoring"), Some(&visit(6))).await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("monitoring"))
    );

    // Verification: draft, sent, verified; verifying again is refused by name.
    let v = app.api("POST", &c("/verifications"), None).await;
    ok(&v, StatusCode::CREATED);
    let vid = v.json()["id"].as_i64().unwrap();
    let steps = c(&format!("/verifications/{vid}/steps"));
    let r = app
        .api(
            "POST",
            &steps,
            Some(r#"{"version": 1, "step": {"step": "submit", "on": "2016-05-10", "to": "DT&V Ter Apel"}}"#),
        )
        .await;
    ok(&r, StatusCode::OK);
    let r = app
        .api(
            "POST",
            &steps,
            Some(r#"{"version": 2, "step": {"step": "verify", "on": "2016-05-12"}}"#),
        )
        .await;
    ok(&r, StatusCode::OK);
    let r = app
        .api(
            "POST",
            &steps,
            Some(r#"{"version": 3, "step": {"step": "verify", "on": "2016-05-13"}}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["message"], "a verified registration cannot be verified");

    // A trajectory, its first report drafted, edited, sent on the subsidy obligation.
    let r = app
        .api("POST", &c("/records"), Some(r#"{"kind": "trajectory", "trajectory": "return", "project": "Met Opgeheven Hoofd", "on": "2016-05-20"}"#))
        .await;
    ok(&r, StatusCode::CREATED);
    let draft = app.api("POST", &c("/reports"), None).await;
    ok(&draft, StatusCode::CREATED);
    assert_eq!(
        (
            draft.json()["period_start"].as_str(),
            draft.json()["period_end"].as_str()
        ),
        (Some("2016-05-01"), Some("2016-05-31"))
    );
    let rid = draft.json()["id"].as_i64().unwrap();
    let r = app
        .api(
            "PUT",
            &c(&format!("/reports/{rid}")),
            Some(r#"{"version": 1, "body": "Mei: plan opgesteld."}"#),
        )
        .await;
    ok(&r, StatusCode::OK);
    let r = app
        .api(
            "POST",
            &c(&format!("/reports/{rid}/send")),
            Some(r#"{"version": 2, "on": "2016-06-01", "to": "DT&V Ter Apel", "basis": "override"}"#),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    let r = app
        .api(
            "POST",
            &c(&format!("/reports/{rid}/send")),
            Some(
                r#"{"version": 2, "on": "2016-06-01", "to": "DT&V Ter Apel", "basis": "subsidy_obligation"}"#,
            ),
        )
        .await;
    ok(&r, StatusCode::OK);
    let ledger: Vec<(String, String)> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["direction"].as_str().unwrap().to_owned(),
                e["what"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        ledger,
        [
            ("out", "progress report 2016-05"),
            ("in", "verification: verify"),
            ("out", "verification form")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );

    // Departure; a second closing refused by name; both monitoring moments, the first scored by hand.
    let version = app.api("GET", &c(""), None).await.json()["version"]
        .as_i64()
        .unwrap();
    let close = format!(
        r#"{{"version": {version}, "closure": {{"kind": "closure", "outcome": "departed", "on": "2016-07-01", "destination": "Kabul", "departed_with": "iom"}}}}"#
    );
    ok(&app.api("POST", &c("/close"), Some(&close)).await, StatusCode::OK);
    let again = app.api("POST", &c("/close"), Some(&close)).await;
    assert_eq!(
        (again.status, again.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("closure.status"))
    );
    let first = app.api("POST", &c("/monitoring"), Some(&visit(6))).await;
    ok(&first, StatusCode::CREATED);
    // economic 5 → 1000, social 4 → 750, psychosocial 5 → 1000; overall (1000 + 750 + 1000) / 3 = 916.67 → 917.
    assert_eq!(
        first.json()["scores"],
        serde_json::json!({"economic": 1000, "social": 750, "psychosocial": 1000, "composite": 917})
    );
    let twelve = visit(12).replace("2017-07-10", "2017-07-20");
    ok(
        &app.api("POST", &c("/monitoring"), Some(&twelve)).await,
        StatusCode::CREATED,
    );
    let all = app.api("GET", &c("/monitoring"), None).await;
    assert_eq!(all.json().as_array().map(Vec::len), Some(2));
    // No more reports once the case is closed.
    let r = app.api("POST", &c("/reports"), None).await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("report"))
    );
}

both!(the_dashboard_shows_this_week);
/// The dashboard's "this week": deadlines in the next seven days listed, those passed counted.
async fn the_dashboard_shows_this_week(store: Store) {
    let app = App::new(store).await;
    for (name, rejected) in [
        ("Weekman", "2026-11-05"),
        ("Laatkomer", "2026-10-01"),
        ("Verweg", "2026-11-27"),
    ] {
        let body = format!(
            r#"{{"client": {{"family_name": "{name}", "given_names": "Test", "date_of_birth": "1990-01-01", "country_of_return": "AF"}},
                "records": [{{"kind": "procedure_event", "event": "asylum_rejected", "on": "{rejected}"}}]}}"#
        );
        let r = app.api("POST", "/api/v1/clients", Some(&body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let page = app.get("/dashboard").await.body;
    let week = page
        .split("id=\"this-week\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap();
    // 2026-11-05 + 28 days = Thursday 2026-12-03, within 2026-11-29 … 2026-12-06; 2026-10-01 + 28 has passed;
    // 2026-11-27 + 28 = 2026-12-25 is later.
    assert!(
        week.contains("Weekman, Test</a>: <time datetime=\"2026-12-03\">"),
        "{week}"
    );
    assert!(week.contains("1 verlopen"), "{week}");
    assert!(!week.contains("Laatkomer") && !week.contains("Verweg"), "{week}");
}

both!(extension_requests);
/// Asking for more time in the browser names who must agree and moves nothing; the approval moves the
/// departure term by the days granted; malformed or repeated decisions are refused beside the field.
async fn extension_requests(store: Store) {
    let app = App::new(store).await;
    let body = r#"{"client": {"family_name": "Tijd", "given_names": "Meer", "date_of_birth": "1990-01-01", "country_of_return": "AF"},
                   "records": [{"kind": "procedure_event", "event": "asylum_rejected", "on": "2026-11-05"}]}"#;
    let id = app.api("POST", "/api/v1/clients", Some(body)).await.json()["id"]
        .as_i64()
        .unwrap();
    let page = || async { app.get(&format!("/clients/{id}")).await.body };
    let r = app
        .submit(
            &format!("/clients/{id}/extensions"),
            "kind=term_extension&days=abc&on=2026-11-20&reason=x",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Dagen:"));
    let r = app
        .submit(
            &format!("/clients/{id}/extensions"),
            "kind=term_extension&days=14&on=2026-11-20&reason=reis+geboekt",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let body = page().await;
    assert!(
        body.contains("in behandeling") && body.contains("Moet instemmen: regievoerder"),
        "{body}"
    );
    assert!(!body.contains("2026-12-13"), "a request moves nothing");
    let eid = app
        .store
        .extensions(&app.store.org_access(app.tenant), id)
        .await
        .unwrap()[0]
        .id;
    let path = format!("/clients/{id}/extensions/{eid}");
    let r = app
        .submit(&path, "version=1&outcome=granted&days_granted=20&on=2026-11-25")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "more than asked");
    let r = app
        .submit(&path, "version=1&outcome=granted&days_granted=10&on=2026-11-25")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let body = page().await;
    assert!(
        body.contains("toegekend") && body.contains("13 december 2026"),
        "the term moved by 10 days"
    );
    let r = app.submit(&path, "version=2&outcome=refused&on=2026-11-26").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Stand:"));

    // The same through the API: the list, a second request (a field of bad input named, nothing stored),
    // refused by DT&V; a stale version and a second decision refused.
    let api = format!("/api/v1/clients/{id}/extensions");
    let list = app.api("GET", &api, None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json()[0]["request"]["status"], "approved");
    assert_eq!(list.json()[0]["request"]["days_granted"], 10);
    for (body, field) in [
        (
            r#"{"kind": "visa", "days": 5, "on": "2026-11-26", "reason": "x"}"#,
            "kind",
        ),
        (
            r#"{"kind": "term_extension", "days": 5, "on": "26-11-2026", "reason": "x"}"#,
            "on",
        ),
        (
            r#"{"kind": "term_extension", "days": 5, "on": "2026-11-26", "reason": " "}"#,
            "reason",
        ),
        (
            r#"{"kind": "term_extension", "days": "five", "on": "2026-11-26"}"#,
            "days",
        ),
        (
            r#"{"kind": "term_extension", "days": 5, "on": "2026-11-26", "why": "x"}"#,
            "why",
        ),
    ] {
        let r = app.api("POST", &api, Some(body)).await;
        assert_eq!(
            (r.status, r.json()["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{body}: {}",
            r.body
        );
    }
    assert_eq!(
        app.api("GET", &api, None).await.json().as_array().unwrap().len(),
        1
    );
    let asked = app
        .api(
            "POST",
            &api,
            Some(
                r#"{"kind": "term_extension", "days": 5, "on": "2026-11-26", "reason": "paspoort onderweg"}"#,
            ),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    let second = asked.json();
    assert_eq!(second["request"]["status"], "pending");
    assert_eq!(second["request"]["who"], serde_json::json!(["regievoerder"]));
    let decide = format!("{api}/{}/decision", second["id"]);
    let r = app
        .api(
            "POST",
            &decide,
            Some(r#"{"version": 9, "on": "2026-11-27", "outcome": "refused"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = app
        .api(
            "POST",
            &decide,
            Some(r#"{"version": 1, "on": "2026-11-27", "outcome": "granted"}"#),
        )
        .await;
    assert_eq!(r.json()["field"], "days_granted", "{}", r.body);
    let r = app
        .api(
            "POST",
            &decide,
            Some(r#"{"version": 1, "on": "2026-11-27", "outcome": "refused"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["request"]["status"], "refused");
    let r = app
        .api(
            "POST",
            &decide,
            Some(r#"{"version": 2, "on": "2026-11-27", "outcome": "refused"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "decided once");
    // A refusal moved nothing: the term still ends on 2026-12-13.
    let assessment = app
        .api(
            "GET",
            &format!("/api/v1/clients/{id}/assessment?on=2026-11-28"),
            None,
        )
        .await
        .body;
    assert!(
        assessment.contains("2026-12-13") && !assessment.contains("2026-12-18"),
        "{assessment}"
    );
}

both!(in_kind_ledger_on_the_page_and_in_the_api);
/// The in-kind ledger on the client page (booked from the form in euros, the room left shown, a booking over
/// the cap refused beside the section in Dutch with the rule, nothing stored) and through the API (integer
/// cents, the field named).
async fn in_kind_ledger_on_the_page_and_in_the_api(store: Store) {
    let app = App::new(store).await;
    let body = r#"{"client": {"family_name": "Natura", "given_names": "Ali", "date_of_birth": "1990-01-01", "country_of_return": "AF"},
                   "records": [{"kind": "trajectory", "trajectory": "return", "project": "Met Opgeheven Hoofd", "on": "2016-06-01"}]}"#;
    let id = app.api("POST", "/api/v1/clients", Some(body)).await.json()["id"]
        .as_i64()
        .unwrap();
    let page = format!("/clients/{id}");
    let book = format!("/clients/{id}/in-kind");
    // 2016: EUR 1500 per person; 1.250,50 in euros as typed.
    let r = app
        .submit(
            &book,
            "category=business&supplier=Groothandel&on=2016-06-10&amount=1.250%2C50&status=planned",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let html = app.get(&page).await.body;
    assert!(
        html.contains("€ 1.500,00") && html.contains("€ 249,50"),
        "cap and room left"
    );
    // The assessment weighs what the ledger holds, not the trajectory's planned EUR 0 (issue 22): on the page
    // and through the API.
    assert!(
        html.contains("€ 1.250,50 in natura, binnen het maximum van"),
        "{html}"
    );
    let assessed = app
        .api(
            "GET",
            &format!("/api/v1/clients/{id}/assessment?as_of=2016-06-15"),
            None,
        )
        .await
        .json();
    assert_eq!(assessed["in_kind"]["amount_eur"], 1250.5, "{assessed}");
    let r = app
        .submit(
            &book,
            "category=housing&supplier=Verhuurder&on=2016-06-10&amount=249%2C51&status=planned",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("boven het plafond in natura van € 1.500,00")
            && r.body.contains("er is nog € 249,50 over")
            && r.body.contains("2.3.3.1"),
        "{}",
        r.body
    );
    for bad in [
        "category=yacht&supplier=X&on=2016-06-10&amount=1",
        "category=housing&supplier=X&on=2016-06-10&amount=1%2C234",
        "category=housing&supplier=&on=2016-06-10&amount=1",
        "category=housing&supplier=X&on=2016-06-10&amount=1&status=spent",
        "category=housing&supplier=X&on=2016-06-10&amount=1&cash=1",
    ] {
        assert_eq!(
            app.submit(&book, bad).await.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}"
        );
    }

    // The API: the same ledger in cents; over the cap by one cent refused naming the field.
    let api = format!("/api/v1/clients/{id}/in-kind");
    let ledger = app.api("GET", &api, None).await.json();
    assert_eq!(
        (
            ledger["cap_cents"].as_i64(),
            ledger["committed_cents"].as_i64(),
            ledger["remaining_cents"].as_i64(),
            ledger["items"].as_array().map(Vec::len)
        ),
        (Some(150_000), Some(125_050), Some(24_950), Some(1))
    );
    let over = r#"{"category": "education", "supplier": "School", "on": "2016-06-12", "amount_cents": 24951, "status": "planned"}"#;
    let r = app.api("POST", &api, Some(over)).await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("amount_cents"))
    );
    assert!(r.json()["message"].as_str().unwrap().contains("€249.50 remains"));
    // The message's id, for a client that shows its own words.
    assert_eq!(r.json()["message_id"], "problem-over-in-kind-cap");
    let exact = over.replace("24951", "24950");
    let r = app.api("POST", &api, Some(&exact)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .api(
            "POST",
            &api,
            Some(r#"{"category": "education", "amount_cents": 1.5}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Marked spent on the page with the receipt; the ledger shows it.
    let first = ledger["items"][0]["id"].as_i64().unwrap();
    let r = app
        .submit(
            &format!("/clients/{id}/in-kind/{first}"),
            "version=1&action=spend&amount=1200&on=2016-06-20&receipt=bon+17",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let ledger = app.api("GET", &api, None).await.json();
    assert_eq!(
        (ledger["spent_cents"].as_i64(), ledger["committed_cents"].as_i64()),
        (Some(120_000), Some(144_950))
    );
    assert!(app.get(&page).await.body.contains("bon 17"));

    // A scan of the receipt attached on the page (a multipart form with the session's token); a web page posing
    // as a receipt and a missing token are refused; the download is an attachment, byte for byte.
    let multipart = |csrf: &str, name: &str, content: &str| {
        let b = "terugkeerGrens";
        let body = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: application/pdf\r\n\r\n{content}\r\n--{b}--\r\n"
        );
        Request::post(format!("/clients/{id}/in-kind/{first}/receipt"))
            .header(header::COOKIE, &app.cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={b}"))
            .body(Body::from(body))
            .unwrap()
    };
    let r = send(
        &app.router,
        multipart(&app.csrf, "../bon 17.pdf", "%PDF-1.4 kassabon 17"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = send(
        &app.router,
        multipart(&app.csrf, "bon.pdf", "<html><script>alert(1)</script>"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("moet een PDF, JPEG of PNG zijn"), "{}", r.body);
    let r = send(&app.router, multipart("wrong-token", "bon.pdf", "%PDF-1.4")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let files = app
        .api("GET", &format!("/api/v1/clients/{id}/attachments"), None)
        .await
        .json();
    assert_eq!(files.as_array().unwrap().len(), 1, "{files}");
    assert_eq!(files[0]["filename"], "bon 17.pdf");
    assert_eq!(files[0]["content_type"], "application/pdf");
    let html = app.get(&page).await.body;
    let aid = files[0]["id"].as_i64().unwrap();
    assert!(html.contains(&format!("/clients/{id}/attachments/{aid}")));
    let file = app.get(&format!("/clients/{id}/attachments/{aid}")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.body, "%PDF-1.4 kassabon 17");
    assert_eq!(file.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(
        file.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    // A PDF sent as `bon.bat` is stored and served as `bon.pdf`: the name follows the bytes, not the sender.
    let r = send(&app.router, multipart(&app.csrf, "bon.bat", "%PDF-1.4 bon")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let files = app
        .api("GET", &format!("/api/v1/clients/{id}/attachments"), None)
        .await
        .json();
    let bat = files
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["filename"] != "bon 17.pdf")
        .unwrap();
    assert_eq!(bat["filename"], "bon.pdf");
    let file = app.get(&format!("/clients/{id}/attachments/{}", bat["id"])).await;
    assert_eq!(
        file.headers[header::CONTENT_DISPOSITION].to_str().unwrap(),
        "attachment; filename=\"bon.pdf\""
    );
    // Through the API too: a PNG by its bytes; an empty body is refused naming the field.
    let png = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/in-kind/{first}/receipt?filename=foto.png"),
            Some("\u{89}PNG\r\n\u{1a}\n"),
        )
        .await;
    // (The body above is UTF-8 text, so its first byte is not 0x89: it is refused as not a PNG.)
    assert_eq!(png.json()["field"], "file");
    let empty = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/in-kind/{first}/receipt"),
            Some(""),
        )
        .await;
    assert_eq!(
        (empty.status, empty.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("file"))
    );
}

both!(handouts_through_the_chain);
/// A hand-out asked on the client page (euros as typed), signed by DT&V's three functions through the API in
/// turn (the manager out of turn refused naming the field; the NGO's token may not sign), and the NGO's page
/// showing who signed and the status.
async fn handouts_through_the_chain(store: Store) {
    let app = App::new(store).await;
    let body = r#"{"client": {"family_name": "Rolstoel", "given_names": "Amir", "date_of_birth": "1970-01-01", "country_of_return": "IQ"}}"#;
    let id = app.api("POST", "/api/v1/clients", Some(body)).await.json()["id"]
        .as_i64()
        .unwrap();
    let dtv = app
        .store
        .create_organisation("DT&V Zevenaar", now())
        .await
        .unwrap();
    let later: Timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
    let mut tokens = Vec::new();
    let mut regie = 0;
    for (name, function) in [
        ("regie", None),
        ("senior", Some(terugkeer_rules::vocab::Role::SeniorRegievoerder)),
        ("manager", Some(terugkeer_rules::vocab::Role::Afdelingsmanager)),
    ] {
        let hash = auth::hash_password(PASSWORD).unwrap();
        let user = app
            .store
            .create_user(dtv, name, &format!("{name} DT&V"), "partner", Some(&hash), now())
            .await
            .unwrap();
        if let Some(f) = function {
            app.store
                .set_dtv_function(&app.store.org_access(dtv), user, f, now())
                .await
                .unwrap();
        } else {
            regie = user;
        }
        let token = format!("{name}-token-0123456789");
        let new = terugkeer_store::NewToken {
            user_id: user,
            name: "dtv",
            token_hash: &auth::secret_hash(&token),
            role: None,
            expires: later,
        };
        app.store.create_token(dtv, None, &new, now()).await.unwrap();
        tokens.push((name, user));
    }
    let v = app
        .api("GET", &format!("/api/v1/clients/{id}"), None)
        .await
        .json()["version"]
        .as_i64()
        .unwrap();
    let r = app
        .submit(
            &format!("/clients/{id}/dtv"),
            &format!("version={v}&partner_id={regie}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut tokens_in = Vec::new();
    for (name, _) in &tokens {
        tokens_in.push(app.logged_in(dtv, name, format!("{name}-token-0123456789")).await);
    }
    let tokens = tokens_in;

    // The NGO asks for EUR 480 on the page; a missing motivation is refused beside it, in Dutch.
    let ask = format!("/clients/{id}/handouts");
    let r = app
        .submit(
            &ask,
            "reason=living_conditions&amount=480&on=2026-11-02&motivation=",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("geef de individuele motivatie"), "{}", r.body);
    let r = app
        .submit(
            &ask,
            "reason=living_conditions&amount=480&on=2026-11-02&motivation=tweedehands+rolstoel&negotiation=van+650+naar+480",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let api = format!("/api/v1/clients/{id}/handouts");
    let list = app.api("GET", &api, None).await.json();
    assert_eq!(list[0]["handout"]["amount_cents"], 48_000);
    assert_eq!(list[0]["status"], "awaiting");
    assert_eq!(
        list[0]["awaiting"],
        serde_json::json!(["regievoerder", "senior_regievoerder", "afdelingsmanager"])
    );
    let hid = list[0]["id"].as_i64().unwrap();
    let sign = format!("{api}/{hid}/signatures");
    let body = |v: i64| format!(r#"{{"version": {v}, "on": "2026-11-10", "outcome": "granted"}}"#);
    // The NGO's own token may not sign for DT&V; the manager not before the others.
    assert_eq!(
        app.api("POST", &sign, Some(&body(1))).await.status,
        StatusCode::FORBIDDEN
    );
    let r = tokens[2].api("POST", &sign, Some(&body(1))).await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("role")),
        "{}",
        r.body
    );
    // Each signer finds the form on the client page only when it is her turn (issue 22): before the first
    // signature the regievoerder, then the senior, then the manager.
    let form = format!("id=\"h{hid}-outcome\"");
    for (i, who) in tokens.iter().enumerate() {
        for (j, other) in tokens.iter().enumerate() {
            let page = other.get(&format!("/clients/{id}")).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            assert_eq!(
                page.body.contains(&form),
                i == j,
                "signer {j} before signature {i}"
            );
        }
        let r = who.api("POST", &sign, Some(&body(i as i64 + 1))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    for other in &tokens {
        assert!(!other.get(&format!("/clients/{id}")).await.body.contains(&form));
    }
    let list = app.api("GET", &api, None).await.json();
    assert_eq!(list[0]["status"], "approved");
    let page = app.get(&format!("/clients/{id}")).await.body;
    assert!(
        page.contains("€ 480,00")
            && page.contains("toegekend")
            && page.contains("senior DT&#38;V")
            && page.contains("afdelingsmanager: manager DT&#38;V"),
        "{page}"
    );

    // The receipts, once approved (version 4 after three signatures).
    let r = app
        .submit(
            &format!("/clients/{id}/handouts/{hid}/receipts"),
            "version=4&receipts=kassabon+17+rolstoelhandel",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        app.get(&format!("/clients/{id}"))
            .await
            .body
            .contains("kassabon 17 rolstoelhandel")
    );

    // The transparency report: a second request (EUR 600, Den Haag's, still open) beside the approved one.
    let r = app
        .submit(
            &ask,
            "reason=living_conditions&amount=600&on=2026-11-20&motivation=naaimachine",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // No receipts before approval.
    let open = app.api("GET", &api, None).await.json()[1]["id"].as_i64().unwrap();
    let r = app
        .submit(
            &format!("/clients/{id}/handouts/{open}/receipts"),
            "version=1&receipts=bon",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("bonnen horen bij een toegekende handreiking"),
        "{}",
        r.body
    );
    // The regievoerder records a hand-out she agreed with the client directly: the same chain, origin DT&V.
    let direct = tokens[0]
        .api(
            "POST",
            &api,
            Some(
                r#"{"reason": "starting_conditions", "amount_cents": 30000, "requested_on": "2026-11-20",
                    "motivation": "afgesproken in het vertrekgesprek"}"#,
            ),
        )
        .await;
    assert_eq!(direct.status, StatusCode::CREATED, "{}", direct.body);
    let d = direct.json();
    assert_eq!(
        (d["origin"].as_str(), d["status"].as_str()),
        (Some("dtv"), Some("awaiting"))
    );
    assert_eq!(d["awaiting"][0], "regievoerder");
    // DT&V's location sees its registered trajectories' hand-outs, each origin apart; by hand: the NGO's 2 asked,
    // 1 approved (EUR 480); DT&V's own 1 asked, none decided yet.
    let report = tokens[0]
        .api("GET", "/api/v1/reports/handouts?year=2026", None)
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert_eq!(
        report.json(),
        serde_json::json!([{"origin": "ngo", "reason": "living_conditions", "country": "IQ", "asked": 2,
                            "approved": 1, "refused": 0, "approved_cents": 48000},
                           {"origin": "dtv", "reason": "starting_conditions", "country": "IQ", "asked": 1,
                            "approved": 0, "refused": 0, "approved_cents": 0}])
    );
    assert!(!report.body.contains("Rolstoel") && !report.body.contains("Amir"));
    let empty = tokens[0]
        .api("GET", "/api/v1/reports/handouts?year=2025", None)
        .await;
    assert_eq!(empty.json(), serde_json::json!([]));
    let bad = tokens[0]
        .api("GET", "/api/v1/reports/handouts?year=twenty", None)
        .await;
    assert_eq!(
        (bad.status, bad.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("year"))
    );
    // The caseworker reads it too (it names no one), with both origins and their totals said in words.
    let page = app.get("/reports/handouts?year=2026").await;
    assert_eq!(page.status, StatusCode::OK);
    for words in [
        "DT&#38;V, rechtstreeks",
        "Totaal via de ngo",
        "Totaal rechtstreeks door DT&#38;V",
        "€ 480,00",
    ] {
        assert!(page.body.contains(words), "{words}: {}", page.body);
    }
    assert!(!page.body.contains("Amir") && !page.body.contains("rolstoel"));
}

impl App {
    /// Another user of the same organisation, logged in (session and CSRF token) with a token of their own.
    async fn as_user(&self, username: &str, role: &str) -> App {
        self.as_user_in(self.tenant, username, role).await
    }

    /// A user of organisation `tenant`, logged in.
    async fn as_user_in(&self, tenant: Tenant, username: &str, role: &str) -> App {
        let hash = auth::hash_password(PASSWORD).unwrap();
        let user = self
            .store
            .create_user(tenant, username, username, role, Some(&hash), now())
            .await
            .unwrap();
        let token = format!("{username}-token-0123456789");
        let later: Timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
        let new = terugkeer_store::NewToken {
            user_id: user,
            name: "tests",
            token_hash: &auth::secret_hash(&token),
            role: None,
            expires: later,
        };
        self.store.create_token(tenant, None, &new, now()).await.unwrap();
        self.logged_in(tenant, username, token).await
    }

    /// User `username` of `tenant` (password [`PASSWORD`]) logged in, with API token `token`.
    async fn logged_in(&self, tenant: Tenant, username: &str, token: String) -> App {
        let mut other = App {
            router: self.router.clone(),
            store: self.store.clone(),
            tenant,
            cookie: String::new(),
            csrf: String::new(),
            token,
        };
        let r = other
            .post_login(&format!(
                "username={username}&password={}",
                PASSWORD.replace(' ', "+")
            ))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let set = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
        other.cookie = set.split(';').next().unwrap().to_owned();
        let page = other.get("/account").await;
        other.csrf = page
            .body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_owned();
        other
    }
}

/// Runs `script` under python3 with `input` written to a temporary file whose path is the first argument;
/// returns standard output.
fn python(script: &str, input: &[u8], suffix: &str) -> String {
    let path = std::env::temp_dir().join(format!(
        "terugkeer-test-{}-{}.{suffix}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::write(&path, input).unwrap();
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

both!(project_reports_with_real_readers);
/// A project set up by the coordinator (the SVT share refused over 50%), two participants over the second
/// half of 2016, and the period's report — checked against hand-computed totals in the API, on the page (with
/// its SVG charts), in the XLSX as openpyxl reads it and in the PDF as poppler renders and extracts it.
async fn project_reports_with_real_readers(store: Store) {
    use terugkeer_domain::in_kind::{Category, Item, ItemStatus};
    let app = App::new(store).await;
    let coordinator = app.as_user("coord", "coordinator").await;
    let base = "name=Met+Opgeheven+Hoofd&starts_on=2016-04-01&ends_on=2016-12-31&eligible_costs=100000\
                &amif=40000&periods=2016-04-01+2016-06-30%0D%0A2016-07-01+2016-12-31";
    let r = coordinator
        .submit("/projects", &format!("{base}&return_subsidy=50000%2C01"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("50%"), "{}", r.body);
    let r = coordinator
        .submit("/projects", &format!("{base}&return_subsidy=49999"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let project = location(&r);
    // A caseworker sets up no project and reads no report.
    assert_eq!(
        app.submit("/projects", &format!("{base}&return_subsidy=1"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&project).await.status, StatusCode::FORBIDDEN);

    // Two participants (through the store, as the caseworker).
    let a = terugkeer_store::testing::access_of(
        &app.store,
        app.store.user_by_username("anna").await.unwrap().unwrap().id,
    )
    .await
    .unwrap();
    let d = |s: &str| terugkeer_rules::Date::parse(s).unwrap();
    let mut people = Vec::new();
    for (name, start, cat, cents, spent_on) in [
        ("Zyxa", "2016-05-01", Category::Business, 100_000, "2016-07-10"),
        ("Zyxb", "2016-09-01", Category::Education, 49_950, "2016-10-01"),
    ] {
        let input = terugkeer_domain::ClientInput {
            family_name: name.into(),
            given_names: "Xenia".into(),
            date_of_birth: Some(d("1980-01-01")),
            ..Default::default()
        };
        let c = app.store.create_client(&a, &input, now()).await.unwrap();
        let trajectory = terugkeer_domain::Record::Trajectory {
            trajectory: "return".into(),
            project: "Met Opgeheven Hoofd".into(),
            on: d(start),
            goals: String::new(),
            planned_departure_on: None,
            in_kind_cents: 0,

            scheme: None,
            cash_cents: 0,
            handreiking_cents: None,
        };
        app.store.add_record(&a, c.id, &trajectory, now()).await.unwrap();
        let item = Item {
            category: cat,
            supplier: "Leverancier".into(),
            on: d(spent_on),
            amount_cents: cents,
            cash: false,
            status: ItemStatus::Spent,
            receipt: "bon".into(),
            note: String::new(),
        };
        app.store
            .book_in_kind(&a, c.id, None, &item, now())
            .await
            .unwrap();
        people.push(c.id);
    }
    use terugkeer_domain::record::{ClosureOutcome, DepartedWith};
    let close =
        |outcome: ClosureOutcome, on: &str, with: Option<DepartedWith>| terugkeer_domain::Record::Closure {
            outcome,
            on: d(on),
            destination: if with.is_some() {
                "Kabul".into()
            } else {
                String::new()
            },
            departed_with: with,
            reason: String::new(),
        };
    for (id, closure) in [
        (
            people[0],
            close(ClosureOutcome::Departed, "2016-08-15", Some(DepartedWith::Iom)),
        ),
        (people[1], close(ClosureOutcome::Absconded, "2016-11-30", None)),
    ] {
        let v = app.store.client(&a, id).await.unwrap().unwrap().version;
        app.store.close_client(&a, id, v, &closure, now()).await.unwrap();
    }

    // The API, by hand: 2 participants, 1 started; 1 departure with IOM in 2016-08, 1 absconded; spent
    // 1,000.00 + 499.50 = 1,499.50, per participant 749.75.
    let id = project.rsplit('/').next().unwrap();
    let r = coordinator
        .api("GET", &format!("/api/v1/projects/{id}/report?period=2"), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(
        (j["participants"].as_i64(), j["started"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(j["departures"], serde_json::json!([1, 0, 0, 0]));
    assert_eq!(j["other_closures"], serde_json::json!([["absconded", 1]]));
    assert_eq!(j["departures_by_month"], serde_json::json!([["2016-08", 1]]));
    assert_eq!(
        (j["spent_cents"].as_i64(), j["per_participant_cents"].as_i64()),
        (Some(149_950), Some(74_975))
    );
    assert_eq!(
        j["costs"],
        serde_json::json!([["business", 100000], ["education", 49950]])
    );
    // The first half: one participant (started in May), nothing spent.
    let h1 = coordinator
        .api("GET", &format!("/api/v1/projects/{id}/report?period=1"), None)
        .await
        .json();
    assert_eq!(
        (h1["participants"].as_i64(), h1["spent_cents"].as_i64()),
        (Some(1), Some(0))
    );
    let r = coordinator
        .api("GET", &format!("/api/v1/projects/{id}/report?period=9"), None)
        .await;
    assert_eq!(r.json()["field"], "period");

    // The page, with its charts; an auditor reads it too, without names.
    let auditor = app.as_user("controle", "auditor").await;
    let page = auditor.get(&format!("{project}?period=2")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("€ 1.499,50") && page.body.contains("€ 749,75"),
        "amounts as the pages write them"
    );
    assert!(page.body.contains("<svg") && page.body.contains("Vertrek per maand"));
    assert!(!page.body.contains("Zyx") && !page.body.contains("Xenia"));

    // The XLSX, read by openpyxl: the spent total in cents and the row count.
    let x = coordinator.get(&format!("{project}/report.xlsx?period=2")).await;
    assert_eq!(x.status, StatusCode::OK);
    let bytes = {
        let req = Request::get(format!("{project}/report.xlsx?period=2"))
            .header(header::COOKIE, &coordinator.cookie)
            .body(Body::empty())
            .unwrap();
        let resp = coordinator.router.clone().oneshot(req).await.unwrap();
        resp.into_body().collect().await.unwrap().to_bytes()
    };
    // Amounts are numbers of euros with a euro format, counts numbers, the period's days dates.
    let read = python(
        "import sys, openpyxl\n\
         ws = openpyxl.load_workbook(sys.argv[1]).active\n\
         rows = {r[1]: r[2] for r in ws.iter_rows(min_row=6, values_only=True) if r[1]}\n\
         spent = [c for c in ws['C'] if c.value == rows['Besteed in de periode']][0]\n\
         print(rows['Besteed in de periode'], rows['Per deelnemer'], rows['Deelnemers in de periode'], '€' in spent.number_format)\n\
         print(type(ws['B2'].value).__name__, ws['B2'].value.date(), ws['B3'].value.date())\n",
        &bytes,
        "xlsx",
    );
    assert_eq!(
        read.trim(),
        "1499.5 749.75 2 True\ndatetime 2016-07-01 2016-12-31",
        "{read}"
    );

    // The PDF: poppler renders it to an image and finds the totals in its text.
    let pdf = {
        let req = Request::get(format!("{project}/report.pdf?period=2"))
            .header(header::COOKIE, &coordinator.cookie)
            .body(Body::empty())
            .unwrap();
        let resp = coordinator.router.clone().oneshot(req).await.unwrap();
        resp.into_body().collect().await.unwrap().to_bytes()
    };
    let rendered = python(
        "import sys, subprocess, os, glob\n\
         out = sys.argv[1] + '-page'\n\
         subprocess.run(['pdftoppm', '-r', '40', '-png', sys.argv[1], out], check=True)\n\
         pages = sorted(glob.glob(out + '*.png'))\n\
         text = subprocess.run(['pdftotext', '-layout', sys.argv[1], '-'], check=True, capture_output=True).stdout.decode('utf-8')\n\
         print(len(pages), all(os.path.getsize(p) > 500 for p in pages))\n\
         print('€ 1.499,50' in text, '€ 749,75' in text, 'Vertrek per maand' in text)\n\
         [os.remove(p) for p in pages]\n",
        &pdf,
        "pdf",
    );
    assert_eq!(rendered.trim(), "2 True\nTrue True True", "{rendered}");
    // Every month of the period on the departures chart (those without a departure as 0), every word inside
    // the page, participants numbered, never named or by id.
    let (text, _, outside) = read_pdf(&pdf);
    for month in [
        "juli 2016",
        "augustus 2016",
        "september 2016",
        "oktober 2016",
        "november 2016",
        "december 2016",
    ] {
        assert!(text.contains(month), "{month}: {text}");
    }
    assert!(outside.is_empty(), "outside the page: {outside:?}");
    assert!(
        text.contains("Deelnemer 1") && text.contains("Deelnemer 2") && !text.contains("Xenia"),
        "{text}"
    );
    assert!(
        text.contains("1 juli 2016 – 31 december 2016"),
        "the period in words: {text}"
    );

    // Names by choice, for a coordinator only; the auditor (who reads the counts) may not.
    let (status, named) = bytes_of(&coordinator, &format!("{project}/report.pdf?period=2&names=1")).await;
    assert_eq!(status, StatusCode::OK);
    let (text, _, _) = read_pdf(&named);
    assert!(text.contains("Xenia") && !text.contains("Deelnemer 1"), "{text}");
    assert_eq!(
        bytes_of(&auditor, &format!("{project}/report.pdf?period=2&names=1"))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert!(
        page.body.contains("1 juli 2016 – 31 december 2016"),
        "the page's period in words"
    );

    // Another organisation's coordinator: the project does not exist for them.
    let other = app.store.create_organisation("Ander", now()).await.unwrap();
    let stranger = app.as_user_in(other, "vreemde", "coordinator").await;
    let r = stranger
        .api("GET", &format!("/api/v1/projects/{id}/report?period=2"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

both!(exports_are_neutral_scoped_and_audited);
/// Exports of the client list: a name typed as a formula comes out as text in the CSV (read by Python's csv
/// module) and the XLSX (read by openpyxl), as it is in the JSON; only what the caller may see; the filters
/// apply; every export is in the audit trail with its clients; an unknown format names the field.
async fn exports_are_neutral_scoped_and_audited(store: Store) {
    let app = App::new(store).await;
    let mut ids = Vec::new();
    for (family, given) in [
        ("=HYPERLINK(\"http://x.example/?\"&A1;\"klik\")", "Formule"),
        ("Jansen", "+31 6 123"),
        ("De Vries; van", "Puntkomma \"aanhalingstekens\""),
    ] {
        let body = serde_json::json!({"client": {"family_name": family, "given_names": given}}).to_string();
        let r = app.api("POST", "/api/v1/clients", Some(&body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.push(r.json()["id"].as_i64().unwrap());
    }
    // Another caseworker's client must not come along.
    let other = app.as_user("bert", "caseworker").await;
    let theirs = other
        .api(
            "POST",
            "/api/v1/clients",
            Some(r#"{"client": {"family_name": "Verborgen", "given_names": "Niet"}}"#),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED);

    let csv = app.get("/clients/export?format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert!(!csv.body.contains("Verborgen"));
    let read = python(
        "import sys, csv\n\
         rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))\n\
         print(len(rows) - 1)\n\
         for r in rows[1:]: print(r[1] + '|' + r[2])\n",
        csv.body.as_bytes(),
        "csv",
    );
    let mut lines = read.lines();
    assert_eq!(lines.next(), Some("3"));
    let cells: Vec<&str> = lines.collect();
    assert!(
        cells.contains(&"'=HYPERLINK(\"http://x.example/?\"&A1;\"klik\")|Formule"),
        "{cells:?}"
    );
    assert!(cells.contains(&"Jansen|'+31 6 123"), "{cells:?}");
    assert!(
        cells.contains(&"De Vries; van|Puntkomma \"aanhalingstekens\""),
        "{cells:?}"
    );

    let bytes = {
        let req = Request::get("/api/v1/clients/export?format=xlsx&q=jans")
            .header(header::AUTHORIZATION, format!("Bearer {}", app.token))
            .body(Body::empty())
            .unwrap();
        let resp = app.router.clone().oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        resp.into_body().collect().await.unwrap().to_bytes()
    };
    let read = python(
        "import sys, openpyxl\n\
         ws = openpyxl.load_workbook(sys.argv[1]).active\n\
         rows = list(ws.iter_rows(min_row=2, values_only=True))\n\
         print(len(rows), rows[0][1], rows[0][2], ws.cell(2, 3).data_type)\n",
        &bytes,
        "xlsx",
    );
    // The search applied (one Jansen), and the cell is text beginning with the apostrophe.
    assert_eq!(read.trim(), "1 Jansen '+31 6 123 s");

    let json = app
        .api("GET", "/api/v1/clients/export?format=json", None)
        .await
        .json();
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|c| c["family_name"].as_str().unwrap().starts_with("=HYPERLINK"))
    );
    let bad = app.api("GET", "/api/v1/clients/export?format=docx", None).await;
    assert_eq!(
        (bad.status, bad.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("format"))
    );
    // An auditor exports no names.
    let auditor = app.as_user("controle", "auditor").await;
    assert_eq!(
        auditor.get("/clients/export?format=csv").await.status,
        StatusCode::FORBIDDEN
    );

    // The trail: three exports (csv, xlsx, json), each with its clients.
    let sql = "SELECT detail FROM audit_log WHERE action = 'export' ORDER BY seq";
    let exports: Vec<String> = match app.store.db() {
        terugkeer_store::Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
        terugkeer_store::Db::Postgres(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
    };
    assert_eq!(exports.len(), 3, "{exports:?}");
    let detail: serde_json::Value = serde_json::from_str(&exports[0]).unwrap();
    assert_eq!(detail["format"], "csv");
    assert_eq!(detail["count"], 3);
    let mut listed: Vec<i64> = detail["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    listed.sort();
    assert_eq!(listed, ids);
    assert_eq!(app.store.verify_audit().await.unwrap().first_bad, None);
}

both!(the_forwarded_address_is_believed_only_from_a_trusted_proxy);
/// Behind a reverse proxy (`serve --trusted-proxy`): a read through the trusted proxy is recorded with the
/// address the proxy appended to X-Forwarded-For; the same header from any other connection is ignored (a
/// client cannot forge its address in the audit trail).
async fn the_forwarded_address_is_believed_only_from_a_trusted_proxy(store: Store) {
    let app = App::new(store.clone()).await;
    let id = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(r#"{"client": {"family_name": "Proxy", "given_names": "Via"}}"#),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let mut state = AppState::new(store.clone(), Arc::new(now));
    state.trusted_proxies = Arc::new(vec!["127.0.0.1".parse().unwrap()]);
    let behind = router(state);
    for (peer, forwarded) in [
        ("127.0.0.1:40000", "203.0.113.5, 198.51.100.23"),
        ("192.0.2.9:40000", "198.51.100.99"),
    ] {
        let mut req = Request::get(format!("/api/v1/clients/{id}"))
            .header(header::AUTHORIZATION, format!("Bearer {}", app.token))
            .header("x-forwarded-for", forwarded)
            .body(Body::empty())
            .unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo::<std::net::SocketAddr>(
                peer.parse().unwrap(),
            ));
        let r = send(&behind, req).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let sql =
        "SELECT COALESCE(address, '') FROM audit_log WHERE action = 'read' AND client_id = $1 ORDER BY seq";
    let addresses: Vec<String> = match store.db() {
        terugkeer_store::Db::Sqlite(p) => sqlx::query_scalar(sql).bind(id).fetch_all(p).await.unwrap(),
        terugkeer_store::Db::Postgres(p) => sqlx::query_scalar(sql).bind(id).fetch_all(p).await.unwrap(),
    };
    assert_eq!(addresses, vec!["198.51.100.23", "192.0.2.9"]);
}

both!(closing_is_confirmed_and_a_coordinator_reopens);
/// Closing on the page asks for a confirmation (refused beside the field without it, with the choices kept
/// and nothing closed) and says that a pending extension request is withdrawn; a coordinator finds the reopen
/// form on the closed file and reopens it with a reason; the caseworker finds none (issue 22).
async fn closing_is_confirmed_and_a_coordinator_reopens(store: Store) {
    let app = App::new(store).await;
    let body = r#"{"client": {"family_name": "Sluiter", "given_names": "Sam", "date_of_birth": "1990-01-01", "country_of_return": "AF"},
                   "records": [{"kind": "procedure_event", "event": "asylum_rejected", "on": "2026-11-05"}]}"#;
    let id = app.api("POST", "/api/v1/clients", Some(body)).await.json()["id"]
        .as_i64()
        .unwrap();
    let page = format!("/clients/{id}");
    let ask = format!("{page}/extensions");
    let r = app
        .submit(
            &ask,
            "kind=term_extension&days=14&on=2026-11-20&reason=reis+geboekt",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let html = app.get(&page).await.body;
    assert!(
        html.contains("Het openstaande verzoek om verlenging wordt ingetrokken."),
        "{html}"
    );
    let close = format!("{page}/close");
    let form = "version=1&outcome=not_returning&on=2026-11-28&reason=wil+niet+terug";
    let r = app.submit(&close, form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let error = r
        .body
        .split("id=\"closure-confirm-error\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no error beside the confirmation: {}", r.body));
    assert!(
        error.starts_with(">bevestig dat u de zaak wilt afsluiten<"),
        "{error}"
    );
    assert!(r.body.contains("wil niet terug"), "what was typed is kept");
    let status = |app: &App| {
        let store = app.store.clone();
        let t = app.tenant;
        async move {
            store
                .client(&store.org_access(t), id)
                .await
                .unwrap()
                .unwrap()
                .status
        }
    };
    assert_eq!(status(&app).await, "open");
    let r = app.submit(&close, &format!("{form}&confirm=confirmed")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(status(&app).await, "closed");
    let html = app.get(&page).await.body;
    assert!(html.contains("ingetrokken (zaak afgesloten)"), "{html}");
    assert!(!html.contains("/reopen\""), "no reopen form for the caseworker");
    assert_eq!(
        app.submit(&format!("{page}/reopen"), "version=2&reason=per+abuis")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let coord = app.as_user("coord", "coordinator").await;
    let html = coord.get(&page).await.body;
    assert!(
        html.contains(&format!("action=\"/clients/{id}/reopen\"")),
        "{html}"
    );
    let r = coord
        .submit(&format!("{page}/reopen"), "version=2&reason=per+abuis+afgesloten")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(status(&app).await, "open");

    // Through the API: closed again, the reopen without a reason refused naming it, then reopened.
    let api_page = format!("/api/v1/clients/{id}");
    let v = coord.api("GET", &api_page, None).await.json()["version"]
        .as_i64()
        .unwrap();
    let close = format!(
        r#"{{"version": {v}, "closure": {{"kind": "closure", "outcome": "not_returning", "on": "2026-11-28", "reason": "weg"}}}}"#
    );
    let r = coord
        .api("POST", &format!("{api_page}/close"), Some(&close))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let reopen = |reason: &str| format!(r#"{{"version": {}, "reason": "{reason}"}}"#, v + 1);
    let r = coord
        .api("POST", &format!("{api_page}/reopen"), Some(&reopen(" ")))
        .await;
    assert_eq!(
        (r.status, r.json()["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    let r = coord
        .api(
            "POST",
            &format!("{api_page}/reopen"),
            Some(&reopen("terug in Nederland")),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["status"].as_str()),
        (StatusCode::OK, Some("open")),
        "{}",
        r.body
    );
}

both!(the_dashboard_counts_the_whole_caseload);
/// The coordinator's dashboard tells the overdue deadlines of the whole caseload ("more than 50" when they go on
/// past the list) and lists the coming week's, though the list shows 50 rows and every one of them is overdue
/// (issue 22: "50 verlopen" where there were 67, "no deadlines this week" where there were some).
async fn the_dashboard_counts_the_whole_caseload(store: Store) {
    use terugkeer_domain::record::{ProcedureEventKind, Record};
    let app = App::new(store).await;
    let all = app.store.org_access(app.tenant);
    let day = |s: &str| terugkeer_rules::Date::parse(s).unwrap();
    let client = |name: String| terugkeer_domain::ClientInput {
        family_name: name,
        given_names: "Telling".into(),
        country_of_return: terugkeer_rules::vocab::Country::parse("AF"),
        ..terugkeer_domain::ClientInput::default()
    };
    let rejected = |on: &str| Record::ProcedureEvent {
        event: ProcedureEventKind::AsylumRejected,
        on: day(on),
        procedure_type: None,
        voluntary_departure_days: None,
    };
    // 60 whose departure term ended long ago, 3 whose ends on 3 December (rejected 5 November, + 28 days).
    for i in 0..60 {
        app.store
            .create_case(
                &all,
                &client(format!("Laat{i:02}")),
                &[rejected("2026-01-05")],
                None,
                now(),
            )
            .await
            .unwrap();
    }
    for name in ["Weekeen", "Weektwee", "Weekdrie"] {
        app.store
            .create_case(&all, &client(name.into()), &[rejected("2026-11-05")], None, now())
            .await
            .unwrap();
    }
    // What the database holds, read apart from the dashboard.
    let listed = app
        .store
        .list_clients(
            &all,
            &terugkeer_store::ClientQuery {
                status: Some("open".into()),
                skip_total: true,
                limit: 200,
                ..terugkeer_store::ClientQuery::default()
            },
        )
        .await
        .unwrap()
        .items;
    let overdue = listed
        .iter()
        .filter(|c| c.next_deadline.as_deref().is_some_and(|d| d < "2026-11-29"))
        .count();
    assert!(overdue >= 60, "{overdue}");
    let coord = app.as_user("coord", "coordinator").await;
    let page = coord.get("/dashboard").await.body;
    // More overdue than the list's 50 rows: said so, not "50".
    assert!(page.contains(">meer dan 50 verlopen<"), "{page}");
    for name in ["Weekeen", "Weektwee", "Weekdrie"] {
        assert!(
            page.contains(&format!(
                "{name}, Telling</a>: <time datetime=\"2026-12-03\">3 december 2026</time>"
            )),
            "{name}: {page}"
        );
    }
}

/// The bytes of `path` as `app`'s user gets them (a document is not text).
async fn bytes_of(app: &App, path: &str) -> (StatusCode, Vec<u8>) {
    let req = Request::get(path)
        .header(header::COOKIE, &app.cookie)
        .body(Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    (
        status,
        resp.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

/// What a person reads in a PDF, by poppler: the text (`pdftotext`, with the invisible direction marks
/// around right-to-left runs taken out), the number of pages as `pdftoppm` renders them, and every word whose
/// box (`pdftotext -bbox`) reaches outside the page's printable area (0.8 cm from each edge, where printers stop).
fn read_pdf(pdf: &[u8]) -> (String, usize, Vec<String>) {
    let out = python(
        "import sys, subprocess, re, glob, os, json\n\
         f = sys.argv[1]\n\
         text = subprocess.run(['pdftotext', '-layout', f, '-'], check=True, capture_output=True).stdout.decode('utf-8')\n\
         text = re.sub('[\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]', '', text)\n\
         subprocess.run(['pdftoppm', '-r', '30', '-png', f, f + '-page'], check=True)\n\
         pages = sorted(glob.glob(f + '-page*.png'))\n\
         assert all(os.path.getsize(p) > 500 for p in pages)\n\
         [os.remove(p) for p in pages]\n\
         html = subprocess.run(['pdftotext', '-bbox', f, '-'], check=True, capture_output=True).stdout.decode('utf-8')\n\
         outside = []\n\
         for page in re.finditer(r'<page width=\"([\\d.]+)\" height=\"([\\d.]+)\">(.*?)</page>', html, re.S):\n\
         \x20   w, h, body = float(page.group(1)), float(page.group(2)), page.group(3)\n\
         \x20   m = 0.8 / 2.54 * 72\n\
         \x20   for x0, y0, x1, y1, word in re.findall(r'xMin=\"([\\d.-]+)\" yMin=\"([\\d.-]+)\" xMax=\"([\\d.-]+)\" yMax=\"([\\d.-]+)\">([^<]*)<', body):\n\
         \x20       if float(x0) < m or float(x1) > w - m or float(y0) < m or float(y1) > h - m: outside.append(word)\n\
         print(json.dumps({'text': text, 'pages': len(pages), 'outside': outside}))\n",
        pdf,
        "pdf",
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    (
        v["text"].as_str().unwrap().to_owned(),
        v["pages"].as_u64().unwrap() as usize,
        v["outside"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_owned())
            .collect(),
    )
}

/// Every printed document for clients whose names are written in Ge'ez, Arabic script, Turkish Latin,
/// Georgian and Cyrillic: poppler gives each name back exactly from the verification form, the access
/// letter (Dutch and English), the case summary, and the transparency report renders — every word inside
/// the page's printable area, dates in words, no internal ids. A file with a megabyte of notes still makes
/// its letter (the note clipped, the JSON keeping it whole).
#[tokio::test]
async fn documents_read_as_people_read_them() {
    let app = App::new(terugkeer_store::testing::sqlite().await.unwrap()).await;
    let coordinator = app.as_user("coord", "coordinator").await;
    let names = [
        ("ገብረሚካኤል", "ተስፋይ", "ER"),
        ("رحیمی", "محمد", "AF"),
        ("Yıldırım", "Şükrü", "TR"),
        ("ბერიძე", "ნინო", "GE"),
        ("Коваленко", "Олена", "UA"),
    ];
    for (family, given, country) in names {
        let body = serde_json::json!({
            "client": {"family_name": family, "given_names": given, "nationality": country,
                       "country_of_return": country, "date_of_birth": "1990-03-09"},
            "records": [
                {"kind": "household_member", "name": given, "date_of_birth": "2015-05-05"},
                {"kind": "trajectory", "trajectory": "return", "project": "Met Opgeheven Hoofd", "on": "2026-11-01"},
            ],
        });
        let r = app.api("POST", "/api/v1/clients", Some(&body.to_string())).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        let shown = format!("{given} {family}");

        // The verification form DT&V receives.
        let r = app.submit(&format!("/clients/{id}/verifications"), "").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let vid = app
            .store
            .verifications(&app.store.org_access(app.tenant), id)
            .await
            .unwrap()[0]
            .id;
        let (status, pdf) = bytes_of(&app, &format!("/clients/{id}/verifications/{vid}/form.pdf")).await;
        assert_eq!(status, StatusCode::OK);
        let (text, pages, outside) = read_pdf(&pdf);
        assert!(text.contains(family) && text.contains(given), "{shown}: {text}");
        assert!(
            text.contains("9 maart 1990") && text.contains("Oordeel DT&V") && text.contains("Handtekening"),
            "{text}"
        );
        assert!(text.contains("5 mei 2015"), "the household: {text}");
        assert!((1..=2).contains(&pages), "{pages} pages");
        assert!(outside.is_empty(), "outside the page: {outside:?}");

        // The access letter, in Dutch and in English, and the case summary.
        for (path, says) in [
            (
                format!("/clients/{id}/export.pdf"),
                ["Beste", "Autoriteit Persoonsgegevens", "Bijlage A"],
            ),
            (
                format!("/clients/{id}/export.pdf?lang=en"),
                ["Dear", "Data Protection Authority", "Annex A"],
            ),
            (
                format!("/clients/{id}/summary.pdf"),
                ["Dossieroverdracht", "Beoordeling", "Tijdlijn"],
            ),
        ] {
            let (status, pdf) = bytes_of(&coordinator, &path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let (text, _, outside) = read_pdf(&pdf);
            assert!(text.contains(&shown), "{path}: {shown} in {text}");
            for s in says {
                assert!(text.contains(s), "{path}: {s} in {text}");
            }
            assert!(
                !text.contains('\u{fffd}') && !text.contains("ISO-code"),
                "{path}: {text}"
            );
            assert!(outside.is_empty(), "{path}: outside the page: {outside:?}");
        }
    }

    // The letter of a client that does not exist, or one the caller may not see, is not found (every role's
    // answer is in docs/permissions.md and the matrix test).
    let auditor = app.as_user("controle", "auditor").await;
    assert_eq!(
        bytes_of(&auditor, "/clients/1/export.pdf").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bytes_of(&coordinator, "/clients/999999/export.pdf").await.0,
        StatusCode::NOT_FOUND
    );

    // The transparency report.
    let (status, pdf) = bytes_of(&coordinator, "/reports/handouts.pdf?year=2026").await;
    assert_eq!(status, StatusCode::OK);
    let (text, pages, outside) = read_pdf(&pdf);
    assert!(
        text.contains("Transparantie financiële handreikingen 2026") && text.contains("Totaal"),
        "{text}"
    );
    assert_eq!((pages, outside.len()), (1, 0), "{outside:?}");
    let (status, _) = bytes_of(&coordinator, "/reports/handouts.pdf?year=twee").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // A megabyte of notes — written before notes had a limit (20,000 characters now), so put in the
    // database as such a file holds it: the letter is made, the note clipped in it and whole in the JSON.
    let note = "lang verhaal ".repeat(1_000_000 / 13);
    let r = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(r#"{"client": {"family_name": "Lang", "given_names": "Verhaal"}}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let data = serde_json::json!({"kind": "contact", "on": "2026-11-02", "mode": "in_person", "notes": note})
        .to_string();
    let sql = "INSERT INTO record (organisation_id, client_id, kind, on_date, data, version, created_at, updated_at) \
               SELECT organisation_id, id, 'contact', '2026-11-02', $1, 1, '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z' \
               FROM client WHERE id = $2";
    match app.store.db() {
        terugkeer_store::Db::Sqlite(p) => sqlx::query(sql)
            .bind(&data)
            .bind(id)
            .execute(p)
            .await
            .map(|_| ())
            .unwrap(),
        terugkeer_store::Db::Postgres(p) => sqlx::query(sql)
            .bind(&data)
            .bind(id)
            .execute(p)
            .await
            .map(|_| ())
            .unwrap(),
    }
    let (status, pdf) = bytes_of(&coordinator, &format!("/clients/{id}/export.pdf")).await;
    assert_eq!(status, StatusCode::OK);
    let (text, pages, _) = read_pdf(&pdf);
    assert!(
        text.contains("[…]") && text.contains("Verhaal Lang"),
        "{pages} pages"
    );
    let json = coordinator.get(&format!("/clients/{id}/export.json")).await;
    assert!(json.body.contains(&note), "the JSON keeps the whole note");
}

both!(free_text_is_bounded);
/// One caseworker cannot make a file nobody can open: a note over 20,000 characters is refused naming the
/// field (API and form, what was typed kept in the form), a body over 1 MiB is refused with 413, and nothing
/// is stored; a long note within the limit shows shortened on the client page with a link to the whole text.
async fn free_text_is_bounded(store: Store) {
    let app = App::new(store).await;
    let r = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(r#"{"client": {"family_name": "Lang", "given_names": "Verhaal"}}"#),
        )
        .await;
    let id = r.json()["id"].as_i64().unwrap();
    let records = || async {
        app.store
            .records(&app.store.org_access(app.tenant), id)
            .await
            .unwrap()
            .len()
    };

    let note = "x".repeat(20_001);
    let body = serde_json::json!({"kind": "contact", "on": "2026-11-02", "mode": "in_person", "notes": note});
    let r = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/records"),
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["field"], "notes", "{}", r.body);
    assert!(
        r.json()["message"].as_str().unwrap().contains("20000"),
        "{}",
        r.body
    );

    // The form: refused beside the field, in Dutch, with the text kept.
    let r = app
        .submit(
            &format!("/clients/{id}/records"),
            &format!("kind=referral&on=2026-11-02&to={}", "y".repeat(201)),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("is langer dan 200 tekens") && r.body.contains(&"y".repeat(201)),
        "the form keeps the text"
    );

    // A body over the limit never reaches a handler.
    let huge = serde_json::json!({"kind": "contact", "on": "2026-11-02", "mode": "x", "notes": "z".repeat(1_100_000)});
    let r = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/records"),
            Some(&huge.to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(records().await, 0, "nothing stored");

    // Within the limit: stored whole, shown shortened with a link.
    let long = format!("{}einde", "woord ".repeat(3_000));
    let body = serde_json::json!({"kind": "contact", "on": "2026-11-02", "mode": "in_person", "notes": long});
    let r = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/records"),
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let page = app.get(&format!("/clients/{id}")).await.body;
    assert!(
        page.contains("hele tekst") && !page.contains("woord einde"),
        "shortened on the page"
    );
    let rid = r.json()["id"].as_i64().unwrap();
    let edit = app.get(&format!("/clients/{id}/records/{rid}/edit")).await.body;
    assert!(edit.contains("woord einde"), "whole on the record's page");
}

both!(a_file_holds_a_bounded_number_of_records);
/// A file holds at most MAX_RECORDS records: the next is refused with the reason, nothing stored.
async fn a_file_holds_a_bounded_number_of_records(store: Store) {
    let app = App::new(store).await;
    let r = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(
                r#"{"client": {"family_name": "Vol", "given_names": "Dossier"},
            "records": [{"kind": "contact", "on": "2026-11-02", "mode": "phone"}]}"#,
            ),
        )
        .await;
    let id = r.json()["id"].as_i64().unwrap();
    // Fill the file to the limit by copying its one record (the count is what the limit reads).
    let max = terugkeer_domain::record::MAX_RECORDS;
    let sql = "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         INSERT INTO record (organisation_id, client_id, kind, on_date, data, version, created_at, updated_at) \
         SELECT r.organisation_id, r.client_id, r.kind, r.on_date, r.data, 1, r.created_at, r.updated_at \
         FROM record r, n WHERE r.client_id = $2";
    let count = "SELECT COUNT(*) FROM record WHERE client_id = $1";
    let held: i64 = match app.store.db() {
        terugkeer_store::Db::Sqlite(p) => {
            sqlx::query(sql).bind(max).bind(id).execute(p).await.unwrap();
            sqlx::query_scalar(count).bind(id).fetch_one(p).await.unwrap()
        }
        terugkeer_store::Db::Postgres(p) => {
            sqlx::query(sql).bind(max).bind(id).execute(p).await.unwrap();
            sqlx::query_scalar(count).bind(id).fetch_one(p).await.unwrap()
        }
    };
    assert_eq!(held, max);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/records"),
            Some(r#"{"kind": "contact", "on": "2026-11-03", "mode": "phone"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.json()["message"].as_str().unwrap().contains("2000"),
        "{}",
        r.body
    );
    assert_eq!(
        app.store
            .records(&app.store.org_access(app.tenant), id)
            .await
            .unwrap()
            .len() as i64,
        max
    );
}

both!(a_nul_character_is_refused_naming_the_field);
/// A NUL character (which PostgreSQL cannot store in text and no one types) is refused the same way on both
/// backends, in a form (422, the message beside the field, what was typed kept) and in the API (422 naming the
/// field's path), and nothing is stored. A file arriving with more records than a file may hold is refused too.
async fn a_nul_character_is_refused_naming_the_field(store: Store) {
    let app = App::new(store).await;
    let r = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(r#"{"client": {"family_name": "Nul", "given_names": "Teken"}}"#),
        )
        .await;
    let id = r.json()["id"].as_i64().unwrap();
    let page = format!("/clients/{id}");
    let records = |app: &App| {
        let store = app.store.clone();
        let a = store.org_access(app.tenant);
        async move { store.records(&a, id).await.unwrap().len() }
    };
    // The form: a contact whose notes hold %00.
    let r = app
        .submit(
            &format!("{page}/records"),
            "kind=contact&on=2026-11-02&mode=telefoon&notes=gesprek%00verborgen",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Named by its label, not its internal name.
    assert!(r.body.contains("Notities: bevat een NUL-teken"), "{}", r.body);
    // The API: a record, a client's name (nested), and an array element, each named by its path.
    for (path, body, field) in [
        (
            format!("/api/v1/clients/{id}/records"),
            r#"{"kind": "contact", "on": "2026-11-02", "mode": "phone", "notes": "a\u0000b"}"#.to_owned(),
            "notes",
        ),
        (
            "/api/v1/clients".to_owned(),
            r#"{"client": {"family_name": "X\u0000"}}"#.to_owned(),
            "client.family_name",
        ),
        (
            "/api/v1/clients".to_owned(),
            r#"{"client": {"family_name": "Y"}, "records": [{"kind": "referral", "on": "2026-11-02", "to": "IOM\u0000"}]}"#
                .to_owned(),
            "records[0].to",
        ),
    ] {
        let r = app.api("POST", &path, Some(&body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {}", r.body);
        assert_eq!(r.json()["field"], field, "{}", r.body);
    }
    // An escaped backslash before "u0000" is text, not a NUL: stored.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/clients/{id}/records"),
            Some(r#"{"kind": "contact", "on": "2026-11-02", "mode": "phone", "notes": "pad C:\\u0000"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(records(&app).await, 1);
    assert_eq!(app.client_count().await, 1);
    // A new file with more records than a file may hold: refused, nothing stored.
    let max = usize::try_from(terugkeer_domain::record::MAX_RECORDS).unwrap();
    let one = r#"{"kind": "contact", "on": "2026-11-02", "mode": "phone"}"#;
    let body = format!(
        r#"{{"client": {{"family_name": "Te", "given_names": "Vol"}}, "records": [{}]}}"#,
        vec![one; max + 1].join(",")
    );
    let r = app.api("POST", "/api/v1/clients", Some(&body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["field"], "records", "{}", r.body);
    assert_eq!(app.client_count().await, 1);
}

both!(assigned_to_must_be_a_caseworker_or_coordinator_here);
/// A new client's `assigned_to` that is not a caseworker or coordinator of the caller's organisation (another
/// organisation's user, an auditor, an unknown id) is refused naming the field — not silently dropped.
async fn assigned_to_must_be_a_caseworker_or_coordinator_here(store: Store) {
    let app = App::new(store).await;
    let other = app
        .store
        .create_organisation("Stichting Elders", now())
        .await
        .unwrap();
    let stranger = app
        .store
        .create_user(other, "elders", "Elders", "caseworker", None, now())
        .await
        .unwrap();
    let auditor = app
        .store
        .create_user(app.tenant, "controle", "Controle", "auditor", None, now())
        .await
        .unwrap();
    let colleague = app
        .store
        .create_user(app.tenant, "collega", "Collega", "caseworker", None, now())
        .await
        .unwrap();
    for who in [stranger, auditor, 999_999] {
        let body = format!(r#"{{"client": {{"family_name": "Toegewezen"}}, "assigned_to": {who}}}"#);
        let r = app.api("POST", "/api/v1/clients", Some(&body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{who}: {}", r.body);
        assert_eq!(r.json()["field"], "assigned_to", "{}", r.body);
    }
    assert_eq!(app.client_count().await, 0);
    // A coordinator assigns a colleague of her organisation.
    let coordinator = app.as_user("coord", "coordinator").await;
    let body = format!(r#"{{"client": {{"family_name": "Toegewezen"}}, "assigned_to": {colleague}}}"#);
    let r = coordinator.api("POST", "/api/v1/clients", Some(&body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["summary"]["assigned_to"], colleague, "{}", r.body);
}

/// The language switch goes back to a page of this site only, whatever the Referer says.
#[tokio::test]
async fn the_language_switch_never_leaves_the_site() {
    let app = App::new(terugkeer_store::testing::sqlite().await.unwrap()).await;
    for (referer, expected) in [
        ("http://127.0.0.1:8080/clients?q=x", "/clients?q=x"),
        ("https://evil.example//evil.example/x", "/dashboard"),
        ("https://evil.example/\\evil.example/x", "/dashboard"),
        ("https://evil.example", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
    ] {
        let req = Request::get("/lang/en")
            .header(header::REFERER, referer)
            .body(Body::empty())
            .unwrap();
        let r = send(&app.router, req).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{referer}");
        assert_eq!(location(&r), expected, "{referer}");
    }
}

/// The store's last line on PostgreSQL: text it cannot hold (NUL) is the input's fault, never a database
/// error (an internal error to the user) — for a path the edges' checks would miss.
#[tokio::test]
async fn postgres_nul_is_input_not_a_database_error() {
    let store = terugkeer_store::testing::postgres()
        .await
        .expect("PostgreSQL must be reachable");
    let terugkeer_store::Db::Postgres(p) = store.db() else {
        unreachable!()
    };
    for sql in ["SELECT CAST($1 AS TEXT)", "SELECT CAST($1 AS JSONB)"] {
        let arg = if sql.contains("JSONB") {
            "\"a\\u0000\""
        } else {
            "a\0b"
        };
        let e = sqlx::query(sql).bind(arg).execute(p).await.unwrap_err();
        let e = terugkeer_store::StoreError::from(e);
        assert!(
            matches!(&e, terugkeer_store::StoreError::Input(i) if i.message.id == "problem-nul-character"),
            "{sql}: {e:?}"
        );
    }
}

/// `/healthz` and a page answer while documents and logins keep every core busy: the CPU work runs on the
/// blocking pool behind its permits, never on the threads that answer requests. (A bound, not a benchmark:
/// 100 ms is ten times what it takes on an idle machine.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_while_documents_and_logins_run() {
    let app = App::new(terugkeer_store::testing::sqlite().await.unwrap()).await;
    let coordinator = app.as_user("coord", "coordinator").await;
    let r = app
        .api(
            "POST",
            "/api/v1/clients",
            Some(r#"{"client": {"family_name": "Druk", "given_names": "Bezig"}}"#),
        )
        .await;
    let id = r.json()["id"].as_i64().unwrap();
    let mut load = Vec::new();
    for i in 0..12 {
        let router = coordinator.router.clone();
        let cookie = coordinator.cookie.clone();
        load.push(tokio::spawn(async move {
            for _ in 0..4 {
                let req = Request::get(format!("/clients/{id}/summary.pdf"))
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())
                    .unwrap();
                let _ = router.clone().oneshot(req).await;
            }
        }));
        let router = app.router.clone();
        load.push(tokio::spawn(async move {
            let req = Request::post("/login")
                .header(header::COOKIE, "terugkeer_login=t")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "csrf=t&username=niemand{i}&password=fout+wachtwoord"
                )))
                .unwrap();
            let _ = router.oneshot(req).await;
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let mut slowest = std::time::Duration::ZERO;
    for _ in 0..5 {
        let started = std::time::Instant::now();
        let h = send(&app.router, Request::get("/healthz").body(Body::empty()).unwrap()).await;
        assert_eq!(h.status, StatusCode::OK);
        slowest = slowest.max(started.elapsed());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let busy = load.iter().filter(|h| !h.is_finished()).count();
    for h in load {
        h.await.unwrap();
    }
    assert!(busy > 0, "the load was still running while /healthz was asked");
    assert!(
        slowest < std::time::Duration::from_millis(100),
        "/healthz took {slowest:?} under load"
    );
}

impl App {
    /// A multipart form post with the session's CSRF token: `(name, file name, bytes)`.
    async fn multipart(&self, path: &str, fields: &[(&str, Option<&str>, &[u8])]) -> Reply {
        let boundary = "terugkeer-test-boundary";
        let mut body = Vec::new();
        let mut part = |name: &str, file: Option<&str>, bytes: &[u8]| {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").bytes());
            if let Some(f) = file {
                body.extend(format!("; filename=\"{f}\"\r\nContent-Type: application/octet-stream").bytes());
            }
            body.extend(b"\r\n\r\n");
            body.extend(bytes);
            body.extend(b"\r\n");
        };
        part("csrf", None, self.csrf.as_bytes());
        for (name, file, bytes) in fields {
            part(name, *file, bytes);
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let req = Request::post(path)
            .header(header::COOKIE, &self.cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        send(&self.router, req).await
    }

    /// Waits for the organisation's policy job to finish; the API's answer then.
    async fn policy_done(&self) -> serde_json::Value {
        for _ in 0..600 {
            let r = self.api("GET", "/api/v1/policy", None).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            let v = r.json();
            if !v["job"]["took_ms"].is_null() {
                return v;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("the policy job did not finish");
    }
}

both!(local_policy_in_the_application);
/// A coordinator's own values: an XLSX written by openpyxl with a wrong code is refused by its row, with what
/// was typed kept; a CSV upload is checked and previewed (whose eligibility moves), activated (the summaries
/// follow, another organisation's do not) and exported as a folder the policy loader reads to the same hash;
/// a caseworker may not; the API refuses by row.
async fn local_policy_in_the_application(store: Store) {
    use terugkeer_domain::record::{ProcedureEventKind, Record};
    let app = App::new(store).await;
    let coord = app.as_user("coord", "coordinator").await;
    let other_org = app
        .store
        .create_organisation("Andere stichting", now())
        .await
        .unwrap();
    let other = app.as_user_in(other_org, "elders", "coordinator").await;
    let a = app.store.org_access(app.tenant);
    let mut input = terugkeer_domain::ClientInput {
        family_name: "Rahimi".into(),
        given_names: "Farid".into(),
        date_of_birth: Some(terugkeer_rules::Date::parse("1990-04-01").unwrap()),
        country_of_return: terugkeer_rules::vocab::Country::parse("AF"),
        dublin_claimant: Some(false),
        criminal_record: Some(false),
        entry_ban: Some(terugkeer_rules::vocab::EntryBan::None),
        article_1f: Some(false),
        currently_participating: Some(false),
        ..Default::default()
    };
    let mut ids = Vec::new();
    for country in ["AF", "SY"] {
        input.country_of_return = terugkeer_rules::vocab::Country::parse(country);
        let c = app.store.create_client(&a, &input, now()).await.unwrap();
        let rejected = Record::ProcedureEvent {
            event: ProcedureEventKind::AsylumRejected,
            on: terugkeer_rules::Date::parse("2026-06-01").unwrap(),
            procedure_type: None,
            voluntary_departure_days: None,
        };
        app.store.add_record(&a, c.id, &rejected, now()).await.unwrap();
        ids.push(c.id);
    }

    // A caseworker may not.
    assert_eq!(app.get("/policy").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.api("GET", "/api/v1/policy", None).await.status,
        StatusCode::FORBIDDEN
    );
    let page = coord.get("/policy").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Ingebouwd beleid"), "{}", page.body);

    // An XLSX with a code that does not exist: refused on its row, the note kept, nothing stored.
    let xlsx_path = std::env::temp_dir().join(format!(
        "terugkeer-policy-{}-{}.xlsx",
        std::process::id(),
        rand_suffix()
    ));
    let script = format!(
        "import sys, openpyxl\n\
         wb = openpyxl.Workbook(); ws = wb.active\n\
         ws.append(['parameter', 'vanaf', 'waarde', 'naam', 'bron', 'vindplaats', 'zekerheid'])\n\
         ws.append(['included_countries', '2026-11-01', 'AF', 'Afghanistan', 'Lijst (test)', 'Brief (test)', 'S'])\n\
         ws.append(['included_countries', '2026-11-01', 'QQ', 'Nergensland', '', '', ''])\n\
         wb.save({:?})\n",
        xlsx_path.display().to_string()
    );
    python(&script, b"", "txt");
    let xlsx = std::fs::read(&xlsx_path).unwrap();
    let _ = std::fs::remove_file(&xlsx_path);
    let r = coord
        .multipart(
            "/policy",
            &[
                ("file", Some("lijst.xlsx"), &xlsx),
                ("note", None, "brief van 1 november".as_bytes()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Regel 3"), "the row of QQ: {}", r.body);
    assert!(r.body.contains("QQ"), "{}", r.body);
    assert!(
        r.body.contains("value=\"brief van 1 november\""),
        "the note is kept: {}",
        r.body
    );
    assert!(app.store.local_policies(&a).await.unwrap().is_empty());

    // A CSV upload: checked, previewed at once.
    let csv = "parameter;vanaf;waarde;naam;bron;vindplaats;zekerheid\n\
               included_countries;1-11-2026;AF;Afghanistan;Landenlijst (test);Brief DT&V (test);S\n\
               excluded_countries;1-11-2026;;;Geen uitsluitingen (test);Brief DT&V (test);S\n";
    let r = coord
        .multipart("/policy", &[("file", Some("lijst.csv"), csv.as_bytes())])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let v = coord.policy_done().await;
    assert_eq!(v["job"]["kind"], "preview");
    assert_eq!(v["job"]["impact"]["clients"], 2, "{v}");
    assert_eq!(v["job"]["impact"]["moved"], 2, "{v}");
    assert_eq!(v["job"]["impact"]["eligibility"]["probably yes → yes"], 1, "{v}");
    assert_eq!(v["in_force"]["version"], serde_json::Value::Null);
    let page = coord.get("/policy").await;
    assert!(page.body.contains("Doorrekening van versie 1"), "{}", page.body);
    assert!(page.body.contains("waarschijnlijk ja → ja"), "{}", page.body);
    assert!(page.body.contains("Rahimi, Farid"), "{}", page.body);
    assert!(page.body.contains("1 land: Afghanistan"), "{}", page.body);

    // Activated: the summaries follow; the other organisation's policy does not.
    let r = coord.submit("/policy/1/activate", "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let v = coord.policy_done().await;
    assert_eq!(
        (v["job"]["kind"].as_str(), v["in_force"]["version"].as_i64()),
        (Some("reassess"), Some(1))
    );
    let list = coord.api("GET", "/api/v1/clients?limit=10", None).await.json();
    let eligible: Vec<(i64, serde_json::Value)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["eligible"].clone()))
        .collect();
    assert!(
        eligible.contains(&(ids[0], serde_json::json!(true))),
        "{eligible:?}"
    );
    assert!(
        eligible.contains(&(ids[1], serde_json::json!(false))),
        "{eligible:?}"
    );
    let hash = v["in_force"]["policy_hash"].as_str().unwrap().to_owned();
    let theirs = other.api("GET", "/api/v1/policy", None).await.json();
    assert_eq!(theirs["in_force"]["version"], serde_json::Value::Null);
    assert_ne!(theirs["in_force"]["policy_hash"], v["in_force"]["policy_hash"]);
    // The assessment's receipt carries the combined hash.
    let assessed = coord
        .api("GET", &format!("/api/v1/clients/{}/assessment", ids[0]), None)
        .await
        .json();
    assert_eq!(assessed["receipt"]["policy_hash"], hash.as_str());

    // Exported as a folder: the policy loader reads it to the same hash.
    let (status, zip) = bytes_of(&coord, "/policy/1/policy.zip").await;
    assert_eq!(status, StatusCode::OK);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut files = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().rsplit('/').next().unwrap().to_owned();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut f, &mut text).unwrap();
        if name.ends_with(".toml") {
            files.push((name, text));
        }
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    assert_eq!(terugkeer_rules::policy::load(&refs).unwrap().hash(), hash);

    // The API refuses by row, in a TOML file by line.
    let bad = serde_json::json!({"format": "toml", "body": "[[vbl_weeks.values]]\nfrom = 2026-01-01\nvalue = \"x\"\n"});
    let r = coord.api("POST", "/api/v1/policy", Some(&bad.to_string())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.json()["message"].as_str().unwrap().contains("row 3"),
        "{}",
        r.body
    );

    // The way back.
    let r = coord.api("POST", "/api/v1/policy/withdraw", None).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let v = coord.policy_done().await;
    assert_eq!(v["in_force"]["version"], serde_json::Value::Null);
    assert_eq!(v["versions"][0]["status"], "retired");
}

both!(a_conversation_on_the_client_page);
/// The conversation with DT&V on the page (issue 27 part 1): a refused message keeps what was typed with the
/// error beside its field; the regievoerder finds it new on her dashboard and on the file, answers, and the
/// caseworker's dashboard lists the answer until she opens the file; what the NGO recorded from a letter says
/// so; the ledger writes each in words.
async fn a_conversation_on_the_client_page(store: Store) {
    let app = App::new(store).await;
    let body = r#"{"client": {"family_name": "Gesprek", "given_names": "Lina", "date_of_birth": "1985-01-01", "country_of_return": "IQ"}}"#;
    let id = app.api("POST", "/api/v1/clients", Some(body)).await.json()["id"]
        .as_i64()
        .unwrap();
    let dtv = app
        .store
        .create_organisation("DT&V Zevenaar", now())
        .await
        .unwrap();
    let regie = app.as_user_in(dtv, "regie", "partner").await;
    let regie_id = app
        .store
        .users(dtv)
        .await
        .unwrap()
        .iter()
        .find(|u| u.username == "regie")
        .unwrap()
        .id;
    let v = app
        .api("GET", &format!("/api/v1/clients/{id}"), None)
        .await
        .json()["version"]
        .as_i64()
        .unwrap();
    let r = app
        .submit(
            &format!("/clients/{id}/dtv"),
            &format!("version={v}&partner_id={regie_id}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let write = format!("/clients/{id}/messages");
    // An override without its reason: refused beside the field, the typed text kept, nothing stored.
    let r = app
        .submit(
            &write,
            "form=message&kind=departure_plan&body=Vlucht+op+12+december+geboekt&basis=override&reason=",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(">Vlucht op 12 december geboekt</textarea>"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("<details id=\"write-message\" open>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<option value=\"departure_plan\" selected>"));
    assert!(r.body.contains("class=\"error\" role=\"alert\""));
    assert_eq!(
        app.api("GET", &format!("/api/v1/clients/{id}/messages"), None)
            .await
            .json(),
        serde_json::json!([])
    );
    let r = app
        .submit(
            &write,
            "form=message&kind=departure_plan&body=Vlucht+op+12+december+geboekt&basis=consent",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // DT&V's side: new on the dashboard and on the file, then read.
    let board = regie.get("/dashboard").await;
    assert!(board.body.contains("Nieuwe berichten"), "{}", board.body);
    assert!(board.body.contains("1 nieuw bericht"));
    let page = regie.get(&format!("/clients/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Vlucht op 12 december geboekt"));
    assert!(page.body.contains("class=\"message new\""));
    assert!(page.body.contains("Bericht aan de ngo"));
    assert!(
        !page.body.contains("Vastleggen wat DT&amp;V"),
        "the NGO's recording form is the NGO's"
    );
    let again = regie.get(&format!("/clients/{id}")).await;
    assert!(!again.body.contains("class=\"message new\""), "read once opened");
    assert!(!regie.get("/dashboard").await.body.contains("Nieuwe berichten"));
    let r = regie
        .submit(
            &write,
            "form=message&kind=answer&body=Akkoord%2C+de+AVIM+is+niet+nodig.",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The NGO's side.
    assert!(app.get("/dashboard").await.body.contains("1 nieuw bericht"));
    // What DT&V said by phone, recorded by the NGO; a day in the future is refused beside the day.
    let r = app
        .submit(
            &write,
            "form=message_in&kind=reminder&recorded_from=phone&received_on=2099-01-01&body=Bel+terug",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<details id=\"record-message\" open>"));
    assert!(r.body.contains(">Bel terug</textarea>"));
    let r = app
        .submit(
            &write,
            "form=message_in&kind=reminder&recorded_from=letter&received_on=2026-11-20&body=Stuur+de+rapportage",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/clients/{id}")).await;
    assert!(page.body.contains("Akkoord, de AVIM is niet nodig."));
    assert!(page.body.contains("vastgelegd door"), "{}", page.body);
    assert!(
        page.body.contains("uit brief van 20 november 2026"),
        "{}",
        page.body
    );
    assert!(page.body.contains("bericht: vertrekplan"), "the ledger in words");
    assert!(!app.get("/dashboard").await.body.contains("Nieuwe berichten"));
    let list = app
        .api("GET", &format!("/api/v1/clients/{id}/messages"), None)
        .await
        .json();
    assert_eq!(
        list.as_array()
            .unwrap()
            .iter()
            .map(|m| (m["direction"].as_str().unwrap(), m["kind"].as_str().unwrap()))
            .collect::<Vec<_>>(),
        vec![("out", "departure_plan"), ("in", "answer"), ("in", "reminder")]
    );
    assert_eq!(list[2]["recorded_from"], "letter");

    // DT&V's verdict on the registration, given by letter and recorded by the NGO, says so on the page.
    let r = app.submit(&format!("/clients/{id}/verifications"), "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let vs = app
        .api("GET", &format!("/api/v1/clients/{id}/verifications"), None)
        .await
        .json();
    let vid = vs[0]["id"].as_i64().unwrap();
    let step = format!("/clients/{id}/verifications/{vid}");
    let r = app
        .submit(&step, "version=1&step=submit&on=2026-11-20&to=DT%26V+Zevenaar")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .submit(&step, "version=2&step=verify&on=2026-11-25&recorded_from=letter")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/clients/{id}")).await;
    assert!(
        page.body.contains("uit brief van 25 november 2026"),
        "{}",
        page.body
    );
    let vs = app
        .api("GET", &format!("/api/v1/clients/{id}/verifications"), None)
        .await
        .json();
    assert_eq!(vs[0]["verification"]["recorded_from"], "letter");
    assert!(!vs[0]["verification"]["recorded_by"].as_str().unwrap().is_empty());
    // A message about that registration: the form offers it by its day, the message links to it.
    let page = app.get(&format!("/clients/{id}")).await;
    assert!(
        page.body.contains(&format!(
            "<option value=\"verification:{vid}\">aanmelding bij DT&#38;V 20 november 2026</option>"
        )),
        "{}",
        page.body
    );
    let r = app
        .submit(
            &write,
            &format!(
                "form=message&kind=question&body=Klopt+het+antwoord%3F&basis=consent&about=verification:{vid}"
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/clients/{id}")).await;
    assert!(
        page.body
            .contains("Over: <a href=\"#verification\">aanmelding bij DT&#38;V 20 november 2026</a>"),
        "{}",
        page.body
    );
}
