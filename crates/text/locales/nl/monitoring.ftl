## Monitoring conversations 6 and 12 months after departure.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

monitoring-appreciation = Waardering van de teruggekeerde (1–5)
monitoring-category = Uitkomst (SVT-kader)
monitoring-category-fully_realised = 1. plan volledig gerealiseerd
monitoring-category-not_realised_good_prospects = 3. plan niet gerealiseerd, wel goede vooruitzichten
monitoring-category-not_realised_no_prospects = 4. plan niet gerealiseerd, geen goede vooruitzichten
monitoring-category-partly_good_prospects = 2. plan deels gerealiseerd, goede vooruitzichten
monitoring-composite = totaal
monitoring-departed = Vertrokken op
monitoring-economic = economisch
monitoring-factors = Succesfactoren (1, 2) of waarom niet gerealiseerd (3, 4)
monitoring-held = gesprek gevoerd op
monitoring-held_on = Datum gesprek
monitoring-in_person = persoonlijk
monitoring-mode = Vorm
monitoring-months = maanden
monitoring-motivation = Motivatie
monitoring-not_worked = Wat niet
monitoring-open = nog te doen
monitoring-phone = telefonisch
monitoring-prospects = Waarom wel of geen goede vooruitzichten (3, 4)
monitoring-psychosocial = psychosociaal
monitoring-record = Gesprek vastleggen
monitoring-rss = Duurzaamheid van re-integratie (1 = slechtst, 5 = best)
monitoring-save = Gesprek opslaan
monitoring-social = sociaal
monitoring-title = Monitoring na terugkeer
monitoring-worked = Wat werkte
