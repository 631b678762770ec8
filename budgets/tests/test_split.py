"""The split is exact to the cent and the parts add up to the whole: the policy plan's table, and
any amount with any key (hypothesis)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgets.split import round_thousands, split_cents, split_thousands, to_cents
from budgets.tables import budget_table

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
