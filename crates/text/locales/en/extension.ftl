## Requests to extend a stay or a term, and their decisions.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

extension-ask = Ask for an extension
extension-asked = asked on
extension-days = days
extension-days_granted = Days granted
extension-decide = Record the decision
extension-granted = granted
extension-kind = What
extension-kind-handreiking = financial hand-out
extension-kind-stay_extension = extension of the stay in reception
extension-kind-term_extension = extension of the departure term
extension-outcome = Decision
extension-refused = refused
extension-status-approved = approved
extension-status-pending = pending
extension-status-refused = refused
extension-status-withdrawn = withdrawn (case closed)
extension-title = Extension (extra time)
extension-who = Must agree
