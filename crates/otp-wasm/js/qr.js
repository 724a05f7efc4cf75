// qrSvg(): QR codes as SVG text, from the main entry's wasm module (not in otp-wasm/core).
import { qr_svg } from './otp_full.js';

/**
 * An SVG document showing `text` (or a HOTP/TOTP object's URI) as a QR code.
 * Options: errorCorrection 'L' | 'M' | 'Q' | 'H' (default 'M'), margin in modules (4),
 * dark and light CSS colours ('#000', '#fff'; light 'none' draws no background).
 */
export function qrSvg(text, { errorCorrection = 'M', margin = 4, dark = '#000', light = '#fff' } = {}) {
  return qr_svg(typeof text === 'string' ? text : String(text), String(errorCorrection), margin >>> 0, String(dark), String(light));
}
