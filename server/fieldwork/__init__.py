"""Field work: routes, stops, visits (append-only facts) and their evidence."""
