// Typesets the chapters' math on every page of the site. The chapters write math as GitHub
// reads it, $...$ and $$...$$; Scripts/make-catalog.py hands it to DocC as code spans that keep
// their dollars (DocC's markdown leaves code alone), and this script renders each such span
// with KaTeX (Debian's libjs-katex, copied into the site by Scripts/build-site: no network).
//
// DocC builds its pages in the browser with Vue and patches them in place (a quiz shows another
// explanation by changing the text of the elements it has), so the rendering never replaces what
// DocC owns: it is a span added inside the code element, whose own text is hidden (font size 0)
// and watched; when DocC changes that text, the span is rendered again from it. An equation
// KaTeX cannot read is left as it was, dollars and all, which the browser check reports.
(function () {
  "use strict";
  var MATH = /^(\$\$?)([^$][\s\S]*?)\1$/;

  // The text DocC put in a code span, without our rendering.
  function source(code) {
    var text = "";
    code.childNodes.forEach(function (node) {
      if (!(node.classList && node.classList.contains("math-rendered"))) text += node.textContent;
    });
    return text;
  }

  function render(code) {
    if (code.closest("pre")) return;  // code listings stay code
    var tex = source(code);
    var match = tex.match(MATH);
    var old = code.querySelector(":scope > .math-rendered");
    if (old && old.dataset.tex === tex) return;
    if (old) old.remove();
    code.classList.remove("math", "math-display", "math-error");
    if (!match) return;
    var span = document.createElement("span");
    span.className = "math-rendered";
    span.dataset.tex = tex;
    try {
      katex.render(match[2], span, { displayMode: match[1] === "$$", throwOnError: true });
    } catch (error) {
      code.classList.add("math-error");
      code.title = String(error);
      return;
    }
    span.style.fontSize = getComputedStyle(code.parentElement).fontSize;
    code.classList.add("math");
    if (match[1] === "$$") code.classList.add("math-display");
    code.appendChild(span);
  }

  function typeset(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    if (!element || element.closest(".math-rendered")) return;  // our own rendering
    var code = element.closest("code");
    if (code) return render(code);
    element.querySelectorAll("code").forEach(render);
  }

  function start() {
    typeset(document.body);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        typeset(change.target);
        change.addedNodes.forEach(typeset);
      });
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
