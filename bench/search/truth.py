#!/usr/bin/env python3
"""Queries and their ground truth for the search benchmark (bench/search/run.sh).

    python3 bench/search/truth.py SITE PUBLIC OUT.json

SITE is a bangvang site written by bench/gen.py (content/stories/*/*.md and
content/registry.yaml), PUBLIC its built output. Standard library only and
deterministic: the same corpus gives the same queries and the same truth.

Every query is typed the way most people type on a phone or a borrowed
keyboard: lowercase and without diacritics. Fold = NFD, marks U+0300–U+036F
removed, lowercase, đ → d (the same fold as src/vietnamese.rs and search.js).

- name (8): full names from the corpus. Relevant: every story whose
  person.name folds to exactly the query (so "nguyen thi hoa" wants both
  Nguyễn Thị Hoa and Nguyễn Thị Hòa). Picked among the folded names that
  have at least 3 stories, sorted: 6 evenly spaced over all of them and 2
  evenly spaced over those with a đ, so đ → d is always tested.
- ward (8): fixed ward names. Relevant: every story whose unit is that ward
  or whose person lives there (person.residence).
- deed (8): fixed phrases from the corpus titles. Relevant: every story
  whose title or summary holds the phrase as whole consecutive syllables,
  after folding.

Each query also has a "later" query, the refinement a person types next in
the same page (a name plus the ward of that person's first story, a ward plus
a deed, a deed plus a ward), used only to measure the bytes of later queries.

Stories are matched to their built pages (PUBLIC/truyen/*.html) by person
name, birth year and deed date, which bench/gen.py keeps unique.
"""

import glob
import html
import json
import os
import re
import sys
import unicodedata

WARD_QUERIES = ["bach dang", "dong tam", "dong nhan", "pho hue",
                "le dai hanh", "thanh nhan", "quynh loi", "vinh tuy"]
DEED_QUERIES = ["cuu nguoi", "hien mau", "tra lai", "duoi nuoc",
                "chua chay", "via he", "hoa giai", "dinh danh dien tu"]
NAMES = 8
NAMES_WITH_D = 2
MIN_NAME_STORIES = 3


def nfc(s):
    return unicodedata.normalize("NFC", s)


def fold(s):
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not "\u0300" <= c <= "\u036f")
    return s.lower().replace("đ", "d")


def syllables(s):
    return [t for t in re.split(r"[^a-z0-9]+", fold(s)) if t]


def has_phrase(text, phrase):
    words, want = syllables(text), phrase.split()
    n = len(want)
    return any(words[i:i + n] == want for i in range(len(words) - n + 1))


def scalar(v):
    v = v.strip()
    if v.startswith('"'):
        return json.loads(v)
    return v


def front_matter(path):
    """The keys bench/gen.py writes: top-level and one nested level (person, deed)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("---\n"):
        sys.exit(f"truth.py: {path}: no front matter")
    head = text[4:text.index("\n---\n", 4)]
    out, section = {}, None
    for line in head.split("\n"):
        if not line.strip() or line.lstrip().startswith("- "):
            continue
        m = re.match(r"^( *)([A-Za-z_]+):(.*)$", line)
        if not m:
            continue
        indent, key, value = len(m.group(1)), m.group(2), m.group(3)
        if indent == 0:
            if value.strip():
                out[key] = scalar(value)
                section = None
            else:
                section = out.setdefault(key, {})
        elif indent == 2 and isinstance(section, dict):
            section[key] = scalar(value)
    return out


def registry_units(path):
    units, cur = {}, None
    with open(path, encoding="utf-8") as f:
        in_units = False
        for line in f:
            if re.match(r"^[a-z_]+:", line):
                in_units = line.startswith("units:")
                continue
            if not in_units:
                continue
            m = re.match(r"^\s*- id:\s*(\S+)", line)
            if m:
                cur = m.group(1).strip("\"'")
                continue
            m = re.match(r"^\s+name:\s*(.+)$", line)
            if m and cur:
                units[cur] = scalar(m.group(1))
    return units


PAGE_NAME = re.compile(r"<dt>Họ và tên</dt><dd>(?:<a [^>]*>)?([^<]+)")
PAGE_BIRTH = re.compile(r"<dt>Năm sinh</dt><dd>(\d+)")
PAGE_DATE = re.compile(r'class="story-date">[^<]*<time datetime="([0-9-]+)"')


def story_urls(public):
    urls = {}
    for path in glob.glob(os.path.join(public, "truyen", "*.html")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        name, birth, date = PAGE_NAME.search(text), PAGE_BIRTH.search(text), PAGE_DATE.search(text)
        if not (name and date):
            continue
        key = (nfc(html.unescape(name.group(1)).strip()), birth.group(1) if birth else "", date.group(1))
        if key in urls:
            sys.exit(f"truth.py: two story pages for {key}")
        urls[key] = "/truyen/" + os.path.basename(path)
    return urls


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: truth.py SITE PUBLIC OUT.json")
    site, public, out = sys.argv[1:]
    units = registry_units(os.path.join(site, "content", "registry.yaml"))
    pages = story_urls(public)

    stories = []
    for path in sorted(glob.glob(os.path.join(site, "content", "stories", "*", "*.md"))):
        fm = front_matter(path)
        person, deed = fm.get("person", {}), fm.get("deed", {})
        key = (nfc(person["name"]), str(person.get("birth_year", "")), str(deed["date"]))
        url = pages.get(key)
        if url is None:
            sys.exit(f"truth.py: no built page for {path} {key}")
        stories.append({
            "url": url,
            "name": nfc(person["name"]),
            "unit": fm["unit"],
            "residence": person.get("residence", ""),
            "title": nfc(fm["title"]),
            "summary": nfc(fm.get("summary", "")),
            "index": int(stem) if (stem := os.path.basename(path)[:-3]).isdigit() else len(stories),
        })
    stories.sort(key=lambda s: s["index"])

    # Names: folded names with enough stories, sorted, picked evenly.
    by_name = {}
    for s in stories:
        by_name.setdefault(fold(s["name"]), []).append(s)
    common = sorted(n for n, ss in by_name.items() if len(ss) >= MIN_NAME_STORIES)
    if len(common) < NAMES:
        common = sorted(by_name, key=lambda n: (-len(by_name[n]), n))[:max(NAMES * 4, 1)]
        common.sort()
    with_d = [n for n in common if any("đ" in s["name"].lower() for s in by_name[n])]

    def spread(items, k):
        if not items:
            return []
        return [items[(2 * i + 1) * len(items) // (2 * k)] for i in range(k)]

    picked = spread(with_d, NAMES_WITH_D)
    for n in spread([n for n in common if n not in picked], NAMES - len(picked)):
        picked.append(n)
    picked = sorted(set(picked))

    wards = {}
    for uid, name in units.items():
        if uid.startswith("phuong-"):
            wards[fold(name.replace("Phường ", ""))] = uid

    queries = []
    ward_words = sorted(wards)
    for i, n in enumerate(picked):
        rel = [s["url"] for s in by_name[n]]
        first = by_name[n][0]
        ward = next((w for w, uid in wards.items() if uid == first["residence"]), WARD_QUERIES[i % len(WARD_QUERIES)])
        queries.append({"kind": "name", "q": n, "later": f"{n} {ward}", "relevant": rel,
                        "spellings": sorted({s["name"] for s in by_name[n]})})
    for i, w in enumerate(WARD_QUERIES):
        uid = wards.get(w)
        if uid is None:
            sys.exit(f"truth.py: ward '{w}' is not in the registry")
        rel = [s["url"] for s in stories if s["unit"] == uid or s["residence"] == uid]
        queries.append({"kind": "ward", "q": w, "later": f"{w} {DEED_QUERIES[i % len(DEED_QUERIES)]}",
                        "relevant": rel, "ward_id": uid, "spellings": [units[uid]]})
    for i, d in enumerate(DEED_QUERIES):
        rel = [s["url"] for s in stories if has_phrase(s["title"], d) or has_phrase(s["summary"], d)]
        queries.append({"kind": "deed", "q": d, "later": f"{d} {WARD_QUERIES[i % len(WARD_QUERIES)]}",
                        "relevant": rel})

    # For the report: what a wrong result is (title, name, unit, residence).
    info = {s["url"]: [s["name"], s["title"], s["unit"], s["residence"]] for s in stories}
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"stories": len(stories), "queries": queries, "info": info}, f, ensure_ascii=False)
    for q in queries:
        print(f"  {q['kind']:<4}  {q['q']:<22} {len(q['relevant']):>5} relevant")


if __name__ == "__main__":
    main()
