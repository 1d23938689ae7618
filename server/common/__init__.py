"""Small shared helpers: money, clock, ids, Spanish messages."""
