export { isCommandName } from "./command-name.js";
export {
  type Command,
  type CommandArgs,
  type CommandHandler,
  type CommandParam,
  type CommandSpec,
  defineCommand,
  type RestParam,
} from "./define-command.js";
export { formatHelp } from "./format-help.js";
export {
  type CommandLine,
  type ParseCommandLineOptions,
  parseCommandLine,
} from "./parse-command.js";
export { type CommandArgsResult, parseCommandArgs } from "./parse-command-args.js";
export { tokenize, UnterminatedQuoteError } from "./tokenize.js";
export { commandSignature, type UsageOptions, usage } from "./usage.js";
