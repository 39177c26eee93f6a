// Tailor's few behaviours that HTML alone cannot do. Plain ES2020, no build
// step; loaded with defer after htmx. Every listener is delegated from the
// document, so content htmx swaps in later works the same.
"use strict";

(() => {
  // htmx 2 does not swap 4xx/5xx answers. Tailor answers a failed form with
  // 422 and the form re-rendered with its errors, and other failures with an
  // error fragment, so those are swapped too (5xx still count as errors).
  if (window.htmx) {
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: true, error: true },
    ];
  }

  // --- Copy buttons: <button data-copy="#selector"> -------------------------

  const copyText = async (text) => {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        // Fall through to the old way (permissions, unfocused document).
      }
    }
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.top = "-1000px";
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  };

  document.addEventListener("click", async (ev) => {
    const btn = ev.target.closest("[data-copy]");
    if (!btn) return;
    ev.preventDefault();
    const src = document.querySelector(btn.getAttribute("data-copy"));
    if (!src) return;
    const text = "value" in src && src.tagName !== "BUTTON" ? src.value : src.textContent;
    const ok = await copyText(text);
    if (!btn.dataset.label) btn.dataset.label = btn.textContent;
    btn.textContent = ok ? "Copied!" : "Press Ctrl+C to copy";
    clearTimeout(btn._copyTimer);
    btn._copyTimer = setTimeout(() => {
      btn.textContent = btn.dataset.label;
    }, 2000);
  });

  // --- Dismissible notices: <button data-dismiss> inside an .alert ----------

  document.addEventListener("click", (ev) => {
    const btn = ev.target.closest("[data-dismiss]");
    if (!btn) return;
    const box = btn.closest(".alert");
    if (box) box.remove();
  });

  // --- Live word count of the letter edit form ------------------------------

  // countWords counts like the server does: runs of non-space characters
  // that hold at least one letter or digit.
  const countWords = (s) =>
    s.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

  const updateWordCount = (form) => {
    const out = form.querySelector("[data-live-word-count]");
    if (!out) return;
    let n = 0;
    for (const name of ["paragraph1", "paragraph2", "paragraph3"]) {
      const ta = form.elements.namedItem(name);
      if (ta) n += countWords(ta.value);
    }
    out.textContent = String(n);
  };

  document.addEventListener("input", (ev) => {
    const form = ev.target.closest("form[data-word-count]");
    if (form) updateWordCount(form);
  });

  // --- Confirm and busy state of plain forms --------------------------------

  document.addEventListener("submit", (ev) => {
    const form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    const question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      ev.preventDefault();
      return;
    }
    if (!form.hasAttribute("data-busy")) return;
    if (form.dataset.submitting === "1") {
      ev.preventDefault(); // a second click while the first is on its way
      return;
    }
    form.dataset.submitting = "1";
    const btn = ev.submitter || form.querySelector("button[type=submit], button:not([type])");
    if (!btn) return;
    btn.dataset.label = btn.textContent;
    btn.textContent = "Working…";
    btn.setAttribute("aria-disabled", "true");
    // Disable after the browser has read the form, so the clicked button's
    // name and value (e.g. add=work) are still sent.
    setTimeout(() => {
      btn.disabled = true;
    }, 0);
  });

  // A page restored from the back/forward cache must not keep a dead button.
  window.addEventListener("pageshow", (ev) => {
    if (!ev.persisted) return;
    for (const form of document.querySelectorAll("form[data-submitting]")) {
      delete form.dataset.submitting;
      for (const btn of form.querySelectorAll("button[aria-disabled=true]")) {
        btn.disabled = false;
        btn.removeAttribute("aria-disabled");
        if (btn.dataset.label) btn.textContent = btn.dataset.label;
      }
    }
  });

  // --- This server's address in API examples --------------------------------

  if (window.location.protocol.startsWith("http")) {
    for (const el of document.querySelectorAll("[data-origin-replace]")) {
      el.textContent = el.textContent.replaceAll(el.getAttribute("data-origin-replace"), window.location.origin);
    }
  }
  // --- Documents: print view and the panel on the job page -----------------

  // <button data-print> prints the page; <body data-autoprint> (the print
  // view opened by the job page's Print button) opens the dialog at once.
  document.addEventListener("click", (ev) => {
    if (!ev.target.closest("[data-print]")) return;
    ev.preventDefault();
    window.print();
  });
  if (document.body && document.body.hasAttribute("data-autoprint")) {
    window.addEventListener("load", () => setTimeout(() => window.print(), 100));
  }

  // When the CV or the letter changes on the job page (drafted, edited,
  // rewritten), the documents panel reloads to match: the copy sources of
  // the two sections say what the drafts are now.
  const draftsNow = () => {
    const cv = document.getElementById("cv-markdown");
    const letter = document.getElementById("letter-text");
    return (cv ? cv.value : "") + "\u0000" + (letter ? letter.value : "");
  };
  let drafts = draftsNow();
  document.addEventListener("htmx:afterSettle", () => {
    const now = draftsNow();
    if (now === drafts) return;
    drafts = now;
    const panel = document.getElementById("documents-panel");
    if (panel && window.htmx && panel.dataset.testid === "documents-panel") window.htmx.trigger(panel, "refresh");
  });

  // --- Evidence tooltips: Escape hides the one shown (WCAG 1.4.13) ---------

  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "Escape") return;
    const claim = document.activeElement && document.activeElement.closest(".claim");
    if (claim) claim.classList.add("tip-dismissed");
  });
  const undismiss = (ev) => {
    const claim = ev.target.closest && ev.target.closest(".claim");
    if (claim) claim.classList.remove("tip-dismissed");
  };
  document.addEventListener("focusout", undismiss);
  document.addEventListener("mouseout", undismiss);
})();
