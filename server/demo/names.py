"""Word lists and identity builders for the demo city: people, businesses, CURP and RFC.

Pure functions over a random.Random; nothing here touches the database. Names have a
Sonoran flavour (Valenzuela, Quijada, Bojórquez...). CURP and RFC follow the official
layouts so they pass server.registry.rules validation; they are invented, never real.
"""
from __future__ import annotations

import random
import unicodedata
from datetime import date

MALE_NAMES = (
    "José", "Juan", "Francisco", "Jesús", "Manuel", "Luis", "Carlos", "Jorge", "Miguel",
    "Ramón", "Rafael", "Alberto", "Arturo", "Fernando", "Héctor", "Roberto", "Sergio",
    "Ricardo", "Antonio", "Eduardo", "Javier", "Martín", "Pedro", "Raúl", "Guadalupe",
    "Víctor", "Óscar", "Alejandro", "Gilberto", "Humberto", "Ignacio", "Octavio", "Rubén",
    "Adrián", "Ernesto", "Enrique", "Gerardo", "Mario", "Abel", "Alfonso", "Armando",
    "Benjamín", "César", "Daniel", "Efraín", "Emilio", "Felipe", "Gustavo", "Hugo", "Isidro",
    "Jaime", "Joel", "Julio", "Leonardo", "Lorenzo", "Marco Antonio", "Noé", "Pablo",
    "Rodolfo", "Salvador", "Santiago", "Saúl", "Tomás", "Valentín", "Diego", "Iván",
)
FEMALE_NAMES = (
    "María", "Guadalupe", "Rosa", "Ana", "Carmen", "Martha", "Patricia", "Leticia",
    "Teresa", "Alicia", "Silvia", "Elena", "Laura", "Margarita", "Lucía", "Yolanda",
    "Gloria", "Norma", "Graciela", "Irma", "Josefina", "Adriana", "Claudia", "Verónica",
    "Araceli", "Beatriz", "Blanca", "Cecilia", "Dolores", "Esperanza", "Francisca", "Julia",
    "Luz", "Mónica", "Olga", "Reyna", "Sandra", "Socorro", "Susana", "Rocío", "Alma",
    "Angélica", "Brenda", "Carolina", "Diana", "Elvira", "Fernanda", "Gabriela", "Isabel",
    "Jazmín", "Karla", "Lorena", "Marisol", "Nohemí", "Paola", "Perla", "Ramona", "Sofía",
    "Trinidad", "Valeria", "Ximena", "Yesenia", "Zulema", "Amparo", "Consuelo", "Eva",
)
SURNAMES = (
    "García", "López", "Martínez", "Hernández", "González", "Rodríguez", "Pérez",
    "Sánchez", "Ramírez", "Flores", "Valenzuela", "Romero", "Moreno", "Ruiz", "Félix",
    "Quijada", "Soto", "Ochoa", "Duarte", "Acuña", "Bojórquez", "Encinas", "Lizárraga",
    "Noriega", "Leyva", "Figueroa", "Celaya", "Peralta", "Valdez", "Durazo", "Molina",
    "Castro", "Contreras", "Gastélum", "Gutiérrez", "Ibarra", "Islas", "Jiménez", "Lugo",
    "Medina", "Mendoza", "Miranda", "Montaño", "Morales", "Munguía", "Navarro", "Núñez",
    "Ortega", "Ortiz", "Padilla", "Palafox", "Quintero", "Reyes", "Ríos", "Robles",
    "Salazar", "Salcido", "Samaniego", "Sandoval", "Siqueiros", "Tapia", "Torres",
    "Urías", "Vega", "Velásquez", "Villa", "Yocupicio", "Zamora", "Zazueta", "Aguilar",
    "Álvarez", "Arvizu", "Barceló", "Borbón", "Cano", "Carrillo", "Chávez", "Coronado",
    "Cota", "Cruz", "Delgado", "Domínguez", "Escalante", "Esquer", "Fimbres", "Galaz",
    "Gámez", "Guerrero", "Lara", "Luna", "Maldonado", "Mejía", "Mora", "Murrieta",
    "Obregón", "Parra", "Preciado", "Rivera", "Rosas", "Tena", "Valencia", "Vásquez",
)
# What a duplicated holder looks like in a registry captured by hand over decades.
_TYPO_SWAPS = (("z", "s"), ("v", "b"), ("ll", "y"), ("j", "g"), ("c", "s"))

BUSINESS_LINES = {
    # giro: (name prefix, typical median m³ a month)
    "Abarrotes": ("Abarrotes", 18), "Restaurante": ("Restaurante", 45),
    "Taquería": ("Taquería", 30), "Lavado de autos": ("Autolavado", 60),
    "Purificadora de agua": ("Purificadora", 80), "Hotel": ("Hotel", 110),
    "Taller mecánico": ("Taller Mecánico", 15), "Oficina": ("Despacho", 10),
    "Farmacia": ("Farmacia", 12), "Tortillería": ("Tortillería", 35),
    "Panadería": ("Panadería", 25), "Estética": ("Estética", 20),
    "Ferretería": ("Ferretería", 10), "Consultorio médico": ("Consultorio", 12),
    "Lavandería": ("Lavandería", 70), "Refaccionaria": ("Refaccionaria", 8),
    "Empaque agrícola": ("Empacadora", 140), "Servicios a la minería": ("Servicios Mineros", 40),
}
BUSINESS_SUFFIXES = (
    "La Esperanza", "El Desierto", "San Francisco", "Del Valle", "La Misión", "Santa Rosa",
    "Los Viñedos", "Caborca", "Del Norte", "La Pasadita", "El Güero", "Don Chuy",
    "La Güera", "San José", "El Sahuaro", "La Palma", "Guadalupe", "El Pitic", "Express",
    "La Central", "Sonora", "El Oasis", "Las Palmas", "Del Centro",
)
INDUSTRIES = (
    "Empacadora de Espárrago", "Procesadora de Uva", "Agroindustrias", "Minera",
    "Hielo y Agua Purificada", "Concretos", "Forrajes", "Granja Porcícola",
)
PUBLIC_PLACES = (
    "Escuela Primaria Benito Juárez", "Escuela Primaria Álvaro Obregón",
    "Escuela Secundaria Técnica No. 12", "Jardín de Niños Rosaura Zapata",
    "Centro de Salud Urbano", "Hospital General de Caborca", "Cruz Roja Mexicana",
    "Comandancia de Policía Municipal", "Biblioteca Pública Municipal",
    "Parque Municipal", "Unidad Deportiva", "CBTIS No. 37", "Estación de Bomberos",
    "Panteón Municipal", "DIF Municipal", "Centro Comunitario",
)
STREET_NAMES = (
    "Obregón", "Juárez", "Hidalgo", "Morelos", "Madero", "Zaragoza", "Allende",
    "Guerrero", "Pesqueira", "Quiroga", "Rodríguez", "Kino", "Del Yaqui", "Sonora",
    "Revolución", "Constitución", "Reforma", "Los Pinos", "Las Flores", "Del Seri",
    "Lázaro Mercado", "Ocampo", "Bravo",
)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
REFERENCES = (
    "Frente a la escuela", "Casa color verde con barandal", "Junto a la tienda de abarrotes",
    "Esquina con callejón", "Portón negro", "Casa de dos pisos", "A un lado del templo",
    "Frente al parque", "Barda de block sin enjarre", "Casa con palmas al frente",
)


def ascii_upper(text: str) -> str:
    """'Núñez' → 'NUNEZ' (accents dropped); Ñ becomes X as CURP and RFC require."""
    text = text.upper().replace("Ñ", "X")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalpha() and c.isascii())


def person(rng: random.Random) -> tuple[str, str, str, str]:
    """(first name, first surname, second surname, sex 'H'/'M') of an invented person."""
    if rng.random() < 0.5:
        return rng.choice(MALE_NAMES), rng.choice(SURNAMES), rng.choice(SURNAMES), "H"
    return rng.choice(FEMALE_NAMES), rng.choice(SURNAMES), rng.choice(SURNAMES), "M"


def misspell(name: str, rng: random.Random) -> str:
    """The same holder as another clerk typed it: accents lost, a letter swapped, or caps."""
    roll = rng.random()
    if roll < 0.45:
        decomposed = unicodedata.normalize("NFKD", name)
        return "".join(c for c in decomposed if not unicodedata.combining(c))
    if roll < 0.8:
        for wrong, right in _TYPO_SWAPS:
            if wrong in name:
                return name.replace(wrong, right, 1)
    return name.upper()


def _first_inner(word: str, vowels: bool) -> str:
    for ch in word[1:]:
        if (ch in "AEIOU") == vowels:
            return ch
    return "X"


def curp_check_digit(first17: str) -> str:
    """The CURP verification digit (RENAPO algorithm)."""
    alphabet = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
    total = sum(alphabet.index(ch) * (18 - i) for i, ch in enumerate(first17))
    return str((10 - total % 10) % 10)


def curp(first: str, surname1: str, surname2: str, birth: date, sex: str,
         rng: random.Random) -> str:
    """An invented but well-formed CURP for this person, born in Sonora (SR)."""
    s1, s2, fn = ascii_upper(surname1), ascii_upper(surname2), ascii_upper(first.split()[0])
    head = s1[0] + _first_inner(s1, True) + s2[0] + fn[0]
    homoclave = str(rng.randint(0, 9)) if birth.year < 2000 else rng.choice(LETTERS)
    body = (head + birth.strftime("%y%m%d") + sex + "SR" + _first_inner(s1, False)
            + _first_inner(s2, False) + _first_inner(fn, False) + homoclave)
    return body + curp_check_digit(body)


def person_rfc(first: str, surname1: str, surname2: str, birth: date,
               rng: random.Random) -> str:
    """An invented RFC of a persona física (13 characters)."""
    s1, s2, fn = ascii_upper(surname1), ascii_upper(surname2), ascii_upper(first.split()[0])
    head = s1[0] + _first_inner(s1, True) + s2[0] + fn[0]
    tail = "".join(rng.choice(LETTERS + "0123456789") for _ in range(3))
    return head + birth.strftime("%y%m%d") + tail


def company_rfc(name: str, founded: date, rng: random.Random) -> str:
    """An invented RFC of a persona moral (12 characters): initials, date, homoclave."""
    words = [ascii_upper(w) for w in name.split() if len(w) > 3]
    letters = "".join(w[0] for w in words if w)[:3].ljust(3, "X")
    tail = "".join(rng.choice(LETTERS + "0123456789") for _ in range(3))
    return letters + founded.strftime("%y%m%d") + tail


def phone(rng: random.Random) -> str:
    """A ten-digit number with Caborca's area code 637."""
    return "637" + str(rng.randint(1000000, 9999999))
