# Shared by run.sh and test.sh (sourced, not executed): a private MariaDB server on 127.0.0.1 whose data lives in
# a directory of ours. Installs Debian's mariadb-server when the server binary is missing.

mariadb_install_if_missing() {
  if command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then
    return 0
  fi
  echo "MariaDB is not installed; installing Debian's mariadb-server (needs root) ..." >&2
  local sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mariadb-server mariadb-client >/dev/null || true
  [ -x /usr/sbin/mariadbd ] || { echo "installing mariadb-server failed" >&2; return 1; }
  # The package starts a system-wide server on 3306; we run our own, so leave that one alone but don't depend on it.
}

mariadb_bin() {
  if command -v mariadbd >/dev/null 2>&1; then command -v mariadbd; else echo /usr/sbin/mariadbd; fi
}

# A TCP port nobody listens on.
mariadb_free_port() {
  python3 - <<'PY' 2>/dev/null || echo 33306
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# mariadb_start DATADIR PORT [durable|fast]
# Initialises DATADIR on first use, starts the server in the background, waits until it answers, and creates the
# user finaegis/finaegis with every privilege (the server listens on 127.0.0.1 only).
mariadb_start() {
  local datadir="$1" port="$2" mode="${3:-durable}"
  mkdir -p "$datadir"
  datadir="$(cd "$datadir" && pwd)"
  local user_flag=""
  if [ "$(id -u)" = "0" ]; then user_flag="--user=root"; fi
  if [ ! -d "$datadir/db/mysql" ]; then
    mariadb-install-db $user_flag --datadir="$datadir/db" --auth-root-authentication-method=socket \
      --skip-test-db >"$datadir/install.log" 2>&1 || { cat "$datadir/install.log" >&2; return 1; }
  fi
  local durability=(--innodb-flush-log-at-trx-commit=1 --sync-binlog=0)
  if [ "$mode" = "fast" ]; then durability=(--innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0); fi
  "$(mariadb_bin)" --no-defaults $user_flag --datadir="$datadir/db" --socket="$datadir/mysqld.sock" \
    --pid-file="$datadir/mysqld.pid" --port="$port" --bind-address=127.0.0.1 --skip-name-resolve \
    --default-time-zone=+00:00 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --max-connections=1000 \
    --innodb-buffer-pool-size=512M --innodb-log-file-size=256M --log-error="$datadir/mysqld.err" \
    "${durability[@]}" >/dev/null 2>&1 &
  local i
  for i in $(seq 1 120); do
    if mariadb --no-defaults --socket="$datadir/mysqld.sock" -uroot -e "SELECT 1" >/dev/null 2>&1; then
      mariadb --no-defaults --socket="$datadir/mysqld.sock" -uroot -e \
        "CREATE USER IF NOT EXISTS 'finaegis'@'%' IDENTIFIED BY 'finaegis'; GRANT ALL PRIVILEGES ON *.* TO 'finaegis'@'%' WITH GRANT OPTION; FLUSH PRIVILEGES;"
      return 0
    fi
    sleep 0.5
  done
  echo "MariaDB did not start; see $datadir/mysqld.err" >&2
  tail -20 "$datadir/mysqld.err" >&2 || true
  return 1
}

# mariadb_stop DATADIR: a clean shutdown (waits for the server to exit).
mariadb_stop() {
  local datadir="$1"
  if [ -f "$datadir/mysqld.pid" ]; then
    local pid
    pid="$(cat "$datadir/mysqld.pid" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
      local i
      for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
  fi
}

mariadb_connection_string() {
  local port="$1" database="${2:-finaegis}"
  echo "Server=127.0.0.1;Port=$port;User ID=finaegis;Password=finaegis;Database=$database;SslMode=None;AllowPublicKeyRetrieval=true;ConnectionReset=false;Maximum Pool Size=200"
}
