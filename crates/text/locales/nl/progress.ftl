## Monthly reports to DT&V and the exchange ledger.
## Ids are the keys the code uses with "-" for ".": t.s("nav.clients") reads nav-clients.

basis-consent = toestemming van de cliënt
basis-override = afwijking (met reden)
basis-subsidy_obligation = subsidieverplichting (AVG art. 6 lid 1 sub c/e)
exchange-by = Door
exchange-counterpart = Met
exchange-direction = Richting
exchange-in = van DT&V
exchange-none = Nog niets gedeeld of ontvangen.
exchange-out = naar DT&V
exchange-title = Informatie-uitwisseling met DT&V
exchange-verification_form = aanmeldformulier verificatie
exchange-verification_verify = verificatie: aanmelding geverifieerd
exchange-verification_refuse = verificatie: aanmelding geweigerd
exchange-verification_withdraw = verificatie: aanmelding ingetrokken
exchange-what = Wat
progress-basis = Grondslag
progress-compose = Concept maken uit de contacten van de periode
progress-draft = Concept voor
progress-due = uiterlijk
progress-due_none = Geen rapportages te doen deze week.
progress-due_title = Rapportages aan DT&V
progress-next = Volgende rapportage
progress-reason = Reden (verplicht bij afwijking)
progress-save = Concept opslaan
progress-send = Versturen
progress-sent = Verstuurde rapportages
progress-title = Voortgang aan DT&V
exchange-progress_report = voortgangsrapportage { $period }

## The draft of a progress report (domain::progress::compose).
report-title = Voortgang
report-contacts = Contacten
report-cooperating = werkt mee
report-not_cooperating = werkt niet mee
report-no_contacts = Geen contacten vastgelegd.
report-also = Verder in deze periode
