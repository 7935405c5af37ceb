import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { parseExposition, sampleValue } from '../support/exposition.js';
import { login } from '../support/http.js';
import { startInProcess, tempDir } from '../support/server.js';
import { describeWith } from '../support/services.js';
import { createTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitUntil } from '../support/wait.js';

describeWith(['redis'], 'rate-limit store metrics with Redis', ({ redisUrl }) => {
  let proxy: TcpProxy;
  let server: RunningServer;
  let dir: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    const target = new URL(redisUrl);
    proxy = await createTcpProxy(Number(target.port || 6379), target.hostname);
    dir = tempDir();
    server = await startInProcess(
      dir.dir,
      { REDIS_URL: proxy.rewrite(redisUrl), REDIS_KEY_PREFIX: `jwks-test-${randomBytes(6).toString('hex')}`, METRICS_PORT: '0' },
      { doubles: true },
    );
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    dir?.remove();
  });

  const up = async () => sampleValue(parseExposition(await (await fetch(server.metricsUrl!)).text()), 'jwks_rate_limit_store_up');

  it('says which store and failure mode, and goes to 0 while Redis is unreachable, back to 1 after', async () => {
    const families = parseExposition(await (await fetch(server.metricsUrl!)).text());
    expect(sampleValue(families, 'jwks_rate_limit_store_info', { store: 'redis', failure_mode: 'memory' })).toBe(1);
    expect(await up()).toBe(1);

    await proxy.cut();
    await login(server.url, 'nobody', 'x'); // the limiter finds out on its next call
    await waitUntil(async () => (await up()) === 0, 10_000, 'jwks_rate_limit_store_up 0 during the outage');

    await proxy.restore();
    await waitUntil(
      async () => {
        await login(server.url, 'nobody', 'x');
        return (await up()) === 1;
      },
      15_000,
      'jwks_rate_limit_store_up 1 once Redis is back',
    );
  });
});
