"""The split is exact to the cent and the parts add up to the whole: the policy plan's table, and
any amount with any key (hypothesis)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgets.split import (
    controlled_round,
    round_half_up,
    round_thousands,
    round_to_total,
    split_cents,
    split_thousands,
    to_cents,
)
from budgets.tables import budget_table
from budgets.tests.conftest import INCIDENTAL, LINES_2024, STRUCTURAL, make_key, make_year

pytestmark = pytest.mark.django_db


def euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def test_the_policy_plans_table_comes_out_to_the_cent(year_2024, lv, wassenaar, voorschoten):
    table = budget_table(budget_year=year_2024, scope={lv.pk, wassenaar.pk, voorschoten.pk})

    total = table.total
    assert euros(total.total) == Decimal("487000")
    assert [euros(total.parts[m.pk]) for m in (lv, wassenaar, voorschoten)] == [
        Decimal("360380"),
        Decimal("68180"),
        Decimal("58440"),
    ]
    structural = table.groups[0].subtotal
    assert euros(structural.total) == Decimal("247000")
    assert [euros(structural.parts[m.pk]) for m in (lv, wassenaar, voorschoten)] == [
        Decimal("182780"),
        Decimal("34580"),
        Decimal("29640"),
    ]
    for row in table.rows:
        assert sum(row.parts.values()) == row.total


def test_leftover_cents_go_to_the_largest_remainders():
    # 100.00 by thirds: 33.33 each and one cent left, which goes to the first of equal weights.
    assert split_cents(10000, {"a": 1, "b": 1, "c": 1}) == {"a": 3334, "b": 3333, "c": 3333}
    # 0.05 by 74/14/12: exact 3.7 / 0.7 / 0.6 cents; floors 3/0/0, two cents to .7 and .7.
    assert split_cents(5, {"lv": Decimal(74), "w": Decimal(14), "v": Decimal(12)}) == {
        "lv": 4,
        "w": 1,
        "v": 0,
    }


def test_a_total_in_thousands_rounds_half_up():
    assert round_thousands(to_cents(Decimal("487000"))) == 487
    assert round_thousands(to_cents(Decimal("1500.00"))) == 2
    assert round_thousands(to_cents(Decimal("1499.99"))) == 1


def test_amounts_with_fractions_of_a_cent_are_refused():
    with pytest.raises(ValueError, match="twee decimalen"):
        to_cents(Decimal("10.005"))


# A key of 1 to 8 shares with four decimals that adds up to exactly 100%: cut 100.0000 at sorted
# points (in units of 0.0001%).
keys = st.lists(st.integers(min_value=0, max_value=1_000_000), max_size=7).map(
    lambda cuts: [
        Decimal(high - low) / 10_000
        for low, high in zip([0, *sorted(cuts)], [*sorted(cuts), 1_000_000], strict=True)
    ]
)


@given(total=st.integers(min_value=0, max_value=10**13), shares=keys)
def test_parts_add_up_exactly_and_stay_within_a_cent_of_their_share(total, shares):
    assert sum(shares) == 100
    parts = split_cents(total, dict(enumerate(shares)))

    assert sum(parts.values()) == total
    for index, part in parts.items():
        exact = Fraction(total) * Fraction(shares[index]) / 100
        assert abs(part - exact) < 1


def _thousands(amount: str, key: dict[str, str]) -> dict[str, int]:
    cents = split_cents(to_cents(Decimal(amount)), {k: Decimal(v) for k, v in key.items()})
    return split_thousands(cents)


EXACT_KEY = {"lv": "74", "w": "14", "v": "12"}
PLAN_KEY = {"lv": "74.1", "w": "13.9", "v": "12.0"}  # the demo's unrounded key


def test_thousands_add_up_to_the_rounded_total_not_cell_by_cell():
    # Cell by cell 360,380 / 68,180 / 58,440 would be 360 + 68 + 58 = 486 under 487.
    assert split_cents(to_cents(Decimal("487000")), {k: Decimal(v) for k, v in EXACT_KEY.items()}) == {
        "lv": 36_038_000, "w": 6_818_000, "v": 5_844_000,
    }  # fmt: skip
    assert _thousands("487000", EXACT_KEY) == {"lv": 360, "w": 68, "v": 59}
    assert _thousands("247000", EXACT_KEY) == {"lv": 183, "w": 34, "v": 30}


def test_the_unrounded_key_gives_the_policy_plans_printed_table():
    assert _thousands("487000", PLAN_KEY) == {"lv": 361, "w": 68, "v": 58}
    assert _thousands("247000", PLAN_KEY) == {"lv": 183, "w": 34, "v": 30}


@given(
    cents=st.lists(st.integers(min_value=0, max_value=10**11), min_size=1, max_size=6),
)
def test_thousands_always_add_up_and_stay_within_one(cents):
    parts = dict(enumerate(cents))
    thousands = split_thousands(parts)
    assert sum(thousands.values()) == round_thousands(sum(cents))
    for key, part in parts.items():
        assert abs(Fraction(thousands[key]) - Fraction(part, 100_000)) < 1 + Fraction(1, 2)


def every_row_and_column_adds_up(table) -> list[str]:
    """What does not add up in a table's thousands: each row across, and each municipality's
    (and the total's) column down the lines to the subtotal and the subtotals to the total."""
    wrong = []
    rows = [*table.rows, *(g.subtotal for g in table.groups), table.total]
    for row in rows:
        if sum(row.thousands.values()) != row.total_thousands:
            wrong.append(f"{row.label}: {row.thousands} under {row.total_thousands}")
    columns = [(m.pk, m.name) for m in table.municipalities]
    for pick, name in [*((lambda r, pk=pk: r.thousands[pk], n) for pk, n in columns),
                       (lambda r: r.total_thousands, "totaal")]:  # fmt: skip
        for group in table.groups:
            if sum(pick(row) for row in group.rows) != pick(group.subtotal):
                wrong.append(f"{name}, {group.label}: lines do not add up to the subtotal")
        if sum(pick(group.subtotal) for group in table.groups) != pick(table.total):
            wrong.append(f"{name}: subtotals do not add up to the total")
    for row in rows:  # controlled: every figure its exact value rounded down or up
        for pk, value in row.thousands.items():
            assert abs(Fraction(value) - Fraction(row.all_parts[pk], 100_000)) < 1, row.label
        assert abs(Fraction(row.total_thousands) - Fraction(row.total, 100_000)) < 1, row.label
    return wrong


def test_the_demo_key_table_adds_up_down_and_across(organisation, lv, wassenaar, voorschoten):
    """The plan's 2024 lines with its unrounded key 74.1 / 13.9 / 12.0: rounded cell by cell,
    Wassenaar's structural lines were 13 + 17 + 4 = 34 but its incidental ones 26 + 7 = 33 under
    68; controlled, both columns add up and the printed total stays 361 / 68 / 58."""
    key = make_key(organisation, [(lv, "74.1"), (wassenaar, "13.9"), (voorschoten, "12.0")])
    table = budget_table(budget_year=make_year(organisation, key, 2024, LINES_2024),
                         scope={lv.pk, wassenaar.pk, voorschoten.pk})  # fmt: skip
    assert every_row_and_column_adds_up(table) == []
    assert [table.total.thousands[m.pk] for m in (lv, wassenaar, voorschoten)] == [361, 68, 58]
    structural, incidental = table.groups
    assert [structural.subtotal.thousands[m.pk] for m in (lv, wassenaar, voorschoten)] == [183, 34, 30]  # fmt: skip
    assert [incidental.subtotal.thousands[m.pk] for m in (lv, wassenaar, voorschoten)] == [178, 34, 28]  # fmt: skip
    assert [table.total.total_thousands, structural.subtotal.total_thousands] == [487, 247]


@pytest.mark.parametrize(
    ("shares", "amounts"),
    [
        # Every cell exactly half a thousand: cell by cell all 1 (or all 0) under a total of 2.
        (["50", "50"], ["1000", "1000"]),
        # Thirds: 0.333… everywhere, every line 1,000 but three lines 3,000.
        (["33.3334", "33.3333", "33.3333"], ["1000", "1000", "1000", "1000"]),
        # Lines just under and over half a thousand.
        (["74.1", "13.9", "12.0"], ["499.99", "500.01", "1499.99", "2500", "0.01"]),
        # One municipality with almost everything, one line of 1 cent.
        (["99.9999", "0.0001"], ["487000", "0.01", "999.99"]),
    ],
)
def test_adversarial_tables_add_up_down_and_across(organisation, lv, wassenaar, voorschoten, shares, amounts):  # fmt: skip
    municipalities = [lv, wassenaar, voorschoten][: len(shares)]
    key = make_key(organisation, list(zip(municipalities, shares, strict=True)))
    kinds = [STRUCTURAL, INCIDENTAL]
    lines = [(f"Regel {n}", kinds[n % 2], amount) for n, amount in enumerate(amounts)]
    table = budget_table(budget_year=make_year(organisation, key, 2024, lines),
                         scope={m.pk for m in municipalities})  # fmt: skip
    assert every_row_and_column_adds_up(table) == []


@given(
    table=st.lists(
        st.lists(st.integers(min_value=0, max_value=10**9), min_size=4, max_size=4),
        min_size=1,
        max_size=7,
    ),
    denominator=st.sampled_from([1, 3, 7, 1000, 100_000]),
)
def test_controlled_rounding_always_adds_up(table, denominator):
    exact = {r: {c: Fraction(v, denominator) for c, v in enumerate(row)} for r, row in enumerate(table)}  # fmt: skip
    column_exact = {c: sum(exact[r][c] for r in exact) for c in range(4)}
    columns = round_to_total(column_exact, round_half_up(sum(column_exact.values())))
    cells, totals = controlled_round(exact, columns)
    for c in range(4):
        assert sum(cells[r][c] for r in exact) == columns[c]
    for r in exact:
        assert sum(cells[r].values()) == totals[r]
        assert abs(totals[r] - sum(exact[r].values())) < 1
        for c in range(4):
            assert abs(cells[r][c] - exact[r][c]) < 1
