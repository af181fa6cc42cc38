import { z } from "zod";

/** Intent metadata larger than this is refused: no legitimate button tap needs more. */
export const MAX_INTENT_METADATA_BYTES = 10 * 1024;

/**
 * What an intent must look like before it is routed. It arrives from any member's client,
 * so nothing about it is trusted: ids are bounded strings, metadata is bounded JSON.
 */
export const intentSchema = z.object({
  id: z.string().min(1, "intent id is empty").max(256, "intent id is too long"),
  actionId: z.string().min(1, "action id is empty").max(256, "action id is too long"),
  metadata: z
    .record(z.string(), z.unknown())
    .optional()
    .refine(
      (metadata) => metadata === undefined || jsonSize(metadata) <= MAX_INTENT_METADATA_BYTES,
      `intent metadata is larger than ${MAX_INTENT_METADATA_BYTES} bytes`,
    ),
});

function jsonSize(value: unknown): number {
  try {
    return Buffer.byteLength(
      JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v)),
    );
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
