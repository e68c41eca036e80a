/* Citable parts of Kế hoạch số 32-KH/ĐU: a small button after each part opens a panel to copy a
 * link to it and the citation in words. The words come from data, written into the page as JSON
 * (#kh-citations) at build time. Everything added carries the class kh-extra: it is not the plan's
 * text. No inline script, no request to another host. */
(function () {
  "use strict";

  var LINK_ICON = "M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7a5 5 0 0 0-5 5 5 5 0 0 0 5 5h4v-1.9H7c-1.71 " +
    "0-3.1-1.39-3.1-3.1M8 13h8v-2H8zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4a5 " +
    "5 0 0 0 5-5 5 5 0 0 0-5-5";
  var SVG_NS = "http://www.w3.org/2000/svg";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function icon() {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", LINK_ICON);
    svg.appendChild(path);
    return svg;
  }

  /* The page's published address when the site's address is known (mkdocs.yml site_url, written by
   * partials/reading-citations.html), else the address it was opened at, without query (search adds
   * ?h=…) or fragment; file:// works too (offline copy). */
  var pageAddress = location.href.split(/[?#]/)[0];

  function linkTo(id) {
    return pageAddress + "#" + id;
  }

  /* What "Sao chép trích dẫn" copies: the citation in words, then its link, so that the message pasted
   * into a chat opens the part. */
  function citationWithLink(item) {
    return item.words + ": " + linkTo(item.id);
  }

  /* The clipboard API needs a secure context (https or 127.0.0.1); elsewhere fall back to a
   * selected textarea. Resolves true when the text was copied. */
  function copy(text) {
    function fallback() {
      var area = element("textarea", "kh-extra kh-cite__scratch");
      area.value = text;
      area.setAttribute("readonly", "");
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      document.body.removeChild(area);
      return done;
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, fallback);
    }
    return Promise.resolve(fallback());
  }

  function addControls(target, item) {
    var panelId = "kh-cite-" + item.id;
    var toggle = element("button", "kh-extra kh-cite__toggle");
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", panelId);
    toggle.setAttribute("aria-label", "Trích dẫn " + item.label);
    toggle.title = "Trích dẫn " + item.label;
    toggle.appendChild(icon());

    var panel = element("span", "kh-extra kh-cite");
    panel.id = panelId;
    panel.hidden = true;
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", "Trích dẫn " + item.label);
    var words = element("span", "kh-cite__words", item.words);
    var link = element("a", "kh-cite__link", linkTo(item.id));
    link.href = "#" + item.id;
    var actions = element("span", "kh-cite__actions");
    var copyLink = element("button", "kh-cite__copy", "Sao chép liên kết");
    copyLink.type = "button";
    copyLink.setAttribute("data-kh-copy", "link");
    var copyWords = element("button", "kh-cite__copy", "Sao chép trích dẫn");
    copyWords.type = "button";
    copyWords.setAttribute("data-kh-copy", "words");
    var status = element("span", "kh-cite__status");
    status.setAttribute("role", "status");
    actions.appendChild(copyLink);
    actions.appendChild(copyWords);
    panel.appendChild(words);
    panel.appendChild(link);
    panel.appendChild(actions);
    panel.appendChild(status);

    function show(open) {
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (!open) status.textContent = "";
    }
    toggle.addEventListener("click", function () { show(panel.hidden); });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { show(false); toggle.focus(); }
    });
    function copyAndSay(text, done) {
      return function () {
        copy(text).then(function (ok) {
          status.textContent = ok ? done : "Không sao chép được; đề nghị chọn và sao chép thủ công.";
        });
      };
    }
    copyLink.addEventListener("click", function () {
      copyAndSay(linkTo(item.id), "Đã sao chép liên kết.")();
    });
    copyWords.addEventListener("click", function () {
      copyAndSay(citationWithLink(item), "Đã sao chép trích dẫn kèm liên kết.")();
    });

    target.appendChild(toggle);
    target.appendChild(panel);
  }

  /* Above a page heading that is a numbered item (II.1), its full number in the plan. */
  function addNumber(heading, item) {
    var number = element("p", "kh-extra kh-number", item.label);
    heading.parentNode.insertBefore(number, heading);
  }

  function setup() {
    var data = document.getElementById("kh-citations");
    var article = document.querySelector("article");
    if (!data || !article) return;
    var items;
    try { items = JSON.parse(data.textContent); } catch (error) { return; }
    var published = data.getAttribute("data-page-url");
    if (published && /^https?:\/\//.test(published) && location.protocol !== "file:") pageAddress = published;
    items.forEach(function (item) {
      var target = document.getElementById(item.id);
      if (!target || !article.contains(target) || target.querySelector(".kh-cite")) return;
      if (target.tagName === "H1" && item.kind === "item") addNumber(target, item);
      addControls(target, item);
    });
  }

  /* "Mốc thời gian": the subscription button becomes a webcal:// address (one tap on a phone asks to
   * subscribe), made from the calendar's own address as the page was opened; served from disk (file://)
   * or without this script it stays the plain https link, as does the download button beside it. */
  function calendarSubscription() {
    var link = document.getElementById("kh-calendar-subscribe");
    if (!link || !/^https?:$/.test(location.protocol)) return;
    link.href = link.href.replace(/^https?:/, "webcal:");
  }

  function start() {
    setup();
    calendarSubscription();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
