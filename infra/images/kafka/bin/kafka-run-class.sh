#!/bin/sh
# java with the broker's jars and logging; the class to run and its arguments follow.
# shellcheck disable=SC2086 # the *_OPTS variables hold several words
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_JVM_OPTS:-} ${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:/opt/kafka/config/log4j.properties} \
  -cp '/opt/kafka/libs/*' "$@"
