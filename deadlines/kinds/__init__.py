"""The registered signal kinds; importing this package registers them (in display order)."""

from deadlines.kinds import agenda, approvals, clients, measures, trajectories  # noqa: F401
