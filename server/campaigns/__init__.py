"""Collection programs: selection rules over the arrears, and the notices they create."""
