// The demo: parse (or create) an otpauth:// URI, show its fields, warnings and QR code, the
// current code, and verify typed codes with replay protection, all through the npm package.
import { Secret, TOTP, URI, qrSvg } from './pkg/browser.js';

const $ = (id) => document.getElementById(id);
let otp = null;
let lastStep = null; // the replay guard: a step is accepted at most once

function show(parsed) {
  otp = parsed.otp;
  lastStep = null;
  $('error').hidden = true;
  const fields = {
    type: otp instanceof TOTP ? 'TOTP' : 'HOTP',
    issuer: otp.issuer || '(none)',
    account: otp.label,
    algorithm: otp.algorithm,
    digits: otp.digits,
    [otp instanceof TOTP ? 'period' : 'counter']: otp instanceof TOTP ? `${otp.period} s` : otp.counter,
    secret: otp.secret.base32,
  };
  $('fields').replaceChildren(
    ...Object.entries(fields).flatMap(([k, v]) => [Object.assign(document.createElement('dt'), { textContent: k }), Object.assign(document.createElement('dd'), { textContent: v })]),
  );
  $('warnings').replaceChildren(...parsed.warnings.map((w) => Object.assign(document.createElement('li'), { textContent: `warning: ${w.message}` })));
  $('qr').innerHTML = qrSvg(otp); // our own SVG: only numbers and checked colours
  tick();
}

function tick() {
  if (!(otp instanceof TOTP)) {
    $('code').textContent = otp ? otp.generate({ counter: otp.counter }) : '';
    $('remaining').textContent = '';
    return;
  }
  $('code').textContent = otp.generate();
  $('remaining').textContent = `(${Math.ceil(otp.remaining() / 1000)} s left)`;
}

$('uri-form').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    show(URI.parseWithWarnings($('uri').value, { strict: $('strict').checked }));
  } catch (error) {
    $('error').textContent = error.message;
    $('error').hidden = false;
  }
});

$('new-secret').addEventListener('click', () => {
  const totp = new TOTP({ issuer: 'Demo', label: 'alice@example.com', secret: new Secret({ size: 20 }) });
  $('uri').value = totp.toString();
  show({ otp: totp, warnings: [] });
});

$('verify-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (!otp) return;
  const found = otp.verify({ token: $('token').value.trim(), window: 1 });
  if (found === null) {
    $('verdict').textContent = 'Wrong code.';
  } else if (lastStep !== null && found.step <= lastStep) {
    $('verdict').textContent = `Refused: step ${found.step} was already used (replay).`;
  } else {
    lastStep = found.step;
    $('verdict').textContent = `Accepted: delta ${found.delta}, step ${found.step}.`;
  }
});

setInterval(tick, 1000);
$('uri').value = 'otpauth://totp/insights3.eniris.be:Alice?issuer=insights3.eniris.be&secret=NB2W45DFOIZA&algorithm=SHA1&digits=6&period=30';
$('uri-form').requestSubmit();
