"""The rest of each project: the people who are not the community's members, who do most of
the work, as they do in the real projects. A vendor's engineers lead each project, a few
regulars from elsewhere follow, and a long tail of people come by for a few months.

Plain tuples, read by ``cast``: (name, login, projects, pull requests a month, first month,
months to full pace, first month without activity, Apache id). The organisations they work
for are recorded as affiliations in ``community.demo``. Fictional people: any likeness to a
real contributor is a coincidence.
"""

import unicodedata

Row = tuple[str, str, tuple[str, ...], float, int, int, float, str]

REGULARS: tuple[Row, ...] = (
    # Kafka: Northwind Streaming's engineers, then Bluefin Systems', then on their own.
    ("Luca Moretti", "lmoretti", ("kafka",), 7.0, -35, 1, 1.0, "lmoretti"),
    ("Priya Raman", "priya-raman", ("kafka",), 6.0, -35, 1, 1.0, "praman"),
    ("Tomás Novák", "tnovak", ("kafka",), 4.0, -35, 1, 1.0, "tnovak"),
    ("Anders Holm", "aholm", ("kafka",), 5.0, -35, 1, 1.0, "aholm"),
    ("Grace Okafor", "grace-okafor", ("kafka",), 4.0, -35, 1, 1.0, ""),
    ("Marek Kowalski", "mkowalski", ("kafka",), 3.0, -18, 3, 1.0, ""),
    ("Julia Santos", "jsantos-dev", ("kafka",), 2.5, -10, 3, 1.0, ""),
    ("Karim Haddou", "khaddou", ("kafka",), 3.0, -25, 2, 1.0, ""),
    ("Jonas Weber", "jweber-dev", ("kafka",), 3.0, -20, 4, 1.0, ""),
    ("Ivan Sokolov", "isokolov", ("kafka",), 2.5, -30, 2, 1.0, "isokolov"),
    ("Rafael Costa", "rcosta", ("kafka",), 2.0, -35, 1, 1.0, ""),
    # Ozone: Harbor Data, then Cirrus Storage, then on their own.
    ("Emma Brooks", "emmabrooks", ("ozone",), 6.0, -35, 1, 1.0, "ebrooks"),
    ("Mateo García", "mgarcia", ("ozone",), 5.0, -35, 1, 1.0, "mgarcia"),
    ("Oliver Grant", "ogrant", ("ozone",), 4.0, -35, 1, 1.0, "ogrant"),
    ("Nadia Haddad", "nhaddad", ("ozone",), 4.0, -35, 1, 1.0, ""),
    ("Lars Eriksen", "larseriksen", ("ozone",), 3.5, -20, 3, 1.0, ""),
    ("Yusuf Demir", "ydemir", ("ozone",), 3.0, -28, 2, 1.0, ""),
    ("Chloe Martin", "chloe-martin", ("ozone",), 3.0, -8, 3, 1.0, ""),
    ("Hannah Fischer", "hfischer", ("ozone",), 3.5, -26, 4, 1.0, ""),
    ("Pavel Horák", "phorak", ("ozone",), 3.0, -35, 1, 1.0, "phorak"),
    ("Samuel Adeyemi", "sadeyemi", ("ozone",), 2.0, -30, 2, 1.0, ""),
    # YuniKorn: Lakeside Cloud, then on their own.
    ("Sofia Lindqvist", "sofial", ("yunikorn",), 5.0, -35, 1, 1.0, "sofial"),
    ("Kenji Sato", "ksato", ("yunikorn",), 4.0, -35, 1, 1.0, "ksato"),
    ("Felix Braun", "fbraun", ("yunikorn",), 3.5, -35, 1, 1.0, "fbraun"),
    ("Mia Johansson", "miaj", ("yunikorn",), 3.0, -24, 3, 1.0, ""),
    ("Arjun Nair", "arjun-nair", ("yunikorn",), 2.0, -35, 1, 1.0, ""),
    # Airflow: Orbit Analytics, Lakeside Cloud, then on their own.
    ("Daniel Kim", "dkim-dev", ("airflow",), 4.0, -35, 1, 1.0, "dkim"),
    ("Aisha Bello", "aishabello", ("airflow",), 4.0, -35, 1, 1.0, "abello"),
    ("Ethan Wright", "ewright", ("airflow",), 3.0, -35, 1, 1.0, "ewright"),
    ("Zara Ahmed", "zara-ahmed", ("airflow",), 3.0, -22, 3, 1.0, ""),
    ("Olga Petrova", "opetrova", ("airflow",), 5.0, -35, 1, 1.0, "opetrova"),
    ("Leo Rossi", "leorossi", ("airflow",), 3.0, -35, 1, 1.0, ""),
    ("Ravi Menon", "ravimenon", ("airflow",), 3.0, -16, 4, 1.0, ""),
    ("Hugo Lefebvre", "hlefebvre", ("airflow",), 2.0, -35, 1, 1.0, "hlefebvre"),
    ("Ana Silva", "anasilva", ("airflow",), 2.0, -35, 1, 1.0, ""),
    ("Tom Becker", "tbecker", ("airflow",), 2.0, -30, 2, 1.0, ""),
)  # fmt: skip

# The long tail: a few pull requests over a few months each, then gone (or still here).
_TAIL_NAMES = {
    "kafka": ("Bartek Nowicki", "Chiara Bianchi", "Dmitri Volkov", "Elif Yilmaz",
              "Felipe Rojas", "Hana Novotná", "Ikram Benali", "Jakob Lund"),
    "ozone": ("Kavya Iyer", "Lukas Brenner", "Maya Cohen", "Nikhil Rao", "Oskar Berg",
              "Paula Méndez", "Quentin Roux", "Rina Takahashi"),
    "yunikorn": ("Stefan Ilić", "Tara Walsh", "Umar Farouk", "Vera Kuznetsova", "Wen Zhao",
                 "Xavier Dupont", "Yara Haddad", "Zoltán Kiss"),
    "airflow": ("Amara Obi", "Bruno Alves", "Clara Schmidt", "Diego Herrera", "Emi Watanabe",
                "Filip Horvat", "Greta Nilsson", "Hiro Matsuda"),
}  # fmt: skip


def _tail() -> tuple[Row, ...]:
    """Windows and paces spread by fixed steps, so the tail covers every month."""
    rows = []
    for i, (slug, name) in enumerate(
        (slug, name) for slug, names in _TAIL_NAMES.items() for name in names
    ):
        start = -34 + (i * 11) % 33
        stop = min(1.0, start + 3 + (i * 5) % 9)
        given, family = name.rsplit(" ", 1)
        ascii_name = unicodedata.normalize("NFKD", f"{given[0]}{family}").encode("ascii", "ignore")
        login = ascii_name.decode().lower()
        rows.append((name, login, (slug,), 0.5 + 0.2 * (i * 3 % 5), start, 1, stop, ""))
    return tuple(rows)


OUTSIDERS = REGULARS + _tail()
