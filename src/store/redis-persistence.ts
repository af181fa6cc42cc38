/** The part of a node-redis client the check needs. */
export interface RedisConfigReader {
  configGet(parameter: string): Promise<Record<string, string>>;
  info(section?: string): Promise<string>;
}

/** How to turn persistence on, said in the warning. */
export const ENABLE_AOF =
  "start redis-server with `--appendonly yes` (or run `CONFIG SET appendonly yes` then `CONFIG REWRITE`)";

/**
 * Why the Redis behind a store would lose what the agent keeps there on a restart, or
 * `undefined` when it has AOF on (or cannot tell). What must survive: which messages the agent
 * handled (else it answers them again after a crash) and which conversations it greeted.
 * Snapshots (RDB) alone lose what changed since the last one. Managed Redis often disables
 * CONFIG; INFO still tells whether AOF is on.
 */
export async function missingPersistence(client: RedisConfigReader): Promise<string | undefined> {
  let appendonly: string | undefined;
  let save: string | undefined;
  try {
    ({ appendonly } = await client.configGet("appendonly"));
    ({ save } = await client.configGet("save"));
  } catch {
    const info = await client.info("persistence").catch(() => "");
    if (info === "" || /^aof_enabled:1/m.test(info)) return undefined;
    return "Redis has AOF off (INFO persistence: aof_enabled:0)";
  }
  if (appendonly === "yes") return undefined;
  return save?.trim()
    ? `Redis keeps only snapshots (save "${save}"): what changed since the last one is lost on a restart`
    : 'Redis has no persistence at all (appendonly no, save "")';
}
