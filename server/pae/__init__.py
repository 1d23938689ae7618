"""PAE debtor list: selection, legal data per debtor, prescription horizon, payment demand drafts, sending to PAE."""
