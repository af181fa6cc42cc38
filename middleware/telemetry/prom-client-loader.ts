import { createRequire } from "node:module";
import type * as PromClient from "prom-client";

const require = createRequire(import.meta.url);

/**
 * prom-client, loaded on first call: about 1 MB of heap that an agent nobody scrapes (no
 * `METRICS_PORT`, no one reading `telemetry.registry`) never pays. It is CommonJS only, so
 * `require` loads it synchronously and returns the very module an application's
 * `import "prom-client"` gets: a `Registry` made there passes `instanceof` here.
 */
export function loadPromClient(): typeof PromClient {
  return require("prom-client");
}
