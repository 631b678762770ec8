"""A handler that keeps every log record of the test run, for the scan for BSNs
(security/tests/test_no_bsn.py). The root conftest attaches it."""

import logging


class _RunLog(logging.Handler):
    """Every log record of the test run, formatted, whatever its logger or level."""

    lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a broken record is not this handler's business
            text = str(record.msg)
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name}: {text}")


RUN_LOG = _RunLog(level=logging.DEBUG)
