import { createRequire } from "node:module";
import type * as OpenTelemetryApi from "@opentelemetry/api";

/** The `@opentelemetry/api` module. */
export type OpenTelemetry = typeof OpenTelemetryApi;

/**
 * Where `@opentelemetry/api` 1.x keeps what applications register, shared by every copy of it
 * in the process: `dist/internal/global-utils.cjs` of 1.10.0 stores the globals on
 * `globalThis[Symbol.for(\`opentelemetry.js.api.${major}\`)]`, and `trace.setGlobalTracerProvider`
 * sets its `trace` property (`registerGlobal("trace", …)`), which `trace.disable()` deletes.
 */
const GLOBAL_API_KEY = Symbol.for("opentelemetry.js.api.1");

/**
 * Whether the application registered a tracer provider (an SDK): one property read, without
 * loading the API. Without one, every span would be a no-op.
 */
export function isTracerProviderRegistered(): boolean {
  const globals = (globalThis as { [GLOBAL_API_KEY]?: { trace?: unknown } })[GLOBAL_API_KEY];
  return globals?.trace !== undefined;
}

const require = createRequire(import.meta.url);

/**
 * The API, loaded on first call (about 0.4 MB of heap that an agent without an SDK never pays).
 * Synchronous, so the first traced event is spanned like the rest. This is its CommonJS build;
 * it shares the registered provider and context manager with the ESM build through the globals
 * above, so spans nest across the two.
 */
export function loadOpenTelemetryApi(): OpenTelemetry {
  return require("@opentelemetry/api");
}
