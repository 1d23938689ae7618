"""Staff users, roles, login/refresh/logout and token revocation."""
