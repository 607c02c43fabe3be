"""The reference workload of issue 7: day five of a week-long Conference of the Parties.

:func:`build_reference` writes a fresh SQLite database (through
``models.store.Store``, so the schema and pragmas are Floor's) holding one
meeting: a generated agenda (settings of ``agendas/tip-constructive-dialogue.yaml``:
categories, limits, precedence, rules, topics) with a 1,000-name roster,
imported with ``models.agenda.import_agenda``; then, in bulk (SQLAlchemy Core
``insert()`` with lists of rows, all in one transaction), the record of 29
finished items — their interventions with consistent timing, failed calls,
pauses, points of order, rights of reply, suspensions between sittings, the
rapporteur's notes and one procedural-log row per historical action with the
before-image ``models.procedure.common.log`` would have written — and the 30th
item open: one speaker speaking, ``waiting`` speakers waiting.

The figures are the issue's: 1,000 participants, 30 items, 10,000 interventions,
50,000 notes. At realistic lengths (limits of the template: 150–360 s, most
speakers using 60–110 % of theirs) 10,000 interventions need far more than
five days of one room, so the sittings (10:00–13:00 and 15:00–18:00, Vienna,
weekdays, with a suspension between them) simply run on for as many days as
the interventions need: it is a week of a whole Conference recorded as one
meeting, which is what the core has to carry.

Notes: one ``Note`` row per intervention given (the table holds one row per
(item, intervention)); ``notes`` counts their *lines* (each line a save, so
``version`` ≥ lines). About a third of the lines carry tags (#recommendation,
#question, the agenda's topics …); about 1 % of the notes name a delegation
in a tagged line, so the chair's summary is refused on this workload, as it
would be in real life until the rapporteur rephrases (:func:`unname_notes`
does that, for a variant to time the summary on). The items' own notes (a few
lines each) come on top.

Run as a script to build a file: ``.venv/bin/python benchmarks/workload.py out.db [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert  # noqa: E402
from sqlmodel import select  # noqa: E402

from models.agenda import import_agenda, load_agenda  # noqa: E402
from models.categories import label  # noqa: E402
from models.names import neutral_tagged, roster_matcher  # noqa: E402
from models.store import Store  # noqa: E402
from models.tables import (  # noqa: E402
    POSITION_STEP,
    AgendaItem,
    Intervention,
    InterventionKind,
    InterventionStatus,
    LogEntry,
    MeetingState,
    Note,
    Participant,
    PointOfOrder,
    Suspension,
)
from models.timing import limit_seconds, used_seconds, whole_seconds  # noqa: E402

TEMPLATE = ROOT / "agendas" / "tip-constructive-dialogue.yaml"
MEETING_ID = "COP13-PLENARY-REF"
FIRST_DAY = date(2026, 10, 12)  # a Monday
SITTINGS = ((10, 0, 13, 0), (15, 0, 18, 0))  # local hours of the two daily sittings
TIMEZONE = "Europe/Vienna"

WAITING, SPEAKING, SPOKE = InterventionStatus.WAITING, InterventionStatus.SPEAKING, InterventionStatus.SPOKE
WITHDREW, NOT_PRESENT, NOT_REACHED = InterventionStatus.WITHDREW, InterventionStatus.NOT_PRESENT, InterventionStatus.NOT_REACHED
STATEMENT, REPLY = InterventionKind.STATEMENT, InterventionKind.REPLY

# --------------------------------------------------------------------------- names

STATES = [
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda", "Argentina", "Armenia",
    "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium",
    "Belize", "Benin", "Bhutan", "Bolivia (Plurinational State of)", "Bosnia and Herzegovina", "Botswana", "Brazil",
    "Brunei Darussalam", "Bulgaria", "Burkina Faso", "Burundi", "Cabo Verde", "Cambodia", "Cameroon", "Canada",
    "Central African Republic", "Chad", "Chile", "China", "Colombia", "Comoros", "Congo", "Costa Rica",
    "Côte d'Ivoire", "Croatia", "Cuba", "Cyprus", "Czechia", "Democratic People's Republic of Korea",
    "Democratic Republic of the Congo", "Denmark", "Djibouti", "Dominica", "Dominican Republic", "Ecuador", "Egypt",
    "El Salvador", "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France",
    "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea", "Guinea-Bissau",
    "Guyana", "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia", "Iran (Islamic Republic of)", "Iraq",
    "Ireland", "Israel", "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Kuwait",
    "Kyrgyzstan", "Lao People's Democratic Republic", "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya",
    "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi", "Malaysia", "Maldives", "Mali", "Malta",
    "Marshall Islands", "Mauritania", "Mauritius", "Mexico", "Micronesia (Federated States of)", "Monaco", "Mongolia",
    "Montenegro", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru", "Nepal", "Netherlands (Kingdom of the)",
    "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Macedonia", "Norway", "Oman", "Pakistan", "Palau",
    "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar",
    "Republic of Korea", "Republic of Moldova", "Romania", "Russian Federation", "Rwanda", "Saint Kitts and Nevis",
    "Saint Lucia", "Saint Vincent and the Grenadines", "Samoa", "San Marino", "São Tomé and Príncipe",
    "Saudi Arabia", "Senegal", "Serbia", "Seychelles", "Sierra Leone", "Singapore", "Slovakia", "Slovenia",
    "Solomon Islands", "Somalia", "South Africa", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname", "Sweden",
    "Switzerland", "Syrian Arab Republic", "Tajikistan", "Thailand", "Timor-Leste", "Togo", "Tonga",
    "Trinidad and Tobago", "Tunisia", "Türkiye", "Turkmenistan", "Tuvalu", "Uganda", "Ukraine",
    "United Arab Emirates", "United Kingdom of Great Britain and Northern Ireland", "United Republic of Tanzania",
    "United States of America", "Uruguay", "Uzbekistan", "Vanuatu", "Venezuela (Bolivarian Republic of)", "Viet Nam",
    "Yemen", "Zambia", "Zimbabwe",
]
OBSERVER_STATES = ["Holy See", "State of Palestine"]

GROUPS = [
    "Group of 77 and China", "African Group", "Group of Asia-Pacific States",
    "Group of Latin American and Caribbean States", "Group of Western European and other States",
    "Group of Eastern European States", "Group of Arab States", "Group of Least Developed Countries",
    "Alliance of Small Island States", "Group of Landlocked Developing Countries",
    "Organisation of Islamic Cooperation Group", "Movement of Non-Aligned Countries", "Caribbean Community",
    "Pacific Islands Forum", "Nordic countries", "Benelux countries", "Central American Integration System",
    "Community of Portuguese-Speaking Countries", "Group of Friends of Victims of Trafficking",
    "Group of Friends united against Human Trafficking",
]

UN_ENTITIES = [
    "Office of the United Nations High Commissioner for Refugees (UNHCR)",
    "Office of the United Nations High Commissioner for Human Rights (OHCHR)",
    "United Nations Children's Fund (UNICEF)", "United Nations Entity for Gender Equality and the Empowerment of Women",
    "International Labour Organization", "United Nations Development Programme (UNDP)",
    "United Nations Population Fund (UNFPA)", "United Nations Educational, Scientific and Cultural Organization (UNESCO)",
    "World Health Organization", "Joint United Nations Programme on HIV/AIDS (UNAIDS)",
    "United Nations Human Settlements Programme", "United Nations Environment Programme (UNEP)",
    "World Food Programme (WFP)", "Food and Agriculture Organization of the United Nations (FAO)",
    "United Nations Conference on Trade and Development (UNCTAD)", "United Nations Institute for Training and Research (UNITAR)",
    "United Nations Interregional Crime and Justice Research Institute (UNICRI)",
    "United Nations Office of Counter-Terrorism (UNOCT)", "Department of Economic and Social Affairs",
    "Economic Commission for Africa (ECA)", "Economic Commission for Europe (ECE)",
    "Economic Commission for Latin America and the Caribbean (ECLAC)",
    "Economic and Social Commission for Asia and the Pacific (ESCAP)",
    "Economic and Social Commission for Western Asia (ESCWA)", "Office for the Coordination of Humanitarian Affairs (OCHA)",
    "Department of Political and Peacebuilding Affairs (DPPA)", "United Nations Mine Action Service (UNMAS)",
    "United Nations Relief and Works Agency for Palestine Refugees in the Near East (UNRWA)",
    "International Fund for Agricultural Development (IFAD)", "International Telecommunication Union (ITU)",
    "Universal Postal Union (UPU)", "International Maritime Organization", "International Civil Aviation Organization (ICAO)",
    "World Intellectual Property Organization (WIPO)", "United Nations Industrial Development Organization (UNIDO)",
    "World Bank Group", "International Monetary Fund", "United Nations Volunteers programme",
    "Office of the Special Representative of the Secretary-General on Violence against Children",
    "Office of the Special Representative of the Secretary-General on Sexual Violence in Conflict",
    "United Nations University (UNU)", "International Trade Centre (ITC)", "United Nations Office for Project Services (UNOPS)",
]
IGOS = [
    "International Organization for Migration (IOM)", "International Criminal Police Organization (INTERPOL)",
    "Council of Europe", "Organization for Security and Co-operation in Europe (OSCE)", "African Union Commission",
    "European Union Agency for Criminal Justice Cooperation (Eurojust)",
    "European Union Agency for Law Enforcement Cooperation (Europol)", "Organization of American States (OAS)",
    "League of Arab States", "Economic Community of West African States (ECOWAS)",
    "Southern African Development Community (SADC)", "Association of Southeast Asian Nations (ASEAN)",
    "Commonwealth Secretariat", "International Centre for Migration Policy Development (ICMPD)",
    "Organisation for Economic Co-operation and Development (OECD)", "Intergovernmental Authority on Development (IGAD)",
    "Cooperation Council for the Arab States of the Gulf", "Caribbean Community Secretariat",
    "International Development Law Organization (IDLO)", "Financial Action Task Force (FATF)",
    "World Customs Organization (WCO)", "Bali Process Regional Support Office", "Collective Security Treaty Organization",
    "Shanghai Cooperation Organisation", "Executive Committee of the Commonwealth of Independent States",
    "International Committee of the Red Cross (ICRC)",
    "International Federation of Red Cross and Red Crescent Societies (IFRC)", "Sovereign Order of Malta",
    "General Secretariat of the Central American Integration System", "General Secretariat of the Andean Community",
    "Pacific Islands Forum Secretariat", "Economic Community of Central African States (ECCAS)",
    "East African Community (EAC)", "Common Market for Eastern and Southern Africa (COMESA)",
    "Organisation internationale de la Francophonie (OIF)", "Executive Secretariat of the Community of Portuguese-Speaking Countries",
    "Asian Development Bank", "Inter-American Development Bank", "Council of the Baltic Sea States (CBSS)",
    "Ibero-American General Secretariat (SEGIB)", "Regional Conference on Migration", "Budapest Process Secretariat",
    "Organization of the Black Sea Economic Cooperation (BSEC)", "Arab Interior Ministers Council",
    "Southeast European Law Enforcement Center (SELEC)",
]
SECRETARIAT = [
    "UNODC (Secretariat of the Conference)", "UNODC (Organized Crime and Illicit Trafficking Branch)",
    "UNODC (Human Trafficking and Migrant Smuggling Section)", "UNODC (Civil Society Unit)",
    "UNODC (Global Firearms Programme)", "UNODC (Conference Support Section)", "UNODC (Treaty and Legal Affairs Branch)",
    "UNODC (Research and Trend Analysis Branch)",
]

CITIES = [
    "São Paulo", "Bogotá", "Genève", "Zürich", "Kraków", "Malmö", "Reykjavík", "Medellín", "Córdoba", "Yaoundé",
    "Lomé", "Asunción", "Brasília", "Québec", "Montréal", "Düsseldorf", "Tromsø", "Łódź", "Iași", "Plzeň", "Göteborg",
    "Nairobi", "Lagos", "Dakar", "Accra", "Kampala", "Manila", "Kathmandu", "Dhaka", "Lima", "Quito", "La Paz",
    "Tegucigalpa", "Managua", "Ciudad de México", "Guadalajara", "Marseille", "Lyon", "Toulouse", "Bruxelles",
    "Antwerpen", "Köln", "München", "Wien", "Graz", "Praha", "Bratislava", "Ljubljana", "Zagreb", "Beograd",
    "Sarajevo", "Skopje", "Tiranë", "İzmir", "Bakı", "Tbilisi", "Yerevan", "Almaty", "Bishkek", "Ulaanbaatar",
    "Hà Nội", "Chiang Mai", "Phnom Penh", "Cebu", "Suva", "Apia", "Port Moresby", "Kingston", "Port-au-Prince",
    "Santo Domingo", "Valparaíso", "Mendoza", "Rosario", "Montevideo", "Belém", "Recife", "Cusco", "Arequipa",
    "Antananarivo", "Maputo", "Luanda", "Windhoek", "Gaborone", "Lusaka", "Harare", "Lilongwe", "Dar es Salaam",
    "Addis Ababa", "Tunis", "Rabat", "Casablanca", "Nouakchott", "Bamako", "Niamey", "Ouagadougou", "Cotonou",
    "Abidjan", "Conakry", "Freetown", "Monrovia", "Banjul", "Mombasa", "Kigali", "Bujumbura", "Goma", "Cluj-Napoca",
    "Poznań", "Brno", "Győr", "Tartu", "Kaunas", "Rīga", "Oulu", "Aarhus", "Bergen", "Umeå", "Nantes", "Sevilla",
    "València", "A Coruña", "Porto", "Coimbra", "Bologna", "Napoli", "Palermo", "Thessaloniki", "Mersin", "Erbil",
]
EN_ADJ = ["Global", "International", "Regional", "National", "Pan-African", "Asia-Pacific", "Inter-American",
          "Euro-Mediterranean", "Nordic", "Caribbean", "Andean", "Sahel", "Balkan", "Mekong", "Pacific",
          "Central Asian", "Gulf", "Great Lakes", "Danube", "Horn of Africa"]
EN_FOCUS = ["Migrant Rights", "Anti-Trafficking", "Survivor Support", "Child Protection", "Legal Aid",
            "Domestic Workers", "Refugee Assistance", "Labour Rights", "Women's Shelter", "Seafarers' Welfare",
            "Community Safety", "Victim Advocacy", "Fair Recruitment", "Border Monitoring", "Human Rights Education",
            "Youth Empowerment", "Indigenous Peoples' Rights", "Harm Reduction", "Open Governance", "Justice Reform"]
EN_FORMS = ["Network", "Coalition", "Alliance", "Foundation", "Association", "Initiative", "Council", "Forum",
            "Project", "Collective", "Centre", "Trust", "Society", "Federation", "Movement"]
ES = (["Fundación", "Asociación", "Red", "Corporación", "Colectivo", "Centro", "Observatorio"],
      ["para la Defensa de los Derechos de los Migrantes", "contra la Trata de Personas", "de Apoyo a Víctimas",
       "por la Niñez", "de Mujeres Trabajadoras", "de Acción Jurídica", "Pro Derechos Humanos",
       "de Estudios sobre Movilidad Humana"])
FR = (["Association", "Collectif", "Fondation", "Comité", "Réseau", "Centre", "Observatoire"],
      ["pour la défense des droits des migrants", "contre la traite des êtres humains", "d'aide aux victimes",
       "pour l'enfance", "des travailleuses domestiques", "d'accès au droit", "de solidarité internationale",
       "pour l'égalité femmes-hommes"])
PT = (["Instituto", "Associação", "Fundação", "Rede", "Centro"],
      ["de Apoio ao Migrante", "contra o Tráfico de Pessoas", "de Defesa da Criança", "de Direitos Humanos",
       "de Estudos sobre Migração"])
ACADEMIC_UNITS = ["Centre for Migration Studies", "Faculty of Law", "Human Rights Centre", "Department of Criminology",
                  "Institute of International Law", "School of Public Policy", "Centre for Forced Labour Studies",
                  "Refugee Law Clinic", "Institute for Security Studies", "Department of Sociology",
                  "Centre for Gender Studies", "Transnational Crime Research Unit"]
BRAND_SYLLABLES = ["ka", "lo", "ré", "vi", "na", "mar", "tel", "sol", "bo", "ré", "an", "dí", "ta", "gro", "nor",
                   "vé", "lu", "zen", "pa", "cor", "al", "mé", "tri", "os"]
SECTORS = ["Logistics", "Recruitment", "Shipping", "Textiles", "Agrifoods", "Hospitality", "Technologies", "Mining",
           "Seafood", "Construction", "Payments", "Airlines", "Telecom", "Apparel", "Cocoa Traders", "Fisheries"]
COMPANY_FORMS = ["Ltd.", "S.A.", "GmbH", "AG", "S.p.A.", "Pty Ltd", "B.V.", "A/S", "Oy", "S.A. de C.V.", "Inc.", "plc",
                 "K.K.", "Sp. z o.o.", "SARL"]
SURNAMES = ["Abebe", "Adeyemi", "Álvarez", "Andersen", "Bakirov", "Baptiste", "Benítez", "Bergström", "Boateng",
            "Çelik", "Chávez", "Chen", "Cissé", "Costa", "Dąbrowski", "Diallo", "Dubois", "Đorđević", "Eriksen",
            "Fernández", "Ferreira", "Fofana", "Gómez", "González", "Grünewald", "Haddad", "Hernández", "Høiby",
            "Ibáñez", "Ivanova", "Jankowski", "Jiménez", "Kamau", "Karimi", "Kovačević", "Kowalczyk", "Laurent",
            "Lefèvre", "López", "Løvland", "Mahmoud", "Martínez", "Müller", "Nakamura", "Ndiaye", "Nguyễn", "Núñez",
            "Nyström", "Okafor", "Olsen", "Öztürk", "Pérez", "Petrović", "Quispe", "Ramírez", "Rodríguez", "Santos",
            "Schäfer", "Şahin", "Silva", "Sørensen", "Suárez", "Szabó", "Tanaka", "Touré", "Traoré", "Uçar", "Valdés",
            "Vásquez", "Wójcik", "Yılmaz", "Zapata", "Žukauskas", "Ólafsdóttir", "Ó Briain", "Niemelä", "Kühn",
            "Mwangi", "Rahman", "Haugland", "Delacroix", "Ishikawa", "Mendoza", "Ouédraogo", "Ramos", "Sánchez"]
INITIALS = "ABCDEFGHIJKLMNOPRSTVWYZÁÉÍÓÚÅØÇŁŠŽÖÜ"
TITLES = ["Mr.", "Ms.", "Mr.", "Ms.", "Mr.", "Ms.", "Dr.", "Prof.", "H.E. Mr.", "H.E. Ms."]

ITEM_TITLES = [
    "Opening of the session", "Adoption of the agenda and organization of work",
    "Participation of observers and non-governmental stakeholders", "Report of the Bureau on credentials",
    "General discussion",
    "Mechanism for the Review of the Implementation of the Convention and the Protocols thereto",
    "Review of the implementation of the Convention: criminalization and jurisdiction",
    "Review of the implementation of the Convention: international cooperation, mutual legal assistance and confiscation",
    "Review of the implementation of the Convention: law enforcement and the judicial system",
    "Review of the implementation of the Trafficking in Persons Protocol",
    "Review of the implementation of the Smuggling of Migrants Protocol",
    "Review of the implementation of the Firearms Protocol",
    "International cooperation, with particular emphasis on extradition and mutual legal assistance",
    "Technical assistance", "Emerging forms of crime: cybercrime-related offences",
    "Emerging forms of crime: crimes that affect the environment and trafficking in cultural property",
    "Trafficking in persons: identification and referral of victims",
    "Smuggling of migrants: protection of the rights of smuggled migrants",
    "Firearms: marking, record-keeping and tracing", "Links between corruption and organized crime",
    "Constructive dialogue with non-governmental stakeholders", "Financial and budgetary matters",
    "Gender mainstreaming in the implementation of the Convention",
    "Data collection and analysis on transnational organized crime",
    "Cooperation with regional and international organizations",
    "Consideration of draft resolutions: international cooperation",
    "Consideration of draft resolutions: trafficking in persons and smuggling of migrants",
    "Consideration of draft resolutions: firearms",
    "Provisional agenda for the fourteenth session of the Conference",
    "Statements by States, observers and non-governmental stakeholders (general debate, resumed)",
]

# --------------------------------------------------------------------------- notes

NOTE_VERBS = ["Noted", "Stressed", "Highlighted", "Underlined", "Described", "Reported on", "Emphasized", "Welcomed",
              "Drew attention to", "Recalled", "Pointed to", "Shared experience with"]
NOTE_OBJECTS = {
    "identification": ["training of front-line officers on the early identification of victims",
                       "screening of unaccompanied children at points of entry",
                       "indicators of forced labour used by labour inspectors",
                       "the identification of victims among persons in immigration detention"],
    "referral": ["a victim-centred national referral mechanism", "standard operating procedures for referral to shelters",
                 "case managers assigned to each identified victim", "referral of victims to legal aid and health care"],
    "cooperation": ["joint investigation teams across countries of origin, transit and destination",
                    "direct channels between central authorities for mutual legal assistance",
                    "cooperation between prosecutors and non-governmental shelters",
                    "information exchange between financial intelligence units"],
    "data": ["disaggregated data on victims by age, sex and form of exploitation",
             "a national data system on smuggled migrants", "the gap between identified and prosecuted cases",
             "figures on convictions for trafficking offences"],
    "prevention": ["awareness-raising campaigns in schools and recruitment agencies",
                   "the regulation of private recruitment agencies", "safe and regular migration pathways",
                   "due diligence obligations in supply chains"],
}
NOTE_TAILS = ["", "", " in the capital and in border regions", " since the last session", " over the past two years",
              " with support from development partners", " in line with the guidelines of the working groups",
              " despite limited resources", " in rural areas", " at sea and in ports"]
NOTE_STANDARD = {
    "recommendation": "Recommended {obj}.",
    "question": "Asked how the secretariat could support {obj}.",
    "suggestion": "Suggested a pilot project on {obj}.",
    "commitment": "Committed to report at the next session on {obj}.",
    "action": "Requested the secretariat to compile good practices on {obj}.",
}
NOTE_PLAIN = [
    "Thanked the presiding officers for the organization of the session.",
    "Aligned itself with the statement made on behalf of its regional group.",
    "Recalled the obligations under the Convention and the Protocols thereto.",
    "Described recent legislative amendments on the non-punishment principle.",
    "Referred to the outcome of the working group meetings held earlier in the year.",
    "Spoke about the impact of conflict and displacement on vulnerability to exploitation.",
    "Mentioned a bilateral agreement on the return and reintegration of smuggled migrants.",
    "Underlined the importance of sustainable funding for shelters.",
    "Expressed support for the continued work of the review mechanism.",
    "Indicated that a written version of the statement would be made available.",
]
NAMED_NOTE = "Supported the proposal made by {name} on {obj}. #{tag}"

POINT_SUBJECTS = ["the list of speakers displayed in the room is not up to date", "interpretation not available in one channel",
                  "request to confirm the speaking-time limit in force", "audio not reaching online participants",
                  "the order of speakers under the rules of procedure", "request for a short suspension for consultations"]
RULINGS = ["The Chair asked the secretariat to update the display.", "The Chair confirmed the limit announced.",
           "The Chair asked the secretariat to restore the feed; the speaker then continued.",
           "The Chair confirmed that the list follows the rules of procedure.",
           "The Chair took note and invited the speaker to continue."]
PAUSE_REASONS = ["interpretation", "audio", "technical", "", "connection"]

CATEGORY_MIX = [  # share of the roster (ngo takes the rest; one chair)
    ("secretariat", 0.006), ("panellist", 0.012), ("group_statement", 0.015), ("state_party", 0.165),
    ("signatory_state", 0.01), ("observer_state", 0.005), ("un_entity", 0.04), ("igo", 0.045),
    ("academia", 0.15), ("private_sector", 0.08),
]
KEY_PREFIX = {"chair": "CHAIR", "secretariat": "SEC", "panellist": "PAN", "group_statement": "GRP", "state_party": "ST",
              "signatory_state": "SIG", "observer_state": "OBS", "un_entity": "UN", "igo": "IGO", "ngo": "NGO",
              "academia": "ACA", "private_sector": "PRV"}
#: How often a participant of a category asks for the floor on an item (relative).
SPEAK_WEIGHT = {"chair": 0.2, "secretariat": 1.0, "panellist": 0.6, "group_statement": 8.0, "state_party": 3.0,
                "signatory_state": 2.0, "observer_state": 1.5, "un_entity": 1.2, "igo": 1.0, "ngo": 0.8,
                "academia": 0.6, "private_sector": 0.5}
STATE_CATEGORIES = ("group_statement", "state_party", "signatory_state", "observer_state")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _name_of(p: dict[str, Any]) -> str:
    return p["delegation"] + (f" (on behalf of {p['on_behalf_of']})" if p["on_behalf_of"] else "")


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"{n}th")


# --------------------------------------------------------------------------- the roster


class _Unique:
    """Draws names from a generator until one is new."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, make) -> str:
        for _ in range(50):
            name = make()
            if name not in self.used:
                self.used.add(name)
                return name
        base, n = make(), 2
        while f"{base} {n}" in self.used:
            n += 1
        self.used.add(f"{base} {n}")
        return f"{base} {n}"


def _roster(rng: random.Random, participants: int) -> list[dict[str, Any]]:
    """``participants`` participants: one chair, then the categories of :data:`CATEGORY_MIX`, NGOs for the rest."""
    if participants < 20:
        raise ValueError("the reference workload needs at least 20 participants")
    counts = {cat: max(1, round(share * participants)) for cat, share in CATEGORY_MIX}
    states = STATES[:]
    rng.shuffle(states)
    # States: the chair, the group statements (but the European Union) and the three State categories
    need = 1 + counts["group_statement"] - 1 + counts["state_party"] + counts["signatory_state"] + max(
        0, counts["observer_state"] - len(OBSERVER_STATES))
    while need > len(states):  # a roster larger than the world: fewer State parties, more NGOs
        counts["state_party"] -= 1
        need -= 1
    counts["ngo"] = participants - 1 - sum(counts.values())
    if counts["ngo"] < 1:
        raise ValueError("too few participants for the category mix")
    unique = _Unique()
    unique.used.update(states + OBSERVER_STATES)
    out: list[dict[str, Any]] = []
    numbers: dict[str, int] = {}

    def speaker() -> str:
        return f"{rng.choice(TITLES)} {rng.choice(INITIALS)}. {rng.choice(SURNAMES)}"

    def add(category: str, delegation: str, *, on_behalf_of: str = "", org_type: str = "", mode: str | None = None) -> None:
        numbers[category] = numbers.get(category, 0) + 1
        if mode is None:
            if category in ("ngo", "academia", "private_sector"):
                mode = rng.choices(["in_person", "online", "video"], [55, 35, 10])[0]
            else:
                mode = rng.choices(["in_person", "online"], [80, 20])[0]
        out.append({
            "key": f"{KEY_PREFIX[category]}-{numbers[category]:04d}", "category": category, "delegation": delegation,
            "speaker": speaker(), "on_behalf_of": on_behalf_of, "org_type": org_type, "mode": mode,
        })

    def ngo_name() -> str:
        style = rng.random()
        if style < 0.5:
            return f"{rng.choice(EN_ADJ)} {rng.choice(EN_FOCUS)} {rng.choice(EN_FORMS)}"
        if style < 0.65:
            return f"{rng.choice(EN_FOCUS)} {rng.choice(EN_FORMS)} of {rng.choice(CITIES)}"
        forms, focus = rng.choice([ES, ES, FR, FR, PT])
        return f"{rng.choice(forms)} {rng.choice(focus)} – {rng.choice(CITIES)}"

    def academic_name() -> str:
        city, unit = rng.choice(CITIES), rng.choice(ACADEMIC_UNITS)
        return rng.choice([f"University of {city}, {unit}", f"{city} Institute for {unit.split(' for ')[-1]}",
                           f"Université de {city}, {unit}", f"Universidad de {city}, {unit}"])

    def company_name() -> str:
        brand = "".join(rng.choice(BRAND_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        return f"{brand} {rng.choice(SECTORS)} {rng.choice(COMPANY_FORMS)}"

    add("chair", states.pop(), mode="in_person")
    for i in range(counts["secretariat"]):
        add("secretariat", SECRETARIAT[i] if i < len(SECRETARIAT) else unique.take(
            lambda: f"UNODC ({rng.choice(ACADEMIC_UNITS)} Section)"), mode="in_person")
    for _ in range(counts["panellist"]):
        kind = rng.choice(["academia", "ngo"])
        add("panellist", unique.take(academic_name if kind == "academia" else ngo_name), org_type=kind)
    groups = GROUPS[:]
    for i in range(counts["group_statement"]):
        if i == 0:
            add("group_statement", "European Union", on_behalf_of="European Union and its member States")
        else:
            group = groups[(i - 1) % len(groups)] + ("" if i - 1 < len(groups) else f" ({i})")
            add("group_statement", states.pop(), on_behalf_of=group)
    for _ in range(counts["state_party"]):
        add("state_party", states.pop())
    for _ in range(counts["signatory_state"]):
        add("signatory_state", states.pop())
    for i in range(counts["observer_state"]):
        add("observer_state", OBSERVER_STATES[i] if i < len(OBSERVER_STATES) else states.pop())
    for i in range(counts["un_entity"]):
        add("un_entity", UN_ENTITIES[i] if i < len(UN_ENTITIES) else unique.take(
            lambda: f"United Nations {rng.choice(EN_FOCUS)} {rng.choice(['Programme', 'Office', 'Fund'])}"),
            mode=rng.choice(["in_person", "online"]))
    for i in range(counts["igo"]):
        add("igo", IGOS[i] if i < len(IGOS) else unique.take(
            lambda: f"{rng.choice(EN_ADJ)} Commission on {rng.choice(EN_FOCUS)}"))
    for _ in range(counts["ngo"]):
        add("ngo", unique.take(ngo_name))
    for _ in range(counts["academia"]):
        add("academia", unique.take(academic_name))
    for _ in range(counts["private_sector"]):
        add("private_sector", unique.take(company_name))
    assert len(out) == participants and len({p["delegation"] for p in out}) == participants
    return out


# --------------------------------------------------------------------------- the agenda file


def _write_agenda(path: Path, roster: list[dict[str, Any]], allotted_min: list[int]) -> None:
    """A generated agenda with the template's settings, the roster and the items (no advance lists)."""
    data = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    chair = next(p for p in roster if p["category"] == "chair")
    data["meeting"].update({
        "id": MEETING_ID,
        "title": "Conference of the Parties to the United Nations Convention against Transnational Organized Crime, "
                 "thirteenth session: plenary",
        "body": "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
        "mandate": "Article 32 of the Convention; rules of procedure for the Conference of the Parties",
        "number": 1,
        "date": FIRST_DAY,
        "scheduled_start": "%02d:%02d" % SITTINGS[0][:2],
        "scheduled_end": "%02d:%02d" % SITTINGS[-1][2:],
        "timezone": TIMEZONE,
        "place": "Vienna International Centre, Plenary Hall (Board Room D)",
        "chair": {"name": chair["speaker"], "delegation": chair["delegation"]},
    })
    data["participants"] = [
        {k: v for k, v in (("id", p["key"]), ("category", p["category"]), ("delegation", p["delegation"]),
                           ("speaker", p["speaker"]), ("on_behalf_of", p["on_behalf_of"]), ("org_type", p["org_type"]),
                           ("mode", p["mode"])) if v}
        for p in roster
    ]
    titles = ITEM_TITLES if len(allotted_min) <= len(ITEM_TITLES) else ITEM_TITLES + [
        f"Other matters ({i})" for i in range(len(allotted_min) - len(ITEM_TITLES))]
    titles = titles[: len(allotted_min) - 1] + [ITEM_TITLES[-1]]
    data["items"] = [{"number": i + 1, "title": t, "allotted_min": m} for i, (t, m) in enumerate(zip(titles, allotted_min))]
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    header = "# Generated by benchmarks/workload.py: the reference workload of issue 7 (settings of tip-constructive-dialogue.yaml).\n"
    path.write_text(header + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")


# --------------------------------------------------------------------------- the calendar


class _Calendar:
    """The sittings: SITTINGS each weekday from FIRST_DAY, as UTC instants."""

    def __init__(self) -> None:
        self.tz = ZoneInfo(TIMEZONE)
        self.day, self.slot = FIRST_DAY, 0
        self.start, self.end = self._bounds()

    def _bounds(self) -> tuple[datetime, datetime]:
        h1, m1, h2, m2 = SITTINGS[self.slot]
        d = self.day
        return (datetime(d.year, d.month, d.day, h1, m1, tzinfo=self.tz).astimezone(UTC),
                datetime(d.year, d.month, d.day, h2, m2, tzinfo=self.tz).astimezone(UTC))

    def next(self) -> datetime:
        """Move to the next sitting; returns its scheduled start."""
        self.slot += 1
        if self.slot == len(SITTINGS):
            self.slot = 0
            self.day += timedelta(days=1)
            while self.day.weekday() >= 5:
                self.day += timedelta(days=1)
        self.start, self.end = self._bounds()
        return self.start

    def day_end(self) -> datetime:
        """The end of the last sitting of the current day (UTC)."""
        h, m = SITTINGS[-1][2:]
        d = self.day
        return datetime(d.year, d.month, d.day, h, m, tzinfo=self.tz).astimezone(UTC)


# --------------------------------------------------------------------------- the simulation


class _Sim:
    """Plays the meeting forward, collecting rows for bulk insertion."""

    def __init__(self, rng: random.Random, meeting: dict[str, Any], roster: list[dict[str, Any]],
                 items: list[dict[str, Any]], settings: dict[str, Any]) -> None:
        self.rng = rng
        self.m = meeting
        self.roster = roster
        self.items = items
        self.settings = settings
        self.precedence = settings.get("precedence", [])
        self.limits = settings["limits_s"]
        self.cal = _Calendar()
        self.t = self.cal.start
        self.running: dict[str, Any] | None = None  # the intervention speaking, with its "_natural_end"
        self.interventions: list[dict[str, Any]] = []
        self.points: list[dict[str, Any]] = []
        self.suspensions: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.next_iv = 1
        self.next_point = 1
        self.next_suspension = 1
        self.item: dict[str, Any] | None = None
        self.entitled_po = [p for p in roster if p["category"] in (settings.get("point_of_order_by") or STATE_CATEGORIES)]
        self.not_entitled_po = [p for p in roster if p["category"] in ("ngo", "academia")]

    # ----------------------------------------------------------------- helpers

    def rank(self, p: dict[str, Any]) -> int:
        return self.precedence.index(p["category"]) if p["category"] in self.precedence else -1

    def event(self, at: datetime, action: str, summary: str, *, intervention_id: int | None = None,
              item_id: int | None = None, accepted: bool = True, rows: list | None = None, **detail: Any) -> dict[str, Any]:
        ev = {
            "at": at, "n": len(self.events), "action": action, "summary": summary,
            "item_id": item_id if item_id is not None else (self.item["id"] if self.item else None),
            "intervention_id": intervention_id, "accepted": accepted, "detail": detail,
            "before": {"rows": rows} if rows is not None and accepted else None, "undone_by": None,
        }
        self.events.append(ev)
        return ev

    def new_intervention(self, p: dict[str, Any], item: dict[str, Any], position: float, kind=STATEMENT,
                         reply_number: int | None = None, allotted: int | None = None) -> dict[str, Any]:
        iv = {
            "id": self.next_iv, "item_id": item["id"], "participant_id": p["id"], "position": position, "kind": kind,
            "reply_number": reply_number, "status": WAITING, "inscribed_at": None,
            "allotted_s": self.limits.get(p["category"]) if allotted is None and kind == STATEMENT else allotted,
            "extension_s": 0, "called_at": None, "started_at": None, "ended_at": None, "paused_s": 0.0,
            "paused_since": None, "pause_reason": "", "failed_calls": [], "moved_by_chair": False,
            "late_override": False, "used_s": None,
        }
        self.next_iv += 1
        self.interventions.append(iv)
        return iv

    def ensure_time(self, seconds: float) -> None:
        """Suspend until the next sitting if what comes next would run well past the sitting's end."""
        now = max(self.t, self.running["_natural_end"]) if self.running else self.t
        if now + timedelta(seconds=seconds) <= self.cal.end + timedelta(minutes=3):
            return
        if self.running is not None:
            self.end_explicitly()
            now = self.t
        suspended = now + timedelta(seconds=self.rng.uniform(10, 60))
        resumed = self.cal.next() + timedelta(seconds=self.rng.uniform(0, 900))
        sid = self.next_suspension
        self.next_suspension += 1
        self.suspensions.append({"id": sid, "meeting_id": self.m["id"], "item_id": self.item["id"],
                                 "suspended_at": suspended, "resumed_at": resumed})
        self.event(suspended, "suspended", "The meeting was suspended",
                   rows=[["meeting", self.m["id"], {"state": "in_session"}], ["suspension", sid, None]])
        self.event(resumed, "resumed", "The meeting resumed",
                   rows=[["meeting", self.m["id"], {"state": "suspended"}], ["suspension", sid, {"resumed_at": None}]])
        self.t = resumed + timedelta(seconds=self.rng.uniform(20, 90))

    def _finish(self, iv: dict[str, Any], at: datetime) -> dict[str, Any]:
        iv["ended_at"] = at
        iv["status"] = SPOKE
        timed = SimpleNamespace(**iv)  # the one rule of models.timing, as the chair's "end" applies it
        iv["used_s"] = used_seconds(timed, at)
        return {"used_s": iv["used_s"], "paused_s": whole_seconds(iv["paused_s"]), "limit_s": limit_seconds(timed)}

    def end_explicitly(self) -> None:
        """The chair ends the running intervention at its natural end (``e``)."""
        iv = self.running
        assert iv is not None
        at = iv.pop("_natural_end")
        p = iv["_p"]
        figures = self._finish(iv, at)
        text = f"{figures['used_s']} s used" + (f" of {figures['limit_s']} s" if figures["limit_s"] is not None else "")
        self.event(at, "intervention_ended", f"{_name_of(p)} ended ({text})", intervention_id=iv["id"],
                   rows=[["intervention", iv["id"], {"status": "speaking", "ended_at": None, "used_s": None}]],
                   participant=p["key"], **figures)
        self.running = None
        self.t = max(self.t, at)

    def end_running(self, gap: float) -> tuple[dict[str, Any], list]:
        """Before the next press of the chair (give the floor, next item): the running
        intervention ends — explicitly at its natural end, or by that press itself.
        Moves the clock to the press. Returns (log detail, before rows) of an implicit end."""
        if self.running is None:
            self.t += timedelta(seconds=gap)
            return {}, []
        natural = self.running["_natural_end"]
        if self.rng.random() < 0.5:
            self.end_explicitly()
            self.t = max(self.t, natural) + timedelta(seconds=gap)
            return {}, []
        iv = self.running
        iv.pop("_natural_end")
        self.t = max(self.t, natural) + timedelta(seconds=gap)
        detail = {"ended_intervention": iv["id"], **self._finish(iv, self.t)}
        self.running = None
        return detail, [["intervention", iv["id"], {"status": "speaking", "ended_at": None, "used_s": None}]]

    # ----------------------------------------------------------------- the floor

    def give_floor(self, iv: dict[str, Any], expected_s: float) -> datetime:
        """Give the floor to ``iv`` (ending the running one); returns the instant."""
        self.ensure_time(expected_s)
        detail, rows = self.end_running(self.rng.uniform(8, 40))
        p = iv["_p"]
        rows = rows + [["intervention", iv["id"], {"status": "waiting", "called_at": _iso(iv["called_at"]), "started_at": None}]]
        what = f" for its {_ordinal(iv['reply_number'])} right of reply" if iv["kind"] == REPLY else ""
        self.event(self.t, "floor_given", f"Floor given to {_name_of(p)}{what}", intervention_id=iv["id"], rows=rows,
                   participant=p["key"], allotted_s=iv["allotted_s"], **detail)
        iv["status"] = SPEAKING
        iv["called_at"] = iv["started_at"] = self.t
        return self.t

    def speak(self, iv: dict[str, Any]) -> None:
        """The intervention is given: its timing, pauses, points of order, extensions."""
        rng, p = self.rng, iv["_p"]
        limit = iv["allotted_s"]
        target = rng.uniform(120, 600) if limit is None else max(20.0, min(1.35, rng.gauss(0.85, 0.2)) * limit)
        start = self.give_floor(iv, target + 60)
        # sub-events at offsets of charged time
        subs: list[tuple[float, str]] = []
        if rng.random() < 0.06:
            subs.append((rng.uniform(0.1, 0.9) * target, "pause"))
        if rng.random() < 0.004 and self.entitled_po:
            subs.append((rng.uniform(0.1, 0.9) * target, "point"))
        if rng.random() < 0.002:
            subs.append((rng.uniform(0.1, 0.9) * target, "undone_pause"))
        if limit is not None and rng.random() < 0.03:
            subs.append((min(target, limit) * 0.85, "adjust"))
        if rng.random() < 0.001 and self.not_entitled_po:
            subs.append((rng.uniform(0.1, 0.9) * target, "refused_point"))
        subs.sort()
        for offset, kind in subs:
            at = start + timedelta(seconds=offset + iv["paused_s"])
            if kind == "pause":
                reason = rng.choice(PAUSE_REASONS)
                length = rng.uniform(5, 90)
                back = at + timedelta(seconds=length)
                self.event(at, "paused", f"Countdown of {_name_of(p)} paused" + (f" ({reason})" if reason else ""),
                           intervention_id=iv["id"], rows=[["intervention", iv["id"], {"paused_since": None, "pause_reason": ""}]],
                           participant=p["key"], reason=reason, used_s=round(offset))
                self.event(back, "countdown_resumed",
                           f"Countdown of {_name_of(p)} resumed after {round(length)} s (not charged)", intervention_id=iv["id"],
                           rows=[["intervention", iv["id"], {"paused_s": iv["paused_s"], "paused_since": _iso(at),
                                                             "pause_reason": reason or "chair"}]],
                           participant=p["key"], pause_s=round(length))
                iv["paused_s"] += (back - at).total_seconds()
            elif kind == "undone_pause":  # a pause pressed by mistake, undone at once
                ev = self.event(at, "paused", f"Countdown of {_name_of(p)} paused", intervention_id=iv["id"],
                                rows=[["intervention", iv["id"], {"paused_since": None, "pause_reason": ""}]],
                                participant=p["key"], reason="", used_s=round(offset))
                undo = self.event(at + timedelta(seconds=rng.uniform(2, 6)), "undo", f"Undone: {ev['summary']}",
                                  intervention_id=None, rows=None, undone=None, undone_action="paused",
                                  rows_=[["intervention", iv["id"]]])
                undo["detail"]["rows"] = undo["detail"].pop("rows_")
                undo["_undoes"] = ev
            elif kind == "adjust":
                delta = 30 if rng.random() < 0.8 else -30
                old = iv["allotted_s"] + iv["extension_s"]
                self.event(at, "time_adjusted", f"{'+' if delta > 0 else '−'}30 s for {_name_of(p)}", intervention_id=iv["id"],
                           rows=[["intervention", iv["id"], {"extension_s": iv["extension_s"]}]],
                           participant=p["key"], old_limit_s=old, new_limit_s=old + delta)
                iv["extension_s"] += delta
            elif kind == "refused_point":
                raiser = rng.choice(self.not_entitled_po)
                subject = rng.choice(POINT_SUBJECTS)
                allowed = self.settings.get("point_of_order_by") or []
                self.event(at, "point_of_order_refused",
                           f"Request by {_name_of(raiser)} to raise a point of order not granted "
                           f"(only: {', '.join(label(c) for c in allowed)})", accepted=False,
                           participant=raiser["key"], delegation=raiser["delegation"], subject=subject,
                           reason="not_entitled", allowed=allowed)
            else:  # a point of order: the countdown pauses while it is heard
                raiser = rng.choice([x for x in self.entitled_po if x["id"] != p["id"]] or self.entitled_po)
                subject, ruling = rng.choice(POINT_SUBJECTS), rng.choice(RULINGS)
                heard = rng.uniform(30, 150)
                ruled = at + timedelta(seconds=heard)
                pid = self.next_point
                self.next_point += 1
                self.points.append({"id": pid, "meeting_id": self.m["id"], "item_id": self.item["id"],
                                    "participant_id": raiser["id"], "interrupted_id": iv["id"], "subject": subject,
                                    "ruling": ruling, "raised_at": at, "started_at": at, "ended_at": ruled})
                self.event(at, "point_of_order", f"Point of order raised by {_name_of(raiser)}: {subject}",
                           intervention_id=iv["id"],
                           rows=[["intervention", iv["id"], {"paused_since": None, "pause_reason": ""}], ["pointoforder", pid, None]],
                           participant=raiser["key"], subject=subject, point=pid)
                self.event(ruled, "point_of_order_ruled", f"Ruling on the point of order of {_name_of(raiser)}: {ruling}",
                           rows=[["pointoforder", pid, {"ruling": "", "ended_at": None}],
                                 ["intervention", iv["id"], {"paused_s": iv["paused_s"], "paused_since": _iso(at),
                                                             "pause_reason": "point_of_order"}]],
                           participant=raiser["key"], subject=subject, ruling=ruling, point=pid, resumed=iv["id"],
                           heard_s=round(heard))
                iv["paused_s"] += (ruled - at).total_seconds()
        iv["_natural_end"] = start + timedelta(seconds=target + iv["paused_s"])
        self.running = iv

    def failed_call(self, iv: dict[str, Any], queue: list[dict[str, Any]]) -> None:
        """Called, but absent (or, online, not connected): moved back, or at the second time dropped."""
        rng, p = self.rng, iv["_p"]
        called = self.give_floor(iv, 60)
        noted = called + timedelta(seconds=rng.uniform(10, 30))
        kind = "not_connected" if p["mode"] == "online" and rng.random() < 0.7 else "absent"
        label = "absent" if kind == "absent" else "could not be connected"
        before = {"status": "speaking", "started_at": _iso(called), "failed_calls": list(iv["failed_calls"])}
        iv["failed_calls"] = [*iv["failed_calls"], {"at": called.isoformat(), "noted_at": noted.isoformat(), "kind": kind}]
        iv["started_at"] = None
        action = "speaker_absent" if kind == "absent" else "not_connected"
        if len(iv["failed_calls"]) >= 2:
            iv["status"] = NOT_PRESENT
            self.event(noted, "not_present", f"{_name_of(p)} {label} again: dropped as not present", intervention_id=iv["id"],
                       rows=[["intervention", iv["id"], before]], participant=p["key"], kind=kind, calls=2)
        else:
            iv["status"] = WAITING
            rule = self.settings.get("on_absent" if kind == "absent" else "on_not_connected", "end_of_category")
            if rule == "one_place":
                at = min(1, len(queue))
            elif rule == "end_of_list":
                at = len(queue)
            else:
                r = self.rank(p)
                at = len(queue)
                while at > 0 and self.rank(queue[at - 1]["_p"]) > r:
                    at -= 1
            lo = queue[at - 1]["position"] if at > 0 else None
            hi = queue[at]["position"] if at < len(queue) else None
            old = iv["position"]
            iv["position"] = (lo + hi) / 2 if lo is not None and hi is not None else (
                lo + POSITION_STEP if lo is not None else (hi - POSITION_STEP if hi is not None else POSITION_STEP))
            queue.insert(at, iv)
            self.event(noted, action, f"{_name_of(p)} {label}; moved back to place {at + 1}", intervention_id=iv["id"],
                       rows=[["intervention", iv["id"], {**before, "position": old}]],
                       participant=p["key"], kind=kind, rule=rule, new_place=at + 1)
        self.t = noted
        self.running = None

    # ----------------------------------------------------------------- items

    def open_item(self, item: dict[str, Any], first: bool, room_s: float) -> None:
        self.ensure_time(room_s)
        prev = self.item
        if first:
            self.t = self.cal.start + timedelta(seconds=self.rng.uniform(60, 600))
            self.item = item
            item["started_at"] = item["opened_at"] = self.t
            self.m["called_to_order_at"] = self.t
            self.event(self.t, "called_to_order", "The meeting was called to order",
                       rows=[["agendaitem", item["id"], {"started_at": None, "opened_at": None}],
                             ["meeting", self.m["id"], {"state": "scheduled", "called_to_order_at": None, "current_item_id": None}]],
                       delay_s=round((self.t - self.cal.start).total_seconds()), local_date=FIRST_DAY.isoformat())
            return
        detail, rows = self.end_running(self.rng.uniform(20, 120))
        assert prev is not None
        prev["ended_at"] = self.t
        prev["elapsed_s"] = (self.t - prev["opened_at"]).total_seconds()
        rows = rows + [["agendaitem", item["id"], {"started_at": None, "opened_at": None}],
                       ["agendaitem", prev["id"], {"ended_at": None, "opened_at": _iso(prev["opened_at"]), "elapsed_s": 0.0}],
                       ["meeting", self.m["id"], {"current_item_id": prev["id"]}]]
        prev["opened_at"] = None
        self.item = item
        item["started_at"] = item["opened_at"] = self.t
        self.event(self.t, "item_opened", f"Item {item['number']} taken up", rows=rows, from_item=prev["number"], **detail)

    def finished_item(self, item: dict[str, Any], chosen: list[dict[str, Any]], n_replies: int, first: bool) -> int:
        """One finished item: the list given in order, failures, withdrawals, closure, end, replies.
        Returns how many rights of reply were heard (at most ``n_replies``)."""
        rng = self.rng
        self.open_item(item, first, 900)
        self.t += timedelta(seconds=rng.uniform(30, 240))  # the chair introduces the item
        order = sorted(chosen, key=lambda p: (self.rank(p), rng.random()))
        queue = []
        for i, p in enumerate(order):
            iv = self.new_intervention(p, item, (i + 1) * POSITION_STEP)
            iv["_p"] = p
            iv["_order"] = i
            r = rng.random()
            iv["_plan"] = ("withdraw" if r < 0.04 else "absent_twice" if r < 0.055 else "absent_once" if r < 0.075 else "speak")
            queue.append(iv)
        # the chair moves a few speakers up by one place
        for i in range(2, len(queue)):
            if rng.random() < 0.005:
                iv = queue[i]
                before_pos = iv["position"]
                iv["position"] = (queue[i - 2]["position"] + queue[i - 1]["position"]) / 2
                iv["moved_by_chair"] = True
                iv["_moved"] = (before_pos, i + 1)
                queue[i - 1], queue[i] = queue[i], queue[i - 1]
        all_entries = list(queue)
        n = len(queue)
        close_after = round(n * rng.uniform(0.4, 0.85)) if rng.random() < 0.8 else None
        tail = round(n * rng.uniform(0.05, 0.25)) if rng.random() < 0.35 and n >= 8 else 0
        cap = 180 if rng.random() < 0.12 and any((iv["allotted_s"] or 0) > 180 for iv in queue) else None
        done = 0
        active = sum(1 for iv in queue if iv["_plan"] != "withdraw")  # still to be dealt with
        call_time: dict[int, datetime] = {}
        ended_list_at = None
        while queue:
            if close_after is not None and done >= close_after and item["list_closed_at"] is None:
                item["list_closed_at"] = self.t + timedelta(seconds=rng.uniform(1, 20))
                self.event(item["list_closed_at"], "list_closed",
                           f"List of speakers of item {item['number']} closed ({len(queue)} still to speak)",
                           rows=[["agendaitem", item["id"], {"list_closed_at": None}]], waiting=len(queue))
                if cap is not None:
                    self.cap_limits(item, queue, cap, item["list_closed_at"])
            if tail and active <= tail:
                if self.running is not None:
                    self.end_explicitly()
                ended_list_at = self.t + timedelta(seconds=rng.uniform(5, 30))
                self.end_list(item, queue, ended_list_at)
                queue = []
                break
            iv = queue.pop(0)
            plan = iv["_plan"]
            if plan == "withdraw":
                iv["status"] = WITHDREW
                lower = item["started_at"] + timedelta(seconds=5)
                at = max(lower, self.t - timedelta(seconds=rng.uniform(0, 900)))
                iv["_withdrawn_at"] = at
                self.event(at, "withdrawn", f"{_name_of(iv['_p'])} withdrew", intervention_id=iv["id"],
                           rows=[["intervention", iv["id"], {"status": "waiting"}]], participant=iv["_p"]["key"])
                call_time[iv["id"]] = at
                continue
            if plan in ("absent_once", "absent_twice") and len(iv["failed_calls"]) < (1 if plan == "absent_once" else 2):
                self.failed_call(iv, queue)
                call_time.setdefault(iv["id"], iv["called_at"])
                active -= iv["status"] == NOT_PRESENT
                done += 1
                continue
            self.speak(iv)
            call_time.setdefault(iv["id"], iv["started_at"])
            active -= 1
            done += 1
        self.inscriptions(item, all_entries, call_time, ended_list_at)
        return self.replies(item, all_entries, n_replies)

    def cap_limits(self, item: dict[str, Any], queue: list[dict[str, Any]], cap: int, at: datetime) -> None:
        rows: list = [["agendaitem", item["id"], {"limit_cap_s": None}]]
        changes: dict[str, list] = {}
        before = sum(iv["allotted_s"] or 0 for iv in queue)
        for iv in queue:
            if iv["allotted_s"] is not None and iv["allotted_s"] > cap:
                rows.append(["intervention", iv["id"], {"allotted_s": iv["allotted_s"]}])
                changes.setdefault(iv["_p"]["category"], [iv["allotted_s"], cap])
                iv["allotted_s"] = cap
        item["limit_cap_s"] = cap
        self.event(at, "limits_changed", f"Time limit for all remaining speakers of item {item['number']} capped at {cap} s",
                   rows=rows, cap_s=cap, category=None, value_s=None, changes=changes, remaining=len(queue),
                   demand_before_s=before, demand_after_s=sum(iv["allotted_s"] or 0 for iv in queue))

    def end_list(self, item: dict[str, Any], queue: list[dict[str, Any]], at: datetime) -> None:
        rows: list = []
        names = []
        for iv in queue:
            if iv["_plan"] == "withdraw":  # withdrew before the end
                iv["status"] = WITHDREW
                iv["_withdrawn_at"] = max(at - timedelta(seconds=self.rng.uniform(60, 900)), item["started_at"] + timedelta(seconds=5))
                self.event(iv["_withdrawn_at"], "withdrawn",
                           f"{_name_of(iv['_p'])} withdrew", intervention_id=iv["id"],
                           rows=[["intervention", iv["id"], {"status": "waiting"}]], participant=iv["_p"]["key"])
                continue
            iv["status"] = NOT_REACHED
            rows.append(["intervention", iv["id"], {"status": "waiting"}])
            names.append(iv["_p"]["key"])
        item_before: dict[str, Any] = {"list_ended_at": None}
        if item["list_closed_at"] is None:
            item_before["list_closed_at"] = None
            item["list_closed_at"] = at
        rows.append(["agendaitem", item["id"], item_before])
        item["list_ended_at"] = at
        self.event(at, "list_ended", f"List of item {item['number']} ended; {len(names)} not reached", rows=rows,
                   not_reached=names)
        self.t = at

    def replies(self, item: dict[str, Any], entries: list[dict[str, Any]], n: int) -> int:
        """Rights of reply after the list: first replies in order of request, then second ones."""
        rng = self.rng
        by = self.settings.get("right_of_reply", {}).get("by") or list(STATE_CATEGORIES)
        who = [iv["_p"] for iv in entries if iv["status"] == SPOKE and iv["_p"]["category"] in by]
        who = list({p["id"]: p for p in who}.values())
        rng.shuffle(who)
        n2 = n // 4
        firsts = who[: n - n2]
        seconds = firsts[:n2]
        rules = self.settings.get("right_of_reply", {})
        for nth, group in ((1, firsts), (2, seconds)):
            requests = sorted(rng.uniform(60, max(61, (self.t - item["started_at"]).total_seconds())) for _ in group)
            for i, (p, offset) in enumerate(zip(group, requests)):
                place = i + 1 + (len(firsts) if nth == 2 else 0)
                iv = self.new_intervention(p, item, place * POSITION_STEP, REPLY, nth,
                                           rules.get("first_s") if nth == 1 else rules.get("second_s"))
                iv["_p"] = p
                asked = item["started_at"] + timedelta(seconds=offset) if nth == 1 else self.t + timedelta(seconds=rng.uniform(1, 15))
                iv["inscribed_at"] = asked
                self.event(asked, "reply_requested", f"{p['delegation']} asked for its {_ordinal(nth)} right of reply",
                           intervention_id=iv["id"], rows=[["intervention", iv["id"], None]], participant=p["key"], nth=nth,
                           allotted_s=iv["allotted_s"])
                self.speak(iv)
        return len(firsts) + len(seconds)

    def inscriptions(self, item: dict[str, Any], entries: list[dict[str, Any]], call_time: dict[int, datetime],
                     ended_list_at: datetime | None) -> None:
        """Inscription times consistent with the order of the list: within a category in order of
        request; some in advance (before the meeting), the others while the item was open, each
        before its first call (or withdrawal, or the closure of the list)."""
        rng = self.rng
        start = item["started_at"]
        closed = item["list_closed_at"]
        advance_share = 0.4 if item["position"] < 5 else 0.12
        by_cat: dict[int, list[dict[str, Any]]] = {}
        for iv in sorted(entries, key=lambda e: e["_order"]):
            by_cat.setdefault(self.rank(iv["_p"]), []).append(iv)
        for group in by_cat.values():
            last = None
            k = 0
            for iv in group:
                upper = call_time.get(iv["id"]) or iv.get("_withdrawn_at") or ended_list_at or closed or self.t
                if closed is not None:
                    upper = min(upper, closed)
                upper -= timedelta(seconds=5)
                if k < len(group) * advance_share or upper <= start + timedelta(seconds=10):
                    iv["_advance"] = True
                    k += 1
                    continue
                when = start + timedelta(seconds=rng.uniform(5, max(6, (upper - start).total_seconds())))
                if last is not None and when < last:
                    when = min(upper, last + timedelta(seconds=1))
                iv["inscribed_at"] = last = when
        # advance inscriptions: weeks before the meeting, in order within each category
        import_at = self.m["imported_at"]
        for group in by_cat.values():
            adv = [iv for iv in group if iv.get("_advance")]
            times = sorted(rng.uniform(3 * 86400, 30 * 86400) for _ in adv)[::-1]
            for iv, back in zip(adv, times):
                iv["inscribed_at"] = import_at - timedelta(seconds=back)
        times = sorted((iv["inscribed_at"], iv["id"]) for iv in entries if not iv.get("_advance"))
        called = sorted(call_time.values())
        by_id = {e["id"]: e for e in entries}
        for rank, (when, iv_id) in enumerate(times):
            iv = by_id[iv_id]
            place = max(1, rank + 1 - bisect_right(called, when))
            p = iv["_p"]
            self.event(when, "inscribed", f"{_name_of(p)} inscribed on the list of item {item['number']}",
                       intervention_id=iv["id"], rows=[["intervention", iv["id"], None]], participant=p["key"],
                       delegation=p["delegation"], place=place, override=False)
            if rng.random() < 0.004:  # a second request, refused
                again = when + timedelta(seconds=rng.uniform(60, 600))
                self.event(again, "inscription_refused",
                           f"Request from {_name_of(p)} refused: already on the list of item {item['number']}",
                           accepted=False, participant=p["key"], reason="duplicate")
        for iv in entries:
            if iv.get("_moved"):
                old_pos, old_place = iv["_moved"]
                lo = iv["inscribed_at"] if not iv.get("_advance") else start
                hi = call_time.get(iv["id"]) or self.t
                at = lo + (hi - lo) * rng.random()
                self.event(at, "moved", f"{_name_of(iv['_p'])} moved from place {old_place} to {old_place - 1}",
                           intervention_id=iv["id"], rows=[["intervention", iv["id"], {"position": old_pos, "moved_by_chair": False}]],
                           participant=iv["_p"]["key"], old_place=old_place, new_place=old_place - 1)

    def current_item(self, item: dict[str, Any], chosen: list[dict[str, Any]], duplicates: list[dict[str, Any]]) -> datetime:
        """The item open now: one speaker speaking, the others waiting, in precedence order; returns "now"."""
        rng = self.rng
        self.open_item(item, False, 1800)
        opened = self.t
        now = opened + timedelta(minutes=20)
        # second entries (the Chair's override) come last in their category: stable sort
        order = sorted([(p, False) for p in chosen], key=lambda x: (self.rank(x[0]), rng.random()))
        order = sorted(order + [(p, True) for p in duplicates], key=lambda x: self.rank(x[0]))
        entries = []
        for i, (p, dup) in enumerate(order):
            iv = self.new_intervention(p, item, (i + 1) * POSITION_STEP)
            iv["_p"] = p
            iv["_dup"] = dup
            entries.append(iv)
        by_cat: dict[int, list[dict[str, Any]]] = {}
        for iv in entries:
            by_cat.setdefault(self.rank(iv["_p"]), []).append(iv)
        import_at = self.m["imported_at"]
        inscribed_events = []
        for group in by_cat.values():
            n_adv = min(round(len(group) * 0.3), sum(1 for iv in group if not iv["_dup"]))
            adv_times = sorted(rng.uniform(3 * 86400, 30 * 86400) for _ in range(n_adv))[::-1]
            live_times = sorted(rng.uniform(30, 20 * 60 - 120) for _ in range(len(group) - n_adv))
            for j, iv in enumerate(group):
                if j < n_adv:
                    iv["inscribed_at"] = import_at - timedelta(seconds=adv_times[j])
                else:
                    iv["inscribed_at"] = opened + timedelta(seconds=live_times[j - n_adv])
                    inscribed_events.append(iv)
        for iv in sorted(inscribed_events, key=lambda e: e["inscribed_at"]):
            p = iv["_p"]
            how = " by the Chair's override (duplicate)" if iv.get("_dup") else ""
            self.event(iv["inscribed_at"], "inscribed", f"{_name_of(p)} inscribed on the list of item {item['number']}{how}",
                       intervention_id=iv["id"], rows=[["intervention", iv["id"], None]], participant=p["key"],
                       delegation=p["delegation"], place=sum(1 for e in entries if e["inscribed_at"] <= iv["inscribed_at"]),
                       override=bool(how))
        first = entries[0]
        self.t = now - timedelta(seconds=75 + 20)
        self.running = None
        self.end_running(20)
        p = first["_p"]
        self.event(self.t, "floor_given", f"Floor given to {_name_of(p)}", intervention_id=first["id"],
                   rows=[["intervention", first["id"], {"status": "waiting", "called_at": None, "started_at": None}]],
                   participant=p["key"], allotted_s=first["allotted_s"])
        first["status"] = SPEAKING
        first["called_at"] = first["started_at"] = self.t
        return now


def _spread(rng: random.Random, total: int, parts: int, caps: list[int]) -> list[int]:
    """``total`` split over ``parts`` with uneven (log-normal) weights, each at most its cap."""
    if total > sum(caps):
        raise ValueError(f"{total} interventions do not fit: at most {sum(caps)} with this roster")
    weights = [rng.lognormvariate(0, 0.8) for _ in range(parts)]
    counts = [0] * parts
    left = total
    open_ = [i for i in range(parts) if caps[i] > 0]
    while left > 0 and open_:
        w = sum(weights[i] for i in open_)
        given = 0
        for i in open_:
            share = min(caps[i] - counts[i], max(0, int(left * weights[i] / w)))
            counts[i] += share
            given += share
        left -= given
        if given == 0:  # the last few, one each
            for i in open_:
                if left and counts[i] < caps[i]:
                    counts[i] += 1
                    left -= 1
        open_ = [i for i in open_ if counts[i] < caps[i]]
    return counts


def _weighted_sample(rng: random.Random, pool: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    """k distinct participants, likelier the more their category speaks (Efraimidis–Spirakis)."""
    keyed = sorted(pool, key=lambda p: rng.random() ** (1.0 / SPEAK_WEIGHT[p["category"]]), reverse=True)
    return keyed[:k]


def _note_line(rng: random.Random, topics: list[str]) -> str:
    r = rng.random()
    topic = rng.choice(topics)
    obj = rng.choice(NOTE_OBJECTS.get(topic, NOTE_OBJECTS["cooperation"]))
    if r < 0.22:
        return f"{rng.choice(NOTE_VERBS)} {obj}{rng.choice(NOTE_TAILS)}. #{topic}"
    if r < 0.36:
        tag = rng.choice(list(NOTE_STANDARD))
        extra = f" #{topic}" if rng.random() < 0.5 else ""
        return NOTE_STANDARD[tag].format(obj=obj) + f" #{tag}{extra}"
    if r < 0.7:
        return f"{rng.choice(NOTE_VERBS)} {obj}{rng.choice(NOTE_TAILS)}."
    return rng.choice(NOTE_PLAIN)


def _notes(rng: random.Random, sim: _Sim, total_lines: int, topics: list[str], roster: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One note per intervention given (``total_lines`` lines in all; ~1 % name a delegation), one per item."""
    given = [iv for iv in sim.interventions if iv["status"] == SPOKE]
    rows: list[dict[str, Any]] = []
    if given and total_lines > 0:
        mean = total_lines / len(given)
        counts = [max(1, round(rng.gauss(mean, max(1.0, mean / 2.5)))) for _ in given]
        diff = total_lines - sum(counts)
        while diff != 0:
            i = rng.randrange(len(counts))
            if diff > 0:
                counts[i] += 1
                diff -= 1
            elif counts[i] > 1:
                counts[i] -= 1
                diff += 1
            elif all(c == 1 for c in counts):
                break
        nameable = [p for p in roster if p["category"] in STATE_CATEGORIES + ("igo", "un_entity")]
        for iv, n in zip(given, counts):
            lines = [_note_line(rng, topics) for _ in range(n)]
            if rng.random() < 0.01:
                other = rng.choice([p for p in nameable if p["id"] != iv["participant_id"]] or nameable)
                topic = rng.choice(topics)
                lines[rng.randrange(n)] = NAMED_NOTE.format(
                    name=other["delegation"], obj=rng.choice(NOTE_OBJECTS.get(topic, NOTE_OBJECTS["cooperation"])), tag=topic)
            rows.append({
                "meeting_id": sim.m["id"], "item_id": iv["item_id"], "intervention_id": iv["id"], "text": "\n".join(lines),
                "version": n + rng.randint(0, 3), "seq": 0,
                "started_at": iv["started_at"] + timedelta(seconds=rng.uniform(2, 30)),
                "saved_at": iv["ended_at"] + timedelta(seconds=rng.uniform(1, 120)),
            })
    for item in sim.items[:-1]:
        lines = ["Main points of the discussion:"] + [_note_line(rng, topics) for _ in range(rng.randint(2, 4))]
        rows.append({
            "meeting_id": sim.m["id"], "item_id": item["id"], "intervention_id": None, "text": "\n".join(lines),
            "version": len(lines), "seq": 0, "started_at": item["started_at"] + timedelta(seconds=40),
            "saved_at": item["ended_at"] + timedelta(seconds=rng.uniform(30, 600)),
        })
    rows.sort(key=lambda r: r["saved_at"])
    seq = 0
    for r in rows:
        seq += r["version"]
        r["seq"] = seq
    return rows


# --------------------------------------------------------------------------- the one entry point


def build_reference(db_path: Path, *, participants: int = 1000, items: int = 30, interventions: int = 10_000,
                    notes: int = 50_000, waiting: int = 1000, seed: int = 0) -> str:
    """Create a fresh SQLite database at ``db_path`` holding the reference meeting; returns its id.

    The meeting is in session with its last item open: one speaker speaking and
    ``waiting`` waiting (sparse positions, multiples of ``POSITION_STEP``);
    the other ``items - 1`` items are finished and hold ``interventions``
    interventions, ``notes`` lines of the rapporteur's notes (one ``Note`` row per
    intervention given) and one procedural-log row per historical action. Where
    ``waiting + 1`` exceeds the roster (keeping a few participants off the list,
    for inscriptions), the rest are second entries inscribed by the Chair's
    override. The generated agenda is written next to the database
    (``<name>.agenda.yaml``). The instant the meeting stands at is
    :func:`reference_now`.

    Raises:
        FileExistsError: ``db_path`` exists. ValueError: figures that do not fit together.
    """
    db_path = Path(db_path)
    if db_path.exists():
        raise FileExistsError(db_path)
    if items < 2:
        raise ValueError("the reference workload needs at least two items")
    rng = random.Random(seed)
    roster = _roster(rng, participants)
    eligible = [p for p in roster if p["category"] != "chair"]
    reserve = min(20, max(3, len(eligible) // 20))  # never on the current list: for inscriptions
    finished = items - 1
    # item 1 is the opening (the chair and the secretariat); the others share the rest
    opening = [p for p in roster if p["category"] in ("chair", "secretariat")][:2]
    n_open = min(len(opening), interventions)
    caps = [len(eligible) + 4] * (finished - 1)  # + a few rights of reply
    counts = [n_open] + _spread(rng, interventions - n_open, finished - 1, caps)
    allotted = [max(5, 5 * round(c * 3.3 / 5)) for c in counts] + [max(60, 5 * round(waiting * 3.5 / 5))]
    agenda_path = db_path.with_name(db_path.stem + ".agenda.yaml")
    _write_agenda(agenda_path, roster, allotted)
    agenda = load_agenda(agenda_path)
    import_at = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, 7, 30, tzinfo=UTC) - timedelta(days=7)

    store = Store(db_path)
    try:
        with store.transaction() as s:
            meeting = import_agenda(s, agenda, import_at)
            s.flush()
            ids = {key: pid for key, pid in s.exec(select(Participant.key, Participant.id).where(Participant.meeting_id == meeting.id))}
            for p in roster:
                p["id"] = ids[p["key"]]
            db_items = list(s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)))
            item_rows = [{"id": it.id, "number": it.number, "position": it.position, "started_at": None, "ended_at": None,
                          "opened_at": None, "elapsed_s": 0.0, "list_closed_at": None, "list_ended_at": None,
                          "limit_cap_s": None} for it in db_items]
            m = {"id": meeting.id, "imported_at": import_at, "called_to_order_at": None}
            sim = _Sim(rng, m, roster, item_rows, agenda.settings)
            # the finished items
            short = 0  # rights of reply planned but not possible: more statements on the next item
            for k in range(finished):
                item = item_rows[k]
                if k == 0:
                    chosen, n_replies = opening[:n_open], 0
                else:
                    want = counts[k] + short
                    n_replies = min(want // 2, int(want * rng.uniform(0.0, 0.025)))
                    chosen = _weighted_sample(rng, eligible, min(len(eligible), want - n_replies))
                    n_replies = want - len(chosen)
                heard = sim.finished_item(item, chosen, n_replies, first=(k == 0))
                short = n_replies - heard
            # the current item
            off_list = set(p["id"] for p in rng.sample(eligible, reserve))
            pool = [p for p in eligible if p["id"] not in off_list]
            distinct = min(waiting + 1, len(pool))
            chosen = _weighted_sample(rng, pool, distinct)
            extra = waiting + 1 - distinct
            duplicates = [chosen[i % len(chosen)] for i in range(extra)]
            now = sim.current_item(item_rows[-1], chosen, duplicates)
            assert sim.running is None
            # log rows: in order of time; an undo points at the row it undid
            first_log = s.exec(select(func.max(LogEntry.id))).one() + 1
            sim.events.sort(key=lambda e: (e["at"], e["n"]))
            for i, ev in enumerate(sim.events):
                ev["id"] = first_log + i
            for ev in sim.events:
                target = ev.pop("_undoes", None)
                if target is not None:
                    ev["detail"]["undone"] = target["id"]
                    target["undone_by"] = ev["id"]
            log_rows = [{
                "id": ev["id"], "meeting_id": meeting.id, "at": ev["at"], "actor": "chair", "action": ev["action"],
                "item_id": ev["item_id"], "intervention_id": ev["intervention_id"], "accepted": ev["accepted"],
                "summary": ev["summary"], "detail": ev["detail"], "before": ev["before"], "undone_by": ev["undone_by"],
            } for ev in sim.events]
            columns = [c.key for c in Intervention.__table__.columns]
            iv_rows = [{c: iv[c] for c in columns} for iv in sim.interventions]
            note_rows = _notes(rng, sim, notes, agenda.settings.get("topics") or ["cooperation"], roster)
            s.execute(insert(Intervention.__table__), iv_rows)
            if sim.points:
                s.execute(insert(PointOfOrder.__table__), sim.points)
            if sim.suspensions:
                s.execute(insert(Suspension.__table__), sim.suspensions)
            s.execute(insert(LogEntry.__table__), log_rows)
            if note_rows:
                s.execute(insert(Note.__table__), note_rows)
            for it, row in zip(db_items, item_rows):
                for key in ("started_at", "ended_at", "opened_at", "elapsed_s", "list_closed_at", "list_ended_at", "limit_cap_s"):
                    setattr(it, key, row[key])
            meeting.state = MeetingState.IN_SESSION
            meeting.called_to_order_at = m["called_to_order_at"]
            meeting.current_item_id = item_rows[-1]["id"]
            meeting.scheduled_end = sim.cal.day_end()
            assert now > max(ev["at"] for ev in sim.events)
        return meeting.id
    finally:
        store.dispose()


def reference_now(store: Store, meeting_id: str) -> datetime:
    """The instant a workload built by :func:`build_reference` stands at: a minute
    after its newest log row (the current speaker has had the floor 75 s)."""
    with store.read() as s:
        newest = s.exec(select(func.max(LogEntry.at)).where(LogEntry.meeting_id == meeting_id)).one()
    if newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    return newest + timedelta(seconds=75)


def unname_notes(db_path: Path, meeting_id: str = MEETING_ID) -> int:
    """Rephrase every tagged note line that names a participant of the roster
    with a neutral subject ("one delegation", "a regional group": the
    rapporteur's F3, ``models.names.neutral_tagged``), as the rapporteur would
    before the chair's summary; returns how many notes changed. For the
    summary's timing variant."""
    store = Store(db_path)
    try:
        with store.transaction() as s:
            roster = s.exec(select(Participant).where(Participant.meeting_id == meeting_id)).all()
            matcher = roster_matcher(roster)
            changed = 0
            for note in s.exec(select(Note).where(Note.meeting_id == meeting_id)):
                text = neutral_tagged(matcher, note.text)
                if text != note.text:
                    note.text = text
                    changed += 1
            return changed
    finally:
        store.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path, help="the SQLite file to create (must not exist)")
    parser.add_argument("--quick", action="store_true", help="a 10× smaller workload")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else {}
    start = time.perf_counter()
    meeting_id = build_reference(args.db, seed=args.seed, **sizes)
    took = time.perf_counter() - start
    store = Store(args.db)
    with store.read() as s:
        counts = {t.__tablename__: s.exec(select(func.count()).select_from(t)).one()
                  for t in (Participant, AgendaItem, Intervention, Note, LogEntry, Suspension, PointOfOrder)}
    store.dispose()
    print(f"{meeting_id}: built in {took:.1f} s, {args.db.stat().st_size / 2**20:.1f} MiB — " + json.dumps(counts))


#: The ``--quick`` workload: ten times smaller (items stay 30).
QUICK = {"participants": 100, "interventions": 1000, "notes": 5000, "waiting": 100}


if __name__ == "__main__":
    main()
