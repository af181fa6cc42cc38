import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { status } from "@grpc/grpc-js";
import protobuf from "protobufjs/minimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/wait-for.js";
import { IDENTITY, MLS, rawClient } from "./raw-grpc.js";

interface Measure {
  cpu: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
}

const MB = 1024 * 1024;
const FRAME_BYTES = 15 * MB;

/** Field 1 repeated to fill `totalBytes`, each item `itemBytes` long: the cheapest list there is. */
function listFrame(totalBytes: number, itemBytes: number): Uint8Array {
  const item = Uint8Array.from([10, itemBytes, ...new Uint8Array(itemBytes)]);
  const frame = new Uint8Array(totalBytes - (totalBytes % item.byteLength));
  for (let at = 0; at < frame.byteLength; at += item.byteLength) frame.set(item, at);
  return frame;
}

const live = (m: Measure) => m.memory.heapUsed + m.memory.external;
const mb = (bytes: number) => (bytes / MB).toFixed(1);

/**
 * The devnode runs in a child process so that CPU time and memory are its own: a 15 MB frame of
 * list items used to take minutes of CPU and gigabytes that were never given back.
 */
describe("devnode under 15 MB list frames", () => {
  let child: ChildProcess;
  let raw: ReturnType<typeof rawClient>;

  const measure = async (): Promise<Measure> => {
    child.send("measure");
    const [reply] = (await once(child, "message")) as [Measure];
    return reply;
  };

  beforeAll(async () => {
    child = fork("test/devnode/devnode-process.ts", [], {
      execArgv: ["--expose-gc", "--import", "tsx", "--disable-warning=ExperimentalWarning"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const [{ port }] = (await once(child, "message")) as [{ port: number }];
    raw = rawClient(port);
  });

  afterAll(async () => {
    raw.close();
    child.send("stop");
    await once(child, "exit");
  });

  const cases = [
    { method: `${MLS}/FetchKeyPackages`, itemBytes: 0 },
    { method: `${MLS}/SendGroupMessages`, itemBytes: 0 },
    { method: `${MLS}/GetNewestGroupMessage`, itemBytes: 16 },
    { method: `${IDENTITY}/GetInboxIds`, itemBytes: 0 },
    { method: `${IDENTITY}/PublishIdentityUpdate`, itemBytes: 0 },
  ];

  it.each(cases)(
    "refuses a 15 MB list frame to $method before decoding it",
    async ({ method, itemBytes }) => {
      const frame = method.endsWith("PublishIdentityUpdate")
        ? // identity_update { actions × many }: the list sits one level down.
          protobuf.Writer.create().uint32(10).bytes(listFrame(FRAME_BYTES, itemBytes)).finish()
        : listFrame(FRAME_BYTES, itemBytes);
      // Warm the path once with a small frame, so the baseline includes grpc-js's own buffers.
      await raw.unary(method, listFrame(4096, itemBytes));
      const before = await measure();
      const result = await raw.unary(method, frame);
      const answered = await measure();
      // grpc-js lets go of a frame's buffers once its HTTP/2 stream has fully closed.
      const after = await waitFor(
        async () => {
          const now = await measure();
          return live(now) - live(before) < 4 * MB && now;
        },
        { timeoutMs: 10_000, description: "memory back near its baseline" },
      ).catch(() => measure());

      const cpu = (m: Measure) => m.cpu.user + m.cpu.system;
      const cpuMs = (cpu(answered) - cpu(before)) / 1000;
      const grown = live(after) - live(before);
      console.log(
        `${method}: ${mb(frame.byteLength)} MB frame -> ${status[result.code]} in ${cpuMs.toFixed(0)} ms ` +
          `of devnode CPU; heap+external ${mb(live(before))} MB, ${mb(live(answered))} MB when ` +
          `answered, ${mb(live(after))} MB after (${grown >= 0 ? "+" : ""}${mb(grown)}); ` +
          `RSS ${mb(before.memory.rss)} -> ${mb(after.memory.rss)} MB`,
      );
      expect(result.code).toBe(status.INVALID_ARGUMENT);
      expect(result.details).toMatch(/refused before decoding/);
      // Nothing of the frame (or of a decoded list) stays reachable.
      expect(grown).toBeLessThan(4 * MB);
    },
  );

  it("still answers a normal request afterwards", async () => {
    const ok = await raw.unary(`${IDENTITY}/GetInboxIds`, new Uint8Array());
    expect(ok.code).toBe(status.OK);
  });
});
