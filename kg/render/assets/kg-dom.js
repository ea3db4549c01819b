/* alliance-kg pages: the DOM helpers both page scripts (kg-network.js, kg-flows.js) use, loaded
 * before them. No HTML is ever built from data: every text goes through textContent, and only
 * http(s) links become href. */
(function () {
  "use strict";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function isHttp(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url);
  }

  function linkOrText(url, text) {
    if (isHttp(url)) {
      var a = el("a", text);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
      return a;
    }
    return el("span", text);
  }

  /* vis-network options of an edge in a status phase, from the payload's phaseLooks table
   * (kg.render.style.PHASE_LOOK: dashed while talks, faded once ended). */
  function edgeLook(looks, phase, colour) {
    var look = looks[phase] || looks.agreed;
    return {
      color: { color: colour, highlight: colour, hover: colour, opacity: look.opacity },
      dashes: look.dashes
    };
  }

  window.kgDom = { el: el, linkOrText: linkOrText, edgeLook: edgeLook };
})();
