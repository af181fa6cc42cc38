/** One table row: column name to cell text. */
export type Row = Record<string, string | number>;

/**
 * Prints a titled, column-aligned table to stdout (numbers right-aligned, text left-aligned),
 * followed by notes that say how to read it.
 *
 * @example
 * printTable("Added latency", [{ agent: "agent-sdk", p50: "8.1 ms" }], ["baseline: agent-sdk"]);
 */
export function printTable(title: string, rows: readonly Row[], notes: readonly string[] = []) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (row: Row, column: string) => String(row[column] ?? "");
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row, column).length)),
  );
  const line = (cells: string[], alignRight: boolean[]) =>
    cells
      .map((text, i) => (alignRight[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const numeric = columns.map(
    (column, i) => i > 0 && rows.every((row) => isNumeric(cell(row, column))),
  );
  const out = [
    "",
    `## ${title}`,
    "",
    line(columns, numeric),
    line(
      widths.map((width) => "-".repeat(width)),
      numeric,
    ),
    ...rows.map((row) =>
      line(
        columns.map((column) => cell(row, column)),
        numeric,
      ),
    ),
    ...notes.map((note) => `  ${note}`),
  ];
  console.log(out.join("\n"));
}

/** Cells such as "12.3 ms", "1,204/s", "0.98×" read as numbers and align right. */
const isNumeric = (text: string) => text === "" || /^[+-]?[\d,.]+/.test(text) || text === "n/a";
