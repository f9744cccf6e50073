import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Kafka group joins and rebalances take seconds on a single local broker.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
