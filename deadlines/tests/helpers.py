"""Helpers for the signal tests: the signals of one client on a chosen day (the controlled
clock is the `today` the queries take)."""

from __future__ import annotations

from datetime import date, timedelta

from clients.models import Client
from deadlines.queries import signal_groups
from deadlines.registry import Signal, get_kind
from tests.factories import BenefitPeriodFactory, ClientFactory


def signals(client: Client, day: date, code: str) -> list[Signal]:
    groups = signal_groups(Client.objects.filter(pk=client.pk), day, only=get_kind(code))
    return groups[0].signals if groups else []


def dues(client: Client, day: date, code: str) -> list[date]:
    return [signal.due for signal in signals(client, day, code)]


def appears_on(client: Client, code: str, day: date) -> bool:
    """The signal is there on `day` and was not the day before."""
    return not signals(client, day - timedelta(days=1), code) and bool(signals(client, day, code))


def on_benefit(municipality, start: date = date(2024, 1, 1), **fields) -> Client:
    """A client with a benefit period running since `start`."""
    client = ClientFactory(municipality=municipality, **fields)
    BenefitPeriodFactory(client=client, start=start)
    return client
