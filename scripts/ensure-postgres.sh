#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 and print a URL for a fresh,
# empty database named $1 (default cartera_test). Starts the local cluster if it is down;
# on a machine without PostgreSQL, installs Debian's package (needs root).
set -euo pipefail
name="${1:-cartera_test}"
host=127.0.0.1
port=5432

start_cluster() {
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  fi
}

if ! pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
  start_cluster
fi
if ! pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "Instalando PostgreSQL (paquetes de Debian)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >&2
  fi
  start_cluster
fi
for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" 2>/dev/null && break; sleep 1; done
pg_isready -q -h "$host" -p "$port" || { echo "PostgreSQL no responde en $host:$port" >&2; exit 1; }

# Trust on loopback (this machine's default), else a password set through the local socket.
url="postgresql://postgres@$host:$port"
if ! psql "$url/postgres" -Atqc 'select 1' >/dev/null 2>&1; then
  runuser -u postgres -- psql -qc "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
  url="postgresql://postgres:postgres@$host:$port"
fi
PGOPTIONS="-c client_min_messages=warning" psql "$url/postgres" -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null
psql "$url/postgres" -qc "CREATE DATABASE \"$name\"" >/dev/null
echo "$url/$name"
