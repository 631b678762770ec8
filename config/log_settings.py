"""Logging: one console handler whose lines carry the request id (security.middleware) and never
a BSN (core.bsn), the last line of defence behind the masking everywhere else."""


def logging_settings(*, level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "security.middleware.RequestIdLogFilter"},
            "no_bsn": {"()": "core.bsn.BsnLogFilter"},
        },
        "formatters": {
            "default": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id", "no_bsn"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # The embedded PostgreSQL narrates every start and stop at INFO.
        "loggers": {"pgserver": {"level": "WARNING"}},
    }
