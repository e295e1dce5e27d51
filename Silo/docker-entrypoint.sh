#!/bin/sh
# Advertise the container's own address to the other silos and to the API (unless set explicitly): replicas of a
# scaled service cannot be given one fixed address.
set -e
if [ -z "${FINAEGIS_ADVERTISED_IP:-}" ]; then
  FINAEGIS_ADVERTISED_IP="$(hostname -i | awk '{print $1}')"
  export FINAEGIS_ADVERTISED_IP
fi
exec dotnet /app/FinAegis.Silo.dll "$@"
