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

// A step that cannot be undone asks first: <form data-confirm="…"> submits only after the user agrees in a
// dialog that says what will happen (a <dialog>, built once; the browser's own confirm() where it has none).
let confirmDialog = null;

function openConfirm(text, onYes) {
  if (typeof HTMLDialogElement !== "function") {
    if (window.confirm(text)) onYes();
    return;
  }
  if (!confirmDialog) {
    confirmDialog = document.createElement("dialog");
    confirmDialog.className = "uh-confirm";
    confirmDialog.setAttribute("aria-labelledby", "uh-confirm-title");
    confirmDialog.setAttribute("data-testid", "confirm-dialog");
    confirmDialog.innerHTML =
      '<form method="dialog" class="uh-confirm-body">' +
      '<h3 id="uh-confirm-title" class="uh-confirm-title">请确认</h3>' +
      '<p class="uh-confirm-text"></p>' +
      '<div class="uh-confirm-actions">' +
      '<button type="submit" value="cancel" class="btn btn-outline-secondary" data-testid="confirm-cancel">取消</button>' +
      '<button type="submit" value="yes" class="btn btn-danger" data-testid="confirm-yes">确定</button>' +
      "</div></form>";
    document.body.appendChild(confirmDialog);
  }
  confirmDialog.querySelector(".uh-confirm-text").textContent = text;
  confirmDialog.returnValue = "";
  confirmDialog.addEventListener(
    "close",
    () => {
      if (confirmDialog.returnValue === "yes") onYes();
    },
    { once: true },
  );
  confirmDialog.showModal();
  confirmDialog.querySelector("[data-testid=confirm-cancel]").focus();
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || form.method === "dialog") return;
  if (form.dataset.confirmed) {
    delete form.dataset.confirmed;
    return;
  }
  event.preventDefault();
  const submitter = event.submitter || null;
  openConfirm(form.dataset.confirm, () => {
    form.dataset.confirmed = "1";
    if (form.requestSubmit) form.requestSubmit(submitter);
    else form.submit();
  });
});

// The console's side navigation folds away on a desktop (the choice is remembered in localStorage; read
// early by shell-early.js). On a phone the same sidebar is Bootstrap's off-canvas drawer (data-bs-toggle).
document.addEventListener("click", (event) => {
  const button = event.target.closest ? event.target.closest("[data-uh-collapse]") : null;
  if (!button) return;
  const collapsed = document.documentElement.classList.toggle("uh-nav-collapsed");
  button.setAttribute("aria-expanded", String(!collapsed));
  button.setAttribute("aria-label", collapsed ? "展开导航" : "收起导航");
  try {
    window.localStorage.setItem("uh-nav-collapsed", collapsed ? "1" : "0");
  } catch (e) {
    // Storage refused: the choice lasts for this page only.
  }
});

// Progressive enhancement of form fields; without the libraries the plain fields work as before.
// flatpickr on date fields (Chinese calendar, the value stays YYYY-MM-DD); Tom Select on <select data-search>.
function enhanceFields(root) {
  if (window.flatpickr) {
    const locale = window.flatpickr.l10ns && window.flatpickr.l10ns.zh ? window.flatpickr.l10ns.zh : "default";
    root.querySelectorAll("input[type=date]:not([data-plain]), input[data-date]").forEach((input) => {
      if (input._flatpickr) return;
      window.flatpickr(input, { locale: locale, dateFormat: "Y-m-d", allowInput: true, disableMobile: true });
    });
  }
  if (window.TomSelect) {
    root.querySelectorAll("select[data-search]").forEach((select) => {
      if (select.tomselect) return;
      if (select.dataset.remote) {
        remotePicker(select);
        return;
      }
      new window.TomSelect(select, { create: false, maxOptions: 500, allowEmptyOption: true });
    });
  }
}

// A unit or employer picker (orgs/pickers.py): options come from the JSON search as the user types (name,
// pinyin initials, code); with nothing typed, the top of the user's reach as an indented tree. The options
// the server rendered serve a browser without this script; here only the chosen one is kept.
function remotePicker(select) {
  select.querySelectorAll("option").forEach((option) => {
    if (option.value && !option.selected) option.remove();
  });
  const url = select.dataset.remote;
  // "全部" (or "请选择") becomes the placeholder, and the clear button goes back to it.
  const empty = select.querySelector('option[value=""]');
  const pathLine = (data, escape) =>
    data.path || data.code
      ? '<small class="uh-pick-path">' + escape([data.path, data.code].filter(Boolean).join(" · ")) + "</small>"
      : "";
  new window.TomSelect(select, {
    create: false,
    allowEmptyOption: false,
    placeholder: empty ? empty.textContent : "",
    plugins: { clear_button: { title: "清除" } },
    maxOptions: 200,
    valueField: select.dataset.valueField || "value",
    labelField: "text",
    searchField: ["text", "name", "code", "initials"],
    preload: "focus",
    loadThrottle: 250,
    shouldLoad: () => true,
    load: (query, callback) => {
      const sep = url.indexOf("?") >= 0 ? "&" : "?";
      fetch(url + sep + "q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { items: [] }))
        .then((body) => callback(body.items))
        .catch(() => callback());
    },
    render: {
      option: (data, escape) =>
        '<div class="uh-pick uh-pick-d' +
        (Number(data.depth) || 0) +
        '"><span>' +
        escape(data.name || data.text) +
        "</span>" +
        pathLine(data, escape) +
        "</div>",
      item: (data, escape) => "<div>" + escape(data.text) + "</div>",
      no_results: () => '<div class="no-results">在您的权限范围内没有找到</div>',
      loading: () => '<div class="spinner"></div>',
    },
  });
}

// A refused submit lists every error at the top (includes/form_errors.html). The first invalid field gets the
// focus, scrolled to the middle of the screen, and a link of the summary focuses its own field: the widget
// itself, the search box of a picker (Tom Select hides the <select>), or the first choice of a group.
function focusField(id) {
  const target = document.getElementById(id);
  if (!target) return false;
  let field = target;
  if (target.tomselect) field = target.tomselect.control_input;
  else if (!target.matches("input, select, textarea, button")) field = target.querySelector("input, select, textarea");
  if (!field) return false;
  const shown = target.tomselect ? target.tomselect.wrapper : field;
  shown.scrollIntoView({ block: "center" });
  field.focus({ preventScroll: true });
  return true;
}

function focusFirstError() {
  const first = document.querySelector("[data-testid=form-errors] a[data-uh-field]");
  if (first) focusField(first.dataset.uhField);
}

document.addEventListener("click", (event) => {
  const link = event.target.closest ? event.target.closest("[data-testid=form-errors] a[data-uh-field]") : null;
  if (link && focusField(link.dataset.uhField)) event.preventDefault();
});

document.addEventListener("DOMContentLoaded", () => {
  enhanceFields(document);
  focusFirstError();
  const collapse = document.querySelector("[data-uh-collapse]");
  if (collapse && document.documentElement.classList.contains("uh-nav-collapsed")) {
    collapse.setAttribute("aria-expanded", "false");
    collapse.setAttribute("aria-label", "展开导航");
  }
});
document.addEventListener("htmx:afterSwap", (event) => enhanceFields(event.target));

// A print button (<button data-print>) prints the page; the print stylesheet leaves only the record.
document.addEventListener("click", (event) => {
  const button = event.target.closest ? event.target.closest("[data-print]") : null;
  if (button) window.print();
});
