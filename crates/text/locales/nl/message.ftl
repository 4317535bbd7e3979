## The conversation per client between the NGO and DT&V.
## Ids are the keys the code uses with "-" for ".": t.s("message.title") reads message-title.

exchange-message = bericht: { $kind }
message-about = Over
message-about-extension = een verzoek om verlenging
message-about-extension_of = verzoek om verlenging van { $on }
message-about-handout = een handreiking
message-about-handout_of = handreiking van { $amount } ({ $on })
message-about-report = een voortgangsrapportage
message-about-report_of = voortgangsrapportage { $period }
message-about-verification = een aanmelding bij DT&V
message-about-verification_of = aanmelding bij DT&V { $on }
message-about_nothing = niets in het bijzonder
message-body = Bericht
message-from-dtv = van DT&V
message-from-ngo = van de ngo
message-kind = Soort
message-kind-answer = Antwoord
message-kind-avim_handover = Aangekondigde overdracht aan de AVIM
message-kind-departure_plan = Vertrekplan
message-kind-note = Notitie
message-kind-progress_request = Vraag om voortgang
message-kind-question = Vraag
message-kind-reminder = Herinnering
message-new = nieuw
message-none = Nog geen berichten met DT&V.
message-received_on = Op
message-record = Vastleggen wat DT&V buiten de applicatie liet weten
message-record_button = Vastleggen
message-recorded = vastgelegd door { $organisation } uit { $source } van { $on }
message-send = Versturen
message-source = Hoe
message-source-email = e-mail
message-source-letter = brief
message-source-phone = telefoongesprek
message-title = Berichten met DT&V
message-unread = { $count ->
    [one] 1 nieuw bericht
   *[other] { $count } nieuwe berichten
}
message-what_dtv_said = Wat DT&V liet weten
message-write_dtv = Bericht aan DT&V
message-write_ngo = Bericht aan de ngo
