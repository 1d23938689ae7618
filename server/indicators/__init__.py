"""Government indicators: configurable formulas, stored monthly snapshots, the PIGOO export; strategy effectiveness and field productivity."""
