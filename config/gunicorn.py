"""gunicorn settings for Opstap: `gunicorn -c config/gunicorn.py config.wsgi:application`.

Used by the Dockerfile, docker-compose.yml and bin/production. The access log names the path
only, never the query string (`%(U)s`, not `%(r)s`), and not the Referer either (a full URL): a
BSN typed into `/clienten/?q=...` must not land in a web server log (docs/security.md).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# An import is checked in the request up to OPSTAP_IMPORT_MAX_BYTES; give it time.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Heartbeat files in memory rather than on the container's overlay file system (gunicorn's
# documented choice; no data is written there).
SHARED_MEMORY = "/dev/shm"  # noqa: S108  # nosec B108
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Remote address, time, method, path without query string, protocol, status, bytes, duration
# in microseconds, the request id Opstap answered with (matches the access log rows and log
# lines), and the user agent.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)s %({x-request-id}o)s "%(a)s"'
