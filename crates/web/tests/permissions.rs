//! The permission matrix of `docs/permissions.md`, tried cell by cell through the real router on SQLite and
//! PostgreSQL: every role against a client it may see (the table's status), a client of another user and a
//! client of another organisation (404, no existence leak). Before each refused request the whole database
//! is snapshotted, and it must be the same after; an allowed write must change it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jiff::Timestamp;
use terugkeer_domain::ClientInput;
use terugkeer_domain::record::Record;
use terugkeer_rules::Date;
use terugkeer_rules::facts::{DecisionKind, DecisionOutcome};
use terugkeer_rules::vocab::Role as DtvRole;
use terugkeer_store::{Db, Store, Tenant};
use terugkeer_web::{AppState, auth, router};
use tower::ServiceExt;

const PASSWORD: &str = "permissions test password";
const ROLES: [&str; 5] = ["caseworker", "coordinator", "partner", "auditor", "admin"];

fn now() -> Timestamp {
    "2026-11-29T10:00:00Z".parse().unwrap()
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// One row of the matrix: method, path (with `{id}`, `{rid}`, `{did}`), the variant in brackets, and the
/// expected status per role.
struct Row {
    method: String,
    path: String,
    variant: String,
    expect: [u16; 5],
}

fn matrix() -> Vec<Row> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/permissions.md"))
        .expect("docs/permissions.md");
    let header = "| endpoint | caseworker | coordinator | partner | auditor | admin |";
    let table = doc.split(header).nth(1).expect("the matrix table");
    let rows: Vec<Row> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let (endpoint, variant) = match cells[0].split_once(" (") {
                Some((e, v)) => (e, v.trim_end_matches(')')),
                None => (cells[0], ""),
            };
            let (method, path) = endpoint.trim_matches('`').split_once(' ').unwrap();
            let expect: Vec<u16> = cells[1..].iter().map(|c| c.parse().unwrap()).collect();
            Row {
                method: method.into(),
                path: path.into(),
                variant: variant.into(),
                expect: expect.try_into().unwrap(),
            }
        })
        .collect();
    assert!(rows.len() >= 30, "the matrix has {} rows", rows.len());
    rows
}

/// A client and its two records.
#[derive(Clone, Copy)]
struct Case {
    id: i64,
    rid: i64,
    did: i64,
    /// A registration with DT&V, sent (0: none).
    vid: i64,
    /// A draft progress report (0: none).
    pid: i64,
    /// A pending request for extra time (0: none).
    eid: i64,
    /// A planned item of the in-kind ledger (0: none).
    kid: i64,
    /// A hand-out request awaiting its first signature (0: none).
    hid: i64,
    org: Tenant,
}

/// Three organisations (an NGO, a DT&V location, another NGO), a user of every role, and three clients:
/// `own` (assigned to caseworker anna, registered with regievoerder regie), `colleague` (caseworker bert's,
/// registered with regie2) and `foreign` (the other NGO's).
struct World {
    router: Router,
    store: Store,
    ngo: Tenant,
    anna: i64,
    bert: i64,
    regie: i64,
    regie2: i64,
    own: Case,
    colleague: Case,
    foreign: Case,
    /// A project of the NGO.
    project: i64,
    cookie: String,
    csrf: String,
    token: String,
    n: std::cell::Cell<u32>,
}

fn input(name: &str) -> ClientInput {
    ClientInput {
        family_name: name.into(),
        given_names: "Fictief".into(),
        date_of_birth: Some(d("1990-04-01")),
        country_of_return: terugkeer_rules::vocab::Country::parse("AF"),
        ..ClientInput::default()
    }
}

/// A client with a contact, a decision and a trajectory, assigned to `worker`, registered with `partner`,
/// and — if `registration` — with a registration with DT&V already sent and a progress report drafted.
async fn case(store: &Store, org: Tenant, name: &str, worker: i64, partner: Option<i64>) -> Case {
    case_with(store, org, name, worker, partner, true).await
}

async fn case_with(
    store: &Store,
    org: Tenant,
    name: &str,
    worker: i64,
    partner: Option<i64>,
    registration: bool,
) -> Case {
    let all = store.org_access(org);
    let contact = Record::Contact {
        on: d("2026-11-10"),
        mode: "phone".into(),
        cooperating: None,
        indicators: vec![],
        notes: String::new(),
    };
    let decision = Record::Decision {
        decision: DecisionKind::TermExtension,
        by: vec![DtvRole::Regievoerder],
        on: d("2026-11-11"),
        outcome: DecisionOutcome::Granted,
        days: Some(14),
    };
    // Rejected on 2026-11-05: the departure term runs, so extra time can be asked.
    let rejected = Record::ProcedureEvent {
        event: terugkeer_domain::record::ProcedureEventKind::AsylumRejected,
        on: d("2026-11-05"),
        procedure_type: None,
        voluntary_departure_days: None,
    };
    let id = store
        .create_case(&all, &input(name), &[rejected], Some(worker), now())
        .await
        .unwrap();
    let rid = store.add_record(&all, id, &contact, now()).await.unwrap().id;
    let did = store.add_record(&all, id, &decision, now()).await.unwrap().id;
    let trajectory = Record::Trajectory {
        trajectory: "return".into(),
        project: "Met Opgeheven Hoofd".into(),
        on: d("2026-10-01"),
        goals: String::new(),
        planned_departure_on: None,
        in_kind_cents: 0,

        scheme: None,
        cash_cents: 0,
        handreiking_cents: None,
    };
    store.add_record(&all, id, &trajectory, now()).await.unwrap();
    if partner.is_some() {
        let v = store.client(&all, id).await.unwrap().unwrap().version;
        store
            .register_with_dtv(&all, id, v, partner, now())
            .await
            .unwrap();
    }
    let vid = if registration {
        let v = store.create_verification(&all, id, now()).await.unwrap();
        let sent = terugkeer_domain::verification::Step::Submit {
            on: d("2026-11-20"),
            to: "DT&V".into(),
        };
        store
            .verification_step(&all, id, v.id, 1, &sent, now())
            .await
            .unwrap();
        v.id
    } else {
        0
    };
    let pid = if registration {
        store
            .draft_report(&all, id, now(), terugkeer_rules::Lang::Nl)
            .await
            .unwrap()
            .id
    } else {
        0
    };
    let eid = if registration {
        store
            .request_extension(
                &all,
                id,
                DecisionKind::TermExtension,
                7,
                d("2026-11-21"),
                "ticket geboekt",
                now(),
            )
            .await
            .unwrap()
            .id
    } else {
        0
    };
    let kid = if registration {
        let item = terugkeer_domain::in_kind::Item {
            category: terugkeer_domain::in_kind::Category::Business,
            supplier: "Groothandel".into(),
            on: d("2026-11-21"),
            amount_cents: 10_000,
            cash: false,
            status: terugkeer_domain::in_kind::ItemStatus::Planned,
            receipt: String::new(),
            note: String::new(),
        };
        store.book_in_kind(&all, id, None, &item, now()).await.unwrap().id
    } else {
        0
    };
    let hid = if registration {
        let handout = terugkeer_domain::handout::Handout {
            reason: terugkeer_domain::handout::Reason::LivingConditions,
            amount_cents: 30_000,
            requested_on: d("2026-11-21"),
            motivation: "rolstoel".into(),
            negotiation: String::new(),
            receipts: String::new(),
            signatures: Vec::new(),
        };
        store.request_handout(&all, id, &handout, now()).await.unwrap().id
    } else {
        0
    };
    Case {
        id,
        rid,
        did,
        vid,
        pid,
        eid,
        kid,
        hid,
        org,
    }
}

async fn project_of(store: &Store, org: Tenant, name: &str) -> i64 {
    let p = terugkeer_domain::project::Project {
        name: name.into(),
        starts_on: d("2026-01-01"),
        ends_on: d("2026-12-31"),
        eligible_costs_cents: 1_000_000,
        funders: vec![],
        periods: vec![terugkeer_domain::project::Period {
            from: d("2026-01-01"),
            to: d("2026-12-31"),
        }],
        conditions: String::new(),
    };
    store
        .save_project(&store.org_access(org), None, &p, now())
        .await
        .unwrap()
        .0
        .id
}

async fn world(store: Store, role: &str) -> World {
    let ngo = store.create_organisation("NGO", now()).await.unwrap();
    let dtv = store.create_organisation("DT&V", now()).await.unwrap();
    let other = store.create_organisation("Ander NGO", now()).await.unwrap();
    let hash = auth::hash_password(PASSWORD).unwrap();
    let mut ids = std::collections::HashMap::new();
    for (org, name, r) in [
        (ngo, "anna", "caseworker"),
        (ngo, "bert", "caseworker"),
        (ngo, "coord", "coordinator"),
        (ngo, "audit", "auditor"),
        (ngo, "admin", "admin"),
        (dtv, "regie", "partner"),
        (dtv, "regie2", "partner"),
        (other, "stranger", "coordinator"),
    ] {
        let id = store
            .create_user(org, name, name, r, Some(&hash), now())
            .await
            .unwrap();
        ids.insert(name, (id, org));
    }
    let own = case(&store, ngo, "Eigen", ids["anna"].0, Some(ids["regie"].0)).await;
    let colleague = case(&store, ngo, "Xaverius", ids["bert"].0, Some(ids["regie2"].0)).await;
    let foreign = case(&store, other, "Yolanthe", ids["stranger"].0, None).await;
    let project = project_of(&store, ngo, "Met Opgeheven Hoofd").await;
    let login = match role {
        "caseworker" => "anna",
        "coordinator" => "coord",
        "partner" => "regie",
        "auditor" => "audit",
        _ => "admin",
    };
    let (user, org) = ids[login];
    let token = format!("token-of-{login}-0123456789");
    let later: Timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
    store
        .create_token(
            org,
            None,
            &terugkeer_store::NewToken {
                user_id: user,
                name: "tests",
                token_hash: &auth::secret_hash(&token),
                role: None,
                expires: later,
            },
            now(),
        )
        .await
        .unwrap();
    let router = router(AppState::new(store.clone(), Arc::new(now)));
    let mut w = World {
        router,
        store,
        ngo,
        anna: ids["anna"].0,
        bert: ids["bert"].0,
        regie: ids["regie"].0,
        regie2: ids["regie2"].0,
        own,
        colleague,
        foreign,
        project,
        cookie: String::new(),
        csrf: String::new(),
        token,
        n: std::cell::Cell::new(0),
    };
    // The login form's token, as the form and its cookie carry it.
    w.cookie = "terugkeer_login=t".to_owned();
    let r = w
        .send(
            "POST",
            "/login",
            format!("csrf=t&username={login}&password={}", PASSWORD.replace(' ', "+")),
            false,
        )
        .await;
    assert_eq!(r.0, StatusCode::SEE_OTHER, "login {login}: {}", r.1);
    w.cookie = r.2.unwrap().split(';').next().unwrap().to_owned();
    // The session's anti-forgery token: every logged-in page carries it in the logout form.
    let page = w.send("GET", "/clients/999999", String::new(), false).await;
    w.csrf = page
        .1
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    w
}

impl World {
    /// Sends a request, with the session cookie (pages) or the API token (`api`). Returns the status, the
    /// body and a Set-Cookie header.
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: String,
        api: bool,
    ) -> (StatusCode, String, Option<String>) {
        let mut req = Request::builder().method(method).uri(path);
        req = if api {
            req.header(header::AUTHORIZATION, format!("Bearer {}", self.token))
                .header(header::CONTENT_TYPE, "application/json")
        } else {
            req.header(header::COOKIE, &self.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        };
        let resp = self
            .router
            .clone()
            .oneshot(req.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = resp.status();
        let cookie = resp
            .headers()
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().to_owned());
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned(), cookie)
    }

    async fn client_version(&self, c: Case) -> i64 {
        let a = self.store.org_access(c.org);
        self.store.client(&a, c.id).await.unwrap().unwrap().version
    }

    async fn report_version(&self, c: Case) -> i64 {
        let a = self.store.org_access(c.org);
        let list = self.store.reports(&a, c.id).await.unwrap();
        list.iter().find(|r| r.id == c.pid).map_or(0, |r| r.version)
    }

    async fn verification_version(&self, c: Case) -> i64 {
        let a = self.store.org_access(c.org);
        let list = self.store.verifications(&a, c.id).await.unwrap();
        list.iter().find(|v| v.id == c.vid).map_or(0, |v| v.version)
    }

    async fn extension_version(&self, c: Case) -> i64 {
        let a = self.store.org_access(c.org);
        let list = self.store.extensions(&a, c.id).await.unwrap();
        list.iter().find(|e| e.id == c.eid).map_or(0, |e| e.version)
    }

    async fn in_kind_version(&self, c: Case) -> i64 {
        let a = self.store.org_access(c.org);
        let ledger = self.store.in_kind(&a, c.id).await.unwrap();
        ledger
            .items
            .iter()
            .find(|i| i.id == c.kid)
            .map_or(0, |i| i.version)
    }

    async fn handout_version(&self, c: Case) -> i64 {
        let a = self.store.org_access(c.org);
        let list = self.store.handouts(&a, c.id).await.unwrap();
        list.iter().find(|h| h.id == c.hid).map_or(0, |h| h.version)
    }

    async fn record_version(&self, c: Case, rid: i64) -> i64 {
        let a = self.store.org_access(c.org);
        self.store.record(&a, rid).await.unwrap().unwrap().version
    }

    /// Everything a request could change, as text.
    async fn snapshot(&self) -> String {
        let queries = [
            "SELECT id || ':' || version || ':' || status || ':' || COALESCE(assigned_to, 0) || ':' || \
             COALESCE(partner_id, 0) || ':' || family_name FROM client ORDER BY id",
            "SELECT id || ':' || version || ':' || data FROM record ORDER BY id",
            "SELECT client_id || ':' || user_id FROM client_share ORDER BY 1",
            "SELECT id || ':' || username || ':' || role FROM app_user ORDER BY id",
            "SELECT id || ':' || name FROM organisation ORDER BY id",
            "SELECT id || ':' || COALESCE(revoked_at, '') FROM api_token ORDER BY id",
            "SELECT id || ':' || version || ':' || status FROM verification ORDER BY id",
            "SELECT id || ':' || version || ':' || status || ':' || body FROM progress_report ORDER BY id",
            "SELECT id || ':' || version || ':' || status FROM extension_request ORDER BY id",
            "SELECT id || ':' || version || ':' || status || ':' || amount_cents FROM in_kind_item ORDER BY id",
            "SELECT id || ':' || version || ':' || status FROM handout ORDER BY id",
            "SELECT id || ':' || version || ':' || name FROM project ORDER BY id",
            "SELECT id || ':' || owner_kind || ':' || owner_id || ':' || sha256 FROM attachment ORDER BY id",
            // A refused request leaves no trace in the audit log either (a read that was not given).
            "SELECT seq || ':' || action || ':' || COALESCE(client_id, 0) FROM audit_log ORDER BY seq",
        ];
        let mut out = String::new();
        for q in queries {
            let rows: Vec<String> = match self.store.db() {
                Db::Sqlite(p) => sqlx::query_scalar(q).fetch_all(p).await.unwrap(),
                Db::Postgres(p) => sqlx::query_scalar(q).fetch_all(p).await.unwrap(),
            };
            out.push_str(&rows.join("\n"));
            out.push_str("\n--\n");
        }
        out
    }

    /// The request of a matrix row against case `c`: path and body, and whether it goes to the API.
    async fn request(&self, row: &Row, c: Case) -> (String, String, bool) {
        let path = row
            .path
            .replace("{id}", &c.id.to_string())
            .replace("{rid}", &c.rid.to_string())
            .replace("{did}", &c.did.to_string())
            .replace("{vid}", &c.vid.to_string())
            .replace("{pid}", &c.pid.to_string())
            .replace("{eid}", &c.eid.to_string())
            .replace("{kid}", &c.kid.to_string())
            .replace("{hid}", &c.hid.to_string())
            .replace("{pj}", &self.project.to_string());
        let api = path.starts_with("/api/");
        let n = self.n.get() + 1;
        self.n.set(n);
        let v = if row.path.contains("{id}") {
            self.client_version(c).await
        } else {
            0
        };
        let contact_form = "on=2026-11-20&mode=phone";
        let decision_form = "decision=term_extension&by=regievoerder&on=2026-11-20&outcome=granted&days=7";
        let contact_json = r#"{"kind": "contact", "on": "2026-11-20", "mode": "phone"}"#;
        let decision_json = r#"{"kind": "decision", "decision": "term_extension", "by": ["regievoerder"], "on": "2026-11-20", "outcome": "granted", "days": 7}"#;
        let body = match (row.method.as_str(), row.path.as_str(), row.variant.as_str()) {
            ("GET", ..) => String::new(),
            ("POST", "/clients", _) => format!(
                "family_name=Nieuw{n}&given_names=Test&date_of_birth=1991-01-0{}",
                1 + n % 9
            ),
            ("POST", "/users", _) => format!(
                "username=nieuw{n}&display_name=Nieuw&role=caseworker&password=correct+horse+battery&organisation_id={}",
                self.ngo.id()
            ),
            ("POST", "/organisations", _) => format!("name=Nieuwe+organisatie+{n}"),
            ("POST", "/api/v1/clients", _) => format!(
                r#"{{"client": {{"family_name": "Api{n}", "given_names": "Nieuw", "date_of_birth": "1992-02-0{}"}}}}"#,
                1 + n % 9
            ),
            ("POST", "/clients/{id}", _) => {
                format!("version={v}&family_name=Gewijzigd{n}&given_names=Fictief&country_of_return=AF")
            }
            ("POST", "/clients/{id}/records", "contact") => format!("kind=contact&{contact_form}"),
            ("POST", "/clients/{id}/records", "decision") => format!("kind=decision&{decision_form}"),
            ("POST", "/clients/{id}/records/{rid}", _) => {
                format!("version={}&{contact_form}", self.record_version(c, c.rid).await)
            }
            ("POST", "/clients/{id}/records/{did}", _) => {
                format!("version={}&{decision_form}", self.record_version(c, c.did).await)
            }
            ("POST", "/clients/{id}/assign", _) => format!("version={v}&assigned_to={}", self.bert),
            ("POST", "/clients/{id}/share", _) => format!("user_id={}", self.bert),
            ("POST", "/clients/{id}/dtv", _) => format!("version={v}&partner_id={}", self.regie),
            // On an open case: the coordinator is refused beside the form (422: not closed), nothing changes.
            ("POST", "/clients/{id}/reopen", _) => format!("version={v}&reason=per+abuis"),
            ("POST", "/api/v1/clients/{id}/reopen", _) => format!(r#"{{"version": {v}, "reason": "per abuis"}}"#),
            ("POST", "/clients/{id}/close", _) => {
                format!("version={v}&outcome=departed&on=2026-11-25&destination=Kabul&departed_with=iom&confirm=confirmed")
            }
            ("PUT", "/api/v1/clients/{id}", _) => format!(
                r#"{{"version": {v}, "client": {{"family_name": "Api{n}", "given_names": "Gewijzigd", "country_of_return": "AF"}}}}"#
            ),
            ("POST", "/api/v1/clients/{id}/records", "contact") => contact_json.into(),
            ("POST", "/api/v1/clients/{id}/records", "decision") => decision_json.into(),
            ("PUT", "/api/v1/clients/{id}/records/{rid}", _) => format!(
                r#"{{"version": {}, "record": {contact_json}}}"#,
                self.record_version(c, c.rid).await
            ),
            ("PUT", "/api/v1/clients/{id}/records/{did}", _) => format!(
                r#"{{"version": {}, "record": {decision_json}}}"#,
                self.record_version(c, c.did).await
            ),
            ("POST", "/api/v1/clients/{id}/close", _) => format!(
                r#"{{"version": {v}, "closure": {{"kind": "closure", "outcome": "departed", "on": "2026-11-25", "destination": "Kabul", "departed_with": "iom"}}}}"#
            ),
            (
                "POST",
                "/clients/{id}/verifications"
                | "/api/v1/clients/{id}/verifications"
                | "/clients/{id}/reports",
                _,
            ) => String::new(),
            ("POST", "/clients/{id}/reports/{pid}", _) => format!(
                "version={}&body=Voortgang&action=save",
                self.report_version(c).await
            ),
            ("POST", "/clients/{id}/verifications/{vid}", _) => format!(
                "version={}&step=withdraw&on=2026-11-25&reason=test",
                self.verification_version(c).await
            ),
            ("POST", "/api/v1/clients/{id}/verifications/{vid}/steps", _) => format!(
                r#"{{"version": {}, "step": {{"step": "verify", "on": "2026-11-25"}}}}"#,
                self.verification_version(c).await
            ),
            ("POST", "/clients/{id}/extensions", _) => {
                "kind=term_extension&days=5&on=2026-11-22&reason=paspoort+onderweg".into()
            }
            ("POST", "/api/v1/clients/{id}/extensions", _) => {
                r#"{"kind": "term_extension", "days": 5, "on": "2026-11-22", "reason": "paspoort onderweg"}"#
                    .into()
            }
            ("POST", "/clients/{id}/extensions/{eid}", _) => format!(
                "version={}&outcome=granted&days_granted=7&on=2026-11-25",
                self.extension_version(c).await
            ),
            ("POST", "/api/v1/clients/{id}/extensions/{eid}/decision", _) => format!(
                r#"{{"version": {}, "on": "2026-11-25", "outcome": "refused"}}"#,
                self.extension_version(c).await
            ),
            ("POST", "/api/v1/clients/{id}/in-kind/{kid}/receipt", _) => "%PDF-1.4 bon".into(),
            ("POST", "/clients/{id}/in-kind", _) => {
                "category=housing&supplier=Verhuurder&on=2026-11-22&amount=50".into()
            }
            ("POST", "/api/v1/clients/{id}/in-kind", _) => {
                r#"{"category": "housing", "supplier": "Verhuurder", "on": "2026-11-22", "amount_cents": 5000, "status": "planned"}"#.into()
            }
            ("POST", "/clients/{id}/in-kind/{kid}", _) => format!(
                "version={}&action=spend&amount=90&on=2026-11-25&receipt=bon+1",
                self.in_kind_version(c).await
            ),
            ("PUT", "/api/v1/clients/{id}/in-kind/{kid}", _) => format!(
                r#"{{"version": {}, "item": {{"category": "business", "supplier": "Groothandel", "on": "2026-11-21", "amount_cents": 10000, "status": "cancelled"}}}}"#,
                self.in_kind_version(c).await
            ),
            ("POST", "/clients/{id}/handouts", _) => {
                "reason=special_situation&amount=250&on=2026-11-22&motivation=moeder+keert+terug".into()
            }
            ("POST", "/api/v1/clients/{id}/handouts", _) => {
                r#"{"reason": "special_situation", "amount_cents": 25000, "requested_on": "2026-11-22", "motivation": "moeder keert terug"}"#.into()
            }
            ("POST", "/clients/{id}/handouts/{hid}", _) => format!(
                "version={}&outcome=granted&on=2026-11-25",
                self.handout_version(c).await
            ),
            ("POST", "/api/v1/clients/{id}/handouts/{hid}/signatures", _) => format!(
                r#"{{"version": {}, "on": "2026-11-25", "outcome": "granted"}}"#,
                self.handout_version(c).await
            ),
            ("POST", "/clients/{id}/messages", _) => {
                "form=message&kind=question&body=Is+het+vertrek+haalbaar%3F&basis=consent".into()
            }
            ("POST", "/api/v1/clients/{id}/messages", _) => {
                r#"{"kind": "question", "body": "Is het vertrek haalbaar?", "basis": "consent"}"#.into()
            }
            ("POST", "/projects", _) => format!(
                "name=Project+{n}&starts_on=2026-01-01&ends_on=2026-12-31&eligible_costs=1000&amif=500"
            ),
            ("POST", "/api/v1/projects", _) => format!(
                r#"{{"name": "Api-project {n}", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "eligible_costs_cents": 100000, "funders": [], "periods": []}}"#
            ),
            other => panic!("the test does not know how to send {other:?}"),
        };
        let body = if api || row.method == "GET" {
            body
        } else {
            format!("csrf={}&{body}", self.csrf)
        };
        (path, body, api)
    }

    /// Sends a row's request against `c` and checks the status; a refusal must change nothing, an allowed
    /// write must change something.
    async fn check(&self, role: &str, row: &Row, c: Case, target: &str, expect: u16) {
        let before = self.snapshot().await;
        let (path, body, api) = self.request(row, c).await;
        let (status, text, _) = self.send(&row.method, &path, body, api).await;
        assert_eq!(
            status.as_u16(),
            expect,
            "{role} {} {path} ({}) on {target}'s client: {}",
            row.method,
            row.variant,
            text.split("role=\"alert\"")
                .nth(1)
                .map_or(&text[..text.len().min(300)], |x| &x[..x.len().min(300)])
        );
        let after = self.snapshot().await;
        if expect >= 400 {
            assert_eq!(
                before, after,
                "{role} {} {path} on {target}: refused, yet changed",
                row.method
            );
        } else if row.method != "GET" {
            assert_ne!(
                before, after,
                "{role} {} {path}: allowed, yet nothing changed",
                row.method
            );
        }
        if expect == 404 && target != "own" {
            for name in ["Xaverius", "Yolanthe"] {
                assert!(!text.contains(name), "{role} {path}: the 404 names {name}");
            }
        }
    }
}

async fn every_cell(store_for: impl AsyncFn() -> Store) {
    let rows = matrix();
    for (i, role) in ROLES.iter().enumerate() {
        let w = world(store_for().await, role).await;
        for row in &rows {
            let expect = row.expect[i];
            if !row.path.contains("{id}") {
                w.check(role, row, w.own, "own", expect).await;
                continue;
            }
            // A case closes once, a registration or a request for time takes each step once, and an earlier
            // row may have emptied the date of birth the in-kind cap needs: such rows
            // get cases of their own (for starting a registration, cases without one).
            let registers = row.method == "POST"
                && (row.path.contains("/verifications")
                    || row.path.contains("/reports")
                    || row.path.contains("/extensions/")
                    || row.path.contains("/in-kind")
                    || row.path.contains("/handouts/"));
            let (own, colleague) = if row.path.ends_with("/close") || registers {
                let with = !row.path.ends_with("/verifications") && !row.path.ends_with("/reports");
                (
                    case_with(&w.store, w.ngo, "Eigen", w.anna, Some(w.regie), with).await,
                    case_with(&w.store, w.ngo, "Xaverius", w.bert, Some(w.regie2), with).await,
                )
            } else {
                (w.own, w.colleague)
            };
            // Another user's client and another organisation's first, then the caller's own.
            let other_user = if *role == "coordinator" { expect } else { 404 };
            w.check(role, row, colleague, "another user", other_user).await;
            w.check(role, row, w.foreign, "another organisation", 404).await;
            w.check(role, row, own, "own", expect).await;
        }
        // Every allowed read and change of the run is in the audit chain, and it is whole.
        let report = w.store.verify_audit().await.unwrap();
        assert_eq!(report.first_bad, None, "{role}");
        assert!(report.entries > 9, "{role}: {} entries", report.entries);
        // Lists never show what the role may not see.
        for path in [
            "/clients",
            "/api/v1/clients",
            "/dashboard",
            "/reports",
            "/users",
            "/clients/export?format=csv",
            "/api/v1/clients/export?format=json",
        ] {
            let api = path.starts_with("/api/");
            let (_, text, _) = w.send("GET", path, String::new(), api).await;
            assert!(
                !text.contains("Yolanthe"),
                "{role} {path} shows another organisation's client"
            );
            // (An administrator manages every organisation's users, and sees them.)
            if !(*role == "admin" && path == "/users") {
                assert!(
                    !text.contains("stranger"),
                    "{role} {path} shows another organisation's user"
                );
            }
            if *role != "coordinator" {
                assert!(
                    !text.contains("Xaverius"),
                    "{role} {path} shows another user's client"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_matrix_on_sqlite() {
    every_cell(async || terugkeer_store::testing::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn the_matrix_on_postgres() {
    every_cell(async || {
        terugkeer_store::testing::postgres()
            .await
            .expect("PostgreSQL must be reachable")
    })
    .await;
}

/// A coordinator cannot add a user to another organisation, nor an administrator role; nothing is stored.
#[tokio::test]
async fn a_coordinator_stays_in_their_organisation() {
    let w = world(terugkeer_store::testing::sqlite().await.unwrap(), "coordinator").await;
    let before = w.snapshot().await;
    let other_org = w.foreign.org.id();
    for body in [
        format!(
            "username=x1&display_name=X&role=caseworker&password=correct+horse+battery&organisation_id={other_org}"
        ),
        "username=x2&display_name=X&role=admin&password=correct+horse+battery".to_owned(),
        "username=x3&display_name=X&role=partner&password=correct+horse+battery".to_owned(),
        "username=x4&display_name=X&role=caseworker&password=short".to_owned(),
    ] {
        let (status, text, _) = w
            .send("POST", "/users", format!("csrf={}&{body}", w.csrf), false)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {text}");
    }
    assert_eq!(before, w.snapshot().await);
}
