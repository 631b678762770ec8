"""The letter templates every organisation starts with (seeded by migration 0002 for the
organisations there are, and by seed_demo); a beheerder edits them in the admin."""

from __future__ import annotations

from datetime import date

VALID_FROM = date(2026, 1, 1)

TEMPLATES = [
    (
        "uitnodiging-afspraak",
        "Uitnodiging voor een afspraak",
        "Uitnodiging voor een gesprek op {{ extra.datum }}",
        """Beste {{ client.naam }},

Wij nodigen u uit voor een gesprek met uw consulent {{ consulent.naam }}.

Datum: {{ extra.datum }}
Tijd: {{ extra.tijd }}
Plaats: {{ extra.plaats }}

Neem uw identiteitsbewijs mee. Kunt u niet komen? Bel of mail ons dan zo snel mogelijk, uiterlijk een dag van tevoren. Komt u zonder bericht niet, dan kan dat gevolgen hebben voor uw uitkering.

Uw cliëntnummer is {{ client.nummer }}.""",
    ),
    (
        "plan-ondertekening",
        "Plan van aanpak ter ondertekening",
        "Uw plan van aanpak ter ondertekening",
        """Beste {{ client.naam }},

Bij deze brief ontvangt u uw plan van aanpak, zoals wij het met u hebben besproken. Lees het plan goed door. Gaat u akkoord, onderteken het dan en stuur het binnen twee weken terug.

{{ extra.toelichting }}

Heeft u vragen over het plan? Neem dan contact op met {{ consulent.naam }}.""",
    ),
    (
        "bevestiging-afspraken",
        "Bevestiging van afspraken",
        "Bevestiging van onze afspraken",
        """Beste {{ client.naam }},

In ons gesprek van {{ extra.datum|default:datum }} hebben wij het volgende met u afgesproken:

{{ extra.afspraken }}

Klopt iets niet? Laat het ons dan binnen een week weten.""",
    ),
    (
        "besluit-ontheffing",
        "Besluit over een ontheffing",
        "Besluit over uw ontheffing van de arbeidsverplichtingen",
        """Beste {{ client.naam }},

U heeft (tijdelijk) geen arbeidsverplichtingen. Wij hebben besloten u een ontheffing te geven vanaf {{ extra.ingang }}{% if extra.einde %} tot en met {{ extra.einde }}{% endif %} (artikel 9, tweede lid, Participatiewet).

Reden: {{ extra.reden }}

Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de datum van deze brief bezwaar maken. Vermeld daarbij uw cliëntnummer {{ client.nummer }}.""",
    ),
    # The decision on a maatregel (art. 18 Participatiewet), made by measures.services.impose
    # when a teamleider approves it: extra = gedraging, gedraging_datum, gehoord_op,
    # percentage ("10%"), duur ("1 maand"), ingangsdatum, einddatum, herhaling (docs/measures.md).
    (
        "besluit-maatregel",
        "Besluit over een maatregel",
        "Besluit: verlaging van uw uitkering",
        """Beste {{ client.naam }},

Op {{ extra.gedraging_datum }} heeft u zich niet gehouden aan een verplichting die bij uw uitkering hoort: {{ extra.gedraging }}.{% if extra.gehoord_op %} Op {{ extra.gehoord_op }} hebben wij u daarover gehoord.{% endif %}

Wij hebben besloten uw uitkering te verlagen met {{ extra.percentage }} van de bijstandsnorm, gedurende {{ extra.duur }}: van {{ extra.ingangsdatum }} tot en met {{ extra.einddatum }}. Dit besluit berust op artikel 18 van de Participatiewet en de maatregelenverordening van uw gemeente.{% if extra.herhaling %} U kreeg in de twaalf maanden daarvoor al eerder een maatregel; daarom is de verlaging zwaarder.{% endif %}

Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de datum van deze brief bezwaar maken. Vermeld daarbij uw cliëntnummer {{ client.nummer }}.""",
    ),
]


def seed_templates(template_model, organisation_id: int, codes: list[str] | None = None) -> None:
    """The templates (those with `codes` only, when given) for one organisation, once."""
    for code, name, subject, body in TEMPLATES:
        if codes is not None and code not in codes:
            continue
        template_model.objects.get_or_create(
            organisation_id=organisation_id,
            code=code,
            valid_from=VALID_FROM,
            defaults={"name": name, "subject": subject, "body": body},
        )
