export { baseEnv, ConfigError, configOrExit, envBool, loadConfig, required } from './config.js';
