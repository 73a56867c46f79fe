/**
 * The load balancer's probes on the real built server (scripts/serve.ts with the portal):
 * /healthz answers while the process serves, /readyz once the portal has started and its
 * database answers; both plain text, never cached, no cookie. (Graceful shutdown is tested
 * with serve.ts in tests/unit/platform/graceful-shutdown.test.ts.)
 */
import { expect, test } from '@playwright/test';

test('/healthz and /readyz answer 200, plain, no-store, without a cookie', async ({ request }) => {
  const health = await request.get('/healthz');
  expect(health.status()).toBe(200);
  expect(await health.text()).toBe('ok\n');
  expect(health.headers()['cache-control']).toBe('no-store');
  expect(health.headers()['set-cookie']).toBeUndefined();

  // The portal starts its services at once; readiness follows as soon as they run.
  await expect.poll(async () => (await request.get('/readyz')).status(), { timeout: 20_000 }).toBe(200);
  const ready = await request.get('/readyz');
  expect(await ready.text()).toBe('ready\n');
  expect(ready.headers()['content-type']).toContain('text/plain');
  expect(ready.headers()['cache-control']).toBe('no-store');
  expect(ready.headers()['set-cookie']).toBeUndefined();
  expect((await request.head('/readyz')).status()).toBe(200);
});
