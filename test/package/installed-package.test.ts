import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { TestUser } from "../../src/testing/test-user.js";
import { waitFor } from "../../src/testing/wait-for.js";
import { npm, REPO, run, startProcess, tempProjectDir, userEnv } from "./user-project.js";

const logLine = z.looseObject({ msg: z.string(), address: z.string().optional() });
const parseLog = (line: string) => {
  try {
    return logLine.parse(JSON.parse(line));
  } catch {
    return undefined;
  }
};

/** The agent's address, from its "agent created" log line. */
const addressIn = (lines: readonly string[]) =>
  lines.map(parseLog).find((line) => line?.msg === "agent created")?.address;

const textOf = (content: unknown) =>
  typeof content === "string" ? content : (content as { content?: unknown })?.content;

/**
 * Switchboard as a user gets it: the packed tarball installed into folders outside the
 * repository, its CLI on production dependencies only, `switchboard init`'s project tested
 * with its own tsc and vitest, its agent run on plain Node and under PM2, all against the devnode.
 */
describe("the installed package", () => {
  const tarball = inject("tarball");
  const cliHome = tempProjectDir("cli");
  const project = join(tempProjectDir("init"), "my-bot");
  const cli = join(cliHome, "node_modules", ".bin", "switchboard");
  let alice: TestUser | undefined;
  const stops: Array<() => unknown> = [];

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await alice?.stop();
  });

  it("installs with production dependencies only; its CLI runs on plain Node", async () => {
    writeFileSync(join(cliHome, "package.json"), '{ "name": "cli-home", "private": true }\n');
    const installed = await npm(cliHome, "install", "--omit=dev", tarball);
    expect(installed.code, installed.stderr).toBe(0);
    for (const devOnly of ["tsx", "typescript", "vitest"])
      expect(existsSync(join(cliHome, "node_modules", devOnly)), devOnly).toBe(false);

    for (const command of ["chat", "devnode", "playground", "installations", "keygen", "init"]) {
      const help = await run(cli, [command, "--help"], { cwd: cliHome });
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain(`switchboard ${command}`);
    }
    const usage = await run(cli, ["--help"], { cwd: cliHome });
    expect(usage.stdout).toContain("Usage: switchboard <command>");
  });

  // Debian's Node, when it is older than the one the package needs.
  const oldNode = "/usr/bin/node";
  it.skipIf(!existsSync(oldNode))(
    "stops with one line naming the Node it needs on an older Node",
    async () => {
      const version = await run(oldNode, ["--version"], { cwd: cliHome });
      const [major = 0, minor = 0] = version.stdout.slice(1).split(".").map(Number);
      if (major > 22 || (major === 22 && minor >= 18)) return;
      const bin = join(cliHome, "node_modules", "switchboard", "bin", "switchboard.js");
      const ran = await run(oldNode, [bin, "--help"], { cwd: cliHome });
      console.log(
        `${oldNode} ${version.stdout.trim()}: exit ${ran.code}, ${JSON.stringify(ran.stderr)}`,
      );
      expect(ran.code).toBe(1);
      expect(ran.stderr.trim().split("\n")).toEqual([
        expect.stringMatching(/needs Node\.js >= 22\.18\.0; this is Node\.js \d+/),
      ]);
    },
  );

  it("init writes a project that depends on the package", async () => {
    const init = await run(cli, ["init", project, "--from", tarball], { cwd: cliHome });
    expect(init.code, init.stderr).toBe(0);
    expect(readdirSync(project).sort()).toEqual([
      ".env.example",
      ".gitignore",
      "README.md",
      "agent.test.ts",
      "agent.ts",
      "ecosystem.config.cjs",
      "main.ts",
      "package.json",
      "tsconfig.json",
      "vitest.config.ts",
    ]);
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(manifest.dependencies.switchboard).toBe(`file:${tarball}`);
  });

  it("its npm test type-checks with its own tsc and passes against the devnode", async () => {
    const installed = await npm(project, "install");
    expect(installed.code, installed.stderr).toBe(0);
    const tested = await run("npm", ["test"], { cwd: project });
    console.log(
      tested.stdout
        .split("\n")
        .filter((line) => /Tests|passed|failed/.test(line))
        .join("\n"),
    );
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/Tests\s+1 passed/);
  });

  it("its tsc checks against the package's real types (a wrong call fails)", async () => {
    const wrong = join(project, "wrong.ts");
    writeFileSync(
      wrong,
      'import { defineCommand } from "switchboard";\nimport { TestUser } from "switchboard/testing";\n' +
        'defineCommand({ name: 42, description: "x" });\nawait TestUser.create({ nmae: "a" });\n',
    );
    const checked = await run(join(project, "node_modules", ".bin", "tsc"), [], { cwd: project });
    rmSync(wrong);
    expect(checked.code).not.toBe(0);
    const errors = checked.stdout.split("\n").filter((line) => line.startsWith("wrong.ts"));
    console.log(errors.join("\n"));
    expect(errors).toHaveLength(2);
  });

  it("runs its agent with plain Node, answering a real user on the devnode", async () => {
    const agent = startProcess(process.execPath, ["main.ts"], {
      cwd: project,
      env: userEnv({ XMTP_ENV: "local", SWITCHBOARD_DATA_DIR: tempProjectDir("agent-data") }),
    });
    stops.push(() => agent.child.kill("SIGKILL"));
    await waitFor(() => agent.lines.some((line) => parseLog(line)?.msg === "agent ready"), {
      timeoutMs: 120_000,
      description: "the agent ready",
      explain: () => `it printed:\n${agent.lines.join("\n")}`,
    });
    alice = await TestUser.create({ name: "alice" });
    const reply = await alice.ask(await alice.dmWith(addressIn(agent.lines)!), "/echo plain node");
    expect(textOf(reply.content)).toBe("plain node");
    agent.child.kill("SIGINT");
    expect(await agent.exited).toBe(0);
  });

  it("its npm start chats with the agent", async () => {
    const chat = startProcess("npm", ["start"], { cwd: project });
    stops.push(() => chat.child.kill("SIGKILL"));
    await waitFor(() => chat.lines.some((line) => line.includes("is ready")), {
      timeoutMs: 120_000,
      description: "the chat ready",
      explain: () => `it printed:\n${chat.lines.join("\n")}`,
    });
    chat.child.stdin?.write("/echo hello from the chat\n");
    const answer = await waitFor(
      () =>
        chat.lines.find((line) => line.includes("hello from the chat") && !line.includes("/echo")),
      {
        timeoutMs: 60_000,
        description: "the answer",
        explain: () => `the chat printed:\n${chat.lines.join("\n")}`,
      },
    );
    console.log(`chat answered: ${answer}`);
    chat.child.stdin?.write(".quit\n");
    expect(await chat.exited).toBe(0);
  });

  describe("after npm ci --omit=dev", () => {
    const pm2Home = tempProjectDir("pm2");
    const pm2 = (...args: string[]) =>
      run(process.execPath, [join(REPO, "node_modules", "pm2", "bin", "pm2"), ...args], {
        cwd: project,
        env: userEnv({ PM2_HOME: pm2Home, XMTP_ENV: "local" }),
      });
    const processList = z.array(
      z.object({
        name: z.string(),
        pm2_env: z.looseObject({
          status: z.string(),
          pm_out_log_path: z.string(),
          exit_code: z.number().optional(),
          restart_time: z.number(),
        }),
      }),
    );
    const apps = async () => processList.parse(JSON.parse((await pm2("jlist")).stdout));

    afterAll(async () => {
      await pm2("kill");
    });

    it("has its CLI and no dev tools", async () => {
      rmSync(join(project, "node_modules"), { recursive: true, force: true });
      const installed = await npm(project, "ci", "--omit=dev");
      expect(installed.code, installed.stderr).toBe(0);
      for (const devOnly of ["tsx", "typescript", "vitest"])
        expect(existsSync(join(project, "node_modules", devOnly)), devOnly).toBe(false);
      const help = await run(join(project, "node_modules", ".bin", "switchboard"), ["--help"], {
        cwd: project,
      });
      expect(help.code, help.stderr).toBe(0);
    });

    it("pm2 start ecosystem.config.cjs runs the agent to ready, and it answers", async () => {
      const started = await pm2("start", "ecosystem.config.cjs");
      expect(started.code, started.stdout + started.stderr).toBe(0);
      const [app] = await apps();
      expect(app?.pm2_env.status).toBe("online");
      const log = readFileSync(app!.pm2_env.pm_out_log_path, "utf8").split("\n");
      // PM2's `time: true` prefixes each line with a timestamp.
      const lines = log.map((line) => line.slice(line.indexOf("{")));
      alice ??= await TestUser.create({ name: "alice" });
      const reply = await alice.ask(await alice.dmWith(addressIn(lines)!), "/echo under pm2");
      expect(textOf(reply.content)).toBe("under pm2");
      await pm2("delete", "all");
    });

    it("a config error exits non-zero and PM2 shows the agent errored", async () => {
      writeFileSync(
        join(project, "broken.config.cjs"),
        `const { apps } = require("./ecosystem.config.cjs");
module.exports = { apps: apps.map((app) => ({ ...app, name: "broken", max_restarts: 2,
  env: { ...app.env, XMTP_WALLET_KEY: "not-a-key" } })) };\n`,
      );
      await pm2("start", "broken.config.cjs");
      const broken = await waitFor(
        async () => (await apps()).find((app) => app.pm2_env.status === "errored"),
        {
          timeoutMs: 120_000,
          intervalMs: 1_000,
          description: "the broken agent errored in pm2 jlist",
        },
      );
      console.log(
        `broken agent: status ${broken.pm2_env.status}, exit code ${broken.pm2_env.exit_code}, restarts ${broken.pm2_env.restart_time}`,
      );
      expect(broken.pm2_env.exit_code).not.toBe(0);
    });
  });
});
