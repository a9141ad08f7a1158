/* The menu button of a narrow screen: opens and closes the main menu.
 *
 * Loaded in <head> without defer, so the page is marked as scripted ("js" on <html>)
 * before it is drawn: the stylesheet folds the menu away only then, and without
 * JavaScript the menu simply stays open. No inline script or handler anywhere, so a
 * Content Security Policy may forbid them. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUp() {
    var button = document.querySelector("[data-menu-toggle]");
    if (!button) {
      return;
    }
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) {
      return;
    }
    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      setOpen(!isOpen());
    });
    // Escape closes the open menu and puts the focus back on its button.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) {
        setOpen(false);
        button.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
