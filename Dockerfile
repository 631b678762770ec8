# Production-like image: gunicorn serving Django (static files by WhiteNoise), and the same image
# runs the Celery worker and beat. bin/production does each step, here and in CI (.ci/run runs
# `bin/production check`, the whole path without Docker).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHON=python
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
# Hashed, compressed static files with the production settings (DEBUG off).
RUN bin/production collectstatic
RUN useradd --create-home opstap
USER opstap
EXPOSE 8000
# gunicorn with config/gunicorn.py: the access log names paths, never query strings.
# Other commands: bin/production migrate | worker | beat (docker-compose.yml).
CMD ["bin/production", "web"]
