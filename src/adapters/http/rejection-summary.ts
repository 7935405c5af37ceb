import type { Logger } from 'pino';

/** Distinct clients a summary names one by one; the rest are counted together in one more line. */
const MAX_CLIENTS_PER_SUMMARY = 50;

/**
 * Counts rate-limited (429) answers per client instead of logging each: one flood would otherwise
 * write a line per request. Every `windowSeconds` it writes at most one line per client (the busiest
 * {@link MAX_CLIENTS_PER_SUMMARY}) and one line for all other clients together, then starts over.
 * Memory is bounded the same way: beyond that many clients, only totals are kept.
 */
export class RejectionSummary {
  private readonly counts = new Map<string, number>();
  private others = { clients: 0, rejected: 0 };
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly logger: Pick<Logger, 'warn'>,
    readonly windowSeconds = 60,
  ) {
    this.timer = setInterval(() => this.flush(), windowSeconds * 1000);
    this.timer.unref();
  }

  /** Counts one rejected request from `client` (its address or limit key). */
  count(client: string): void {
    const seen = this.counts.get(client);
    if (seen !== undefined) this.counts.set(client, seen + 1);
    else if (this.counts.size < MAX_CLIENTS_PER_SUMMARY) this.counts.set(client, 1);
    else {
      this.others.rejected += 1;
      this.others.clients += 1; // an upper bound: repeat clients beyond the cap are not told apart
    }
  }

  /** Writes the summary of the window so far and starts a new one. */
  flush(): void {
    for (const [ip, rejected] of this.counts) {
      this.logger.warn({ ip, rejected, windowSeconds: this.windowSeconds }, 'requests rejected: rate limited');
    }
    if (this.others.rejected > 0) {
      this.logger.warn(
        { otherClients: this.others.clients, rejected: this.others.rejected, windowSeconds: this.windowSeconds },
        'requests rejected: rate limited',
      );
    }
    this.counts.clear();
    this.others = { clients: 0, rejected: 0 };
  }

  /** Writes what is left and stops the timer (at shutdown). */
  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
