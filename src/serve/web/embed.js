/* Puts docbao's player on any page, in two lines:
 *
 *   <div id="docbao"></div>
 *   <script src="https://tts.example.vn/embed.js" data-article="article" defer></script>
 *
 * data-article: a CSS selector for the article's text (default: the page's <article>); without
 * one found, the server fetches the page's own address. data-target: where the player goes
 * (default #docbao, else just before the article). data-transcript="true" shows the whole
 * text with the sentence being read highlighted (by default it is folded away).
 *
 * The sentence being read is also highlighted in the page's own article, without touching its
 * markup (the CSS Custom Highlight API, "::highlight(docbao-sentence)"; where a browser lacks
 * it, the player's own line shows the sentence). data-follow="true" scrolls the page to keep
 * it in view. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var server = new URL(script.src, location.href).origin;
  var data = script.dataset;
  var NAME = "docbao-sentence";

  /* Finds sentences in `root`'s text, whatever its whitespace and markup: the text nodes are
   * laid end to end without whitespace, each character remembering its node and offset. */
  function Marker(root, follow) {
    this.root = root;
    this.follow = follow;
    this.text = null;
    this.places = null;
    this.from = 0;
  }

  Marker.supported = function () {
    return typeof CSS !== "undefined" && CSS.highlights && typeof Highlight === "function";
  };

  Marker.prototype.index = function () {
    var text = [];
    var places = [];
    var walker = document.createTreeWalker(this.root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentNode && node.parentNode.nodeName;
        return parent === "SCRIPT" || parent === "STYLE" || parent === "NOSCRIPT"
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var data = node.data;
      for (var i = 0; i < data.length; i++) {
        if (/\s/.test(data[i])) continue;
        text.push(data[i]);
        places.push([node, i]);
      }
    }
    this.text = text.join("");
    this.places = places;
  };

  Marker.prototype.show = function (sentence) {
    if (!sentence || !sentence.text) return this.clear();
    if (this.text === null) this.index();
    var key = sentence.text.replace(/\s+/g, "");
    if (!key) return this.clear();
    // In reading order first (a sentence said twice in the page is the next one), then anywhere.
    var at = this.text.indexOf(key, this.from);
    if (at < 0) at = this.text.indexOf(key);
    if (at < 0) return this.clear();
    var start = this.places[at];
    var end = this.places[at + key.length - 1];
    var range = document.createRange();
    try {
      range.setStart(start[0], start[1]);
      range.setEnd(end[0], end[1] + 1);
    } catch (e) {
      // The page changed under us: index it again next time.
      this.text = null;
      return this.clear();
    }
    this.from = at + key.length;
    CSS.highlights.set(NAME, new Highlight(range));
    if (this.follow) {
      var box = range.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        window.scrollBy({ top: box.top - window.innerHeight / 3, behavior: reduce ? "auto" : "smooth" });
      }
    }
  };

  Marker.prototype.clear = function () {
    CSS.highlights.delete(NAME);
  };

  function start() {
    var article = document.querySelector(data.article || "article");
    var target = document.querySelector(data.target || "#docbao");
    if (!target) {
      target = document.createElement("div");
      var anchor = article || document.body.firstChild;
      anchor.parentNode.insertBefore(target, anchor);
    }
    var source = article && article.innerText.trim()
      ? { text: article.innerText }
      : { url: location.href };
    var marker = article && Marker.supported() ? new Marker(article, data.follow === "true") : null;
    window.DocbaoPlayer.mount(target, {
      server: server,
      article: source,
      transcript: data.transcript === "true",
      onSentence: marker ? function (sentence) { marker.show(sentence); } : null
    });
  }

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = server + "/player.css";
  document.head.appendChild(css);
  var js = document.createElement("script");
  js.src = server + "/player.js";
  js.onload = function () {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  };
  document.head.appendChild(js);
})();
