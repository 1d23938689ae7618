"""Amounts in words for receipts, the way Mexican documents write them:
"DOSCIENTOS CINCUENTA PESOS 50/100 M.N.". Pure: no Flask, no database."""
from __future__ import annotations

from decimal import Decimal

from server.common.money import money

_UNITS = ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
          "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete",
          "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés",
          "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho",
          "veintinueve")
_TENS = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta",
         8: "ochenta", 9: "noventa"}
_HUNDREDS = {1: "ciento", 2: "doscientos", 3: "trescientos", 4: "cuatrocientos",
             5: "quinientos", 6: "seiscientos", 7: "setecientos", 8: "ochocientos",
             9: "novecientos"}


def _below_100(n: int) -> str:
    if n < 30:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + (f" y {_UNITS[unit]}" if unit else "")


def _below_1000(n: int) -> str:
    if n == 100:
        return "cien"
    hundreds, rest = divmod(n, 100)
    words = [_HUNDREDS[hundreds]] if hundreds else []
    if rest:
        words.append(_below_100(rest))
    return " ".join(words)


def _apocope(words: str) -> str:
    """'uno' before a noun (pesos, mil, millones) is 'un': veintiún, treinta y un."""
    if words.endswith("veintiuno"):
        return words[:-len("veintiuno")] + "veintiún"
    if words == "uno" or words.endswith(" uno"):
        return words[:-1]
    return words


def integer_words(n: int) -> str:
    """A non-negative whole number in Spanish words, apocopated as before a noun
    ('un', 'veintiún'), lower case: 1,000 → 'mil', 2,101 → 'dos mil ciento un'."""
    if n < 0:
        raise ValueError("negative amounts have no words on a receipt")
    if n == 0:
        return "cero"
    parts = []
    millions, rest = divmod(n, 1_000_000)
    if millions:
        parts.append("un millón" if millions == 1 else f"{integer_words(millions)} millones")
    thousands, units = divmod(rest, 1000)
    if thousands:
        parts.append("mil" if thousands == 1 else f"{_apocope(_below_1000(thousands))} mil")
    if units:
        parts.append(_apocope(_below_1000(units)))
    return " ".join(parts)


def amount_in_words(amount: Decimal | str | int) -> str:
    """'DOSCIENTOS CINCUENTA PESOS 50/100 M.N.' for 250.50; centavos always as NN/100."""
    value = money(amount)
    if value < 0:
        raise ValueError("negative amounts have no words on a receipt")
    pesos = int(value)
    cents = int((value - pesos) * 100)
    words = integer_words(pesos)
    # "un millón de pesos", "dos millones de pesos": 'de' after a bare million.
    if pesos and pesos % 1_000_000 == 0:
        words += " de"
    noun = "peso" if pesos == 1 else "pesos"
    return f"{words} {noun} {cents:02d}/100 M.N.".upper()
