"""field-sync v1 (SYNC.md): clients, push, pull, blobs and the handler registry."""
