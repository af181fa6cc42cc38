import { exitFatally } from "../agent/fatal-error.js";
import { describeUsageError } from "./cli-error.js";
import {
  CHAT_USAGE,
  DEVNODE_USAGE,
  INIT_USAGE,
  INSTALLATIONS_USAGE,
  KEYGEN_USAGE,
  PLAYGROUND_USAGE,
} from "./command-usage.js";

type Run = (argv: string[]) => Promise<void>;

/** Each command's code loads only when it runs: `--help` and typos stay instant. */
interface Command {
  usage: string;
  load(): Promise<Run>;
}

const commands: Record<string, Command> = {
  init: { usage: INIT_USAGE, load: async () => (await import("./init-command.js")).runInitCommand },
  chat: { usage: CHAT_USAGE, load: async () => (await import("./chat-command.js")).runChatCommand },
  playground: {
    usage: PLAYGROUND_USAGE,
    load: async () => (await import("./playground-command.js")).runPlaygroundCommand,
  },
  devnode: {
    usage: DEVNODE_USAGE,
    load: async () => (await import("./devnode-command.js")).runDevnodeCommand,
  },
  installations: {
    usage: INSTALLATIONS_USAGE,
    load: async () => (await import("./installations-command.js")).runInstallationsCommand,
  },
  keygen: {
    usage: KEYGEN_USAGE,
    load: async () => (await import("./keygen-command.js")).runKeygenCommand,
  },
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
    await (await command.load())(rest);
    // A command may set the code itself (the chat relays its child's).
    return Number(process.exitCode ?? 0);
  } catch (error) {
    const mistake = describeUsageError(error);
    if (mistake !== undefined) {
      console.error(`switchboard ${name}: ${mistake} (see switchboard ${name} --help)`);
      return 2;
    }
    // Anything else (a port in use, a missing agent file...) is one line: what is wrong, what
    // to do, exit status 1; the stack only when LOG_LEVEL=debug.
    return exitFatally("switchboard", error);
  }
}

const exitCode = await main(process.argv.slice(2));
// XMTP clients and gRPC channels keep handles open after a command has finished its work.
process.exit(exitCode);
