//! End to end in a real headless Chromium (Debian's `chromium` and `chromedriver`; `.ci/run` installs them
//! and axe-core): `terugkeer demo` is started as a user would, a caseworker logs in, creates a client,
//! enters a rejection date and sees the departure deadline and eligibility appear; axe-core checks the
//! main pages and the test fails on any serious or critical violation. A missing browser fails the test;
//! it does not skip.
//!
//! `CHROMIUM` and `CHROMEDRIVER` override the binaries; `TERUGKEER_SCREENSHOTS=DIR` saves a PNG per page.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Starts `terugkeer demo` on a free port and returns its base URL; the server's log goes to `dir/server.log`.
fn start_demo(dir: &std::path::Path) -> (Kill, String) {
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_terugkeer"))
        .args(["demo", "--bind", "127.0.0.1:0", "--clients", "40", "--file"])
        .arg(dir.join("demo.db"))
        // A line per request, to check the log holds no client's name.
        .env("TERUGKEER_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log))
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("demo exited before listening").unwrap();
        if let Some(u) = line.strip_prefix("terugkeer listening on ") {
            break u.trim().to_owned();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (Kill(child), url)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn browser() -> (Kill, Client) {
    let port = free_port();
    let driver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {driver} (install Debian's chromium-driver; .ci/run does): {e}")
        });
    let guard = Kill(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        #[allow(clippy::disallowed_methods)] // waiting for chromedriver to listen
        std::thread::sleep(Duration::from_millis(100));
    }
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": binary,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800"]
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("WebDriver session with Chromium");
    (guard, client)
}

async fn screenshot(c: &Client, name: &str) {
    if let Ok(dir) = std::env::var("TERUGKEER_SCREENSHOTS") {
        let png = c.screenshot().await.unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

/// Runs axe-core on the current page; returns the serious and critical violations.
async fn axe(c: &Client, axe_src: &str) -> Vec<serde_json::Value> {
    c.execute(axe_src, vec![]).await.unwrap();
    let script = "const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
          .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => n.target.join(' ')) }))))
          .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e) }]));";
    let v = c.execute_async(script, vec![]).await.unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .cloned()
        .collect()
}

/// Waits (up to 15 s) until the current page's path satisfies `ok`: a click on a submit button returns
/// before the browser has loaded the next page.
async fn wait_for_path(c: &Client, what: &str, ok: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let url = c.current_url().await.unwrap();
        let ready: serde_json::Value = c.execute("return document.readyState;", vec![]).await.unwrap();
        if ok(url.path()) && ready == "complete" {
            return;
        }
        assert!(Instant::now() < deadline, "never reached {what}; at {url}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits (up to 15 s) until the page's HTML contains `needle`.
async fn wait_for_text(c: &Client, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !c.source().await.unwrap().contains(needle) {
        assert!(Instant::now() < deadline, "{needle:?} never appeared");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

async fn fill(c: &Client, id: &str, value: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .send_keys(value)
        .await
        .unwrap();
}

async fn choose(c: &Client, id: &str, value: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

/// Sets a field's value as a date picker would (typing into a date field depends on the browser's locale).
async fn set_value(c: &Client, css: &str, value: &str) {
    let field = c.find(Locator::Css(css)).await.unwrap();
    c.execute(
        "arguments[0].value = arguments[1];",
        vec![
            serde_json::to_value(&field).unwrap(),
            serde_json::Value::from(value),
        ],
    )
    .await
    .unwrap();
}

/// Clicks like a user would, after scrolling the element into view; through the DOM's `click()`, which
/// the two-column layout cannot intercept (webdriver's click hits whatever lies on top at that point).
async fn click(c: &Client, css: &str) {
    let e = c.find(Locator::Css(css)).await.unwrap();
    c.execute(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
        vec![serde_json::to_value(&e).unwrap()],
    )
    .await
    .unwrap();
}

/// On the client page: a registration with DT&V sent and verified, a trajectory with its first progress
/// report composed and sent with a legal basis (in the ledger), extra time asked and granted, the departure
/// with IOM, and both monitoring conversations (6 and 12 months) with their sustainability scores.
/// What a Dutch page shows a person that it must not: an internal id (`snake_case`), a policy reference
/// (`name@2019-01-01`) or an English word. Read from the whole page's text, closed "why" sections and the
/// options of every choice included (not only what is on screen).
async fn not_dutch(c: &Client, page: &str) -> Vec<String> {
    let text = c
        .execute(
            "const b = document.body.cloneNode(true); \
             b.querySelectorAll('script, style, template').forEach(e => e.remove()); \
             return b.textContent;",
            vec![],
        )
        .await
        .unwrap();
    let text = text.as_str().unwrap_or_default().to_owned();
    assert!(
        text.len() > 200,
        "{page}: the page's text is {} bytes",
        text.len()
    );
    not_dutch_in(&text)
        .into_iter()
        .map(|w| format!("{page}: {w}"))
        .collect()
}

/// Words of `text` that are not Dutch for a person (see [`not_dutch`]).
fn not_dutch_in(text: &str) -> Vec<String> {
    // English words that are no Dutch words, as the libraries' and the templates' English would bring them.
    const ENGLISH: [&str; 31] = [
        "the",
        "and",
        "must",
        "which",
        "with",
        "should",
        "cannot",
        "required",
        "choose",
        "before",
        "after",
        "not",
        "null",
        "true",
        "false",
        "passed",
        "failed",
        "undetermined",
        "unknown",
        "none",
        "this",
        "that",
        "for",
        "from",
        "days",
        "report",
        "progress",
        "client",
        "due",
        "yes",
        "detained",
    ];
    let mut found = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || "()[]{},;:\"'«»“”".contains(c)) {
        let word = token.trim_matches(|c: char| ".!?".contains(c));
        let snake = word.contains('_')
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && word.chars().any(|c| c.is_ascii_lowercase());
        let reference = word.split_once('@').is_some_and(|(name, day)| {
            !name.is_empty() && day.len() >= 10 && day.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        });
        let english = ENGLISH.contains(&word.to_lowercase().as_str());
        if (snake || reference || english) && !found.contains(&word.to_owned()) {
            found.push(word.to_owned());
        }
    }
    found
}

#[test]
fn the_dutch_check_finds_what_it_looks_for() {
    assert_eq!(
        not_dutch_in("Waarom? asylum_rejected_on = null; threshold_target_group@2019-01-01. The client"),
        [
            "asylum_rejected_on",
            "null",
            "threshold_target_group@2019-01-01",
            "The",
            "client"
        ]
    );
    assert!(not_dutch_in("Afgewezen op 2 mei 2016 (art. 62 lid 1 Vw 2000), e-mail a@b.nl").is_empty());
}

/// What is wrong with the current page's layout at 390 px (a phone) and 1400 px (a desktop), all of its
/// `details` opened: the page scrolls sideways, or form controls, labels, tables or the assessment panel
/// overlap (issue 22). Leaves the window at 1280 px.
async fn layout(c: &Client, page: &str) -> Vec<String> {
    let script = r#"
        document.querySelectorAll('details').forEach(d => d.open = true);
        const visible = e => e.offsetParent !== null
            && e.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true });
        const els = [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea, '
            + 'main button, main label, main summary, main table, main .panel')].filter(visible);
        const boxes = els.map(e => [e, [...e.getClientRects()]]);
        const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[' + e.name + ']' : '');
        const related = (a, b) => a.contains(b) || b.contains(a) || a.control === b || b.control === a;
        const out = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const [a, ra] = boxes[i], [b, rb] = boxes[j];
            if (related(a, b)) continue;
            const hit = ra.some(x => rb.some(y =>
                Math.min(x.right, y.right) - Math.max(x.left, y.left) > 2
                && Math.min(x.bottom, y.bottom) - Math.max(x.top, y.top) > 2));
            if (hit) out.push('overlap ' + name(a) + ' × ' + name(b));
        }
        const width = document.documentElement.scrollWidth;
        if (width > window.innerWidth) out.push('scrolls sideways: ' + width + ' px in ' + window.innerWidth);
        return out.slice(0, 5);"#;
    let url = c.current_url().await.unwrap();
    let mut found = Vec::new();
    for width in [390, 1400] {
        c.set_window_size(width, 900).await.unwrap();
        c.goto(url.as_str()).await.unwrap();
        let v = c.execute(script, vec![]).await.unwrap();
        for p in v.as_array().unwrap() {
            found.push(format!(
                "{page} at {width} px: {}",
                p.as_str().unwrap_or_default()
            ));
        }
    }
    c.set_window_size(1280, 1800).await.unwrap();
    c.goto(url.as_str()).await.unwrap();
    found
}

/// Logs in as `user`, reads every page the menu leads to, the account page and the first client listed on
/// the start page, and logs out: what is not Dutch on them.
async fn pages_of(c: &Client, url: &str, user: &str) -> (Vec<String>, Vec<String>) {
    c.goto(&format!("{url}/login")).await.unwrap();
    fill(c, "username", user).await;
    fill(c, "password", "terugkeer-demo").await;
    click(c, "main button[type=submit]").await;
    wait_for_path(c, &format!("{user}'s start page"), |p| !p.ends_with("/login")).await;
    // The walk before switched to English; the language stays with the browser.
    if c.find(Locator::Css("html[lang=en]")).await.is_ok() {
        click(c, "a.lang").await;
        wait_for_text(c, "<html lang=\"nl\"").await;
    }
    let mut pages = vec!["/account".to_owned()];
    for a in c.find_all(Locator::Css("header nav a")).await.unwrap() {
        if let Some(href) = a.attr("href").await.unwrap() {
            pages.push(href);
        }
    }
    if let Ok(first) = c
        .find(Locator::Css("main table tbody a[href^='/clients/']"))
        .await
    {
        pages.push(first.attr("href").await.unwrap().unwrap());
    }
    // A detained client on a (suspended) trajectory: its page explains detention and the tipping point; the
    // coordinator sees every client, and the demo has such clients.
    if user == "coordinator" {
        c.goto(&format!("{url}/clients?setting=bewaring&stage=trajectory"))
            .await
            .unwrap();
        let detained = c
            .find(Locator::Css("main table tbody a[href^='/clients/']"))
            .await
            .expect("the demo has a detained client on a trajectory");
        pages.push(detained.attr("href").await.unwrap().unwrap());
    }
    assert!(pages.len() >= 2, "{user}'s pages: {pages:?}");
    let (mut found, mut layouts) = (Vec::new(), Vec::new());
    for page in &pages {
        c.goto(&format!("{url}{page}")).await.unwrap();
        found.extend(not_dutch(c, &format!("{user} {page}")).await);
        layouts.extend(layout(c, &format!("{user} {page}")).await);
    }
    click(c, "header form button").await;
    wait_for_path(c, "the login page", |p| p.ends_with("/login")).await;
    (found, layouts)
}

/// Logs out whoever is logged in and logs `user` in (password `terugkeer-demo`), in Dutch.
async fn log_in_as(c: &Client, url: &str, user: &str) {
    if c.find(Locator::Css("header form button")).await.is_ok() {
        click(c, "header form button").await;
        wait_for_path(c, "the login page", |p| p.ends_with("/login")).await;
    }
    c.goto(&format!("{url}/login")).await.unwrap();
    fill(c, "username", user).await;
    fill(c, "password", "terugkeer-demo").await;
    click(c, "main button[type=submit]").await;
    wait_for_path(c, &format!("{user}'s start page"), |p| !p.ends_with("/login")).await;
}

/// A message each way between the NGO and DT&V on the file at `file` (issue 27): the caseworker registers the
/// trajectory with the demo's regievoerder and asks her; she finds it new on her dashboard and answers; the
/// caseworker reads the answer.
async fn a_message_each_way(c: &Client, url: &str, file: &str) {
    c.execute(
        "const s = document.getElementById('dtv-partner'); \
         for (const o of s.options) { if (o.text.startsWith('Regievoerder Bakker')) { s.value = o.value; } }",
        vec![],
    )
    .await
    .unwrap();
    click(c, "form[action$='/dtv'] button").await;
    // The browser's serialisation of the page writes the attribute out.
    wait_for_text(c, "selected=\"\">Regievoerder Bakker").await;
    click(c, "#write-message > summary").await;
    choose(c, "message-kind", "question").await;
    fill(c, "message-body", "Is het vertrek op 1 juli nog haalbaar?").await;
    choose(c, "message-basis", "consent").await;
    click(c, "#write-message button[type=submit]").await;
    wait_for_text(c, "Is het vertrek op 1 juli nog haalbaar?").await;

    log_in_as(c, url, "regievoerder").await;
    c.goto(&format!("{url}/dashboard")).await.unwrap();
    wait_for_text(c, "1 nieuw bericht").await;
    c.goto(&format!("{url}{file}")).await.unwrap();
    wait_for_text(c, "class=\"message new\"").await;
    click(c, "#write-message > summary").await;
    choose(c, "message-kind", "answer").await;
    fill(c, "message-body", "Ja, de vlucht van 1 juli staat.").await;
    click(c, "#write-message button[type=submit]").await;
    wait_for_text(c, "Ja, de vlucht van 1 juli staat.").await;

    log_in_as(c, url, "demo").await;
    c.goto(&format!("{url}{file}")).await.unwrap();
    wait_for_text(c, "Ja, de vlucht van 1 juli staat.").await;
    let conversation = text(c, "#messages").await;
    assert!(
        conversation.contains("van DT&V") && conversation.contains("nieuw"),
        "{conversation}"
    );
    assert!(text(c, "#progress").await.contains("bericht: vraag"));
}

async fn walk_the_trajectory(c: &Client, url: &str) {
    // Verification: a draft, sent (the answer's due day appears with its rule), then DT&V's answer.
    click(c, "form[action$='/verifications'] button").await;
    wait_for_text(c, "name=\"step\" value=\"submit\"").await;
    fill_css(c, "#verification input[name=to]", "DT&V Ter Apel").await;
    click(c, "#verification form:has(input[value=submit]) button").await;
    wait_for_text(c, "Antwoord DT&amp;V uiterlijk").await;
    assert!(c.source().await.unwrap().contains("5 werkdagen"));
    click(c, "#verification form:has(input[value=verify]) button").await;
    wait_for_text(c, "<strong>geverifieerd</strong>").await;

    // Extra time: 14 more days of departure term asked on 2016-05-20; who must agree comes from the rules
    // engine; nothing moves until DT&V's approval is recorded, and then the term ends 2016-06-13.
    fill(c, "ext-days", "14").await;
    set_value(c, "#ext-on", "2016-05-20").await;
    fill(c, "ext-reason", "paspoort aangevraagd bij de ambassade").await;
    click(c, "form[action$='/extensions'] button").await;
    wait_for_text(c, "Moet instemmen: regievoerder").await;
    assert!(
        !c.source().await.unwrap().contains("13 juni 2016"),
        "a request moves nothing"
    );
    set_value(c, "#extensions input[name=on]", "2016-05-25").await;
    click(c, "#extensions form:has(input[name=days_granted]) button").await;
    wait_for_text(c, "13 juni 2016").await;
    assert!(text(c, "#extensions").await.contains("toegekend"));

    // A trajectory, then the month's report composed, edited and sent on the subsidy obligation.
    click(c, "#add-trajectory > summary").await;
    choose(c, "trajectory-trajectory", "return").await;
    fill(c, "trajectory-project", "Met Opgeheven Hoofd").await;
    set_value(c, "#trajectory-on", "2016-06-01").await;
    click(c, "#add-trajectory button[type=submit]").await;
    wait_for_text(c, "Volgende rapportage").await;
    click(c, "form[action$='/reports'] button").await;
    wait_for_text(c, "id=\"report-body\"").await;
    fill(c, "report-to", "DT&V Ter Apel").await;
    choose(c, "report-basis", "subsidy_obligation").await;
    click(c, "button[name=action][value=send]").await;
    wait_for_text(c, "voortgangsrapportage juni 2016").await;
    assert!(c.source().await.unwrap().contains("naar DT&amp;V"));

    let file = c.current_url().await.unwrap().path().to_owned();
    a_message_each_way(c, url, &file).await;

    // Departure with IOM's help to Kabul closes the case; the monitoring moments appear.
    click(c, "#close > summary").await;
    choose(c, "closure-outcome", "departed").await;
    set_value(c, "#closure-on", "2016-07-01").await;
    fill(c, "closure-destination", "Kabul").await;
    choose(c, "closure-departed_with", "iom").await;
    click(c, "#close input[name=confirm]").await;
    click(c, "#close button[type=submit]").await;
    wait_for_text(c, "Monitoring na terugkeer").await;
    assert!(c.source().await.unwrap().contains("6 maanden (1 januari 2017)"));

    // The 6-month conversation: category 2, appreciation, three indicators answered.
    click(c, "#monitoring details > summary").await;
    // Nothing is chosen for the reader: the category and the appreciation start empty and are required.
    for field in ["#mon-cat", "#mon-app"] {
        let chosen = c
            .find(Locator::Css(field))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(chosen.as_deref(), Some(""), "{field}");
    }
    choose(c, "mon-cat", "partly_good_prospects").await;
    choose(c, "mon-app", "4").await;
    fill(c, "mon-factors", "winkel geopend").await;
    fill(c, "mon-motivation", "hulp bij het starten").await;
    choose(c, "rss-income_sources", "4").await;
    choose(c, "rss-housing", "5").await;
    choose(c, "rss-stay", "3").await;
    click(c, "#monitoring button[type=submit]").await;
    // By hand: economic 4 → 0.750, social 5 → 1.000, psychosocial 3 → 0.500, overall 0.750.
    wait_for_text(
        c,
        "economisch 0,750 · sociaal 1,000 · psychosociaal 0,500 · totaal 0,750",
    )
    .await;

    // The 12-month conversation, by phone: category 1, every indicator of the economic dimension low.
    assert!(c.source().await.unwrap().contains("12 maanden (1 juli 2017)"));
    click(c, "#monitoring details > summary").await;
    choose(c, "mon-mode", "0").await;
    choose(c, "mon-cat", "fully_realised").await;
    choose(c, "mon-app", "5").await;
    fill(c, "mon-factors", "eigen inkomen").await;
    fill(c, "mon-motivation", "goed voorbereid").await;
    choose(c, "rss-income_sources", "2").await;
    choose(c, "rss-housing", "4").await;
    choose(c, "rss-stay", "5").await;
    click(c, "#monitoring button[type=submit]").await;
    // By hand: economic 2 → 0.250, social 4 → 0.750, psychosocial 5 → 1.000, overall 2.000 / 3 = 0.667.
    wait_for_text(
        c,
        "economisch 0,250 · sociaal 0,750 · psychosociaal 1,000 · totaal 0,667",
    )
    .await;
    // Both moments held: no form for a third.
    assert!(c.find(Locator::Css("#monitoring form")).await.is_err());
}

async fn fill_css(c: &Client, css: &str, value: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(value)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_caseworker_enters_a_rejection_and_sees_deadline_and_eligibility() {
    let axe_path = std::env::var("AXE_CORE_JS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| root().join("e2e/node_modules/axe-core/axe.min.js"));
    let axe_src = std::fs::read_to_string(&axe_path).unwrap_or_else(|e| {
        panic!(
            "axe-core at {}: {e} (run `npm ci --prefix e2e`; .ci/run does)",
            axe_path.display()
        )
    });
    let dir = std::env::temp_dir().join(format!("terugkeer-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (_server, url) = start_demo(&dir);
    let (_driver, c) = browser().await;
    let mut violations = Vec::new();
    // What Dutch pages show that is not Dutch (issue 21): every page of the walk is read.
    let mut english = Vec::new();
    // What is wrong with the pages' layout at a phone's and a desktop's width (issue 22).
    let mut layouts = Vec::new();
    // First, that the check finds what it looks for: a page wider than a phone, two fields on one spot.
    c.goto(
        "data:text/html,<main><div style='width:900px'>breed</div>\
         <input id=a style='position:absolute;left:0;top:0'><input id=b style='position:absolute;left:0;top:0'></main>",
    )
    .await
    .unwrap();
    let seen = layout(&c, "test page").await;
    assert!(
        seen.iter().any(|p| p.contains("at 390 px: scrolls sideways"))
            && !seen.iter().any(|p| p.contains("at 1400 px: scrolls sideways"))
            && seen.iter().any(|p| p.contains("overlap input#a × input#b")),
        "{seen:#?}"
    );

    // Log in.
    c.goto(&format!("{url}/login")).await.unwrap();
    violations.extend(axe(&c, &axe_src).await.into_iter().map(|v| ("login", v)));
    fill(&c, "username", "demo").await;
    fill(&c, "password", "terugkeer-demo").await;
    c.find(Locator::Css("main button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&c, "the dashboard", |p| p.ends_with("/dashboard")).await;
    assert_eq!(text(&c, "h1").await, "Mijn caseload");
    screenshot(&c, "dashboard").await;
    english.extend(not_dutch(&c, "dashboard").await);
    // The names on the caseload, to look for in the server's log at the end.
    let mut names = vec!["Testpersoon".to_owned(), "Eerste".to_owned()];
    for link in c.find_all(Locator::Css("table.list tbody a")).await.unwrap() {
        let shown = link.text().await.unwrap();
        names.extend(shown.split(", ").map(str::to_owned));
    }
    assert!(names.len() > 10, "names on the dashboard: {names:?}");
    violations.extend(axe(&c, &axe_src).await.into_iter().map(|v| ("dashboard", v)));

    // The client list and its search.
    c.goto(&format!("{url}/clients")).await.unwrap();
    violations.extend(axe(&c, &axe_src).await.into_iter().map(|v| ("clients", v)));
    english.extend(not_dutch(&c, "clients").await);

    // A new client.
    c.goto(&format!("{url}/clients/new")).await.unwrap();
    violations.extend(axe(&c, &axe_src).await.into_iter().map(|v| ("new client", v)));
    english.extend(not_dutch(&c, "new client").await);
    fill(&c, "client-family_name", "Testpersoon").await;
    fill(&c, "client-given_names", "Eerste").await;
    fill(&c, "client-country_of_return", "AF").await;
    for id in [
        "client-dublin_claimant",
        "client-criminal_record",
        "client-article_1f",
        "client-currently_participating",
    ] {
        choose(&c, id, "no").await;
    }
    choose(&c, "client-entry_ban", "none").await;
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&c, "the new client's page", |p| {
        p.starts_with("/clients/") && p != "/clients/new"
    })
    .await;
    // Without a rejection the client is not in the target group: not eligible, and no departure term.
    assert!(text(&c, ".verdict").await.contains("Komt niet in aanmerking"));
    assert!(!c.source().await.unwrap().contains("2016-05-30"));

    // Enter the rejection of 2016-05-02 (the contract's worked example).
    c.find(Locator::Css("#add-procedure_event > summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    choose(&c, "procedure_event-event", "asylum_rejected").await;
    let date = c.find(Locator::Id("procedure_event-on")).await.unwrap();
    // Typing into a date field depends on the browser's locale; set the value as the date picker would.
    c.execute(
        "arguments[0].value = '2016-05-02';",
        vec![serde_json::to_value(&date).unwrap()],
    )
    .await
    .unwrap();
    c.find(Locator::Css("#add-procedure_event button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&c, "30 mei 2016").await;
    let html = c.source().await.unwrap();
    // The departure deadline appears (2016-05-02 + 28 days, a Monday) with its article, and the eligibility
    // verdict moves: the target-group threshold now passes.
    assert!(html.contains("30 mei 2016"), "departure term end missing");
    assert!(html.contains("art. 62 lid 1 Vw 2000"));
    // The threshold by its name; its id stays in the markup (and the API), not in the text.
    let passed = c.find(Locator::Css(".line.ok")).await.unwrap();
    assert_eq!(
        passed.attr("data-rule").await.unwrap().as_deref(),
        Some("target_group")
    );
    assert_eq!(text(&c, ".line.ok .rule-name").await, "Doelgroep");
    assert!(!text(&c, ".verdict").await.contains("Komt niet in aanmerking"));
    assert!(text(&c, ".timeline").await.contains("2 mei 2016"));
    screenshot(&c, "client").await;
    violations.extend(axe(&c, &axe_src).await.into_iter().map(|v| ("client", v)));

    // The "why" of a conclusion opens without JavaScript of ours (a details element).
    c.find(Locator::Css(".line details > summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let why = text(&c, ".line details").await;
    assert!(why.contains("2 mei 2016"), "{why}");
    english.extend(not_dutch(&c, "client").await);

    // The trajectory with DT&V, from registration to the 6-month monitoring (issue 5's walk-through).
    walk_the_trajectory(&c, &url).await;
    screenshot(&c, "client-after-return").await;
    english.extend(not_dutch(&c, "client after return").await);
    layouts.extend(layout(&c, "client after return").await);
    violations.extend(
        axe(&c, &axe_src)
            .await
            .into_iter()
            .map(|v| ("client after return", v)),
    );

    // Every page the menu leads to, and a demo client's page (a fuller file than the one made here).
    c.goto(&format!("{url}/dashboard")).await.unwrap();
    let mut pages = Vec::new();
    for a in c.find_all(Locator::Css("header nav a")).await.unwrap() {
        if let Some(href) = a.attr("href").await.unwrap() {
            pages.push(href);
        }
    }
    if let Ok(first) = c.find(Locator::Css("table.list tbody a")).await {
        pages.push(first.attr("href").await.unwrap().unwrap());
    }
    assert!(pages.len() >= 4, "pages: {pages:?}");
    for page in &pages {
        c.goto(&format!("{url}{page}")).await.unwrap();
        english.extend(not_dutch(&c, page).await);
        layouts.extend(layout(&c, page).await);
    }
    assert!(english.is_empty(), "not Dutch on Dutch pages: {english:#?}");

    // English, then log out.
    c.find(Locator::Css("a.lang"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&c, ">Assessment<").await;
    c.find(Locator::Css("header form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(&c, "the login page", |p| p.ends_with("/login")).await;
    c.goto(&format!("{url}/dashboard")).await.unwrap();
    wait_for_path(&c, "the login page (logged out for real)", |p| {
        p.ends_with("/login")
    })
    .await;
    // The other roles' pages, in Dutch: the coordinator's, the regievoerder's at DT&V, the auditor's and the
    // administrator's.
    for user in ["coordinator", "regievoerder", "senior", "auditor", "admin"] {
        let (words, layout) = pages_of(&c, &url, user).await;
        english.extend(words);
        layouts.extend(layout);
    }
    assert!(english.is_empty(), "not Dutch on Dutch pages: {english:#?}");
    // Every page of every role at a phone's width and a desktop's: no sideways scrolling, nothing on top of
    // anything else.
    assert!(layouts.is_empty(), "layout: {layouts:#?}");
    c.close().await.unwrap();
    // The server logged every request (one line each, by route), and no client's name.
    drop(_server);
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap();
    assert!(
        log.contains("answered") && log.contains("/clients/{id}"),
        "no request lines in the log:\n{log}"
    );
    for name in names.iter().filter(|n| n.len() > 2) {
        assert!(!log.contains(name.as_str()), "the log names a client ({name})");
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        violations.is_empty(),
        "serious accessibility violations: {violations:#?}"
    );
}
