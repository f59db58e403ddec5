// Loaded into every page .ci/check-site opens (its server adds it; the site itself never has
// it). Once DocC has rendered the page and Scripts/site/math.js has typeset it, it writes what
// it finds into <pre id="site-check-report"> as JSON, which `chromium --dump-dom` prints:
//   clipped:  tables, code and figure panes, equations wider than what shows them, cut off
//             (scrollWidth against clientWidth, and the box against every ancestor that hides
//             its overflow) instead of scrolling;
//   raw:      text outside code listings and typeset math that still holds a `$`, and
//             equations KaTeX could not read;
//   math:     how many equations are typeset;
//   empty:    tutorial steps whose pane has nothing to show (no figure, no code).
(function () {
  "use strict";
  function shown(el) {
    return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden" &&
      !el.closest(".generic-modal, [style*='display: none']");
  }
  function name(el) {
    var text = (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();
    return el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? "." + String(el.className).split(" ")[0] : "") +
      " \"" + text.slice(0, 60) + "\"";
  }
  // A table, a figure, an equation or code in the prose must fit its column at this width (a
  // reader should not have to find a scroll bar to read it); the code panes beside the steps
  // scroll, as code viewers do; nothing may be cut off without a way to scroll to it.
  function clipped(el, mustFit) {
    var style = getComputedStyle(el);
    var scrolls = /auto|scroll/.test(style.overflowX);
    if (el.scrollWidth > el.clientWidth + 1) {
      if (!scrolls && style.overflowX !== "visible") {
        return "cuts off its own content (" + el.scrollWidth + " px wide in " + el.clientWidth + ")";
      }
      if (scrolls && mustFit) {
        return "is wider than its column and must be scrolled (" + el.scrollWidth + " px in " + el.clientWidth + ")";
      }
    }
    var box = el.getBoundingClientRect();
    for (var up = el.parentElement; up; up = up.parentElement) {
      var upStyle = getComputedStyle(up);
      if (/auto|scroll/.test(upStyle.overflowX)) {
        return mustFit && box.width > up.clientWidth + 1
          ? "is wider than its column and must be scrolled (" + Math.round(box.width) + " px in " + up.clientWidth + ")"
          : null;
      }
      if (upStyle.overflowX === "visible") continue;
      var outer = up.getBoundingClientRect();
      if (box.right > outer.right + 1 || box.left < outer.left - 1) {
        return "is cut off by " + name(up) + " (" + Math.round(box.width) + " px wide in " +
          Math.round(outer.width) + ")";
      }
    }
    return box.right > document.documentElement.clientWidth + 1 ? "runs off the page" : null;
  }
  function report() {
    var found = { clipped: [], raw: [], math: 0, empty: [], steps: 0 };
    var main = document.querySelector("main") || document.body;
    main.querySelectorAll("table, pre, .code-listing, .media-container, .asset-container, " +
        ".katex-display, code.math, img, .content").forEach(function (el) {
      if (!shown(el)) return;
      var problem = clipped(el, el.matches("table, img, .katex-display, code.math, .intro-container pre"));
      if (problem) found.clipped.push(name(el) + " " + problem);
    });
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      if (node.nodeValue.indexOf("$") < 0 || parent.closest("pre, .katex, script, style, noscript")) continue;
      if (!shown(parent)) continue;
      found.raw.push(node.nodeValue.replace(/\s+/g, " ").trim().slice(0, 80));
    }
    main.querySelectorAll("code.math-error").forEach(function (el) {
      found.raw.push("KaTeX cannot read " + el.textContent.slice(0, 60) + ": " + el.title);
    });
    found.math = main.querySelectorAll("code.math .katex").length;
    main.querySelectorAll(".step-container").forEach(function (step, index) {
      found.steps += 1;
      var pane = step.querySelector(".media-container");
      var media = pane && pane.querySelector("img, video, pre");
      if (!media || !(media.tagName !== "PRE" || media.textContent.trim())) {
        found.empty.push("step " + (index + 1) + ": " + name(step.querySelector(".content") || step));
      }
    });
    var out = document.createElement("pre");
    out.id = "site-check-report";
    out.hidden = true;
    out.textContent = JSON.stringify(found);
    document.body.appendChild(out);
  }
  window.addEventListener("load", function () { setTimeout(report, 5000); });
})();
