// The packed npm tarball, installed into a scratch project and imported as users would in
// Node 20: RFC vectors, otpauth compatibility side by side, URIs, QR codes and errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as otpauth from 'otpauth';
import { decodeQrSvg } from './qr-decode.mjs';
import { importFrom, installTarball } from './package.mjs';

let project;
let lib;
before(async () => {
  project = installTarball();
  lib = await importFrom(project, 'otp-wasm');
});
after(() => rmSync(project, { recursive: true, force: true }));

const SEEDS = {
  SHA1: '12345678901234567890',
  SHA256: '12345678901234567890123456789012',
  SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
};
// RFC 6238 Appendix B: [seconds, SHA1, SHA256, SHA512].
const RFC6238 = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('package.json', () => {
  test('has the fields npm and bundlers need', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/otp-wasm/package.json'), 'utf8'));
    assert.equal(pkg.name, 'otp-wasm');
    assert.match(pkg.version, /^\d+\.\d+\.\d+/);
    assert.equal(pkg.license, 'MIT OR Apache-2.0');
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.types, './index.d.ts');
    for (const entry of ['.', './core']) {
      assert.deepEqual(Object.keys(pkg.exports[entry]).slice(0, 4), ['types', 'node', 'browser', 'import']);
    }
    assert.ok(Array.isArray(pkg.sideEffects));
    for (const file of pkg.files) readFileSync(join(project, 'node_modules/otp-wasm', file));
    assert.equal(lib.version, pkg.version);
  });

  test('the type declarations name every runtime export', () => {
    const dir = join(project, 'node_modules/otp-wasm');
    const declared = (readFileSync(join(dir, 'core.d.ts'), 'utf8') + readFileSync(join(dir, 'index.d.ts'), 'utf8'))
      .matchAll(/export declare (?:class|const|function) (\w+)/g);
    assert.deepEqual([...declared].map((m) => m[1]).sort(), Object.keys(lib).sort());
  });
});

describe('RFC vectors', () => {
  test('RFC 4226 Appendix D through HOTP, whose counter advances on generate', () => {
    const hotp = new lib.HOTP({ secret: lib.Secret.fromLatin1(SEEDS.SHA1) });
    const codes = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    for (const code of codes) assert.equal(hotp.generate(), code);
    assert.equal(hotp.counter, 10);
    assert.equal(hotp.validate({ token: '520489', counter: 10 }), -1);
    assert.deepEqual(hotp.verify({ token: '520489', counter: 8 }), { delta: 1, step: 9 });
  });

  test('RFC 6238 Appendix B with SHA1, SHA256 and SHA512, timestamps in milliseconds', () => {
    for (const [seconds, ...codes] of RFC6238) {
      ['SHA1', 'SHA256', 'SHA512'].forEach((algorithm, i) => {
        const secret = lib.Secret.fromUTF8(SEEDS[algorithm]);
        const totp = new lib.TOTP({ secret, algorithm, digits: 8 });
        const timestamp = seconds * 1000;
        assert.equal(totp.generate({ timestamp }), codes[i], `${algorithm} at ${seconds}`);
        assert.equal(lib.TOTP.generate({ secret, algorithm, digits: 8, timestamp }), codes[i]);
        assert.equal(totp.validate({ token: codes[i], timestamp: timestamp + 30_000 }), -1);
        assert.deepEqual(totp.verify({ token: codes[i], timestamp }), { delta: 0, step: Math.floor(seconds / 30) });
      });
    }
  });
});

describe('drop-in for otpauth', () => {
  test('same codes, deltas, counters and remaining time for random secrets and times', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(10 + (i % 30)));
      const algorithm = ['SHA1', 'SHA256', 'SHA512'][i % 3];
      const options = { algorithm, digits: 6 + (i % 3), period: [30, 60, 15][i % 3] };
      const ours = new lib.TOTP({ ...options, secret: new lib.Secret({ buffer: bytes.slice().buffer }) });
      const theirs = new otpauth.TOTP({ ...options, secret: new otpauth.Secret({ buffer: bytes.slice().buffer }) });
      const timestamp = Math.floor(Math.random() * 4e12);
      const token = theirs.generate({ timestamp });
      assert.equal(ours.generate({ timestamp }), token);
      for (const shift of [-2, -1, 0, 1, 2]) {
        const at = timestamp + shift * options.period * 1000;
        assert.equal(ours.validate({ token, timestamp: at }), theirs.validate({ token, timestamp: at }));
      }
      assert.equal(ours.counter({ timestamp }), theirs.counter({ timestamp }));
      assert.equal(ours.remaining({ timestamp }), theirs.remaining({ timestamp }));
      assert.equal(ours.secret.base32, theirs.secret.base32);
      assert.equal(ours.secret.hex.toLowerCase(), theirs.secret.hex.toLowerCase());
    }
  });

  test('defaults, property names and static helpers match', () => {
    assert.deepEqual(lib.TOTP.defaults, otpauth.TOTP.defaults);
    assert.deepEqual(lib.HOTP.defaults, otpauth.HOTP.defaults);
    const ours = new lib.TOTP();
    assert.equal(ours.secret.bytes.length, 20, 'a random 20-byte secret by default');
    for (const key of ['issuer', 'label', 'issuerInLabel', 'algorithm', 'digits', 'period']) {
      assert.equal(ours[key], new otpauth.TOTP()[key], key);
    }
    assert.equal(lib.TOTP.counter({ timestamp: 59_000 }), 1);
    assert.equal(lib.TOTP.remaining({ timestamp: 59_000 }), 1000);
    assert.equal(lib.Secret.fromBase32('jbsw y3dp ehpk 3pxp').latin1, otpauth.Secret.fromBase32('JBSWY3DPEHPK3PXP').latin1);
    assert.equal(lib.Secret.fromUTF8('é').utf8, 'é');
  });

  test('URIs written by one are read by the other', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const options = { issuer: 'ACME Co', label: 'alice@example.com', secret, digits: 8, period: 60, algorithm: 'SHA256' };
    const theirs = otpauth.URI.parse(new lib.TOTP(options).toString());
    const ours = lib.URI.parse(new otpauth.TOTP(options).toString());
    for (const otp of [theirs, ours]) {
      assert.deepEqual(
        [otp.issuer, otp.label, otp.secret.base32, otp.algorithm, otp.digits, otp.period],
        ['ACME Co', 'alice@example.com', secret, 'SHA256', 8, 60],
      );
    }
    const hotp = lib.URI.parse(new otpauth.HOTP({ secret, counter: 42 }).toString());
    assert.ok(hotp instanceof lib.HOTP);
    assert.equal(hotp.counter, 42);
    assert.equal(lib.URI.stringify(hotp), hotp.toString());
  });
});

describe('URIs from real issuers', () => {
  test('the seeds parse leniently, with warnings', () => {
    const a = lib.URI.parseWithWarnings('otpauth://totp/Authentication&40?secret=KQ5P6HBW63UTX4JPMXBJXI2PQM&issuer=');
    assert.equal(a.otp.label, 'Authentication&40');
    assert.equal(a.otp.issuer, '');
    assert.deepEqual(a.warnings, []);
    const b = lib.URI.parseWithWarnings(
      'otpauth://totp/insights3.eniris.be:Alice?issuer=insights3.eniris.be&secret=NB2W45DFOIZA&algorithm=SHA1&digits=6&period=30',
    );
    assert.deepEqual(b.warnings.map((w) => w.code), ['weak-secret']);
    assert.equal(b.otp.generate({ timestamp: 0 }), otpauth.TOTP.generate({ secret: otpauth.Secret.fromBase32('NB2W45DFOIZA'), timestamp: 0 }));
  });

  test('lenient spellings, and the strict mode that refuses them', () => {
    const sloppy = 'OTPAUTH://TOTP/Old:%20bob?Secret=jbsw+y3dp%20ehpk-3pxp%3D%3D&issuer=New&image=x';
    const { otp, warnings } = lib.URI.parseWithWarnings(sloppy);
    assert.equal(otp.issuer, 'New');
    assert.equal(otp.label, 'bob');
    assert.equal(otp.secret.base32, 'JBSWY3DPEHPK3PXP');
    assert.deepEqual(warnings.map((w) => w.code).sort(), ['issuer-mismatch', 'unknown-parameter', 'weak-secret']);
    assert.throws(() => lib.URI.parse(sloppy, { strict: true }), Error);
  });

  test('unusable URIs are Errors that never repeat the secret', () => {
    for (const uri of [
      'otpauth://totp/a?secret=SUPERSECRETVALUE&period=0',
      'otpauth://totp/a?secret=SUPERSECRETVALUE&digits=11',
      'otpauth://totp/a?secret=SUPERSECRETVALUE&algorithm=MD5',
      'otpauth://totp/a?secret=SUPERSECRETVALUE1',
      `otpauth://totp/a?secret=SUPERSECRETVALUE&x=${'y'.repeat(5000)}`,
      'https://example.com/?secret=SUPERSECRETVALUE',
    ]) {
      assert.throws(() => lib.URI.parse(uri), (e) => e instanceof Error && !e.message.includes('SUPERSECRET'), uri);
    }
  });
});

describe('robustness', () => {
  test('no input breaks the instance', () => {
    const totp = new lib.TOTP({ secret: 'JBSWY3DPEHPK3PXP' });
    const before = totp.generate({ timestamp: 0 });
    const bad = [undefined, null, NaN, Infinity, -1, 1e300, 0.5, '', 'x', {}, [], 2 ** 64];
    for (const value of bad) {
      try { totp.generate({ timestamp: value }); } catch (e) { assert.ok(e instanceof Error); }
      try { totp.validate({ token: value, timestamp: 0, window: value }); } catch (e) { assert.ok(e instanceof Error); }
      try { new lib.TOTP({ secret: 'JBSWY3DP', digits: value }); } catch (e) { assert.ok(e instanceof Error); }
      try { new lib.TOTP({ secret: 'JBSWY3DP', algorithm: value }); } catch (e) { assert.ok(e instanceof Error); }
      try { new lib.HOTP({ secret: 'JBSWY3DP' }).generate({ counter: value }); } catch (e) { assert.ok(e instanceof Error); }
      try { lib.Secret.fromBase32(String(value)); } catch (e) { assert.ok(e instanceof Error); }
      try { lib.qrSvg(String(value), { errorCorrection: value, margin: value, dark: value }); } catch (e) { assert.ok(e instanceof Error); }
    }
    for (let i = 0; i < 300; i++) {
      const junk = Array.from(crypto.getRandomValues(new Uint8Array(i % 80)), (b) => String.fromCharCode(b)).join('');
      try { lib.URI.parse('otpauth://totp/' + junk); } catch (e) { assert.ok(e instanceof Error); }
    }
    assert.equal(totp.generate({ timestamp: 0 }), before);
  });

  test('arguments over 1 MiB are refused before they reach wasm memory, which never shrinks', () => {
    const memory = () => process.memoryUsage().arrayBuffers;
    const huge = 'A'.repeat(2 ** 20 + 8);
    assert.throws(() => lib.Secret.fromBase32(huge), (e) => e instanceof RangeError && /1 MiB/.test(e.message));
    assert.throws(() => lib.qrSvg(huge), RangeError);
    const key = new lib.Secret({ buffer: new ArrayBuffer(2 ** 20 + 1) });
    assert.throws(() => new lib.TOTP({ secret: key }), RangeError);
    // A long token is just a wrong code, however long: validation reads at most 11 characters.
    const before = memory();
    assert.equal(new lib.TOTP().validate({ token: '1'.repeat(2 ** 24) }), null);
    assert.ok(memory() - before < 2 ** 22, 'a 16 MiB token did not grow memory');
    // Just under the limit works, and the instance keeps working after the refusals.
    assert.equal(lib.Secret.fromBase32('A'.repeat(2 ** 20)).bytes.length, 655360);
    const expected = otpauth.TOTP.generate({ secret: otpauth.Secret.fromBase32('JBSWY3DPEHPK3PXP'), timestamp: 0 });
    assert.equal(new lib.TOTP({ secret: 'JBSWY3DPEHPK3PXP' }).generate({ timestamp: 0 }), expected);
  });

  test('an empty secret and unsupported parameters are refused', () => {
    assert.throws(() => new lib.TOTP({ secret: new lib.Secret({ buffer: new ArrayBuffer(0) }) }), /secret is empty/);
    assert.throws(() => new lib.TOTP({ digits: 11 }), /digits/);
    assert.throws(() => new lib.TOTP({ period: 0 }), /period/);
    assert.throws(() => new lib.TOTP({ algorithm: 'SHA3-256' }), /algorithm/);
    assert.throws(() => new lib.TOTP().validate({ token: '000000', window: 1e6 }), RangeError);
  });
});

describe('QR codes', () => {
  test('qrSvg output decodes to the same text', () => {
    const totp = new lib.TOTP({ issuer: 'ACME', label: 'alice', secret: 'JBSWY3DPEHPK3PXP' });
    for (const errorCorrection of ['L', 'M', 'Q', 'H']) {
      assert.equal(decodeQrSvg(lib.qrSvg(totp, { errorCorrection })), totp.toString());
    }
    const svg = lib.qrSvg('hi', { margin: 1, dark: '#123456', light: 'none' });
    assert.match(svg, /fill="#123456"/);
    assert.doesNotMatch(svg, /<rect/);
  });

  test('the core entry has the same API without qrSvg', async () => {
    const core = await importFrom(project, 'otp-wasm/core');
    assert.equal(core.qrSvg, undefined);
    assert.equal(new core.TOTP({ secret: 'JBSWY3DPEHPK3PXP' }).generate({ timestamp: 0 }), new lib.TOTP({ secret: 'JBSWY3DPEHPK3PXP' }).generate({ timestamp: 0 }));
  });
});
