// Randomized differential test: the npm package's JavaScript URI parser (js/uri.js, through the
// packed tarball's URI.parseWithWarnings, both entries) against the Rust reference
// (`otp::uri::parse`, run by crates/otp/examples/uri_oracle.rs), on a few thousand URIs made
// from a seed by uri-fuzz.mjs. The shared vectors pin chosen cases; this looks for the ones
// nobody chose. URI_DIFF_SEED and URI_DIFF_COUNT replay or widen a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { importFrom, installTarball } from './package.mjs';
import { generate } from './uri-fuzz.mjs';
import { VECTORS, outcomes } from './uri-vectors.mjs';

const SEED = Number(process.env.URI_DIFF_SEED ?? 20261125);
const COUNT = Number(process.env.URI_DIFF_COUNT ?? 3000);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What the Rust parser makes of each URI in both modes, one `{ lenient, strict }` per URI. The
 * oracle is built in the dev profile: CI's native tests have built it already (cargo test builds
 * examples), where a release build would compile every dev-dependency again (~45 s cold).
 * Counters and periods come back as decimal strings, exact (JSON.parse would round them).
 */
function oracle(uris) {
  // The Rust parser reads UTF-8 text, where a lone surrogate can only be U+FFFD; uri.js reads
  // it so too (vector file: "lone surrogates").
  const input = uris.map((uri) => JSON.stringify(uri.toWellFormed())).join('\n') + '\n';
  const output = execFileSync('cargo', ['run', '-q', '-p', 'otp', '--example', 'uri_oracle'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // Quotes inside JSON strings are escaped, so `"counter":` only ever starts a key.
  const lines = output.trimEnd().split('\n');
  assert.equal(lines.length, uris.length, 'one answer per URI');
  return lines.map((line) => JSON.parse(line.replace(/"(counter|period)":(\d+)/g, '"$1":"$2"')));
}

/**
 * The Rust outcome as JavaScript must show it. A counter or period is a JavaScript number:
 * exact up to 2^53, and above it the nearest double — the one intentional difference, stated
 * in the vector file's `about`. Returns the outcome and whether that rounding applied.
 */
function inJavaScript(outcome) {
  const key = 'counter' in outcome ? 'counter' : 'period' in outcome ? 'period' : null;
  if (!key) return { expect: outcome, rounded: false };
  const exact = BigInt(outcome[key]);
  const number = Number(exact);
  const rounded = exact > 2n ** 53n;
  if (!rounded) assert.equal(BigInt(number), exact, 'exact below 2^53');
  return { expect: { ...outcome, [key]: number }, rounded };
}

const shown = (uri) => `${JSON.stringify(uri.length > 240 ? uri.slice(0, 240) + '…' : uri)} (${uri.length} UTF-16 units)`;

let project;
const entries = {};
let uris;
let rust;
before(async () => {
  project = installTarball();
  for (const entry of ['otp-wasm', 'otp-wasm/core']) entries[entry] = await importFrom(project, entry);
  uris = generate(SEED, COUNT, [...new Set(VECTORS.parse.map((c) => c.uri))]);
  rust = oracle(uris);
});
after(() => rmSync(project, { recursive: true, force: true }));

for (const entry of ['otp-wasm', 'otp-wasm/core']) {
  test(`${entry}: the JavaScript parser agrees with the Rust one on ${COUNT} random URIs (seed ${SEED})`, (t) => {
    t.diagnostic(`seed ${SEED} (URI_DIFF_SEED), ${COUNT} URIs (URI_DIFF_COUNT)`);
    const cases = uris.flatMap((uri) => [false, true].map((strict) => ({ uri, strict })));
    const js = outcomes(entries[entry], { parse: cases, build: [], warnings: VECTORS.warnings }).parse;
    const differences = [];
    const tally = { accepted: 0, refused: 0, rounded: 0 };
    cases.forEach(({ uri, strict }, i) => {
      const { expect, rounded } = inJavaScript(rust[i >> 1][strict ? 'strict' : 'lenient']);
      tally[expect.error ? 'refused' : 'accepted']++;
      tally.rounded += rounded;
      if (!isDeepStrictEqual(js[i], expect)) {
        differences.push(`${shown(uri)} ${strict ? 'strict' : 'lenient'}:\n  Rust ${JSON.stringify(expect)}\n  JS   ${JSON.stringify(js[i])}`);
      }
    });
    t.diagnostic(`${tally.accepted} accepted, ${tally.refused} refused, ${tally.rounded} numbers above 2^53`);
    assert.ok(tally.accepted > cases.length / 10 && tally.refused > cases.length / 10, 'the generator reaches both outcomes');
    assert.equal(
      differences.length,
      0,
      `${differences.length} of ${cases.length} parses differ (seed ${SEED}); the first:\n${differences.slice(0, 8).join('\n')}`,
    );
  });
}
