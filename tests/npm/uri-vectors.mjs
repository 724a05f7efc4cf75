// The shared otpauth:// conformance vectors (tests/vectors/otpauth-uris.json) and how a built
// package is run through them: uri-vectors.test.mjs does it in Node, browser.test.mjs in a page.
// crates/otp/tests/uri_vectors.rs runs the same file through the Rust parser and builder.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export const VECTORS = JSON.parse(readFileSync(new URL('../vectors/otpauth-uris.json', import.meta.url), 'utf8'));

/**
 * What package `lib` makes of every case, in the vectors' form: parse cases through
 * URI.parseWithWarnings, build cases through new HOTP/TOTP(...).toString(). Self-contained
 * (it refers to nothing outside), so a page can run its source too.
 */
export function outcomes(lib, vectors) {
  const attempt = (work) => {
    try {
      return work();
    } catch (e) {
      return { error: e instanceof Error ? e.message : `not an Error: ${e}` };
    }
  };
  const parse = vectors.parse.map(({ uri, strict }) =>
    attempt(() => {
      const { otp, warnings } = lib.URI.parseWithWarnings(uri, { strict });
      const hotp = otp instanceof lib.HOTP;
      return {
        type: hotp ? 'hotp' : 'totp',
        algorithm: otp.algorithm,
        digits: otp.digits,
        [hotp ? 'counter' : 'period']: hotp ? otp.counter : otp.period,
        issuer: otp.issuer === '' ? null : otp.issuer,
        account: otp.label,
        issuerInLabel: otp.issuerInLabel,
        secretHex: otp.secret.hex.toLowerCase(),
        // The code alone when the message is the table's.
        warnings: warnings.map((w) => (w.message === vectors.warnings[w.code] ? w.code : `${w.code}: ${w.message}`)),
      };
    }),
  );
  const build = vectors.build.map(({ build: b }) =>
    attempt(() => {
      const options = {
        issuer: b.issuer,
        label: b.account,
        issuerInLabel: b.issuerInLabel,
        secret: lib.Secret.fromHex(b.secretHex),
        algorithm: b.algorithm,
        digits: b.digits,
      };
      const otp = b.type === 'hotp' ? new lib.HOTP({ ...options, counter: b.counter }) : new lib.TOTP({ ...options, period: b.period });
      return { uri: otp.toString() };
    }),
  );
  return { parse, build };
}

/** Asserts that `got` (from outcomes) meets every expectation, naming the first case that does not. */
export function assertOutcomes(got, vectors = VECTORS) {
  assert.equal(got.parse.length, vectors.parse.length);
  vectors.parse.forEach((c, i) => {
    assert.deepEqual(got.parse[i], c.expect, `${c.note} (${c.strict ? 'strict' : 'lenient'}): ${c.uri.slice(0, 200)}`);
  });
  assert.equal(got.build.length, vectors.build.length);
  vectors.build.forEach((c, i) => {
    assert.deepEqual(got.build[i], 'uri' in c ? { uri: c.uri } : { error: c.error }, c.note);
  });
}
