// Types of the main entry: everything in ./core.d.ts plus QR codes.
export * from './core.js';
import type { HOTP, TOTP } from './core.js';

export interface QrSvgOptions {
  /** How much damage the code survives: 'L' ~7 %, 'M' ~15 % (default), 'Q' ~25 %, 'H' ~30 %. */
  errorCorrection?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone in modules on each side (default 4, at most 64). */
  margin?: number;
  /** CSS colour of dark modules (default '#000'). */
  dark?: string;
  /** CSS colour of the background (default '#fff'; 'none' draws none). */
  light?: string;
}

/** An SVG document (one user unit per module) showing `text` or an OTP's URI as a QR code. */
export declare function qrSvg(text: string | HOTP | TOTP, options?: QrSvgOptions): string;
