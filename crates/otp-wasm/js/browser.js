// Browser and bundler entry: fetches and instantiates the wasm module (codes and QR) before export.
import init from './otp_full.js';

await init();

export * from './api.full.js';
export { qrSvg } from './qr.js';
