/* Puts docbao's player on any page, in two lines:
 *
 *   <div id="docbao"></div>
 *   <script src="https://tts.example.vn/embed.js" data-article="article" defer></script>
 *
 * data-article: a CSS selector for the article's text (default: the page's <article>); without
 * one found, the server fetches the page's own address. data-target: where the player goes
 * (default #docbao, else just before the article). data-transcript="true" shows the whole
 * text with the sentence being read highlighted (by default it is folded away). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var server = new URL(script.src, location.href).origin;
  var data = script.dataset;

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
    window.DocbaoPlayer.mount(target, {
      server: server,
      article: source,
      transcript: data.transcript === "true"
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
