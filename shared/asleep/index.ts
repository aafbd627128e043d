// Public surface of the Asleep webhook parser: detect a layout, interpret a body, and the schemas.
export { detectLayout } from './detect';
export { interpret } from './interpret';
export { isIsoDateTime, parseIsoDateTime } from './iso-time';
export * from './schemas';
export * from './model';
