# The application image: web (default command), worker, beat and migrate all run from it
# (compose.yaml). The source tree in /app is what runs, on PYTHONPATH: the settings find
# templates/, static/ and locale/ beside the packages, and the `demo` app is not packaged.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY . .
RUN pip install -c requirements.lock .

# Static files are part of the image (whitenoise serves the hashed, compressed copies). The
# production settings refuse to load without a 50+ character secret: this one exists only for
# this build step and is not kept in the image's environment.
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_SECRET_KEY=build-time-only-collectstatic-dummy-secret-not-used-at-run-time \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

RUN useradd --create-home --uid 10001 app \
    && mkdir -p /app/media \
    && chown app:app /app/media
USER app

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
