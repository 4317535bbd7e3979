//! The interface's words in Dutch (the default) and English. One table, looked up by key; a key missing
//! from the table shows as itself (and the test `every_key_used_by_templates_exists` catches it).

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use terugkeer_rules::Lang;

/// The words of one language, handed to every template as `t`.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    /// The language.
    pub lang: Lang,
}

impl Tr {
    /// A validation or transition message (English from the libraries) in this language.
    pub fn message(&self, message: &str) -> String {
        crate::messages::translate(self.lang, message)
    }

    /// The text for `key`.
    ///
    /// A hash lookup rather than a binary search: a client page asks for several hundred words, and the
    /// search's string comparisons were a measurable share of its time (docs/performance.md).
    pub fn s<'a>(&self, key: &'a str) -> &'a str {
        match (self.lang, INDEX.get(key)) {
            (Lang::En, Some(&(_, en))) => en,
            (_, Some(&(nl, _))) => nl,
            (_, None) => key,
        }
    }

    /// `nl` or `en`, for the `lang` attribute.
    pub fn code(&self) -> &'static str {
        match self.lang {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// Whether a key exists (tests).
    pub fn has(key: &str) -> bool {
        INDEX.contains_key(key)
    }
}

/// `WORDS` by key, built on first use.
static INDEX: LazyLock<FxHashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| WORDS.iter().map(|&(k, nl, en)| (k, (nl, en))).collect());

/// `(key, nl, en)`, sorted by key (a test checks the order).
pub static WORDS: &[(&str, &str, &str)] = &[
    ("account.change", "Wachtwoord wijzigen", "Change password"),
    ("account.code", "Code uit de app", "Code from the app"),
    ("account.current", "Huidig wachtwoord", "Current password"),
    (
        "account.must_change",
        "Uw wachtwoord is door iemand anders ingesteld: kies eerst een eigen wachtwoord.",
        "Your password was set by someone else: choose your own first.",
    ),
    (
        "account.needs_totp",
        "Uw organisatie vereist tweestapsverificatie voor uw rol: stel die eerst in.",
        "Your organisation requires two-step verification for your role: set it up first.",
    ),
    (
        "account.new",
        "Nieuw wachtwoord (minstens 12 tekens)",
        "New password (at least 12 characters)",
    ),
    (
        "account.no_match",
        "komt niet overeen met het nieuwe wachtwoord",
        "does not match the new password",
    ),
    (
        "account.org_make_optional",
        "Niet langer verplichten",
        "No longer require it",
    ),
    (
        "account.org_make_required",
        "Verplicht stellen voor coördinatoren en regievoerders",
        "Require it of coordinators and regievoerders",
    ),
    (
        "account.org_optional",
        "Tweestapsverificatie is in uw organisatie vrijwillig.",
        "Two-step verification is optional in your organisation.",
    ),
    (
        "account.org_requires",
        "Uw organisatie vereist tweestapsverificatie van coördinatoren en regievoerders.",
        "Your organisation requires two-step verification of coordinators and regievoerders.",
    ),
    ("account.password", "Wachtwoord wijzigen", "Change password"),
    (
        "account.repeat",
        "Nieuw wachtwoord nogmaals",
        "New password again",
    ),
    (
        "account.same_password",
        "moet anders zijn dan het huidige",
        "must differ from the current one",
    ),
    ("account.title", "Mijn account", "My account"),
    ("account.token_active", "actief", "active"),
    ("account.token_create", "Sleutel maken", "Create token"),
    (
        "account.token_created",
        "Uw nieuwe sleutel (alleen nu zichtbaar; kopieer hem naar een veilige plek):",
        "Your new token (shown only now; copy it somewhere safe):",
    ),
    ("account.token_days", "Geldig (dagen)", "Valid for (days)"),
    (
        "account.token_days_range",
        "kies 1 tot 366 dagen",
        "choose 1 to 366 days",
    ),
    ("account.token_expired", "verlopen", "expired"),
    ("account.token_expires", "Verloopt", "Expires"),
    ("account.token_made", "Gemaakt", "Created"),
    ("account.token_name", "Naam", "Name"),
    (
        "account.token_none",
        "U hebt geen API-sleutels.",
        "You have no API tokens.",
    ),
    ("account.token_revoke", "Intrekken", "Revoke"),
    ("account.token_revoked", "ingetrokken", "revoked"),
    ("account.token_role", "Rol", "Role"),
    (
        "account.token_role_invalid",
        "kies een rol uit de lijst",
        "choose a role from the list",
    ),
    ("account.token_status", "Status", "Status"),
    ("account.tokens", "API-sleutels", "API tokens"),
    (
        "account.tokens_intro",
        "Een API-sleutel laat een script namens u werken, met de rol die u kiest (nooit meer rechten dan u zelf hebt). De sleutel wordt één keer getoond; bewaard wordt alleen een hash.",
        "An API token lets a script act for you, with the role you choose (never more rights than your own). The token is shown once; only a hash is kept.",
    ),
    (
        "account.too_short",
        "moet minstens 12 tekens hebben",
        "must have at least 12 characters",
    ),
    ("account.totp", "Tweestapsverificatie", "Two-step verification"),
    (
        "account.totp_disable",
        "Tweestapsverificatie uitzetten",
        "Switch two-step verification off",
    ),
    (
        "account.totp_enable",
        "Tweestapsverificatie aanzetten",
        "Switch two-step verification on",
    ),
    (
        "account.totp_on",
        "Aan: bij het inloggen vragen we een code uit uw authenticator-app.",
        "On: logging in asks for a code from your authenticator app.",
    ),
    (
        "account.totp_required",
        "Uw organisatie vereist tweestapsverificatie voor uw rol.",
        "Your organisation requires two-step verification for your role.",
    ),
    (
        "account.totp_setup",
        "Voer deze sleutel in uw authenticator-app in (of het adres eronder) en vul de code in die de app toont.",
        "Enter this key in your authenticator app (or the address below it), then the code the app shows.",
    ),
    (
        "account.wrong_code",
        "is niet de huidige code",
        "is not the current code",
    ),
    ("account.wrong_password", "is niet juist", "is not right"),
    ("action.add", "Toevoegen", "Add"),
    ("action.assign", "Toewijzen", "Assign"),
    ("action.close_case", "Zaak afsluiten", "Close case"),
    ("action.edit", "Wijzigen", "Edit"),
    ("action.filter", "Filteren", "Filter"),
    ("action.login", "Inloggen", "Log in"),
    ("action.logout", "Uitloggen", "Log out"),
    ("action.print", "Afdrukbare samenvatting", "Printable summary"),
    ("action.save", "Opslaan", "Save"),
    (
        "action.save_anyway",
        "Toch opslaan als nieuwe cliënt",
        "Save as a new client anyway",
    ),
    ("action.search", "Zoeken", "Search"),
    ("any", "alle", "any"),
    ("app.name", "terugkeer", "terugkeer"),
    ("app.skip", "Naar de inhoud", "Skip to content"),
    ("assessment.as_of", "Beoordeeld op", "Assessed on"),
    ("assessment.deadlines", "Termijnen", "Deadlines"),
    ("assessment.discretion", "Wie beslist wat", "Who decides what"),
    (
        "assessment.eligibility",
        "Deelname aan een gesubsidieerd terugkeerproject",
        "Joining a subsidised return project",
    ),
    ("assessment.eligible", "Komt in aanmerking", "Eligible"),
    ("assessment.facts", "Gebruikte feiten", "Facts used"),
    (
        "assessment.not_assessable",
        "Nog niet te beoordelen",
        "Cannot be assessed yet",
    ),
    (
        "assessment.not_eligible",
        "Komt niet in aanmerking",
        "Not eligible",
    ),
    (
        "assessment.policy",
        "Gebruikte beleidswaarden",
        "Policy values used",
    ),
    ("assessment.receipt", "Ontvangstbewijs", "Receipt"),
    (
        "assessment.tipping_point",
        "Kantelpunt naar gedwongen terugkeer",
        "Tipping point to forced return",
    ),
    ("assessment.title", "Beoordeling", "Assessment"),
    ("assessment.undetermined", "Onbepaald", "Undetermined"),
    ("assessment.warnings", "Let op", "Watch out"),
    ("assessment.why", "Waarom?", "Why?"),
    (
        "attachment.file",
        "Bon (PDF, JPEG of PNG, tot 5 MB)",
        "Receipt (PDF, JPEG or PNG, up to 5 MB)",
    ),
    ("attachment.upload", "Bijvoegen", "Attach"),
    ("audit.add_record", "gegeven toegevoegd", "record added"),
    ("audit.assign", "toegewezen", "assigned"),
    (
        "audit.cli",
        "beheer (opdrachtregel)",
        "administration (command line)",
    ),
    ("audit.close", "zaak afgesloten", "case closed"),
    ("audit.create", "aangemaakt", "created"),
    ("audit.detail", "Betreft", "Concerning"),
    ("audit.from", "Vanaf", "From"),
    (
        "audit.intro",
        "Wie dit dossier zag, wijzigde of ontving, en wanneer (de laatste 30).",
        "Who saw, changed or received this file, and when (the latest 30).",
    ),
    ("audit.read", "ingezien", "viewed"),
    ("audit.register_dtv", "aanmelding DT&V", "DT&V registration"),
    ("audit.share", "gedeeld", "shared"),
    (
        "audit.title",
        "Inzage- en verstrekkingshistorie",
        "Disclosure history",
    ),
    ("audit.unshare", "niet meer gedeeld", "no longer shared"),
    ("audit.update", "gewijzigd", "changed"),
    ("audit.update_record", "gegeven gewijzigd", "record changed"),
    ("audit.what", "Wat", "What"),
    ("audit.when", "Wanneer", "When"),
    ("audit.who", "Wie", "Who"),
    ("awaiting", "wacht op", "awaiting"),
    (
        "basis.consent",
        "toestemming van de cliënt",
        "the client's consent",
    ),
    (
        "basis.override",
        "afwijking (met reden)",
        "override (with reason)",
    ),
    (
        "basis.subsidy_obligation",
        "subsidieverplichting (AVG art. 6 lid 1 sub c/e)",
        "subsidy obligation (GDPR art. 6(1)(c)/(e))",
    ),
    (
        "calendar.intro",
        "Een geheim adres voor Outlook, Google Agenda en andere agenda's: de termijnen van uw cliënten, de rapportages aan DT&V en de verwachte antwoorden van DT&V. Zonder namen van cliënten; wie het adres heeft, ziet de data. Een nieuw adres maakt het oude ongeldig.",
        "A secret address for Outlook, Google Calendar and other calendars: your clients' deadlines, the reports due to DT&V and DT&V's expected answers. Without client names; whoever has the address sees the dates. A new address makes the old one invalid.",
    ),
    (
        "calendar.made",
        "Uw agenda-adres (alleen nu zichtbaar; voeg het toe als agenda via internet):",
        "Your calendar address (shown only now; add it as an internet calendar):",
    ),
    ("calendar.make", "Agenda-adres maken", "Make a calendar address"),
    (
        "calendar.renew",
        "Nieuw agenda-adres (het oude vervalt)",
        "New calendar address (the old one stops working)",
    ),
    (
        "calendar.revoke",
        "Agenda-adres intrekken",
        "Revoke the calendar address",
    ),
    ("calendar.title", "Agenda", "Calendar"),
    ("check.failed", "voldoet niet", "fails"),
    ("check.passed", "voldoet", "passes"),
    ("check.undetermined", "onbepaald", "undetermined"),
    (
        "client.article_1f",
        "Artikel 1F tegengeworpen",
        "Article 1F applied",
    ),
    ("client.assigned_to", "Begeleider", "Caseworker"),
    (
        "client.country_cooperates_with_forced_return",
        "Land werkt mee aan gedwongen terugkeer",
        "Country cooperates with forced return",
    ),
    (
        "client.country_of_return",
        "Land van terugkeer (ISO-code)",
        "Country of return (ISO code)",
    ),
    (
        "client.criminal_record",
        "Strafrechtelijke antecedenten",
        "Criminal record",
    ),
    (
        "client.currently_participating",
        "Neemt al deel aan een ander project",
        "Already in another project",
    ),
    ("client.date_of_birth", "Geboortedatum", "Date of birth"),
    ("client.deportable", "Uitzetbaar", "Deportable"),
    ("client.dublin_claimant", "Dublinclaimant", "Dublin claimant"),
    ("client.entry_ban", "Inreisverbod", "Entry ban"),
    ("client.family_name", "Achternaam", "Family name"),
    ("client.given_names", "Voornamen", "Given names"),
    ("client.languages", "Talen", "Languages"),
    (
        "client.medical_impediment",
        "Medische belemmering om te reizen",
        "Medical impediment to travel",
    ),
    (
        "client.nationality",
        "Nationaliteit (ISO-code)",
        "Nationality (ISO code)",
    ),
    ("client.phone", "Telefoon", "Phone"),
    (
        "client.previously_supported_on",
        "Eerder ondersteund op",
        "Previously supported on",
    ),
    ("client.v_number", "V-nummer", "V-number"),
    (
        "clients.export",
        "Exporteren (deze selectie)",
        "Export (this selection)",
    ),
    (
        "clients.export_hint",
        "Elke export staat in het auditlogboek.",
        "Every export is recorded in the audit log.",
    ),
    ("clients.new", "Nieuwe cliënt", "New client"),
    ("clients.none", "Geen cliënten gevonden.", "No clients found."),
    (
        "clients.search_hint",
        "Begin van een naam of V-nummer",
        "Start of a name or V-number",
    ),
    ("clients.title", "Cliënten", "Clients"),
    ("close.title", "Zaak afsluiten", "Close the case"),
    ("closed", "afgesloten", "closed"),
    ("dashboard.by_setting", "Per verblijfplaats", "By setting"),
    ("dashboard.by_stage", "Per fase", "By stage"),
    ("dashboard.caseload", "Mijn caseload", "My caseload"),
    (
        "dashboard.chart.setting",
        "Caseload naar verblijfssituatie",
        "Caseload by setting",
    ),
    (
        "dashboard.empty",
        "Er zijn nog geen cliënten aan u toegewezen.",
        "No clients are assigned to you yet.",
    ),
    (
        "dashboard.org_caseload",
        "Caseload van de organisatie",
        "The organisation's caseload",
    ),
    ("dashboard.this_week", "Deze week", "This week"),
    ("dashboard.title", "Overzicht", "Dashboard"),
    (
        "dashboard.week_none",
        "Geen termijnen in de komende zeven dagen.",
        "No deadlines in the next seven days.",
    ),
    ("deadline", "Eerstvolgende termijn", "Next deadline"),
    (
        "deadline.departure_term_end",
        "Einde vertrektermijn",
        "End of departure term",
    ),
    (
        "deadline.planned_departure",
        "Gepland vertrek",
        "Planned departure",
    ),
    ("deadline.reception_end", "Einde opvang", "End of reception"),
    (
        "deadline.support_in_nl_end",
        "Einde begeleiding in Nederland",
        "End of support in the Netherlands",
    ),
    ("dtv.action", "Aanmelding opslaan", "Save registration"),
    ("dtv.afdelingsmanager", "afdelingsmanager", "department manager"),
    ("dtv.den_haag", "Den Haag", "Den Haag"),
    ("dtv.none", "Niet aangemeld", "Not registered"),
    ("dtv.partner", "Regievoerder", "Regievoerder"),
    ("dtv.regievoerder", "regievoerder", "regievoerder"),
    (
        "dtv.senior_regievoerder",
        "senior regievoerder",
        "senior regievoerder",
    ),
    ("dtv.title", "Aangemeld bij DT&V", "Registered with DT&V"),
    ("dup.title", "Mogelijk dubbel", "Possible duplicate"),
    (
        "dup.warning",
        "Deze cliënt lijkt al te bestaan (zelfde V-nummer, of zelfde geboortedatum en een gelijkende naam). Controleer de lijst voordat u opslaat.",
        "This client may already exist (same V-number, or the same date of birth and a similar name). Check the list before saving.",
    ),
    ("edit.client", "Cliëntgegevens wijzigen", "Edit client details"),
    ("edit.record", "Gegeven wijzigen", "Edit record"),
    ("eligible", "In aanmerking", "Eligible"),
    (
        "error.csrf",
        "Het formulier is verlopen of niet van deze site. Laad de pagina opnieuw.",
        "The form expired or did not come from this site. Reload the page.",
    ),
    (
        "error.fix",
        "Verbeter de gemarkeerde velden.",
        "Please correct the marked fields.",
    ),
    (
        "error.forbidden",
        "Uw rol staat dit niet toe.",
        "Your role does not allow this.",
    ),
    (
        "error.login",
        "Onbekende gebruikersnaam of onjuist wachtwoord.",
        "Unknown username or wrong password.",
    ),
    ("error.not_found", "Niet gevonden.", "Not found."),
    (
        "error.stale",
        "Iemand anders heeft deze gegevens intussen gewijzigd. Hieronder staan de nieuwste gegevens; voer uw wijziging opnieuw in.",
        "Someone else changed this meanwhile. The newest data is shown below; enter your change again.",
    ),
    (
        "error.throttled",
        "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.",
        "Too many failed attempts. Try again in 15 minutes.",
    ),
    ("error.title", "Fout", "Error"),
    ("exchange.by", "Door", "By"),
    ("exchange.counterpart", "Met", "With"),
    ("exchange.direction", "Richting", "Direction"),
    ("exchange.in", "van DT&V", "from DT&V"),
    (
        "exchange.none",
        "Nog niets gedeeld of ontvangen.",
        "Nothing shared or received yet.",
    ),
    ("exchange.out", "naar DT&V", "to DT&V"),
    (
        "exchange.title",
        "Informatie-uitwisseling met DT&V",
        "Information exchange with DT&V",
    ),
    ("exchange.what", "Wat", "What"),
    (
        "export.title",
        "Inzageverzoek: volledig dossier",
        "Access request: complete file",
    ),
    ("extension.ask", "Verlenging vragen", "Ask for an extension"),
    ("extension.asked", "gevraagd op", "asked on"),
    ("extension.days", "dagen", "days"),
    ("extension.days_granted", "Dagen toegekend", "Days granted"),
    ("extension.decide", "Besluit vastleggen", "Record the decision"),
    ("extension.granted", "toegekend", "granted"),
    ("extension.kind", "Wat", "What"),
    (
        "extension.kind.handreiking",
        "financiële handreiking",
        "financial hand-out",
    ),
    (
        "extension.kind.stay_extension",
        "verlenging verblijf in de opvang",
        "extension of the stay in reception",
    ),
    (
        "extension.kind.term_extension",
        "verlenging vertrektermijn",
        "extension of the departure term",
    ),
    ("extension.outcome", "Besluit", "Decision"),
    ("extension.refused", "afgewezen", "refused"),
    ("extension.status.approved", "toegekend", "approved"),
    ("extension.status.pending", "in behandeling", "pending"),
    ("extension.status.refused", "afgewezen", "refused"),
    (
        "extension.title",
        "Verlenging (extra tijd)",
        "Extension (extra time)",
    ),
    ("extension.who", "Moet instemmen", "Must agree"),
    ("filter.project", "Project", "Project"),
    ("filter.setting", "Verblijfplaats", "Setting"),
    ("filter.stage", "Fase", "Stage"),
    ("filter.status", "Status", "Status"),
    ("handout.ask", "Handreiking aanvragen", "Ask for a hand-out"),
    ("handout.awaited", "wacht", "awaited"),
    ("handout.by.den_haag", "Den Haag beslist", "Den Haag decides"),
    ("handout.by.regio", "regio tekent", "signed in the region"),
    (
        "handout.motivation",
        "Individuele motivatie",
        "Individual motivation",
    ),
    ("handout.negotiation", "Onderhandeling", "Negotiation"),
    ("handout.reason", "Reden", "Reason"),
    (
        "handout.reason.living_conditions",
        "Betere leefomstandigheden thuis",
        "Better living conditions at home",
    ),
    (
        "handout.reason.not_deportable",
        "Motivatie bij niet-uitzetbaarheid",
        "Motivation when not deportable",
    ),
    ("handout.reason.other", "Anders", "Other"),
    (
        "handout.reason.scheme_changed",
        "Regeling voor het land net gewijzigd",
        "Support scheme for the country just changed",
    ),
    (
        "handout.reason.special_situation",
        "Bijzondere situatie",
        "Special situation",
    ),
    (
        "handout.reason.starting_conditions",
        "Betere startpositie",
        "Better starting conditions",
    ),
    ("handout.receipts", "Bonnen", "Receipts"),
    ("handout.record", "Vastleggen", "Record"),
    ("handout.refuse", "Afwijzen", "Refuse"),
    ("handout.refused", "afgewezen", "refused"),
    ("handout.sign", "Tekenen", "Sign"),
    ("handout.signed", "getekend", "signed"),
    ("handout.status.approved", "toegekend", "approved"),
    (
        "handout.status.awaiting",
        "wacht op handtekening",
        "awaiting signature",
    ),
    ("handout.status.refused", "afgewezen", "refused"),
    ("handout.status.undetermined", "niet te bepalen", "undetermined"),
    (
        "handout.title",
        "Financiële handreiking DT&V",
        "DT&V financial hand-out",
    ),
    ("in_kind.amount", "Bedrag", "Amount"),
    ("in_kind.book", "Post boeken", "Book an item"),
    ("in_kind.cancel", "Vervalt", "Cancel"),
    ("in_kind.cap", "Plafond", "Cap"),
    ("in_kind.cash", "Waarvan contant", "Of which cash"),
    ("in_kind.cash_short", "contant", "cash"),
    ("in_kind.category", "Waarvoor", "For"),
    ("in_kind.category.business", "Eigen bedrijf", "Business"),
    ("in_kind.category.education", "Opleiding", "Education"),
    ("in_kind.category.housing", "Huisvesting", "Housing"),
    ("in_kind.category.medical", "Medisch", "Medical"),
    ("in_kind.category.other", "Anders", "Other"),
    ("in_kind.category.travel", "Reis en bagage", "Travel and goods"),
    ("in_kind.committed", "Gepland en besteed", "Planned and spent"),
    ("in_kind.note", "Toelichting", "Note"),
    ("in_kind.on", "Datum", "Date"),
    ("in_kind.paid", "Betaald", "Paid"),
    (
        "in_kind.persons",
        "volwassenen + minderjarigen:",
        "adults + minors:",
    ),
    ("in_kind.receipt", "Bon", "Receipt"),
    ("in_kind.remaining", "Ruimte over", "Room left"),
    ("in_kind.spend", "Besteed", "Mark spent"),
    ("in_kind.spent", "Besteed", "Spent"),
    ("in_kind.status", "Stand", "Status"),
    ("in_kind.status.cancelled", "vervallen", "cancelled"),
    ("in_kind.status.planned", "gepland", "planned"),
    ("in_kind.status.spent", "besteed", "spent"),
    ("in_kind.supplier", "Leverancier", "Supplier"),
    ("in_kind.title", "Ondersteuning in natura", "In-kind support"),
    (
        "in_kind.unknown.date_of_birth",
        "Het plafond hangt af van leeftijd: leg de geboortedatum vast van iedereen in het huishouden.",
        "The cap depends on age: record the date of birth of everyone in the household.",
    ),
    (
        "in_kind.unknown.policy",
        "Voor de startdatum van het traject is geen plafond bekend.",
        "No cap is known for the day the trajectory started.",
    ),
    ("kind.closure", "Afsluiting", "Closure"),
    ("kind.contact", "Contact", "Contact"),
    ("kind.decision", "Beslissing", "Decision"),
    ("kind.document", "Document", "Document"),
    ("kind.household_member", "Gezinslid", "Household member"),
    ("kind.procedure_event", "Procedure", "Procedure"),
    ("kind.referral", "Doorverwijzing", "Referral"),
    ("kind.refusal", "Weigering", "Refusal"),
    ("kind.stay", "Verblijf", "Stay"),
    ("kind.trajectory", "Traject", "Trajectory"),
    ("lang.switch", "English", "Nederlands"),
    (
        "login.code",
        "Code (alleen met tweestapsverificatie)",
        "Code (only with two-step verification)",
    ),
    ("login.password", "Wachtwoord", "Password"),
    ("login.title", "Inloggen bij terugkeer", "Log in to terugkeer"),
    ("login.username", "Gebruikersnaam", "Username"),
    (
        "monitoring.appreciation",
        "Waardering van de teruggekeerde (1–5)",
        "The returnee's appreciation (1–5)",
    ),
    (
        "monitoring.category",
        "Uitkomst (SVT-kader)",
        "Outcome (SVT framework)",
    ),
    (
        "monitoring.category.fully_realised",
        "1. plan volledig gerealiseerd",
        "1. plan fully realised",
    ),
    (
        "monitoring.category.not_realised_good_prospects",
        "3. plan niet gerealiseerd, wel goede vooruitzichten",
        "3. plan not realised, but good prospects",
    ),
    (
        "monitoring.category.not_realised_no_prospects",
        "4. plan niet gerealiseerd, geen goede vooruitzichten",
        "4. plan not realised, no good prospects",
    ),
    (
        "monitoring.category.partly_good_prospects",
        "2. plan deels gerealiseerd, goede vooruitzichten",
        "2. plan partly realised, good prospects",
    ),
    ("monitoring.composite", "totaal", "overall"),
    ("monitoring.departed", "Vertrokken op", "Departed on"),
    ("monitoring.economic", "economisch", "economic"),
    (
        "monitoring.factors",
        "Succesfactoren (1, 2) of waarom niet gerealiseerd (3, 4)",
        "Success factors (1, 2) or why not realised (3, 4)",
    ),
    ("monitoring.held", "gesprek gevoerd op", "conversation held on"),
    ("monitoring.held_on", "Datum gesprek", "Date of the conversation"),
    ("monitoring.in_person", "persoonlijk", "in person"),
    ("monitoring.mode", "Vorm", "Mode"),
    ("monitoring.months", "maanden", "months"),
    ("monitoring.motivation", "Motivatie", "Motivation"),
    ("monitoring.not_worked", "Wat niet", "What did not"),
    ("monitoring.open", "nog te doen", "to do"),
    ("monitoring.phone", "telefonisch", "by phone"),
    (
        "monitoring.prospects",
        "Waarom wel of geen goede vooruitzichten (3, 4)",
        "Why there are or are not good prospects (3, 4)",
    ),
    ("monitoring.psychosocial", "psychosociaal", "psychosocial"),
    (
        "monitoring.record",
        "Gesprek vastleggen",
        "Record the conversation",
    ),
    (
        "monitoring.rss",
        "Duurzaamheid van re-integratie (1 = slechtst, 5 = best)",
        "Sustainability of reintegration (1 = worst, 5 = best)",
    ),
    ("monitoring.save", "Gesprek opslaan", "Save the conversation"),
    ("monitoring.social", "sociaal", "social"),
    (
        "monitoring.title",
        "Monitoring na terugkeer",
        "Monitoring after return",
    ),
    ("monitoring.worked", "Wat werkte", "What worked"),
    ("nav.account", "Mijn account", "My account"),
    ("nav.clients", "Cliënten", "Clients"),
    ("nav.dashboard", "Overzicht", "Dashboard"),
    ("nav.handouts", "Handreikingen", "Hand-outs"),
    ("nav.projects", "Projecten", "Projects"),
    ("nav.reports", "Rapportages", "Reports"),
    ("nav.users", "Gebruikers", "Users"),
    ("nav.verifications", "Verificaties", "Verifications"),
    ("no", "nee", "no"),
    ("none", "geen", "none"),
    ("open", "open", "open"),
    (
        "opt.absconded",
        "Met onbekende bestemming vertrokken",
        "Absconded",
    ),
    ("opt.accelerated", "Versnelde procedure", "Accelerated procedure"),
    ("opt.afdelingsmanager", "Afdelingsmanager", "Department manager"),
    (
        "opt.after_term",
        "Na de vertrektermijn",
        "After the departure term",
    ),
    ("opt.appeal", "Beroep loopt", "Appeal pending"),
    (
        "opt.appeal_finally_rejected",
        "Beroep definitief afgewezen",
        "Appeal finally rejected",
    ),
    ("opt.appeal_lodged", "Beroep ingesteld", "Appeal lodged"),
    ("opt.approved", "goedgekeurd", "approved"),
    (
        "opt.arranging_documents",
        "Regelt documenten",
        "Arranging documents",
    ),
    (
        "opt.asylum_rejected",
        "Asielaanvraag afgewezen",
        "Asylum application rejected",
    ),
    ("opt.awaiting", "wacht op handtekeningen", "awaiting signatures"),
    ("opt.azc", "AZC", "AZC (asylum seekers' centre)"),
    ("opt.bewaring", "Vreemdelingenbewaring", "Immigration detention"),
    ("opt.birth_certificate", "Geboorteakte", "Birth certificate"),
    ("opt.border", "Grensprocedure", "Border procedure"),
    ("opt.closed", "Afgesloten", "Closed"),
    (
        "opt.contacting_community",
        "Benadert kerk, moskee, diaspora of kennissen",
        "Contacting church, mosque, diaspora or acquaintances",
    ),
    ("opt.contacting_iom", "Benadert IOM", "Contacting IOM"),
    ("opt.decided", "besloten", "decided"),
    ("opt.den_haag", "Den Haag (DT&V)", "The Hague (DT&V)"),
    ("opt.departed", "Vertrokken", "Departed"),
    (
        "opt.departure_term",
        "Vertrektermijn loopt",
        "Departure term running",
    ),
    ("opt.elders", "Elders / zonder opvang", "Elsewhere / no shelter"),
    ("opt.empowerment", "Empowerment", "Empowerment"),
    ("opt.forced_return", "gedwongen terugkeer", "forced return"),
    ("opt.gezinslocatie", "Gezinslocatie", "Family location"),
    ("opt.granted", "Toegekend", "Granted"),
    ("opt.guidance_time", "Tijd voor begeleiding", "Time for guidance"),
    ("opt.handed_to_avim", "Overgedragen aan AVIM", "Handed to AVIM"),
    ("opt.handreiking", "Financiële handreiking", "Financial hand-out"),
    (
        "opt.heavy",
        "Zwaar (meer dan 5 jaar)",
        "Heavy (more than 5 years)",
    ),
    ("opt.in_person", "Persoonlijk", "In person"),
    ("opt.intake", "Intake", "Intake"),
    ("opt.iom", "IOM", "IOM"),
    ("opt.laissez_passer", "Laissez-passer", "Laissez-passer"),
    ("opt.left_reception", "Opvang verlaten", "Left reception"),
    ("opt.letter", "Brief", "Letter"),
    ("opt.light", "Licht (tot 5 jaar)", "Light (up to 5 years)"),
    ("opt.lto", "LTO / LKO", "LTO / LKO"),
    ("opt.ngo", "De maatschappelijke organisatie", "The NGO"),
    ("opt.none", "Geen", "None"),
    ("opt.noodopvang", "Noodopvang / LVV", "Emergency shelter / LVV"),
    ("opt.not_returning", "Keert niet terug", "Not returning"),
    (
        "opt.obtained_residence",
        "Verblijfsvergunning gekregen",
        "Obtained residence",
    ),
    ("opt.open", "Open", "Open"),
    (
        "opt.organisation_reports_serious",
        "Organisatie meldt dat het de cliënt ernst is",
        "An organisation reports the client is serious",
    ),
    (
        "opt.other_procedure_ended",
        "Andere procedure beëindigd",
        "Other procedure ended",
    ),
    (
        "opt.other_procedure_started",
        "Andere procedure gestart",
        "Other procedure started",
    ),
    (
        "opt.own",
        "Eigen middelen van de cliënt",
        "The client's own means",
    ),
    ("opt.passport", "Paspoort", "Passport"),
    ("opt.phone", "Telefonisch", "By phone"),
    ("opt.rao", "RAO", "RAO"),
    ("opt.received", "Ontvangen", "Received"),
    ("opt.refused", "Geweigerd", "Refused"),
    ("opt.regievoerder", "Regievoerder", "Regievoerder (DT&V)"),
    ("opt.regular", "Reguliere procedure", "Regular procedure"),
    ("opt.requested", "Aangevraagd", "Requested"),
    ("opt.return", "Terugkeer", "Return"),
    (
        "opt.seeking_contact",
        "Zoekt contact (sociale media e.d.)",
        "Seeking contact (social media etc.)",
    ),
    (
        "opt.senior_regievoerder",
        "Senior regievoerder",
        "Senior regievoerder",
    ),
    ("opt.stay_extension", "Verlenging verblijf", "Extension of stay"),
    (
        "opt.term_extension",
        "Verlenging vertrektermijn",
        "Extension of the departure term",
    ),
    ("opt.trajectory", "Traject loopt", "Trajectory running"),
    ("opt.undetermined", "onbepaald", "undetermined"),
    ("opt.vbl", "VBL", "VBL (restricted-freedom location)"),
    (
        "opt.verification_withdrawn",
        "Verificatie ingetrokken",
        "Verification withdrawn",
    ),
    ("opt.video", "Video", "Video"),
    ("opt.voluntary", "zelfstandige terugkeer", "independent return"),
    ("overdue", "verlopen", "overdue"),
    ("page.next", "Volgende", "Next"),
    ("page.of", "van", "of"),
    ("page.previous", "Vorige", "Previous"),
    ("progress.basis", "Grondslag", "Legal basis"),
    (
        "progress.compose",
        "Concept maken uit de contacten van de periode",
        "Compose a draft from the period's contacts",
    ),
    ("progress.draft", "Concept voor", "Draft for"),
    ("progress.due", "uiterlijk", "due"),
    (
        "progress.due_none",
        "Geen rapportages te doen deze week.",
        "No reports due this week.",
    ),
    ("progress.due_title", "Rapportages aan DT&V", "Reports to DT&V"),
    ("progress.next", "Volgende rapportage", "Next report"),
    (
        "progress.reason",
        "Reden (verplicht bij afwijking)",
        "Reason (required for an override)",
    ),
    ("progress.save", "Concept opslaan", "Save draft"),
    ("progress.send", "Versturen", "Send"),
    ("progress.sent", "Verstuurde rapportages", "Reports sent"),
    ("progress.title", "Voortgang aan DT&V", "Progress to DT&V"),
    ("project", "Project", "Project"),
    (
        "project.active",
        "Deelnemers in de periode",
        "Participants in the period",
    ),
    ("project.budget", "Begroting", "Budget"),
    (
        "project.by_participant",
        "In natura per deelnemer",
        "In kind per participant",
    ),
    ("project.chart.budget", "Begroting gebruikt", "Budget used"),
    ("project.chart.costs", "Kosten per categorie", "Costs by category"),
    (
        "project.chart.departures",
        "Vertrek per maand",
        "Departures per month",
    ),
    (
        "project.chart.monitoring",
        "Uitkomsten monitoring",
        "Monitoring outcomes",
    ),
    ("project.client", "Cliënt", "Client"),
    ("project.conditions", "Subsidievoorwaarden", "Subsidy conditions"),
    ("project.costs", "Kosten in natura", "In-kind costs"),
    ("project.create", "Project aanmaken", "Create project"),
    (
        "project.departures",
        "Vertrek en afsluiting",
        "Departures and closures",
    ),
    ("project.eligible", "Subsidiabele kosten", "Eligible costs"),
    ("project.ends_on", "Eindigt op", "Ends on"),
    ("project.funder.amif", "AMIF", "AMIF"),
    ("project.funder.other", "Overige financiering", "Other funding"),
    (
        "project.funder.return_subsidy",
        "Terugkeersubsidie (SVT/OZV)",
        "Return subsidy (SVT/OZV)",
    ),
    ("project.label", "Omschrijving", "Item"),
    (
        "project.mean_score",
        "Gemiddelde duurzaamheidsscore",
        "Mean sustainability score",
    ),
    (
        "project.monitoring",
        "Monitoring na terugkeer",
        "Monitoring after return",
    ),
    ("project.name", "Project", "Project"),
    ("project.new", "Nieuw project", "New project"),
    ("project.number", "Aantal of cent", "Number or cents"),
    ("project.participants", "Deelnemers", "Participants"),
    ("project.per_participant", "Per deelnemer", "Per participant"),
    (
        "project.periods",
        "Rapportageperioden (één per regel: eerste en laatste dag)",
        "Reporting periods (one a line: first and last day)",
    ),
    ("project.refused", "Geweigerd", "Refused"),
    ("project.report", "Projectrapportage", "Project report"),
    ("project.section", "Onderdeel", "Section"),
    (
        "project.sent",
        "Verificatieformulieren verstuurd",
        "Verification forms sent",
    ),
    ("project.shown", "Weergave", "Shown"),
    ("project.span", "Looptijd", "Runs"),
    ("project.spent", "Besteed in de periode", "Spent in the period"),
    (
        "project.spent_to_date",
        "Besteed tot en met de periode",
        "Spent to the end of the period",
    ),
    (
        "project.started",
        "Waarvan gestart in de periode",
        "Of which started in the period",
    ),
    ("project.starts_on", "Begint op", "Starts on"),
    ("project.unit", "Eenheid", "Unit"),
    (
        "project.verification",
        "Aanmelding bij DT&V",
        "Registration with DT&V",
    ),
    ("project.verified", "Geverifieerd", "Verified"),
    ("record.by", "Door (rollen)", "By (roles)"),
    ("record.cash_cents", "Contant (EUR)", "Cash (EUR)"),
    (
        "record.cooperating",
        "Werkt aantoonbaar mee",
        "Demonstrably cooperating",
    ),
    ("record.date_of_birth", "Geboortedatum", "Date of birth"),
    ("record.days", "Dagen", "Days"),
    ("record.decision", "Beslissing over", "Decision on"),
    (
        "record.departed_with",
        "Vertrek georganiseerd door",
        "Departure organised by",
    ),
    ("record.destination", "Bestemming", "Destination"),
    ("record.document", "Document", "Document"),
    ("record.event", "Gebeurtenis", "Event"),
    ("record.from", "Vanaf", "From"),
    (
        "record.goals",
        "Doelen (plan van aanpak)",
        "Goals (plan of approach)",
    ),
    (
        "record.handreiking_cents",
        "Financiële handreiking (EUR)",
        "Financial hand-out (EUR)",
    ),
    (
        "record.in_kind_cents",
        "Ondersteuning in natura (EUR)",
        "In-kind support (EUR)",
    ),
    (
        "record.indicators",
        "Graadmeters van meewerken",
        "Cooperation indicators",
    ),
    ("record.mode", "Wijze", "Mode"),
    ("record.name", "Naam", "Name"),
    ("record.notes", "Notities", "Notes"),
    ("record.on", "Datum", "Date"),
    ("record.outcome", "Uitkomst", "Outcome"),
    (
        "record.planned_departure_on",
        "Gepland vertrek",
        "Planned departure",
    ),
    ("record.procedure_type", "Soort procedure", "Procedure type"),
    ("record.project", "Project", "Project"),
    ("record.reason", "Reden", "Reason"),
    ("record.setting", "Verblijfplaats", "Setting"),
    ("record.status", "Stand", "Status"),
    ("record.to", "Tot en met / aan", "Until / to"),
    ("record.trajectory", "Soort traject", "Kind of trajectory"),
    (
        "reports.by_eligibility",
        "Mag deelnemen aan een project",
        "Eligible for a project",
    ),
    ("reports.by_project", "Per project", "By project"),
    ("reports.by_status", "Per status", "By status"),
    (
        "reports.intro",
        "Aantallen cliënten van de organisatie, zonder namen.",
        "Counts of the organisation's clients, without names.",
    ),
    ("reports.total", "Totaal", "Total"),
    ("role.admin", "beheerder", "administrator"),
    ("role.auditor", "auditor", "auditor"),
    ("role.caseworker", "begeleider", "caseworker"),
    ("role.coordinator", "coördinator", "coordinator"),
    ("role.partner", "regievoerder DT&V", "DT&V regievoerder"),
    (
        "rule.already_participating",
        "Neemt niet al deel aan een ander project",
        "Not already in another project",
    ),
    ("rule.article_1f", "Geen artikel 1F", "No article 1F"),
    (
        "rule.criminal_record",
        "Geen criminele antecedenten",
        "No criminal record",
    ),
    (
        "rule.departure_term_end",
        "Einde vertrektermijn",
        "End of the departure term",
    ),
    ("rule.excluded_country", "Land van herkomst", "Country of origin"),
    ("rule.handreiking", "Financiële handreiking", "Financial hand-out"),
    (
        "rule.heavy_entry_ban",
        "Geen zwaar inreisverbod",
        "No heavy entry ban",
    ),
    (
        "rule.in_kind_limit",
        "Maximum ondersteuning in natura",
        "In-kind support limit",
    ),
    (
        "rule.monitoring",
        "Monitoring na terugkeer",
        "Monitoring after return",
    ),
    (
        "rule.previous_support",
        "Niet eerder ondersteund",
        "Not supported before",
    ),
    (
        "rule.procedure_pending",
        "Geen lopende procedure",
        "No procedure pending",
    ),
    ("rule.reception_end", "Einde opvang", "End of reception"),
    (
        "rule.support_in_nl_end",
        "Einde begeleiding in Nederland",
        "End of support in the Netherlands",
    ),
    ("rule.target_group", "Doelgroep", "Target group"),
    (
        "rule.term_start",
        "Begin vertrektermijn",
        "Start of the departure term",
    ),
    ("rule.tipping_point", "Kantelpunt", "Tipping point"),
    ("setting", "Verblijfplaats", "Setting"),
    ("share.action", "Delen", "Share"),
    ("share.none", "Met niemand gedeeld.", "Not shared with anyone."),
    ("share.stop", "Niet meer delen", "Stop sharing"),
    ("share.title", "Gedeeld met", "Shared with"),
    (
        "share.with",
        "Delen met collega (gebruikersnaam)",
        "Share with colleague (username)",
    ),
    ("stage", "Fase", "Stage"),
    (
        "stage.after_term",
        "Na de vertrektermijn",
        "After the departure term",
    ),
    ("stage.appeal", "Beroep loopt", "Appeal pending"),
    ("stage.closed", "Afgesloten", "Closed"),
    (
        "stage.departure_term",
        "Vertrektermijn loopt",
        "Departure term running",
    ),
    ("stage.intake", "Intake", "Intake"),
    ("stage.trajectory", "Traject loopt", "Trajectory running"),
    ("status", "Status", "Status"),
    ("summary.printed", "Samenvatting van het dossier", "Case summary"),
    ("timeline.add", "Gegeven toevoegen", "Add to the file"),
    ("timeline.title", "Tijdlijn", "Timeline"),
    ("transparency.amount", "Toegekend bedrag", "Amount approved"),
    ("transparency.asked", "Aangevraagd", "Asked"),
    ("transparency.country", "Land", "Country"),
    (
        "transparency.intro",
        "Aantallen en bedragen per reden en land van terugkeer; nooit namen.",
        "Counts and amounts by reason and country of return; never names.",
    ),
    ("transparency.show", "Tonen", "Show"),
    (
        "transparency.title",
        "Transparantie financiële handreikingen",
        "Transparency of financial hand-outs",
    ),
    ("transparency.total", "Totaal", "Total"),
    ("transparency.year", "Jaar", "Year"),
    ("unassigned", "niet toegewezen", "unassigned"),
    ("unknown", "onbekend", "unknown"),
    ("users.add", "Gebruiker toevoegen", "Add user"),
    (
        "users.add_organisation",
        "Organisatie toevoegen",
        "Add organisation",
    ),
    (
        "users.dtv_function",
        "Functie bij DT&V (regievoerders)",
        "Function at DT&V (regievoerders)",
    ),
    ("users.name", "Naam", "Name"),
    ("users.organisation", "Organisatie", "Organisation"),
    (
        "users.password",
        "Eerste wachtwoord (minstens 12 tekens)",
        "First password (at least 12 characters)",
    ),
    ("users.role", "Rol", "Role"),
    ("users.username", "Gebruikersnaam", "Username"),
    ("verification.all", "Alle", "All"),
    ("verification.client", "Cliënt", "Client"),
    ("verification.decided", "Besloten", "Decided"),
    ("verification.download", "Formulier", "Form"),
    ("verification.due", "Antwoord DT&V uiterlijk", "DT&V's answer due"),
    ("verification.form", "Verificatieformulier", "Verification form"),
    ("verification.ground", "Weigeringsgrond", "Ground for refusal"),
    (
        "verification.ground.conviction",
        "veroordeling (zeden, mensenhandel of -smokkel)",
        "conviction (sexual offences, trafficking or smuggling)",
    ),
    (
        "verification.ground.excluded_nationality",
        "uitgesloten nationaliteit",
        "excluded nationality",
    ),
    (
        "verification.ground.heavy_entry_ban",
        "inreisverbod van meer dan vijf jaar",
        "entry ban of more than five years",
    ),
    (
        "verification.ground.other",
        "andere grond (zie toelichting)",
        "other ground (see note)",
    ),
    (
        "verification.ground.prior_participation",
        "eerdere of lopende deelname aan een project in natura",
        "earlier or current participation in an in-kind project",
    ),
    ("verification.list", "Verificatielijst", "Verification list"),
    (
        "verification.list_intro",
        "De aanmeldingen bij DT&V van uw cliënten, met status en data; wachtende eerst, op de datum waarop het antwoord van DT&V verwacht wordt.",
        "Your clients' registrations with DT&V, with status and dates; waiting ones first, by the day DT&V's answer is due.",
    ),
    (
        "verification.new",
        "Nieuw verificatieformulier",
        "New verification form",
    ),
    ("verification.none", "Geen aanmeldingen.", "No registrations."),
    (
        "verification.note",
        "Toelichting (geen details over strafbare feiten)",
        "Note (no details of offences)",
    ),
    ("verification.on", "Datum", "Date"),
    ("verification.overdue", "te laat", "overdue"),
    ("verification.reason", "Reden", "Reason"),
    (
        "verification.refuse",
        "Weigering vastleggen",
        "Record the refusal",
    ),
    ("verification.status", "Status", "Status"),
    ("verification.status.draft", "concept", "draft"),
    ("verification.status.refused", "geweigerd", "refused"),
    ("verification.status.submitted", "verstuurd", "submitted"),
    ("verification.status.verified", "geverifieerd", "verified"),
    ("verification.status.withdrawn", "ingetrokken", "withdrawn"),
    ("verification.submit", "Versturen vastleggen", "Record as sent"),
    ("verification.submitted", "Verstuurd", "Sent"),
    (
        "verification.title",
        "Aanmelding bij DT&V (verificatieformulier)",
        "Registration with DT&V (verification form)",
    ),
    (
        "verification.to",
        "Verstuurd aan (DT&V-locatie of regievoerder)",
        "Sent to (DT&V location or regievoerder)",
    ),
    (
        "verification.verify",
        "Geverifieerd vastleggen",
        "Record as verified",
    ),
    ("verification.withdraw", "Intrekken", "Withdraw"),
    ("version", "versie", "version"),
    ("yes", "ja", "yes"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_unique() {
        for w in WORDS.windows(2) {
            if let [a, b] = w {
                assert!(a.0 < b.0, "{} must come before {}", b.0, a.0);
            }
        }
    }

    #[test]
    fn every_key_used_by_templates_and_forms_exists() {
        let templates = [
            include_str!("../templates/base.html"),
            include_str!("../templates/client.html"),
            include_str!("../templates/client_form.html"),
            include_str!("../templates/clients.html"),
            include_str!("../templates/dashboard.html"),
            include_str!("../templates/error.html"),
            include_str!("../templates/field.html"),
            include_str!("../templates/line.html"),
            include_str!("../templates/login.html"),
            include_str!("../templates/panel.html"),
            include_str!("../templates/record_form.html"),
            include_str!("../templates/rows.html"),
            include_str!("../templates/summary.html"),
            include_str!("../templates/account.html"),
            include_str!("../templates/reports.html"),
            include_str!("../templates/users.html"),
            include_str!("../templates/verifications.html"),
            include_str!("../templates/transparency.html"),
            include_str!("../templates/projects.html"),
            include_str!("../templates/project.html"),
        ];
        let mut missing = Vec::new();
        for t in templates {
            for part in t.split("t.s(\"").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                if !Tr::has(key) {
                    missing.push(key.to_owned());
                }
            }
        }
        // Keys built in code: every field label, record kind, stage and deadline kind.
        let fields = crate::forms::CLIENT.iter().map(|f| format!("client.{}", f.name));
        let kinds = crate::forms::RECORD_KINDS
            .iter()
            .chain(&["closure"])
            .flat_map(|k| {
                let fs = crate::forms::record_fields(k).unwrap_or_default();
                fs.iter()
                    .map(|f| format!("record.{}", f.name))
                    .chain([format!("kind.{k}")])
                    .collect::<Vec<_>>()
            });
        let stages = terugkeer_domain::summary::Stage::ALL
            .iter()
            .map(|s| format!("stage.{}", s.as_str()));
        let deadlines = [
            "departure_term_end",
            "reception_end",
            "support_in_nl_end",
            "planned_departure",
        ]
        .iter()
        .map(|k| format!("deadline.{k}"));
        for key in fields.chain(kinds).chain(stages).chain(deadlines) {
            if !Tr::has(&key) {
                missing.push(key);
            }
        }
        assert!(missing.is_empty(), "missing words: {missing:?}");
    }

    #[test]
    fn lookup_falls_back_to_the_key() {
        let en = Tr { lang: Lang::En };
        let nl = Tr { lang: Lang::Nl };
        assert_eq!(en.s("nav.clients"), "Clients");
        assert_eq!(nl.s("nav.clients"), "Cliënten");
        assert_eq!(nl.s("no.such.key"), "no.such.key");
    }
}
