#!/usr/bin/python3
"""apple_feed_check.py FEED DIR: a feed against Apple Podcasts' published
requirements (podcasters.apple.com "Podcast RSS feed requirements" and
"Artwork requirements", as summarized in the reference's formats.md 2.1):
each required and recommended tag present and well-formed, the artwork's
type and size (read from the file the URL names in DIR), the enclosure's
type and length.  Prints every finding; exits 1 on any."""
import email.utils
import os
import struct
import sys
import xml.etree.ElementTree as ET

IT = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
feed_path, folder = sys.argv[1], sys.argv[2]
bad = []
# Apple's categories (top level), https://podcasters.apple.com/support/1691
CATEGORIES = {"Arts", "Business", "Comedy", "Education", "Fiction", "Government", "History",
              "Health & Fitness", "Kids & Family", "Leisure", "Music", "News", "Religion & Spirituality",
              "Science", "Society & Culture", "Sports", "Technology", "True Crime", "TV & Film"}
TYPES = {"audio/x-m4a", "audio/mpeg", "video/quicktime", "video/mp4", "video/x-m4v", "application/pdf"}


def need(ok, what):
    if not ok:
        bad.append(what)


def local(url):
    """The file a feed URL names in the published folder."""
    return os.path.join(folder, url.rsplit("/", 1)[-1])


def picture_size(path):
    d = open(path, "rb").read()
    if d[:8] == b"\x89PNG\r\n\x1a\n":
        return "png", struct.unpack(">II", d[16:24])
    if d[:3] == b"\xff\xd8\xff":
        i = 2
        while i + 9 < len(d):
            m = d[i + 1]
            if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
                h, w = struct.unpack(">HH", d[i + 5:i + 9])
                return "jpg", (w, h)
            i += 2 + struct.unpack(">H", d[i + 2:i + 4])[0]
    return None, (0, 0)


def artwork(el, where):
    href = el.get("href", "") if el is not None else ""
    need(href.startswith(("http://", "https://")), f"{where}: itunes:image href is not a URL: {href!r}")
    if not href:
        return
    path = local(href)
    need(os.path.exists(path), f"{where}: artwork {href} is not in the folder")
    if os.path.exists(path):
        kind, (w, h) = picture_size(path)
        need(kind is not None and href.lower().endswith((".png",) if kind == "png" else (".jpg", ".jpeg")),
             f"{where}: artwork is not a JPEG or PNG named by its type: {href}")
        need(w == h and 1400 <= w <= 3000, f"{where}: artwork {w}x{h}, Apple wants a square of 1400-3000 px")


tree = ET.parse(feed_path)
rss = tree.getroot()
need(rss.tag == "rss" and rss.get("version") == "2.0", "not RSS 2.0")
ch = rss.find("channel")
for tag in ("title", "description", "language", "link"):
    need(ch.find(tag) is not None and (ch.find(tag).text or "").strip(), f"channel: no <{tag}>")
need(len((ch.findtext("description") or "").encode()) <= 4000, "channel: description over 4000 bytes")
artwork(ch.find(IT + "image"), "channel")
cat = ch.find(IT + "category")
need(cat is not None and cat.get("text") in CATEGORIES, f"channel: itunes:category {cat.get('text') if cat is not None else None!r} is not Apple's")
need(ch.findtext(IT + "explicit") in ("true", "false"), "channel: itunes:explicit not true/false")
need(ch.findtext(IT + "author"), "channel: no itunes:author (recommended)")
owner = ch.find(IT + "owner")
need(owner is not None and "@" in (owner.findtext(IT + "email") or ""), "channel: no itunes:owner e-mail (recommended)")
need(ch.findtext(IT + "type") in ("episodic", "serial"), "channel: itunes:type")
items = ch.findall("item")
need(items, "no items")
guids = set()
for it in items:
    t = it.findtext("title") or "?"
    need(t.strip(), "item without a title")
    enc = it.findall("enclosure")
    need(len(enc) == 1, f"{t}: {len(enc)} enclosures")
    if enc:
        e = enc[0]
        need(e.get("type") in TYPES, f"{t}: enclosure type {e.get('type')} is not one Apple takes")
        path = local(e.get("url", ""))
        need(e.get("url", "").startswith(("http://", "https://")), f"{t}: enclosure URL")
        need(os.path.exists(path) and int(e.get("length", "-1")) == os.path.getsize(path),
             f"{t}: enclosure length {e.get('length')} is not the file's size")
    g = it.findtext("guid")
    need(g and g not in guids, f"{t}: guid missing or repeated")
    guids.add(g)
    need(email.utils.parsedate_tz(it.findtext("pubDate") or "") is not None, f"{t}: pubDate is not RFC 2822")
    need((it.findtext("description") or "").strip(), f"{t}: no description")
    need((it.findtext(IT + "duration") or "").isdigit(), f"{t}: itunes:duration not in seconds")
    need((it.findtext("link") or "").startswith("http"), f"{t}: no link")
    artwork(it.find(IT + "image"), t)
    need(it.findtext(IT + "explicit") in ("true", "false"), f"{t}: itunes:explicit")
for b in bad:
    print("FAIL:", b)
print(f"{len(items)} items checked against Apple's requirements: {len(bad)} problems")
sys.exit(1 if bad else 0)
