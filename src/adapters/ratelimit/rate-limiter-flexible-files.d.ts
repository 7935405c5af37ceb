// Files of rate-limiter-flexible that the package does not type one by one (see flexible.ts, bounded-memory.ts).
declare module 'rate-limiter-flexible/lib/component/MemoryStorage/MemoryStorage.js' {
  const MemoryStorage: unknown;
  export default MemoryStorage;
}
declare module 'rate-limiter-flexible/lib/RateLimiterMemory.js' {
  const RateLimiterMemory: unknown;
  export default RateLimiterMemory;
}
declare module 'rate-limiter-flexible/lib/RateLimiterRedis.js' {
  const RateLimiterRedis: unknown;
  export default RateLimiterRedis;
}
declare module 'rate-limiter-flexible/lib/RateLimiterRes.js' {
  const RateLimiterRes: unknown;
  export default RateLimiterRes;
}
