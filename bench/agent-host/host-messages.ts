import type { HostCommand, HostOptions } from "./protocol.js";

/** What the agent process was asked to run; its one JSON argument from `spawnAgent`. */
export type ParsedHostOptions = HostOptions;

/**
 * The agent process's options (see `hostOptionsSchema` in `protocol.ts`, which the benchmark
 * builds them with); throws one line on anything else.
 *
 * @example
 * const options = parseHostOptions('{"framework":"switchboard","concurrency":16}');
 */
export function parseHostOptions(json: string): ParsedHostOptions {
  const { framework, concurrency } = JSON.parse(json) as Record<string, unknown>;
  if (framework !== "agent-sdk" && framework !== "switchboard") {
    throw new Error(`agent host: unknown framework ${JSON.stringify(framework)}`);
  }
  if (
    concurrency !== undefined &&
    (!Number.isInteger(concurrency) || (concurrency as number) < 1)
  ) {
    throw new Error(`agent host: concurrency must be a positive integer, not ${concurrency}`);
  }
  return { framework, concurrency: concurrency as number | undefined };
}

/**
 * A command from the benchmark (see `hostCommandSchema`); throws one line on anything else.
 *
 * @example
 * parseHostCommand({ type: "stats", gc: true }); // { type: "stats", gc: true }
 */
export function parseHostCommand(raw: unknown): Required<HostCommand> {
  const command = (raw ?? {}) as Record<string, unknown>;
  if (command.type === "stop") return { type: "stop" };
  if (command.type === "stats" && (command.gc === undefined || typeof command.gc === "boolean")) {
    return { type: "stats", gc: command.gc ?? false };
  }
  throw new Error(`agent host: unknown command ${JSON.stringify(raw)}`);
}
