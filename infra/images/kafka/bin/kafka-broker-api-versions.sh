#!/bin/sh
# As in the Kafka distribution; logging goes to stderr (config/tools-log4j.properties).
export KAFKA_HEAP_OPTS=-Xmx128m KAFKA_LOG4J_OPTS=-Dlog4j.configuration=file:/opt/kafka/config/tools-log4j.properties
exec /opt/kafka/bin/kafka-run-class.sh kafka.admin.BrokerApiVersionsCommand "$@"
