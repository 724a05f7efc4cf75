// otpauth:// URI text both ways, by the rules of `otp::uri` (crates/otp/src/uri): reading as
// `otp::uri::parse` does, lenient or strict, and writing as `otp::KeyUri::to_uri` does. Done in
// JavaScript because its strings, regexes and decodeURIComponent ship for free, where the
// Rust parser cost ~4 KB gzip of wasm. tests/vectors/otpauth-uris.json holds both
// implementations to the same fields, warnings and error messages (tests/npm/uri-vectors.test.mjs).
// Secrets are made by a function passed in (api.js's Secret.fromBase32, the wasm's lenient
// base32 decoder) rather than imported: `cargo xtask pack` points only api.js at the glue of
// each entry's own module.

// Messages of `otp::Error` (and of `otp::Warning` where one equals an error) used in more
// than one place; every other message is written once, where it is raised.
const ALGORITHM = 'algorithm must be SHA1, SHA256 or SHA512';
const DIGITS = 'digits must be between 1 and 10';
const PERIOD = 'period must be at least 1 second';
const BASE32 = 'the secret is not valid base32';
const ENCODING = 'the URI has a malformed percent-encoding';
const MISMATCH = "the issuer parameter differs from the label's issuer";
const NO_ACCOUNT = 'the label has no account name';

const utf8 = new TextEncoder();

function fail(message) {
  throw new Error(message);
}

// Rust's `str::trim`: Unicode White_Space, which is JavaScript's \s plus U+0085 minus U+FEFF.
// Leading white space, then runs of white space each followed by something else: linear,
// where `\s+$` would retry at every space of a long inner run.
const trim = (text) => /^(?:[^\S\uFEFF]|\x85)*((?:(?:[^\S\uFEFF]|\x85)*(?!\x85)[\S\uFEFF])*)/.exec(text)[1];

// `%XX` escapes (and `+` as a space when `plus`); undefined when an escape is malformed or the
// bytes are not UTF-8, as decodeURIComponent's URIError says.
function decode(text, plus) {
  try {
    return decodeURIComponent(plus ? text.replaceAll('+', ' ') : text);
  } catch {}
}

/** The canonical name of an algorithm written in any ASCII case. */
function algorithmName(name) {
  // Without the `u` flag, `i` folds no non-ASCII letter (such as U+017F, long s) onto ASCII.
  return /^sha(1|256|512)$/i.test(name) ? name.toUpperCase() : fail(ALGORITHM);
}

/**
 * Reads an otpauth:// URI; `toSecret` makes a Secret of lenient base32 text. Returns the
 * options of the HOTP (with `counter`) or TOTP (with `period`) constructor and `warnings`
 * (`{ code, message }`, each code once, in the order found); throws an Error with
 * `otp::Error`'s message. The checks come in the order of `otp::uri::parse`, so the same
 * error wins and the warnings come in the same order.
 */
export function parseUri(uri, strict, toSecret) {
  // Code to warning, in the order found: setting a code again keeps its place.
  const warnings = new Map();
  // Something odd: refused in strict mode with `error` when the format forbids it, otherwise a
  // warning (`otp::Warning`'s code and message).
  const odd = (code, message, error) => {
    if (strict && error) fail(error);
    warnings.set(code, { code, message });
  };
  // Percent-decoded and trimmed (empty when missing); a malformed escape stays as written.
  const text = (raw = '', plus) =>
    trim(decode(raw, plus) ?? (odd('encoding', 'a malformed percent-encoding was kept as text', ENCODING), raw));
  // A decimal number that fits Rust's u64; lenient mode allows spaces and `+` around it.
  const number = (raw) => {
    if (raw === undefined) return;
    const [, digits] = (strict ? /^(\d+)$/ : /^[ +]*(\d+)[ +]*$/).exec(raw) ?? [];
    return digits && !(BigInt(digits) >> 64n) ? +digits : fail('digits, period and counter must be whole numbers');
  };
  // Names compare in any case unless strict. None of them has a letter that a non-ASCII
  // character lowercases to (only U+212A does, to `k`), so toLowerCase folds ASCII case only.
  const word = (name) => (strict ? name : name.toLowerCase());

  if (utf8.encode(uri).length > 4096) fail('the URI is longer than 4096 bytes');
  // Lone surrogates become U+FFFD, as in the UTF-8 text the Rust parser reads.
  uri = uri.replace(/\p{Cs}/gu, '\ufffd');
  // `otpauth://TYPE/ISSUER:ACCOUNT?QUERY#FRAGMENT` (`otpauth` in any case unless strict), the
  // separator `:` or `%3A`, whichever comes first; the label may have none.
  const [, type, prefix, account, query] =
    RegExp('^otpauth://([^/?#]*)/?(?:([^?#]*?)(?::|%3[aA]))?([^?#]*)\\??([^#]*)', strict ? '' : 'i').exec(
      strict ? uri : trim(uri),
    ) ?? fail('not an otpauth:// URI');
  const hotp = word(type) === 'hotp';
  if (!hotp && word(type) !== 'totp') fail('the OTP type must be totp or hotp');
  const labelIssuer = text(prefix);
  const options = { label: text(account) };

  // The raw value of each known parameter; the first of a repeated one wins.
  const params = {};
  for (const [pair, name, value] of query.matchAll(/([^&=]*)=?([^&]*)/g)) {
    if (!pair) continue;
    const key = word(name);
    // The parameters the Key URI Format defines.
    if (!/^(secret|issuer|algorithm|digits|period|counter)$/.test(key)) {
      odd('unknown-parameter', 'an unknown parameter was ignored', 'the URI has a parameter the Key URI Format does not define');
    } else if (key in params) odd('duplicate-parameter', 'a repeated parameter was ignored', 'the URI repeats a parameter');
    else params[key] = value;
  }

  // Strict: unpadded upper-case RFC 4648 only, which the lenient decoder then reads the same.
  const secret = decode(params.secret ?? fail('the URI has no secret'), !strict) ?? fail(strict ? ENCODING : BASE32);
  if (strict && /[^A-Z2-7]/.test(secret)) fail(BASE32);
  options.secret = toSecret(secret);
  if (options.secret.bytes.length < 16) odd('weak-secret', 'the secret is shorter than the recommended 128 bits');

  const issuer = text(params.issuer, 1);
  if (issuer && labelIssuer && issuer !== labelIssuer) odd('issuer-mismatch', MISMATCH + '; the parameter was used', MISMATCH);
  options.issuer = issuer || labelIssuer;
  options.issuerInLabel = !!labelIssuer;

  // Strict mode takes only the canonical name as written: what reading leniently gives back.
  const algorithm = params.algorithm ?? 'SHA1';
  options.algorithm = algorithmName(decode(algorithm, 1)?.replaceAll('-', ''));
  if (strict && algorithm !== options.algorithm) fail(ALGORITHM);
  if (options.algorithm !== 'SHA1') odd('non-standard-algorithm', 'algorithms other than SHA1 are not supported by every app');

  const digits = (options.digits = number(params.digits) ?? 6);
  if (!(digits >= 1 && digits <= 10)) fail(DIGITS);
  if (digits !== 6 && digits !== 8) odd('non-standard-digits', 'codes that are not 6 or 8 digits long are not supported by every app', DIGITS);

  if (hotp) {
    options.counter =
      number(params.counter) ?? (odd('missing-counter', 'the hotp URI has no counter; 0 was used', 'a hotp URI needs a counter'), 0);
  } else {
    const period = (options.period = number(params.period) ?? 30);
    if (!period) fail(PERIOD);
    if (period !== 30) odd('non-standard-period', 'periods other than 30 seconds are not supported by every app');
  }
  if (!options.label) odd('missing-account', NO_ACCOUNT, NO_ACCOUNT);
  options.warnings = [...warnings.values()];
  return options;
}

// RFC 3986 percent-encoding of the UTF-8 bytes: all but the unreserved characters.
function percentEncode(text) {
  let out = '';
  for (const b of utf8.encode(text)) {
    const c = String.fromCharCode(b);
    out += /[\w.~-]/.test(c) ? c : '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}

/**
 * The canonical URI, as `otp::KeyUri::to_uri` writes it, with the checks of
 * `otp::KeyUriBuilder::build` in the same order (so the same error wins). `secret` is the
 * secret in base32; `number` the counter (`hotp`) or period.
 */
export function buildUri(hotp, secret, issuer, account, algorithm, digits, number, issuerInLabel) {
  number = +number;
  const name = algorithmName(algorithm.replaceAll('-', ''));
  if (!(Number.isSafeInteger(number) && number >= 0)) {
    fail(hotp ? 'counter must be a whole number >= 0' : PERIOD);
  }
  digits >>>= 0; // as the wasm binding converted it before
  if (digits < 1 || digits > 10) fail(DIGITS);
  if (!hotp && number === 0) fail(PERIOD);
  if (!secret) fail('the secret is empty');
  issuer = String(issuer);
  account = String(account);
  let uri = `otpauth://${hotp ? 'hotp' : 'totp'}/`;
  if (issuer && (+issuerInLabel | 0) !== 0 && !issuer.includes(':')) uri += percentEncode(issuer) + ':';
  else if (account.includes(':')) uri += ':';
  uri += percentEncode(account) + '?secret=' + secret;
  if (issuer) uri += '&issuer=' + percentEncode(issuer);
  return uri + `&algorithm=${name}&digits=${digits}&${hotp ? 'counter' : 'period'}=${number}`;
}
