export * from './json-diff';
export * from './text-diff';
