export {
  type CreateLoggerOptions,
  childLoggerFor,
  createLogger,
  type LogBindings,
} from "./logger.js";
