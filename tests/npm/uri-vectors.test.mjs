// The shared otpauth:// conformance vectors through the packed tarball's public API in Node,
// in both entries (see uri-vectors.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { importFrom, installTarball } from './package.mjs';
import { VECTORS, assertOutcomes, outcomes } from './uri-vectors.mjs';

let project;
const entries = {};
before(async () => {
  project = installTarball();
  for (const entry of ['otp-wasm', 'otp-wasm/core']) entries[entry] = await importFrom(project, entry);
});
after(() => rmSync(project, { recursive: true, force: true }));

test('the vector file names every warning and every URI error', () => {
  assert.equal(Object.keys(VECTORS.warnings).length, 10);
  const seen = new Set(VECTORS.parse.flatMap((c) => c.expect.warnings ?? [c.expect.error]));
  for (const code of Object.keys(VECTORS.warnings)) assert.ok(seen.has(code), code);
  // otp::Error's 16 URI messages: TooLong to IssuerMismatch, Digits, Period, Algorithm, EmptySecret, Base32.
  assert.equal(seen.size, 10 + 16);
});

for (const entry of ['otp-wasm', 'otp-wasm/core']) {
  test(`${entry}: every parse and build vector`, () => {
    assertOutcomes(outcomes(entries[entry], VECTORS));
  });
}

test('errors never repeat the secret', () => {
  const { parse } = outcomes(entries['otp-wasm/core'], VECTORS);
  VECTORS.parse.forEach((c, i) => {
    const secret = /[?&]secret=([^&#]{4,})/i.exec(c.uri)?.[1];
    if (secret && parse[i].error) assert.ok(!parse[i].error.includes(secret), c.note);
  });
});

test('lone surrogates read as U+FFFD, as the Rust parser sees the UTF-8 text', () => {
  const uri = 'otpauth://totp/a\ud800:b\udc00?secret=JBSWY3DP&issuer=a\udbff';
  const { otp, warnings } = entries['otp-wasm/core'].URI.parseWithWarnings(uri);
  assert.deepEqual([otp.issuer, otp.label], ['a\ufffd', 'b\ufffd']);
  assert.deepEqual(warnings.map((w) => w.code), ['weak-secret'], 'both issuers read as a\ufffd: no mismatch');
});
