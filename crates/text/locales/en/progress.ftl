## Monthly reports to DT&V and the exchange ledger.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

basis-consent = the client's consent
basis-override = override (with reason)
basis-subsidy_obligation = subsidy obligation (GDPR art. 6(1)(c)/(e))
exchange-by = By
exchange-counterpart = With
exchange-direction = Direction
exchange-in = from DT&V
exchange-none = Nothing shared or received yet.
exchange-out = to DT&V
exchange-title = Information exchange with DT&V
exchange-verification_form = verification form
exchange-verification_verify = verification: application verified
exchange-verification_refuse = verification: application refused
exchange-verification_withdraw = verification: application withdrawn
exchange-what = What
progress-basis = Legal basis
progress-compose = Compose a draft from the period's contacts
progress-draft = Draft for
progress-due = due
progress-due_none = No reports due this week.
progress-due_title = Reports to DT&V
progress-next = Next report
progress-reason = Reason (required for an override)
progress-save = Save draft
progress-send = Send
progress-sent = Reports sent
progress-title = Progress to DT&V
exchange-progress_report = progress report { $period }

## The draft of a progress report (domain::progress::compose).
report-title = Progress
report-contacts = Contacts
report-cooperating = cooperating
report-not_cooperating = not cooperating
report-no_contacts = No contacts recorded.
report-also = Also in this period
