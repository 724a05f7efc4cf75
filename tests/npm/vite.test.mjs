// The packed tarball through a bundler: Vite builds a page that imports 'otp-wasm' (the
// `browser` export condition; wasm files found via `new URL(..., import.meta.url)`), and the
// built page runs in headless Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { launchChromium } from '../e2e/harness.mjs';
import { installTarball } from './package.mjs';
import { serve } from './static-server.mjs';

let project;
let server;
let browser;
before(async () => {
  project = installTarball();
  writeFileSync(
    join(project, 'index.html'),
    '<!DOCTYPE html><meta charset="utf-8"><title>vite</title><script type="module" src="./main.js"></script><body></body>',
  );
  writeFileSync(
    join(project, 'main.js'),
    `import { TOTP, Secret, qrSvg } from 'otp-wasm';
     const totp = new TOTP({ secret: Secret.fromUTF8('12345678901234567890'), digits: 8 });
     document.body.dataset.code = totp.generate({ timestamp: 59000 });
     document.body.dataset.qr = String(qrSvg(totp).startsWith('<svg'));`,
  );
  // Top-level await in the package's browser entry needs an ES2022 target (Vite's default
  // target predates it); the package README says so.
  await build({ root: project, logLevel: 'silent', build: { target: 'es2022', outDir: 'dist' } });
  server = await serve({ mounts: { '/': join(project, 'dist') } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(project, { recursive: true, force: true });
});

test('a Vite build of a page importing otp-wasm runs in Chromium', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '/index.html');
  await page.waitForSelector('body[data-code]', { state: 'attached', timeout: 10_000 });
  assert.equal(await page.getAttribute('body', 'data-code'), '94287082');
  assert.equal(await page.getAttribute('body', 'data-qr'), 'true');
});
