// The resume code in this tab's sessionStorage: written when Python says so, and read once,
// at the start of a session, to report it back. Never in the address: sessionStorage belongs
// to this tab alone (a new tab or window starts empty), is sent to no server, and Quick exit
// empties every "crossroads" key in it (ui/quick_exit.js).
// ui/tab_memory.py passes `data`: {key, write, keep, ask}.
export default function remember({ data, setTriggerValue }) {
  // Leaving by Quick exit: write nothing back that it has just cleared.
  if (document.documentElement.classList.contains("crossroads-leaving")) return;
  try {
    if (data.write) {
      if (data.keep === null) window.sessionStorage.removeItem(data.key);
      else window.sessionStorage.setItem(data.key, data.keep);
    } else if (data.ask) {
      const found = window.sessionStorage.getItem(data.key);
      if (found) setTriggerValue("found", found);
    }
  } catch (error) {
    // Storage blocked (a strict privacy setting): a refresh starts afresh, and the code
    // typed into the resume box still works.
  }
}
