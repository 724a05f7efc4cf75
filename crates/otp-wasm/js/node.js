// Node entry: Node's fetch cannot read file: URLs, so the wasm bytes are read from disk.
import { readFileSync } from 'node:fs';
import { initSync as initCore } from './otp_core.js';
import { initSync as initQr } from './otp_qr.js';

initCore({ module: readFileSync(new URL('./otp_core_bg.wasm', import.meta.url)) });
initQr({ module: readFileSync(new URL('./otp_qr_bg.wasm', import.meta.url)) });

export * from './api.js';
export { qrSvg } from './qr.js';
