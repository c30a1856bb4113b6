# The portal's one image: web (gunicorn), Celery worker and beat differ only
# in their command (see docker-compose.yml).
# bookworm pinned: the same Debian 12 that CI tests the system libraries on.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=mhhs_portal.settings \
    MEDIA_ROOT=/app/var/media \
    STATIC_ROOT=/app/staticfiles

# WeasyPrint renders certificates and reports through Pango; without
# libharfbuzz-subset0 it embeds whole fonts and is ~10x slower. The fonts are
# what the PDFs are set in, since the slim image ships none.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

# A real home: gunicorn keeps its control socket under $HOME.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, from pyproject alone, so a code change does not
# reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
# The media folder exists in the image owned by app so that a fresh named
# volume mounted on it inherits that owner; the static folder is rewritten by
# the collectstatic the web service runs at start.
RUN pip install --no-deps . \
    && mkdir -p /app/var/media /app/staticfiles \
    && chown -R app:app /app/var /app/staticfiles

USER app

# DJANGO_DEBUG=0 so the manifest the production static storage needs is built;
# the key only lets settings load and never signs anything.
RUN SECRET_KEY=collectstatic-build-only DJANGO_DEBUG=0 python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["gunicorn", "mhhs_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
