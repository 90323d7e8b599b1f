/* The map page's behaviour in the main document: focus moves to a place's panel when it opens, Escape or Close
   closes it (from the page or from inside the map frame) and focus returns to that place on the map; entering briefing mode scrolls
   the slide to the top; the map's view stays in the address when the app rewrites it. The page calls atlasPage.update({...}) on every run; each request carries a number so a
   rerun never repeats it. */
(function () {
  "use strict";
  if (window.atlasPage) { return; }
  var MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]';
  var done = {focus: 0, top: 0};

  function panel() { return document.querySelector(".st-key-place-panel"); }
  function closeButton() { return document.querySelector(".st-key-close-panel button"); }
  function mapFrame() { return document.querySelector(MAP_FRAME); }

  /* `then` with what `find` returns, as soon as it is truthy: now, or after the change to the page that makes it so. */
  function whenPresent(find, then) {
    var found = find();
    if (found) { then(found); return; }
    var observer = new MutationObserver(function () {
      var now = find();
      if (now) { observer.disconnect(); then(now); }
    });
    observer.observe(document.body, {childList: true, subtree: true});
    // A timer, as no event says that a run is over without the change: then nothing may happen later.
    setTimeout(function () { observer.disconnect(); }, 5000);
  }

  function focusPanel() {
    whenPresent(panel, function (el) {
      el.setAttribute("tabindex", "-1");
      el.focus({preventScroll: true});
      var top = el.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.75) { el.scrollIntoView({block: "start"}); }  // e.g. below the map on a phone
    });
  }

  function selectedPlace() {
    try {
      var pin = mapFrame().contentDocument.querySelector(".atlas-pin.atlas-selected");
      return pin ? pin.getAttribute("data-place") : null;
    } catch (e) { return null; }
  }

  /* Focus goes back to the place whose panel was closed (or to the map), so a keyboard user carries on there. */
  function focusMap(place) {
    var frame = mapFrame();
    if (!frame) { return; }
    frame.focus();
    try {
      var doc = frame.contentDocument;
      var target = (place && doc.querySelector('.atlas-pin[data-place="' + CSS.escape(place) + '"]')) ||
        doc.querySelector(".atlas-pin.atlas-selected") || doc.querySelector(".leaflet-container");
      if (target) { target.focus({preventScroll: true}); }
    } catch (e) { /* a frame from elsewhere: leave focus on the frame */ }
  }

  function onClose(event) {
    if (!(event.target.closest && event.target.closest(".st-key-close-panel button"))) { return; }
    var place = selectedPlace();
    // A place picked on the map was marked there at once, before the server knew; unmark it the same way.
    try { mapFrame().contentWindow.atlasCanvas.select(null); } catch (e) { /* no map on this page */ }
    focusMap(place);
    // The rerun that closes the panel removes the button; focus stays with the place unless the user moved on.
    whenPresent(function () { return !closeButton(); }, function () {
      var active = document.activeElement;
      if (!active || active === document.body || active === mapFrame()) { focusMap(place); }
    });
  }

  function onKey(event) {
    if (event.key !== "Escape" || event.defaultPrevented) { return; }
    var button = closeButton();
    if (!button) { return; }
    // An open list or menu of a widget takes Escape first.
    var active = document.activeElement;
    if (active && active.closest && active.closest('[role="listbox"], [data-baseweb="popover"]')) { return; }
    event.preventDefault();
    button.click();  // onClose moves focus back to the place
  }

  /* Escape inside a map frame too: for each frame the app draws, and again for each document the frame loads. */
  function watchFrame(frame) {
    try {
      var doc = frame.contentDocument;
      if (doc && !doc.atlasEscape) {
        doc.atlasEscape = true;
        doc.addEventListener("keydown", onKey);
      }
    } catch (e) { /* not ours */ }
  }

  function watchFrames() {
    document.querySelectorAll(MAP_FRAME).forEach(function (frame) {
      if (!frame.atlasWatched) {
        frame.atlasWatched = true;
        frame.addEventListener("load", function () { watchFrame(frame); });
      }
      watchFrame(frame);
    });
  }

  function scrollTop() {
    var main = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
    window.scrollTo(0, 0);
    if (main) { main.scrollTop = 0; }
  }

  /* The map's view stays in the address when the app rewrites it. After a run Streamlit pushes (or replaces) a
   * history entry with the server's copy of the address, which lacks a pan made while the run was under way;
   * every address written for this page therefore takes the map's view as the map has it now. */
  function withMapView(url) {
    var view = null;
    try { view = mapFrame().contentWindow.atlasMap.view(); } catch (e) { return url; }  // no map on this page
    if (url === undefined || url === null) { return url; }
    var next = new URL(String(url), location.href);
    if (next.pathname !== location.pathname) { return url; }  // another page: the view is not part of it
    Object.keys(view).forEach(function (key) { next.searchParams.set(key, view[key]); });
    return next.toString();
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var write = history[name];
    history[name] = function (state, title, url) { return write.call(history, state, title, withMapView(url)); };
  });

  document.addEventListener("keydown", onKey);
  document.addEventListener("click", onClose, true);
  new MutationObserver(watchFrames).observe(document.body, {childList: true, subtree: true});

  window.atlasPage = {
    update: function (request) {
      watchFrames();
      if (request.focus && request.focus !== done.focus) { done.focus = request.focus; focusPanel(); }
      if (request.top && request.top !== done.top) { done.top = request.top; scrollTop(); }
    }
  };
})();
