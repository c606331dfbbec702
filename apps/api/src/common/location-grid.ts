/*
 * The one implementation of position snapping (DESIGN §7; docs/decisions.md "Report maps"): a
 * position becomes the centre of its cell in a square grid of Lambert-93 (EPSG:2154, metres, origin
 * 0,0), whose side is VIGIE_LOCATION_GRID_METRES. Report maps and research exports both use these
 * SQL fragments, so that a cell means the same in a published map and in a data set.
 */

/** Lambert-93 (metres), the projection the grid is drawn in. */
export const GRID_SRID = 2154;

/** SQL of a point geometry in Lambert-93, from any point expression (4326 in the tables). */
export function lambertPointSql(point: string): string {
  return `ST_Transform(${point}, ${GRID_SRID})`;
}

/**
 * SQL of a cell's integer column and row (`cx`, `cy`) for a point already in Lambert-93; `grid` is
 * the SQL of the side in metres (a bound parameter or a trusted integer).
 */
export function gridCellSql(lambertPoint: string, grid: string): { cx: string; cy: string } {
  return {
    cx: `floor(ST_X(${lambertPoint}) / ${grid}::float8)::bigint`,
    cy: `floor(ST_Y(${lambertPoint}) / ${grid}::float8)::bigint`,
  };
}

/** SQL of the Lambert-93 coordinates of a cell's centre. */
export function gridCentreSql(cell: { cx: string; cy: string }, grid: string): { x: string; y: string } {
  return {
    x: `((${cell.cx} + 0.5) * ${grid}::float8)::float8`,
    y: `((${cell.cy} + 0.5) * ${grid}::float8)::float8`,
  };
}

/** SQL of the centre of the cell of a WGS84 point, as a WGS84 point (what a data set publishes). */
export function snappedPointSql(point: string, grid: string): string {
  const centre = gridCentreSql(gridCellSql(lambertPointSql(point), grid), grid);
  return `ST_Transform(ST_SetSRID(ST_MakePoint(${centre.x}, ${centre.y}), ${GRID_SRID}), 4326)`;
}
