export { baseEnv, ConfigError, configOrExit, envBool, loadConfig, otelConfigSchema, required, type OtelConfig } from './config.js';
