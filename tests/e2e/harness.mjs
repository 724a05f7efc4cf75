// Shared test harness: starts the real server on a free port and a headless Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const SERVER_BIN = process.env.MFA_SERVER_BIN ?? new URL('../../target/debug/mfa-server', import.meta.url).pathname;
const DIST = process.env.MFA_DIST ?? new URL('../../dist', import.meta.url).pathname;

/** Starts `mfa-server serve` on 127.0.0.1:0 with a fresh data folder; resolves to its base URL. */
export async function startServer({ args = [] } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'mfa-e2e-'));
  const child = spawn(SERVER_BIN, ['serve', '--listen', '127.0.0.1:0', '--data', data, '--static', DIST, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not report its address within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    lines.on('line', (line) => {
      const m = /^listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return {
    url,
    data,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Headless Debian Chromium with the flags this closed network needs. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Where screenshots go (gitignored); created on first use. */
export const ARTIFACTS = new URL('../artifacts/e2e/', import.meta.url).pathname;

/** Saves a screenshot of the whole page as `tests/artifacts/e2e/<name>.png`. */
export async function screenshot(page, name) {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const AXE = new URL('../node_modules/axe-core/axe.min.js', import.meta.url).pathname;

/** axe-core's WCAG 2.1 A/AA and best-practice violations on the page, as readable lines. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // Evaluated through the devtools protocol: the page's CSP (rightly) refuses inline scripts.
    const { readFileSync } = await import('node:fs');
    await page.evaluate(readFileSync(AXE, 'utf8'));
  }
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  return results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
