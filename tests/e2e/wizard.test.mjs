// The wizard end to end: the real server (--dev, demo account), the built wizard, headless
// Chromium, and a virtual authenticator computing codes from the key shown on the page.
//
// Every step saves a screenshot under tests/artifacts/e2e/ and is checked with axe-core;
// a failing test leaves a FAILED-<test>.png of the page as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { ARTIFACTS, startServer, launchChromium, screenshot, axeViolations } from './harness.mjs';
import { virtualAuthenticator } from './authenticator.mjs';

const DEMO = { username: 'demo', password: 'demo-password' };
const CODE_LABEL = 'Code from your authenticator app';

let server;
let browser;

before(async () => {
  // Pictures of an earlier failure would be mistaken for this run's.
  for (const name of existsSync(ARTIFACTS) ? readdirSync(ARTIFACTS) : []) {
    if (name.startsWith('FAILED-')) rmSync(`${ARTIFACTS}${name}`);
  }
  server = await startServer({ args: ['--dev'] });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page that records uncaught errors (a wasm panic would show here). */
async function openPage() {
  const context = await browser.newContext();
  // The Copy buttons write to the clipboard; the tests read it back.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return page;
}

/** Runs a test body; on failure keeps a screenshot of the page before rethrowing. */
async function withPage(name, body) {
  const page = await openPage();
  try {
    await body(page);
    assert.deepEqual(page.errors, [], 'no uncaught errors in the page');
  } catch (error) {
    await screenshot(page, `FAILED-${name}`).catch(() => {});
    throw error;
  } finally {
    await page.context().close();
  }
}

/** Waits for a step's heading, checks it has the focus and axe finds nothing, keeps a picture. */
async function step(page, shot, heading) {
  const h1 = page.getByRole('heading', { level: 1, name: heading });
  await h1.waitFor();
  assert.equal(await h1.evaluate((el) => el === document.activeElement), true, `focus on "${heading}"`);
  await screenshot(page, shot);
  assert.deepEqual(await axeViolations(page), [], `axe on "${heading}"`);
}

async function signIn(page, credentials = DEMO) {
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(credentials.username);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
}

/** The setup key as shown (groups of four) and as an authenticator wants it (no spaces). */
async function readSetupKey(page) {
  await page.getByText("Can't scan the code?").click();
  const shown = await page.getByRole('textbox', { name: 'Setup key' }).inputValue();
  assert.match(shown, /^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$/, 'key in groups of four');
  return shown.replaceAll(' ', '');
}

/** The QR code's text, read from a screenshot of it the way a phone camera would. */
async function decodeQr(page) {
  const png = PNG.sync.read(await page.locator('.qr-image').screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(found, 'the QR code decodes');
  return found.data;
}

test('the server answers /healthz', async () => {
  const res = await fetch(`${server.url}/healthz`);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'ok');
});

test('the whole path: sign in, add an app, verify, save codes, sign in with codes, manage', async () => {
  await withPage('whole-path', async (page) => {
    await page.goto(server.url);
    await step(page, '01-sign-in', 'Sign in');
    await signIn(page);
    await step(page, '02-overview-off', 'Your two-factor authentication');
    assert.match(await page.locator('#status-heading').textContent(), /: Off$/);

    // Add an authenticator: QR drawn in the page, key readable, details shown.
    await page.getByRole('link', { name: 'Add an authenticator app' }).click();
    await page.getByRole('img', { name: /^QR code to add / }).waitFor();
    await step(page, '03-add-authenticator', 'Add an authenticator app');
    const key = await readSetupKey(page);
    await screenshot(page, '03b-setup-key');
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByRole('status').filter({ hasText: 'Key copied, without spaces.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key, 'copied without spaces');
    const qrName = await page.getByRole('img', { name: /^QR code/ }).getAttribute('aria-label');
    assert.ok(!qrName.includes(key) && !qrName.includes(key.slice(0, 8)), 'the QR name never reads the secret');
    const uri = await decodeQr(page);
    assert.match(uri, /^otpauth:\/\/totp\//);
    assert.equal(new URL(uri).searchParams.get('secret').toUpperCase().replace(/=+$/, ''), key, 'QR and key agree');
    assert.equal(await page.getByRole('link', { name: /^QR code/ }).getAttribute('href'), uri, 'the QR is an otpauth: link');
    for (const detail of ['SHA1', '30 seconds']) {
      assert.ok((await page.locator('.details').textContent()).includes(detail), detail);
    }
    await page.getByRole('timer').filter({ hasText: 'The code in your app changes in' }).waitFor();

    // Reloading resumes the same pending key instead of making another.
    await page.reload();
    assert.equal(await readSetupKey(page), key, 'reload shows the same key');

    // Verify: a wrong code is announced; a pasted code with spaces is accepted.
    const phone = await virtualAuthenticator(key);
    await page.getByRole('link', { name: 'Next: enter a code' }).click();
    await step(page, '04-verify', 'Enter the code from your app');
    const field = page.getByLabel(CODE_LABEL);
    assert.equal(await field.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await field.getAttribute('inputmode'), 'numeric');
    await field.fill(phone.wrongCode().replace(/(\d{3})/, '$1 '));
    await page.getByRole('alert').filter({ hasText: "That code didn't work" }).waitFor();
    const code = await phone.freshCode();
    await field.fill(`${code.slice(0, 3)} ${code.slice(3)}`);

    // Recovery codes: shown once, typed back to finish.
    await step(page, '05-recovery-codes', 'Save your recovery codes');
    const items = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    const codes = (await items.allTextContents()).map((c) => c.replaceAll(' ', ''));
    assert.equal(codes.length, 10);
    for (const name of ['Copy all', 'Download .txt', 'Print']) {
      await page.getByRole('button', { name }).waitFor();
    }
    await page.getByRole('button', { name: 'Copy all' }).click();
    await page.getByRole('status').filter({ hasText: 'All codes copied.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.deepEqual(copied.split('\n'), codes, 'Copy all copies the codes as issued');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download .txt' }).click();
    assert.equal((await download).suggestedFilename(), 'recovery-codes.txt');
    const saved = readFileSync(await (await download).path(), 'utf8');
    assert.ok(codes.every((c) => saved.includes(c)), 'the .txt holds every code');
    const confirm = page.getByLabel('Type one of the codes to show you saved them');
    await confirm.fill('NOT-A-CODE');
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('alert').filter({ hasText: "isn't one of the codes" }).waitFor();
    await confirm.fill(codes[3].toLowerCase().replace(/(.{4})(?!$)/g, '$1-'));
    await page.getByRole('button', { name: 'Finish' }).click();
    await step(page, '06-overview-on', 'Your two-factor authentication');
    assert.match(await page.locator('#status-heading').textContent(), /: On$/);
    await page.getByText('10 unused codes left.').waitFor();

    // Sign out, sign in with a code from the app.
    await signOut(page);
    await signIn(page);
    await step(page, '07-second-factor', "Confirm it's you");
    const signInCode = await phone.freshCode();
    await page.getByLabel(CODE_LABEL).fill(signInCode);
    await page.getByRole('heading', { level: 1, name: 'Your two-factor authentication' }).waitFor();

    // The same code again is refused (replay), then a recovery code works once.
    await signOut(page);
    await signIn(page);
    await page.getByLabel(CODE_LABEL).fill(phone.lastCode());
    await page.getByRole('alert').filter({ hasText: "That code didn't work" }).waitFor();
    await page.getByRole('radio', { name: 'Recovery code' }).check();
    await page.getByRole('textbox', { name: 'Recovery code' }).fill(codes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your two-factor authentication' }).waitFor();
    await page.getByText('9 unused codes left.').waitFor();
    await signOut(page);
    await signIn(page);
    await page.getByRole('radio', { name: 'Recovery code' }).check();
    await page.getByRole('textbox', { name: 'Recovery code' }).fill(codes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: 'That recovery code didn\'t work' }).waitFor();
    await page.getByRole('textbox', { name: 'Recovery code' }).fill(codes[1]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your two-factor authentication' }).waitFor();

    // Regenerate: a reload forgets the sign-in's fresh proof, so the change asks again.
    await page.reload();
    await page.getByRole('button', { name: 'Make new recovery codes' }).click();
    await page.getByRole('heading', { level: 2, name: "Confirm it's you again" }).waitFor();
    await screenshot(page, '08-reauthenticate');
    assert.deepEqual(await axeViolations(page), [], 'axe on the re-authentication prompt');
    await page.getByLabel(CODE_LABEL).fill(await phone.freshCode());
    await step(page, '09-new-recovery-codes', 'Save your recovery codes');
    const fresh = (await items.allTextContents()).map((c) => c.replaceAll(' ', ''));
    assert.equal(fresh.length, 10);
    assert.ok(!fresh.includes(codes[5]), 'new codes replace the old ones');
    await confirm.fill(fresh[0]);
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your two-factor authentication' }).waitFor();

    // Remove the authenticator: the last method, so two-factor authentication goes off.
    await page.getByRole('button', { name: 'Remove Authenticator app' }).click();
    await page.getByRole('status').filter({ hasText: 'The authenticator app was removed.' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /Off/ }).waitFor();
    await step(page, '10-removed', 'Your two-factor authentication');
  });
});

test('repeated wrong codes: clock hint, then a lockout countdown that survives a reload; cancel', async () => {
  await withPage('lockout', async (page) => {
    // A fresh server: the whole-path test's account is not disturbed.
    const own = await startServer({ args: ['--dev'] });
    try {
      await page.goto(own.url);
      await page.getByLabel('Username').fill(DEMO.username);
      await page.getByLabel('Password').fill(DEMO.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Add an authenticator app' }).click();
      const key = await readSetupKey(page);
      const phone = await virtualAuthenticator(key);
      await page.getByRole('link', { name: 'Next: enter a code' }).click();
      const field = page.getByLabel(CODE_LABEL);
      for (let attempt = 1; attempt <= 6; attempt += 1) {
        // `fill` waits for the field to be enabled; the field empties when the answer is in.
        await field.fill(phone.wrongCode());
        await page.waitForFunction(() => document.querySelector('#code').value === '');
        if (attempt < 6) {
          await page.getByRole('alert').filter({ hasText: "That code didn't work" }).waitFor();
        }
        if (attempt === 3) {
          await page.getByText("Your phone's clock may be off").waitFor();
        }
      }
      await page.getByRole('alert').filter({ hasText: 'Too many tries. You can try again in' }).waitFor();
      await page.getByRole('timer').filter({ hasText: /Try again in \d+:\d\d/ }).waitFor();
      assert.equal(await field.isDisabled(), true, 'the field is disabled while waiting');
      await screenshot(page, '11-rate-limited');
      assert.deepEqual(await axeViolations(page), [], 'axe on the lockout');

      await page.reload();
      await page.getByRole('timer').filter({ hasText: /Try again in \d+:\d\d/ }).waitFor();
      assert.equal(await page.getByLabel(CODE_LABEL).isDisabled(), true, 'still locked after a reload');

      // Cancel deletes the pending key: the next setup shows another one.
      await page.getByRole('link', { name: 'Back to the QR code' }).click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('heading', { level: 1, name: 'Your two-factor authentication' }).waitFor();
      await page.getByRole('link', { name: 'Add an authenticator app' }).click();
      assert.notEqual(await readSetupKey(page), key, 'a cancelled key is not offered again');
    } finally {
      await own.stop();
    }
  });
});
