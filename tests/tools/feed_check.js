// feed_check.js FEED.xml: what a Podcasting 2.0 app sees (podcast-partytime):
// the channel's guid, and for every item the enclosure, chapters and
// transcript links.  Prints them as JSON; exits 1 if any is missing.
"use strict";
const fs = require("fs");
const { parseFeed } = require("podcast-partytime");

const feed = parseFeed(fs.readFileSync(process.argv[2], "utf8"));
if (!feed) {
  console.error("partytime could not parse the feed");
  process.exit(1);
}
const out = {
  title: feed.title,
  guid: feed.guid,
  items: feed.items.map((i) => ({
    title: i.title,
    enclosure: i.enclosure,
    chapters: i.podcastChapters ? i.podcastChapters.url : null,
    transcripts: (i.podcastTranscripts || []).map((t) => t.url),
    alternates: (i.alternativeEnclosures || []).map((a) => `${a.type} ${a.codecs || ""}`),
  })),
};
let bad = !out.guid;
for (const i of out.items)
  if (!i.chapters || !i.transcripts.length || !i.enclosure || !i.alternates.length) bad = true;
console.log(JSON.stringify(out, null, 1));
process.exit(bad ? 1 : 0);
