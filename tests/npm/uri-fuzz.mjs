// Random otpauth:// URIs for the differential test (uri-differential.test.mjs): mutations of
// the vector file's URIs and URIs built from a grammar of what trips parsers up. Deterministic
// for a seed, so a failure can be replayed.

/** A seeded generator (mulberry32: 32-bit state, good enough to pick test inputs). */
export function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  return { next, int, pick, chance: (p) => next() < p };
}

// Unicode White_Space (Rust's `str::trim`) and JavaScript's \s differ in U+0085 and U+FEFF;
// U+200B, U+180E and U+001C..U+001F are in neither.
const SPACES = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u0085', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', '\u180e', '\x1c', '\x1f'];
// The first three of each list are good values.
const NUMBERS = [
  '6', '8', '1', '0', '10', '11', '00', '007', '30', '60', '+6', ' 6 ', '6+', '++8+ ', '+', '', ' ', '-1', '1e3', '0x10', '6.0', '%36', '６', '٣',
  '4294967296', '9007199254740991', '9007199254740992', '9007199254740993', '9007199254740995', '18446744073709551615',
  '18446744073709551616', '018446744073709551615', '99999999999999999999', '123456789012345678901234567890',
];
const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512', 'sha1', 'Sha256', 'SHA-1', 'sha-256', '-SHA--512-', 'SHA1 ', ' SHA1', 'SHA+1', 'SHA%2D1', '%53HA1', 'SHA%31', 'ſha1', 'SHA384', 'MD5', '', 'SHA1SHA1', 'sha1%'];
const KEYS = ['secret', 'issuer', 'algorithm', 'digits', 'period', 'counter'];
const UNKNOWN = ['image', 'lock', 'foo', '', 'secret ', 'ſecret', 'İssuer', 'secr%65t', 'Kounter', 'digit', 'periods'];
const TEXT = [
  'Alice', 'alice@example.com', 'ACME Co', 'ACME%20Co', 'a+b', 'a%2Bb', 'ünï', '%C3%BCn%C3%AF', '日本', '😀', '%F0%9F%98%80', '\ufffd', '\ud800', '\udc00', 'x\udbff',
  '%', '%4', '%zz', '%G1', '%FF', '%C3', '%C0%AF', '%ED%A0%80', '%F4%90%80%80', '%00', '%0A', '%3a', '%3A', ':', '::', '=', '%3D', '&', '%26', '?', '#', '/', '%2F', '+',
  '', ' ', '  x  ', '\u3000y\u3000', '\u0085z\u0085', '\ufeffw\ufeff',
];
const SECRETS = [
  'JBSWY3DPEHPK3PXP', 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ', 'JBSWY3DP', 'jbswy3dpehpk3pxp', 'GEZDGNBV', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'GE', 'G', 'GEZ', 'GEZDGN',
  'JBSW Y3DP EHPK 3PXP', 'JBSW+Y3DP+EHPK+3PXP', 'JBSW%20Y3DP', 'JBSW-Y3DP', 'JBSWY3DP====', 'JBSWY3DP%3D%3D', 'JBSW%09Y3DP', 'JBSW%0BY3DP', 'JBSW\u3000Y3DP', 'JBSW1Y3DP',
  '', '====', '+', '%', '%4A%42', 'ÉBSWY3DP', 'JBSWY3DP\ud800',
];

/** `text` with each ASCII letter in a random case. */
function anyCase(rng, text) {
  return text.replace(/[a-z]/gi, (c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase()));
}

/**
 * Random choices, each odd with probability `odd`: a URI drawn at 0.02 is mostly well formed
 * (so both modes get far into the parser), one drawn at 0.3 hardly ever.
 */
function chooser(rng, odd) {
  const deviate = () => rng.chance(odd);
  // `fine` unless odd; then one of `others`.
  const either = (fine, others) => (deviate() ? rng.pick(others) : fine);
  // A value: the first of `list` (a good one) unless odd, then with a few more oddities.
  const value = (list) => {
    let text = deviate() ? rng.pick(list) : list[rng.int(Math.min(3, list.length))];
    if (deviate()) text = anyCase(rng, text);
    if (deviate()) text = rng.pick(SPACES) + text + rng.pick(SPACES);
    if (deviate()) text += rng.pick(TEXT);
    return text;
  };
  return { deviate, either, value };
}

/** One `name=value` pair, known or not, in a random case and with odd separators. */
function param(rng, { deviate, either, value }, name) {
  const key = name ?? (deviate() ? rng.pick(UNKNOWN) : rng.pick(KEYS));
  const values = { secret: SECRETS, algorithm: ALGORITHMS, digits: NUMBERS, period: NUMBERS, counter: NUMBERS }[key.toLowerCase()] ?? TEXT;
  return (deviate() ? anyCase(rng, key) : key) + either('=', ['', '==', '%3D', '= ']) + value(values);
}

/** A URI from the grammar `scheme://type/label?params#fragment`, each part now and then odd. */
function grammar(rng) {
  const choose = chooser(rng, rng.pick([0.02, 0.05, 0.1, 0.3]));
  const { deviate, either, value } = choose;
  const scheme = either('otpauth', [anyCase(rng, 'otpauth'), anyCase(rng, 'otpauth'), 'otpauth:', 'otpauth:/', 'http', 'otp auth', 'otpauth\u0130', '']);
  const type = either(rng.pick(['totp', 'hotp']), [anyCase(rng, 'totp'), anyCase(rng, 'hotp'), '', 'TOTPX', 'motp', 't%6Ftp', 'ſtp', 'hotp ']);
  const issuer = rng.chance(0.6) ? value(TEXT) : undefined;
  const account = value(TEXT);
  const label = issuer === undefined ? account : issuer + either(':', ['%3A', '%3a', ' : ', '%20:%20', '::', ':%3A']) + account;
  const params = [];
  if (!deviate()) params.push(param(rng, choose, 'secret'));
  if (/hotp/i.test(type) && !deviate()) params.push(param(rng, choose, 'counter'));
  for (let n = rng.int(4); n > 0; n--) params.push(param(rng, choose));
  if (issuer !== undefined && rng.chance(0.5)) params.push(`issuer=${deviate() ? value(TEXT) : issuer}`);
  for (let i = params.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [params[i], params[j]] = [params[j], params[i]];
  }
  const joiner = () => either('&', ['&&', '&=&', '&' + rng.pick(SPACES) + '&', '&amp;']);
  let uri = `${scheme}://${type}${either('/', ['', '//'])}${label}`;
  if (params.length || deviate()) uri += '?' + params.map((p, i) => (i ? joiner() : '') + p).join('');
  if (deviate()) uri += '#' + value(TEXT);
  if (deviate()) uri = rng.pick(SPACES) + uri + rng.pick(SPACES);
  return uri;
}

// Small edits a mutation is made of.
const EDITS = [
  // Insert something odd.
  (rng, uri, at) => uri.slice(0, at) + rng.pick([...TEXT, ...SPACES, ...NUMBERS, '&' + param(rng, chooser(rng, 0.3))]) + uri.slice(at),
  // Delete a short run.
  (rng, uri, at) => uri.slice(0, at) + uri.slice(at + 1 + rng.int(6)),
  // Repeat a short run (duplicate parameters, doubled escapes).
  (rng, uri, at) => {
    const end = at + 1 + rng.int(24);
    return uri.slice(0, end) + uri.slice(at, end) + uri.slice(end);
  },
  // Change the case of everything.
  (rng, uri) => anyCase(rng, uri),
  // Swap one separator for its escaped or odd form.
  (rng, uri) => {
    const [from, to] = rng.pick([[':', '%3A'], ['%3A', ':'], ['%20', '+'], ['+', '%20'], ['=', '%3D'], ['&', '&&'], ['?', '??'], ['/', '//'], ['%', '%%']]);
    const at = uri.indexOf(from, rng.int(uri.length));
    return at < 0 ? uri : uri.slice(0, at) + to + uri.slice(at + from.length);
  },
  // Percent-encode one character, as UTF-8 (hex digits in either case), or break the escape.
  (rng, uri, at) => {
    const c = String.fromCodePoint(uri.codePointAt(at) ?? 0x41);
    const hex = [...new TextEncoder().encode(c)].map((b) => '%' + b.toString(16).padStart(2, '0')).join('');
    const escaped = rng.chance(0.5) ? hex.toUpperCase() : hex;
    return uri.slice(0, at) + (rng.chance(0.8) ? escaped : escaped.slice(0, -1)) + uri.slice(at + c.length);
  },
  // Append a parameter.
  (rng, uri) => uri + (uri.includes('?') ? '&' : '?') + param(rng, chooser(rng, 0.3)),
  // Surround with white space.
  (rng, uri) => rng.pick(SPACES) + uri + rng.pick(SPACES),
];

/** A vector's URI with one to four small edits (one most often). */
function mutation(rng, uris) {
  let uri = rng.pick(uris);
  for (let n = 1 + rng.int(rng.int(4) + 1); n > 0; n--) uri = rng.pick(EDITS)(rng, uri, rng.int(uri.length + 1));
  return uri;
}

const utf8Length = (text) => new TextEncoder().encode(text).length;

/**
 * A URI padded to about 4096 UTF-8 bytes (the parsers' limit), with fillers of 1 to 4 bytes
 * (and lone surrogates, 3 bytes as U+FFFD) so the count lands on every side of the limit.
 */
function long(rng, uri) {
  const target = 4096 + rng.int(9) - 4;
  const filler = rng.pick(['a', ' ', 'é', '日', '😀', '\ud800', '%41', '\u0085']);
  const at = uri.indexOf('?') < 0 ? uri.length : rng.pick([uri.indexOf('?'), uri.length]);
  const [head, tail] = [uri.slice(0, at), uri.slice(at)];
  const room = target - utf8Length(head + tail);
  return head + filler.repeat(Math.max(0, Math.floor(room / utf8Length(filler)))) + tail;
}

/**
 * `count` URIs from `seed`: half mutations of `uris`, half from the grammar, one in fifty padded
 * to the length limit.
 */
export function generate(seed, count, uris) {
  const rng = random(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const uri = rng.chance(0.5) ? mutation(rng, uris) : grammar(rng);
    out.push(rng.chance(0.02) ? long(rng, uri) : uri);
  }
  return out;
}
