// Read before the first paint (loaded without defer): whether the user folded the side navigation away on a
// desktop, so the page does not draw the sidebar and then hide it. The CSP allows no inline script.
try {
  if (window.localStorage.getItem("uh-nav-collapsed") === "1") document.documentElement.classList.add("uh-nav-collapsed");
} catch (e) {
  // Storage refused (private mode): the sidebar simply stays open.
}
