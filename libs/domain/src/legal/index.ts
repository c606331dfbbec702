export * from './local-dates';
export * from './french-calendar';
export * from './deadline-rules';
export * from './deadline-engine';
