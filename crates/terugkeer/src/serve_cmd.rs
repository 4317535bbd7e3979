//! `serve`, `demo`, `user add|password` and `token create`: the application's commands.

use std::io::BufRead;
use std::sync::Arc;

use terugkeer_rules::Date;
use terugkeer_store::{Store, Tenant};
use terugkeer_web::{AppState, auth};

use crate::{Failure, clock, store_failure};

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Machine(e.to_string()))
}

fn machine(e: impl std::fmt::Display) -> Failure {
    Failure::Machine(e.to_string())
}

/// Opens a database that exists (a mistyped SQLite path is refused, not created) and migrates it.
async fn open(url: &str) -> Result<Store, Failure> {
    let store = Store::connect(url, false).await.map_err(store_failure)?;
    store.migrate().await.map_err(store_failure)?;
    crate::key_cmd::attach(store, false).await
}

async fn listen(bind: &str) -> Result<tokio::net::TcpListener, Failure> {
    tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| Failure::Invalid(format!("--bind: cannot listen on {bind}: {e}")))
}

async fn run_server(
    store: Store,
    bind: &str,
    secure_cookies: bool,
    trusted_proxies: Vec<std::net::IpAddr>,
    limits: terugkeer_web::Limits,
) -> Result<(), Failure> {
    // Summaries computed under another policy (a new release, a `--policy` folder) are refreshed in the
    // background; the server answers meanwhile, with the old order for the clients not yet reached.
    // An organisation's own values that the policy no longer accepts are left out, loudly.
    for (org, why) in store.load_local_policies().await.map_err(store_failure)? {
        tracing::warn!(organisation = org, reason = %why, "an organisation's own policy values are left out");
    }
    let refresh = store.clone();
    tokio::spawn(async move {
        match refresh.refresh_summaries(false, clock::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(clients = n, "refreshed the summaries under the current policy"),
            Err(e) => tracing::error!(error = %e, "refreshing summaries failed"),
        }
    });
    let listener = listen(bind).await?;
    let addr = listener.local_addr().map_err(machine)?;
    let mut state = AppState::new(store, Arc::new(clock::now));
    state.secure_cookies = secure_cookies;
    state.trusted_proxies = Arc::new(trusted_proxies.clone());
    let limits = terugkeer_web::Limits {
        exempt: trusted_proxies,
        ..limits
    };
    println!("terugkeer listening on http://{addr}");
    terugkeer_web::serve_with(listener, state, limits)
        .await
        .map_err(machine)
}

/// `terugkeer serve`.
pub fn serve(
    url: &str,
    bind: &str,
    secure_cookies: bool,
    trusted_proxies: Vec<std::net::IpAddr>,
    limits: terugkeer_web::Limits,
) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let store = Store::connect(url, false).await.map_err(store_failure)?;
        store.migrate().await.map_err(store_failure)?;
        // The server writes client data: it needs the key, and makes one on first use.
        let store = crate::key_cmd::attach(store, true).await?;
        run_server(store, bind, secure_cookies, trusted_proxies, limits).await
    })
}

/// The demo's login.
pub const DEMO_USER: &str = "demo";
/// The demo's password: the demo holds only fictitious people and listens on localhost.
pub const DEMO_PASSWORD: &str = "terugkeer-demo";

/// `terugkeer demo`: a fresh SQLite database with ~200 fictitious clients, a login, and the server.
pub fn demo(path: &std::path::Path, bind: &str, clients: u64, today: Date) -> Result<(), Failure> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Failure::Machine(format!(
                    "cannot replace {}: {e}",
                    path.display()
                )));
            }
        }
    }
    let url = format!("sqlite://{}", path.display());
    runtime()?.block_on(async {
        let store = Store::connect(&url, true).await.map_err(store_failure)?;
        store.migrate().await.map_err(store_failure)?;
        // The demo's database is new every start, so is its key: kept in memory only.
        let key = terugkeer_store::seal::Key::generate().map_err(store_failure)?;
        let store = store.with_key(key).await.map_err(store_failure)?;
        let now = clock::now();
        let t = store
            .create_organisation("Stichting Voorbeeld (fictief)", now)
            .await
            .map_err(store_failure)?;
        let hash = auth::hash_password(DEMO_PASSWORD).map_err(machine)?;
        let demo = store
            .create_user(t, DEMO_USER, "Demo Begeleider", "caseworker", Some(&hash), now)
            .await
            .map_err(store_failure)?;
        let colleague = store
            .create_user(t, "sanne", "Sanne de Vries", "caseworker", Some(&hash), now)
            .await
            .map_err(store_failure)?;
        store
            .create_user(
                t,
                "coordinator",
                "Coördinator Jansen",
                "coordinator",
                Some(&hash),
                now,
            )
            .await
            .map_err(store_failure)?;
        demo_policy(&store, t, false, now).await?;
        crate::generate::populate(
            &store,
            t,
            clients,
            2026,
            today,
            now,
            &[demo, demo, colleague],
            &mut crate::progress_bar::Bar::hidden(),
        )
        .await
        .map_err(store_failure)?;
        demo_roles(&store, t, &hash, now).await?;
        demo_second_organisation(&store, &hash, clients / 5, today, now).await?;
        store.analyze().await.map_err(store_failure)?;
        println!(
            "terugkeer demo: {clients} fictitious clients in {}",
            path.display()
        );
        println!(
            "log in as `{DEMO_USER}` (or `sanne`, `coordinator`, the DT&V regievoerder `regievoerder`, \
             `auditor`, `admin`; `proef`, coordinator of a second organisation with its own country list) with \
             password `{DEMO_PASSWORD}`"
        );
        run_server(store, bind, false, Vec::new(), terugkeer_web::Limits::default()).await
    })
}

/// An organisation's own policy values, clearly fictitious: a country list (answers decided by a loaded list,
/// differing from the public criteria where Syria is left off) and a second version that also raises an amount.
/// In the first demo organisation both are drafts, to preview and activate (its clients keep DT&V's verdicts and
/// the public criteria's indications); in the second the list is active.
async fn demo_policy(store: &Store, t: Tenant, active: bool, now: jiff::Timestamp) -> Result<(), Failure> {
    let list = [
        "AF", "ER", "IQ", "IR", "MA", "DZ", "NG", "SO", "SD", "ET", "GN", "PK", "BD", "EG", "LY", "YE",
    ];
    let mut text = String::from(
        "# FICTIEF: een demolijst, geen echte landenlijst van DT&V.\n\n[[included_countries.values]]\n\
         from = 2026-11-01\nvalue = [\n",
    );
    for code in list {
        text.push_str(&format!("  {{ code = \"{code}\" }},\n"));
    }
    text.push_str(
        "]\ncitation = \"FICTIEVE DEMOLIJST - geen echte landenlijst herintegratieondersteuning van DT&V\"\n\
         source = \"terugkeer demo (verzonnen voor de demonstratie)\"\nconfidence = \"U\"\n\n\
         [[excluded_countries.values]]\nfrom = 2026-11-01\nvalue = []\n\
         citation = \"FICTIEF - geen uitsluitingen wegens misbruik (demo)\"\n\
         source = \"terugkeer demo (verzonnen voor de demonstratie)\"\nconfidence = \"U\"\n",
    );
    let a = store.org_access(t);
    let toml = terugkeer_domain::local_policy::Format::Toml;
    let v = store
        .add_local_policy(
            &a,
            "demolijst-fictief.toml",
            toml,
            &text,
            "Fictieve demolijst",
            now,
        )
        .await
        .map_err(store_failure)?;
    if active {
        store
            .activate_local_policy(&a, Some(v), now)
            .await
            .map_err(store_failure)?;
    }
    let raise = "[[in_kind_max_eur_adult.values]]\nfrom = 2026-12-01\nvalue = 2000\n\
                 citation = \"FICTIEF - verhoging in natura (demo)\"\n\
                 source = \"terugkeer demo (verzonnen voor de demonstratie)\"\nconfidence = \"U\"\n";
    store
        .add_local_policy(
            &a,
            "verhoging-fictief.toml",
            toml,
            &format!("{text}\n{raise}"),
            "Fictieve verhoging, nog niet actief",
            now,
        )
        .await
        .map_err(store_failure)?;
    Ok(())
}

/// A second NGO ("Stichting Proef (fictief)", coordinator `proef`) whose fictitious country list is active, so
/// that a new user sees eligibility decided by an organisation's own list beside the first organisation's
/// indications; its clients are its own (tenancy keeps the two apart).
async fn demo_second_organisation(
    store: &Store,
    hash: &str,
    clients: u64,
    today: Date,
    now: jiff::Timestamp,
) -> Result<(), Failure> {
    let t = store
        .create_organisation("Stichting Proef (fictief)", now)
        .await
        .map_err(store_failure)?;
    let coordinator = store
        .create_user(t, "proef", "Coördinator Proef", "coordinator", Some(hash), now)
        .await
        .map_err(store_failure)?;
    demo_policy(store, t, true, now).await?;
    crate::generate::populate(
        store,
        t,
        clients.max(1),
        2027,
        today,
        now,
        &[coordinator],
        &mut crate::progress_bar::Bar::hidden(),
    )
    .await
    .map_err(store_failure)
}

/// The demo's other roles: an auditor and an administrator of the NGO, and a DT&V location whose
/// regievoerder holds the demo's trajectories (every client in the trajectory stage is registered with
/// them), so each role of the permission matrix can be tried.
async fn demo_roles(store: &Store, t: Tenant, hash: &str, now: jiff::Timestamp) -> Result<(), Failure> {
    let dtv = store
        .create_organisation("DT&V Zevenaar (fictief)", now)
        .await
        .map_err(store_failure)?;
    let regie = store
        .create_user(
            dtv,
            "regievoerder",
            "Regievoerder Bakker",
            "partner",
            Some(hash),
            now,
        )
        .await
        .map_err(store_failure)?;
    // The rest of DT&V's chain for hand-outs: who signs after the regievoerder, and Den Haag above it.
    let admin_access = store.org_access(dtv);
    for (name, shown, function) in [
        (
            "senior",
            "Senior regievoerder De Vries",
            terugkeer_rules::vocab::Role::SeniorRegievoerder,
        ),
        (
            "manager",
            "Afdelingsmanager Jansen",
            terugkeer_rules::vocab::Role::Afdelingsmanager,
        ),
        (
            "denhaag",
            "Den Haag (DT&V)",
            terugkeer_rules::vocab::Role::DenHaag,
        ),
    ] {
        let id = store
            .create_user(dtv, name, shown, "partner", Some(hash), now)
            .await
            .map_err(store_failure)?;
        store
            .set_dtv_function(&admin_access, id, function, now)
            .await
            .map_err(store_failure)?;
    }
    for (name, shown, role) in [
        ("auditor", "Auditor Visser", "auditor"),
        ("admin", "Beheerder Smit", "admin"),
    ] {
        store
            .create_user(t, name, shown, role, Some(hash), now)
            .await
            .map_err(store_failure)?;
    }
    let all = store.org_access(t);
    let q = terugkeer_store::ClientQuery {
        stage: Some("trajectory".into()),
        limit: 200,
        ..Default::default()
    };
    let page = store.list_clients(&all, &q).await.map_err(store_failure)?;
    for c in page.items {
        let version = store
            .client(&all, c.id)
            .await
            .map_err(store_failure)?
            .map_or(1, |c| c.version);
        store
            .register_with_dtv(&all, c.id, version, Some(regie), now)
            .await
            .map_err(store_failure)?;
    }
    Ok(())
}

/// Reads a password: `TERUGKEER_PASSWORD`, else one line of standard input.
fn read_password() -> Result<String, Failure> {
    if let Ok(p) = std::env::var("TERUGKEER_PASSWORD") {
        return check_password(p);
    }
    eprint!("password (one line on standard input): ");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    check_password(line.trim_end_matches(['\n', '\r']).to_owned())
}

fn check_password(p: String) -> Result<String, Failure> {
    if p.chars().count() < 12 {
        return Err(Failure::Invalid(
            "password: must be at least 12 characters".into(),
        ));
    }
    Ok(p)
}

async fn user_of(store: &Store, username: &str) -> Result<terugkeer_store::User, Failure> {
    store
        .user_by_username(username)
        .await
        .map_err(store_failure)?
        .ok_or_else(|| Failure::Invalid(format!("--username: no user {username:?}")))
}

/// `terugkeer user add`.
pub fn user_add(url: &str, org: &str, username: &str, name: &str, role: &str) -> Result<(), Failure> {
    let password = read_password()?;
    runtime()?.block_on(async {
        let store = open(url).await?;
        let now = clock::now();
        let t: Tenant = store.organisation_named(org, now).await.map_err(store_failure)?;
        let hash = auth::hash_password(&password).map_err(machine)?;
        let id = store
            .create_user(t, username, name, role, Some(&hash), now)
            .await
            .map_err(|e| match e {
                terugkeer_store::StoreError::Input(i) => Failure::Invalid(format!(
                    "--{}: {}",
                    i.field,
                    terugkeer_text::Tr::english(&i.message)
                )),
                terugkeer_store::StoreError::Taken { field } => {
                    Failure::Invalid(format!("--{field}: is already taken"))
                }
                other => store_failure(other),
            })?;
        println!(
            "user {username} ({role}) created with id {id} in organisation {}",
            t.id()
        );
        Ok(())
    })
}

/// `terugkeer user password`.
pub fn user_password(url: &str, username: &str) -> Result<(), Failure> {
    let password = read_password()?;
    runtime()?.block_on(async {
        let store = open(url).await?;
        let user = user_of(&store, username).await?;
        let hash = auth::hash_password(&password).map_err(machine)?;
        store
            .set_password(user.id, &hash, clock::now())
            .await
            .map_err(store_failure)?;
        println!("password of {username} changed");
        Ok(())
    })
}

/// `terugkeer token create`: prints the token once; only its hash is stored.
pub fn token_create(
    url: &str,
    username: &str,
    name: &str,
    role: Option<&str>,
    days: i64,
) -> Result<(), Failure> {
    if !(1..=366).contains(&days) {
        return Err(Failure::Invalid("--days: must be 1 to 366".into()));
    }
    runtime()?.block_on(async {
        let store = open(url).await?;
        let user = user_of(&store, username).await?;
        let t = store.tenant(user.organisation_id).await.map_err(store_failure)?;
        let token = auth::random_token(32).map_err(machine)?;
        let now = clock::now();
        let expires = now
            .checked_add(jiff::SignedDuration::from_hours(days * 24))
            .map_err(machine)?;
        let role = match role {
            None => None,
            Some(r) => Some(terugkeer_store::Role::parse(r).ok_or_else(|| {
                Failure::Invalid(format!(
                    "--role: {r:?} is not a role (caseworker, coordinator, partner, auditor, admin)"
                ))
            })?),
        };
        let hash = auth::secret_hash(&token);
        let new = terugkeer_store::NewToken {
            user_id: user.id,
            name,
            token_hash: &hash,
            role,
            expires,
        };
        let id = store
            .create_token(t, None, &new, now)
            .await
            .map_err(store_failure)?;
        eprintln!("token {id} for {username}, expires {expires}; it is shown only now:");
        println!("{token}");
        Ok(())
    })
}

/// `terugkeer audit verify`: the chain whole (exit 0), or the first bad entry (exit 3).
pub fn audit_verify(url: &str, checkpoints: Option<&std::path::Path>) -> Result<(), Failure> {
    let points = match checkpoints {
        None => Vec::new(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::Invalid(format!("--checkpoint: {}: {e}", path.display())))?;
            text.lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| {
                    terugkeer_store::Checkpoint::parse(l).map_err(|e| {
                        Failure::Invalid(format!("--checkpoint: {}:{}: {e}", path.display(), i + 1))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
        }
    };
    runtime()?.block_on(async {
        let store = open(url).await?;
        let report = store.verify_audit().await.map_err(store_failure)?;
        if let Some((seq, reason)) = report.first_bad {
            return Err(Failure::Found(format!(
                "audit log broken at entry {seq}: {reason}"
            )));
        }
        if let Some((line, reason)) = store.check_checkpoints(&points).await.map_err(store_failure)? {
            return Err(Failure::Found(format!(
                "audit log does not match checkpoint {line}: {reason}"
            )));
        }
        if points.is_empty() {
            println!("audit log intact: {} entries", report.entries);
        } else {
            println!(
                "audit log intact: {} entries, {} checkpoints hold",
                report.entries,
                points.len()
            );
        }
        Ok(())
    })
}

/// `terugkeer audit checkpoint`: the head, coded with the sealing key, appended to `file`.
pub fn audit_checkpoint(url: &str, file: &std::path::Path) -> Result<(), Failure> {
    use std::io::Write as _;
    runtime()?.block_on(async {
        let store = open(url).await?;
        let c = store
            .audit_checkpoint(clock::now())
            .await
            .map_err(store_failure)?;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .map_err(|e| Failure::Invalid(format!("--file: {}: {e}", file.display())))?;
        writeln!(f, "{}", c.line())
            .and_then(|()| f.sync_all())
            .map_err(|e| Failure::Machine(format!("--file: {}: {e}", file.display())))?;
        println!("checkpoint: entry {} at {}", c.seq, c.at);
        Ok(())
    })
}

/// `terugkeer retention run`: the files due, anonymised unless `dry_run`.
pub fn retention(url: &str, dry_run: bool, months: Option<u32>) -> Result<(), Failure> {
    if months == Some(0) {
        return Err(Failure::Invalid("--months: must be at least 1".into()));
    }
    runtime()?.block_on(async {
        let store = open(url).await?;
        let due = store
            .retention_due(clock::today()?, months)
            .await
            .map_err(store_failure)?;
        println!("client\torganisation\toutcome\tclosed_on\tlast_moment\tdue");
        for d in &due {
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                d.client_id, d.organisation_id, d.outcome, d.closed_on, d.last_moment, d.due
            );
        }
        if dry_run {
            eprintln!("dry run: {} closed files would be anonymised", due.len());
            return Ok(());
        }
        let n = store.anonymise(&due, clock::now()).await.map_err(store_failure)?;
        eprintln!("anonymised {n} closed files");
        Ok(())
    })
}
