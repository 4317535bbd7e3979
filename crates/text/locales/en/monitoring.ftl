## Monitoring conversations 6 and 12 months after departure.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

monitoring-appreciation = The returnee's appreciation (1–5)
monitoring-category = Outcome (SVT framework)
monitoring-category-fully_realised = 1. plan fully realised
monitoring-category-not_realised_good_prospects = 3. plan not realised, but good prospects
monitoring-category-not_realised_no_prospects = 4. plan not realised, no good prospects
monitoring-category-partly_good_prospects = 2. plan partly realised, good prospects
monitoring-composite = overall
monitoring-departed = Departed on
monitoring-economic = economic
monitoring-factors = Success factors (1, 2) or why not realised (3, 4)
monitoring-held = conversation held on
monitoring-held_on = Date of the conversation
monitoring-in_person = in person
monitoring-mode = Mode
monitoring-months = months
monitoring-motivation = Motivation
monitoring-not_worked = What did not
monitoring-open = to do
monitoring-phone = by phone
monitoring-prospects = Why there are or are not good prospects (3, 4)
monitoring-psychosocial = psychosocial
monitoring-record = Record the conversation
monitoring-rss = Sustainability of reintegration (1 = worst, 5 = best)
monitoring-save = Save the conversation
monitoring-social = social
monitoring-title = Monitoring after return
monitoring-worked = What worked
