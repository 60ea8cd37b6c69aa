// The search index on demand. Material fetches search/search_index.json as every page
// loads, the largest thing a page receives, though most readers never search. This
// holds that one request back until the reader shows they want to search: the search
// box is hovered, focused or opened (a click, or the keys s, f, /), or the page was
// reached from a search result (?h=..., which search.highlight marks). Loaded before
// Material's bundle (docs/overrides/main.html), which fetches the index with
// XMLHttpRequest as soon as it starts. Its search worker (the code that answers
// queries, fetched as Material starts it) waits for the same moment: until then Material
// holds a stand-in that keeps its listeners and messages and hands them to the real
// worker. Nothing else is touched.
(function () {
  var INDEX = /\/search\/search_index\.json(?:$|[?#])/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var waiting = [];
  var wanted = /[?&]h=/.test(location.search);

  function want() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  var SEARCH_WORKER = /\/workers\/search\.[^/]*\.js(?:$|[?#])/;
  var RealWorker = window.Worker;
  function LaterWorker(url, options) {
    var real = null, ended = false, listeners = [], messages = [];
    this.addEventListener = function (type, listener, how) {
      if (real) real.addEventListener(type, listener, how);
      else listeners.push([type, listener, how]);
    };
    this.removeEventListener = function (type, listener, how) {
      if (real) real.removeEventListener(type, listener, how);
      else listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== listener; });
    };
    this.postMessage = function (message, transfer) {
      if (real) real.postMessage(message, transfer);
      else messages.push([message, transfer]);
    };
    this.terminate = function () { if (real) real.terminate(); ended = true; };
    waiting.push(function () {
      if (ended) return;
      real = new RealWorker(url, options);
      listeners.forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
      messages.forEach(function (m) { real.postMessage(m[0], m[1]); });
    });
  }
  if (RealWorker) {
    window.Worker = function (url, options) {
      if (wanted || !SEARCH_WORKER.test(String(url))) return new RealWorker(url, options);
      return new LaterWorker(url, options);
    };
    window.Worker.prototype = RealWorker.prototype;
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.lessonSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.lessonSearchIndex || wanted) return send.apply(xhr, args);
    waiting.push(function () { send.apply(xhr, args); });
  };

  function inSearch(event) {
    var target = event.target;
    return target instanceof Element &&
      !!target.closest(".md-search, label[for=__search], #__search");
  }
  ["mouseover", "focusin", "pointerdown", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (inSearch(event)) want();
    }, true);
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
        ["s", "S", "f", "F", "/"].indexOf(event.key) >= 0) want();
  }, true);
})();
