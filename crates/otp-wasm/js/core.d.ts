// Types of the package without QR codes (`import ... from 'otp-wasm/core'`), which are also
// the main entry's types minus qrSvg. Compatible with otpauth 9's declarations.

/** Package version. */
export declare const version: string;

/** A shared secret key. */
export declare class Secret {
  /** `buffer`: the key bytes; without it, `size` (default 20) random bytes from the platform CSPRNG. */
  constructor(options?: { buffer?: ArrayBufferLike; size?: number });
  static fromLatin1(str: string): Secret;
  static fromUTF8(str: string): Secret;
  /** Lenient: any case, spaces, hyphens and `=` padding are accepted. Throws on other characters. */
  static fromBase32(str: string): Secret;
  static fromHex(str: string): Secret;
  readonly bytes: Uint8Array;
  get buffer(): ArrayBufferLike;
  get latin1(): string;
  get utf8(): string;
  /** Unpadded uppercase base32. */
  get base32(): string;
  /** Uppercase hexadecimal. */
  get hex(): string;
}

/** Supported algorithms (any case). */
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512' | (string & {});

/** Where a code matched: `delta` counters/periods from the expected one, at counter/time step `step`. */
export interface Match {
  delta: number;
  step: number;
}

/** HMAC-based one-time passwords (RFC 4226). */
export declare class HOTP {
  static get defaults(): {
    issuer: string;
    label: string;
    issuerInLabel: boolean;
    algorithm: string;
    digits: number;
    counter: number;
    window: number;
  };
  static generate(options: { secret: Secret; algorithm?: Algorithm; digits?: number; counter?: number }): string;
  static validate(options: {
    token: string;
    secret: Secret;
    algorithm?: Algorithm;
    digits?: number;
    counter?: number;
    window?: number;
  }): number | null;
  constructor(options?: {
    issuer?: string;
    label?: string;
    issuerInLabel?: boolean;
    /** A Secret or a base32 string; random 20 bytes by default. */
    secret?: string | Secret;
    algorithm?: Algorithm;
    /** 1 to 10. */
    digits?: number;
    counter?: number;
  });
  issuer: string;
  label: string;
  issuerInLabel: boolean;
  secret: Secret;
  algorithm: string;
  digits: number;
  counter: number;
  /** The code for `counter`; without one, for `this.counter`, which then advances. */
  generate(options?: { counter?: number }): string;
  /** The delta from `counter` at which `token` matches within `window` (default 1, at most 1000), or null. */
  validate(options: { token: string; counter?: number; window?: number }): number | null;
  /** Like validate, but also names the matched counter. */
  verify(options: { token: string; counter?: number; window?: number }): Match | null;
  /** The canonical otpauth:// URI. */
  toString(): string;
}

/** Time-based one-time passwords (RFC 6238). Timestamps are milliseconds, periods seconds. */
export declare class TOTP {
  static get defaults(): {
    issuer: string;
    label: string;
    issuerInLabel: boolean;
    algorithm: string;
    digits: number;
    period: number;
    window: number;
  };
  static counter(options?: { period?: number; timestamp?: number }): number;
  static remaining(options?: { period?: number; timestamp?: number }): number;
  static generate(options: {
    secret: Secret;
    algorithm?: Algorithm;
    digits?: number;
    period?: number;
    timestamp?: number;
  }): string;
  static validate(options: {
    token: string;
    secret: Secret;
    algorithm?: Algorithm;
    digits?: number;
    period?: number;
    timestamp?: number;
    window?: number;
  }): number | null;
  constructor(options?: {
    issuer?: string;
    label?: string;
    issuerInLabel?: boolean;
    /** A Secret or a base32 string; random 20 bytes by default. */
    secret?: string | Secret;
    algorithm?: Algorithm;
    /** 1 to 10. */
    digits?: number;
    /** Seconds, at least 1. */
    period?: number;
  });
  issuer: string;
  label: string;
  issuerInLabel: boolean;
  secret: Secret;
  algorithm: string;
  digits: number;
  period: number;
  counter(options?: { timestamp?: number }): number;
  /** Milliseconds until the code changes. */
  remaining(options?: { timestamp?: number }): number;
  generate(options?: { timestamp?: number }): string;
  /** The delta in periods at which `token` matches within `window` (default 1, at most 1000), or null. */
  validate(options: { token: string; timestamp?: number; window?: number }): number | null;
  /**
   * Like validate, but also names the matched time step. Store `step` and refuse later codes
   * whose step is not greater: then a code cannot be replayed.
   */
  verify(options: { token: string; timestamp?: number; window?: number }): Match | null;
  /** The canonical otpauth:// URI. */
  toString(): string;
}

/** Something odd about a URI that was still accepted. */
export interface UriWarning {
  /**
   * 'weak-secret' | 'issuer-mismatch' | 'non-standard-digits' | 'non-standard-period' |
   * 'non-standard-algorithm' | 'unknown-parameter' | 'duplicate-parameter' |
   * 'missing-counter' | 'missing-account' | 'encoding'
   */
  code: string;
  message: string;
}

export declare class URI {
  /**
   * Lenient by default (what real issuers emit); `strict: true` follows the Google
   * Authenticator Key URI Format to the letter. Throws an Error for unusable URIs.
   */
  static parse(uri: string, options?: { strict?: boolean }): HOTP | TOTP;
  static parseWithWarnings(uri: string, options?: { strict?: boolean }): { otp: HOTP | TOTP; warnings: UriWarning[] };
  static stringify(otp: HOTP | TOTP): string;
}
