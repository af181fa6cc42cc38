/** One sample line of the Prometheus text format. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses Prometheus text exposition into samples (comments skipped), for tests to assert on. */
export function parsePrometheusText(text: string): PrometheusSample[] {
  return text.split("\n").flatMap((line) => {
    const match = LINE.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries(
      [...(match[2] ?? "").matchAll(LABEL)].map(([, key, value]) => [key, value]),
    );
    return [{ name: match[1]!, labels, value: Number(match[3]) }];
  });
}

/**
 * The value of the sample named `name` whose labels include `labels`; undefined when none is.
 *
 * @example
 * sampleValue(text, "switchboard_events_total", { event: "text", outcome: "handled" }); // 2
 */
export function sampleValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  return parsePrometheusText(text).find(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  )?.value;
}
