/* Enhancements only: every page works without this file.
   - "Exit this page": the button and Shift pressed three times replace this page with a neutral one,
     so Back does not return here (the GOV.UK Exit this page behaviour).
   - "Copy link" and "Copy citation" buttons on action pages, and one "Copy link to sub-item" with a choice of sub-item.
   - The printed address of the page.
   - On the progress record, a note where a deadline has passed by the reader's date.
   - In the footer, where the page was built long before the reader's date, both dates.
   No cookies, no storage, no requests. */
(function () {
  "use strict";

  var doc = document;
  var exitButton = doc.querySelector(".js-exit-this-page");
  var exitStatus = doc.querySelector(".exit-this-page__status");
  var exiting = false;

  function exitPage() {
    if (exiting || !exitButton) { return; }
    exiting = true;
    var overlay = doc.createElement("div");
    overlay.className = "exit-this-page__overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = "Loading.";
    doc.body.appendChild(overlay);
    doc.body.classList.add("exit-this-page--exiting");
    doc.title = "Loading";
    window.location.replace(exitButton.href);
  }

  if (exitButton) {
    exitButton.addEventListener("click", function (event) {
      event.preventDefault();
      exitPage();
    });
    /* Space activates a role="button" link, as it would a real button. */
    exitButton.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); exitPage(); }
    });

    var presses = 0;
    var timer = null;
    var say = function (text) { if (exitStatus) { exitStatus.textContent = text; } };
    doc.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") {
        return;
      }
      presses += 1;
      clearTimeout(timer);
      if (presses >= 3) {
        presses = 0;
        say("Exiting this page.");
        exitPage();
        return;
      }
      say("Shift, press " + (3 - presses) + " more time" + (presses === 2 ? "" : "s") + " to exit.");
      timer = setTimeout(function () { presses = 0; say("Exit this page expired."); }, 5000);
    });
    /* Another key between the presses starts the count again, as typing capitals must not exit. */
    doc.addEventListener("keydown", function (event) {
      if (event.key !== "Shift") { presses = 0; }
    });
    /* Coming back through the back-forward cache: show the page again. */
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) { return; }
      exiting = false;
      doc.body.classList.remove("exit-this-page--exiting");
      var old = doc.querySelector(".exit-this-page__overlay");
      if (old) { old.parentNode.removeChild(old); }
    });
  }

  /* Copy buttons: data-copy-from names the element whose link or text is copied. */
  var status = doc.querySelector(".share__status");
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = doc.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      doc.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
      doc.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }
  Array.prototype.forEach.call(doc.querySelectorAll(".js-copy"), function (button) {
    var source = doc.getElementById(button.getAttribute("data-copy-from"));
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.tagName === "A" ? source.href : source.textContent.replace(/\s+/g, " ").trim();
      var what = source.tagName === "A" ? "Link" : "Citation";
      copyText(text).then(function () {
        if (status) { status.textContent = what + " copied."; }
      }, function () {
        if (status) { status.textContent = what + " could not be copied; select it and copy it yourself."; }
      });
    });
  });

  /* Sub-items have anchors (#12e-iii). One control in the share block copies the link to the one
     chosen, rather than a button after every sub-item interrupting the action's list (issue 23). */
  var subitems = Array.prototype.slice.call(doc.querySelectorAll(".action__text .action__subitems > li[id]"));
  var shareButtons = doc.querySelector(".share__buttons");
  if (subitems.length && shareButtons) {
    var row = doc.createElement("p"), label = doc.createElement("label"), select = doc.createElement("select");
    var copy = doc.createElement("button");
    row.className = "share__subitem";
    select.id = "share-subitem";
    select.className = "share__subitem-select";
    label.setAttribute("for", select.id);
    label.textContent = "Link to a sub-item: ";
    subitems.forEach(function (item) {
      var option = doc.createElement("option");
      option.value = item.id;
      option.textContent = item.id.slice(item.id.lastIndexOf("-") + 1);
      select.appendChild(option);
    });
    copy.type = "button";
    copy.className = "button button--secondary share__subitem-copy";
    copy.textContent = "Copy link to sub-item";
    copy.addEventListener("click", function () {
      var id = select.value, numeral = id.slice(id.lastIndexOf("-") + 1);
      var url = window.location.origin + window.location.pathname + "#" + id;
      copyText(url).then(function () {
        if (status) { status.textContent = "Link to sub-item " + numeral + " copied."; }
      }, function () {
        if (status) { status.textContent = "The link could not be copied; it is " + url; }
      });
    });
    row.appendChild(label);
    row.appendChild(select);
    row.appendChild(doc.createTextNode(" "));
    row.appendChild(copy);
    shareButtons.parentNode.insertBefore(row, shareButtons.nextSibling);
  }

  /* Where the site is built without an absolute address (a local preview), show and print the
     full address the reader would share, not just its path. */
  Array.prototype.forEach.call(doc.querySelectorAll(".js-absolute-url"), function (el) {
    if (el.textContent.charAt(0) === "/") {
      el.textContent = window.location.origin + el.textContent;
    }
  });

  /* The progress record speaks as of its review date; the build never reads a clock. Where a
     deadline it lists as ahead has passed by the reader's own date, show the note beside it. */
  var now = new Date();
  var today = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map(function (n) { return (n < 10 ? "0" : "") + n; }).join("-");
  Array.prototype.forEach.call(doc.querySelectorAll(".js-date-passed[data-ends]"), function (el) {
    if (el.getAttribute("data-ends") < today) { el.hidden = false; }
  });

  /* Every page reads its dates as of the day it was built (the footer says which). Where that
     was more than a fortnight before the reader's own date, say both: the page may be stale. */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  Array.prototype.forEach.call(doc.querySelectorAll(".js-as-of-today[data-as-of]"), function (el) {
    var parts = el.getAttribute("data-as-of").split("-").map(Number);
    var built = Date.UTC(parts[0], parts[1] - 1, parts[2]);
    var local = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    if ((local - built) / 86400000 > 14) {
      el.textContent = " These dates were read as of " + el.getAttribute("data-as-of-words") + "; today is " +
        now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear() + ".";
      el.hidden = false;
    }
  });

  // Printing: the plan's words beside each fact print expanded (issue 23, item 7). site.css does it
  // with ::details-content; here, for browsers without it, the folded ones open for the print and
  // close again after.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(doc.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      openedForPrint.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });
})();
