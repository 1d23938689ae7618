"""The ledger: charges, payments and their allocation, credits, extraordinary charges."""
