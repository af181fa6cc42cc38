import { CHAT_USAGE, runChatCommand } from "./chat-command.js";
import { describeUsageError } from "./cli-error.js";
import { DEVNODE_USAGE, runDevnodeCommand } from "./devnode-command.js";
import { INIT_USAGE, runInitCommand } from "./init-command.js";
import { INSTALLATIONS_USAGE, runInstallationsCommand } from "./installations-command.js";
import { KEYGEN_USAGE, runKeygenCommand } from "./keygen-command.js";
import { PLAYGROUND_USAGE, runPlaygroundCommand } from "./playground-command.js";

interface Command {
  usage: string;
  run(argv: string[]): Promise<void>;
}

const commands: Record<string, Command> = {
  init: { usage: INIT_USAGE, run: runInitCommand },
  chat: { usage: CHAT_USAGE, run: runChatCommand },
  playground: { usage: PLAYGROUND_USAGE, run: runPlaygroundCommand },
  devnode: { usage: DEVNODE_USAGE, run: runDevnodeCommand },
  installations: { usage: INSTALLATIONS_USAGE, run: runInstallationsCommand },
  keygen: { usage: KEYGEN_USAGE, run: runKeygenCommand },
};

const HELP_FLAGS = new Set(["--help", "-h"]);
const COMMAND_NAMES = Object.keys(commands).join(", ");

function usage(): string {
  return `Usage: switchboard <command> [options]   (switchboard <command> --help for one)\n\n${Object.values(
    commands,
  )
    .map((command) => command.usage)
    .join("\n\n")}`;
}

/** `switchboard help chat` and `switchboard chat --help` print the same thing. */
function helpTarget(argv: string[]): { help: boolean; name: string | undefined; rest: string[] } {
  const [first, ...rest] = argv;
  if (first === undefined || first === "help" || HELP_FLAGS.has(first))
    return { help: true, name: rest[0], rest: [] };
  // After `--`, a `--help` is an argument, not a request for help.
  const flags = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  return { help: flags.some((arg) => HELP_FLAGS.has(arg)), name: first, rest };
}

/** A multi-line message (a config error lists every bad variable) folded onto one line. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .join("; ");
}

async function main(argv: string[]): Promise<number> {
  const { help, name, rest } = helpTarget(argv);
  const command = name === undefined ? undefined : commands[name];
  if (name !== undefined && !command) {
    console.error(`switchboard: unknown command "${name}" (commands: ${COMMAND_NAMES})`);
    return 2;
  }
  if (help || !command) {
    console.log(command ? command.usage : usage());
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    const mistake = describeUsageError(error);
    if (mistake !== undefined) {
      console.error(`switchboard ${name}: ${mistake} (see switchboard ${name} --help)`);
      return 2;
    }
    // Every other failure (a port in use, a missing agent file...) is one line too; the stack
    // only when asked for.
    if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace")
      console.error(error);
    else console.error(`switchboard ${name}: ${oneLine(error)}`);
    return 1;
  }
}

const exitCode = await main(process.argv.slice(2));
// XMTP clients and gRPC channels keep handles open after a command has finished its work.
process.exit(exitCode);
