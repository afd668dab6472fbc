// page_check.js DIR PAGE.html OPUS_SECONDS: the listening page as its
// readers meet it, in headless Chromium (Debian's, driven by playwright-core)
// over HTTP from 127.0.0.1 with range requests (without which Chromium
// cannot find an Ogg file's duration):
// - the audio loads and its duration matches the Opus file within 0.1 s;
// - the player has an accessible name; chapter times are said in words;
// - activating the third chapter link while paused moves playback there
//   within 0.05 s, says so in a live region, and lights the chapter's
//   heading (not the last sentence before it);
// - playing (muted) for a second highlights that chapter's first sentence,
//   marked aria-current, without moving focus;
// - axe-core reports no violations;
// - with JavaScript off, the transcript and the download links are there.
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");
const { chromium } = require("playwright-core");

const [dir, pageName, opusSeconds] = process.argv.slice(2);
const types = { ".html": "text/html; charset=utf-8", ".opus": "audio/ogg", ".mp3": "audio/mpeg",
                ".vtt": "text/vtt; charset=utf-8", ".json": "application/json", ".txt": "text/plain; charset=utf-8",
                ".m3u8": "audio/x-mpegurl", ".epub": "application/epub+zip" };

function serve(root) {
  return http.createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end(); return;
    }
    const size = fs.statSync(file).size;
    const type = types[path.extname(file)] || "application/octet-stream";
    const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range || "");
    if (range) {
      const start = range[1] ? parseInt(range[1], 10) : size - parseInt(range[2], 10);
      const end = range[1] && range[2] ? parseInt(range[2], 10) : size - 1;
      res.writeHead(206, { "Content-Type": type, "Accept-Ranges": "bytes",
                           "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": end - start + 1 });
      fs.createReadStream(file, { start, end }).pipe(res);
    } else {
      res.writeHead(200, { "Content-Type": type, "Accept-Ranges": "bytes", "Content-Length": size });
      fs.createReadStream(file).pipe(res);
    }
  });
}

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
  if (!ok) failures++;
}

(async () => {
  const server = serve(path.resolve(dir));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/${pageName}`;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--autoplay-policy=no-user-gesture-required"],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    const duration = await page.evaluate(() => new Promise((resolve) => {
      const a = document.getElementById("pemutar");
      if (isFinite(a.duration) && a.duration > 0) return resolve(a.duration);
      a.addEventListener("durationchange", () => { if (isFinite(a.duration)) resolve(a.duration); });
      a.load();
    }));
    check(Math.abs(duration - parseFloat(opusSeconds)) <= 0.1,
          `audio duration ${duration.toFixed(3)} s, Opus ${opusSeconds} s`);

    // the third chapter, or the last when there are fewer
    const count = await page.locator("nav li > a").count();
    const nth = Math.min(3, count);
    const link = page.locator(`nav li:nth-child(${nth}) > a`);
    const start = parseFloat(await link.getAttribute("data-start"));
    await link.focus();
    await page.keyboard.press("Enter"); // keyboard, as a screen reader user would
    const moved = await page.evaluate(() => document.getElementById("pemutar").currentTime);
    check(Math.abs(moved - start) <= 0.05, `chapter link ${nth}: playback at ${moved.toFixed(3)} s, chapter at ${start} s`);
    const jump = await page.evaluate((n) => {
      const st = document.querySelector("[role=status]");
      const lit = document.querySelector(".aktif");
      const heading = document.querySelector(`#ch-${n} span[data-begin]`);
      return { said: st && st.textContent, live: st && (st.getAttribute("role") === "status" || st.getAttribute("aria-live")),
               lit: lit && lit.id, want: heading && heading.id,
               name: document.getElementById("pemutar").getAttribute("aria-label"),
               times: [...document.querySelectorAll("nav li .waktu")].map((e) => e.textContent) };
    }, nth);
    check(jump.live && /Dijeda di .*mulai .*(detik|menit)/.test(jump.said || ""), `paused jump announced: "${jump.said}"`);
    check(jump.lit && jump.lit === jump.want, `after the jump the chapter's heading is lit (${jump.lit}, want ${jump.want})`);
    check(!!jump.name && jump.name.startsWith("Narasi"), `the player is named "${jump.name}"`);
    check(jump.times.length === count && jump.times.every((t) => /mulai \d+ (jam|menit|detik)/.test(t)),
          `chapter times are labelled in words: "${jump.times[nth - 1]}"`);

    const focusBefore = await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 60));
    await page.evaluate(async () => { const a = document.getElementById("pemutar"); a.muted = true; await a.play(); });
    await page.waitForTimeout(1000);
    const state = await page.evaluate(() => {
      const a = document.getElementById("pemutar"); a.pause();
      const lit = document.querySelectorAll(".aktif");
      const n = Math.min(3, document.querySelectorAll("nav li > a").length);
      const first = document.querySelector(`#ch-${n} span[data-begin]`);
      return { ids: [...lit].map((e) => e.id), current: lit.length ? lit[0].getAttribute("aria-current") : null,
               want: first && first.id, focus: document.activeElement && document.activeElement.outerHTML.slice(0, 60),
               time: a.currentTime };
    });
    check(state.ids.length === 1 && state.ids[0] === state.want && state.current === "true",
          `after a second of play (at ${state.time.toFixed(2)} s) the highlighted sentence is ${state.ids} (want ${state.want})`);
    check(state.focus === focusBefore, "focus did not move");

    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const axe = await page.evaluate(async () => (await window.axe.run(document)).violations.map(
      (v) => `${v.id} (${v.impact}): ${v.nodes.length} nodes`));
    check(axe.length === 0, `axe-core: ${axe.length ? axe.join("; ") : "no violations"}`);

    const bare = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await bare.goto(url);
    const noJs = await bare.evaluate(() => ({
      sentences: document.querySelectorAll("#transkrip span[id]").length,
      text: document.querySelector("#transkrip").innerText.length,
      downloads: [...document.querySelectorAll("a[download]")].map((a) => a.getAttribute("href")),
    }));
    check(noJs.sentences > 0 && noJs.text > 100, `without JavaScript: transcript of ${noJs.sentences} sentences`);
    let reachable = noJs.downloads.length > 0;
    for (const href of noJs.downloads) {
      const r = await bare.request.get(new URL(href, url).toString());
      if (r.status() !== 200) { reachable = false; console.log(`  ${href}: HTTP ${r.status()}`); }
    }
    check(reachable, `without JavaScript: ${noJs.downloads.length} download links, all reachable`);
  } finally {
    await browser.close();
    server.close();
  }
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.log("FAIL:", e.message); process.exit(1); });
