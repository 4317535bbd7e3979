## The organisation's reports overview.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

reports-by_eligibility = Eligible for a project
reports-by_project = By project
reports-by_status = By status
reports-intro = Counts of the organisation's clients, without names.
reports-total = Total
