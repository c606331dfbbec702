/**
 * Collects, per column, its first `limit` distinct non-empty values (for the console's value maps),
 * each cut at `maxLength` characters.
 */
export class DistinctValues {
  private readonly seen: Set<string>[];

  constructor(
    private readonly columns: readonly string[],
    private readonly limit = 100,
    private readonly maxLength = 200,
  ) {
    this.seen = columns.map(() => new Set<string>());
  }

  add(cells: readonly string[]): void {
    this.seen.forEach((values, index) => {
      const cell = cells[index] ?? '';
      if (cell !== '' && values.size < this.limit) values.add(cell.slice(0, this.maxLength));
    });
  }

  result(): Record<string, string[]> {
    return Object.fromEntries(this.columns.map((header, index) => [header, [...this.seen[index]!]]));
  }
}
