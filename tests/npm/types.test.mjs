// The TypeScript declarations of the packed tarball: otpauth-style code and the extras
// type-check under `strict` with Node's module resolution, and a wrong use does not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installTarball } from './package.mjs';

const TSC = new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname;

let project;
before(() => {
  project = installTarball();
});
after(() => rmSync(project, { recursive: true, force: true }));

function typeCheck(source) {
  writeFileSync(join(project, 'consumer.ts'), source);
  const args = [TSC, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'consumer.ts'];
  return spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8' });
}

test('otpauth-style code and the extras type-check', () => {
  const result = typeCheck(`
    import { HOTP, TOTP, Secret, URI, qrSvg, version, type Match, type UriWarning } from 'otp-wasm';
    import * as core from 'otp-wasm/core';
    const secret: Secret = Secret.fromBase32('JBSWY3DPEHPK3PXP');
    const totp = new TOTP({ issuer: 'ACME', label: 'alice', secret, algorithm: 'SHA256', digits: 8, period: 60 });
    const code: string = totp.generate({ timestamp: Date.now() });
    const delta: number | null = totp.validate({ token: code, window: 1 });
    const found: Match | null = totp.verify({ token: code });
    const hotp = new HOTP({ secret: 'JBSWY3DPEHPK3PXP', counter: 5 });
    const next: string = hotp.generate();
    const counter: number = hotp.counter + TOTP.counter({ timestamp: 0 }) + totp.remaining();
    const parsed: HOTP | TOTP = URI.parse(totp.toString(), { strict: true });
    const { otp, warnings } = URI.parseWithWarnings(URI.stringify(parsed));
    const first: UriWarning | undefined = warnings[0];
    const svg: string = qrSvg(otp, { errorCorrection: 'Q', margin: 2, dark: '#000', light: 'none' });
    const bytes: Uint8Array = new core.Secret({ size: 32 }).bytes;
    const v: string = version;
    console.log(code, delta, found?.step, next, counter, first?.code, svg.length, bytes.length, v);
  `);
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('a wrong use is a type error', () => {
  const result = typeCheck(`
    import { TOTP } from 'otp-wasm';
    const n: number = new TOTP().generate();
  `);
  assert.notEqual(result.status, 0);
  assert.match(result.stdout, /Type 'string' is not assignable to type 'number'/);
});
