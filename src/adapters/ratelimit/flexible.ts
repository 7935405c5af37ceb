/**
 * The classes of rate-limiter-flexible these adapters use, each from its own file: the package's index
 * loads every store it has (Mongo, DynamoDB, Etcd, Prisma, Memcache…, ~25 files) at every start.
 * Index and files are the same modules, so `instanceof RateLimiterRes` holds whichever way a caller
 * imported the package.
 */
import type * as Flexible from 'rate-limiter-flexible';
import Memory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';
import Redis from 'rate-limiter-flexible/lib/RateLimiterRedis.js';
import Res from 'rate-limiter-flexible/lib/RateLimiterRes.js';

export type { IRateLimiterOptions, RateLimiterAbstract } from 'rate-limiter-flexible';
export const RateLimiterMemory = Memory as typeof Flexible.RateLimiterMemory;
export const RateLimiterRedis = Redis as typeof Flexible.RateLimiterRedis;
export const RateLimiterRes = Res as typeof Flexible.RateLimiterRes;
export type RateLimiterRes = Flexible.RateLimiterRes;
