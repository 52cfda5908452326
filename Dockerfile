# The app image: web (gunicorn), worker and beat all run it with different commands.

# Browser libraries (Chart.js) from the npm registry, pinned by package-lock.json; the
# development ones (axe-core, for the browser tests) stay out.
FROM node:20-slim AS browser-libraries
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATA_DIR=/data

# git: the git sync keeps bare mirrors; gettext: compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends git gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 app \
    && mkdir -p /data && chown app /data

WORKDIR /app
# Dependencies first, so a code change reuses this layer.
COPY pyproject.toml README.md ./
RUN mkdir osc4you contributors projects && pip install . && pip uninstall -y osc4you
COPY --chown=app . .
COPY --from=browser-libraries /build/node_modules/chart.js/dist/chart.umd.min.js /build/node_modules/chart.js/dist/chart.umd.min.js.map static/vendor/
# A throwaway key: settings refuse a weak one even for collectstatic.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" STATIC_ROOT=/app/staticfiles python manage.py collectstatic --no-input -v 0 \
    && python manage.py compilemessages -v 0 --ignore ".venv/*" \
    && python -m compileall -q manage.py osc4you projects contributors camps community
# (compileall: PYTHONDONTWRITEBYTECODE keeps the running app from caching bytecode, so it is
# written once here; otherwise every command would compile the app from source, ~0.12 s.)

USER app
ENV STATIC_ROOT=/app/staticfiles
EXPOSE 8000
CMD ["gunicorn", "osc4you.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
