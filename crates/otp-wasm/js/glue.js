// The JavaScript side of src/abi.rs: loads the wasm module, writes arguments into its input
// buffer and reads results where its output pointer says. `cargo xtask pack` writes this file once per module, as
// otp_core.js and otp_full.js, with @WASM@ replaced by the module's file name.
let wasm;
let memory = new Uint8Array();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function bytes() {
  // A grown memory detaches the old view.
  if (memory.buffer !== wasm.memory.buffer) memory = new Uint8Array(wasm.memory.buffer);
  return memory;
}

// Arguments are keys, codes and QR text. Wasm memory never shrinks, so a caller's mistake
// (a string of megabytes) would keep its size for the page's life: refused instead.
const MAX_INPUT = 1 << 20;

// Writes the arguments (byte arrays as they are, anything else as UTF-8 text) back to back
// into the input buffer; returns their lengths.
function put(...args) {
  const parts = args.map((arg) => (arg instanceof Uint8Array ? arg : encoder.encode(arg)));
  const len = parts.reduce((sum, part) => sum + part.length, 0);
  if (len > MAX_INPUT) throw new RangeError('the arguments are longer than 1 MiB');
  let at = wasm.input(len);
  const view = bytes();
  return parts.map((part) => (view.set(part, at), (at += part.length), part.length));
}

// The result of a call that returned `len`; throws the error message it is if negative.
function take(len) {
  const start = wasm.output();
  const out = bytes().slice(start, start + (len < 0 ? ~len : len));
  if (len < 0) throw new Error(decoder.decode(out));
  return out;
}

// Validation's token: ASCII as is, anything else as 0xFF, which is no digit, so it fails
// as it would as UTF-8, without an encoder on the hot path. Codes have at most 10 digits,
// so 11 characters of a longer token fail just as the whole would.
function putToken(token) {
  const len = Math.min(token.length, 11);
  const at = wasm.input(len);
  const view = bytes();
  for (let i = 0; i < len; i++) {
    const c = token.charCodeAt(i);
    view[at + i] = c < 128 ? c : 255;
  }
}

// Frees the wasm side of an Engine that was garbage-collected without free().
const engines = new FinalizationRegistry((handle) => wasm.engine_free(handle));

/** An HMAC keyed with one secret, algorithm and digit count (src/engine.rs). */
export class Engine {
  #handle;
  /** `algorithm` is an index into `otp::Algorithm::ALL` (see `algorithmIndex` in uri.js). */
  constructor(secret, algorithm, digits) {
    put(secret);
    const handle = wasm.engine_new(algorithm, digits);
    if (handle < 0) take(handle);
    this.#handle = handle;
    engines.register(this, handle, this);
  }
  code(counter) {
    return wasm.engine_code(this.#handle, counter);
  }
  validate(token, counter, window) {
    putToken(token);
    return wasm.engine_validate(this.#handle, counter, window);
  }
  free() {
    if (this.#handle) {
      engines.unregister(this);
      wasm.engine_free(this.#handle);
      this.#handle = 0;
    }
  }
}

export function base32_decode(text) {
  put(text);
  return take(wasm.base32_decode());
}

export function base32_encode(bytes) {
  put(bytes);
  return decoder.decode(take(wasm.base32_encode()));
}

export function qr_svg(text, errorCorrection, margin, dark, light) {
  const [textLen, ecLen, darkLen] = put(text, errorCorrection, dark, light);
  return decoder.decode(take(wasm.qr_svg(textLen, ecLen, margin, darkLen)));
}

function start(instance) {
  wasm = instance.exports;
}

/** Node: instantiates from the module's bytes. */
export function initSync({ module }) {
  start(new WebAssembly.Instance(new WebAssembly.Module(module)));
}

/** Browsers and bundlers: fetches the module next to this file. */
export default async function init() {
  const response = await fetch(new URL('@WASM@', import.meta.url));
  if (!response.ok) throw new Error(`fetching @WASM@: HTTP ${response.status}`);
  start((await WebAssembly.instantiate(await response.arrayBuffer())).instance);
}
