## Users and organisations.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

role-admin = beheerder
role-auditor = auditor
role-caseworker = begeleider
role-coordinator = coördinator
role-partner = regievoerder DT&V
users-add = Gebruiker toevoegen
users-add_organisation = Organisatie toevoegen
users-dtv_function = Functie bij DT&V (regievoerders)
users-name = Naam
users-organisation = Organisatie
users-password = Eerste wachtwoord (minstens 12 tekens)
users-role = Rol
users-username = Gebruikersnaam
