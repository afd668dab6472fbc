// vtt_check.js CAPTIONS.vtt CHAPTERS.vtt: validates both files with the W3C
// WebVTT parser (webvtt-parser, the validator behind the W3C's live one):
// captions in "metadata" mode, the chapters track in "chapters" mode.  Any
// parser error fails.  Also checks what the parser does not: captions are
// in order without overlap, and chapter cues nest.  Prints the cues as JSON
// ({captions: [...], chapters: [...]}, times in ms) for publish_check.py.
"use strict";
const fs = require("fs");
const { WebVTTParser } = require("webvtt-parser");

function parse(path, mode) {
  const r = new WebVTTParser().parse(fs.readFileSync(path, "utf8"), mode);
  if (r.errors.length) {
    for (const e of r.errors) console.error(`${path}:${e.line}:${e.col}: ${e.message}`);
    process.exit(1);
  }
  return r.cues.map((c) => ({
    start: Math.round(c.startTime * 1000),
    end: Math.round(c.endTime * 1000),
    text: c.text,
  }));
}

const captions = parse(process.argv[2], "metadata");
const chapters = parse(process.argv[3], "chapters");
let bad = 0;
function fail(msg) {
  console.error(msg);
  bad++;
}
if (!captions.length) fail("no caption cues");
captions.forEach((c, i) => {
  if (!(c.end > c.start)) fail(`caption ${i + 1} is empty: ${c.start}..${c.end}`);
  if (i && c.start < captions[i - 1].end) fail(`caption ${i + 1} overlaps the one before`);
});
for (let i = 0; i < chapters.length; i++)
  for (let j = i + 1; j < chapters.length; j++) {
    const a = chapters[i], b = chapters[j];
    const disjoint = a.end <= b.start || b.end <= a.start;
    const nested = (a.start <= b.start && b.end <= a.end) || (b.start <= a.start && a.end <= b.end);
    if (!disjoint && !nested) fail(`chapter cues ${i + 1} and ${j + 1} overlap without nesting`);
  }
if (bad) process.exit(1);
console.log(JSON.stringify({ captions, chapters }));
