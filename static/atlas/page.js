/* The map page's behaviour in the main document: focus moves to a place's panel when it opens, Escape closes
   it (from the page or from inside the map frame) and focus returns to the map; entering briefing mode scrolls
   the slide to the top. The page calls atlasPage.update({...}) on every run; each request carries a number so a
   rerun never repeats it. */
(function () {
  if (window.atlasPage) { return; }
  var MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]';
  var done = {focus: 0, top: 0};

  function panel() { return document.querySelector(".st-key-place-panel"); }
  function closeButton() { return document.querySelector(".st-key-close-panel button"); }
  function mapFrame() { return document.querySelector(MAP_FRAME); }

  function whenPresent(find, then, tries) {
    var found = find();
    if (found) { then(found); return; }
    if ((tries || 0) < 50) { setTimeout(function () { whenPresent(find, then, (tries || 0) + 1); }, 100); }
  }

  function focusPanel() {
    whenPresent(panel, function (el) {
      el.setAttribute("tabindex", "-1");
      el.focus({preventScroll: true});
      var top = el.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.75) { el.scrollIntoView({block: "start"}); }  // e.g. below the map on a phone
    });
  }

  function focusMap() {
    var frame = mapFrame();
    if (!frame) { return; }
    frame.focus();
    try {
      var doc = frame.contentDocument;
      var target = doc.querySelector(".atlas-pin.atlas-selected") || doc.querySelector(".leaflet-container");
      if (target) { target.focus(); }
    } catch (e) { /* a frame from elsewhere: leave focus on the frame */ }
  }

  function onKey(event) {
    if (event.key !== "Escape" || event.defaultPrevented) { return; }
    var button = closeButton();
    if (!button) { return; }
    // An open list or menu of a widget takes Escape first.
    var active = document.activeElement;
    if (active && active.closest && active.closest('[role="listbox"], [data-baseweb="popover"]')) { return; }
    event.preventDefault();
    button.click();
    focusMap();
  }

  function watchFrames() {
    document.querySelectorAll(MAP_FRAME).forEach(function (frame) {
      try {
        var doc = frame.contentDocument;
        if (doc && !doc.atlasEscape) {
          doc.atlasEscape = true;
          doc.addEventListener("keydown", onKey);
        }
      } catch (e) { /* not ours */ }
    });
  }

  function scrollTop() {
    var main = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
    window.scrollTo(0, 0);
    if (main) { main.scrollTop = 0; }
  }

  document.addEventListener("keydown", onKey);
  setInterval(watchFrames, 500);

  window.atlasPage = {
    update: function (request) {
      watchFrames();
      if (request.focus && request.focus !== done.focus) { done.focus = request.focus; focusPanel(); }
      if (request.top && request.top !== done.top) { done.top = request.top; scrollTop(); }
    }
  };
})();
