"""Synthetic news pages for the soak run: invented people, bodies and places, quotes and "said".

Every word is generated here from small word lists and a seeded random generator, so runs are
repeatable and no corpus text is ever copied.
"""

from __future__ import annotations

import random
from html import escape

FIRST = (
    "Ana",
    "Ben",
    "Chloe",
    "Dmitri",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Lars",
    "Mona",
    "Nikhil",
    "Olga",
    "Pedro",
    "Quinn",
    "Rosa",
    "Sami",
    "Tessa",
)
LAST = (
    "Abara",
    "Brandt",
    "Castillo",
    "Dahl",
    "Eklund",
    "Fontaine",
    "Gallo",
    "Haddad",
    "Ivers",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quist",
    "Rinaldi",
    "Sato",
    "Tanaka",
)
ROLES = (
    "the mayor of {place}",
    "a spokeswoman for the {org}",
    "the head of the {org}",
    "a senior economist at the {org}",
    "the chief executive of {org}",
    "a councillor in {place}",
    "a lawyer representing residents of {place}",
)
ORGS = (
    "Harbour Authority",
    "Northfield Council",
    "Transit Workers Union",
    "Valley Water Board",
    "Ministry of Housing",
    "Lakeside Chamber of Commerce",
    "Regional Health Trust",
)
PLACES = ("Northfield", "Lakeside", "Port Avery", "Elmstead", "Greyhaven", "Castlebrook")
TOPICS = (
    "the new tram line",
    "the harbour dredging plan",
    "rent controls",
    "the water tariff",
    "the hospital merger",
    "the school budget",
    "the flood barrier",
)
CLAIMS = (
    "We have waited long enough for {topic} and the families here deserve an answer",
    "Nobody has shown me a single costed alternative to {topic}",
    "The figures on {topic} simply do not add up",
    "We will not sign anything on {topic} until every resident has been heard",
    "This is the best chance in a generation to get {topic} right",
    "I am confident that {topic} will pay for itself within a decade",
)
SAYS = (
    "“{claim},” {name} said.",
    "“{claim},” said {name}, {role}.",
    "{name}, {role}, said that {topic} was “a matter for the whole region.”",
    "“{claim}.” {name} told reporters on {day}.",
    "According to {name}, {topic} could be delayed until next year.",
    "{name} said the {org} had not been consulted about {topic}.",
)
FILLER = (
    "The {org} is due to publish its review of {topic} in the spring.",
    "Officials in {place} have held three public meetings on {topic} since January.",
    "Opponents say {topic} would cost more than the original estimate.",
    "The proposal will go before the full council on {day}.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")  # fmt: skip


def news_article(seed: int, words: int = 500) -> tuple[str, str]:
    """(title, HTML page) of a news story of about `words` words with quotes and speakers."""
    rng = random.Random(seed)
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(2, 5))]
    fill = {
        "org": rng.choice(ORGS),
        "place": rng.choice(PLACES),
        "topic": rng.choice(TOPICS),
        "day": rng.choice(DAYS),
    }
    title = f"{fill['place']} divided over {fill['topic']} ({seed})"
    paragraphs: list[str] = []
    total = 0
    while total < words:
        name = rng.choice(people)
        role = rng.choice(ROLES).format(**fill)
        claim = rng.choice(CLAIMS).format(**fill)
        said = rng.choice(SAYS).format(name=name, role=role, claim=claim, **fill)
        para = f"{said} {rng.choice(FILLER).format(**fill)}"
        paragraphs.append(para)
        total += len(para.split())
    body = "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><meta property='og:title' content='{escape(title)}'>"
        "<meta property='og:site_name' content='The Soak Gazette'>"
        f"</head><body><article><h1>{escape(title)}</h1>{body}</article></body></html>"
    )
    return title, page
