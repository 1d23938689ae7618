"""Arrears clean-up: suspect account lists, reclassification and write-off proposals (two-person rule), write-offs as ledger credits."""
