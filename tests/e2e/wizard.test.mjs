import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchChromium } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the server answers /healthz', async () => {
  const res = await fetch(`${server.url}/healthz`);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'ok');
});

test('the Leptos wizard mounts and renders in Chromium', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor({ timeout: 10_000 });
  assert.equal(await heading.textContent(), 'Sign in');
  // The heading comes from wasm, not from index.html: the shell has an empty body.
  assert.equal(await page.locator('main#main').count(), 1);
  assert.deepEqual(errors, []);
  await page.close();
});
