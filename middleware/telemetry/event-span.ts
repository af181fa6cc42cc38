import type { Attributes, Tracer } from "@opentelemetry/api";
import type { MiddlewareFn, Next } from "../../src/compose/middleware.js";
import type { Context, EventOutcome } from "../../src/runtime/context.js";
import {
  isTracerProviderRegistered,
  loadOpenTelemetryApi,
  type OpenTelemetry,
} from "./opentelemetry-api.js";

/** The API and the tracer the spans come from, once there is anyone to record them. */
interface Tracing {
  api: OpenTelemetry;
  tracer: Tracer;
}

/**
 * Wraps the rest of the chain in an OpenTelemetry span `xmtp.<event>` (tracer "switchboard"),
 * active while skills run so their own spans nest under it. Attributes: `xmtp.conversation.id`,
 * `xmtp.message.id` (message events), `switchboard.source` and, when the chain ends,
 * `switchboard.outcome`; a failure sets the error status.
 *
 * Until the application registers an SDK (a global tracer provider), spans would be no-ops, so
 * none is started and `@opentelemetry/api` is not even loaded: the event goes straight on. The
 * check runs per event, so an SDK registered after the agent is built is picked up. A `tracer`
 * passed in is always used.
 *
 * @example
 * trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [processor] }));
 * runtime.use(eventSpan());
 */
export function eventSpan(tracer?: Tracer): MiddlewareFn<Context> {
  let tracing: Tracing | undefined = tracer && { api: loadOpenTelemetryApi(), tracer };
  return function eventSpanMiddleware(ctx, next) {
    if (!tracing) {
      if (!isTracerProviderRegistered()) return next();
      const api = loadOpenTelemetryApi();
      tracing = { api, tracer: api.trace.getTracer("switchboard") };
    }
    return inSpan(tracing, ctx, next);
  };
}

function inSpan({ api, tracer }: Tracing, ctx: Context, next: Next): Promise<void> {
  const attributes: Attributes = {
    "xmtp.conversation.id": ctx.conversation.id,
    "switchboard.source": ctx.source,
  };
  if (ctx.message) attributes["xmtp.message.id"] = ctx.message.id;
  const { SpanKind, SpanStatusCode } = api;
  return tracer.startActiveSpan(
    `xmtp.${ctx.event}`,
    { kind: SpanKind.CONSUMER, attributes },
    async (span) => {
      let threw = false;
      try {
        await next();
      } catch (error) {
        threw = true;
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        throw error;
      } finally {
        // A throw reaches the runtime, which marks the outcome, only after this span ends.
        const outcome: EventOutcome = threw ? "failed" : ctx.outcome;
        span.setAttribute("switchboard.outcome", outcome);
        // Skill failures are caught by the router, which only marks the outcome.
        if (!threw && outcome === "failed") {
          span.setStatus({ code: SpanStatusCode.ERROR, message: "a skill failed" });
        }
        span.end();
      }
    },
  );
}
