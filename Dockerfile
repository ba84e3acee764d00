# syntax=docker/dockerfile:1
#
# Mijn Toeslagen: invordering in samenhang. One image for web (gunicorn), the Celery
# worker, Celery beat and the one-shot migrate step; docker-compose.yml picks the command.
#
#   base     Python, the WeasyPrint system libraries and the unprivileged user.
#   build    base + gettext: installs the dependencies into /opt/venv, compiles the
#            translations and collects the static files.
#   runtime  base + the results of build. No gettext, no build tools. (default target)
#
# Health checks live in docker-compose.yml, not here.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS base

# WeasyPrint draws PDFs through Pango and HarfBuzz and finds fonts with fontconfig.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
        shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

# PYTHONPATH: the code runs from /app, never from a copy in site-packages (see build).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings

WORKDIR /app


FROM base AS build

RUN apt-get update \
    && apt-get install --yes --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv

# Dependencies first, from pyproject.toml alone, so this layer is only rebuilt when they
# change. With no package folders present `pip install .` installs every dependency and
# only the project's metadata: the code itself runs from /app (BASE_DIR must be /app for
# templates, locale and static), so no second copy of it lands in site-packages.
COPY pyproject.toml ./
RUN pip install . && rm -rf build *.egg-info

COPY . .

# Settings demand a SECRET_KEY when DEBUG and DEMO are off, and create DATA_DIR on import.
# Give these two build-only commands a throwaway key and a scratch folder, so neither a key
# nor a data folder ends up in the image.
RUN SECRET_KEY=build-only-key-not-used-at-runtime-0123456789 DATA_DIR=/tmp/build-data \
        python manage.py compilemessages \
    && SECRET_KEY=build-only-key-not-used-at-runtime-0123456789 DATA_DIR=/tmp/build-data \
        python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-data


FROM base AS runtime

COPY --from=build /opt/venv /opt/venv
# Code, compiled .mo files and /app/staticfiles (STATIC_ROOT). Owned by root, so the app
# cannot change its own code.
COPY --from=build /app /app

# DATA_DIR: letters, uploads and the beat schedule. docker-compose.yml mounts a named
# volume here that web, worker and beat share; a fresh volume takes this ownership.
ENV DATA_DIR=/data
RUN mkdir -p /data && chown app:app /data

USER app

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
