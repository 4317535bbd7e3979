## The organisation's reports overview.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

reports-by_eligibility = Mag deelnemen aan een project
reports-by_project = Per project
reports-by_status = Per status
reports-intro = Aantallen cliënten van de organisatie, zonder namen.
reports-total = Totaal
