import type { IncomingMessage } from 'node:http';
import { isIP, isIPv6 } from 'node:net';
import type { Middleware } from 'koa';

/**
 * Settles `ctx.ip` for everything after it. Behind trusted proxies (Koa's `proxy` with `maxIpsCount`
 * hops) the client is the X-Forwarded-For entry that many hops from the right, but only when it is an
 * IP address: anything else (HTML, an 8 KB string, `host:port`) is ignored for the socket's address,
 * so no request can choose what is stored in the audit trails or what key it is limited under.
 */
export function clientIp(): Middleware {
  return async (ctx, next) => {
    if (ctx.app.proxy) ctx.request.ip = requestIp(ctx.req, ctx.app.maxIpsCount);
    await next();
  };
}

/**
 * The same rule on a bare request, for what answers ahead of Koa: with `trustedHops` > 0 the entry of
 * X-Forwarded-For that many hops from the right (as Koa's `ips[0]` with `maxIpsCount`), when it is an
 * IP address; otherwise the socket's address.
 */
export function requestIp(req: IncomingMessage, trustedHops: number): string {
  const socketAddress = req.socket.remoteAddress ?? '';
  const header = req.headers['x-forwarded-for'];
  if (trustedHops <= 0 || !header) return socketAddress;
  const entries = (Array.isArray(header) ? header.join(',') : header).split(',');
  const forwarded = entries[Math.max(0, entries.length - trustedHops)]?.trim();
  return forwarded !== undefined && isIP(forwarded) !== 0 ? forwarded : socketAddress;
}

/** The client address for logs: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) shown as plain IPv4. */
export function clientAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped?.[1] ?? (ip || 'unknown');
}

/**
 * The key a client is rate-limited under: its IPv4 address, or its IPv6 /64 prefix (one host
 * usually owns a whole /64, so per-address limits would be trivial to dodge).
 */
export function rateLimitKey(ip: string): string {
  const address = clientAddress(ip);
  // no colon, no IPv6: Node's isIPv6 compiles a large pattern on first use (~8 ms), which the first
  // login from an IPv4 client need not pay
  if (!address.includes(':') || !isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}
