import type Router from '@koa/router';
import { sendJson } from '../json.js';

/** Each dependency's state: true when it answers. */
export type ReadinessCheck = () => Promise<Record<string, boolean>>;

/** GET /healthz (liveness: the process answers) and GET /readyz (start-up done, dependencies up). */
export function healthRoutes(router: Router, deps: { readiness: ReadinessCheck }): void {
  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    sendJson(ctx, { status: 'ok' });
  });
  router.get('/readyz', async (ctx) => {
    const checks = await deps.readiness();
    const ready = Object.values(checks).every(Boolean);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = ready ? 200 : 503;
    sendJson(ctx, {
      status: ready ? 'ready' : 'not ready',
      checks: Object.fromEntries(Object.entries(checks).map(([name, up]) => [name, up ? 'up' : 'down'])),
    });
  });
}
