export * from './vocabulary';
export * from './vocabularies';
export * from './time';
export * from './geo';
export * from './limits';
export * from './records';
export * from './permissions';
export * from './stats';
