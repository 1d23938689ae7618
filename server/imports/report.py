"""The outcome of an import: per-line errors and counts, as Spanish text and as a CSV."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

MODE_LABELS = {
    "all_or_nothing": "todo o nada",
    "skip_invalid": "omitir filas con errores",
    "dry_run": "simulación (no se escribe nada)",
}
KIND_LABELS = {"registry": "padrón de cuentas", "ledger": "cargos, pagos y créditos",
               "payments": "pagos de banco o caja"}


@dataclass(frozen=True)
class RowError:
    """One problem: the file's own line number (0 = the file as a whole), the column as
    written in the file's header (None when it concerns the whole row) and the reason."""

    line: int
    column: str | None
    message: str

    def text(self) -> str:
        """'Línea 7, columna «importe»: El importe debe ser mayor que cero.'"""
        if self.line <= 0:
            where = "Archivo"
        elif self.column:
            where = f"Línea {self.line}, columna «{self.column}»"
        else:
            where = f"Línea {self.line}"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """Counts and errors of one import.

    total_rows: data rows read (empty rows not counted); valid: rows that passed
    validation; imported: rows written to the database; skipped: rows not written.
    """

    total_rows: int = 0
    imported: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    kind: str = "registry"
    filename: str = ""
    mode: str = "all_or_nothing"
    valid: int = 0
    warnings: list[str] = field(default_factory=list)
    details: dict[str, int] = field(default_factory=dict)
    # A payment file's lines matched to accounts (server/imports/payments.py `preview`).
    preview: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No errors at all."""
        return not self.errors

    @property
    def failed(self) -> bool:
        """Nothing was (or, in a dry run, would be) imported because of errors."""
        return bool(self.errors) and self.imported == 0

    def error_lines(self) -> list[int]:
        """The distinct line numbers that have errors, in order."""
        return sorted({e.line for e in self.errors})

    def text(self, max_errors: int | None = 200) -> str:
        """The report a person reads, in Spanish."""
        out = [f"Importación de {KIND_LABELS.get(self.kind, self.kind)}: «{self.filename}» "
               f"(modo: {MODE_LABELS.get(self.mode, self.mode)})"]
        out.append(f"Filas leídas: {self.total_rows} · válidas: {self.valid} · "
                   f"importadas: {self.imported} · omitidas: {self.skipped} · "
                   f"con errores: {len(self.error_lines())}")
        labels = {"charges": "cargos", "payments": "pagos", "credits": "créditos",
                  "accounts": "cuentas"}
        if self.details:
            out.append("Registrados: " + ", ".join(
                f"{labels.get(k, k)}: {v}" for k, v in self.details.items()))
        out.append(self._verdict())
        out.extend(f"Aviso: {w}" for w in self.warnings)
        if self.errors:
            out.append("Errores:")
            shown = self.errors if max_errors is None else self.errors[:max_errors]
            out.extend(f"  {e.text()}" for e in shown)
            if len(shown) < len(self.errors):
                out.append(f"  ... y {len(self.errors) - len(shown)} errores más "
                           "(vea el reporte CSV completo).")
        return "\n".join(out)

    def verdict(self) -> str:
        """The one sentence that says what happened (or would happen)."""
        return self._verdict()

    def _verdict(self) -> str:
        if any(e.line <= 1 for e in self.errors):
            return ("No se importó nada: no se pudo leer el archivo como una tabla con los "
                    "encabezados esperados.")
        if self.dry_run:
            if self.ok:
                return (f"Simulación: {_rows(self.valid)} sin errores. No se escribió "
                        "nada en la base de datos.")
            return (f"Simulación: {self.valid} de {_rows(self.total_rows)} sin errores. No se "
                    "escribió nada en la base de datos.")
        if self.ok:
            return f"Importación terminada: {_rows(self.imported)} importadas."
        if self.imported == 0 and self.mode == "all_or_nothing":
            return ("No se importó nada: el archivo tiene errores y en el modo «todo o nada» "
                    "no se importan filas sueltas. Corrija los errores y vuelva a importar el "
                    "archivo, o importe solo las filas válidas.")
        if self.imported == 0:
            return "No se importó nada: ninguna fila es válida."
        return (f"Importadas: {_rows(self.imported)}. Omitidas por errores: "
                f"{_rows(self.skipped)}.")

    def errors_csv(self) -> str:
        """The errors as CSV text with the columns linea, columna, error."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(["linea", "columna", "error"])
        for e in self.errors:
            writer.writerow([e.line if e.line > 0 else "", e.column or "", e.message])
        return buf.getvalue()

    def write_errors_csv(self, path) -> None:
        """Write errors_csv() to `path` in UTF-8 with BOM, so Excel shows the accents."""
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(self.errors_csv())


def _rows(n: int) -> str:
    return "1 fila" if n == 1 else f"{n} filas"
