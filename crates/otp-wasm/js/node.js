// Node entry: Node's fetch cannot read file: URLs, so the wasm bytes are read from disk.
import { readFileSync } from 'node:fs';
import { initSync } from './otp_full.js';

initSync({ module: readFileSync(new URL('./otp_full_bg.wasm', import.meta.url)) });

export * from './api.full.js';
export { qrSvg } from './qr.js';
