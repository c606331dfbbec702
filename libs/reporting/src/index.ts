export * from './report-params';
export * from './helpers';
export * from './trusted-markup';
export * from './report-engine';
export * from './charts';
export * from './map';
export * from './pdf-renderer';
export * from './chromium-sandbox';
