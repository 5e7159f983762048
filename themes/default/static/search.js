/* samsyn search client: no dependencies.
 *
 * Searches the static index that `samsyn build` writes under /search/
 * (format: src/search/mod.rs and src/search/index.rs). It downloads
 * index.json, vocab.txt and docs.bin once, then only the postings shards
 * (p/N.bin) of the keys a query matches and the d/N.json files (a few
 * entries each) of the results it shows.
 *
 * The word rules (tokens, lower case, folding, Snowball Swedish and the
 * definite-form rule) are the indexer's: index.json's `words` carries every
 * table (src/search/tokenize.rs, `rules`), and only the algorithms are here.
 *
 * Near matches (a word a few letters off) are looked for in vocab.txt, which
 * is here anyway, and cost only the shards of the few keys kept.
 *
 * Loaded in Node (module.exports), it exposes the engine without the page,
 * for the parity test and the benchmark.
 */
(function () {
  "use strict";

  /* ---------- Words ---------- */

  /* The tables of index.json's `words`, prepared by useRules. */
  var R = null;

  function hex(n) {
    return "\\u{" + n.toString(16) + "}";
  }

  /* Characters as escapes for a character class (a hyphen among them). */
  function codeClass(chars) {
    return Array.from(chars).map(function (c) {
      return hex(c.codePointAt(0));
    }).join("");
  }

  /* Takes the word rules of an index; throws if it has none (an index
   * this client cannot read the same way as its indexer). */
  function useRules(w) {
    if (!w || !w.fold || !w.main || !w.marks) {
      throw new Error("index.json has no word rules");
    }
    var word = "\\p{Alphabetic}\\p{N}" + hex(w.marks[0]) + "-" + hex(w.marks[1]);
    var soft = codeClass(w.soft_hyphen);
    var fold = Object.create(null);
    Object.keys(w.fold).forEach(function (to) {
      Array.from(w.fold[to]).forEach(function (c) {
        fold[c] = to;
      });
    });
    var split = function (list) {
      return list.map(function (s) {
        return Array.from(s);
      });
    };
    var own = Object.prototype.hasOwnProperty;
    R = {
      max: w.max_chars,
      run: new RegExp("[" + word + soft + codeClass(w.hyphens) + "]+", "gu"),
      part: new RegExp("[" + word + soft + "]+", "gu"),
      soft: w.soft_hyphen,
      marks: w.marks,
      compose: w.compose.map(function (c) {
        return [c[0] + c[1], c[2]];
      }),
      fold: fold,
      vowels: w.vowels,
      r1: w.r1_min,
      main: w.main.map(function (s) {
        return [Array.from(s), own.call(w.main_after, s) ? w.main_after[s] : null];
      }),
      pairs: split(w.pairs),
      other: w.other.map(function (o) {
        return [Array.from(o[0]), o[1]];
      }),
      definite: w.definite,
      definiteMin: w.definite_min
    };
  }

  /* Lower case character by character (as Rust's char::to_lowercase). */
  function lower(s) {
    if (!/[^a-z0-9]/.test(s)) {
      return s;
    }
    var out = "";
    for (var ch of s) {
      out += ch.toLowerCase();
    }
    for (var i = 0; i < R.compose.length; i++) {
      var c = R.compose[i];
      if (out.indexOf(c[0]) >= 0) {
        out = out.split(c[0]).join(c[1]);
      }
    }
    return out;
  }

  function fold(s) {
    if (!/[^\u0000-\u007f]/.test(s)) {
      return s;
    }
    var out = "";
    for (var ch of s) {
      var code = ch.codePointAt(0);
      if (code >= R.marks[0] && code <= R.marks[1]) {
        continue;
      }
      out += R.fold[ch] !== undefined ? R.fold[ch] : ch;
    }
    return out;
  }

  /* Runs of word characters joined by hyphens, with their parts and
   * positions: [{start, end, parts: [{start, end, text}]}]. A soft hyphen
   * joins without a break and is left out of the text. */
  function runs(text) {
    var out = [];
    var RUN = R.run;
    var PART = R.part;
    RUN.lastIndex = 0;
    var m;
    while ((m = RUN.exec(text)) !== null) {
      var parts = [];
      var base = m.index;
      PART.lastIndex = 0;
      var p;
      while ((p = PART.exec(m[0])) !== null) {
        var t = p[0].indexOf(R.soft) >= 0 ? p[0].split(R.soft).join("") : p[0];
        if (t) {
          parts.push({ start: base + p.index, end: base + p.index + p[0].length, text: t });
        }
      }
      if (parts.length) {
        out.push({ start: parts[0].start, end: parts[parts.length - 1].end, parts: parts });
      }
    }
    return out;
  }

  function okToken(t) {
    return t.length > 0 && Array.from(t).length <= R.max;
  }

  /* Tokens as the index has them: parts, then the whole hyphenated word. */
  function tokens(text) {
    var out = [];
    runs(text).forEach(function (r) {
      var lowered = r.parts.map(function (p) {
        return lower(p.text);
      });
      lowered.forEach(function (t) {
        if (okToken(t)) {
          out.push(t);
        }
      });
      if (lowered.length > 1) {
        var whole = lowered.join("-");
        if (okToken(whole)) {
          out.push(whole);
        }
      }
    });
    return out;
  }

  function isVowel(c) {
    return R.vowels.indexOf(c) >= 0;
  }

  /* Whether suffix `s` (code points) ends w[0..n] inside R1 (from p1). */
  function inR1(w, n, p1, s) {
    if (n - s.length < p1) {
      return false;
    }
    for (var i = 0; i < s.length; i++) {
      if (w[n - s.length + i] !== s[i]) {
        return false;
      }
    }
    return true;
  }

  /* Snowball Swedish: `stem` of src/search/tokenize.rs, in code points. */
  function snowball(word) {
    var w = Array.from(word);
    var n = w.length;
    var p1 = n;
    if (n >= R.r1) {
      var i = 0;
      while (i < n && !isVowel(w[i])) {
        i++;
      }
      while (i < n && isVowel(w[i])) {
        i++;
      }
      if (i < n) {
        p1 = Math.max(i + 1, R.r1);
      }
    }
    var k;
    for (k = 0; k < R.main.length; k++) {
      var s = R.main[k][0];
      if (inR1(w, n, p1, s)) {
        // Snowball takes some suffixes ("s") off only after certain letters.
        var after = R.main[k][1];
        if (after === null || (n > s.length && after.indexOf(w[n - s.length - 1]) >= 0)) {
          n -= s.length;
        }
        break;
      }
    }
    for (k = 0; k < R.pairs.length; k++) {
      if (inR1(w, n, p1, R.pairs[k])) {
        n -= 1;
        break;
      }
    }
    var tail = "";
    for (k = 0; k < R.other.length; k++) {
      var o = R.other[k];
      if (inR1(w, n, p1, o[0])) {
        n -= o[0].length;
        tail = o[1];
        break;
      }
    }
    return w.slice(0, n).join("") + tail;
  }

  /* The stem without a definite ending, when enough letters with a vowel
   * remain; null otherwise. */
  function definite(stem) {
    for (var i = 0; i < R.definite.length; i++) {
      var end = R.definite[i];
      if (stem.endsWith(end)) {
        var chars = Array.from(stem.slice(0, stem.length - end.length));
        if (chars.length >= R.definiteMin && chars.some(isVowel)) {
          return chars.join("");
        }
      }
    }
    return null;
  }

  /* The key of a folded word, given which keys the site has. */
  function keyOf(folded, has) {
    var stem = snowball(folded);
    var rest = definite(stem);
    return rest !== null && has(rest) ? rest : stem;
  }

  function isDigitStart(s) {
    return /^\p{N}/u.test(s);
  }

  /* ---------- Index ---------- */

  function readVarint(bytes, pos) {
    var v = 0;
    var mul = 1;
    for (;;) {
      var b = bytes[pos.i++];
      v += (b & 0x7f) * mul;
      if (b < 0x80) {
        return v;
      }
      mul *= 128;
    }
  }

  function readFixed(bytes, pos, width) {
    var v = 0;
    for (var k = 0; k < width; k++) {
      v += bytes[pos.i++] * Math.pow(256, k);
    }
    return v;
  }

  var utf8 = typeof TextDecoder !== "undefined" ? new TextDecoder("utf-8") : null;

  function Engine(base, fetcher) {
    this.base = base;
    this.fetcher = fetcher || function (url) {
      return fetch(url);
    };
    this.bytes = 0;
    this.requests = 0;
    this.shards = new Map();
    this.blocks = new Map();
    this.fragments = new Map();
    this.groups = new Map();
    this.digits = null;
  }

  Engine.prototype.get = function (path, type, fresh) {
    var self = this;
    var url = this.base + path + (this.meta && !fresh ? "?v=" + this.meta.build : "");
    self.requests += 1;
    return Promise.resolve(this.fetcher(url, fresh ? { cache: "no-cache" } : undefined)).then(function (res) {
      if (!res.ok) {
        throw new Error(path + ": " + res.status);
      }
      return res.arrayBuffer();
    }).then(function (buf) {
      self.bytes += buf.byteLength;
      if (type === "bytes") {
        return new Uint8Array(buf);
      }
      var text = utf8.decode(buf);
      return type === "json" ? JSON.parse(text) : text;
    });
  };

  Engine.prototype.load = function () {
    var self = this;
    if (this.loading) {
      return this.loading;
    }
    this.loading = this.get("index.json", "json", true).then(function (meta) {
      useRules(meta.words);
      self.meta = meta;
      var starts = [];
      var at = 0;
      meta.shards.forEach(function (d) {
        at += d;
        starts.push(at);
      });
      self.shardStarts = starts;
      self.scoreOf = new Float64Array(256);
      for (var q = 0; q < 256; q++) {
        self.scoreOf[q] = Math.exp((q / 255) * meta.scale) - 1;
      }
      self.hidden = meta.hidden.map(function (key) {
        return 1 + meta.statuses.findIndex(function (s) {
          return s[0] === key;
        });
      });
      return Promise.all([self.get("vocab.txt", "text"), self.get("docs.bin", "bytes")]);
    }).then(function (parts) {
      self.letters = parseVocab(parts[0]);
      self.parseDocs(parts[1]);
      return self;
    });
    return this.loading;
  };

  function parseVocab(text) {
    var lines = text.split("\n");
    var head = lines[0].split(" ");
    var first = parseInt(head[0], 10);
    var count = parseInt(head[1], 10);
    var keys = new Array(count);
    var df = new Uint32Array(count);
    var words = new Array(count);
    var index = new Map();
    var prev = "";
    for (var i = 0; i < count; i++) {
      // "P SUFFIX [DF [Q WORD]]": see src/search/index.rs.
      var fields = lines[i + 1].split(" ");
      var head = fields[0];
      var key = prev.slice(0, parseInt(head[0], 36)) + head.slice(1);
      df[i] = fields.length > 1 ? parseInt(fields[1], 36) : 1;
      words[i] = fields.length > 2 ? key.slice(0, parseInt(fields[2][0], 36)) + fields[2].slice(1) : key;
      keys[i] = key;
      index.set(key, first + i);
      prev = key;
    }
    return { first: first, keys: keys, df: df, words: words, index: index };
  }

  Engine.prototype.parseDocs = function (bytes) {
    var n = this.meta.entries;
    var kind = new Uint8Array(n);
    var status = new Uint8Array(n);
    var ownerAt = new Uint32Array(n + 1);
    var orgAt = new Uint32Array(n + 1);
    var owners = [];
    var orgs = [];
    var pos = { i: 0 };
    var ow = this.meta.owner_width;
    var gw = this.meta.organisation_width;
    for (var d = 0; d < n; d++) {
      var b = bytes[pos.i++];
      kind[d] = b >> 3;
      status[d] = b & 7;
      var c = bytes[pos.i++];
      var no = c >> 4;
      var ng = c & 15;
      ownerAt[d] = owners.length;
      orgAt[d] = orgs.length;
      for (var j = 0; j < no; j++) {
        owners.push(readFixed(bytes, pos, ow));
      }
      for (j = 0; j < ng; j++) {
        orgs.push(readFixed(bytes, pos, gw));
      }
    }
    ownerAt[n] = owners.length;
    orgAt[n] = orgs.length;
    this.docs = {
      n: n, kind: kind, status: status, ownerAt: ownerAt, orgAt: orgAt,
      owners: Uint32Array.from(owners), orgs: Uint32Array.from(orgs)
    };
  };

  Engine.prototype.loadDigits = function () {
    var self = this;
    if (!this.digitsLoading) {
      this.digitsLoading = this.get("vocab-num.txt", "text").then(function (text) {
        self.digits = parseVocab(text);
        return self.digits;
      });
    }
    return this.digitsLoading;
  };

  Engine.prototype.vocabFor = function (folded) {
    return isDigitStart(folded) ? this.digits : this.letters;
  };

  Engine.prototype.shardOf = function (key) {
    var s = this.shardStarts;
    var lo = 0;
    var hi = s.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (s[mid] <= key) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  };

  Engine.prototype.shard = function (n) {
    var self = this;
    var entry = this.shards.get(n);
    if (!entry) {
      entry = { bytes: null, promise: null };
      entry.promise = this.get("p/" + n + ".bin", "bytes").then(function (bytes) {
        entry.bytes = bytes;
        return bytes;
      });
      this.shards.set(n, entry);
    }
    return entry;
  };

  /* The surface forms and postings of global key `key` (its shard loaded). */
  Engine.prototype.block = function (key) {
    var cached = this.blocks.get(key);
    if (cached) {
      return cached;
    }
    var n = this.shardOf(key);
    var bytes = this.shard(n).bytes;
    var pos = { i: 0 };
    for (var k = this.shardStarts[n]; k < key; k++) {
      var skip = readVarint(bytes, pos);
      pos.i += skip;
    }
    readVarint(bytes, pos);
    var count = readVarint(bytes, pos);
    var terms = [];
    for (var t = 0; t < count; t++) {
      var len = readVarint(bytes, pos);
      var surface = utf8.decode(bytes.subarray(pos.i, pos.i + len));
      pos.i += len;
      var m = readVarint(bytes, pos);
      var docs = new Uint32Array(m);
      var lead = null;
      var doc = 0;
      for (var j = 0; j < m; j++) {
        // A gap times two, plus one where the form begins the entry's title.
        var v = readVarint(bytes, pos);
        doc += Math.floor(v / 2);
        docs[j] = doc;
        if (v % 2) {
          lead = lead || new Uint8Array(m);
          lead[j] = 1;
        }
      }
      var scores = bytes.subarray(pos.i, pos.i + m);
      pos.i += m;
      terms.push({ surface: surface, folded: fold(surface), docs: docs, scores: scores, lead: lead });
    }
    this.blocks.set(key, terms);
    return terms;
  };

  /* ---------- Queries ---------- */

  /* Match classes, best first: the word starts the entry's title, is the
   * word, has its stem, starts a longer word, ends a compound, is inside
   * one, or is only near (a letter or a few off). */
  var LEAD = 0;
  var EXACT = 1;
  var STEM = 2;
  var PREFIX = 3;
  var SUFFIX = 4;
  var INFIX = 5;
  var NEAR = 6;
  /* Folded but not accent-exact matches score this much of an exact one. */
  var FOLDED_FACTOR = 0.8;
  /* Near matches score this much. */
  var NEAR_FACTOR = 0.5;
  /* At most this many near keys per query word. */
  var MAX_NEAR = 8;
  /* Expired and superseded entries score this much. */
  var HIDDEN_FACTOR = 0.8;
  /* At most this many keys per query word beyond its own. */
  var MAX_EXPANSIONS = 60;

  /* Query words: [{surface, folded, parts}] (parts of a hyphenated word). */
  function queryWords(q) {
    var out = [];
    runs(q).forEach(function (r) {
      var parts = r.parts.map(function (p) {
        return lower(p.text);
      }).filter(okToken);
      if (!parts.length) {
        return;
      }
      var whole = parts.join("-");
      out.push({
        surface: whole,
        folded: fold(whole),
        parts: parts.length > 1 ? parts.map(function (p) {
          return { surface: p, folded: fold(p), parts: null };
        }) : null
      });
    });
    return out;
  }

  /* The keys a query word can match: [{key (global index), cls}]. */
  Engine.prototype.candidates = function (word) {
    var vocab = this.vocabFor(word.folded);
    if (!vocab) {
      return [];
    }
    var f = word.folded;
    var own = keyOf(f, function (k) {
      return vocab.index.has(k);
    });
    word.key = own;
    var out = [];
    var seen = new Set();
    var ownIndex = vocab.index.get(own);
    if (ownIndex !== undefined) {
      out.push({ key: ownIndex, cls: EXACT });
      seen.add(ownIndex);
    }
    var digits = isDigitStart(f);
    var extra = [];
    var flen = Array.from(f).length;
    var olen = Array.from(own).length;
    if (flen >= 4) {
      // Keys that are a start of the word, short of an inflection ending
      // (their surface forms may continue it: "skolorn" → "skol").
      for (var cut = Math.max(3, f.length - 6); cut < f.length; cut++) {
        var at = vocab.index.get(f.slice(0, cut));
        if (at !== undefined && !seen.has(at)) {
          // Unsure: matches only if one of its forms continues the word.
          extra.push({ key: at, cls: PREFIX, df: vocab.df[at - vocab.first], unsure: true });
          seen.add(at);
        }
      }
    }
    var keys = vocab.keys;
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      var g = vocab.first + i;
      if (seen.has(g)) {
        continue;
      }
      var cls = -1;
      if (flen >= 2 && k.startsWith(f)) {
        cls = PREFIX;
      } else if (!digits && olen >= 3 && k.length > own.length && k.endsWith(own)) {
        cls = SUFFIX;
      } else if (!digits && olen >= 4 && k.indexOf(own) > 0) {
        cls = INFIX;
      }
      if (cls >= 0) {
        extra.push({ key: g, cls: cls, df: vocab.df[i] });
      }
    }
    extra.sort(function (a, b) {
      return a.cls - b.cls || b.df - a.df || a.key - b.key;
    });
    out = out.concat(extra.slice(0, MAX_EXPANSIONS));
    word.vocab = vocab;
    word.sure = out.some(function (c) {
      return !c.unsure;
    });
    // Near keys are found once the word's own blocks are in (nearFor).
    word.near = digits ? [] : null;
    return out;
  };

  /* Near keys for a word whose candidates' blocks are loaded, when the
   * word as typed is in no entry: then it is likely misspelt, even if its
   * stem or start matches other words ("orosanmälning" has the key of
   * "orosanmälningar", but the reader meant "orosanmälan"). */
  Engine.prototype.nearFor = function (x) {
    if (x.near) {
      return x.near;
    }
    if (!x.vocab) {
      x.near = [];
      return x.near;
    }
    var self = this;
    var typed = x.sure && x.cands.some(function (c) {
      return c.cls === EXACT && self.block(c.key).some(function (t) {
        return t.folded === x.folded;
      });
    });
    var seen = new Set(x.cands.map(function (c) {
      return c.key;
    }));
    x.near = typed ? [] : this.nearKeys(x.vocab, x.folded, x.key, !x.sure).filter(function (c) {
      return !seen.has(c.key);
    });
    return x.near;
  };

  /* How many edits a word of `n` letters may be off and still match: one
   * per four letters, at most three ("orosanmälning" for "orosanmälan"). */
  function nearMax(n) {
    return Math.min(3, Math.floor(n / 4));
  }

  /* Edits from a to b (a letter changed, added, left out, or two swapped),
   * or max + 1 once it is more than max. */
  function editDistance(a, b, max) {
    var n = a.length;
    var m = b.length;
    if (Math.abs(n - m) > max) {
      return max + 1;
    }
    var before = new Array(m + 1);
    var prev = new Array(m + 1);
    var cur = new Array(m + 1);
    for (var j = 0; j <= m; j++) {
      prev[j] = j;
    }
    for (var i = 1; i <= n; i++) {
      cur[0] = i;
      var rowMin = i;
      for (j = 1; j <= m; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          v = Math.min(v, before[j - 2] + 1);
        }
        cur[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > max) {
        return max + 1;
      }
      var t = before;
      before = prev;
      prev = cur;
      cur = t;
    }
    return prev[m];
  }

  /* The first and past-the-last place of the keys that start with `c`. */
  function letterRange(keys, c) {
    var lo = 0;
    var hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid] < c) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    var start = lo;
    hi = keys.length;
    while (lo < hi) {
      mid = (lo + hi) >> 1;
      if (keys[mid].startsWith(c)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return [start, lo];
  }

  /* Keys a few edits from a word (its folded form `f`, its key `own`, the
   * keys compared too when `byKey`, as for a word none of whose keys is in
   * the site): [{key, cls: NEAR, word, d}], nearest and most used first.
   * Only keys that
   * start with the word's first or second letter are compared (a typo at
   * the very start is rare, a swap of the first two is not), so a query
   * reads a small part of the vocabulary it already has: nothing more is
   * downloaded to find them, only the shards of the few it keeps. */
  Engine.prototype.nearKeys = function (vocab, f, own, byKey) {
    var chars = Array.from(f);
    var max = nearMax(chars.length);
    if (!max) {
      return [];
    }
    var ownChars = Array.from(own);
    var found = [];
    var starts = chars[1] && chars[1] !== chars[0] ? [chars[0], chars[1]] : [chars[0]];
    starts.forEach(function (c) {
      var r = letterRange(vocab.keys, c);
      for (var i = r[0]; i < r[1]; i++) {
        var key = vocab.keys[i];
        var word = vocab.words[i];
        var d = editDistance(chars, Array.from(fold(word)), max);
        if (byKey && d > 1) {
          d = Math.min(d, editDistance(ownChars, Array.from(key), max));
        }
        if (d > 0 && d <= max) {
          found.push({ key: vocab.first + i, cls: NEAR, word: word, d: d, df: vocab.df[i] });
        }
      }
    });
    found.sort(function (a, b) {
      return a.d - b.d || b.df - a.df || a.key - b.key;
    });
    return found.slice(0, MAX_NEAR);
  };

  /* Entries matching one word: {docs (the entries, in no order), cls and
   * score (typed arrays by entry; cls 255 where it does not match)}; and the
   * folded surface forms that matched (for marking snippets). */
  Engine.prototype.matchWord = function (word, cands) {
    var n = this.docs.n;
    var cls8 = new Uint8Array(n).fill(255);
    var score = new Float64Array(n);
    var docs = [];
    var forms = new Set();
    var near = null;
    var self = this;
    cands.forEach(function (c) {
      self.block(c.key).forEach(function (term) {
        var cls = c.cls;
        var factor = 1;
        if (cls === NEAR) {
          factor = NEAR_FACTOR;
          near = near || new Map();
        } else if (cls === EXACT) {
          if (term.surface === word.surface) {
            cls = EXACT;
          } else if (term.folded === word.folded) {
            factor = FOLDED_FACTOR;
          } else {
            cls = STEM;
          }
        } else if (cls === PREFIX && !term.folded.startsWith(word.folded)) {
          return;
        }
        forms.add(term.folded);
        var tdocs = term.docs;
        var tscores = term.scores;
        var scoreOf = self.scoreOf;
        // The entries whose title begins with this form rank first when the
        // form begins with the query word ("oros" → "Orosanmälan …").
        var lead = cls <= PREFIX && term.lead && term.folded.startsWith(word.folded) ? term.lead : null;
        for (var j = 0; j < tdocs.length; j++) {
          var d = tdocs[j];
          var sc = scoreOf[tscores[j]] * factor;
          var here = lead && lead[j] ? LEAD : cls;
          var old = cls8[d];
          if (old === 255) {
            docs.push(d);
          } else if (!(here < old || (here === old && sc > score[d]))) {
            continue;
          }
          cls8[d] = here;
          score[d] = sc;
          if (near) {
            near.set(d, c.word);
          }
        }
      });
    });
    return { hits: { docs: docs, cls: cls8, score: score, size: docs.length, near: near }, forms: forms };
  };

  /* Which shards a query needs, and its words with their candidates. */
  Engine.prototype.plan = function (q) {
    var self = this;
    var words = queryWords(q);
    var needDigits = words.some(function (w) {
      return isDigitStart(w.folded) || (w.parts || []).some(function (p) {
        return isDigitStart(p.folded);
      });
    });
    if (needDigits && !this.digits) {
      return { words: words, digits: true, shards: [] };
    }
    var shards = new Set();
    words.forEach(function (w) {
      // A hyphenated word matches whole, or else by all of its parts.
      [w].concat(w.parts || []).forEach(function (x) {
        x.cands = self.candidates(x);
        x.cands.forEach(function (c) {
          shards.add(self.shardOf(c.key));
        });
      });
    });
    return { words: words, digits: false, shards: Array.from(shards).sort(function (a, b) {
      return a - b;
    }) };
  };

  /* Whether every shard the plan needs is already here, near keys' too. */
  Engine.prototype.ready = function (plan) {
    var self = this;
    var here = function (n) {
      var e = self.shards.get(n);
      return e && e.bytes;
    };
    return !plan.digits && plan.shards.every(here) && this.nearShards(plan).every(here);
  };

  /* The shards of the plan's near keys (its own shards loaded). */
  Engine.prototype.nearShards = function (plan) {
    var self = this;
    var shards = new Set();
    plan.words.forEach(function (w) {
      [w].concat(w.parts || []).forEach(function (x) {
        self.nearFor(x).forEach(function (c) {
          shards.add(self.shardOf(c.key));
        });
      });
    });
    return Array.from(shards);
  };

  /* Loads what a query needs; resolves to its plan. */
  Engine.prototype.prepare = function (q) {
    var self = this;
    var plan = this.plan(q);
    if (plan.digits) {
      return this.loadDigits().then(function () {
        return self.prepare(q);
      });
    }
    var load = function (shards) {
      return Promise.all(shards.map(function (n) {
        return self.shard(n).promise;
      }));
    };
    // Two steps: the word's own keys, then (for a word none of them has
    // as typed) its near keys.
    return load(plan.shards).then(function () {
      return load(self.nearShards(plan));
    }).then(function () {
      return plan;
    });
  };

  /* Runs a prepared plan: every entry that matches every word, ranked.
   * Returns {words, matched: [{doc, cls, score}], forms, missing}. */
  Engine.prototype.run = function (plan) {
    var self = this;
    var lists = [];
    var forms = new Map();
    var missing = [];
    var nearWords = [];
    function match(x, near) {
      var more = near ? self.nearFor(x) : [];
      var cands = more.length ? x.cands.concat(more) : x.cands;
      return { word: x, m: self.matchWord(x, cands) };
    }
    function found(g) {
      return g.m.hits.size > 0;
    }
    function near(x) {
      return match(x, true);
    }
    plan.words.forEach(function (w) {
      // A hyphenated word matches whole, else by all of its parts, else
      // near whole, else by its parts near. Near keys join the matches
      // of a word that is in no entry as typed.
      var group = [near(w)];
      if (!found(match(w, false)) && w.parts) {
        var parts = w.parts.map(function (p) {
          return match(p, false);
        });
        if (parts.every(found) || !found(group[0])) {
          group = w.parts.map(near);
        }
      }
      group.forEach(function (g) {
        if (g.m.hits.near) {
          var words = new Set(g.m.hits.near.values());
          nearWords.push({ word: g.word.surface, near: Array.from(words) });
        }
        var bit = 1 << Math.min(lists.length, 30);
        g.m.forms.forEach(function (f) {
          forms.set(f, (forms.get(f) || 0) | bit);
        });
        if (!g.m.hits.size) {
          missing.push(g.word);
        }
        lists.push(g.m.hits);
      });
    });
    forms.all = lists.length >= 31 ? 0x7fffffff : (1 << lists.length) - 1;
    var matched = [];
    if (lists.length && !missing.length) {
      lists.sort(function (a, b) {
        return a.size - b.size;
      });
      var first = lists[0];
      var status = self.docs.status;
      var hidden = self.hidden;
      for (var k = 0; k < first.docs.length; k++) {
        var doc = first.docs[k];
        var cls = first.cls[doc];
        var score = first.score[doc];
        var all = true;
        for (var i = 1; i < lists.length; i++) {
          var c = lists[i].cls[doc];
          if (c === 255) {
            all = false;
            break;
          }
          if (c > cls) {
            cls = c;
          }
          score += lists[i].score[doc];
        }
        if (!all) {
          continue;
        }
        if (hidden.indexOf(status[doc]) >= 0) {
          score *= HIDDEN_FACTOR;
        }
        var m = { doc: doc, cls: cls, score: score };
        if (cls === NEAR) {
          m.near = nearOf(lists, doc);
        }
        matched.push(m);
      }
      matched.sort(function (a, b) {
        return a.cls - b.cls || b.score - a.score || a.doc - b.doc;
      });
    }
    return { words: plan.words, matched: matched, forms: forms, missing: missing, near: nearWords };
  };

  /* The words an entry matched near, one per query word. */
  function nearOf(lists, doc) {
    var out = [];
    lists.forEach(function (l) {
      var w = l.near && l.near.get(doc);
      if (w && out.indexOf(w) < 0) {
        out.push(w);
      }
    });
    return out;
  }

  /* Query → ranked result (loads what it needs). */
  Engine.prototype.search = function (q) {
    var self = this;
    return this.load().then(function () {
      return self.prepare(q);
    }).then(function (plan) {
      return self.run(plan);
    });
  };

  /* ---------- Facets ---------- */

  var FACETS = ["kind", "status", "owner", "organisation"];

  Engine.prototype.values = function (doc, facet) {
    var d = this.docs;
    switch (facet) {
      case "kind":
        return [d.kind[doc]];
      case "status":
        return d.status[doc] ? [d.status[doc]] : [];
      case "owner":
        return Array.from(d.owners.subarray(d.ownerAt[doc], d.ownerAt[doc + 1]));
      default:
        return Array.from(d.orgs.subarray(d.orgAt[doc], d.orgAt[doc + 1]));
    }
  };

  /* Facet filters as numbers: {kind, status, owner, organisation} from keys. */
  Engine.prototype.filterNumbers = function (filters) {
    var m = this.meta;
    function find(list, key) {
      if (!key) {
        return -1;
      }
      return list.findIndex(function (x) {
        return x[0] === key;
      });
    }
    var status = find(m.statuses, filters.status);
    return {
      kind: find(m.kinds, filters.kind),
      status: status < 0 ? -1 : status + 1,
      owner: find(m.owners, filters.owner),
      organisation: find(m.organisations, filters.organisation)
    };
  };

  /* Whether entry `doc` has value `v` for `facet`. */
  Engine.prototype.has = function (doc, facet, v) {
    var d = this.docs;
    var i;
    switch (facet) {
      case "kind":
        return d.kind[doc] === v;
      case "status":
        return d.status[doc] === v;
      case "owner":
        for (i = d.ownerAt[doc]; i < d.ownerAt[doc + 1]; i++) {
          if (d.owners[i] === v) {
            return true;
          }
        }
        return false;
      default:
        for (i = d.orgAt[doc]; i < d.orgAt[doc + 1]; i++) {
          if (d.orgs[i] === v) {
            return true;
          }
        }
        return false;
    }
  };

  /* Applies filters: {shown, counts per facet (other filters applied),
   * hidden (left out for being expired/superseded)}. */
  Engine.prototype.filter = function (matched, filters, showHidden) {
    var self = this;
    var d = this.docs;
    var want = this.filterNumbers(filters);
    var active = FACETS.filter(function (f) {
      return want[f] >= 0;
    });
    var counts = {
      kind: new Uint32Array(this.meta.kinds.length),
      status: new Uint32Array(this.meta.statuses.length + 1),
      owner: new Uint32Array(this.meta.owners.length),
      organisation: new Uint32Array(this.meta.organisations.length)
    };
    var shown = [];
    var hidden = 0;
    for (var k = 0; k < matched.length; k++) {
      var m = matched[k];
      var doc = m.doc;
      var failed = null;
      var fails = 0;
      for (var a = 0; a < active.length; a++) {
        if (!self.has(doc, active[a], want[active[a]])) {
          fails += 1;
          failed = active[a];
        }
      }
      if (!showHidden && this.hidden.indexOf(d.status[doc]) >= 0) {
        if (!fails) {
          hidden += 1;
        }
        continue;
      }
      if (!fails) {
        shown.push(m);
      }
      if (fails > 1) {
        continue;
      }
      // Each facet counts the entries that pass every other filter.
      if (!fails || failed === "kind") {
        counts.kind[d.kind[doc]] += 1;
      }
      if (!fails || failed === "status") {
        if (d.status[doc]) {
          counts.status[d.status[doc]] += 1;
        }
      }
      var i;
      if (!fails || failed === "owner") {
        for (i = d.ownerAt[doc]; i < d.ownerAt[doc + 1]; i++) {
          counts.owner[d.owners[i]] += 1;
        }
      }
      if (!fails || failed === "organisation") {
        for (i = d.orgAt[doc]; i < d.orgAt[doc + 1]; i++) {
          counts.organisation[d.orgs[i]] += 1;
        }
      }
    }
    var maps = {};
    FACETS.forEach(function (f) {
      var map = new Map();
      counts[f].forEach(function (n, v) {
        if (n) {
          map.set(v, n);
        }
      });
      maps[f] = map;
    });
    return { shown: shown, counts: maps, hidden: hidden };
  };

  /* ---------- Entries ---------- */

  Engine.prototype.fragment = function (doc) {
    var f = this.fragments.get(doc);
    if (!f) {
      f = { data: null, promise: null };
      // Entries come meta.group to a file: neighbours share one fetch.
      var per = this.meta.group || 1;
      var g = Math.floor(doc / per);
      var group = this.groups.get(g);
      if (!group) {
        group = this.get("d/" + g + ".json", "json");
        this.groups.set(g, group);
      }
      f.promise = group.then(function (data) {
        f.data = data[doc - g * per];
        return f.data;
      });
      this.fragments.set(doc, f);
    }
    return f;
  };

  /* Where a result should point and what to show of it:
   * {anchor, heading, pieces: [{text, mark}], lead (ellipsis before), tail}. */
  function snippet(frag, forms) {
    var best = null;
    var sections = frag.x || [];
    var all = forms.all || 0;
    for (var i = 0; i < sections.length; i++) {
      var s = sections[i];
      var spans = matchSpans(s[2], forms);
      var mask = 0;
      spans.forEach(function (sp) {
        mask |= forms.get(sp.form) || 0;
      });
      matchSpans(s[1], forms).forEach(function (sp) {
        mask |= forms.get(sp.form) || 0;
      });
      var words = bits(mask);
      if (words && (!best || words > best.words)) {
        best = { i: i, spans: spans, words: words };
        if (mask === all) {
          // Every word of the query is here: no section can do better.
          break;
        }
      }
    }
    if (!best) {
      var summary = frag.m || (sections[0] ? sections[0][2] : "");
      return { anchor: "", heading: "", pieces: window_(summary, matchSpans(summary, forms)) };
    }
    var b = sections[best.i];
    return { anchor: b[0], heading: b[1], pieces: window_(b[2], best.spans) };
  }

  function bits(n) {
    var c = 0;
    for (; n; n &= n - 1) {
      c++;
    }
    return c;
  }

  /* Spans of tokens in `text` whose folded form is in `forms`. */
  function matchSpans(text, forms) {
    var out = [];
    if (!text || !forms.size) {
      return out;
    }
    runs(text).forEach(function (r) {
      var lowered = r.parts.map(function (p) {
        return lower(p.text);
      });
      if (r.parts.length > 1) {
        var whole = fold(lowered.join("-"));
        if (forms.has(whole)) {
          out.push({ start: r.parts[0].start, end: r.end, form: whole });
          return;
        }
      }
      r.parts.forEach(function (p, i) {
        var f = fold(lowered[i]);
        if (forms.has(f)) {
          out.push({ start: p.start, end: p.end, form: f });
        }
      });
    });
    return out;
  }

  var SNIPPET = 200;

  /* About SNIPPET characters of `text` around the first span, cut at
   * spaces, as pieces with the spans marked. */
  function window_(text, spans) {
    if (!text) {
      return [];
    }
    var start = 0;
    if (spans.length && spans[0].start > 60) {
      start = text.lastIndexOf(" ", spans[0].start - 50);
      start = start < 0 ? 0 : start + 1;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var sp = text.indexOf(" ", end);
      end = sp < 0 || sp - end > 30 ? end : sp;
    }
    var pieces = [];
    if (start > 0) {
      pieces.push({ text: "… ", mark: false });
    }
    var at = start;
    spans.forEach(function (s) {
      if (s.start < at || s.end > end) {
        return;
      }
      if (s.start > at) {
        pieces.push({ text: text.slice(at, s.start), mark: false });
      }
      pieces.push({ text: text.slice(s.start, s.end), mark: true });
      at = s.end;
    });
    if (at < end) {
      pieces.push({ text: text.slice(at, end), mark: false });
    }
    if (end < text.length) {
      pieces.push({ text: " …", mark: false });
    }
    return pieces;
  }

  /* ---------- Suggestions ---------- */

  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) {
      return max + 1;
    }
    var prev = new Array(b.length + 1);
    var cur = new Array(b.length + 1);
    for (var j = 0; j <= b.length; j++) {
      prev[j] = j;
    }
    for (var i = 1; i <= a.length; i++) {
      cur[0] = i;
      var rowMin = cur[0];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin > max) {
        return max + 1;
      }
      var t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length];
  }

  /* The vocabulary word nearest to a query word that matched nothing. */
  Engine.prototype.suggest = function (word) {
    var vocab = this.vocabFor(word.folded);
    if (!vocab) {
      return null;
    }
    var f = word.folded;
    var max = f.length <= 4 ? 1 : f.length <= 8 ? 2 : 3;
    var best = null;
    for (var i = 0; i < vocab.keys.length; i++) {
      var w = vocab.words[i];
      var d = distance(f, fold(w), max);
      if (d <= max && (!best || d < best.d || (d === best.d && vocab.df[i] > best.df))) {
        best = { d: d, df: vocab.df[i], word: w };
      }
    }
    return best ? best.word : null;
  };

  var api = {
    useRules: useRules, lower: lower, fold: fold, runs: runs, tokens: tokens, snowball: snowball, definite: definite,
    keyOf: keyOf, queryWords: queryWords, snippet: snippet, matchSpans: matchSpans, window_: window_,
    editDistance: editDistance, nearMax: nearMax, classes: { LEAD: LEAD, EXACT: EXACT, STEM: STEM, PREFIX: PREFIX,
      SUFFIX: SUFFIX, INFIX: INFIX, NEAR: NEAR },
    Engine: Engine
  };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }

  /* ---------- The page ---------- */

  var MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december"];
  var PAGE = 10;
  /* Wait for a pause this long before downloading shards while typing. */
  var NETWORK_DEBOUNCE = 200;
  /* Announce the result count after this much quiet. */
  var ANNOUNCE_DELAY = 600;
  /* A new history entry when the query changes after this much quiet. */
  var HISTORY_PAUSE = 1500;

  function swedishDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? parseInt(m[3], 10) + " " + MONTHS[parseInt(m[2], 10) - 1] + " " + m[1] : iso;
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") {
        e.textContent = attrs[k];
      } else if (k === "className") {
        e.className = attrs[k];
      } else {
        e.setAttribute(k, attrs[k]);
      }
    });
    (children || []).forEach(function (c) {
      if (c) {
        e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
      }
    });
    return e;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function init() {
    var root = document.querySelector("[data-search]");
    if (!root || !window.fetch || !window.Promise || !window.Map || !window.URLSearchParams) {
      return;
    }
    var form = document.getElementById("sok-formular");
    var input = document.getElementById("sok-sida");
    var ui = root.querySelector("[data-search-ui]");
    var filters = document.getElementById("sok-filter");
    var status = document.getElementById("sok-status");
    var suggestion = document.getElementById("sok-forslag");
    var list = document.getElementById("sok-traffar");
    var more = document.getElementById("sok-fler");
    var fallback = root.querySelector("[data-search-fallback]");
    var showHidden = document.getElementById("sok-upphorda");
    var hiddenNote = document.getElementById("sok-dolda");
    var selects = {
      kind: document.getElementById("sok-typ"),
      status: document.getElementById("sok-status-filter"),
      owner: document.getElementById("sok-ansvarig"),
      organisation: document.getElementById("sok-organisation")
    };
    var engine = new Engine(root.getAttribute("data-index"));
    var state = { q: "", shown: [], result: null, limit: PAGE, seq: 0 };
    var timers = { network: 0, announce: 0 };
    var lastCommit = 0;
    window.samsynSearch = { engine: engine, state: state };

    ui.hidden = false;
    input.setAttribute("aria-controls", "sok-traffar");

    /* On narrow screens the filters fold away behind a button, so the
     * results come first; an active filter keeps them open. */
    var toggle = document.getElementById("sok-filter-knapp");
    var narrow = window.matchMedia ? window.matchMedia("(max-width: 55.99em)") : null;
    function setFiltersOpen(open) {
      filters.classList.toggle("is-collapsed", !open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? "Dölj filter" : "Visa filter";
    }
    function layoutFilters() {
      var isNarrow = !!(narrow && narrow.matches);
      toggle.hidden = !isNarrow;
      var active = FACETS.some(function (k) {
        return selects[k].value;
      }) || showHidden.checked;
      setFiltersOpen(!isNarrow || active);
    }
    toggle.addEventListener("click", function () {
      setFiltersOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    if (narrow && narrow.addEventListener) {
      narrow.addEventListener("change", layoutFilters);
    }

    function currentFilters() {
      var f = {};
      FACETS.forEach(function (k) {
        f[k] = selects[k].value;
      });
      return f;
    }

    /* Sets the live status; `extra` is read out but not shown (the page
     * shows it next to its button). */
    function announce(text, now, extra) {
      clearTimeout(timers.announce);
      function set() {
        status.textContent = text;
        if (extra) {
          status.appendChild(el("span", { className: "visually-hidden", text: " " + extra }));
        }
      }
      if (now) {
        set();
      } else {
        timers.announce = setTimeout(set, ANNOUNCE_DELAY);
      }
    }

    function fromUrl() {
      var p = new URLSearchParams(location.search);
      input.value = p.get("q") || "";
      FACETS.forEach(function (k) {
        var v = p.get(k) || "";
        var s = selects[k];
        if (v && !Array.prototype.some.call(s.options, function (o) {
          return o.value === v;
        })) {
          s.appendChild(el("option", { value: v, text: v }));
        }
        s.value = v;
      });
      showHidden.checked = p.get("upphorda") === "1";
    }

    function toUrl(push) {
      var p = new URLSearchParams();
      var q = input.value.trim();
      if (q) {
        p.set("q", q);
      }
      FACETS.forEach(function (k) {
        if (selects[k].value) {
          p.set(k, selects[k].value);
        }
      });
      if (showHidden.checked) {
        p.set("upphorda", "1");
      }
      var s = p.toString();
      var url = location.pathname + (s ? "?" + s : "");
      if (url === location.pathname + location.search) {
        return;
      }
      if (push) {
        history.pushState(null, "", url);
      } else {
        history.replaceState(null, "", url);
      }
    }

    /* Typing: one history entry per burst. Filters and submits: always. */
    function commitUrl(kind) {
      var now = Date.now();
      var push = kind === "filter" || kind === "submit" || now - lastCommit > HISTORY_PAUSE;
      lastCommit = now;
      toUrl(push);
    }

    function fillSelect(facet, counts, table, label) {
      var s = selects[facet];
      var value = s.value;
      var options = [];
      counts.forEach(function (n, v) {
        options.push({ v: v, n: n });
      });
      options.sort(function (a, b) {
        return facet === "kind" || facet === "status" ? a.v - b.v : table[a.v][1].localeCompare(table[b.v][1], "sv");
      });
      var frag = document.createDocumentFragment();
      frag.appendChild(el("option", { value: "", text: label }));
      var has = false;
      options.forEach(function (o) {
        var entry = facet === "status" ? table[o.v - 1] : table[o.v];
        if (!entry) {
          return;
        }
        var text = (facet === "kind" ? entry[2] : entry[1]) + " (" + o.n + ")";
        frag.appendChild(el("option", { value: entry[0], text: text }));
        has = has || entry[0] === value;
      });
      if (value && !has) {
        var found = table.find(function (x) {
          return x[0] === value;
        });
        var name = found ? found[facet === "kind" ? 2 : 1] : value;
        frag.appendChild(el("option", { value: value, text: name + " (0)" }));
      }
      var next = Array.prototype.map.call(frag.childNodes, function (o) {
        return [o.value, o.textContent];
      });
      var same = next.length === s.options.length && next.every(function (o, i) {
        return s.options[i].value === o[0];
      });
      if (same) {
        // Same values: update the counts in place (cheaper, keeps focus).
        next.forEach(function (o, i) {
          if (s.options[i].textContent !== o[1]) {
            s.options[i].textContent = o[1];
          }
        });
      } else {
        s.textContent = "";
        s.appendChild(frag);
      }
      s.value = value;
    }

    function renderFacets(counts) {
      var m = engine.meta;
      fillSelect("kind", counts.kind, m.kinds, "Alla typer");
      fillSelect("status", counts.status, m.statuses, "Alla statusar");
      fillSelect("owner", counts.owner, m.owners, "Alla ansvariga");
      fillSelect("organisation", counts.organisation, m.organisations, "Alla organisationer");
    }

    function marked(p, pieces) {
      pieces.forEach(function (piece) {
        p.appendChild(piece.mark ? el("mark", { text: piece.text }) : document.createTextNode(piece.text));
      });
      return p;
    }

    function hitItem(m) {
      var frag = engine.fragment(m.doc).data;
      var d = engine.docs;
      var meta = engine.meta;
      var kind = meta.kinds[d.kind[m.doc]];
      var st = d.status[m.doc] ? meta.statuses[d.status[m.doc] - 1] : null;
      var sn = snippet(frag, state.result.forms);
      var href = frag.u + (sn.anchor ? "#" + sn.anchor : "");
      var metaLine = el("p", { className: "search-hit__meta" }, [
        el("span", { className: "kind", text: kind[1] })
      ]);
      if (st) {
        metaLine.appendChild(document.createTextNode(" "));
        metaLine.appendChild(el("span", { className: "status status--" + st[0], text: st[1] }));
      }
      var owners = engine.values(m.doc, "owner").map(function (o) {
        return meta.owners[o][1];
      });
      if (owners.length) {
        metaLine.appendChild(el("span", { className: "search-hit__owner", text: "Ansvarig: " + owners.join(", ") }));
      }
      if (frag.r) {
        metaLine.appendChild(el("span", { className: "search-hit__date" }, [
          "Reviderad ", el("time", { datetime: frag.r, text: swedishDate(frag.r) })
        ]));
      }
      var item = el("li", { className: "search-hit" }, [
        el("h3", { className: "search-hit__title" }, [el("a", { href: href, text: frag.t })]),
        metaLine
      ]);
      if (m.near && m.near.length) {
        // Said in words, not only shown: a reader (and a screen reader) can
        // tell the query's word is not in the document as written.
        item.appendChild(el("p", { className: "search-hit__near" }, [
          el("span", { className: "search-hit__near-label", text: "Nära träff" }),
          " Liknande ord: " + m.near.join(", ")
        ]));
      }
      if (kind[0] === "person") {
        // Role, unit, phone and e-mail, with what matched marked.
        item.appendChild(marked(el("p", { className: "search-hit__details" }),
          window_(frag.m || "", matchSpans(frag.m || "", state.result.forms))));
        var note = frag.x.length ? window_(frag.x[0][2], matchSpans(frag.x[0][2], state.result.forms)) : [];
        if (note.some(function (p) {
          return p.mark;
        })) {
          item.appendChild(marked(el("p", { className: "search-hit__snippet" }), note));
        }
        return item;
      }
      if (sn.heading) {
        item.appendChild(el("p", { className: "search-hit__section", text: "Under rubriken ”" + sn.heading + "”" }));
      }
      if (sn.pieces.length) {
        item.appendChild(marked(el("p", { className: "search-hit__snippet" }), sn.pieces));
      }
      return item;
    }

    function suggestFor(result, filtered) {
      suggestion.textContent = "";
      suggestion.hidden = true;
      if (filtered.shown.length && result.near.length) {
        var said = result.near.map(function (n) {
          return "”" + n.word + "” står inte i något dokument. Nära träffar med liknande ord: " +
            n.near.join(", ") + ".";
        });
        suggestion.textContent = said.join(" ");
        suggestion.hidden = false;
        return;
      }
      if (filtered.shown.length || !state.q) {
        return;
      }
      var nodes = null;
      if (result.missing.length) {
        var q = input.value;
        var changed = false;
        result.missing.forEach(function (w) {
          var s = engine.suggest(w);
          if (s) {
            var re = new RegExp(w.surface.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
            var before = q;
            q = q.replace(re, s);
            changed = changed || q !== before;
            if (q === before) {
              q = q + " " + s;
              changed = true;
            }
          }
        });
        if (changed) {
          var link = el("a", { href: "?q=" + encodeURIComponent(q), text: q, "data-suggestion": q });
          link.addEventListener("click", function (e) {
            e.preventDefault();
            input.value = link.getAttribute("data-suggestion");
            go("submit");
            input.focus();
          });
          nodes = ["Menade du ", link, "?"];
        }
      } else if (filtered.hidden) {
        nodes = null;
      } else if (result.matched.length) {
        var btn = el("button", { type: "button", className: "link-button", text: "Ta bort filtren" });
        btn.addEventListener("click", function () {
          filters.reset();
          go("filter");
        });
        nodes = ["Träffarna finns, men inte med de valda filtren. ", btn];
      } else {
        nodes = ["Inget dokument innehåller alla orden. Prova med färre ord."];
      }
      if (nodes) {
        nodes.forEach(function (n) {
          suggestion.appendChild(typeof n === "string" ? document.createTextNode(n) : n);
        });
        suggestion.hidden = false;
      }
    }

    function countText(n) {
      return n === 0 ? "Inga träffar för ”" + state.q + "”." : plural(n, "träff", "träffar") + " för ”" + state.q + "”.";
    }

    /* Paints the current result (fragments of the shown page loaded). */
    function paint(filtered, started) {
      var frag = document.createDocumentFragment();
      filtered.shown.slice(0, state.limit).forEach(function (m) {
        frag.appendChild(hitItem(m));
      });
      list.textContent = "";
      list.appendChild(frag);
      more.hidden = filtered.shown.length <= state.limit;
      if (!more.hidden) {
        more.textContent = "Visa fler träffar (" + (filtered.shown.length - state.limit) + " till)";
      }
      renderFacets(filtered.counts);
      if (filtered.hidden) {
        hiddenNote.textContent = plural(filtered.hidden, "upphörd eller ersatt träff", "upphörda eller ersatta träffar") +
          " visas inte. ";
        var show = el("button", { type: "button", className: "link-button", text: "Visa upphörda" });
        show.addEventListener("click", function () {
          showHidden.checked = true;
          go("filter");
          showHidden.focus();
        });
        hiddenNote.appendChild(show);
        hiddenNote.hidden = false;
      } else {
        hiddenNote.hidden = true;
      }
      suggestFor(state.result, filtered);
      fallback.hidden = true;
      if (filters.hidden) {
        filters.hidden = false;
        layoutFilters();
      }
      announce(countText(filtered.shown.length), false, filtered.hidden ? plural(filtered.hidden,
        "upphörd eller ersatt träff", "upphörda eller ersatta träffar") + " visas inte." : "");
      root.setAttribute("data-state", "done");
      var detail = { query: state.q, count: filtered.shown.length, ms: (window.performance ? performance.now() : Date.now()) - started };
      window.samsynSearch.last = detail;
      list.dispatchEvent(new CustomEvent("samsyn:results", { bubbles: true, detail: detail }));
    }

    function clear() {
      state.q = "";
      state.result = null;
      list.textContent = "";
      more.hidden = true;
      suggestion.hidden = true;
      hiddenNote.hidden = true;
      fallback.hidden = false;
      filters.hidden = true;
      announce("", true);
      root.setAttribute("data-state", "empty");
    }

    /* Runs the query in the box; `why`: "type", "submit", "filter", "url". */
    function go(why) {
      var q = input.value.trim();
      var started = window.performance ? performance.now() : Date.now();
      var seq = ++state.seq;
      clearTimeout(timers.network);
      if (why !== "url") {
        // After this task, so the URL never delays the results.
        setTimeout(function () {
          commitUrl(why);
        }, 0);
      }
      if (!q) {
        clear();
        return;
      }
      root.setAttribute("data-state", "loading");
      engine.load().then(function () {
        if (seq !== state.seq) {
          return null;
        }
        var plan = engine.plan(q);
        if (engine.ready(plan)) {
          return plan;
        }
        if (why === "type") {
          // Typing: download only once the word has settled.
          return new Promise(function (resolve) {
            timers.network = setTimeout(function () {
              resolve(seq === state.seq ? engine.prepare(q) : null);
            }, NETWORK_DEBOUNCE);
          });
        }
        return engine.prepare(q);
      }).then(function (plan) {
        if (!plan || seq !== state.seq) {
          return null;
        }
        state.q = q;
        state.result = engine.run(plan);
        state.limit = PAGE;
        return showPage(seq, started);
      }).catch(function (err) {
        if (seq !== state.seq) {
          return;
        }
        root.setAttribute("data-state", "error");
        announce("Sökningen kunde inte laddas. Bläddra bland dokumenten nedan i stället.", true);
        fallback.hidden = false;
        if (window.console) {
          console.error(err);
        }
      });
    }

    /* Filters the current result and paints it once the fragments are in. */
    function showPage(seq, started) {
      var filtered = engine.filter(state.result.matched, currentFilters(), showHidden.checked);
      var page = filtered.shown.slice(0, state.limit);
      var missing = page.filter(function (m) {
        return !engine.fragment(m.doc).data;
      });
      if (!missing.length) {
        paint(filtered, started);
        return null;
      }
      return Promise.all(page.map(function (m) {
        return engine.fragment(m.doc).promise;
      })).then(function () {
        if (seq === state.seq) {
          paint(filtered, started);
        }
      });
    }

    input.addEventListener("input", function () {
      go("type");
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) {
          e.preventDefault();
          first.focus();
        }
      } else if (e.key === "Escape" && input.value) {
        e.preventDefault();
        input.value = "";
        go("submit");
      }
    });
    list.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") {
        return;
      }
      var links = Array.prototype.slice.call(list.querySelectorAll(".search-hit__title a"));
      var i = links.indexOf(document.activeElement);
      if (i < 0) {
        return;
      }
      e.preventDefault();
      if (e.key === "ArrowDown" && i + 1 < links.length) {
        links[i + 1].focus();
      } else if (e.key === "ArrowUp") {
        (i === 0 ? input : links[i - 1]).focus();
      }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      go("submit");
    });
    filters.addEventListener("change", function () {
      go("filter");
    });
    filters.addEventListener("submit", function (e) {
      e.preventDefault();
      go("filter");
    });
    filters.addEventListener("reset", function () {
      setTimeout(function () {
        go("filter");
      }, 0);
    });
    more.addEventListener("click", function () {
      var before = state.limit;
      state.limit += PAGE;
      var seq = state.seq;
      var p = showPage(seq, window.performance ? performance.now() : Date.now());
      Promise.resolve(p).then(function () {
        var next = list.querySelectorAll(".search-hit__title a")[before];
        if (next) {
          next.focus();
        }
      });
    });
    window.addEventListener("popstate", function () {
      fromUrl();
      go("url");
    });

    fromUrl();
    layoutFilters();
    if (input.value.trim()) {
      go("url");
    } else {
      clear();
      engine.load().catch(function () {});
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
