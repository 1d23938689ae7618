"""Notices (invitations and formal demands) and their legal service records."""
