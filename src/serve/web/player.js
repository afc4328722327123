/* docbao's player: play / pause, the 0:00 / 3:15 timer, a seek bar, the voice menu, speed,
 * and the sentence being read highlighted — keyboard and screen reader first.
 *
 *   DocbaoPlayer.mount(element, { server: "https://…", article: { text | html | url },
 *                                 token: "…", transcript: true,
 *                                 onSentence: function (sentence) { … } })
 *
 * onSentence is told of the sentence being read ({ index, text, … } as the API gives it, or
 * null) each time it changes: embed.js highlights it in the host page's own article.
 * Keys, anywhere in the player: Space or K play / pause; ← → back / forward 5 s;
 * Home / End the start / the end; [ ] slower / faster. Every change is said in a polite
 * live region. No framework, no build step: this file is served as it is. */
(function () {
  "use strict";

  var SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var STEP = 5;

  function clock(seconds) {
    if (!isFinite(seconds) || seconds < 0) seconds = 0;
    seconds = Math.floor(seconds);
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var ss = (s < 10 ? "0" : "") + s;
    if (h > 0) return h + ":" + (m < 10 ? "0" : "") + m + ":" + ss;
    return m + ":" + ss;
  }

  function spoken(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return (m > 0 ? m + " phút " : "") + s + " giây";
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(child);
    });
    return node;
  }

  function Player(root, options) {
    this.root = root;
    this.server = (options.server || "").replace(/\/$/, "");
    this.token = options.token || null;
    this.showTranscript = options.transcript !== false;
    this.onSentence = typeof options.onSentence === "function" ? options.onSentence : null;
    this.article = null;
    this.timing = null;
    this.current = -1;
    this.loaded = null; // the audio URL in the <audio> element
    this.pendingSeek = null;
    this.pendingSentence = null;
    this.reloaded = null;
    this.afterChange = null;
    this.polling = null;
    this.build();
  }

  Player.prototype.build = function () {
    var self = this;
    this.audio = el("audio", { preload: "none" });
    this.play = el("button", { type: "button", className: "db-play", "aria-label": "Phát" });
    this.play.appendChild(el("span", { className: "db-icon", "aria-hidden": "true", text: "▶" }));
    this.time = el("span", { className: "db-time", "aria-hidden": "true", text: "0:00 / 0:00" });
    this.seek = el("input", {
      type: "range", className: "db-seek", min: "0", max: "0", step: "1", value: "0",
      "aria-label": "Vị trí trong bài", "aria-valuetext": "0 giây trên 0 giây"
    });
    this.voice = el("select", { className: "db-voice" });
    this.speed = el("select", { className: "db-speed" });
    SPEEDS.forEach(function (speed) {
      var option = el("option", { value: String(speed), text: String(speed).replace(".", ",") + "×" });
      if (speed === 1) option.selected = true;
      self.speed.appendChild(option);
    });
    var voiceId = "db-voice-" + Math.random().toString(36).slice(2);
    var speedId = voiceId + "-speed";
    this.voice.id = voiceId;
    this.speed.id = speedId;
    this.status = el("p", { className: "db-status", role: "status", "aria-live": "polite" });
    this.now = el("p", { className: "db-now", "aria-hidden": "true" });
    this.sentences = el("div", { className: "db-transcript", lang: "vi" });
    var controls = el("div", { className: "db-controls" }, [
      this.play,
      this.time,
      this.seek,
      el("span", { className: "db-field" }, [
        el("label", { "for": voiceId, text: "Giọng đọc" }), this.voice
      ]),
      el("span", { className: "db-field" }, [
        el("label", { "for": speedId, text: "Tốc độ" }), this.speed
      ])
    ]);
    var section = el("section", { className: "docbao-player", "aria-label": "Nghe bài viết" }, [
      controls, this.status, this.now, this.audio
    ]);
    if (this.showTranscript) {
      section.appendChild(this.sentences);
    } else {
      var details = el("details", { className: "db-details" }, [
        el("summary", { text: "Xem lời đọc" }), this.sentences
      ]);
      section.appendChild(details);
    }
    this.section = section;
    this.root.appendChild(section);
    this.setEnabled(false);

    this.play.addEventListener("click", function () { self.toggle(); });
    this.seek.addEventListener("input", function () { self.seekTo(Number(self.seek.value), false); });
    this.seek.addEventListener("change", function () { self.seekTo(Number(self.seek.value), true); });
    this.voice.addEventListener("change", function () { self.changeRendering(self.voice.options[self.voice.selectedIndex].text); });
    this.speed.addEventListener("change", function () { self.changeRendering("Tốc độ " + self.speed.options[self.speed.selectedIndex].text); });
    section.addEventListener("keydown", function (event) { self.onKey(event); });
    this.sentences.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("[data-index]") : null;
      if (target) self.seekSentence(Number(target.getAttribute("data-index")));
    });
    this.audio.addEventListener("timeupdate", function () { self.render(); });
    this.audio.addEventListener("playing", function () { self.setPlaying(true); });
    this.audio.addEventListener("pause", function () { self.setPlaying(false); });
    this.audio.addEventListener("waiting", function () { self.say("Đang tải…"); });
    this.audio.addEventListener("ended", function () { self.setPlaying(false); self.say("Đã đọc hết bài."); });
    this.audio.addEventListener("error", function () {
      if (self.audio.getAttribute("src")) self.say("Không phát được âm thanh: máy chủ không trả lời đúng.");
    });
    ["loadedmetadata", "canplay", "progress"].forEach(function (name) {
      self.audio.addEventListener(name, function () { self.applyPendingSeek(); });
    });
  };

  Player.prototype.setEnabled = function (enabled) {
    [this.play, this.seek, this.voice, this.speed].forEach(function (control) {
      control.disabled = !enabled;
    });
  };

  Player.prototype.say = function (text) {
    // Re-announce identical messages.
    this.status.textContent = "";
    var status = this.status;
    window.setTimeout(function () { status.textContent = text; }, 30);
  };

  Player.prototype.request = function (method, path, body) {
    var headers = { "Accept": "application/json" };
    if (body) headers["Content-Type"] = "application/json";
    if (this.token) headers["Authorization"] = "Bearer " + this.token;
    return fetch(this.server + path, {
      method: method,
      headers: headers,
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) {
          var message = json && json.error && json.error.message || ("lỗi " + response.status);
          var error = new Error(message);
          error.status = response.status;
          throw error;
        }
        return json;
      });
    });
  };

  /* Loads an article: { text } | { html } | { url } | { id }. */
  Player.prototype.load = function (source) {
    var self = this;
    this.stop();
    this.say("Đang chuẩn bị bài…");
    var done = source.id
      ? this.request("GET", "/api/articles/" + encodeURIComponent(source.id))
      : this.request("POST", "/api/articles", source);
    return done.then(function (article) {
      self.show(article);
      var count = article.sentences.length;
      self.say("Sẵn sàng: " + (article.title ? "“" + article.title + "”, " : "") + count +
        " câu. Nhấn nút Phát hoặc phím cách để nghe.");
      return article;
    }, function (error) {
      self.say("Không đọc được bài: " + error.message);
      throw error;
    });
  };

  Player.prototype.show = function (article) {
    var self = this;
    this.article = article;
    this.timing = article.timing;
    this.voice.innerHTML = "";
    article.voices.forEach(function (voice) {
      var label = voice.name + (voice.natural ? " (tự nhiên)" : "");
      var option = el("option", { value: voice.id, text: label });
      if (voice.id === article.voice.id) option.selected = true;
      self.voice.appendChild(option);
    });
    this.sentences.innerHTML = "";
    var block = null;
    var blockIndex = -1;
    article.sentences.forEach(function (sentence) {
      if (sentence.block !== blockIndex) {
        blockIndex = sentence.block;
        block = el(sentence.kind === "title" ? "h2" : "p", { className: "db-block db-" + sentence.kind });
        self.sentences.appendChild(block);
      } else {
        block.appendChild(document.createTextNode(" "));
      }
      block.appendChild(el("span", { className: "db-sentence", "data-index": String(sentence.index), text: sentence.text }));
    });
    this.current = -1;
    this.setEnabled(true);
    this.render();
  };

  Player.prototype.url = function () {
    return this.server + this.article.audio_url;
  };

  Player.prototype.toggle = function () {
    if (!this.article) return;
    if (this.audio.paused) this.start();
    else this.audio.pause();
  };

  Player.prototype.start = function () {
    var self = this;
    if (this.loaded !== this.article.audio_url) {
      this.loaded = this.article.audio_url;
      this.audio.src = this.url();
      this.say("Đang tạo âm thanh…");
      this.poll();
    }
    var playing = this.audio.play();
    if (playing && playing.catch) {
      playing.catch(function (error) {
        if (error && error.name !== "AbortError") self.say("Không phát được: " + error.message);
      });
    }
  };

  Player.prototype.stop = function () {
    this.pendingSeek = null;
    this.pendingSentence = null;
    this.audio.pause();
    this.audio.removeAttribute("src");
    this.loaded = null;
    if (this.polling) window.clearTimeout(this.polling);
    this.polling = null;
  };

  /* Follows the rendering's timing until it is complete: sentences' times as they are made. */
  Player.prototype.poll = function () {
    var self = this;
    if (this.polling) window.clearTimeout(this.polling);
    var article = this.article;
    var path = article.audio_url.replace("/audio?", "?");
    var step = function () {
      self.request("GET", path).then(function (fresh) {
        if (self.article !== article) return;
        self.timing = fresh.timing;
        self.render();
        self.resolveSentence();
        self.applyPendingSeek();
        if (!fresh.timing || !fresh.timing.complete) self.polling = window.setTimeout(step, 500);
        else self.polling = null;
      }, function () {
        self.polling = window.setTimeout(step, 2000);
      });
    };
    step();
  };

  /* The total: exact once complete, estimated (~) from what is made before. */
  Player.prototype.duration = function () {
    var timing = this.timing;
    if (!timing || !timing.sentences || timing.sentences.length === 0) return { seconds: 0, exact: false };
    if (timing.complete) return { seconds: timing.duration, exact: true };
    var known = timing.sentences;
    var last = known[known.length - 1];
    var total = this.article.sentences.length;
    return { seconds: last.end * total / Math.max(1, last.index + 1), exact: false };
  };

  Player.prototype.sentenceAt = function (time) {
    var known = this.timing && this.timing.sentences || [];
    var found = -1;
    for (var i = 0; i < known.length; i++) {
      if (known[i].start <= time + 0.05) found = known[i].index;
      else break;
    }
    return found;
  };

  Player.prototype.render = function () {
    var now = this.audio.currentTime || 0;
    var total = this.duration();
    // While a new voice's timings are not known yet, the last length stands, as an estimate.
    if (total.seconds > 0) this.lastTotal = total.seconds;
    else if (this.lastTotal) total = { seconds: this.lastTotal, exact: false };
    var totalText = total.seconds > 0 ? (total.exact ? "" : "~") + clock(total.seconds) : "–:––";
    this.time.textContent = clock(now) + " / " + totalText;
    this.seek.max = String(Math.max(1, Math.ceil(total.seconds), Math.ceil(now)));
    if (document.activeElement !== this.seek || this.audio.paused === false) this.seek.value = String(Math.floor(now));
    this.seek.setAttribute("aria-valuetext", spoken(now) + " trên " + (total.exact ? "" : "khoảng ") + spoken(total.seconds));
    var index = this.sentenceAt(now);
    // A sentence not timed yet (a new voice starting over) keeps the one shown.
    if (index !== this.current && index >= 0) this.highlight(index);
  };

  Player.prototype.highlight = function (index) {
    var previous = this.sentences.querySelector(".db-current");
    if (previous) {
      previous.classList.remove("db-current");
      previous.removeAttribute("aria-current");
    }
    this.current = index;
    if (this.onSentence) {
      var said = null;
      (this.article && this.article.sentences || []).forEach(function (sentence) {
        if (sentence.index === index) said = sentence;
      });
      try {
        this.onSentence(said);
      } catch (e) {
        // The host page's highlighting must never stop the player.
      }
    }
    var span = this.sentences.querySelector('[data-index="' + index + '"]');
    if (span) {
      span.classList.add("db-current");
      span.setAttribute("aria-current", "true");
      this.now.textContent = span.textContent;
      var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      if (span.scrollIntoView && this.showTranscript) span.scrollIntoView({ block: "nearest", behavior: reduce ? "auto" : "smooth" });
    } else {
      this.now.textContent = "";
    }
  };

  Player.prototype.setPlaying = function (playing) {
    this.play.setAttribute("aria-label", playing ? "Tạm dừng" : "Phát");
    this.play.querySelector(".db-icon").textContent = playing ? "❚❚" : "▶";
    this.section.classList.toggle("db-playing", playing);
    if (playing && this.afterChange) {
      this.say(this.afterChange + ": đọc tiếp từ " + spoken(this.audio.currentTime) + ".");
      this.afterChange = null;
    } else if (playing) this.say("Đang phát, " + spoken(this.audio.currentTime) + ".");
    else if (!this.audio.ended && this.audio.getAttribute("src")) this.say("Tạm dừng ở " + spoken(this.audio.currentTime) + ".");
  };

  /* Whether `time` can be reached in what the browser has. */
  Player.prototype.reachable = function (time) {
    var ranges = this.audio.seekable;
    for (var i = 0; i < ranges.length; i++) {
      if (ranges.start(i) <= time && time <= ranges.end(i)) return true;
    }
    return false;
  };

  Player.prototype.seekTo = function (time, announce) {
    if (!this.article) return;
    var total = this.duration();
    time = Math.max(0, total.exact ? Math.min(time, total.seconds) : time);
    if (this.loaded && this.reachable(time)) {
      this.audio.currentTime = time;
      this.render();
      if (announce) this.say("Đến " + spoken(time) + ".");
      return;
    }
    this.pendingSeek = { time: time, play: !this.audio.paused || !this.loaded, announce: announce };
    if (!this.loaded) this.start();
    if (!(this.timing && this.timing.complete) && announce) {
      this.say("Phần này đang được tạo, xin chờ giây lát…");
    }
    this.applyPendingSeek();
  };

  /* Loads the same audio again: once complete, the cache serves it with ranges (seekable). */
  Player.prototype.reload = function () {
    this.reloaded = this.loaded;
    this.audio.preload = "auto";
    this.audio.src = this.url();
    this.audio.load();
  };

  Player.prototype.applyPendingSeek = function () {
    var pending = this.pendingSeek;
    if (!pending || !this.loaded) return;
    if (this.reachable(pending.time)) {
      this.pendingSeek = null;
      this.audio.currentTime = pending.time;
      this.render();
      if (pending.announce) this.say("Đến " + spoken(pending.time) + ".");
      if (pending.play && this.audio.paused) this.audio.play().catch(function () {});
    } else if (this.timing && this.timing.complete && this.reloaded !== this.loaded) {
      this.reload();
    }
  };

  /* A seek to a sentence whose time is not known yet, done once it is. */
  Player.prototype.resolveSentence = function () {
    var pending = this.pendingSentence;
    var known = this.timing && this.timing.sentences || [];
    if (!pending) return;
    for (var i = 0; i < known.length; i++) {
      if (known[i].index >= pending.index) {
        this.pendingSentence = null;
        this.pendingSeek = { time: known[i].start, play: pending.play, announce: false };
        return;
      }
    }
  };

  Player.prototype.seekSentence = function (index) {
    var known = this.timing && this.timing.sentences || [];
    for (var i = 0; i < known.length; i++) {
      if (known[i].index >= index) return this.seekTo(known[i].start, true);
    }
    this.say("Câu này chưa được tạo xong.");
  };

  /* A new voice or speed: the same place (the sentence being read), read again. */
  Player.prototype.changeRendering = function (what) {
    var self = this;
    if (!this.article) return;
    var sentence = Math.max(0, this.current);
    var playing = !this.audio.paused;
    var query = "?voice=" + encodeURIComponent(this.voice.value) + "&rate=" + encodeURIComponent(this.speed.value);
    this.say(what + ": đang chuẩn bị…");
    this.request("GET", "/api/articles/" + this.article.id + query).then(function (article) {
      self.stop();
      self.article.audio_url = article.audio_url;
      self.article.subtitles_url = article.subtitles_url;
      self.article.voice = article.voice;
      self.timing = article.timing;
      self.afterChange = what;
      if (sentence === 0) {
        if (playing) self.start();
        else self.say(what + ".");
        self.render();
        return;
      }
      // Synthesize from the start (the cache keeps it); play from the sentence once its
      // place is known and reachable.
      self.loaded = article.audio_url;
      self.audio.preload = "auto";
      self.audio.src = self.url();
      self.audio.load();
      self.pendingSentence = { index: sentence, play: playing };
      self.poll();
      if (!playing) self.say(what + ".");
    }, function (error) {
      self.say("Không đổi được: " + error.message);
    });
  };

  Player.prototype.faster = function (step) {
    var index = Math.min(SPEEDS.length - 1, Math.max(0, this.speed.selectedIndex + step));
    if (index !== this.speed.selectedIndex) {
      this.speed.selectedIndex = index;
      this.changeRendering("Tốc độ " + this.speed.options[index].text);
    }
  };

  Player.prototype.onKey = function (event) {
    var target = event.target;
    var tag = target.tagName;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (tag === "SELECT" || tag === "TEXTAREA" || (tag === "INPUT" && target.type !== "range")) return;
    var key = event.key;
    if (key === " " || key === "Spacebar" || key === "k" || key === "K") {
      // A focused button takes Space itself (the play button toggles).
      if (tag === "BUTTON" && key !== "k" && key !== "K") return;
      event.preventDefault();
      this.toggle();
    } else if (key === "ArrowLeft" || key === "ArrowRight") {
      event.preventDefault();
      this.seekTo((this.audio.currentTime || 0) + (key === "ArrowLeft" ? -STEP : STEP), true);
    } else if (key === "Home") {
      event.preventDefault();
      this.seekTo(0, true);
    } else if (key === "End") {
      event.preventDefault();
      this.seekTo(this.duration().seconds, true);
    } else if (key === "[" || key === "]") {
      event.preventDefault();
      this.faster(key === "]" ? 1 : -1);
    }
  };

  window.DocbaoPlayer = {
    mount: function (element, options) {
      var player = new Player(element, options || {});
      if (options && options.article) player.load(options.article).catch(function () {});
      return player;
    },
    clock: clock
  };
})();
