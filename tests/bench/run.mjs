// `cargo xtask bench`: otp-wasm against otpauth and otplib, in one Node process and in one
// headless Chromium page. OTP_WASM_PACKAGE is the unpacked package folder `pack` writes.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as otpauth from 'otpauth';
import * as otplib from 'otplib';
import { launchChromium } from '../e2e/harness.mjs';
import { serve } from '../npm/static-server.mjs';
import { format, run } from './cases.mjs';

const pkg = process.env.OTP_WASM_PACKAGE ?? new URL('../../target/npm/package', import.meta.url).pathname;
const ms = Number(process.env.BENCH_MS ?? 1000);

const ours = await import(pathToFileURL(join(pkg, 'node.js')).href);
console.log(format(`Node ${process.version}`, run({ ours, otpauth, otplib }, { ms })));

const nm = new URL('../node_modules/', import.meta.url).pathname;
const page = `<!DOCTYPE html><meta charset="utf-8"><title>bench</title>
<script src="/nm/otplib/dist/index.global.js"></script>
<script type="importmap">{ "imports": { "otp-wasm": "/pkg/browser.js", "otpauth": "/nm/otpauth/dist/otpauth.esm.js" } }</script>
<script type="module">
  import * as ours from 'otp-wasm';
  import * as otpauth from 'otpauth';
  import { run } from '/bench/cases.mjs';
  window.bench = () => run({ ours, otpauth, otplib: window.otplib }, { ms: ${ms} });
</script>`;
const server = await serve({ pages: { '/': page }, mounts: { '/pkg/': pkg, '/nm/': nm, '/bench/': new URL('.', import.meta.url).pathname } });
const browser = await launchChromium();
try {
  const tab = await browser.newPage();
  await tab.goto(server.url + '/');
  await tab.waitForFunction(() => typeof window.bench === 'function', null, { timeout: 10_000 });
  const rows = await tab.evaluate(() => window.bench());
  console.log(format(`Chromium ${browser.version()} (headless)`, rows));
} finally {
  await browser.close();
  await server.close();
}
