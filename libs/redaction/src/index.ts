export { detect, redact } from './engine.js';
export type { DetectOptions, RedactOptions, RedactResult } from './engine.js';
export { ENTITY_TYPES } from './types.js';
export type { EntityType, Finding } from './types.js';
