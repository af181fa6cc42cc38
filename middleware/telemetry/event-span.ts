import { type Attributes, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import type { MiddlewareFn } from "../../src/compose/middleware.js";
import type { Context, EventOutcome } from "../../src/runtime/context.js";

/**
 * Wraps the rest of the chain in an OpenTelemetry span `xmtp.<event>` (tracer "switchboard"),
 * active while skills run so their own spans nest under it. Attributes: `xmtp.conversation.id`,
 * `xmtp.message.id` (message events), `switchboard.source` and, when the chain ends,
 * `switchboard.outcome`; a failure sets the error status. Through `@opentelemetry/api` alone
 * this costs next to nothing: spans are recorded once the application registers an SDK.
 *
 * @example
 * trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [processor] }));
 * runtime.use(eventSpan());
 */
export function eventSpan(tracer: Tracer = trace.getTracer("switchboard")): MiddlewareFn<Context> {
  return function eventSpanMiddleware(ctx, next) {
    const attributes: Attributes = {
      "xmtp.conversation.id": ctx.conversation.id,
      "switchboard.source": ctx.source,
    };
    if (ctx.message) attributes["xmtp.message.id"] = ctx.message.id;
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
  };
}
