"""The trajectories app's models, by topic. Django finds them here; other apps import them from
`trajectories.models`. See docs/trajectories.md."""

from trajectories.models.premiums import PremiumPayment, PremiumPaymentQuerySet
from trajectories.models.trajectory import (
    MOVES,
    Outcome,
    Status,
    Trajectory,
    TrajectoryQuerySet,
)
from trajectories.models.types import Direction, Provider, TrajectoryRule, TrajectoryType

__all__ = [
    "MOVES",
    "Direction",
    "Outcome",
    "PremiumPayment",
    "PremiumPaymentQuerySet",
    "Provider",
    "Status",
    "Trajectory",
    "TrajectoryQuerySet",
    "TrajectoryRule",
    "TrajectoryType",
]
