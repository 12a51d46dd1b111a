// Lighthouse's accessibility score of each page given, in one Chromium (CHROME_PATH, else /usr/bin/chromium).
// Usage: node scripts/lighthouse.mjs URL... → JSON on stdout: per page its score (0–100), the failed audits
// and every request the page made to another origin (there must be none).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const urls = process.argv.slice(2);
if (!urls.length) {
  console.error("usage: node scripts/lighthouse.mjs URL...");
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  // The flags of the task; the rest keep Chromium from calling Google's services in the background.
  chromeFlags: [
    "--headless=new", "--no-sandbox", "--disable-gpu",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-domain-reliability", "--metrics-recording-only",
    // No name but 127.0.0.1 resolves: nothing can leave the machine, and a page that tries is listed under "outside".
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  ],
});
const pages = [];
try {
  for (const url of urls) {
    const started = performance.now();
    const result = await lighthouse(url, {
      port: chrome.port,
      onlyCategories: ["accessibility"],
      disableFullPageScreenshot: true, // a picture of the page: no part of the score
      logLevel: "error",
    });
    const origin = new URL(url).origin;
    const outside = new Set();
    for (const entry of result.artifacts.DevtoolsLog) {
      const requested = entry.method === "Network.requestWillBeSent" && entry.params.request.url;
      if (requested && /^https?:/.test(requested) && new URL(requested).origin !== origin) outside.add(requested);
    }
    const audits = Object.values(result.lhr.audits);
    pages.push({
      url,
      score: Math.round(result.lhr.categories.accessibility.score * 100),
      failed: audits.filter((a) => a.scoreDisplayMode === "binary" && a.score === 0).map((a) => `${a.id}: ${a.title}`),
      outside: [...outside],
      seconds: Math.round(performance.now() - started) / 1000,
    });
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(pages, null, 2) + "\n");
