"""The transactional outbox: work a committed change has promised, kept until it is done.

A service that changes the register and owes the world an email or a publication does not
hand it to the broker: it calls `outbox.messages.schedule(task, *args)` inside its transaction,
which writes a Message row beside the change. Both commit or neither does. Once committed, the
message is offered to Celery (`deliver`); if the broker is down, or the worker dies mid-task,
the row waits, and beat's `drain` (every minute) delivers it. Each delivery runs the task's
body and marks the row delivered in one database transaction, so its database effects happen
exactly once and an email is sent once (see messages.deliver for the one window left).
"""
