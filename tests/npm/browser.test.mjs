// The packed tarball in headless Chromium, from a plain <script type="module"> page with no
// bundler (an import map names the package): RFC vectors, otpauth compatibility, verify,
// URIs (and the shared otpauth:// conformance vectors), and a QR SVG rendered by the browser
// and read back from the canvas by jsQR.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../e2e/harness.mjs';
import { TARBALL } from './package.mjs';
import { serve } from './static-server.mjs';
import { VECTORS, assertOutcomes, outcomes } from './uri-vectors.mjs';

const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>otp-wasm module page</title>
<script type="importmap">
{ "imports": { "otp-wasm": "/node_modules/otp-wasm/browser.js", "otp-wasm/core": "/node_modules/otp-wasm/core.browser.js", "otpauth": "/otpauth/otpauth.esm.js" } }
</script>
<script src="/jsqr/jsQR.js"></script>
<script type="module">
  import { TOTP, HOTP, Secret, URI, qrSvg, version } from 'otp-wasm';
  import * as core from 'otp-wasm/core';
  import * as otpauth from 'otpauth';
  window.lib = { TOTP, HOTP, Secret, URI, qrSvg, version, core, otpauth };
  document.body.dataset.ready = 'yes';
</script></head><body></body></html>`;

let dir;
let server;
let browser;
let page;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otp-wasm-page-'));
  execFileSync('tar', ['-xzf', TARBALL, '-C', dir]);
  server = await serve({
    pages: { '/': PAGE },
    mounts: {
      '/node_modules/otp-wasm/': join(dir, 'package'),
      '/otpauth/': new URL('../node_modules/otpauth/dist/', import.meta.url).pathname,
      '/jsqr/': new URL('../node_modules/jsqr/dist/', import.meta.url).pathname,
    },
  });
  browser = await launchChromium();
  page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(server.url + '/');
  await page.waitForSelector('body[data-ready="yes"]', { state: 'attached', timeout: 10_000 }).catch(() => {
    throw new Error(`the module page did not load: ${errors.join('; ')}`);
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('RFC 6238 vectors and otpauth agreement in the page', async () => {
  const result = await page.evaluate(() => {
    const { TOTP, Secret, otpauth } = window.lib;
    const sha1 = new TOTP({ secret: Secret.fromUTF8('12345678901234567890'), digits: 8 });
    const sha512 = new TOTP({
      secret: Secret.fromUTF8('1234567890123456789012345678901234567890123456789012345678901234'),
      algorithm: 'SHA512',
      digits: 8,
    });
    let disagreements = 0;
    for (let i = 0; i < 100; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(20));
      const timestamp = Math.floor(Math.random() * 4e12);
      const ours = new TOTP({ secret: new Secret({ buffer: bytes.slice().buffer }) }).generate({ timestamp });
      const theirs = new otpauth.TOTP({ secret: new otpauth.Secret({ buffer: bytes.slice().buffer }) }).generate({ timestamp });
      if (ours !== theirs) disagreements++;
    }
    return {
      sha1: [59, 1111111109, 20000000000].map((s) => sha1.generate({ timestamp: s * 1000 })),
      sha512: sha512.generate({ timestamp: 59_000 }),
      verify: sha1.verify({ token: '07081804', timestamp: 1111111139_000 }),
      disagreements,
    };
  });
  assert.deepEqual(result.sha1, ['94287082', '07081804', '65353130']);
  assert.equal(result.sha512, '90693936');
  assert.deepEqual(result.verify, { delta: -1, step: 37037036 });
  assert.equal(result.disagreements, 0);
});

test('HOTP counters, URIs with warnings and errors in the page', async () => {
  const result = await page.evaluate(() => {
    const { HOTP, URI, Secret, core } = window.lib;
    const hotp = new HOTP({ secret: Secret.fromLatin1('12345678901234567890') });
    const codes = [hotp.generate(), hotp.generate(), hotp.generate()];
    const parsed = URI.parseWithWarnings('otpauth://totp/Authentication&40?secret=KQ5P6HBW63UTX4JPMXBJXI2PQM&issuer=');
    let error;
    try {
      URI.parse('otpauth://totp/a?secret=SUPERSECRETVALUE&period=0');
    } catch (e) {
      error = { isError: e instanceof Error, message: e.message };
    }
    return { codes, counter: hotp.counter, label: parsed.otp.label, warnings: parsed.warnings, error, coreHasQr: 'qrSvg' in core };
  });
  assert.deepEqual(result.codes, ['755224', '287082', '359152']);
  assert.equal(result.counter, 3);
  assert.equal(result.label, 'Authentication&40');
  assert.deepEqual(result.warnings, []);
  assert.equal(result.error.isError, true);
  assert.doesNotMatch(result.error.message, /SUPERSECRET/);
  assert.equal(result.coreHasQr, false);
});

test('the otpauth:// conformance vectors in the page, both entries', async () => {
  // outcomes() is self-contained: its source runs in the page against the page's modules.
  const got = await page.evaluate(({ source, vectors }) => {
    const run = (0, eval)(`(${source})`);
    return { full: run(window.lib, vectors), core: run(window.lib.core, vectors) };
  }, { source: outcomes.toString(), vectors: VECTORS });
  assertOutcomes(got.full);
  assertOutcomes(got.core);
});

test('the QR SVG renders in the browser and scans back to the URI', async () => {
  const result = await page.evaluate(async () => {
    const { TOTP, qrSvg } = window.lib;
    const totp = new TOTP({ issuer: 'ACME Co', label: 'alice@example.com', secret: 'JBSWY3DPEHPK3PXP' });
    const svg = qrSvg(totp, { errorCorrection: 'Q' });
    const image = new Image();
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 400;
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, 0, 0, 400, 400);
    const pixels = ctx.getImageData(0, 0, 400, 400);
    return { uri: totp.toString(), decoded: window.jsQR(pixels.data, 400, 400)?.data ?? null };
  });
  assert.equal(result.decoded, result.uri);
});
