"""Web Push (SYNC.md "Web Push"): device subscriptions, and waking field devices after a
commit with a small encrypted message that carries ids only.

Callers use `server.webpush.service.notify_users(session, user_ids, payload, topic=...)`
inside their unit of work; the message is queued as a job only once that unit commits.
"""
