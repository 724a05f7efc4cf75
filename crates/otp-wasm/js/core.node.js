// Node entry without QR codes.
import { readFileSync } from 'node:fs';
import { initSync as initCore } from './otp_core.js';

initCore({ module: readFileSync(new URL('./otp_core_bg.wasm', import.meta.url)) });

export * from './api.js';
