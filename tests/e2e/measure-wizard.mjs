// First render of the wizard in headless Chromium: `cargo xtask measure-wizard` runs this.
//
// Starts the real server with the built dist, loads the page several times in fresh browser
// contexts (empty cache), and records when the first step's <h1> enters the DOM, in ms since
// navigation start (the page's own clock, so Node's overhead is not counted). Prints one
// line per run and a final `first-render-ms <median>` line the xtask reads.
import { startServer, launchChromium } from './harness.mjs';

const RUNS = Number(process.env.RUNS ?? 7);

// Runs in the page before any of its scripts.
function watchFirstHeading() {
  const record = () => {
    if (!window.__firstRender && document.querySelector('main h1')) {
      window.__firstRender = performance.now();
    }
  };
  new MutationObserver(record).observe(document, { childList: true, subtree: true });
}

const server = await startServer();
const browser = await launchChromium();
const times = [];
try {
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(watchFirstHeading);
    await page.goto(server.url);
    const ms = await page.waitForFunction(() => window.__firstRender, null, { timeout: 10_000 });
    const value = await ms.jsonValue();
    // The first load also compiles the wasm module for the first time; all runs count.
    console.log(`run ${run + 1}: ${value.toFixed(1)} ms`);
    times.push(value);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
times.sort((a, b) => a - b);
console.log(`first-render-ms ${times[Math.floor(times.length / 2)].toFixed(1)} max ${times.at(-1).toFixed(1)}`);
