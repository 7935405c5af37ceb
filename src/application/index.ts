export * from './key-ring-holder.js';
export * from './rotate-keys.js';
export * from './issue-token.js';
export * from './register-user.js';
export * from './publish-jwks.js';
export * from './bootstrap-users.js';
