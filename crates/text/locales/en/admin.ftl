## Users and organisations.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

role-admin = administrator
role-auditor = auditor
role-caseworker = caseworker
role-coordinator = coordinator
role-partner = DT&V regievoerder
users-add = Add user
users-add_organisation = Add organisation
users-dtv_function = Function at DT&V (regievoerders)
users-name = Name
users-organisation = Organisation
users-password = First password (at least 12 characters)
users-role = Role
users-username = Username
