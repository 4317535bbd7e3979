## The conversation per client between the NGO and DT&V.
## Ids are the keys the code uses with "-" for ".": t.s("message.title") reads message-title.

exchange-message = message: { $kind }
message-about = About
message-about-extension = a request for extra time
message-about-extension_of = request for extra time of { $on }
message-about-handout = a hand-out
message-about-handout_of = hand-out of { $amount } ({ $on })
message-about-report = a progress report
message-about-report_of = progress report { $period }
message-about-verification = a registration with DT&V
message-about-verification_of = registration with DT&V { $on }
message-about_nothing = nothing in particular
message-body = Message
message-from-dtv = from DT&V
message-from-ngo = from the NGO
message-kind = Kind
message-kind-answer = Answer
message-kind-avim_handover = Announced hand-over to the AVIM
message-kind-departure_plan = Departure plan
message-kind-note = Note
message-kind-progress_request = Request for progress
message-kind-question = Question
message-kind-reminder = Reminder
message-new = new
message-none = No messages with DT&V yet.
message-received_on = On
message-record = Record what DT&V said outside the application
message-record_button = Record
message-recorded = recorded by { $organisation } from { $source } of { $on }
message-send = Send
message-source = How
message-source-email = an e-mail
message-source-letter = a letter
message-source-phone = a phone call
message-title = Messages with DT&V
message-unread = { $count ->
    [one] 1 new message
   *[other] { $count } new messages
}
message-what_dtv_said = What DT&V said
message-write_dtv = Message to DT&V
message-write_ngo = Message to the NGO
