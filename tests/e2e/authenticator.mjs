// A virtual authenticator app: computes TOTP codes from a setup key, as a phone would.
//
// It uses our own npm package (crates/otp-wasm, built by `cargo xtask pack` into
// target/npm/package, or wherever OTP_WASM_PACKAGE points): the end-to-end path proves the
// package and the server agree, so a missing build is an error, not a silent substitute.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const packageDir = process.env.OTP_WASM_PACKAGE
  ?? new URL('../../target/npm/package', import.meta.url).pathname;
const ownEntry = `${packageDir}/node.js`;

/** `{ TOTP, Secret }` from our package. */
export async function loadOtp() {
  if (!existsSync(ownEntry)) {
    throw new Error(`${ownEntry} is missing: run \`cargo xtask pack\` (or set OTP_WASM_PACKAGE)`);
  }
  return import(pathToFileURL(ownEntry).href);
}

/**
 * An authenticator for one key that never hands out the same time step twice, like a person
 * who waits for the next code: the server refuses a step it has seen (replay protection)
 * and accepts one step of drift either way.
 */
export async function virtualAuthenticator(base32Key, { period = 30, digits = 6, algorithm = 'SHA1' } = {}) {
  const { TOTP, Secret } = await loadOtp();
  const totp = new TOTP({ secret: Secret.fromBase32(base32Key), period, digits, algorithm });
  let lastStep = -Infinity;
  const stepNow = () => Math.floor(Date.now() / 1000 / period);
  return {
    /** The code of a step the server has not seen, waiting for the clock when needed. */
    async freshCode() {
      // The current step, or the next one when the current was used; a step ahead stays
      // valid across a period boundary, a step behind might not.
      let step = Math.max(stepNow(), lastStep + 1);
      while (step > stepNow() + 1) {
        await new Promise((r) => setTimeout(r, 1000));
        step = Math.max(stepNow(), lastStep + 1);
      }
      lastStep = step;
      return totp.generate({ timestamp: step * period * 1000 });
    },
    /** A code no step around now has: surely wrong. */
    wrongCode() {
      const near = [-1, 0, 1].map((d) => totp.generate({ timestamp: (stepNow() + d) * period * 1000 }));
      let guess = 0;
      while (near.includes(String(guess).padStart(digits, '0'))) guess += 1;
      return String(guess).padStart(digits, '0');
    },
    /** The code of the last step handed out: what a replaying attacker would send. */
    lastCode() {
      return totp.generate({ timestamp: lastStep * period * 1000 });
    },
  };
}
