// Browser entry without QR codes: one wasm module, half the download.
import initCore from './otp_core.js';

await initCore();

export * from './api.js';
