#!/usr/bin/env bash
# Make sure Redis answers on 127.0.0.1:6379 (jobs tests); start or install it if needed.
set -euo pipefail
up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
up && exit 0
if ! command -v redis-server >/dev/null 2>&1; then
  echo "Instalando Redis (paquetes de Debian)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
fi
mkdir -p /var/lib/redis /var/log/redis
redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
  --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null
for _ in $(seq 1 20); do up && exit 0; sleep 0.5; done
echo "Redis no responde en 127.0.0.1:6379" >&2
exit 1
