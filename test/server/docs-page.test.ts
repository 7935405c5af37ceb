import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/adapters/http/openapi/operations.js';
import type { RunningServer } from '../../src/server/index.js';
import { chromiumAvailable, CHROMIUM, launchChromium } from '../support/browser.js';
import { ROOT, startInProcess, tempDir } from '../support/server.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
if (!chromiumAvailable())
  console.warn(`docs page browser test skipped: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  server = await startInProcess(dir.dir, {}, { doubles: true });
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

describe('GET /docs', () => {
  it('answers an HTML page with a Content-Security-Policy that allows no inline script and no other origin', async () => {
    const res = await fetch(`${server.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//); // every asset from this server
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script
    const asset = await fetch(`${server.url}/docs/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${server.url}/docs/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/docs/index.html`)).status).toBe(404);
  });

  it.skipIf(!chromiumAvailable())(
    `renders every endpoint in headless chromium (${CHROMIUM}), offline, without a CSP violation`,
    async () => {
      const { context, close } = await launchChromium();
      try {
        const page = await context.newPage();
        const problems: string[] = [];
        const foreign: string[] = [];
        page.on(
          'console',
          (m) => void (m.type() === 'error' || m.type() === 'warning' ? problems.push(`${m.type()}: ${m.text()}`) : undefined),
        );
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('request', (r) => void (r.url().startsWith(server.url) ? undefined : foreign.push(r.url())));
        // anything not for this server is refused, so a request that tries to leave the machine shows up
        await context.route(/.*/, (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));

        const res = await page.goto(`${server.url}/docs`);
        expect(res?.status()).toBe(200);
        await page.waitForSelector('.opblock-summary-path', { timeout: 20_000 });
        const listed = await page.$$eval('.opblock', (blocks) =>
          blocks.map(
            (b) =>
              `${b.querySelector('.opblock-summary-method')?.textContent?.toLowerCase()} ${b.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
          ),
        );
        for (const op of OPERATIONS) expect(listed).toContain(`${op.method} ${op.path}`);
        expect(await page.textContent('.title')).toContain('jwks-auth-server');

        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, 'docs-page.png'), fullPage: true });
        expect(foreign).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    },
  );
});
