// Quick exit, after GOV.UK's "Exit this page": the page's own button and Shift pressed three
// times, both leaving for a neutral page by replace. It lives outside Streamlit's React tree
// and needs nothing from the server, so it works with the connection lost.
// ui/quick_exit.py fills in the exit URL. No "<" may be followed by a letter, "/" or "!" in
// this file: Streamlit's HTML sanitiser drops a script whose text looks like markup.
(() => {
  "use strict";
  // The words and the page's language come from ui/quick_exit.py, in the person's language.
  const TEXTS = __TEXTS__;
  document.documentElement.lang = TEXTS.lang;
  // Once per page load: Streamlit mounts this again on each run that changes it, which is
  // when the language changed, so only the words are put in place again.
  if (window.__crossroadsExit) {
    window.__crossroadsExit.relabel(TEXTS);
    return;
  }

  const EXIT_URL = __EXIT_URL__;
  const SHIFT_PRESSES = 3;
  const SHIFT_WINDOW_MS = 2000;
  const STORAGE_PREFIX = "crossroads";
  const CSS = `
#crossroads-quick-exit {
  position: fixed; top: max(0.5rem, env(safe-area-inset-top));
  right: max(0.75rem, env(safe-area-inset-right)); z-index: 2147483646;
  min-width: 44px; min-height: 44px; margin: 0; padding: 0.5rem 1rem;
  border: 2px solid transparent; border-radius: 0.5rem;
  background: #b42318; color: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3);
  font: 600 1rem/1.25 "Source Sans", "Source Sans Pro", system-ui, sans-serif;
  cursor: pointer; touch-action: manipulation;
}
#crossroads-quick-exit:hover { background: #8f1c13; }
#crossroads-quick-exit:active { transform: translateY(1px); }
#crossroads-quick-exit:focus { outline: none; }
#crossroads-quick-exit:focus-visible {
  background: #ffdd00; color: #0b0c0c; outline: 3px solid #0b0c0c; outline-offset: 2px;
  box-shadow: 0 0 0 2px #fff;
}
.crossroads-visually-hidden {
  position: absolute !important; width: 1px !important; height: 1px !important;
  margin: -1px !important; padding: 0 !important; overflow: hidden !important;
  clip-path: inset(50%) !important; white-space: nowrap !important; border: 0 !important;
}
/* A band at the top the page never scrolls under: the button sits there, over no content. */
.stApp [data-testid="stMain"] {
  top: var(--crossroads-exit-band, 3.75rem); bottom: 0; height: auto;
}
.stApp [data-testid="stMainBlockContainer"] { padding-top: 1rem; }
html.crossroads-leaving body > :not(#crossroads-exit-cover) { display: none !important; }
@media print {
  #crossroads-quick-exit { display: none; }
  .stApp [data-testid="stMain"] { top: 0; }
}
`;

  const style = document.createElement("style");
  style.textContent = CSS;
  document.head.appendChild(style);

  const button = document.createElement("button");
  button.type = "button";
  button.id = "crossroads-quick-exit";
  button.lang = TEXTS.lang;
  button.setAttribute("aria-describedby", "crossroads-quick-exit-hint");
  const hint = document.createElement("span");
  hint.id = "crossroads-quick-exit-hint";
  hint.hidden = true;  // read only as the button's description
  const status = document.createElement("span");
  status.className = "crossroads-visually-hidden";
  status.setAttribute("role", "status");
  // First in the page, so it is the first thing reached by keyboard.
  document.body.prepend(button);
  button.after(hint, status);
  let texts = TEXTS;
  function relabel(next) {
    texts = next;
    button.textContent = next.label;
    hint.textContent = next.hint;
    // Streamlit's own skip link is written in English: give it the page's language too.
    const skip = document.querySelector("[data-testid='stSkipToContent']");
    if (skip && next.skip) skip.textContent = next.skip;
  }
  relabel(TEXTS);
  // The band is as tall as the button needs (longer words, larger text, a notch).
  function reserveBand() {
    const bottom = Math.ceil(button.getBoundingClientRect().bottom) + 8;
    document.documentElement.style.setProperty("--crossroads-exit-band", `${bottom}px`);
  }
  reserveBand();
  if (window.ResizeObserver) new ResizeObserver(reserveBand).observe(button);

  let leaving = false;

  function forgetStorage() {
    for (const name of ["sessionStorage", "localStorage"]) {
      try {
        const store = window[name];
        for (let i = store.length - 1; i >= 0; i -= 1) {
          const key = store.key(i);
          if (key && key.toLowerCase().startsWith(STORAGE_PREFIX)) store.removeItem(key);
        }
      } catch (error) {
        // Storage can be blocked; then nothing of ours is in it either.
      }
    }
  }

  function leave() {
    if (leaving) return;
    leaving = true;
    const cover = document.createElement("div");
    cover.id = "crossroads-exit-cover";
    cover.style.cssText = "position:fixed;inset:0;z-index:2147483647;"
      + "background:#fff;background:Canvas;";
    document.body.appendChild(cover);
    document.documentElement.classList.add("crossroads-leaving");
    document.title = "";
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    forgetStorage();
    // The neutral site is not told where the person came from.
    const referrer = document.createElement("meta");
    referrer.name = "referrer";
    referrer.content = "no-referrer";
    document.head.appendChild(referrer);
    window.location.replace(EXIT_URL);
  }

  button.addEventListener("click", (event) => {
    event.preventDefault();
    leave();
  });
  // Should the browser ever bring this page back from its cache, leave again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && leaving) window.location.replace(EXIT_URL);
  });
  // As the page goes, once more: a reply from the server still on its way (the resume code
  // this tab keeps, ui/tab_memory.js) must not put back what was just forgotten.
  window.addEventListener("pagehide", () => {
    if (leaving) forgetStorage();
  });

  // Shift three times on its own: any other key, or Shift used to type a capital, starts over.
  let shiftAlone = false;
  let presses = [];
  let quiet = 0;
  function announce(text) {
    status.textContent = text;
    clearTimeout(quiet);
    quiet = setTimeout(() => { status.textContent = ""; }, SHIFT_WINDOW_MS);
  }
  window.addEventListener("keydown", (event) => {
    if (event.key === "Shift") {
      if (!event.repeat) shiftAlone = true;
      return;
    }
    shiftAlone = false;
    presses = [];
  }, true);
  window.addEventListener("keyup", (event) => {
    if (event.key !== "Shift" || !shiftAlone) return;
    shiftAlone = false;
    const now = performance.now();
    presses = presses.filter((at) => now - at <= SHIFT_WINDOW_MS);
    presses.push(now);
    const left = SHIFT_PRESSES - presses.length;
    if (left > 0) {
      announce(texts.shift[left] || texts.shift[1]);
      return;
    }
    presses = [];
    leave();
  }, true);
  window.addEventListener("blur", () => { shiftAlone = false; });

  // History: Streamlit pushes an entry when the query string changes, and a same-page link
  // pushes one too; either would leave the session one Back press away. Make them replace.
  const replaceState = History.prototype.replaceState;
  history.pushState = function pushAsReplace(state, unused, url) {
    return replaceState.call(this, state, unused, url);
  };
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href^='#']") : null;
    if (!link) return;
    event.preventDefault();
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target) target.scrollIntoView();
  }, true);

  window.__crossroadsExit = { leave, relabel };
})();
