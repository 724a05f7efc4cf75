// Where the tests find the packed tarball, and an installed copy of it in a scratch project.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TARBALL =
  process.env.OTP_WASM_TGZ ?? new URL('../../target/npm/otp-wasm.tgz', import.meta.url).pathname;

/** npm-installs the tarball into a fresh project; resolves to that project's folder. */
export function installTarball() {
  if (!existsSync(TARBALL)) {
    throw new Error(`${TARBALL} is missing: run \`cargo xtask pack\` first (or set OTP_WASM_TGZ)`);
  }
  const project = mkdtempSync(join(tmpdir(), 'otp-wasm-npm-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', TARBALL], { cwd: project, stdio: 'inherit' });
  return project;
}

/** Imports `specifier` as the consumer project would (bare specifier, its node_modules). */
export async function importFrom(project, specifier) {
  const shim = join(project, `import-${specifier.replace(/\W/g, '_')}.mjs`);
  writeFileSync(shim, `export * from '${specifier}';\n`);
  return import(shim);
}
