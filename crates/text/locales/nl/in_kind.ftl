## The in-kind ledger and its receipts.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

attachment-file = Bon (PDF, JPEG of PNG, tot 5 MB)
attachment-upload = Bijvoegen
in_kind-amount = Bedrag
in_kind-book = Post boeken
in_kind-cancel = Vervalt
in_kind-cap = Plafond
in_kind-cash = Waarvan contant
in_kind-cash_short = contant
in_kind-category = Waarvoor
in_kind-category-business = Eigen bedrijf
in_kind-category-education = Opleiding
in_kind-category-housing = Huisvesting
in_kind-category-medical = Medisch
in_kind-category-other = Anders
in_kind-category-travel = Reis en bagage
in_kind-committed = Gepland en besteed
in_kind-note = Toelichting
in_kind-on = Datum
in_kind-paid = Betaald
in_kind-persons = volwassenen + minderjarigen:
in_kind-receipt = Bon
in_kind-remaining = Ruimte over
in_kind-spend = Besteed
in_kind-spent = Besteed
in_kind-status = Stand
in_kind-status-cancelled = vervallen
in_kind-status-planned = gepland
in_kind-status-spent = besteed
in_kind-supplier = Leverancier
in_kind-title = Ondersteuning in natura
in_kind-unknown-date_of_birth = Het plafond hangt af van leeftijd: leg de geboortedatum vast van iedereen in het huishouden.
in_kind-unknown-policy = Voor de startdatum van het traject is geen plafond bekend.
