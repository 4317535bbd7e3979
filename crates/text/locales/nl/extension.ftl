## Requests to extend a stay or a term, and their decisions.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

extension-ask = Verlenging vragen
extension-asked = gevraagd op
extension-days = dagen
extension-days_granted = Dagen toegekend
extension-decide = Besluit vastleggen
extension-granted = toegekend
extension-kind = Wat
extension-kind-handreiking = financiële handreiking
extension-kind-stay_extension = verlenging verblijf in de opvang
extension-kind-term_extension = verlenging vertrektermijn
extension-outcome = Besluit
extension-refused = afgewezen
extension-status-approved = toegekend
extension-status-pending = in behandeling
extension-status-refused = afgewezen
extension-status-withdrawn = ingetrokken (zaak afgesloten)
extension-title = Verlenging (extra tijd)
extension-who = Moet instemmen
