// UnionHall's only script of its own (the CSP allows no inline script).
// Tree browser: the "+" button fetches a node's children once through htmx, then folds and unfolds them.
document.addEventListener("htmx:confirm", (event) => {
  const button = event.target.closest ? event.target.closest(".toggle") : null;
  if (!button) return;
  const sub = button.parentElement.querySelector(":scope > .sub");
  if (sub && sub.dataset.loaded) {
    event.preventDefault();
    setOpen(button, sub, sub.hidden);
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  const sub = event.target;
  if (!sub.classList || !sub.classList.contains("sub")) return;
  sub.dataset.loaded = "1";
  const button = sub.parentElement.querySelector(":scope > .toggle");
  if (button) setOpen(button, sub, true);
});

function setOpen(button, sub, open) {
  sub.hidden = !open;
  button.textContent = open ? "−" : "+";
  button.setAttribute("aria-expanded", String(open));
  button.setAttribute("aria-label", (open ? "收起 " : "展开 ") + button.dataset.name);
}

// A step that cannot be undone asks first: <form data-confirm="…"> submits only after the user agrees.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
