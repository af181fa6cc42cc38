/** A metric's label names: none, one or two, which is all Switchboard's metrics use. */
export type LabelNames = readonly [] | readonly [string] | readonly [string, string];

/** One value per label name, in the same order. */
export type LabelValues<Names extends LabelNames> = { readonly [K in keyof Names]: string };

/**
 * A metric's series, one cell per combination of label values. Recording runs once per event,
 * so a lookup is two `Map` gets on the label values themselves (event names, outcomes and skill
 * names are the same few strings every time, their hashes cached): no label object is built,
 * validated or hashed per call, as prom-client does. The label object a scrape prints is built
 * once, when a combination is first seen.
 *
 * @example
 * const cells = new LabeledCells(["event", "outcome"] as const, (labels) => ({ labels, value: 0 }));
 * cells.at("text", "handled").value += 1;
 */
export class LabeledCells<Names extends LabelNames, Cell> {
  readonly #names: Names;
  readonly #create: (labels: Record<string, string>) => Cell;
  #rows = new Map<string, Map<string, Cell>>();
  /** The same cells in the order first seen, the order prom-client prints its series in. */
  #inOrder: Cell[] = [];

  constructor(names: Names, create: (labels: Record<string, string>) => Cell) {
    this.#names = names;
    this.#create = create;
    this.clear();
  }

  /** The cell for these label values, created empty on first sight. */
  at(...values: LabelValues<Names>): Cell {
    const given = values as readonly (string | undefined)[];
    return this.#cell(given[0] ?? "", given[1] ?? "");
  }

  #cell(first: string, second: string): Cell {
    let row = this.#rows.get(first);
    if (!row) {
      row = new Map();
      this.#rows.set(first, row);
    }
    let cell = row.get(second);
    if (!cell) {
      const given = [first, second];
      cell = this.#create(Object.fromEntries(this.#names.map((name, i) => [name, given[i]!])));
      row.set(second, cell);
      this.#inOrder.push(cell);
    }
    return cell;
  }

  /** Every cell, in the order first seen. */
  [Symbol.iterator](): IterableIterator<Cell> {
    return this.#inOrder.values();
  }

  /** Forgets every series. */
  clear(): void {
    this.#rows = new Map();
    this.#inOrder = [];
    // A metric without labels has its one series from the start, as prom-client's do: a scrape
    // shows 0 rather than nothing.
    if (this.#names.length === 0) this.#cell("", "");
  }
}
