// Loaded into every page .ci/check-site opens (its server adds it; the site itself never has
// it). Once DocC has rendered the page and Scripts/site/math.js has typeset it, it writes what
// it finds into <pre id="site-check-report"> as JSON, which `chromium --dump-dom` prints:
//   clipped:  tables, code and figure panes, equations wider than what shows them, cut off
//             (scrollWidth against clientWidth, and the box against every ancestor that hides
//             its overflow) instead of scrolling;
//   raw:      text outside code listings and typeset math that still holds a `$`, and
//             equations KaTeX could not read;
//   math:     how many equations are typeset;
//   empty:    tutorial steps whose pane has nothing to show (no figure, no code);
//   questions: how many quiz questions it answered, every choice submitted in turn, so that every
//             explanation is shown and checked for raw `$` as well.
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
  function rawText(root, found) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      // (A typeset span keeps its LaTeX, hidden, for DocC to update: code.math.)
      if (node.nodeValue.indexOf("$") < 0 || parent.closest("pre, .katex, code.math, script, style, noscript")) continue;
      if (!shown(parent)) continue;
      var text = node.nodeValue.replace(/\s+/g, " ").trim().slice(0, 80);
      if (found.raw.indexOf(text) < 0) found.raw.push(text);
    }
    root.querySelectorAll("code.math-error").forEach(function (el) {
      var text = "KaTeX cannot read " + el.textContent.slice(0, 60) + ": " + el.title;
      if (found.raw.indexOf(text) < 0) found.raw.push(text);
    });
  }

  // Answers the quiz: each choice of each question submitted in turn (a wrong one shows its
  // explanation too), then the next question; then calls `done`.
  function walkQuiz(found, done) {
    var tried = {}, rounds = 0;
    function button(pattern) {
      return Array.prototype.find.call(document.querySelectorAll(".assessments-wrapper button"),
        function (b) { return pattern.test(b.textContent) && !b.disabled; });
    }
    function round() {
      var quiz = document.querySelector(".assessments-wrapper .quiz");
      if (!quiz || rounds++ > 400) return done();
      rawText(document.querySelector(".assessments-wrapper"), found);
      var title = quiz.querySelector(".title").textContent;
      var next = button(/next question/i);
      if (next) {
        next.click();
        return setTimeout(round, 200);
      }
      if (!(title in tried)) {
        tried[title] = 0;
        found.questions += 1;
      }
      var choices = quiz.querySelectorAll("label.choice input");
      if (tried[title] >= choices.length) return done();
      choices[tried[title]++].click();
      setTimeout(function () {
        var submit = button(/submit/i);
        if (submit) submit.click();
        setTimeout(round, 200);
      }, 100);
    }
    round();
  }

  function report() {
    var found = { clipped: [], raw: [], math: 0, empty: [], steps: 0, questions: 0 };
    var main = document.querySelector("main") || document.body;
    main.querySelectorAll("table, pre, .code-listing, .media-container, .asset-container, " +
        ".katex-display, code.math, img, .content").forEach(function (el) {
      if (!shown(el)) return;
      var problem = clipped(el, el.matches("table, img, .katex-display, code.math, .intro-container pre"));
      if (problem) found.clipped.push(name(el) + " " + problem);
    });
    rawText(main, found);
    found.math = main.querySelectorAll("code.math .katex").length;
    main.querySelectorAll(".step-container").forEach(function (step, index) {
      found.steps += 1;
      var pane = step.querySelector(".media-container");
      var media = pane && pane.querySelector("img, video, pre");
      if (!media || !(media.tagName !== "PRE" || media.textContent.trim())) {
        found.empty.push("step " + (index + 1) + ": " + name(step.querySelector(".content") || step));
      }
    });
    walkQuiz(found, function () {
      var out = document.createElement("pre");
      out.id = "site-check-report";
      out.hidden = true;
      out.textContent = JSON.stringify(found);
      document.body.appendChild(out);
    });
  }
  // Only when the check asks (?site-check): its screenshots show the page as a reader opens it.
  if (/[?&]site-check\b/.test(location.search)) {
    window.addEventListener("load", function () { setTimeout(report, 5000); });
  }
})();
