// The www/ demo page (plain module script, the package in www/pkg/ from `cargo xtask pack`):
// it parses the seed URI with its warning, shows a QR code and the current code, accepts
// that code once and refuses the replay.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as otpauth from 'otpauth';
import { launchChromium } from '../e2e/harness.mjs';
import { serve } from './static-server.mjs';

const WWW = new URL('../../www/', import.meta.url).pathname;

let server;
let browser;
let page;
before(async () => {
  assert.ok(existsSync(WWW + 'pkg/browser.js'), 'www/pkg/ is missing: run `cargo xtask pack` first');
  server = await serve({ mounts: { '/': WWW } });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(server.url + '/index.html');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the demo shows fields, the weak-secret warning, a QR code and the current code', async () => {
  await page.waitForFunction(() => document.getElementById('code').textContent.length === 6);
  assert.match(await page.textContent('#fields'), /insights3\.eniris\.be/);
  assert.match(await page.textContent('#warnings'), /shorter than the recommended 128 bits/);
  assert.equal(await page.locator('#qr svg path').count(), 1);
});

test('a code is accepted once, then refused as a replay', async () => {
  const code = otpauth.TOTP.generate({ secret: otpauth.Secret.fromBase32('NB2W45DFOIZA') });
  await page.fill('#token', code);
  await page.click('#verify-form button');
  const first = await page.textContent('#verdict');
  // The period may roll over between generating and verifying: then the code is delta -1.
  assert.match(first, /^Accepted: delta (0|-1), step \d+\.$/);
  await page.click('#verify-form button');
  assert.match(await page.textContent('#verdict'), /^Refused: step \d+ was already used/);
  await page.fill('#token', '000000' === code ? '111111' : '000000');
  await page.click('#verify-form button');
  assert.match(await page.textContent('#verdict'), /Wrong code|Refused/);
});

test('a bad URI shows its error', async () => {
  await page.fill('#uri', 'otpauth://totp/a?secret=JBSWY3DP&period=0');
  await page.click('#uri-form button[type=submit]');
  assert.equal(await page.textContent('#error'), 'period must be at least 1 second');
});
