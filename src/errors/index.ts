export { type ErrorCode, errorCodes } from "./error-codes.js";
export {
  type ErrorContext,
  isSwitchboardError,
  SwitchboardError,
  type SwitchboardErrorOptions,
} from "./switchboard-error.js";
