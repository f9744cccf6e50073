#!/bin/sh
# Writes server.properties from the KAFKA_* variables (apache/kafka's naming), formats the storage once
# and execs the broker.
set -eu
props=/var/lib/kafka/server.properties
: > "$props"
env | grep '^KAFKA_' | while IFS='=' read -r name value; do
  case "$name" in KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_OPTS | KAFKA_LOG4J_OPTS) continue ;; esac
  key=$(printf '%s' "${name#KAFKA_}" | tr 'A-Z' 'a-z' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
  printf '%s=%s\n' "$key" "$value" >> "$props"
done
: "${CLUSTER_ID:?CLUSTER_ID must name the KRaft cluster (any 22-character base64 id)}"
# --cluster-id=<id>, not -t <id>: an id starting with "-" (1 random id in 64) would be read as an option.
/opt/kafka/bin/kafka-run-class.sh kafka.tools.StorageTool format --cluster-id="$CLUSTER_ID" -c "$props" --ignore-formatted
exec /opt/kafka/bin/kafka-run-class.sh kafka.Kafka "$props"
