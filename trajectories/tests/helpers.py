"""Helpers to plan and start trajectories in tests."""

from __future__ import annotations

from datetime import date

from trajectories import services
from trajectories.models import Provider, TrajectoryType


def kind(code: str) -> TrajectoryType:
    return TrajectoryType.objects.get(code=code)


def provider(name: str = "Re-integratiebedrijf") -> Provider:
    return Provider.objects.get(name=name)


def plan(client, code, start: date, end: date, by, **kwargs):
    return services.plan_trajectory(
        client=client,
        kind=kind(code),
        provider=kwargs.pop("provider", None) or provider(),
        municipality=kwargs.pop("municipality", None) or client.municipality,
        planned_start=start,
        planned_end=end,
        by=by,
        **kwargs,
    )


def run(client, code, start: date, end: date, by, **kwargs):
    """Plan and start on the planned start."""
    trajectory = plan(client, code, start, end, by, **kwargs)
    return services.start_trajectory(trajectory=trajectory, on=start, by=by)
