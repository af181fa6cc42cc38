import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { TestUser } from "../../src/testing/test-user.js";
import { waitFor } from "../../src/testing/wait-for.js";
import { npm, REPO, run, startProcess, tempProjectDir, userEnv } from "./user-project.js";

const COMMANDS = ["init", "chat", "playground", "devnode", "installations", "keygen"];
/** What the project's lock file marks as needed only in development (vitest and its tree). */
const devOnlyPackages = (project: string): string[] =>
  Object.entries(
    (
      JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
        packages: Record<string, { dev?: boolean }>;
      }
    ).packages,
  )
    .filter(([path, entry]) => path && entry.dev)
    .map(([path]) => path);

const logLine = z.looseObject({ msg: z.string(), address: z.string().optional() });
const parseLog = (line: string) => {
  try {
    // PM2's `time: true` puts a timestamp before each JSON line.
    return logLine.parse(JSON.parse(line.slice(line.indexOf("{"))));
  } catch {
    return undefined;
  }
};

/** The agent's address, from its "agent created" log line. */
const addressIn = (lines: readonly string[]) =>
  lines.map(parseLog).find((line) => line?.msg === "agent created")?.address;

/** A reply quotes the message it answers: its text is `content.content`. */
const textOf = (content: unknown) =>
  typeof content === "string" ? content : (content as { content?: unknown })?.content;

const filesOf = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { withFileTypes: true })
      // What init writes: files (the project's runs add node_modules and data dirs beside them).
      .filter((entry) => entry.isFile() && entry.name !== "package-lock.json")
      .map((entry) => entry.name)
      .map((file) => [file, readFileSync(join(dir, file), "utf8")]),
  );

/**
 * Switchboard as a user gets it: the packed tarball as the dependency of a `switchboard init`
 * project in a folder outside the repository; the project's own tsc and vitest check and test
 * it; then, with production dependencies only (`npm ci --omit=dev`), the CLI, the agent on
 * plain Node and PM2, all against the devnode.
 */
describe("a switchboard init project", () => {
  const tarball = inject("tarball");
  const project = join(tempProjectDir("init"), "my-bot");
  const cli = join(project, "node_modules", ".bin", "switchboard");
  let alice: TestUser | undefined;
  const stops: Array<() => unknown> = [];
  const user = async () => {
    alice ??= await TestUser.create({ name: "alice" });
    return alice;
  };

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await alice?.stop();
  });

  it("is written by init, depending on the package", async () => {
    const init = await run(
      process.execPath,
      [join(REPO, "bin", "switchboard.js"), "init", project, "--from", tarball],
      { cwd: REPO },
    );
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
      `npm test in ${project}:\n${tested.stdout
        .split("\n")
        .filter((line) => /Test Files|Tests|✓|×/.test(line))
        .join("\n")}`,
    );
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    expect(stripVTControlCharacters(tested.stdout)).toMatch(/Tests\s+1 passed/);
  });

  it("its tsc checks against the package's real types: wrong calls fail", async () => {
    const wrong = join(project, "wrong.ts");
    writeFileSync(
      wrong,
      [
        'import { defineCommand } from "switchboard";',
        'import { TestUser } from "switchboard/testing";',
        'defineCommand({ name: 42, description: "x" });',
        'await TestUser.create({ nmae: "alice" });',
        "",
      ].join("\n"),
    );
    const checked = await run(join(project, "node_modules", ".bin", "tsc"), [], { cwd: project });
    rmSync(wrong);
    const errors = checked.stdout.split("\n").filter((line) => line.startsWith("wrong.ts"));
    console.log(`tsc on wrong.ts:\n${errors.join("\n")}`);
    expect(checked.code).not.toBe(0);
    expect(errors).toHaveLength(2);
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
          pm_err_log_path: z.string(),
          exit_code: z.number().optional(),
          restart_time: z.number(),
        }),
      }),
    );
    const apps = async () => processList.parse(JSON.parse((await pm2("jlist")).stdout));

    afterAll(async () => {
      await pm2("kill");
    });

    it("has no dev tools, and every CLI command answers --help", async () => {
      rmSync(join(project, "node_modules"), { recursive: true, force: true });
      const installed = await npm(project, "ci", "--omit=dev");
      expect(installed.code, installed.stderr).toBe(0);
      const devOnly = devOnlyPackages(project);
      expect(devOnly).toContain("node_modules/vitest");
      expect(devOnly.filter((path) => existsSync(join(project, path)))).toEqual([]);
      const usage = await run(cli, ["--help"], { cwd: project });
      expect(usage.stdout).toContain("Usage: switchboard <command>");
      for (const command of COMMANDS) {
        const help = await run(cli, [command, "--help"], { cwd: project });
        expect(help.code, help.stderr).toBe(0);
        expect(help.stdout.startsWith(`switchboard ${command}`)).toBe(true);
      }
    });

    it("its init writes the same project", async () => {
      const again = join(tempProjectDir("init-again"), "my-bot");
      const init = await run(cli, ["init", again, "--from", tarball], { cwd: project });
      expect(init.code, init.stderr).toBe(0);
      expect(filesOf(again)).toEqual(filesOf(project));
    });

    // Debian's Node, when it is older than the one the package needs.
    const oldNode = "/usr/bin/node";
    it.skipIf(!existsSync(oldNode))(
      "on an older Node, stops with one line naming the Node it needs",
      async () => {
        const version = (await run(oldNode, ["--version"], { cwd: project })).stdout.trim();
        const [major = 0, minor = 0] = version.slice(1).split(".").map(Number);
        if (major > 22 || (major === 22 && minor >= 18)) return;
        const bin = join(project, "node_modules", "switchboard", "bin", "switchboard.js");
        const ran = await run(oldNode, [bin, "--help"], { cwd: project });
        console.log(`${oldNode} ${version}: exit ${ran.code}, ${JSON.stringify(ran.stderr)}`);
        expect(ran.code).toBe(1);
        expect(ran.stderr.trim().split("\n")).toEqual([
          expect.stringMatching(/needs Node\.js >= 22\.18\.0; this is Node\.js \d+/),
        ]);
      },
    );

    it("runs its agent with plain Node, answering a real user", async () => {
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
      const alice = await user();
      const reply = await alice.ask(
        await alice.dmWith(addressIn(agent.lines)!),
        "/echo plain node",
      );
      expect(textOf(reply.content)).toBe("plain node");
      agent.child.kill("SIGINT");
      expect(await agent.exited).toBe(0);
    });

    it("pm2 start ecosystem.config.cjs runs the agent to ready, and it answers", async () => {
      const started = await pm2("start", "ecosystem.config.cjs");
      expect(started.code, started.stdout + started.stderr).toBe(0);
      const [app] = await apps();
      expect(app?.pm2_env.status).toBe("online");
      // Log lines leave in batches (at least once a second): wait for the one with the address.
      const logged = () => readFileSync(app!.pm2_env.pm_out_log_path, "utf8").split("\n");
      await waitFor(() => addressIn(logged()) !== undefined, {
        description: "the agent's address in its PM2 log",
        explain: () => logged().join("\n"),
      });
      const alice = await user();
      const reply = await alice.ask(await alice.dmWith(addressIn(logged())!), "/echo under pm2");
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
        { timeoutMs: 120_000, intervalMs: 1_000, description: "the agent errored in pm2 jlist" },
      );
      console.log(
        `broken agent: status ${broken.pm2_env.status}, exit code ${broken.pm2_env.exit_code}, restarts ${broken.pm2_env.restart_time}`,
      );
      expect(broken.pm2_env.exit_code).toEqual(expect.any(Number));
      expect(broken.pm2_env.exit_code).not.toBe(0);
      // One line per attempt saying what is wrong; no stack trace.
      const said = readFileSync(broken.pm2_env.pm_err_log_path, "utf8")
        .trim()
        .split("\n")
        .filter((line) => !/ExperimentalWarning|--trace-warnings/.test(line));
      console.log(`it said: ${said[0]}`);
      expect(said.length).toBe(broken.pm2_env.restart_time + 1);
      expect(said.every((line) => /XMTP_WALLET_KEY.*SB_ERR_CONFIG_INVALID/.test(line))).toBe(true);
    });
  });
});
