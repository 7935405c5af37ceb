// rate-limiter-flexible's in-memory store, which the package does not export or type (see bounded-memory.ts).
declare module 'rate-limiter-flexible/lib/component/MemoryStorage/MemoryStorage.js' {
  const MemoryStorage: unknown;
  export default MemoryStorage;
}
