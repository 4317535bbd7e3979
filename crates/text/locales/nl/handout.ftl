## Hand-outs in cash and their signatures; the transparency report.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

handout-ask = Handreiking aanvragen
handout-awaited = wacht
handout-by-den_haag = Den Haag beslist
handout-by-regio = regio tekent
handout-motivation = Individuele motivatie
handout-negotiation = Onderhandeling
handout-reason = Reden
handout-reason-living_conditions = Betere leefomstandigheden thuis
handout-reason-not_deportable = Motivatie bij niet-uitzetbaarheid
handout-reason-other = Anders
handout-reason-scheme_changed = Regeling voor het land net gewijzigd
handout-reason-special_situation = Bijzondere situatie
handout-reason-starting_conditions = Betere startpositie
handout-receipts = Bonnen
handout-record = Vastleggen
handout-refuse = Afwijzen
handout-refused = afgewezen
handout-sign = Tekenen
handout-signed = getekend
handout-status-approved = toegekend
handout-status-awaiting = wacht op handtekening
handout-status-refused = afgewezen
handout-status-undetermined = niet te bepalen
handout-title = Financiële handreiking DT&V
transparency-amount = Toegekend bedrag
transparency-asked = Aangevraagd
transparency-country = Land
transparency-intro = Aantallen en bedragen per reden en land van terugkeer; nooit namen.
transparency-pdf = Als PDF (om te versturen of af te drukken)
transparency-show = Tonen
transparency-title = Transparantie financiële handreikingen
transparency-total = Totaal
transparency-year = Jaar
