import { Readable } from 'node:stream';
import type { ExportColumn } from '../exports.columns';
import type { ExportRow } from '../exports.repository';
import { jsonValue, type JsonValue } from './typed-values';

/**
 * An RFC 7946 FeatureCollection written feature by feature as the rows arrive: one Point per record
 * at its `longitude`/`latitude` (the grid cell's centre at research level), `geometry: null` for a
 * row without a position (outside the research grid's exact cells), the other columns as typed
 * properties.
 */
export function geojsonStream(
  columns: readonly ExportColumn[],
  batches: AsyncIterable<ExportRow[]>,
): Readable {
  const properties = columns.filter((column) => column.name !== 'longitude' && column.name !== 'latitude');
  async function* chunks(): AsyncGenerator<string> {
    yield '{"type":"FeatureCollection","features":[';
    let first = true;
    for await (const batch of batches) {
      let chunk = '';
      for (const row of batch) {
        const longitude = row.longitude === null ? null : Number(row.longitude);
        const latitude = row.latitude === null ? null : Number(row.latitude);
        const props: Record<string, JsonValue> = {};
        for (const column of properties) props[column.name] = jsonValue(column, row[column.name]);
        const feature = {
          type: 'Feature',
          id: row.id,
          geometry:
            longitude === null || latitude === null
              ? null
              : { type: 'Point', coordinates: [longitude, latitude] },
          properties: props,
        };
        chunk += `${first ? '\n' : ',\n'}${JSON.stringify(feature)}`;
        first = false;
      }
      yield chunk;
    }
    yield '\n]}\n';
  }
  return Readable.from(chunks(), { objectMode: false });
}
