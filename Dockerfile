# exitguard: mitmproxy 12.3 + the exitguard bundle (Python 3.12+), as a non-root container.
#   docker build -t exitguard .            (podman build --format docker: OCI images drop the HEALTHCHECK)
#   docker run --read-only -v eg-certs:/data/certs -v eg-rec:/data/recordings -p 127.0.0.1:8080:8080 \
#     -v ./tokens.json:/run/secrets/exitguard-tokens:ro -e EXITGUARD_TOKENS_FILE=/run/secrets/exitguard-tokens exitguard
#   (tokens.json: `exitguard token --file ./tokens.json add NAME`, then `chown 10001`; deploy/README.md, section 4)
# Options come from EXITGUARD_* variables (scripts/entrypoint.sh). The CA is created on the certs volume on first
# start (or imported from EXITGUARD_CA_FROM); no key or secret is ever part of the image.
# BASE_IMAGE: any Debian-like image with Python >= 3.12 and its venv module: the default, or a base made from
# Debian packages where no registry is reachable (tests/deploy/test_container_run.py, deploy/README.md).
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# A fixed non-root uid, so volume ownership and Kubernetes runAsUser/fsGroup can name it. Every mount point a
# volume may get is made here, the user's: Docker gives a new named volume the ownership of the image's folder,
# root's when there is none (compose.yaml's ca-public, EXITGUARD_PUBLIC_DIR).
RUN groupadd --system --gid 10001 exitguard \
 && useradd --system --uid 10001 --gid exitguard --home-dir /home/exitguard --create-home exitguard \
 && mkdir -p /data/certs /data/recordings /data/ca-public \
 && chown -R exitguard:exitguard /data

# A venv: the same on python:*-slim and on Debian's own python3, which is externally managed (PEP 668).
RUN python3 -m venv /opt/venv

WORKDIR /opt/exitguard
# Dependencies first, named by pyproject.toml alone: this (slow) layer is reused until they change.
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb')); \
print(*p['build-system']['requires'], *p['project']['dependencies'], sep=chr(10))" > /tmp/requirements.txt \
 && pip install --no-cache-dir -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt
# Only the package, its rules and the entrypoint are copied: never certs/ or recordings. A plain (non-editable)
# install: the rule packs and the default policy travel as package data, the source folder is not needed after it.
COPY README.md ./
COPY addons ./addons
COPY rules ./rules
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
 && pip check \
 && rm -rf addons rules build ./*.egg-info \
 && python -c "import addons.chain, mitmproxy; print('exitguard image ok')"
COPY --chmod=0755 scripts/entrypoint.sh /usr/local/bin/exitguard-entrypoint

USER 10001:10001
ENV HOME=/home/exitguard \
    EXITGUARD_CONFDIR=/data/certs \
    EXITGUARD_RECORD_DIR=/data/recordings \
    EXITGUARD_LISTEN=0.0.0.0:8080 \
    EXITGUARD_PYTHON=python \
    EXITGUARD_CONTROL=/data/certs/exitguard-control.json
VOLUME ["/data/certs", "/data/recordings"]
EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=6s --start-period=20s --retries=3 CMD ["exitguard-entrypoint", "health"]
ENTRYPOINT ["exitguard-entrypoint"]
