"""Payment agreements (convenios): a signed payment plan for an account's debt."""
