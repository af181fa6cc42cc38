export { type ErrorCode, errorCodes } from "./error-codes.js";
export {
  isSwitchboardError,
  SwitchboardError,
  type SwitchboardErrorOptions,
} from "./switchboard-error.js";
