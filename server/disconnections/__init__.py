"""Restriction, disconnection, reconnection and re-inspection orders (DOMAIN.md "Collection process", SYNC.md "Conflict rules")."""
