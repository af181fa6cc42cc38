import { request } from "node:http";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type HealthServer,
  isAllowedHost,
  startHealthServer,
} from "../../middleware/telemetry/health-server.js";
import { loadConfig } from "../../src/config/load-config.js";

/** A GET with a chosen Host header, as a rebound browser page would send it. */
function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host } }, (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the metrics server under DNS rebinding", () => {
  let server: HealthServer;

  beforeAll(async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ agent: "secret-agent-name" });
    server = await startHealthServer({
      port: 0,
      host: "127.0.0.1",
      registry,
      status: () => undefined,
      allowedHosts: ["metrics.internal"],
    });
  });

  afterAll(() => server.close());

  it("refuses /metrics, /healthz and /readyz to a page whose name was re-pointed at loopback", async () => {
    const results: string[] = [];
    for (const path of ["/metrics", "/healthz", "/readyz"]) {
      for (const host of [
        `evil.example:${server.port}`,
        "evil.example",
        `localhost.evil.example:${server.port}`,
        `127.0.0.1.nip.io:${server.port}`,
        `[::1].evil.example:${server.port}`,
      ]) {
        const { status, body } = await get(server.port, path, host);
        results.push(`${host}${path} ${status}`);
        expect(status, `${host}${path}`).toBe(421);
        expect(body).not.toContain("secret-agent-name");
      }
    }
    console.log(`${results.length} rebound requests, all 421`);
  });

  it("answers loopback names, IP literals and the configured names", async () => {
    for (const host of [
      `127.0.0.1:${server.port}`,
      `localhost:${server.port}`,
      "localhost",
      `[::1]:${server.port}`,
      `metrics.internal:${server.port}`,
      `METRICS.internal`,
      `10.0.0.5:${server.port}`,
    ]) {
      const { status } = await get(server.port, "/healthz", host);
      expect(status, host).toBe(200);
    }
  });

  it("reads extra names from METRICS_ALLOWED_HOSTS", () => {
    const config = loadConfig({
      envFile: false,
      env: { METRICS_ALLOWED_HOSTS: " Metrics.Internal , prom.lan,," },
    });
    expect(config.METRICS_ALLOWED_HOSTS).toEqual(["metrics.internal", "prom.lan"]);
  });

  it("parses Host headers strictly", () => {
    expect(isAllowedHost(undefined, [])).toBe(true);
    expect(isAllowedHost("app.localhost:3000", [])).toBe(true);
    expect(isAllowedHost("localhost:", [])).toBe(false);
    expect(isAllowedHost("localhost:80:80", [])).toBe(false);
    expect(isAllowedHost("[::1", [])).toBe(false);
    expect(isAllowedHost("", [])).toBe(false);
  });
});
