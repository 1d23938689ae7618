"""Bulk imports of the registry (padrón) and the ledger (cargos, pagos, créditos) from CSV/XLSX."""
