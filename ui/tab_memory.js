// The resume code in this tab's sessionStorage: written when Python says so, and read once,
// at the start of a session, to report it back. Never in the address: sessionStorage belongs
// to this tab alone (a new tab or window starts empty), is sent to no server, and Quick exit
// empties every "crossroads" key in it (ui/quick_exit.js).
// Beside it, the "part-way through" flag ("1", nothing personal): reported only when there
// is no code, so a new server session can say the answers were lost (ui/lost_session.py).
// ui/tab_memory.py passes `data`, flat: {key, write, keep, ask, flag_key?, flag_write?,
// flag_keep?, session?}; session comes with every flag_key.
export default function remember({ data, setTriggerValue }) {
  // Leaving by Quick exit: write nothing back that it has just cleared.
  if (document.documentElement.classList.contains("crossroads-leaving")) return;
  try {
    const store = window.sessionStorage;
    const flag = data.flag_key === undefined ? null
      : { key: data.flag_key, write: data.flag_write, keep: data.flag_keep };
    // Which server session spoke to this page last. The flag goes only to a new session:
    // if none spoke before, this page load began with it (a reload); otherwise the page
    // outlived its server session (it reconnected to another process).
    const first = window.__crossroadsSession === undefined;
    const newSession = data.session !== undefined && window.__crossroadsSession !== data.session;
    if (data.session !== undefined) window.__crossroadsSession = data.session;
    if (data.ask) {
      // Read before anything is written.
      const found = store.getItem(data.key);
      if (found) setTriggerValue("found", found);
      else if (newSession && flag && store.getItem(flag.key) === "1") {
        setTriggerValue("under_way", first ? "reload" : "restart");
      }
    }
    if (flag && flag.write) {
      if (flag.keep) store.setItem(flag.key, "1");
      else store.removeItem(flag.key);
    }
    if (data.write) {
      if (data.keep === null) store.removeItem(data.key);
      else store.setItem(data.key, data.keep);
    }
  } catch (error) {
    // Storage blocked (a strict privacy setting): a refresh starts afresh, and the code
    // typed into the resume box still works.
  }
}
