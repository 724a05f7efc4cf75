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

/** The key parameters of the static `generate` and `validate` of HOTP and TOTP. */
interface KeyOptions {
  secret: Secret;
  algorithm?: Algorithm;
  /** 1 to 10. */
  digits?: number;
}

/** What `validate` and `verify` look for, and how far either side of the expected counter. */
interface SearchOptions {
  token: string;
  /** Default 1, at most 1000. */
  window?: number;
}

/** The constructor options HOTP and TOTP share. */
interface OTPOptions {
  issuer?: string;
  label?: string;
  issuerInLabel?: boolean;
  /** A Secret or a base32 string; random 20 bytes by default. */
  secret?: string | Secret;
  algorithm?: Algorithm;
  /** 1 to 10. */
  digits?: number;
}

/** The `defaults` HOTP and TOTP share. */
interface OTPDefaults {
  issuer: string;
  label: string;
  issuerInLabel: boolean;
  algorithm: string;
  digits: number;
  window: number;
}

/** The properties and methods HOTP and TOTP share. */
declare class OTP {
  issuer: string;
  label: string;
  issuerInLabel: boolean;
  secret: Secret;
  algorithm: string;
  digits: number;
  /** The canonical otpauth:// URI. */
  toString(): string;
}

/** HMAC-based one-time passwords (RFC 4226). */
export declare class HOTP extends OTP {
  static get defaults(): OTPDefaults & { counter: number };
  static generate(options: KeyOptions & { counter?: number }): string;
  static validate(options: KeyOptions & SearchOptions & { counter?: number }): number | null;
  constructor(options?: OTPOptions & { counter?: number });
  counter: number;
  /** The code for `counter`; without one, for `this.counter`, which then advances. */
  generate(options?: { counter?: number }): string;
  /** The delta from `counter` at which `token` matches within `window`, or null. */
  validate(options: SearchOptions & { counter?: number }): number | null;
  /** Like validate, but also names the matched counter. */
  verify(options: SearchOptions & { counter?: number }): Match | null;
}

/** Time-based one-time passwords (RFC 6238). Timestamps are milliseconds, periods seconds. */
export declare class TOTP extends OTP {
  static get defaults(): OTPDefaults & { period: number };
  static counter(options?: { period?: number; timestamp?: number }): number;
  static remaining(options?: { period?: number; timestamp?: number }): number;
  static generate(options: KeyOptions & { period?: number; timestamp?: number }): string;
  static validate(options: KeyOptions & SearchOptions & { period?: number; timestamp?: number }): number | null;
  constructor(
    options?: OTPOptions & {
      /** Seconds, at least 1. */
      period?: number;
    },
  );
  period: number;
  counter(options?: { timestamp?: number }): number;
  /** Milliseconds until the code changes. */
  remaining(options?: { timestamp?: number }): number;
  generate(options?: { timestamp?: number }): string;
  /** The delta in periods at which `token` matches within `window`, or null. */
  validate(options: SearchOptions & { timestamp?: number }): number | null;
  /**
   * Like validate, but also names the matched time step. Store `step` and refuse later codes
   * whose step is not greater: then a code cannot be replayed.
   */
  verify(options: SearchOptions & { timestamp?: number }): Match | null;
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
