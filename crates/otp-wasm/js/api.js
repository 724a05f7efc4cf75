// The otpauth 9 API (HOTP, TOTP, Secret, URI, version) over the wasm core, plus verify()
// and URI parsing with warnings and a strict mode. Option names, defaults, units
// (timestamps in milliseconds) and return values follow otpauth, so switching is an
// import change. Codes and base32 are done in wasm, URI text in uri.js; this file shapes
// arguments and results.
import { Engine, base32_decode, base32_encode } from './otp_core.js';
import { buildUri, parseUri } from './uri.js';

/** Package version (written by `cargo xtask pack`; no wasm call, as modules load before init). */
export const version = '@VERSION@';

// Engine.code/validate return Infinity for out-of-range arguments: the hot path needs no
// exceptions across the boundary, and this file turns it into one.
function outOfRange(what) {
  return new RangeError(`${what} must be a whole number from 0 to 2^53 - 1`);
}

function pad(code, digits) {
  if (code === Infinity) throw outOfRange('counter');
  const text = '' + code;
  return text.length >= digits ? text : '0'.repeat(digits - text.length) + text;
}

// An Engine holds the HMAC keyed with one secret. Instances cache theirs; the static
// methods share one per Secret so repeated static calls do not re-key either.
const staticEngines = new WeakMap();

function engineFor(secret, algorithm, digits) {
  if (!(secret instanceof Secret)) throw new TypeError('secret must be a Secret');
  const key = algorithm + '/' + digits;
  const cached = staticEngines.get(secret);
  if (cached !== undefined && cached.key === key) return cached.engine;
  const engine = new Engine(secret.bytes, algorithm, digits);
  cached?.engine.free();
  staticEngines.set(secret, { key, engine });
  return engine;
}

function validateWith(engine, token, counter, window) {
  const delta = engine.validate(String(token), counter, window);
  if (delta === Infinity) throw outOfRange('counter and window (at most 1000)');
  return delta === delta ? delta : null; // NaN: no match
}

// Hex and random bytes need no wasm: doing them here keeps their bindings out of the module.
function hexDecode(text) {
  const hex = String(text).replaceAll(' ', '');
  if (hex.length % 2 || /[^0-9a-f]/i.test(hex)) throw new Error('the secret is not valid hexadecimal');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function randomBytes(size) {
  const len = size >>> 0; // as the wasm binding converted it before
  if (len === 0 || len > 1024) throw new Error('a random secret must have 1 to 1024 bytes');
  if (typeof globalThis.crypto?.getRandomValues !== 'function') {
    throw new Error('no secure random number generator is available');
  }
  return globalThis.crypto.getRandomValues(new Uint8Array(len));
}

/** A shared secret key. */
export class Secret {
  /** `buffer`: the key bytes; without it, `size` (default 20) random bytes. */
  constructor({ buffer, size = 20 } = {}) {
    this.bytes = new Uint8Array(buffer === undefined ? randomBytes(size) : buffer);
  }
  static fromLatin1(str) {
    const bytes = new Uint8Array(str.length);
    for (let i = 0; i < str.length; i++) bytes[i] = str.charCodeAt(i) & 0xff;
    return new Secret({ buffer: bytes.buffer });
  }
  static fromUTF8(str) {
    return new Secret({ buffer: new TextEncoder().encode(str).buffer });
  }
  /** Lenient: any case, spaces, hyphens and `=` padding are accepted. */
  static fromBase32(str) {
    return new Secret({ buffer: base32_decode(str).buffer });
  }
  static fromHex(str) {
    return new Secret({ buffer: hexDecode(str).buffer });
  }
  get buffer() {
    return this.bytes.buffer;
  }
  get latin1() {
    let out = '';
    for (const b of this.bytes) out += String.fromCharCode(b);
    return out;
  }
  get utf8() {
    return new TextDecoder().decode(this.bytes);
  }
  get base32() {
    return base32_encode(this.bytes);
  }
  get hex() {
    let out = '';
    for (const b of this.bytes) out += (b < 16 ? '0' : '') + b.toString(16);
    return out.toUpperCase();
  }
}

function toSecret(secret) {
  if (secret === undefined) return new Secret();
  return typeof secret === 'string' ? Secret.fromBase32(secret) : secret;
}

// Keys of the methods HOTP and TOTP share with their base class but not with users.
const ENGINE = Symbol('engine');
const URI_TEXT = Symbol('uri');

/** What the HOTP and TOTP classes share: identity, key parameters and the cached Engine. */
class OTP {
  #secret;
  #algorithm;
  #digits;
  #engine = null;

  constructor(issuer, label, issuerInLabel, secret, algorithm, digits) {
    this.issuer = issuer;
    this.label = label;
    this.issuerInLabel = issuerInLabel;
    this.#secret = toSecret(secret);
    this.#algorithm = String(algorithm).toUpperCase();
    this.#digits = digits;
    this[ENGINE](); // fail fast on a bad algorithm, digit count or empty secret
  }
  get secret() {
    return this.#secret;
  }
  set secret(value) {
    this.#secret = toSecret(value);
    this.#reset();
  }
  get algorithm() {
    return this.#algorithm;
  }
  set algorithm(value) {
    this.#algorithm = String(value).toUpperCase();
    this.#reset();
  }
  get digits() {
    return this.#digits;
  }
  set digits(value) {
    this.#digits = value;
    this.#reset();
  }
  /** The Engine for the current secret, algorithm and digits. */
  [ENGINE]() {
    return (this.#engine ??= new Engine(this.#secret.bytes, this.#algorithm, this.#digits));
  }
  #reset() {
    this.#engine?.free();
    this.#engine = null;
  }
  [URI_TEXT](hotp, number) {
    return buildUri(hotp, base32_encode(this.#secret.bytes), this.issuer, this.label, this.#algorithm, this.#digits, number, this.issuerInLabel);
  }
}

/** HMAC-based one-time passwords (RFC 4226). */
export class HOTP extends OTP {
  static get defaults() {
    return { issuer: '', label: 'OTPAuth', issuerInLabel: true, algorithm: 'SHA1', digits: 6, counter: 0, window: 1 };
  }
  static generate({ secret, algorithm = 'SHA1', digits = 6, counter = 0 }) {
    return pad(engineFor(secret, String(algorithm).toUpperCase(), digits).code(counter), digits);
  }
  static validate({ token, secret, algorithm = 'SHA1', digits = 6, counter = 0, window = 1 }) {
    return validateWith(engineFor(secret, String(algorithm).toUpperCase(), digits), token, counter, window);
  }
  constructor({ issuer = '', label = 'OTPAuth', issuerInLabel = true, secret, algorithm = 'SHA1', digits = 6, counter = 0 } = {}) {
    super(issuer, label, issuerInLabel, secret, algorithm, digits);
    this.counter = counter;
  }
  /** The code for `counter`; without one, for this.counter, which then advances. */
  generate({ counter = this.counter++ } = {}) {
    return pad(this[ENGINE]().code(counter), this.digits);
  }
  /** The delta from `counter` at which `token` matches within `window`, or null. */
  validate({ token, counter = this.counter, window = 1 }) {
    return validateWith(this[ENGINE](), token, counter, window);
  }
  /** Like validate, but names the matched counter too: `{ delta, step }` or null. */
  verify({ token, counter = this.counter, window = 1 }) {
    const delta = validateWith(this[ENGINE](), token, counter, window);
    return delta === null ? null : { delta, step: counter + delta };
  }
  toString() {
    return this[URI_TEXT](true, this.counter);
  }
}

/** Time-based one-time passwords (RFC 6238). Timestamps are milliseconds, periods seconds. */
export class TOTP extends OTP {
  static get defaults() {
    return { issuer: '', label: 'OTPAuth', issuerInLabel: true, algorithm: 'SHA1', digits: 6, period: 30, window: 1 };
  }
  static counter({ period = 30, timestamp = Date.now() } = {}) {
    return Math.floor(timestamp / 1000 / period);
  }
  static remaining({ period = 30, timestamp = Date.now() } = {}) {
    return period * 1000 - (timestamp % (period * 1000));
  }
  static generate({ secret, algorithm = 'SHA1', digits = 6, period = 30, timestamp = Date.now() }) {
    return pad(engineFor(secret, String(algorithm).toUpperCase(), digits).code(Math.floor(timestamp / 1000 / period)), digits);
  }
  static validate({ token, secret, algorithm = 'SHA1', digits = 6, period = 30, timestamp = Date.now(), window = 1 }) {
    const engine = engineFor(secret, String(algorithm).toUpperCase(), digits);
    return validateWith(engine, token, Math.floor(timestamp / 1000 / period), window);
  }
  constructor({ issuer = '', label = 'OTPAuth', issuerInLabel = true, secret, algorithm = 'SHA1', digits = 6, period = 30 } = {}) {
    super(issuer, label, issuerInLabel, secret, algorithm, digits);
    if (!(period >= 1)) throw new RangeError('period must be at least 1 second');
    this.period = period;
  }
  counter({ timestamp = Date.now() } = {}) {
    return Math.floor(timestamp / 1000 / this.period);
  }
  remaining({ timestamp = Date.now() } = {}) {
    return this.period * 1000 - (timestamp % (this.period * 1000));
  }
  generate({ timestamp = Date.now() } = {}) {
    return pad(this[ENGINE]().code(Math.floor(timestamp / 1000 / this.period)), this.digits);
  }
  /** The delta in periods at which `token` matches within `window`, or null. */
  validate({ token, timestamp = Date.now(), window = 1 }) {
    return validateWith(this[ENGINE](), token, Math.floor(timestamp / 1000 / this.period), window);
  }
  /**
   * Like validate, but also names the matched time step: `{ delta, step }` or null. Store
   * `step` and refuse a later code whose step is not greater, and a code cannot be replayed.
   */
  verify({ token, timestamp = Date.now(), window = 1 }) {
    const counter = Math.floor(timestamp / 1000 / this.period);
    const delta = validateWith(this[ENGINE](), token, counter, window);
    return delta === null ? null : { delta, step: counter + delta };
  }
  toString() {
    return this[URI_TEXT](false, this.period);
  }
}

/** otpauth:// URIs. */
export class URI {
  /** A HOTP or TOTP; lenient unless `{ strict: true }` (the Key URI Format to the letter). */
  static parse(uri, options) {
    return URI.parseWithWarnings(uri, options).otp;
  }
  /** `{ otp, warnings: [{ code, message }] }`: what was accepted, and what was odd about it. */
  static parseWithWarnings(uri, { strict = false } = {}) {
    const { warnings, ...options } = parseUri(String(uri), strict, Secret.fromBase32);
    return { otp: 'counter' in options ? new HOTP(options) : new TOTP(options), warnings };
  }
  static stringify(otp) {
    if (!(otp instanceof HOTP || otp instanceof TOTP)) throw new TypeError('expected a HOTP or TOTP object');
    return otp.toString();
  }
}
