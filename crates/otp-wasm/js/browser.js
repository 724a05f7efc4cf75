// Browser and bundler entry: fetches and instantiates both wasm modules before export.
import initCore from './otp_core.js';
import initQr from './otp_qr.js';

await Promise.all([initCore(), initQr()]);

export * from './api.js';
export { qrSvg } from './qr.js';
