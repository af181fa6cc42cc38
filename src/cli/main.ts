import { ZodError } from "zod";
import { exitFatally } from "../agent/fatal-error.js";
import { CHAT_USAGE, runChatCommand } from "./chat-command.js";
import { DEVNODE_USAGE, runDevnodeCommand } from "./devnode-command.js";
import { INSTALLATIONS_USAGE, runInstallationsCommand } from "./installations-command.js";
import { KEYGEN_USAGE, runKeygenCommand } from "./keygen-command.js";
import { PLAYGROUND_USAGE, runPlaygroundCommand } from "./playground-command.js";

interface Command {
  usage: string;
  run(argv: string[]): Promise<void>;
}

const commands: Record<string, Command> = {
  chat: { usage: CHAT_USAGE, run: runChatCommand },
  devnode: { usage: DEVNODE_USAGE, run: runDevnodeCommand },
  playground: { usage: PLAYGROUND_USAGE, run: runPlaygroundCommand },
  installations: { usage: INSTALLATIONS_USAGE, run: runInstallationsCommand },
  keygen: { usage: KEYGEN_USAGE, run: runKeygenCommand },
};

function printUsage(): void {
  console.log(
    `Usage: switchboard <command> [options]\n\n${Object.values(commands)
      .map((command) => command.usage)
      .join("\n\n")}`,
  );
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    printUsage();
    process.exitCode = name && name !== "help" && name !== "--help" ? 2 : 0;
    return;
  }
  try {
    await command.run(rest);
  } catch (error) {
    // Bad flags and bad values are the user's to fix: say which, without a stack trace.
    if (
      error instanceof ZodError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
    ) {
      const message =
        error instanceof ZodError
          ? error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("\n")
          : (error as Error).message;
      console.error(`switchboard ${name}: ${message}\n\n${command.usage}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

// Anything else that stops a command is one line (what is wrong, what to do), exit status 1.
await main(process.argv.slice(2)).catch((error) => exitFatally("switchboard", error));
// XMTP clients and gRPC channels keep handles open after a command has finished its work.
process.exit(process.exitCode ?? 0);
