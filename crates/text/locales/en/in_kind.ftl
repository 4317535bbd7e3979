## The in-kind ledger and its receipts.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

attachment-file = Receipt (PDF, JPEG or PNG, up to 5 MB)
attachment-upload = Attach
in_kind-amount = Amount
in_kind-book = Book an item
in_kind-cancel = Cancel
in_kind-cap = Cap
in_kind-cash = Of which cash
in_kind-cash_short = cash
in_kind-category = For
in_kind-category-business = Business
in_kind-category-education = Education
in_kind-category-housing = Housing
in_kind-category-medical = Medical
in_kind-category-other = Other
in_kind-category-travel = Travel and goods
in_kind-committed = Planned and spent
in_kind-note = Note
in_kind-on = Date
in_kind-paid = Paid
in_kind-persons = adults + minors:
in_kind-receipt = Receipt
in_kind-remaining = Room left
in_kind-spend = Mark spent
in_kind-spent = Spent
in_kind-status = Status
in_kind-status-cancelled = cancelled
in_kind-status-planned = planned
in_kind-status-spent = spent
in_kind-supplier = Supplier
in_kind-title = In-kind support
in_kind-unknown-date_of_birth = The cap depends on age: record the date of birth of everyone in the household.
in_kind-unknown-policy = No cap is known for the day the trajectory started.
