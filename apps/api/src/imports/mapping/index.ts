export { compileMapping, convertRow } from './compile-mapping';
export type { CompiledMapping, ConvertContext, ConvertedRow } from './compile-mapping';
export { DistinctValues } from './distinct-values';
export { isValidTimeZone, mappingErrors } from './mapping-errors';
export { suggestMapping } from './suggest-mapping';
