import { parseArgs } from "node:util";
import pino from "pino";
import { z } from "zod";
import { DEVNODE_PORT, startDevnode } from "../devnode/devnode.js";
import { prettyLogStream } from "./pretty-log-stream.js";

const optionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(DEVNODE_PORT),
  host: z.string().default("127.0.0.1"),
  "data-dir": z.string().min(1).default(".data/devnode"),
  memory: z.boolean().default(false),
  "log-level": z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
  "log-format": z.enum(["pretty", "json"]).optional(),
});

/** `switchboard devnode`: a standalone local XMTP node, stopped by Ctrl-C. */
export async function runDevnodeCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      memory: { type: "boolean" },
      "log-level": { type: "string" },
      "log-format": { type: "string" },
    },
    strict: true,
  });
  const options = optionsSchema.parse(values);
  const format = options["log-format"] ?? (process.stdout.isTTY ? "pretty" : "json");
  const logger = pino(
    { name: "devnode", level: options["log-level"] },
    format === "pretty" ? prettyLogStream() : pino.destination(1),
  );
  const node = await startDevnode({
    port: options.port,
    host: options.host,
    dataDir: options.memory ? undefined : options["data-dir"],
    logger,
  });
  logger.info(`clients connect with { env: "local" } (${node.url}); Ctrl-C stops`);
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await node.stop();
}
