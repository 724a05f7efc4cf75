// The benchmark cases, shared by Node and the Chromium page so both run the same code:
// TOTP generate and validate (window 1) for otp-wasm, otpauth and otplib, side by side.

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'; // 160 bits, base32

/** Calls fn(i) in batches until `ms` have passed; returns calls per second. */
function rate(fn, ms) {
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 1000; i++) fn(calls + i);
    calls += 1000;
    now = performance.now();
  }
  return (calls / (now - start)) * 1000;
}

/**
 * Runs every case for every library; resolves to rows { case, lib, perSecond }.
 * `libs` holds the imported modules: { ours, otpauth, otplib }.
 */
export function run({ ours, otpauth, otplib }, { ms = 1000 } = {}) {
  const mine = new ours.TOTP({ secret: SECRET });
  const theirs = new otpauth.TOTP({ secret: SECRET });
  // Distinct timestamps per call (one period apart) so nothing can be cached.
  const at = (i) => 1_700_000_000_000 + i * 30_000;
  const seconds = (i) => Math.floor(at(i) / 1000);
  // Tokens valid one period earlier: validate must compute more than one code to find them.
  const tokens = Array.from({ length: 1000 }, (_, i) => theirs.generate({ timestamp: at(i) - 30_000 }));
  const token = (i) => tokens[i % 1000];
  const cases = {
    'TOTP generate': {
      'otp-wasm': (i) => mine.generate({ timestamp: at(i) }),
      otpauth: (i) => theirs.generate({ timestamp: at(i) }),
      otplib: (i) => otplib.generateSync({ secret: SECRET, epoch: seconds(i) }),
    },
    'TOTP validate, window 1': {
      'otp-wasm': (i) => mine.validate({ token: token(i), timestamp: at(i), window: 1 }),
      otpauth: (i) => theirs.validate({ token: token(i), timestamp: at(i), window: 1 }),
      otplib: (i) => otplib.verifySync({ secret: SECRET, token: token(i), epoch: seconds(i), epochTolerance: 30 }),
    },
  };
  // Every library must agree before its speed means anything.
  for (const [name, libs] of Object.entries(cases)) {
    const results = Object.values(libs).map((fn) => fn(7));
    const normal = results.map((r) => (typeof r === 'object' && r !== null ? r.valid : r === null ? false : r));
    if (name === 'TOTP generate' ? new Set(normal).size !== 1 : !normal.every((r) => r === true || r === -1)) {
      throw new Error(`libraries disagree on ${name}: ${JSON.stringify(results)}`);
    }
  }
  const rows = [];
  for (const [name, libs] of Object.entries(cases)) {
    for (const [lib, fn] of Object.entries(libs)) rate(fn, ms / 4); // warm up the JIT
    for (const [lib, fn] of Object.entries(libs)) rows.push({ case: name, lib, perSecond: rate(fn, ms) });
  }
  return rows;
}

/** The table printed by run.mjs: rate per library and otp-wasm's speed-up against each. */
export function format(title, rows) {
  const lines = [`\n${title}`];
  for (const name of new Set(rows.map((r) => r.case))) {
    const of = (lib) => rows.find((r) => r.case === name && r.lib === lib).perSecond;
    lines.push(`  ${name}`);
    for (const lib of ['otp-wasm', 'otpauth', 'otplib']) {
      const ratio = lib === 'otp-wasm' ? '' : `  otp-wasm is ${(of('otp-wasm') / of(lib)).toFixed(1)}x`;
      lines.push(`    ${lib.padEnd(9)} ${Math.round(of(lib)).toLocaleString('en').padStart(11)} /s${ratio}`);
    }
  }
  return lines.join('\n');
}
