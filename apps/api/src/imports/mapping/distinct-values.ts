/** Collects, per column, its first `limit` distinct non-empty values (for the console's value maps). */
export class DistinctValues {
  private readonly seen: Set<string>[];

  constructor(
    private readonly columns: string[],
    private readonly limit = 100,
  ) {
    this.seen = columns.map(() => new Set<string>());
  }

  add(cells: string[]): void {
    this.seen.forEach((values, index) => {
      const cell = cells[index] ?? '';
      if (cell !== '' && values.size < this.limit) values.add(cell);
    });
  }

  result(): Record<string, string[]> {
    return Object.fromEntries(this.columns.map((header, index) => [header, [...this.seen[index]!]]));
  }
}
