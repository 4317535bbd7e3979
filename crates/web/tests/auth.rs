//! Authentication through the real router (SQLite): throttled brute force per account and per address, a
//! replayed CSRF token, expired and revoked API tokens, session expiry, the forced password change of a user
//! someone else created, and the second factor (set up, required, replay refused). Time is a test clock
//! that the tests move.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jiff::Timestamp;
use terugkeer_store::{Store, Tenant};
use terugkeer_web::{AppState, auth, router, totp};
use tower::ServiceExt;

const PASSWORD: &str = "een lang wachtwoord";
const START: i64 = 1_795_000_000; // 2026-11-18

struct Site {
    router: Router,
    store: Store,
    org: Tenant,
    clock: Arc<AtomicI64>,
}

struct Reply {
    status: StatusCode,
    location: String,
    cookie: Option<String>,
    body: String,
}

impl Site {
    async fn new() -> Site {
        Site::on(terugkeer_store::testing::sqlite().await.unwrap()).await
    }

    async fn on(store: Store) -> Site {
        let clock = Arc::new(AtomicI64::new(START));
        let c = clock.clone();
        let state = AppState::new(
            store.clone(),
            Arc::new(move || Timestamp::from_second(c.load(Ordering::SeqCst)).unwrap()),
        );
        let org = store
            .create_organisation("Stichting Test", Timestamp::from_second(START).unwrap())
            .await
            .unwrap();
        Site {
            router: router(state),
            store,
            org,
            clock,
        }
    }

    fn now(&self) -> Timestamp {
        Timestamp::from_second(self.clock.load(Ordering::SeqCst)).unwrap()
    }

    fn advance(&self, seconds: i64) {
        self.clock.fetch_add(seconds, Ordering::SeqCst);
    }

    async fn user(&self, name: &str, role: &str) -> i64 {
        let hash = auth::hash_password(PASSWORD).unwrap();
        self.store
            .create_user(self.org, name, name, role, Some(&hash), self.now())
            .await
            .unwrap()
    }

    async fn send(&self, method: &str, path: &str, cookie: &str, body: &str, from: Option<&str>) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !cookie.is_empty() {
            req = req.header(header::COOKIE, cookie);
        }
        let mut req = req.body(Body::from(body.to_owned())).unwrap();
        if let Some(ip) = from {
            let addr: SocketAddr = format!("{ip}:40000").parse().unwrap();
            req.extensions_mut().insert(ConnectInfo(addr));
        }
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        // In a block: a borrow of the response held over the body's await would make the future unsendable.
        let (location, cookie) = {
            let get = |h| {
                resp.headers()
                    .get(h)
                    .map(|v: &axum::http::HeaderValue| v.to_str().unwrap().to_owned())
            };
            let location = get(header::LOCATION).unwrap_or_default();
            let cookie = get(header::SET_COOKIE).map(|c| c.split(';').next().unwrap().to_owned());
            (location, cookie)
        };
        let body =
            String::from_utf8_lossy(&resp.into_body().collect().await.unwrap().to_bytes()).into_owned();
        Reply {
            status,
            location,
            cookie,
            body,
        }
    }

    async fn login(&self, name: &str, password: &str, code: &str, from: Option<&str>) -> Reply {
        // With the login form's token in its field and its cookie, as a browser sends it.
        let body = format!(
            "csrf=t&username={name}&password={}&code={code}",
            password.replace(' ', "+")
        );
        self.send("POST", "/login", "terugkeer_login=t", &body, from)
            .await
    }

    /// Logs in and returns the session cookie and its anti-forgery token.
    async fn session(&self, name: &str, code: &str) -> (String, String) {
        let r = self.login(name, PASSWORD, code, None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{name}: {}", r.body);
        let cookie = r.cookie.unwrap();
        let page = self.send("GET", "/account", &cookie, "", None).await;
        let csrf = csrf_of(&page.body);
        (cookie, csrf)
    }
}

fn csrf_of(body: &str) -> String {
    body.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn brute_force_is_throttled_per_account_and_per_address() {
    let site = Site::new().await;
    site.user("anna", "caseworker").await;
    for _ in 0..5 {
        assert_eq!(
            site.login("anna", "wrong password!", "", None).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // The sixth try is refused without trying the password, even the right one.
    let r = site.login("anna", PASSWORD, "", None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.cookie.is_none());
    // After the window the right password works again, and a success clears the account's count.
    site.advance(15 * 60 + 1);
    assert_eq!(
        site.login("anna", PASSWORD, "", None).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        site.login("anna", "wrong password!", "", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        site.login("anna", PASSWORD, "", None).await.status,
        StatusCode::SEE_OTHER
    );

    // One address trying many accounts is stopped after 20 failures; another address is not.
    for i in 0..20 {
        let r = site
            .login(&format!("nobody{i}"), "guess guess guess", "", Some("192.0.2.7"))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = site.login("anna", PASSWORD, "", Some("192.0.2.7")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r = site.login("anna", PASSWORD, "", Some("192.0.2.8")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

/// Throttling holds against attempts that arrive together: each is counted before its password is checked, so
/// of 40 concurrent wrong logins on one account exactly 5 are tried (401) and the rest refused untried (429) —
/// and likewise 20 from one address. (Counting first and recording after the check let 29 of 40 through.)
async fn concurrent_logins_are_throttled(store: Store) {
    let site = Arc::new(Site::on(store).await);
    site.user("bea", "caseworker").await;
    let burst = |name: Option<&'static str>, from: Option<&'static str>| {
        let handles: Vec<_> = (0..40)
            .map(|i| {
                let site = site.clone();
                tokio::spawn(async move {
                    let who = name.map_or(format!("nobody{i}"), str::to_owned);
                    site.login(&who, "wrong password!", "", from).await.status
                })
            })
            .collect();
        async move {
            let mut statuses = Vec::new();
            for h in handles {
                statuses.push(h.await.unwrap());
            }
            let tried = statuses
                .iter()
                .filter(|s| **s == StatusCode::UNAUTHORIZED)
                .count();
            let refused = statuses
                .iter()
                .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
                .count();
            (tried, refused)
        }
    };
    assert_eq!(burst(Some("bea"), None).await, (5, 35), "one account");
    assert_eq!(burst(None, Some("192.0.2.9")).await, (20, 20), "one address");
    // The account's right password is refused untried too, until the window has passed.
    let r = site.login("bea", PASSWORD, "", None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    site.advance(15 * 60 + 1);
    assert_eq!(
        site.login("bea", PASSWORD, "", None).await.status,
        StatusCode::SEE_OTHER
    );
}

mod concurrent_logins_are_throttled {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        super::concurrent_logins_are_throttled(terugkeer_store::testing::sqlite().await.unwrap()).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        let store = terugkeer_store::testing::postgres()
            .await
            .expect("PostgreSQL must be reachable");
        super::concurrent_logins_are_throttled(store).await;
    }
}

#[tokio::test]
async fn a_replayed_csrf_token_is_refused() {
    let site = Site::new().await;
    site.user("anna", "caseworker").await;
    site.user("bert", "caseworker").await;
    let (anna, anna_csrf) = site.session("anna", "").await;
    let (bert, bert_csrf) = site.session("bert", "").await;
    assert_ne!(anna_csrf, bert_csrf);
    // Anna's token with Bert's session: refused, no client made.
    let body = format!("csrf={anna_csrf}&family_name=Vervalst&given_names=X");
    let r = site.send("POST", "/clients", &bert, &body, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // After logging out, the old cookie and token lead to the login page, and change nothing.
    let r = site
        .send("POST", "/logout", &anna, &format!("csrf={anna_csrf}"), None)
        .await;
    assert_eq!((r.status, r.location.as_str()), (StatusCode::SEE_OTHER, "/login"));
    let body = format!("csrf={anna_csrf}&family_name=Na+uitloggen&given_names=X");
    let r = site.send("POST", "/clients", &anna, &body, None).await;
    assert_eq!((r.status, r.location.as_str()), (StatusCode::SEE_OTHER, "/login"));
    let all = site.store.org_access(site.org);
    let page = site
        .store
        .list_clients(
            &all,
            &terugkeer_store::ClientQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(page.total, 0);
}

#[tokio::test]
async fn tokens_and_sessions_expire() {
    let site = Site::new().await;
    let anna = site.user("anna", "caseworker").await;
    let hour = jiff::SignedDuration::from_hours(1);
    for (token, expires) in [
        ("expired-token-0123456789", site.now() - hour),
        ("live-token-0123456789", site.now() + hour),
    ] {
        site.store
            .create_token(
                site.org,
                None,
                &terugkeer_store::NewToken {
                    user_id: anna,
                    name: token,
                    token_hash: &auth::secret_hash(token),
                    role: None,
                    expires,
                },
                site.now() - hour * 2,
            )
            .await
            .unwrap();
    }
    let api = |token: &'static str| {
        let req = Request::get("/api/v1/clients")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let r = site.router.clone();
        async move { r.oneshot(req).await.unwrap().status() }
    };
    assert_eq!(api("expired-token-0123456789").await, StatusCode::UNAUTHORIZED);
    assert_eq!(api("live-token-0123456789").await, StatusCode::OK);
    let tokens = site.store.tokens(site.org, anna).await.unwrap();
    let live = tokens.iter().find(|t| t.name == "live-token-0123456789").unwrap();
    site.store
        .revoke_token(&site.store.org_access(site.org), live.id, site.now())
        .await
        .unwrap();
    assert_eq!(api("live-token-0123456789").await, StatusCode::UNAUTHORIZED);
    // A session ends after 12 hours.
    let (cookie, _) = site.session("anna", "").await;
    assert_eq!(
        site.send("GET", "/dashboard", &cookie, "", None).await.status,
        StatusCode::OK
    );
    site.advance(12 * 3600 + 1);
    let r = site.send("GET", "/dashboard", &cookie, "", None).await;
    assert_eq!((r.status, r.location.as_str()), (StatusCode::SEE_OTHER, "/login"));
}

#[tokio::test]
async fn a_password_set_by_someone_else_is_changed_first() {
    let site = Site::new().await;
    site.user("coord", "coordinator").await;
    let (coord, csrf) = site.session("coord", "").await;
    let body = format!(
        "csrf={csrf}&username=nieuw&display_name=Nieuwe+collega&role=caseworker&password=tijdelijk+wachtwoord"
    );
    assert_eq!(
        site.send("POST", "/users", &coord, &body, None).await.status,
        StatusCode::SEE_OTHER
    );
    let r = site.login("nieuw", "tijdelijk wachtwoord", "", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cookie = r.cookie.unwrap();
    // Every page leads to the account page until the password is changed, and the API and the exports answer
    // nothing either (issue 24).
    for path in [
        "/dashboard",
        "/clients",
        "/clients/new",
        "/clients/export?format=csv",
    ] {
        let r = site.send("GET", path, &cookie, "", None).await;
        assert_eq!(
            (r.status, r.location.as_str()),
            (StatusCode::SEE_OTHER, "/account"),
            "{path}"
        );
    }
    refused_by_the_api(&site, &cookie).await;
    let page = site.send("GET", "/account", &cookie, "", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = csrf_of(&page.body);
    let change = |current: &str, new: &str, repeat: &str| {
        format!(
            "csrf={csrf}&current_password={}&new_password={}&repeat_password={}",
            current.replace(' ', "+"),
            new.replace(' ', "+"),
            repeat.replace(' ', "+")
        )
    };
    for (body, field) in [
        (
            change("fout wachtwoord", "een eigen wachtwoord", "een eigen wachtwoord"),
            "current_password",
        ),
        (change("tijdelijk wachtwoord", "kort", "kort"), "new_password"),
        (
            change(
                "tijdelijk wachtwoord",
                "tijdelijk wachtwoord",
                "tijdelijk wachtwoord",
            ),
            "new_password",
        ),
        (
            change(
                "tijdelijk wachtwoord",
                "een eigen wachtwoord",
                "een ander wachtwoord",
            ),
            "repeat_password",
        ),
    ] {
        let r = site.send("POST", "/account/password", &cookie, &body, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains(field), "{field}: {}", r.body);
    }
    let body = change(
        "tijdelijk wachtwoord",
        "een eigen wachtwoord",
        "een eigen wachtwoord",
    );
    let r = site.send("POST", "/account/password", &cookie, &body, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        site.send("GET", "/dashboard", &cookie, "", None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        site.login("nieuw", "tijdelijk wachtwoord", "", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        site.login("nieuw", "een eigen wachtwoord", "", None).await.status,
        StatusCode::SEE_OTHER
    );
}

/// The API refuses a session that must first finish the account page: reads and writes, before anything else
/// is looked at.
async fn refused_by_the_api(site: &Site, cookie: &str) {
    for (method, path) in [
        ("GET", "/api/v1/clients"),
        ("GET", "/api/v1/clients/export?format=csv"),
        ("POST", "/api/v1/clients"),
    ] {
        let r = site.send(method, path, cookie, "{}", None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {path}: {}", r.body);
        assert!(
            r.body.contains("account_setup_required"),
            "{method} {path}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn the_second_factor_is_set_up_required_and_not_replayed() {
    let site = Site::new().await;
    site.user("coord", "coordinator").await;
    let (cookie, csrf) = site.session("coord", "").await;
    // The coordinator makes it required for the organisation's coordinators: from now on, set it up first.
    let r = site
        .send(
            "POST",
            "/account/require-totp",
            &cookie,
            &format!("csrf={csrf}&on=1"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = site.send("GET", "/dashboard", &cookie, "", None).await;
    assert_eq!(r.location, "/account");
    refused_by_the_api(&site, &cookie).await;
    let page = site.send("GET", "/account", &cookie, "", None).await;
    let secret = page
        .body
        .split("name=\"secret\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let code_now = |site: &Site| {
        let raw = data_encoding::BASE32_NOPAD.decode(secret.as_bytes()).unwrap();
        format!(
            "{:06}",
            totp::code_at(&raw, site.now().as_second() / totp::STEP_SECONDS)
        )
    };
    let wrong = format!("csrf={csrf}&secret={secret}&code=000000");
    let r = site.send("POST", "/account/totp", &cookie, &wrong, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = format!("csrf={csrf}&secret={secret}&code={}", code_now(&site));
    let r = site.send("POST", "/account/totp", &cookie, &body, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        site.send("GET", "/dashboard", &cookie, "", None).await.status,
        StatusCode::OK
    );
    // It cannot be moved to another phone without the password and a current code of the one set up (a stolen
    // session cannot re-key it), nor set up with a weak or empty secret.
    let other = totp::new_secret().unwrap();
    let other_code = {
        let raw = data_encoding::BASE32_NOPAD.decode(other.as_bytes()).unwrap();
        format!(
            "{:06}",
            totp::code_at(&raw, site.now().as_second() / totp::STEP_SECONDS)
        )
    };
    let rekey = format!("csrf={csrf}&secret={other}&code={other_code}");
    let r = site.send("POST", "/account/totp", &cookie, &rekey, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let with_password_only = format!("{rekey}&password={}", PASSWORD.replace(' ', "+"));
    let r = site
        .send("POST", "/account/totp", &cookie, &with_password_only, None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for weak in ["", "MFRGGZDFMZTWQ2LK"] {
        let body = format!("csrf={csrf}&secret={weak}&code=000000");
        let r = site.send("POST", "/account/totp", &cookie, &body, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{weak:?}");
        assert!(r.body.contains("te zwak"), "{}", r.body);
    }
    // Switching it off is refused while the organisation requires it.
    let off = format!("csrf={csrf}&password={}", PASSWORD.replace(' ', "+"));
    let r = site.send("POST", "/account/totp/off", &cookie, &off, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Logging in now needs the code: none, or the one just used (a replay), is refused.
    assert_eq!(
        site.login("coord", PASSWORD, "", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let used = code_now(&site);
    assert_eq!(
        site.login("coord", PASSWORD, &used, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    site.advance(totp::STEP_SECONDS);
    let fresh = code_now(&site);
    assert_eq!(
        site.login("coord", PASSWORD, &fresh, None).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        site.login("coord", PASSWORD, &fresh, None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// The token made on the account page is shown once, acts with the role chosen there, and is revoked
/// there; a role the user's own may not hand on, or a lifetime past 366 days, is refused naming the field.
#[tokio::test]
async fn tokens_are_made_scoped_and_revoked_on_the_account_page() {
    let site = Site::new().await;
    site.user("cora", "coordinator").await;
    let anna = site.user("anna", "caseworker").await;
    let (cookie, csrf) = site.session("cora", "").await;
    let make = |role: &str, days: &str| format!("csrf={csrf}&name=nightly+report&role={role}&days={days}");
    let secret_of = |body: &str| {
        body.split("id=\"new-token\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap()
            .to_owned()
    };
    let api = |token: String, method: &'static str, path: &'static str, body: &'static str| {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let r = site.router.clone();
        async move {
            let resp = r.oneshot(req).await.unwrap();
            let status = resp.status();
            let body = resp.into_body().collect().await.unwrap().to_bytes();
            (
                status,
                serde_json::from_slice::<serde_json::Value>(&body).unwrap_or_default(),
            )
        }
    };

    // Refused: a role a coordinator may not hand on, a lifetime out of range; nothing made.
    for (body, field) in [
        (make("admin", "30"), "Rol:"),
        (make("partner", "30"), "Rol:"),
        (make("coordinator", "400"), "Dagen:"),
    ] {
        let r = site.send("POST", "/account/tokens", &cookie, &body, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(r.body.contains(field), "{field}");
    }
    let cora = site.store.user_by_username("cora").await.unwrap().unwrap().id;
    assert!(site.store.tokens(site.org, cora).await.unwrap().is_empty());

    // A coordinator's full token makes a client (assigned to cora, the API's default) and sees the
    // organisation's two; one scoped to a caseworker sees only cora's own caseload; one scoped to the
    // auditor's counts reads no client at all.
    let other = terugkeer_domain::ClientInput {
        family_name: "Unassigned".into(),
        ..Default::default()
    };
    site.store
        .create_client(&site.store.org_access(site.org), &other, site.now())
        .await
        .unwrap();
    let r = site
        .send(
            "POST",
            "/account/tokens",
            &cookie,
            &make("coordinator", "30"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let full = secret_of(&r.body);
    let (status, made) = api(
        full.clone(),
        "POST",
        "/api/v1/clients",
        r#"{"client": {"family_name": "Tokenia"}}"#,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let (_, list) = api(full.clone(), "GET", "/api/v1/clients", "").await;
    assert_eq!(list["total"], 2);
    let r = site
        .send(
            "POST",
            "/account/tokens",
            &cookie,
            &make("caseworker", "30"),
            None,
        )
        .await;
    let narrow = secret_of(&r.body);
    assert_ne!(narrow, full);
    let (status, list) = api(narrow.clone(), "GET", "/api/v1/clients", "").await;
    assert_eq!(
        (status, &list["total"], &list["items"][0]["family_name"]),
        (
            StatusCode::OK,
            &serde_json::json!(1),
            &serde_json::json!("Tokenia")
        )
    );
    let r = site
        .send("POST", "/account/tokens", &cookie, &make("auditor", "30"), None)
        .await;
    let counts = secret_of(&r.body);
    assert_eq!(
        api(counts, "GET", "/api/v1/clients", "").await.0,
        StatusCode::FORBIDDEN
    );

    // The page lists them (never the secret again) and revokes one; a colleague cannot revoke cora's.
    let page = site.send("GET", "/account", &cookie, "", None).await;
    assert!(!page.body.contains(&full) && !page.body.contains("new-token"));
    let tokens = site.store.tokens(site.org, cora).await.unwrap();
    assert_eq!(tokens.len(), 3);
    let full_id = tokens.iter().find(|k| k.role == "coordinator").unwrap().id;
    let (anna_cookie, anna_csrf) = site.session("anna", "").await;
    let path = format!("/account/tokens/{full_id}/revoke");
    let r = site
        .send("POST", &path, &anna_cookie, &format!("csrf={anna_csrf}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api(full.clone(), "GET", "/api/v1/clients", "").await.0,
        StatusCode::OK
    );
    let r = site
        .send("POST", &path, &cookie, &format!("csrf={csrf}"), None)
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/account")
    );
    assert_eq!(
        api(full, "GET", "/api/v1/clients", "").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        api(narrow.clone(), "GET", "/api/v1/clients", "").await.0,
        StatusCode::OK
    );
    let page = site.send("GET", "/account", &cookie, "", None).await;
    assert_eq!(page.body.matches("/revoke\"").count(), 2, "two left to revoke");

    // A new password revokes the tokens still live (issue 24): a leaked password must not leave one open.
    let change = format!(
        "csrf={csrf}&current_password={}&new_password=een+heel+nieuw+wachtwoord&repeat_password=een+heel+nieuw+wachtwoord",
        PASSWORD.replace(' ', "+")
    );
    let r = site
        .send("POST", "/account/password", &cookie, &change, None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        api(narrow, "GET", "/api/v1/clients", "").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert!(
        site.store
            .tokens(site.org, cora)
            .await
            .unwrap()
            .iter()
            .all(|k| k.revoked_at.is_some()),
        "every token revoked"
    );

    // A caseworker may give a token only their own role.
    let r = site
        .send(
            "POST",
            "/account/tokens",
            &anna_cookie,
            &format!("csrf={anna_csrf}&name=x&role=coordinator&days=5"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(site.store.tokens(site.org, anna).await.unwrap().is_empty());
}
