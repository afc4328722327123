/* The page at /: paste an article or its address, then listen. */
(function () {
  "use strict";
  var form = document.getElementById("bai");
  var input = document.getElementById("input");
  var tokenRow = document.getElementById("token-row");
  var token = document.getElementById("token");
  var player = window.DocbaoPlayer.mount(document.getElementById("player"), { server: "" });
  try { player.token = sessionStorage.getItem("docbao-token") || null; } catch (e) { /* private mode */ }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    if (token.value) {
      player.token = token.value;
      try { sessionStorage.setItem("docbao-token", token.value); } catch (e) { /* private mode */ }
    }
    var source = /^https?:\/\/\S+$/i.test(text) ? { url: text } : { text: text };
    player.load(source).then(function () {
      player.play.focus();
    }, function (error) {
      if (error.status === 401) {
        tokenRow.hidden = false;
        token.focus();
      }
    });
  });

  // Space and arrows work for the player when nothing else has the focus.
  document.addEventListener("keydown", function (event) {
    if (event.target === document.body && player.article) {
      player.onKey(event);
    }
  });
})();
