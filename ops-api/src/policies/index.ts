export * from './catalog.js';
export * from './scope.js';
