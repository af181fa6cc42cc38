const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const WHOLE = /^(?:\d{1,6}[smhd])+$/i;
const PART = /(\d+)([smhd])/gi;

/**
 * Reads a chat-style duration: a number and a unit (`s`, `m`, `h`, `d`), or several in a row
 * (`1h30m`). Returns milliseconds, or `undefined` for anything else (including zero).
 *
 * @example
 * parseDuration("10m"); // 600000
 * parseDuration("1h30m"); // 5400000
 * parseDuration("soon"); // undefined
 */
export function parseDuration(text: string): number | undefined {
  if (!WHOLE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit!.toLowerCase() as Unit];
  }
  return total > 0 ? total : undefined;
}

const NAMES: ReadonlyArray<[Unit, string]> = [
  ["d", "day"],
  ["h", "hour"],
  ["m", "minute"],
  ["s", "second"],
];

/**
 * Says a duration the way people do, to its two largest units: "1 hour 30 minutes".
 * Under a second reads "less than a second".
 *
 * @example
 * formatDuration(5_400_000); // "1 hour 30 minutes"
 */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms / 1_000) * 1_000;
  const parts: string[] = [];
  for (const [unit, name] of NAMES) {
    const amount = Math.floor(rest / UNIT_MS[unit]);
    rest -= amount * UNIT_MS[unit];
    if (amount > 0) parts.push(`${amount} ${name}${amount === 1 ? "" : "s"}`);
  }
  return parts.slice(0, 2).join(" ") || "less than a second";
}
