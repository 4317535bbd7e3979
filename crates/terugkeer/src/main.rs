//! `terugkeer`: the one binary. Subcommands: `demo` (the application with fictitious data, one command),
//! `serve`, `migrate`, `user add|password`, `token create`, `assess` (the rules engine's contract, see
//! `shared/contract/assess.md`), `policy show|check|diff|impact`, `generate` (synthetic caseloads) and
//! `bench`.
//!
//! Exit status: 0 on success; 2 with one line on stderr for invalid input (naming the field or the policy
//! file and line); 1 for failures of the machine (a file that cannot be read, a closed output).

mod assess_cmd;
mod backup_cmd;
mod bench;
mod clock;
mod generate;
mod import_cmd;
mod input;
mod key_cmd;
mod policy_cmd;
mod progress_bar;
mod serve_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc instead of glibc's malloc: a page request allocates and frees thousands of small strings and rows,
/// and glibc's allocator took ~10% of the server's time (perf, `scripts/profile-client-page.sh`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use terugkeer_rules::{Date, Lang, Policy};

#[derive(Parser)]
#[command(
    name = "terugkeer",
    version,
    about = "Return rules as dated, cited policy data; case management for independent return"
)]
struct Cli {
    /// The key that seals special-category data (64 hex digits in a file; else TERUGKEER_KEY, else
    /// terugkeer.key in the data directory, made on first use by serve and generate).
    #[arg(long, global = true, env = "TERUGKEER_KEY_FILE")]
    key_file: Option<PathBuf>,
    /// How the server writes its log to standard error: lines for people, or JSON lines for a log collector.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "text",
        env = "TERUGKEER_LOG_FORMAT"
    )]
    log_format: LogFormat,
    /// Which log lines to write, in tracing's filter syntax. The default writes what the server does and every
    /// failure; `info` adds one line per request (id, method, route, status, milliseconds); `warn` only failures.
    #[arg(
        long,
        global = true,
        default_value = "info,request=warn",
        env = "TERUGKEER_LOG"
    )]
    log: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// The log of the server (the commands' own output is not a log: it goes to standard output and error as
/// before). Set up once; an invalid `--log` filter falls back to `info` with a warning. Lines are written by a
/// thread of their own (a request only queues its line: the write to standard error cost a system call per
/// request on the answering threads); when the queue is full a request waits rather than a line being lost.
/// The guard flushes the queue when `main` ends.
fn init_log(format: LogFormat, filter: &str) -> tracing_appender::non_blocking::WorkerGuard {
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(std::io::stderr());
    let (filter, bad) = match tracing_subscriber::EnvFilter::try_new(filter) {
        Ok(f) => (f, None),
        Err(e) => (tracing_subscriber::EnvFilter::new("info"), Some(e)),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_target(false);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    if let Some(e) = bad {
        tracing::warn!(error = %e, "--log is not a valid filter; logging at info");
    }
    guard
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Nl,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Nl => Lang::Nl,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum DetailArg {
    Outcomes,
    Trace,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Json,
    Text,
}

#[derive(Subcommand)]
enum Command {
    /// Assess one case (JSON object), many (JSON array) or a caseload (JSON lines, streamed).
    Assess {
        /// Load the policy from this folder instead of the built-in copy.
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Output format (default: text on a terminal, JSON otherwise).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Language of explanations.
        #[arg(long, value_enum, default_value = "nl")]
        lang: LangArg,
        /// JSON: every conclusion with its citation and reason (`outcomes`), or that plus the full trace —
        /// facts and policy values per node and the table of policy values with their citations (`trace`).
        #[arg(long, value_enum, default_value = "trace")]
        detail: DetailArg,
        /// Input file, or - for standard input.
        input: String,
    },
    /// Show, check or compare policy.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Start a fresh demo: a new SQLite database with fictitious clients, a login, and the web application.
    Demo {
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// The demo database file (replaced; default: demo.db in the platform data directory).
        #[arg(long)]
        file: Option<PathBuf>,
        /// How many fictitious clients.
        #[arg(long, default_value_t = 200)]
        clients: u64,
    },
    /// Serve the web application and the API.
    Serve {
        /// `sqlite://PATH` or `postgres://…` (default: a SQLite file in the platform data directory). A
        /// SQLite file that does not exist is refused: create it with `terugkeer migrate`.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// Where to listen.
        #[arg(long, env = "TERUGKEER_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Mark cookies Secure (when served behind TLS).
        #[arg(long)]
        secure_cookies: bool,
        /// The address of a reverse proxy whose X-Forwarded-For is believed (repeat, or comma-separated):
        /// requests from it are recorded with the client's address the proxy saw.
        #[arg(
            long = "trusted-proxy",
            env = "TERUGKEER_TRUSTED_PROXY",
            value_delimiter = ','
        )]
        trusted_proxy: Vec<std::net::IpAddr>,
        /// Connections held at once, in all (the next waits in the system's queue until one ends).
        #[arg(long, env = "TERUGKEER_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        max_connections: u32,
        /// Connections held at once from one address (a trusted proxy is not counted); more are closed.
        #[arg(long, env = "TERUGKEER_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = 128, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        max_connections_per_address: u32,
        /// Seconds a client may take to send a request's headers (and to start the next on a kept-alive
        /// connection) before the connection is closed.
        #[arg(long, env = "TERUGKEER_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=600))]
        header_timeout: u32,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Make or rotate the key that seals special-category data.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// Anonymise closed files whose retention period has passed.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Check the audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Write an online, consistent backup of the database to a new file, and check it (SQLite: VACUUM INTO and
    /// the copy's audit chain verified; PostgreSQL: pg_dump's custom format, read back by pg_restore).
    Backup {
        /// `sqlite://PATH` or `postgres://…`.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// The backup file to write (never overwritten).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Restore a backup into a new SQLite file or an empty PostgreSQL database, all or nothing, then bring it to
    /// the current schema and verify its audit chain. Needs the same key as the backed-up database.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: std::path::PathBuf,
        /// The database to restore into: a SQLite path that does not exist yet, or an empty PostgreSQL database.
        #[arg(long)]
        db: String,
    },
    /// Import an organisation's spreadsheet (CSV or XLSX) through a column-mapping file: every problem listed
    /// by row and column, all or nothing, rows whose V-number is on file skipped (see docs/import.md).
    Import {
        /// The database.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// The organisation's id.
        #[arg(long)]
        organisation: i64,
        /// The mapping file (TOML).
        #[arg(long)]
        mapping: std::path::PathBuf,
        /// Check only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The spreadsheet (.csv or .xlsx).
        file: std::path::PathBuf,
    },
    /// Create a missing SQLite file and bring any database to the current schema.
    Migrate {
        /// `sqlite://PATH` or `postgres://…` (default: a SQLite file in the platform data directory).
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
    },
    /// Re-assess the caseload: recompute every client's summary (stage, eligibility, next deadline, report
    /// owed) under the policy — what a policy change needs, and what `serve` does at start-up for the clients
    /// computed under another policy. Prints how many and how fast.
    Reassess {
        /// `sqlite://PATH` or `postgres://…` (default: a SQLite file in the platform data directory).
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// Load the policy from this folder instead of the built-in copy.
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Every client, also those already computed under this policy (the benchmark of a policy change).
        #[arg(long)]
        all: bool,
    },
    /// Write a deterministic synthetic caseload: facts as JSON lines (`-n`), or fictitious case files into a
    /// database (`--clients N --db URL`).
    Generate {
        /// Number of cases (JSON lines of facts on standard output).
        #[arg(long, short = 'n', required_unless_present = "clients")]
        n: Option<u64>,
        /// Number of fictitious clients with case files to write into `--db`.
        #[arg(long, requires = "db")]
        clients: Option<u64>,
        /// The database for `--clients`.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// Seed; the same seed gives the same cases.
        #[arg(long, default_value_t = 20161)]
        seed: u64,
        /// Give every case this as_of (default: spread over the policy's years).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// Measure the rules engine (see README, Performance).
    Bench {
        /// Number of cases.
        #[arg(long, short = 'n')]
        n: u64,
        /// batch: eligibility + departure deadline, no trace; traced: full cited assessment one case at a
        /// time; traced-json: the same, serialised to JSON.
        #[arg(long, value_enum)]
        mode: bench::Mode,
        /// Seed.
        #[arg(long, default_value_t = 20161)]
        seed: u64,
        /// The batch's as_of (batch mode; default 2024-06-01, as the OpenFisca peer measured).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password comes from TERUGKEER_PASSWORD or one line of standard input.
    Add {
        /// The database.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// The organisation (created if missing).
        #[arg(long)]
        org: String,
        /// Login name.
        #[arg(long)]
        username: String,
        /// Shown name.
        #[arg(long)]
        name: String,
        /// `caseworker`, `coordinator`, `partner` (a DT&V regievoerder), `auditor` or `admin`.
        #[arg(long, default_value = "caseworker")]
        role: String,
    },
    /// Set a user's password (from TERUGKEER_PASSWORD or one line of standard input).
    Password {
        /// The database.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// Login name.
        #[arg(long)]
        username: String,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Write a new random key to a file (readable by its owner only; an existing file is not overwritten).
    New {
        /// The key file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Re-seal every client's special-category data with a new key, in one transaction (the current key
    /// comes from --key-file, TERUGKEER_KEY or the data directory).
    Rotate {
        /// The database.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// The new key (made with `terugkeer key new`).
        #[arg(long)]
        new_key_file: PathBuf,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// List (with --dry-run) or anonymise the closed files due: the retention period in the policy (or
    /// --months) after the last monitoring moment.
    Run {
        /// The database.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// Only list what would be anonymised.
        #[arg(long)]
        dry_run: bool,
        /// Months after the last monitoring moment, instead of the policy's.
        #[arg(long)]
        months: Option<u32>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain of the audit log: exit 0 if it is whole, 3 naming the first entry that was
    /// edited, deleted, inserted, moved or cut from the end.
    Verify {
        /// The database.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// A checkpoint file (`audit checkpoint`): also check every checkpoint in it — entries cut from the end
        /// after a checkpoint, or a rewritten chain, are found only this way.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
    },
    /// Append a checkpoint of the audit log's head to a file kept outside the database (append-only storage,
    /// another host, syslog): its entry number and hash, coded with the sealing key. Run it on a timer; the
    /// interval bounds how much can be cut off unnoticed.
    Checkpoint {
        /// The database.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// The checkpoint file (created if missing; one line per checkpoint).
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user; printed once, stored only as a hash.
    Create {
        /// The database.
        #[arg(long, env = "TERUGKEER_DB")]
        db: Option<String>,
        /// The user the token acts as.
        #[arg(long)]
        username: String,
        /// A name to recognise it by.
        #[arg(long, default_value = "script")]
        name: String,
        /// The role it acts with: the user's own (the default) or a narrower one their role may hand on
        /// (a coordinator: caseworker — their own caseload — or auditor — counts only).
        #[arg(long)]
        role: Option<String>,
        /// Days until it expires.
        #[arg(long, default_value_t = 90)]
        days: i64,
    },
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Print the policy in force on a day, with citations.
    Show {
        /// The day (default: today in Europe/Amsterdam).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// Language.
        #[arg(long, value_enum, default_value = "nl")]
        lang: LangArg,
        /// Load the policy from this folder instead of the built-in copy.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Validate a policy folder.
    Check {
        /// The folder.
        dir: PathBuf,
    },
    /// Re-assess a caseload (JSON lines) under another policy folder and list whose outcome moved.
    Impact {
        /// The new policy folder.
        #[arg(long)]
        policy: PathBuf,
        /// The policy to compare against (default: the built-in one).
        #[arg(long)]
        base: Option<PathBuf>,
        /// Language of the summary.
        #[arg(long, value_enum, default_value = "nl")]
        lang: LangArg,
        /// Input file (JSON lines), or - for standard input.
        input: String,
    },
    /// Show what changed between two days.
    Diff {
        /// The first day.
        #[arg(value_parser = parse_date)]
        from: Date,
        /// The second day.
        #[arg(value_parser = parse_date)]
        to: Date,
        /// Language.
        #[arg(long, value_enum, default_value = "nl")]
        lang: LangArg,
        /// Load the policy from this folder instead of the built-in copy.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| e.to_string())
}

/// A failure with its exit status: 2 for invalid input, 1 for the machine.
pub(crate) enum Failure {
    Invalid(String),
    Machine(String),
    /// A check found what it looks for (a broken audit chain): exit code 3.
    Found(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Machine(e.to_string())
    }
}

/// Loads the built-in policy or a folder of `*.toml` files.
pub(crate) fn load_policy(dir: Option<&PathBuf>) -> Result<Policy, Failure> {
    let Some(dir) = dir else {
        return terugkeer_rules::policy::builtin()
            .map_err(|e| Failure::Machine(format!("built-in policy is invalid (a build defect): {e}")));
    };
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::Invalid(format!("policy: cannot read folder {}: {e}", dir.display())))?;
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "toml") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Failure::Invalid(format!("policy: {name}: cannot read: {e}")))?;
            files.push((name, text));
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Failure::Invalid(format!(
            "policy: no .toml files in {}",
            dir.display()
        )));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    terugkeer_rules::policy::load(&refs).map_err(|e| {
        let lines: Vec<String> = e.0.iter().map(ToString::to_string).collect();
        Failure::Invalid(format!("policy: {}", lines.join("; ")))
    })
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Assess {
            policy,
            format,
            lang,
            detail,
            input,
        } => {
            let policy = load_policy(policy.as_ref())?;
            let detail = match detail {
                DetailArg::Outcomes => terugkeer_rules::json::Detail::Outcomes,
                DetailArg::Trace => terugkeer_rules::json::Detail::Trace,
            };
            assess_cmd::run(&policy, format, lang.into(), detail, &input)
        }
        Command::Policy { command } => match command {
            PolicyCommand::Show { as_of, lang, policy } => {
                let policy = load_policy(policy.as_ref())?;
                let day = match as_of {
                    Some(d) => d,
                    None => clock::today()?,
                };
                policy_cmd::show(&policy, day, lang.into())
            }
            PolicyCommand::Check { dir } => policy_cmd::check(&dir),
            PolicyCommand::Impact {
                policy,
                base,
                lang,
                input,
            } => {
                let new = load_policy(Some(&policy))?;
                let base = load_policy(base.as_ref())?;
                policy_cmd::impact(&base, &new, &input, lang.into())
            }
            PolicyCommand::Diff {
                from,
                to,
                lang,
                policy,
            } => {
                let policy = load_policy(policy.as_ref())?;
                policy_cmd::diff(&policy, from, to, lang.into())
            }
        },
        Command::Generate {
            n,
            clients,
            db,
            seed,
            as_of,
        } => match (clients, db, n) {
            (Some(c), Some(url), _) => {
                let today = match as_of {
                    Some(d) => d,
                    None => clock::today()?,
                };
                generate::into_db(c, seed, &url, today, clock::now())
            }
            (_, _, Some(n)) => generate::run(n, seed, as_of),
            _ => Err(Failure::Invalid(
                "give -n N (facts) or --clients N --db URL (case files)".into(),
            )),
        },
        Command::Migrate { db } => migrate(db),
        Command::Reassess { db, policy, all } => reassess(&db_or_default(db)?, policy.as_ref(), all),
        Command::Import {
            db,
            organisation,
            mapping,
            dry_run,
            file,
        } => import_cmd::import(&db_or_default(db)?, organisation, &mapping, &file, dry_run),
        Command::Backup { db, out } => backup_cmd::backup(&db_or_default(db)?, &out),
        Command::Restore { from, db } => backup_cmd::restore(&from, &db),
        Command::Key {
            command: KeyCommand::New { out },
        } => key_cmd::new_key(&out),
        Command::Key {
            command: KeyCommand::Rotate { db, new_key_file },
        } => key_cmd::rotate(&db_or_default(db)?, &new_key_file),
        Command::Retention {
            command: RetentionCommand::Run { db, dry_run, months },
        } => serve_cmd::retention(&db_or_default(db)?, dry_run, months),
        Command::Audit {
            command: AuditCommand::Verify { db, checkpoint },
        } => serve_cmd::audit_verify(&db_or_default(db)?, checkpoint.as_deref()),
        Command::Audit {
            command: AuditCommand::Checkpoint { db, file },
        } => serve_cmd::audit_checkpoint(&db_or_default(db)?, &file),
        Command::Demo { bind, file, clients } => {
            let path = match file {
                Some(p) => p,
                None => data_dir()?.join("demo.db"),
            };
            serve_cmd::demo(&path, &bind, clients, clock::today()?)
        }
        Command::Serve {
            db,
            bind,
            secure_cookies,
            trusted_proxy,
            max_connections,
            max_connections_per_address,
            header_timeout,
        } => serve_cmd::serve(
            &db_or_default(db)?,
            &bind,
            secure_cookies,
            trusted_proxy,
            terugkeer_web::Limits {
                max_connections: max_connections as usize,
                per_address: max_connections_per_address as usize,
                header_timeout: std::time::Duration::from_secs(header_timeout.into()),
                exempt: Vec::new(),
            },
        ),
        Command::User { command } => match command {
            UserCommand::Add {
                db,
                org,
                username,
                name,
                role,
            } => serve_cmd::user_add(&db_or_default(db)?, &org, &username, &name, &role),
            UserCommand::Password { db, username } => {
                serve_cmd::user_password(&db_or_default(db)?, &username)
            }
        },
        Command::Token { command } => match command {
            TokenCommand::Create {
                db,
                username,
                name,
                role,
                days,
            } => serve_cmd::token_create(&db_or_default(db)?, &username, &name, role.as_deref(), days),
        },
        Command::Bench { n, mode, seed, as_of } => bench::run(n, mode, seed, as_of),
    }
}

/// The platform data directory: `$XDG_DATA_HOME/terugkeer` or `~/.local/share/terugkeer`, created.
pub(crate) fn data_dir() -> Result<PathBuf, Failure> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .ok_or_else(|| Failure::Invalid("--db: no data directory (set TERUGKEER_DB or --db)".into()))?;
    let dir = base.join("terugkeer");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Machine(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}

/// The default database: `terugkeer.db` in the platform data directory.
fn default_db() -> Result<String, Failure> {
    Ok(format!("sqlite://{}", data_dir()?.join("terugkeer.db").display()))
}

fn db_or_default(db: Option<String>) -> Result<String, Failure> {
    match db {
        Some(u) => Ok(u),
        None => default_db(),
    }
}

/// A refused case's facts as the command line says it: "field: message", in English.
pub(crate) fn facts_refused(e: &terugkeer_rules::FactsError) -> String {
    format!("{}: {}", e.field, terugkeer_text::Tr::english(&e.message))
}

pub(crate) fn store_failure(e: terugkeer_store::StoreError) -> Failure {
    match e {
        terugkeer_store::StoreError::Url(m) => Failure::Invalid(format!("--db: {m}")),
        terugkeer_store::StoreError::Input(e) => Failure::Invalid(format!(
            "--{}: {}",
            e.field,
            terugkeer_text::Tr::english(&e.message)
        )),
        terugkeer_store::StoreError::Facts(e) => Failure::Invalid(facts_refused(&e)),
        e @ (terugkeer_store::StoreError::Key(_) | terugkeer_store::StoreError::NoKey) => {
            Failure::Invalid(e.to_string())
        }
        other => Failure::Machine(other.to_string()),
    }
}

fn migrate(db: Option<String>) -> Result<(), Failure> {
    let url = match db {
        Some(u) => u,
        None => default_db()?,
    };
    let rt = crate::current_thread()?;
    rt.block_on(async {
        let store = terugkeer_store::Store::connect(&url, true)
            .await
            .map_err(store_failure)?;
        store.migrate().await.map_err(store_failure)?;
        println!("migrated: {url}");
        Ok(())
    })
}

/// The runtime of a one-shot command: one thread (the database drivers bring their own workers).
pub(crate) fn current_thread() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Machine(e.to_string()))
}

/// `terugkeer reassess`.
fn reassess(url: &str, policy: Option<&PathBuf>, all: bool) -> Result<(), Failure> {
    let policy = std::sync::Arc::new(load_policy(policy)?);
    let rt = crate::current_thread()?;
    rt.block_on(async {
        let store = terugkeer_store::Store::connect(url, false)
            .await
            .map_err(store_failure)?;
        store.migrate().await.map_err(store_failure)?;
        let store = key_cmd::attach(store, false).await?.with_policy(policy);
        for (org, why) in store.load_local_policies().await.map_err(store_failure)? {
            eprintln!("organisation {org}: its own policy values are left out: {why}");
        }
        let started = std::time::Instant::now();
        let n = store
            .refresh_summaries(all, clock::now())
            .await
            .map_err(store_failure)?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "re-assessed {} clients in {secs:.1} s ({} a second)",
            progress_bar::thousands(n),
            progress_bar::thousands((n as f64 / secs.max(1e-9)) as u64)
        );
        if all {
            // Every summary row was rewritten: on PostgreSQL each left a dead row version and cleared the
            // visibility map, so index-only scans (a name search's count) read the table again until a vacuum
            // — on a server with autovacuum off, or before it comes round, a coordinator's name search over
            // 100,000 clients ran at a third of its speed. The statistics are refreshed with it.
            let started = std::time::Instant::now();
            store.analyze().await.map_err(store_failure)?;
            println!("statistics refreshed in {:.1} s", started.elapsed().as_secs_f64());
        }
        Ok(())
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _log = init_log(cli.log_format, &cli.log);
    key_cmd::configure(cli.key_file.clone());
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(m)) => {
            eprintln!("error: {}", m.replace('\n', " "));
            ExitCode::from(2)
        }
        Err(Failure::Machine(m)) => {
            eprintln!("error: {}", m.replace('\n', " "));
            ExitCode::from(1)
        }
        Err(Failure::Found(m)) => {
            eprintln!("{m}");
            ExitCode::from(3)
        }
    }
}
