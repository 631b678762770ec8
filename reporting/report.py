"""A report run's figures as sections of labelled rows: what the page shows, and exactly what the
CSV and XLSX downloads hold. Ratios are derived here, each with its denominator named."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext as _

from clients.models import EndReasonGroup, TargetGroup
from reporting.queries import AGE_BANDS, DURATION_BANDS
from trajectories.models import Direction, Outcome


@dataclass
class Row:
    label: str
    value: int | Decimal | None
    drill: str = ""  # the figure key for the clients behind it; empty: no list
    note: str = ""  # e.g. the denominator of a ratio

    @property
    def is_percentage(self) -> bool:
        return isinstance(self.value, Decimal)

    def cell(self, drill_url: str = "") -> str:
        """The value as the page shows it, a link to the clients behind it when `drill_url` is
        given. Built here, not in the template: a big report has 6,000 rows, and per-row
        template logic was most of the page's time. `drill_url` ends in "?" or "&"."""
        if self.value is None:
            return format_html("{}", "—")
        if self.is_percentage:
            return format_html("{}%", floatformat(self.value, 1))
        shown = intcomma(self.value)
        if drill_url and self.drill and self.value:
            return format_html('<a href="{}cijfer={}">{}</a>', drill_url, quote(self.drill), shown)
        return format_html("{}", shown)


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    slug: str = ""


def percentage(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def sections(figures: dict) -> list[Section]:
    labels = figures["labels"]
    flows = Section(_("Instroom en uitstroom"), slug="stromen")
    flows.rows = [
        Row(_("Stand begin van de maand"), figures["stand_begin"], "stand_begin"),
        Row(_("Instroom"), figures["instroom"], "instroom"),
        Row(_("Uitstroom"), figures["uitstroom"], "uitstroom"),
        Row(_("Stand eind van de maand"), figures["stand_eind"], "stand_eind"),
    ]
    outflow = Section(_("Uitstroom naar reden"), slug="uitstroom")
    groups = figures["uitstroom_per_groep"]
    outflow.rows = [
        Row(label, groups.get(code, 0), f"uitstroom:{code}")
        for code, label in EndReasonGroup.choices
    ]
    if groups.get("onbekend"):
        outflow.rows.append(Row(_("Reden onbekend"), groups["onbekend"]))

    category = Section(_("Stand eind naar categorie (op de laatste dag)"), slug="categorie")
    ordered = sorted(labels["categorie"].items(), key=lambda item: item[1][2])
    category.rows = [
        Row(f"{code} ({unit})", figures["categorie"].get(pk, 0), f"categorie:{pk}")
        for pk, (code, unit, _order) in ordered
    ] + [Row(_("Niet gecategoriseerd"), figures["categorie"].get("", 0), "categorie:")]
    unit = Section(_("Stand eind naar eenheid"), slug="eenheid")
    units: dict[str, int] = {}
    for pk, (_code, unit_name, _order) in ordered:
        units[unit_name] = units.get(unit_name, 0) + figures["categorie"].get(pk, 0)
    unit.rows = [Row(name, count) for name, count in units.items()]
    unit.rows.append(Row(_("Niet gecategoriseerd"), figures["categorie"].get("", 0)))

    target = Section(_("Stand eind naar doelgroep (een cliënt kan in meer groepen vallen)"), slug="doelgroep")  # fmt: skip
    target.rows = [
        Row(label, figures["doelgroep"].get(code, 0), f"doelgroep:{code}")
        for code, label in TargetGroup.choices
    ]
    age = Section(_("Stand eind naar leeftijd"), slug="leeftijd")
    age.rows = [
        Row(band, figures["leeftijd"].get(band, 0), f"leeftijd:{band}") for band in AGE_BANDS
    ]
    duration = Section(_("Stand eind naar duur van de uitkering"), slug="duur")
    duration.rows = [
        Row(band, figures["duur"].get(band, 0), f"duur:{band}") for band in DURATION_BANDS
    ]
    consulent = Section(_("Stand eind naar consulent"), slug="consulent")
    consulent.rows = sorted(
        (
            Row(
                labels["consulent"].get(pk, _("Geen consulent")),
                count,
                f"consulent:{pk}" if pk else "",
            )
            for pk, count in figures["consulent"].items()
        ),
        key=lambda row: row.label,
    )
    return [
        flows,
        outflow,
        _ratios(figures),
        category,
        unit,
        target,
        age,
        duration,
        consulent,
        *_trajectory_sections(figures),
    ]


def _ratios(figures: dict) -> Section:
    year = figures["jaar"]
    work = figures["uitstroom_per_groep"].get("werk", 0)
    section = Section(_("Kengetallen (percentage, met de noemer)"), slug="kengetallen")
    section.rows = [
        Row(_("Uitstroom naar werk, deze maand"), percentage(work, figures["uitstroom"]),
            note=_("%(a)s van %(b)s uitstromers") % {"a": work, "b": figures["uitstroom"]}),
        Row(_("Uitstroom naar werk, dit jaar"), percentage(year["uitstroom_werk"], year["uitstroom"]),
            note=_("%(a)s van %(b)s uitstromers") % {"a": year["uitstroom_werk"], "b": year["uitstroom"]}),
        Row(_("Instroom dit jaar als deel van de stand op 1 januari"),
            percentage(year["instroom"], year["stand_1_januari"]),
            note=_("%(a)s op een stand van %(b)s") % {"a": year["instroom"], "b": year["stand_1_januari"]}),
        Row(_("Uitstroom dit jaar als deel van de stand op 1 januari"),
            percentage(year["uitstroom"], year["stand_1_januari"]),
            note=_("%(a)s op een stand van %(b)s") % {"a": year["uitstroom"], "b": year["stand_1_januari"]}),
        Row(_("Herinstroom binnen 12 maanden, deze maand"),
            percentage(figures["herinstroom"], figures["instroom"]),
            note=_("%(a)s van %(b)s instromers") % {"a": figures["herinstroom"], "b": figures["instroom"]}),
    ]  # fmt: skip
    section.rows += [
        Row(_("Stand op 1 januari"), year["stand_1_januari"], "jaar:stand_1_januari"),
        Row(_("Instroom dit jaar"), year["instroom"], "jaar:instroom"),
        Row(_("Uitstroom dit jaar"), year["uitstroom"], "jaar:uitstroom"),
        Row(_("Herinstroom deze maand"), figures["herinstroom"], "herinstroom"),
    ]
    return section


def _trajectory_sections(figures: dict) -> list[Section]:
    types = figures["labels"]["type"]
    directions = dict(Direction.choices)
    outcomes = dict(Outcome.choices)
    started = Section(_("Trajecten: gestart en lopend aan het eind van de maand"), slug="trajecten")
    ended = Section(
        _("Trajecten: beëindigd deze maand, naar resultaat"), slug="trajecten-resultaat"
    )
    per_direction: dict[str, list[int]] = {}
    for entry in sorted(figures["trajecten"], key=lambda e: types[str(e["type"])][0]):
        name = types[str(entry["type"])][0]
        direction = directions.get(entry["richting"], entry["richting"] or "")
        label = f"{name} ({direction})"
        key = f"traject:{entry['type']}:{{}}:{entry['richting'] or ''}"
        started.rows.append(
            Row(
                _("%(t)s — gestart") % {"t": label},
                entry["gestart"],
                key.format("gestart"),
            )
        )
        started.rows.append(
            Row(
                _("%(t)s — lopend") % {"t": label},
                entry["lopend"],
                key.format("lopend"),
            )
        )
        totals = per_direction.setdefault(direction, [0, 0])
        totals[0] += entry["gestart"]
        totals[1] += entry["lopend"]
        for outcome, count in sorted(entry["beeindigd"].items()):
            ended.rows.append(
                Row(
                    f"{name}: {outcomes.get(outcome, outcome)}",
                    count,
                    f"{key.format('beeindigd')}:{outcome}",
                )
            )
    for direction, (count_started, count_running) in sorted(per_direction.items()):
        started.rows.append(Row(_("Richting %(d)s — gestart") % {"d": direction}, count_started))
        started.rows.append(Row(_("Richting %(d)s — lopend") % {"d": direction}, count_running))
    baan = Section(_("Participatiebanen: resultaat bij beëindiging"), slug="participatiebaan")
    results = figures["participatiebaan"]
    for outcome, label in Outcome.choices:
        baan.rows.append(
            Row(_("%(o)s — deze maand") % {"o": label}, results["maand"].get(outcome, 0))
        )
        baan.rows.append(
            Row(
                _("%(o)s — tot en met deze maand") % {"o": label}, results["totaal"].get(outcome, 0)
            )
        )
    return [started, ended, baan]  # fmt: skip


def flat_rows(figures: dict) -> list[tuple[str, str, object, str]]:
    """(section, figure, value, note) for the downloads: the page's rows, in the page's order."""
    return [
        (str(section.title), str(row.label), row.value, str(row.note))
        for section in sections(figures)
        for row in section.rows
    ]
