export * from './errors.js';
export * from './user.js';
export * from './password.js';
export * from './signing-key.js';
export * from './key-policy.js';
export * from './key-ring.js';
export * from './signing-order.js';
export * from './time.js';
export type * from './ports/index.js';
