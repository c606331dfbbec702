/*
 * `COPY (query) TO STDOUT` takes no bound parameters, and neither does a cursor declared in a
 * simple query. The export queries are built with placeholders like every other statement, then
 * their values are written in as string literals here: each value becomes the text PostgreSQL would
 * have received as a parameter, quoted as an untyped literal, which the server types from its
 * context exactly as it types a parameter. Never concatenate a value any other way.
 */

/** A string as a PostgreSQL literal, whatever `standard_conforming_strings` says. */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('A NUL character cannot be sent to PostgreSQL');
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return `"${parameterText(value).replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** The text form of a parameter value, as node-postgres sends it. */
function parameterText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map(arrayElement).join(',')}}`;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('A parameter must be a finite number');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new Error(`Unsupported parameter type ${typeof value}`);
}

/** The statement with each `$n` replaced by its value as a literal. */
export function inlineParameters(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_match, digits: string) => {
    const index = Number(digits) - 1;
    if (index < 0 || index >= values.length) throw new Error(`No value for parameter $${digits}`);
    const value = values[index];
    return value === null || value === undefined ? 'NULL' : quoteLiteral(parameterText(value));
  });
}
