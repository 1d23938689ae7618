"""Amounts in Spanish words, as a Mexican receipt writes them (pure)."""
from decimal import Decimal

import pytest

from server.ledger.words import amount_in_words, integer_words


@pytest.mark.parametrize("amount, words", [
    ("0.50", "CERO PESOS 50/100 M.N."),
    ("1", "UN PESO 00/100 M.N."),
    ("1.01", "UN PESO 01/100 M.N."),
    ("16", "DIECISÉIS PESOS 00/100 M.N."),
    ("21", "VEINTIÚN PESOS 00/100 M.N."),
    ("22", "VEINTIDÓS PESOS 00/100 M.N."),
    ("31", "TREINTA Y UN PESOS 00/100 M.N."),
    ("100", "CIEN PESOS 00/100 M.N."),
    ("101", "CIENTO UN PESOS 00/100 M.N."),
    ("250.50", "DOSCIENTOS CINCUENTA PESOS 50/100 M.N."),
    ("517.25", "QUINIENTOS DIECISIETE PESOS 25/100 M.N."),
    ("1000", "MIL PESOS 00/100 M.N."),
    ("1001", "MIL UN PESOS 00/100 M.N."),
    ("2101", "DOS MIL CIENTO UN PESOS 00/100 M.N."),
    ("21000", "VEINTIÚN MIL PESOS 00/100 M.N."),
    ("100000", "CIEN MIL PESOS 00/100 M.N."),
    ("101000", "CIENTO UN MIL PESOS 00/100 M.N."),
    ("999999.99", "NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE PESOS "
                  "99/100 M.N."),
    ("1000000.99", "UN MILLÓN DE PESOS 99/100 M.N."),
    ("2000000", "DOS MILLONES DE PESOS 00/100 M.N."),
    ("1234567.89", "UN MILLÓN DOSCIENTOS TREINTA Y CUATRO MIL QUINIENTOS SESENTA Y SIETE "
                   "PESOS 89/100 M.N."),
    ("21000000", "VEINTIÚN MILLONES DE PESOS 00/100 M.N."),
])
def test_amounts_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_centavos_round_half_up_and_strings_are_accepted():
    assert amount_in_words("10.005") == "DIEZ PESOS 01/100 M.N."
    assert amount_in_words(7) == "SIETE PESOS 00/100 M.N."


def test_floats_and_negative_amounts_are_refused():
    with pytest.raises(TypeError):
        amount_in_words(1.5)
    with pytest.raises(ValueError):
        amount_in_words("-1.00")
    with pytest.raises(ValueError):
        integer_words(-3)
