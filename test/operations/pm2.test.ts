import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { waitFor } from "../../src/testing/wait-for.js";

const run = promisify(execFile);

/**
 * The real PM2 (in a private PM2_HOME, so no daemon of the user's is touched) starting an agent
 * from ecosystem.config.cjs against the devnode: `pm2 start` returns once the agent signalled
 * ready, and `pm2 stop` lets it drain and exit cleanly.
 */
describe("PM2", () => {
  const home = mkdtempSync(join(tmpdir(), "switchboard-pm2-"));
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-pm2-data-"));
  const env = { ...process.env, PM2_HOME: home, SWITCHBOARD_DATA_DIR: dataDir, XMTP_ENV: "local" };
  const pm2 = (...args: string[]) => run("npx", ["pm2", ...args], { env, timeout: 90_000 });
  const processList = z.array(
    z.object({
      name: z.string(),
      pm2_env: z.object({ status: z.string(), pm_out_log_path: z.string() }),
    }),
  );

  afterAll(async () => {
    await pm2("kill").catch(() => undefined);
  });

  /** The apps ecosystem.config.cjs declares under `extraEnv`, as PM2 would read them. */
  const declaredApps = (extraEnv: Record<string, string>) => {
    const { TOKEN_GATE_RPC_URL: _, ...base } = process.env;
    const script =
      "console.log(JSON.stringify(require('./ecosystem.config.cjs').apps.map(" +
      "(a) => ({ name: a.name, script: a.script, interpreter: a.interpreter, node_args: a.node_args }))))";
    return z
      .array(
        z.object({
          name: z.string(),
          script: z.string(),
          interpreter: z.string().optional(),
          node_args: z.array(z.string()).optional(),
        }),
      )
      .parse(
        JSON.parse(
          execFileSync(process.execPath, ["-e", script], {
            env: { ...base, ...extraEnv },
          }).toString(),
        ),
      );
  };

  it("runs built agents on plain Node, and the gatekeeper only once configured", () => {
    const apps = declaredApps({});
    expect(apps.map((app) => app.name)).toEqual(["all-in-one", "pollbot", "moderator"]);
    for (const app of apps) {
      expect(app.script.endsWith(".js") && existsSync(app.script), app.script).toBe(true);
      expect(app.interpreter).toBeUndefined();
      expect(app.node_args ?? []).not.toContain("tsx");
    }
    const configured = declaredApps({ TOKEN_GATE_RPC_URL: "https://rpc.example" });
    expect(configured.map((app) => app.name)).toContain("gatekeeper");
  });

  it("starts an agent to ready and stops it with a drain", async () => {
    // The apps keep their state in the repository's .data/<name>; this run's devnode is new, so
    // the agent gets a fresh data dir through a config that wraps the real one.
    const config = join(home, "ecosystem.config.cjs");
    writeFileSync(
      config,
      `const { apps } = require(${JSON.stringify(join(process.cwd(), "ecosystem.config.cjs"))});
module.exports = { apps: apps.map((app) => ({ ...app, env: { ...app.env, SWITCHBOARD_DATA_DIR: ${JSON.stringify(dataDir)} } })) };\n`,
    );
    await pm2("start", config, "--only", "all-in-one", "--update-env");
    const [app] = processList.parse(JSON.parse((await pm2("jlist")).stdout));
    expect(app?.name).toBe("all-in-one");
    expect(app?.pm2_env.status).toBe("online");
    const logPath = app!.pm2_env.pm_out_log_path;
    // Log lines reach the file in batches, at the latest a second after they are written.
    await waitFor(() => readFileSync(logPath, "utf8").includes('"msg":"agent ready"'), {
      description: "the agent ready line in PM2's log",
    });

    await pm2("stop", "all-in-one");
    const [stopped] = processList.parse(JSON.parse((await pm2("jlist")).stdout));
    expect(stopped?.pm2_env.status).toBe("stopped");
    const log = readFileSync(logPath, "utf8");
    expect(log).toContain('"msg":"draining before exit"');
    expect(log).toContain('"msg":"agent stopped"');
    // PM2 start-up and drain on a loaded machine take longer than the default minute.
  }, 180_000);
});
