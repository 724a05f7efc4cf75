// First render of the wizard in headless Chromium: `cargo xtask measure-wizard` runs this.
//
// Starts the real server with the built dist, loads the page RUNS times, each in a fresh browser
// context (empty HTTP and code cache, so every run downloads and compiles the wasm), and times
// the sign-in page as a person first sees it: from navigation start until the frame after the
// heading and the password field are in the DOM has been produced (the stylesheet is
// render-blocking, so that frame is styled). Times come from the page's own clock, so Node's
// overhead is not counted. Prints one line per run with where the time went, then
// `first-render-ms <median> min <min> max <max> runs <n>`, which the xtask reads.
import { startServer, launchChromium } from './harness.mjs';

const RUNS = Number(process.env.RUNS ?? 11);

// Runs in the page before any of its scripts.
function watchFirstRender() {
  const formShown = () =>
    document.querySelector('main h1') && document.querySelector('main input[type="password"]');
  const observer = new MutationObserver(() => {
    if (window.__inDom || !formShown()) return;
    window.__inDom = performance.now();
    observer.disconnect();
    // rAF runs just before the next frame is painted; the task after it, once it has been.
    requestAnimationFrame(() => setTimeout(() => { window.__firstRender = performance.now(); }));
  });
  observer.observe(document, { childList: true, subtree: true });
}

const server = await startServer();
const browser = await launchChromium();
const times = [];
try {
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(watchFirstRender);
    await page.goto(server.url);
    await page.waitForFunction(() => window.__firstRender, null, { timeout: 10_000 });
    const t = await page.evaluate(() => {
      const ended = (suffix) => performance.getEntriesByType('resource')
        .find((e) => new URL(e.name).pathname.endsWith(suffix))?.responseEnd ?? NaN;
      return {
        first: window.__firstRender,
        inDom: window.__inDom,
        html: performance.getEntriesByType('navigation')[0].responseEnd,
        wasm: ended('.wasm'),
        config: ended('/config.json'),
      };
    });
    const f = (ms) => ms.toFixed(0).padStart(4);
    console.log(`run ${String(run + 1).padStart(2)}: ${t.first.toFixed(1)} ms ` +
      `(html ${f(t.html)}, wasm ${f(t.wasm)}, config ${f(t.config)}, form in DOM ${f(t.inDom)})`);
    times.push(t.first);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`first-render-ms ${median.toFixed(1)} min ${times[0].toFixed(1)} max ${times.at(-1).toFixed(1)} runs ${times.length}`);
