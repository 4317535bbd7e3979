## Hand-outs in cash and their signatures; the transparency report.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

handout-ask = Ask for a hand-out
handout-awaited = awaited
handout-by-den_haag = Den Haag decides
handout-by-regio = signed in the region
handout-motivation = Individual motivation
handout-negotiation = Negotiation
handout-reason = Reason
handout-reason-living_conditions = Better living conditions at home
handout-reason-not_deportable = Motivation when not deportable
handout-reason-other = Other
handout-reason-scheme_changed = Support scheme for the country just changed
handout-reason-special_situation = Special situation
handout-reason-starting_conditions = Better starting conditions
handout-receipts = Receipts
handout-record = Record
handout-refuse = Refuse
handout-refused = refused
handout-sign = Sign
handout-signed = signed
handout-status-approved = approved
handout-status-awaiting = awaiting signature
handout-status-refused = refused
handout-status-undetermined = undetermined
handout-title = DT&V financial hand-out
transparency-amount = Amount approved
transparency-asked = Asked
transparency-country = Country
transparency-intro = Counts and amounts by reason and country of return; never names.
transparency-pdf = As PDF (to send or print)
transparency-show = Show
transparency-title = Transparency of financial hand-outs
transparency-total = Total
transparency-year = Year
