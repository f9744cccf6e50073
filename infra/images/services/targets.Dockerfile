# One image per service (and topics-init) on top of winnow-services (./Dockerfile): only the command differs,
# so all five share every layer. Built by `npm run images` with an empty context, one --target at a time.
ARG SERVICES_IMAGE=winnow-services:latest

# SIGTERM reaches node directly (exec form), so the service's graceful shutdown runs (drain, flush, close:
# 25 s at most; compose's stop_grace_period and Kubernetes' terminationGracePeriodSeconds are longer).
# The OpenTelemetry SDK loads first (--import), before any module it instruments.
FROM ${SERVICES_IMAGE} AS crawler
CMD ["node", "--import", "./services/crawler/dist/instrumentation.js", "services/crawler/dist/main.js"]

FROM ${SERVICES_IMAGE} AS extractor
CMD ["node", "--import", "./services/extractor/dist/instrumentation.js", "services/extractor/dist/main.js"]

FROM ${SERVICES_IMAGE} AS deduplicator
CMD ["node", "--max-semi-space-size=64", "--import", "./services/deduplicator/dist/instrumentation.js", "services/deduplicator/dist/main.js"]

FROM ${SERVICES_IMAGE} AS api
CMD ["node", "--import", "./services/api/dist/instrumentation.js", "services/api/dist/main.js"]

# One-shot topic creation (docker-compose.yml's `topics-init`): infra/topics.json on the cluster in KAFKA_BROKERS.
FROM ${SERVICES_IMAGE} AS topics-init
HEALTHCHECK NONE
CMD ["node", "infra/scripts/create-topics.mjs"]
