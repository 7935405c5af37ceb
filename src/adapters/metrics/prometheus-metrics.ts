import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { HttpObserver } from '../http/observer.js';
import { RequestDurations } from './request-durations.js';

/** Seconds: from a cached JWKS answer (well under 1 ms) to a slow Argon2 login under load. */
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Seconds: Argon2id at OWASP settings takes tens of milliseconds. */
const HASH_BUCKETS = [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5];
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

/**
 * Outcomes that exist before they first happen, so a rate() over them never starts from a missing series.
 * Others (new refusal codes) appear when they first occur: their set is bounded by the error codes.
 */
const AUTH_OUTCOMES = ['success', 'bad_credentials', 'rate_limited', 'invalid_input', 'invalid_request', 'unavailable', 'error'];
const REGISTRATION_OUTCOMES = [
  'success',
  'username_taken',
  'email_taken',
  'rate_limited',
  'invalid_input',
  'invalid_request',
  'unavailable',
  'error',
];

/**
 * The server's Prometheus metrics, in a registry of their own (never prom-client's global one, so that
 * several servers in one process, or an embedder's own metrics, do not collide).
 */
export class PrometheusMetrics implements HttpObserver {
  readonly registry = new Registry();
  /** Password hashing and verification time, by `operation` (`hash` or `verify`). */
  readonly hashDuration: Histogram<'operation'>;
  private readonly requests: RequestDurations;
  private readonly auth: Counter<'outcome'>;
  private readonly registrations: Counter<'outcome'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new RequestDurations(
      'jwks_http_request_duration_seconds',
      'Time to answer an HTTP request on the API port, by method, route template and status.',
      REQUEST_BUCKETS,
    ).registerIn(this.registry);
    this.auth = new Counter({
      name: 'jwks_auth_attempts_total',
      help: 'Login attempts (POST /auth) by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.registrations = new Counter({
      name: 'jwks_registrations_total',
      help: 'Registration attempts (POST /register) by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.hashDuration = new Histogram({
      name: 'jwks_password_hash_duration_seconds',
      help: 'Time to hash or verify a password (Argon2id), by operation.',
      labelNames: ['operation'],
      buckets: HASH_BUCKETS,
      registers,
    });
    for (const outcome of AUTH_OUTCOMES) this.auth.inc({ outcome }, 0);
    for (const outcome of REGISTRATION_OUTCOMES) this.registrations.inc({ outcome }, 0);
    for (const operation of ['hash', 'verify']) this.hashDuration.zero({ operation });
  }

  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe(KNOWN_METHODS.has(method) ? method : 'other', route, status, seconds);
  }

  authOutcome(outcome: string): void {
    this.auth.inc({ outcome });
  }

  registrationOutcome(outcome: string): void {
    this.registrations.inc({ outcome });
  }

  /** The exposition (text format 0.0.4) and its content type. */
  async scrape(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
